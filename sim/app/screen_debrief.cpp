// Debrief: the score and why. Critical errors first, then a bar per criterion with the rubric's
// anchor for the level reached, then turn-by-turn evidence, the path beside the best path, and the
// transcript.
#include "ui.hpp"

#include "core/standards.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace simdesk::app {

namespace {

/// A combo of the card's criteria, each with its level as scored; returns the one picked this frame.
const CriterionResult* pickCriterion(FrameContext& ctx, const ScoreCard& card, const char* comboId, const std::string& probePrefix,
                                     std::string& criterionId) {
    const CriterionResult* current = nullptr;
    const CriterionResult* chosen = nullptr;
    for (const auto& c : card.criteria)
        if (c.id == criterionId) current = &c;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 420 * ctx.scale));
    if (ImGui::BeginCombo(comboId, current ? current->title.c_str() : "Pick a criterion")) {
        for (const auto& c : card.criteria) {
            char label[160];
            if (c.applicable) std::snprintf(label, sizeof label, "%s (scored %d of %d)", c.title.c_str(), c.level, c.levels - 1);
            else std::snprintf(label, sizeof label, "%s (scored N/A)", c.title.c_str());
            if (ImGui::Selectable(label, c.id == criterionId)) {
                criterionId = c.id;
                chosen = &c;
            }
            probe(ctx, probePrefix + ":" + c.id);
        }
        ImGui::EndCombo();
    }
    return chosen;
}

void drawVerdict(AppModel& model, FrameContext& ctx) {
    const DebriefState& d = model.debrief();
    const ScoreCard& card = d.card;
    char details[512];
    std::snprintf(details, sizeof details, "%s · needs %.0f%% · %s mode · rubric: %s", d.scenarioTitle.c_str(), card.threshold,
                  d.mode.c_str(), d.rubricTitle.c_str());
    std::string outcome = "Outcome: " + (card.outcome.empty() ? std::string(resolutionName(card.resolution)) : card.outcome);
    // The official score has reviewers' re-ratings applied; the scorer's own stays in sight.
    if (card.automaticPercent) {
        char automatic[128];
        std::snprintf(automatic, sizeof automatic, "\nOfficial score, re-rated by a reviewer · automatic score %s (%s)",
                      scoreText(*card.automaticPercent).c_str(), card.automaticPassed.value_or(false) ? "passed" : "not passed");
        outcome += automatic;
    }
    // The verdict's text wraps beside the buttons, never under them, and the card grows to fit it.
    const float actionsWidth = 330 * ctx.scale;
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 padding = cardPadding(ctx);
    float textWidth = ImGui::GetContentRegionAvail().x - actionsWidth - padding.x * 2 - style.CellPadding.x * 4;
    float largeLine = ctx.largeFont ? ctx.largeFont->FontSize : ImGui::GetTextLineHeight();
    float height = largeLine + ImGui::CalcTextSize(details, nullptr, false, textWidth).y +
                   ImGui::CalcTextSize(outcome.c_str(), nullptr, false, textWidth).y + style.ItemSpacing.y * 3 + padding.y * 2 +
                   style.CellPadding.y * 2;
    if (!beginCard(ctx, "verdict", ImVec2(0, height)) || !ImGui::BeginTable("verdict-layout", 2)) return endCard();
    ImGui::TableSetupColumn("verdict", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthFixed, actionsWidth);
    ImGui::TableNextColumn();
    if (ctx.largeFont) ImGui::PushFont(ctx.largeFont);
    ImGui::TextColored(card.passed ? ctx.palette.good : ctx.palette.bad, "%s  %s", card.passed ? "PASSED" : "NOT PASSED",
                       scoreText(card.finalPercent).c_str());
    if (ctx.largeFont) ImGui::PopFont();
    mutedText(ctx, "%s", details);
    ImGui::TextWrapped("%s", outcome.c_str());
    ImGui::TableNextColumn();
    if (d.bestPossible) mutedText(ctx, "Best possible on this scenario: %s", scoreText(*d.bestPossible).c_str());
    const bool others = model.reviewingOthers();
    if (others) {
        // A coaching review of someone else's conversation: nothing here to retry.
        ImGui::Text("%s's session #%lld", d.traineeName.c_str(), static_cast<long long>(d.sessionId));
        if (primaryButton(ctx, "Back to calibration")) model.showReviews();
    } else {
        if (primaryButton(ctx, "Retry  (R)")) model.retry(ctx.clock);
        probe(ctx, "retry");
        ImGui::SameLine();
        if (ImGui::Button("Library")) model.showLibrary();
        probe(ctx, "debrief-library");
        ImGui::SameLine();
        if (ImGui::Button("My tracks")) model.showTracks(ctx.clock);
    }
    ImGui::EndTable();
    endCard();
    if (!others && !ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed('R', false)) model.retry(ctx.clock);
}

