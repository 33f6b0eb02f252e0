#include "as_played.hpp"

#include <algorithm>

#include "core/content_loader.hpp"
#include "core/json_source.hpp"

#include <optional>

namespace simdesk::store {

namespace {

/// The library's copy when its hash matches, else `build` over the stored snapshot's text.
template <typename Ptr, typename Build>
Result<Ptr> currentOrStored(Ptr current, const std::string& hash, TrainingStore& store, const std::string& what,
                            const SchemaChecker* schemas, Build build) {
    if (current && current->contentHash == hash) return current;
    auto snapshot = store.snapshot(hash);
    if (!snapshot) return snapshot.error();
    JsonLoad load = parseJsonDocument("stored copy of " + what, snapshot->text);
    if (!load.document) return fail("the stored copy of " + what + " no longer parses");
    std::optional<SchemaChecker> compiled;
    if (!schemas) schemas = &compiled.emplace();
    Ptr built = build(*load.document, *schemas);
    if (!built) return fail("the stored copy of " + what + " no longer loads");
    return built;
}

} // namespace

Result<ScenarioPtr> scenarioAsPlayed(const ContentLibrary& library, TrainingStore& store, const SessionInfo& info,
                                     const SchemaChecker* schemas) {
    return currentOrStored(library.findScenario(info.scenarioId), info.scenarioHash, store,
                           "scenario \"" + info.scenarioId + "\"", schemas,
                           [&](const JsonDocument& doc, const SchemaChecker& checker) {
                               // An exam variant is stored as its scenario's file; build the variant again.
                               std::string_view base = baseScenarioId(info.scenarioId);
                               std::string_view variant;
                               if (base.size() < info.scenarioId.size())
                                   variant = std::string_view(info.scenarioId).substr(base.size() + 2);
                               ScenarioPtr built = buildScenario(doc, checker, &library.lexicons, variant).scenario;
                               if (!built) return built;
                               auto withChecks = std::make_shared<Scenario>(*built);
                               applyReplyChecks(*withChecks, library.findRubric(built->rubricId).get(), library.replyAnalyzer);
                               return ScenarioPtr(withChecks);
                           });
}

Result<RubricPtr> rubricAsScored(const ContentLibrary& library, TrainingStore& store, const std::string& rubricId,
                                 const std::string& rubricHash, const SchemaChecker* schemas) {
    return currentOrStored(library.findRubric(rubricId), rubricHash, store, "rubric \"" + rubricId + "\"", schemas,
                           [](const JsonDocument& doc, const SchemaChecker& checker) {
                               return buildRubric(doc, checker).rubric;
                           });
}

Result<LatestScore> latestScore(const ContentLibrary& library, TrainingStore& store, int64_t sessionId,
                                const SchemaChecker* schemas) {
    auto info = store.session(sessionId);
    if (!info) return info.error();
    auto runs = store.scoringRuns(sessionId);
    if (!runs) return runs.error();
    if (info->status != SessionStatus::Finished || runs->empty())
        return fail("session #" + std::to_string(sessionId) + " is not finished and scored; calibrate on a finished conversation");
    const ScoringRun& latest = runs->back();
    auto rubric = rubricAsScored(library, store, latest.rubricId, latest.rubricHash, schemas);
    if (!rubric) return rubric.error();
    LatestScore out{*info, *rubric, {}};
    for (const auto& c : latest.card.value("criteria", nlohmann::json::array()))
        if (c.value("applicable", false)) out.automaticLevels[c.value("id", "")] = c.value("level", 0);
    return out;
}

Result<CalibrationReport> calibrationReport(const ContentLibrary& library, TrainingStore& store,
                                            const CalibrationRound& round, const SchemaChecker* schemas) {
    auto basis = latestScore(library, store, round.sessionId, schemas);
    if (!basis) return basis.error();
    return calibrationReport(*basis, store, round);
}

Result<CalibrationReport> calibrationReport(const LatestScore& basis, TrainingStore& store, const CalibrationRound& round) {
    auto grades = store.calibrationGrades(round.id);  // refused while the round is blind
    if (!grades) return grades.error();
    std::vector<CalibrationMark> marks;
    for (const auto& g : *grades) marks.push_back({g.graderName, g.criterionId, g.level, g.note});
    return analyseCalibration(*basis.rubric, marks, basis.automaticLevels);
}

Result<std::vector<CalibrationReport>> revealedCalibrationReports(const ContentLibrary& library, TrainingStore& store,
                                                                 const SchemaChecker* schemas) {
    auto rounds = store.calibrationRounds();
    if (!rounds) return rounds.error();
    std::vector<CalibrationReport> reports;
    for (const auto& round : *rounds) {
        if (!round.revealedAt) continue;
        auto report = calibrationReport(library, store, round, schemas);
        if (!report) return report.error();
        reports.push_back(std::move(*report));
    }
    return reports;
}

Result<std::vector<SampleCandidate>> calibrationSamplePool(const ContentLibrary& library, TrainingStore& store) {
    auto sessions = store.sessions(std::nullopt);
    if (!sessions) return sessions.error();
    std::vector<SampleCandidate> pool;
    for (const auto& s : *sessions) {
        if (s.status != SessionStatus::Finished || !s.latestPercent) continue;
        std::string track;
        for (const auto& t : library.tracks)
            for (const auto& level : t->levels)
                if (track.empty() && std::find(level.scenarios.begin(), level.scenarios.end(), s.scenarioId) != level.scenarios.end())
                    track = t->id;
        pool.push_back({s.id, s.scenarioId, track, s.latestPercent});
    }
    return pool;
}

Result<std::pair<std::vector<ReviewerTrend>, int>> reviewerTrendsFromStore(const ContentLibrary& library,
                                                                            TrainingStore& store,
                                                                            const SchemaChecker* schemas) {
    auto reports = revealedCalibrationReports(library, store, schemas);
    if (!reports) return reports.error();
    return std::pair{reviewerTrends(*reports), static_cast<int>(reports->size())};
}

} // namespace simdesk::store
