// Permissions on a team's server, enforced by PostgreSQL (schema version 3, pg_schema.cpp): each
// person connects as their own login role, and each refusal below is the server's. The same SQL
// a client would send is run by hand over libpq as that role, and PostgreSQL refuses it
// (SQLSTATE 42501, insufficient privilege or a row-level security check) or filters it (no rows
// seen, no rows changed). The server is the throwaway one CTest starts; trust authentication on
// its socket lets a test connect as any role without a password.
#include "store_backends.hpp"
#include "test_support.hpp"

#include "store/pg_server.hpp"

#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <map>

using namespace simdesk;
using namespace simdesk::store;

namespace {
constexpr int64_t kT0 = 1767603600;

/// What PostgreSQL answered to one statement run as a role: the first column of each row joined
/// by ",", the command tag ("UPDATE 0"), and the SQLSTATE when it refused.
struct Answer {
    std::string rows, tag, sqlstate;
};

/// A team on a fresh database: `server init` done, four people each with a login role. Role
/// names are the whole cluster's, so each is prefixed with this database's unique name.
struct Team {
    test::PgBackend server;
    std::string tag = server.uri.substr(server.uri.rfind('/') + 1);
    std::string eva = tag + "_eva", rui = tag + "_rui", rita = tag + "_rita", ana = tag + "_ana", bo = tag + "_bo";
    int64_t anaSession = 0, boSession = 0;

    Team() {
        auto init = initServer(server.uri);
        if (!init) FAIL(init.error().message);
        auto owner = PgStore::open(server.uri);
        REQUIRE(owner);
        for (auto [name, login, role] : {std::tuple{"Eva", eva, Role::Lead}, {"Rui", rui, Role::Reviewer},
                                         {"Rita", rita, Role::Reviewer}, {"Ana", ana, Role::Trainee}, {"Bo", bo, Role::Trainee}}) {
            auto person = (*owner)->addPerson(name, role, "2026-11-02", {});
            REQUIRE(person);
            auto login_ = (*owner)->addLogin(*person, login, "pw-" + login);
            if (!login_) FAIL(login_.error().message);
        }
        // Each trainee's finished, scored, reviewed and coached session, and a dispute on it: what
        // the other trainee must not see. Written as the owner, who is not bound by the policies.
        REQUIRE(sql("INSERT INTO sessions (person_id, scenario_id, scenario_version, scenario_hash, rubric_id, mode, "
                    "started_at, status) SELECT id, 'mini', '1', 'h', 'test-rubric', 'practice', 1767603600, 'finished' "
                    "FROM people WHERE name IN ('Ana', 'Bo') ORDER BY name") == "");
        anaSession = std::stoll(sql("SELECT s.id FROM sessions s JOIN people p ON p.id = s.person_id WHERE p.name = 'Ana'"));
        boSession = std::stoll(sql("SELECT s.id FROM sessions s JOIN people p ON p.id = s.person_id WHERE p.name = 'Bo'"));
        REQUIRE(sql("INSERT INTO turns (session_id, seq, kind, node_id, text, at, mood_after, recorded_at) "
                    "SELECT id, 1, 'reply', 'start', 'hello', 1767603600, 0, 1767603600 FROM sessions") == "");
        REQUIRE(sql("INSERT INTO scoring_runs (session_id, rubric_id, rubric_version, reason, scored_at, computed_percent, "
                    "final_percent, passed, card_json) SELECT id, 'test-rubric', '1', 'play', 1767603600, 50, 50, 0, '{}' "
                    "FROM sessions") == "");
        REQUIRE(sql("INSERT INTO reviews (session_id, criterion_id, level, reason, author_id, created_at) "
                    "SELECT id, 'empathy', 2, 'curt', (SELECT id FROM people WHERE name = 'Rui'), 1767603600 FROM sessions") == "");
        REQUIRE(sql("INSERT INTO coaching_plans (trainee_id, session_id, author_id, plan, created_at) "
                    "SELECT person_id, id, (SELECT id FROM people WHERE name = 'Eva'), 'slow down', 1767603600 FROM sessions") == "");
        REQUIRE(sql("INSERT INTO disputes (session_id, trainee_id, criterion_id, reason, opened_at) "
                    "SELECT id, person_id, 'empathy', 'I apologised', 1767603600 FROM sessions") == "");
    }

