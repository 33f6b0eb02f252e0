// The training-record commands as a user runs them: play into a database, list, show, rescore
// after a rubric change, and show a session whose scenario file has changed since.
#include "test_support.hpp"

#include "store/sqlite_store.hpp"

#include <ctime>
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <tuple>
#include <unistd.h>

using namespace simdesk;
using test::runCli;
namespace fs = std::filesystem;

namespace {

/// The shared content workspace, with a way to edit its files.
struct Workspace : test::ContentWorkspace {
    Workspace() : ContentWorkspace("simdesk-records") {}
    void replaceInFile(const fs::path& file, const std::string& from, const std::string& to) const {
        std::ifstream in(file);
        std::stringstream s;
        s << in.rdbuf();
        std::string text = s.str();
        REQUIRE(text.find(from) != std::string::npos);
        text.replace(text.find(from), from.size(), to);
        std::ofstream(file, std::ios::trunc) << text;
    }
};

// verify, stall, stall: empathy 1/4 (weight 2), accuracy 2/2 (1), response time on time (1) → 62.5 %.
const std::string kStallTwice = R"([{"choice": "verify", "seconds": 20}, {"choice": "stall", "seconds": 20}, {"choice": "stall"}])";

} // namespace

TEST_CASE("play records to the database, sessions and show read it back") {
    Workspace w;
    auto played = w.run({"play", "mini", "--script", "-", "--trainee", "Ana Lima"}, kStallTwice);
    INFO(played.err);
    REQUIRE(played.exitCode == 0);
    CHECK(played.out.find("Recorded as session #1 (simdesk show 1)") != std::string::npos);
    // Created today, not on the script's date (test_odd_input says why).
    CHECK(played.err.find("simdesk play: added trainee Ana Lima (start date 20") == 0);

    auto list = w.run({"sessions", "--trainee", "Ana Lima"});
    CHECK(list.exitCode == 0);
    CHECK(list.out == "#1  2026-01-05 09:00 UTC  Ana Lima  mini (practice)  finished  62.5% failed\n");

    auto shown = w.run({"show", "1"});
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.find("[you · 20 s] Let me check with someone.") != std::string::npos);
    CHECK(shown.out.find("Scores (1 scoring run, oldest first):") != std::string::npos);
    CHECK(shown.out.find("Failed: 62.5% (needs 80%)") != std::string::npos);
    CHECK(shown.out.find("Review history: none") != std::string::npos);
}

TEST_CASE("rescore --all after a rubric change keeps the old score beside the new") {
    Workspace w;
    REQUIRE(w.run({"play", "mini", "--script", "-"}, kStallTwice).exitCode == 0);
    // Double empathy's weight: (4 × 0.25 + 1 + 1) / 6 = 50 %.
    w.replaceInFile(w.root / "rubrics" / "test-rubric.json", R"("weight": 2)", R"("weight": 4)");
    auto rescored = w.run({"rescore", "--all"});
    INFO(rescored.err);
    CHECK(rescored.exitCode == 0);
    CHECK(rescored.out == "Re-scored 1 session (old scores kept beside the new); 0 already scored with the current rubric; 0 skipped\n");
    auto again = w.run({"rescore", "--all"});
    CHECK(again.out.find("Re-scored 0 sessions") != std::string::npos);

    auto shown = nlohmann::json::parse(w.run({"show", "1", "--json"}).out);
    REQUIRE(shown["scoring_runs"].size() == 2);
    CHECK(shown["scoring_runs"][0]["reason"] == "played");
    CHECK(shown["scoring_runs"][0]["card"]["final_percent"] == doctest::Approx(62.5));
    CHECK(shown["scoring_runs"][1]["reason"] == "rescore");
    CHECK(shown["scoring_runs"][1]["card"]["final_percent"] == doctest::Approx(50.0));
    CHECK(shown["session"]["percent"] == doctest::Approx(50.0));
}

TEST_CASE("a session stays explainable after its scenario file changes") {
    Workspace w;
    REQUIRE(w.run({"play", "mini", "--script", "-"}, kStallTwice).exitCode == 0);
    w.replaceInFile(w.root / "scenarios" / "mini.json", "Let me check with someone.", "One moment please.");
    auto shown = w.run({"show", "1"});
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.find("(scenario file changed since; shown from the copy stored with the session)") != std::string::npos);
    CHECK(shown.out.find("[you · 20 s] Let me check with someone.") != std::string::npos);
}

TEST_CASE("an interrupted recorded session resumes from the command line") {
    Workspace w;
    auto first = w.run({"play", "mini", "--script", "-"}, R"([{"choice": "verify", "seconds": 20}])");
    REQUIRE(first.exitCode == 0);
    CHECK(first.out.find("resume with: simdesk play --resume 1") != std::string::npos);
    auto resumed = w.run({"play", "--resume", "1", "--script", "-"},
                         R"({"start": 1767603700, "actions": [{"choice": "refund", "seconds": 20}, {"reply": "Sorry, the duplicate $42 charge is refunded to your card.", "seconds": 30}]})");
    INFO(resumed.err);
    CHECK(resumed.exitCode == 0);
    CHECK(resumed.out.find("Passed: 100.0%") != std::string::npos);
    CHECK(w.run({"sessions"}).out.find("finished  100.0% passed") != std::string::npos);
    auto finishedAgain = w.run({"play", "--resume", "1", "--script", "-"}, "[]");
    CHECK(finishedAgain.exitCode == 1);
    CHECK(finishedAgain.err == "simdesk play: session #1 is finished; only an interrupted session can be resumed\n");
}

