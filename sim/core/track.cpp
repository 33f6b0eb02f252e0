#include "track.hpp"
#include "content_loader.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <set>

namespace simdesk {

using nlohmann::json;

const TrackLevel* Track::findLevel(std::string_view id) const {
    for (const auto& level : levels)
        if (level.id == id) return &level;
    return nullptr;
}

TrackLoad buildTrack(const JsonDocument& doc, const SchemaChecker& schemas) {
    TrackLoad load;
    load.diagnostics = schemas.check(doc, ContentKind::Track);
    if (hasErrors(load.diagnostics)) return load;
    auto validId = [&](const std::string& id, const std::string& pointer) { checkId(doc, id, pointer, load.diagnostics); };
    const json& root = doc.value;
    auto track = std::make_shared<Track>();
    track->sourcePath = doc.path;
    track->id = root["id"];
    validId(track->id, "/id");
    track->title = root["title"];
    track->description = root["description"];
    track->audience = root.value("audience", "");
    track->deadlineFromEnrolment = root.value("deadline_from", "start") == "enrolment";
    if (root.contains("due_days_from_start") && root["due_days_from_start"].is_number_integer())
        track->dueDaysFromStart = root["due_days_from_start"].get<int>();
    track->recertifyMonths = root["recertify_months"];
    std::map<std::string, std::string> firstLevel;
    const json& levels = root["levels"];
    for (size_t i = 0; i < levels.size(); ++i) {
        const json& body = levels[i];
        TrackLevel level;
        level.pointer = childPointer("/levels", i);
        level.id = body["id"];
        validId(level.id, level.pointer + "/id");
        auto [it, inserted] = firstLevel.emplace(level.id, level.pointer);
        if (!inserted)
            load.diagnostics.push_back(doc.diagnostic("SD094", Severity::Error, level.pointer + "/id",
                                                      "level \"" + level.id + "\" is already defined at " +
                                                          it->second + "; expected level ids unique in the track"));
        level.title = body["title"];
        level.description = body.value("description", "");
        level.scenarios = body["scenarios"].get<std::vector<std::string>>();
        for (size_t j = 0; j < level.scenarios.size(); ++j)
            validId(level.scenarios[j], childPointer(level.pointer + "/scenarios", j));
        const json& rule = body["pass_rule"];
        level.passRule.minPercent = rule["min_percent"].get<double>();
        level.passRule.noCriticalErrors = rule.value("no_critical_errors", true);
        level.passRule.mode = rule.value("mode", "exam");
        level.maxAttempts = body["max_attempts"];
        level.cooldownHours = body["cooldown_hours"];
        track->levels.push_back(std::move(level));
    }
    if (!hasErrors(load.diagnostics)) load.track = track;
    return load;
}

std::vector<Diagnostic> validateTrack(const Track& track, const JsonDocument& doc,
                                      const std::function<TrackScenarioInfo(const std::string&)>& lookup,
                                      const std::vector<std::string>& scenarioIds,
                                      const std::vector<std::string>& skip) {
    std::vector<Diagnostic> out;
    for (const auto& level : track.levels) {
        for (size_t j = 0; j < level.scenarios.size(); ++j) {
            const std::string& id = level.scenarios[j];
            std::string pointer = childPointer(level.pointer + "/scenarios", j);
            TrackScenarioInfo info = lookup(id);
            if (!info.scenario) {
                if (std::find(skip.begin(), skip.end(), id) != skip.end()) continue;
                out.push_back(doc.diagnostic("SD092", Severity::Error, pointer,
                                             "no scenario \"" + id + "\" is loaded" + didYouMean(id, scenarioIds) +
                                                 "; expected the id of a scenario in the folders being loaded"));
                continue;
            }
            if (!info.analysis || !info.analysis->best) continue;
            const ScoreEstimate& best = *info.analysis->best;
            const PassRule& rule = level.passRule;
            if (rule.noCriticalErrors && best.critical)
                out.push_back(doc.diagnostic("SD093", Severity::Error, pointer,
                                             "scenario \"" + id + "\" cannot be passed at level \"" + level.id +
                                                 "\": every way through it commits a critical error; expected a "
                                                 "scenario with a passing path"));
            else if (best.bound + 1e-9 < rule.minPercent)
                out.push_back(doc.diagnostic("SD093", Severity::Error, pointer,
                                             "scenario \"" + id + "\" cannot be passed at level \"" + level.id +
                                                 "\": its best possible score is " + percentText(best.bound) +
                                                 " and the pass rule needs " + percentText(rule.minPercent)));
        }
    }
    return out;
}

std::string_view levelStatusName(LevelStatus status) {
    switch (status) {
    case LevelStatus::Locked: return "locked";
    case LevelStatus::Open: return "open";
    case LevelStatus::Passed: return "passed";
    case LevelStatus::FailedOut: return "failed-out";
    }
    return "locked";
}


namespace {

constexpr int64_t kDay = 86400, kHour = 3600;

struct CycleResult {
    std::vector<LevelProgress> levels;
    std::optional<int64_t> certifiedAt;
};

bool meetsRule(const PassRule& rule, const TrackAttempt& attempt) {
    return attempt.percent + 1e-9 >= rule.minPercent && (!rule.noCriticalErrors || attempt.criticalErrors == 0);
}

CycleResult playCycle(const Track& track, int64_t cycleStart, bool firstCycle, int64_t now,
                      const std::vector<TrackAttempt>& attempts, const std::vector<size_t>& order,
                      std::optional<int64_t> dueAt) {
    CycleResult result;
    // Level i opens when level i-1 is passed; the first opens at the start of the cycle.
    std::optional<int64_t> openedAt = firstCycle ? std::numeric_limits<int64_t>::min() : cycleStart;
    for (const auto& level : track.levels) {
        LevelProgress progress;
        progress.levelId = level.id;
        progress.dueAt = dueAt;
        std::map<std::string, ScenarioProgress> perScenario;
        for (const auto& id : level.scenarios) perScenario[id] = ScenarioProgress{id, 0, level.maxAttempts, false, {}};
        std::optional<int64_t> lastFailure;
        bool failedOut = false;
        for (size_t index : order) {
            const TrackAttempt& attempt = attempts[index];
            if (attempt.levelId != level.id) continue;
            if (!firstCycle && attempt.at < cycleStart) continue;  // an earlier cycle's attempt
            auto scenario = perScenario.find(attempt.scenarioId);
            bool counts = openedAt && attempt.at >= *openedAt && attempt.at <= now && !failedOut &&
                          !progress.passedAt && attempt.mode == level.passRule.mode && scenario != perScenario.end() &&
                          !scenario->second.passed &&
                          !(lastFailure && attempt.at < *lastFailure + level.cooldownHours * kHour);
            if (!counts) {
                progress.ignoredAttempts.push_back(index);
                continue;
            }
            ScenarioProgress& s = scenario->second;
            ++s.attemptsUsed;
            ++progress.attemptsUsed;
            s.attemptsLeft = level.maxAttempts - s.attemptsUsed;
            if (!s.bestPercent || attempt.percent > *s.bestPercent) s.bestPercent = attempt.percent;
            if (meetsRule(level.passRule, attempt)) {
                s.passed = true;
                if (std::all_of(perScenario.begin(), perScenario.end(), [](const auto& p) { return p.second.passed; }))
                    progress.passedAt = attempt.at;
            } else {
                lastFailure = attempt.at;
                if (s.attemptsLeft <= 0) failedOut = true;
            }
        }
        if (!openedAt) progress.status = LevelStatus::Locked;
        else if (progress.passedAt) progress.status = LevelStatus::Passed;
        else if (failedOut) progress.status = LevelStatus::FailedOut;
        else progress.status = LevelStatus::Open;
        if (progress.status == LevelStatus::Open) {
            progress.attemptsLeft = level.maxAttempts;
            for (const auto& [id, s] : perScenario)
                if (!s.passed) progress.attemptsLeft = std::min(progress.attemptsLeft, s.attemptsLeft);
            if (lastFailure && *lastFailure + level.cooldownHours * kHour > now)
                progress.nextAttemptAt = *lastFailure + level.cooldownHours * kHour;
        }
        progress.overdue = progress.status != LevelStatus::Passed && dueAt && now > *dueAt;
        for (const auto& id : level.scenarios) progress.scenarios.push_back(perScenario[id]);
        openedAt = progress.passedAt;
        result.levels.push_back(std::move(progress));
    }
    if (!result.levels.empty() && result.levels.back().passedAt) result.certifiedAt = result.levels.back().passedAt;
    return result;
}

} // namespace

TrackProgress computeTrackProgress(const Track& track, int64_t start, int64_t now,
                                   const std::vector<TrackAttempt>& attempts) {
    std::vector<size_t> order(attempts.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return attempts[a].at < attempts[b].at; });

    TrackProgress progress;
    progress.trackId = track.id;
    progress.cycleStart = start;
    // Each expired certificate starts a new cycle at its expiry; the number of cycles is bounded
    // by the time span, but a cap keeps a hostile clock from looping for long.
    for (int cycle = 1; cycle <= 1000; ++cycle) {
        progress.cycle = cycle;
        progress.dueAt.reset();
        if (track.dueDaysFromStart) progress.dueAt = progress.cycleStart + *track.dueDaysFromStart * kDay;
        CycleResult result = playCycle(track, progress.cycleStart, cycle == 1, now, attempts, order, progress.dueAt);
        progress.levels = std::move(result.levels);
        progress.certifiedAt = result.certifiedAt;
        progress.expiresAt.reset();
        if (progress.certifiedAt) progress.expiresAt = addMonths(*progress.certifiedAt, track.recertifyMonths);
        if (!progress.expiresAt || *progress.expiresAt > now) break;
        progress.cycleStart = *progress.expiresAt;  // expired: recertify from here
    }
    progress.certified = progress.expiresAt && *progress.expiresAt > now;
    progress.overdue = !progress.certifiedAt && progress.dueAt && now > *progress.dueAt;
    return progress;
}

} // namespace simdesk
