// Fills the core's plain records from a TrainingStore, through the interface only: the terminal
// reports, the exports and the app's dashboards read the same records the same way.
#include "insight_records.hpp"

#include "standing.hpp"

#include <map>

namespace simdesk::store {

using nlohmann::json;

namespace {

/// The criteria of a stored score card. Since re-ratings count, the latest run is the official
/// score: its level is official and a re-rated criterion keeps the scorer's in automatic_level.
/// A run stored before that (no rerated_by on a criterion a reviewer re-rated) takes the
/// reviewers' latest level as the official one, as the official score would.
std::vector<insights::CriterionRecord> criteriaOf(const json& card, const Rubric* rubric,
                                                  const std::vector<store::Review>& reviews) {
    std::map<std::string, int> reviewed;  // reviews come oldest first: the last one wins
    for (const auto& r : reviews) reviewed[r.criterionId] = r.level;
    std::vector<insights::CriterionRecord> out;
    if (!card.is_object() || !card.contains("criteria") || !card["criteria"].is_array()) return out;
    for (const auto& c : card["criteria"]) {
        if (!c.is_object()) continue;
        insights::CriterionRecord r;
        r.id = c.value("id", "");
        r.title = c.value("title", r.id);
        r.weight = c.value("weight", 1.0);
        r.maxLevel = std::max(1, c.value("levels", 2) - 1);
        r.applicable = c.value("applicable", false);
        const Criterion* criterion = nullptr;
        if (rubric)
            for (const auto& rc : rubric->criteria)
                if (rc.id == r.id) criterion = &rc;
        if (criterion) r.critical = criterion->critical;
        if (c.contains("rerated_by")) {
            // An official card: the level is the reviewer's, the scorer's is kept beside it.
            const json& automatic = c.contains("automatic_level") ? c["automatic_level"] : json();
            r.officialLevel = c.value("level", 0);
            r.automaticLevel = automatic.is_number_integer() ? automatic.get<int>() : 0;
            r.anchor = criterion && automatic.is_number_integer() ? criterion->anchor(r.automaticLevel) : std::string();
            r.applicable = true;
            out.push_back(std::move(r));
            continue;
        }
        if (r.applicable) {
            r.automaticLevel = c.value("level", 0);
            r.anchor = c.value("anchor", criterion ? criterion->anchor(r.automaticLevel) : std::string());
        }
        auto review = reviewed.find(r.id);
        r.officialLevel = review != reviewed.end() ? review->second : r.automaticLevel;
        if (review != reviewed.end()) r.applicable = true;  // a reviewer rated what the scorer left N/A
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace

Result<std::vector<insights::PlayRecord>> readPlays(TrainingStore& store, const ContentLibrary& library,
                                                    const insights::Filter& filter, ReadParts parts) {
    std::optional<std::string> who;
    if (!filter.trainee.empty()) who = filter.trainee;
    auto sessions = store.sessions(who);
    if (!sessions) return sessions.error();
    // Teams by name, read once: a play counts for the team its trainee is in now.
    auto people = store.people();
    if (!people) return people.error();
    std::map<std::string, std::string> teamOf;
    for (const auto& person : *people) teamOf[person.name] = person.team;
    std::vector<insights::PlayRecord> out;
    for (const auto& s : *sessions) {
        insights::PlayRecord p;
        p.sessionId = s.id;
        p.trainee = s.personName;
        if (auto team = teamOf.find(s.personName); team != teamOf.end()) p.team = team->second;
        p.scenarioId = s.scenarioId;
        p.rubricId = s.rubricId;
        p.mode = s.mode;
        p.startedAt = s.startedAt;
        if (s.status == SessionStatus::Finished) p.finishedAt = s.endedAt;
        if (!insights::matches(filter, p)) continue;
        if (auto scenario = library.findScenario(s.scenarioId)) p.scenarioTitle = scenario->title;
        if (s.latestPercent) {
            auto runs = store.scoringRuns(s.id);
            if (!runs) return runs.error();
            auto reviews = store.reviews(s.id);
            if (!reviews) return reviews.error();
            if (!runs->empty()) {
                const auto& run = runs->back();
                auto rubric = library.findRubric(run.rubricId.empty() ? s.rubricId : run.rubricId);
                p.scored = true;
                p.percent = run.finalPercent;
                p.passed = run.passed;
                p.passMark = rubric ? rubric->passThreshold : 80.0;
                p.criticalCount = run.criticalCount;
                // A damaged stored card costs its criteria, never the whole report.
                try {
                    if (run.card.is_object() && run.card.contains("threshold") && run.card["threshold"].is_number())
                        p.passMark = run.card["threshold"].get<double>();
                    p.criteria = criteriaOf(run.card, rubric.get(), *reviews);
                } catch (const nlohmann::json::exception&) {
                    p.criteria.clear();
                }
            }
        }
        if (parts.choices) {
            auto transcript = store.transcript(s.id);
            if (!transcript) return transcript.error();
            for (const auto& e : transcript->entries)
                if (e.kind == EntryKind::TraineeChoice) p.choices.push_back({e.nodeId, e.choiceId});
        }
        out.push_back(std::move(p));
    }
    return out;
}

Result<InsightFigures> readInsightFigures(TrainingStore& store, const ContentLibrary& library, const insights::Filter& filter,
                                          InsightParts parts) {
    auto sums = store.insightSums(filter, parts);
    if (!sums) return sums.error();
    InsightFigures f;
    f.plays = sums->plays;
    if (parts.trends) {
        std::vector<insights::ScoredPlay> scored;
        scored.reserve(sums->scored.size());
        for (auto& p : sums->scored) {
            // A card that could not be read kept no pass mark: its rubric's, as readPlays takes it.
            if (!p.passMarkKnown) {
                auto rubric = library.findRubric(p.rubricId);
                p.play.passMark = rubric ? rubric->passThreshold : 80.0;
            }
            scored.push_back(std::move(p.play));
        }
        f.trends = insights::scoreTrends(scored, sums->days);
    }
    if (parts.criteria) f.criteria = insights::weakestCriteria(std::move(sums->criteria));
    f.choices = std::move(sums->choices);
    return f;
}

Result<std::vector<exports::CertificationRecord>> readCertifications(TrainingStore& store,
                                                                     const ContentLibrary& library,
                                                                     const std::string& trainee, const std::string& team) {
    auto people = store.people();
    if (!people) return people.error();
    std::vector<exports::CertificationRecord> out;
    for (const auto& person : *people) {
        if (!trainee.empty() && person.name != trainee) continue;
        if (!team.empty() && person.team != team) continue;
        auto awards = store.certifications(person.id);
        if (!awards) return awards.error();
        for (const auto& a : *awards) {
            auto track = library.findTrack(a.trackId);
            out.push_back({person.name, a.trackId, track ? track->title : a.trackId, a.awardedAt, person.team});
        }
    }
    return out;
}

Result<std::vector<insights::TrackStandingRecord>> readTrackStandings(TrainingStore& store,
                                                                      const ContentLibrary& library,
                                                                      const std::string& trainee,
                                                                      const std::string& track, int64_t now,
                                                                      const std::string& team) {
    auto people = store.people();
    if (!people) return people.error();
    std::vector<insights::TrackStandingRecord> out;
    for (const auto& person : *people) {
        if (person.role != Role::Trainee || person.archived) continue;
        if (!trainee.empty() && person.name != trainee) continue;
        if (!team.empty() && person.team != team) continue;
        auto standings = readStandings(library, store, person, now);
        if (!standings) return standings.error();
        for (const auto& s : *standings) {
            if (!s.assigned || !s.track) continue;
            if (!track.empty() && s.track->id != track) continue;
            insights::TrackStandingRecord r;
            r.trainee = person.name;
            r.trackId = s.track->id;
            r.trackTitle = s.track->title;
            r.startAt = s.progress.cycleStart;
            r.dueAt = s.progress.dueAt;
            r.levels = static_cast<int>(s.progress.levels.size());
            for (const auto& level : s.progress.levels)
                if (level.status == LevelStatus::Passed) ++r.levelsPassed;
            r.certifiedAt = s.progress.certifiedAt;
            out.push_back(std::move(r));
        }
    }
    return out;
}

} // namespace simdesk::store
