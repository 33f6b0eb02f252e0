// Analysis: what a scenario's graph allows, computed without enumerating paths.
//
// The conversation is explored as a state graph (node × the variables conditions read × the
// customer's mood when a condition reads it), so reachability respects conditions; graphs may
// loop. Paths are never enumerated: reachability and trapping are two graph searches, the path
// count is a count over the acyclic part (or "unbounded" when a loop can be repeated), and
// scores come from a cheapest-path search plus a bound:
//   * a best (worst) path is found with Dijkstra over per-decision point losses (gains), and scored
//     exactly as the scorer would score it;
//   * an upper (lower) bound treats each criterion independently at its best (worst) observation,
//     over the applicable sets of criteria that some path could produce.
// When the path's score meets the bound the result is exact; otherwise both are reported and the
// result says it is a bound. A graph over kMaxAnalysisStates states or kMaxAnalysisEdges
// transitions is analysed on nodes alone, ignoring conditions (an over-approximation), and says
// so. If even that graph is over the edge cap, typed turns are sampled (no rule, every rule, each
// branch's rules) instead of trying every combination, and each criterion's range is widened to
// every level the content can award: the scores reported are then proven bounds, never guesses.
// Either way the memory of an analysis is bounded by the two caps, whatever the content's shape.
#pragma once

#include "rubric.hpp"
#include "scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace simdesk {

inline constexpr size_t kMaxAnalysisStates = 200000;
inline constexpr size_t kMaxAnalysisEdges = 400000;
/// States × (1 + the variables conditions read): what the states themselves hold.
inline constexpr size_t kMaxAnalysisStateValues = 2000000;

/// How closely the state graph follows the scenario.
enum class AnalysisPrecision {
    Exact,              ///< conditions and every combination of typed-turn rules followed
    ConditionsIgnored,  ///< too many states or transitions: nodes alone, conditions ignored
    RepliesSampled,     ///< still too many transitions: typed turns sampled, ranges widened
};

struct PathStep {
    std::string nodeId;
    std::string choiceId;               ///< choice turns
    std::vector<std::string> rulesMatched;  ///< free-text turns: the rules a reply would match
    bool freeText = false;
};

struct ScoreEstimate {
    double pathScore = 0;   ///< exact score of `path` (response times assumed on time for best, late for worst)
    double bound = 0;       ///< proven bound: no path scores above (best) / below (worst) this
    bool exact = false;     ///< pathScore == bound
    bool critical = false;  ///< the path commits a critical error
    std::vector<PathStep> path;
    std::string endingId;
};

struct CriterionRange {
    std::string id;
    bool rateable = false;   ///< some reachable decision rates it
    bool avoidable = true;   ///< some complete path never rates it (N/A there)
    double best = 0, worst = 0;  ///< best and worst achievable score (0..1) on paths that rate it
    bool bestExact = false, worstExact = false;
    int bestLevel = 0, worstLevel = 0;
};

enum class PassingPath { Exists, Impossible, Unknown };

struct ScenarioAnalysis {
    bool approximate = false;    ///< state space too large: conditions ignored (precision != Exact)
    AnalysisPrecision precision = AnalysisPrecision::Exact;
    size_t stateCount = 0;
    size_t edgeCount = 0;
    std::vector<bool> nodeReachable;             ///< by node index
    std::vector<size_t> deadEnds;                ///< non-ending nodes reachable with no way out
    std::vector<size_t> trapped;                 ///< reachable nodes from which no ending is reachable
    std::vector<size_t> reachableEndings, unreachableEndings;
    double pathCount = 0;                        ///< start → ending paths, if finite
    bool pathCountUnbounded = false;             ///< a loop can be repeated any number of times
    std::optional<ScoreEstimate> best, worst;    ///< empty without a rubric or without a reachable ending
    std::vector<CriterionRange> criteria;
    PassingPath passing = PassingPath::Unknown;
};

/// Analyses a scenario; `rubric` may be null (then scores are not estimated).
ScenarioAnalysis analyzeScenario(const Scenario& scenario, const Rubric* rubric);

} // namespace simdesk
