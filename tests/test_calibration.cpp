// Calibration statistics: what a QA lead reads after a blind round — where the graders split,
// how often they agree, whether one of them grades harder than the rest. Every expected figure
// below was worked out by hand; the working is in the comments.
#include "core/calibration.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {

Criterion criterion(std::string id, int levels) {
    Criterion c;
    c.id = id;
    c.title = id;
    c.levels = levels;
    c.anchors.assign(size_t(levels), "anchor");
    return c;
}

/// The test rubric's shape: empathy 5-point, accuracy 3-point, policy and response time binary.
Rubric testRubric() {
    Rubric r;
    r.id = "test-rubric";
    r.criteria = {criterion("empathy", 5), criterion("accuracy", 3), criterion("policy", 2), criterion("response_time", 2)};
    return r;
}

// Eva and Tom agree everywhere; Rui grades empathy two levels lower and fails policy. Nobody
// grades response time (they judged it not applicable).
std::vector<CalibrationMark> splitRound() {
    return {{"Eva", "empathy", 3, ""},  {"Rui", "empathy", 1, "no apology"}, {"Tom", "empathy", 3, ""},
            {"Eva", "accuracy", 2, ""}, {"Rui", "accuracy", 2, ""},          {"Tom", "accuracy", 2, ""},
            {"Eva", "policy", 1, ""},   {"Rui", "policy", 0, "refund promised"}, {"Tom", "policy", 1, ""}};
}

const CriterionAgreement& find(const CalibrationReport& r, const std::string& id) {
    for (const auto& c : r.criteria)
        if (c.criterionId == id) return c;
    FAIL("no criterion " << id);
    throw;
}

} // namespace

TEST_CASE("Krippendorff's alpha (interval) matches a hand computation") {
    // Two graders, three criteria on a 0..1 scale: (1, 1), (0, .5), (.5, 1).
    // D_o = (0 + 2·.25 + 2·.25) / 6 = 1/6.  All six values: Σv = 4, Σv² = 3.5,
    // Σ_{i<j} (vi − vj)² = 6·3.5 − 16 = 5, ordered pairs 10, D_e = 10 / 30 = 1/3.  alpha = 1 − ½ = 0.5.
    CHECK(*krippendorffAlphaInterval({{1, 1}, {0, 0.5}, {0.5, 1}}) == doctest::Approx(0.5));
    // Perfect agreement with some variation between criteria is 1.
    CHECK(*krippendorffAlphaInterval({{1, 1, 1}, {0, 0, 0}}) == doctest::Approx(1.0));
    // A single grader per criterion pairs nothing; identical values everywhere leave nothing to explain.
    CHECK_FALSE(krippendorffAlphaInterval({{1}, {0}}).has_value());
    CHECK_FALSE(krippendorffAlphaInterval({{1, 1}, {1, 1}}).has_value());
    // Systematic disagreement is worse than chance: alpha goes negative.
    CHECK(*krippendorffAlphaInterval({{0, 1}, {1, 0}}) < 0);
}

