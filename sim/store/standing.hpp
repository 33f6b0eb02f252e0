// Where a person stands on the certification tracks, from their recorded sessions: what My tracks
// shows a trainee and what the team view and `simdesk progress` show a lead. One computation, so
// the trainee and their lead never see different deadlines.
#pragma once

#include "store.hpp"

#include "core/library.hpp"
#include "core/track.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace simdesk::store {

struct TrackStanding {
    TrackPtr track;
    TrackProgress progress;
    std::string dueDate;          ///< YYYY-MM-DD, the last day to finish; empty without a deadline
    std::optional<int> daysLeft;  ///< whole days; 0 on the last day, negative once overdue
    std::string certifiedOn, expiresOn;
    bool assigned = true;  ///< false: the person has no tracks assigned and browses them all, without deadlines
};

/// Session id → what fails an attempt whatever its score, in its latest score: critical errors and
/// typed replies that failed (no substance, a missed must-have point).
using CriticalCounts = std::vector<std::pair<int64_t, int>>;

/// The critical-error count of each finished, scored session's latest scoring run, from the
/// sessions' summary column (SessionInfo::latestCriticalCount): no stored card is read or parsed.
CriticalCounts criticalCounts(const std::vector<SessionInfo>& sessions);
/// The same; `store` is no longer read (kept so callers written before the summary column build).
CriticalCounts criticalCounts(TrainingStore& store, const std::vector<SessionInfo>& sessions);

/// The person's standing on each assigned track (every track when none is assigned), at `now`.
/// `sessions` are the person's own. A stored certificate that has not expired keeps its track
/// certified even when later re-scoring would no longer pass every level: an award is a record.
std::vector<TrackStanding> trackStandings(const ContentLibrary& library, const std::string& startDate,
                                          const std::vector<std::string>& assignedTracks,
                                          const std::vector<SessionInfo>& sessions, const CriticalCounts& critical,
                                          int64_t now, const std::vector<Certification>& awards = {},
                                          const std::map<std::string, std::string>& enrolledOn = {});

/// Everything trackStandings needs, read from the store for one person.
Result<std::vector<TrackStanding>> readStandings(const ContentLibrary& library, TrainingStore& store, const Person& person,
                                                 int64_t now);

/// Stores a certificate for each track the person has earned and not yet been awarded (for this
/// certification cycle), so it outlives re-scoring. Call after a session finishes. Returns the
/// titles of the tracks newly certified.
Result<std::vector<std::string>> awardEarnedCertificates(const ContentLibrary& library, TrainingStore& store,
                                                         const Person& person, int64_t now);

} // namespace simdesk::store
