// End to end on a team server: the real app under Xvfb, pointed at the throwaway PostgreSQL
// server (SIMDESK_DB=postgresql://…, fixture pg_cluster_start). A person the lead added with
// `simdesk people add` on the server signs in on the app's sign-in screen with their name and
// password, plays a turn, and the turn is on the server, in their name.
//
// The throwaway server trusts its local socket (scripts/pg-test-cluster.sh), so a wrong password
// is not refused here; the model tests (test_app_model_server.cpp) cover what the screen says then.
#include "e2e_app.hpp"

#include "store_backends.hpp"

using namespace simdesk::e2e;

TEST_CASE("a person added on the server signs in to the app with name and password, plays a turn, and it is on the server") {
    const std::string owner = simdesk::test::freshPgDatabase();  // as the server's owner (postgres)
    const std::string database = owner.substr(owner.rfind('/') + 1);
    // Role names are the whole cluster's: the person's name carries the database's, so theirs is new.
    const std::string name = "Ana " + database;
    const std::string password = "correct horse 42";
    const CommandResult init = runCommand({SIMDESK_BINARY, "server", "init", owner});
    REQUIRE_MESSAGE(init.status == 0, init.output);
    const CommandResult added = runCommand(
        {"/bin/sh", "-c",
         "printf '%s\\n' \"$3\" | \"$0\" people add \"$1\" --role trainee --start 2026-01-05 --password-stdin --db \"$2\" --content \"$4\"",
         SIMDESK_BINARY, name, owner, password, SIMDESK_SOURCE_DIR});
    REQUIRE_MESSAGE(added.status == 0, added.output);

    TempDir dir;
    App app(dir.path);
    // The server's address without a user: who signs in is what is typed on the screen.
    app.server = owner;
    app.server.replace(app.server.find("postgres@"), std::string("postgres@").size(), "");
    app.start();
    app.waitFor("the sign-in screen with the server filled in", [&](const json& p) {
        return p.value("screen", "") == "sign-in" && p.value("signin_server", "") == app.server && hasWidget(p, "signin-go");
    });
    CHECK_FALSE(hasWidget(app.probe(), "signin-back"));  // started on a server: no profile picker behind it
    app.click("signin-name");
    app.waitFor("the name field to take the keyboard", [](const json& p) { return p.value("text_input", false); });
    app.type(name);
    app.waitFor("the name typed", [&](const json& p) { return p.value("signin_name", "") == name; });
    app.click("signin-password");
    app.type(password);
    app.waitFor("a password typed", [](const json& p) { return p.value("signin_password_typed", false); });
    app.click("signin-go");
    json in = app.waitFor("the library as " + name + ", on the server", [&](const json& p) {
        return p.value("screen", "") == "library" && p.value("profile", "") == name && p.value("on_server", false) &&
               !p.value("busy", true);
    });
    CHECK(in.value("signin_error", "") == "");
    CHECK_FALSE(in.value("signin_password_typed", true));  // wiped from the form once used
    CHECK_FALSE(hasWidget(in, "tab-reviews"));             // a trainee: no calibration screens

    // A practice conversation: the first choice, clicked, shown as sent once the server has it.
    app.click("library-search");
    app.waitFor("the search box to take the keyboard", [](const json& p) { return p.value("text_input", false); });
    app.type("refund-double-charge");
    app.waitForWidget("practice:refund-double-charge");
    app.click("practice:refund-double-charge");
    json play = app.waitFor("the first turn, recorded", [](const json& p) {
        return p.value("screen", "") == "play" && p.value("node", "") == "start" && p.value("session_id", 0) > 0 &&
               !p.value("busy", true);
    });
    const json shown = play.value("choice_ids", json::array());
    auto at = std::find(shown.begin(), shown.end(), "ack_verify");
    REQUIRE(at != shown.end());
    const std::string button = "choice-" + std::to_string(at - shown.begin() + 1);
    app.scrollTo(button, "choice-");
    app.click(button);
    json sent = app.waitFor("the turn acknowledged by the server", [](const json& p) {
        return p.value("turns", 0) == 1 && p.value("node", "") == "review_account" && !p.value("busy", true) &&
               !p.value("unsent", true);
    });
    const int64_t session = sent.value("session_id", int64_t{0});
    CHECK(app.closeWindow() == 0);

    // On the server, as its owner reads it: the session is the person's, with the turn.
    const std::string id = std::to_string(session);
    CHECK(simdesk::test::pgQuery(owner, "SELECT p.name FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.id = " + id) == name);
    CHECK(simdesk::test::pgQuery(owner, "SELECT choice_id FROM turns WHERE session_id = " + id + " AND kind = 'choice'") ==
          "ack_verify");
    // The app kept the server it signed in to, and no password, in its settings.
    const std::string settings = readFile(app.settings());
    CHECK(settings.find(app.server) != std::string::npos);
    CHECK(settings.find(password) == std::string::npos);
    CHECK(readFile(dir.path / "app.log").find(password) == std::string::npos);
}