    /// As the owner (the test server's superuser).
    std::string sql(const std::string& text) const { return server.query(text); }
    /// The database's URI signing in as `login`.
    std::string uriAs(const std::string& login) const {
        std::string uri = server.uri;
        return uri.replace(uri.find("postgres@"), std::string("postgres@").size(), login + "@");
    }
    /// `text` run by hand over libpq as `login`, the way a client of that person would send it.
    /// One connection per login, kept for the test: connecting is most of a statement's time.
    Answer as(const std::string& login, const std::string& text) {
        Answer answer;
        PGconn*& conn = connections[login];
        if (!conn) conn = PQconnectdb(uriAs(login).c_str());
        if (PQstatus(conn) != CONNECTION_OK) {
            answer.sqlstate = "cannot connect: " + std::string(PQerrorMessage(conn));
            return answer;
        }
        PGresult* result = PQexec(conn, text.c_str());
        if (PQresultStatus(result) == PGRES_TUPLES_OK || PQresultStatus(result) == PGRES_COMMAND_OK) {
            for (int i = 0; i < PQntuples(result); ++i) answer.rows += (i ? "," : "") + std::string(PQgetvalue(result, i, 0));
            answer.tag = PQcmdStatus(result);
        } else {
            const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
            answer.sqlstate = state ? state : "?";
        }
        PQclear(result);
        return answer;
    }
    std::map<std::string, PGconn*> connections;
    ~Team() {
        for (auto& [login, conn] : connections) PQfinish(conn);
    }
    Team(const Team&) = delete;
    Team& operator=(const Team&) = delete;
    std::unique_ptr<PgStore> storeAs(const std::string& login) const {
        auto store = PgStore::open(uriAs(login));
        if (!store) FAIL(store.error().message);
        return std::move(*store);
    }
};

constexpr const char* kInsufficientPrivilege = "42501";
} // namespace

TEST_CASE("on a server a trainee reads only their own sessions, turns, scores, reviews, plans and disputes") {
    Team team;
    std::string bo = std::to_string(team.boSession);
    for (const char* table : {"sessions", "turns", "scoring_runs", "reviews", "coaching_plans", "disputes"}) {
        CAPTURE(table);
        CHECK(team.sql(std::string("SELECT count(*) FROM ") + table) == "2");  // the owner sees both
        // PostgreSQL itself filters Ana's rows out: Bo's hand-written SELECT sees only his own.
        Answer seen = team.as(team.bo, std::string("SELECT count(*) FROM ") + table);
        CHECK(seen.sqlstate == "");
        CHECK(seen.rows == "1");
    }
    CHECK(team.as(team.bo, "SELECT id FROM sessions").rows == bo);
    CHECK(team.as(team.bo, "SELECT count(*) FROM turns WHERE session_id = " + std::to_string(team.anaSession)).rows == "0");
    // Staff read everyone's.
    CHECK(team.as(team.rui, "SELECT count(*) FROM sessions").rows == "2");
    CHECK(team.as(team.eva, "SELECT count(*) FROM coaching_plans").rows == "2");
    // A trainee is not in any calibration round.
    CHECK(team.as(team.bo, "SELECT count(*) FROM calibration_rounds").rows == "0");

    // The store as Bo: the same filter, and Bo is who is signed in.
    auto store = team.storeAs(team.bo);
    auto sessions = store->sessions(std::nullopt);
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 1);
    CHECK(sessions->front().personName == "Bo");
    auto me = store->signedIn();
    REQUIRE(me);
    REQUIRE(*me);
    CHECK((*me)->name == "Bo");
    auto owner = PgStore::open(team.server.uri);
    REQUIRE(owner);
    CHECK_FALSE(*(*owner)->signedIn());  // the owner administers; --by is taken from it as given
}