TEST_CASE("people add and list, a bad database gives a clear error") {
    Workspace w;
    CHECK(w.run({"people", "add", "Rui Costa", "--role", "reviewer", "--start", "2025-03-01"}).out ==
          "Added Rui Costa (reviewer, started 2025-03-01)\n");
    CHECK(w.run({"people", "add", "Eva", "--start", "March"}).exitCode == 2);
    CHECK(w.run({"people", "list"}).out == "Rui Costa  reviewer  started 2025-03-01\n");

    std::ofstream(w.root / "notes.txt") << "not a database";
    auto bad = runCli({"sessions", "--db", (w.root / "notes.txt").string()});
    CHECK(bad.exitCode == 1);
    CHECK(bad.err == "simdesk sessions: " + (w.root / "notes.txt").string() +
                         " is not a simdesk database (it is not an SQLite file); it was left untouched\n");
}

TEST_CASE("people rename and archive: records follow the rename, an archived person is listed only with --all") {
    Workspace w;
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Eva Santos"}, kStallTwice).exitCode == 0);
    REQUIRE(w.run({"people", "add", "Rui Costa", "--role", "reviewer", "--start", "2025-03-01"}).exitCode == 0);

    auto renamed = w.run({"people", "rename", "Eva Santos", "Eva Cruz"});
    INFO(renamed.err);
    CHECK(renamed.out == "Renamed Eva Santos to Eva Cruz; their sessions, scores and plans follow\n");
    CHECK(w.run({"sessions", "--trainee", "Eva Cruz"}).out.find("#1") != std::string::npos);
    CHECK(w.run({"people", "rename", "Eva Cruz", "rui costa"}).err ==
          "simdesk people rename: there is already a person named \"Rui Costa\"\n");
    CHECK(w.run({"people", "rename", "Eva Cruz", "  "}).err == "simdesk people rename: a person needs a name, not only spaces\n");
    CHECK(w.run({"people", "rename", "Eva Cruz", "Eva\x1b[2J"}).err ==
          "simdesk people rename: a name cannot contain control characters (found \\x1b at byte 4)\n");
    CHECK(w.run({"people", "rename", "Nobody", "Somebody"}).err == "simdesk people rename: no person named \"Nobody\"\n");

    CHECK(w.run({"people", "archive", "Eva Cruz"}).out ==
          "Archived Eva Cruz: hidden from lists, records kept (simdesk people list --all shows them)\n");
    CHECK(w.run({"people", "list"}).out == "Rui Costa  reviewer  started 2025-03-01\n");
    auto all = w.run({"people", "list", "--all"}).out;
    CHECK(all.find("Eva Cruz  trainee  started ") == 0);
    CHECK(all.find("  (archived)\nRui Costa  reviewer  started 2025-03-01\n") != std::string::npos);
    CHECK(nlohmann::json::parse(w.run({"people", "list", "--all", "--json"}).out)[0]["archived"] == true);
    CHECK(w.run({"sessions", "--trainee", "Eva Cruz"}).out.find("#1") != std::string::npos);  // the records stay
    CHECK(w.run({"progress", "--json"}).out.find("Eva Cruz") == std::string::npos);          // off the team list

    CHECK(w.run({"people", "unarchive", "Eva Cruz"}).out == "Unarchived Eva Cruz\n");
    CHECK(w.run({"people", "list"}).out.find("Eva Cruz  trainee") == 0);
}

