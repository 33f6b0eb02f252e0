// `simdesk report session N --pdf FILE`: the coaching report a coach sends a trainee after a
// review — the debrief (score, verdict, critical errors, criteria with their anchors, turn-by-turn
// evidence), the reviewers' re-ratings and notes, the coaching notes and the coaching plan.
#include "cli.hpp"
#include "pdf_document.hpp"
#include "report.hpp"

#include "core/standards.hpp"
#include "store/as_played.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <ostream>

namespace simdesk::cli {

namespace {

std::string levelText(int level, int maxLevel) { return std::to_string(level) + "/" + std::to_string(maxLevel); }

/// Everything the report shows, read through the TrainingStore interface.
struct SessionRecords {
    store::SessionInfo info;
    Transcript transcript;
    std::vector<store::ScoringRun> runs;
    std::vector<store::Review> reviews;
    std::vector<store::TurnReview> decisions;
    std::vector<store::CoachingNote> notes;
    std::vector<store::CoachingPlan> plans;
};

Result<SessionRecords> readSession(store::TrainingStore& store, int64_t id) {
    SessionRecords r;
    auto info = store.session(id);
    if (!info) return info.error();
    r.info = *info;
    auto transcript = store.transcript(id);
    auto runs = store.scoringRuns(id);
    auto reviews = store.reviews(id);
    auto decisions = store.turnReviews(id);
    auto notes = store.coachingNotes(id);
    auto plans = store.coachingPlans(info->personId);
    if (!transcript || !runs || !reviews || !decisions || !notes || !plans)
        return Error{"cannot read session #" + std::to_string(id) + "'s records"};
    r.transcript = *transcript;
    r.runs = *runs;
    r.reviews = *reviews;
    r.decisions = *decisions;
    r.notes = *notes;
    for (const auto& p : *plans)
        if (!p.sessionId || *p.sessionId == id) r.plans.push_back(p);  // plans about this play, or general ones
    return r;
}

void addVerdict(PdfDocument& doc, const ScoreCard& card) {
    doc.heading("Result");
    doc.text(card.verdict());
    if (!card.outcome.empty()) doc.text("Outcome: " + card.outcome + " (" + std::string(resolutionName(card.resolution)) + ")");
    for (const auto& note : card.notes) doc.small("Note: " + note);
    doc.subheading("Critical errors");
    if (card.criticalErrors.empty()) doc.text("None.");
    for (const auto& e : card.criticalErrors) {
        doc.bullet("Turn " + std::to_string(e.turn) + ": " + e.reason);
        if (!e.explanation.empty()) doc.text(e.explanation, 1);
    }
    if (auto failed = card.failedTypedTurns(); !failed.empty()) {
        doc.subheading("Typed replies that failed");
        doc.small(kTypedTurnRule);
        for (const TypedTurnCheck* t : failed) {
            doc.bullet(describeFailedTurn(*t));
            if (t->noSubstance.empty())
                for (const auto& point : t->missedPoints) doc.bullet(point, 1);
        }
    }
}

void addCriteria(PdfDocument& doc, const ScoreCard& card, const std::vector<store::Review>& reviews) {
    std::map<std::string, const store::Review*> latest;
    for (const auto& r : reviews) latest[r.criterionId] = &r;
    doc.heading("Criteria");
    for (const auto& c : card.criteria) {
        char weight[24];
        std::snprintf(weight, sizeof weight, "weight %g", c.weight);
        std::string head = c.title + " (" + weight + (c.critical ? ", critical" : "") + ")";
        doc.subheading(head);
        if (!c.applicable) {
            doc.text("Not applicable in this play.", 1);
        } else {
            doc.text("Automatic level " + levelText(c.level, c.levels - 1) + " (" + formatPercent(c.fraction * 100) + ")", 1);
            if (!c.anchor.empty()) doc.quote(c.anchor, 2);
        }
        if (auto it = latest.find(c.id); it != latest.end())
            doc.text("Official level after review: " + levelText(it->second->level, c.levels - 1) + ", by " +
                         it->second->authorName, 1);
    }
}

void addEvidence(PdfDocument& doc, const Scenario& scenario, const ScoreCard& card, const Transcript& transcript,
                 std::string_view agentName) {
    // One choice often rates several criteria with one feedback text: each text is shown once per
    // turn, after the levels it explains.
    struct Group {
        std::string levels, note;
    };
    std::map<int, std::vector<Group>> byTurn;
    for (const auto& c : card.criteria)
        for (const auto& e : c.evidence) {
            std::string note = e.note + (e.cite.empty() ? "" : " [" + e.cite + "]");
            std::string level = c.title + " " + levelText(e.level, e.maxLevel);
            auto& groups = byTurn[e.turn];
            auto same = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.note == note; });
            if (same == groups.end()) groups.push_back({level, note});
            else same->levels += " · " + level;
        }
    doc.heading("Turn by turn");
    int turn = 0;
    for (const auto& e : transcript.entries) {
        // Content says {agent} for the trainee; their own typed words are printed as written.
        const std::string text = e.kind == EntryKind::TraineeReply ? e.text : fillAgentName(e.text, agentName);
        switch (e.kind) {
        case EntryKind::Customer:
            if (!text.empty()) doc.quote(scenario.persona.name + ": " + text, 0);
            break;
        case EntryKind::TraineeChoice:
        case EntryKind::TraineeReply: {
            ++turn;
            doc.subheading("Turn " + std::to_string(turn) + " (" + formatDuration(e.seconds) + ")");
            doc.text("Trainee: " + text, 1);
            for (const auto& g : byTurn[turn]) doc.bullet(g.levels + (g.note.empty() ? "" : ": " + g.note), 1);
            break;
        }
        case EntryKind::Handoff: doc.text("Hand-off to " + e.handoffTo + ": " + text); break;
        case EntryKind::Ending: doc.small("Ending: " + text); break;
        }
    }
}