TEST_CASE("on a server a trainee's reply draft is theirs alone: nobody else reads or writes it") {
    Team team;
    std::string ana = std::to_string(team.anaSession), bo = std::to_string(team.boSession);
    REQUIRE(team.sql("UPDATE sessions SET status = 'active', ended_at = NULL") == "");  // both are being played
    auto insert = [](const std::string& session, const std::string& text) {
        return "INSERT INTO turn_drafts (session_id, turn, node_id, text, saved_at) VALUES (" + session + ", 2, 'n', '" + text +
               "', 1767603600)";
    };
    REQUIRE(team.sql(insert(ana, "Ana typing")) == "");
    CHECK(team.as(team.bo, insert(bo, "Bo typing")).sqlstate == "");
    // Writing into another's session is refused by the server; reading, changing or deleting
    // another's draft finds nothing. Staff do not read drafts either: a draft was never sent.
    CHECK(team.as(team.bo, insert(ana, "sneaky")).sqlstate == "42501");
    CHECK(team.as(team.bo, "SELECT text FROM turn_drafts").rows == "Bo typing");
    CHECK(team.as(team.ana, "SELECT text FROM turn_drafts").rows == "Ana typing");
    CHECK(team.as(team.rui, "SELECT count(*) FROM turn_drafts").rows == "0");
    CHECK(team.as(team.eva, "SELECT count(*) FROM turn_drafts").rows == "0");
    CHECK(team.as(team.bo, "UPDATE turn_drafts SET text = 'x' WHERE session_id = " + ana).tag == "UPDATE 0");
    CHECK(team.as(team.bo, "DELETE FROM turn_drafts WHERE session_id = " + ana).tag == "DELETE 0");
    CHECK(team.as(team.eva, "DELETE FROM turn_drafts").tag == "DELETE 0");
    CHECK(team.sql("SELECT text FROM turn_drafts WHERE session_id = " + ana) == "Ana typing");

    // The store as Bo keeps to the same rule.
    auto store = team.storeAs(team.bo);
    REQUIRE(store->saveDraft(ReplyDraft{team.boSession, 2, "n", "Bo again", kT0}));
    CHECK((*store->draft(team.boSession))->text == "Bo again");
    auto others = store->draft(team.anaSession);
    REQUIRE(others);
    CHECK_FALSE(*others);
    CHECK_FALSE(store->saveDraft(ReplyDraft{team.anaSession, 2, "n", "sneaky", kT0}));
    CHECK(team.sql("SELECT text FROM turn_drafts WHERE session_id = " + ana) == "Ana typing");
    // A finished session keeps no draft, whoever ends it.
    REQUIRE(team.sql("UPDATE sessions SET status = 'finished'") == "");
    CHECK(team.sql("SELECT count(*) FROM turn_drafts") == "0");
}