TEST_CASE("a calibration report puts the disputed criteria first and names the harsh grader") {
    std::map<std::string, int> automatic = {{"empathy", 2}, {"accuracy", 2}, {"policy", 1}, {"response_time", 1}};
    CalibrationReport report = analyseCalibration(testRubric(), splitRound(), automatic);

    // Spread as a share of the scale: policy 1/1, empathy 2/4, accuracy 0, response time 0 (no grades).
    REQUIRE(report.criteria.size() == 4);
    CHECK(report.criteria[0].criterionId == "policy");
    CHECK(report.criteria[1].criterionId == "empathy");
    CHECK(report.criteria[2].criterionId == "accuracy");
    CHECK(report.criteria[3].criterionId == "response_time");

    const auto& empathy = find(report, "empathy");
    CHECK(empathy.lowest == 1);
    CHECK(empathy.highest == 3);
    CHECK(empathy.median == 3);
    CHECK(empathy.exactAgreement == doctest::Approx(1.0 / 3));  // of (Eva,Rui) (Eva,Tom) (Rui,Tom) only Eva–Tom agree
    CHECK(empathy.disputed);                                      // 2 of 4 levels is half the scale
    CHECK(*empathy.automaticLevel == 2);
    CHECK_FALSE(find(report, "accuracy").disputed);
    CHECK(find(report, "policy").disputed);
    CHECK(find(report, "response_time").marks.empty());

    // 9 pairs in all (3 per graded criterion); 1 + 3 + 1 agree.
    CHECK(report.gradedPairs == 9);
    CHECK(report.exactAgreement == doctest::Approx(5.0 / 9));
    // Normalised units: empathy (.75, .25, .75), accuracy (1, 1, 1), policy (1, 0, 1).
    // D_o = (1.0/2 + 0 + 4/2) / 9 = 2.5/9.  Σv = 6.75, Σv² = 6.1875, 9·6.1875 − 6.75² = 10.125,
    // ordered 20.25, D_e = 20.25 / 72.  alpha = 1 − 180/182.25 = 2.25/182.25.
    REQUIRE(report.alpha.has_value());
    CHECK(*report.alpha == doctest::Approx(2.25 / 182.25));

    REQUIRE(report.graders.size() == 3);
    const GraderSummary& rui = report.graders[1];
    CHECK(rui.grader == "Rui");
    CHECK(rui.graded == 3);
    CHECK(rui.missing == 1);
    CHECK(rui.matchesMedian == 1);  // accuracy only
    // (1 − 3)/4 = −.5, 0, (0 − 1)/1 = −1 → mean −.5: harsh.
    CHECK(rui.leanShare == doctest::Approx(-0.5));
    CHECK(rui.lean == Lean::Harsh);
    // Against the automatic score: (1 − 2)/4, 0, (0 − 1)/1 → −1.25/3.
    CHECK(*rui.versusAutomatic == doctest::Approx(-1.25 / 3));
    const GraderSummary& eva = report.graders[0];
    CHECK(eva.lean == Lean::InLine);
    CHECK(eva.leanShare == doctest::Approx(0));
    CHECK(*eva.versusAutomatic == doctest::Approx(0.25 / 3));  // one level above on empathy's 4
}

TEST_CASE("grades for a criterion the rubric does not have are reported, not counted") {
    auto marks = splitRound();
    marks.push_back({"Eva", "tone", 1, ""});
    CalibrationReport report = analyseCalibration(testRubric(), marks, {});
    CHECK(report.unknownCriteria == std::vector<std::string>{"tone"});
    CHECK(report.gradedPairs == 9);
    CHECK_FALSE(report.criteria[0].automaticLevel.has_value());
    CHECK_FALSE(report.graders[0].versusAutomatic.has_value());
}

TEST_CASE("one grader alone agrees with nobody and is not called harsh or lenient") {
    CalibrationReport report = analyseCalibration(testRubric(), {{"Eva", "empathy", 0, ""}}, {});
    CHECK(report.gradedPairs == 0);
    CHECK_FALSE(report.alpha.has_value());
    CHECK_FALSE(report.criteria[0].disputed);
    CHECK(report.graders[0].lean == Lean::InLine);
}

