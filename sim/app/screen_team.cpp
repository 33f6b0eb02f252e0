// Team (reviewers and leads): every trainee's standing on their certification tracks — levels
// passed, the last day to finish, overdue first — with their latest play and the coaching plans
// they have not acknowledged. What a training lead checks before the week's one-to-ones.
#include "ui.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace simdesk::app {

namespace {

void drawStanding(const FrameContext& ctx, const TrackCard& card) {
    int passed = 0;
    for (const auto& l : card.progress.levels) passed += l.status == LevelStatus::Passed;
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%s · %d of %zu", card.track->title.c_str(), passed, card.progress.levels.size());
    float barWidth = std::min(300 * ctx.scale, ImGui::GetContentRegionAvail().x);
    meterBar(ctx, card.progress.levels.empty() ? 0 : static_cast<float>(passed) / card.progress.levels.size(),
             card.progress.certified ? ctx.palette.good : ctx.palette.accent, overlay, barWidth);
    char status[96];
    ImVec4 colour = ctx.palette.text;
    if (card.progress.certified) {
        std::snprintf(status, sizeof status, "certified · until %s", card.expiresOn.c_str());
        colour = ctx.palette.good;
    } else if (card.daysLeft && *card.daysLeft < 0) {
        std::snprintf(status, sizeof status, "overdue: was due %s", card.dueDate.c_str());
        colour = ctx.palette.bad;
    } else if (card.daysLeft) {
        std::snprintf(status, sizeof status, "due %s · %d day%s left", card.dueDate.c_str(), *card.daysLeft, *card.daysLeft == 1 ? "" : "s");
        if (*card.daysLeft <= 7) colour = ctx.palette.warn;
    } else {
        std::snprintf(status, sizeof status, "no deadline");
        colour = ctx.palette.muted;
    }
    // Beside the bar where the column has room for the whole line, else under it: a due date cut
    // down to "…" told a lead nothing at 150 % text.
    sameLineIfFits(ImGui::CalcTextSize(status).x);
    colouredLine(colour, "%s", status);
}

/// Leads add new hires here: name, first day and tracks; the 30-day clock starts on that day.
void drawAddTrainee(AppModel& model, FrameContext& ctx) {
    if (!model.isLead() || !ImGui::CollapsingHeader("Add a trainee")) return;
    NewTraineeDraft& draft = model.newTraineeDraft();
    ImGui::Indent();
    ImGui::SetNextItemWidth(260 * ctx.scale);
    ImGui::InputTextWithHint("Name##trainee", "e.g. Priya Raman", &draft.name);
    probe(ctx, "trainee-name");
    ImGui::SetNextItemWidth(140 * ctx.scale);
    ImGui::InputTextWithHint("First day (YYYY-MM-DD)##trainee", "2026-12-07", &draft.startDate);
    ImGui::SetNextItemWidth(260 * ctx.scale);
    ImGui::InputTextWithHint("Team (optional)##trainee", "e.g. Night shift", &draft.team);
    probe(ctx, "trainee-team");
    for (const auto& track : model.library().tracks) {
        bool on = std::find(draft.tracks.begin(), draft.tracks.end(), track->id) != draft.tracks.end();
        if (ImGui::Checkbox(track->title.c_str(), &on)) {
            if (on) draft.tracks.push_back(track->id);
            else draft.tracks.erase(std::remove(draft.tracks.begin(), draft.tracks.end(), track->id), draft.tracks.end());
        }
        probe(ctx, "trainee-track:" + track->id);
        sameLineIfFits(ImGui::CalcTextSize("Technical support specialist").x + 40 * ctx.scale);
    }
    ImGui::NewLine();
    if (primaryButton(ctx, "Add trainee")) model.addTrainee(ctx.clock);
    probe(ctx, "trainee-add");
    ImGui::Unindent();
    ImGui::Spacing();
}

/// Leads re-score every session after a rubric change; while it runs, its progress and Cancel.
void drawRescore(AppModel& model, FrameContext& ctx) {
    if (!model.isLead()) return;
    if (model.rescoring()) {
        char overlay[32];
        std::snprintf(overlay, sizeof overlay, "Re-scoring · %.0f %%", 100 * model.rescoreFraction());
        meterBar(ctx, model.rescoreFraction(), ctx.palette.accent, overlay, std::min(300 * ctx.scale, ImGui::GetContentRegionAvail().x));
        ImGui::SameLine();
        if (ImGui::Button("Cancel##rescore")) model.cancelRescore();
        probe(ctx, "rescore-cancel");
        mutedText(ctx, "%s", model.rescoreProgress(ctx.clock).c_str());
        return;
    }
    if (ImGui::Button("Rescore all…")) model.askRescoreAll();
    probe(ctx, "rescore-all");
    noteBesideButton(ctx, "after a rubric change: sessions scored again, old scores kept");
}

/// Leads: "Team…" under a trainee's name opens a small window to move them to another team (or
/// none), as `simdesk people set-team` does.
void drawTeamEdit(AppModel& model, FrameContext& ctx, const TeamRow& row) {
    if (!model.isLead()) return;
    TeamEdit& edit = model.teamEdit();
    if (ImGui::SmallButton(row.team.empty() ? "Set team…" : "Change team…")) {
        edit = {row.name, row.team};
        ImGui::OpenPopup("team-edit");
    }
    probe(ctx, "team-edit:" + row.name);
    if (!ImGui::BeginPopup("team-edit")) return;
    ImGui::Text("%s's team", row.name.c_str());
    ImGui::SetNextItemWidth(240 * ctx.scale);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputTextWithHint("##team", "blank: no team", &edit.team, ImGuiInputTextFlags_EnterReturnsTrue);
    probe(ctx, "team-edit-name");
    if (primaryButton(ctx, "Save") || enter) {
        model.setTraineeTeam(edit.trainee, edit.team);
        ImGui::CloseCurrentPopup();
    }
    probe(ctx, "team-edit-save");
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace

void drawTeam(AppModel& model, FrameContext& ctx) {
    heading(ctx, "Team");
    drawRescore(model, ctx);
    drawAddTrainee(model, ctx);
    const auto& team = model.team();
    if (team.empty()) {
        mutedText(ctx, "No trainees yet. A trainee appears here once they create a profile or are added with `simdesk people add`.");
        return;
    }
    int overdue = 0, waiting = 0;
    for (const auto& row : team) {
        overdue += row.overdue;
        waiting += row.plansWaiting;
    }
    mutedText(ctx, "%zu trainee%s · %d overdue · %d coaching plan%s not yet acknowledged. Overdue trainees first.", team.size(),
              team.size() == 1 ? "" : "s", overdue, waiting, waiting == 1 ? "" : "s");
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("team", 4, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Trainee", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Certification tracks", ImGuiTableColumnFlags_WidthStretch, 2.4f);
    ImGui::TableSetupColumn("Latest play", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Coaching", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableHeadersRow();
    // Rows differ in height (one line per track), so no ImGuiListClipper: it assumes equal rows. A
    // team is tens of people, not thousands.
    for (size_t i = 0; i < team.size(); ++i) {
            const TeamRow& row = team[i];
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(row.overdue ? ctx.palette.bad : ctx.palette.text, "%s", row.name.c_str());
            if (row.team.empty()) mutedLine(ctx, "started %s", row.startDate.c_str());
            else mutedLine(ctx, "team %s · started %s", row.team.c_str(), row.startDate.c_str());
            drawTeamEdit(model, ctx, row);
            ImGui::TableNextColumn();
            if (row.tracks.empty()) mutedLine(ctx, "no tracks");
            for (const auto& card : row.tracks) drawStanding(ctx, card);
            ImGui::TableNextColumn();
            if (row.lastPlayed.empty()) mutedLine(ctx, "not played yet");
            else {
                ImGui::Text("%s", row.lastPlayed.c_str());
                if (row.latestPercent) mutedLine(ctx, "%s · %d session%s", scoreText(*row.latestPercent).c_str(), row.sessions, row.sessions == 1 ? "" : "s");
            }
            ImGui::TableNextColumn();
            if (row.plansWaiting) colouredLine(ctx.palette.warn, "%d plan%s waiting", row.plansWaiting, row.plansWaiting == 1 ? "" : "s");
            else mutedLine(ctx, "up to date");
            ImGui::PopID();
        }
    ImGui::EndTable();
}

} // namespace simdesk::app
