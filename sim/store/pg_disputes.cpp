// PgStore, continued: disputes (append-only, like scores) and the team's dispute window, as
// sqlite_disputes.cpp keeps them on a desktop.
#include "pg_store.hpp"
#include "pg.hpp"
#include "store_rules.hpp"

#include <string>

namespace simdesk::store {

namespace {


Dispute readDispute(const pg::Rows& row, int i) {
    Dispute d{row.integer(i, 0), row.integer(i, 1), row.integer(i, 2), row.text(i, 3),
              row.text(i, 4),    row.text(i, 5),    row.integer(i, 6), std::nullopt};
    if (!row.isNull(i, 7)) {
        DisputeResolution r{row.integer(i, 7), row.text(i, 8), row.text(i, 9), std::nullopt, row.text(i, 11), row.integer(i, 12)};
        if (!row.isNull(i, 10)) r.level = static_cast<int>(row.integer(i, 10));
        d.resolution = std::move(r);
    }
    return d;
}

} // namespace

Result<int64_t> PgStore::openDispute(const Dispute& dispute) {
    if (isBlank(dispute.reason)) return fail("a dispute needs a reason: what in the conversation earned a different level");
    pg::Rows open = db_->run("SELECT d.id FROM disputes d LEFT JOIN dispute_resolutions r ON r.dispute_id = d.id "
                             "WHERE d.session_id = $1 AND d.criterion_id = $2 AND r.dispute_id IS NULL",
                             pg::Params().add(dispute.sessionId).add(dispute.criterionId));
    if (!open.ok()) return fail(open.error());
    if (open.size() > 0)
        return fail("dispute #" + std::to_string(open.integer(0, 0)) + " of \"" + dispute.criterionId + "\" on session #" +
                    std::to_string(dispute.sessionId) + " is still open");
    return insertReturningId("INSERT INTO disputes (session_id, trainee_id, criterion_id, reason, opened_at) "
                             "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                             pg::Params()
                                 .add(dispute.sessionId)
                                 .add(dispute.traineeId)
                                 .add(dispute.criterionId)
                                 .add(dispute.reason)
                                 .add(dispute.openedAt));
}

Status PgStore::resolveDispute(int64_t disputeId, const DisputeResolution& r) {
    if (isBlank(r.reason)) return fail("resolving a dispute needs a reason the trainee can read");
    if (r.outcome != "upheld" && r.outcome != "overturned") return fail("a dispute is \"upheld\" or \"overturned\"");
    if ((r.outcome == "overturned") != r.level.has_value())
        return fail(r.outcome == "overturned" ? "overturning a dispute needs the level the criterion is re-rated to"
                                              : "an upheld dispute keeps the score; it takes no level");
    pg::Rows state = db_->run("SELECT r.outcome FROM disputes d LEFT JOIN dispute_resolutions r ON r.dispute_id = d.id "
                              "WHERE d.id = $1",
                              pg::Params().add(disputeId));
    if (!state.ok()) return fail(state.error());
    if (state.size() == 0) return fail("there is no dispute #" + std::to_string(disputeId));
    if (!state.isNull(0, 0))
        return fail("dispute #" + std::to_string(disputeId) + " was already " + state.text(0, 0) +
                    "; resolutions are kept, not replaced");
    std::optional<int64_t> level;
    if (r.level) level = *r.level;
    pg::Rows insert = writeOne("INSERT INTO dispute_resolutions (dispute_id, resolver_id, outcome, level, reason, resolved_at) "
                               "VALUES ($1, $2, $3, $4, $5, $6)",
                               pg::Params().add(disputeId).add(r.resolverId).add(r.outcome).add(level).add(r.reason).add(r.resolvedAt));
    if (!insert.ok()) return fail(insert.error());
    return Ok{};
}

Result<std::vector<Dispute>> PgStore::disputes(std::optional<int64_t> sessionId) {
    pg::Rows rows = db_->run(
        "SELECT d.id, d.session_id, d.trainee_id, t.name, d.criterion_id, d.reason, d.opened_at, "
        "r.resolver_id, coalesce(v.name, ''), r.outcome, r.level, r.reason, r.resolved_at "
        "FROM disputes d JOIN people t ON t.id = d.trainee_id "
        "LEFT JOIN dispute_resolutions r ON r.dispute_id = d.id LEFT JOIN people v ON v.id = r.resolver_id "
        "WHERE ($1::bigint IS NULL OR d.session_id = $1) ORDER BY d.id",
        pg::Params().add(sessionId));
    if (!rows.ok()) return fail(rows.error());
    std::vector<Dispute> out;
    for (int i = 0; i < rows.size(); ++i) out.push_back(readDispute(rows, i));
    return out;
}

Result<int> PgStore::disputeWindowDays() {
    pg::Rows rows = db_->run("SELECT value FROM settings WHERE key = 'dispute_window_days'");
    if (!rows.ok()) return fail(rows.error());
    if (rows.size() == 0) return kDefaultDisputeWindowDays;
    try {
        return std::stoi(rows.text(0, 0));
    } catch (const std::exception&) {
        return kDefaultDisputeWindowDays;
    }
}

Status PgStore::setDisputeWindowDays(int days) {
    if (days < 1 || days > 365) return fail("a dispute window is 1 to 365 days");
    pg::Rows update = writeOne("INSERT INTO settings (key, value) VALUES ('dispute_window_days', $1) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               pg::Params().add(std::to_string(days)));
    if (!update.ok()) return fail(update.error());
    return Ok{};
}

} // namespace simdesk::store
