// SqliteStore: opening (header and schema checks, backup, migration), transactions, settings.
// The rest is split by subject: the schema and its migrations (sqlite_schema.cpp), people
// (sqlite_people.cpp), sessions and turns (sqlite_sessions.cpp), scores and reviews
// (sqlite_scores.cpp), coaching and certification (sqlite_coaching.cpp), calibration
// (sqlite_calibration.cpp), disputes, drafts, and the whole-file check (sqlite_health.cpp).
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "sqlite_schema.hpp"
#include "private_files.hpp"
#include "card_migration.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>

namespace simdesk::store {

namespace fs = std::filesystem;

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
        std::string message = db ? describeError(db) : "out of memory";
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
            return fail("cannot write to " + shown + ": " + describeError(db_));
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
            auto s = exec(db_, sqliteMigration(v));
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
        return fail("cannot write: " + describeError(db_));
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
        return fail("cannot write: " + describeError(db_));
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