/// A reviewer's panel on another person's debrief: re-rate a criterion (the automatic score stays
/// beside it) and leave the trainee a coaching plan.
void drawCoachingReview(AppModel& model, FrameContext& ctx) {
    const DebriefState& d = model.debrief();
    CoachingDraft& draft = model.coachingDraft();
    heading(ctx, "Re-rate a criterion");
    mutedText(ctx, "Your level is kept beside the automatic one, with your reason; %s sees both on this debrief.", d.traineeName.c_str());
    if (const CriterionResult* chosen = pickCriterion(ctx, d.card, "##criterion", "rerate", draft.criterionId))
        draft.level = chosen->applicable ? chosen->level : -1;
    probe(ctx, "rerate-criterion");
    const CriterionResult* picked = nullptr;
    for (const auto& c : d.card.criteria)
        if (c.id == draft.criterionId) picked = &c;
    if (picked) {
        const Criterion* rubricCriterion = model.play().rubric ? model.play().rubric->findCriterion(picked->id) : nullptr;
        ImGui::Indent();
        for (int level = 0; level < picked->levels; ++level) {
            char label[32];
            std::snprintf(label, sizeof label, "%d##rerate%d", level, level);
            ImGui::RadioButton(label, &draft.level, level);
            probe(ctx, "rerate-level:" + std::to_string(level));
            if (rubricCriterion) {
                ImGui::SameLine();
                ImGui::PushTextWrapPos(0);
                ImGui::TextUnformatted(rubricCriterion->anchor(level).c_str());
                ImGui::PopTextWrapPos();
            }
        }
        ImGui::Unindent();
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##reason", "Why (required): what in the conversation earned this level", &draft.reason);
        probe(ctx, "rerate-reason");
        if (primaryButton(ctx, "Save re-rating")) model.saveReRating(ctx.clock);
        probe(ctx, "rerate-save");
    }
    ImGui::Spacing();
    ImGui::Separator();
    heading(ctx, "Coaching plan");
    mutedText(ctx, "What %s should practise next, and how. It appears on their My tracks screen to acknowledge.", d.traineeName.c_str());
    ImGui::InputTextMultiline("##plan", &draft.plan, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
    probe(ctx, "plan-text");
    if (primaryButton(ctx, "Send plan")) model.sendCoachingPlan(ctx.clock);
    probe(ctx, "plan-send");
}

void drawDisputeRow(const FrameContext& ctx, const DisputeRow& row) {
    const ImVec4 colour = row.status == "open" ? ctx.palette.accent : row.status == "overturned" ? ctx.palette.good : ctx.palette.muted;
    pill(row.status.c_str(), colour);
    ImGui::SameLine();
    ImGui::TextWrapped("%s · opened %s by %s", row.criterionTitle.c_str(), row.openedOn.c_str(), row.trainee.c_str());
    ImGui::PushTextWrapPos(0);
    mutedText(ctx, "%s", row.reason.c_str());
    if (row.status != "open") {
        std::string settled = row.status + " by " + row.resolvedBy;
        if (row.level) settled += ", re-rated to level " + std::to_string(*row.level);
        ImGui::TextUnformatted((settled + ": " + row.resolution).c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::Separator();
}

/// The trainee's own stored session: dispute a criterion's score; everyone sees the history.
void drawDisputes(AppModel& model, FrameContext& ctx) {
    const DebriefState& d = model.debrief();
    if (model.canDispute()) {
        DisputeDraft& draft = model.disputeDraft();
        heading(ctx, "Dispute a score");
        mutedText(ctx, "If a criterion's level is wrong, say what in the conversation earned a different one. A reviewer or "
                       "lead upholds it or overturns it (which changes your official score), with a reason you read here.");
        (void)pickCriterion(ctx, d.card, "##dispute-criterion", "dispute", draft.criterionId);
        probe(ctx, "dispute-criterion");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##dispute-reason", "Why (required): what in the conversation earned a different level", &draft.reason);
        probe(ctx, "dispute-reason");
        if (primaryButton(ctx, "Send dispute")) model.sendDispute(ctx.clock);
        probe(ctx, "dispute-send");
        ImGui::Spacing();
    }
    heading(ctx, "Disputes on this session");
    if (d.disputes.empty()) mutedText(ctx, "None.");
    for (const auto& row : d.disputes) drawDisputeRow(ctx, row);
}

void drawCriticalErrors(AppModel& model, FrameContext& ctx) {
    const ScoreCard& card = model.debrief().card;
    if (card.criticalErrors.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.bad);
    ImGui::Text("Critical error%s — %s", card.criticalErrors.size() == 1 ? "" : "s",
                card.criticalRule == CriticalRule::ZeroScore ? "the score is set to 0" : "the attempt fails whatever the score");
    ImGui::PopStyleColor();
    for (const auto& e : card.criticalErrors) {
        ImGui::Bullet();
        ImGui::TextWrapped("Turn %d: %s", e.turn, e.reason.c_str());
        if (!e.explanation.empty()) {
            ImGui::Indent(ImGui::GetTreeNodeToLabelSpacing());
            mutedText(ctx, "%s", e.explanation.c_str());
            ImGui::Unindent(ImGui::GetTreeNodeToLabelSpacing());
        }
    }
    ImGui::Separator();
}

void drawFailedTypedTurns(AppModel& model, FrameContext& ctx) {
    auto failed = model.debrief().card.failedTypedTurns();
    if (failed.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.bad);
    ImGui::TextWrapped("Typed repl%s that failed — the attempt fails", failed.size() == 1 ? "y" : "ies");
    ImGui::PopStyleColor();
    mutedText(ctx, "%s", kTypedTurnRule);
    for (const TypedTurnCheck* t : failed) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", describeFailedTurn(*t).c_str());
        if (!t->noSubstance.empty()) continue;
        ImGui::Indent(ImGui::GetTreeNodeToLabelSpacing());
        for (const auto& point : t->missedPoints) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", point.c_str());
        }
        ImGui::Unindent(ImGui::GetTreeNodeToLabelSpacing());
    }
    ImGui::Separator();
}

void drawCriteria(AppModel& model, FrameContext& ctx) {
    const ScoreCard& card = model.debrief().card;
    if (!ImGui::BeginTable("criteria", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable))
        return;
    ImGui::TableSetupColumn("Criterion", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("Score", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("What the level reached means", ImGuiTableColumnFlags_WidthStretch, 2.4f);
    ImGui::TableHeadersRow();
    for (const auto& c : card.criteria) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        textWordsOrEllipsis(c.title + (c.critical ? "  (critical)" : ""));
        char section[160];
        std::snprintf(section, sizeof section, "%s · weight %g", c.sectionTitle.c_str(), c.weight);
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.muted);
        textWordsOrEllipsis(section);
        ImGui::PopStyleColor();
        ImGui::TableNextColumn();
        if (!c.applicable) {
            mutedText(ctx, "N/A — nothing in this conversation rated it");
            continue;
        }
        char overlay[48];
        std::snprintf(overlay, sizeof overlay, "level %d of %d · %.0f%%", c.level, c.levels - 1, c.fraction * 100);
        scoreBar(ctx, static_cast<float>(c.fraction), overlay);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%zu rating%s of this criterion in the conversation average %s of its top level (%d).\n"
                              "The level shown is that average rounded to the nearest level; the score counts\n"
                              "the average, %s of the criterion's weight (%g).",
                              c.evidence.size(), c.evidence.size() == 1 ? "" : "s", scoreText(c.fraction * 100).c_str(), c.levels - 1,
                              scoreText(c.fraction * 100).c_str(), c.weight);
        ImGui::TableNextColumn();
        textWrappedWords(c.anchor);
    }
    ImGui::EndTable();
}

