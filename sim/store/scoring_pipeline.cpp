// ScoringPipeline (scoring_pipeline.hpp).
#include "scoring_pipeline.hpp"
#include "recorder.hpp"

#include <algorithm>

namespace simdesk::store {

ScoringPipeline::ScoringPipeline(unsigned workers, size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {
    workers = std::max(workers, 1u);
    workers_.reserve(workers);
    for (unsigned i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

ScoringPipeline::~ScoringPipeline() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    jobIn_.notify_all();
    for (auto& worker : workers_) worker.join();
}

unsigned ScoringPipeline::defaultWorkers() {
    unsigned cores = std::thread::hardware_concurrency();
    return std::clamp(cores > 1 ? cores - 1 : 1u, 1u, 8u);
}

void ScoringPipeline::submit(Job job) {
    auto slot = std::make_shared<Slot>();
    slot->job = std::move(job);
    {
        std::lock_guard lock(mutex_);
        slots_.push_back(std::move(slot));
    }
    jobIn_.notify_one();
}

bool ScoringPipeline::full() const {
    std::lock_guard lock(mutex_);
    return slots_.size() >= capacity_;
}

std::optional<ScoringPipeline::Scored> ScoringPipeline::next(bool wait) {
    std::unique_lock lock(mutex_);
    if (slots_.empty()) return std::nullopt;
    if (wait)
        jobDone_.wait(lock, [&] { return slots_.front()->run.has_value(); });
    else if (!slots_.front()->run)
        return std::nullopt;
    std::shared_ptr<Slot> done = std::move(slots_.front());
    slots_.pop_front();
    --taken_;  // a slot with a result was taken by a worker
    return Scored{done->job.sessionId, std::move(done->job.rubric), std::move(*done->run)};
}

void ScoringPipeline::work() {
    for (;;) {
        std::shared_ptr<Slot> slot;
        {
            std::unique_lock lock(mutex_);
            jobIn_.wait(lock, [&] { return stopping_ || taken_ < slots_.size(); });
            if (stopping_) return;
            slot = slots_[taken_++];
        }
        const Job& job = slot->job;
        Result<PreparedRun> run = [&]() -> Result<PreparedRun> {
            auto card = officialScoreOf(*job.scenario, *job.rubric, job.transcript, job.reviews);
            if (!card) return card.error();
            return prepareRun(*card);
        }();
        // Freed here, off the store's thread: it only writes the run.
        slot->job.transcript = Transcript{};
        slot->job.reviews = {};
        {
            std::lock_guard lock(mutex_);
            slot->run = std::move(run);
        }
        jobDone_.notify_all();
    }
}

} // namespace simdesk::store
