#include "cli.hpp"
#include "core/coverage.hpp"

#include <iomanip>
#include <ostream>

namespace simdesk::cli {

namespace {

nlohmann::json countsToJson(const CoverageCounts& counts) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, n] : counts) out[key] = n;
    return out;
}

void printCounts(std::ostream& out, const std::string& heading, const CoverageCounts& counts) {
    out << heading << "\n";
    for (const auto& [key, n] : counts)
        out << "  " << std::left << std::setw(28) << key << std::right << std::setw(3) << n << (n == 0 ? "  (none)" : "")
            << "\n";
}

} // namespace

int coverage(const GlobalOptions& global, const CoverageOptions& options, Io io) {
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas);
    printDiagnostics(io.err, library.diagnostics);
    CoverageReport r = computeCoverage(library.scenarios);
    bool complete = r.missing.empty();
    if (options.json) {
        nlohmann::json matrix = nlohmann::json::object();
        for (const auto& [category, cells] : r.categoryByChannel) matrix[category] = cells;
        io.out << nlohmann::json{{"scenarios", r.scenarios},
                                 {"channels", countsToJson(r.channels)},
                                 {"priorities", countsToJson(r.priorities)},
                                 {"types", countsToJson(r.types)},
                                 {"categories", countsToJson(r.categories)},
                                 {"policy_areas", countsToJson(r.areas)},
                                 {"escalation", countsToJson(r.escalation)},
                                 {"category_by_channel", matrix},
                                 {"missing", r.missing},
                                 {"complete", complete}}
                      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
               << "\n";
        return complete ? kExitOk : kExitFailure;
    }
    io.out << "Coverage of " << r.scenarios << " valid scenario" << (r.scenarios == 1 ? "" : "s") << "\n\n";
    printCounts(io.out, "By channel (seed 004)", r.channels);
    printCounts(io.out, "By priority (seed 004)", r.priorities);
    printCounts(io.out, "By scenario type (seed 000, the category field)", r.types);
    printCounts(io.out, "By category (every value in use)", r.categories);
    printCounts(io.out, "By policy area (seed 001, the policy_areas field)", r.areas);
    printCounts(io.out, "Scenarios with a hand-off to (seed 004 ladder)", r.escalation);

    io.out << "\nCategory x channel\n  " << std::left << std::setw(28) << "" << std::right;
    for (const auto& [channel, n] : r.channels) io.out << std::setw(8) << channel;
    io.out << "\n";
    for (const auto& [category, cells] : r.categoryByChannel) {
        io.out << "  " << std::left << std::setw(28) << category << std::right;
        for (const auto& [channel, n] : r.channels) {
            size_t cell = cells.at(channel);
            io.out << std::setw(8) << (cell ? std::to_string(cell) : std::string("."));
        }
        io.out << "\n";
    }
    if (complete) {
        io.out << "\nEvery required cell has a scenario.\n";
        return kExitOk;
    }
    io.out << "\nEmpty required cells (" << r.missing.size() << "):\n";
    for (const auto& m : r.missing) io.out << "  " << m << "\n";
    return kExitFailure;
}

} // namespace simdesk::cli