TEST_CASE("reviewer trends: agreement with peers and lean, across rounds") {
    Rubric rubric = testRubric();
    CalibrationReport first = analyseCalibration(rubric, splitRound(), {});
    // A second round with Eva and Rui only: empathy 2 and 2, policy 1 and 0.
    CalibrationReport second =
        analyseCalibration(rubric, {{"Eva", "empathy", 2, ""}, {"Rui", "empathy", 2, ""}, {"Eva", "policy", 1, ""}, {"Rui", "policy", 0, ""}}, {});
    auto trends = reviewerTrends({first, second});
    REQUIRE(trends.size() == 3);
    const ReviewerTrend& eva = trends[0];
    const ReviewerTrend& rui = trends[1];
    const ReviewerTrend& tom = trends[2];
    // Eva, round 1: empathy (3 v 1 no, 3 v 3 yes), accuracy (yes, yes), policy (1 v 0 no, 1 v 1 yes): 4 of 6.
    // Round 2: empathy yes, policy no: 1 of 2. In all 5 of 8.
    CHECK(eva.rounds == 2);
    CHECK(eva.compared == 8);
    CHECK(eva.exactAgreement == doctest::Approx(5.0 / 8));
    // Her lean: 0 in round 1; round 2, policy median .5: (1 − .5)/1 = .5, empathy 0 → .25. Mean .125: in line.
    CHECK(eva.meanLean == doctest::Approx(0.125));
    CHECK(eva.lean == Lean::InLine);
    CHECK(eva.lenientRounds == 1);
    // Rui: 2 of 6, then 1 of 2 → 3 of 8; lean −.5 then −.25 → −.375: harsh, in both rounds.
    CHECK(rui.exactAgreement == doctest::Approx(3.0 / 8));
    CHECK(rui.meanLean == doctest::Approx(-0.375));
    CHECK(rui.lean == Lean::Harsh);
    CHECK(rui.harshRounds == 2);
    CHECK(tom.rounds == 1);
    CHECK(tom.exactAgreement == doctest::Approx(4.0 / 6));
}

TEST_CASE("reliability per criterion across a batch: nominal alpha for yes/no, not enough data below ten grades") {
    Rubric rubric = testRubric();
    // Five conversations, Eva and Rui on policy (yes/no): (1,1) (1,1) (1,0) (0,0) (1,1).
    // Empathy (5 levels) is graded in the first two conversations only: 4 grades, not enough.
    std::vector<std::pair<int, int>> policy = {{1, 1}, {1, 1}, {1, 0}, {0, 0}, {1, 1}};
    std::vector<CalibrationReport> batch;
    for (size_t i = 0; i < policy.size(); ++i) {
        std::vector<CalibrationMark> marks = {{"Eva", "policy", policy[i].first, ""}, {"Rui", "policy", policy[i].second, ""}};
        if (i < 2) {
            marks.push_back({"Eva", "empathy", 3, ""});
            marks.push_back({"Rui", "empathy", 2, ""});
        }
        batch.push_back(analyseCalibration(rubric, marks, {}));
    }
    auto reliability = criterionReliability(batch);
    auto find = [&](const std::string& id) -> const CriterionReliability& {
        for (const auto& r : reliability)
            if (r.criterionId == id) return r;
        FAIL("no criterion " << id);
        throw;
    };
    const auto& p = find("policy");
    CHECK(p.metric == AlphaMetric::Nominal);
    CHECK(p.conversations == 5);
    CHECK(p.pairable == 10);
    REQUIRE(p.enoughData);
    // Coincidences o_00 = 2, o_11 = 6, o_01 = o_10 = 1; n_0 = 3, n_1 = 7, n = 10.
    // D_o = 2/10, D_e = 2·3·7/(10·9) = 7/15, alpha = 1 − (1/5)/(7/15) = 4/7.
    REQUIRE(p.alpha.has_value());
    CHECK(p.alpha->alpha == doctest::Approx(4.0 / 7));
    REQUIRE(p.interval.has_value());
    CHECK(p.interval->low <= p.alpha->alpha);
    CHECK(p.interval->high >= p.alpha->alpha);
    CHECK(p.interval->samples == kCalibrationBootstrapSamples);
    // Percent agreement 4/5. AC1: π_1 = (1 + 1 + .5 + 0 + 1)/5 = .7, p_e = 2·.7·.3 = .42,
    // AC1 = (.8 − .42)/(1 − .42) = 19/29.
    CHECK(*p.percentAgreement == doctest::Approx(0.8));
    REQUIRE(p.gwet.has_value());
    CHECK(p.gwet->value == doctest::Approx(19.0 / 29));

    const auto& e = find("empathy");
    CHECK(e.metric == AlphaMetric::Ordinal);
    CHECK(e.pairable == 4);
    CHECK_FALSE(e.enoughData);
    CHECK_FALSE(e.alpha.has_value());
    CHECK_FALSE(e.percentAgreement.has_value());
    CHECK_FALSE(e.gwet.has_value());

    // The same batch, the same interval: the seed is fixed.
    bool compared = false;
    for (const auto& again : criterionReliability(batch)) {
        if (again.criterionId != "policy") continue;
        REQUIRE(again.interval.has_value());
        CHECK(again.interval->low == p.interval->low);
        CHECK(again.interval->high == p.interval->high);
        compared = true;
    }
    CHECK(compared);
    // A single round is a batch of one: three graders give three grades, never enough.
    CalibrationReport one = analyseCalibration(rubric, splitRound(), {});
    REQUIRE(one.reliability.size() == 4);
    for (const auto& r : one.reliability) CHECK_FALSE(r.enoughData);
    CHECK(one.alphaPairable == 9);
}

