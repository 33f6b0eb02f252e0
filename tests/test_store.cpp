// The SQLite store: records survive crashes and concurrent writers, bad files are refused and
// left byte-for-byte unchanged, old files are backed up and migrated, secrets are masked, and
// scores are history rather than something to overwrite.
#include "store_backends.hpp"
#include "test_support.hpp"

#include "core/player.hpp"
#include "store/recorder.hpp"
#include "store/rescore.hpp"
#include "store/scoring_pipeline.hpp"
#include "store/sqlite_store.hpp"
#include "store/standing.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <csignal>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <type_traits>
#include <sys/wait.h>
#include <unistd.h>

using namespace simdesk;
using namespace simdesk::store;
namespace fs = std::filesystem;
using test::readBytes;
using test::TempDir;
using test::recordMini;

namespace {

constexpr int64_t kT0 = 1767603600;

std::unique_ptr<SqliteStore> openOrFail(const fs::path& p) {
    auto store = SqliteStore::open(p, {kT0});
    if (!store) FAIL(store.error().message);
    return std::move(*store);
}

/// Runs one SQL query with the plain SQLite API and returns the first column of the first row.
std::string query(const fs::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    sqlite3_open(db.string().c_str(), &handle);
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0) ? sqlite3_column_text(stmt, 0) : (const unsigned char*)"");
    else
        out = std::string("error: ") + sqlite3_errmsg(handle);
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return out;
}

struct Child {
    pid_t pid = -1;
    FILE* out = nullptr;
};

/// Starts tests/store_writer on `db`: an SQLite file or a server URI.
Child spawnWriter(const std::string& db, const std::string& name, int count) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        std::string countText = std::to_string(count);
        execl(SIMDESK_STORE_WRITER, "store_writer", db.c_str(), name.c_str(), countText.c_str(), nullptr);
        _exit(127);
    }
    close(fds[1]);
    return Child{pid, fdopen(fds[0], "r")};
}

} // namespace

TEST_CASE("a new database is created with its folder, in WAL mode, at the current schema") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "nested" / "simdesk.db";
    auto store = openOrFail(db);
    CHECK(fs::exists(db));
    CHECK(query(db, "PRAGMA journal_mode") == "wal");
    CHECK(query(db, "SELECT version FROM schema_version") == std::to_string(kSchemaVersion));
    CHECK(store->maskSecrets());
}

TEST_CASE("the default database path follows --db, SIMDESK_DB, then XDG_DATA_HOME") {
    CHECK(resolveDatabasePath("/x/y.db") == fs::path("/x/y.db"));
    setenv("SIMDESK_DB", "/from/env.db", 1);
    CHECK(resolveDatabasePath("") == fs::path("/from/env.db"));
    unsetenv("SIMDESK_DB");
    setenv("XDG_DATA_HOME", "/xdg", 1);
    CHECK(resolveDatabasePath("") == fs::path("/xdg/simdesk/simdesk.db"));
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/ana", 1);
    CHECK(resolveDatabasePath("") == fs::path("/home/ana/.local/share/simdesk/simdesk.db"));
}

TEST_CASE_TEMPLATE("people: roles, start dates, tracks, names are unique", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    REQUIRE(store->addPerson("Ana Lima", Role::Trainee, "2026-11-02", {"new-hire-foundations"}));
    REQUIRE(store->addPerson("Rui Costa", Role::Reviewer, "2025-03-01", {}));
    auto again = store->addPerson("Ana Lima", Role::Lead, "2026-11-02", {});
    REQUIRE_FALSE(again);
    CHECK(again.error().message == "there is already a person named \"Ana Lima\"");
    auto people = store->people();
    REQUIRE(people->size() == 2);
    CHECK((*people)[0].name == "Ana Lima");
    CHECK((*people)[0].tracks == std::vector<std::string>{"new-hire-foundations"});
    CHECK((*people)[1].role == Role::Reviewer);
}

TEST_CASE_TEMPLATE("teams: a person starts in none, a lead puts them in one, trimmed, or back in none", B, test::SqliteBackend,
                   test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana Lima", Role::Trainee, "2026-11-02", {});
    auto rui = store->addPerson("Rui Costa", Role::Trainee, "2026-11-02", {});
    REQUIRE(ana);
    REQUIRE(rui);
    CHECK(ana->team.empty());
    CHECK(store->findPerson("Ana Lima")->value().team.empty());
    REQUIRE(store->setPersonTeam(ana->id, "  Night shift "));
    REQUIRE(store->setPersonTeam(rui->id, "Day shift"));
    CHECK(store->findPerson("Ana Lima")->value().team == "Night shift");
    auto people = store->people();
    REQUIRE(people);
    REQUIRE(people->size() == 2);
    CHECK((*people)[0].team == "Night shift");
    CHECK((*people)[1].team == "Day shift");
    // A control character is refused and the team kept; a blank team is none.
    auto bad = store->setPersonTeam(ana->id, "Night\x1b[2J");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "a team name cannot contain control characters");
    CHECK(store->findPerson("Ana Lima")->value().team == "Night shift");
    REQUIRE(store->setPersonTeam(ana->id, "   "));
    CHECK(store->findPerson("Ana Lima")->value().team.empty());
    auto nobody = store->setPersonTeam(9999, "Day shift");
    REQUIRE_FALSE(nobody);
    CHECK(nobody.error().message == "no person with id 9999");
    // Kept across a reopen.
    store.reset();
    CHECK(backend.open()->findPerson("Rui Costa")->value().team == "Day shift");
}

