// Keeping the records sound and current: the daily whole-file check, and a lead's "Rescore all…"
// with its progress and Cancel. Both run on the store worker; a frame only reads their state.
#include "model.hpp"

#include "store/rescore.hpp"

#include <atomic>
#include <cstdio>

namespace simdesk::app {

/// A rescore between the UI and its store job: the job counts, the UI reads and may cancel.
struct RescoreRun {
    std::atomic<size_t> done{0}, total{0};
    std::atomic<bool> cancel{false};
    double startedAt = 0;  ///< steady seconds, for the rate and the time left
};

namespace {
/// The first ask waits a little, so the check never delays the profiles at start; later asks are
/// hourly, so an app left open all week still checks once a day (the store decides when it is due).
constexpr double kFirstHealthAskSeconds = 10;
constexpr double kHealthAskEverySeconds = 60 * 60;
} // namespace

void AppModel::checkHealthIfDue(const Clock& clock) {
    if (healthAskAt_ < 0) healthAskAt_ = clock.steady + kFirstHealthAskSeconds;
    if (clock.steady < healthAskAt_) return;
    healthAskAt_ = clock.steady + kHealthAskEverySeconds;
    worker_->post([this, now = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return {};
        auto checked = store->checkIfDue(now);
        if (!checked || !checked->ran) return {};  // not due; a file that cannot be read says so on its next write
        return [this, problems = checked->problems] {
            if (problems.empty()) {
                healthProblem_.clear();
                return;
            }
            healthProblem_ = "The records file failed its daily check (" + problems.front() +
                             "). Close simdesk and run `simdesk db check`; if it confirms the damage, restore the latest "
                             "backup of the file (simdesk keeps one beside it as …-backup-… each time it upgrades it).";
        };
    });
}

void AppModel::askRescoreAll() {
    if (!isLead()) return fail("Re-scoring is for leads.");
    if (rescore_) return;
    confirmation_ = Confirmation{Confirmation::Act::RescoreAll, 0, "Rescore all sessions?",
                                 "Every session whose latest score used an older version of its rubric is scored again with the "
                                 "rubric loaded now, reviewers' re-ratings applied. The old scores are kept beside the new ones. "
                                 "Cancel stops it with no score changed.",
                                 "Rescore"};
}

void AppModel::rescoreAll(const Clock& clock) {
    if (!isLead() || rescore_) return;
    auto run = std::make_shared<RescoreRun>();
    run->startedAt = clock.steady;
    rescore_ = run;
    worker_->post([this, run, now = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] {
            rescore_.reset();
            fail("No database is open, so there is nothing to re-score.");
        };
        store::RescoreOptions options;
        options.now = now;
        auto report = store::rescoreAll(*store, *library_, options, [run](size_t done, size_t total) {
            run->total = total;
            run->done = done;
            return !run->cancel;
        });
        return [this, report] {
            rescore_.reset();
            if (!report) return fail("Cannot re-score: " + report.error().message + " No score was changed.");
            if (report->cancelled) return announce("Rescore cancelled: no score was changed.");
            const auto& r = *report;
            std::string text = "Re-scored " + std::to_string(r.rescored) + " session" + (r.rescored == 1 ? "" : "s") +
                               " (old scores kept beside the new); " + std::to_string(r.unchanged) +
                               " already scored with the current rubric";
            if (r.skipped > 0) text += "; " + std::to_string(r.skipped) + " could not be scored (" + r.problems.front() + ")";
            announce(text + ".");
            loadProfileRecords();  // the lists show the new official scores
        };
    });
}

void AppModel::cancelRescore() {
    if (rescore_) rescore_->cancel = true;
}

float AppModel::rescoreFraction() const {
    if (!rescore_ || rescore_->total == 0) return 0;
    return static_cast<float>(rescore_->done) / static_cast<float>(rescore_->total);
}

std::string AppModel::rescoreProgress(const Clock& clock) const {
    if (!rescore_) return "";
    size_t done = rescore_->done, total = rescore_->total;
    if (rescore_->cancel) return "Cancelling…";
    if (total == 0) return "Reading the sessions…";
    double seconds = clock.steady - rescore_->startedAt;
    double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    char line[160];
    if (rate > 0)
        std::snprintf(line, sizeof line, "%zu of %zu sessions · %.0f/s · about %.0f s left", done, total, rate,
                      static_cast<double>(total - done) / rate);
    else
        std::snprintf(line, sizeof line, "%zu of %zu sessions", done, total);
    return line;
}

} // namespace simdesk::app
