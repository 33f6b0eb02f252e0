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

namespace {

/// A typed turn with eight rules whose points differ, so every one of its 2^8 outcomes is a
/// distinct transition.
nlohmann::json eightRuleTurn(const std::string& next) {
    static const char* words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    nlohmann::json rules = nlohmann::json::array();
    for (int k = 0; k < 8; ++k)
        rules.push_back({{"id", "r" + std::to_string(k)}, {"kind", "phrases"}, {"any", {words[k]}},
                         {"points", {{"empathy", k % 4 + 1}}}, {"points_if_missing", {{"accuracy", k % 3}}},
                         {"feedback", "F"}});
    return {{"type", "free_text"}, {"prompt", "Reply."}, {"rules", rules}, {"next", next}};
}

nlohmann::json scenarioShell(const nlohmann::json& nodes, const std::string& start) {
    return {{"format", 1}, {"id", "explodes"}, {"version", "1"}, {"title", "T"}, {"summary", "S"},
            {"category", "complaint"}, {"channel", "chat"}, {"priority", "P3"}, {"difficulty", 1},
            {"persona", {{"name", "N"}, {"company", "C"}, {"tier", "free"}, {"temperament", "calm"}, {"starting_mood", 50}}},
            {"rubric", "test-rubric"}, {"start", start}, {"nodes", nodes}};
}

/// `flags` yes/no questions that each set a flag read at the end, then `turns` eight-rule typed
/// turns: 2^flags × turns states with 256 transitions each. 14 flags and 4 turns made 16 million
/// transitions (gigabytes) before the edge cap.
std::string stateExplosion(int flags, int turns) {
    nlohmann::json nodes, variables;
    std::string condition;
    for (int i = 0; i < flags; ++i) {
        std::string flag = "v" + std::to_string(i), next = i + 1 < flags ? "c" + std::to_string(i + 1) : "f0";
        variables[flag] = {{"type", "bool"}, {"initial", false}};
        condition += (i ? " && " : "") + flag;
        nodes["c" + std::to_string(i)] = {
            {"type", "choice"},
            {"choices",
             {{{"id", "set"}, {"text", "Yes."}, {"effects", {{"set", {{flag, true}}}}}, {"points", {{"accuracy", 2}}},
               {"feedback", "F"}, {"next", next}},
              {{"id", "skip"}, {"text", "No."}, {"points", {{"accuracy", 1}}}, {"feedback", "F"}, {"next", next}}}}};
    }
    for (int j = 0; j < turns; ++j)
        nodes["f" + std::to_string(j)] = eightRuleTurn(j + 1 < turns ? "f" + std::to_string(j + 1) : "m");
    nodes["m"] = {{"type", "message"}, {"text", "Done."}, {"next", {{{"if", condition}, {"to", "all_set"}}, {{"to", "some_set"}}}}};
    nodes["all_set"] = {{"type", "ending"}, {"outcome", "O"}, {"resolution", "resolved"}};
    nodes["some_set"] = {{"type", "ending"}, {"outcome", "O"}, {"resolution", "resolved"}};
    nlohmann::json s = scenarioShell(nodes, "c0");
    s["variables"] = variables;
    return s.dump();
}

} // namespace

TEST_CASE("a scenario whose states multiply stays within the caps, says so, and reports proven bounds") {
    auto scenario = test::scenarioFromText(stateExplosion(14, 4));
    REQUIRE(scenario);
    auto rubric = test::testRubric();
    ScenarioAnalysis a = analyzeScenario(*scenario, rubric.get());
    CHECK(a.approximate);
    CHECK(a.precision == AnalysisPrecision::ConditionsIgnored);
    CHECK(a.edgeCount <= kMaxAnalysisEdges);
    CHECK(a.stateCount == scenario->nodes.size());  // nodes alone once conditions are ignored
    CHECK(a.reachableEndings.size() == 2);
    REQUIRE(a.best);
    // A bound is a claim: the best path found can never beat it, the worst never undercut it.
    CHECK(a.best->pathScore <= a.best->bound + 1e-9);
    CHECK(a.worst->pathScore >= a.worst->bound - 1e-9);
    CHECK(a.passing == PassingPath::Exists);
}

TEST_CASE("thousands of eight-rule typed turns are sampled, and a branch no sample takes stays reachable") {
    // 1 600 turns × 256 outcomes is over the edge cap even with conditions ignored.
    nlohmann::json nodes;
    const int turns = 1600;
    for (int j = 0; j < turns; ++j) nodes["f" + std::to_string(j)] = eightRuleTurn(j + 1 < turns ? "f" + std::to_string(j + 1) : "last");
    // "second" is reached only when r0 and r2 match but r1 does not: a combination none of the
    // samples (no rule, every rule, each branch's own rules) contains.
    nlohmann::json last = eightRuleTurn("fallback");
    last["branches"] = {{{"when", {"r0", "!r2"}}, {"next", "first"}}, {{"when", {"r0", "!r1"}}, {"next", "second"}}};
    nodes["last"] = last;
    for (const char* ending : {"first", "second", "fallback"})
        nodes[ending] = {{"type", "ending"}, {"outcome", "O"}, {"resolution", "resolved"}};
    std::vector<Diagnostic> diagnostics;
    auto scenario = test::scenarioFromText(scenarioShell(nodes, "f0").dump(), &diagnostics);
    REQUIRE(scenario);
    auto rubric = test::testRubric();
    ScenarioAnalysis a = analyzeScenario(*scenario, rubric.get());
    CHECK(a.precision == AnalysisPrecision::RepliesSampled);
    CHECK(a.edgeCount < 10 * scenario->nodes.size());
    CHECK(a.reachableEndings.size() == 3);
    CHECK(a.unreachableEndings.empty());
    CHECK(a.trapped.empty());
    REQUIRE(a.best);
    CHECK(a.best->pathScore <= a.best->bound + 1e-9);
    CHECK(a.worst->pathScore >= a.worst->bound - 1e-9);
    CHECK_FALSE(a.best->exact);
    // Every turn can give empathy 4/4 (rule r3) and accuracy 2/2 when r0 is missing: 100 % is
    // the only honest upper bound.
    CHECK(a.best->bound == doctest::Approx(100.0));
}
