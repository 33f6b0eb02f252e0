// What every TrainingStore backend does the same way, whatever its SQL: masking a reply before
// it is stored, the stored form of a turn's masked kinds and of a score card, the checks on free
// text, and the SELECT column lists both dialects read alike. Internal to sim/store.
#pragma once

#include "store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace simdesk::store {

/// The entry as it is stored: a trainee's typed reply has its secrets masked when `mask` is on,
/// each kind of secret found listed once in `redacted`.
TranscriptEntry maskedForStorage(const TranscriptEntry& entry, bool mask);

/// A draft's text as it is stored: masked like a trainee's typed reply when `mask` is on.
std::string maskedDraftText(const std::string& text, bool mask);

/// A turn's masked kinds as one column ("card_number,ssn"), and back.
std::string joinRedacted(const std::vector<std::string>& kinds);
std::vector<std::string> splitRedacted(const std::string& column);

/// The kind a stored turn names (a name this simdesk does not know reads as a customer message).
EntryKind entryKindFromName(const std::string& name);
SessionStatus sessionStatusFromName(const std::string& name);

/// Critical errors plus failed typed replies: what fails an attempt whatever its score.
int64_t criticalCountOf(const ScoreCard& card);

/// Nothing but spaces, tabs and newlines: a reason or a note that says nothing.
bool isBlank(const std::string& text);

/// What a read of calibration session `id` says when there is none (both backends).
std::string noCalibrationSession(int64_t id);

/// Why a calibration session cannot be created as given (no name, no conversation, the same
/// conversation or grader twice, fewer than two graders), or nothing.
std::optional<std::string> calibrationSessionProblem(const CalibrationSession& session, const std::vector<int64_t>& conversations);
/// Why a grade at `at` is refused in a round of calibration session `sessionId`: the grader is not
/// invited, or the deadline has passed; nothing when it is taken.
std::optional<std::string> sessionGradeProblem(int64_t sessionId, bool invited, int64_t deadline, int64_t at);

/// Why `graderId` may not yet read the other grades of a blind round, or nothing when they may (the
/// round's session lets graders see peers once they have graded it, and they have). One rule for
/// both backends; each then reads the grades its own way.
Status peerGradesAllowed(TrainingStore& store, const CalibrationRound& round, int64_t graderId);

} // namespace simdesk::store

// SELECT column lists both backends use unchanged (macros, so each query stays one string
// literal: SqliteStore's statement cache is keyed by the literal's address). They hold no
// parameters, whose spelling differs (? in SQLite, $1 in PostgreSQL).
#define SIMDESK_SESSION_COLUMNS                                                                              \
    "SELECT s.id, s.person_id, p.name, s.scenario_id, s.scenario_version, s.scenario_hash, s.rubric_id, "    \
    "s.rubric_hash, s.mode, s.started_at, s.ended_at, coalesce(s.ending_id, ''), s.status, "                 \
    "r.final_percent, "                                                                                      \
    "r.passed, coalesce(r.rubric_hash, ''), r.critical_count, r.automatic_percent "                          \
    "FROM sessions s JOIN people p ON p.id = s.person_id "                                                   \
    "LEFT JOIN scoring_runs r ON r.id = (SELECT max(id) FROM scoring_runs WHERE session_id = s.id) "
#define SIMDESK_TURN_COLUMNS "kind, node_id, choice_id, text, seconds, at, mood_after, handoff_to, redacted"
/// A whole-history pass (forEachTranscript), one batch at a time: the sessions after id AFTER, at
/// most LIMIT of them, in SIMDESK_SESSION_COLUMNS's order with only what a rescore needs (no
/// person's name, no latest figures, the latest score's rubric hash); then the turns of the
/// sessions with ids in (AFTER, LAST], in session and turn order. The placeholders are each
/// backend's ("?" for SQLite, "$1" for PostgreSQL).
#define SIMDESK_SESSION_BATCH(AFTER, LIMIT)                                                                              \
    "SELECT s.id, s.person_id, '', s.scenario_id, s.scenario_version, s.scenario_hash, s.rubric_id, s.rubric_hash, "      \
    "s.mode, s.started_at, s.ended_at, coalesce(s.ending_id, ''), s.status, NULL, NULL, "                              \
    "coalesce((SELECT r.rubric_hash FROM scoring_runs r WHERE r.session_id = s.id ORDER BY r.id DESC LIMIT 1), ''), "  \
    "NULL, NULL FROM sessions s WHERE s.id > " AFTER " ORDER BY s.id LIMIT " LIMIT
#define SIMDESK_BATCH_TURNS(AFTER, LAST)                                                                   \
    "SELECT session_id, " SIMDESK_TURN_COLUMNS " FROM turns WHERE session_id > " AFTER " AND session_id <= " LAST \
    " ORDER BY session_id, seq"
/// Sessions per batch of a pass: enough that the two queries' cost is spread thin, few enough to
/// hold in memory.
inline constexpr int64_t kSessionsPerPassBatch = 1024;
#define SIMDESK_ROUND_COLUMNS                                                                    \
    "SELECT r.id, r.session_id, r.created_by, r.title, r.created_at, r.revealed_at, p.name, "  \
    "r.calibration_session_id "                                                                \
    "FROM calibration_rounds r JOIN people p ON p.id = r.created_by "
#define SIMDESK_CAL_SESSION_COLUMNS                                                                       \
    "SELECT c.id, c.created_by, c.name, c.sampling, c.created_at, c.deadline, c.peers_after_submit, "         \
    "c.revealed_at, c.benchmark_by, p.name, coalesce(b.name, '') "                                          \
    "FROM calibration_sessions c JOIN people p ON p.id = c.created_by LEFT JOIN people b ON b.id = c.benchmark_by "
#define SIMDESK_GRADE_COLUMNS                                                                    \
    "SELECT g.round_id, g.grader_id, p.name, g.criterion_id, g.note, g.level, g.created_at "    \
    "FROM calibration_grades g JOIN people p ON p.id = g.grader_id "
#define SIMDESK_SCORING_RUN_COLUMNS                                                              \
    "SELECT id, session_id, rubric_id, rubric_version, rubric_hash, reason, scored_at, "        \
    "computed_percent, final_percent, passed, card_json, critical_count, automatic_percent FROM scoring_runs "
#define SIMDESK_PERSON_COLUMNS "SELECT id, name, role, start_date, archived_at IS NOT NULL, team FROM people "
