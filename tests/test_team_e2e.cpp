// Issue 16's "done when": a lead, a reviewer and a trainee, each a login role with a password and
// each running simdesk as a separate process with their own credentials (a libpq password file,
// PGPASSFILE), run a blind calibration round and a coaching review end to end on a server that
// checks passwords (a cluster of this test's own: pg_hba requires SCRAM from everyone but the
// superuser the test sets up with). What a role may not do is refused, and the refusal is shown
// to be the server's: the same SQL sent by hand as that role over libpq is refused too (a write:
// SQLSTATE 42501), or filtered (a read: the policies show no rows).
#include "server_faults_support.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <fstream>
#include <string>
#include <sys/stat.h>

using namespace simdesk;

namespace {
constexpr const char* kInsufficientPrivilege = "42501";

struct Run {
    int exitCode = 0;
    std::string out, err;
};

/// One person's desk: their login and password in a password file of their own, and simdesk run
/// as its own process with PGPASSFILE pointing at it and --db naming their login (no password).
struct Desk {
    std::string login, password, uri, passFile;

    Desk(const test::ThrowawayCluster& cluster, const test::TempDir& dir, std::string login_, std::string password_,
         const std::string& database)
        : login(std::move(login_)), password(std::move(password_)) {
        uri = cluster.baseUri();
        uri.replace(uri.find("postgres@"), std::string("postgres@").size(), login + "@");
        uri += "/" + database;
        static int desks = 0;  // two desks may try the same login (one with a wrong password)
        passFile = (dir.path / (login + "-" + std::to_string(++desks) + ".pgpass")).string();
        std::ofstream(passFile) << "*:*:" << database << ":" << login << ":" << password << "\n";
        chmod(passFile.c_str(), 0600);  // libpq ignores a password file others can read
    }

    Run simdesk(std::vector<std::string> args, const std::string& content, const std::string& input = "") const {
        args.insert(args.begin(), SIMDESK_BINARY);
        args.insert(args.end(), {"--content", content, "--db", uri});
        test::Child child = test::Child::start(args, {{"PGPASSFILE", passFile}});
        child.send(input);
        Run run;
        run.out = child.readRest();
        run.exitCode = child.wait();
        run.err = child.errors();
        return run;
    }

    /// SQL by hand as this person, with their password: the sqlstate when refused, else the first
    /// column of each row joined by ",".
    std::string sql(const std::string& text) const {
        PGconn* conn = PQconnectdb((uri + "?password=" + password).c_str());
        std::string out;
        if (PQstatus(conn) != CONNECTION_OK) {
            out = "cannot connect: " + std::string(PQerrorMessage(conn));
        } else {
            PGresult* result = PQexec(conn, text.c_str());
            if (PQresultStatus(result) == PGRES_TUPLES_OK || PQresultStatus(result) == PGRES_COMMAND_OK) {
                for (int i = 0; i < PQntuples(result); ++i) out += (i ? "," : "") + std::string(PQgetvalue(result, i, 0));
            } else {
                const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
                out = state ? state : "?";
            }
            PQclear(result);
        }
        PQfinish(conn);
        return out;
    }
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
} // namespace

TEST_CASE("a lead, a reviewer and a trainee on three clients run a blind calibration round and a coaching review") {
    test::ThrowawayCluster cluster;
    REQUIRE(cluster.running());
    std::string owner = cluster.database("team");
    test::ContentWorkspace w{"simdesk-team", true};
    std::string content = w.root.string();
    auto asOwner = [&](std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.begin(), SIMDESK_BINARY);
        args.insert(args.end(), {"--content", content, "--db", owner});
        test::Child child = test::Child::start(args);
        child.send(input);
        Run run;
        run.out = child.readRest();
        run.exitCode = child.wait();
        run.err = child.errors();
        return run;
    };
    // The owner sets the server up and adds the lead; from then on everyone signs in with a password.
    Run init = asOwner({"server", "init", owner});
    INFO(init.out, init.err);
    REQUIRE(init.exitCode == 0);
    Run lead = asOwner({"people", "add", "Eva Lead", "--role", "lead", "--login", "eva", "--password-stdin"}, "eva-secret\n");
    INFO(lead.err);
    REQUIRE(lead.exitCode == 0);
    REQUIRE(cluster.requirePasswords());

    Desk eva(cluster, w.dir, "eva", "eva-secret", "team");
    Desk rui(cluster, w.dir, "rui", "rui-secret", "team");
    Desk ana(cluster, w.dir, "ana", "ana-secret", "team");
    Desk impostor(cluster, w.dir, "ana", "wrong", "team");

