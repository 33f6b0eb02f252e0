// A thin RAII layer over the SQLite C API: a connection, prepared statements, transactions.
// SQL text is always a constant in this folder; values are bound, never spliced into SQL.
#pragma once

#include "core/result.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace simdesk::store {

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    /// Borrows a statement prepared once and kept by a StatementCache: reset, not finalized, at the end.
    Statement(sqlite3* db, sqlite3_stmt* borrowed);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;

    bool prepared() const { return stmt_ != nullptr; }
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, std::nullopt_t);
    Statement& bindOptional(int index, const std::optional<int64_t>& value);

    /// Steps once: true when a row is ready, false when done. Errors are kept in error().
    bool step();
    /// Steps to completion; false on error.
    bool run();
    void reset();

    int64_t integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;

    bool failed() const { return rc_ != SQLITE_OK && rc_ != SQLITE_ROW && rc_ != SQLITE_DONE; }
    /// The primary result code of the last step or prepare (SQLITE_FULL, SQLITE_CORRUPT, ...).
    int code() const { return rc_ & 0xff; }
    std::string error() const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    int rc_ = SQLITE_OK;
    bool borrowed_ = false;
};

/// Prepares each SQL text once per connection; hot paths (a turn, a re-score) skip re-parsing SQL.
/// Every row of a bound SELECT, each read by `read`, or the error that stopped the scan.
template <typename Read>
auto collectRows(Statement& select, Read read) -> Result<std::vector<decltype(read(select))>> {
    std::vector<decltype(read(select))> out;
    while (select.step())
        out.push_back(read(select));
    if (select.failed())
        return fail(select.error());
    return out;
}

class StatementCache {
public:
    explicit StatementCache(sqlite3* db) : db_(db) {}
    ~StatementCache();
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    Statement prepare(const char* sql);

private:
    sqlite3* db_;
    std::vector<std::pair<const char*, sqlite3_stmt*>> statements_;  // keyed by the SQL constant's address
};

/// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless committed. Never throws.
class Transaction {
public:
    explicit Transaction(sqlite3* db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    bool begun() const { return begun_; }
    Status commit();

private:
    sqlite3* db_;
    bool begun_ = false, done_ = false;
};

/// Makes one write atomic, or joins the bulk transaction already open (`depth` > 0).
class WriteScope {
  public:
    WriteScope(sqlite3* db, int depth)
        : transaction_(depth == 0 ? std::make_optional<Transaction>(db) : std::nullopt) {}
    bool begun() const { return !transaction_ || transaction_->begun(); }
    Status commit() { return transaction_ ? transaction_->commit() : Status(Ok{}); }

  private:
    std::optional<Transaction> transaction_;
};

/// SQLite's message for the connection's last error, naming a full disk and an I/O error as such:
/// SQLite's own words for them ("database or disk is full", "disk I/O error") are easily read as
/// damage, and neither says what to do.
std::string describeError(sqlite3* db);

/// True for the result codes that mean the file itself is damaged or not a database; a full disk,
/// an I/O error or a lock never is.
bool isDamage(int code);

/// Why a read of a file that opened failed: damage only for SQLite's damage codes; a full disk, an
/// I/O error or a lock is said as such, because a person who reads "damaged" restores a backup over
/// a healthy file.
std::string unreadable(const std::string& shown, const Statement& failed);

/// Runs SQL with no results (DDL, PRAGMA); the message says which statement failed.
Status exec(sqlite3* db, const char* sql);

} // namespace simdesk::store