TEST_CASE("the automatic scorer is one more rater: its alpha against the people's consensus, flagged when it leans") {
    Rubric rubric = testRubric();
    // Five conversations, Eva and Rui on policy: (1,1) (1,1) (1,0) (0,0) (1,1); the scorer says 1 each time.
    // Consensus (median, half up): 1, 1, 1, 0, 1. Pairs (scorer, consensus): four (1,1) and one (1,0).
    std::vector<std::pair<int, int>> policy = {{1, 1}, {1, 1}, {1, 0}, {0, 0}, {1, 1}};
    std::vector<CalibrationReport> batch;
    for (const auto& [eva, rui] : policy)
        batch.push_back(analyseCalibration(rubric, {{"Eva", "policy", eva, ""}, {"Rui", "policy", rui, ""}}, {{"policy", 1}}));
    for (const auto& r : criterionReliability(batch)) {
        if (r.criterionId != "policy") continue;
        // n = 10 values: n_1 = 9, n_0 = 1. o_01 = o_10 = 1, so D_o = 2/10; D_e = 2·1·9/(10·9) = 2/10; alpha = 0.
        CHECK(r.automaticPairable == 10);
        REQUIRE(r.automaticAlpha.has_value());
        CHECK(*r.automaticAlpha == doctest::Approx(0.0));
        // Lean: (0 + 0 + 0 + 1 + 0) / 5 = +0.2, above the 0.15 threshold: more lenient than the people.
        REQUIRE(r.automaticLean.has_value());
        CHECK(*r.automaticLean == doctest::Approx(0.2));
        CHECK(r.automaticFlagged);
        CHECK(automaticRaterLine(r) ==
              "policy: scorer vs people alpha 0.00 · lean +0.20 (more lenient) · 10 values — check the rubric's rule for this criterion");
    }
    // One conversation is not enough to judge the scorer.
    auto one = criterionReliability({batch[0]});
    for (const auto& r : one)
        if (r.criterionId == "policy") {
            CHECK_FALSE(r.automaticAlpha.has_value());
            CHECK_FALSE(r.automaticFlagged);
            CHECK(automaticRaterLine(r) == "policy: scorer vs people not enough data (2 values; 10 needed)");
        }
}

// ---------------------------------------------------------------------------------------------
// Calibration sessions: sampling a batch, and alignment with a benchmark grader
// ---------------------------------------------------------------------------------------------

#include "core/benchmark.hpp"
#include "core/calibration_sampling.hpp"

#include <algorithm>
#include <set>

