// The command line as a user runs it: exit codes (0 ok, 1 failure, 2 usage), messages on the
// right stream, and the reports each subcommand prints.
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace simdesk;
using test::runCli;

TEST_CASE("--version and --help exit 0, no subcommand opens the app") {
    auto version = runCli({"--version"});
    CHECK(version.exitCode == 0);
    CHECK(version.out.find("simdesk 0.1.0") != std::string::npos);
    for (std::string cmd : {"validate", "analyze", "play", "score", "explain", "coverage", "kb"}) {
        auto help = runCli({cmd, "--help"});
        INFO(cmd);
        CHECK(help.exitCode == 0);
        CHECK(help.out.find("Usage") != std::string::npos);
    }
    CHECK(runCli({}).exitCode == 99);  // the test's stand-in for the desktop app
}

TEST_CASE("bad usage exits 2 with the reason on stderr") {
    auto unknown = runCli({"frobnicate"});
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.out.empty());
    CHECK(unknown.err.find("Run 'simdesk --help'") != std::string::npos);
    CHECK(runCli({"validate"}).exitCode == 2);  // PATH is required
    CHECK(runCli({"play", "x", "--mode", "speedrun"}).exitCode == 2);
}

TEST_CASE("validate: bundled content passes --strict, a broken file fails with its position") {
    auto ok = runCli({"validate", "--strict", "scenarios", "rubrics"});
    INFO(ok.out, ok.err);
    CHECK(ok.exitCode == 0);
    auto broken = runCli({"validate", "tests/fixtures/broken/sd020-dangling.json", "tests/fixtures/rubrics"});
    CHECK(broken.exitCode == 1);
    CHECK(broken.err.find("tests/fixtures/broken/sd020-dangling.json:10:86: error: /nodes/ask/choices/0/next: no node "
                          "\"dnoe\" (did you mean \"done\"?) [SD020]") != std::string::npos);
}

TEST_CASE("validate: the whole bundle, knowledge base and tracks included, passes --strict") {
    std::vector<std::string> args = {"validate", "--strict", "scenarios", "rubrics"};
    for (const char* optional : {"knowledge", "tracks"})
        if (std::filesystem::is_directory(optional)) args.emplace_back(optional);
    auto r = runCli(args);
    INFO(r.out, r.err);
    CHECK(r.exitCode == 0);
}

TEST_CASE("validate --strict turns warnings into failure") {
    auto lax = runCli({"validate", "tests/fixtures/broken/sd021-unreachable.json", "tests/fixtures/rubrics"});
    CHECK(lax.exitCode == 0);
    auto strict = runCli({"validate", "--strict", "tests/fixtures/broken/sd021-unreachable.json", "tests/fixtures/rubrics"});
    CHECK(strict.exitCode == 1);
    CHECK(strict.err.find("(--strict: warnings fail)") != std::string::npos);
}

TEST_CASE("analyze prints the path count and exact best and worst scores of the million-path fixture") {
    auto r = runCli({"analyze", "tests/fixtures/million-paths.json", "--content", "tests/fixtures"});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("Paths to an ending: 1048576") != std::string::npos);
    CHECK(r.out.find("Best score: 100.0% (exact)") != std::string::npos);
    CHECK(r.out.find("Worst score: 16.7% (exact)") != std::string::npos);
    auto json = runCli({"analyze", "tests/fixtures/million-paths.json", "--content", "tests/fixtures", "--json"});
    auto j = nlohmann::json::parse(json.out);
    CHECK(j["path_count"] == 1048576.0);
    CHECK(j["best"]["exact"] == true);
}

