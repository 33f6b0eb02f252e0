// Helpers shared by the tests: loading fixtures and running the command line in-process.
#pragma once

#include "cli/cli.hpp"
#include "core/content_loader.hpp"
#include "core/library.hpp"

#include <string>
#include <vector>

namespace simdesk::test {

std::string fixture(const std::string& relative);
std::string sourcePath(const std::string& relative);

/// Parses and builds a scenario from JSON text; fails the test if it does not build.
ScenarioPtr scenarioFromText(const std::string& text, std::vector<Diagnostic>* diagnostics = nullptr);
/// The lexicons shipped in rubrics/lexicons/ (fails the test if any does not load).
LexiconSet bundledLexicons();
RubricPtr rubricFromText(const std::string& text);
RubricPtr testRubric();
/// The bundled content: scenarios/ and rubrics/, plus knowledge/ and tracks/ when present.
ContentLibrary bundledLibrary(const SchemaChecker& schemas);
ScenarioPtr miniScenario();

struct CliResult {
    int exitCode = 0;
    std::string out, err;
};
CliResult runCli(const std::vector<std::string>& args, const std::string& input = "");

} // namespace simdesk::test