TEST_CASE("a database from schema 13 keeps every criteria row when they move into one table ordered by run") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "schema-13.db";
    {
        auto store = openOrFail(db);
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        REQUIRE(ana);
        recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded to your card.", kT0, "exam");
        recordMini(*store, ana->id, "Refunded, your bank was at fault.", kT0 + 60, "practice");
    }
    const char* allRows = "SELECT group_concat(run_id || ':' || seq || ':' || criterion_id || ':' || title || ':' || levels || ':' || "
                          "applicable || ':' || level || ':' || rerated, ' ') FROM (SELECT * FROM scoring_run_criteria ORDER BY run_id, seq)";
    const std::string rows = query(db, allRows);
    REQUIRE(query(db, "SELECT count(*) FROM scoring_run_criteria") != "0");
    // Exactly schema 13's table: rows in a rowid table plus its primary-key index.
    {
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(db.string().c_str(), &handle) == SQLITE_OK);
        CHECK(sqlite3_exec(handle,
                           "CREATE TABLE criteria_13 (run_id INTEGER NOT NULL REFERENCES scoring_runs(id), seq INTEGER NOT NULL, "
                           "criterion_id TEXT NOT NULL, title TEXT NOT NULL, levels INTEGER NOT NULL, applicable INTEGER NOT NULL, "
                           "level INTEGER NOT NULL, rerated INTEGER NOT NULL, PRIMARY KEY (run_id, seq)); "
                           "INSERT INTO criteria_13 SELECT * FROM scoring_run_criteria; DROP TABLE scoring_run_criteria; "
                           "ALTER TABLE criteria_13 RENAME TO scoring_run_criteria; "
                           "CREATE TRIGGER scoring_run_criteria_append_only_u BEFORE UPDATE ON scoring_run_criteria BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END; "
                           "CREATE TRIGGER scoring_run_criteria_append_only_d BEFORE DELETE ON scoring_run_criteria BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END; "
                           "UPDATE schema_version SET version = 13",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(handle);
    }
    REQUIRE(query(db, "PRAGMA wal_checkpoint(TRUNCATE)") == "0");
    REQUIRE(query(db, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_autoindex_scoring_run_criteria_1'") == "1");
    REQUIRE(query(db, allRows) == rows);

    auto store = openOrFail(db);
    REQUIRE(store->migrationBackup());
    CHECK(query(*store->migrationBackup(), allRows) == rows);
    CHECK(query(db, "SELECT version FROM schema_version") == std::to_string(kSchemaVersion));
    // One B-tree, no separate index, the same rows, still append-only.
    CHECK(query(db, "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = 'scoring_run_criteria'") == "1");
    CHECK(query(db, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'scoring_run_criteria' AND type = 'index'") == "0");
    CHECK(query(db, allRows) == rows);
    CHECK(query(db, "DELETE FROM scoring_run_criteria") == "error: scores are append-only");
    CHECK(query(db, "UPDATE scoring_run_criteria SET level = 0") == "error: scores are append-only");
    // A run stored after the move adds its rows after the old ones.
    const std::string before = query(db, "SELECT count(*) FROM scoring_run_criteria");
    auto ana = store->findPerson("Ana");
    REQUIRE(ana);
    REQUIRE(ana->has_value());
    recordMini(*store, (*ana)->id, "Sorry, refunded.", kT0 + 120, "exam");
    CHECK(std::stoi(query(db, "SELECT count(*) FROM scoring_run_criteria")) > std::stoi(before));
    CHECK(query(db, "SELECT count(*) FROM scoring_run_criteria c LEFT JOIN scoring_runs r ON r.id = c.run_id WHERE r.id IS NULL") == "0");
}

TEST_CASE("a database made before teams migrates with everyone in no team, backed up, and takes teams after") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "before-teams.db";
    {
        auto store = openOrFail(db);
        REQUIRE(store->addPerson("Ana", Role::Trainee, "2026-11-02", {"new-hire-foundations"}));
    }
    // Exactly the schema before teams: the column dropped, the version one back.
    {
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(db.string().c_str(), &handle) == SQLITE_OK);
        std::string back;
        for (const auto& sql : test::withoutRunSummaries(true)) back += sql + "; ";  // dashboard sums came after (13)
        back += "ALTER TABLE people DROP COLUMN team; UPDATE schema_version SET version = 11";  // teams came with 12
        CHECK(sqlite3_exec(handle, back.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(handle);
    }
    REQUIRE(query(db, "PRAGMA wal_checkpoint(TRUNCATE)") == "0");
    auto store = openOrFail(db);
    REQUIRE(store->migrationBackup());
    CHECK(query(*store->migrationBackup(), "SELECT count(*) FROM pragma_table_info('people') WHERE name = 'team'") == "0");
    CHECK(query(db, "SELECT version FROM schema_version") == std::to_string(kSchemaVersion));
    auto ana = store->findPerson("Ana");
    REQUIRE(ana);
    REQUIRE(ana->has_value());
    CHECK((*ana)->team.empty());
    CHECK((*ana)->tracks == std::vector<std::string>{"new-hire-foundations"});
    REQUIRE(store->setPersonTeam((*ana)->id, "Blue"));
    CHECK(store->findPerson("Ana")->value().team == "Blue");
}

TEST_CASE_TEMPLATE("a recorded session reads back as the same transcript, with its score and content", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    int64_t id = recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded to your card.", kT0);
    auto info = store->session(id);
    REQUIRE(info);
    CHECK(info->status == SessionStatus::Finished);
    CHECK(info->endingId == "refunded");
    CHECK(*info->latestPercent == doctest::Approx(100.0));
    auto transcript = store->transcript(id);
    REQUIRE(transcript);
    CHECK(transcript->entries.size() == 7);  // message, choice, customer, choice, reply, customer, ending
    CHECK(transcript->entries[4].text == "Sorry, the duplicate $42 charge is refunded to your card.");
    auto snapshot = store->snapshot(info->scenarioHash);
    REQUIRE(snapshot);
    CHECK(snapshot->text == test::miniScenario()->sourceText);
}

TEST_CASE_TEMPLATE("scores and reviews are append-only, a review needs a reason", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto rui = store->addPerson("Rui", Role::Reviewer, "2025-01-01", {});
    int64_t id = recordMini(*store, ana->id, "Refunded.", kT0);
    CHECK_FALSE(store->addReview(Review{0, id, "empathy", 3, "   ", rui->id, "", kT0}));
    REQUIRE(store->addReview(Review{0, id, "empathy", 3, "Warm, but no apology for our error", rui->id, "", kT0 + 99}));
    REQUIRE(store->addReview(Review{0, id, "empathy", 4, "Calibrated: the tone carried it", rui->id, "", kT0 + 199}));
    auto reviews = store->reviews(id);
    REQUIRE(reviews->size() == 2);
    CHECK((*reviews)[0].level == 3);
    CHECK((*reviews)[1].authorName == "Rui");
    // The rule is the database's own (triggers): plain SQL outside simdesk is refused too.
    CHECK(backend.query("UPDATE scoring_runs SET final_percent = 100") == "error: scores are append-only");
    CHECK(backend.query("DELETE FROM reviews") == "error: reviews are append-only");
    CHECK(backend.query("UPDATE turns SET text = 'edited'") == "error: turns are append-only");
    CHECK(backend.query("SELECT count(*) FROM scoring_runs") == "1");
}

TEST_CASE_TEMPLATE("card numbers and SSNs are masked before storage, and still count as a critical error", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    int64_t id = recordMini(*store, ana->id, "Sorry! I refunded card 4111 1111 1111 1111, SSN 123-45-6789.", kT0);
    auto transcript = store->transcript(id);
    const TranscriptEntry& reply = transcript->entries[4];
    CHECK(reply.text == "Sorry! I refunded card [card number ending 1111 removed], SSN [SSN removed].");
    CHECK(reply.redacted == std::vector<std::string>{"card_number", "ssn"});
    auto runs = store->scoringRuns(id);
    REQUIRE(runs->size() == 1);
    CHECK_FALSE(runs->back().passed);
    CHECK(runs->back().card["critical_errors"].size() == 2);
    CHECK(runs->back().finalPercent == 0.0);

    REQUIRE(store->setMaskSecrets(false));
    int64_t raw = recordMini(*store, ana->id, "Card 4111-1111-1111-1111 refunded, sorry.", kT0);
    CHECK(store->transcript(raw)->entries[4].text == "Card 4111-1111-1111-1111 refunded, sorry.");
    CHECK_FALSE(store->scoringRuns(raw)->back().passed);
}

TEST_CASE_TEMPLATE("a reply draft is kept per active session, masked, is never a turn, and goes when the turn is sent or the session ends", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto scenario = test::miniScenario();
    auto rubric = test::testRubric();
    auto play = PlaySession::start(scenario, kT0);
    auto recorder = SessionRecorder::begin(*store, ana->id, *play, *rubric, "practice", kT0);
    REQUIRE(recorder);
    int64_t id = recorder->sessionId();
    REQUIRE(play->choose("verify", 20, kT0 + 20));
    REQUIRE(play->choose("refund", 20, kT0 + 40));
    REQUIRE(recorder->sync(*play, *rubric, kT0 + 40));
    REQUIRE(play->prompt().kind == TurnPrompt::Kind::FreeText);
    const std::string node = play->prompt().nodeId;
    auto none = store->draft(id);
    REQUIRE(none);
    CHECK_FALSE(*none);

    // Saved again as the trainee types on: one draft per session, the latest text, masked like a sent reply.
    REQUIRE(store->saveDraft(ReplyDraft{id, 3, node, "Sorry! Refunded to card 4111 1111 1111 1111", kT0 + 50}));
    REQUIRE(store->saveDraft(ReplyDraft{id, 3, node, "Sorry! Refunded to card 4111 1111 1111 1111, back in", kT0 + 55}));
    auto draft = store->draft(id);
    REQUIRE(draft);
    REQUIRE(*draft);
    CHECK((*draft)->sessionId == id);
    CHECK((*draft)->turn == 3);
    CHECK((*draft)->nodeId == node);
    CHECK((*draft)->text == "Sorry! Refunded to card [card number ending 1111 removed], back in");
    CHECK((*draft)->savedAt == kT0 + 55);
    CHECK(backend.query("SELECT count(*) FROM turn_drafts") == "1");
    CHECK(backend.query("SELECT count(*) FROM turn_drafts WHERE text LIKE '%4111%'") == "0");
    // Not a turn: the transcript (what replay, scoring, exports and reports read) is unchanged.
    CHECK(store->transcript(id)->entries == play->transcript().entries);
    CHECK(store->session(id)->status == SessionStatus::Active);

    // A turn that is not the first, and bad input, are refused with a reason, never stored.
    auto bad = store->saveDraft(ReplyDraft{id, 0, node, "x", kT0 + 56});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "a draft is for a turn from 1 on (got 0)");
    CHECK((*store->draft(id))->savedAt == kT0 + 55);

    // Sending the turn deletes the draft in the same write; the session then finishes.
    REQUIRE(play->reply("Sorry, the duplicate $42 charge is refunded to your card.", 30, kT0 + 70));
    REQUIRE(recorder->sync(*play, *rubric, kT0 + 70));
    CHECK_FALSE(*store->draft(id));
    CHECK(store->session(id)->status == SessionStatus::Finished);
    auto late = store->saveDraft(ReplyDraft{id, 4, node, "one more thing", kT0 + 80});
    REQUIRE_FALSE(late);
    CHECK(late.error().message == "session " + std::to_string(id) + " is not an active session; its draft is not kept");
    CHECK(backend.query("SELECT count(*) FROM turn_drafts") == "0");

    // A blank text deletes a draft; finishing and abandoning a session delete it too.
    auto begin = [&](int64_t at) {
        auto p = PlaySession::start(scenario, at);
        auto r = SessionRecorder::begin(*store, ana->id, *p, *rubric, "practice", at);
        REQUIRE(r);
        return r->sessionId();
    };
    int64_t finished = begin(kT0 + 100), abandoned = begin(kT0 + 200);
    for (int64_t s : {finished, abandoned}) REQUIRE(store->saveDraft(ReplyDraft{s, 1, "start", "Hello Priya", kT0 + 210}));
    REQUIRE(store->saveDraft(ReplyDraft{abandoned, 1, "start", " \n\t", kT0 + 211}));
    CHECK_FALSE(*store->draft(abandoned));
    REQUIRE(store->saveDraft(ReplyDraft{abandoned, 1, "start", "Hello again", kT0 + 212}));
    REQUIRE(store->finishSession(finished, "refunded", kT0 + 220));
    REQUIRE(store->abandonSession(abandoned, kT0 + 230));
    CHECK_FALSE(*store->draft(finished));
    CHECK_FALSE(*store->draft(abandoned));
    CHECK(backend.query("SELECT count(*) FROM turn_drafts") == "0");

    // With masking off (a recorded decision), a draft is kept as typed, like a sent reply.
    int64_t raw = begin(kT0 + 300);
    REQUIRE(store->setMaskSecrets(false));
    REQUIRE(store->saveDraft(ReplyDraft{raw, 1, "start", "Card 4111-1111-1111-1111", kT0 + 310}));
    CHECK((*store->draft(raw))->text == "Card 4111-1111-1111-1111");
}

TEST_CASE("a file that is not a database is refused and left byte-for-byte unchanged") {
    test::TempDir dir{"simdesk-store"};
    fs::path notes = dir.path / "notes.db";
    std::ofstream(notes) << "Shift notes: call Priya back at 3pm.\n";
    std::string before = test::readBytes(notes);
    auto store = SqliteStore::open(notes, {kT0});
    REQUIRE_FALSE(store);
    CHECK(store.error().message == notes.string() + " is not a simdesk database (it is not an SQLite file); it was left untouched");
    CHECK(test::readBytes(notes) == before);
}

TEST_CASE("a damaged database is refused and left byte-for-byte unchanged") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "s.db";
    {
        auto store = openOrFail(db);
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        for (int i = 0; i < 3; ++i) recordMini(*store, ana->id, std::string(3000, 'x'), kT0);
    }
    REQUIRE(query(db, "PRAGMA wal_checkpoint(TRUNCATE)") == "0");
    fs::remove(dir.path / "s.db-wal");
    fs::remove(dir.path / "s.db-shm");
    // Overwrite the middle pages with junk, keeping the header.
    std::string bytes = test::readBytes(db);
    REQUIRE(bytes.size() > 4 * 4096);
    for (size_t i = 4096; i < bytes.size() - 4096; ++i) bytes[i] = static_cast<char>(i * 7);
    std::ofstream(db, std::ios::binary | std::ios::trunc) << bytes;
    auto store = SqliteStore::open(db, {kT0});
    REQUIRE_FALSE(store);
    CHECK(store.error().message.find("it was left untouched") != std::string::npos);
    CHECK(test::readBytes(db) == bytes);
}

TEST_CASE("a database from a newer simdesk is refused and left untouched") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "s.db";
    { openOrFail(db); }
    query(db, "UPDATE schema_version SET version = 99");
    query(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    std::string before = test::readBytes(db);
    auto store = SqliteStore::open(db, {kT0});
    REQUIRE_FALSE(store);
    CHECK(store.error().message == db.string() + " was written by a newer simdesk (schema version 99; this simdesk knows up to " + std::to_string(kSchemaVersion) + "); "
                                                 "it was left untouched — use a newer simdesk");
    CHECK(test::readBytes(db) == before);
}

TEST_CASE("a first-version database is backed up, then migrated with its records intact") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "old.db";
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.string().c_str(), &handle) == SQLITE_OK);
    std::string seed = std::string(schemaVersion1Sql()) +
                       "INSERT INTO people (name, role, start_date) VALUES ('Ana', 'trainee', '2026-10-01');"
                       "INSERT INTO sessions (person_id, scenario_id, scenario_version, scenario_hash, rubric_id, mode, "
                       "started_at, status) VALUES (1, 'mini', '1.0.0', 'fnv1a64:x', 'test-rubric', 'practice', 100, 'active');"
                       "INSERT INTO turns (session_id, seq, kind, node_id, text, at, mood_after, recorded_at) "
                       "VALUES (1, 1, 'customer', 'start', 'Hi, I was charged twice.', 100, 35, 100);";
    REQUIRE(sqlite3_exec(handle, seed.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(handle);
    std::string v1Bytes = test::readBytes(db);

    auto store = openOrFail(db);
    REQUIRE(store->migrationBackup());
    CHECK(store->migrationBackup()->filename() == "old.db.v1-backup-1767603600");
    CHECK(query(*store->migrationBackup(), "SELECT version FROM schema_version") == "1");
    CHECK(query(db, "SELECT version FROM schema_version") == std::to_string(kSchemaVersion));
    auto people = store->people();
    REQUIRE(people->size() == 1);
    CHECK((*people)[0].startDate == "2026-10-01");
    auto transcript = store->transcript(1);
    REQUIRE(transcript);
    CHECK(transcript->entries.at(0).text == "Hi, I was charged twice.");
    CHECK(store->sessions(std::nullopt)->front().status == SessionStatus::Active);
    // Version 5: people can be archived; everyone from before is not.
    CHECK_FALSE((*people)[0].archived);
    REQUIRE(store->setPersonArchived((*people)[0].id, true, kT0));
    CHECK(store->people()->front().archived);
    CHECK(store->transcript(1)->entries.size() == 1);
}

TEST_CASE("an unwritable location gives a clear error") {
    test::TempDir dir{"simdesk-store"};
    fs::path file = dir.path / "plain-file";
    std::ofstream(file) << "x";
    auto store = SqliteStore::open(file / "sub" / "simdesk.db", {kT0});
    REQUIRE_FALSE(store);
    CHECK(store.error().message.rfind("cannot create the folder " + (file / "sub").string() + " for the database: ", 0) == 0);
}

TEST_CASE("killed with SIGKILL at random moments 50 times, the database keeps every acknowledged turn") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "crash.db";
    { openOrFail(db); }
    std::mt19937 random(20261125);  // fixed seed: the same kill points every run
    for (int round = 0; round < 50; ++round) {
        int killAfter = std::uniform_int_distribution<int>(1, 40)(random);
        Child child = spawnWriter(db.string(), "writer", 100000);
        long long session = 0;
        REQUIRE(std::fscanf(child.out, "session %lld\n", &session) == 1);
        int acknowledged = 0, n = 0;
        while (acknowledged < killAfter && std::fscanf(child.out, "%d\n", &n) == 1) acknowledged = n;
        kill(child.pid, SIGKILL);
        int status = 0;
        waitpid(child.pid, &status, 0);
        fclose(child.out);
        INFO("round ", round, ", killed after turn ", acknowledged);
        REQUIRE(acknowledged == killAfter);
        CHECK(query(db, "PRAGMA integrity_check") == "ok");
        int stored = std::stoi(query(db, "SELECT count(*) FROM turns WHERE session_id = " + std::to_string(session)));
        CHECK(stored >= acknowledged);  // at most the turn in flight is lost; acknowledged ones never
        CHECK(query(db, "SELECT count(*) FROM turns WHERE session_id = " + std::to_string(session) + " AND seq <= " +
                            std::to_string(acknowledged)) == std::to_string(acknowledged));
    }
}

