// Stored score cards rewritten from JSON to the compact encoding (card_codec.hpp) when a database
// migrates: SQLite schema 11, server schema 6; and the dashboards' summaries of each run filled
// from its card: SQLite schema 13, server schema 8. Internal to sim/store.
#pragma once

#include "pg.hpp"
#include "sqlite.hpp"
#include "store.hpp"

#include "core/scoring.hpp"

namespace simdesk::store {

/// Inside the migration's open transaction: every JSON card becomes a c1 card with the same content.
Status recodeStoredCards(sqlite3* db);
Status recodeStoredCards(pg::Connection& db);

/// One scoring_run_criteria row per criterion of `card`, the dashboards' sums read (insight_sql.cpp).
Status insertRunCriteria(StatementCache& cache, int64_t runId, const std::vector<RunCriterion>& criteria);
Status insertRunCriteria(pg::Connection& db, int64_t runId, const std::vector<RunCriterion>& criteria);

/// Inside the migration's open transaction: each run's pass mark and criteria rows from its stored
/// card. A card that does not read gets neither (its figures were already left out), never an error.
Status fillRunSummaries(sqlite3* db);
Status fillRunSummaries(pg::Connection& db);

} // namespace simdesk::store
