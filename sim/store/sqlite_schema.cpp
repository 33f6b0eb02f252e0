// The SQLite schema: version 1 as first released, and each migration since, in order. Opening
// (sqlite_store.cpp) runs the ones a file needs, after its backup, in one transaction.
#include "sqlite_schema.hpp"
#include "sqlite_store.hpp"

namespace simdesk::store {

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

const char* schemaVersion1Sql() {
    return R"SQL(
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (1);
CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('trainee', 'reviewer', 'lead')),
  start_date TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (unixepoch())
);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  scenario_id TEXT NOT NULL,
  scenario_version TEXT NOT NULL,
  scenario_hash TEXT NOT NULL,
  rubric_id TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam')),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  ending_id TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished', 'abandoned'))
);
CREATE TABLE turns (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  node_id TEXT NOT NULL,
  choice_id TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  seconds REAL NOT NULL DEFAULT 0,
  at INTEGER NOT NULL,
  mood_after INTEGER NOT NULL,
  handoff_to TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL,
  UNIQUE (session_id, seq)
);
CREATE TABLE scoring_runs (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  rubric_id TEXT NOT NULL,
  rubric_version TEXT NOT NULL,
  reason TEXT NOT NULL,
  scored_at INTEGER NOT NULL,
  computed_percent REAL NOT NULL,
  final_percent REAL NOT NULL,
  passed INTEGER NOT NULL,
  card_json TEXT NOT NULL
);
CREATE INDEX sessions_by_person ON sessions(person_id);
)SQL";
}

namespace {

/// Version 1 → 2: content snapshots, masking, reviews, coaching, calibration, certification.
constexpr const char* kMigrateTo2 = R"SQL(
ALTER TABLE sessions ADD COLUMN rubric_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE turns ADD COLUMN redacted TEXT NOT NULL DEFAULT '';
ALTER TABLE scoring_runs ADD COLUMN rubric_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX scoring_runs_by_session ON scoring_runs(session_id);
CREATE TABLE person_tracks (
  person_id INTEGER NOT NULL REFERENCES people(id),
  track_id TEXT NOT NULL,
  PRIMARY KEY (person_id, track_id)
);
CREATE TABLE content_snapshots (
  hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('scenario', 'rubric')),
  content_id TEXT NOT NULL,
  version TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  criterion_id TEXT NOT NULL,
  level INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  author_id INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL
);
CREATE TABLE coaching_notes (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  author_id INTEGER NOT NULL REFERENCES people(id),
  text TEXT NOT NULL CHECK (length(trim(text)) > 0),
  created_at INTEGER NOT NULL
);
CREATE TABLE coaching_plans (
  id INTEGER PRIMARY KEY,
  trainee_id INTEGER NOT NULL REFERENCES people(id),
  session_id INTEGER REFERENCES sessions(id),
  author_id INTEGER NOT NULL REFERENCES people(id),
  plan TEXT NOT NULL CHECK (length(trim(plan)) > 0),
  created_at INTEGER NOT NULL,
  acknowledged_at INTEGER
);
CREATE TABLE calibration_rounds (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  title TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  revealed_at INTEGER
);
CREATE TABLE calibration_grades (
  round_id INTEGER NOT NULL REFERENCES calibration_rounds(id),
  grader_id INTEGER NOT NULL REFERENCES people(id),
  criterion_id TEXT NOT NULL,
  level INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, grader_id, criterion_id)
);
CREATE TABLE certification_attempts (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  track_id TEXT NOT NULL,
  level_id TEXT NOT NULL,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  passed INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE certifications (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  track_id TEXT NOT NULL,
  awarded_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO settings (key, value) VALUES ('mask_secrets', 'on');
-- Scores and reviews are history: a correction is a new row, never an edit.
CREATE TRIGGER scoring_runs_append_only_u BEFORE UPDATE ON scoring_runs BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
CREATE TRIGGER scoring_runs_append_only_d BEFORE DELETE ON scoring_runs BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
CREATE TRIGGER reviews_append_only_u BEFORE UPDATE ON reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER reviews_append_only_d BEFORE DELETE ON reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER turns_append_only_u BEFORE UPDATE ON turns BEGIN SELECT RAISE(ABORT, 'turns are append-only'); END;
UPDATE schema_version SET version = 2;
)SQL";

/// Migration i takes a version-i database to version i+1.
/// Version 2 → 3: when a person was enrolled on each track, so a refresher's deadline counts from
/// enrolment rather than from a hire date years before. Rows from before have no date ('').
constexpr const char* kMigrateTo3 = R"SQL(
ALTER TABLE person_tracks ADD COLUMN enrolled_on TEXT NOT NULL DEFAULT '';
UPDATE schema_version SET version = 3;
)SQL";