TEST_CASE("review: a reviewer's score needs a reason and a level on the scale, show lists the history") {
    Workspace w;
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ana"}, kStallTwice).exitCode == 0);
    REQUIRE(w.run({"people", "add", "Rui", "--role", "reviewer"}).exitCode == 0);
    // A trainee cannot review, a reason is required, and the level must fit empathy's 5-point scale.
    CHECK(w.run({"review", "1", "--by", "Ana", "--criterion", "empathy", "--level", "2", "--reason", "x"}).err ==
          "simdesk review: Ana is a trainee; reviews come from reviewers and leads\n");
    CHECK(w.run({"review", "1", "--by", "Rui", "--criterion", "empathy", "--level", "2"}).exitCode == 2);
    CHECK(w.run({"review", "1", "--by", "Rui", "--criterion", "empathy", "--level", "5", "--reason", "x"}).err ==
          "simdesk review: level 5 is outside the scale of \"empathy\"; expected 0 to 4\n");
    auto ok = w.run({"review", "1", "--by", "Rui", "--criterion", "empathy", "--level", "2", "--reason",
                     "Stalled twice, but politely"});
    // Automatic: empathy 1/4 (two stalls), accuracy 2/2, policy N/A, on time: (2·0.25 + 1 + 1) / 4 = 62.5 %.
    // Empathy re-rated to 2/4: (2·0.5 + 1 + 1) / 4 = 75 %, still under the 80 % mark.
    CHECK(ok.out == "Review recorded on session #1: empathy → level 2\n"
                    "Official score: Failed: 75.0% (needs 80%); automatic 62.5% kept beside it\n");
    CHECK(w.run({"review", "1", "--by", "Rui", "--note", "Verify, then refund in one reply."}).exitCode == 0);
    auto shown = w.run({"show", "1"});
    CHECK(shown.out.find("Rui set empathy to level 2: Stalled twice, but politely") != std::string::npos);
    CHECK(shown.out.find("Rui: Verify, then refund in one reply.") != std::string::npos);
    CHECK(shown.out.find("Failed: 62.5% (needs 80%)") != std::string::npos);  // the automatic run is kept
    CHECK(shown.out.find(" · review · ") != std::string::npos);
    CHECK(shown.out.find("(official, with re-ratings; automatic 62.5% failed)") != std::string::npos);
    CHECK(shown.out.find("Empathy: level 2/4 (50.0%) re-rated by Rui; automatic level 1") != std::string::npos);
    // Lists show the official score, and say it was re-rated.
    CHECK(w.run({"sessions"}).out.find("75.0% failed (re-rated; automatic 62.5%)\n") != std::string::npos);
    CHECK(nlohmann::json::parse(w.run({"sessions", "--json"}).out)[0]["automatic_percent"] == 62.5);

    // A second re-rating of the same criterion wins: empathy 4/4 gives (2 + 1 + 1) / 4 = 100 %.
    auto again = w.run({"review", "1", "--by", "Rui", "--criterion", "empathy", "--level", "4", "--reason", "Owned it"});
    CHECK(again.out.find("Official score: Passed: 100.0% (needs 80%); automatic 62.5% kept beside it\n") != std::string::npos);
    CHECK(w.run({"sessions"}).out.find("100.0% passed (re-rated; automatic 62.5%)\n") != std::string::npos);
    // Re-scoring keeps the re-ratings: the new run is official too.
    REQUIRE(w.run({"rescore", "--all", "--force"}).exitCode == 0);
    CHECK(w.run({"sessions"}).out.find("100.0% passed (re-rated; automatic 62.5%)\n") != std::string::npos);
}

