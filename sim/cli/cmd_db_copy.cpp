// `simdesk db copy FROM TO`: a desktop's records into a team server, or back (sim/store/db_copy.hpp).
#include "cli.hpp"
#include "progress_line.hpp"

#include "store/db_copy.hpp"

#include <nlohmann/json.hpp>

namespace simdesk::cli {
namespace {

constexpr size_t kConflictsShown = 5;

nlohmann::json reportJson(const store::CopyReport& report) {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& t : report.tables)
        tables.push_back({{"table", t.name}, {"source", t.sourceCount}, {"copied", t.copied}, {"present", t.present},
                          {"target", t.targetMatched}, {"source_hash", t.sourceHash}, {"target_hash", t.targetHash},
                          {"matches", t.matches()}});
    nlohmann::json conflicts = nlohmann::json::array();
    for (const auto& c : report.conflicts) conflicts.push_back({{"table", c.table}, {"key", c.key}});
    return {{"copied", report.copied()}, {"conflicts", conflicts}, {"checked", report.conflicts.empty() && report.checked()},
            {"tables", tables}};
}

/// "12 sessions, 3 people": what the source holds, for the line a second run prints.
std::string holdings(const store::CopyReport& report) {
    std::string out;
    for (const auto& t : report.tables) {
        if (t.sourceCount == 0) continue;
        if (!out.empty()) out += ", ";
        out += std::to_string(t.sourceCount) + " " + t.name;
    }
    return out.empty() ? "no records" : out;
}

void printConflicts(const store::CopyReport& report, std::ostream& out) {
    out << "refused: the target holds " << report.conflicts.size()
        << " record(s) with the same key but different content; nothing was written:\n";
    for (size_t i = 0; i < report.conflicts.size() && i < kConflictsShown; ++i)
        out << "  " << report.conflicts[i].table << ": " << report.conflicts[i].key << "\n";
    if (report.conflicts.size() > kConflictsShown) out << "  … and " << report.conflicts.size() - kConflictsShown << " more\n";
}

void printText(const store::CopyReport& report, std::ostream& out) {
    if (!report.conflicts.empty()) return printConflicts(report, out);
    if (report.copied() == 0)
        out << "nothing to copy: " << holdings(report) << " already present\n";
    else
        out << "copied " << report.copied() << " record(s)\n";
    for (const auto& t : report.tables) {
        if (t.sourceCount == 0) continue;  // the JSON lists every table; the text only those with records
        out << "  " << t.name << ": " << t.sourceCount << " in source, " << t.copied << " copied, " << t.present
            << " already present; target " << t.targetMatched << ", " << t.targetHash
            << (t.matches() ? " ok" : " MISMATCH (source " + t.sourceHash + ")") << "\n";
    }
}

} // namespace

int dbCopy(const GlobalOptions& global, const DbCopyOptions& options, Io io) {
    if (options.from == options.to) return storeError(io, "db copy", fail("FROM and TO are the same database"));
    GlobalOptions from = global, to = global;
    from.dbPath = options.from, to.dbPath = options.to;
    auto source = openExistingStore(from, io);
    if (!source) return storeError(io, "db copy", source.error());
    auto target = openStore(to, io);
    if (!target) return storeError(io, "db copy", target.error());
    // Count, rate and time left of the records written, on a terminal (or with --progress).
    ProgressLine line(io.err, "simdesk db copy", "records", options.progress || options.stderrIsTerminal);
    auto report = store::copyRecords(**source, **target, wallClock(), [&line](size_t done, size_t total) { line.update(done, total); });
    if (!report) return storeError(io, "db copy", report.error());
    if (options.json)
        io.out << reportJson(*report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else
        printText(*report, io.out);
    bool ok = report->conflicts.empty() && report->checked();
    return ok ? kExitOk : kExitFailure;
}

} // namespace simdesk::cli
