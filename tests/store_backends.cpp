#include "store_backends.hpp"

#include "store/recorder.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

namespace simdesk::test {

namespace fs = std::filesystem;

std::string pgServerUri() {
    const char* uri = std::getenv("SIMDESK_TEST_PG");
    if (!uri || !*uri) {
        FAIL("SIMDESK_TEST_PG is not set: run this test through ctest, which starts a throwaway PostgreSQL "
             "server (fixture pg_cluster_start) and names it there");
        return {};
    }
    return uri;
}

std::string pgQuery(const std::string& uri, const std::string& sql) {
    PGconn* conn = PQconnectdb(uri.c_str());
    std::string out;
    if (PQstatus(conn) != CONNECTION_OK) {
        out = std::string("error: ") + PQerrorMessage(conn);
        PQfinish(conn);
        return out;
    }
    PGresult* result = PQexec(conn, sql.c_str());
    auto status = PQresultStatus(result);
    if (status == PGRES_TUPLES_OK) {
        for (int i = 0; i < PQntuples(result); ++i) out += (i ? "," : "") + std::string(PQgetvalue(result, i, 0));
    } else if (status != PGRES_COMMAND_OK) {
        const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
        out = std::string("error: ") + (primary ? primary : PQerrorMessage(conn));
    }
    PQclear(result);
    PQfinish(conn);
    return out;
}

std::string freshPgDatabase() {
    static std::atomic<int> counter{0};
    // Unique across the test processes ctest runs at once (pid) and within one (counter). A name
    // made here from digits only, never from input.
    std::string name = "t_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    std::string base = pgServerUri();
    std::string made = pgQuery(base + "/postgres", "CREATE DATABASE " + name);
    if (!made.empty()) FAIL("cannot create a test database on the throwaway server: ", made);
    return base + "/" + name;
}

std::unique_ptr<store::TrainingStore> SqliteBackend::open() const {
    auto store = store::SqliteStore::open(file, {1767603600});
    if (!store) {
        FAIL(store.error().message);
        return nullptr;
    }
    return std::move(*store);
}

std::string SqliteBackend::query(const std::string& sql) const {
    sqlite3* handle = nullptr;
    sqlite3_open(file.string().c_str(), &handle);
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        out = std::string("error: ") + sqlite3_errmsg(handle);
    } else {
        int rc, rows = 0;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(stmt, 0);
            out += (rows++ ? "," : "") + std::string(text ? reinterpret_cast<const char*>(text) : "");
        }
        if (rc != SQLITE_DONE) out = std::string("error: ") + sqlite3_errmsg(handle);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return out;
}

std::unique_ptr<store::TrainingStore> PgBackend::open() const {
    auto store = store::PgStore::open(uri);
    if (!store) {
        FAIL(store.error().message);
        return nullptr;
    }
    return std::move(*store);
}

int64_t recordMini(store::TrainingStore& store, int64_t personId, const std::string& reply, int64_t t0,
                   const std::string& mode) {
    auto scenario = miniScenario();
    auto rubric = testRubric();
    auto play = PlaySession::start(scenario, t0);
    auto recorder = store::SessionRecorder::begin(store, personId, *play, *rubric, mode, t0);
    REQUIRE(recorder);
    REQUIRE(play->choose("verify", 20, t0 + 20));
    REQUIRE(recorder->sync(*play, *rubric, t0 + 20));
    REQUIRE(play->choose("refund", 20, t0 + 40));
    REQUIRE(recorder->sync(*play, *rubric, t0 + 40));
    REQUIRE(play->reply(reply, 30, t0 + 70));
    REQUIRE(recorder->sync(*play, *rubric, t0 + 70));
    return recorder->sessionId();
}

} // namespace simdesk::test
