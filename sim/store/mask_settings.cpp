// Masking as a recorded decision: who turned it off and when, and masking what was stored while
// it was off. Kept apart from sqlite_store.cpp, which holds the rest of the store.
#include "sqlite_store.hpp"
#include "card_codec.hpp"
#include "db_copy.hpp"
#include "sqlite.hpp"

#include "core/redaction.hpp"
#include "core/transcript.hpp"

#include <sqlite3.h>

namespace simdesk::store {

using nlohmann::json;

namespace {

/// Every string in a score card with its secrets masked (reasons quote the reply they judged).
bool maskStrings(json& j) {
    bool changed = false;
    if (j.is_string()) {
        RedactedText masked = redactSecrets(j.get_ref<const std::string&>());
        if (masked.text != j.get_ref<const std::string&>()) {
            j = masked.text;
            changed = true;
        }
    } else if (j.is_structured()) {
        for (auto& item : j) changed = maskStrings(item) || changed;
    }
    return changed;
}

constexpr const char* kLiftAppendOnly = "DROP TRIGGER turns_append_only_u; DROP TRIGGER scoring_runs_append_only_u;";
constexpr const char* kRestoreAppendOnly =
    "CREATE TRIGGER turns_append_only_u BEFORE UPDATE ON turns BEGIN SELECT RAISE(ABORT, 'turns are append-only'); END;"
    "CREATE TRIGGER scoring_runs_append_only_u BEFORE UPDATE ON scoring_runs BEGIN SELECT RAISE(ABORT, 'scores are append-only'); END;";

struct MaskedRow {
    int64_t id = 0;
    std::string text, extra;  ///< turns: text and redacted kinds; scoring_runs: card_json
};

} // namespace

Status SqliteStore::changeMaskSecrets(bool on, const std::string& by, int64_t at) {
    return inTransaction([&]() -> Status {
        if (auto s = setMaskSecrets(on); !s) return s;
        Statement record = cache_->prepare("INSERT INTO settings (key, value) VALUES (?, ?) "
                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        for (auto [key, value] : {std::pair<std::string_view, std::string>{"mask_secrets_changed_by", by},
                                  std::pair<std::string_view, std::string>{"mask_secrets_changed_at", std::to_string(at)}}) {
            record.bind(1, key).bind(2, std::string_view(value));
            if (!record.run()) return fail(record.error());
            record.reset();
        }
        return Ok{};
    });
}

Result<SqliteStore::MaskChange> SqliteStore::maskSecretsChange() {
    MaskChange change;
    Statement select = cache_->prepare("SELECT key, value FROM settings WHERE key IN ('mask_secrets_changed_by', 'mask_secrets_changed_at')");
    while (select.step()) {
        if (select.text(0) == "mask_secrets_changed_by") change.by = select.text(1);
        else change.at = std::atoll(select.text(1).c_str());
    }
    if (select.failed()) return fail(select.error());
    return change;
}

Result<size_t> SqliteStore::maskStoredSecrets(bool apply) {
    std::vector<MaskedRow> turns, cards;
    {
        Statement select = cache_->prepare("SELECT id, text, redacted FROM turns WHERE kind = ?");
        select.bind(1, entryKindName(EntryKind::TraineeReply));
        while (select.step()) {
            std::string text = select.text(1);
            RedactedText masked = redactSecrets(text);
            if (masked.text == text) continue;
            std::string kinds = select.text(2);
            for (const auto& f : masked.found) {
                std::string kind(secretKindName(f.kind));
                if (("," + kinds + ",").find("," + kind + ",") == std::string::npos) kinds += (kinds.empty() ? "" : ",") + kind;
            }
            turns.push_back({select.integer(0), masked.text, kinds});
        }
        if (select.failed()) return fail(select.error());
        Statement runs = cache_->prepare("SELECT id, card_json FROM scoring_runs");
        while (runs.step()) {
            // Masked as JSON (every string in it), written back in the compact encoding.
            json card = storedCardAsJson(runs.text(1));
            if (card.is_discarded() || !maskStrings(card)) continue;
            auto masked = scoreCardFromStoredJson(card);
            if (masked) cards.push_back({runs.integer(0), encodeStoredCard(*masked), ""});
        }
        if (runs.failed()) return fail(runs.error());
    }
    if (!apply || (turns.empty() && cards.empty())) return turns.size();
    // Freed space is zeroed, so the old text does not survive in the file's free pages.
    if (auto s = exec(db_, "PRAGMA secure_delete = ON"); !s) return s.error();
    auto masked = inTransaction([&]() -> Status {
        if (auto s = exec(db_, kLiftAppendOnly); !s) return s;
        Statement updateTurn = cache_->prepare("UPDATE turns SET text = ?, redacted = ? WHERE id = ?");
        for (const auto& t : turns) {
            updateTurn.bind(1, std::string_view(t.text)).bind(2, std::string_view(t.extra)).bind(3, t.id);
            if (!updateTurn.run()) return fail(updateTurn.error());
            updateTurn.reset();
        }
        Statement updateCard = cache_->prepare("UPDATE scoring_runs SET card_json = ? WHERE id = ?");
        for (const auto& c : cards) {
            updateCard.bind(1, std::string_view(c.text)).bind(2, c.id);
            if (!updateCard.run()) return fail(updateCard.error());
            updateCard.reset();
        }
        return exec(db_, kRestoreAppendOnly);
    });
    if (!masked) return masked.error();
    // The WAL still holds the pages as they were; copy the masked ones back and empty it. A reader
    // in another process can keep it from finishing; its pages are overwritten on later checkpoints.
    (void)exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    return turns.size();
}

} // namespace simdesk::store
