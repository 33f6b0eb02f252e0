#include "cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

namespace simdesk::cli {

namespace fs = std::filesystem;

std::string defaultContentRoot() {
    if (const char* env = std::getenv("SIMDESK_CONTENT"); env && *env) return env;
    std::error_code ec;
    if (fs::is_directory("scenarios", ec) && fs::is_directory("rubrics", ec)) return ".";
    return SIMDESK_CONTENT_DIR;
}

ContentLibrary loadLibrary(const GlobalOptions& options, const std::vector<fs::path>& extra,
                           const SchemaChecker& schemas) {
    fs::path root = options.contentRoot.empty() ? fs::path(defaultContentRoot()) : fs::path(options.contentRoot);
    std::vector<fs::path> paths{root / "rubrics", root / "scenarios"};
    std::error_code ec;
    for (const auto& p : extra) {
        // A scenario named by path that is already inside the bundled folder is loaded once, not twice.
        auto rel = fs::weakly_canonical(p, ec).lexically_relative(fs::weakly_canonical(root / "scenarios", ec));
        if (!rel.empty() && *rel.begin() != "..") continue;
        paths.push_back(p);
    }
    return loadContent(paths, schemas);
}

void printDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics) {
    for (const auto& d : diagnostics) out << d.format() << "\n";
}

int explain(const std::string& code, Io io) {
    auto info = findDiagnostic(code);
    if (!info) {
        io.err << "simdesk explain: no diagnostic " << code << "; codes run SD001 to SD080 (see docs/diagnostics.md)\n";
        return kExitFailure;
    }
    io.out << info->code << " (" << severityName(info->severity) << "): " << info->title << "\n\n"
           << "Example:\n  " << info->example << "\n\nWhat to do:\n  " << info->fix << "\n";
    return kExitOk;
}

int run(int argc, const char* const* argv, Io io, const std::function<int(const GlobalOptions&)>& launchApp) {
    CLI::App app{"simdesk: rehearse customer conversations and score them against QA rubrics.\n"
                 "With no subcommand it opens the desktop app.",
                 "simdesk"};
    app.set_version_flag("--version", std::string("simdesk ") + SIMDESK_VERSION);
    app.require_subcommand(0, 1);
    GlobalOptions global;
    app.add_option("--content", global.contentRoot, "Folder with scenarios/ and rubrics/ (default: bundled content)");
    app.add_option("--db", global.dbPath, "Training-records database (reserved for the store)")->envname("SIMDESK_DB");

    ValidateOptions validateOptions;
    auto* validateCmd = app.add_subcommand("validate", "Check scenario and rubric files; exit 1 on errors");
    validateCmd->add_option("paths", validateOptions.paths, "Files or folders")->required();
    validateCmd->add_flag("--strict", validateOptions.strict, "Warnings fail too");
    validateCmd->add_flag("--json", validateOptions.json, "Diagnostics as JSON");

    AnalyzeOptions analyzeOptions;
    auto* analyzeCmd = app.add_subcommand("analyze", "Reachable endings, path count, best and worst score, a best path");
    analyzeCmd->add_option("scenario", analyzeOptions.scenario, "Scenario file or id")->required();
    analyzeCmd->add_flag("--json", analyzeOptions.json, "Result as JSON");

    PlayOptions playOptions;
    auto* playCmd = app.add_subcommand("play", "Play a scenario in the terminal (or from a script) and score it");
    playCmd->add_option("scenario", playOptions.scenario, "Scenario file or id")->required();
    playCmd->add_option("--script", playOptions.script, "JSON script of actions ('-' for stdin)");
    playCmd->add_option("--save", playOptions.save, "Write the finished session (transcript) to this file");
    playCmd->add_option("--mode", playOptions.mode, "practice (feedback each turn) or exam (feedback at the end)")
        ->check(CLI::IsMember({"practice", "exam"}));
    playCmd->add_flag("--json", playOptions.json, "Transcript and score as JSON");

    ScoreOptions scoreOptions;
    auto* scoreCmd = app.add_subcommand("score", "Re-score a saved transcript against its scenario and rubric");
    scoreCmd->add_option("transcript", scoreOptions.transcript, "Transcript or saved session file")->required();
    scoreCmd->add_flag("--json", scoreOptions.json, "Score as JSON");

    std::string explainCode;
    auto* explainCmd = app.add_subcommand("explain", "Explain a diagnostic code, e.g. SD020");
    explainCmd->add_option("code", explainCode, "Diagnostic code")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e, io.out, io.err);
        io.err << "simdesk: " << e.what() << "\nRun 'simdesk --help' for usage.\n";
        return kExitUsage;
    }

    if (*validateCmd) return validate(global, validateOptions, io);
    if (*analyzeCmd) return analyze(global, analyzeOptions, io);
    if (*playCmd) return play(global, playOptions, io);
    if (*scoreCmd) return score(global, scoreOptions, io);
    if (*explainCmd) return explain(explainCode, io);
    return launchApp(global);
}

} // namespace simdesk::cli
