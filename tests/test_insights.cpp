// The dashboards' figures (core/insights) and the export formats' building blocks (core/exports),
// on hand-made records with hand-computed expectations.
#include "core/exports.hpp"
#include "core/insights.hpp"

#include <doctest/doctest.h>

using namespace simdesk;
using namespace simdesk::insights;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kT0 = 1793610000;  // 2026-11-02 09:00 UTC

PlayRecord play(int64_t id, const std::string& who, const std::string& mode, int64_t at, double percent) {
    PlayRecord p;
    p.sessionId = id;
    p.trainee = who;
    p.scenarioId = "mini";
    p.mode = mode;
    p.startedAt = at;
    p.finishedAt = at + 120;
    p.scored = true;
    p.percent = percent;
    p.passed = percent >= 80;
    return p;
}

CriterionRecord criterion(const std::string& id, int automatic, int official, int maxLevel, bool applicable = true) {
    CriterionRecord c;
    c.id = id;
    c.title = id;
    c.automaticLevel = automatic;
    c.officialLevel = official;
    c.maxLevel = maxLevel;
    c.applicable = applicable;
    return c;
}

} // namespace

TEST_CASE("score trends keep practice and exam apart, per trainee and per team day") {
    std::vector<PlayRecord> plays = {play(1, "Ana", "practice", kT0, 50), play(2, "Ben", "practice", kT0 + 3600, 80),
                                     play(3, "Ana", "practice", kT0 + kDay, 70), play(4, "Ana", "exam", kT0 + kDay + 60, 90)};
    PlayRecord unfinished = play(5, "Ana", "practice", kT0 + 2 * kDay, 10);
    unfinished.finishedAt.reset();
    plays.push_back(unfinished);  // not finished: not a score on the trend
    Trends t = scoreTrends(plays);
    CHECK(t.passMark == 80);
    REQUIRE(t.trainees.size() == 3);
    // By name, then mode: Ana exam, Ana practice, Ben practice.
    CHECK(t.trainees[0].who == "Ana");
    CHECK(t.trainees[0].mode == "exam");
    CHECK(t.trainees[0].points.size() == 1);
    const TrendSeries& anaPractice = t.trainees[1];
    CHECK(anaPractice.mode == "practice");
    REQUIRE(anaPractice.points.size() == 2);
    CHECK(anaPractice.first == 50);
    CHECK(anaPractice.last == 70);
    CHECK(anaPractice.change == 20);
    CHECK(anaPractice.mean == 60);
    CHECK(t.trainees[2].who == "Ben");
    REQUIRE(t.team.size() == 2);  // exam, practice
    const TrendSeries& teamPractice = t.team[1];
    CHECK(teamPractice.mode == "practice");
    REQUIRE(teamPractice.points.size() == 2);
    CHECK(teamPractice.points[0].percent == 65);  // (50 + 80) / 2 on 2026-11-02
    CHECK(teamPractice.points[0].plays == 2);
    CHECK(teamPractice.points[0].at == kT0 - 9 * 3600);  // the day starts at midnight UTC
    CHECK(teamPractice.points[1].percent == 70);
    CHECK_FALSE(teamPractice.points[1].passed);
}

TEST_CASE("weakest criteria: mean official level as a share of the scale, with the plays behind it") {
    PlayRecord a = play(1, "Ana", "practice", kT0, 60);
    a.criteria = {criterion("empathy", 1, 2, 4), criterion("accuracy", 2, 2, 2)};
    PlayRecord b = play(2, "Ben", "practice", kT0 + 60, 90);
    b.criteria = {criterion("empathy", 4, 4, 4), criterion("accuracy", 0, 0, 2, false)};
    PlayRecord unscored = play(3, "Cy", "practice", kT0 + 120, 0);
    unscored.scored = false;
    unscored.criteria = {criterion("empathy", 0, 0, 4)};
    auto weakest = weakestCriteria({a, b, unscored});
    REQUIRE(weakest.size() == 2);
    CHECK(weakest[0].id == "empathy");
    CHECK(weakest[0].meanShare == doctest::Approx(0.75));  // (2/4 + 4/4) / 2: the reviewer's 2, not the automatic 1
    CHECK(weakest[0].plays == 2);
    CHECK(weakest[1].id == "accuracy");
    CHECK(weakest[1].meanShare == doctest::Approx(1.0));
    CHECK(weakest[1].plays == 1);  // N/A in Ben's play
}

