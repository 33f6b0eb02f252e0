// Whether a database needs its whole-file check, and the check itself.
//
// `PRAGMA quick_check` reads every page: at 100 000 sessions it took longer than the scan a rescore
// needs, paid by every command and every app start. A normal open no longer runs it. It runs:
//  * around a migration (before the backup, so a damaged file is refused untouched; and after);
//  * after an unclean shutdown: every open adds a row (its process id) to open_handles and a clean
//    close removes it, so a row whose process is gone was left by a crash, a kill or a power cut;
//  * on `simdesk db check` (checkFile), on a read-only connection.
// The header and schema-version checks of opening still run every time (sqlite_store.cpp).
#include "sqlite_store.hpp"
#include "sqlite.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <fstream>
#include <unistd.h>

namespace simdesk::store {

namespace fs = std::filesystem;

namespace {

/// True while a process with this id runs (or exists and is someone else's: EPERM).
bool processAlive(int64_t pid) {
    if (pid <= 0 || pid > INT32_MAX) return false;
    if (pid == static_cast<int64_t>(getpid())) return true;
    return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

/// How long opening and closing wait for another writer before giving up on the marker: the marker
/// only saves a check, so it never holds up a command the way a turn's write may.
constexpr int kMarkerBusyMs = 1000;
constexpr int kBusyMs = 10000;

} // namespace

Result<std::vector<int64_t>> SqliteStore::staleOpenMarkers() {
    Statement select(db_, "SELECT id, pid FROM open_handles");
    std::vector<int64_t> stale;
    while (select.step())
        if (!processAlive(select.integer(1))) stale.push_back(select.integer(0));
    if (select.failed()) {
        std::string shown = path_.string();
        if (isDamage(select.code()))
            return fail(shown + " is damaged (" + select.error() + "); it was left untouched — restore a backup");
        return fail(unreadable(shown, select));
    }
    return stale;
}

Status SqliteStore::quickCheck(const std::string& why, const std::string& afterWrite) {
    openCheckReason_ = why;
    std::string shown = path_.string();
    Statement check(db_, "PRAGMA quick_check");
    bool row = check.step();
    if (!row && check.failed() && !isDamage(check.code()))
        return fail(afterWrite.empty() ? unreadable(shown, check) : "cannot read " + shown + afterWrite + ": " + check.error());
    if (!row || check.text(0) != "ok")
        return fail(shown + " is damaged (" + (check.failed() ? check.error() : check.text(0)) + ")" +
                    (afterWrite.empty() ? "; it was left untouched — restore a backup" : afterWrite));
    return Ok{};
}

void SqliteStore::markOpen(const std::vector<int64_t>& stale, int64_t now) {
    // Best effort: a file another process holds the write lock on still opens, unmarked (a crash of
    // this process would then go unnoticed until `simdesk db check`).
    sqlite3_busy_timeout(db_, kMarkerBusyMs);
    {
        Transaction tx(db_);
        if (tx.begun()) {
            bool ok = true;
            Statement remove(db_, "DELETE FROM open_handles WHERE id = ?");
            for (int64_t id : stale) {
                remove.reset();
                remove.bind(1, id);
                ok = ok && remove.run();
            }
            Statement insert(db_, "INSERT INTO open_handles (pid, opened_at) VALUES (?, ?)");
            insert.bind(1, static_cast<int64_t>(getpid())).bind(2, now);
            ok = ok && insert.run();
            int64_t id = sqlite3_last_insert_rowid(db_);
            if (ok && tx.commit()) openMarker_ = id;
        }
    }
    sqlite3_busy_timeout(db_, kBusyMs);
}

void SqliteStore::markClosed() {
    if (!openMarker_ || fileLost_) return;
    sqlite3_busy_timeout(db_, kMarkerBusyMs);
    Statement remove(db_, "DELETE FROM open_handles WHERE id = ?");
    remove.bind(1, *openMarker_);
    if (remove.run()) openMarker_.reset();
}

Result<HealthCheck> SqliteStore::checkIfDue(int64_t now) {
    Statement last(db_, "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'last_quick_check'");
    if (last.step() && last.integer(0) <= now && now - last.integer(0) < kHealthCheckEverySeconds) return HealthCheck{};
    if (last.failed()) return fail(unreadable(path_.string(), last));
    last.reset();
    HealthCheck result{true, {}};
    Statement check(db_, "PRAGMA quick_check");
    while (check.step())
        if (check.text(0) != "ok") result.problems.push_back(check.text(0));
    if (check.failed()) {
        if (!isDamage(check.code())) return fail(unreadable(path_.string(), check));
        result.problems.push_back(check.error());
    }
    check.reset();
    if (result.problems.empty()) {
        // Best effort, like the open marker: a file another process is writing still checked fine.
        Statement remember(db_, "INSERT INTO settings (key, value) VALUES ('last_quick_check', ?) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        remember.bind(1, std::to_string(now));
        remember.run();
    }
    return result;
}

Result<std::vector<std::string>> SqliteStore::checkFile(const fs::path& path) {
    std::error_code ec;
    std::string shown = path.string();
    if (!fs::exists(path, ec)) return fail("no database at " + shown);
    if (fs::is_directory(path, ec)) return fail(shown + " is a folder; expected a simdesk database file");
    {
        std::ifstream in(path, std::ios::binary);
        char header[16] = {};
        in.read(header, sizeof header);
        if (in.gcount() < 16 || std::string_view(header, 16) != std::string_view("SQLite format 3\0", 16))
            return std::vector<std::string>{"it is not an SQLite file"};
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(shown.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
        std::string message = db ? describeError(db) : "out of memory";
        sqlite3_close(db);
        return fail("cannot open the database " + shown + ": " + message);
    }
    sqlite3_busy_timeout(db, kBusyMs);
    std::vector<std::string> problems;
    std::optional<Error> cannot;
    {
        Statement version(db, "SELECT version FROM schema_version");
        if (!version.step()) {
            if (version.failed() && !isDamage(version.code()) && version.error().find("no such table") == std::string::npos)
                cannot = Error{unreadable(shown, version)};
            else if (version.failed() && isDamage(version.code()))
                problems.push_back(version.error());
            else
                problems.push_back("it is not a simdesk database (it has no schema version)");
        } else if (version.integer(0) > kSchemaVersion) {
            problems.push_back("it was written by a newer simdesk (schema version " + std::to_string(version.integer(0)) + ")");
        }
    }
    if (!cannot) {
        Statement check(db, "PRAGMA quick_check");
        while (check.step())
            if (check.text(0) != "ok") problems.push_back(check.text(0));
        if (check.failed()) {
            if (isDamage(check.code())) problems.push_back(check.error());
            else cannot = Error{unreadable(shown, check)};
        }
    }
    sqlite3_close_v2(db);
    if (cannot) return *cannot;
    return problems;
}

} // namespace simdesk::store