/// "+ Empathy 4/4", coloured by how much of the criterion it earned; beside the previous one when it fits.
void drawEvidenceLevel(const FrameContext& ctx, const DebriefTurn::Line& line, bool besidePrevious) {
    char label[160];
    std::snprintf(label, sizeof label, "%s %s: level %d of %d", line.gained ? "+" : "−", line.criterion.c_str(), line.level,
                  line.maxLevel);
    if (besidePrevious) {
        ImGui::SameLine(0, 24 * ctx.scale);
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(label).x) ImGui::NewLine();
    }
    ImGui::TextColored(line.gained ? ctx.palette.good : line.level == 0 ? ctx.palette.bad : ctx.palette.warn, "%s", label);
}

/// What reviewers and coaches added after the conversation, as the trainee reads it in a review.
void drawReviewerFeedback(AppModel& model, FrameContext& ctx) {
    const auto& feedback = model.debrief().feedback;
    if (feedback.empty()) return;
    ImGui::TextColored(ctx.palette.accent, "%s", model.reviewingOthers() ? "From reviewers" : "From your reviewers");
    for (const auto& f : feedback) {
        ImGui::Bullet();
        if (f.criterionTitle.empty()) {
            ImGui::TextWrapped("%s, %s: %s", f.author.c_str(), f.date.c_str(), f.text.c_str());
            continue;
        }
        std::string automatic = f.automaticLevel ? " (automatic: level " + std::to_string(*f.automaticLevel) + ")" : "";
        ImGui::TextWrapped("%s, %s, re-rated %s: level %d of %d%s", f.author.c_str(), f.date.c_str(), f.criterionTitle.c_str(),
                           f.level, f.maxLevel, automatic.c_str());
        ImGui::Indent(ImGui::GetTreeNodeToLabelSpacing());
        mutedText(ctx, "\"%s\"", f.text.c_str());
        ImGui::Unindent(ImGui::GetTreeNodeToLabelSpacing());
    }
    ImGui::Separator();
}

