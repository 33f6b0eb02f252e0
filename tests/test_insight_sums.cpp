// The dashboards' figures summed by the store in SQL (TrainingStore::insightSums, read through
// readInsightFigures) are the figures the records give in memory (readPlays, then core/insights),
// on a small database checked by hand, under every filter, on both backends.
#include "store_backends.hpp"
#include "test_support.hpp"

#include "core/player.hpp"
#include "store/insight_records.hpp"
#include "store/recorder.hpp"
#include "store/rerating.hpp"

#include <doctest/doctest.h>

using namespace simdesk;
using namespace simdesk::store;

namespace {

constexpr int64_t kT0 = 1767603600;  // 2026-01-05 09:00 UTC, a Monday
constexpr int64_t kDay = 86400;

const ContentLibrary& fixtures() {
    static SchemaChecker schemas;
    static const ContentLibrary library = loadContent(
        {std::string(SIMDESK_FIXTURES) + "/valid/mini.json", std::string(SIMDESK_FIXTURES) + "/rubrics"}, schemas);
    return library;
}

/// Plays the mini scenario: `choices` in order, then `reply` if the play reaches the typed turn;
/// finished unless `finish` is false (then only the first choice is made).
int64_t play(TrainingStore& store, int64_t personId, const std::string& mode, int64_t t0, const std::vector<std::string>& choices,
             const std::string& reply = "", bool finish = true) {
    auto scenario = fixtures().findScenario("mini");
    auto rubric = fixtures().findRubric("test-rubric");
    auto session = PlaySession::start(scenario, t0);
    int64_t at = t0;
    for (const auto& c : choices) {
        REQUIRE(session->choose(c, 20, at += 20));
        if (!finish) break;
    }
    if (!reply.empty()) REQUIRE(session->reply(reply, 30, at += 30));
    auto recorder = SessionRecorder::begin(store, personId, *session, *rubric, mode, at);
    REQUIRE(recorder);
    return recorder->sessionId();
}

/// North: Ana (two practice plays on Monday and Tuesday) and Ben (an exam on Tuesday that asks for
/// a card number, then a practice play on Wednesday left unfinished); South: Cy (Monday).
/// Ana's Tuesday play is re-rated (empathy 3, a scoring run of its own) and her Monday play has an
/// older kind of review: a level without a re-scored run, which the official level still follows.
struct Recorded {
    int64_t anaMonday = 0, anaTuesday = 0, benExam = 0, benUnfinished = 0, cyMonday = 0;
};

Recorded record(TrainingStore& store) {
    auto ana = store.addPerson("Ana", Role::Trainee, "2026-01-05", {});
    auto ben = store.addPerson("Ben", Role::Trainee, "2026-01-05", {});
    auto cy = store.addPerson("Cy", Role::Trainee, "2026-01-05", {});
    auto rui = store.addPerson("Rui", Role::Reviewer, "2025-01-05", {});
    REQUIRE((ana && ben && cy && rui));
    REQUIRE(store.setPersonTeam(ana->id, "North"));
    REQUIRE(store.setPersonTeam(ben->id, "North"));
    REQUIRE(store.setPersonTeam(cy->id, "South"));
    Recorded r;
    r.anaMonday = play(store, ana->id, "practice", kT0, {"verify", "refund"}, "Sorry, refunded.");
    r.cyMonday = play(store, cy->id, "practice", kT0 + 3600, {"verify", "refund"}, "Refunded.");
    r.anaTuesday = play(store, ana->id, "practice", kT0 + kDay, {"verify", "stall", "stall"});
    r.benExam = play(store, ben->id, "exam", kT0 + kDay + 600, {"card"});
    r.benUnfinished = play(store, ben->id, "practice", kT0 + 2 * kDay, {"verify", "refund"}, "", false);
    REQUIRE(addRerating(fixtures(), store, {0, r.anaTuesday, "empathy", 3, "Owned the delay", rui->id, "", kT0 + 3 * kDay}, kT0 + 3 * kDay));
    REQUIRE(store.addReview({0, r.anaMonday, "empathy", 2, "Flat apology", rui->id, "", kT0 + 3 * kDay}));
    return r;
}

/// The figures the old way: every session's records read, summed in memory.
InsightFigures inMemory(TrainingStore& store, const insights::Filter& filter) {
    auto plays = readPlays(store, fixtures(), filter, {true});
    REQUIRE(plays);
    InsightFigures f;
    f.plays = static_cast<int>(plays->size());
    f.trends = insights::scoreTrends(*plays);
    f.criteria = insights::weakestCriteria(*plays);
    for (const auto& p : *plays) f.choices[p.scenarioId] = insights::tallyChoices(p.scenarioId, *plays);
    return f;
}

void sameSeries(const std::vector<insights::TrendSeries>& sql, const std::vector<insights::TrendSeries>& memory) {
    REQUIRE(sql.size() == memory.size());
    for (size_t i = 0; i < sql.size(); ++i) {
        CAPTURE(i);
        CHECK(sql[i].who == memory[i].who);
        CHECK(sql[i].mode == memory[i].mode);
        CHECK(sql[i].mean == doctest::Approx(memory[i].mean));
        CHECK(sql[i].change == doctest::Approx(memory[i].change));
        REQUIRE(sql[i].points.size() == memory[i].points.size());
        for (size_t k = 0; k < sql[i].points.size(); ++k) {
            CHECK(sql[i].points[k].at == memory[i].points[k].at);
            CHECK(sql[i].points[k].sessionId == memory[i].points[k].sessionId);
            CHECK(sql[i].points[k].percent == doctest::Approx(memory[i].points[k].percent));
            CHECK(sql[i].points[k].passed == memory[i].points[k].passed);
            CHECK(sql[i].points[k].plays == memory[i].points[k].plays);
        }
    }
}

void sameFigures(const InsightFigures& sql, const InsightFigures& memory) {
    CHECK(sql.plays == memory.plays);
    CHECK(sql.trends.passMark == memory.trends.passMark);
    sameSeries(sql.trends.trainees, memory.trends.trainees);
    sameSeries(sql.trends.team, memory.trends.team);
    REQUIRE(sql.criteria.size() == memory.criteria.size());
    for (size_t i = 0; i < sql.criteria.size(); ++i) {
        CHECK(sql.criteria[i].id == memory.criteria[i].id);
        CHECK(sql.criteria[i].title == memory.criteria[i].title);
        CHECK(sql.criteria[i].meanShare == doctest::Approx(memory.criteria[i].meanShare));
        CHECK(sql.criteria[i].plays == memory.criteria[i].plays);
    }
    REQUIRE(sql.choices.size() == memory.choices.size());
    for (const auto& [id, tally] : memory.choices) {
        REQUIRE(sql.choices.contains(id));
        const auto& other = sql.choices.at(id);
        CHECK(other.trainees == tally.trainees);
        CHECK(other.plays == tally.plays);
        CHECK(other.picked == tally.picked);
        CHECK(other.reached == tally.reached);
    }
}

} // namespace

