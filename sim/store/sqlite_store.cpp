// Section index: paths and opening (schema checks, backup, migration) · people · sessions and
// turns · scores and reviews · coaching · calibration · certification · settings.
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "private_files.hpp"
#include "card_codec.hpp"
#include "card_migration.hpp"
#include "store_rules.hpp"

#include "core/redaction.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>

namespace simdesk::store {

namespace fs = std::filesystem;
using nlohmann::json;

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
constexpr int kCompactCardsVersion = 11;

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
constexpr int kRunSummariesVersion = 13;
// ---- end of MIGRATION STEP: dashboard sums -------------------------------------------------------

constexpr const char* kMigrations[] = {kMigrateTo2, kMigrateTo3, kMigrateTo4, kMigrateTo5, kMigrateTo6, kMigrateTo7, kMigrateTo8, kMigrateTo9, kMigrateTo10, kMigrateTo11, kSchemaTeams, kSchemaRunSummaries};
static_assert(sizeof kMigrations / sizeof kMigrations[0] == kSchemaVersion - 1, "one migration per schema version");

std::string sqliteError(sqlite3* db) {
    return describeError(db);
}


/// Makes one write atomic, or joins the bulk transaction already open.
class WriteScope {
  public:
    WriteScope(sqlite3* db, int depth)
        : transaction_(depth == 0 ? std::make_optional<Transaction>(db) : std::nullopt) {}
    bool begun() const { return !transaction_ || transaction_->begun(); }
    Status commit() { return transaction_ ? transaction_->commit() : Status(Ok{}); }

  private:
    std::optional<Transaction> transaction_;
};

} // namespace

// ---------------------------------------------------------------------------------------------
// Paths and opening
// ---------------------------------------------------------------------------------------------

fs::path resolveDatabasePath(const std::string& flag) {
    if (!flag.empty())
        return flag;
    if (const char* env = std::getenv("SIMDESK_DB"); env && *env)
        return env;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return fs::path(xdg) / "simdesk" / "simdesk.db";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / ".local" / "share" / "simdesk" / "simdesk.db";
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const fs::path& path, OpenOptions options) {
    std::error_code ec;
    std::string shown = path.string();
    bool exists = fs::exists(path, ec);
    if (exists) {
        if (fs::is_directory(path, ec))
            return fail(shown + " is a folder; expected a simdesk database file");
        // Check the header ourselves: SQLite would happily treat some foreign files as empty databases.
        std::ifstream in(path, std::ios::binary);
        char header[16] = {};
        in.read(header, sizeof header);
        if (in.gcount() > 0 &&
            (in.gcount() < 16 || std::string_view(header, 16) != std::string_view("SQLite format 3\0", 16)))
            return fail(shown +
                        " is not a simdesk database (it is not an SQLite file); it was left untouched");
    } else {
        // The owner's alone (0600 in a 0700 folder), before SQLite creates it with the umask's mode;
        // its WAL and shared-memory files copy the database's mode.
        if (auto folder = createPrivateFolders(path.parent_path(), "for the database"); !folder)
            return folder.error();
        if (auto file = createPrivateFile(path); !file)
            return file.error();
    }
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE) | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(shown.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        std::string message = db ? sqliteError(db) : "out of memory";
        sqlite3_close(db);
        return fail("cannot open the database " + shown + ": " + message);
    }
    std::unique_ptr<SqliteStore> store(new SqliteStore(db, path));
    store->cache_ = std::make_unique<StatementCache>(db);
    if (auto status = store->initialise(options); !status) {
        // A refused file is left as it was: closing must not checkpoint a WAL another process left into it.
        sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        return status.error();
    }
    return store;
}

SqliteStore::SqliteStore(sqlite3* db, fs::path path) : db_(db), path_(std::move(path)) {}

SqliteStore::~SqliteStore() {
    markClosed();  // a clean close: the next open need not check the whole file
    sqlite3_close_v2(db_);
}