void drawTurns(AppModel& model, FrameContext& ctx) {
    for (const auto& t : model.debrief().turns) {
        ImGui::PushID(t.turn);
        ImGui::TextColored(ctx.palette.accent, "Turn %d", t.turn);
        ImGui::SameLine();
        mutedText(ctx, "%s", t.prompt.c_str());
        ImGui::Indent();
        ImGui::TextWrapped("%s %s", t.typed ? "You wrote:" : "You chose:", t.yours.c_str());
        if (t.onTime) {
            ImGui::TextColored(*t.onTime ? ctx.palette.good : ctx.palette.bad, "%s (%s)",
                               *t.onTime ? "Within the response-time standard" : "Slower than the standard",
                               formatDuration(t.seconds).c_str());
        }
        // A choice usually rates several criteria for one reason: the levels go on one line and the
        // reason is said once.
        for (size_t first = 0; first < t.lines.size();) {
            size_t end = first + 1;
            while (end < t.lines.size() && t.lines[end].text == t.lines[first].text && t.lines[end].quote == t.lines[first].quote)
                ++end;
            for (size_t i = first; i < end; ++i) drawEvidenceLevel(ctx, t.lines[i], i > first);
            const DebriefTurn::Line& line = t.lines[first];
            if (!line.quote.empty()) {
                ImGui::SameLine();
                ImGui::TextWrapped("for \"%s\"", line.quote.c_str());
            }
            if (!line.text.empty()) mutedText(ctx, "%s", line.text.c_str());
            ImGui::Spacing();
            first = end;
        }
        ImGui::Unindent();
        ImGui::Separator();
        ImGui::PopID();
    }
}