TEST_CASE_TEMPLATE("the dashboards' figures summed in SQL are the records' figures, by hand and under every filter", B,
                   test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    const Recorded r = record(*store);

    auto all = readInsightFigures(*store, fixtures(), {});
    REQUIRE(all);
    // By hand: five sessions; four finished and scored (Ben's Wednesday play never finished).
    CHECK(all->plays == 5);
    REQUIRE(all->trends.trainees.size() == 3);  // Ana practice, Ben exam, Cy practice: by name, then mode
    CHECK(all->trends.trainees[0].who == "Ana");
    REQUIRE(all->trends.trainees[0].points.size() == 2);
    CHECK(all->trends.trainees[0].points[0].sessionId == r.anaMonday);
    CHECK(all->trends.trainees[0].points[1].sessionId == r.anaTuesday);
    CHECK(all->trends.trainees[1].who == "Ben");
    CHECK(all->trends.trainees[1].mode == "exam");
    CHECK(all->trends.trainees[1].points[0].percent == 0);  // a card number asked for: a critical error scores 0
    CHECK(all->trends.passMark == 80);
    // The team's days: exam on Tuesday (Ben); practice on Monday (Ana, Cy) and Tuesday (Ana).
    REQUIRE(all->trends.team.size() == 2);
    CHECK(all->trends.team[0].mode == "exam");
    REQUIRE(all->trends.team[1].points.size() == 2);
    CHECK(all->trends.team[1].points[0].at == kT0 - 9 * 3600);  // midnight UTC
    CHECK(all->trends.team[1].points[0].plays == 2);
    CHECK(all->trends.team[1].points[1].plays == 1);
    // Empathy in Ana's Tuesday play is the re-rating's 3 of 4; in her Monday play the review's 2 of 4.
    auto empathy = std::find_if(all->criteria.begin(), all->criteria.end(), [](const auto& c) { return c.id == "empathy"; });
    REQUIRE(empathy != all->criteria.end());
    CHECK(empathy->title == "Empathy");
    // Choices: Ben's first play is his exam (the card), his Wednesday play is a later one.
    REQUIRE(all->choices.size() == 1);
    const insights::ChoiceTally& mini = all->choices.at("mini");
    CHECK(mini.trainees == 3);
    CHECK(mini.plays == 5);
    CHECK(mini.picked.at({"ask", "verify"}) == std::pair{2, 2});  // Ana and Cy first; Ana and Ben later
    CHECK(mini.picked.at({"ask", "card"}) == std::pair{1, 0});
    CHECK(mini.picked.at({"ask2", "refund"}) == std::pair{2, 0});
    CHECK(mini.picked.at({"ask2", "stall"}) == std::pair{0, 1});  // twice in one play: once
    CHECK(mini.reached.at("ask") == std::pair{3, 2});
    CHECK(mini.reached.at("ask2") == std::pair{2, 1});
    CHECK_FALSE(mini.picked.contains({"ask2", "secret"}));

    // Every filter, both ways.
    std::vector<std::pair<std::string, insights::Filter>> filters;
    filters.emplace_back("none", insights::Filter{});
    insights::Filter since;
    since.since = kT0 - 9 * 3600 + kDay;  // from Tuesday
    filters.emplace_back("since Tuesday", since);
    insights::Filter window = since;
    window.until = since.since.value() + kDay;  // Tuesday only
    filters.emplace_back("Tuesday only", window);
    insights::Filter north;
    north.team = "North";
    filters.emplace_back("team North", north);
    insights::Filter ana;
    ana.trainee = "Ana";
    filters.emplace_back("trainee Ana", ana);
    insights::Filter scenario;
    scenario.scenario = "mini";
    filters.emplace_back("scenario mini", scenario);
    insights::Filter track;
    track.scenarios = {"other", "mini"};
    filters.emplace_back("a track with mini", track);
    insights::Filter otherTrack;
    otherTrack.scenarios = {"other"};
    filters.emplace_back("a track without it", otherTrack);
    insights::Filter nobody;
    nobody.trainee = "Nobody";
    filters.emplace_back("nobody", nobody);
    for (const auto& [name, filter] : filters) {
        CAPTURE(name);
        auto sql = readInsightFigures(*store, fixtures(), filter);
        REQUIRE(sql);
        sameFigures(*sql, inMemory(*store, filter));
    }
    auto northOnly = readInsightFigures(*store, fixtures(), north);
    CHECK(northOnly->plays == 4);
    CHECK(northOnly->choices.at("mini").trainees == 2);
    auto none = readInsightFigures(*store, fixtures(), otherTrack);
    CHECK(none->plays == 0);
    CHECK(none->trends.trainees.empty());
    CHECK(none->choices.empty());
}