TEST_CASE("calibrate: a blind round hides other graders' levels, then reports where they split") {
    Workspace w;
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ana"}, kStallTwice).exitCode == 0);
    for (auto [name, role] : {std::pair{"Eva", "lead"}, {"Rui", "reviewer"}, {"Tom", "reviewer"}})
        REQUIRE(w.run({"people", "add", name, "--role", role}).exitCode == 0);
    CHECK(w.run({"calibrate", "new", "1", "--by", "Ana"}).err ==
          "simdesk calibrate new: Ana is a trainee; calibration rounds come from reviewers and leads\n");
    auto opened = w.run({"calibrate", "new", "1", "--by", "Eva", "--title", "Week 49"});
    REQUIRE(opened.exitCode == 0);
    CHECK(opened.out.find("Calibration round #1 opened on session #1 (Test rubric, 4 criteria)") == 0);

    // A refused call writes nothing: the bad accuracy level stops the good empathy level too.
    CHECK(w.run({"calibrate", "grade", "1", "--by", "Rui", "--level", "empathy=1", "--level", "accuracy=9"}).err ==
          "simdesk calibrate grade: level \"9\" is outside the scale of \"accuracy\"; expected 0 to 2\n");
    CHECK(w.run({"calibrate", "show", "1", "--by", "Rui"}).out.find("Your grades (Rui): none yet") != std::string::npos);

    // The grades of the hand-worked example in test_calibration; nobody grades response time.
    REQUIRE(w.run({"calibrate", "grade", "1", "--by", "Rui", "--level", "empathy=1", "--level", "accuracy=2", "--level",
                   "policy=0", "--note", "policy=refund promised before verifying"}).exitCode == 0);
    CHECK(w.run({"calibrate", "reveal", "1", "--by", "Eva"}).err ==
          "simdesk calibrate reveal: round #1 has 1 grader(s); calibration needs at least two\n");
    auto evaGraded = w.run({"calibrate", "grade", "1", "--by", "Eva", "--level", "empathy=3", "--level", "accuracy=2"});
    CHECK(evaGraded.out == "Eva has graded 2 of 4 criteria in round #1 (blind until it is revealed); a criterion left out "
                           "counts as not applicable\n");
    REQUIRE(w.run({"calibrate", "grade", "1", "--by", "Eva", "--level", "policy=1"}).exitCode == 0);
    REQUIRE(w.run({"calibrate", "grade", "1", "--by", "Tom", "--level", "empathy=3", "--level", "accuracy=2", "--level",
                   "policy=1"}).exitCode == 0);
    CHECK(w.run({"calibrate", "grade", "1", "--by", "Tom", "--level", "empathy=2"}).err ==
          "simdesk calibrate grade: Tom has already graded \"empathy\" in this round\n");

    auto blind = w.run({"calibrate", "show", "1", "--by", "Tom"});
    CHECK(blind.out.find("Graded so far:  Eva (3 of 4)  Rui (3 of 4)  Tom (3 of 4)") != std::string::npos);
    CHECK(blind.out.find("  Empathy: 3\n") != std::string::npos);  // Tom's own
    CHECK(blind.out.find("refund promised") == std::string::npos);  // Rui's note stays hidden
    CHECK(blind.out.find("Rui 1") == std::string::npos);

    CHECK(w.run({"calibrate", "reveal", "1", "--by", "Rui"}).err ==
          "simdesk calibrate reveal: only Eva (who opened the round) or a lead can reveal it\n");
    REQUIRE(w.run({"calibrate", "reveal", "1", "--by", "Eva"}).exitCode == 0);
    auto report = w.run({"calibrate", "show", "1"});
    INFO(report.out);
    // 9 pairs, 5 agree. Alpha would be 2.25/182.25 (worked in test_calibration), but from 9 grades:
    // below the minimum of 10 pairable values the report withholds it.
    CHECK(report.out.find("3 graders · exact agreement 55.6% of 9 grader pairs · Krippendorff's alpha: not enough data (9 grades; 10 needed)") !=
          std::string::npos);
    // Per criterion, one conversation with three graders is three grades: not enough for any figure.
    CHECK(report.out.find("Reliability per criterion (this round as a batch of one conversation):\n"
                          "  Empathy (5 levels, ordinal alpha): not enough data (3 grades in 1 conversation; 10 needed)\n") !=
          std::string::npos);
    CHECK(report.out.find("  Policy (yes/no, nominal alpha): not enough data (3 grades in 1 conversation; 10 needed)\n") !=
          std::string::npos);
    CHECK(report.out.find("  not enough data: fewer than 10 grades") != std::string::npos);
    // Policy splits the whole binary scale, so it comes first; the automatic score had it N/A.
    auto policy = report.out.find("  Policy (0-1):  Eva 1  Rui 0  Tom 1   automatic N/A   spread 1 · agree 33.3%   DISCUSS\n"
                                  "      Rui: refund promised before verifying\n");
    auto empathy = report.out.find("  Empathy (0-4):  Eva 3  Rui 1  Tom 3   automatic 1   spread 2 · agree 33.3%   DISCUSS");
    CHECK(policy != std::string::npos);
    CHECK(empathy != std::string::npos);
    CHECK(policy < empathy);
    CHECK(report.out.find("  Response time (0-1): not graded (N/A to everyone)   automatic 1") != std::string::npos);
    // Rui: (1−3)/4, 0, (0−1)/1 → −50 %; against the automatic score only empathy and accuracy compare: 0.
    CHECK(report.out.find("  Rui: graded 3 of 4, on the median 1, lean -50% (harsh), against the automatic score +0%") !=
          std::string::npos);
    // Eva: empathy (3−1)/4 = .5 above the automatic level, accuracy 0 → +25 %.
    CHECK(report.out.find("  Eva: graded 3 of 4, on the median 3, lean +0% (in line), against the automatic score +25%") !=
          std::string::npos);
    CHECK(w.run({"calibrate", "grade", "1", "--by", "Tom", "--level", "response_time=1"}).err ==
          "simdesk calibrate grade: round #1 is revealed; grades are closed\n");
    CHECK(w.run({"calibrate", "list"}).out.find("Week 49  session #1  3 grader(s)  revealed") != std::string::npos);
    // Across rounds (one so far): Rui matches 2 of his 6 comparisons (accuracy, twice), leans −50 %.
    auto reviewers = w.run({"calibrate", "reviewers"});
    CHECK(reviewers.out.find("Reviewers across 1 revealed round") == 0);
    CHECK(reviewers.out.find("  Rui: 1 round, agrees 33.3% of 6 comparisons, lean -50% (harsh; lenient in 0, harsh in 1)\n") !=
          std::string::npos);
    // The scorer as one more rater: empathy's automatic 1 beside the graders' median 3 is one pair,
    // two values; far from the ten a figure needs, so nothing is flagged yet.
    auto health = w.run({"rubric", "health"});
    INFO(health.err);
    CHECK(health.out.find("Rubric test-rubric (1 revealed round):\n") == 0);
    CHECK(health.out.find("  Empathy: scorer vs people not enough data (2 values; 10 needed)\n") != std::string::npos);
    CHECK(health.out.find("No criterion's automatic rule disagrees with the calibrated graders.\n") != std::string::npos);
}

TEST_CASE("calibrate: only a finished, scored session can be calibrated") {
    Workspace w;
    // One turn of three, then the script ends: the session stays active.
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ana"}, R"([{"choice": "verify", "seconds": 20}])").exitCode != 2);
    REQUIRE(w.run({"people", "add", "Eva", "--role", "lead"}).exitCode == 0);
    CHECK(w.run({"calibrate", "new", "1", "--by", "Eva"}).err ==
          "simdesk calibrate new: session #1 is not finished and scored; calibrate on a finished conversation\n");
    CHECK(w.run({"calibrate", "show", "7"}).err == "simdesk calibrate show: no calibration round 7\n");
}

