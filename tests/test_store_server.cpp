// The store on a PostgreSQL server: what only a server has (its schema version line, refusing a
// database that is not simdesk's, naming a server it cannot reach), the command line pointed at a
// postgresql:// URI, and contract checks added with the second backend, run on both.
// The server is the throwaway one CTest starts (tests/CMakeLists.txt, fixture pg_cluster_start).
#include "store_backends.hpp"
#include "test_support.hpp"

#include "core/player.hpp"
#include "store/recorder.hpp"

#include <doctest/doctest.h>

using namespace simdesk;
using namespace simdesk::store;
namespace fs = std::filesystem;

namespace {
constexpr int64_t kT0 = 1767603600;

NewSession someSession(int64_t personId, int64_t at) {
    return NewSession{personId, "practice", at, {"scenario", "mini", "1", "h-" + std::to_string(at), "{}"},
                      {"rubric", "test-rubric", "1", "r", "{}"}};
}
TranscriptEntry entry(EntryKind kind, const std::string& text, double seconds) {
    TranscriptEntry e;
    e.kind = kind;
    e.nodeId = "start";
    e.text = text;
    e.at = kT0;
    e.seconds = seconds;
    return e;
}
} // namespace

TEST_CASE_TEMPLATE("writes inside inTransaction are stored all together or not at all, and a refused write inside leaves the rest usable",
                   B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    REQUIRE(ana);
    int64_t session = 0;
    // A failing transaction stores nothing of what it wrote before failing.
    Status failed = store->inTransaction([&]() -> Status {
        auto id = store->startSession(someSession(ana->id, kT0));
        if (!id) return id.error();
        session = *id;
        if (auto turn = store->appendTurn(session, entry(EntryKind::Customer, "Hi", 0), kT0); !turn)
            return turn.error();
        return fail("the action failed half-way");
    });
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message == "the action failed half-way");
    CHECK(store->sessions(std::nullopt)->empty());
    CHECK(backend.query("SELECT count(*) FROM turns") == "0");

    // Nested: the inner one joins the outer; a refused write (a duplicate grade) inside does not
    // spoil the writes around it, as in SQLite (PostgreSQL would abort the whole transaction
    // without the store's savepoints).
    auto eva = store->addPerson("Eva", Role::Lead, "2024-01-01", {});
    auto id = store->startSession(someSession(ana->id, kT0 + 1));
    REQUIRE(id);
    auto round = store->createCalibrationRound(CalibrationRound{0, *id, eva->id, "Week 1", kT0, {}, ""});
    REQUIRE(round);
    REQUIRE(store->inTransaction([&]() -> Status {
        if (auto s = store->addCalibrationGrade({*round, eva->id, "", "empathy", "", 3, kT0}); !s) return s;
        auto again = store->addCalibrationGrade({*round, eva->id, "", "empathy", "", 2, kT0});
        CHECK_FALSE(again);
        CHECK(again.error().message == "this grader has already graded \"empathy\" in this round");
        return store->inTransaction([&]() -> Status { return store->addCalibrationGrade({*round, eva->id, "", "accuracy", "", 1, kT0}); });
    }));
    auto grades = store->calibrationGradesBy(*round, eva->id);
    REQUIRE(grades);
    REQUIRE(grades->size() == 2);
    CHECK((*grades)[0].criterionId == "accuracy");
    CHECK((*grades)[1].level == 3);
}

