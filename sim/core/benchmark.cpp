#include "core/benchmark.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace simdesk {

int allowedDistance(int levels) { return levels <= 2 ? 0 : 1; }

namespace {

std::optional<int> levelOf(const CriterionAgreement& c, const std::string& grader) {
    for (const auto& m : c.marks)
        if (m.grader == grader) return m.level;
    return std::nullopt;
}

CriterionAlignment& criterionOf(GraderAlignment& g, const CriterionAgreement& c) {
    for (auto& a : g.criteria)
        if (a.criterionId == c.criterionId) return a;
    return g.criteria.emplace_back(CriterionAlignment{c.criterionId, c.title, c.levels, allowedDistance(c.levels), 0, 0});
}

} // namespace

std::vector<GraderAlignment> benchmarkAlignment(const std::vector<CalibrationReport>& batch, const std::string& benchmark) {
    std::map<std::string, GraderAlignment> byGrader;
    for (const auto& report : batch)
        for (const auto& ordered : report.reliability) {  // rubric order; report.criteria is most disputed first
            auto found = std::find_if(report.criteria.begin(), report.criteria.end(),
                                      [&](const CriterionAgreement& c) { return c.criterionId == ordered.criterionId; });
            if (found == report.criteria.end()) continue;
            const CriterionAgreement& criterion = *found;
            const auto reference = levelOf(criterion, benchmark);
            if (!reference) continue;
            for (const auto& mark : criterion.marks) {
                if (mark.grader == benchmark) continue;
                auto& grader = byGrader[mark.grader];
                grader.grader = mark.grader;
                auto& row = criterionOf(grader, criterion);
                const bool aligned = std::abs(mark.level - *reference) <= row.allowed;
                ++row.compared, ++grader.compared;
                row.aligned += aligned, grader.aligned += aligned;
            }
        }
    std::vector<GraderAlignment> out;
    for (auto& [name, g] : byGrader) out.push_back(std::move(g));
    return out;
}

} // namespace simdesk
