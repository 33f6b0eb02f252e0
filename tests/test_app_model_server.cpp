// The desktop app on a team server (AppModel, no window): the sign-in screen's states, the banner
// when the store is slow or away, and a turn shown as sent only once the store acknowledged it.
//
// Most cases fake the server: a connector that answers with libpq's own failure sentences, and a
// HeldWorker that keeps store jobs until the test lets them run (a server that has not answered
// yet). The last case signs in to the real throwaway PostgreSQL server CTest starts
// ($SIMDESK_TEST_PG, fixture pg_cluster_start) as a person made with a login role, as
// `simdesk people add` on a server does.
#include "app/model.hpp"
#include "app/store_worker.hpp"
#include "held_worker.hpp"
#include "store/pg_server.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"
#include "store_backends.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <deque>

using namespace simdesk;
using namespace simdesk::app;

namespace {

constexpr int64_t kMonday = 1767603600;  // 2026-01-05 09:00 UTC

const ContentLibrary& bundled() {
    static const ContentLibrary library = [] {
        SchemaChecker schemas;
        return test::bundledLibrary(schemas);
    }();
    return library;
}

using test::HeldWorker;

/// What a fake connector was asked, and what it answers.
struct FakeServer {
    int calls = 0;
    std::string uri, login, password;
    std::string error;  ///< libpq's sentence for this failure
    ServerConnector connector() {
        return [this](const std::string& u, const std::string& l, const std::string& p) -> Result<std::unique_ptr<store::TrainingStore>> {
            ++calls;
            uri = u;
            login = l;
            password = p;
            return fail("cannot connect to " + u + ": " + error);
        };
    }
};

struct Desk {
    test::TempDir dir{"simdesk-app-server"};
    std::unique_ptr<store::SqliteStore> store = [&] {
        auto opened = store::SqliteStore::open(dir.path / "simdesk.db");
        REQUIRE(opened);
        return std::move(*opened);
    }();
    HeldWorker worker{store.get()};
    AppModel model{bundled(), worker, Preferences{}};
    Clock clock{kMonday, 5000.0};
    Desk() {
        worker.runAll();
        model.update();
    }
    /// Runs what the store was asked and applies its answers.
    void settle() {
        while (worker.held() > 0) {
            worker.runAll();
            model.update();
        }
    }
};

/// SQL on the desk's file beside the store (a trigger that makes the server "go away").
void sql(const std::filesystem::path& file, const std::string& text) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

size_t positionOf(const AppModel& model, const std::string& choiceId) {
    auto buttons = model.choiceButtons();
    for (size_t i = 0; i < buttons.size(); ++i)
        if (buttons[i].id == choiceId) return i;
    FAIL("no choice \"" << choiceId << "\" on screen");
    return 0;
}

} // namespace

TEST_CASE("the server box takes a URI, host/database or a bare host, and refuses anything else") {
    CHECK(serverUri("postgresql://ana@db.example.com:5433/team") == "postgresql://ana@db.example.com:5433/team");
    CHECK(serverUri("  db.example.com/team ") == "postgresql://db.example.com/team");
    CHECK(serverUri("db.example.com:5433/team") == "postgresql://db.example.com:5433/team");
    CHECK(serverUri("db.example.com") == "postgresql://db.example.com/simdesk");
    CHECK_FALSE(serverUri(""));
    CHECK_FALSE(serverUri("db example com"));
    CHECK_FALSE(serverUri("db.example.com/a/b"));
}