TEST_CASE_TEMPLATE("two processes writing at once lose nothing and never surface SQLITE_BUSY", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    { backend.open(); }
    Child a = spawnWriter(backend.target(), "writer-a", 300);
    Child b = spawnWriter(backend.target(), "writer-b", 300);
    long long sa = 0, sb = 0;
    REQUIRE(std::fscanf(a.out, "session %lld\n", &sa) == 1);
    REQUIRE(std::fscanf(b.out, "session %lld\n", &sb) == 1);
    int n = 0, lastA = 0, lastB = 0;
    while (std::fscanf(a.out, "%d\n", &n) == 1) lastA = n;
    while (std::fscanf(b.out, "%d\n", &n) == 1) lastB = n;
    int statusA = 0, statusB = 0;
    waitpid(a.pid, &statusA, 0);
    waitpid(b.pid, &statusB, 0);
    fclose(a.out);
    fclose(b.out);
    CHECK(WIFEXITED(statusA));
    CHECK(WEXITSTATUS(statusA) == 0);
    CHECK(WEXITSTATUS(statusB) == 0);
    CHECK(lastA == 300);
    CHECK(lastB == 300);
    CHECK(backend.query("SELECT count(*) FROM turns WHERE session_id = " + std::to_string(sa)) == "300");
    CHECK(backend.query("SELECT count(*) FROM turns WHERE session_id = " + std::to_string(sb)) == "300");
}

