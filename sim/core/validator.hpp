// Validation: everything content authors are told about a scenario or rubric, beyond syntax and
// schema — references to the rubric, points within scale, and what graph analysis finds
// (unreachable nodes, dead ends, inescapable loops, endings never reached, no passing path).
#pragma once

#include "analysis.hpp"
#include "json_source.hpp"
#include "rubric.hpp"
#include "scenario.hpp"

namespace simdesk {

/// SD052 warns when picking the longest (or shortest) option would find the best choice this rarely
/// by chance: a one-sided 5 % test against choosing uniformly at random.
inline constexpr double kLengthCueSignificance = 0.05;

/// Checks a built scenario against its rubric (null if none of that id is loaded) and its graph.
/// `rubricIds` are the loaded rubric ids, for "did you mean" suggestions.
std::vector<Diagnostic> validateScenario(const Scenario& scenario, const JsonDocument& doc, const Rubric* rubric,
                                         const std::vector<std::string>& rubricIds);

/// The first half of validateScenario: the rubric exists and every point is on its scale.
std::vector<Diagnostic> checkScenarioReferences(const Scenario& scenario, const JsonDocument& doc,
                                                const Rubric* rubric, const std::vector<std::string>& rubricIds);
/// The second half: what the analysis found. `rubric` is null when the references had errors (the
/// analysis was then made without one).
std::vector<Diagnostic> checkScenarioGraph(const Scenario& scenario, const JsonDocument& doc, const Rubric* rubric,
                                           const ScenarioAnalysis& analysis);

} // namespace simdesk