Status SqliteStore::initialise(OpenOptions options) {
    std::string shown = path_.string();
    // Another process may hold the write lock (it migrates, or writes a turn): wait rather than fail.
    sqlite3_busy_timeout(db_, 10000);

    // Read-only checks first: nothing is written until the file is known to be ours and sound.
    // (Scoped so their statements end their read transaction before the PRAGMAs below.)
    int version = 0;
    {
        Statement tables = cache_->prepare(
            "SELECT count(*), sum(name = 'schema_version') FROM sqlite_master WHERE type = 'table'");
        if (!tables.step())
            return fail(unreadable(shown, tables));
        int64_t tableCount = tables.integer(0);
        bool hasVersion = tables.integer(1) > 0;
        tables.reset();
        if (tableCount > 0 && !hasVersion)
            return fail(shown + " is an SQLite database but not a simdesk one; it was left untouched");
        if (hasVersion) {
            Statement read = cache_->prepare("SELECT version FROM schema_version");
            if (!read.step())
                return fail(read.failed() && !isDamage(read.code()) ? unreadable(shown, read)
                                                                     : shown + " has no schema version; it was left untouched");
            version = static_cast<int>(read.integer(0));
            if (version > kSchemaVersion)
                return fail(shown + " was written by a newer simdesk (schema version " +
                            std::to_string(version) + "; this simdesk knows up to " +
                            std::to_string(kSchemaVersion) +
                            "); it was left untouched — use a newer simdesk");
        }
    }

    // The whole-file check, only when it is due (see sqlite_health.cpp): still read-only, so a
    // damaged file is refused before anything is written.
    const bool migrating = version > 0 && version < kSchemaVersion;
    std::vector<int64_t> staleMarkers;
    if (version == kSchemaVersion) {
        auto stale = staleOpenMarkers();
        if (!stale)
            return stale.error();
        staleMarkers = std::move(*stale);
    }
    if (migrating || !staleMarkers.empty())
        if (auto s = quickCheck(migrating ? "a migration" : "an unclean shutdown"); !s)
            return s;

    if (migrating) {
        // Back up before migrating: a consistent copy through SQLite's backup API.
        fs::path backup = path_;
        backup += ".v" + std::to_string(version) + "-backup-" + std::to_string(options.now);
        sqlite3* copy = nullptr;
        if (!createPrivateFile(backup) || sqlite3_open(backup.string().c_str(), &copy) != SQLITE_OK) {
            sqlite3_close(copy);
            return fail("cannot write the backup " + backup.string() +
                        " before migrating; the database was left untouched");
        }
        sqlite3_backup* job = sqlite3_backup_init(copy, "main", db_, "main");
        int rc = job ? sqlite3_backup_step(job, -1) : SQLITE_ERROR;
        sqlite3_backup_finish(job);
        sqlite3_close(copy);
        if (rc != SQLITE_DONE)
            return fail("cannot write the backup " + backup.string() +
                        " before migrating; the database was left untouched");
        backup_ = backup;
    }

    // WAL lets the app read while a turn is written; FULL makes every committed turn survive a
    // power cut (NORMAL in WAL mode may lose the last commits), which the store promises.
    if (auto s = exec(db_, "PRAGMA journal_mode = WAL"); !s)
        return fail("cannot use " + shown + ": " + s.error().message);
    if (auto s = exec(db_, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"); !s)
        return fail("cannot use " + shown + ": " + s.error().message);
    // 32 MB of page cache instead of SQLite's 2 MB: the dashboards' sums read every session's
    // summary rows, and at 100 000 sessions a small cache sends most of those reads back to the
    // operating system each time the filter is applied.
    if (auto s = exec(db_, "PRAGMA cache_size = -32768"); !s)
        return fail("cannot use " + shown + ": " + s.error().message);

    if (version < kSchemaVersion) {
        Transaction tx(db_);
        if (!tx.begun())
            return fail("cannot write to " + shown + ": " + sqliteError(db_));
        // Re-read inside the write lock: another process may have created or migrated it meanwhile.
        Statement again = cache_->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'schema_version'");
        again.step();
        bool created = again.integer(0) > 0;
        again.reset();
        if (created) {
            Statement read = cache_->prepare("SELECT version FROM schema_version");
            read.step();
            version = static_cast<int>(read.integer(0));
        } else {
            if (auto s = exec(db_, schemaVersion1Sql()); !s)
                return fail("cannot create the database: " + s.error().message);
            version = 1;
        }
        for (int v = version; v < kSchemaVersion; ++v) {
            auto s = exec(db_, kMigrations[v - 1]);
            if (s && v + 1 == kCompactCardsVersion)
                s = recodeStoredCards(db_);
            if (s && v + 1 == kRunSummariesVersion)
                s = fillRunSummaries(db_);
            if (!s)
                return fail("cannot migrate " + shown + " to schema " + std::to_string(v + 1) + ": " +
                            s.error().message);
        }
        if (auto s = tx.commit(); !s)
            return fail("cannot write to " + shown + ": " + s.error().message);
        if (migrating)
            if (auto s = quickCheck("a migration", " after migrating it; the backup " + backup_->string() +
                                                       " holds the file as it was");
                !s)
                return s;
    }
    markOpen(staleMarkers, static_cast<int64_t>(std::time(nullptr)));

    Statement mask = cache_->prepare("SELECT value FROM settings WHERE key = 'mask_secrets'");
    if (mask.step())
        maskSecrets_ = mask.text(0) != "off";
    return Ok{};
}

Result<int64_t> SqliteStore::insertReturningId(const char* sql, const std::function<void(Statement&)>& bind) {
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + sqliteError(db_));
    Statement insert = cache_->prepare(sql);
    bind(insert);
    if (!insert.run())
        return fail(insert.error());
    int64_t id = sqlite3_last_insert_rowid(db_);
    if (auto s = scope.commit(); !s)
        return s.error();
    return id;
}

Status SqliteStore::inTransaction(const std::function<Status()>& work) {
    if (transactionDepth_ > 0)
        return work();  // joins the transaction already open: it commits or rolls back as one
    Transaction tx(db_);
    if (!tx.begun())
        return fail("cannot write: " + sqliteError(db_));
    ++transactionDepth_;
    Status result = work();
    --transactionDepth_;
    if (!result)
        return result;
    if (auto inPlace = checkFileInPlace(); !inPlace)
        return inPlace;
    return tx.commit();
}

Status SqliteStore::checkFileInPlace() {
    // SQLite keeps writing to a file deleted or truncated under it (the open handle still works),
    // so a commit would report success for writes no one will ever read.
    std::string shown = path_.string();
    int moved = 0;
    if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK && moved) {
        fileLost_ = true;
        return fail("the database " + shown + " was deleted or moved while simdesk was writing to it");
    }
    // Opening put the header in place (WAL mode is written to it), so a file without one was
    // truncated or overwritten since.
    std::ifstream in(path_, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    if (in.gcount() < 16 || std::string_view(header, 16) != std::string_view("SQLite format 3\0", 16)) {
        fileLost_ = true;
        return fail("the database " + shown + " was truncated or overwritten while simdesk was writing to it");
    }
    return Ok{};
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

// personNameProblem: store.cpp, shared by every backend.

Result<Person> SqliteStore::addPerson(const std::string& name, Role role, const std::string& startDate,
                                      const std::vector<std::string>& tracks) {
    if (auto problem = personNameProblem(name))
        return fail(*problem);
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + sqliteError(db_));
    Statement insert = cache_->prepare("INSERT INTO people (name, role, start_date) VALUES (?, ?, ?)");
    insert.bind(1, name).bind(2, roleName(role)).bind(3, startDate);
    if (!insert.run()) {
        if (insert.error().find("UNIQUE") != std::string::npos)
            return fail("there is already a person named \"" + name + "\"");
        return fail(insert.error());
    }
    Person person{sqlite3_last_insert_rowid(db_), name, role, startDate, tracks, {}};
    Statement track =
        cache_->prepare("INSERT OR IGNORE INTO person_tracks (person_id, track_id, enrolled_on) VALUES (?, ?, date('now'))");
    for (const auto& t : tracks) {
        track.reset();
        track.bind(1, person.id).bind(2, t);
        if (!track.run())
            return fail(track.error());
    }
    if (auto s = scope.commit(); !s)
        return s.error();
    return person;
}

namespace {
constexpr const char* kPersonByName = SIMDESK_PERSON_COLUMNS "WHERE name = ?";
constexpr const char* kAllPeople = SIMDESK_PERSON_COLUMNS "ORDER BY name";

Result<std::vector<Person>> selectPeople(StatementCache& cache, const std::optional<std::string>& name) {
    Statement select = cache.prepare(name ? kPersonByName : kAllPeople);
    if (name)
        select.bind(1, *name);
    std::vector<Person> out;
    while (select.step())
        out.push_back(Person{select.integer(0),
                             select.text(1),
                             parseRole(select.text(2)).value_or(Role::Trainee),
                             select.text(3),
                             {},
                             {},
                             select.integer(4) != 0,
                             select.text(5)});
    if (select.failed())
        return fail(select.error());
    Statement tracks =
        cache.prepare("SELECT track_id, enrolled_on FROM person_tracks WHERE person_id = ? ORDER BY track_id");
    for (auto& p : out) {
        tracks.reset();
        tracks.bind(1, p.id);
        while (tracks.step()) {
            p.tracks.push_back(tracks.text(0));
            if (!tracks.text(1).empty()) p.enrolledOn[tracks.text(0)] = tracks.text(1);
        }
    }
    return out;
}
} // namespace

Result<std::vector<Person>> SqliteStore::people() {
    return selectPeople(*cache_, std::nullopt);
}

Result<std::optional<Person>> SqliteStore::findPerson(const std::string& name) {
    auto found = selectPeople(*cache_, name);
    if (!found)
        return found.error();
    if (found->empty())
        return std::optional<Person>();
    return std::optional<Person>(found->front());
}

Status SqliteStore::renamePerson(int64_t personId, const std::string& newName) {
    if (auto problem = personNameProblem(newName))
        return fail(*problem);
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + sqliteError(db_));
    // Names are told apart without regard to (ASCII) case: "ana lima" and "Ana Lima" are one person to a reader.
    Statement taken = cache_->prepare("SELECT name FROM people WHERE lower(name) = lower(?) AND id <> ?");
    taken.bind(1, newName).bind(2, personId);
    if (taken.step())
        return fail("there is already a person named \"" + taken.text(0) + "\"");
    if (taken.failed())
        return fail(taken.error());
    Statement update = cache_->prepare("UPDATE people SET name = ? WHERE id = ?");
    update.bind(1, newName).bind(2, personId);
    if (!update.run()) {
        if (update.error().find("UNIQUE") != std::string::npos)
            return fail("there is already a person named \"" + newName + "\"");
        return fail(update.error());
    }
    if (sqlite3_changes(db_) == 0)
        return fail("no person with id " + std::to_string(personId));
    return scope.commit();
}

