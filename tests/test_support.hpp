// Helpers shared by the tests: loading fixtures and running the command line in-process.
#pragma once

#include "cli/cli.hpp"
#include "core/content_loader.hpp"
#include "core/library.hpp"
#include "core/player.hpp"
#include "core/scoring.hpp"

#include <filesystem>
#include <functional>
#include <map>

#include <string>
#include <vector>

namespace simdesk::test {

std::string fixture(const std::string& relative);

/// A fresh folder under the system's temporary folder, removed with all it holds afterwards.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& prefix = "simdesk");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

/// A whole file's bytes ("" when it cannot be read).
std::string readBytes(const std::filesystem::path& path);
/// Writes junk over the last pages of a closed SQLite database (its newest rows), after moving its
/// WAL into it; keeps the rest. The damage is where a normal open does not read. Returns the bytes.
std::string damageLastPage(const std::filesystem::path& db);
std::string sourcePath(const std::string& relative);

/// Parses and builds a scenario from JSON text; fails the test if it does not build.
ScenarioPtr scenarioFromText(const std::string& text, std::vector<Diagnostic>* diagnostics = nullptr);
/// The lexicons shipped in rubrics/lexicons/ (fails the test if any does not load).
LexiconSet bundledLexicons();
/// Hunspell's en_US and en_GB dictionaries with no content words (null when none is installed).
std::shared_ptr<const SpellChecker> bundledSpelling();
/// The bundled learned reply signals (rubrics/models/reply-signals.json).
SignalModelPtr bundledSignalModel();
RubricPtr rubricFromText(const std::string& text);
RubricPtr testRubric();
/// The bundled content: scenarios/ and rubrics/, plus knowledge/ and tracks/ when present.
ContentLibrary bundledLibrary(const SchemaChecker& schemas);
ScenarioPtr miniScenario();

/// A whole conversation played by a bot, and its score.
struct Played {
    ScoreCard card;
    Transcript transcript;
    std::string path;  ///< the moves, for failure messages
};
using ChoicePicker = std::function<size_t(const TurnPrompt&, const std::vector<size_t>& shown)>;
using ReplyWriter = std::function<std::string(const PlaySession&)>;
inline constexpr int64_t kClock = 1793610000;  // 2026-11-02 09:00 UTC
inline constexpr double kSecondsPerTurn = 10;

/// Plays a whole conversation with a bot. Choices are picked among the enabled options in the order
/// a trainee sees them; every turn takes kSecondsPerTurn.
Played play(const ScenarioPtr& scenario, const Rubric& rubric, const ChoicePicker& pick, const ReplyWriter& write);
/// The analysed best path's choice at each node.
std::map<std::string, std::string> bestChoices(const Scenario& scenario, const Rubric& rubric);
/// Picks the analysed best path's choice where it has one, else the first option shown.
ChoicePicker followBestPath(const Scenario& scenario, const Rubric& rubric);

struct CliResult {
    int exitCode = 0;
    std::string out, err;
};
CliResult runCli(const std::vector<std::string>& args, const std::string& input = "");

/// A content root in a fresh folder (mini, the test rubric and, if asked, the new-hire track on
/// mini) with a database path in it; run() points the command line at both.
struct ContentWorkspace {
    TempDir dir;
    std::filesystem::path root, db;
    explicit ContentWorkspace(const std::string& prefix, bool withTrack = false);
    CliResult run(std::vector<std::string> args, const std::string& input = "") const;
};

/// The statements that take a database back from the dashboard sums (SQLite schema 13, server 8)
/// to the schema before them, one each (the tests' query helpers run one statement at a time): for
/// migration tests that roll a database back past that step.
std::vector<std::string> withoutRunSummaries(bool sqlite);

} // namespace simdesk::test
