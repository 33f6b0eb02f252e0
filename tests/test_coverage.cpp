// Coverage of the scenario library: the counts on a small hand-made library, and the bundled
// library's required cells (every seed 000 type, seed 001 policy area, channel, priority and the
// escalation levels L2, L3, management and executive). The last test fails while content is missing.
#include "test_support.hpp"

#include "core/coverage.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {

ScenarioPtr scenario(const std::string& id, const std::string& category, const std::string& channel,
                     const std::string& priority, const std::string& areas, const std::string& handoffTo) {
    std::string nodes = handoffTo.empty()
                            ? R"("start": {"type": "ending", "outcome": "O", "resolution": "resolved"})"
                            : R"("start": {"type": "handoff", "to": ")" + handoffTo +
                                  R"(", "text": "T", "next": "end"}, "end": {"type": "ending", "outcome": "O", "resolution": "escalated"})";
    return test::scenarioFromText(R"({"format": 1, "id": ")" + id + R"(", "version": "1", "title": "T", "summary": "S",
      "category": ")" + category + R"(", "channel": ")" + channel + R"(", "priority": ")" + priority + R"(",
      "difficulty": 1, "policy_areas": [)" + areas + R"(],
      "persona": {"name": "N", "company": "C", "tier": "free", "temperament": "calm", "starting_mood": 50},
      "rubric": "test-rubric", "start": "start", "nodes": {)" + nodes + "}}");
}

size_t countOf(const CoverageCounts& counts, const std::string& key) {
    for (const auto& [k, n] : counts)
        if (k == key) return n;
    FAIL("no key ", key);
    return 0;
}

} // namespace

TEST_CASE("coverage counts scenarios per channel, priority, type, policy area and hand-off level") {
    std::vector<ScenarioPtr> list = {
        scenario("one", "technical_issue", "chat", "P1", R"("escalation", "response_time")", "L3"),
        scenario("two", "technical_issue", "email", "P2", R"("escalation")", "L2"),
        scenario("three", "complaint", "chat", "P3", R"("complaint_handling")", "")};
    CoverageReport r = computeCoverage(list);
    CHECK(r.scenarios == 3);
    CHECK(countOf(r.channels, "chat") == 2);
    CHECK(countOf(r.channels, "social") == 0);
    CHECK(countOf(r.priorities, "P1") == 1);
    CHECK(countOf(r.types, "technical_issue") == 2);
    CHECK(countOf(r.categories, "complaint") == 1);
    CHECK(countOf(r.areas, "escalation") == 2);
    CHECK(countOf(r.escalation, "L3") == 1);
    CHECK(countOf(r.escalation, "executive") == 0);
    CHECK(r.categoryByChannel.size() == 25);  // 5 types + 20 policy areas
    CHECK(r.categoryByChannel[1].first == "technical_issue");
    CHECK(r.categoryByChannel[1].second.at("chat") == 1);
    CHECK(r.categoryByChannel[1].second.at("email") == 1);

    auto has = [&](const std::string& cell) {
        return std::find(r.missing.begin(), r.missing.end(), cell) != r.missing.end();
    };
    CHECK(has("scenario type: product_question"));
    CHECK_FALSE(has("scenario type: technical_issue"));
    CHECK(has("policy area: onboarding"));
    CHECK(has("channel: social"));
    CHECK(has("priority: P4"));
    CHECK(has("escalation: executive"));
    CHECK_FALSE(has("escalation: L1"));  // L1 is where every case starts; no hand-off needed
    CHECK_FALSE(has("escalation: L2"));
}

TEST_CASE("simdesk coverage exits 1 and lists the empty cells, or 0 when every required cell is filled") {
    auto r = test::runCli({"coverage", "--content", "tests/fixtures"});
    CHECK(r.exitCode == 1);
    CHECK(r.out.find("Coverage of 0 valid scenarios") != std::string::npos);
    CHECK(r.out.find("Empty required cells") != std::string::npos);
    auto json = test::runCli({"coverage", "--json", "--content", "tests/fixtures"});
    CHECK(json.exitCode == 1);
    auto report = nlohmann::json::parse(json.out);
    CHECK(report["complete"] == false);
    CHECK(report["policy_areas"].size() == 20);
}

TEST_CASE("the bundled library fills every required coverage cell") {
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    CoverageReport r = computeCoverage(library.scenarios);
    for (const auto& cell : r.missing) CHECK_MESSAGE(false, "no bundled scenario covers ", cell);
    CHECK(r.missing.empty());
    CHECK(r.scenarios >= 20);
}
