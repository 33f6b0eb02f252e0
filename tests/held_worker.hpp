// A store worker whose jobs wait until the test runs them, for app-model tests: the frame goes on
// meanwhile, as with a slow disk or a server that has not answered yet.
#pragma once

#include "app/store_worker.hpp"

#include <deque>
#include <functional>
#include <optional>

namespace simdesk::test {

/// busySince is what the test says it is.
class HeldWorker final : public app::StoreWorker {
public:
    explicit HeldWorker(store::TrainingStore* store) : inner_(store) {}
    void post(Job job) override { held_.push_back([this, job] { inner_.post(job); }); }
    void postAttach(Attach job) override { held_.push_back([this, job] { inner_.postAttach(job); }); }
    bool collect() override { return inner_.collect(); }
    bool busy() const override { return !held_.empty() || inner_.busy(); }
    std::optional<double> busySince() const override { return held_.empty() ? std::nullopt : std::optional<double>(since); }

    /// The store answers: every job held so far runs (their results apply on the next collect).
    void runAll() {
        while (!held_.empty()) {
            auto next = std::move(held_.front());
            held_.pop_front();
            next();
        }
    }
    size_t held() const { return held_.size(); }
    double since = 0;

private:
    app::InlineWorker inner_;
    std::deque<std::function<void()>> held_;
};

} // namespace simdesk::test
