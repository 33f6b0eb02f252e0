// My tracks: each certification track's levels with progress, attempts left and the due date
// (counted from the trainee's start date), and the certificate once earned.
#include "ui.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace simdesk::app {

namespace {

ImVec4 statusColour(const FrameContext& ctx, LevelStatus status) {
    switch (status) {
    case LevelStatus::Passed: return ctx.palette.good;
    case LevelStatus::Open: return ctx.palette.accent;
    case LevelStatus::FailedOut: return ctx.palette.bad;
    case LevelStatus::Locked: break;
    }
    return ctx.palette.muted;
}

void drawDue(const FrameContext& ctx, const TrackCard& card, bool compact = false) {
    if (card.progress.certified) {
        if (compact) ImGui::TextColored(ctx.palette.good, "Certified · until %s", card.expiresOn.c_str());
        else ImGui::TextColored(ctx.palette.good, "Certified on %s · valid until %s", card.certifiedOn.c_str(), card.expiresOn.c_str());
    } else if (!card.dueDate.empty() && card.daysLeft) {
        ImVec4 colour = *card.daysLeft < 0 ? ctx.palette.bad : *card.daysLeft <= 7 ? ctx.palette.warn : ctx.palette.text;
        if (*card.daysLeft < 0) ImGui::TextColored(colour, "Overdue: was due %s", card.dueDate.c_str());
        else if (*card.daysLeft == 0) ImGui::TextColored(colour, "Due today (%s)", card.dueDate.c_str());
        else ImGui::TextColored(colour, "Due %s · %d day%s left", card.dueDate.c_str(), *card.daysLeft, *card.daysLeft == 1 ? "" : "s");
    } else {
        mutedText(ctx, card.assigned ? "No deadline" : "Not assigned to you: no deadline");
    }
}

void drawLevel(AppModel& model, FrameContext& ctx, const TrackCard& card, const TrackLevel& level, const LevelProgress& p) {
    ImGui::PushID(level.id.c_str());
    pill(std::string(levelStatusName(p.status)).c_str(), statusColour(ctx, p.status));
    ImGui::SameLine();
    ImGui::Text("%s", level.title.c_str());
    ImGui::SameLine();
    mutedText(ctx, "pass: %.0f%%%s in %s mode · %d attempt%s per scenario", level.passRule.minPercent,
              level.passRule.noCriticalErrors ? " and no critical error" : "", level.passRule.mode.c_str(), level.maxAttempts,
              level.maxAttempts == 1 ? "" : "s");
    if (p.nextAttemptAt) mutedText(ctx, "Cool-down after a failed attempt: next attempt from %s", isoDate(*p.nextAttemptAt).c_str());
    ImGui::Indent();
    for (const auto& s : p.scenarios) {
        ImGui::PushID(s.scenarioId.c_str());
        auto scenario = model.library().findScenario(s.scenarioId);
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(s.passed ? ctx.palette.good : ctx.palette.text, "%s %s", s.passed ? "✓" : "·",
                           scenario ? scenario->title.c_str() : s.scenarioId.c_str());
        char attempts[96];
        if (s.bestPercent)
            std::snprintf(attempts, sizeof attempts, "best %s · %d of %d attempts left", scoreText(*s.bestPercent).c_str(), s.attemptsLeft,
                          s.attemptsUsed + s.attemptsLeft);
        else std::snprintf(attempts, sizeof attempts, "%d attempts left", s.attemptsLeft);
        sameLineIfFits(ImGui::CalcTextSize(attempts).x);
        mutedLine(ctx, "%s", attempts);
        bool canTry = p.status == LevelStatus::Open && !s.passed && s.attemptsLeft > 0 && !p.nextAttemptAt;
        if (canTry) {
            sameLineIfFits(buttonWidth("Take the exam"));
            if (ImGui::SmallButton("Take the exam")) model.startLevelScenario(card.track->id, level.id, s.scenarioId, ctx.clock);
        }
        ImGui::PopID();
    }
    ImGui::Unindent();
    ImGui::PopID();
}

void drawCertificate(AppModel& model, FrameContext& ctx, const TrackCard& card) {
    if (!card.progress.certified) return;
    ImVec2 size;
    ImTextureID texture = ctx.certificateTexture ? ctx.certificateTexture(card.track->id, size) : ImTextureID{};
    if (texture && size.x > 0) {
        float width = std::min(ImGui::GetContentRegionAvail().x, 560 * ctx.scale);
        ImGui::Image(texture, ImVec2(width, width * size.y / size.x));
    }
    // A save dialog: the trainee sees, and may change, where the PNG goes before it is written.
    static std::string savePath;
    if (primaryButton(ctx, "Save certificate as PNG…")) {
        savePath = model.certificateDefaultPath(card.track->id, ctx.exportFolder);
        ImGui::OpenPopup("Save certificate");
    }
    probe(ctx, "save-certificate");
    ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetIO().DisplaySize.x * 0.9f, 640 * ctx.scale), 0));
    if (ImGui::BeginPopupModal("Save certificate", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextUnformatted("Save the certificate as a PNG file:");
        ImGui::SetNextItemWidth(-1);
        bool enter = ImGui::InputText("##certificate-path", &savePath, ImGuiInputTextFlags_EnterReturnsTrue);
        probe(ctx, "certificate-path");
        mutedText(ctx, "A folder that does not exist yet is created.");
        if (primaryButton(ctx, "Save") || enter) {
            model.exportCertificate(card.track->id, savePath, ctx.regularFont, ctx.boldFont);
            ImGui::CloseCurrentPopup();
        }
        probe(ctx, "certificate-save");
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

/// What the trainee's coaches asked of them, newest first, each acknowledged with one click.
void drawCoachingPlans(AppModel& model, FrameContext& ctx) {
    const auto& plans = model.coachingPlans();
    if (plans.empty()) return;
    ImGui::Spacing();
    ImGui::TextUnformatted("From your coaches");
    for (const auto& plan : plans) {
        ImGui::PushID(static_cast<int>(plan.id));
        ImGui::Separator();
        mutedLine(ctx, "%s · %s%s%s", plan.author.c_str(), plan.date.c_str(), plan.scenarioTitle.empty() ? "" : " · ",
                  plan.scenarioTitle.c_str());
        if (plan.sessionId) {  // the play the plan is about, with the coach's re-ratings and notes
            if (ImGui::SmallButton("Open that play's debrief")) model.openStoredDebrief(plan.sessionId);
            probe(ctx, "plan-debrief:" + std::to_string(plan.id));
        }
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(plan.text.c_str());
        ImGui::PopTextWrapPos();
        if (plan.acknowledgedOn.empty()) {
            if (ImGui::SmallButton("Acknowledge")) model.acknowledgePlan(plan.id, ctx.clock);
            probe(ctx, "plan-ack:" + std::to_string(plan.id));
        } else {
            ImGui::TextColored(ctx.palette.good, "Acknowledged %s", plan.acknowledgedOn.c_str());
        }
        ImGui::PopID();
    }
}

} // namespace

void drawTracks(AppModel& model, FrameContext& ctx) {
    const auto& cards = model.trackCards();
    if (cards.empty()) {
        mutedText(ctx, model.profile() ? "No certification track is assigned to this profile." : "Pick a profile to see its tracks.");
        drawCoachingPlans(model, ctx);
        return;
    }
    // Which track is open on the right: a certified one first, so an earned certificate is in view.
    static std::string selected;
    auto found = std::find_if(cards.begin(), cards.end(), [](const TrackCard& c) { return c.track->id == selected; });
    if (found == cards.end()) {
        found = std::find_if(cards.begin(), cards.end(), [](const TrackCard& c) { return c.progress.certified; });
        if (found == cards.end()) found = cards.begin();
        selected = found->track->id;
    }
    if (beginCard(ctx, "track-list", ImVec2(300 * ctx.scale, 0))) {
        for (const auto& card : cards) {
            ImGui::PushID(card.track->id.c_str());
            if (ImGui::Selectable(card.track->title.c_str(), card.track->id == selected)) selected = card.track->id;
            probe(ctx, "track:" + card.track->id);
            drawDue(ctx, card, true);
            int passed = 0;
            for (const auto& l : card.progress.levels) passed += l.status == LevelStatus::Passed;
            char overlay[48];
            std::snprintf(overlay, sizeof overlay, "%d of %zu levels", passed, card.progress.levels.size());
            // Progress, not a grade: the accent colour, never red for "one level so far".
            meterBar(ctx, card.progress.levels.empty() ? 0 : static_cast<float>(passed) / card.progress.levels.size(),
                     card.progress.certified ? ctx.palette.good : ctx.palette.accent, overlay);
            ImGui::Spacing();
            ImGui::Separator();
            ImGui::PopID();
        }
        drawCoachingPlans(model, ctx);
    }
    endCard();
    ImGui::SameLine();
    ImGui::BeginChild("track-detail", ImVec2(0, 0));
    const TrackCard& card = *found;
    heading(ctx, card.track->title.c_str());
    mutedText(ctx, "%s", card.track->description.c_str());
    drawDue(ctx, card);
    ImGui::Spacing();
    drawCertificate(model, ctx, card);
    ImGui::Spacing();
    for (size_t i = 0; i < card.track->levels.size() && i < card.progress.levels.size(); ++i)
        drawLevel(model, ctx, card, card.track->levels[i], card.progress.levels[i]);
    ImGui::EndChild();
}

} // namespace simdesk::app
