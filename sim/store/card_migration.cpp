// Migration of stored score cards from JSON to the compact c1 encoding (card_codec.hpp): SQLite
// schema 10 → 11, server schema 5 → 6. Run inside the migration's transaction, after the backup
// the store makes before any migration, so a failure leaves the file (or server) as it was.
#include "card_migration.hpp"

#include "card_codec.hpp"

#include <functional>
#include <vector>

namespace simdesk::store {
namespace {

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

/// Every stored card, in id order, a batch at a time (memory stays bounded at 100 000 sessions):
/// `visit(id, stored)` for each, between the batch's read and the next, so it may write.
Status forEachStoredCard(sqlite3* db, const std::function<Status(int64_t, const std::string&)>& visit) {
    Statement select(db, "SELECT id, card_json FROM scoring_runs WHERE id > ? ORDER BY id LIMIT ?");
    int64_t after = 0;
    for (;;) {
        std::vector<std::pair<int64_t, std::string>> batch;
        select.bind(1, after).bind(2, kBatch);
        while (select.step()) batch.emplace_back(after = select.integer(0), select.text(1));
        if (select.failed()) return fail(select.error());
        select.reset();
        for (const auto& [id, stored] : batch)
            if (auto s = visit(id, stored); !s) return s;
        if (batch.size() < static_cast<size_t>(kBatch)) return Ok{};
    }
}

Status forEachStoredCard(pg::Connection& db, const std::function<Status(int64_t, const std::string&)>& visit) {
    int64_t after = 0;
    for (;;) {
        pg::Rows rows = db.run("SELECT id, card_json FROM scoring_runs WHERE id > $1 ORDER BY id LIMIT $2",
                               pg::Params().add(after).add(kBatch));
        if (!rows.ok()) return fail(rows.error());
        for (int i = 0; i < rows.size(); ++i)
            if (auto s = visit(after = rows.integer(i, 0), rows.text(i, 1)); !s) return s;
        if (rows.size() < kBatch) return Ok{};
    }
}

} // namespace

Status recodeStoredCards(sqlite3* db) {
    // Scores are append-only; the trigger is lifted for this one rewrite and restored in the same
    // transaction, as the schema-6 backfill did.
    if (auto s = exec(db, "DROP TRIGGER scoring_runs_append_only_u"); !s) return s;
    Statement update(db, "UPDATE scoring_runs SET card_json = ? WHERE id = ?");
    auto s = forEachStoredCard(db, [&](int64_t id, const std::string& stored) -> Status {
        auto card = recoded(stored);
        if (!card) return Ok{};
        update.bind(1, std::string_view(*card)).bind(2, id);
        if (!update.run()) return fail(update.error());
        update.reset();
        return Ok{};
    });
    if (!s) return s;
    return exec(db, "CREATE TRIGGER scoring_runs_append_only_u BEFORE UPDATE ON scoring_runs "
                    "BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;");
}

Status recodeStoredCards(pg::Connection& db) {
    // The owner migrates; the append-only trigger is off for this one rewrite, in the transaction.
    if (auto s = db.exec("ALTER TABLE scoring_runs DISABLE TRIGGER scoring_runs_append_only"); !s) return s;
    auto s = forEachStoredCard(db, [&](int64_t id, const std::string& stored) -> Status {
        auto card = recoded(stored);
        if (!card) return Ok{};
        pg::Rows update = db.run("UPDATE scoring_runs SET card_json = $1 WHERE id = $2", pg::Params().add(*card).add(id));
        return update.ok() ? Status(Ok{}) : Status(fail(update.error()));
    });
    if (!s) return s;
    return db.exec("ALTER TABLE scoring_runs ENABLE TRIGGER scoring_runs_append_only");
}

// ---- the dashboards' summaries of each run (SQLite 13, server 8) ----------------------------------

const char* const kInsertRunCriterion =
    "INSERT INTO scoring_run_criteria (run_id, seq, criterion_id, title, levels, applicable, level, rerated) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

Status insertRunCriteria(Statement& insert, int64_t runId, const ScoreCard& card) {
    int64_t seq = 0;
    for (const auto& c : card.criteria) {
        // A level only where the criterion applied, as the card itself keeps it.
        insert.bind(1, runId).bind(2, seq++).bind(3, std::string_view(c.id)).bind(4, std::string_view(c.title));
        insert.bind(5, int64_t{c.levels}).bind(6, int64_t{c.applicable}).bind(7, int64_t{c.applicable ? c.level : 0});
        insert.bind(8, int64_t{c.rerated});
        if (!insert.run()) return fail(insert.error());
        insert.reset();
    }
    return Ok{};
}

Status insertRunCriteria(pg::Connection& db, int64_t runId, const ScoreCard& card) {
    if (card.criteria.empty()) return Ok{};
    // One statement for all the rows (one round trip): the criteria travel as a JSON array.
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& c : card.criteria)
        rows.push_back({c.id, c.title, c.levels, c.applicable ? 1 : 0, c.applicable ? c.level : 0, c.rerated ? 1 : 0});
    pg::Rows done = db.run(
        "INSERT INTO scoring_run_criteria (run_id, seq, criterion_id, title, levels, applicable, level, rerated) "
        "SELECT $1, e.ord - 1, e.x->>0, e.x->>1, CAST(e.x->>2 AS INTEGER), CAST(e.x->>3 AS INTEGER), "
        "CAST(e.x->>4 AS INTEGER), CAST(e.x->>5 AS INTEGER) "
        "FROM json_array_elements(CAST($2 AS JSON)) WITH ORDINALITY AS e(x, ord)",
        pg::Params().add(runId).add(rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
    if (!done.ok()) return fail(done.error());
    return Ok{};
}

Status fillRunSummaries(sqlite3* db) {
    // The pass mark is a new column of an append-only table: the trigger is lifted for this one
    // backfill and restored in the same transaction, as the schema-6 backfill did.
    if (auto s = exec(db, "DROP TRIGGER scoring_runs_append_only_u"); !s) return s;
    Statement update(db, "UPDATE scoring_runs SET pass_mark = ? WHERE id = ?");
    Statement insert(db, kInsertRunCriterion);
    auto s = forEachStoredCard(db, [&](int64_t id, const std::string& stored) -> Status {
        auto card = decodeStoredCard(stored);
        if (!card) return Ok{};
        update.bind(1, card->threshold).bind(2, id);
        if (!update.run()) return fail(update.error());
        update.reset();
        return insertRunCriteria(insert, id, *card);
    });
    if (!s) return s;
    return exec(db, "CREATE TRIGGER scoring_runs_append_only_u BEFORE UPDATE ON scoring_runs "
                    "BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;");
}

Status fillRunSummaries(pg::Connection& db) {
    if (auto s = db.exec("ALTER TABLE scoring_runs DISABLE TRIGGER scoring_runs_append_only"); !s) return s;
    auto s = forEachStoredCard(db, [&](int64_t id, const std::string& stored) -> Status {
        auto card = decodeStoredCard(stored);
        if (!card) return Ok{};
        pg::Rows update = db.run("UPDATE scoring_runs SET pass_mark = $1 WHERE id = $2", pg::Params().add(card->threshold).add(id));
        if (!update.ok()) return fail(update.error());
        return insertRunCriteria(db, id, *card);
    });
    if (!s) return s;
    return db.exec("ALTER TABLE scoring_runs ENABLE TRIGGER scoring_runs_append_only");
}

} // namespace simdesk::store
