// My plays: the signed-in trainee's finished sessions, newest first, each opening its own debrief
// (with its reviewers' re-ratings and notes), not only the latest play of a scenario.
#include "model.hpp"

#include "core/calendar.hpp"

#include <algorithm>

namespace simdesk::app {

void AppModel::showPlays(const std::string& scenarioId) {
    if (!profile()) return go(Screen::Start);
    playsScenario_ = scenarioId;
    go(Screen::Plays);
    // Plays recorded elsewhere (the terminal, another window) and re-ratings made since show now.
    loadProfileRecords();
}

std::vector<PlayRow> AppModel::myPlays() const {
    // Newest first, by when each began (a scripted or simulated-time play can end "later" than a
    // newer one); sessions are numbered in the order they began, which breaks ties of the same second.
    std::vector<std::pair<std::pair<int64_t, int64_t>, PlayRow>> keyed;
    for (const auto& s : sessions_) {
        if (s.status != store::SessionStatus::Finished) continue;
        if (!playsScenario_.empty() && s.scenarioId != playsScenario_) continue;
        PlayRow row;
        row.sessionId = s.id;
        row.scenarioId = s.scenarioId;
        auto scenario = library_->findScenario(s.scenarioId);
        row.scenarioTitle = scenario ? scenario->title : s.scenarioId;
        row.mode = s.mode;
        int64_t at = s.startedAt;
        row.date = isoDate(at);
        row.percent = s.latestPercent;
        row.automaticPercent = s.latestAutomaticPercent;
        row.passed = s.latestPassed.value_or(false);
        keyed.emplace_back(std::make_pair(at, s.id), std::move(row));
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<PlayRow> rows;
    rows.reserve(keyed.size());
    for (auto& [key, row] : keyed) rows.push_back(std::move(row));
    return rows;
}

} // namespace simdesk::app
