// `simdesk export --format csv|json|xapi`: recorded plays for spreadsheets, programs and a learning
// record store (docs/exports.md). A file is written whole or not at all: the export goes to a
// temporary file beside the target and is renamed over it only once everything is written.
#include "cli.hpp"
#include "progress_line.hpp"
#include "records_source.hpp"

#include <fstream>
#include <ostream>
#include <sstream>
#include <unistd.h>

namespace simdesk::cli {

namespace fs = std::filesystem;

namespace {

/// Exports above this many sessions show progress (when stderr is a terminal, or with --progress).
constexpr size_t kProgressAbove = 2000;

Status checkTarget(const fs::path& target) {
    std::error_code ec;
    if (target.filename().empty()) return Error{"--out " + target.string() + " names a folder, not a file"};
    if (fs::is_directory(target, ec)) return Error{"--out " + target.string() + " is a folder, not a file"};
    fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    if (!fs::is_directory(folder, ec)) return Error{"cannot write " + target.string() + ": no folder " + folder.string()};
    return Ok{};
}

/// Writes through `write` to a temporary file beside `target`, then renames it into place.
Status writeAtomically(const fs::path& target, const std::function<void(std::ostream&)>& write) {
    if (auto ok = checkTarget(target); !ok) return ok;
    fs::path temp = target;
    temp += ".partial-" + std::to_string(::getpid());
    {
        std::ofstream file(temp, std::ios::binary | std::ios::trunc);
        if (!file) return Error{"cannot write " + target.string() + ": the folder is not writable"};
        write(file);
        file.flush();
        if (!file) {
            file.close();
            std::error_code ec;
            fs::remove(temp, ec);
            return Error{"cannot write " + target.string() + ": writing failed (disk full?)"};
        }
    }
    std::error_code ec;
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        return Error{"cannot write " + target.string() + ": " + ec.message()};
    }
    return Ok{};
}

} // namespace

int exportRecords(const GlobalOptions& global, const ExportOptions& options, Io io) {
    const std::string command = "export";
    if (options.format == "xapi") {
        const std::string& home = options.homePage;
        if (home.rfind("http://", 0) != 0 && home.rfind("https://", 0) != 0)
            return storeError(io, command, Error{"--home-page expects an http:// or https:// address, got \"" + home + "\""});
    }
    bool toFile = !options.out.empty() && options.out != "-";
    if (toFile)
        if (auto ok = checkTarget(options.out); !ok) return storeError(io, command, ok.error());
    auto source = openRecords(global, options.query, io);
    if (!source) return storeError(io, command, source.error());
    auto& store = source->store;
    const ContentLibrary& library = source->library;
    const insights::Filter& filter = source->filter;
    auto plays = readPlays(*store, library, filter);
    if (!plays) return storeError(io, command, plays.error());
    std::vector<exports::CertificationRecord> certifications;
    if (options.format == "xapi") {
        auto read = readCertifications(*store, library, options.query.trainee, options.query.team);
        if (!read) return storeError(io, command, read.error());
        for (auto& c : *read) {
            // The same filters as the plays: a certificate is about a track, so --scenario leaves them out.
            bool inRange = (!filter.since || c.awardedAt >= *filter.since) && (!filter.until || c.awardedAt < *filter.until);
            bool sameTrack = options.query.track.empty() || c.trackId == options.query.track;
            if (inRange && sameTrack && options.query.scenario.empty()) certifications.push_back(std::move(c));
        }
    }

    bool showProgress = plays->size() > kProgressAbove && (options.progress || options.stderrIsTerminal);
    exports::Progress progress;
    ProgressLine line(io.err, "simdesk export", "sessions", showProgress);  // count, rate, time left
    if (showProgress) progress = [&line](size_t done, size_t total) { line.update(done, total); };
    auto write = [&](std::ostream& out) {
        if (options.format == "csv") exports::writeCsv(out, *plays, progress);
        else if (options.format == "json") exports::writeJson(out, *plays, progress);
        else exports::writeXapi(out, *plays, certifications, exports::XapiOptions{options.homePage}, progress);
    };
    if (!toFile) {
        write(io.out);
        return kExitOk;
    }
    if (auto ok = writeAtomically(options.out, write); !ok) return storeError(io, command, ok.error());
    io.err << "simdesk export: wrote " << plays->size() << " session" << (plays->size() == 1 ? "" : "s")
           << (certifications.empty() ? "" : " and " + std::to_string(certifications.size()) + " certification" +
                                                 (certifications.size() == 1 ? "" : "s"))
           << " to " << options.out << "\n";
    return kExitOk;
}

} // namespace simdesk::cli