TEST_CASE("on a server a trainee cannot review, add people, assign tracks, edit history or act as another, and PostgreSQL refuses it") {
    Team team;
    std::string ana = std::to_string(team.anaSession), bo = std::to_string(team.boSession);
    auto refused = [&](const std::string& text) {
        Answer a = team.as(team.bo, text);
        INFO(text, " → rows ", a.rows, " tag ", a.tag);
        CHECK(a.sqlstate == kInsufficientPrivilege);
    };
    refused("INSERT INTO reviews (session_id, criterion_id, level, reason, author_id, created_at) "
            "SELECT " + bo + ", 'empathy', 4, 'great', id, 1 FROM people WHERE login = current_user");
    refused("INSERT INTO turn_reviews (session_id, turn, decision, reason, reviewer_id, created_at) "
            "SELECT " + bo + ", 1, 'overturned', 'no', id, 1 FROM people WHERE login = current_user");
    refused("INSERT INTO people (name, role, start_date) VALUES ('Mallory', 'lead', '2026-01-01')");
    refused("UPDATE people SET role = 'lead' WHERE login = current_user");
    refused("INSERT INTO person_tracks (person_id, track_id) SELECT id, 'new-hire' FROM people WHERE login = current_user");
    refused("UPDATE scoring_runs SET final_percent = 100");
    refused("DELETE FROM scoring_runs");
    refused("DELETE FROM reviews");
    refused("UPDATE turns SET text = 'something better'");
    refused("UPDATE settings SET value = 'off' WHERE key = 'mask_secrets'");
    // Rows in Ana's name: the row-level security check refuses them.
    refused("INSERT INTO sessions (person_id, scenario_id, scenario_version, scenario_hash, rubric_id, mode, started_at) "
            "SELECT id, 'mini', '1', 'h', 'r', 'practice', 1 FROM people WHERE name = 'Ana'");
    refused("INSERT INTO disputes (session_id, trainee_id, criterion_id, reason, opened_at) "
            "SELECT " + ana + ", id, 'empathy', 'mine now', 1 FROM people WHERE name = 'Ana'");
    refused("SELECT simdesk_add_login('" + team.tag + "_mallory', 'SCRAM-SHA-256$x', 'simdesk_lead')");
    // A finished session's turns are history, even the trainee's own: nothing is deleted.
    Answer discard = team.as(team.bo, "DELETE FROM turns WHERE session_id = " + bo);
    CHECK(discard.tag == "DELETE 0");
    CHECK(team.sql("SELECT count(*) FROM turns") == "2");
    CHECK(team.sql("SELECT count(*) FROM people") == "5");
    CHECK(team.sql("SELECT count(*) FROM reviews") == "2");

    // The command line: --by naming someone else is refused before anything is sent...
    auto asAna = test::runCli({"dispute", "open", bo, "--by", "Ana", "--criterion", "empathy", "--reason", "mine now", "--db",
                               team.uriAs(team.bo)});
    CHECK(asAna.exitCode == 1);
    CHECK(asAna.err == "simdesk dispute open: you are signed in as Bo; on a server you act as yourself, so --by \"Ana\" is refused\n");
    // ...and a trainee's review through the store is refused by the server.
    auto store = team.storeAs(team.bo);
    Review review;
    review.sessionId = team.boSession;
    review.criterionId = "empathy";
    review.level = 4;
    review.reason = "great";
    review.authorId = (*store->signedIn())->id;
    review.createdAt = kT0;
    auto added = store->addReview(review);
    REQUIRE_FALSE(added);
    CHECK(added.error().message.find("permission denied") != std::string::npos);
    CHECK(team.sql("SELECT count(*) FROM reviews") == "2");
}

TEST_CASE("on a server a lead puts people in teams, everyone reads them, and a trainee or reviewer cannot set one") {
    Team team;
    auto lead = team.storeAs(team.eva);
    auto bo = lead->findPerson("Bo");
    REQUIRE(bo);
    REQUIRE(bo->has_value());
    REQUIRE(lead->setPersonTeam((*bo)->id, "Night shift"));
    // Bo (a trainee) reads his team, and Ana's blank one, through the people he could already read.
    auto asBo = team.storeAs(team.bo);
    CHECK(asBo->findPerson("Bo")->value().team == "Night shift");
    CHECK(asBo->findPerson("Ana")->value().team.empty());
    // Neither he nor a reviewer may move anyone: PostgreSQL refuses the UPDATE, and nothing changes.
    for (const std::string& login : {team.bo, team.rui}) {
        auto refused = team.storeAs(login)->setPersonTeam((*bo)->id, "Day shift");
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message.find("permission denied") != std::string::npos);
    }
    CHECK(team.sql("SELECT team FROM people WHERE name = 'Bo'") == "Night shift");
}