TEST_CASE("choice analytics count trainees per choice on first and later plays, best choice marked") {
    std::vector<DecisionNode> nodes = {{"ask", "How do you open?", {{"verify", "Verify"}, {"refund_now", "Refund"}, {"card", "Card"}}},
                                       {"ask2", "", {{"refund", "Refund"}, {"stall", "Stall"}}}};
    std::map<std::string, std::string> best = {{"ask", "verify"}, {"ask2", "refund"}};
    PlayRecord ana1 = play(1, "Ana", "practice", kT0, 40);
    ana1.choices = {{"ask", "verify"}, {"ask2", "stall"}, {"ask2", "stall"}};  // stalled twice: counts once
    PlayRecord ana2 = play(3, "Ana", "practice", kT0 + kDay, 90);
    ana2.choices = {{"ask", "verify"}, {"ask2", "refund"}};
    PlayRecord ben1 = play(2, "Ben", "exam", kT0 + 60, 0);
    ben1.choices = {{"ask", "card"}};
    PlayRecord other = play(4, "Ben", "exam", kT0 + 120, 0);
    other.scenarioId = "another";
    other.choices = {{"ask", "verify"}};
    // Given out of order: the first play is the earliest, whatever the list order.
    ScenarioChoices sc = choiceAnalytics("mini", nodes, best, {ana2, ben1, ana1, other});
    CHECK(sc.trainees == 2);
    CHECK(sc.plays == 3);
    REQUIRE(sc.nodes.size() == 2);
    const NodeChoices& ask = sc.nodes[0];
    CHECK(ask.firstTrainees == 2);
    CHECK(ask.laterTrainees == 1);
    REQUIRE(ask.choices.size() == 3);
    CHECK(ask.choices[0].choiceId == "verify");
    CHECK(ask.choices[0].best);
    CHECK(ask.choices[0].firstAttempt == 1);
    CHECK(ask.choices[0].laterAttempts == 1);
    CHECK(ask.choices[1].firstAttempt == 0);  // refund_now: offered, never picked
    CHECK_FALSE(ask.choices[1].best);
    CHECK(ask.choices[2].firstAttempt == 1);  // Ben's card
    const NodeChoices& ask2 = sc.nodes[1];
    CHECK(ask2.firstTrainees == 1);
    CHECK(ask2.choices[0].choiceId == "refund");
    CHECK(ask2.choices[0].firstAttempt == 0);
    CHECK(ask2.choices[0].laterAttempts == 1);
    CHECK(ask2.choices[1].firstAttempt == 1);
}

TEST_CASE("certification: days to certify per track and who is at risk at the current pace") {
    const int64_t start = kT0;
    const int64_t now = start + 20 * kDay;
    auto standing = [&](const std::string& who, int passed, std::optional<int64_t> certified, int64_t from = kT0) {
        TrackStandingRecord r{who, "new-hire", "New hire", from, from + 30 * kDay, 4, passed, certified};
        return r;
    };
    std::vector<TrackStandingRecord> standings = {
        standing("Ana", 4, start + 12 * kDay), standing("Ben", 4, start + 18 * kDay),
        standing("Cy", 1, std::nullopt),     // 1 level in 20 days: 80 days for 4 > 30
        standing("Di", 0, std::nullopt),     // nothing after 20 days; one level should take 7.5
        standing("Ed", 3, std::nullopt),     // 3 in 20 days: 26.7 days for 4, inside 30
        standing("Fay", 2, std::nullopt, start - 20 * kDay)};  // started 40 days ago: overdue by 10
    auto summary = certificationSummary(standings, now);
    REQUIRE(summary.size() == 1);
    const TrackCertification& t = summary[0];
    CHECK(t.trainees == 6);
    CHECK(t.certified == 2);
    CHECK(t.atRisk == 3);
    CHECK(*t.meanDaysToCertify == doctest::Approx(15));
    CHECK(*t.medianDaysToCertify == doctest::Approx(15));
    REQUIRE(t.people.size() == 6);
    CHECK(t.people[0].trainee == "Cy");
    CHECK(*t.people[0].projectedDays == doctest::Approx(80));
    CHECK(t.people[0].why == "at this pace finishes on day 80 of a 30-day window");
    CHECK(t.people[1].trainee == "Di");
    CHECK(t.people[1].why == "no level passed after 20 days (one level should take 8)");
    CHECK(t.people[2].trainee == "Fay");
    CHECK(t.people[2].why == "overdue by 10 days with 2 of 4 levels passed");
    CHECK(t.people[3].trainee == "Ana");
    CHECK(*t.people[3].daysToCertify == doctest::Approx(12));
    CHECK(t.people[5].trainee == "Ed");
    CHECK_FALSE(t.people[5].atRisk);
    CHECK(*t.people[5].projectedDays == doctest::Approx(80.0 / 3));
}

TEST_CASE("filters by date range, trainee, scenario and a track's scenarios") {
    std::vector<PlayRecord> plays = {play(1, "Ana", "practice", kT0, 50), play(2, "Ben", "practice", kT0 + kDay, 80),
                                     play(3, "Ana", "exam", kT0 + 2 * kDay, 90)};
    plays[2].scenarioId = "other";
    Filter f;
    f.since = kT0 + kDay;
    CHECK(filtered(plays, f).size() == 2);
    f.until = kT0 + 2 * kDay;  // exclusive
    REQUIRE(filtered(plays, f).size() == 1);
    CHECK(filtered(plays, f)[0].sessionId == 2);
    Filter byTrainee;
    byTrainee.trainee = "Ana";
    CHECK(filtered(plays, byTrainee).size() == 2);
    Filter byScenario;
    byScenario.scenario = "other";
    CHECK(filtered(plays, byScenario).size() == 1);
    Filter byTrack;
    byTrack.scenarios = {"mini"};
    CHECK(filtered(plays, byTrack).size() == 2);
}

TEST_CASE("export building blocks: RFC 4180 fields, ISO 8601 times and durations, ADL verbs") {
    CHECK(exports::csvField("plain") == "plain");
    CHECK(exports::csvField("a,b") == "\"a,b\"");
    CHECK(exports::csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(exports::csvField("two\nlines") == "\"two\nlines\"");
    CHECK(exports::csvField("cr\r") == "\"cr\r\"");
    CHECK(exports::csvField("") == "");
    CHECK(exports::isoTimestamp(kT0) == "2026-11-02T09:00:00Z");
    CHECK(exports::isoDuration(0) == "PT0S");
    CHECK(exports::isoDuration(45) == "PT45S");
    CHECK(exports::isoDuration(150) == "PT2M30S");
    CHECK(exports::isoDuration(3600) == "PT1H");
    CHECK(exports::isoDuration(3723) == "PT1H2M3S");
    CHECK(exports::verbIri("passed") == "http://adlnet.gov/expapi/verbs/passed");
}
