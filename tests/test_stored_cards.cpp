// The compact stored score card (issue 15): a card reads back as it was written, damage is
// refused rather than misread, and a database whose cards are JSON (what the previous release
// wrote: SQLite schema 10, server schema 5) is migrated with every card kept, on both backends.
#include "store_backends.hpp"
#include "test_support.hpp"

#include "core/player.hpp"
#include "store/card_codec.hpp"
#include "store/db_copy.hpp"
#include "store/pg_store.hpp"
#include "store/recorder.hpp"
#include "store/sqlite_store.hpp"
#include "store/standing.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <type_traits>

using namespace simdesk;
using namespace simdesk::store;
using nlohmann::json;
using test::recordMini;

namespace {

constexpr int64_t kT0 = 1767603600;

/// A card with one of everything a stored card keeps, re-rated, with awkward text in it.
ScoreCard fullCard() {
    ScoreCard c;
    c.scenarioId = "mini", c.scenarioVersion = "1.2", c.rubricId = "test-rubric", c.rubricVersion = "2";
    Evidence e;
    e.source = Evidence::Source::Rule, e.turn = 3, e.nodeId = "start", e.sourceId = "greet, twice", e.level = 1, e.maxLevel = 2;
    e.spans = {{0, 5}, {17, 42}};
    Evidence timed;
    timed.source = Evidence::Source::ResponseTime, timed.turn = 1, timed.level = 0, timed.maxLevel = 1;
    CriterionResult r;
    r.id = "empathy", r.title = "Empathy: 3:2,1", r.sectionTitle = "Tone", r.weight = 2.5, r.levels = 3, r.applicable = true;
    r.fraction = 1.0 / 3, r.level = 1, r.evidence = {e, timed};
    r.rerated = true, r.automaticApplicable = true, r.automaticLevel = 0, r.reratedBy = "Rui Costa";
    CriterionResult na;
    na.id = "policy", na.title = "Policy", na.sectionTitle = "Accuracy", na.levels = 2, na.applicable = false;
    c.criteria = {r, na};
    c.computedPercent = 47.123456789, c.finalPercent = 0, c.threshold = 80, c.finished = true, c.passed = false;
    c.naRule = NaRule::CountAsPass, c.criticalRule = CriticalRule::FailKeepScore;
    c.criticalErrors = {{2, "start", "promise", "policy", "promised a refund", "Verify first, then refund."}};
    c.responseTimes = {{1, 12.5, 60, true}, {2, 301.25, 120, false}};
    TypedTurnCheck t;
    t.turn = 3, t.nodeId = "reply", t.passed = false, t.confidence = 0.5, t.doubts = {"negation", "another language"};
    t.needsReview = true, t.missedPoints = {"an apology", "the refund's date"};
    TypedTurnCheck ok;
    ok.turn = 4, ok.nodeId = "close", ok.noSubstance = "";
    c.typedTurns = {t, ok};
    c.endingId = "end", c.outcome = "refunded", c.resolution = Resolution::Escalated;
    c.notes = {"scenario changed", ""};
    c.automaticPercent = 31.5, c.automaticPassed = false;
    return c;
}

/// The card's JSON as the previous release stored it in card_json.
std::string asPreviousReleaseStoredIt(const json& card) {
    return card.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string sqlQuoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

} // namespace

TEST_CASE("a stored card reads back with every level, error, judgement and evidence reference it had") {
    ScoreCard card = fullCard();
    std::string stored = encodeStoredCard(card);
    CHECK(stored.rfind("c1,", 0) == 0);
    auto back = decodeStoredCard(stored);
    REQUIRE(back);
    // Everything a reader sees of a stored card, the rebuilt verdict included.
    CHECK(scoreCardToJson(*back, false) == scoreCardToJson(card, false));
    CHECK(back->criteria[0].fraction == card.criteria[0].fraction);  // bit for bit, not rounded
    CHECK(back->computedPercent == card.computedPercent);
    CHECK(back->criteria[0].evidence[0].spans == card.criteria[0].evidence[0].spans);
    CHECK(back->verdict() == "Failed: 1 critical error, score 0.0% (kept, attempt failed)");
    // Smaller than the JSON the previous release stored for the same card.
    CHECK(stored.size() * 2 < asPreviousReleaseStoredIt(scoreCardToJson(card, false)).size());
    // A card in the previous release's JSON still reads, as the same card.
    auto legacy = decodeStoredCard(asPreviousReleaseStoredIt(scoreCardToJson(card, false)));
    REQUIRE(legacy);
    CHECK(scoreCardToJson(*legacy, false) == scoreCardToJson(card, false));
}

TEST_CASE("a damaged or unknown stored card is refused, never misread or crashed on") {
    std::string stored = encodeStoredCard(fullCard());
    // Every truncation, and every single byte changed to a separator, either fails or reads a card.
    for (size_t n = 0; n < stored.size(); ++n) {
        CHECK_FALSE(decodeStoredCard(std::string_view(stored).substr(0, n)));
        std::string bent = stored;
        bent[n] = bent[n] == ',' ? ':' : ',';
        (void)decodeStoredCard(bent);  // must not crash or throw
    }
    CHECK_FALSE(decodeStoredCard(stored + "9,"));
    CHECK_FALSE(decodeStoredCard("c2," + stored.substr(3)));  // a newer simdesk's card
    CHECK_FALSE(decodeStoredCard("c1,999999999999:x,"));
    CHECK_FALSE(decodeStoredCard("{not json"));
    CHECK(storedCardAsJson("garbage").is_discarded());
}

TEST_CASE("bad UTF-8 and NUL bytes in a card are replaced, so a server's TEXT column takes it") {
    ScoreCard card = fullCard();
    card.typedTurns[0].missedPoints = {std::string("caf\xC3\xA9 \xFF\x00ok", 10)};
    auto back = decodeStoredCard(encodeStoredCard(card));
    REQUIRE(back);
    CHECK(back->typedTurns[0].missedPoints[0] == "caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBDok");
}

TEST_CASE_TEMPLATE("a database with JSON cards (the previous release) is migrated to compact cards, each card the same", B,
                   test::SqliteBackend, test::PgBackend) {
    B backend;
    const bool sqlite = std::is_same_v<B, test::SqliteBackend>;
    struct Run {
        int64_t session = 0, run = 0;
        json card;  ///< as readers saw it
    };
    std::vector<Run> before;
    std::vector<SessionInfo> sessionsBefore;
    {
        auto store = backend.open();
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        REQUIRE(ana);
        recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded to your card.", kT0, "exam");
        recordMini(*store, ana->id, "Sorry! I refunded card 4111 1111 1111 1111, it's done.", kT0 + 3600, "exam");
        recordMini(*store, ana->id, "ok", kT0 + 7200, "exam");  // a reply with no substance: a failed typed turn
        sessionsBefore = *store->sessions(std::nullopt);
        REQUIRE(sessionsBefore.size() == 3);
        for (const auto& s : sessionsBefore) {
            auto runs = store->scoringRuns(s.id);
            REQUIRE(runs);
            REQUIRE(runs->size() == 1);
            REQUIRE_FALSE(runs->front().card.is_discarded());
            before.push_back({s.id, runs->front().id, runs->front().card});
        }
    }
    // Back to the previous release: every card_json the JSON it wrote, the schema version before.
    REQUIRE(backend.query(sqlite ? "DROP TRIGGER scoring_runs_append_only_u"
                                 : "ALTER TABLE scoring_runs DISABLE TRIGGER scoring_runs_append_only") == "");
    for (const auto& r : before)
        REQUIRE(backend.query("UPDATE scoring_runs SET card_json = " + sqlQuoted(asPreviousReleaseStoredIt(r.card)) +
                              " WHERE id = " + std::to_string(r.run)) == "");
    REQUIRE(backend.query(sqlite ? "CREATE TRIGGER scoring_runs_append_only_u BEFORE UPDATE ON scoring_runs "
                                   "BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END"
                                 : "ALTER TABLE scoring_runs ENABLE TRIGGER scoring_runs_append_only") == "");
    for (const auto& sql : test::withoutRunSummaries(sqlite)) REQUIRE(backend.query(sql) == "");  // SQLite 13, server 8
    REQUIRE(backend.query("ALTER TABLE people DROP COLUMN team") == "");  // teams came after (SQLite 12, server 7)
    REQUIRE(backend.query(sqlite ? "UPDATE schema_version SET version = 10" : "UPDATE schema_version SET version = 5") == "");
    REQUIRE(backend.query("SELECT count(*) FROM scoring_runs WHERE card_json LIKE '{%'") == "3");
    const std::string jsonBytes = backend.query("SELECT sum(length(card_json)) FROM scoring_runs");

    auto store = backend.open();
    REQUIRE(store);
    CHECK(backend.query("SELECT version FROM schema_version") == (sqlite ? "14" : "8"));  // through compact cards, teams, dashboard sums (and on SQLite criteria rows by run)
    CHECK(backend.query("SELECT count(*) FROM scoring_runs WHERE card_json LIKE 'c1,%'") == "3");
    CHECK(std::stoll(backend.query("SELECT sum(length(card_json)) FROM scoring_runs")) * 2 < std::stoll(jsonBytes));
    for (const auto& r : before) {
        auto runs = store->scoringRuns(r.session);
        REQUIRE(runs);
        REQUIRE(runs->size() == 1);
        CHECK(runs->front().card == r.card);
    }
    // Lists and standings read the summary columns, which the migration left as they were.
    auto sessions = store->sessions(std::nullopt);
    REQUIRE(sessions);
    CHECK(criticalCounts(*sessions) == criticalCounts(sessionsBefore));
    // Scores are still append-only after the rewrite lifted and restored the guard.
    CHECK(backend.query("UPDATE scoring_runs SET card_json = '{}'").rfind("error: ", 0) == 0);
    if constexpr (std::is_same_v<B, test::SqliteBackend>) {
        // The backup the store makes before migrating holds the JSON cards as they were.
        std::filesystem::path backup;
        for (const auto& f : std::filesystem::directory_iterator(backend.dir.path))
            if (f.path().filename().string().find(".v10-backup-") != std::string::npos) backup = f.path();
        REQUIRE_FALSE(backup.empty());
        test::SqliteBackend copy;
        std::filesystem::copy_file(backup, copy.file);
        CHECK(copy.query("SELECT count(*) FROM scoring_runs WHERE card_json LIKE '{%'") == "3");
    }
}

TEST_CASE_TEMPLATE("a card that does not read is left as it was by the migration, not dropped", B, test::SqliteBackend,
                   test::PgBackend) {
    B backend;
    const bool sqlite = std::is_same_v<B, test::SqliteBackend>;
    {
        auto store = backend.open();
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        recordMini(*store, ana->id, "Sorry, refunded.", kT0, "exam");
    }
    REQUIRE(backend.query(sqlite ? "DROP TRIGGER scoring_runs_append_only_u"
                                 : "ALTER TABLE scoring_runs DISABLE TRIGGER scoring_runs_append_only") == "");
    REQUIRE(backend.query("UPDATE scoring_runs SET card_json = '{\"broken\": '") == "");
    REQUIRE(backend.query(sqlite ? "CREATE TRIGGER scoring_runs_append_only_u BEFORE UPDATE ON scoring_runs "
                                   "BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END"
                                 : "ALTER TABLE scoring_runs ENABLE TRIGGER scoring_runs_append_only") == "");
    for (const auto& sql : test::withoutRunSummaries(sqlite)) REQUIRE(backend.query(sql) == "");  // SQLite 13, server 8
    REQUIRE(backend.query("ALTER TABLE people DROP COLUMN team") == "");  // teams came after (SQLite 12, server 7)
    REQUIRE(backend.query(sqlite ? "UPDATE schema_version SET version = 10" : "UPDATE schema_version SET version = 5") == "");
    auto store = backend.open();
    REQUIRE(store);
    CHECK(backend.query("SELECT card_json FROM scoring_runs") == "{\"broken\": ");
    CHECK(store->scoringRuns(1)->front().card.is_discarded());
}
