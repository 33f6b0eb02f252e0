// The SQLite schema's migrations (sqlite_schema.cpp), for opening (sqlite_store.cpp).
#pragma once

namespace simdesk::store {

/// The SQL that takes a version-`from` database to version `from` + 1 (1 <= from < kSchemaVersion).
const char* sqliteMigration(int from);

/// The version whose migration also rewrites every stored card (recodeStoredCards, card_migration.cpp).
inline constexpr int kCompactCardsVersion = 11;
/// The version whose migration also fills each run's criteria rows and pass mark (fillRunSummaries).
inline constexpr int kRunSummariesVersion = 13;

} // namespace simdesk::store
