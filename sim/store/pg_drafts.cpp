// PgStore, continued: reply drafts (server schema 5), as sqlite_drafts.cpp keeps them on a
// desktop. Row-level security keeps each draft its trainee's own; the schema's triggers delete it
// when a trainee turn is appended and when the session ends.
#include "pg_store.hpp"
#include "pg.hpp"
#include "store_rules.hpp"

#include <string>

namespace simdesk::store {

Status PgStore::saveDraft(const ReplyDraft& draft) {
    if (isBlank(draft.text)) return discardDraft(draft.sessionId);
    if (draft.turn < 1) return fail("a draft is for a turn from 1 on (got " + std::to_string(draft.turn) + ")");
    std::string text = maskedDraftText(draft.text, maskSecrets_);
    // Only an active session takes a draft: the WHERE leaves nothing to insert otherwise.
    pg::Rows save = writeOne(
        "INSERT INTO turn_drafts (session_id, turn, node_id, text, saved_at) "
        "SELECT id, $2::integer, $3::text, $4::text, $5::bigint FROM sessions WHERE id = $1::bigint AND status = 'active' "
        "ON CONFLICT (session_id) DO UPDATE SET turn = excluded.turn, node_id = excluded.node_id, "
        "text = excluded.text, saved_at = excluded.saved_at",
        pg::Params().add(draft.sessionId).add(int64_t{draft.turn}).add(draft.nodeId).add(text).add(draft.savedAt));
    if (!save.ok()) return fail("cannot save the draft: " + save.error());
    if (save.affected() == 0)
        return fail("session " + std::to_string(draft.sessionId) + " is not an active session; its draft is not kept");
    return Ok{};
}

Result<std::optional<ReplyDraft>> PgStore::draft(int64_t sessionId) {
    pg::Rows rows = db_->run("SELECT turn, node_id, text, saved_at FROM turn_drafts WHERE session_id = $1",
                             pg::Params().add(sessionId));
    if (!rows.ok()) return fail(rows.error());
    if (rows.size() == 0) return std::optional<ReplyDraft>{};
    return std::optional<ReplyDraft>(ReplyDraft{sessionId, static_cast<int>(rows.integer(0, 0)), rows.text(0, 1),
                                                rows.text(0, 2), rows.integer(0, 3)});
}

Status PgStore::discardDraft(int64_t sessionId) {
    pg::Rows remove = writeOne("DELETE FROM turn_drafts WHERE session_id = $1", pg::Params().add(sessionId));
    if (!remove.ok()) return fail("cannot delete the draft: " + remove.error());
    return Ok{};
}

} // namespace simdesk::store
