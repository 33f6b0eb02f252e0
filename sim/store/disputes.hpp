// Disputes: a trainee contests one criterion's score on their own session, within the team's
// window; a reviewer or lead (never the trainee) upholds it or overturns it. An overturn is a
// re-rating, so it changes the official score (store/rerating.hpp). The store keeps the history
// append-only; the rules about who and when live here, the same for every backend and front end.
#pragma once

#include "store.hpp"

#include "core/library.hpp"

namespace simdesk::store {

/// Opens a dispute. Refused unless `trainee` played the session, it is finished and scored, the
/// rubric it was scored on has the criterion, and the window (days after the session ended) is
/// still open; or while the same criterion's dispute is open.
Result<int64_t> fileDispute(TrainingStore& store, const Person& trainee, int64_t sessionId, const std::string& criterionId,
                            const std::string& reason, int64_t now);

/// Resolves a dispute: "upheld" keeps the score; "overturned" re-rates the criterion to `level`
/// and stores the new official score with it, in one transaction. Refused for a trainee, for the
/// person who opened it, and for a dispute already resolved. Returns the official card after an
/// overturn.
Result<std::optional<ScoreCard>> settleDispute(const ContentLibrary& library, TrainingStore& store, const Person& resolver,
                                               int64_t disputeId, const std::string& outcome, std::optional<int> level,
                                               const std::string& reason, int64_t now);

/// "2026-12-17": the last day a session that ended at `endedAt` can be disputed in a window of `days`.
std::string disputeDeadline(int64_t endedAt, int days);

} // namespace simdesk::store
