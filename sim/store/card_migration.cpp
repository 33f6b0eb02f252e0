// Migration of stored score cards from JSON to the compact c1 encoding (card_codec.hpp): SQLite
// schema 10 → 11, server schema 5 → 6. Run inside the migration's transaction, after the backup
// the store makes before any migration, so a failure leaves the file (or server) as it was.
#include "card_migration.hpp"

#include "card_codec.hpp"

#include <vector>

namespace simdesk::store {
namespace {

struct Recoded {
    int64_t id = 0;
    std::string card;
};

/// A batch bounds memory at 100 000 sessions: ids ascending, `after` the last one done.
constexpr int64_t kBatch = 2000;

/// The compact card for a stored JSON one, or nothing: a card that does not read is left as it was
/// (readers already show it as unreadable), never dropped.
std::optional<std::string> recoded(const std::string& stored) {
    if (stored.empty() || stored.front() != '{') return std::nullopt;
    auto card = decodeStoredCard(stored);
    if (!card) return std::nullopt;
    return encodeStoredCard(*card);
}

} // namespace

Status recodeStoredCards(sqlite3* db) {
    // Scores are append-only; the trigger is lifted for this one rewrite and restored in the same
    // transaction, as the schema-6 backfill did.
    if (auto s = exec(db, "DROP TRIGGER scoring_runs_append_only_u"); !s) return s;
    Statement select(db, "SELECT id, card_json FROM scoring_runs WHERE id > ? ORDER BY id LIMIT ?");
    Statement update(db, "UPDATE scoring_runs SET card_json = ? WHERE id = ?");
    int64_t after = 0;
    for (;;) {
        std::vector<Recoded> batch;
        select.bind(1, after).bind(2, kBatch);
        size_t read = 0;
        while (select.step()) {
            ++read;
            after = select.integer(0);
            if (auto card = recoded(select.text(1))) batch.push_back({after, std::move(*card)});
        }
        if (select.failed()) return fail(select.error());
        select.reset();
        for (const auto& r : batch) {
            update.bind(1, std::string_view(r.card)).bind(2, r.id);
            if (!update.run()) return fail(update.error());
            update.reset();
        }
        if (read < static_cast<size_t>(kBatch)) break;
    }
    return exec(db, "CREATE TRIGGER scoring_runs_append_only_u BEFORE UPDATE ON scoring_runs "
                    "BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;");
}

Status recodeStoredCards(pg::Connection& db) {
    // The owner migrates; the append-only trigger is off for this one rewrite, in the transaction.
    if (auto s = db.exec("ALTER TABLE scoring_runs DISABLE TRIGGER scoring_runs_append_only"); !s) return s;
    int64_t after = 0;
    for (;;) {
        pg::Rows rows = db.run("SELECT id, card_json FROM scoring_runs WHERE id > $1 ORDER BY id LIMIT $2",
                               pg::Params().add(after).add(kBatch));
        if (!rows.ok()) return fail(rows.error());
        for (int i = 0; i < rows.size(); ++i) {
            after = rows.integer(i, 0);
            auto card = recoded(rows.text(i, 1));
            if (!card) continue;
            pg::Rows update = db.run("UPDATE scoring_runs SET card_json = $1 WHERE id = $2", pg::Params().add(*card).add(after));
            if (!update.ok()) return fail(update.error());
        }
        if (rows.size() < kBatch) break;
    }
    return db.exec("ALTER TABLE scoring_runs ENABLE TRIGGER scoring_runs_append_only");
}

} // namespace simdesk::store