    // The lead adds the reviewer and the trainee from her desk; the trainee cannot add anyone.
    Run addRui = eva.simdesk({"people", "add", "Rui Costa", "--role", "reviewer", "--login", "rui", "--password-stdin"}, content,
                             "rui-secret\n");
    INFO(addRui.err);
    REQUIRE(addRui.exitCode == 0);
    Run addAna = eva.simdesk({"people", "add", "Ana Lima", "--role", "trainee", "--login", "ana", "--track", "test-new-hire", "--password-stdin"}, content,
                             "ana-secret\n");
    REQUIRE(addAna.exitCode == 0);
    Run wrongPassword = impostor.simdesk({"sessions"}, content);
    CHECK(wrongPassword.exitCode == 1);
    CHECK(has(wrongPassword.err, "password authentication failed for user \"ana\""));
    CHECK_FALSE(has(wrongPassword.err, "wrong"));

    Run anaAdds = ana.simdesk({"people", "add", "Zed", "--login", "zed", "--password-stdin"}, content, "pw\n");
    CHECK(anaAdds.exitCode == 1);
    CHECK(has(anaAdds.err, "permission denied"));
    CHECK(ana.sql("INSERT INTO people (name, role, start_date) VALUES ('Zed', 'trainee', '2026-01-01')") == kInsufficientPrivilege);

    // The trainee plays a conversation as herself; it is scored on her desk and stored on the server.
    Run played = ana.simdesk({"play", "mini", "--script", "-"}, content,
                             R"([{"choice": "verify", "seconds": 20}, {"choice": "stall", "seconds": 20}, {"choice": "stall"}])");
    INFO(played.out, played.err);
    REQUIRE(played.exitCode == 0);
    REQUIRE(has(played.out, "Recorded as session #1"));

    // ---- A blind calibration round ---------------------------------------------------------------
    Run opened = eva.simdesk({"calibrate", "new", "1", "--by", "Eva Lead", "--title", "Week 49"}, content);
    INFO(opened.err);
    REQUIRE(opened.exitCode == 0);
    CHECK(has(opened.out, "Calibration round #1 opened on session #1"));
    // The trainee may not open, read or grade rounds.
    Run anaOpens = ana.simdesk({"calibrate", "new", "1", "--by", "Ana Lima"}, content);
    CHECK(anaOpens.exitCode != 0);
    CHECK(ana.sql("INSERT INTO calibration_rounds (session_id, created_by, title, created_at) SELECT 1, id, 'mine', 1 FROM people "
                  "WHERE login = current_user") == kInsufficientPrivilege);
    CHECK(ana.sql("SELECT count(*) FROM calibration_rounds") == "0");  // filtered by the server's policy

    Run ruiGrades = rui.simdesk({"calibrate", "grade", "1", "--by", "Rui Costa", "--level", "empathy=3", "--level", "accuracy=2"},
                                content);
    INFO(ruiGrades.err);
    REQUIRE(ruiGrades.exitCode == 0);
    Run evaGrades = eva.simdesk({"calibrate", "grade", "1", "--by", "Eva Lead", "--level", "empathy=1", "--level", "accuracy=2"},
                                content);
    INFO(evaGrades.err);
    REQUIRE(evaGrades.exitCode == 0);
    // Nobody grades in another's name: the client says so, and the server refuses the same insert.
    Run ruiAsEva = rui.simdesk({"calibrate", "grade", "1", "--by", "Eva Lead", "--level", "policy=1"}, content);
    CHECK(ruiAsEva.exitCode != 0);
    CHECK(has(ruiAsEva.err, "you are signed in as Rui Costa"));
    CHECK(rui.sql("INSERT INTO calibration_grades (round_id, grader_id, criterion_id, level, created_at) SELECT 1, id, 'policy', 1, 1 "
                  "FROM people WHERE login = 'eva'") == kInsufficientPrivilege);

    // Blind: each grader sees only their own levels, the trainee nothing at all.
    Run ruiLooks = rui.simdesk({"calibrate", "show", "1", "--by", "Rui Costa"}, content);
    INFO(ruiLooks.err);
    REQUIRE(ruiLooks.exitCode == 0);
    CHECK(has(ruiLooks.out, "Graded so far:"));
    CHECK(has(ruiLooks.out, "Your grades (Rui Costa):\n  Empathy: 3\n  Accuracy: 2\n"));
    CHECK(has(ruiLooks.out, "Other graders' levels stay hidden until the round is revealed."));
    CHECK(rui.sql("SELECT level FROM calibration_grades ORDER BY criterion_id") == "2,3");
    CHECK(eva.sql("SELECT level FROM calibration_grades ORDER BY criterion_id") == "2,1");
    Run anaLooks = ana.simdesk({"calibrate", "show", "1"}, content);
    CHECK(anaLooks.exitCode != 0);
    CHECK(ana.sql("SELECT count(*) FROM calibration_grades") == "0");  // the policies show her none