/// Version 3 → 4: a reviewer's decision on an automatic typed-turn judgement the scorer was not
/// sure of, or that raised a critical error (the "Needs review" queue). One decision per turn;
/// like every review, never edited.
constexpr const char* kMigrateTo4 = R"SQL(
CREATE TABLE turn_reviews (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    turn INTEGER NOT NULL CHECK (turn > 0),
    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'overturned')),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    reviewer_id INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    UNIQUE (session_id, turn)
);
CREATE TRIGGER turn_reviews_append_only_u BEFORE UPDATE ON turn_reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER turn_reviews_append_only_d BEFORE DELETE ON turn_reviews BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
UPDATE schema_version SET version = 4;
)SQL";

/// Version 4 → 5: archiving a person (a leaver, a test profile) hides them from pickers and team
/// lists without deleting a record; NULL: not archived.
constexpr const char* kMigrateTo5 = R"SQL(
ALTER TABLE people ADD COLUMN archived_at INTEGER;
UPDATE schema_version SET version = 5;
)SQL";

/// Version 5 → 6: summary columns, so lists, standings and dashboards never parse a stored card
/// (the official percent and the verdict were already columns: final_percent, passed), and the
/// clean-close marker that lets opening skip the whole-file check (see sqlite_health.cpp).
/// critical_count is what fails an attempt whatever its score: critical errors plus failed typed
/// replies, counted here once from each stored card exactly as standings counted them before.
/// The append-only trigger is lifted for this one backfill and restored in the same transaction.
constexpr const char* kMigrateTo6 = R"SQL(
ALTER TABLE scoring_runs ADD COLUMN critical_count INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER scoring_runs_append_only_u;
UPDATE scoring_runs SET critical_count = CASE WHEN json_valid(card_json) THEN
    (CASE WHEN json_type(card_json, '$.critical_errors') = 'array'
          THEN json_array_length(card_json, '$.critical_errors') ELSE 0 END) +
    (CASE WHEN json_type(card_json, '$.typed_turns') = 'array'
          THEN (SELECT count(*) FROM json_each(card_json, '$.typed_turns') WHERE json_type(value, '$.passed') = 'false')
          ELSE 0 END)
  ELSE 0 END;
CREATE TRIGGER scoring_runs_append_only_u BEFORE UPDATE ON scoring_runs BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
CREATE TABLE open_handles (
    id INTEGER PRIMARY KEY,
    pid INTEGER NOT NULL,
    opened_at INTEGER NOT NULL
);
UPDATE schema_version SET version = 6;
)SQL";

/// Version 6 → 7: the automatic percent beside the official one, when reviewers' re-ratings made
/// them differ (official_score.hpp); NULL: the score is the automatic one. Runs stored before
/// re-ratings counted stay as they were, so no backfill.
constexpr const char* kMigrateTo7 = R"SQL(
ALTER TABLE scoring_runs ADD COLUMN automatic_percent REAL;
UPDATE schema_version SET version = 7;
)SQL";