TEST_CASE("coach: a plan for a trainee, acknowledged once and only by them") {
    Workspace w;
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ana"}, kStallTwice).exitCode == 0);
    REQUIRE(w.run({"people", "add", "Rui", "--role", "reviewer"}).exitCode == 0);
    REQUIRE(w.run({"people", "add", "Bo"}).exitCode == 0);
    CHECK(w.run({"coach", "plan", "Ana", "--by", "Bo", "--text", "x"}).err ==
          "simdesk coach plan: Bo is a trainee; coaching plans come from reviewers and leads\n");
    CHECK(w.run({"coach", "plan", "Bo", "--by", "Rui", "--session", "1", "--text", "x"}).err ==
          "simdesk coach plan: session #1 is Ana's, not Bo's\n");
    CHECK(w.run({"coach", "plan", "Ana", "--by", "Rui", "--text", "  "}).err ==
          "simdesk coach plan: a coaching plan cannot be empty\n");
    auto planned = w.run({"coach", "plan", "Ana", "--by", "Rui", "--session", "1", "--text",
                          "Verify first, then refund in the same reply; replay mini in exam mode by Friday."});
    CHECK(planned.out == "Coaching plan #1 for Ana; they acknowledge it with: simdesk coach ack 1 --by \"Ana\"\n");
    CHECK(w.run({"coach", "plans", "Ana"}).out.find("from Rui on session #1  not acknowledged yet\n    Verify first") !=
          std::string::npos);
    CHECK(w.run({"coach", "ack", "1", "--by", "Bo"}).err == "simdesk coach ack: plan 1 is not Bo's\n");
    CHECK(w.run({"coach", "ack", "1", "--by", "Ana"}).out == "Ana acknowledged coaching plan #1\n");
    CHECK(w.run({"coach", "ack", "1", "--by", "Ana"}).exitCode == 1);
    CHECK(w.run({"coach", "plans", "Ana"}).out.find("  acknowledged 20") != std::string::npos);
    CHECK(w.run({"coach", "plans", "Bo"}).out == "No coaching plans for Bo yet.\n");
}

TEST_CASE("progress: a lead sees each trainee's last day, overdue once it has passed, and plans waiting") {
    Workspace w;  // only for its folder and database; the bundled tracks are needed here
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--content", test::sourcePath(""), "--db", w.db.string()});
        return runCli(args);
    };
    REQUIRE(run({"people", "add", "Ana Lima", "--start", "2026-11-02", "--track", "new-hire-foundations"}).exitCode == 0);
    REQUIRE(run({"people", "add", "Rui Costa", "--role", "reviewer"}).exitCode == 0);
    // new-hire-foundations is due 30 days from the start: 2 December, so 1 December is the last day.
    auto lastDay = run({"progress", "--as-of", "2026-12-01"});
    INFO(lastDay.err);
    REQUIRE(lastDay.exitCode == 0);
    CHECK(lastDay.out == "Ana Lima · trainee · started 2026-11-02 · 0 sessions\n"
                         "  New-hire foundations: 0 of 3 levels, due 2026-12-01 (last day)\n");  // the reviewer is not listed
    CHECK(run({"progress", "Ana Lima", "--as-of", "2026-11-21"}).out.find("due 2026-12-01 (10 days left)") != std::string::npos);
    REQUIRE(run({"coach", "plan", "Ana Lima", "--by", "Rui Costa", "--text", "Start level 1 this week."}).exitCode == 0);
    auto late = run({"progress", "--as-of", "2026-12-02"});
    CHECK(late.out.find("  New-hire foundations: 0 of 3 levels, OVERDUE: was due 2026-12-01\n"
                        "  coaching plans not yet acknowledged: 1\n") != std::string::npos);
    auto json = nlohmann::json::parse(run({"progress", "--as-of", "2026-12-02", "--json"}).out);
    CHECK(json[0]["tracks"][0]["overdue"] == true);
    CHECK(json[0]["plans_waiting"] == 1);
    CHECK(run({"progress", "--as-of", "1 Dec"}).exitCode == 2);
}

TEST_CASE("play: the play that completes a track stores its certificate, once") {
    Workspace w;
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--content", test::sourcePath(""), "--db", w.db.string()});
        return runCli(args);
    };
    REQUIRE(run({"people", "add", "Ana Lima", "--track", "new-hire-foundations"}).exitCode == 0);
    // tracks/new-hire-foundations.json: its three levels' scenarios, in level order, in exam mode.
    const std::vector<std::string> levels = {"ticket-export-self-service-chat", "upgrade-inquiry-phone", "rewards-points-dispute-chat",
                                             "missing-emails-forwarding-email", "refund-double-charge", "headset-order-change-chat", "sso-plan-question-email",
                                             "seat-overcharge-complaint-email", "public-complaint-social", "gdpr-access-request-email",
                                             "spanish-billing-chat", "salesforce-sync-chat-to-phone"};
    for (size_t i = 0; i < levels.size(); ++i) {
        auto played = run({"play", levels[i], "--best-path", "--mode", "exam", "--trainee", "Ana Lima"});
        INFO(levels[i] << ": " << played.err);
        REQUIRE(played.exitCode == 0);
        bool last = i + 1 == levels.size();
        CHECK((played.out.find("Certificate earned: New-hire foundations") != std::string::npos) == last);
    }
    // Playing again after certification awards nothing new.
    auto again = run({"play", "refund-double-charge", "--best-path", "--mode", "exam", "--trainee", "Ana Lima"});
    CHECK(again.out.find("Certificate earned") == std::string::npos);
    auto store = store::SqliteStore::open(w.db);
    REQUIRE(store);
    auto ana = (*store)->findPerson("Ana Lima");
    REQUIRE(ana);
    REQUIRE(*ana);
    auto awards = (*store)->certifications((*ana)->id);
    REQUIRE(awards);
    REQUIRE(awards->size() == 1);
    CHECK((*awards)[0].trackId == "new-hire-foundations");
    CHECK(run({"progress", "Ana Lima"}).out.find("  New-hire foundations: certified ") != std::string::npos);
}

