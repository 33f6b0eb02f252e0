// The store tests run on both backends: each backend-neutral TEST_CASE_TEMPLATE is instantiated
// with SqliteBackend and PgBackend, so one test body checks the same contract twice (test names
// end in <sqlite> and <postgresql>).
//
// PgBackend needs the throwaway server CTest starts (fixture pg_cluster_start, see
// tests/CMakeLists.txt): $SIMDESK_TEST_PG is its base URI, without a database. Each PgBackend
// gets a fresh database of its own, so tests are independent and can run in parallel.
#pragma once

#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace simdesk::test {

/// The throwaway server's base URI ("postgresql://postgres@%2Ftmp%2Fsimdesk-pg-…"); fails the
/// test when $SIMDESK_TEST_PG is not set (run the tests through ctest, which starts the server).
std::string pgServerUri();
/// A new, empty database on that server; its URI.
std::string freshPgDatabase();
/// Runs SQL on a server database as its superuser (not through the store): the first column of
/// every row joined by ",", or "error: MESSAGE" with the server's primary message.
std::string pgQuery(const std::string& uri, const std::string& sql);

/// Records a play of the mini scenario (verify, refund, then `reply` typed) for `personId`, synced
/// turn by turn as the app records it; the session's id.
int64_t recordMini(store::TrainingStore& store, int64_t personId, const std::string& reply, int64_t t0,
                   const std::string& mode = "practice");

struct SqliteBackend {
    TempDir dir{"simdesk-store"};
    std::filesystem::path file = dir.path / "s.db";
    /// What --db names.
    std::string target() const { return file.string(); }
    std::unique_ptr<store::TrainingStore> open() const;
    /// Plain SQL on the file, outside the store (see pgQuery).
    std::string query(const std::string& sql) const;
};

struct PgBackend {
    std::string uri = freshPgDatabase();
    std::string target() const { return uri; }
    std::unique_ptr<store::TrainingStore> open() const;
    std::string query(const std::string& sql) const { return pgQuery(uri, sql); }
};

} // namespace simdesk::test

TYPE_TO_STRING_AS("sqlite", simdesk::test::SqliteBackend);
TYPE_TO_STRING_AS("postgresql", simdesk::test::PgBackend);
