#include "test_support.hpp"

#include "core/analysis.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdlib.h>

namespace simdesk::test {

std::string fixture(const std::string& relative) { return std::string(SIMDESK_FIXTURES) + "/" + relative; }
std::string sourcePath(const std::string& relative) { return std::string(SIMDESK_SOURCE_DIR) + "/" + relative; }

std::string readBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

static std::string readFile(const std::string& path) { return readBytes(path); }

std::string damageLastPage(const std::filesystem::path& db) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.string().c_str(), &handle) == SQLITE_OK);
    REQUIRE(sqlite3_exec(handle, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(handle);
    std::error_code ec;
    std::filesystem::remove(std::filesystem::path(db.string() + "-wal"), ec);
    std::filesystem::remove(std::filesystem::path(db.string() + "-shm"), ec);
    std::string bytes = readBytes(db);
    REQUIRE(bytes.size() > 8 * 4096);
    for (size_t i = bytes.size() - 2 * 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 + 3);
    std::ofstream(db, std::ios::binary | std::ios::trunc) << bytes;
    return bytes;
}

TempDir::TempDir(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
}

ContentWorkspace::ContentWorkspace(const std::string& prefix, bool withTrack) : dir(prefix), root(dir.path) {
    namespace fs = std::filesystem;
    for (const char* folder : {"scenarios", "rubrics", "tracks"}) fs::create_directories(root / folder);
    fs::copy_file(fixture("valid/mini.json"), root / "scenarios" / "mini.json");
    fs::copy_file(fixture("rubrics/test-rubric.json"), root / "rubrics" / "test-rubric.json");
    if (withTrack) fs::copy_file(fixture("track/new-hire.json"), root / "tracks" / "new-hire.json");
    db = root / "records.db";
}

CliResult ContentWorkspace::run(std::vector<std::string> args, const std::string& input) const {
    args.insert(args.end(), {"--content", root.string(), "--db", db.string()});
    return runCli(args, input);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
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

std::shared_ptr<const SpellChecker> bundledSpelling() {
    auto spelling = std::make_shared<const SpellChecker>(kDefaultDictionary, std::vector<std::string>{});
    return spelling->ok() ? spelling : nullptr;
}

SignalModelPtr bundledSignalModel() {
    SchemaChecker schemas;
    SignalModelLoad load = loadSignalModelFile(sourcePath(kSignalModelPath), schemas);
    for (const auto& d : load.diagnostics) INFO(d.format());
    REQUIRE(load.diagnostics.empty());
    REQUIRE(load.model);
    return load.model;
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



/// Plays a whole conversation with a bot. Choices are picked among the enabled options in the order
/// a trainee sees them.
Played play(const ScenarioPtr& scenario, const Rubric& rubric, const ChoicePicker& pick, const ReplyWriter& write) {
    auto session = PlaySession::start(scenario, kClock);
    REQUIRE(session.ok());
    int64_t now = kClock;
    Played out;
    for (int guard = 0; guard < 200 && !session->finished(); ++guard) {
        TurnPrompt prompt = session->prompt();
        now += static_cast<int64_t>(kSecondsPerTurn);
        if (prompt.kind == TurnPrompt::Kind::FreeText) {
            std::string reply = write(*session);
            out.path += " [" + prompt.nodeId + ": typed]";
            REQUIRE(session->reply(reply, kSecondsPerTurn, now).ok());
            continue;
        }
        REQUIRE(prompt.kind == TurnPrompt::Kind::Choice);
        std::vector<size_t> shown;
        for (size_t index : presentationOrder(session->transcript(), prompt))
            if (prompt.choices[index].enabled) shown.push_back(index);
        REQUIRE_FALSE(shown.empty());
        const ChoiceView& choice = prompt.choices[pick(prompt, shown)];
        out.path += " " + choice.id;
        REQUIRE(session->choose(choice.id, kSecondsPerTurn, now).ok());
    }
    // A bot that circles a loop the content offers never finishes: scored unfinished, it cannot pass.
    auto card = scoreTranscript(*scenario, rubric, session->transcript());
    REQUIRE(card.ok());
    out.card = std::move(*card);
    out.transcript = session->transcript();
    return out;
}

/// The analysed best path's choice at each node (the reply bots' only guidance).
std::map<std::string, std::string> bestChoices(const Scenario& scenario, const Rubric& rubric) {
    std::map<std::string, std::string> out;
    ScenarioAnalysis analysis = analyzeScenario(scenario, &rubric);
    if (analysis.best)
        for (const auto& step : analysis.best->path)
            if (!step.freeText) out[step.nodeId] = step.choiceId;
    return out;
}

/// Picks the analysed best path's choice where it has one, else the first option shown.
ChoicePicker followBestPath(const Scenario& scenario, const Rubric& rubric) {
    return [best = bestChoices(scenario, rubric)](const TurnPrompt& p, const std::vector<size_t>& shown) {
        auto it = best.find(p.nodeId);
        for (size_t index : shown)
            if (it != best.end() && p.choices[index].id == it->second) return index;
        return shown.front();
    };
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

std::vector<std::string> withoutRunSummaries(bool sqlite) {
    std::vector<std::string> out = {"DROP TABLE scoring_run_criteria", "DROP INDEX reviews_by_session", "DROP INDEX sessions_by_start",
                                    "DROP INDEX scoring_runs_summary",
                                    "ALTER TABLE scoring_runs DROP COLUMN pass_mark"};
    if (!sqlite) out.push_back("DROP FUNCTION simdesk_grant_run_summaries()");
    return out;
}

} // namespace simdesk::test
