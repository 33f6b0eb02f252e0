// The desktop app on a team server (AppModel, no window): the sign-in screen's states, the banner
// when the store is slow or away, and a turn shown as sent only once the store acknowledged it.
//
// Most cases fake the server: a connector that answers with libpq's own failure sentences, and a
// HeldWorker that keeps store jobs until the test lets them run (a server that has not answered
// yet). One case signs in to the real throwaway PostgreSQL server CTest starts ($SIMDESK_TEST_PG,
// fixture pg_cluster_start) as a person made with a login role, as `simdesk people add` on a
// server does; another to a cluster of its own that requires SCRAM passwords (the shared one
// trusts its socket), so a wrong password is refused by PostgreSQL itself.
#include "app/model.hpp"
#include "app/store_worker.hpp"
#include "held_worker.hpp"
#include "store/pg_server.hpp"
#include "store/pg_store.hpp"
#include "store/private_files.hpp"
#include "store/sqlite_store.hpp"
#include "server_faults_support.hpp"
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

/// An environment variable set for one test case, and put back as it was after it.
struct ScopedEnv {
    std::string name;
    std::optional<std::string> before;
    ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) {
        if (const char* old = std::getenv(name.c_str())) before = old;
        setenv(name.c_str(), value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (before) setenv(name.c_str(), before->c_str(), 1);
        else unsetenv(name.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;
};

size_t positionOf(const AppModel& model, const std::string& choiceId) {
    auto buttons = model.choiceButtons();
    for (size_t i = 0; i < buttons.size(); ++i)
        if (buttons[i].id == choiceId) return i;
    FAIL("no choice \"" << choiceId << "\" on screen");
    return 0;
}

/// The shared test server set up as `server init` does, with Ana Lima, a trainee with a login
/// role made as `simdesk people add` makes it.
struct AnaOnServer {
    test::PgBackend server;
    std::string login;
    std::string uri;  ///< the server without its superuser: the form's name decides who connects
    int64_t anaId = 0;
    AnaOnServer() {
        REQUIRE(store::initServer(server.uri));
        login = server.uri.substr(server.uri.rfind('/') + 1) + "_ana";
        auto owner = store::PgStore::open(server.uri);
        REQUIRE(owner);
        auto ana = (*owner)->addPerson("Ana Lima", store::Role::Trainee, "2026-01-05", {});
        REQUIRE(ana);
        anaId = ana->id;
        REQUIRE((*owner)->addLogin(*ana, login, "pw-ana"));
        uri = server.uri;
        uri.replace(uri.find("postgres@"), std::string("postgres@").size(), "");
    }
    std::string sql(const std::string& text) const { return test::pgQuery(server.uri, text); }
};

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
    AnaOnServer team;
    const std::string& uri = team.uri;
    const std::string& login = team.login;
    test::PgBackend& server = team.server;

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

TEST_CASE("a wrong password typed in the sign-in form is refused by a server that requires passwords, and said plainly") {
    // A cluster of this test's own: the shared one trusts its socket, so any password would do there.
    test::ThrowawayCluster cluster;
    REQUIRE(cluster.running());
    const std::string owner = cluster.database("signin");
    REQUIRE(store::initServer(owner));
    {
        auto opened = store::PgStore::open(owner);
        REQUIRE(opened);
        auto ana = (*opened)->addPerson("Ana Lima", store::Role::Trainee, "2026-01-05", {});
        REQUIRE(ana);
        REQUIRE((*opened)->addLogin(*ana, "ana_lima", "right-horse"));
    }
    REQUIRE(cluster.requirePasswords());
    // No password file of whoever runs the tests: an empty password stays empty.
    test::TempDir home("simdesk-signin-scram");
    ScopedEnv noPassFile("PGPASSFILE", (home.path / "none").string());
    std::string uri = owner;
    uri.replace(uri.find("postgres@"), std::string("postgres@").size(), "");

    InlineWorker worker;
    const ContentLibrary nothing;  // signing in reads no content: spared the bundled library's load
    AppModel model(nothing, worker, Preferences{});
    model.update();
    model.setServerConnector(serverConnector(5));  // the app's own: PgStore::openAs
    model.showSignIn(uri, true);
    SignInState& form = model.signInForm();
    auto attempt = [&](const std::string& password) {
        form.name = "Ana Lima";
        form.password = password;
        model.signIn();
        model.update();
    };

    attempt("wrong-horse");
    CHECK(form.error == "Wrong name or password for " + uri + ".");
    CHECK_FALSE(model.onServer());
    CHECK(model.profile() == nullptr);
    CHECK(model.screen() == Screen::SignIn);

    attempt("");
    CHECK(form.error == uri + " asks for a password: type yours (or keep it in ~/.pgpass).");
    CHECK_FALSE(model.onServer());

    attempt("right-horse");
    INFO(form.error);
    REQUIRE(model.onServer());
    CHECK(form.error.empty());
    REQUIRE(model.profile() != nullptr);
    CHECK(model.profile()->name == "Ana Lima");
}

namespace {

/// One run of the app on a desk signed in to `team` as Ana, keeping unsent turns under `root`:
/// opening it is starting simdesk, letting it go out of scope is closing its window.
struct AppRun {
    InlineWorker worker;
    AppModel model;
    /// `library`: the bundled content by default; a case that plays nothing passes an empty one,
    /// which spares it reading the content (seconds under the sanitizers).
    AppRun(const AnaOnServer& team, const std::filesystem::path& root, const ContentLibrary& library = bundled())
        : model(library, worker, Preferences{}) {
        model.update();
        model.keepUnsentIn(root);
        model.setServerConnector(serverConnector(5));
        model.showSignIn(team.uri, true);
        model.signInForm().name = team.login;
        model.signInForm().password = "pw-ana";
        model.signIn();
        settle();
        INFO(model.signInForm().error);
        REQUIRE(model.onServer());
    }
    /// Applies every answer, and the answers of the jobs those post.
    void settle() {
        for (int i = 0; i < 20 && worker.busy(); ++i) model.update();
    }
};

/// Ana on the server, and the folder her desk keeps the turns it could not send in.
struct AnaAtHerDesk : AnaOnServer {
    test::TempDir data{"simdesk-unsent"};
    std::filesystem::path root = data.path / "unsent";
};

std::vector<std::filesystem::path> filesIn(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file()) files.push_back(it->path());
    return files;
}

/// SQL by which the server refuses every new row of `table`, as one that went away would: the write
/// fails and nothing of it lands, until `DROP TRIGGER away ON table`.
std::string refuseInserts(const std::string& table) {
    return "CREATE FUNCTION away() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'server closed the "
           "connection'; END $$; CREATE TRIGGER away BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION away()";
}

} // namespace

TEST_CASE("a turn the server refuses until the window closes is kept on this computer, sent once at the next sign-in, and the conversation goes on from it") {
    AnaAtHerDesk team;
    const std::filesystem::path& root = team.root;
    Clock clock{kMonday, 100.0};
    int64_t sessionId = 0;
    auto choicesOnServer = [&](const std::string& choice = "") {
        return team.sql("SELECT count(*) FROM turns WHERE session_id = " + std::to_string(sessionId) + " AND kind = 'choice'" +
                        (choice.empty() ? "" : " AND choice_id = '" + choice + "'"));
    };
    {
        AppRun run(team, root);
        run.model.startScenario("refund-double-charge", "practice", clock);
        run.settle();
        sessionId = run.model.play().sessionId;
        REQUIRE(sessionId != 0);
        run.model.choose(positionOf(run.model, "ack_verify"), clock);
        run.settle();
        CHECK_FALSE(run.model.hasUnsent());
        CHECK(filesIn(root).empty());  // nothing is kept while the server takes every turn

        team.sql(refuseInserts("turns"));
        run.model.choose(positionOf(run.model, "verify_first"), clock);
        run.settle();
        REQUIRE(run.model.hasUnsent());
        // Kept on this computer at the first refusal, not only when the window closes; the person's alone.
        auto kept = filesIn(root);
        REQUIRE(kept.size() == 1);
        CHECK((std::filesystem::status(kept[0]).permissions() & std::filesystem::perms::all) ==
              (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
        // The window closes: one last try, refused too.
        run.model.sendUnsentNow();
        run.settle();
        CHECK(run.model.hasUnsent());
    }
    CHECK(choicesOnServer() == "1");
    REQUIRE(filesIn(root).size() == 1);
    const std::filesystem::path file = filesIn(root).at(0);
    const std::string keptText = test::readBytes(file);

    // The server takes turns again; Ana opens simdesk and signs in.
    team.sql("DROP TRIGGER away ON turns");
    {
        AppRun run(team, root);
        CHECK(choicesOnServer() == "2");
        CHECK(choicesOnServer("verify_first") == "1");
        CHECK(filesIn(root).empty());
        run.model.tick(clock);  // the next frame opens the conversation it belongs to
        run.settle();
        REQUIRE(run.model.screen() == Screen::Play);
        CHECK(run.model.play().sessionId == sessionId);
        CHECK(run.model.notice() == "1 turn you wrote while the server was unreachable was sent. Picked up where you left off.");
        const auto& bubbles = run.model.play().bubbles;
        CHECK(std::none_of(bubbles.begin(), bubbles.end(), [](const Bubble& b) { return !b.delivery.empty(); }));
        CHECK(run.model.play().session->transcript().traineeTurnCount() == 2);
        CHECK_FALSE(run.model.hasUnsent());
    }

    // Had that write landed with its acknowledgement lost, the file would still be there: sent again,
    // the server is found to have it, and nothing is doubled.
    REQUIRE(store::writePrivateFile(file, keptText));
    {
        AppRun run(team, root);
        CHECK(choicesOnServer() == "2");
        CHECK(filesIn(root).empty());
        run.model.tick(clock);
        run.settle();
        REQUIRE(run.model.screen() == Screen::Play);
        CHECK(run.model.notice() ==
              "The turn kept on this computer was already on the server; nothing was sent twice. Picked up where you left off.");
        // And the conversation goes on after it.
        run.model.choose(positionOf(run.model, "refund_duplicate"), clock);
        run.settle();
        CHECK_FALSE(run.model.hasUnsent());
        CHECK(choicesOnServer() == "3");
    }

    // A kept file the server's conversation has gone past is refused, and left where it is.
    REQUIRE(store::writePrivateFile(file, keptText));
    {
        AppRun run(team, root);
        CHECK(choicesOnServer() == "3");
        CHECK(run.model.message().find("A conversation kept on this computer could not be sent: the conversation on the server "
                                       "went on without these turns") == 0);
        CHECK(run.model.message().find(file.string()) != std::string::npos);
        CHECK(test::readBytes(file) == keptText);
        run.model.tick(clock);
        run.settle();
        CHECK(run.model.screen() == Screen::Library);
    }
}

TEST_CASE("a kept file that cannot be read is said at sign-in and left untouched, and signing in goes on") {
    AnaAtHerDesk team;
    const std::filesystem::path& root = team.root;
    const std::filesystem::path folder = unsentFolder(root, UnsentOwner{team.uri, team.anaId, "Ana Lima"});
    const std::filesystem::path garbled = folder / "1767603600-refund-double-charge.json";
    const std::filesystem::path newer = folder / "1767603700-refund-double-charge.json";
    REQUIRE(store::writePrivateFile(garbled, "{\"simdesk_unsent_turns\": 1, \"transcript\": "));
    REQUIRE(store::writePrivateFile(newer, "{\"simdesk_unsent_turns\": 9}"));

    const ContentLibrary nothing;  // nothing kept can be read, so nothing is played
    AppRun run(team, root, nothing);
    CHECK(run.model.screen() == Screen::Library);
    const std::string& said = run.model.message();
    CHECK(said.find("A conversation kept on this computer could not be read (" + garbled.string() +
                    ": it is not valid JSON); the file is left where it is.") != std::string::npos);
    CHECK(said.find(newer.string() + ": it was written by another version of simdesk (format 9)") != std::string::npos);
    CHECK(test::readBytes(garbled) == "{\"simdesk_unsent_turns\": 1, \"transcript\": ");
    CHECK(test::readBytes(newer) == "{\"simdesk_unsent_turns\": 9}");
    CHECK(team.sql("SELECT count(*) FROM sessions") == "0");
    run.model.tick(Clock{kMonday, 100.0});
    run.settle();
    CHECK(run.model.screen() == Screen::Library);
}

TEST_CASE("a conversation whose very start the server refused is started at the next sign-in with its turns, and only once") {
    AnaAtHerDesk team;
    const std::filesystem::path& root = team.root;
    Clock clock{kMonday, 100.0};
    team.sql(refuseInserts("sessions"));
    {
        AppRun run(team, root);
        run.model.startScenario("refund-double-charge", "practice", clock);
        run.settle();
        CHECK(run.model.play().sessionId == 0);
        run.model.choose(positionOf(run.model, "ack_verify"), clock);
        run.settle();
        CHECK(run.model.hasUnsent());
        CHECK(filesIn(root).size() == 1);
    }
    CHECK(team.sql("SELECT count(*) FROM sessions") == "0");
    const std::filesystem::path file = filesIn(root).at(0);
    const std::string keptText = test::readBytes(file);
    team.sql("DROP TRIGGER away ON sessions");
    auto sessionsAndChoices = [&] {
        return team.sql("SELECT count(*) FROM sessions") + " " + team.sql("SELECT count(*) FROM turns WHERE kind = 'choice'");
    };
    {
        AppRun run(team, root);
        CHECK(sessionsAndChoices() == "1 1");
        run.model.tick(clock);
        run.settle();
        REQUIRE(run.model.screen() == Screen::Play);
        CHECK(run.model.notice() == "1 turn you wrote while the server was unreachable was sent. Picked up where you left off.");
        CHECK(std::to_string(run.model.play().sessionId) == team.sql("SELECT id FROM sessions"));
    }
    // Its start landed unacknowledged: the server's session is found by who, what and when, not started again.
    REQUIRE(store::writePrivateFile(file, keptText));
    {
        AppRun run(team, root);
        CHECK(sessionsAndChoices() == "1 1");
        CHECK(filesIn(root).empty());
    }
}
