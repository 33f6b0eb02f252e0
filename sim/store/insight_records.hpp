// The core's plain records for the figures and exports (insights::PlayRecord, …), read from a
// TrainingStore through its interface only, so the terminal reports, the exports and the app's
// dashboards read any store implementation the same way and never compute a figure twice.
#pragma once

#include "store.hpp"

#include "core/exports.hpp"
#include "core/insights.hpp"
#include "core/library.hpp"

#include <map>
#include <string>
#include <vector>

namespace simdesk::store {

/// How much of each session to read: transcripts only for the choice analytics.
struct ReadParts {
    bool choices = false;
};

/// Every session that passes `filter`, with its latest score, reviewers' levels and (when asked)
/// the choices made. The rubric in `library` supplies titles, anchors and the critical flags.
Result<std::vector<insights::PlayRecord>> readPlays(TrainingStore& store, const ContentLibrary& library,
                                                    const insights::Filter& filter, ReadParts parts = {});

/// The dashboards' figures over the sessions `filter` keeps, from the sums the store computes in
/// SQL (TrainingStore::insightSums): the same figures as insights:: over readPlays, without reading
/// every session's card and transcript. Choices are tallies per scenario id; the content names
/// them (insights::scenarioChoices).
struct InsightFigures {
    int plays = 0;
    insights::Trends trends;
    std::vector<insights::CriterionStrength> criteria;       ///< weakest first
    std::map<std::string, insights::ChoiceTally> choices;    ///< scenario id → what its trainees picked
};
Result<InsightFigures> readInsightFigures(TrainingStore& store, const ContentLibrary& library, const insights::Filter& filter,
                                          InsightParts parts = {});

/// The certificates awarded to trainees (one or every one), for xAPI `completed` statements.
Result<std::vector<exports::CertificationRecord>> readCertifications(TrainingStore& store, const ContentLibrary& library,
                                                                     const std::string& trainee, const std::string& team = {});

/// Each active trainee's standing on each assigned track at `now` (one trainee or track when named).
Result<std::vector<insights::TrackStandingRecord>> readTrackStandings(TrainingStore& store, const ContentLibrary& library,
                                                                      const std::string& trainee, const std::string& track,
                                                                      int64_t now, const std::string& team = {});

} // namespace simdesk::store