Status SqliteStore::setPersonArchived(int64_t personId, bool archived, int64_t at) {
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + sqliteError(db_));
    // Archiving twice keeps the first date.
    Statement update = cache_->prepare(
        "UPDATE people SET archived_at = CASE WHEN ?1 THEN coalesce(archived_at, ?2) ELSE NULL END WHERE id = ?3");
    update.bind(1, int64_t{archived}).bind(2, at).bind(3, personId);
    if (!update.run())
        return fail(update.error());
    Statement exists = cache_->prepare("SELECT count(*) FROM people WHERE id = ?");
    exists.bind(1, personId);
    exists.step();
    if (exists.integer(0) == 0)
        return fail("no person with id " + std::to_string(personId));
    return scope.commit();
}

Status SqliteStore::setPersonTeam(int64_t personId, const std::string& team) {
    if (auto problem = teamNameProblem(team))
        return fail(*problem);
    Statement update = cache_->prepare("UPDATE people SET team = ? WHERE id = ?");
    update.bind(1, trimmedTeam(team)).bind(2, personId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("no person with id " + std::to_string(personId));
    return Ok{};
}

// ---------------------------------------------------------------------------------------------
// Sessions and turns
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::startSession(const NewSession& s) {
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + sqliteError(db_));
    Statement snapshot =
        cache_->prepare("INSERT OR IGNORE INTO content_snapshots (hash, kind, content_id, version, body) "
                        "VALUES (?, ?, ?, ?, ?)");
    for (const ContentSnapshot* c : {&s.scenario, &s.rubric}) {
        snapshot.reset();
        snapshot.bind(1, c->hash).bind(2, c->kind).bind(3, c->id).bind(4, c->version).bind(5, c->text);
        if (!snapshot.run())
            return fail(snapshot.error());
    }
    Statement insert = cache_->prepare(
        "INSERT INTO sessions (person_id, scenario_id, scenario_version, scenario_hash, rubric_id, "
        "rubric_hash, mode, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, s.personId)
        .bind(2, s.scenario.id)
        .bind(3, s.scenario.version)
        .bind(4, s.scenario.hash)
        .bind(5, s.rubric.id)
        .bind(6, s.rubric.hash)
        .bind(7, s.mode)
        .bind(8, s.startedAt);
    if (!insert.run())
        return fail(insert.error());
    int64_t id = sqlite3_last_insert_rowid(db_);
    if (auto c = scope.commit(); !c)
        return c.error();
    return id;
}

Result<TranscriptEntry> SqliteStore::appendTurn(int64_t sessionId, const TranscriptEntry& entry,
                                                int64_t recordedAt) {
    TranscriptEntry stored = maskedForStorage(entry, maskSecrets_);
    std::string redactedList = joinRedacted(stored.redacted);
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + sqliteError(db_));
    Statement insert = cache_->prepare(
        "INSERT INTO turns (session_id, seq, kind, node_id, choice_id, text, seconds, at, mood_after, "
        "handoff_to, recorded_at, redacted) "
        "SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 "
        "FROM turns WHERE session_id = ?1");
    insert.bind(1, sessionId)
        .bind(2, entryKindName(stored.kind))
        .bind(3, stored.nodeId)
        .bind(4, stored.choiceId)
        .bind(5, stored.text)
        .bind(6, stored.seconds)
        .bind(7, stored.at)
        .bind(8, int64_t{stored.moodAfter})
        .bind(9, stored.handoffTo)
        .bind(10, recordedAt)
        .bind(11, redactedList);
    if (!insert.run())
        return fail("cannot record the turn: " + insert.error());
    if (auto c = scope.commit(); !c)
        return c.error();
    return stored;
}

