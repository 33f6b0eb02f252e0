// Insights: the figures a lead reads at a glance (score trends, weakest criteria, tempting wrong
// choices, time to certify), computed from plain records. Pure and deterministic: no SQL, no
// clock, no GUI. The store side fills the records (cli/records_source.cpp reads them through the
// TrainingStore interface, so any store implementation feeds the same figures); the command line
// prints them, and the app's dashboards can draw the same structs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace simdesk::insights {

/// One criterion of a scored play: the automatic level, and the official one after reviews.
struct CriterionRecord {
    std::string id, title;
    bool applicable = true;  ///< false: N/A in this play (no level)
    int automaticLevel = 0;
    int officialLevel = 0;   ///< the latest reviewer's level, else the automatic one
    int maxLevel = 1;        ///< top of the scale (levels - 1)
    double weight = 1;
    bool critical = false;   ///< the rubric marks the criterion critical
    std::string anchor;      ///< the rubric's words for the automatic level (may be empty)
};

/// A choice a trainee made at a decision node, in play order.
struct ChoiceRecord {
    std::string nodeId, choiceId;
};

/// One recorded session as the figures need it.
struct PlayRecord {
    int64_t sessionId = 0;
    std::string trainee, scenarioId, scenarioTitle, rubricId, mode;  ///< mode: "practice" or "exam"
    std::string team;        ///< the trainee's team now (blank: none); a play counts for the team they are in
    int64_t startedAt = 0;
    std::optional<int64_t> finishedAt;
    bool scored = false;     ///< has a scoring run; the fields below are meaningful only then
    double percent = 0;      ///< official (final) percent of the latest scoring run
    bool passed = false;
    double passMark = 80;    ///< the rubric's pass threshold the play was scored against
    int criticalCount = 0;   ///< critical errors plus failed typed replies
    std::vector<CriterionRecord> criteria;
    std::vector<ChoiceRecord> choices;
};

/// What a report is about. Empty fields do not filter.
struct Filter {
    std::optional<int64_t> since, until;  ///< seconds since the epoch; a play counts by its start, since <= start < until
    std::string trainee, scenario;
    std::vector<std::string> scenarios;  ///< a track's scenarios; empty: any
    std::string team;                    ///< only trainees of this team; empty: any
};

bool matches(const Filter& filter, const PlayRecord& play);
std::vector<PlayRecord> filtered(const std::vector<PlayRecord>& plays, const Filter& filter);

// ---- score trend ---------------------------------------------------------------------------------

struct TrendPoint {
    int64_t at = 0;          ///< when the play started
    int64_t sessionId = 0;   ///< 0 for a team day (a mean of several plays)
    double percent = 0;
    bool passed = false;
    int plays = 1;           ///< plays behind the point (team days: that day's plays)
};

struct TrendSeries {
    std::string who;   ///< a trainee's name, or "team"
    std::string mode;  ///< "practice" or "exam": never mixed in one series
    std::vector<TrendPoint> points;  ///< oldest first
    double first = 0, last = 0, mean = 0;
    double change = 0;  ///< last minus first, in percentage points
};

struct Trends {
    double passMark = 80;             ///< the pass mark most plays were scored against
    std::vector<TrendSeries> trainees;  ///< by name, then practice before exam
    std::vector<TrendSeries> team;      ///< per UTC day: the mean of that day's plays
};

/// Official scores of scored, finished plays over time.
Trends scoreTrends(const std::vector<PlayRecord>& plays);

/// One scored, finished play as the trend needs it (a database reads these without the cards).
struct ScoredPlay {
    std::string trainee, mode;
    int64_t startedAt = 0, sessionId = 0;
    double percent = 0;
    bool passed = false;
    double passMark = 80;
};
/// One UTC day of one mode: the sum of that day's official percents and how many plays.
struct TeamDay {
    std::string mode;
    int64_t day = 0;  ///< midnight UTC, seconds since the epoch
    double sum = 0;
    int plays = 0;
};
/// The trend from what a database summed: `plays` in play order (start, then session id), `days`
/// in (mode, day) order. scoreTrends(records) is this over the records' own plays and days.
Trends scoreTrends(const std::vector<ScoredPlay>& plays, const std::vector<TeamDay>& days);

// ---- weakest criteria ------------------------------------------------------------------------------

struct CriterionStrength {
    std::string id, title;
    double meanShare = 0;  ///< mean official level / max level, 0..1
    int plays = 0;         ///< plays in which the criterion applied
};

/// Every criterion that applied in some scored play, weakest first (ties: fewer plays last, then id).
std::vector<CriterionStrength> weakestCriteria(const std::vector<PlayRecord>& plays);

