// Odd and hostile input at the command line: out-of-range script numbers (which overflowed the
// play clock), blank names and names with terminal escapes, unknown tracks, a huge stdin, and the
// start date of a trainee created by a scripted play.
#include "test_support.hpp"

#include "cli/play_script.hpp"
#include "cli/report.hpp"
#include "core/calendar.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace simdesk;
using test::runCli;
namespace fs = std::filesystem;

namespace {

/// The shared content workspace with the new-hire track, and a way to store what the checks refuse.
struct Workspace : test::ContentWorkspace {
    Workspace() : ContentWorkspace("simdesk-odd", true) {}
    /// Stores a person straight into the database, as a store written before names were checked could hold.
    void insertPersonUnchecked(const std::string& name) const {
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(db.string().c_str(), &handle) == SQLITE_OK);
        sqlite3_stmt* insert = nullptr;
        REQUIRE(sqlite3_prepare_v2(handle, "INSERT INTO people (name, role, start_date) VALUES (?, 'trainee', '2026-11-02')",
                                   -1, &insert, nullptr) == SQLITE_OK);
        sqlite3_bind_text(insert, 1, name.c_str(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
        CHECK(sqlite3_step(insert) == SQLITE_DONE);
        sqlite3_finalize(insert);
        sqlite3_close(handle);
    }
};

test::CliResult playMini(const std::string& script) {
    return runCli({"play", "tests/fixtures/valid/mini.json", "--no-record", "--content", "tests/fixtures", "--script", "-"},
                  script);
}

} // namespace

TEST_CASE("play --script refuses a start or a duration that would overflow the play clock, naming the field") {
    // Both overflowed `now += seconds` in cmd_play (undefined behaviour under UBSan).
    auto start = playMini(R"({"start": 9223372036854775807, "actions": [{"choice": "verify"}]})");
    CHECK(start.exitCode == 1);
    CHECK(start.err == "simdesk play: stdin: /start: 9223372036854775807 is out of range; expected seconds since the "
                       "epoch from 0 to 253402300799 (the end of year 9999)\n");
    CHECK(playMini(R"({"start": 18446744073709551615, "actions": []})").err.find("/start: 18446744073709551615 is out of range") !=
          std::string::npos);
    CHECK(playMini(R"({"start": -1, "actions": []})").err.find("/start: -1 is out of range") != std::string::npos);

    auto seconds = playMini(R"([{"choice": "verify", "seconds": 20}, {"choice": 1, "seconds": 1e300}])");
    CHECK(seconds.exitCode == 1);
    CHECK(seconds.err == "simdesk play: stdin: /actions/1/seconds: 1e+300 is out of range; expected at most 31622400 "
                         "seconds (a year)\n");
    CHECK(playMini(R"([{"choice": "verify", "seconds": 1e999}])").exitCode == 1);

    // The largest values allowed play through to a score.
    auto largest = playMini(R"({"start": 253402300799, "actions": [{"choice": "verify", "seconds": 31622400}]})");
    INFO(largest.err);
    CHECK(largest.exitCode == 0);
}

TEST_CASE("play --script reports a choice number too large for an int as written, not wrapped") {
    auto r = playMini(R"([{"choice": 2147483648}])");
    CHECK(r.exitCode == 1);
    CHECK(r.err == "simdesk play: stdin: /actions/0/choice: choice 2147483648 is out of range; expected a choice id or "
                   "the number of a choice shown (1, 2, ...)\n");
    CHECK(playMini(R"([{"choice": -9223372036854775808}])").err.find("choice -9223372036854775808 is out of range") !=
          std::string::npos);
    // A number that fits is checked against the choices shown.
    CHECK(playMini(R"([{"choice": 9}])").err.find("choice 9 is out of range; expected 1 to ") != std::string::npos);
}

TEST_CASE("the script parser keeps in-range values exactly") {
    auto script = cli::parseScript(R"({"start": 0, "actions": [{"choice": 2147483647, "seconds": 0.5}, {"reply": "hi"}]})", "s");
    REQUIRE(script);
    CHECK(script->start == 0);
    REQUIRE(script->actions.size() == 2);
    CHECK(script->actions[0].choiceNumber == 2147483647);
    CHECK(script->actions[0].seconds == 0.5);
    CHECK(script->actions[1].seconds == cli::kDefaultActionSeconds);
}

TEST_CASE("people add refuses a name of only spaces and a name with control characters") {
    Workspace w;
    auto blank = w.run({"people", "add", "   "});
    CHECK(blank.exitCode == 1);
    CHECK(blank.err == "simdesk people add: a person needs a name, not only spaces\n");
    auto escape = w.run({"people", "add", "Eve\x1b[31mRed"});
    CHECK(escape.exitCode == 1);
    CHECK(escape.err == "simdesk people add: a name cannot contain control characters (found \\x1b at byte 4)\n");
    CHECK(w.run({"people", "add", "Bo\xc2\x9b"}).err.find("(found \\x9b at byte 3)") != std::string::npos);  // C1 CSI
    CHECK(w.run({"people", "list"}).out.find("No people yet") == 0);
    CHECK(w.run({"people", "add", "Zoë Ångström"}).exitCode == 0);  // letters beyond ASCII are names
}

TEST_CASE("names stored with control characters are shown escaped in every listing") {
    Workspace w;
    REQUIRE(w.run({"people", "add", "Ana"}).exitCode == 0);  // creates the database
    w.insertPersonUnchecked("Eve\x1b[2J\x07");
    auto list = w.run({"people", "list"});
    CHECK(list.out == "Ana  trainee  started " + isoDate(cli::wallClock()) + "\nEve\\x1b[2J\\x07  trainee  started 2026-11-02\n");
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Eve\x1b[2J\x07"}, R"([{"choice": "verify"}])").exitCode == 0);
    for (std::vector<std::string> listing : {std::vector<std::string>{"sessions"}, {"show", "1"}, {"progress", "--as-of", "2026-11-03"}}) {
        auto r = w.run(listing);
        INFO(listing[0] << ": " << r.out << r.err);
        CHECK(r.exitCode == 0);
        CHECK(r.out.find("Eve\\x1b[2J\\x07") != std::string::npos);
        CHECK(r.out.find('\x1b') == std::string::npos);
    }
    // JSON output escapes them already (as \u001b), so it is left as stored.
    CHECK(nlohmann::json::parse(w.run({"people", "list", "--json"}).out)[1]["name"] == "Eve\x1b[2J\x07");
    CHECK(cli::shownName("a\x7f" "b\xc2\x85" "c\xc3\xa9") == "a\\x7fb\\x85c\xc3\xa9");
}

TEST_CASE("people add refuses an unknown --track, naming the tracks there are") {
    Workspace w;
    auto r = w.run({"people", "add", "Ana", "--track", "test-new-hire", "--track", "new-hire-foundatons"});
    CHECK(r.exitCode == 2);
    CHECK(r.err == "simdesk people add: no certification track \"new-hire-foundatons\" in the content; expected one of: "
                   "test-new-hire\n");
    CHECK_FALSE(fs::exists(w.db));  // refused before anything was written: not even a database was created
    CHECK(w.run({"people", "add", "Ana", "--track", "test-new-hire"}).exitCode == 0);
}

TEST_CASE("reply-check - stops reading stdin one byte past the limit and refuses it") {
    std::string huge(1024 * 1024, 'a');  // stands in for the 200 MB that used to be read whole
    std::istringstream in(huge);
    std::ostringstream out, err;
    const char* argv[] = {"simdesk", "reply-check", "-"};
    int code = cli::run(3, argv, cli::Io{out, err, in, false}, [](const cli::GlobalOptions&) { return 99; });
    CHECK(code == 1);
    CHECK(err.str() == "simdesk reply-check: the reply is more than 65536 bytes; replies are limited to 65536\n");
    CHECK(static_cast<size_t>(in.tellg()) == kMaxReplyBytes + 1);
}

TEST_CASE("reply-check - a broken lexicon is named with its line and refused; a broken scenario does not stop it") {
    test::TempDir root;
    fs::copy(test::sourcePath("rubrics"), root.path / "rubrics", fs::copy_options::recursive);
    fs::create_directories(root.path / "scenarios");
    {
        std::ofstream(root.path / "rubrics" / "lexicons" / "broken.json") << "{\"id\": \"broken\", \"entries\": [\n";
    }
    auto refused = test::runCli({"reply-check", "--content", root.path.string(), "Sorry about that."});
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.find("broken.json:2:1: error:") != std::string::npos);
    fs::remove(root.path / "rubrics" / "lexicons" / "broken.json");
    {
        std::ofstream(root.path / "scenarios" / "half-written.json") << "{\"id\": ";
    }
    auto read = test::runCli({"reply-check", "--content", root.path.string(), "Sorry about that."});
    CHECK(read.exitCode == 0);
    CHECK(read.out.find("apology") != std::string::npos);
}

TEST_CASE("a trainee created by a scripted play starts today, not on the script's date") {
    // A start date sets only the deadline of assigned tracks (start + due_days_from_start, 30 days
    // for the new-hire track); attempts from before it still count in the first cycle, so a play
    // dated by a script loses nothing. Dated 2026-01-05 (the default script clock), a trainee later
    // assigned a 30-day track would have been overdue from their first real day.
    Workspace w;
    std::string before = isoDate(cli::wallClock());
    auto played = w.run({"play", "mini", "--script", "-", "--trainee", "Ana Lima"}, R"([{"choice": "verify"}])");
    std::string after = isoDate(cli::wallClock());
    REQUIRE(played.exitCode == 0);
    CHECK((played.err == "simdesk play: added trainee Ana Lima (start date " + before + ")\n" ||
           played.err == "simdesk play: added trainee Ana Lima (start date " + after + ")\n"));
    CHECK(w.run({"sessions"}).out.find("#1  2026-01-05 09:00 UTC  Ana Lima  mini") == 0);  // the play keeps its clock
}