Status SqliteStore::discardTurnsAfter(int64_t sessionId, size_t kept) {
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + sqliteError(db_));
    Statement remove = cache_->prepare("DELETE FROM turns WHERE session_id = ? AND seq > ?");
    remove.bind(1, sessionId).bind(2, static_cast<int64_t>(kept));
    if (!remove.run())
        return fail("cannot replace the incomplete last action: " + remove.error());
    return scope.commit();
}

Status SqliteStore::finishSession(int64_t sessionId, const std::string& endingId, int64_t endedAt) {
    WriteScope scope(db_, transactionDepth_);
    Statement update =
        cache_->prepare("UPDATE sessions SET status = 'finished', ending_id = ?, ended_at = ? WHERE id = ? "
                        "AND status = 'active'");
    update.bind(1, endingId).bind(2, endedAt).bind(3, sessionId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("session " + std::to_string(sessionId) + " is not an active session");
    return scope.commit();
}

Status SqliteStore::abandonSession(int64_t sessionId, int64_t at) {
    WriteScope scope(db_, transactionDepth_);
    Statement update = cache_->prepare(
        "UPDATE sessions SET status = 'abandoned', ended_at = ? WHERE id = ? AND status = 'active'");
    update.bind(1, at).bind(2, sessionId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("session " + std::to_string(sessionId) + " is not an active session");
    return scope.commit();
}

namespace {
// SIMDESK_SESSION_COLUMNS and the other column lists: store_rules.hpp, shared with PgStore.
constexpr const char* kAllSessions = SIMDESK_SESSION_COLUMNS "ORDER BY s.id";
constexpr const char* kTraineeSessions = SIMDESK_SESSION_COLUMNS "WHERE p.name = ? ORDER BY s.id";
constexpr const char* kOneSession = SIMDESK_SESSION_COLUMNS "WHERE s.id = ?";

SessionInfo readSession(const Statement& row) {
    SessionInfo s;
    s.id = row.integer(0);
    s.personId = row.integer(1);
    s.personName = row.text(2);
    s.scenarioId = row.text(3);
    s.scenarioVersion = row.text(4);
    s.scenarioHash = row.text(5);
    s.rubricId = row.text(6);
    s.rubricHash = row.text(7);
    s.mode = row.text(8);
    s.startedAt = row.integer(9);
    if (!row.isNull(10))
        s.endedAt = row.integer(10);
    s.endingId = row.text(11);
    s.status = sessionStatusFromName(row.text(12));
    if (!row.isNull(13)) {
        s.latestPercent = row.real(13);
        s.latestPassed = row.integer(14) != 0;
    }
    s.latestRubricHash = row.text(15);
    if (!row.isNull(16))
        s.latestCriticalCount = static_cast<int>(row.integer(16));
    if (!row.isNull(17))
        s.latestAutomaticPercent = row.real(17);
    return s;
}
} // namespace

Result<std::vector<SessionInfo>> SqliteStore::sessions(const std::optional<std::string>& traineeName) {
    Statement select = cache_->prepare(traineeName ? kTraineeSessions : kAllSessions);
    if (traineeName)
        select.bind(1, *traineeName);
    return collectRows(select, readSession);
}

Result<SessionInfo> SqliteStore::session(int64_t sessionId) {
    Statement select = cache_->prepare(kOneSession);
    select.bind(1, sessionId);
    if (!select.step()) {
        if (select.failed())
            return fail(select.error());
        return fail("no session " + std::to_string(sessionId));
    }
    return readSession(select);
}

namespace {
constexpr const char* kTurnColumns = SIMDESK_TURN_COLUMNS;

/// A turn row whose columns start at `first` (kTurnColumns, in order).
TranscriptEntry readEntry(const Statement& row, int first) {
    TranscriptEntry e;
    e.kind = entryKindFromName(row.text(first));
    e.nodeId = row.text(first + 1);
    e.choiceId = row.text(first + 2);
    e.text = row.text(first + 3);
    e.seconds = row.real(first + 4);
    e.at = row.integer(first + 5);
    e.moodAfter = static_cast<int>(row.integer(first + 6));
    e.handoffTo = row.text(first + 7);
    e.redacted = splitRedacted(row.text(first + 8));
    return e;
}

/// A transcript's header from its session; the entries are added by the caller.
Transcript transcriptOf(const SessionInfo& info) {
    Transcript t;
    t.scenarioId = info.scenarioId;
    t.scenarioVersion = info.scenarioVersion;
    t.scenarioHash = info.scenarioHash;
    t.rubricId = info.rubricId;
    t.startedAt = info.startedAt;
    if (!info.endingId.empty())
        t.endingId = info.endingId;
    return t;
}

const std::string kOneSessionTurns = std::string("SELECT ") + kTurnColumns + " FROM turns WHERE session_id = ? ORDER BY seq";
const std::string kEveryTurn = std::string("SELECT session_id, ") + kTurnColumns + " FROM turns ORDER BY session_id, seq";
} // namespace

Result<Transcript> SqliteStore::transcript(int64_t sessionId) {
    auto info = session(sessionId);
    if (!info)
        return info.error();
    Transcript t = transcriptOf(*info);
    Statement select = cache_->prepare(kOneSessionTurns.c_str());
    select.bind(1, sessionId);
    while (select.step())
        t.entries.push_back(readEntry(select, 0));
    if (select.failed())
        return fail(select.error());
    return t;
}

Status SqliteStore::forEachSession(const std::function<Status(const SessionInfo&, const Transcript&)>& visit) {
    // The session rows first (their latest score comes from scoring_runs, which `visit` may add
    // to), then every turn in one scan of the (session_id, seq) index, merged by session id.
    auto all = sessions(std::nullopt);
    if (!all)
        return all.error();
    Statement turns(db_, kEveryTurn);
    bool more = turns.step();
    for (const auto& info : *all) {
        while (more && turns.integer(0) < info.id)
            more = turns.step();  // turns of a session that is gone: none in a sound file
        Transcript t = transcriptOf(info);
        for (; more && turns.integer(0) == info.id; more = turns.step())
            t.entries.push_back(readEntry(turns, 1));
        if (turns.failed())
            return fail(turns.error());
        if (auto s = visit(info, t); !s)
            return s;
    }
    return Ok{};
}

Result<ContentSnapshot> SqliteStore::snapshot(const std::string& hash) {
    Statement select =
        cache_->prepare("SELECT kind, content_id, version, hash, body FROM content_snapshots WHERE hash = ?");
    select.bind(1, hash);
    if (!select.step())
        return fail("no stored copy of content " + hash);
    return ContentSnapshot{select.text(0), select.text(1), select.text(2), select.text(3), select.text(4)};
}

Result<std::vector<int64_t>> SqliteStore::allSessionIds() {
    Statement select = cache_->prepare("SELECT id FROM sessions ORDER BY id");
    return collectRows(select, [](Statement& row) { return row.integer(0); });
}

// ---------------------------------------------------------------------------------------------
// Scores and reviews
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::addScoringRun(int64_t sessionId, const ScoreCard& card,
                                           const std::string& rubricHash, const std::string& reason,
                                           int64_t scoredAt) {
    // Compact (card_codec.hpp): evidence notes and anchors are left out, the snapshots rebuild them.
    std::string cardJson = encodeStoredCard(card);
    int64_t criticalCount = criticalCountOf(card);
    int64_t id = 0;
    // The run and its criteria rows (what the dashboards sum) are stored together or not at all.
    Status stored = inTransaction([&]() -> Status {
        auto run = insertReturningId(
            "INSERT INTO scoring_runs (session_id, rubric_id, rubric_version, rubric_hash, reason, scored_at, "
            "computed_percent, final_percent, passed, card_json, critical_count, automatic_percent, pass_mark) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [&](Statement& s) {
                s.bind(1, sessionId)
                    .bind(2, card.rubricId)
                    .bind(3, card.rubricVersion)
                    .bind(4, rubricHash)
                    .bind(5, reason)
                    .bind(6, scoredAt)
                    .bind(7, card.computedPercent)
                    .bind(8, card.finalPercent)
                    .bind(9, int64_t{card.passed})
                    .bind(10, cardJson)
                    .bind(11, criticalCount)
                    .bind(13, card.threshold);
                if (card.automaticPercent)
                    s.bind(12, *card.automaticPercent);
                else
                    s.bind(12, std::nullopt);  // a cached statement keeps the last run's bindings
            });
        if (!run)
            return run.error();
        id = *run;
        Statement insert = cache_->prepare(kInsertRunCriterion);
        return insertRunCriteria(insert, id, card);
    });
    if (!stored)
        return stored.error();
    return id;
}

Result<std::vector<ScoringRun>> SqliteStore::scoringRuns(int64_t sessionId) {
    Statement select =
        cache_->prepare(SIMDESK_SCORING_RUN_COLUMNS "WHERE session_id = ? ORDER BY id");
    select.bind(1, sessionId);
    return collectRows(select, [](Statement& row) {
        ScoringRun r{row.integer(0),
                     row.integer(1),
                     row.text(2),
                     row.text(3),
                     row.text(4),
                     row.text(5),
                     row.integer(6),
                     row.real(7),
                     row.real(8),
                     row.integer(9) != 0,
                     storedCardAsJson(row.text(10)),
                     static_cast<int>(row.integer(11)),
                     std::nullopt};
        if (!row.isNull(12))
            r.automaticPercent = row.real(12);
        return r;
    });
}

Result<int64_t> SqliteStore::addReview(const Review& review) {
    if (isBlank(review.reason))
        return fail("a reviewer score needs a reason");
    return insertReturningId("INSERT INTO reviews (session_id, criterion_id, level, reason, author_id, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                             [&](Statement& s) {
                                 s.bind(1, review.sessionId)
                                     .bind(2, review.criterionId)
                                     .bind(3, int64_t{review.level})
                                     .bind(4, review.reason)
                                     .bind(5, review.authorId)
                                     .bind(6, review.createdAt);
                             });
}