TEST_CASE("signing in: the form is checked first, then the worker connects while the screen goes on, and the password leaves the form at once") {
    Desk desk;
    FakeServer server;
    server.error = "connection to server at \"db.example.com\" (10.0.0.5), port 5432 failed: FATAL:  password "
                   "authentication failed for user \"ana_lima\"";
    desk.model.setServerConnector(server.connector());
    desk.model.showSignIn();
    REQUIRE(desk.model.screen() == Screen::SignIn);
    SignInState& form = desk.model.signInForm();

    // Nothing typed: said on the screen, no connection tried.
    desk.model.signIn();
    CHECK(form.error.find("Type the team server's address") != std::string::npos);
    form.server = "db.example.com/team";
    desk.model.signIn();
    CHECK(form.error == "Type your name, as your lead added you.");
    desk.settle();
    CHECK(server.calls == 0);

    form.name = "Ana Lima";
    form.password = "hunter2-correct-horse";
    desk.model.signIn();
    // Not connected yet (the worker holds the job), and the UI thread did not wait for it.
    CHECK(server.calls == 0);
    CHECK(form.connecting);
    CHECK(form.password.empty());
    CHECK(form.error.empty());
    desk.model.signIn();  // pressed again while connecting: ignored
    CHECK(desk.worker.held() == 1);

    desk.settle();
    CHECK(server.calls == 1);
    CHECK(server.uri == "postgresql://db.example.com/team");
    CHECK(server.login == "ana_lima");  // the login `simdesk people add "Ana Lima"` creates
    CHECK(server.password == "hunter2-correct-horse");
    CHECK_FALSE(form.connecting);
    CHECK(form.error == "Wrong name or password for postgresql://db.example.com/team.");
    CHECK(form.error.find("hunter2") == std::string::npos);
    CHECK(desk.model.screen() == Screen::SignIn);
    CHECK_FALSE(desk.model.onServer());
    CHECK(desk.model.profile() == nullptr);

    // Back to the profile picker of this computer.
    desk.model.cancelSignIn();
    desk.settle();
    CHECK(desk.model.screen() == Screen::Start);
}

TEST_CASE("an unknown server, one that does not answer and a missing password are each said plainly") {
    const std::string at = "postgresql://db.example.com/team";
    CHECK(signInProblem("could not translate host name \"db.example.com\" to address: Name or service not known", at) ==
          "Unknown server: no computer answers to the name in postgresql://db.example.com/team. Check the address.");
    CHECK(signInProblem("connection to server at \"db.example.com\" (10.0.0.5), port 5432 failed: Connection refused", at) ==
          "postgresql://db.example.com/team is not answering: is it running, and is the address right?");
    CHECK(signInProblem("connection to server at \"db.example.com\" failed: timeout expired", at) ==
          "postgresql://db.example.com/team is not answering: is it running, and is the address right?");
    CHECK(signInProblem("connection to server at \"db.example.com\" failed: fe_sendauth: no password supplied", at) ==
          "postgresql://db.example.com/team asks for a password: type yours (or keep it in ~/.pgpass).");
    CHECK(signInProblem("FATAL:  database \"team\" does not exist", at).find("has no such database") != std::string::npos);
}

TEST_CASE("a store slow to answer shows the banner while it waits, and it goes when the answer comes") {
    Desk desk;
    desk.model.createProfile("Ana Lima", "trainee", {}, desk.clock);
    desk.settle();
    REQUIRE(desk.model.profile() != nullptr);
    desk.model.showPlays();  // a read the store has not answered yet
    desk.worker.since = desk.clock.steady;
    CHECK(desk.model.banner(desk.clock) == "");  // a moment is not slow
    desk.clock.steady += 5;
    CHECK(desk.model.banner(desk.clock) == "The records file is slow to answer — waiting for it.");
    desk.settle();
    CHECK(desk.model.banner(desk.clock) == "");
}

TEST_CASE("a turn is shown as sent only once the store acknowledges it, and a failed write is kept, said in the banner and sent again") {
    Desk desk;
    desk.model.createProfile("Ana Lima", "trainee", {}, desk.clock);
    desk.settle();
    desk.model.startScenario("refund-double-charge", "practice", desk.clock);
    desk.settle();
    REQUIRE(desk.model.screen() == Screen::Play);
    REQUIRE(desk.model.play().sessionId != 0);

    // Sent, not yet written: the bubble says so.
    desk.model.choose(positionOf(desk.model, "ack_verify"), desk.clock);
    auto lastTrainee = [&]() -> const Bubble& {
        const auto& bubbles = desk.model.play().bubbles;
        for (size_t i = bubbles.size(); i-- > 0;)
            if (bubbles[i].side == Bubble::Side::Trainee) return bubbles[i];
        FAIL("no trainee bubble");
        return bubbles.front();
    };
    CHECK(lastTrainee().delivery == "sending…");
    desk.settle();
    CHECK(lastTrainee().delivery == "");
    CHECK(desk.model.banner(desk.clock) == "");

    // The store refuses every new turn (as a server that went away would).
    sql(desk.dir.path / "simdesk.db",
        "CREATE TRIGGER away BEFORE INSERT ON turns BEGIN SELECT RAISE(ABORT, 'server closed the connection'); END");
    const size_t before = desk.model.play().ackedEntries;
    desk.model.choose(positionOf(desk.model, "verify_first"), desk.clock);
    desk.settle();
    CHECK(lastTrainee().delivery == "not sent yet, kept");
    CHECK(desk.model.hasUnsent());
    CHECK(desk.model.play().ackedEntries == before);
    CHECK(desk.model.banner(desk.clock) == "Cannot save to the records file — your reply is kept and will be saved when it can be.");
    CHECK(desk.model.message().find("Could not save the last turn") != std::string::npos);

    // Retried every few seconds, not every frame: still away, still kept.
    desk.model.tick(desk.clock);
    desk.clock.steady += 1;
    desk.model.tick(desk.clock);
    CHECK(desk.worker.held() == 0);
    desk.clock.steady += 5;
    desk.model.tick(desk.clock);
    CHECK(desk.worker.held() == 1);
    desk.settle();
    CHECK(desk.model.hasUnsent());

    // Back: the next retry stores it, and the bubble shows it sent.
    sql(desk.dir.path / "simdesk.db", "DROP TRIGGER away");
    desk.model.tick(desk.clock);
    desk.clock.steady += 6;
    desk.model.tick(desk.clock);
    desk.settle();
    CHECK_FALSE(desk.model.hasUnsent());
    CHECK(lastTrainee().delivery == "");
    CHECK(desk.model.banner(desk.clock) == "");
    auto transcript = desk.store->transcript(desk.model.play().sessionId);
    REQUIRE(transcript);
    CHECK(transcript->entries.size() == desk.model.play().session->transcript().entries.size());
    CHECK(desk.model.play().ackedEntries == transcript->entries.size());
}