    // Only the round's opener or a lead reveals it: the reviewer's UPDATE is refused by the server,
    // the trainee's too; the lead's goes through.
    CHECK(rui.sql("UPDATE calibration_rounds SET revealed_at = 1 WHERE id = 1") == kInsufficientPrivilege);
    CHECK(ana.sql("UPDATE calibration_rounds SET revealed_at = 1 WHERE id = 1") == kInsufficientPrivilege);
    Run ruiReveals = rui.simdesk({"calibrate", "reveal", "1", "--by", "Rui Costa"}, content);
    CHECK(ruiReveals.exitCode != 0);
    Run revealed = eva.simdesk({"calibrate", "reveal", "1", "--by", "Eva Lead"}, content);
    INFO(revealed.err);
    REQUIRE(revealed.exitCode == 0);
    CHECK(has(revealed.out, "Round #1 revealed"));
    Run report = rui.simdesk({"calibrate", "show", "1", "--json"}, content);
    INFO(report.err);
    REQUIRE(report.exitCode == 0);
    CHECK(has(report.out, "\"revealed\": true"));
    CHECK(has(report.out, "Rui Costa"));
    CHECK(has(report.out, "Eva Lead"));
    CHECK(rui.sql("SELECT level FROM calibration_grades ORDER BY criterion_id, level") == "2,2,1,3");
    // Revealed: no late grades, and the trainee still reads no grades.
    CHECK(rui.sql("INSERT INTO calibration_grades (round_id, grader_id, criterion_id, level, created_at) SELECT 1, id, 'policy', 1, 1 "
                  "FROM people WHERE login = current_user") == kInsufficientPrivilege);
    CHECK(ana.sql("SELECT count(*) FROM calibration_grades") == "0");  // the policies show her none

    // ---- A coaching review -------------------------------------------------------------------------
    Run reviewed = rui.simdesk({"review", "1", "--by", "Rui Costa", "--criterion", "empathy", "--level", "2", "--reason",
                                "No apology for our error"},
                               content);
    INFO(reviewed.err);
    REQUIRE(reviewed.exitCode == 0);
    Run planned = rui.simdesk({"coach", "plan", "Ana Lima", "--by", "Rui Costa", "--session", "1", "--text",
                               "Verify first, then refund in one reply"},
                              content);
    INFO(planned.err);
    REQUIRE(planned.exitCode == 0);
    // The trainee may not review (not even her own session), nor write a plan.
    Run anaReviews = ana.simdesk({"review", "1", "--by", "Ana Lima", "--criterion", "empathy", "--level", "4", "--reason", "I was kind"},
                                 content);
    CHECK(anaReviews.exitCode != 0);
    CHECK(ana.sql("INSERT INTO reviews (session_id, criterion_id, level, reason, author_id, created_at) SELECT 1, 'empathy', 4, "
                  "'kind', id, 1 FROM people WHERE login = current_user") == kInsufficientPrivilege);
    CHECK(ana.sql("INSERT INTO coaching_plans (trainee_id, session_id, author_id, plan, created_at) SELECT id, 1, id, 'x', 1 "
                  "FROM people WHERE login = current_user") == kInsufficientPrivilege);
    // Nobody edits history: the reviewer's own review cannot be changed, even by the lead.
    CHECK(rui.sql("UPDATE reviews SET level = 4") == kInsufficientPrivilege);
    CHECK(eva.sql("UPDATE reviews SET level = 4") == kInsufficientPrivilege);

    // The trainee reads her review and plan, and acknowledges the plan.
    Run plans = ana.simdesk({"coach", "plans", "Ana Lima"}, content);
    INFO(plans.err);
    REQUIRE(plans.exitCode == 0);
    CHECK(has(plans.out, "Verify first, then refund in one reply"));
    Run acked = ana.simdesk({"coach", "ack", "1", "--by", "Ana Lima"}, content);
    INFO(acked.err);
    REQUIRE(acked.exitCode == 0);
    CHECK(has(acked.out, "Ana Lima acknowledged coaching plan #1"));
    CHECK(ana.sql("SELECT reason FROM reviews WHERE session_id = 1") == "No apology for our error");
    CHECK(ana.sql("SELECT count(*) FROM coaching_plans WHERE acknowledged_at IS NOT NULL") == "1");
    // And the lead reads the team's progress and sessions under the same policies.
    Run sessions = eva.simdesk({"sessions"}, content);
    INFO(sessions.err);
    CHECK(sessions.exitCode == 0);
    CHECK(has(sessions.out, "Ana Lima"));
    // The team's progress is the lead's to read under the policies: Ana's track, where she stands.
    Run progress = eva.simdesk({"progress", "--as-of", "2026-12-15"}, content);
    INFO(progress.out, progress.err);
    CHECK(progress.exitCode == 0);
    CHECK(has(progress.out, "Ana Lima"));
    CHECK(has(progress.out, "Test new-hire track: 0 of 1 levels"));  // a practice play is no certification attempt
    // The trainee reads her own progress, and nobody else's records.
    Run own = ana.simdesk({"progress", "--as-of", "2026-12-15"}, content);
    INFO(own.out, own.err);
    CHECK(own.exitCode == 0);
    CHECK(has(own.out, "Ana Lima"));
    CHECK(ana.sql("SELECT count(*) FROM sessions") == "1");
}
