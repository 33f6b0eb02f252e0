// Fills the core's plain records (insights::PlayRecord, …) from a TrainingStore, through the
// interface only, so the reports and exports read any store implementation the same way.
#pragma once

#include "cli.hpp"
#include "core/exports.hpp"
#include "core/insights.hpp"
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

/// How much of each session to read: transcripts only for the choice analytics.
struct ReadParts {
    bool choices = false;
};

/// Every session that passes `filter`, with its latest score, reviewers' levels and (when asked)
/// the choices made. The rubric in `library` supplies titles, anchors and the critical flags.
Result<std::vector<insights::PlayRecord>> readPlays(store::TrainingStore& store, const ContentLibrary& library,
                                                    const insights::Filter& filter, ReadParts parts = {});

/// The certificates awarded to trainees (one or every one), for xAPI `completed` statements.
Result<std::vector<exports::CertificationRecord>> readCertifications(store::TrainingStore& store,
                                                                     const ContentLibrary& library,
                                                                     const std::string& trainee);

/// Each trainee's standing on each assigned track at `now`.
Result<std::vector<insights::TrackStandingRecord>> readTrackStandings(store::TrainingStore& store,
                                                                      const ContentLibrary& library,
                                                                      const std::string& trainee, const std::string& track,
                                                                      int64_t now);

} // namespace simdesk::cli
