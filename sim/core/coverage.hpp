// Coverage: what the scenario library rehearses, by scenario type (seed 000), policy area
// (seed 001), channel, priority and escalation level (seed 004), and which required cells are
// empty. `simdesk coverage` prints it; a test fails while a required cell is empty.
#pragma once

#include "scenario.hpp"

#include <map>
#include <string>
#include <vector>

namespace simdesk {

/// Seed 000's five service scenario types, in the seed's order.
const std::vector<std::string>& scenarioTypes();
/// Seed 001's twenty policy areas, in the seed's order (the values of a scenario's policy_areas).
const std::vector<std::string>& policyAreas();
/// The escalation ladder of seed 004, as handoff nodes name it.
const std::vector<std::string>& escalationLevels();

using CoverageCounts = std::vector<std::pair<std::string, size_t>>;  ///< key → scenarios, in display order

struct CoverageReport {
    size_t scenarios = 0;
    CoverageCounts channels, priorities;
    CoverageCounts types;        ///< seed 000 types, by the scenario's category
    CoverageCounts categories;   ///< every category value in use (types and other categories)
    CoverageCounts areas;        ///< policy areas, by the scenario's policy_areas
    CoverageCounts escalation;   ///< scenarios with a handoff node to each level
    /// Rows: seed 000 types (by category) then policy areas (by policy_areas); columns: channels.
    std::vector<std::pair<std::string, std::map<std::string, size_t>>> categoryByChannel;
    /// "dimension: key" of every required cell with no scenario, e.g. "policy area: after_hours".
    std::vector<std::string> missing;
};

/// Counts over the scenarios. Required: every type, policy area, channel, priority, and the
/// escalation levels L2, L3, management and executive.
CoverageReport computeCoverage(const std::vector<ScenarioPtr>& scenarios);

} // namespace simdesk
