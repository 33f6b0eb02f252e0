#include "cli.hpp"
#include "report.hpp"

#include "core/json_source.hpp"
#include "core/scoring.hpp"

#include <ostream>

namespace simdesk::cli {

int score(const GlobalOptions& global, const ScoreOptions& options, Io io) {
    // The transcript file is untrusted input too: same size and UTF-8 limits as content.
    JsonLoad load = loadJsonFile(options.transcript, options.transcript);
    if (!load.document) {
        printDiagnostics(io.err, load.diagnostics);
        return kExitFailure;
    }
    const nlohmann::json& j = load.document->value;
    // Accept a bare transcript, a saved session, or `play --json` output.
    const nlohmann::json& t = j.is_object() && j.contains("transcript") ? j["transcript"] : j;
    auto transcript = transcriptFromJson(t);
    if (!transcript) {
        io.err << "simdesk score: " << options.transcript << ": " << transcript.error().message << "\n";
        return kExitFailure;
    }
    SchemaChecker schemas;
    std::vector<std::filesystem::path> extra;
    if (!options.scenario.empty()) extra.push_back(options.scenario);
    ContentLibrary library = loadLibrary(global, extra, schemas);
    ScenarioPtr scenario = library.findScenario(transcript->scenarioId);
    if (!scenario) {
        io.err << "simdesk score: scenario \"" << transcript->scenarioId << "\" is not in the content library\n";
        return kExitFailure;
    }
    RubricPtr rubric = library.findRubric(scenario->rubricId);
    if (!rubric) {
        io.err << "simdesk score: rubric \"" << scenario->rubricId << "\" is not in the content library\n";
        return kExitFailure;
    }
    auto card = scoreTranscript(*scenario, *rubric, *transcript);
    if (!card) {
        io.err << "simdesk score: " << card.error().message << "\n";
        return kExitFailure;
    }
    if (options.json) io.out << scoreCardToJson(*card).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else {
        printScenarioHeader(io.out, *scenario);
        printTranscript(io.out, *scenario, *transcript);
        printScoreCard(io.out, *card, *scenario, *transcript);
    }
    return kExitOk;
}

} // namespace simdesk::cli