void addReviews(PdfDocument& doc, const SessionRecords& r) {
    doc.heading("Reviewers' re-ratings and notes");
    if (r.reviews.empty() && r.decisions.empty()) doc.text("No reviewer has re-rated this play.");
    for (const auto& v : r.reviews)
        doc.bullet(v.criterionId + " → level " + std::to_string(v.level) + ", by " + v.authorName + " on " + isoTime(v.createdAt) +
                   ": " + v.reason);
    for (const auto& d : r.decisions)
        doc.bullet("Turn " + std::to_string(d.turn) + " " + d.decision + " by " + d.reviewerName + " on " + isoTime(d.createdAt) +
                   ": " + d.reason);
    doc.heading("Coaching notes");
    if (r.notes.empty()) doc.text("None.");
    for (const auto& n : r.notes) doc.bullet(n.authorName + " on " + isoTime(n.createdAt) + ": " + n.text);
    doc.heading("Coaching plan");
    if (r.plans.empty()) doc.text("No coaching plan yet.");
    for (const auto& p : r.plans) {
        doc.subheading("From " + p.authorName + ", " + isoTime(p.createdAt) +
                       (p.acknowledgedAt ? " · acknowledged " + isoTime(*p.acknowledgedAt) : " · not yet acknowledged"));
        doc.text(p.plan, 1);
    }
}

PdfDocument buildReport(const SessionRecords& r, const Scenario* scenario, const ScoreCard* card) {
    PdfDocument doc;
    const auto& info = r.info;
    doc.title = "Coaching report: session " + std::to_string(info.id);
    doc.footer = "simdesk coaching report · session #" + std::to_string(info.id) + " · " + info.personName;
    doc.title1("Coaching report");
    doc.text("Trainee: " + info.personName);
    doc.text("Scenario: " + (scenario ? scenario->title + " (" + info.scenarioId + " " + info.scenarioVersion + ")" : info.scenarioId));
    doc.text("Session #" + std::to_string(info.id) + " · " + info.mode + " · " + std::string(store::sessionStatusName(info.status)) +
             " · started " + isoTime(info.startedAt) + (info.endedAt ? " · ended " + isoTime(*info.endedAt) : ""));
    if (card) {
        addVerdict(doc, *card);
        addCriteria(doc, *card, r.reviews);
        if (scenario) addEvidence(doc, *scenario, *card, r.transcript, agentFirstName(info.personName));
    } else if (!r.runs.empty()) {
        const auto& run = r.runs.back();
        doc.heading("Result");
        bool hasVerdict = run.card.is_object() && run.card.contains("verdict") && run.card["verdict"].is_string();
        doc.text(hasVerdict ? run.card["verdict"].get<std::string>()
                            : std::string(run.passed ? "Passed: " : "Failed: ") + formatPercent(run.finalPercent));
        doc.small("The full evidence cannot be rebuilt: the scenario or rubric this play was scored on is unavailable.");
    } else {
        doc.heading("Result");
        doc.text("Not scored yet.");
    }
    addReviews(doc, r);
    return doc;
}

} // namespace

int sessionReport(const GlobalOptions& global, const SessionReportOptions& options, Io io) {
    const std::string command = "report session";
    if (options.pdf.empty()) return storeError(io, command, Error{"give --pdf FILE: the coaching report is written as a PDF"});
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, command, store.error());
    auto records = readSession(**store, options.session);
    if (!records) return storeError(io, command, records.error());
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas, ContentUse::ReadOnly);
    auto scenario = store::scenarioAsPlayed(library, **store, records->info, &schemas);
    std::optional<ScoreCard> card;
    if (scenario && !records->runs.empty()) {
        const auto& run = records->runs.back();
        auto rubric = store::rubricAsScored(library, **store, run.rubricId, run.rubricHash, &schemas);
        if (rubric) {
            auto scored = scoreTranscript(**scenario, **rubric, records->transcript);
            if (scored) card = *scored;
        }
    }
    PdfDocument doc = buildReport(*records, scenario ? scenario->get() : nullptr, card ? &*card : nullptr);
    auto pages = writePdf(doc, options.pdf);
    if (!pages) return storeError(io, command, pages.error());
    io.err << "simdesk report session: wrote " << options.pdf << " (" << *pages << " page" << (*pages == 1 ? "" : "s") << ")\n";
    return kExitOk;
}

} // namespace simdesk::cli
