// Exports of recorded plays for the learning stack: CSV (long format), JSON and xAPI statements.
// Pure: the records come in (insights::PlayRecord), text goes out to a stream; nothing here reads
// a database, a file or the clock. The columns and statement shapes are documented in
// docs/exports.md.
#pragma once

#include "insights.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace simdesk::exports {

/// One field as RFC 4180 wants it: quoted (with quotes doubled) when it holds a comma, a quote, CR
/// or LF, else as is.
std::string csvField(std::string_view text);
/// "2026-11-02T09:00:00Z".
std::string isoTimestamp(int64_t seconds);
/// ISO 8601 duration of whole seconds: "PT0S", "PT45S", "PT1H2M3S".
std::string isoDuration(int64_t seconds);

/// Called after every `step` records with (done, total), so a long export can show progress.
using Progress = std::function<void(size_t done, size_t total)>;

/// The CSV header and one row per play × criterion, CRLF line ends (docs/exports.md#csv).
/// A play with no score yet has one row with the criterion columns empty.
void writeCsv(std::ostream& out, const std::vector<insights::PlayRecord>& plays, const Progress& progress = {});

/// One object per play with its criteria nested (docs/exports.md#json).
nlohmann::json playToJson(const insights::PlayRecord& play);
/// {"format": "simdesk-export", "version": 1, "sessions": [...]}, written as it goes.
void writeJson(std::ostream& out, const std::vector<insights::PlayRecord>& plays, const Progress& progress = {});

/// A certificate, for the xAPI `completed` statement of a track.
struct CertificationRecord {
    std::string trainee, trackId, trackTitle;
    int64_t awardedAt = 0;
    std::string team{};  ///< the trainee's team (blank: none)
};

struct XapiOptions {
    std::string homePage = "https://simdesk.invalid";  ///< actors' account home page; activity IRIs hang off it
};

/// The ADL verb IRI for "attempted", "passed", "failed" or "completed".
std::string verbIri(std::string_view verb);
/// One statement per attempt: passed or failed when finished and scored, attempted otherwise.
nlohmann::json attemptStatement(const insights::PlayRecord& play, const XapiOptions& options);
/// A `completed` statement for a certified track.
nlohmann::json certificationStatement(const CertificationRecord& record, const XapiOptions& options);
/// A JSON array of every statement: attempts first (in the order given), then certifications.
void writeXapi(std::ostream& out, const std::vector<insights::PlayRecord>& plays,
               const std::vector<CertificationRecord>& certifications, const XapiOptions& options,
               const Progress& progress = {});

} // namespace simdesk::exports
