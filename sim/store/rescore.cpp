// rescoreAll (rescore.hpp).
#include "rescore.hpp"
#include "as_played.hpp"
#include "recorder.hpp"
#include "scoring_pipeline.hpp"

#include <algorithm>

namespace simdesk::store {

namespace {
/// The Status a cancel unwinds the transaction with; told apart from a store error by `cancelled`.
Error cancelledError() { return Error{"rescore cancelled"}; }

/// Sessions read but not yet stored: enough to keep the workers busy between reads, few enough
/// that their transcripts stay a few megabytes.
constexpr size_t kSessionsInFlight = 256;
} // namespace

Result<RescoreReport> rescoreAll(TrainingStore& store, const ContentLibrary& library, const RescoreOptions& options,
                                 const RescoreProgress& progress) {
    RescoreReport report;
    std::vector<std::pair<int64_t, std::string>> problems;  // by session id, sorted at the end
    auto skip = [&](int64_t sessionId, const std::string& why) {
        ++report.skipped;
        problems.emplace_back(sessionId, "#" + std::to_string(sessionId) + ": " + why);
    };
    std::map<std::string, ScenarioPtr> scenarios;  // by content hash: sessions share a handful of versions
    auto status = store.inTransaction([&]() -> Status {
        // Scoring runs on workers while this thread reads the next sessions and stores the scored
        // ones; declared inside the transaction so a cancel or an error stops it before rolling back.
        ScoringPipeline pipeline(ScoringPipeline::defaultWorkers(), kSessionsInFlight);
        auto storeScored = [&](ScoringPipeline::Scored scored) -> Status {
            if (!scored.run) {
                skip(scored.sessionId, scored.run.error().message);
                return Ok{};
            }
            auto id = store.addPreparedRun(scored.sessionId, *scored.run, scored.rubric->contentHash, "rescore", options.now);
            if (!id) return id.error();
            ++report.rescored;
            return Ok{};
        };
        // Read inside the transaction, so no review or session lands between them and the runs.
        // Every review at once, by session id then oldest first; walked beside the sessions (also by id).
        auto reviews = store.reviews(std::nullopt);
        if (!reviews) return reviews.error();
        auto nextReview = reviews->begin();
        auto visited = store.forEachTranscript([&](const SessionVisit& visit) -> Status {
            const SessionInfo& info = visit.info;
            std::vector<Review> sessionReviews;
            for (; nextReview != reviews->end() && nextReview->sessionId <= info.id; ++nextReview)
                if (nextReview->sessionId == info.id) sessionReviews.push_back(*nextReview);
            if (progress && !progress(visit.done, visit.total)) {
                report.cancelled = true;
                return cancelledError();
            }
            RubricPtr rubric = library.findRubric(info.rubricId);
            if (!rubric) {
                skip(info.id, "rubric \"" + info.rubricId + "\" is not loaded");
                return Ok{};
            }
            if (!options.force && info.latestRubricHash == rubric->contentHash) {
                ++report.unchanged;
                return Ok{};
            }
            ScenarioPtr& scenario = scenarios[info.scenarioHash];
            if (!scenario) {
                auto found = scenarioAsPlayed(library, store, info, options.schemas);
                if (!found) {
                    skip(info.id, found.error().message);
                    return Ok{};
                }
                scenario = *found;
            }
            pipeline.submit({info.id, scenario, rubric, std::move(visit.transcript), std::move(sessionReviews)});
            // Store what is ready; wait only when the pipeline is full.
            while (auto scored = pipeline.next(pipeline.full()))
                if (auto s = storeScored(std::move(*scored)); !s) return s;
            return Ok{};
        });
        if (!visited) return visited;
        while (auto scored = pipeline.next(true))
            if (auto s = storeScored(std::move(*scored)); !s) return s;
        return Ok{};
    });
    if (report.cancelled) {
        // Rolled back: the counts describe nothing that was kept.
        RescoreReport cancelled;
        cancelled.cancelled = true;
        return cancelled;
    }
    if (!status) return status.error();
    std::stable_sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& problem : problems) report.problems.push_back(std::move(problem.second));
    return report;
}

} // namespace simdesk::store