TEST_CASE("play from a script prints the transcript and a score report with evidence") {
    std::string script = R"({"actions": [{"choice": "verify", "seconds": 20}, {"choice": 1, "seconds": 20},
                                         {"reply": "So sorry - the duplicate $42 charge was refunded to your card today.", "seconds": 50}]})";
    auto r = runCli({"play", "tests/fixtures/valid/mini.json", "--no-record", "--content", "tests/fixtures", "--script", "-"}, script);
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("[you · 50 s] So sorry - the duplicate $42 charge was refunded to your card today.") != std::string::npos);
    CHECK(r.out.find("Passed: 100.0% (needs 80%)") != std::string::npos);
    CHECK(r.out.find("turn 3 rule apology: 4/4 — You apologised. [\"sorry\"@3]") != std::string::npos);
}

TEST_CASE("play rejects a script that does not fit the conversation") {
    auto r = runCli({"play", "tests/fixtures/valid/mini.json", "--no-record", "--content", "tests/fixtures", "--script", "-"},
                    R"({"actions": [{"choice": "refund_now"}]})");
    CHECK(r.exitCode == 1);
    CHECK(r.err == "simdesk play: script action 0 at node \"ask\": choice \"refund_now\" is not available now\n");
    auto junk = runCli({"play", "tests/fixtures/valid/mini.json", "--no-record", "--content", "tests/fixtures", "--script", "-"}, "\x01\x02");
    CHECK(junk.exitCode == 1);
    CHECK(junk.err.find("not valid JSON") != std::string::npos);
}

TEST_CASE("play --save then score re-scores the same transcript") {
    std::string saved = "cli-test-session.json";
    std::string script = R"([{"choice": "verify", "seconds": 20}, {"choice": "stall", "seconds": 20}, {"choice": "stall"}])";
    auto r = runCli({"play", "tests/fixtures/valid/mini.json", "--no-record", "--content", "tests/fixtures", "--script", "-", "--save",
                     saved, "--json"},
                    script);
    REQUIRE(r.exitCode == 0);
    auto played = nlohmann::json::parse(r.out);
    // Without --scenario, score looks the scenario up by id in the content root, where mini is not.
    auto missing = runCli({"score", saved, "--content", "tests/fixtures"});
    CHECK(missing.exitCode == 1);
    CHECK(missing.err == "simdesk score: scenario \"mini\" is not in the content library\n");
    auto rescored = runCli({"score", saved, "--content", "tests/fixtures", "--scenario", "tests/fixtures/valid/mini.json", "--json"});
    std::remove(saved.c_str());
    REQUIRE(rescored.exitCode == 0);
    // verify, stall, stall: empathy 1/4 (w2) + accuracy 1 (w1) + response time 1 (w1) = 2.5/4.
    CHECK(played["score"]["final_percent"] == doctest::Approx(62.5));
    CHECK(nlohmann::json::parse(rescored.out) == played["score"]);
}

TEST_CASE("score refuses files that are not transcripts") {
    std::ofstream("cli-test-junk.json") << R"({"hello": 1})";
    auto r = runCli({"score", "cli-test-junk.json"});
    std::remove("cli-test-junk.json");
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("not a simdesk transcript") != std::string::npos);
}

TEST_CASE("docs/diagnostics.md is the catalogue as explain --all prints it") {
    std::ifstream in("docs/diagnostics.md");
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == runCli({"explain", "--all"}).out);
}

TEST_CASE("explain prints the catalogue entry for a code") {
    auto r = runCli({"explain", "SD020"});
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("SD020 (error): Reference to a missing node") != std::string::npos);
    CHECK(runCli({"explain", "SD999"}).exitCode == 1);
}

TEST_CASE("lexicon synonyms: WordNet's synonyms help an author grow a lexicon by meaning") {
    auto r = test::runCli({"lexicon", "synonyms", "refund", "apologize"});
    REQUIRE(r.exitCode == 0);
    // WordNet 3.0: refund (verb) is {refund, return, repay, give back}; apologize is {apologize, apologise}.
    CHECK(r.out.find("refund: \"give back\" repay") != std::string::npos);
    CHECK(r.out.find("apologize: apologise") != std::string::npos);
}