namespace {

/// Ten conversations: six of scenario "a", three of "b", one of "c"; ids 101..110.
std::vector<SampleCandidate> tenConversations() {
    std::vector<SampleCandidate> pool;
    for (int i = 0; i < 10; ++i) {
        std::string scenario = i < 6 ? "a" : i < 9 ? "b" : "c";
        pool.push_back({101 + i, scenario, i % 2 ? "billing" : "", 55.0 + 5 * i});
    }
    return pool;
}

int countIn(const std::vector<int64_t>& picked, const std::vector<SampleCandidate>& pool, const std::string& scenario) {
    return int(std::count_if(picked.begin(), picked.end(), [&](int64_t id) {
        return std::any_of(pool.begin(), pool.end(), [&](const SampleCandidate& c) { return c.id == id && c.scenario == scenario; });
    }));
}

} // namespace

TEST_CASE("score bands split where coaching decisions change") {
    CHECK(scoreBand(59.9) == "below 60");
    CHECK(scoreBand(60) == "60-79");
    CHECK(scoreBand(79.99) == "60-79");
    CHECK(scoreBand(80) == "80-89");
    CHECK(scoreBand(90) == "90-100");
    CHECK(scoreBand(std::nullopt) == "unscored");
    CHECK(parseStratum("track") == Stratum::Track);
    CHECK_FALSE(parseStratum("colour").has_value());
}

TEST_CASE("a stratified sample gives each stratum its share, largest remainders first") {
    // 5 of 10: a 6·5/10 = 3.0, b 3·5/10 = 1.5, c 1·5/10 = 0.5. Floors 3 + 1 + 0 = 4; the fifth place
    // goes to the largest remainder, b and c tie at .5, so the earlier name, b: a 3, b 2, c 0.
    auto quotas = stratumQuotas(tenConversations(), 5, Stratum::Scenario);
    REQUIRE(quotas.size() == 3);
    CHECK(quotas[0] == std::pair<std::string, int>{"a", 3});
    CHECK(quotas[1] == std::pair<std::string, int>{"b", 2});
    CHECK(quotas[2] == std::pair<std::string, int>{"c", 0});
    auto picked = sampleConversations(tenConversations(), 5, 7, Stratum::Scenario);
    REQUIRE(picked);
    CHECK(picked->size() == 5);
    CHECK(countIn(*picked, tenConversations(), "a") == 3);
    CHECK(countIn(*picked, tenConversations(), "b") == 2);
    CHECK(std::set<int64_t>(picked->begin(), picked->end()).size() == 5);  // no conversation twice
    CHECK(std::is_sorted(picked->begin(), picked->end()));
}

TEST_CASE("a sample is the same for the same seed, whatever the pool's order") {
    auto pool = tenConversations();
    auto first = sampleConversations(pool, 4, 42, Stratum::None);
    std::reverse(pool.begin(), pool.end());
    auto again = sampleConversations(pool, 4, 42, Stratum::None);
    REQUIRE(first);
    REQUIRE(again);
    CHECK(*first == *again);
    auto other = sampleConversations(pool, 4, 43, Stratum::None);
    REQUIRE(other);
    CHECK(*other != *first);  // another seed, another batch
    // The whole pool is every conversation; a sample cannot be larger, empty, or count one twice.
    CHECK(*sampleConversations(pool, 10, 1, Stratum::Band) == std::vector<int64_t>{101, 102, 103, 104, 105, 106, 107, 108, 109, 110});
    CHECK(sampleConversations(pool, 11, 1, Stratum::None).error().message ==
          "cannot sample 11 conversations from 10 finished, scored ones");
    CHECK_FALSE(sampleConversations(pool, 0, 1, Stratum::None));
    pool.push_back(pool.front());
    CHECK_FALSE(sampleConversations(pool, 2, 1, Stratum::None));
}

