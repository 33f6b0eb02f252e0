// Stored score cards rewritten from JSON to the compact encoding (card_codec.hpp) when a database
// migrates: SQLite schema 11, server schema 6. Internal to sim/store.
#pragma once

#include "pg.hpp"
#include "sqlite.hpp"

namespace simdesk::store {

/// Inside the migration's open transaction: every JSON card becomes a c1 card with the same content.
Status recodeStoredCards(sqlite3* db);
Status recodeStoredCards(pg::Connection& db);

} // namespace simdesk::store
