#include "pg.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace simdesk::store::pg {

namespace {
/// libpq's messages end with a newline and sometimes start with "ERROR:  "; a sentence has neither.
std::string tidy(std::string message) {
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    for (std::string_view prefix : {"ERROR:  ", "FATAL:  "})
        if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
    for (size_t at; (at = message.find('\n')) != std::string::npos;) message.replace(at, 1, "; ");
    return message;
}
} // namespace

// ---- Params ---------------------------------------------------------------------------------

Params& Params::add(int64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
}

Params& Params::add(double value) {
    char buffer[64];
    // Shortest text that reads back as the same double: a stored score is the computed one.
    auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    values_.emplace_back(std::string(buffer, end));
    return *this;
}

Params& Params::add(bool value) {
    values_.emplace_back(value ? "1" : "0");
    return *this;
}

Params& Params::add(std::string_view value) {
    values_.emplace_back(std::string(value));
    return *this;
}

Params& Params::add(std::nullopt_t) {
    values_.emplace_back(std::nullopt);
    return *this;
}

Params& Params::add(const std::optional<int64_t>& value) {
    return value ? add(*value) : add(std::nullopt);
}

Params& Params::add(const std::optional<double>& value) {
    return value ? add(*value) : add(std::nullopt);
}

// ---- Rows -----------------------------------------------------------------------------------

Rows::Rows(PGresult* result, std::string connectionError) : result_(result) {
    ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    ok_ = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (ok_) return;
    if (result) {
        const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
        const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        error_ = primary ? primary : tidy(PQresultErrorMessage(result));
        if (detail && *detail) error_ += " (" + std::string(detail) + ")";
        if (state) sqlstate_ = state;
    }
    if (error_.empty()) error_ = connectionError.empty() ? "the server did not answer" : tidy(connectionError);
}

Rows::~Rows() {
    if (result_) PQclear(result_);
}

Rows::Rows(Rows&& other) noexcept
    : result_(other.result_), ok_(other.ok_), lost_(other.lost_), error_(std::move(other.error_)), sqlstate_(std::move(other.sqlstate_)) {
    other.result_ = nullptr;
}

Rows& Rows::operator=(Rows&& other) noexcept {
    if (this != &other) {
        if (result_) PQclear(result_);
        result_ = other.result_;
        other.result_ = nullptr;
        ok_ = other.ok_;
        lost_ = other.lost_;
        error_ = std::move(other.error_);
        sqlstate_ = std::move(other.sqlstate_);
    }
    return *this;
}

int Rows::size() const { return ok_ && result_ ? PQntuples(result_) : 0; }

int64_t Rows::affected() const {
    const char* n = result_ ? PQcmdTuples(result_) : "";
    return *n ? std::strtoll(n, nullptr, 10) : 0;
}

bool Rows::isNull(int row, int column) const { return !result_ || PQgetisnull(result_, row, column); }

std::string Rows::text(int row, int column) const {
    if (isNull(row, column)) return {};
    return std::string(PQgetvalue(result_, row, column), static_cast<size_t>(PQgetlength(result_, row, column)));
}

int64_t Rows::integer(int row, int column) const {
    if (isNull(row, column)) return 0;
    const char* value = PQgetvalue(result_, row, column);
    if (value[0] == 't') return 1;
    if (value[0] == 'f') return 0;
    return std::strtoll(value, nullptr, 10);
}

double Rows::real(int row, int column) const {
    if (isNull(row, column)) return 0;
    return std::strtod(PQgetvalue(result_, row, column), nullptr);
}

// ---- Connection -----------------------------------------------------------------------------

Result<Connection> Connection::connect(const std::string& conninfo, const std::string& shown) {
    return connectAs(conninfo, shown, "", "", 0);
}

Result<Connection> Connection::connectAs(const std::string& conninfo, const std::string& shown, const std::string& user,
                                         const std::string& password, int timeoutSeconds) {
    // dbname first, expanded (a URI or keyword string); later keywords override it, and an empty
    // value is skipped, so an empty password leaves libpq to its password file.
    std::string timeout = timeoutSeconds > 0 ? std::to_string(timeoutSeconds) : "";
    const char* keys[] = {"dbname", "user", "password", "connect_timeout", nullptr};
    const char* values[] = {conninfo.c_str(), user.empty() ? nullptr : user.c_str(),
                            password.empty() ? nullptr : password.c_str(), timeout.empty() ? nullptr : timeout.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1);
    if (!conn) return fail("cannot connect to " + shown + ": out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string why = tidy(PQerrorMessage(conn));
        PQfinish(conn);
        return fail("cannot connect to " + shown + ": " + why);
    }
    Connection connection(conn, shown);
    // Messages in English whatever the server's locale, and no NOTICE chatter on stderr.
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
    if (auto s = connection.exec("SET client_min_messages = warning; SET lc_messages = 'C'"); !s) {
        // lc_messages needs a superuser on some servers; English is a nicety, not a requirement.
        (void)connection.exec("SET client_min_messages = warning");
    }
    return connection;
}

Connection::~Connection() {
    if (conn_) PQfinish(conn_);
}

Connection::Connection(Connection&& other) noexcept
    : conn_(other.conn_), shown_(std::move(other.shown_)), prepared_(std::move(other.prepared_)) {
    other.conn_ = nullptr;
}