TEST_CASE_TEMPLATE("an interrupted session can be resumed exactly where it stopped, or abandoned", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto scenario = test::miniScenario();
    auto rubric = test::testRubric();
    auto play = PlaySession::start(scenario, kT0);
    auto recorder = SessionRecorder::begin(*store, ana->id, *play, *rubric, "exam", kT0);
    REQUIRE(play->choose("verify", 20, kT0 + 20));
    REQUIRE(recorder->sync(*play, *rubric, kT0 + 20));
    // ... the app is killed here. Next start:
    auto stored = store->transcript(recorder->sessionId());
    auto resumed = PlaySession::restore(scenario, {{"format", "simdesk-session/1"}, {"transcript", transcriptToJson(*stored)}});
    REQUIRE(resumed);
    CHECK(resumed->prompt().nodeId == "ask2");
    CHECK(resumed->mood() == play->mood());
    CHECK(store->sessions(std::nullopt)->front().status == SessionStatus::Active);
    REQUIRE(store->abandonSession(recorder->sessionId(), kT0 + 500));
    CHECK(store->sessions(std::nullopt)->front().status == SessionStatus::Abandoned);
    CHECK_FALSE(store->abandonSession(recorder->sessionId(), kT0 + 600));
}

TEST_CASE_TEMPLATE("calibration grades stay blind until revealed, then close", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto rui = store->addPerson("Rui", Role::Reviewer, "2025-01-01", {});
    auto eva = store->addPerson("Eva", Role::Lead, "2024-01-01", {});
    int64_t session = recordMini(*store, ana->id, "Refunded.", kT0);
    auto round = store->createCalibrationRound(CalibrationRound{0, session, eva->id, "Week 48 calibration", kT0, {}, ""});
    REQUIRE(round);
    REQUIRE(store->addCalibrationGrade({*round, rui->id, "", "empathy", "no apology", 2, kT0}));
    REQUIRE(store->addCalibrationGrade({*round, eva->id, "", "empathy", "", 3, kT0}));
    CHECK_FALSE(store->addCalibrationGrade({*round, rui->id, "", "empathy", "", 4, kT0}));  // one grade per grader
    // Blind: nobody reads the others' levels yet; each grader sees their own, the lead sees who is done.
    auto early = store->calibrationGrades(*round);
    REQUIRE_FALSE(early);
    CHECK(early.error().message == "calibration round 1 is still blind; its grades show once it is revealed");
    auto own = store->calibrationGradesBy(*round, rui->id);
    REQUIRE(own);
    REQUIRE(own->size() == 1);
    CHECK((*own)[0].level == 2);
    CHECK((*own)[0].note == "no apology");
    auto progress = store->calibrationProgress(*round);
    REQUIRE(progress);
    REQUIRE(progress->size() == 2);
    CHECK((*progress)[0].graderName == "Eva");
    CHECK((*progress)[1].criteriaGraded == 1);
    auto listed = store->calibrationRounds();
    REQUIRE(listed);
    REQUIRE(listed->size() == 1);
    CHECK((*listed)[0].title == "Week 48 calibration");
    CHECK((*listed)[0].createdByName == "Eva");
    CHECK_FALSE((*listed)[0].revealedAt.has_value());
    REQUIRE(store->revealCalibrationRound(*round, kT0 + 10));
    CHECK(*store->calibrationRound(*round)->revealedAt == kT0 + 10);
    CHECK_FALSE(store->calibrationRound(99));
    CHECK_FALSE(store->addCalibrationGrade({*round, ana->id, "", "empathy", "", 4, kT0}));
    CHECK(store->calibrationGrades(*round)->size() == 2);
}

TEST_CASE_TEMPLATE("a calibration session: invited graders only, until the deadline, blind until the whole batch is revealed", B,
                   test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto rui = store->addPerson("Rui", Role::Reviewer, "2025-01-01", {});
    auto tom = store->addPerson("Tom", Role::Reviewer, "2025-01-01", {});
    auto zoe = store->addPerson("Zoe", Role::Reviewer, "2025-01-01", {});
    auto eva = store->addPerson("Eva", Role::Lead, "2024-01-01", {});
    int64_t first = recordMini(*store, ana->id, "Refunded.", kT0);
    int64_t second = recordMini(*store, ana->id, "Sorry, refunded.", kT0);
    CalibrationSession batch;
    batch.name = "Week 49 batch";
    batch.createdBy = eva->id;
    batch.createdAt = kT0;
    batch.deadline = kT0 + 3600;
    batch.sampling = "picked";
    batch.peersAfterSubmit = true;
    batch.graderIds = {rui->id, tom->id, eva->id};
    CHECK(store->createCalibrationSession(batch, {}).error().message == "a calibration session needs at least one conversation");
    CalibrationSession alone = batch;
    alone.graderIds = {rui->id};
    CHECK(store->createCalibrationSession(alone, {first}).error().message == "a calibration session needs at least two invited graders");
    auto id = store->createCalibrationSession(batch, {first, second});
    REQUIRE(id);
    const std::string sid = std::to_string(*id);
    auto read = store->calibrationSession(*id);
    REQUIRE(read);
    CHECK(read->graderNames == std::vector<std::string>{"Eva", "Rui", "Tom"});
    CHECK(read->createdByName == "Eva");
    CHECK(read->peersAfterSubmit);
    REQUIRE(read->roundIds.size() == 2);  // one round per conversation
    const int64_t r1 = read->roundIds[0], r2 = read->roundIds[1];
    CHECK(store->calibrationRound(r1)->sessionId == first);
    CHECK(store->calibrationRound(r2)->calibrationSessionId == *id);
    CHECK(store->calibrationRound(r2)->title == "Week 49 batch");

    REQUIRE(store->addCalibrationGrade({r1, rui->id, "", "empathy", "", 2, kT0 + 60}));
    CHECK(store->addCalibrationGrade({r1, zoe->id, "", "empathy", "", 2, kT0 + 60}).error().message ==
          "this grader is not invited to calibration session " + sid);
    CHECK(store->addCalibrationGrade({r1, tom->id, "", "empathy", "", 3, kT0 + 7200}).error().message ==
          "calibration session " + sid + " closed at its deadline; a lead can extend it");
    CHECK(store->extendCalibrationSession(*id, kT0).error().message == "an extension moves the deadline later");
    REQUIRE(store->extendCalibrationSession(*id, kT0 + 86400));
    REQUIRE(store->addCalibrationGrade({r1, tom->id, "", "empathy", "", 3, kT0 + 7200}));

    // Blind, except that this session lets a grader who has submitted see the round's other grades.
    CHECK_FALSE(store->calibrationGrades(r1));
    CHECK(store->calibrationPeerGrades(r1, eva->id).error().message ==
          "calibration round " + std::to_string(r1) + " is still blind; peers' grades show after you submit your own");
    auto peers = store->calibrationPeerGrades(r1, rui->id);
    REQUIRE(peers);
    CHECK(peers->size() == 2);
    CHECK(store->revealCalibrationRound(r1, kT0).error().message ==
          "calibration round " + std::to_string(r1) + " is part of calibration session " + sid + ", which is revealed as a whole");

    CHECK_FALSE(store->setCalibrationBenchmark(*id, zoe->id));  // not invited
    REQUIRE(store->setCalibrationBenchmark(*id, eva->id));
    REQUIRE(store->revealCalibrationSession(*id, kT0 + 9000));
    CHECK_FALSE(store->revealCalibrationSession(*id, kT0 + 9001));
    auto after = store->calibrationSessions();
    REQUIRE(after);
    REQUIRE(after->size() == 1);
    CHECK(after->front().benchmarkName == "Eva");
    CHECK(*after->front().revealedAt == kT0 + 9000);
    CHECK(*store->calibrationRound(r2)->revealedAt == kT0 + 9000);  // every round of it
    CHECK(store->calibrationGrades(r1)->size() == 2);
    CHECK_FALSE(store->addCalibrationGrade({r2, eva->id, "", "empathy", "", 3, kT0 + 9100}));
    CHECK_FALSE(store->extendCalibrationSession(*id, kT0 + 2 * 86400));
}

