// SessionRecorder: writes a play session to a TrainingStore as it happens — each trainee action is
// committed with every entry it produced, in one transaction, before the next action is taken, so
// a crash or a failed write loses at most the action in flight and never leaves half of one — and
// scores it when it ends.
#pragma once

#include "store.hpp"

#include "core/official_score.hpp"
#include "core/player.hpp"
#include "core/rubric.hpp"

namespace simdesk::store {

class SessionRecorder {
public:
    /// Starts a stored session (with snapshots of the scenario and rubric) and records what the
    /// player has produced so far (the customer's opening messages), all in one transaction.
    static Result<SessionRecorder> begin(TrainingStore& store, int64_t personId, const PlaySession& play,
                                         const Rubric& rubric, const std::string& mode, int64_t now);
    /// Continues a stored session whose first `alreadyStored` entries are in the store.
    static SessionRecorder resume(TrainingStore& store, int64_t sessionId, size_t alreadyStored);
    /// Continues a stored session rebuilt by PlaySession::replayCompleteActions. When its last
    /// action was cut short, the entries that action left are replaced by the next action played,
    /// in the same transaction.
    static SessionRecorder resume(TrainingStore& store, int64_t sessionId, const ReplayedSession& replayed);

    /// Records every entry of the play's transcript not yet stored, in one transaction; finishes
    /// and scores the session in that transaction too when the conversation has ended. On failure
    /// nothing of it is stored, and a later sync tries again.
    Status sync(const PlaySession& play, const Rubric& rubric, int64_t now);

    int64_t sessionId() const { return sessionId_; }
    /// How many entries of the play's transcript are in the store.
    size_t storedEntries() const { return stored_; }

private:
    SessionRecorder(TrainingStore& store, int64_t sessionId, size_t stored, bool replaceTail)
        : store_(&store), sessionId_(sessionId), stored_(stored), replaceTail_(replaceTail) {}
    Status storeNewEntries(const PlaySession& play, const Rubric& rubric, int64_t now);

    TrainingStore* store_;
    int64_t sessionId_;
    size_t stored_;
    bool replaceTail_;  ///< the store holds entries after stored_ that belong to no complete action
};

/// "the last action was not fully saved; continuing from turn N", for a resumed session whose last
/// action was cut short; empty otherwise.
std::string cutShortNotice(const ReplayedSession& replayed);

/// Trainee turns among the first `entries` entries of a transcript.
size_t traineeTurnsIn(const Transcript& transcript, size_t entries);

/// Reviews as the re-ratings they are (official_score.hpp).
std::vector<Rerating> reratingsOf(const std::vector<Review>& reviews);

/// The official score of a stored transcript: scored automatically, then the reviews' re-ratings
/// applied (the automatic score kept in the card). Pure: safe on any thread.
Result<ScoreCard> officialScoreOf(const Scenario& scenario, const Rubric& rubric, const Transcript& transcript,
                                  const std::vector<Review>& reviews);

/// Scores a finished or interrupted session's stored transcript, applies the session's re-ratings
/// (the official score, the automatic one kept in the card) and adds it as a new scoring run.
Result<ScoreCard> scoreAndStore(TrainingStore& store, int64_t sessionId, const Scenario& scenario,
                                const Rubric& rubric, const Transcript& transcript, const std::string& reason,
                                int64_t now);
/// The same with the session's reviews already read (a rescore reads every review in one query).
Result<ScoreCard> scoreAndStore(TrainingStore& store, int64_t sessionId, const Scenario& scenario,
                                const Rubric& rubric, const Transcript& transcript, const std::vector<Review>& reviews,
                                const std::string& reason, int64_t now);

} // namespace simdesk::store