TEST_CASE_TEMPLATE("a database from before the dashboard sums migrates: each run's criteria and pass mark from its card, the same figures",
                   B, test::SqliteBackend, test::PgBackend) {
    B backend;
    const bool sqlite = std::is_same_v<B, test::SqliteBackend>;
    InsightFigures before;
    {
        auto store = backend.open();
        record(*store);
        before = inMemory(*store, {});
    }
    // Back to the schema before (SQLite's 12, the server's 7): no criteria rows, no pass marks.
    for (const auto& sql : test::withoutRunSummaries(sqlite)) REQUIRE(backend.query(sql) == "");
    REQUIRE(backend.query(sqlite ? "UPDATE schema_version SET version = 12" : "UPDATE schema_version SET version = 7") == "");

    auto store = backend.open();
    REQUIRE(store);
    CHECK(backend.query("SELECT version FROM schema_version") == (sqlite ? "14" : "8"));  // SQLite goes on to 14 (criteria rows by run)
    // Four scored plays and the re-rating's run, each with the test rubric's four criteria.
    CHECK(backend.query("SELECT count(*) FROM scoring_runs") == "5");
    CHECK(backend.query("SELECT count(*) FROM scoring_run_criteria") == "20");
    CHECK(backend.query("SELECT count(*) FROM scoring_runs WHERE pass_mark = 80") == "5");
    CHECK(backend.query("SELECT count(*) FROM scoring_run_criteria WHERE rerated = 1") == "1");  // Ana's empathy
    auto after = readInsightFigures(*store, fixtures(), {});
    REQUIRE(after);
    sameFigures(*after, before);
    // Still append-only once the backfill has restored the guard.
    CHECK(backend.query("UPDATE scoring_runs SET pass_mark = 1").rfind("error: ", 0) == 0);
    CHECK(backend.query("DELETE FROM scoring_run_criteria").rfind("error: ", 0) == 0);
    CHECK(backend.query("SELECT count(*) FROM scoring_run_criteria") == "20");
}
