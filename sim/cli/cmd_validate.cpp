#include "cli.hpp"

#include <ostream>

namespace simdesk::cli {

int validate(const GlobalOptions&, const ValidateOptions& options, Io io) {
    SchemaChecker schemas;
    std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
    ContentLibrary library = loadContent(paths, schemas);
    size_t errors = countSeverity(library.diagnostics, Severity::Error);
    size_t warnings = countSeverity(library.diagnostics, Severity::Warning);
    bool failed = errors > 0 || (options.strict && warnings > 0);
    if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& d : library.diagnostics)
            list.push_back({{"code", d.code}, {"severity", severityName(d.severity)}, {"file", d.file},
                            {"line", d.line}, {"column", d.column}, {"pointer", d.pointer}, {"message", d.message}});
        io.out << nlohmann::json{{"files", library.filesRead}, {"scenarios", library.scenarios.size()},
                                 {"rubrics", library.rubrics.size()}, {"errors", errors}, {"warnings", warnings},
                                 {"ok", !failed}, {"diagnostics", list}}
                      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
               << "\n";
        return failed ? kExitFailure : kExitOk;
    }
    printDiagnostics(failed ? io.err : io.out, library.diagnostics);
    (failed ? io.err : io.out) << library.filesRead << " file" << (library.filesRead == 1 ? "" : "s") << " checked ("
                               << library.scenarios.size() << " scenarios, " << library.rubrics.size()
                               << " rubrics, " << library.lexicons.byId.size() << " lexicons"
                               << (library.signalModel ? ", 1 learned signal model" : "") << " valid): " << errors << " error" << (errors == 1 ? "" : "s") << ", "
                               << warnings << " warning" << (warnings == 1 ? "" : "s")
                               << (options.strict && warnings > 0 && errors == 0 ? " (--strict: warnings fail)" : "")
                               << "\n";
    return failed ? kExitFailure : kExitOk;
}

} // namespace simdesk::cli