/// Version 7 → 8: trainees dispute a criterion's score; a reviewer or lead resolves each dispute
/// once. Both tables are append-only, like scores and reviews: the history of a dispute is a record.
constexpr const char* kMigrateTo8 = R"SQL(
CREATE TABLE disputes (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    trainee_id INTEGER NOT NULL REFERENCES people(id),
    criterion_id TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    opened_at INTEGER NOT NULL
);
CREATE INDEX disputes_by_session ON disputes(session_id);
CREATE TABLE dispute_resolutions (
    dispute_id INTEGER PRIMARY KEY REFERENCES disputes(id),
    resolver_id INTEGER NOT NULL REFERENCES people(id),
    outcome TEXT NOT NULL CHECK (outcome IN ('upheld', 'overturned')),
    level INTEGER CHECK ((outcome = 'overturned') = (level IS NOT NULL)),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    resolved_at INTEGER NOT NULL
);
CREATE TRIGGER disputes_append_only_u BEFORE UPDATE ON disputes BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
CREATE TRIGGER disputes_append_only_d BEFORE DELETE ON disputes BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
CREATE TRIGGER dispute_resolutions_append_only_u BEFORE UPDATE ON dispute_resolutions BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
CREATE TRIGGER dispute_resolutions_append_only_d BEFORE DELETE ON dispute_resolutions BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
UPDATE schema_version SET version = 8;
)SQL";

/// Version 8 → 9: calibration sessions, a batch of rounds (one per conversation) with invited
/// graders, a deadline and a benchmark grader. Existing rounds stay rounds of their own (no session).
constexpr const char* kMigrateTo9 = R"SQL(
CREATE TABLE calibration_sessions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    created_by INTEGER NOT NULL REFERENCES people(id),
    created_at INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    sampling TEXT NOT NULL DEFAULT '',
    peers_after_submit INTEGER NOT NULL DEFAULT 0,
    benchmark_by INTEGER REFERENCES people(id),
    revealed_at INTEGER
);
CREATE TABLE calibration_invitations (
    session_id INTEGER NOT NULL REFERENCES calibration_sessions(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (session_id, person_id)
);
ALTER TABLE calibration_rounds ADD COLUMN calibration_session_id INTEGER REFERENCES calibration_sessions(id);
CREATE INDEX calibration_rounds_by_session ON calibration_rounds(calibration_session_id);
UPDATE schema_version SET version = 9;
)SQL";

// ---- MIGRATION STEP: reply drafts (SQLite 9 → 10; PostgreSQL kPgSchema5) -------------------------
// Self-contained (it only adds), so it can be renumbered when branches merge.
/// Version 9 → 10: the trainee's unsent draft of a typed turn, one per active session, so a resumed
/// session puts it back in the reply box. Not a turn: nothing that reads turns reads it. The
/// triggers delete it as the turn is sent (a trainee entry is appended) and as the session ends.
constexpr const char* kMigrateTo10 = R"SQL(
CREATE TABLE turn_drafts (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
    turn INTEGER NOT NULL CHECK (turn > 0),
    node_id TEXT NOT NULL,
    text TEXT NOT NULL,
    saved_at INTEGER NOT NULL
);
CREATE TRIGGER turn_drafts_sent AFTER INSERT ON turns WHEN NEW.kind IN ('choice', 'reply')
BEGIN DELETE FROM turn_drafts WHERE session_id = NEW.session_id; END;
CREATE TRIGGER turn_drafts_ended AFTER UPDATE OF status ON sessions WHEN NEW.status <> 'active'
BEGIN DELETE FROM turn_drafts WHERE session_id = NEW.id; END;
UPDATE schema_version SET version = 10;
)SQL";
// ---- end of MIGRATION STEP: reply drafts ---------------------------------------------------------

/// Version 10 → 11: score cards stored in the compact c1 encoding (card_codec.hpp) instead of
/// JSON: a third of the size, and written without building a JSON tree. The SQL only moves the
/// version; recodeStoredCards (card_migration.cpp) rewrites every stored card in the same
/// transaction, after the backup.
constexpr const char* kMigrateTo11 = R"SQL(
UPDATE schema_version SET version = 11;
)SQL";

// ---- MIGRATION STEP: teams (SQLite 11 → 12; PostgreSQL kPgSchemaTeams) ---------------------------
/// A person's team, for the dashboards' and exports' team filter. Blank is no team, so every
/// existing person starts in none and nothing else changes.
constexpr const char* kSchemaTeams = R"SQL(
ALTER TABLE people ADD COLUMN team TEXT NOT NULL DEFAULT '';
UPDATE schema_version SET version = 12;
)SQL";
// ---- end of MIGRATION STEP: teams ----------------------------------------------------------------

