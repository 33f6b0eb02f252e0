#include "store_worker.hpp"

#include <chrono>

namespace simdesk::app {

namespace {
double steadyNow() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
} // namespace

void InlineWorker::post(Job job) {
    if (Apply apply = job(store_)) done_.push_back(std::move(apply));
}

void InlineWorker::postAttach(Attach job) {
    // The job sees the store this worker owns; a store the test lent is not in the slot and stays
    // in use unless the job puts another there.
    bool owned = owned_ != nullptr;
    Apply apply = job(owned_);
    if (owned_) store_ = owned_.get();
    else if (owned) store_ = nullptr;
    if (apply) done_.push_back(std::move(apply));
}

bool InlineWorker::collect() {
    bool any = !done_.empty();
    while (!done_.empty()) {
        Apply apply = std::move(done_.front());
        done_.pop_front();
        apply();  // may post more jobs, which land at the back
    }
    return any;
}

ThreadWorker::ThreadWorker(std::unique_ptr<store::TrainingStore> store, std::function<void()> wake)
    : store_(std::move(store)), wake_(std::move(wake)), thread_([this] { run(); }) {}

ThreadWorker::~ThreadWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_.notify_one();
    thread_.join();
}

void ThreadWorker::post(Job job) {
    postAttach([job = std::move(job)](std::unique_ptr<store::TrainingStore>& store) { return job(store.get()); });
}

void ThreadWorker::postAttach(Attach job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
        postedAt_.push_back(steadyNow());
        ++pending_;
    }
    ready_.notify_one();
}

std::optional<double> ThreadWorker::busySince() const {
    std::lock_guard lock(mutex_);
    if (postedAt_.empty()) return std::nullopt;
    return postedAt_.front();
}

bool ThreadWorker::collect() {
    std::deque<Apply> done;
    {
        std::lock_guard lock(mutex_);
        done.swap(done_);
    }
    for (auto& apply : done) {
        apply();
        std::lock_guard lock(mutex_);
        --pending_;
    }
    return !done.empty();
}

bool ThreadWorker::busy() const {
    std::lock_guard lock(mutex_);
    return pending_ > 0;
}

void ThreadWorker::run() {
    for (;;) {
        Attach job;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;  // stopping, and every posted job has run
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        Apply apply = job(store_);
        {
            std::lock_guard lock(mutex_);
            postedAt_.pop_front();
            if (apply) done_.push_back(std::move(apply));
            else --pending_;
        }
        if (wake_) wake_();
    }
}

} // namespace simdesk::app
