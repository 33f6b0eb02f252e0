// A thin RAII layer over libpq, the PostgreSQL client library: a connection, parameterised
// statements prepared once per connection, results, and a transaction guard. It mirrors
// sqlite.hpp: SQL text is always a constant in this folder; values travel as parameters
// ($1, $2, ...), never spliced into SQL.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace simdesk::store::pg {

/// The values of one statement, in $1, $2, ... order. Everything is sent as text (PostgreSQL
/// parses it into the column's type), NULL as a missing value.
class Params {
public:
    Params& add(int64_t value);
    Params& add(int value) { return add(int64_t{value}); }
    Params& add(double value);
    Params& add(bool value);  ///< as 1 or 0: the schema keeps SQLite's integer flags (see pg_schema.cpp)
    Params& add(std::string_view value);
    Params& add(const std::string& value) { return add(std::string_view(value)); }
    Params& add(const char* value) { return add(std::string_view(value)); }
    Params& add(std::nullopt_t);
    Params& add(const std::optional<int64_t>& value);
    Params& add(const std::optional<double>& value);

    const std::vector<std::optional<std::string>>& values() const { return values_; }

private:
    std::vector<std::optional<std::string>> values_;
};

/// The outcome of one statement: its rows, or its error. Owns the libpq result.
class Rows {
public:
    Rows() = default;
    explicit Rows(pg_result* result, std::string connectionError = {});
    ~Rows();
    Rows(Rows&& other) noexcept;
    Rows& operator=(Rows&& other) noexcept;
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

    bool ok() const { return ok_; }
    /// The server's sentence (its primary message, with the detail when there is one).
    const std::string& error() const { return error_; }
    /// The five-character SQLSTATE ("23505" for a unique violation); empty when the statement never reached the server.
    const std::string& sqlstate() const { return sqlstate_; }
    bool uniqueViolation() const { return sqlstate_ == "23505"; }
    /// The connection to the server broke during this statement (a restart, a terminated backend,
    /// a dropped socket): whether a write landed is unknown, unless the caller checks.
    bool connectionLost() const { return lost_; }
    void markConnectionLost() { lost_ = true; }

    int size() const;
    /// Rows changed by an INSERT, UPDATE or DELETE.
    int64_t affected() const;
    bool isNull(int row, int column) const;
    std::string text(int row, int column) const;
    /// A bigint/integer column; also reads a boolean ("t" is 1) so the same SELECT lists serve both backends.
    int64_t integer(int row, int column) const;
    double real(int row, int column) const;

private:
    pg_result* result_ = nullptr;
    bool ok_ = false, lost_ = false;
    std::string error_, sqlstate_;
};

/// One connection to a server. Statements run through `run` are prepared on first use and
/// reused (keyed by their SQL text): a turn or a re-score skips parsing and planning.
class Connection {
public:
    /// Connects with a URI (postgresql://...) or a libpq keyword string; libpq reads PGSERVICE,
    /// PGPASSFILE / ~/.pgpass and the other PG* variables as usual. `shown` names the server in messages.
    static Result<Connection> connect(const std::string& conninfo, const std::string& shown);
    /// The same as `user`, with `password` (empty: libpq's ~/.pgpass or PGPASSFILE, as usual)
    /// passed beside the URI rather than in it, so it is in no string a message or log is made
    /// from. Gives up after `timeoutSeconds` when the server does not answer (0: libpq's default).
    static Result<Connection> connectAs(const std::string& conninfo, const std::string& shown, const std::string& user,
                                        const std::string& password, int timeoutSeconds);
    ~Connection();
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&&) = delete;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Runs a parameterised statement (prepared once per connection). A plain SELECT whose
    /// connection broke outside a transaction is run once more on a new connection (reads are safe
    /// to repeat); any other statement reports connectionLost() and the caller decides, since a
    /// write may have landed before the connection broke.
    Rows run(const char* sql, const Params& params = {});
    /// The server process of the connection that was lost last (0 if none): a caller checking
    /// whether a lost write landed first makes sure that process is gone (pg_stat_activity).
    int lostBackendPid() const { return lostBackendPid_; }
    /// Runs SQL without parameters, possibly several statements (DDL, BEGIN, COMMIT).
    Status exec(const char* sql);
    /// The SCRAM-SHA-256 verifier of `password` for role `user`, computed here in the client
    /// (libpq's PQencryptPasswordConn), so a CREATE ROLE never carries the clear password to the
    /// server or its log.
    Result<std::string> scramVerifier(const std::string& password, const std::string& user);
    /// True while a Transaction is open (begun, and neither committed nor rolled back).
    bool inTransaction() const;
    const std::string& shown() const { return shown_; }

private:
    Connection(pg_conn* conn, std::string shown) : conn_(conn), shown_(std::move(shown)) {}
    /// A connection the server dropped (a restart, an idle timeout) is opened again, but only
    /// between transactions: inside one, its writes are gone and the caller must hear so.
    void reconnectIfLost();
    /// One attempt of `run`, marking the rows when the connection broke.
    Rows runOnce(const char* sql, const Params& params);
    /// Marks `rows` lost if the connection is no longer usable (and remembers its server process).
    void noteLoss(Rows& rows);

    pg_conn* conn_ = nullptr;
    int lostBackendPid_ = 0;
    bool lost_ = false;  // the connection broke: opened again before the next statement (outside a transaction)
    std::string shown_;
    std::unordered_map<std::string, std::string> prepared_;  // SQL text → statement name
    bool transactionOpen_ = false;
    friend class Transaction;
};

/// BEGIN on construction; ROLLBACK on destruction unless committed. Never throws.
class Transaction {
public:
    explicit Transaction(Connection& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    bool begun() const { return begun_; }
    const std::string& error() const { return error_; }
    Status commit();

private:
    Connection& db_;
    bool begun_ = false, done_ = false;
    std::string error_;
};

/// Whether --db / $SIMDESK_DB names a server rather than a file: a postgresql:// or postgres:// URI.
bool isServerUri(std::string_view target);
/// The URI with any password left out, for messages and logs.
std::string withoutPassword(const std::string& uri);

} // namespace simdesk::store::pg
