// Scores stored sessions on worker threads while the caller goes on reading and storing, for a
// rescore of the whole history. Scoring is pure (core) and the store is used from the caller's
// thread only, so the two overlap: on two cores a rescore costs about its reads and writes, not
// its reads, scoring and writes in a row. The workers also encode each card for storing and drop
// it (prepareRun), so the store's thread only writes. Results come back in the order the jobs went in, so what
// is stored does not depend on which worker was faster.
#pragma once

#include "store.hpp"

#include "core/library.hpp"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace simdesk::store {

class ScoringPipeline {
public:
    struct Job {
        int64_t sessionId = 0;
        ScenarioPtr scenario;
        RubricPtr rubric;
        Transcript transcript;
        std::vector<Review> reviews;
    };
    struct Scored {
        int64_t sessionId = 0;
        RubricPtr rubric;
        /// The official score (officialScoreOf) ready to store, or why it could not be scored.
        Result<PreparedRun> run;
    };

    /// `workers` threads (at least one); at most `capacity` jobs wait or run at once.
    explicit ScoringPipeline(unsigned workers, size_t capacity);
    /// Stops the workers; jobs not yet scored are dropped (a cancelled rescore keeps nothing).
    ~ScoringPipeline();
    ScoringPipeline(const ScoringPipeline&) = delete;
    ScoringPipeline& operator=(const ScoringPipeline&) = delete;

    /// One worker for each core beyond the caller's, at least one and at most eight.
    static unsigned defaultWorkers();

    void submit(Job job);
    /// True when `capacity` jobs are in: take results before submitting more.
    bool full() const;
    /// The oldest job's result: when it is ready, or (with `wait`) once it is. Nothing when no job
    /// is in, or when it is not ready and `wait` is false.
    std::optional<Scored> next(bool wait);

private:
    struct Slot {
        Job job;
        std::optional<Result<PreparedRun>> run;
    };
    void work();

    const size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable jobIn_, jobDone_;
    std::deque<std::shared_ptr<Slot>> slots_;  ///< in submission order; the first `taken_` are a worker's or done
    size_t taken_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

} // namespace simdesk::store
