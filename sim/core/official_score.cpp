#include "official_score.hpp"

#include <algorithm>
#include <map>

namespace simdesk {

namespace {

/// The latest re-rating of each criterion, by time; at the same time the later one listed.
std::map<std::string, const Rerating*> latestPerCriterion(const std::vector<Rerating>& reratings) {
    std::map<std::string, const Rerating*> latest;
    for (const auto& r : reratings) {
        auto& slot = latest[r.criterionId];
        if (!slot || r.at >= slot->at) slot = &r;
    }
    return latest;
}

const Criterion* findCriterion(const Rubric& rubric, const std::string& id) {
    for (const auto& c : rubric.criteria)
        if (c.id == id) return &c;
    return nullptr;
}

void rerate(ScoreCard& card, CriterionResult& result, const Criterion& criterion, const Rerating& r) {
    if (!result.rerated) {
        result.rerated = true;
        result.automaticApplicable = result.applicable;
        result.automaticLevel = result.level;
    }
    result.applicable = true;
    result.level = r.level;
    result.fraction = criterion.maxLevel() > 0 ? static_cast<double>(r.level) / criterion.maxLevel() : 1.0;
    result.anchor = criterion.anchor(r.level);
    result.reratedBy = r.reviewer;
    result.reratingReason = r.reason;
    auto attributed = [&](const CriticalError& e) { return e.criterionId == criterion.id; };
    card.criticalErrors.erase(std::remove_if(card.criticalErrors.begin(), card.criticalErrors.end(), attributed),
                              card.criticalErrors.end());
    if (criterion.critical && r.level == 0)
        card.criticalErrors.push_back(CriticalError{0, "", "review", criterion.id,
                                                    criterion.title + " re-rated to its lowest level by " + r.reviewer,
                                                    r.reason});
}

} // namespace

ScoreCard applyReratings(const ScoreCard& automatic, const Rubric& rubric, const std::vector<Rerating>& reratings) {
    if (reratings.empty()) return automatic;
    ScoreCard card = automatic;
    for (const auto& [criterionId, r] : latestPerCriterion(reratings)) {
        const Criterion* criterion = findCriterion(rubric, criterionId);
        auto result = std::find_if(card.criteria.begin(), card.criteria.end(),
                                   [&](const CriterionResult& c) { return c.id == criterionId; });
        if (!criterion || result == card.criteria.end()) {
            card.notes.push_back("A re-rating of \"" + criterionId + "\" by " + r->reviewer +
                                 " is not applied: rubric \"" + rubric.id + "\" has no such criterion now.");
            continue;
        }
        if (r->level < 0 || r->level > criterion->maxLevel()) {
            card.notes.push_back("A re-rating of \"" + criterionId + "\" to level " + std::to_string(r->level) + " by " +
                                 r->reviewer + " is not applied: the scale is 0 to " +
                                 std::to_string(criterion->maxLevel()) + " now.");
            continue;
        }
        rerate(card, *result, *criterion, *r);
    }
    bool changed = std::any_of(card.criteria.begin(), card.criteria.end(), [](const CriterionResult& c) { return c.rerated; });
    if (!changed) return card;
    settleVerdict(card, rubric);
    card.automaticPercent = automatic.finalPercent;
    card.automaticPassed = automatic.passed;
    return card;
}

} // namespace simdesk
