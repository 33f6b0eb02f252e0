// Disputes on SQLite: a trainee's dispute of a criterion's score and its one resolution, both
// append-only (the triggers of schema 8), and the team's dispute window (a setting).
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "store_rules.hpp"

#include <string>

namespace simdesk::store {

namespace {


constexpr const char* kSelectDisputes =
    "SELECT d.id, d.session_id, d.trainee_id, t.name, d.criterion_id, d.reason, d.opened_at, "
    "r.resolver_id, coalesce(v.name, ''), r.outcome, r.level, r.reason, r.resolved_at "
    "FROM disputes d JOIN people t ON t.id = d.trainee_id "
    "LEFT JOIN dispute_resolutions r ON r.dispute_id = d.id LEFT JOIN people v ON v.id = r.resolver_id "
    "WHERE (?1 IS NULL OR d.session_id = ?1) ORDER BY d.id";

Dispute readDispute(const Statement& row) {
    Dispute d{row.integer(0), row.integer(1), row.integer(2), row.text(3), row.text(4), row.text(5), row.integer(6), std::nullopt};
    if (!row.isNull(7)) {
        DisputeResolution r{row.integer(7), row.text(8), row.text(9), std::nullopt, row.text(11), row.integer(12)};
        if (!row.isNull(10)) r.level = static_cast<int>(row.integer(10));
        d.resolution = std::move(r);
    }
    return d;
}

} // namespace

Result<int64_t> SqliteStore::openDispute(const Dispute& dispute) {
    if (isBlank(dispute.reason)) return fail("a dispute needs a reason: what in the conversation earned a different level");
    Statement open = cache_->prepare(
        "SELECT d.id FROM disputes d LEFT JOIN dispute_resolutions r ON r.dispute_id = d.id "
        "WHERE d.session_id = ? AND d.criterion_id = ? AND r.dispute_id IS NULL");
    open.bind(1, dispute.sessionId).bind(2, dispute.criterionId);
    if (open.step())
        return fail("dispute #" + std::to_string(open.integer(0)) + " of \"" + dispute.criterionId + "\" on session #" +
                    std::to_string(dispute.sessionId) + " is still open");
    return insertReturningId(
        "INSERT INTO disputes (session_id, trainee_id, criterion_id, reason, opened_at) VALUES (?, ?, ?, ?, ?)",
        [&](Statement& s) {
            s.bind(1, dispute.sessionId)
                .bind(2, dispute.traineeId)
                .bind(3, dispute.criterionId)
                .bind(4, dispute.reason)
                .bind(5, dispute.openedAt);
        });
}

Status SqliteStore::resolveDispute(int64_t disputeId, const DisputeResolution& r) {
    if (isBlank(r.reason)) return fail("resolving a dispute needs a reason the trainee can read");
    if (r.outcome != "upheld" && r.outcome != "overturned") return fail("a dispute is \"upheld\" or \"overturned\"");
    if ((r.outcome == "overturned") != r.level.has_value())
        return fail(r.outcome == "overturned" ? "overturning a dispute needs the level the criterion is re-rated to"
                                              : "an upheld dispute keeps the score; it takes no level");
    Statement state = cache_->prepare(
        "SELECT r.outcome FROM disputes d LEFT JOIN dispute_resolutions r ON r.dispute_id = d.id WHERE d.id = ?");
    state.bind(1, disputeId);
    if (!state.step()) return fail("there is no dispute #" + std::to_string(disputeId));
    if (!state.isNull(0))
        return fail("dispute #" + std::to_string(disputeId) + " was already " + state.text(0) + "; resolutions are kept, not replaced");
    auto id = insertReturningId(
        "INSERT INTO dispute_resolutions (dispute_id, resolver_id, outcome, level, reason, resolved_at) VALUES (?, ?, ?, ?, ?, ?)",
        [&](Statement& s) {
            s.bind(1, disputeId).bind(2, r.resolverId).bind(3, r.outcome);
            if (r.level)
                s.bind(4, int64_t{*r.level});
            else
                s.bind(4, std::nullopt);
            s.bind(5, r.reason).bind(6, r.resolvedAt);
        });
    if (!id) return id.error();
    return Ok{};
}

Result<std::vector<Dispute>> SqliteStore::disputes(std::optional<int64_t> sessionId) {
    Statement select = cache_->prepare(kSelectDisputes);
    if (sessionId)
        select.bind(1, *sessionId);
    else
        select.bind(1, std::nullopt);
    return collectRows(select, readDispute);
}

Result<int> SqliteStore::disputeWindowDays() {
    Statement select = cache_->prepare("SELECT value FROM settings WHERE key = 'dispute_window_days'");
    if (!select.step()) {
        if (select.failed()) return fail(select.error());
        return kDefaultDisputeWindowDays;
    }
    try {
        return std::stoi(select.text(0));
    } catch (const std::exception&) {
        return kDefaultDisputeWindowDays;  // a hand-edited value that is not a number
    }
}

Status SqliteStore::setDisputeWindowDays(int days) {
    if (days < 1 || days > 365) return fail("a dispute window is 1 to 365 days");
    return inTransaction([&]() -> Status {
        Statement update = cache_->prepare("INSERT INTO settings (key, value) VALUES ('dispute_window_days', ?) "
                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        update.bind(1, std::to_string(days));
        if (!update.run()) return fail(update.error());
        return Ok{};
    });
}

} // namespace simdesk::store
