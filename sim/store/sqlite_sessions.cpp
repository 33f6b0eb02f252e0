// Sessions and turns on SQLite: starting, recording, finishing, and reading them back (one
// session, all sessions, or every transcript in one pass for a rescore).
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "sqlite_read_ahead.hpp"
#include "store_rules.hpp"

#include "core/redaction.hpp"

#include <algorithm>

namespace simdesk::store {

// ---------------------------------------------------------------------------------------------
// Sessions and turns
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::startSession(const NewSession& s) {
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + describeError(db_));
    Statement snapshot =
        cache_->prepare("INSERT OR IGNORE INTO content_snapshots (hash, kind, content_id, version, body) "
                        "VALUES (?, ?, ?, ?, ?)");
    for (const ContentSnapshot* c : {&s.scenario, &s.rubric}) {
        snapshot.reset();
        snapshot.bind(1, c->hash).bind(2, c->kind).bind(3, c->id).bind(4, c->version).bind(5, c->text);
        if (!snapshot.run())
            return fail(snapshot.error());
    }
    Statement insert = cache_->prepare(
        "INSERT INTO sessions (person_id, scenario_id, scenario_version, scenario_hash, rubric_id, "
        "rubric_hash, mode, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, s.personId)
        .bind(2, s.scenario.id)
        .bind(3, s.scenario.version)
        .bind(4, s.scenario.hash)
        .bind(5, s.rubric.id)
        .bind(6, s.rubric.hash)
        .bind(7, s.mode)
        .bind(8, s.startedAt);
    if (!insert.run())
        return fail(insert.error());
    int64_t id = sqlite3_last_insert_rowid(db_);
    if (auto c = scope.commit(); !c)
        return c.error();
    return id;
}

Result<TranscriptEntry> SqliteStore::appendTurn(int64_t sessionId, const TranscriptEntry& entry,
                                                int64_t recordedAt) {
    TranscriptEntry stored = maskedForStorage(entry, maskSecrets_);
    std::string redactedList = joinRedacted(stored.redacted);
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + describeError(db_));
    Statement insert = cache_->prepare(
        "INSERT INTO turns (session_id, seq, kind, node_id, choice_id, text, seconds, at, mood_after, "
        "handoff_to, recorded_at, redacted) "
        "SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 "
        "FROM turns WHERE session_id = ?1");
    insert.bind(1, sessionId)
        .bind(2, entryKindName(stored.kind))
        .bind(3, stored.nodeId)
        .bind(4, stored.choiceId)
        .bind(5, stored.text)
        .bind(6, stored.seconds)
        .bind(7, stored.at)
        .bind(8, int64_t{stored.moodAfter})
        .bind(9, stored.handoffTo)
        .bind(10, recordedAt)
        .bind(11, redactedList);
    if (!insert.run())
        return fail("cannot record the turn: " + insert.error());
    if (auto c = scope.commit(); !c)
        return c.error();
    return stored;
}

Status SqliteStore::discardTurnsAfter(int64_t sessionId, size_t kept) {
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + describeError(db_));
    Statement remove = cache_->prepare("DELETE FROM turns WHERE session_id = ? AND seq > ?");
    remove.bind(1, sessionId).bind(2, static_cast<int64_t>(kept));
    if (!remove.run())
        return fail("cannot replace the incomplete last action: " + remove.error());
    return scope.commit();
}