Result<std::vector<Review>> SqliteStore::reviews(int64_t sessionId) {
    Statement select = cache_->prepare(
        "SELECT r.id, r.session_id, r.criterion_id, r.level, r.reason, r.author_id, p.name, r.created_at "
        "FROM reviews r JOIN people p ON p.id = r.author_id WHERE r.session_id = ? ORDER BY r.id");
    select.bind(1, sessionId);
    return collectRows(select, [](Statement& row) {
        return Review{row.integer(0), row.integer(1), row.text(2), static_cast<int>(row.integer(3)),
                      row.text(4),    row.integer(5), row.text(6), row.integer(7)};
    });
}

Result<int64_t> SqliteStore::addTurnReview(const TurnReview& review) {
    if (isBlank(review.reason))
        return fail("confirming or overturning an automatic judgement needs a reason");
    if (review.decision != "confirmed" && review.decision != "overturned")
        return fail("a decision is \"confirmed\" or \"overturned\"");
    Statement existing = cache_->prepare("SELECT decision FROM turn_reviews WHERE session_id = ? AND turn = ?");
    existing.bind(1, review.sessionId).bind(2, int64_t{review.turn});
    if (existing.step())
        return fail("turn " + std::to_string(review.turn) + " of session #" + std::to_string(review.sessionId) +
                    " was already " + existing.text(0) + "; decisions are kept, not replaced");
    return insertReturningId("INSERT INTO turn_reviews (session_id, turn, decision, reason, reviewer_id, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             [&](Statement& s) {
                                 s.bind(1, review.sessionId)
                                     .bind(2, int64_t{review.turn})
                                     .bind(3, review.decision)
                                     .bind(4, review.reason)
                                     .bind(5, review.reviewerId)
                                     .bind(6, review.createdAt);
                             });
}

