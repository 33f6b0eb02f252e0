#include "sqlite.hpp"

namespace simdesk::store {

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
}

Statement::Statement(sqlite3* db, sqlite3_stmt* borrowed) : db_(db), stmt_(borrowed), borrowed_(true) {
    rc_ = borrowed ? SQLITE_OK : SQLITE_ERROR;
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), rc_(other.rc_), borrowed_(other.borrowed_) {
    other.stmt_ = nullptr;
}

Statement::~Statement() {
    if (!borrowed_) {
        sqlite3_finalize(stmt_);
    } else if (stmt_) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
}

StatementCache::~StatementCache() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
}

Statement StatementCache::prepare(const char* sql) {
    for (auto& [key, stmt] : statements_)
        if (key == sql) return Statement(db_, stmt);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) return Statement(db_, sql);
    statements_.emplace_back(sql, stmt);
    return Statement(db_, stmt);
}

Statement& Statement::bind(int index, int64_t value) {
    if (stmt_) sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (stmt_) sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    if (stmt_) sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
    if (stmt_) sqlite3_bind_null(stmt_, index);
    return *this;
}

Statement& Statement::bindOptional(int index, const std::optional<int64_t>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
}

bool Statement::step() {
    if (!stmt_) return false;
    rc_ = sqlite3_step(stmt_);
    return rc_ == SQLITE_ROW;
}

bool Statement::run() {
    while (step()) {
    }
    return !failed();
}

void Statement::reset() {
    if (!stmt_) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    rc_ = SQLITE_OK;
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
bool Statement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::string Statement::text(int column) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::string Statement::error() const { return describeError(db_); }

std::string describeError(sqlite3* db) {
    std::string message = sqlite3_errmsg(db);
    switch (sqlite3_errcode(db) & 0xff) {
    case SQLITE_FULL:
        return "the disk is full (" + message + "); free some space and try again";
    case SQLITE_IOERR:
        return "the disk reported an I/O error (" + message + "); it may be full or failing";
    default:
        return message;
    }
}

bool isDamage(int code) {
    code &= 0xff;
    return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

Transaction::Transaction(sqlite3* db) : db_(db) {
    // IMMEDIATE takes the write lock up front, so a busy database waits in the busy handler here
    // instead of failing half-way through the transaction.
    begun_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

Transaction::~Transaction() {
    if (begun_ && !done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::commit() {
    if (!begun_) return fail("cannot start a transaction: " + describeError(db_));
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail("cannot commit: " + describeError(db_));
    done_ = true;
    return Ok{};
}

Status exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        int code = sqlite3_errcode(db) & 0xff;
        std::string text = code == SQLITE_FULL || code == SQLITE_IOERR ? describeError(db) : message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        return fail(text);
    }
    return Ok{};
}

std::string unreadable(const std::string& shown, const Statement& failed) {
    if (isDamage(failed.code()))
        return shown + " is damaged or not a database (" + failed.error() + "); it was left untouched";
    return "cannot read " + shown + ": " + failed.error() + "; it was left untouched";
}

} // namespace simdesk::store