TEST_CASE_TEMPLATE("a database from before calibration sessions gains them and keeps its rounds and grades", B,
                   test::SqliteBackend, test::PgBackend) {
    B backend;
    int64_t round = 0, rui = 0;
    {
        auto store = backend.open();
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        rui = store->addPerson("Rui", Role::Reviewer, "2025-01-01", {})->id;
        auto eva = store->addPerson("Eva", Role::Lead, "2024-01-01", {});
        int64_t session = recordMini(*store, ana->id, "Refunded.", kT0);
        round = *store->createCalibrationRound(CalibrationRound{0, session, eva->id, "Week 48", kT0, {}, ""});
        REQUIRE(store->addCalibrationGrade({round, rui, "", "empathy", "kind", 2, kT0}));
    }
    // Back to the schema before sessions (SQLite's 8, the server's 3), with the round in it: reply
    // drafts (SQLite's 10, the server's 5) go first.
    const bool sqlite = std::is_same_v<B, test::SqliteBackend>;
    for (const auto& sql : test::withoutRunSummaries(sqlite)) REQUIRE(backend.query(sql) == "");  // SQLite's 13, the server's 8
    REQUIRE(backend.query("ALTER TABLE people DROP COLUMN team") == "");  // teams (SQLite's 12, the server's 7)
    for (const char* sql : {sqlite ? "DROP TRIGGER turn_drafts_sent" : "DROP TRIGGER turn_drafts_sent ON turns",
                            sqlite ? "DROP TRIGGER turn_drafts_ended" : "DROP TRIGGER turn_drafts_ended ON sessions",
                            "DROP TABLE turn_drafts"})
        REQUIRE(backend.query(sql) == "");
    for (const char* sql : {"DROP INDEX calibration_rounds_by_session",
                            "ALTER TABLE calibration_rounds DROP COLUMN calibration_session_id",
                            "DROP TABLE calibration_invitations", "DROP TABLE calibration_sessions"})
        REQUIRE(backend.query(sql) == "");
    REQUIRE(backend.query(sqlite ? "UPDATE schema_version SET version = 8" : "UPDATE schema_version SET version = 3") == "");
    auto store = backend.open();
    REQUIRE(store);
    CHECK(backend.query("SELECT version FROM schema_version") == std::to_string(sqlite ? kSchemaVersion : kPgSchemaVersion));
    auto kept = store->calibrationRound(round);
    REQUIRE(kept);
    CHECK(kept->title == "Week 48");
    CHECK_FALSE(kept->calibrationSessionId.has_value());  // a round of its own, as before
    auto grades = store->calibrationGradesBy(round, rui);
    REQUIRE(grades);
    REQUIRE(grades->size() == 1);
    CHECK(grades->front().note == "kind");
    CHECK(store->calibrationSessions()->empty());
}

TEST_CASE_TEMPLATE("coaching plans are acknowledged once, certifications keep their expiry", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto eva = store->addPerson("Eva", Role::Lead, "2024-01-01", {});
    int64_t session = recordMini(*store, ana->id, "Refunded.", kT0);
    REQUIRE(store->addCoachingNote({0, session, eva->id, "", "Apologise for our error before the fix.", kT0}));
    auto plan = store->addCoachingPlan({0, ana->id, eva->id, session, "", "Replay the refund scenario in exam mode.", kT0, {}});
    REQUIRE(plan);
    REQUIRE(store->acknowledgePlan(*plan, kT0 + 3600));
    CHECK_FALSE(store->acknowledgePlan(*plan, kT0 + 7200));
    CHECK(*store->coachingPlans(ana->id)->front().acknowledgedAt == kT0 + 3600);
    REQUIRE(store->addCertificationAttempt({0, ana->id, session, "new-hire-foundations", "level-1", true, kT0}));
    REQUIRE(store->awardCertification({0, ana->id, "new-hire-foundations", kT0, kT0 + 365 * 86400}));
    CHECK(store->certifications(ana->id)->front().expiresAt == kT0 + 365 * 86400);
    CHECK(store->certificationAttempts(ana->id)->size() == 1);
}

TEST_CASE("a stored certificate keeps its track certified until it expires, whatever later scoring says") {
    SchemaChecker schemas;
    const ContentLibrary library = test::bundledLibrary(schemas);
    constexpr int64_t kAwarded = 1795165200;   // 2026-11-20 09:00 UTC
    constexpr int64_t kExpires = 1826701200;   // 2027-11-20 09:00 UTC, 12 months later
    constexpr int64_t kMidDecember = 1797325200;  // 2026-12-15 09:00 UTC, past the 1 December last day
    const std::vector<Certification> awards = {{1, 1, "new-hire-foundations", kAwarded, kExpires}};
    const std::vector<std::string> tracks = {"new-hire-foundations"};

    // No scored session passes anything now (say, after a stricter rubric re-scored them all).
    auto without = trackStandings(library, "2026-11-02", tracks, {}, {}, kMidDecember);
    REQUIRE(without.size() == 1);
    CHECK_FALSE(without[0].progress.certified);
    CHECK(*without[0].daysLeft < 0);

    auto with = trackStandings(library, "2026-11-02", tracks, {}, {}, kMidDecember, awards);
    REQUIRE(with.size() == 1);
    CHECK(with[0].progress.certified);
    CHECK(with[0].certifiedOn == "2026-11-20");
    CHECK(with[0].expiresOn == "2027-11-20");

    // After the expiry the award no longer counts: recertification is due.
    auto expired = trackStandings(library, "2026-11-02", tracks, {}, {}, kExpires + 86400, awards);
    CHECK_FALSE(expired[0].progress.certified);
}

TEST_CASE_TEMPLATE("a refresher track's deadline counts from enrolment, not from a hire date years before", B, test::SqliteBackend, test::PgBackend) {
    // Issue 11: a trainee hired in 2024 and enrolled on the annual privacy refresher today showed
    // "OVERDUE: was due 2024-03-30". tracks/privacy-and-compliance.json: "deadline_from": "enrolment".
    SchemaChecker schemas;
    const ContentLibrary library = test::bundledLibrary(schemas);
    B backend;
    auto store = backend.open();
    auto person = store->addPerson("Old Hand", Role::Trainee, "2024-03-01", {"new-hire-foundations", "privacy-and-compliance"});
    REQUIRE(person);
    auto read = store->findPerson("Old Hand");
    REQUIRE(read);
    REQUIRE(read->has_value());
    REQUIRE((*read)->enrolledOn.count("privacy-and-compliance") == 1);
    const int64_t now = static_cast<int64_t>(std::time(nullptr));  // enrolment is recorded as today's date
    auto standings = readStandings(library, *store, **read, now);
    REQUIRE(standings);
    for (const auto& s : *standings) {
        INFO(s.track->id, " due ", s.dueDate);
        REQUIRE(s.daysLeft);
        if (s.track->id == "privacy-and-compliance") {
            CHECK(*s.daysLeft >= 28);  // 30 days from today's enrolment
            CHECK_FALSE(s.progress.overdue);
        } else {
            CHECK(s.dueDate == "2024-03-30");  // the new-hire track still counts from the hire date
            CHECK(s.progress.overdue);
        }
    }
}

// ---- issue 15: opening without reading the whole file; summary columns; one-pass rescore ----------

namespace {

/// Critical counts as standings computed them before the summary column: by parsing each
/// session's latest stored card.
CriticalCounts countedFromCards(TrainingStore& store, const std::vector<SessionInfo>& sessions) {
    CriticalCounts counts;
    for (const auto& s : sessions) {
        if (s.status != SessionStatus::Finished || !s.latestPercent) continue;
        auto runs = store.scoringRuns(s.id);
        REQUIRE(runs);
        const auto& card = runs->back().card;
        int failing = static_cast<int>(card.value("critical_errors", nlohmann::json::array()).size());
        for (const auto& t : card.value("typed_turns", nlohmann::json::array())) failing += t.value("passed", true) ? 0 : 1;
        counts.emplace_back(s.id, failing);
    }
    return counts;
}

/// Opens the database in a child process that then dies without closing it, as a crash would.
void crashWhileOpen(const fs::path& db) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        auto store = SqliteStore::open(db, {kT0});
        _exit(store ? 0 : 3);  // no destructor runs: the clean-close marker stays
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
}

} // namespace

TEST_CASE("a database closed cleanly is opened without the whole-file check; one a crashed process left open is checked") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "s.db";
    {
        auto store = openOrFail(db);
        CHECK_FALSE(store->checkedOnOpen());  // a new database
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded to your card.", kT0);
        CHECK(query(db, "SELECT count(*) FROM open_handles") == "1");  // this connection's marker
    }
    CHECK(query(db, "SELECT count(*) FROM open_handles") == "0");  // removed by the clean close
    {
        auto store = openOrFail(db);
        CHECK_FALSE(store->checkedOnOpen());
        CHECK(store->openCheckReason().empty());
        // A second store while the first is open (another process, alive): not a crash.
        auto second = openOrFail(db);
        CHECK_FALSE(second->checkedOnOpen());
    }

    crashWhileOpen(db);
    CHECK(query(db, "SELECT count(*) FROM open_handles") == "1");  // the crash left its marker
    {
        auto store = openOrFail(db);
        CHECK(store->checkedOnOpen());
        CHECK(store->openCheckReason() == "an unclean shutdown");
        CHECK(store->sessions(std::nullopt)->size() == 1);
    }
    // The check cleared the stale marker: the next open is cheap again.
    CHECK(query(db, "SELECT count(*) FROM open_handles") == "0");
    CHECK_FALSE(openOrFail(db)->checkedOnOpen());
}

