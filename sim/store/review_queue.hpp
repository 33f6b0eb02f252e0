// The "Needs review" queue: typed turns whose automatic judgement a person should confirm, because
// the scorer was not sure (confidence below kReviewConfidence) or because the turn raised a critical
// error. Built from each finished session's latest score and the decisions already recorded.
#pragma once

#include "store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace simdesk::store {

struct QueuedTurn {
    int64_t sessionId = 0;
    std::string trainee, scenarioId, mode;
    int64_t endedAt = 0;
    int turn = 0;
    std::string nodeId;
    double confidence = 1;
    std::vector<std::string> reasons;  ///< doubts and critical errors, as the score states them
    std::string reply;                 ///< what the trainee typed (as stored: secrets masked)
    std::optional<TurnReview> decision;
};

/// Turns waiting for a decision, oldest session first; with `decidedToo`, decided ones as well.
Result<std::vector<QueuedTurn>> reviewQueue(TrainingStore& store, bool decidedToo = false);

/// Records a reviewer's decision on a queued turn. Refused when the turn is not a typed turn of the
/// session's latest score that needs review, or was decided already.
Result<int64_t> decideTurn(TrainingStore& store, int64_t sessionId, int turn, const std::string& decision,
                           const std::string& reason, int64_t reviewerId, int64_t at);

} // namespace simdesk::store
