// Fills the core's plain records (insights::PlayRecord, …) from a TrainingStore, through the
// interface only, so the reports and exports read any store implementation the same way.
#pragma once

#include "cli.hpp"
#include "core/exports.hpp"
#include "core/insights.hpp"
#include "store/insight_records.hpp"
#include "store/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace simdesk::cli {

/// The query's dates and names checked and turned into a filter; an error is one sentence naming
/// the bad option. `library` resolves --track to its scenarios.
Result<insights::Filter> makeFilter(const RecordQuery& query, const ContentLibrary& library);

/// What every report and export opens first: the records, the content they were played on, and
/// the query checked into a filter. The schemas live on the heap so the library's reference to
/// them survives a move.
struct RecordsSource {
    std::unique_ptr<store::TrainingStore> store;
    std::unique_ptr<SchemaChecker> schemas;
    ContentLibrary library;
    insights::Filter filter;
};

/// Opens an existing store, checks that --trainee names a person, loads the content read-only and
/// makes the filter; an error is one sentence.
Result<RecordsSource> openRecords(const GlobalOptions& global, const RecordQuery& query, Io io);

// The readers live with the store so the app's dashboards share them.
using store::ReadParts;
using store::readCertifications;
using store::readPlays;
using store::readTrackStandings;

} // namespace simdesk::cli