TEST_CASE("damage a normal open does not read is found after a crash and by db check, and the file is left untouched") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "s.db";
    {
        auto store = openOrFail(db);
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        for (int i = 0; i < 6; ++i) recordMini(*store, ana->id, "Sorry, refunded. " + std::string(3000, 'x'), kT0);
    }
    const std::string damaged = test::damageLastPage(db);
    REQUIRE(query(db, "PRAGMA quick_check").rfind("ok", 0) != 0);

    // `db check` reads every page, on a read-only connection, and says what it found.
    auto checked = test::runCli({"db", "check", "--db", db.string()});
    INFO(checked.out, checked.err);
    CHECK(checked.exitCode == 1);
    CHECK(checked.out.find(db.string() + " failed its check") == 0);
    CHECK(checked.out.find("ok\n") == std::string::npos);
    CHECK(test::readBytes(db) == damaged);

    // A normal open reads the header and the schema only: the damage is not in them.
    { CHECK_FALSE(openOrFail(db)->checkedOnOpen()); }

    // After a crash, opening checks the whole file, refuses it and writes nothing.
    crashWhileOpen(db);
    std::string before = test::readBytes(db), beforeWal = test::readBytes(fs::path(db.string() + "-wal"));
    auto store = SqliteStore::open(db, {kT0});
    REQUIRE_FALSE(store);
    CHECK(store.error().message.find(db.string() + " is damaged (") == 0);
    CHECK(store.error().message.find("it was left untouched — restore a backup") != std::string::npos);
    CHECK(test::readBytes(db) == before);
    CHECK(test::readBytes(fs::path(db.string() + "-wal")) == beforeWal);
}

TEST_CASE("db check says ok for a sound database, and names a file that is not one") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "s.db";
    {
        auto store = openOrFail(db);
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        recordMini(*store, ana->id, "Sorry, refunded.", kT0);
    }
    auto ok = test::runCli({"db", "check", "--db", db.string()});
    CHECK(ok.exitCode == 0);
    CHECK(ok.out == "ok\n");

    fs::path notes = dir.path / "notes.db";
    std::ofstream(notes) << "Shift notes: call Priya back at 3pm.\n";
    auto foreign = test::runCli({"db", "check", "--db", notes.string()});
    CHECK(foreign.exitCode == 1);
    CHECK(foreign.out.find("it is not an SQLite file") != std::string::npos);

    auto missing = test::runCli({"db", "check", "--db", (dir.path / "none.db").string()});
    CHECK(missing.exitCode == 1);
    CHECK(missing.err == "simdesk db check: no database at " + (dir.path / "none.db").string() + "\n");
    CHECK_FALSE(fs::exists(dir.path / "none.db"));
}

TEST_CASE_TEMPLATE("critical counts come from the summary column, with the figures parsing each card gave", B, test::SqliteBackend,
                   test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    int64_t good = recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded to your card.", kT0, "exam");
    // A card number and an SSN typed into the reply: two critical errors.
    int64_t leaked = recordMini(*store, ana->id, "Sorry! I refunded card 4111 1111 1111 1111, SSN 123-45-6789.", kT0 + 3600, "exam");
    int64_t unfinished = 0;
    {
        auto play = PlaySession::start(test::miniScenario(), kT0 + 7200);
        auto recorder = SessionRecorder::begin(*store, ana->id, *play, *test::testRubric(), "practice", kT0 + 7200);
        REQUIRE(recorder);
        unfinished = recorder->sessionId();
    }
    auto sessions = store->sessions("Ana");
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 3);
    CHECK(backend.query("SELECT critical_count FROM scoring_runs ORDER BY id") == "0,2");
    const CriticalCounts expected = {{good, 0}, {leaked, 2}};  // the unfinished session has no score
    CHECK(criticalCounts(*sessions) == expected);
    CHECK(countedFromCards(*store, *sessions) == expected);
    CHECK((*sessions)[2].id == unfinished);
    CHECK_FALSE((*sessions)[2].latestCriticalCount);
}

TEST_CASE_TEMPLATE("standings read from the summary columns give the same figures as before", B, test::SqliteBackend, test::PgBackend) {
    SchemaChecker schemas;
    ContentLibrary library = loadContent(
        {std::string(SIMDESK_FIXTURES) + "/valid/mini.json", std::string(SIMDESK_FIXTURES) + "/rubrics",
         std::string(SIMDESK_FIXTURES) + "/track"},
        schemas);
    REQUIRE(library.findTrack("test-new-hire"));
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-01-05", {"test-new-hire"});
    REQUIRE(ana);
    constexpr int64_t kDay = 86400;
    // Exam attempts a day and more apart (the level's cool-down is 24 hours): a leak (two critical
    // errors, 0 %), then a clean pass.
    int64_t leaked = recordMini(*store, ana->id, "Sorry! I refunded card 4111 1111 1111 1111, SSN 123-45-6789.", kT0, "exam");
    int64_t passed = recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded to your card.", kT0 + 2 * kDay, "exam");
    auto person = store->findPerson("Ana");
    REQUIRE(person);
    REQUIRE(person->has_value());
    const int64_t now = kT0 + 3 * kDay;
    auto standings = readStandings(library, *store, **person, now);
    REQUIRE(standings);
    REQUIRE(standings->size() == 1);
    const auto& level = standings->front().progress.levels.at(0);
    CHECK(level.status == LevelStatus::Passed);
    CHECK(level.attemptsUsed == 2);
    CHECK(level.passedAt == kT0 + 2 * kDay + 70);  // the second attempt's end
    CHECK(standings->front().progress.certified);

    // The same standings from counts parsed out of each card, as before the summary column.
    auto sessions = store->sessions("Ana");
    const CriticalCounts fromCards = countedFromCards(*store, *sessions);
    CHECK(fromCards == CriticalCounts{{leaked, 2}, {passed, 0}});
    auto before = trackStandings(library, (*person)->startDate, (*person)->tracks, *sessions, fromCards, now, {},
                                 (*person)->enrolledOn);
    REQUIRE(before.size() == 1);
    CHECK(before[0].progress.certified == standings->front().progress.certified);
    CHECK(before[0].progress.certifiedAt == standings->front().progress.certifiedAt);
    CHECK(before[0].progress.levels.at(0).attemptsUsed == level.attemptsUsed);
    CHECK(before[0].progress.levels.at(0).passedAt == level.passedAt);
    CHECK(before[0].dueDate == standings->front().dueDate);
}

