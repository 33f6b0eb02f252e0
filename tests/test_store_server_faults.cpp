// Faults on a team's server (issue 16, item 6): eight client processes at once, a server restart
// in the middle of play, and a connection killed mid-transaction. Clients are separate processes
// (tests/store_writer) where it matters that they are; every wait is on a line the child prints or
// on the server answering, never a fixed sleep.
#include "server_faults_support.hpp"
#include "store_backends.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace simdesk;
using namespace simdesk::store;

namespace {
constexpr int64_t kT0 = 1767603600;

TranscriptEntry reply(const std::string& text, int64_t at) {
    TranscriptEntry e;
    e.kind = EntryKind::TraineeReply;
    e.nodeId = "reply";
    e.text = text;
    e.at = at;
    return e;
}

/// The turns of every session as "session:seq=text|..." lines, for one comparison.
std::string allTurns(const std::string& uri) {
    return test::pgQuery(uri, "SELECT session_id || ':' || string_agg(seq || '=' || text, '|' ORDER BY seq) FROM turns "
                              "GROUP BY session_id ORDER BY session_id");
}

/// What "turn 1" .. "turn N" of one session reads as in allTurns.
std::string expectedTurns(int64_t session, int count) {
    std::string out = std::to_string(session) + ":";
    for (int i = 1; i <= count; ++i) out += (i > 1 ? "|" : "") + std::to_string(i) + "=turn " + std::to_string(i);
    return out;
}
} // namespace

TEST_CASE("eight client processes play and grade at once on one server, and nothing is lost or doubled") {
    test::PgBackend server;
    constexpr int kClients = 8, kTurns = 25;
    std::vector<test::Child> clients;
    for (int c = 0; c < kClients; ++c)
        clients.push_back(test::Child::start({SIMDESK_STORE_WRITER, server.uri, "Trainee " + std::to_string(c),
                                               std::to_string(kTurns), "--go", "--grade"}));
    // Every client connected and started its session before any plays a turn: then all eight
    // write their turns, scores, reviewers and reviews at the same time.
    for (auto& c : clients) REQUIRE(c.readLine().rfind("session ", 0) == 0);
    for (auto& c : clients) c.send("go\n");
    for (auto& c : clients) {
        std::vector<std::string> lines = c.readAll();
        CAPTURE(c.errors());
        REQUIRE(lines.size() == kTurns + 1);
        CHECK(lines[kTurns - 1] == std::to_string(kTurns));
        CHECK(lines[kTurns] == "graded");
        CHECK(c.wait() == 0);
    }
    CHECK(server.query("SELECT count(*) FROM sessions WHERE status = 'finished'") == "8");
    CHECK(server.query("SELECT count(*) FROM sessions") == "8");
    CHECK(server.query("SELECT count(*) FROM people") == "16");
    // Each session: exactly turns 1..25, in order, each with its own text; nobody else's.
    std::string expected;
    for (const std::string& id : test::split(server.query("SELECT id FROM sessions ORDER BY id"), ','))
        expected += (expected.empty() ? "" : ",") + expectedTurns(std::stoll(id), kTurns);
    CHECK(allTurns(server.uri) == expected);
    // One score and one review per session, the review by that trainee's own reviewer.
    CHECK(server.query("SELECT count(*) FROM scoring_runs") == "8");
    CHECK(server.query("SELECT count(DISTINCT session_id) FROM scoring_runs WHERE final_percent = 25") == "8");
    CHECK(server.query("SELECT count(*) FROM reviews") == "8");
    CHECK(server.query("SELECT count(*) FROM reviews r JOIN sessions s ON s.id = r.session_id JOIN people p ON p.id = "
                       "s.person_id JOIN people a ON a.id = r.author_id WHERE r.reason = 'review of ' || p.name AND a.name = "
                       "p.name || ' reviewer' AND r.level = 1") == "8");
}