void Connection::reconnectIfLost() {
    // Inside a transaction the lost writes must fail the transaction, not vanish behind a new
    // connection whose later statements would each commit on their own.
    if ((PQstatus(conn_) == CONNECTION_OK && !lost_) || transactionOpen_) return;
    PQreset(conn_);
    lost_ = false;
    prepared_.clear();  // a new server session knows none of them
    // PQreset opens a new server session: the settings connect() made must be made again.
    if (PQstatus(conn_) == CONNECTION_OK) {
        PGresult* set = PQexec(conn_, "SET client_min_messages = warning; SET lc_messages = 'C'");
        bool english = PQresultStatus(set) == PGRES_COMMAND_OK;
        PQclear(set);
        if (!english) PQclear(PQexec(conn_, "SET client_min_messages = warning"));
    }
}

void Connection::noteLoss(Rows& rows) {
    if (rows.ok()) return;
    // libpq does not always mark the connection bad at once: a failed send leaves it "OK" with
    // "server closed the connection unexpectedly" and no SQLSTATE (no server said anything). A
    // server that ends the session says so: class 08 (connection exception) or 57P (shutdown,
    // terminated by an administrator).
    const std::string& state = rows.sqlstate();
    if (PQstatus(conn_) == CONNECTION_OK && !state.empty() && state.rfind("08", 0) != 0 && state.rfind("57P", 0) != 0) return;
    rows.markConnectionLost();
    lost_ = true;
    lostBackendPid_ = PQbackendPID(conn_);
}

namespace {
/// A statement that only reads, so running it again after a lost connection cannot double
/// anything. Server functions (simdesk_add_login ...) may write: never repeated.
bool plainRead(const char* sql) {
    return std::string_view(sql).rfind("SELECT ", 0) == 0 && !std::strstr(sql, "simdesk_") && !std::strstr(sql, "FOR UPDATE");
}
} // namespace

Rows Connection::run(const char* sql, const Params& params) {
    reconnectIfLost();
    Rows rows = runOnce(sql, params);
    // Once, not in a loop: a server that is down stays an error the caller reports.
    if (rows.connectionLost() && !transactionOpen_ && plainRead(sql)) {
        reconnectIfLost();
        rows = runOnce(sql, params);
    }
    return rows;
}

Rows Connection::runOnce(const char* sql, const Params& params) {
    auto found = prepared_.find(sql);
    if (found == prepared_.end()) {
        std::string name = "s" + std::to_string(prepared_.size() + 1);
        Rows prepared(PQprepare(conn_, name.c_str(), sql, 0, nullptr), PQerrorMessage(conn_));
        if (!prepared.ok()) {
            noteLoss(prepared);
            return prepared;
        }
        found = prepared_.emplace(sql, std::move(name)).first;
    }
    std::vector<const char*> values;
    values.reserve(params.values().size());
    for (const auto& v : params.values()) values.push_back(v ? v->c_str() : nullptr);
    Rows rows(PQexecPrepared(conn_, found->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                             nullptr, 0),
              PQerrorMessage(conn_));
    noteLoss(rows);
    return rows;
}

Result<std::string> Connection::scramVerifier(const std::string& password, const std::string& user) {
    reconnectIfLost();
    char* verifier = PQencryptPasswordConn(conn_, password.c_str(), user.c_str(), "scram-sha-256");
    if (!verifier) return fail("cannot prepare the password: " + tidy(PQerrorMessage(conn_)));
    std::string out = verifier;
    PQfreemem(verifier);
    return out;
}

Status Connection::exec(const char* sql) {
    reconnectIfLost();
    Rows result(PQexec(conn_, sql), PQerrorMessage(conn_));
    noteLoss(result);
    if (!result.ok()) return fail(result.error());
    return Ok{};
}

bool Connection::inTransaction() const { return transactionOpen_; }

// ---- Transaction ----------------------------------------------------------------------------

Transaction::Transaction(Connection& db) : db_(db) {
    auto s = db_.exec("BEGIN");
    // A connection lost since the last statement (a server restart) is only noticed now; BEGIN
    // changes nothing, so it is safe to send once more on a new connection.
    if (!s && db_.lost_) s = db_.exec("BEGIN");
    begun_ = bool(s);
    if (!s) error_ = s.error().message;
    db_.transactionOpen_ = begun_;
}

Transaction::~Transaction() {
    if (begun_ && !done_) (void)db_.exec("ROLLBACK");
    db_.transactionOpen_ = false;
}

Status Transaction::commit() {
    done_ = true;
    auto s = db_.exec("COMMIT");
    if (!s) (void)db_.exec("ROLLBACK");
    db_.transactionOpen_ = false;
    if (!s) return fail("the server did not store the change: " + s.error().message);
    return Ok{};
}

// ---- URIs -----------------------------------------------------------------------------------

bool isServerUri(std::string_view target) {
    return target.rfind("postgresql://", 0) == 0 || target.rfind("postgres://", 0) == 0;
}

std::string withoutPassword(const std::string& uri) {
    size_t scheme = uri.find("://");
    if (scheme == std::string::npos) return uri;
    size_t start = scheme + 3;
    size_t end = uri.find_first_of("/?", start);
    size_t at = uri.rfind('@', end == std::string::npos ? uri.size() : end);
    std::string shown = uri;
    size_t colon = uri.find(':', start);
    if (at != std::string::npos && at >= start && colon != std::string::npos && colon < at)
        shown.replace(colon, at - colon, ":***");
    // A password=... query parameter is said just as plainly.
    if (size_t p = shown.find("password="); p != std::string::npos) {
        size_t stop = shown.find('&', p);
        shown.replace(p, (stop == std::string::npos ? shown.size() : stop) - p, "password=***");
    }
    return shown;
}

} // namespace simdesk::store::pg