Result<std::vector<TurnReview>> SqliteStore::turnReviews(std::optional<int64_t> sessionId) {
    Statement select = cache_->prepare(
        "SELECT r.id, r.session_id, r.turn, r.decision, r.reason, r.reviewer_id, p.name, r.created_at "
        "FROM turn_reviews r JOIN people p ON p.id = r.reviewer_id WHERE (?1 IS NULL OR r.session_id = ?1) ORDER BY r.id");
    select.bindOptional(1, sessionId);
    return collectRows(select, [](Statement& row) {
        return TurnReview{row.integer(0), row.integer(1), static_cast<int>(row.integer(2)), row.text(3),
                          row.text(4),    row.integer(5), row.text(6),                      row.integer(7)};
    });
}

// ---------------------------------------------------------------------------------------------
// Coaching
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::addCoachingNote(const CoachingNote& note) {
    if (isBlank(note.text))
        return fail("a coaching note cannot be empty");
    return insertReturningId(
        "INSERT INTO coaching_notes (session_id, author_id, text, created_at) VALUES (?, ?, ?, ?)",
        [&](Statement& s) {
            s.bind(1, note.sessionId).bind(2, note.authorId).bind(3, note.text).bind(4, note.createdAt);
        });
}

Result<std::vector<CoachingNote>> SqliteStore::coachingNotes(int64_t sessionId) {
    Statement select = cache_->prepare(
        "SELECT n.id, n.session_id, n.author_id, p.name, n.text, n.created_at FROM coaching_notes n "
        "JOIN people p ON p.id = n.author_id WHERE n.session_id = ? ORDER BY n.id");
    select.bind(1, sessionId);
    return collectRows(select, [](Statement& row) {
        return CoachingNote{row.integer(0), row.integer(1), row.integer(2),
                            row.text(3),    row.text(4),    row.integer(5)};
    });
}