TEST_CASE("a person with a login signs in to the server, their role decides the screens and their turn is on the server") {
    test::PgBackend server;
    REQUIRE(store::initServer(server.uri));
    const std::string tag = server.uri.substr(server.uri.rfind('/') + 1);
    const std::string login = tag + "_ana";
    {
        auto owner = store::PgStore::open(server.uri);
        REQUIRE(owner);
        auto ana = (*owner)->addPerson("Ana Lima", store::Role::Trainee, "2026-01-05", {});
        REQUIRE(ana);
        REQUIRE((*owner)->addLogin(*ana, login, "pw-ana"));
    }
    // The test server's URI signs in as postgres; the form's name decides who connects instead.
    std::string uri = server.uri;
    uri.replace(uri.find("postgres@"), std::string("postgres@").size(), "");

    InlineWorker worker;  // no desktop file: --db names the server
    AppModel model(bundled(), worker, Preferences{});
    model.update();
    std::string passwordSeen;
    model.setServerConnector([&](const std::string& u, const std::string& l, const std::string& p)
                                 -> Result<std::unique_ptr<store::TrainingStore>> {
        passwordSeen = p;
        auto opened = store::PgStore::openAs(u, l, p, 5);
        if (!opened) return opened.error();
        return std::unique_ptr<store::TrainingStore>(std::move(*opened));
    });
    model.showSignIn(uri, true);
    model.signInForm().name = login;
    model.signInForm().password = "pw-ana";
    model.signIn();
    model.update();
    INFO(model.signInForm().error);
    REQUIRE(model.onServer());
    CHECK(passwordSeen == "pw-ana");
    REQUIRE(model.profile() != nullptr);
    CHECK(model.profile()->name == "Ana Lima");
    CHECK(model.profile()->role == "trainee");
    CHECK_FALSE(model.canReview());
    CHECK(model.screen() == Screen::Library);
    CHECK(model.preferences().lastServer == uri);

    Clock clock{kMonday, 100.0};
    model.startScenario("refund-double-charge", "practice", clock);
    model.update();
    REQUIRE(model.play().sessionId != 0);
    model.choose(positionOf(model, "ack_verify"), clock);
    model.update();
    CHECK_FALSE(model.hasUnsent());
    std::string turns = test::pgQuery(server.uri, "SELECT count(*) FROM turns WHERE session_id = " +
                                                      std::to_string(model.play().sessionId) + " AND kind = 'choice'");
    CHECK(turns == "1");
    std::string who = test::pgQuery(server.uri, "SELECT p.name FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.id = " +
                                                    std::to_string(model.play().sessionId));
    CHECK(who == "Ana Lima");
    // Sign out is refused nothing (all acknowledged) and returns to the sign-in screen, not the picker.
    model.switchProfile();
    model.update();
    CHECK(model.screen() == Screen::SignIn);
    CHECK_FALSE(model.onServer());
    CHECK(model.profile() == nullptr);
}
