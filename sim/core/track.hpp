// Certification tracks (tracks/*.json): levels of required scenarios, each with a pass rule,
// a number of attempts and a cool-down after a failed attempt; a deadline counted from the
// trainee's start date (seed 004: certification within 30 days of hire) and a recertification
// period. Progress is a pure function of the track, the trainee's start date, the clock and the
// attempts made; nothing here reads the time.
#pragma once

#include "analysis.hpp"
#include "calendar.hpp"
#include "json_source.hpp"
#include "rubric.hpp"
#include "scenario.hpp"
#include "schema_check.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace simdesk {

struct PassRule {
    double minPercent = 80;
    bool noCriticalErrors = true;
    std::string mode = "exam";  ///< only attempts played in this mode count
};

struct TrackLevel {
    std::string id, title, description;
    std::vector<std::string> scenarios;
    PassRule passRule;
    int maxAttempts = 3;    ///< attempts per scenario before the level is failed out
    int cooldownHours = 0;  ///< after a failed attempt, before the next attempt at the level
    std::string pointer;    ///< "/levels/<index>"
};

struct Track {
    std::string id, title, description, audience;
    std::optional<int> dueDaysFromStart;  ///< none: no deadline
    bool deadlineFromEnrolment = false;   ///< a refresher: the deadline counts from enrolment, not the start date
    int recertifyMonths = 12;
    std::vector<TrackLevel> levels;
    std::string sourcePath;

    const TrackLevel* findLevel(std::string_view id) const;
};

using TrackPtr = std::shared_ptr<const Track>;

struct TrackLoad {
    TrackPtr track;  ///< null when the file has errors
    std::vector<Diagnostic> diagnostics;
};

/// Schema check, then build: ids valid (SD011), level ids unique in the track (SD094).
TrackLoad buildTrack(const JsonDocument& doc, const SchemaChecker& schemas);

/// What a track check needs to know about a scenario: null when no valid scenario has the id.
struct TrackScenarioInfo {
    const Scenario* scenario = nullptr;
    const ScenarioAnalysis* analysis = nullptr;  ///< null without a rubric
};

/// Checks references from a track: every scenario exists (SD092, with a suggestion from
/// `scenarioIds`) and can pass under its level's pass rule, by the scenario's analysis (SD093).
/// `lookup` gives the analysed scenario for an id; `skip` ids belong to scenarios that exist but
/// have errors of their own, so they are not reported twice.
std::vector<Diagnostic> validateTrack(const Track& track, const JsonDocument& doc,
                                      const std::function<TrackScenarioInfo(const std::string&)>& lookup,
                                      const std::vector<std::string>& scenarioIds,
                                      const std::vector<std::string>& skip = {});

// ---- progress ------------------------------------------------------------------------------------

/// One scored play of a scenario towards a level.
struct TrackAttempt {
    std::string scenarioId, levelId;
    int64_t at = 0;           ///< seconds since the epoch, when the attempt finished
    double percent = 0;       ///< final score
    int criticalErrors = 0;
    bool passed = false;      ///< the rubric's verdict (informational; the level's pass rule decides)
    std::string mode = "exam";
};

enum class LevelStatus { Locked, Open, Passed, FailedOut };
std::string_view levelStatusName(LevelStatus status);

struct ScenarioProgress {
    std::string scenarioId;
    int attemptsUsed = 0, attemptsLeft = 0;
    bool passed = false;
    std::optional<double> bestPercent;
};

struct LevelProgress {
    std::string levelId;
    LevelStatus status = LevelStatus::Locked;
    int attemptsUsed = 0;    ///< counted attempts at the level, all scenarios
    int attemptsLeft = 0;    ///< fewest attempts left on a scenario not yet passed (0 when passed or failed out)
    std::optional<int64_t> nextAttemptAt;  ///< set while a cool-down is running: the earliest next attempt
    std::optional<int64_t> passedAt;
    std::optional<int64_t> dueAt;  ///< the track's deadline, when it has one
    bool overdue = false;          ///< not passed and the deadline is behind `now`
    std::vector<ScenarioProgress> scenarios;
    std::vector<size_t> ignoredAttempts;  ///< indexes of attempts that did not count (locked, cool-down, wrong mode, …)
};

struct TrackProgress {
    std::string trackId;
    int cycle = 1;                      ///< 2+ when recertifying after an expired certificate
    int64_t cycleStart = 0;             ///< the start date, or the expiry that began this cycle
    std::optional<int64_t> dueAt;
    bool overdue = false;
    std::vector<LevelProgress> levels;
    std::optional<int64_t> certifiedAt;  ///< when the last level was passed
    std::optional<int64_t> expiresAt;    ///< certifiedAt + recertify_months (calendar months, UTC)
    bool certified = false;              ///< certificate earned and not expired at `now`
};

/// Progress of one trainee on a track. `start` is the trainee's start date (seconds since the
/// epoch), `now` the clock. Attempts may come in any order; they are considered by time.
TrackProgress computeTrackProgress(const Track& track, int64_t start, int64_t now,
                                   const std::vector<TrackAttempt>& attempts);

} // namespace simdesk