Result<int64_t> SqliteStore::addCoachingPlan(const CoachingPlan& plan) {
    if (isBlank(plan.plan))
        return fail("a coaching plan cannot be empty");
    return insertReturningId("INSERT INTO coaching_plans (trainee_id, session_id, author_id, plan, "
                             "created_at) VALUES (?, ?, ?, ?, ?)",
                             [&](Statement& s) {
                                 s.bind(1, plan.traineeId)
                                     .bindOptional(2, plan.sessionId)
                                     .bind(3, plan.authorId)
                                     .bind(4, plan.plan)
                                     .bind(5, plan.createdAt);
                             });
}

Status SqliteStore::acknowledgePlan(int64_t planId, int64_t at) {
    WriteScope scope(db_, transactionDepth_);
    Statement update = cache_->prepare(
        "UPDATE coaching_plans SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL");
    update.bind(1, at).bind(2, planId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("plan " + std::to_string(planId) + " does not exist or is already acknowledged");
    return scope.commit();
}

Result<std::vector<CoachingPlan>> SqliteStore::coachingPlans(int64_t traineeId) {
    Statement select = cache_->prepare(
        "SELECT c.id, c.trainee_id, c.author_id, c.session_id, p.name, c.plan, c.created_at, "
        "c.acknowledged_at "
        "FROM coaching_plans c JOIN people p ON p.id = c.author_id WHERE c.trainee_id = ? ORDER BY c.id");
    select.bind(1, traineeId);
    return collectRows(select, [](Statement& row) {
        CoachingPlan p{row.integer(0), row.integer(1), row.integer(2), std::nullopt,
                       row.text(4),    row.text(5),    row.integer(6), std::nullopt};
        if (!row.isNull(3))
            p.sessionId = row.integer(3);
        if (!row.isNull(7))
            p.acknowledgedAt = row.integer(7);
        return p;
    });
}

// ---------------------------------------------------------------------------------------------
// Calibration
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::createCalibrationRound(const CalibrationRound& round) {
    return insertReturningId(
        "INSERT INTO calibration_rounds (session_id, title, created_by, created_at) VALUES (?, ?, ?, ?)",
        [&](Statement& s) {
            s.bind(1, round.sessionId).bind(2, round.title).bind(3, round.createdBy).bind(4, round.createdAt);
        });
}

Status SqliteStore::addCalibrationGrade(const CalibrationGrade& grade) {
    WriteScope scope(db_, transactionDepth_);
    Statement revealed = cache_->prepare(
        "SELECT r.revealed_at IS NOT NULL, r.calibration_session_id, c.deadline, EXISTS (SELECT 1 FROM "
        "calibration_invitations i WHERE i.session_id = r.calibration_session_id AND i.person_id = ?2) "
        "FROM calibration_rounds r LEFT JOIN calibration_sessions c ON c.id = r.calibration_session_id WHERE r.id = ?1");
    revealed.bind(1, grade.roundId).bind(2, grade.graderId);
    if (!revealed.step())
        return fail("no calibration round " + std::to_string(grade.roundId));
    if (revealed.integer(0))
        return fail("calibration round " + std::to_string(grade.roundId) + " is revealed; grades are closed");
    if (!revealed.isNull(1))
        if (auto problem = sessionGradeProblem(revealed.integer(1), revealed.integer(3) != 0, revealed.integer(2), grade.createdAt))
            return fail(*problem);
    revealed.reset();
    Statement insert = cache_->prepare(
        "INSERT INTO calibration_grades (round_id, grader_id, criterion_id, level, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, grade.roundId)
        .bind(2, grade.graderId)
        .bind(3, grade.criterionId)
        .bind(4, int64_t{grade.level})
        .bind(5, grade.note)
        .bind(6, grade.createdAt);
    if (!insert.run()) {
        if (insert.error().find("UNIQUE") != std::string::npos)
            return fail("this grader has already graded \"" + grade.criterionId + "\" in this round");
        return fail(insert.error());
    }
    return scope.commit();
}

Status SqliteStore::revealCalibrationRound(int64_t roundId, int64_t at) {
    if (auto round = calibrationRound(roundId); round && round->calibrationSessionId)
        return fail("calibration round " + std::to_string(roundId) + " is part of calibration session " +
                    std::to_string(*round->calibrationSessionId) + ", which is revealed as a whole");
    WriteScope scope(db_, transactionDepth_);
    Statement update =
        cache_->prepare("UPDATE calibration_rounds SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL");
    update.bind(1, at).bind(2, roundId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("calibration round " + std::to_string(roundId) +
                    " does not exist or is already revealed");
    return scope.commit();
}

namespace {

// SIMDESK_ROUND_COLUMNS and SIMDESK_GRADE_COLUMNS: store_rules.hpp.

CalibrationRound readRound(Statement& row) {
    CalibrationRound r{row.integer(0), row.integer(1), row.integer(2), row.text(3), row.integer(4), std::nullopt, row.text(6)};
    if (!row.isNull(5))
        r.revealedAt = row.integer(5);
    if (!row.isNull(7))
        r.calibrationSessionId = row.integer(7);
    return r;
}

CalibrationGrade readGrade(Statement& row) {
    return CalibrationGrade{row.integer(0), row.integer(1), row.text(2), row.text(3), row.text(4),
                            static_cast<int>(row.integer(5)), row.integer(6)};
}

} // namespace

Result<std::vector<CalibrationRound>> SqliteStore::calibrationRounds() {
    Statement select = cache_->prepare(SIMDESK_ROUND_COLUMNS "ORDER BY r.id");
    return collectRows(select, readRound);
}

Result<CalibrationRound> SqliteStore::calibrationRound(int64_t roundId) {
    Statement select = cache_->prepare(SIMDESK_ROUND_COLUMNS "WHERE r.id = ?");
    select.bind(1, roundId);
    if (!select.step()) {
        if (select.failed())
            return fail(select.error());
        return fail("no calibration round " + std::to_string(roundId));
    }
    return readRound(select);
}

Result<std::vector<CalibrationGrade>> SqliteStore::calibrationGrades(int64_t roundId) {
    auto round = calibrationRound(roundId);
    if (!round)
        return round.error();
    if (!round->revealedAt)
        return fail("calibration round " + std::to_string(roundId) +
                    " is still blind; its grades show once it is revealed");
    Statement select =
        cache_->prepare(SIMDESK_GRADE_COLUMNS "WHERE g.round_id = ? ORDER BY g.criterion_id, p.name");
    select.bind(1, roundId);
    return collectRows(select, readGrade);
}

Result<std::vector<CalibrationGrade>> SqliteStore::calibrationGradesBy(int64_t roundId, int64_t graderId) {
    Statement select = cache_->prepare(SIMDESK_GRADE_COLUMNS
                                       "WHERE g.round_id = ? AND g.grader_id = ? ORDER BY g.criterion_id");
    select.bind(1, roundId).bind(2, graderId);
    return collectRows(select, readGrade);
}

Result<std::vector<CalibrationProgress>> SqliteStore::calibrationProgress(int64_t roundId) {
    Statement select = cache_->prepare(
        "SELECT g.grader_id, p.name, count(*) FROM calibration_grades g JOIN people p ON p.id = g.grader_id "
        "WHERE g.round_id = ? GROUP BY g.grader_id ORDER BY p.name");
    select.bind(1, roundId);
    return collectRows(select, [](Statement& row) {
        return CalibrationProgress{row.integer(0), row.text(1), static_cast<int>(row.integer(2))};
    });
}

// ---------------------------------------------------------------------------------------------
// Certification
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::addCertificationAttempt(const CertificationAttempt& a) {
    return insertReturningId("INSERT INTO certification_attempts (person_id, track_id, level_id, session_id, "
                             "passed, at) VALUES (?, ?, ?, ?, ?, ?)",
                             [&](Statement& s) {
                                 s.bind(1, a.personId)
                                     .bind(2, a.trackId)
                                     .bind(3, a.levelId)
                                     .bind(4, a.sessionId)
                                     .bind(5, int64_t{a.passed})
                                     .bind(6, a.at);
                             });
}

Result<std::vector<CertificationAttempt>> SqliteStore::certificationAttempts(int64_t personId) {
    Statement select = cache_->prepare(
        "SELECT id, person_id, session_id, track_id, level_id, passed, at FROM certification_attempts "
        "WHERE person_id = ? ORDER BY at, id");
    select.bind(1, personId);
    return collectRows(select, [](Statement& row) {
        return CertificationAttempt{row.integer(0), row.integer(1),      row.integer(2), row.text(3),
                                    row.text(4),    row.integer(5) != 0, row.integer(6)};
    });
}

Result<int64_t> SqliteStore::awardCertification(const Certification& c) {
    return insertReturningId(
        "INSERT INTO certifications (person_id, track_id, awarded_at, expires_at) VALUES (?, ?, ?, ?)",
        [&](Statement& s) {
            s.bind(1, c.personId).bind(2, c.trackId).bind(3, c.awardedAt).bind(4, c.expiresAt);
        });
}

Result<std::vector<Certification>> SqliteStore::certifications(int64_t personId) {
    Statement select =
        cache_->prepare("SELECT id, person_id, track_id, awarded_at, expires_at FROM certifications WHERE "
                        "person_id = ? ORDER BY awarded_at");
    select.bind(1, personId);
    return collectRows(select, [](Statement& row) {
        return Certification{row.integer(0), row.integer(1), row.text(2), row.integer(3), row.integer(4)};
    });
}

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

Status SqliteStore::setMaskSecrets(bool on) {
    WriteScope scope(db_, transactionDepth_);
    Statement update = cache_->prepare("INSERT INTO settings (key, value) VALUES ('mask_secrets', ?) "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    update.bind(1, std::string_view(on ? "on" : "off"));
    if (!update.run())
        return fail(update.error());
    if (auto s = scope.commit(); !s)
        return s;
    maskSecrets_ = on;
    return Ok{};
}

} // namespace simdesk::store