/// One criterion summed over plays: the sum of official level / max level, and the plays behind
/// it; `title` is the one its first play (lowest session id) gave.
struct CriterionTally {
    std::string id, title;
    double shareSum = 0;
    int plays = 0;
};
/// The same ranking from tallies a database summed (one per criterion id).
std::vector<CriterionStrength> weakestCriteria(std::vector<CriterionTally> tallies);

// ---- choice analytics -----------------------------------------------------------------------------

/// What a scenario offers at one decision node (from the content, so unpicked choices show too).
struct DecisionNode {
    std::string nodeId, prompt;
    std::vector<std::pair<std::string, std::string>> choices;  ///< id, text, in content order
};

struct ChoiceCount {
    std::string choiceId, text;
    int firstAttempt = 0;   ///< trainees who picked it on their first play of the scenario
    int laterAttempts = 0;  ///< trainees who picked it on a later play (each trainee once)
    bool best = false;      ///< the analysed best path's choice at this node
};

struct NodeChoices {
    std::string nodeId, prompt;
    int firstTrainees = 0, laterTrainees = 0;  ///< trainees who reached the node on a first / later play
    std::vector<ChoiceCount> choices;
};

struct ScenarioChoices {
    std::string scenarioId;
    int trainees = 0, plays = 0;
    std::vector<NodeChoices> nodes;  ///< in the order `decisionNodes` lists them
};

/// How many trainees picked what in one scenario, before the content names the choices.
struct ChoiceTally {
    int trainees = 0, plays = 0;
    std::map<std::pair<std::string, std::string>, std::pair<int, int>> picked;  ///< (node, choice) → trainees (first play, later plays)
    std::map<std::string, std::pair<int, int>> reached;                         ///< node → trainees (first play, later plays)
};

/// The tally of one scenario's plays. A trainee's plays are ordered by start (then session id);
/// a node visited twice in one play counts once per choice.
ChoiceTally tallyChoices(const std::string& scenarioId, const std::vector<PlayRecord>& plays);

/// For each decision node of a scenario: how many trainees picked each choice on their first play
/// and on later plays. `best` maps node id → the best choice id.
ScenarioChoices choiceAnalytics(const std::string& scenarioId, const std::vector<DecisionNode>& decisionNodes,
                                const std::map<std::string, std::string>& best, const ChoiceTally& tally);
/// The same from the plays themselves (tallyChoices first).
ScenarioChoices choiceAnalytics(const std::string& scenarioId, const std::vector<DecisionNode>& decisionNodes,
                                const std::map<std::string, std::string>& best, const std::vector<PlayRecord>& plays);

}  // namespace simdesk::insights
namespace simdesk {
struct Scenario;
struct Rubric;
}
namespace simdesk::insights {

/// The same from the scenario itself: its decision nodes in the order a trainee meets them
/// (breadth first from the start), and the best choices of the analysed best path.
ScenarioChoices scenarioChoices(const simdesk::Scenario& scenario, const simdesk::Rubric* rubric, const std::vector<PlayRecord>& plays);
ScenarioChoices scenarioChoices(const simdesk::Scenario& scenario, const simdesk::Rubric* rubric, const ChoiceTally& tally);

// ---- certification --------------------------------------------------------------------------------

/// Where one trainee stands on one track (the store's standing computation fills this).
struct TrackStandingRecord {
    std::string trainee, trackId, trackTitle;
    int64_t startAt = 0;                 ///< when the certification clock started
    std::optional<int64_t> dueAt;        ///< the deadline, when the track has one
    int levels = 0, levelsPassed = 0;
    std::optional<int64_t> certifiedAt;
};

struct TraineePace {
    std::string trainee;
    int levels = 0, levelsPassed = 0;
    double daysElapsed = 0;
    std::optional<double> daysToCertify;  ///< certified: start → certificate
    std::optional<double> projectedDays;  ///< not certified: start → projected finish at the current pace
    std::optional<double> daysLeft;       ///< to the deadline (negative once overdue)
    bool atRisk = false;
    std::string why;  ///< one sentence: why at risk (empty otherwise)
};

struct TrackCertification {
    std::string trackId, trackTitle;
    int trainees = 0, certified = 0, atRisk = 0;
    std::optional<double> meanDaysToCertify, medianDaysToCertify;
    std::vector<TraineePace> people;  ///< at risk first, then by name
};

/// Time to certify per track and who is at risk of missing the deadline at the current pace.
/// Pace is levels passed per day since the clock started; the projected finish is start +
/// levels / pace. At risk: not certified, with a deadline, and overdue, or projected past the
/// deadline, or no level passed after the time one level should take (the window / levels).
std::vector<TrackCertification> certificationSummary(const std::vector<TrackStandingRecord>& standings, int64_t now);

} // namespace simdesk::insights
