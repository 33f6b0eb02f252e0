// Reviews (reviewers and leads): the "Needs review" queue of typed turns the scorer was unsure of
// or that raised a critical error, and blind calibration rounds. On the left, the queue's entry,
// opening a round on a finished session and picking one; on the right, the queue with a reason box
// and Confirm / Overturn per turn, or the conversation as the trainee had it beside your own
// scorecard while a round is blind, and the agreement report once it is revealed.
#include "ui.hpp"

#include "core/calendar.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace simdesk::app {

namespace {

constexpr float kListWidth = 330;

void drawNewRound(AppModel& model, FrameContext& ctx) {
    ReviewsState& r = model.reviews();
    ImGui::TextUnformatted("Review a finished session");
    if (r.sessions.empty()) {
        mutedText(ctx, "No finished sessions yet: a round grades a conversation a trainee has played to its end.");
        return;
    }
    std::string current = "Pick a session";
    for (const auto& s : r.sessions)
        if (s.id == r.pickedSession) current = s.label;
    ImGui::SetNextItemWidth(-1);
    // The picked session cut with "…" to the combo's width (arrow aside), the whole label on hover.
    const float previewWidth = ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - ImGui::GetStyle().FramePadding.x * 2;
    const std::string preview = ellipsize(current, previewWidth);
    const bool open = ImGui::BeginCombo("##session", preview.c_str());
    if (!open && preview != current && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", current.c_str());
    if (open) {
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(r.sessions.size()));
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
                if (ImGui::Selectable(r.sessions[size_t(i)].label.c_str(), r.sessions[size_t(i)].id == r.pickedSession))
                    r.pickedSession = r.sessions[size_t(i)].id;
        ImGui::EndCombo();
    }
    probe(ctx, "round-session");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##title", "Title, e.g. Week 49 calibration", &r.newTitle);
    probe(ctx, "round-title");
    if (primaryButton(ctx, "Open round (blind)")) model.createRound(r.pickedSession, r.newTitle, ctx.clock);
    probe(ctx, "round-open");
    sameLineIfFits(buttonWidth("Coaching review"));
    // One person's review of the same session: its debrief, with re-rating and a plan.
    if (ImGui::Button("Coaching review") && r.pickedSession) model.openStoredDebrief(r.pickedSession);
    probe(ctx, "coaching-review");
}

/// Leads: a calibration session over a batch: name, deadline, invited graders, and the
/// conversations ticked or sampled (seeded, optionally stratified).
void drawNewSession(AppModel& model, FrameContext& ctx) {
    ReviewsState& r = model.reviews();
    if (!model.isLead() || r.sessions.empty()) return;
    ImGui::Spacing();
    if (r.collapseNewSession) ImGui::SetNextItemOpen(false);  // the session it drafted is open
    r.collapseNewSession = false;
    const bool open = ImGui::CollapsingHeader("Open a calibration session");
    probe(ctx, "session-new");
    if (!open) return;
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##batch-name", "Name, e.g. Week 50", &r.batchName);
    probe(ctx, "session-name");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##batch-deadline", "Last day of grading, YYYY-MM-DD", &r.batchDeadline);
    probe(ctx, "session-last-day");
    ImGui::TextUnformatted("Invite");
    for (const auto& person : model.profiles()) {
        if (person.archived || (person.role != "reviewer" && person.role != "lead")) continue;
        bool on = std::find(r.batchInvited.begin(), r.batchInvited.end(), person.id) != r.batchInvited.end();
        if (ImGui::Checkbox((person.name + "##invite").c_str(), &on)) {
            if (on) r.batchInvited.push_back(person.id);
            else r.batchInvited.erase(std::remove(r.batchInvited.begin(), r.batchInvited.end(), person.id), r.batchInvited.end());
        }
        probe(ctx, "invite:" + person.name);
    }
    ImGui::Checkbox("Graders see each other's grades after submitting their own", &r.batchPeers);
    probe(ctx, "session-peers");
    ImGui::SetNextItemWidth(120 * ctx.scale);
    ImGui::InputInt("sample (0: tick below)", &r.sampleSize);
    r.sampleSize = std::max(0, r.sampleSize);
    if (r.sampleSize > 0) {
        ImGui::SetNextItemWidth(120 * ctx.scale);
        ImGui::InputInt("seed", &r.sampleSeed);
        static const char* strata[] = {"at random", "scenario", "track", "band"};
        int current = r.sampleStratum.empty() ? 0 : r.sampleStratum == "scenario" ? 1 : r.sampleStratum == "track" ? 2 : 3;
        ImGui::SetNextItemWidth(160 * ctx.scale);
        if (ImGui::Combo("across", &current, strata, 4)) r.sampleStratum = current == 0 ? "" : strata[current];
    } else {
        for (const auto& s : r.sessions) {
            bool on = std::find(r.batchPicked.begin(), r.batchPicked.end(), s.id) != r.batchPicked.end();
            if (ImGui::Checkbox((ellipsize(s.label, ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() * 2) + "##pick" +
                                 std::to_string(s.id)).c_str(), &on)) {
                if (on) r.batchPicked.push_back(s.id);
                else r.batchPicked.erase(std::remove(r.batchPicked.begin(), r.batchPicked.end(), s.id), r.batchPicked.end());
            }
            probe(ctx, "pick:" + std::to_string(s.id));
        }
    }
    if (primaryButton(ctx, "Open session (blind)")) model.createCalibrationSession(ctx.clock);
    probe(ctx, "session-open");
}

void drawQueueEntry(AppModel& model, FrameContext& ctx) {
    ReviewsState& r = model.reviews();
    std::string label = "Needs review (" + std::to_string(r.queue.size()) + ")";
    if (ImGui::Selectable(label.c_str(), r.showQueue)) {
        r.showQueue = true;
        r.showDisputes = false;
        r.open.reset();
    }
    probe(ctx, "needs-review");
    mutedText(ctx, r.queue.empty() ? "Nothing waits: every automatic judgement so far was sure, or is decided."
                                   : "Typed turns the scorer was unsure of, or that raised a critical error.");
}

void drawDisputesEntry(AppModel& model, FrameContext& ctx) {
    ReviewsState& r = model.reviews();
    std::string label = "Disputes (" + std::to_string(r.disputes.size()) + ")";
    if (ImGui::Selectable(label.c_str(), r.showDisputes)) {
        r.showDisputes = true;
        r.showQueue = false;
        r.open.reset();
    }
    probe(ctx, "disputes");
    mutedText(ctx, r.disputes.empty() ? "No trainee disputes a score." : "Trainees who dispute a criterion's score.");
}

void drawOpenDispute(AppModel& model, FrameContext& ctx, const DisputeRow& d) {
    ImGui::PushID(static_cast<int>(d.id));
    ImGui::TextWrapped("#%lld · session #%lld · %s · %s", static_cast<long long>(d.id), static_cast<long long>(d.sessionId),
                       d.trainee.c_str(), d.criterionTitle.c_str());
    ImGui::PushTextWrapPos(0);
    mutedText(ctx, "Opened %s: %s", d.openedOn.c_str(), d.reason.c_str());
    ImGui::PopTextWrapPos();
    ReviewsState& r = model.reviews();
    std::string& reason = r.disputeReasons[d.id];
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##reason", "Your reason (required)", &reason);
    probe(ctx, "dispute-reason:" + std::to_string(d.id));
    int& level = r.disputeLevels.try_emplace(d.id, -1).first->second;
    ImGui::TextUnformatted("Overturn to level:");
    for (int l = 0; l < d.levels; ++l) {
        ImGui::SameLine();
        char label[16];
        std::snprintf(label, sizeof label, "%d", l);
        ImGui::RadioButton(label, &level, l);
        probe(ctx, "dispute-level:" + std::to_string(d.id) + ":" + std::to_string(l));
    }
    if (primaryButton(ctx, "Uphold")) model.resolveDispute(d.id, true, ctx.clock);
    probe(ctx, "uphold:" + std::to_string(d.id));
    sameLineIfFits(buttonWidth("Overturn"));
    if (ImGui::Button("Overturn")) model.resolveDispute(d.id, false, ctx.clock);
    probe(ctx, "overturn-dispute:" + std::to_string(d.id));
    sameLineIfFits(buttonWidth("Open debrief"));
    if (ImGui::Button("Open debrief")) model.openStoredDebrief(d.sessionId);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::PopID();
}

void drawDisputeList(AppModel& model, FrameContext& ctx) {
    heading(ctx, "Disputes");
    mutedText(ctx, "Uphold keeps the score; overturn re-rates the criterion, which changes the official score. Either way the "
                   "trainee reads your reason on their debrief.");
    ImGui::Spacing();
    if (model.reviews().disputes.empty()) mutedText(ctx, "No dispute is waiting.");
    for (const auto& d : model.reviews().disputes) drawOpenDispute(model, ctx, d);
}

void drawQueuedTurn(AppModel& model, FrameContext& ctx, const store::QueuedTurn& q) {
    ImGui::PushID(static_cast<int>(q.sessionId * 1000 + q.turn));
    char confidence[16];
    std::snprintf(confidence, sizeof confidence, "%.0f%%", q.confidence * 100);
    ImGui::TextWrapped("#%lld turn %d · %s · %s", static_cast<long long>(q.sessionId), q.turn, q.trainee.c_str(), q.scenarioId.c_str());
    bool critical = std::any_of(q.reasons.begin(), q.reasons.end(), [](const std::string& s) { return s.rfind("critical", 0) == 0; });
    pill(critical ? "critical" : "unsure", critical ? ctx.palette.bad : ctx.palette.accent);
    ImGui::SameLine();
    mutedLine(ctx, "%s · confidence %s", q.mode.c_str(), confidence);
    for (const auto& reason : q.reasons) {
        ImGui::Bullet();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(reason.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::PushTextWrapPos(0);
    mutedText(ctx, "Reply: %s", q.reply.c_str());
    ImGui::PopTextWrapPos();
    std::string& reason = model.reviews().decisionReasons[{q.sessionId, q.turn}];
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##reason", "Your reason (required)", &reason);
    probe(ctx, "decision-reason:" + std::to_string(q.sessionId) + ":" + std::to_string(q.turn));
    if (primaryButton(ctx, "Confirm")) model.decideTurn(q.sessionId, q.turn, "confirmed", ctx.clock);
    probe(ctx, "confirm:" + std::to_string(q.sessionId) + ":" + std::to_string(q.turn));
    sameLineIfFits(buttonWidth("Overturn"));
    if (ImGui::Button("Overturn")) model.decideTurn(q.sessionId, q.turn, "overturned", ctx.clock);
    probe(ctx, "overturn:" + std::to_string(q.sessionId) + ":" + std::to_string(q.turn));
    sameLineIfFits(buttonWidth("Open debrief"));
    if (ImGui::Button("Open debrief")) model.openStoredDebrief(q.sessionId);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::PopID();
}

void drawQueue(AppModel& model, FrameContext& ctx) {
    heading(ctx, "Needs review");
    mutedText(ctx, "The scorer flags typed turns it may have judged wrongly (a claim read as negated, another language, "
                   "many misspellings, or a tone the rules and the learned model read differently) and every typed "
                   "turn with a critical error. Confirm the judgement, or overturn it, "
                   "with a reason: the session's record shows your decision beside the score.");
    ImGui::Spacing();
    if (model.reviews().queue.empty()) mutedText(ctx, "Nothing waits for review.");
    for (const auto& q : model.reviews().queue) drawQueuedTurn(model, ctx, q);
}

void drawRoundList(AppModel& model, FrameContext& ctx) {
    const ReviewsState& r = model.reviews();
    ImGui::TextUnformatted("Rounds");
    if (r.rounds.empty()) mutedText(ctx, "None yet.");
    for (const auto& row : r.rounds) {
        ImGui::PushID(static_cast<int>(row.id));
        bool selected = r.open && r.open->row.id == row.id;
        if (ImGui::Selectable(row.title.c_str(), selected)) model.openRound(row.id);
        probe(ctx, "round:" + std::to_string(row.id));
        mutedLine(ctx, "%s · %s", row.trainee.c_str(), row.scenarioTitle.c_str());
        pill(row.revealed ? "revealed" : "blind", row.revealed ? ctx.palette.good : ctx.palette.accent);
        ImGui::SameLine();
        mutedLine(ctx, "%d grader%s · opened %s", row.graders, row.graders == 1 ? "" : "s", row.createdOn.c_str());
        ImGui::Separator();
        ImGui::PopID();
    }
}

/// Each reviewer across the revealed rounds: how often they agree with their peers, and their lean.
void drawReviewerTrends(const FrameContext& ctx, const ReviewsState& r) {
    if (r.trends.empty()) return;
    ImGui::Spacing();
    ImGui::Text("Reviewers across %d revealed round%s", r.revealedRounds, r.revealedRounds == 1 ? "" : "s");
    for (const auto& t : r.trends) {
        ImGui::TextUnformatted(t.grader.c_str());
        ImGui::SameLine();
        pill(std::string(leanName(t.lean)).c_str(), t.lean == Lean::InLine ? ctx.palette.good : ctx.palette.warn);
        mutedLine(ctx, "%d round%s · agrees %.0f%% · lean %+.0f%%", t.rounds, t.rounds == 1 ? "" : "s", 100 * t.exactAgreement,
                  100 * t.meanLean);
    }
}

/// One criterion of the grader's scorecard: a radio button per level with the rubric's anchor.
void drawDraft(FrameContext& ctx, GradeDraft& d, bool editable, size_t index) {
    ImGui::PushID(d.criterionId.c_str());
    ImGui::TextUnformatted(d.title.c_str());
    if (!d.help.empty()) mutedText(ctx, "%s", d.help.c_str());
    ImGui::Indent();
    if (!editable) ImGui::BeginDisabled();
    for (int level = 0; level < static_cast<int>(d.anchors.size()); ++level) {
        char label[32];
        std::snprintf(label, sizeof label, "%d##%d", level, level);
        ImGui::RadioButton(label, &d.level, level);
        probe(ctx, "grade:" + std::to_string(index) + ":" + std::to_string(level));
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(d.anchors[size_t(level)].c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::RadioButton("Not applicable / not graded", &d.level, -1);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##note", "Why (optional): what in the conversation decided it", &d.note);
    if (!editable) ImGui::EndDisabled();
    ImGui::Unindent();
    ImGui::Spacing();
    ImGui::PopID();
}

/// "Peers: Rui Costa 2 · Tom Berg 1 (why: …)" under a criterion, in a session that shows them.
void drawPeerLevels(FrameContext& ctx, const RoundView& view, const std::string& criterionId) {
    std::string levels;
    for (const auto& g : view.peerGrades)
        if (g.criterionId == criterionId)
            levels += (levels.empty() ? "" : " · ") + g.graderName + " " + std::to_string(g.level) + (g.note.empty() ? "" : " (" + g.note + ")");
    if (levels.empty()) return;
    ImGui::Indent();
    ImGui::PushTextWrapPos(0);
    mutedText(ctx, "Peers: %s", levels.c_str());
    ImGui::PopTextWrapPos();
    probe(ctx, "peer-levels:" + criterionId);
    ImGui::Unindent();
}

void drawScorecard(AppModel& model, FrameContext& ctx, RoundView& view) {
    const bool editable = !view.submitted && !view.row.revealed;
    int graded = 0;
    for (const auto& d : view.drafts) graded += d.level >= 0;
    heading(ctx, "Your scorecard");
    if (editable)
        mutedText(ctx, "Grade the conversation as you would in a QA review. Nobody sees your levels, or you theirs, until the reveal.");
    else if (!view.peerGrades.empty())
        mutedText(ctx, "Your grades are in (%d of %d criteria). This session shows the other graders' levels to those who "
                       "have graded; the agreement figures wait for the reveal.", graded, view.criteria);
    else
        mutedText(ctx, "Your grades are in (%d of %d criteria).", graded, view.criteria);
    ImGui::BeginChild("scorecard", ImVec2(0, editable ? -ImGui::GetFrameHeightWithSpacing() * 1.4f : 0), false);
    for (size_t i = 0; i < view.drafts.size(); ++i) {
        drawDraft(ctx, view.drafts[i], editable, i);
        drawPeerLevels(ctx, view, view.drafts[i].criterionId);
    }
    ImGui::EndChild();
    if (editable) {
        char label[64];
        std::snprintf(label, sizeof label, "Submit %d grade%s", graded, graded == 1 ? "" : "s");
        if (graded == 0) ImGui::BeginDisabled();
        if (primaryButton(ctx, label)) model.submitGrades(ctx.clock);
        probe(ctx, "grades-submit");
        if (graded == 0) {
            ImGui::EndDisabled();
            ImGui::SameLine();
            mutedLine(ctx, "Pick a level on the criteria that apply.");
        }
    }
}

/// A criterion row of the report: the spread of levels as marks on the scale, with who gave which.
void drawAgreementRow(const FrameContext& ctx, const CriterionAgreement& c) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    textWordsOrEllipsis(c.title);
    if (c.disputed) pill("discuss", ctx.palette.warn);
    ImGui::TableNextColumn();
    if (c.marks.empty()) mutedLine(ctx, "not graded");
    std::string levels;
    for (const auto& m : c.marks) levels += (levels.empty() ? "" : " · ") + m.grader + " " + std::to_string(m.level);
    ImGui::TextWrapped("%s", levels.c_str());
    for (const auto& m : c.marks)
        if (!m.note.empty()) mutedText(ctx, "%s: %s", m.grader.c_str(), m.note.c_str());
    ImGui::TableNextColumn();
    if (c.automaticLevel) ImGui::Text("%d of %d", *c.automaticLevel, c.levels - 1);
    else mutedLine(ctx, "N/A");
    ImGui::TableNextColumn();
    if (c.marks.size() >= 2) {
        char overlay[32];
        std::snprintf(overlay, sizeof overlay, "%.0f%% agree", 100 * c.exactAgreement);
        scoreBar(ctx, static_cast<float>(c.exactAgreement), overlay);
    }
}

void drawReport(FrameContext& ctx, const CalibrationReport& report) {
    heading(ctx, "Where the graders agree");
    char overlay[48];
    std::snprintf(overlay, sizeof overlay, "exact agreement %.0f%%", 100 * report.exactAgreement);
    scoreBar(ctx, static_cast<float>(report.exactAgreement), overlay, 300 * ctx.scale);
    if (report.alphaPairable < kMinPairableValues) {
        mutedText(ctx, "Krippendorff's alpha: not enough data (%d grades; %d needed)", report.alphaPairable, kMinPairableValues);
    } else if (report.alpha) {
        const char* reading = *report.alpha >= 0.8 ? "reliable" : *report.alpha >= 0.667 ? "tentative" : "low";
        ImGui::TextColored(*report.alpha >= 0.8 ? ctx.palette.good : *report.alpha >= 0.667 ? ctx.palette.warn : ctx.palette.bad,
                           "Krippendorff's alpha %.2f (%s)", *report.alpha, reading);
    } else {
        mutedText(ctx, "Krippendorff's alpha: not defined (nothing varied)");
    }
    mutedText(ctx, "%d grader pairs compared. Most disputed criteria first; \"discuss\": the grades spread over half the scale or more.",
              report.gradedPairs);
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("agreement", 4, flags)) {
        ImGui::TableSetupColumn("Criterion", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Grades", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("Auto", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn("Agreement", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableHeadersRow();
        for (const auto& c : report.criteria) drawAgreementRow(ctx, c);
        ImGui::EndTable();
    }
    // Per criterion, with the statistic its scale calls for; this round is a batch of one conversation.
    heading(ctx, "Reliability per criterion");
    drawReliability(ctx, report.reliability);
    drawReliabilityExplanations(ctx);
    ImGui::Spacing();
    heading(ctx, "Each grader");
    for (const auto& g : report.graders) {
        ImVec4 colour = g.lean == Lean::InLine ? ctx.palette.good : ctx.palette.warn;
        ImGui::Text("%s", g.grader.c_str());
        ImGui::SameLine();
        pill(std::string(leanName(g.lean)).c_str(), colour);
        ImGui::SameLine();
        char vs[64] = "";
        if (g.versusAutomatic) std::snprintf(vs, sizeof vs, " · %+.0f%% against the automatic score", 100 * *g.versusAutomatic);
        mutedText(ctx, "graded %d of %d · on the group's median %d · lean %+.0f%%%s", g.graded, g.graded + g.missing,
                  g.matchesMedian, 100 * g.leanShare, vs);
    }
}

/// A revealed session's figures over all its conversations: reliability per criterion with the
/// automatic scorer's row, and each grader's alignment with the benchmark.
void drawSessionFigures(FrameContext& ctx, RoundView& view) {
    ImGui::Spacing();
    if (view.jumpToSessionFigures) ImGui::SetScrollHereY(0);
    view.jumpToSessionFigures = false;
    heading(ctx, "Across the session");
    mutedText(ctx, "%d conversations pooled: each one a unit, each grader a rater.", int(view.session->roundIds.size()));
    drawReliability(ctx, view.sessionReliability);
    ImGui::Spacing();
    if (!view.session->benchmarkId) return mutedText(ctx, "No benchmark: a lead marks their grades as the benchmark.");
    drawAlignment(ctx, view.session->benchmarkName, view.alignment);
}

/// Leads, while a session is blind: move its last day of grading later (as `simdesk calibrate
/// session extend`); the model checks the date and says why one is refused.
void drawDeadlineExtension(AppModel& model, FrameContext& ctx) {
    ReviewsState& r = model.reviews();
    const float field = std::max(ImGui::CalcTextSize("YYYY-MM-DD").x + ImGui::GetStyle().FramePadding.x * 2, 130 * ctx.scale);
    ImGui::SetNextItemWidth(field);
    ImGui::InputTextWithHint("##new-deadline", "YYYY-MM-DD", &r.newDeadline);
    probe(ctx, "session-deadline");
    ImGui::SameLine();
    if (ImGui::Button("Extend deadline")) model.extendSessionDeadline(ctx.clock);
    probe(ctx, "session-extend");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Grading then closes at the end of that day (UTC): a day not over yet, after the current deadline.");
}

void drawRound(AppModel& model, FrameContext& ctx, RoundView& view) {
    heading(ctx, view.row.title.c_str());
    mutedText(ctx, "Session #%lld · %s · %s · opened by %s on %s", static_cast<long long>(view.row.sessionId),
              view.row.trainee.c_str(), view.row.scenarioTitle.c_str(), view.row.createdBy.c_str(), view.row.createdOn.c_str());
    if (view.session)
        mutedText(ctx, "Calibration session \"%s\" · conversation %d of %d · grading closes %s · revealed together",
                  view.session->name.c_str(), view.sessionPosition, int(view.session->roundIds.size()),
                  isoDate(view.session->deadline).c_str());
    if (view.session && !view.session->revealedAt && model.isLead()) drawDeadlineExtension(model, ctx);
    if (view.session && model.isLead() && model.profile() && view.session->benchmarkId != model.profile()->id) {
        if (view.session && !view.session->revealedAt) sameLineIfFits(buttonWidth("Make my grades the benchmark"));
        if (ImGui::Button("Make my grades the benchmark")) model.markBenchmark();
        probe(ctx, "session-benchmark");
    } else if (view.session && view.session->benchmarkId) {
        mutedText(ctx, "Benchmark: %s", view.session->benchmarkName.c_str());
    }
    std::string who;
    for (const auto& [name, count] : view.progress) who += (who.empty() ? "" : ", ") + name + " (" + std::to_string(count) + "/" + std::to_string(view.criteria) + ")";
    if (!view.row.revealed) {
        pill("blind", ctx.palette.accent);
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0);
        ImGui::Text("Graded so far: %s", who.empty() ? "nobody" : who.c_str());
        ImGui::PopTextWrapPos();
        if (view.canReveal) {
            sameLineIfFits(buttonWidth("Reveal the grades"));
            bool enough = view.progress.size() >= 2;
            if (!enough) ImGui::BeginDisabled();
            if (ImGui::Button("Reveal the grades")) model.revealRound(ctx.clock);
            probe(ctx, "round-reveal");
            if (!enough) {
                ImGui::EndDisabled();
                ImGui::SameLine();
                mutedLine(ctx, "needs two graders");
            }
        }
    }
    ImGui::Spacing();
    float width = ImGui::GetContentRegionAvail().x;
    static BubbleLayout layout;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    bool sideBySide = width >= 760 * ctx.scale;
    // The report needs the room of its table; a scorecard reads beside more of the conversation.
    float conversationWidth = sideBySide ? width * (view.report ? 0.34f : 0.45f) : width;
    // Stacked (a narrow pane): the conversation keeps a few lines even when the header is tall.
    const float stackedHeight = std::max(ImGui::GetContentRegionAvail().y * 0.4f, ImGui::GetTextLineHeightWithSpacing() * 5);
    drawBubbles(ctx, "round-conversation", view.conversation, layout, ImVec2(conversationWidth, sideBySide ? 0 : stackedHeight));
    if (sideBySide) ImGui::SameLine(0, gap);
    // Stacked under the conversation, a report scrolls with the whole pane: in a pane of its own it
    // would get the few lines the header and the conversation leave (150 % text at 1024×700).
    const bool ownPane = sideBySide || !view.report;
    if (ownPane) ImGui::BeginChild("round-side", ImVec2(0, 0));
    if (view.report) drawReport(ctx, *view.report);
    else drawScorecard(model, ctx, view);
    if (view.report && view.session) drawSessionFigures(ctx, view);
    if (!ownPane) return;
    ImGui::EndChild();
    probe(ctx, "round-side");  // the report's scrolling pane (the end-to-end test scrolls over it)
}

} // namespace

void drawReviews(AppModel& model, FrameContext& ctx) {
    // At most two fifths of a small window (150 % text at 1024 wide): the round or report needs the room.
    if (beginCard(ctx, "round-list", ImVec2(std::min(kListWidth * ctx.scale, ImGui::GetContentRegionAvail().x * 0.4f), 0))) {
        drawQueueEntry(model, ctx);
        ImGui::Spacing();
        drawDisputesEntry(model, ctx);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        drawNewRound(model, ctx);
        drawNewSession(model, ctx);
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        drawRoundList(model, ctx);
        drawReviewerTrends(ctx, model.reviews());
    }
    endCard();
    ImGui::SameLine();
    ImGui::BeginChild("round-detail", ImVec2(0, 0));
    if (model.reviews().showQueue) drawQueue(model, ctx);
    else if (model.reviews().showDisputes) drawDisputeList(model, ctx);
    else if (model.reviews().open) {
        // Each round scrolls on its own: the next conversation's scorecard opens at its first criterion.
        ImGui::PushID(static_cast<int>(model.reviews().open->row.id));
        drawRound(model, ctx, *model.reviews().open);
        ImGui::PopID();
    }
    else {
        heading(ctx, "Calibration");
        mutedText(ctx, "Several reviewers grade the same conversation blind, then see how far they agree and where.");
        mutedText(ctx, "Open a round on a finished session, or pick one on the left.");
    }
    ImGui::EndChild();
}

} // namespace simdesk::app