void drawPaths(AppModel& model, FrameContext& ctx) {
    const DebriefState& d = model.debrief();
    if (!ImGui::BeginTable("paths", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable))
        return;
    ImGui::TableSetupColumn("Your path");
    ImGui::TableSetupColumn("Best path");
    ImGui::TableHeadersRow();
    // Step by step in one row each, so your move and the best one at the same step sit side by side.
    size_t steps = std::max(d.yourPath.size(), d.bestPath.size());
    for (size_t i = 0; i < steps; ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (i < d.yourPath.size()) {
            const PathRow& r = d.yourPath[i];
            mutedText(ctx, "%zu. %s", i + 1, r.where.c_str());
            ImGui::TextColored(r.matchesBest ? ctx.palette.good : ctx.palette.warn, "%s", r.matchesBest ? "= best move" : "≠ differs");
            ImGui::SameLine();
            ImGui::TextWrapped("%s", r.text.c_str());
        }
        ImGui::TableNextColumn();
        if (i < d.bestPath.size()) {
            mutedText(ctx, "%zu. %s", i + 1, d.bestPath[i].where.c_str());
            ImGui::TextWrapped("%s", d.bestPath[i].text.c_str());
        }
    }
    if (d.bestPath.empty()) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(1);
        mutedText(ctx, "No best path could be computed for this scenario.");
    }
    ImGui::EndTable();
}

/// The conversation as Play showed it: wrapped bubbles, measured at the pane's width and drawn only
/// where in view, in a pane of its own that starts at the first message.
void drawTranscript(AppModel& model, FrameContext& ctx) {
    static BubbleLayout layout;
    layout.follow = false;
    const float height = std::max(ImGui::GetContentRegionAvail().y, ImGui::GetTextLineHeightWithSpacing() * 12);
    drawBubbles(ctx, "transcript", model.play().bubbles, layout, ImVec2(0, height));
    probe(ctx, "transcript");
}

} // namespace

void drawDebrief(AppModel& model, FrameContext& ctx) {
    drawVerdict(model, ctx);
    ImGui::BeginChild("debrief-body", ImVec2(0, 0));
    drawCriticalErrors(model, ctx);
    drawFailedTypedTurns(model, ctx);
    drawReviewerFeedback(model, ctx);
    if (ImGui::BeginTabBar("debrief-tabs")) {
        if (ImGui::BeginTabItem("Score by criterion")) {
            drawCriteria(model, ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Turn by turn")) {
            drawTurns(model, ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Your path vs best path")) {
            drawPaths(model, ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Transcript")) {
            drawTranscript(model, ctx);
            ImGui::EndTabItem();
        }
        if (model.canDispute() || !model.debrief().disputes.empty()) {
            bool open = ImGui::BeginTabItem("Disputes");
            probe(ctx, "tab-disputes");
            if (open) {
                drawDisputes(model, ctx);
                ImGui::EndTabItem();
            }
        }
        if (model.reviewingOthers() && model.canReview()) {
            bool open = ImGui::BeginTabItem("Coaching review");
            probe(ctx, "tab-coaching-review");
            if (open) {
                drawCoachingReview(model, ctx);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
}

} // namespace simdesk::app