TEST_CASE("a server restarted in the middle of play: the client reconnects and every acknowledged turn is there once") {
    test::ThrowawayCluster cluster;
    REQUIRE(cluster.running());
    std::string uri = cluster.database("simdesk");
    // This cluster commits synchronously, as a real server does: the shared test cluster does not
    // (synchronous_commit off, for speed), and an immediate restart would lose acknowledged commits.
    REQUIRE(test::pgQuery(uri, "ALTER SYSTEM SET synchronous_commit = on") == "");
    REQUIRE(test::pgQuery(uri, "SELECT pg_reload_conf()") == "t");

    test::Child writer = test::Child::start({SIMDESK_STORE_WRITER, uri, "Ana", "10", "--step"});
    std::string started = writer.readLine();
    REQUIRE(started.rfind("session ", 0) == 0);
    int64_t session = std::stoll(started.substr(8));
    for (int i = 1; i <= 5; ++i) {
        writer.send("turn\n");
        REQUIRE(writer.readLine() == std::to_string(i));
    }
    // The crash: every server process killed, then recovery from the log. The writer's
    // connection is dead, and it learns so only when it sends turn 6.
    REQUIRE(cluster.restart());
    for (int i = 6; i <= 10; ++i) {
        writer.send("turn\n");
        std::string ack = writer.readLine();
        CAPTURE(writer.errors());
        REQUIRE(ack == std::to_string(i));
    }
    writer.closeInput();
    CHECK(writer.wait() == 0);
    CHECK(allTurns(uri) == expectedTurns(session, 10));
}

TEST_CASE("a connection killed in the middle of a transaction leaves no half-written session, and the store goes on") {
    test::PgBackend server;
    auto store = server.open();
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    REQUIRE(ana);
    NewSession s;
    s.personId = ana->id;
    s.startedAt = kT0;
    s.scenario = {"scenario", "mini", "1", "fnv1a64:mini", "{}"};
    s.rubric = {"rubric", "test-rubric", "1", "fnv1a64:test-rubric", "{}"};
    const std::string killOthers = "SELECT bool_and(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()";
    Status written = store->inTransaction([&]() -> Status {
        auto id = store->startSession(s);
        if (!id) return id.error();
        if (auto t = store->appendTurn(*id, reply("first", kT0 + 1), kT0 + 1); !t) return t.error();
        // The server ends this client's connection (an administrator, a failover) mid-transaction.
        CHECK(server.query(killOthers) == "t");
        if (auto t = store->appendTurn(*id, reply("second", kT0 + 2), kT0 + 2); !t) return t.error();
        return Ok{};
    });
    CHECK_FALSE(written);
    CHECK(server.query("SELECT count(*) FROM sessions") == "0");
    CHECK(server.query("SELECT count(*) FROM turns") == "0");
    CHECK(server.query("SELECT count(*) FROM content_snapshots") == "0");

    // The next write, outside a transaction, opens a new connection by itself.
    auto again = store->startSession(s);
    REQUIRE(again);
    REQUIRE(store->appendTurn(*again, reply("turn 1", kT0 + 1), kT0 + 1));
    // Killed between two turns (outside a transaction): the turn is sent again on a new connection, once.
    CHECK(server.query(killOthers) == "t");
    auto second = store->appendTurn(*again, reply("turn 2", kT0 + 2), kT0 + 2);
    if (!second) FAIL(second.error().message);
    CHECK(allTurns(server.uri) == expectedTurns(*again, 2));
    // A turn whose commit landed but whose acknowledgement was lost with the connection: the
    // server holds it (written here by hand, as the lost commit would have), and the client's
    // second attempt finds it instead of storing it twice.
    REQUIRE(server.query("INSERT INTO turns (session_id, seq, kind, node_id, text, at, mood_after, recorded_at) VALUES (" +
                         std::to_string(*again) + ", 3, 'reply', 'reply', 'turn 3', " + std::to_string(kT0 + 3) + ", 0, " +
                         std::to_string(kT0 + 3) + ")") == "");
    CHECK(server.query(killOthers) == "t");
    auto third = store->appendTurn(*again, reply("turn 3", kT0 + 3), kT0 + 3);
    if (!third) FAIL(third.error().message);
    CHECK(allTurns(server.uri) == expectedTurns(*again, 3));
    // Reads reconnect too.
    CHECK(server.query(killOthers) == "t");
    auto transcript = store->transcript(*again);
    if (!transcript) FAIL(transcript.error().message);
    CHECK(transcript->entries.size() == 3);
}
