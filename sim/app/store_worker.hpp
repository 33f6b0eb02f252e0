// StoreWorker: the app's only way to the training store.
//
// A frame must never wait on the disk, so every read and write is a job that runs away from the
// frame (ThreadWorker: on one background thread, in the order posted) and hands back a small
// function that applies its result to the screens' state on the UI thread, at the start of the
// next frame. Tests use InlineWorker, which runs jobs at once on the calling thread, so screen
// logic stays deterministic without a window or a thread.
#pragma once

#include "store/store.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace simdesk::app {

class StoreWorker {
public:
    /// Runs on the UI thread with the job's result.
    using Apply = std::function<void()>;
    /// Runs on the worker; `store` is null when the app runs without a database.
    using Job = std::function<Apply(store::TrainingStore* store)>;

    /// Runs on the worker with the store itself, which it may replace: signing in to a server
    /// connects there (never on the UI thread) and hands the later jobs the new store.
    using Attach = std::function<Apply(std::unique_ptr<store::TrainingStore>& store)>;

    virtual ~StoreWorker() = default;
    virtual void post(Job job) = 0;
    virtual void postAttach(Attach job) = 0;
    /// Steady-clock seconds (the app's Clock::steady) since the oldest job not yet run to its end
    /// was posted; none when the worker is idle. The app says so when a server is slow to answer.
    virtual std::optional<double> busySince() const { return std::nullopt; }
    /// UI thread: applies the results of finished jobs, in order. True if there were any.
    virtual bool collect() = 0;
    /// Jobs posted and not yet applied.
    virtual bool busy() const = 0;
};

/// Runs each job when it is posted (tests, screenshots).
class InlineWorker final : public StoreWorker {
public:
    explicit InlineWorker(store::TrainingStore* store = nullptr) : store_(store) {}
    void post(Job job) override;
    void postAttach(Attach job) override;
    bool collect() override;
    bool busy() const override { return !done_.empty(); }

private:
    store::TrainingStore* store_;
    std::unique_ptr<store::TrainingStore> owned_;  ///< a store an Attach job opened
    std::deque<Apply> done_;
};

/// Runs jobs on one background thread that owns the store. The destructor finishes every job
/// already posted before it returns, so closing the window never drops a turn that was sent.
class ThreadWorker final : public StoreWorker {
public:
    /// `wake` is called from the worker after each job, so an idle UI can redraw with the result.
    ThreadWorker(std::unique_ptr<store::TrainingStore> store, std::function<void()> wake);
    ~ThreadWorker() override;
    void post(Job job) override;
    void postAttach(Attach job) override;
    bool collect() override;
    bool busy() const override;
    std::optional<double> busySince() const override;

private:
    void run();

    std::unique_ptr<store::TrainingStore> store_;
    std::function<void()> wake_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Attach> jobs_;
    std::deque<double> postedAt_;  ///< steady seconds each job not yet run to its end was posted
    std::deque<Apply> done_;
    size_t pending_ = 0;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace simdesk::app
