// The content a stored session was played on, for showing and re-scoring it after the files have
// changed: the library's copy when its file is unchanged, else the copy stored with the session.
#pragma once

#include "store.hpp"

#include "core/calibration.hpp"
#include "core/calibration_sampling.hpp"
#include "core/library.hpp"

#include <map>

namespace simdesk::store {

/// The scenario exactly as `info` was played. Lexicon rules of a stored copy resolve against the
/// library's lexicons (lexicons are shared word lists, not part of the scenario file). Without
/// `schemas`, the schemas are compiled only when a stored copy has to be parsed.
Result<ScenarioPtr> scenarioAsPlayed(const ContentLibrary& library, TrainingStore& store, const SessionInfo& info,
                                     const SchemaChecker* schemas = nullptr);

/// The rubric with this id and content hash: the library's when its file is unchanged, else the
/// copy stored with the sessions scored on it.
Result<RubricPtr> rubricAsScored(const ContentLibrary& library, TrainingStore& store, const std::string& rubricId,
                                 const std::string& rubricHash, const SchemaChecker* schemas = nullptr);

/// What a finished session is judged against when people grade it again (calibration): the rubric
/// its latest score used, and that score's level on each applicable criterion.
struct LatestScore {
    SessionInfo session;
    RubricPtr rubric;
    std::map<std::string, int> automaticLevels;  ///< criterion id → level; N/A criteria left out
};

/// Fails with a sentence when the session is not finished and scored.
Result<LatestScore> latestScore(const ContentLibrary& library, TrainingStore& store, int64_t sessionId,
                                const SchemaChecker* schemas = nullptr);

/// The agreement report of a revealed calibration round, against its session's latest score.
/// Fails while the round is blind.
Result<CalibrationReport> calibrationReport(const ContentLibrary& library, TrainingStore& store,
                                            const CalibrationRound& round, const SchemaChecker* schemas = nullptr);
/// The same, against a latest score the caller has already read for the round's session.
Result<CalibrationReport> calibrationReport(const LatestScore& basis, TrainingStore& store, const CalibrationRound& round);

/// The reports of every revealed round, in the store's order: the batch that per-criterion
/// reliability is computed over until rounds span several conversations.
Result<std::vector<CalibrationReport>> revealedCalibrationReports(const ContentLibrary& library, TrainingStore& store,
                                                                 const SchemaChecker* schemas = nullptr);

/// Every finished, scored conversation as a calibration sample candidate, with its scenario's
/// track (the first track that lists it) and its official score, for sampleConversations.
Result<std::vector<SampleCandidate>> calibrationSamplePool(const ContentLibrary& library, TrainingStore& store);

/// Every reviewer's trend over all revealed rounds, and how many rounds that is.
Result<std::pair<std::vector<ReviewerTrend>, int>> reviewerTrendsFromStore(const ContentLibrary& library,
                                                                            TrainingStore& store,
                                                                            const SchemaChecker* schemas = nullptr);

} // namespace simdesk::store
