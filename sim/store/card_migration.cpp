// Migration of stored score cards from JSON to the compact c1 encoding (card_codec.hpp): SQLite
// schema 10 → 11, server schema 5 → 6. Run inside the migration's transaction, after the backup
// the store makes before any migration, so a failure leaves the file (or server) as it was.
#include "card_migration.hpp"

#include "card_codec.hpp"

#include <algorithm>
#include <functional>
#include <string>
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

namespace {
/// Rows per INSERT: a run's criteria go in one statement (one statement journal, one pass of the
/// foreign-key check) rather than one each; a rubric with more criteria takes a few statements.
constexpr size_t kCriteriaPerInsert = 8;

/// The INSERT for `rows` criteria rows (1..kCriteriaPerInsert). Built once; the statement cache
/// keys on the text's address, which stays put.
const char* insertCriteriaSql(size_t rows) {
    static const std::vector<std::string> sql = [] {
        std::vector<std::string> out(kCriteriaPerInsert + 1);
        std::string values;
        for (size_t n = 1; n <= kCriteriaPerInsert; ++n) {
            values += n == 1 ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)";
            out[n] = "INSERT INTO scoring_run_criteria (run_id, seq, criterion_id, title, levels, applicable, level, "
                     "rerated) VALUES " + values;
        }
        return out;
    }();
    return sql[rows].c_str();
}
} // namespace

Status insertRunCriteria(StatementCache& cache, int64_t runId, const std::vector<RunCriterion>& criteria) {
    for (size_t first = 0; first < criteria.size(); first += kCriteriaPerInsert) {
        const size_t rows = std::min(kCriteriaPerInsert, criteria.size() - first);
        Statement insert = cache.prepare(insertCriteriaSql(rows));
        for (size_t k = 0; k < rows; ++k) {
            const auto& c = criteria[first + k];
            const int at = static_cast<int>(8 * k);
            insert.bind(at + 1, runId).bind(at + 2, static_cast<int64_t>(first + k)).bind(at + 3, std::string_view(c.id));
            insert.bind(at + 4, std::string_view(c.title)).bind(at + 5, int64_t{c.levels});
            insert.bind(at + 6, int64_t{c.applicable}).bind(at + 7, int64_t{c.level});
            insert.bind(at + 8, int64_t{c.rerated});
        }
        if (!insert.run()) return fail(insert.error());
    }
    return Ok{};
}

Status insertRunCriteria(pg::Connection& db, int64_t runId, const std::vector<RunCriterion>& criteria) {
    if (criteria.empty()) return Ok{};
    // One statement for all the rows (one round trip): the criteria travel as a JSON array.
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& c : criteria)
        rows.push_back({c.id, c.title, c.levels, c.applicable ? 1 : 0, c.level, c.rerated ? 1 : 0});
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
    StatementCache inserts(db);
    auto s = forEachStoredCard(db, [&](int64_t id, const std::string& stored) -> Status {
        auto card = decodeStoredCard(stored);
        if (!card) return Ok{};
        update.bind(1, card->threshold).bind(2, id);
        if (!update.run()) return fail(update.error());
        update.reset();
        return insertRunCriteria(inserts, id, runCriteriaOf(*card));
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
        return insertRunCriteria(db, id, runCriteriaOf(*card));
    });
    if (!s) return s;
    return db.exec("ALTER TABLE scoring_runs ENABLE TRIGGER scoring_runs_append_only");
}

} // namespace simdesk::store
