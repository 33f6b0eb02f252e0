// Scoring against hand-computed expectations: weights, N/A rules, critical-error rules and
// response time against seed 004's channel standards.
#include "test_support.hpp"

#include "core/player.hpp"
#include "core/scoring.hpp"
#include "core/standards.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {
constexpr int64_t kT0 = 1767603600;

Transcript playMini(const std::vector<std::pair<std::string, double>>& actions, const std::string& reply = "",
                    double replySeconds = 30) {
    auto session = PlaySession::start(test::miniScenario(), kT0);
    int64_t now = kT0;
    for (const auto& [choice, seconds] : actions) {
        now += static_cast<int64_t>(seconds);
        REQUIRE(session->choose(choice, seconds, now));
    }
    if (!reply.empty()) REQUIRE(session->reply(reply, replySeconds, now + 30));
    return session->transcript();
}

RubricPtr rubricWith(NaRule na, CriticalRule critical) {
    auto rubric = std::make_shared<Rubric>(*test::testRubric());
    rubric->naRule = na;
    rubric->criticalRule = critical;
    return rubric;
}

const CriterionResult& criterion(const ScoreCard& card, const std::string& id) {
    for (const auto& c : card.criteria)
        if (c.id == id) return c;
    FAIL("no criterion " << id);
    throw;
}
} // namespace

TEST_CASE("the best path scores 100% with evidence for every point") {
    auto t = playMini({{"verify", 20}, {"refund", 20}}, "Sorry about that, the duplicate $42 charge is refunded to your card.");
    auto card = scoreTranscript(*test::miniScenario(), *test::testRubric(), t);
    REQUIRE(card);
    CHECK(card->finished);
    CHECK(card->passed);
    CHECK(card->finalPercent == doctest::Approx(100.0));
    const auto& empathy = criterion(*card, "empathy");
    REQUIRE(empathy.evidence.size() == 2);  // the refund choice and the apology rule
    CHECK(empathy.evidence[1].source == Evidence::Source::Rule);
    CHECK(empathy.evidence[1].sourceId == "apology");
    REQUIRE(empathy.evidence[1].spans.size() == 1);
    CHECK(empathy.evidence[1].spans[0].begin == 0);
    CHECK(empathy.evidence[1].spans[0].end == 5);  // "Sorry"
    CHECK(empathy.anchor == "Warm and owning");
}

TEST_CASE("weights and means: a missed apology costs exactly what the weights say") {
    // empathy: refund 4/4 and no apology 1/4 → mean 0.625 (w2); accuracy 2/2 twice → 1 (w1);
    // policy 1/1 (w1); response time all on time → 1 (w1). (1.25 + 1 + 1 + 1) / 5 = 85%.
    auto t = playMini({{"verify", 20}, {"refund", 20}}, "The duplicate $42 charge is refunded to your card.");
    auto card = scoreTranscript(*test::miniScenario(), *test::testRubric(), t);
    REQUIRE(card);
    CHECK(criterion(*card, "empathy").fraction == doctest::Approx(0.625));
    CHECK(criterion(*card, "empathy").level == 3);  // 0.625 × 4 = 2.5 rounds to 3
    CHECK(card->computedPercent == doctest::Approx(85.0));
    CHECK(card->passed);
}

TEST_CASE("N/A criteria: excluded from the denominator, or counted as a pass") {
    // verify (accuracy 2/2) then stall twice (empathy 1/4 twice) → ending "angry". Policy is N/A.
    auto t = playMini({{"verify", 20}, {"stall", 20}, {"stall", 20}});
    auto excluded = scoreTranscript(*test::miniScenario(), *rubricWith(NaRule::Exclude, CriticalRule::ZeroScore), t);
    REQUIRE(excluded);
    CHECK_FALSE(criterion(*excluded, "policy").applicable);
    // empathy 0.25×2 + accuracy 1 + response 1 = 2.5 over weights 2+1+1 = 62.5%
    CHECK(excluded->computedPercent == doctest::Approx(62.5));
    auto counted = scoreTranscript(*test::miniScenario(), *rubricWith(NaRule::CountAsPass, CriticalRule::ZeroScore), t);
    // the same plus policy counted as 1 (w1): 3.5 / 5 = 70%
    CHECK(counted->computedPercent == doctest::Approx(70.0));
    CHECK_FALSE(counted->passed);
}

TEST_CASE("critical errors: zero the score, or fail while keeping it, reported either way") {
    auto t = playMini({{"card", 20}});
    auto zeroed = scoreTranscript(*test::miniScenario(), *rubricWith(NaRule::Exclude, CriticalRule::ZeroScore), t);
    REQUIRE(zeroed);
    // The choice is critical and also rates policy (a critical criterion) 0: one error, naming both,
    // with the choice's feedback as the explanation.
    REQUIRE(zeroed->criticalErrors.size() == 1);
    CHECK(zeroed->criticalErrors[0].reason == "Asked for a full card number");
    CHECK(zeroed->criticalErrors[0].criterionId == "policy");
    CHECK(zeroed->criticalErrors[0].explanation == "Never ask for card numbers.");
    CHECK(zeroed->finalPercent == 0.0);
    // Computed: policy 0 (w1) + response 1 (w1) = 50%.
    CHECK(zeroed->computedPercent == doctest::Approx(50.0));
    CHECK_FALSE(zeroed->passed);

    auto kept = scoreTranscript(*test::miniScenario(), *rubricWith(NaRule::Exclude, CriticalRule::FailKeepScore), t);
    CHECK(kept->finalPercent == doctest::Approx(50.0));
    CHECK_FALSE(kept->passed);
    CHECK(kept->verdict() == "Failed: 1 critical error, score 50.0% (kept, attempt failed)");
}