TEST_CASE("review queue: a typed turn with a critical error waits for a reviewer, who confirms or overturns it with a reason") {
    Workspace w;
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--content", test::sourcePath(""), "--db", w.db.string()});
        return runCli(args);
    };
    REQUIRE(run({"people", "add", "Tom Reyes"}).exitCode == 0);
    REQUIRE(run({"people", "add", "Eva Lead", "--role", "lead"}).exitCode == 0);
    // The golden refund play, with free months offered in the typed reply (turn 4): a critical error.
    std::ifstream in(test::sourcePath("tests/golden/refund-double-charge.script.json"));
    auto script = nlohmann::json::parse(in);
    script["actions"][3]["reply"] =
        "Hi Priya, I'm sorry, this was our error. I have refunded the duplicate charge INV-20432 to your card ending 4417, "
        "reference RF-88213, within 5 to 10 business days. To make up for it, three free months are on the house. Best "
        "regards, Sam";
    fs::path scriptFile = w.root / "script.json";
    std::ofstream(scriptFile) << script.dump();
    REQUIRE(run({"play", "refund-double-charge", "--script", scriptFile.string(), "--trainee", "Tom Reyes"}).exitCode == 0);

    auto queue = run({"review", "queue"});
    REQUIRE(queue.exitCode == 0);
    CHECK(queue.out.find("#1 turn 4  Tom Reyes, refund-double-charge (practice)") != std::string::npos);
    CHECK(queue.out.find("critical: made a guarantee or an offer beyond L1 authority") != std::string::npos);
    CHECK(queue.out.find("three free months are on the house") != std::string::npos);
    CHECK(queue.out.find("1 turn waits for review.") != std::string::npos);

    // A trainee cannot decide, a reason is required, and only queued turns can be decided.
    CHECK(run({"review", "confirm", "1", "4", "--by", "Tom Reyes", "--reason", "fine"}).exitCode != 0);
    CHECK(run({"review", "confirm", "1", "4", "--by", "Eva Lead", "--reason", "  "}).exitCode != 0);
    CHECK(run({"review", "confirm", "1", "1", "--by", "Eva Lead", "--reason", "a choice turn"}).exitCode != 0);

    auto decided = run({"review", "confirm", "1", "4", "--by", "Eva Lead", "--reason", "Free months need management approval"});
    REQUIRE(decided.exitCode == 0);
    CHECK(decided.out == "Turn 4 of session #1 confirmed by Eva Lead\n");
    CHECK(run({"review", "queue"}).out == "Nothing waits for review.\n");
    CHECK(run({"review", "overturn", "1", "4", "--by", "Eva Lead", "--reason", "changed my mind"}).exitCode != 0);
    auto all = nlohmann::json::parse(run({"review", "queue", "--all", "--json"}).out);
    REQUIRE(all.size() == 1);
    CHECK(all[0]["decision"]["decision"] == "confirmed");
    CHECK(all[0]["decision"]["by"] == "Eva Lead");
    CHECK(all[0]["decision"]["reason"] == "Free months need management approval");
    // The show command carries the decision beside the score.
    CHECK(run({"show", "1"}).out.find("Turn 4 confirmed by Eva Lead: Free months need management approval") != std::string::npos);
}

TEST_CASE("every subcommand refuses an over-long name or a link loop with a message, never a crash") {
    Workspace w;
    // a → b → a: any path through them fails with ELOOP; 300 characters is past NAME_MAX.
    fs::create_symlink(w.root / "loop-b", w.root / "loop-a");
    fs::create_symlink(w.root / "loop-a", w.root / "loop-b");
    const std::vector<std::string> oddPaths = {std::string(300, 'x') + ".json",
                                               (w.root / "loop-a" / "scenario.json").string()};
    for (const auto& odd : oddPaths) {
        const std::vector<std::vector<std::string>> commands = {
            {"validate", odd},
            {"analyze", odd},
            {"play", odd, "--script", odd},
            {"play", "mini", "--script", odd},
            {"score", odd},
        };
        for (const auto& args : commands) {
            INFO(args[0], " ", odd.substr(0, 40));
            test::CliResult r = w.run(args);
            CHECK(r.exitCode != 0);
            CHECK_FALSE(r.err.empty());
        }
        // The odd path as the content root or the database.
        for (const auto& args : std::vector<std::vector<std::string>>{{"kb", "search", "refund", "--content", odd},
                                                                      {"coverage", "--content", odd},
                                                                      {"sessions", "--db", odd},
                                                                      {"people", "list", "--db", odd},
                                                                      {"show", "1", "--db", odd}}) {
            INFO(args[0], " ", odd.substr(0, 40));
            test::CliResult r = runCli(args);
            CHECK(r.exitCode != 0);
            CHECK_FALSE(r.err.empty());
        }
    }
}