Status SqliteStore::finishSession(int64_t sessionId, const std::string& endingId, int64_t endedAt) {
    WriteScope scope(db_, transactionDepth_);
    Statement update =
        cache_->prepare("UPDATE sessions SET status = 'finished', ending_id = ?, ended_at = ? WHERE id = ? "
                        "AND status = 'active'");
    update.bind(1, endingId).bind(2, endedAt).bind(3, sessionId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("session " + std::to_string(sessionId) + " is not an active session");
    return scope.commit();
}

Status SqliteStore::abandonSession(int64_t sessionId, int64_t at) {
    WriteScope scope(db_, transactionDepth_);
    Statement update = cache_->prepare(
        "UPDATE sessions SET status = 'abandoned', ended_at = ? WHERE id = ? AND status = 'active'");
    update.bind(1, at).bind(2, sessionId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("session " + std::to_string(sessionId) + " is not an active session");
    return scope.commit();
}

namespace {
// SIMDESK_SESSION_COLUMNS and the other column lists: store_rules.hpp, shared with PgStore.
constexpr const char* kAllSessions = SIMDESK_SESSION_COLUMNS "ORDER BY s.id";
constexpr const char* kTraineeSessions = SIMDESK_SESSION_COLUMNS "WHERE p.name = ? ORDER BY s.id";
constexpr const char* kOneSession = SIMDESK_SESSION_COLUMNS "WHERE s.id = ?";

SessionInfo readSession(const Statement& row) {
    SessionInfo s;
    s.id = row.integer(0);
    s.personId = row.integer(1);
    s.personName = row.text(2);
    s.scenarioId = row.text(3);
    s.scenarioVersion = row.text(4);
    s.scenarioHash = row.text(5);
    s.rubricId = row.text(6);
    s.rubricHash = row.text(7);
    s.mode = row.text(8);
    s.startedAt = row.integer(9);
    if (!row.isNull(10))
        s.endedAt = row.integer(10);
    s.endingId = row.text(11);
    s.status = sessionStatusFromName(row.text(12));
    if (!row.isNull(13)) {
        s.latestPercent = row.real(13);
        s.latestPassed = row.integer(14) != 0;
    }
    s.latestRubricHash = row.text(15);
    if (!row.isNull(16))
        s.latestCriticalCount = static_cast<int>(row.integer(16));
    if (!row.isNull(17))
        s.latestAutomaticPercent = row.real(17);
    return s;
}
} // namespace

Result<std::vector<SessionInfo>> SqliteStore::sessions(const std::optional<std::string>& traineeName) {
    Statement select = cache_->prepare(traineeName ? kTraineeSessions : kAllSessions);
    if (traineeName)
        select.bind(1, *traineeName);
    return collectRows(select, readSession);
}

Result<SessionInfo> SqliteStore::session(int64_t sessionId) {
    Statement select = cache_->prepare(kOneSession);
    select.bind(1, sessionId);
    if (!select.step()) {
        if (select.failed())
            return fail(select.error());
        return fail("no session " + std::to_string(sessionId));
    }
    return readSession(select);
}

namespace {
constexpr const char* kTurnColumns = SIMDESK_TURN_COLUMNS;

/// A turn row whose columns start at `first` (kTurnColumns, in order).
TranscriptEntry readEntry(const Statement& row, int first) {
    TranscriptEntry e;
    e.kind = entryKindFromName(row.text(first));
    e.nodeId = row.text(first + 1);
    e.choiceId = row.text(first + 2);
    e.text = row.text(first + 3);
    e.seconds = row.real(first + 4);
    e.at = row.integer(first + 5);
    e.moodAfter = static_cast<int>(row.integer(first + 6));
    e.handoffTo = row.text(first + 7);
    e.redacted = splitRedacted(row.text(first + 8));
    return e;
}

const std::string kOneSessionTurns = std::string("SELECT ") + kTurnColumns + " FROM turns WHERE session_id = ? ORDER BY seq";
} // namespace

Result<Transcript> SqliteStore::transcript(int64_t sessionId) {
    auto info = session(sessionId);
    if (!info)
        return info.error();
    Transcript t = transcriptOf(*info);
    Statement select = cache_->prepare(kOneSessionTurns.c_str());
    select.bind(1, sessionId);
    while (select.step())
        t.entries.push_back(readEntry(select, 0));
    if (select.failed())
        return fail(select.error());
    return t;
}

namespace {
// The pass's SQL (store_rules.hpp), shared with PgStore.
constexpr const char* kSessionBatch = SIMDESK_SESSION_BATCH("?", "?");
constexpr const char* kBatchTurns = SIMDESK_BATCH_TURNS("?", "?");
} // namespace

Status readTranscriptBatch(StatementCache& cache, int64_t after, TranscriptBatch& batch) {
    batch.infos.clear();
    batch.transcripts.clear();
    batch.infos.reserve(kSessionsPerPassBatch);  // growing it moved every session read so far, each time
    {
        Statement sessions = cache.prepare(kSessionBatch);
        sessions.bind(1, after).bind(2, kSessionsPerPassBatch);
        while (sessions.step())
            batch.infos.push_back(readSession(sessions));
        if (sessions.failed())
            return fail(sessions.error());
    }
    if (batch.infos.empty())
        return Ok{};
    batch.transcripts.reserve(batch.infos.size());
    for (const auto& info : batch.infos)
        batch.transcripts.push_back(transcriptOf(info));
    Statement turns = cache.prepare(kBatchTurns);
    turns.bind(1, after).bind(2, batch.infos.back().id);
    size_t i = 0;
    while (turns.step()) {
        int64_t id = turns.integer(0);
        while (i < batch.infos.size() && batch.infos[i].id < id)
            ++i;
        if (i < batch.infos.size() && batch.infos[i].id == id)
            batch.transcripts[i].entries.push_back(readEntry(turns, 1));
    }
    if (turns.failed())
        return fail(turns.error());
    return Ok{};
}

Status SqliteStore::forEachTranscript(const std::function<Status(const SessionVisit&)>& visit) {
    Statement count = cache_->prepare("SELECT count(*) FROM sessions");
    if (!count.step())
        return fail(count.error());
    const size_t total = static_cast<size_t>(count.integer(0));
    count.reset();
    // Read ahead on a second connection when the file allows it (sqlite_read_ahead.hpp); else each
    // batch is read whole on this connection before `visit` runs, so no read is open while it
    // writes (it adds scoring runs, which the batch query reads).
    std::unique_ptr<TranscriptReadAhead> ahead = TranscriptReadAhead::start(path_);
    TranscriptBatch batch;
    size_t done = 0;
    for (int64_t after = 0;;) {
        if (ahead) {
            auto next = ahead->next();
            if (!next)
                return next.error();
            batch = std::move(*next);
        } else if (auto s = readTranscriptBatch(*cache_, after, batch); !s) {
            return s;
        }
        if (batch.infos.empty())
            return Ok{};
        for (size_t i = 0; i < batch.infos.size(); ++i)
            if (auto s = visit({batch.infos[i], batch.transcripts[i], ++done, std::max(total, done)}); !s)
                return s;
        after = batch.infos.back().id;
    }
}

Result<ContentSnapshot> SqliteStore::snapshot(const std::string& hash) {
    Statement select =
        cache_->prepare("SELECT kind, content_id, version, hash, body FROM content_snapshots WHERE hash = ?");
    select.bind(1, hash);
    if (!select.step())
        return fail("no stored copy of content " + hash);
    return ContentSnapshot{select.text(0), select.text(1), select.text(2), select.text(3), select.text(4)};
}

Result<std::vector<int64_t>> SqliteStore::allSessionIds() {
    Statement select = cache_->prepare("SELECT id FROM sessions ORDER BY id");
    return collectRows(select, [](Statement& row) { return row.integer(0); });
}
} // namespace simdesk::store