TEST_CASE("a session's deadline is extended only to a later day that is not over yet") {
    const int64_t dec3 = 1796256000;            // 2026-12-03 00:00 UTC
    const int64_t now = dec3 + 15 * 3600;       // 15:00 that day
    const int64_t current = dec3 + 86400 - 1;   // grading closes at the end of 3 December
    CHECK(*endOfGradingDay("2026-12-03") == current);
    CHECK_FALSE(endOfGradingDay("2026-02-30"));
    auto later = extendedDeadline("2026-12-10", current, now);
    REQUIRE(later);
    CHECK(*later == current + 7 * 86400);
    CHECK(extendedDeadline("10/12/2026", current, now).error().message ==
          "\"10/12/2026\" is not a date; give the new last day as YYYY-MM-DD");
    CHECK(extendedDeadline("2026-12-02", dec3 - 5 * 86400, now).error().message ==
          "2026-12-02 is already over; the new last day is today (2026-12-03) or later");
    CHECK(extendedDeadline("2026-12-03", current, now).error().message ==
          "grading already runs until the end of 2026-12-03; an extension is a later day");
    // A deadline that has passed can be moved to today: grading reopens until midnight.
    CHECK(*extendedDeadline("2026-12-03", dec3 - 1, now) == current);
}

TEST_CASE("alignment with the benchmark: exact on yes/no criteria, within one level on levelled ones") {
    // Eva is the benchmark. Two conversations on the test rubric (empathy 0-4, accuracy 0-2, policy 0-1):
    //   conversation 1: Eva 3/2/1, Rui 1/2/0, Tom 4/1/1;   conversation 2: Eva 2/0/0, Rui 2/–/0, Tom 0/2/0.
    // Rui: empathy |1−3| = 2 miss, |2−2| = 0 hit → 1/2; accuracy 0 hit (N/A in 2) → 1/1; policy miss, hit
    //      → 1/2; overall 3/5 = 60 %.
    // Tom: empathy |4−3| = 1 hit, |0−2| = 2 miss → 1/2; accuracy |1−2| = 1 hit, |2−0| = 2 miss → 1/2;
    //      policy hit, hit → 2/2; overall 4/6 ≈ 66.7 %.
    const Rubric rubric = testRubric();
    auto one = analyseCalibration(rubric, {{"Eva", "empathy", 3, ""}, {"Eva", "accuracy", 2, ""}, {"Eva", "policy", 1, ""},
                                           {"Rui", "empathy", 1, ""}, {"Rui", "accuracy", 2, ""}, {"Rui", "policy", 0, ""},
                                           {"Tom", "empathy", 4, ""}, {"Tom", "accuracy", 1, ""}, {"Tom", "policy", 1, ""}},
                                  {});
    auto two = analyseCalibration(rubric, {{"Eva", "empathy", 2, ""}, {"Eva", "accuracy", 0, ""}, {"Eva", "policy", 0, ""},
                                           {"Rui", "empathy", 2, ""}, {"Rui", "policy", 0, ""},
                                           {"Tom", "empathy", 0, ""}, {"Tom", "accuracy", 2, ""}, {"Tom", "policy", 0, ""}},
                                  {});
    auto aligned = benchmarkAlignment({one, two}, "Eva");
    REQUIRE(aligned.size() == 2);
    const GraderAlignment& rui = aligned[0];
    CHECK(rui.grader == "Rui");
    CHECK(rui.compared == 5);
    CHECK(*rui.overall() == doctest::Approx(0.6));
    REQUIRE(rui.criteria.size() == 3);
    CHECK(rui.criteria[0].criterionId == "empathy");  // rubric order
    CHECK(rui.criteria[0].allowed == 1);
    CHECK(*rui.criteria[0].share() == doctest::Approx(0.5));
    CHECK(rui.criteria[1].compared == 1);
    CHECK(rui.criteria[2].allowed == 0);
    CHECK(*rui.criteria[2].share() == doctest::Approx(0.5));
    const GraderAlignment& tom = aligned[1];
    CHECK(tom.aligned == 4);
    CHECK(*tom.overall() == doctest::Approx(2.0 / 3));
    CHECK(*tom.criteria[1].share() == doctest::Approx(0.5));
    CHECK(*tom.criteria[2].share() == doctest::Approx(1.0));
    // A benchmark who graded nothing gives nothing to align with.
    CHECK(benchmarkAlignment({one, two}, "Nobody").empty());
}