TEST_CASE("dispute: a trainee disputes a criterion within the window, a reviewer upholds one and overturns another") {
    Workspace w;
    // Played three days ago, so the default 14-day window is open whatever today is.
    const int64_t threeDaysAgo = static_cast<int64_t>(std::time(nullptr)) - 3 * 86400;
    const std::string recent = "{\"start\": " + std::to_string(threeDaysAgo) + ", \"actions\": " + kStallTwice + "}";
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ana"}, recent).exitCode == 0);
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ana"}, kStallTwice).exitCode == 0);  // 2026-01-05
    for (auto [name, role] : {std::pair{"Rui", "reviewer"}, {"Eva", "lead"}, {"Tom", "trainee"}})
        REQUIRE(w.run({"people", "add", name, "--role", role}).exitCode == 0);

    // Only the trainee who played it, on a criterion the rubric has, with a reason.
    CHECK(w.run({"dispute", "open", "1", "--by", "Tom", "--criterion", "empathy", "--reason", "x"}).err ==
          "simdesk dispute open: session #1 is Ana's; only the trainee who played it can dispute its score\n");
    CHECK(w.run({"dispute", "open", "1", "--by", "Ana", "--criterion", "tone", "--reason", "x"}).err ==
          "simdesk dispute open: rubric \"test-rubric\" has no criterion \"tone\"\n");
    CHECK(w.run({"dispute", "open", "1", "--by", "Ana", "--criterion", "empathy", "--reason", "  "}).err ==
          "simdesk dispute open: a dispute needs a reason: what in the conversation earned a different level\n");
    // Session 2 ended on 2026-01-05: its 14 days ran out on 2026-01-19.
    CHECK(w.run({"dispute", "open", "2", "--by", "Ana", "--criterion", "empathy", "--reason", "x"}).err ==
          "simdesk dispute open: the dispute window of session #2 closed on 2026-01-19 (14 days after it ended)\n");

    CHECK(w.run({"dispute", "open", "1", "--by", "Ana", "--criterion", "empathy", "--reason", "I apologised twice"}).out ==
          "Dispute #1 opened on session #1 (empathy); a reviewer or lead will uphold or overturn it\n");
    CHECK(w.run({"dispute", "open", "1", "--by", "Ana", "--criterion", "empathy", "--reason", "again"}).err ==
          "simdesk dispute open: dispute #1 of \"empathy\" on session #1 is still open\n");
    REQUIRE(w.run({"dispute", "open", "1", "--by", "Ana", "--criterion", "accuracy", "--reason", "The facts were right"}).exitCode == 0);
    CHECK(w.run({"dispute", "list", "--open"}).out.find("#2  session #1  Ana  accuracy  opened ") != std::string::npos);

    // Trainees and the disputer do not resolve; an overturn needs its level.
    CHECK(w.run({"dispute", "resolve", "1", "--by", "Tom", "--uphold", "--reason", "no"}).err ==
          "simdesk dispute resolve: Tom is a trainee; disputes are resolved by reviewers and leads\n");
    CHECK(w.run({"dispute", "resolve", "1", "--by", "Rui", "--overturn", "--reason", "fair"}).exitCode == 2);

    // Accuracy upheld: the score stands at 62.5 % (empathy 1/4, accuracy 2/2, on time: (0.5 + 1 + 1) / 4).
    CHECK(w.run({"dispute", "resolve", "2", "--by", "Rui", "--uphold", "--reason", "Already full marks"}).out ==
          "Dispute #2 upheld: the score stands\n");
    CHECK(w.run({"sessions", "--trainee", "Ana"}).out.find("62.5% failed\n") != std::string::npos);
    // Empathy overturned to 4/4: (2 + 1 + 1) / 4 = 100 %.
    CHECK(w.run({"dispute", "resolve", "1", "--by", "Eva", "--overturn", "--level", "4", "--reason", "Two real apologies"}).out ==
          "Dispute #1 overturned: re-rated to level 4\nOfficial score: Passed: 100.0% (needs 80%); automatic 62.5% kept beside it\n");
    CHECK(w.run({"dispute", "resolve", "1", "--by", "Rui", "--uphold", "--reason", "late"}).err ==
          "simdesk dispute resolve: dispute #1 was already overturned; resolutions are kept, not replaced\n");
    CHECK(w.run({"sessions", "--trainee", "Ana"}).out.find("100.0% passed (re-rated; automatic 62.5%)") != std::string::npos);
    CHECK(w.run({"show", "1"}).out.find("Eva set empathy to level 4: dispute #1 overturned: Two real apologies") != std::string::npos);
    auto listed = nlohmann::json::parse(w.run({"dispute", "list", "--json"}).out);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0]["status"] == "overturned");
    CHECK(listed[0]["resolution"]["level"] == 4);
    CHECK(listed[1]["status"] == "upheld");
    CHECK(w.run({"dispute", "list", "--open"}).out == "No dispute is waiting.\n");

    // The window is a lead's setting.
    CHECK(w.run({"dispute", "window"}).out == "Trainees can dispute a score for 14 days after a session ends\n");
    CHECK(w.run({"dispute", "window", "30", "--by", "Rui"}).err ==
          "simdesk dispute window: Rui is not a lead; the dispute window is a lead's setting\n");
    CHECK(w.run({"dispute", "window", "30", "--by", "Eva"}).out == "Trainees can now dispute a score for 30 days after a session ends\n");
}

