#include "cli.hpp"
#include "report.hpp"

#include <ostream>

namespace simdesk::cli {

int analyze(const GlobalOptions& global, const AnalyzeOptions& options, Io io) {
    SchemaChecker schemas;
    std::vector<std::filesystem::path> extra = scenarioFileArgument(options.scenario);
    ContentLibrary library = loadLibrary(global, extra, schemas);
    ScenarioPtr scenario = library.findScenarioByIdOrPath(options.scenario);
    if (!scenario) {
        printDiagnostics(io.err, library.diagnostics);
        io.err << "simdesk analyze: no valid scenario \"" << options.scenario << "\"\n";
        return kExitFailure;
    }
    RubricPtr rubric = library.findRubric(scenario->rubricId);
    ScenarioAnalysis analysis = analyzeScenario(*scenario, rubric.get());
    if (options.json) io.out << analysisToJson(*scenario, analysis).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else printAnalysis(io.out, *scenario, rubric.get(), analysis);
    return kExitOk;
}

} // namespace simdesk::cli
