// rescoreAll (rescore.hpp).
#include "rescore.hpp"
#include "as_played.hpp"
#include "recorder.hpp"

namespace simdesk::store {

namespace {
/// The Status a cancel unwinds the transaction with; told apart from a store error by `cancelled`.
Error cancelledError() { return Error{"rescore cancelled"}; }
} // namespace

Result<RescoreReport> rescoreAll(TrainingStore& store, const ContentLibrary& library, const RescoreOptions& options,
                                 const RescoreProgress& progress) {
    RescoreReport report;
    std::map<std::string, ScenarioPtr> scenarios;  // by content hash: sessions share a handful of versions
    auto status = store.inTransaction([&]() -> Status {
        // Read inside the transaction, so no review or session lands between them and the runs.
        // Every review at once, by session id then oldest first; walked beside the sessions (also by id).
        auto reviews = store.reviews(std::nullopt);
        if (!reviews) return reviews.error();
        auto nextReview = reviews->begin();
        std::vector<Review> sessionReviews;
        return store.forEachTranscript([&](const SessionVisit& visit) -> Status {
            const SessionInfo& info = visit.info;
            sessionReviews.clear();
            for (; nextReview != reviews->end() && nextReview->sessionId <= info.id; ++nextReview)
                if (nextReview->sessionId == info.id) sessionReviews.push_back(*nextReview);
            if (progress && !progress(visit.done, visit.total)) {
                report.cancelled = true;
                return cancelledError();
            }
            RubricPtr rubric = library.findRubric(info.rubricId);
            if (!rubric) {
                ++report.skipped;
                report.problems.push_back("#" + std::to_string(info.id) + ": rubric \"" + info.rubricId + "\" is not loaded");
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
                    ++report.skipped;
                    report.problems.push_back("#" + std::to_string(info.id) + ": " + found.error().message);
                    return Ok{};
                }
                scenario = *found;
            }
            auto card = scoreAndStore(store, info.id, *scenario, *rubric, visit.transcript, sessionReviews, "rescore", options.now);
            if (!card) {
                ++report.skipped;
                report.problems.push_back("#" + std::to_string(info.id) + ": " + card.error().message);
                return Ok{};
            }
            ++report.rescored;
            return Ok{};
        });
    });
    if (report.cancelled) {
        // Rolled back: the counts describe nothing that was kept.
        RescoreReport cancelled;
        cancelled.cancelled = true;
        return cancelled;
    }
    if (!status) return status.error();
    return report;
}

} // namespace simdesk::store