TEST_CASE("a schema-4 database (the previous release) is backed up, checked and migrated, its critical counts filled from each card") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "v4.db";
    CriticalCounts fromCards;
    std::vector<std::pair<int64_t, std::string>> jsonCards;  // (run, card) as schema 4 to 10 stored it
    {
        auto store = openOrFail(db);
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded to your card.", kT0, "exam");
        recordMini(*store, ana->id, "Sorry! I refunded card 4111 1111 1111 1111, SSN 123-45-6789.", kT0 + 3600, "exam");
        recordMini(*store, ana->id, "Refunded, your bank was at fault.", kT0 + 7200, "practice");
        recordMini(*store, ana->id, "ok", kT0 + 9000, "practice");  // a reply with no substance fails
        fromCards = countedFromCards(*store, *store->sessions(std::nullopt));
        auto sessions = store->sessions(std::nullopt);
        REQUIRE(sessions);
        for (const auto& s : *sessions) {
            auto runs = store->scoringRuns(s.id);
            REQUIRE(runs);
            for (const auto& r : *runs) jsonCards.emplace_back(r.id, r.card.dump());
        }
    }
    // Exactly the schema 4 had: schema 5 added archiving, schema 6 the summary column and the open markers,
    // schema 7 the automatic percent beside a re-rated one, schema 8 disputes, schema 9 calibration sessions,
    // schema 10 reply drafts, schema 11 compact cards, schema 12 teams, schema 13 dashboard sums, schema 14 criteria rows by run.
    {
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(db.string().c_str(), &handle) == SQLITE_OK);
        CHECK(sqlite3_exec(handle,
                           "ALTER TABLE scoring_runs DROP COLUMN critical_count; DROP TABLE open_handles; "
                           "ALTER TABLE people DROP COLUMN archived_at; ALTER TABLE scoring_runs DROP COLUMN automatic_percent; "
                           "DROP TABLE dispute_resolutions; DROP TABLE disputes; "
                           "DROP INDEX calibration_rounds_by_session; ALTER TABLE calibration_rounds DROP COLUMN calibration_session_id; "
                           "DROP TABLE calibration_invitations; DROP TABLE calibration_sessions; "
                           "DROP TRIGGER turn_drafts_sent; DROP TRIGGER turn_drafts_ended; DROP TABLE turn_drafts; "
                           "ALTER TABLE people DROP COLUMN team; "
                           "DROP TABLE scoring_run_criteria; DROP INDEX reviews_by_session; DROP INDEX sessions_by_start; "
                           "DROP INDEX scoring_runs_summary; "
                           "ALTER TABLE scoring_runs DROP COLUMN pass_mark; "
                           "UPDATE schema_version SET version = 4",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
        // Cards as JSON, as every release before schema 11 stored them.
        REQUIRE(sqlite3_exec(handle, "DROP TRIGGER scoring_runs_append_only_u", nullptr, nullptr, nullptr) == SQLITE_OK);
        for (const auto& [run, card] : jsonCards) {
            sqlite3_stmt* update = nullptr;
            REQUIRE(sqlite3_prepare_v2(handle, "UPDATE scoring_runs SET card_json = ? WHERE id = ?", -1, &update, nullptr) == SQLITE_OK);
            sqlite3_bind_text(update, 1, card.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(update, 2, run);
            CHECK(sqlite3_step(update) == SQLITE_DONE);
            sqlite3_finalize(update);
        }
        REQUIRE(sqlite3_exec(handle, "CREATE TRIGGER scoring_runs_append_only_u BEFORE UPDATE ON scoring_runs BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(handle);
    }
    REQUIRE(query(db, "PRAGMA wal_checkpoint(TRUNCATE)") == "0");
    REQUIRE(fromCards.size() == 4);
    CHECK(fromCards[1].second == 2);
    CHECK(fromCards[3].second == 1);  // its failed typed reply

    auto store = openOrFail(db);
    CHECK(store->checkedOnOpen());
    CHECK(store->openCheckReason() == "a migration");
    REQUIRE(store->migrationBackup());
    CHECK(store->migrationBackup()->filename() == "v4.db.v4-backup-1767603600");
    CHECK(query(*store->migrationBackup(), "SELECT version FROM schema_version") == "4");
    CHECK(query(db, "SELECT version FROM schema_version") == std::to_string(kSchemaVersion));
    auto sessions = store->sessions(std::nullopt);
    REQUIRE(sessions);
    CHECK(criticalCounts(*sessions) == fromCards);
    CHECK(query(db, "SELECT count(*) FROM scoring_runs WHERE card_json LIKE 'c1,%'") == "4");  // schema 11
    // Schema 5 on the way: nobody was archived before archiving existed.
    REQUIRE(store->people());
    CHECK_FALSE(store->people()->front().archived);
    // Scores stay append-only after the backfill lifted and restored the trigger.
    CHECK(query(db, "UPDATE scoring_runs SET critical_count = 9") == "error: scores are append-only");
}

TEST_CASE("rescore --all reads each session once, in one pass, and scores them as before") {
    test::TempDir dir{"simdesk-store"};
    fs::path db = dir.path / "s.db";
    std::vector<int64_t> ids;
    {
        auto store = openOrFail(db);
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        auto rui = store->addPerson("Rui", Role::Trainee, "2026-11-02", {});
        ids.push_back(recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded to your card.", kT0, "exam"));
        ids.push_back(recordMini(*store, rui->id, "Sorry! I refunded card 4111 1111 1111 1111, SSN 123-45-6789.", kT0 + 60, "exam"));
        ids.push_back(recordMini(*store, ana->id, "Refunded, your bank was at fault.", kT0 + 120, "practice"));
        // A session with no turns between ones that have them.
        auto empty = store->startSession({ana->id, "practice", kT0 + 180, {"scenario", "mini", "1", "h", "{}"}, {"rubric", "test-rubric", "1", "r", "{}"}});
        REQUIRE(empty);
        ids.push_back(*empty);
        ids.push_back(recordMini(*store, rui->id, "Sorry, refunded.", kT0 + 240, "practice"));

        // forEachTranscript hands over every session, oldest first, each with exactly its own turns.
        std::vector<int64_t> seen;
        REQUIRE(store->forEachTranscript([&](const SessionVisit& visit) -> Status {
            const SessionInfo& info = visit.info;
            const Transcript& t = visit.transcript;
            seen.push_back(info.id);
            CHECK(visit.done == seen.size());
            CHECK(visit.total == 5);
            CHECK(info.latestRubricHash == store->session(info.id)->latestRubricHash);
            auto alone = store->transcript(info.id);
            REQUIRE(alone);
            CHECK(t.entries.size() == alone->entries.size());
            for (size_t i = 0; i < t.entries.size() && i < alone->entries.size(); ++i) CHECK(t.entries[i].text == alone->entries[i].text);
            CHECK(t.scenarioHash == alone->scenarioHash);
            CHECK(t.endingId == alone->endingId);
            return Ok{};
        }));
        CHECK(seen == ids);
    }
    std::string before = query(db, "SELECT group_concat(final_percent || '/' || passed || '/' || critical_count, ' ') FROM scoring_runs");
    auto rescored = test::runCli({"rescore", "--all", "--force", "--json", "--db", db.string(), "--content", SIMDESK_FIXTURES});
    INFO(rescored.err);
    // The session without turns (and its made-up content) cannot be scored; the others are.
    CHECK(nlohmann::json::parse(rescored.out)["rescored"] == 4);
    CHECK(query(db, "SELECT count(*) FROM scoring_runs WHERE reason = 'rescore'") == "4");
    // The same scores as when they were played.
    std::string after = query(db, "SELECT group_concat(final_percent || '/' || passed || '/' || critical_count, ' ') FROM scoring_runs "
                                  "WHERE reason = 'rescore'");
    CHECK(after == before);
}

TEST_CASE_TEMPLATE("a pass over more sessions than one read batch gives each its own turns, and stops cleanly when told to", B,
                   test::SqliteBackend, test::PgBackend) {
    // 2 500 sessions: three of the stores' read batches (on SQLite read ahead on a second
    // connection, which WAL allows).
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    REQUIRE(ana);
    constexpr int kSessions = 2500;
    std::vector<int64_t> ids;
    REQUIRE(store->inTransaction([&]() -> Status {
        for (int i = 0; i < kSessions; ++i) {
            auto id = store->startSession({ana->id, "practice", kT0 + i, {"scenario", "mini", "1", "h", "{}"}, {"rubric", "test-rubric", "1", "r", "{}"}});
            if (!id) return id.error();
            ids.push_back(*id);
            // Every third session has no turns; the others one or two, their text naming the session.
            for (int turn = 0; turn < i % 3; ++turn) {
                TranscriptEntry e;
                e.kind = EntryKind::TraineeReply;
                e.nodeId = "n" + std::to_string(turn);
                e.text = "reply " + std::to_string(turn) + " of session " + std::to_string(*id);
                if (auto added = store->appendTurn(*id, e, kT0 + i); !added) return added.error();
            }
        }
        return Ok{};
    }));

    std::vector<int64_t> seen;
    size_t wrongTurns = 0;
    REQUIRE(store->forEachTranscript([&](const SessionVisit& visit) -> Status {
        seen.push_back(visit.info.id);
        const size_t expected = static_cast<size_t>((seen.size() - 1) % 3);
        if (visit.transcript.entries.size() != expected) ++wrongTurns;
        for (size_t turn = 0; turn < visit.transcript.entries.size(); ++turn)
            if (visit.transcript.entries[turn].text != "reply " + std::to_string(turn) + " of session " + std::to_string(visit.info.id))
                ++wrongTurns;
        CHECK(visit.total == static_cast<size_t>(kSessions));
        return Ok{};
    }));
    CHECK(seen == ids);
    CHECK(wrongTurns == 0);

    // A visitor that stops half-way (a cancelled rescore) gets its own error back, at once.
    size_t visited = 0;
    auto stopped = store->forEachTranscript([&](const SessionVisit&) -> Status {
        return ++visited == 1500 ? Status(fail("stop here")) : Status(Ok{});
    });
    REQUIRE_FALSE(stopped);
    CHECK(stopped.error().message == "stop here");
    CHECK(visited == 1500);
    // Nothing of the stopped pass holds the file: the store writes and a new pass reads it all.
    REQUIRE(store->addPerson("Rui", Role::Trainee, "2026-11-03", {}));
    size_t again = 0;
    REQUIRE(store->forEachTranscript([&](const SessionVisit&) -> Status { ++again; return Ok{}; }));
    CHECK(again == static_cast<size_t>(kSessions));
}

TEST_CASE("the scoring pipeline gives results in the order the sessions went in, whichever worker finishes first") {
    test::SqliteBackend backend;
    auto store = backend.open();
    SchemaChecker schemas;
    ContentLibrary library = loadContent({SIMDESK_FIXTURES "/valid", SIMDESK_FIXTURES "/rubrics"}, schemas);
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    REQUIRE(ana);
    ScenarioPtr scenario = test::miniScenario();
    RubricPtr rubric = library.findRubric("test-rubric");
    REQUIRE(rubric);
    // Two jobs that score differently: a play alone, and the same play with a reviewer's re-rating.
    int64_t id = recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded.", kT0, "exam");
    const Transcript transcript = *store->transcript(id);
    const std::vector<std::vector<Review>> reviews{{}, {Review{0, id, "empathy", 1, "Cold", 0, "Rui", kT0 + 10}}};
    std::vector<double> alone;
    for (const auto& r : reviews) alone.push_back(officialScoreOf(*scenario, *rubric, transcript, r)->finalPercent);
    REQUIRE(alone[0] != alone[1]);
    // Many jobs through four workers and a small window: each result is the one its own job gives.
    ScoringPipeline pipeline(4, 8);
    std::vector<int64_t> order;
    std::vector<double> percents;
    auto take = [&](std::optional<ScoringPipeline::Scored> scored) {
        REQUIRE(scored->run);
        order.push_back(scored->sessionId);
        percents.push_back(scored->run->finalPercent);
    };
    const int64_t jobs = 60;
    for (int64_t i = 0; i < jobs; ++i) {
        if (pipeline.full()) take(pipeline.next(true));
        pipeline.submit({i, scenario, rubric, transcript, reviews[i % 3 == 0]});
    }
    while (auto scored = pipeline.next(true)) take(std::move(scored));
    REQUIRE(order.size() == static_cast<size_t>(jobs));
    for (int64_t i = 0; i < jobs; ++i) {
        CHECK(order[i] == i);
        CHECK(percents[i] == alone[i % 3 == 0]);
    }
    // Dropped with jobs still in (a cancelled rescore): the workers stop, nothing waits for ever.
    {
        ScoringPipeline dropped(2, 16);
        for (int64_t i = 0; i < 16; ++i) dropped.submit({i, scenario, rubric, transcript, {}});
    }
}

TEST_CASE_TEMPLATE("rescoreAll applies each session's reviews as scoring one session does, and a cancel keeps nothing of it", B,
                   test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    SchemaChecker schemas;
    ContentLibrary library = loadContent({SIMDESK_FIXTURES "/valid", SIMDESK_FIXTURES "/rubrics"}, schemas);
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto rui = store->addPerson("Rui", Role::Reviewer, "2026-11-02", {});
    REQUIRE(ana);
    REQUIRE(rui);
    std::vector<int64_t> ids;
    for (int i = 0; i < 4; ++i)
        ids.push_back(recordMini(*store, ana->id, i % 2 ? "Refunded, your bank was at fault." : "Sorry, the duplicate $42 charge is refunded.",
                                 kT0 + 100 * i, "exam"));
    // Reviews on the second and fourth sessions: their official scores differ from the automatic ones.
    REQUIRE(store->addReview(Review{0, ids[1], "empathy", 1, "Blamed the bank", rui->id, "", kT0 + 1000}));
    REQUIRE(store->addReview(Review{0, ids[3], "empathy", 4, "Warm enough", rui->id, "", kT0 + 1001}));
    REQUIRE(store->addReview(Review{0, ids[3], "accuracy", 1, "Wrong amount", rui->id, "", kT0 + 1002}));
    // What scoring each session alone (its reviews read for it) stores: the expected official scores.
    auto scenario = test::miniScenario();
    auto rubric = library.findRubric("test-rubric");
    REQUIRE(rubric);
    std::vector<double> expected;
    std::vector<bool> reRated;
    for (int64_t id : ids) {
        auto t = store->transcript(id);
        REQUIRE(t);
        auto card = scoreAndStore(*store, id, *scenario, *rubric, *t, "review", kT0 + 2000);
        REQUIRE(card);
        expected.push_back(card->finalPercent);
        reRated.push_back(card->automaticPercent.has_value());
    }
    CHECK(reRated == std::vector<bool>{false, true, false, true});  // the reviews changed those two
    auto latest = [&] {
        std::vector<double> out;
        const auto sessions = store->sessions(std::nullopt);  // kept: a range-for over *temporary dangles
        for (const auto& s : *sessions) out.push_back(s.latestPercent.value_or(-1));
        return out;
    };
    auto runs = [&] {
        size_t n = 0;
        for (int64_t id : ids) n += store->scoringRuns(id)->size();
        return n;
    };
    const size_t runsBefore = runs();

    // Cancelled after two sessions: nothing of the rescore is kept, the official scores are as before.
    size_t calls = 0;
    auto cancelled = rescoreAll(*store, library, {true, kT0 + 3000, nullptr}, [&](size_t done, size_t total) {
        CHECK(total == ids.size());
        CHECK(done == ++calls);
        return done < 3;
    });
    REQUIRE(cancelled);
    CHECK(cancelled->cancelled);
    CHECK(cancelled->rescored == 0);
    CHECK(runs() == runsBefore);
    CHECK(latest() == expected);

    // Run to the end: one new run per session, each the score its own scoring gave.
    auto done = rescoreAll(*store, library, {true, kT0 + 4000, nullptr});
    REQUIRE(done);
    CHECK_FALSE(done->cancelled);
    CHECK(done->rescored == ids.size());
    CHECK(done->skipped == 0);
    CHECK(runs() == runsBefore + ids.size());
    CHECK(latest() == expected);
    for (int64_t id : ids) CHECK(store->scoringRuns(id)->back().reason == "rescore");
    // Without --force, sessions already scored with the loaded rubric are left alone.
    auto again = rescoreAll(*store, library, {false, kT0 + 5000, nullptr});
    REQUIRE(again);
    CHECK(again->rescored == 0);
    CHECK(again->unchanged == ids.size());
}

TEST_CASE_TEMPLATE("disputes are kept with their one resolution, and the window is a setting", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto rui = store->addPerson("Rui", Role::Reviewer, "2026-11-02", {});
    REQUIRE(ana);
    REQUIRE(rui);
    int64_t session = recordMini(*store, ana->id, "Sorry, the duplicate $42 charge is refunded to your card.", kT0, "exam");

    CHECK(*store->disputeWindowDays() == kDefaultDisputeWindowDays);
    CHECK_FALSE(store->openDispute({0, session, ana->id, "", "empathy", "  ", kT0 + 60, std::nullopt}));
    auto first = store->openDispute({0, session, ana->id, "", "empathy", "I apologised twice", kT0 + 60, std::nullopt});
    REQUIRE(first);
    auto again = store->openDispute({0, session, ana->id, "", "empathy", "again", kT0 + 61, std::nullopt});
    REQUIRE_FALSE(again);
    CHECK(again.error().message == "dispute #" + std::to_string(*first) + " of \"empathy\" on session #" +
                                       std::to_string(session) + " is still open");
    auto other = store->openDispute({0, session, ana->id, "", "accuracy", "The facts were right", kT0 + 62, std::nullopt});
    REQUIRE(other);

    // An overturn needs its level, an upheld dispute takes none, and each is settled once.
    CHECK_FALSE(store->resolveDispute(*first, {rui->id, "", "overturned", std::nullopt, "fair", kT0 + 120}));
    CHECK_FALSE(store->resolveDispute(*other, {rui->id, "", "upheld", 1, "no", kT0 + 120}));
    REQUIRE(store->resolveDispute(*first, {rui->id, "", "overturned", 4, "Two real apologies", kT0 + 120}));
    auto twice = store->resolveDispute(*first, {rui->id, "", "upheld", std::nullopt, "late", kT0 + 180});
    REQUIRE_FALSE(twice);
    CHECK(twice.error().message == "dispute #" + std::to_string(*first) + " was already overturned; resolutions are kept, not replaced");

    auto listed = store->disputes(session);
    REQUIRE(listed);
    REQUIRE(listed->size() == 2);
    const Dispute& d = (*listed)[0];
    CHECK(d.traineeName == "Ana");
    CHECK(d.criterionId == "empathy");
    REQUIRE(d.resolution);
    CHECK(d.resolution->outcome == "overturned");
    CHECK(d.resolution->level == 4);
    CHECK(d.resolution->resolverName == "Rui");
    CHECK_FALSE((*listed)[1].resolution.has_value());
    CHECK(store->disputes(std::nullopt)->size() == 2);
    CHECK(store->disputes(session + 1000)->empty());

    CHECK_FALSE(store->setDisputeWindowDays(0));
    REQUIRE(store->setDisputeWindowDays(30));
    CHECK(*store->disputeWindowDays() == 30);
}