TEST_CASE("a critical criterion breached once scores 0, however many turns were compliant") {
    // The mini scenario, with a missing apology also rated a policy breach.
    auto scenario = std::make_shared<Scenario>(*test::miniScenario());
    for (auto& node : scenario->nodes)
        for (auto& rule : node.rules)
            if (rule.id == "apology") rule.pointsIfMissing["policy"] = 0;
    auto session = PlaySession::start(scenario, kT0);
    REQUIRE(session->choose("verify", 20, kT0 + 20));
    REQUIRE(session->choose("refund", 20, kT0 + 40));   // policy 1: compliant
    REQUIRE(session->reply("The duplicate $42 charge has been refunded to your card today.", 30, kT0 + 70)); // policy 0: the breach
    auto card = scoreTranscript(*scenario, *rubricWith(NaRule::Exclude, CriticalRule::FailKeepScore), session->transcript());
    REQUIRE(card);
    const auto& policy = criterion(*card, "policy");
    REQUIRE(policy.evidence.size() == 2);
    // The mean of 1 and 0 would round to "Compliant"; the card says what happened instead.
    CHECK(policy.level == 0);
    CHECK(policy.fraction == 0.0);
    CHECK(policy.anchor == "Breach");
    // Kept score: empathy (4/4 + 1/4)/2 = 0.625 x2, accuracy 1, policy 0, response time 1 -> 3.25 / 5.
    CHECK(card->finalPercent == doctest::Approx(65.0));
    CHECK_FALSE(card->passed);
}

TEST_CASE("response time: chat replies over 60 s are late, the first reply also meets the priority target") {
    // The reply is one that scores full marks on its own (see the first test), so only time is lost.
    auto t = playMini({{"verify", 45}, {"refund", 75}}, "Sorry about that, the duplicate $42 charge is refunded to your card.", 60);
    auto card = scoreTranscript(*test::miniScenario(), *test::testRubric(), t);
    REQUIRE(card);
    REQUIRE(card->responseTimes.size() == 3);
    CHECK(card->responseTimes[0].withinStandard);
    CHECK_FALSE(card->responseTimes[1].withinStandard);
    CHECK(card->responseTimes[2].withinStandard);  // exactly 60 s meets "within 60 seconds"
    CHECK(criterion(*card, "response_time").fraction == doctest::Approx(2.0 / 3.0));
    // empathy 1 (w2) + accuracy 1 + policy 1 + response 2/3 = 4.667 / 5 = 93.3%
    CHECK(card->computedPercent == doctest::Approx(100.0 * (2 + 1 + 1 + 2.0 / 3.0) / 5));

    CHECK(channelStandard(Channel::Email).perReplySeconds == 4 * 3600);
    CHECK(channelStandard(Channel::Social).perReplySeconds == 2 * 3600);
    CHECK(channelStandard(Channel::Phone).perReplySeconds == 120);
    CHECK(firstReplyTargetSeconds(Channel::Email, Priority::P1) == 3600);   // P1's 1 h beats email's 4 h
    CHECK(firstReplyTargetSeconds(Channel::Email, Priority::P4) == 14400);  // email's 4 h beats P4's 72 h
}

TEST_CASE("internal actions (tool work the customer does not wait on) are not timed") {
    auto scenario = std::make_shared<Scenario>(*test::miniScenario());
    scenario->nodes[*scenario->findNode("ask")].internal = true;
    auto session = PlaySession::start(scenario, kT0);
    REQUIRE(session->choose("verify", 900, kT0 + 900));  // 15 minutes in the console
    REQUIRE(session->choose("refund", 30, kT0 + 930));
    auto card = scoreTranscript(*scenario, *test::testRubric(), session->transcript());
    REQUIRE(card);
    REQUIRE(card->responseTimes.size() == 1);
    CHECK(card->responseTimes[0].turn == 2);
    CHECK(card->responseTimes[0].targetSeconds == 60);  // the first timed reply meets chat's 60 s
    CHECK(card->responseTimes[0].withinStandard);
}

TEST_CASE("an unfinished conversation is scored so far but never passes") {
    auto t = playMini({{"verify", 20}});
    auto card = scoreTranscript(*test::miniScenario(), *test::testRubric(), t);
    REQUIRE(card);
    CHECK_FALSE(card->finished);
    CHECK(card->computedPercent == doctest::Approx(100.0));
    CHECK_FALSE(card->passed);
}

TEST_CASE("a transcript naming choices the scenario lacks is refused") {
    auto t = playMini({{"verify", 20}});
    t.entries[1].choiceId = "made_up";
    auto card = scoreTranscript(*test::miniScenario(), *test::testRubric(), t);
    REQUIRE_FALSE(card);
    CHECK(card.error().message == "the transcript names choice \"made_up\" at node \"ask\", which the scenario lacks");
}