TEST_CASE("on a server calibration grades stay blind until revealed, and only the round's opener or a lead reveals it") {
    Team team;
    std::string ana = std::to_string(team.anaSession);
    // Rui opens a round and grades; Rita grades. Each as themselves, through the store.
    auto rui = team.storeAs(team.rui);
    auto rita = team.storeAs(team.rita);
    int64_t ruiId = (*rui->signedIn())->id, ritaId = (*rita->signedIn())->id;
    auto round = rui->createCalibrationRound(CalibrationRound{0, team.anaSession, ruiId, "Week 1", kT0, {}, ""});
    REQUIRE(round);
    std::string r = std::to_string(*round);
    REQUIRE(rui->addCalibrationGrade({*round, ruiId, "", "empathy", "", 3, kT0}));
    REQUIRE(rita->addCalibrationGrade({*round, ritaId, "", "empathy", "", 1, kT0}));

    // Blind: each grader's hand-written SELECT sees their own grade only; a lead's sees none.
    CHECK(team.as(team.rita, "SELECT level FROM calibration_grades WHERE round_id = " + r).rows == "1");
    CHECK(team.as(team.rui, "SELECT level FROM calibration_grades WHERE round_id = " + r).rows == "3");
    CHECK(team.as(team.eva, "SELECT count(*) FROM calibration_grades").rows == "0");
    CHECK(team.as(team.bo, "SELECT count(*) FROM calibration_grades").rows == "0");
    // Who is done is visible (counts only), through the server's function.
    auto progress = rita->calibrationProgress(*round);
    REQUIRE(progress);
    CHECK(progress->size() == 2);
    CHECK(team.as(team.bo, "SELECT count(*) FROM simdesk_calibration_progress(" + r + ")").sqlstate == kInsufficientPrivilege);
    // A grade in someone else's name is refused.
    CHECK(team.as(team.rita, "INSERT INTO calibration_grades (round_id, grader_id, criterion_id, level, created_at) "
                             "SELECT " + r + ", id, 'accuracy', 4, 1 FROM people WHERE name = 'Rui'").sqlstate == kInsufficientPrivilege);

    // Rita did not open it and is not a lead: the server refuses her reveal.
    CHECK(team.as(team.rita, "UPDATE calibration_rounds SET revealed_at = 1 WHERE id = " + r).sqlstate == kInsufficientPrivilege);
    auto refused = rita->revealCalibrationRound(*round, kT0);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("row-level security") != std::string::npos);
    CHECK(team.sql("SELECT revealed_at IS NULL FROM calibration_rounds") == "t");
    // A trainee may not even try.
    CHECK(team.as(team.bo, "UPDATE calibration_rounds SET revealed_at = 1").sqlstate == kInsufficientPrivilege);
    // A lead who did not open it may.
    CHECK(team.as(team.eva, "UPDATE calibration_rounds SET revealed_at = 1 WHERE id = " + r).tag == "UPDATE 1");
    CHECK(team.as(team.rita, "SELECT level FROM calibration_grades WHERE round_id = " + r + " ORDER BY level").rows == "1,3");
    // Revealed: no late grades.
    CHECK(team.as(team.rita, "INSERT INTO calibration_grades (round_id, grader_id, criterion_id, level, created_at) "
                             "SELECT " + r + ", id, 'accuracy', 4, 1 FROM people WHERE login = current_user").sqlstate ==
          kInsufficientPrivilege);

    // Reviewers add reviews in their own name only, and never edit or delete history.
    CHECK(team.as(team.rui, "INSERT INTO reviews (session_id, criterion_id, level, reason, author_id, created_at) SELECT " + ana +
                                ", 'empathy', 3, 'fair', id, 1 FROM people WHERE login = current_user").tag == "INSERT 0 1");
    CHECK(team.as(team.rui, "INSERT INTO reviews (session_id, criterion_id, level, reason, author_id, created_at) SELECT " + ana +
                                ", 'empathy', 3, 'fair', id, 1 FROM people WHERE name = 'Eva'").sqlstate == kInsufficientPrivilege);
    for (const char* text : {"UPDATE reviews SET level = 4", "DELETE FROM scoring_runs", "UPDATE turns SET text = ''",
                             "INSERT INTO people (name, role, start_date) VALUES ('Zed', 'trainee', '2026-01-01')",
                             "INSERT INTO person_tracks (person_id, track_id) SELECT id, 'new-hire' FROM people WHERE name = 'Ana'",
                             "UPDATE settings SET value = 'off' WHERE key = 'mask_secrets'"}) {
        CAPTURE(text);
        CHECK(team.as(team.rui, text).sqlstate == kInsufficientPrivilege);
    }
    CHECK(team.as(team.rui, "DELETE FROM turns").tag == "DELETE 0");
    // Assigning a track is a lead's.
    CHECK(team.as(team.eva, "INSERT INTO person_tracks (person_id, track_id) SELECT id, 'new-hire' FROM people WHERE name = 'Ana'")
              .tag == "INSERT 0 1");
}

