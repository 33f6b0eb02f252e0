// Graph analysis without path enumeration: path counts, exact best/worst scores, loops,
// reachability — including a generated scenario with far more than a million paths.
#include "test_support.hpp"

#include "core/analysis.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace simdesk;

namespace {

/// `levels` decisions in a row, each with a good (empathy 4/4) and a poor (1/4) answer: 2^levels paths.
std::string chain(int levels, bool loopBack = false) {
    nlohmann::json nodes;
    for (int i = 0; i < levels; ++i) {
        std::string next = i + 1 < levels ? "q" + std::to_string(i + 1) : "done";
        nlohmann::json choices = nlohmann::json::array(
            {{{"id", "good"}, {"text", "G"}, {"feedback", "F"}, {"points", {{"empathy", 4}}}, {"next", next}},
             {{"id", "poor"}, {"text", "P"}, {"feedback", "F"}, {"points", {{"empathy", 1}}}, {"next", next}}});
        if (loopBack && i == levels - 1)
            choices.push_back({{"id", "again"}, {"text", "A"}, {"feedback", "F"}, {"next", "q0"}});
        nodes["q" + std::to_string(i)] = {{"type", "choice"}, {"choices", choices}};
    }
    nodes["done"] = {{"type", "ending"}, {"outcome", "O"}, {"resolution", "resolved"}};
    nlohmann::json s = {{"format", 1}, {"id", "chain"}, {"version", "1"}, {"title", "T"}, {"summary", "S"},
                        {"category", "complaint"}, {"channel", "chat"}, {"priority", "P3"}, {"difficulty", 1},
                        {"persona", {{"name", "N"}, {"company", "C"}, {"tier", "free"}, {"temperament", "calm"}, {"starting_mood", 50}}},
                        {"rubric", "test-rubric"}, {"start", "q0"}, {"nodes", nodes}};
    return s.dump();
}

} // namespace

TEST_CASE("2^40 paths are counted and scored exactly without enumerating them") {
    auto scenario = test::scenarioFromText(chain(40));
    auto rubric = test::testRubric();
    ScenarioAnalysis a = analyzeScenario(*scenario, rubric.get());
    CHECK_FALSE(a.approximate);
    CHECK(a.pathCount == std::ldexp(1.0, 40));
    CHECK_FALSE(a.pathCountUnbounded);
    REQUIRE(a.best);
    // Best: empathy 1 (w2), response time on time (w1) → 100%.
    CHECK(a.best->pathScore == doctest::Approx(100.0));
    CHECK(a.best->exact);
    CHECK(a.best->path.size() == 40);
    CHECK(a.best->path[17].choiceId == "good");
    // Worst: empathy 1/4 (w2) and every reply late (w1): 0.5 / 3 = 16.67%.
    CHECK(a.worst->pathScore == doctest::Approx(100.0 / 6.0));
    CHECK(a.worst->exact);
    CHECK(a.worst->path[3].choiceId == "poor");
    CHECK(a.passing == PassingPath::Exists);
    REQUIRE(a.criteria.size() == 4);
    CHECK(a.criteria[0].bestLevel == 4);
    CHECK(a.criteria[0].worstLevel == 1);
    CHECK(a.criteria[0].bestExact);
    CHECK_FALSE(a.criteria[1].rateable);  // accuracy: nothing rates it
}

TEST_CASE("a loop the trainee can repeat makes the path count unbounded, not a hang") {
    auto scenario = test::scenarioFromText(chain(5, true));
    ScenarioAnalysis a = analyzeScenario(*scenario, test::testRubric().get());
    CHECK(a.pathCountUnbounded);
    CHECK(a.trapped.empty());
    CHECK(a.reachableEndings.size() == 1);
    CHECK(a.best->exact);
}

TEST_CASE("the mini scenario: reachable endings, mood-dependent loop, exact extremes") {
    auto scenario = test::miniScenario();
    ScenarioAnalysis a = analyzeScenario(*scenario, test::testRubric().get());
    CHECK(a.reachableEndings.size() == 2);
    CHECK(a.deadEnds.empty());
    // card → angry; verify → refund → 4 reply outcomes; verify → stall → (refund → 4) or (stall → angry).
    CHECK(a.pathCount == 10);
    CHECK_FALSE(a.pathCountUnbounded);  // the stall loop is broken by mood, which the states track
    CHECK(a.best->pathScore == doctest::Approx(100.0));
    CHECK(a.worst->pathScore == 0.0);
    CHECK(a.worst->critical);
    REQUIRE(a.worst->path.size() == 1);
    CHECK(a.worst->path[0].choiceId == "card");
    // The hidden "secret" choice can never be taken, so its target is reached only through others.
    CHECK(std::all_of(a.nodeReachable.begin(), a.nodeReachable.end(), [](bool b) { return b; }));
}

TEST_CASE("the shipped million-path fixture analyses exactly") {
    SchemaChecker schemas;
    ContentLibrary library = loadContent({"tests/fixtures/million-paths.json", "tests/fixtures/rubrics"}, schemas);
    REQUIRE(library.scenarios.size() == 1);
    ScenarioAnalysis a = analyzeScenario(*library.scenarios[0], library.rubrics[0].get());
    CHECK(a.pathCount == 1048576);
    CHECK(a.best->exact);
    CHECK(a.worst->exact);
}
