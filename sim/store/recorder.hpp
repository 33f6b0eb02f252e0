// SessionRecorder: writes a play session to a TrainingStore as it happens — every entry the
// player produces is committed before the next action is taken, so a crash loses at most the turn
// being typed — and scores it when it ends.
#pragma once

#include "store.hpp"

#include "core/player.hpp"
#include "core/rubric.hpp"

namespace simdesk::store {

class SessionRecorder {
public:
    /// Starts a stored session (with snapshots of the scenario and rubric) and records what the
    /// player has produced so far (the customer's opening messages).
    static Result<SessionRecorder> begin(TrainingStore& store, int64_t personId, const PlaySession& play,
                                         const Rubric& rubric, const std::string& mode, int64_t now);
    /// Continues a stored session whose first `alreadyStored` entries are in the store.
    static SessionRecorder resume(TrainingStore& store, int64_t sessionId, size_t alreadyStored);

    /// Records every entry of the play's transcript not yet stored; finishes and scores the
    /// session when the conversation has ended.
    Status sync(const PlaySession& play, const Rubric& rubric, int64_t now);

    int64_t sessionId() const { return sessionId_; }

private:
    SessionRecorder(TrainingStore& store, int64_t sessionId, size_t stored)
        : store_(&store), sessionId_(sessionId), stored_(stored) {}

    TrainingStore* store_;
    int64_t sessionId_;
    size_t stored_;
};

/// Scores a finished or interrupted session's stored transcript and adds the result as a new scoring run.
Result<ScoreCard> scoreAndStore(TrainingStore& store, int64_t sessionId, const Scenario& scenario,
                                const Rubric& rubric, const Transcript& transcript, const std::string& reason,
                                int64_t now);

} // namespace simdesk::store