TEST_CASE("people add on a server creates a login role with a SCRAM password from stdin, only for a lead or the owner") {
    Team team;
    std::string login = team.tag + "_cy";
    auto added = test::runCli({"people", "add", "Cy", "--role", "reviewer", "--login", login, "--password-stdin", "--db",
                               team.uriAs(team.eva)},
                              "correct horse\n");
    INFO(added.err);
    REQUIRE(added.exitCode == 0);
    CHECK(added.out == "Added Cy (reviewer, started " + added.out.substr(added.out.find("started ") + 8, 10) +
                           "), signing in as " + login + " (group simdesk_reviewer)\n");
    // The server holds a SCRAM verifier, never the password itself.
    CHECK(team.sql("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' AND strpos(rolpassword, 'correct') = 0 AND rolcanlogin "
                   "FROM pg_authid WHERE rolname = '" + login + "'") == "t");
    CHECK(team.sql("SELECT pg_has_role('" + login + "', 'simdesk_reviewer', 'MEMBER')") == "t");
    CHECK(team.sql("SELECT login FROM people WHERE name = 'Cy'") == login);
    CHECK(team.as(login, "SELECT count(*) FROM sessions").rows == "2");  // a reviewer now

    // A trainee's attempt: refused by the server, and nothing of it stays (no person, no role).
    auto byTrainee = test::runCli({"people", "add", "Dee", "--login", team.tag + "_dee", "--password-stdin", "--db",
                                   team.uriAs(team.bo)},
                                  "pw\n");
    CHECK(byTrainee.exitCode == 1);
    CHECK(byTrainee.err.find("permission denied") != std::string::npos);
    CHECK(team.sql("SELECT count(*) FROM people WHERE name = 'Dee'") == "0");
    CHECK(team.sql("SELECT count(*) FROM pg_roles WHERE rolname = '" + team.tag + "_dee'") == "0");

    // Never without a password, never one on the command line, never an unsafe login name.
    auto noPassword = test::runCli({"people", "add", "Dee", "--db", team.server.uri});
    CHECK(noPassword.exitCode == 1);
    CHECK(noPassword.err == "simdesk people add: a login on a server needs a password: type it at a terminal, or pipe it in "
                            "with --password-stdin\n");
    auto badLogin = test::runCli({"people", "add", "Dee", "--login", "Robert'); DROP", "--password-stdin", "--db", team.server.uri}, "pw\n");
    CHECK(badLogin.exitCode == 2);
    CHECK(badLogin.err.find("a login name is 1 to 63 lowercase letters") != std::string::npos);
    CHECK(team.sql("SELECT count(*) FROM people") == "6");

    // Someone added before logins existed (schema 2) gets one with people login.
    REQUIRE(team.sql("INSERT INTO people (name, role, start_date) VALUES ('Old Timer', 'lead', '2020-01-01')") == "");
    auto linked = test::runCli({"people", "login", "Old Timer", "--login", team.tag + "_old", "--password-stdin", "--db",
                                team.server.uri},
                               "pw\n");
    INFO(linked.err);
    CHECK(linked.exitCode == 0);
    CHECK(linked.out == "Old Timer signs in as " + team.tag + "_old (group simdesk_lead)\n");
    CHECK(team.as(team.tag + "_old", "SELECT name FROM people WHERE login = current_user").rows == "Old Timer");
}

TEST_CASE("on a server the dashboards' sums keep to what the login may read, and a trainee cannot add to another's scores") {
    Team team;
    // Each scoring run's criterion row, as a played run stores it (written as the owner).
    REQUIRE(team.sql("INSERT INTO scoring_run_criteria (run_id, seq, criterion_id, title, levels, applicable, level, rerated) "
                     "SELECT id, 0, 'empathy', 'Empathy', 5, 1, 4, 0 FROM scoring_runs") == "");
    CHECK(team.sql("SELECT count(*) FROM scoring_run_criteria") == "2");
    CHECK(team.as(team.bo, "SELECT count(*) FROM scoring_run_criteria").rows == "1");  // PostgreSQL filters Ana's out
    CHECK(team.as(team.rui, "SELECT count(*) FROM scoring_run_criteria").rows == "2");

    // Bo's dashboards sum Bo's play alone; a reviewer's sum both. Rui's review (level 2 of 4) is the
    // official level of a run stored before re-ratings counted.
    auto bo = team.storeAs(team.bo)->insightSums({}, {});
    REQUIRE(bo);
    CHECK(bo->plays == 1);
    REQUIRE(bo->scored.size() == 1);
    CHECK(bo->scored[0].play.trainee == "Bo");
    REQUIRE(bo->criteria.size() == 1);
    CHECK(bo->criteria[0].plays == 1);
    CHECK(bo->criteria[0].shareSum == doctest::Approx(0.5));
    auto rui = team.storeAs(team.rui)->insightSums({}, {});
    REQUIRE(rui);
    CHECK(rui->plays == 2);
    CHECK(rui->criteria.at(0).plays == 2);

    // A trainee cannot add a criterion to another's run, nor change or delete their own.
    const std::string anaRun = team.sql("SELECT id FROM scoring_runs WHERE session_id = " + std::to_string(team.anaSession));
    CHECK(team.as(team.bo, "INSERT INTO scoring_run_criteria VALUES (" + anaRun + ", 1, 'policy', 'Policy', 2, 1, 0, 0)").sqlstate ==
          kInsufficientPrivilege);
    CHECK(team.as(team.bo, "UPDATE scoring_run_criteria SET level = 4").sqlstate == kInsufficientPrivilege);
    CHECK(team.as(team.bo, "DELETE FROM scoring_run_criteria").sqlstate == kInsufficientPrivilege);
    CHECK(team.sql("SELECT count(*) FROM scoring_run_criteria") == "2");
}

