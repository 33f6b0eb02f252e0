// What the store benchmarks share: a database filled with many finished sessions.
#pragma once

#include "core/library.hpp"
#include "core/player.hpp"
#include "store/recorder.hpp"
#include "store/sqlite_store.hpp"

#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace simdesk::bench {

/// Fills the database with `count` finished sessions of the mini scenario, four different plays.
inline void populate(store::SqliteStore& db, const ContentLibrary& library, int count) {
    auto scenario = library.findScenario("mini");
    auto rubric = library.findRubric("test-rubric");
    auto person = db.addPerson("Bench Trainee", store::Role::Trainee, "2026-11-02", {});
    const std::vector<std::vector<std::pair<std::string, std::string>>> plays = {
        {{"choice", "verify"}, {"choice", "refund"}, {"reply", "Sorry, refunded."}},
        {{"choice", "verify"}, {"choice", "refund"}, {"reply", "Refunded. Ask your bank."}},
        {{"choice", "verify"}, {"choice", "stall"}, {"choice", "stall"}},
        {{"choice", "card"}}};
    auto status = db.inTransaction([&]() -> Status {
        for (int i = 0; i < count; ++i) {
            int64_t t0 = 1767603600 + i * 600;
            auto play = PlaySession::start(scenario, t0);
            for (const auto& [kind, value] : plays[static_cast<size_t>(i) % plays.size()]) {
                auto step = kind == "choice" ? play->choose(value, 20, t0 + 20) : play->reply(value, 40, t0 + 40);
                if (!step) return step.error();
            }
            auto recorder = store::SessionRecorder::begin(db, person->id, *play, *rubric, "practice", t0 + 60);
            if (!recorder) return recorder.error();
        }
        return Ok{};
    });
    if (!status) {
        std::cerr << "populate: " << status.error().message << "\n";
        std::exit(1);
    }
}

} // namespace simdesk::bench