TEST_CASE("calibrate session: a batch graded by invited graders, revealed at once, with each grader's alignment to the benchmark") {
    Workspace w;
    for (int i = 0; i < 2; ++i) REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ana"}, kStallTwice).exitCode == 0);
    for (auto [name, role] : {std::pair{"Eva", "lead"}, {"Rui", "reviewer"}, {"Tom", "reviewer"}})
        REQUIRE(w.run({"people", "add", name, "--role", role}).exitCode == 0);
    const std::vector<std::string> create = {"calibrate", "session", "new", "--name", "Week 50", "--sessions", "1,2",
                                             "--graders", "Eva,Rui,Tom", "--deadline", "2099-12-31"};
    auto byRui = create;
    byRui.insert(byRui.end(), {"--by", "Rui"});
    CHECK(w.run(byRui).err == "simdesk calibrate session new: Rui is not a lead; opening a calibration session is a lead's to do\n");
    auto byEva = create;
    byEva.insert(byEva.end(), {"--by", "Eva"});
    auto opened = w.run(byEva);
    REQUIRE(opened.exitCode == 0);
    CHECK(opened.out.find("Calibration session #1 \"Week 50\": 2 conversations (picked), 3 graders") == 0);
    CHECK(opened.out.find("  round #2: session #2\n") != std::string::npos);

    // Rounds 1 and 2 are the two conversations. Eva will be the benchmark.
    for (auto [round, grader, empathy, policy] : {std::tuple{"1", "Rui", "1", "0"}, {"2", "Rui", "3", "1"}, {"1", "Eva", "3", "1"},
                                                  {"2", "Eva", "2", "1"}, {"1", "Tom", "3", "1"}})
        REQUIRE(w.run({"calibrate", "grade", round, "--by", grader, "--level", std::string("empathy=") + empathy, "--level",
                       std::string("policy=") + policy})
                    .exitCode == 0);
    CHECK(w.run({"calibrate", "reveal", "1", "--by", "Eva"}).err ==
          "simdesk calibrate reveal: calibration round 1 is part of calibration session 1, which is revealed as a whole\n");
    auto blind = w.run({"calibrate", "session", "show", "1", "--by", "Tom"});
    CHECK(blind.out.find("round #2 (session #2):  Eva (2)  Rui (2)   you: to grade") != std::string::npos);
    CHECK(blind.out.find("empathy") == std::string::npos);  // no levels while blind

    // Extending: a lead's to do, to a day not over yet and after the current last day (the app's rule too).
    CHECK(w.run({"calibrate", "session", "extend", "1", "--deadline", "2100-01-15", "--by", "Rui"}).exitCode == 1);
    CHECK(w.run({"calibrate", "session", "extend", "1", "--deadline", "2020-01-01", "--by", "Eva"}).err.find(
              "simdesk calibrate session extend: 2020-01-01 is already over; the new last day is today (") == 0);
    CHECK(w.run({"calibrate", "session", "extend", "1", "--deadline", "2099-12-31", "--by", "Eva"}).err ==
          "simdesk calibrate session extend: grading already runs until the end of 2099-12-31; an extension is a later day\n");
    CHECK(w.run({"calibrate", "session", "extend", "1", "--deadline", "2100-01-15", "--by", "Eva"}).out ==
          "Session #1 now closes at the end of 2100-01-15 UTC.\n");
    CHECK(w.run({"calibrate", "session", "benchmark", "1", "--by", "Rui"}).exitCode == 1);  // not a lead
    REQUIRE(w.run({"calibrate", "session", "benchmark", "1", "--by", "Eva"}).exitCode == 0);
    REQUIRE(w.run({"calibrate", "session", "reveal", "1", "--by", "Eva"}).exitCode == 0);
    auto report = nlohmann::json::parse(w.run({"calibrate", "session", "show", "1", "--json"}).out);
    CHECK(report["benchmark"] == "Eva");
    CHECK(report["revealed"] == true);
    // Against Eva: Rui's empathy 1 v 3 (2 off, a miss) and 3 v 2 (1 off, within a level), policy 0 v 1 (a miss) and
    // 1 v 1: 2 of 4 = 0.5. Tom, one conversation: empathy 3 v 3 and policy 1 v 1: 2 of 2 = 1.
    REQUIRE(report["alignment"].size() == 2);
    CHECK(report["alignment"][0]["grader"] == "Rui");
    CHECK(report["alignment"][0]["overall"] == 0.5);
    CHECK(report["alignment"][1]["overall"] == 1.0);
    // The pooled report: 5 policy grades in 2 conversations, under the minimum of 10.
    bool policySeen = false;
    for (const auto& r : report["reliability"])
        if (r["id"] == "policy") {
            policySeen = true;
            CHECK(r["pairable"] == 5);
            CHECK(r["enough_data"] == false);
        }
    CHECK(policySeen);
    CHECK(w.run({"calibrate", "session", "list"}).out.find("#1  Week 50  2 conversation(s), 3 grader(s), due 2100-01-15  revealed") == 0);

    // Sampled instead of picked: the pool is the two finished, scored conversations.
    const std::vector<std::string> sampled = {"calibrate", "session", "new", "--name", "Sampled", "--graders", "Eva,Rui",
                                              "--deadline", "2099-12-31", "--by", "Eva", "--stratify", "band", "--seed", "7", "--sample"};
    auto tooMany = sampled;
    tooMany.push_back("3");
    CHECK(w.run(tooMany).err == "simdesk calibrate session new: cannot sample 3 conversations from 2 finished, scored ones\n");
    auto both = sampled;
    both.push_back("2");
    CHECK(w.run(both).out.find("Calibration session #2 \"Sampled\": 2 conversations (2 of 2 stratified by band, seed 7), 2 graders") == 0);
}
