// The official score: the automatic card with reviewers' re-ratings applied (core/official_score).
// Every expected percent below is worked by hand from the weights in officialRubric().
#include "core/official_score.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {

Criterion criterion(const std::string& id, double weight, int levels, bool critical = false) {
    Criterion c;
    c.id = id;
    c.title = id;
    c.weight = weight;
    c.levels = levels;
    c.critical = critical;
    for (int l = 0; l < levels; ++l) c.anchors.push_back(id + " level " + std::to_string(l));
    return c;
}

/// Empathy (weight 2, levels 0–4), accuracy (1, 0–2), policy (1, binary, critical), response time (1, binary).
Rubric officialRubric() {
    Rubric r;
    r.id = "test-rubric";
    r.passThreshold = 80;
    r.criteria = {criterion("empathy", 2, 5), criterion("accuracy", 1, 3), criterion("policy", 1, 2, true),
                  criterion("response_time", 1, 2)};
    return r;
}

CriterionResult result(const Criterion& c, int level) {
    CriterionResult r;
    r.id = c.id;
    r.title = c.title;
    r.weight = c.weight;
    r.levels = c.levels;
    r.critical = c.critical;
    r.applicable = true;
    r.level = level;
    r.fraction = static_cast<double>(level) / c.maxLevel();
    r.anchor = c.anchor(level);
    return r;
}

/// Empathy 2/4, accuracy 2/2, policy breached (0/1, a critical error on turn 3), on time:
/// computed (2·0.5 + 1 + 0 + 1) / 5 = 60 %, zeroed by the critical error, failed.
ScoreCard breachedCard(const Rubric& rubric) {
    ScoreCard card;
    card.rubricId = rubric.id;
    card.finished = true;
    card.threshold = 80;
    for (const auto& [c, level] : std::vector<std::pair<const Criterion*, int>>{
             {&rubric.criteria[0], 2}, {&rubric.criteria[1], 2}, {&rubric.criteria[2], 0}, {&rubric.criteria[3], 1}})
        card.criteria.push_back(result(*c, level));
    card.criticalErrors.push_back(CriticalError{3, "refund", "refund_now", "policy", "policy rated at its lowest level", ""});
    settleVerdict(card, rubric);
    return card;
}

const CriterionResult& criterionOf(const ScoreCard& card, const std::string& id) {
    for (const auto& c : card.criteria)
        if (c.id == id) return c;
    FAIL("no criterion " << id);
    throw;
}

} // namespace

TEST_CASE("official score: the automatic card as worked by hand, before any re-rating") {
    Rubric rubric = officialRubric();
    ScoreCard card = breachedCard(rubric);
    CHECK(card.computedPercent == doctest::Approx(60.0));
    CHECK(card.finalPercent == 0.0);
    CHECK_FALSE(card.passed);
    ScoreCard same = applyReratings(card, rubric, {});
    CHECK_FALSE(same.automaticPercent.has_value());
    CHECK(same.finalPercent == 0.0);
}

TEST_CASE("official score: the latest re-rating of a criterion wins, and a withdrawn breach lets the attempt pass") {
    Rubric rubric = officialRubric();
    ScoreCard automatic = breachedCard(rubric);
    // Empathy re-rated twice: level 3 at t=50, then 4 at t=200 (listed first, but later in time).
    std::vector<Rerating> reratings = {{"empathy", 4, "Eva", "owned it warmly", 200},
                                       {"empathy", 3, "Rui", "warm", 50},
                                       {"policy", 1, "Rui", "verified before the refund", 100}};
    ScoreCard official = applyReratings(automatic, rubric, reratings);
    // (2·1 + 1 + 1 + 1) / 5 = 100 %, and no critical error is left.
    CHECK(official.computedPercent == doctest::Approx(100.0));
    CHECK(official.finalPercent == doctest::Approx(100.0));
    CHECK(official.criticalErrors.empty());
    CHECK(official.passed);
    REQUIRE(official.automaticPercent.has_value());
    CHECK(*official.automaticPercent == 0.0);
    CHECK(official.automaticPassed == false);

    const auto& empathy = criterionOf(official, "empathy");
    CHECK(empathy.level == 4);
    CHECK(empathy.rerated);
    CHECK(empathy.automaticLevel == 2);
    CHECK(empathy.reratedBy == "Eva");
    CHECK(empathy.anchor == "empathy level 4");
    CHECK_FALSE(criterionOf(official, "accuracy").rerated);
}

TEST_CASE("official score: a critical criterion re-rated to its lowest level is a critical error") {
    Rubric rubric = officialRubric();
    // The same card with policy compliant: (2·0.5 + 1 + 1 + 1) / 5 = 80 %, which meets the mark.
    ScoreCard card = breachedCard(rubric);
    card.criticalErrors.clear();
    card.criteria[2] = result(rubric.criteria[2], 1);
    settleVerdict(card, rubric);
    REQUIRE(card.passed);
    ScoreCard official = applyReratings(card, rubric, {{"policy", 0, "Eva", "refund promised before verifying", 30}});
    REQUIRE(official.criticalErrors.size() == 1);
    CHECK(official.criticalErrors[0].criterionId == "policy");
    CHECK(official.criticalErrors[0].explanation == "refund promised before verifying");
    CHECK(official.finalPercent == 0.0);  // the rubric's zero-score rule
    CHECK_FALSE(official.passed);
    CHECK(official.automaticPercent == doctest::Approx(80.0));
    CHECK(official.automaticPassed == true);
}

TEST_CASE("official score: a re-rating the rubric cannot take is named in the notes, not applied") {
    Rubric rubric = officialRubric();
    ScoreCard automatic = breachedCard(rubric);
    ScoreCard official = applyReratings(automatic, rubric, {{"tone", 1, "Rui", "x", 1}, {"accuracy", 7, "Rui", "y", 2}});
    CHECK_FALSE(official.automaticPercent.has_value());
    CHECK(official.finalPercent == 0.0);
    REQUIRE(official.notes.size() == 2);
    CHECK(official.notes[0] == "A re-rating of \"accuracy\" to level 7 by Rui is not applied: the scale is 0 to 2 now.");
    CHECK(official.notes[1] == "A re-rating of \"tone\" by Rui is not applied: rubric \"test-rubric\" has no such criterion now.");
}
