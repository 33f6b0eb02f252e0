#include "rubric.hpp"

#include <algorithm>

namespace simdesk {

const std::string& Criterion::anchor(int level) const {
    static const std::string none;
    if (anchors.empty()) return none;
    return anchors[static_cast<size_t>(std::clamp(level, 0, static_cast<int>(anchors.size()) - 1))];
}

const Criterion* Rubric::findCriterion(std::string_view id) const {
    for (const auto& c : criteria)
        if (c.id == id) return &c;
    return nullptr;
}

std::vector<std::string> Rubric::criterionIds() const {
    std::vector<std::string> ids;
    for (const auto& c : criteria) ids.push_back(c.id);
    return ids;
}

std::string_view naRuleName(NaRule rule) { return rule == NaRule::Exclude ? "exclude" : "count_as_pass"; }

std::string_view criticalRuleName(CriticalRule rule) {
    return rule == CriticalRule::ZeroScore ? "zero_score" : "fail_keep_score";
}

int scaleLevels(std::string_view scale) {
    if (scale == "binary") return 2;
    if (scale == "3-point") return 3;
    if (scale == "4-point") return 4;
    if (scale == "5-point") return 5;
    return 0;
}

} // namespace simdesk