// ---- MIGRATION STEP: dashboard sums (SQLite 12 → 13; PostgreSQL kPgSchemaRunSummaries) -----------
/// The dashboards sum in SQL (insight_sql.cpp) without reading a stored card: each run's pass mark
/// beside its percent, and one row per criterion of each run (its title, scale, level, whether it
/// applied and whether a reviewer's re-rating set it), append-only like the run. Indexes for the
/// date filter, for a criterion's latest review, and one that holds a run's summary columns (so
/// the sums never read a row's stored card). fillRunSummaries (card_migration.cpp) fills
/// both from every stored card in the same transaction, after the backup.
constexpr const char* kSchemaRunSummaries = R"SQL(
ALTER TABLE scoring_runs ADD COLUMN pass_mark REAL;
CREATE TABLE scoring_run_criteria (
    run_id INTEGER NOT NULL REFERENCES scoring_runs(id),
    seq INTEGER NOT NULL,
    criterion_id TEXT NOT NULL,
    title TEXT NOT NULL,
    levels INTEGER NOT NULL,
    applicable INTEGER NOT NULL,
    level INTEGER NOT NULL,
    rerated INTEGER NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE TRIGGER scoring_run_criteria_append_only_u BEFORE UPDATE ON scoring_run_criteria BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
CREATE TRIGGER scoring_run_criteria_append_only_d BEFORE DELETE ON scoring_run_criteria BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
CREATE INDEX reviews_by_session ON reviews(session_id, criterion_id);
CREATE INDEX sessions_by_start ON sessions(started_at);
CREATE INDEX scoring_runs_summary ON scoring_runs(session_id, final_percent, passed, pass_mark, rubric_id);
UPDATE schema_version SET version = 13;
)SQL";
// ---- end of MIGRATION STEP: dashboard sums -------------------------------------------------------

// ---- MIGRATION STEP: criteria rows by run (SQLite 13 → 14; PostgreSQL unchanged) -----------------
/// The criteria rows kept in one B-tree ordered by (run, criterion), WITHOUT ROWID: before, each
/// row went into the table and again into its primary-key index, and storing those rows was a third
/// of a whole-history rescore's writing. Same columns, same rows, same append-only triggers.
constexpr const char* kSchemaCriteriaByRun = R"SQL(
CREATE TABLE scoring_run_criteria_by_run (
    run_id INTEGER NOT NULL REFERENCES scoring_runs(id),
    seq INTEGER NOT NULL,
    criterion_id TEXT NOT NULL,
    title TEXT NOT NULL,
    levels INTEGER NOT NULL,
    applicable INTEGER NOT NULL,
    level INTEGER NOT NULL,
    rerated INTEGER NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
INSERT INTO scoring_run_criteria_by_run (run_id, seq, criterion_id, title, levels, applicable, level, rerated)
    SELECT run_id, seq, criterion_id, title, levels, applicable, level, rerated FROM scoring_run_criteria ORDER BY run_id, seq;
DROP TABLE scoring_run_criteria;
ALTER TABLE scoring_run_criteria_by_run RENAME TO scoring_run_criteria;
CREATE TRIGGER scoring_run_criteria_append_only_u BEFORE UPDATE ON scoring_run_criteria BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
CREATE TRIGGER scoring_run_criteria_append_only_d BEFORE DELETE ON scoring_run_criteria BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;
UPDATE schema_version SET version = 14;
)SQL";
// ---- end of MIGRATION STEP: criteria rows by run -------------------------------------------------

constexpr const char* kMigrations[] = {kMigrateTo2, kMigrateTo3, kMigrateTo4, kMigrateTo5, kMigrateTo6, kMigrateTo7, kMigrateTo8, kMigrateTo9, kMigrateTo10, kMigrateTo11, kSchemaTeams, kSchemaRunSummaries, kSchemaCriteriaByRun};
static_assert(sizeof kMigrations / sizeof kMigrations[0] == kSchemaVersion - 1, "one migration per schema version");

} // namespace

const char* sqliteMigration(int from) {
    return kMigrations[from - 1];
}

} // namespace simdesk::store
