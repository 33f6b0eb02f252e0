#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace simdesk::test {

std::string fixture(const std::string& relative) { return std::string(SIMDESK_FIXTURES) + "/" + relative; }
std::string sourcePath(const std::string& relative) { return std::string(SIMDESK_SOURCE_DIR) + "/" + relative; }

static std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

ScenarioPtr scenarioFromText(const std::string& text, std::vector<Diagnostic>* diagnostics) {
    SchemaChecker schemas;
    JsonLoad load = parseJsonDocument("test.json", text);
    REQUIRE(load.document);
    LexiconSet lexicons = bundledLexicons();
    ScenarioLoad built = buildScenario(*load.document, schemas, &lexicons);
    if (diagnostics) *diagnostics = built.diagnostics;
    for (const auto& d : built.diagnostics) INFO(d.format());
    REQUIRE(built.scenario);
    return built.scenario;
}

LexiconSet bundledLexicons() {
    SchemaChecker schemas;
    std::vector<Diagnostic> diagnostics;
    LexiconSet set = loadLexiconFolder(sourcePath("rubrics/lexicons"), schemas, &diagnostics);
    for (const auto& d : diagnostics) INFO(d.format());
    REQUIRE(diagnostics.empty());
    return set;
}

RubricPtr rubricFromText(const std::string& text) {
    SchemaChecker schemas;
    JsonLoad load = parseJsonDocument("rubric.json", text);
    REQUIRE(load.document);
    RubricLoad built = buildRubric(*load.document, schemas);
    for (const auto& d : built.diagnostics) INFO(d.format());
    REQUIRE(built.rubric);
    return built.rubric;
}

RubricPtr testRubric() { return rubricFromText(readFile(fixture("rubrics/test-rubric.json"))); }
ContentLibrary bundledLibrary(const SchemaChecker& schemas) {
    std::vector<std::filesystem::path> paths = {"scenarios", "rubrics"};
    for (const char* optional : {"knowledge", "tracks"})
        if (std::filesystem::is_directory(optional)) paths.emplace_back(optional);
    return loadContent(paths, schemas);
}

ScenarioPtr miniScenario() { return scenarioFromText(readFile(fixture("valid/mini.json"))); }

CliResult runCli(const std::vector<std::string>& args, const std::string& input) {
    std::vector<const char*> argv{"simdesk"};
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    std::istringstream in(input);
    CliResult result;
    result.exitCode = cli::run(static_cast<int>(argv.size()), argv.data(), cli::Io{out, err, in, false},
                               [](const cli::GlobalOptions&) { return 99; });
    result.out = out.str();
    result.err = err.str();
    return result;
}

} // namespace simdesk::test
