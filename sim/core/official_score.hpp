// The official score of a session: the automatic score with reviewers' re-ratings applied.
//
// A reviewer re-rates a criterion with a level and a reason; the latest re-rating of a criterion
// wins. The official card keeps the automatic level of each re-rated criterion and the automatic
// percent beside the official ones, so a debrief, a list or an export can say when they differ.
// Re-ratings change criteria, and through them the percent and the verdict:
//  * a criterion re-rated above its lowest level withdraws the critical errors the card
//    attributes to it (the reviewer judged there was no breach);
//  * a critical criterion re-rated to its lowest level is a critical error, as when the scorer
//    rates it so;
//  * critical errors attributed to no criterion (a typed secret, a critical choice the rubric
//    ties to none) and failed typed turns are not criteria: a re-rating leaves them alone (a
//    reviewer's decision on a typed turn is a turn review, not a re-rating).
#pragma once

#include "rubric.hpp"
#include "scoring.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace simdesk {

struct Rerating {
    std::string criterionId;
    int level = 0;
    std::string reviewer, reason;
    int64_t at = 0;  ///< when it was made: the latest per criterion wins (ties: the later in the list)
};

/// The official card. Re-ratings of criteria the rubric lacks, or outside its scale, are skipped
/// and named in the card's notes (a rubric changed since the review). Without re-ratings the card
/// comes back as it was.
ScoreCard applyReratings(const ScoreCard& automatic, const Rubric& rubric, const std::vector<Rerating>& reratings);

} // namespace simdesk