TEST_CASE_TEMPLATE("names: blank names and control characters are refused, a rename may not take another's name in any case",
                   B, test::SqliteBackend, test::PgBackend) {
    B backend;
    auto store = backend.open();
    CHECK(store->addPerson("   ", Role::Trainee, "2026-11-02", {}).error().message == "a person needs a name, not only spaces");
    CHECK(store->addPerson("Ana\x1b[2J", Role::Trainee, "2026-11-02", {}).error().message ==
          "a name cannot contain control characters (found \\x1b at byte 4)");
    auto ana = store->addPerson("Ana Lima", Role::Trainee, "2026-11-02", {"t1", "t2"});
    auto rui = store->addPerson("Rui", Role::Reviewer, "2025-01-01", {});
    REQUIRE(ana);
    REQUIRE(rui);
    CHECK(store->renamePerson(rui->id, "ana lima").error().message == "there is already a person named \"Ana Lima\"");
    CHECK(store->renamePerson(999, "Nobody").error().message == "no person with id 999");
    REQUIRE(store->renamePerson(rui->id, "Rui Costa"));
    REQUIRE(store->setPersonArchived(ana->id, true, kT0));
    REQUIRE(store->setPersonArchived(ana->id, true, kT0 + 9));  // archiving twice keeps the first date
    CHECK(store->setPersonArchived(999, true, kT0).error().message == "no person with id 999");
    auto found = store->findPerson("Ana Lima");
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->archived);
    CHECK((*found)->tracks == std::vector<std::string>{"t1", "t2"});
    CHECK(backend.query("SELECT archived_at FROM people WHERE name = 'Ana Lima'") == std::to_string(kT0));
    auto everyone = store->people();
    REQUIRE(everyone);
    REQUIRE(everyone->size() == 2);
    CHECK((*everyone)[1].name == "Rui Costa");
    CHECK_FALSE((*everyone)[1].archived);
}

TEST_CASE_TEMPLATE("masking can be turned off and on, and the setting is kept with the records", B, test::SqliteBackend, test::PgBackend) {
    B backend;
    {
        auto store = backend.open();
        CHECK(store->maskSecrets());
        REQUIRE(store->setMaskSecrets(false));
    }
    auto store = backend.open();
    CHECK_FALSE(store->maskSecrets());
    REQUIRE(store->setMaskSecrets(true));
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto id = store->startSession(someSession(ana->id, kT0));
    REQUIRE(id);
    auto stored = store->appendTurn(*id, entry(EntryKind::TraineeReply, "SSN 123-45-6789", 3.25), kT0);
    REQUIRE(stored);
    CHECK(stored->text == "SSN [SSN removed]");
    CHECK(backend.query("SELECT text FROM turns") == "SSN [SSN removed]");
    CHECK(store->transcript(*id)->entries.at(0).seconds == 3.25);
}

// ---- only a server ------------------------------------------------------------------------------

TEST_CASE("a server database gets the schema once, at the server's current version, and a second open finds it") {
    test::PgBackend server;
    { server.open(); }
    CHECK(server.query("SELECT version FROM schema_version") == std::to_string(kPgSchemaVersion));
    auto again = PgStore::open(server.uri);
    REQUIRE(again);
    CHECK(server.query("SELECT count(*) FROM schema_version") == "1");
    CHECK((*again)->schemaVersion() == kPgSchemaVersion);
}

TEST_CASE("a server database whose schema is newer than this simdesk is refused and left untouched") {
    test::PgBackend server;
    {
        auto store = server.open();
        REQUIRE(store->addPerson("Ana", Role::Trainee, "2026-11-02", {}));
    }
    REQUIRE(server.query("UPDATE schema_version SET version = 99") == "");
    const std::string tables = "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'";
    std::string before = server.query(tables);
    auto store = PgStore::open(server.uri);
    REQUIRE_FALSE(store);
    CHECK(store.error().message == server.uri + " holds a simdesk database of a newer simdesk (schema version 99; this simdesk "
                                                "knows up to " + std::to_string(kPgSchemaVersion) +
                                                "); it was left untouched — use a newer simdesk");
    CHECK(server.query(tables) == before);
    CHECK(server.query("SELECT version FROM schema_version") == "99");
    CHECK(server.query("SELECT name FROM people") == "Ana");
}

