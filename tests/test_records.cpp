// The training-record commands as a user runs them: play into a database, list, show, rescore
// after a rubric change, and show a session whose scenario file has changed since.
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace simdesk;
using test::runCli;
namespace fs = std::filesystem;

namespace {

/// A content root with mini and the test rubric, plus a database path, in a fresh folder.
struct Workspace {
    fs::path root, db;
    Workspace() {
        std::string pattern = (fs::temp_directory_path() / "simdesk-records-XXXXXX").string();
        root = mkdtemp(pattern.data());
        fs::create_directories(root / "scenarios");
        fs::create_directories(root / "rubrics");
        fs::copy_file(test::fixture("valid/mini.json"), root / "scenarios" / "mini.json");
        fs::copy_file(test::fixture("rubrics/test-rubric.json"), root / "rubrics" / "test-rubric.json");
        db = root / "records.db";
    }
    ~Workspace() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    test::CliResult run(std::vector<std::string> args, const std::string& input = "") const {
        args.insert(args.end(), {"--content", root.string(), "--db", db.string()});
        return runCli(args, input);
    }
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

TEST_CASE("play records to the database; sessions and show read it back") {
    Workspace w;
    auto played = w.run({"play", "mini", "--script", "-", "--trainee", "Ana Lima"}, kStallTwice);
    INFO(played.err);
    REQUIRE(played.exitCode == 0);
    CHECK(played.out.find("Recorded as session #1 (simdesk show 1)") != std::string::npos);
    CHECK(played.err == "simdesk play: added trainee Ana Lima (start date 2026-01-05)\n");

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
                         R"({"start": 1767603700, "actions": [{"choice": "refund", "seconds": 20}, {"reply": "Sorry, done.", "seconds": 30}]})");
    INFO(resumed.err);
    CHECK(resumed.exitCode == 0);
    CHECK(resumed.out.find("Passed: 100.0%") != std::string::npos);
    CHECK(w.run({"sessions"}).out.find("finished  100.0% passed") != std::string::npos);
    auto finishedAgain = w.run({"play", "--resume", "1", "--script", "-"}, "[]");
    CHECK(finishedAgain.exitCode == 1);
    CHECK(finishedAgain.err == "simdesk play: session #1 is finished; only an interrupted session can be resumed\n");
}

TEST_CASE("people add and list; a bad database gives a clear error") {
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

TEST_CASE("review: a reviewer's score needs a reason and a level on the scale; show lists the history") {
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
    CHECK(ok.out == "Review recorded on session #1: empathy → level 2 (the automatic score is kept beside it)\n");
    CHECK(w.run({"review", "1", "--by", "Rui", "--note", "Verify, then refund in one reply."}).exitCode == 0);
    auto shown = w.run({"show", "1"});
    CHECK(shown.out.find("Rui set empathy to level 2: Stalled twice, but politely") != std::string::npos);
    CHECK(shown.out.find("Rui: Verify, then refund in one reply.") != std::string::npos);
    CHECK(shown.out.find("Failed: 62.5% (needs 80%)") != std::string::npos);  // the automatic score is unchanged
}
