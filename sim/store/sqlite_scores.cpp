// Scores and reviews on SQLite: scoring runs (append-only, the card in the compact encoding of
// card_codec.hpp), reviewers' scores and their decisions on automatic judgements.
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "card_codec.hpp"
#include "card_migration.hpp"
#include "store_rules.hpp"

namespace simdesk::store {

// ---------------------------------------------------------------------------------------------
// Scores and reviews
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::addPreparedRun(int64_t sessionId, const PreparedRun& run, const std::string& rubricHash,
                                            const std::string& reason, int64_t scoredAt) {
    int64_t id = 0;
    // The run and its criteria rows (what the dashboards sum) are stored together or not at all.
    Status stored = inTransaction([&]() -> Status {
        auto inserted = insertReturningId(
            "INSERT INTO scoring_runs (session_id, rubric_id, rubric_version, rubric_hash, reason, scored_at, "
            "computed_percent, final_percent, passed, card_json, critical_count, automatic_percent, pass_mark) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [&](Statement& s) {
                s.bind(1, sessionId)
                    .bind(2, run.rubricId)
                    .bind(3, run.rubricVersion)
                    .bind(4, rubricHash)
                    .bind(5, reason)
                    .bind(6, scoredAt)
                    .bind(7, run.computedPercent)
                    .bind(8, run.finalPercent)
                    .bind(9, int64_t{run.passed})
                    .bind(10, run.encodedCard)
                    .bind(11, run.criticalCount)
                    .bind(13, run.threshold);
                if (run.automaticPercent)
                    s.bind(12, *run.automaticPercent);
                else
                    s.bind(12, std::nullopt);  // a cached statement keeps the last run's bindings
            });
        if (!inserted)
            return inserted.error();
        id = *inserted;
        return insertRunCriteria(*cache_, id, run.criteria);
    });
    if (!stored)
        return stored.error();
    return id;
}

Result<std::vector<ScoringRun>> SqliteStore::scoringRuns(int64_t sessionId) {
    Statement select =
        cache_->prepare(SIMDESK_SCORING_RUN_COLUMNS "WHERE session_id = ? ORDER BY id");
    select.bind(1, sessionId);
    return collectRows(select, [](Statement& row) {
        ScoringRun r{row.integer(0),
                     row.integer(1),
                     row.text(2),
                     row.text(3),
                     row.text(4),
                     row.text(5),
                     row.integer(6),
                     row.real(7),
                     row.real(8),
                     row.integer(9) != 0,
                     storedCardAsJson(row.text(10)),
                     static_cast<int>(row.integer(11)),
                     std::nullopt};
        if (!row.isNull(12))
            r.automaticPercent = row.real(12);
        return r;
    });
}

Result<int64_t> SqliteStore::addReview(const Review& review) {
    if (isBlank(review.reason))
        return fail("a reviewer score needs a reason");
    return insertReturningId("INSERT INTO reviews (session_id, criterion_id, level, reason, author_id, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                             [&](Statement& s) {
                                 s.bind(1, review.sessionId)
                                     .bind(2, review.criterionId)
                                     .bind(3, int64_t{review.level})
                                     .bind(4, review.reason)
                                     .bind(5, review.authorId)
                                     .bind(6, review.createdAt);
                             });
}

Result<std::vector<Review>> SqliteStore::reviews(std::optional<int64_t> sessionId) {
    Statement select = cache_->prepare(
        "SELECT r.id, r.session_id, r.criterion_id, r.level, r.reason, r.author_id, p.name, r.created_at "
        "FROM reviews r JOIN people p ON p.id = r.author_id WHERE (?1 IS NULL OR r.session_id = ?1) "
        "ORDER BY r.session_id, r.id");
    select.bindOptional(1, sessionId);
    return collectRows(select, [](Statement& row) {
        return Review{row.integer(0), row.integer(1), row.text(2), static_cast<int>(row.integer(3)),
                      row.text(4),    row.integer(5), row.text(6), row.integer(7)};
    });
}

Result<int64_t> SqliteStore::addTurnReview(const TurnReview& review) {
    if (isBlank(review.reason))
        return fail("confirming or overturning an automatic judgement needs a reason");
    if (review.decision != "confirmed" && review.decision != "overturned")
        return fail("a decision is \"confirmed\" or \"overturned\"");
    Statement existing = cache_->prepare("SELECT decision FROM turn_reviews WHERE session_id = ? AND turn = ?");
    existing.bind(1, review.sessionId).bind(2, int64_t{review.turn});
    if (existing.step())
        return fail("turn " + std::to_string(review.turn) + " of session #" + std::to_string(review.sessionId) +
                    " was already " + existing.text(0) + "; decisions are kept, not replaced");
    return insertReturningId("INSERT INTO turn_reviews (session_id, turn, decision, reason, reviewer_id, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             [&](Statement& s) {
                                 s.bind(1, review.sessionId)
                                     .bind(2, int64_t{review.turn})
                                     .bind(3, review.decision)
                                     .bind(4, review.reason)
                                     .bind(5, review.reviewerId)
                                     .bind(6, review.createdAt);
                             });
}

Result<std::vector<TurnReview>> SqliteStore::turnReviews(std::optional<int64_t> sessionId) {
    Statement select = cache_->prepare(
        "SELECT r.id, r.session_id, r.turn, r.decision, r.reason, r.reviewer_id, p.name, r.created_at "
        "FROM turn_reviews r JOIN people p ON p.id = r.reviewer_id WHERE (?1 IS NULL OR r.session_id = ?1) ORDER BY r.id");
    select.bindOptional(1, sessionId);
    return collectRows(select, [](Statement& row) {
        return TurnReview{row.integer(0), row.integer(1), static_cast<int>(row.integer(2)), row.text(3),
                          row.text(4),    row.integer(5), row.text(6),                      row.integer(7)};
    });
}
} // namespace simdesk::store