TEST_CASE("a server database holding another program's tables is refused and left untouched") {
    test::PgBackend server;
    REQUIRE(server.query("CREATE TABLE invoices (id integer)") == "");
    auto store = PgStore::open(server.uri);
    REQUIRE_FALSE(store);
    CHECK(store.error().message == server.uri + " holds tables but not a simdesk database (no schema_version table); it was left untouched");
    CHECK(server.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1");
}

TEST_CASE("a server that cannot be reached is named, without its password") {
    test::TempDir dir{"simdesk-pg-none"};
    auto store = PgStore::open("postgresql://ana:s3cret@/simdesk?host=" + dir.path.string() + "&connect_timeout=2");
    REQUIRE_FALSE(store);
    INFO(store.error().message);
    CHECK(store.error().message.rfind("cannot connect to postgresql://ana:***@/simdesk?host=", 0) == 0);
    CHECK(store.error().message.find("s3cret") == std::string::npos);
}

TEST_CASE("the command line plays a scenario and lists sessions on a server named by a postgresql:// URI") {
    test::PgBackend server;
    test::ContentWorkspace w{"simdesk-pg-cli"};
    auto onServer = [&](std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.end(), {"--content", w.root.string(), "--db", server.uri});
        return test::runCli(args, input);
    };
    auto played = onServer({"play", "mini", "--script", "-", "--trainee", "Ana Lima"},
                           R"([{"choice": "verify", "seconds": 20}, {"choice": "stall", "seconds": 20}, {"choice": "stall"}])");
    INFO(played.out, played.err);
    REQUIRE(played.exitCode == 0);
    CHECK(played.out.find("Recorded as session #1 (simdesk show 1)") != std::string::npos);
    auto list = onServer({"sessions", "--trainee", "Ana Lima"});
    INFO(list.err);
    CHECK(list.exitCode == 0);
    CHECK(list.out == "#1  2026-01-05 09:00 UTC  Ana Lima  mini (practice)  finished  62.5% failed\n");
    CHECK(server.query("SELECT count(*) FROM turns WHERE session_id = 1") != "0");
    CHECK_FALSE(fs::exists(w.db));  // nothing went to a file

    // $SIMDESK_DB takes the URI as --db does.
    setenv("SIMDESK_DB", server.uri.c_str(), 1);
    auto people = test::runCli({"people", "list"});
    unsetenv("SIMDESK_DB");
    CHECK(people.exitCode == 0);
    CHECK(people.out.find("Ana Lima") != std::string::npos);

    // What only an SQLite file has is said to be so, not attempted.
    auto checked = onServer({"db", "check"});
    CHECK(checked.exitCode == 1);
    CHECK(checked.err.find("db check reads an SQLite file") != std::string::npos);
}

TEST_CASE("server init creates the schema and the group roles once, and a second run changes nothing") {
    test::PgBackend server;
    auto first = test::runCli({"server", "init", server.uri});
    INFO(first.out, first.err);
    REQUIRE(first.exitCode == 0);
    CHECK(first.out.rfind("schema: simdesk schema version " + std::to_string(kPgSchemaVersion) + " on " + server.uri + "\n", 0) == 0);
    for (const char* role : {"simdesk_trainee", "simdesk_reviewer", "simdesk_lead"})
        CHECK(first.out.find(std::string("role ") + role + ": ") != std::string::npos);
    CHECK(server.query("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'simdesk\\_%' AND NOT rolcanlogin") == "3");
    CHECK(server.query("SELECT version FROM schema_version") == std::to_string(kPgSchemaVersion));

    auto second = test::runCli({"server", "init", server.uri});
    CHECK(second.exitCode == 0);
    CHECK(second.out == "schema: simdesk schema version " + std::to_string(kPgSchemaVersion) + " on " + server.uri +
                            "\nrole simdesk_trainee: already there\nrole simdesk_reviewer: already there\nrole simdesk_lead: already there\n"
                            "privileges: granted to simdesk_trainee, simdesk_reviewer and simdesk_lead\n");

    auto file = test::runCli({"server", "init", "/tmp/simdesk.db"});
    CHECK(file.exitCode == 2);
    CHECK(file.err.find("expected a postgresql:// or postgres:// URI") != std::string::npos);
}
