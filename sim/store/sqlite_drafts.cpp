// Reply drafts on SQLite (schema 10): the trainee's unsent text of a typed turn, one per active
// session, masked like a sent reply. The schema's triggers delete it when a trainee turn is
// appended and when the session ends, so no caller can forget to.
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "store_rules.hpp"

#include <sqlite3.h>

namespace simdesk::store {

Status SqliteStore::saveDraft(const ReplyDraft& draft) {
    if (isBlank(draft.text)) return discardDraft(draft.sessionId);
    if (draft.turn < 1) return fail("a draft is for a turn from 1 on (got " + std::to_string(draft.turn) + ")");
    std::string text = maskedDraftText(draft.text, maskSecrets_);
    return inTransaction([&]() -> Status {
        // Only an active session takes a draft: the WHERE leaves nothing to insert otherwise.
        Statement save = cache_->prepare(
            "INSERT INTO turn_drafts (session_id, turn, node_id, text, saved_at) "
            "SELECT id, ?2, ?3, ?4, ?5 FROM sessions WHERE id = ?1 AND status = 'active' "
            "ON CONFLICT (session_id) DO UPDATE SET turn = excluded.turn, node_id = excluded.node_id, "
            "text = excluded.text, saved_at = excluded.saved_at");
        save.bind(1, draft.sessionId)
            .bind(2, int64_t{draft.turn})
            .bind(3, draft.nodeId)
            .bind(4, std::string_view(text))
            .bind(5, draft.savedAt);
        if (!save.run()) return fail("cannot save the draft: " + save.error());
        if (sqlite3_changes(db_) == 0)
            return fail("session " + std::to_string(draft.sessionId) + " is not an active session; its draft is not kept");
        return Ok{};
    });
}

Result<std::optional<ReplyDraft>> SqliteStore::draft(int64_t sessionId) {
    Statement select = cache_->prepare("SELECT turn, node_id, text, saved_at FROM turn_drafts WHERE session_id = ?");
    select.bind(1, sessionId);
    if (!select.step()) {
        if (select.failed()) return fail(select.error());
        return std::optional<ReplyDraft>{};
    }
    return std::optional<ReplyDraft>(
        ReplyDraft{sessionId, static_cast<int>(select.integer(0)), select.text(1), select.text(2), select.integer(3)});
}

Status SqliteStore::discardDraft(int64_t sessionId) {
    return inTransaction([&]() -> Status {
        Statement remove = cache_->prepare("DELETE FROM turn_drafts WHERE session_id = ?");
        remove.bind(1, sessionId);
        if (!remove.run()) return fail("cannot delete the draft: " + remove.error());
        return Ok{};
    });
}

} // namespace simdesk::store