TEST_CASE("a version 2 server schema is migrated to the current one with its records kept and the policies in force") {
    test::PgBackend server;
    REQUIRE(server.query(pgMigrationSql(1)) == "");
    REQUIRE(server.query(pgMigrationSql(2)) == "");
    REQUIRE(server.query("INSERT INTO people (name, role, start_date) VALUES ('Ana', 'trainee', '2026-11-02')") == "");
    auto store = PgStore::open(server.uri);
    if (!store) FAIL(store.error().message);
    CHECK(server.query("SELECT version FROM schema_version") == std::to_string(kPgSchemaVersion));
    CHECK(server.query("SELECT name FROM people") == "Ana");
    CHECK(server.query("SELECT count(*) FROM pg_class WHERE relname IN ('sessions', 'calibration_grades') AND relrowsecurity") == "2");
    // Blind grades (own, or revealed), plus peers after submitting in a session that allows it (version 4).
    CHECK(server.query("SELECT count(*) FROM pg_policies WHERE tablename = 'calibration_grades'") == "3");
}

TEST_CASE("on a server a trainee plays as themselves under the policies, and a session in another's name is refused by the server") {
    Team team;
    test::ContentWorkspace w{"simdesk-pg-perm"};
    const char* script = R"([{"choice": "verify", "seconds": 20}, {"choice": "stall", "seconds": 20}, {"choice": "stall"}])";
    auto played = test::runCli({"play", "mini", "--script", "-", "--content", w.root.string(), "--db", team.uriAs(team.bo)}, script);
    INFO(played.out, played.err);
    REQUIRE(played.exitCode == 0);
    CHECK(team.sql("SELECT p.name || ' ' || s.status FROM sessions s JOIN people p ON p.id = s.person_id "
                   "WHERE s.scenario_hash <> 'h'") == "Bo finished");
    CHECK(team.sql("SELECT count(*) > 0 FROM turns t JOIN sessions s ON s.id = t.session_id WHERE s.scenario_hash <> 'h'") == "t");
    CHECK(team.sql("SELECT count(*) FROM scoring_runs") == "3");

    auto asAna = test::runCli({"play", "mini", "--script", "-", "--trainee", "Ana", "--content", w.root.string(), "--db",
                               team.uriAs(team.bo)},
                              script);
    CHECK(asAna.exitCode == 1);
    CHECK(asAna.err.find("you are signed in as Bo; on a server you play as yourself, so --trainee \"Ana\" is refused") !=
          std::string::npos);
    // The same session start by hand, in Ana's name, as Bo: the server's policy refuses it.
    CHECK(team.as(team.bo, "INSERT INTO sessions (person_id, scenario_id, scenario_version, scenario_hash, rubric_id, mode, "
                           "started_at) SELECT id, 'mini', '1', 'h2', 'r', 'practice', 1 FROM people WHERE name = 'Ana'")
              .sqlstate == kInsufficientPrivilege);
    CHECK(team.sql("SELECT count(*) FROM sessions") == "3");
}
