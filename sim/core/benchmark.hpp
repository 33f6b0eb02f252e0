// Alignment with a benchmark grader, as QA tools (MaestroQA, Zendesk QA) report it: a lead's
// grades are the benchmark of a calibration session, and each other grader is scored on how often
// their level lands within an allowed distance of the benchmark's.
//
// The formula (docs/calibration.md, "Benchmark alignment"):
//  * a comparison is one criterion of one conversation that both the grader and the benchmark graded;
//  * it is aligned when |grader − benchmark| ≤ the allowed distance: 0 (exact) for a yes/no
//    criterion, 1 level for a levelled one (3 v 4 is a near miss, 2 v 4 is not);
//  * per criterion: aligned ÷ compared over the session's conversations;
//  * overall: aligned ÷ compared over every criterion of every conversation, pooled, so a criterion
//    graded in more conversations weighs more (MaestroQA's "share of criteria within range").
// A criterion either of them left out (N/A) is not compared. Pure: reports in, figures out.
#pragma once

#include "core/calibration.hpp"

#include <optional>
#include <string>
#include <vector>

namespace simdesk {

/// The largest distance from the benchmark that still counts as aligned, for a scale of `levels`.
int allowedDistance(int levels);

struct CriterionAlignment {
    std::string criterionId, title;
    int levels = 2;
    int allowed = 0;             ///< allowedDistance(levels)
    int compared = 0, aligned = 0;
    std::optional<double> share() const { return compared ? std::optional(double(aligned) / compared) : std::nullopt; }
};

struct GraderAlignment {
    std::string grader;
    std::vector<CriterionAlignment> criteria;  ///< rubric order
    int compared = 0, aligned = 0;             ///< over every criterion, pooled
    std::optional<double> overall() const { return compared ? std::optional(double(aligned) / compared) : std::nullopt; }
};

/// Each grader other than `benchmark`, by name, across the batch (one report per conversation).
/// Empty when the benchmark graded nothing.
std::vector<GraderAlignment> benchmarkAlignment(const std::vector<CalibrationReport>& batch, const std::string& benchmark);

} // namespace simdesk
