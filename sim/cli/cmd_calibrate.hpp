// What the calibration commands share: the per-criterion reliability report (cmd_calibrate.cpp)
// and calibration sessions over a batch (cmd_calibrate_session.cpp). Internal to sim/cli.
#pragma once

#include "cli.hpp"

#include "core/calibration.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace simdesk::cli {

/// Per-criterion reliability, the automatic scorer's row, then one line explaining each figure.
void printReliability(std::ostream& out, const std::vector<CriterionReliability>& reliability, const std::string& scope);
nlohmann::json reliabilityJson(const std::vector<CriterionReliability>& reliability);

/// calibrate session new|extend|list|show|reveal|benchmark.
int calibrateSession(const GlobalOptions& global, store::TrainingStore& store, const CalibrateOptions& options, Io io);

} // namespace simdesk::cli
