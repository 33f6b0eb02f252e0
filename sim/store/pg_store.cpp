// Section index: opening (schema checks, migration) · writes and transactions · people ·
// sessions and turns. Scores, reviews, coaching, calibration, certification and settings:
// pg_store_records.cpp. The schema: pg_schema.cpp.
#include "pg_store.hpp"
#include "pg.hpp"
#include "card_migration.hpp"
#include "store_rules.hpp"

#include <map>

namespace simdesk::store {

// ---------------------------------------------------------------------------------------------
// Opening
// ---------------------------------------------------------------------------------------------

PgStore::PgStore(std::unique_ptr<pg::Connection> db) : db_(std::move(db)) {}
PgStore::~PgStore() = default;

const std::string& PgStore::shown() const { return db_->shown(); }

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& conninfo) { return openAs(conninfo, "", "", 0); }

Result<std::unique_ptr<PgStore>> PgStore::openAs(const std::string& conninfo, const std::string& user,
                                                 const std::string& password, int timeoutSeconds) {
    std::string shown = pg::isServerUri(conninfo) ? pg::withoutPassword(conninfo) : "the server (" + conninfo + ")";
    if (conninfo.find("password=") != std::string::npos && !pg::isServerUri(conninfo)) shown = "the server";
    auto connection = pg::Connection::connectAs(conninfo, shown, user, password, timeoutSeconds);
    if (!connection) return connection.error();
    std::unique_ptr<PgStore> store(new PgStore(std::make_unique<pg::Connection>(std::move(*connection))));
    if (auto s = store->initialise(); !s) return s.error();
    return store;
}

namespace {
/// Two desks opening an empty or older database at once: one migrates, the other waits, then
/// finds the schema current. (Any constant works; this one spells "simdesk" in ASCII.)
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(7308602888137451)";
constexpr const char* kTablesHere =
    "SELECT count(*), count(*) FILTER (WHERE tablename = 'schema_version') FROM pg_tables "
    "WHERE schemaname = current_schema()";
constexpr const char* kVersion = "SELECT max(version) FROM schema_version";

/// The schema version, 0 for an empty database, or why this database is not simdesk's.
Result<int> readVersion(pg::Connection& db) {
    const std::string& shown = db.shown();
    pg::Rows tables = db.run(kTablesHere);
    if (!tables.ok()) return fail("cannot read " + shown + ": " + tables.error());
    if (tables.integer(0, 1) == 0) {
        if (tables.integer(0, 0) > 0)
            return fail(shown + " holds tables but not a simdesk database (no schema_version table); it was left untouched");
        return 0;
    }
    pg::Rows version = db.run(kVersion);
    if (!version.ok()) return fail("cannot read the schema version of " + shown + ": " + version.error());
    if (version.isNull(0, 0)) return fail(shown + " has no schema version; it was left untouched");
    return static_cast<int>(version.integer(0, 0));
}

Status refuseNewer(const std::string& shown, int version) {
    return fail(shown + " holds a simdesk database of a newer simdesk (schema version " + std::to_string(version) +
                "; this simdesk knows up to " + std::to_string(kPgSchemaVersion) +
                "); it was left untouched — use a newer simdesk");
}
} // namespace

Status PgStore::initialise() {
    const std::string& shown = db_->shown();
    // Read-only checks first: nothing is written until the database is known to be ours.
    auto version = readVersion(*db_);
    if (!version) return version.error();
    if (*version > kPgSchemaVersion) return refuseNewer(shown, *version);
    if (*version < kPgSchemaVersion) {
        pg::Transaction tx(*db_);
        if (!tx.begun()) return fail("cannot write to " + shown + ": " + tx.error());
        if (pg::Rows lock = db_->run(kSchemaLock); !lock.ok()) return fail("cannot write to " + shown + ": " + lock.error());
        // Read again under the lock: another desk may have created or migrated it meanwhile.
        auto now = readVersion(*db_);
        if (!now) return now.error();
        if (*now > kPgSchemaVersion) return refuseNewer(shown, *now);
        for (int v = *now + 1; v <= kPgSchemaVersion; ++v) {
            auto s = db_->exec(pgMigrationSql(v));
            // Cards are rewritten in C++ (card_migration.cpp); a new server has none.
            if (s && v == kPgCompactCardsVersion && *now > 0) s = recodeStoredCards(*db_);
            if (s && v == kPgRunSummariesVersion && *now > 0) s = fillRunSummaries(*db_);
            if (!s)
                return fail((v == 1 ? "cannot create simdesk's tables on " : "cannot migrate " + shown + " to schema " +
                                                                                 std::to_string(v) + " on ") +
                            shown + ": " + s.error().message + "; nothing was changed");
        }
        if (auto s = tx.commit(); !s) return fail("cannot write to " + shown + ": " + s.error().message);
    }
    pg::Rows mask = db_->run("SELECT value FROM settings WHERE key = 'mask_secrets'");
    if (!mask.ok()) return fail("cannot read the settings of " + shown + ": " + mask.error());
    if (mask.size() > 0) maskSecrets_ = mask.text(0, 0) != "off";
    return Ok{};
}

// ---------------------------------------------------------------------------------------------
// Writes and transactions
// ---------------------------------------------------------------------------------------------

Status PgStore::atomically(const std::function<Status()>& body) {
    if (transactionDepth_ == 0) {
        pg::Transaction tx(*db_);
        if (!tx.begun()) return fail("cannot write to " + db_->shown() + ": " + tx.error());
        ++transactionDepth_;
        Status result = body();
        --transactionDepth_;
        if (!result) return result;
        return tx.commit();
    }
    if (auto s = db_->exec("SAVEPOINT simdesk_write"); !s) return fail("cannot write: " + s.error().message);
    Status result = body();
    if (!result) {
        (void)db_->exec("ROLLBACK TO SAVEPOINT simdesk_write; RELEASE SAVEPOINT simdesk_write");
        return result;
    }
    if (auto s = db_->exec("RELEASE SAVEPOINT simdesk_write"); !s) return fail("cannot write: " + s.error().message);
    return Ok{};
}

pg::Rows PgStore::writeOne(const char* sql, const pg::Params& params) {
    // Outside a transaction one statement is atomic by itself: no BEGIN/COMMIT round trips.
    if (transactionDepth_ == 0) return db_->run(sql, params);
    pg::Rows rows;
    Status s = atomically([&]() -> Status {
        rows = db_->run(sql, params);
        return rows.ok() ? Status(Ok{}) : Status(fail(rows.error()));
    });
    (void)s;  // the rows carry the error
    return rows;
}

Result<int64_t> PgStore::insertReturningId(const char* sql, const pg::Params& params) {
    pg::Rows rows = writeOne(sql, params);
    if (!rows.ok()) return fail(rows.error());
    return rows.integer(0, 0);
}

Status PgStore::inTransaction(const std::function<Status()>& work) {
    if (transactionDepth_ > 0) return work();  // joins the transaction already open
    pg::Transaction tx(*db_);
    if (!tx.begun()) return fail("cannot write to " + db_->shown() + ": " + tx.error());
    ++transactionDepth_;
    Status result = work();
    --transactionDepth_;
    if (!result) return result;
    return tx.commit();
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

Result<Person> PgStore::addPerson(const std::string& name, Role role, const std::string& startDate,
                                  const std::vector<std::string>& tracks) {
    if (auto problem = personNameProblem(name)) return fail(*problem);
    Person person{0, name, role, startDate, tracks, {}};
    Status s = atomically([&]() -> Status {
        pg::Rows insert = db_->run("INSERT INTO people (name, role, start_date) VALUES ($1, $2, $3) RETURNING id",
                                   pg::Params().add(name).add(roleName(role)).add(startDate));
        if (!insert.ok())
            return fail(insert.uniqueViolation() ? "there is already a person named \"" + name + "\"" : insert.error());
        person.id = insert.integer(0, 0);
        for (const auto& t : tracks) {
            // Enrolment is today's date in UTC, as SQLite's date('now').
            pg::Rows track = db_->run(
                "INSERT INTO person_tracks (person_id, track_id, enrolled_on) "
                "VALUES ($1, $2, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')) ON CONFLICT DO NOTHING",
                pg::Params().add(person.id).add(t));
            if (!track.ok()) return fail(track.error());
        }
        return Ok{};
    });
    if (!s) return s.error();
    return person;
}

namespace {
Result<std::vector<Person>> selectPeople(pg::Connection& db, const std::optional<std::string>& name) {
    pg::Rows rows = name ? db.run(SIMDESK_PERSON_COLUMNS "WHERE name = $1", pg::Params().add(*name))
                         : db.run(SIMDESK_PERSON_COLUMNS "ORDER BY name COLLATE \"C\"");
    if (!rows.ok()) return fail(rows.error());
    std::vector<Person> out;
    std::map<int64_t, size_t> index;
    for (int i = 0; i < rows.size(); ++i) {
        index[rows.integer(i, 0)] = out.size();
        out.push_back(Person{rows.integer(i, 0), rows.text(i, 1), parseRole(rows.text(i, 2)).value_or(Role::Trainee),
                             rows.text(i, 3), {}, {}, rows.integer(i, 4) != 0, rows.text(i, 5)});
    }
    if (out.empty()) return out;
    // Every track in one query, not one per person: a team list is one round trip more, not N.
    pg::Rows tracks = name ? db.run("SELECT person_id, track_id, enrolled_on FROM person_tracks WHERE person_id = $1 "
                                    "ORDER BY track_id COLLATE \"C\"",
                                    pg::Params().add(out.front().id))
                           : db.run("SELECT person_id, track_id, enrolled_on FROM person_tracks "
                                    "ORDER BY person_id, track_id COLLATE \"C\"");
    if (!tracks.ok()) return fail(tracks.error());
    for (int i = 0; i < tracks.size(); ++i) {
        auto at = index.find(tracks.integer(i, 0));
        if (at == index.end()) continue;
        Person& p = out[at->second];
        p.tracks.push_back(tracks.text(i, 1));
        if (!tracks.text(i, 2).empty()) p.enrolledOn[tracks.text(i, 1)] = tracks.text(i, 2);
    }
    return out;
}
} // namespace

Result<std::vector<Person>> PgStore::people() { return selectPeople(*db_, std::nullopt); }

Result<std::optional<Person>> PgStore::findPerson(const std::string& name) {
    auto found = selectPeople(*db_, name);
    if (!found) return found.error();
    if (found->empty()) return std::optional<Person>();
    return std::optional<Person>(found->front());
}

Status PgStore::renamePerson(int64_t personId, const std::string& newName) {
    if (auto problem = personNameProblem(newName)) return fail(*problem);
    return atomically([&]() -> Status {
        // Names are told apart without regard to (ASCII) case, as in SqliteStore.
        pg::Rows taken = db_->run("SELECT name FROM people WHERE lower(name) = lower($1) AND id <> $2",
                                  pg::Params().add(newName).add(personId));
        if (!taken.ok()) return fail(taken.error());
        if (taken.size() > 0) return fail("there is already a person named \"" + taken.text(0, 0) + "\"");
        pg::Rows update = db_->run("UPDATE people SET name = $1 WHERE id = $2", pg::Params().add(newName).add(personId));
        if (!update.ok())
            return fail(update.uniqueViolation() ? "there is already a person named \"" + newName + "\"" : update.error());
        if (update.affected() == 0) return fail("no person with id " + std::to_string(personId));
        return Ok{};
    });
}

Status PgStore::setPersonArchived(int64_t personId, bool archived, int64_t at) {
    // Archiving twice keeps the first date.
    pg::Rows update = writeOne(
        "UPDATE people SET archived_at = CASE WHEN $1::integer = 1 THEN coalesce(archived_at, $2::bigint) ELSE NULL END "
        "WHERE id = $3",
        pg::Params().add(archived).add(at).add(personId));
    if (!update.ok()) return fail(update.error());
    if (update.affected() == 0) return fail("no person with id " + std::to_string(personId));
    return Ok{};
}

Status PgStore::setPersonTeam(int64_t personId, const std::string& team) {
    if (auto problem = teamNameProblem(team)) return fail(*problem);
    // The grants let only leads UPDATE people: anyone else is refused by the server.
    pg::Rows update = writeOne("UPDATE people SET team = $1 WHERE id = $2", pg::Params().add(trimmedTeam(team)).add(personId));
    if (!update.ok()) return fail(update.error());
    if (update.affected() == 0) return fail("no person with id " + std::to_string(personId));
    return Ok{};
}

// ---------------------------------------------------------------------------------------------
// Sessions and turns
// ---------------------------------------------------------------------------------------------

Result<int64_t> PgStore::startSession(const NewSession& s) {
    int64_t id = 0;
    Status done = atomically([&]() -> Status {
        for (const ContentSnapshot* c : {&s.scenario, &s.rubric}) {
            pg::Rows snapshot = db_->run("INSERT INTO content_snapshots (hash, kind, content_id, version, body) "
                                         "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING",
                                         pg::Params().add(c->hash).add(c->kind).add(c->id).add(c->version).add(c->text));
            if (!snapshot.ok()) return fail(snapshot.error());
        }
        pg::Rows insert = db_->run("INSERT INTO sessions (person_id, scenario_id, scenario_version, scenario_hash, rubric_id, "
                                   "rubric_hash, mode, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                                   pg::Params()
                                       .add(s.personId)
                                       .add(s.scenario.id)
                                       .add(s.scenario.version)
                                       .add(s.scenario.hash)
                                       .add(s.rubric.id)
                                       .add(s.rubric.hash)
                                       .add(s.mode)
                                       .add(s.startedAt));
        if (!insert.ok()) return fail(insert.error());
        id = insert.integer(0, 0);
        return Ok{};
    });
    if (!done) return done.error();
    return id;
}

namespace {
// The casts type the parameters: in INSERT ... SELECT the server cannot infer them from the columns.
#define SIMDESK_INSERT_TURN                                                                                       \
    "INSERT INTO turns (session_id, seq, kind, node_id, choice_id, text, seconds, at, mood_after, "                \
    "handoff_to, recorded_at, redacted) "                                                                         \
    "SELECT $1::bigint, coalesce(max(seq), 0) + 1, $2::text, $3::text, $4::text, $5::text, $6::double precision, " \
    "$7::bigint, $8::integer, $9::text, $10::bigint, $11::text FROM turns WHERE session_id = $1::bigint"

pg::Params turnParams(int64_t sessionId, const TranscriptEntry& stored, int64_t recordedAt) {
    return pg::Params()
        .add(sessionId)
        .add(entryKindName(stored.kind))
        .add(stored.nodeId)
        .add(stored.choiceId)
        .add(stored.text)
        .add(stored.seconds)
        .add(stored.at)
        .add(int64_t{stored.moodAfter})
        .add(stored.handoffTo)
        .add(recordedAt)
        .add(joinRedacted(stored.redacted));
}
} // namespace

Result<TranscriptEntry> PgStore::appendTurn(int64_t sessionId, const TranscriptEntry& entry, int64_t recordedAt) {
    TranscriptEntry stored = maskedForStorage(entry, maskSecrets_);
    pg::Params params = turnParams(sessionId, stored, recordedAt);
    pg::Rows insert = writeOne(SIMDESK_INSERT_TURN, params);
    if (!insert.ok() && insert.connectionLost() && transactionDepth_ == 0) return appendTurnAgain(stored, params);
    if (!insert.ok()) return fail("cannot record the turn: " + insert.error());
    return stored;
}

Result<TranscriptEntry> PgStore::appendTurnAgain(const TranscriptEntry& stored, const pg::Params& params) {
    // The connection broke while the turn was on its way: the server may or may not have
    // committed it. Sent again on a new connection, but only where the session's last turn is not
    // this very turn (same kind, node, text, time and recording time): a committed turn whose
    // acknowledgement was lost is found there and not doubled. The old server process must be
    // gone first, or it could still commit after the check; a restart or a terminated backend
    // ends it, a network cut may not, and then the turn is reported unknown rather than guessed.
    const std::string unknown = "cannot record the turn: the connection to " + db_->shown() +
                                " broke and it is not known whether the turn was stored; look at the session before sending it again";
    // pg_terminate_backend(pid, timeout) waits until that process has ended (true), or times out
    // (false). Only this person's process from before this connection: a pid reused since a
    // restart by someone else's is left alone. (Ending one's own processes needs no privilege.)
    pg::Rows gone = db_->run(
        "SELECT coalesce(bool_and(pg_terminate_backend(pid, 5000)), true) FROM pg_stat_activity WHERE pid = $1::integer "
        "AND usename = current_user AND backend_start < (SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid())",
        pg::Params().add(int64_t{db_->lostBackendPid()}));
    if (!gone.ok() || gone.integer(0, 0) != 1) return fail(unknown + (gone.ok() ? "" : " (" + gone.error() + ")"));
    pg::Rows again = db_->run(
        SIMDESK_INSERT_TURN " HAVING NOT EXISTS (SELECT 1 FROM turns t WHERE t.session_id = $1::bigint AND t.seq = "
                            "(SELECT max(seq) FROM turns WHERE session_id = $1::bigint) AND t.kind = $2::text AND t.node_id = "
                            "$3::text AND t.choice_id = $4::text AND t.text = $5::text AND t.at = $7::bigint AND t.recorded_at = "
                            "$10::bigint)",
        params);
    if (!again.ok()) return fail(again.connectionLost() ? unknown : "cannot record the turn: " + again.error());
    return stored;  // inserted now (1 row), or found already stored (0 rows)
}
#undef SIMDESK_INSERT_TURN

Status PgStore::discardTurnsAfter(int64_t sessionId, size_t kept) {
    pg::Rows remove = writeOne("DELETE FROM turns WHERE session_id = $1 AND seq > $2",
                               pg::Params().add(sessionId).add(static_cast<int64_t>(kept)));
    if (!remove.ok()) return fail("cannot replace the incomplete last action: " + remove.error());
    return Ok{};
}

Status PgStore::finishSession(int64_t sessionId, const std::string& endingId, int64_t endedAt) {
    pg::Rows update = writeOne("UPDATE sessions SET status = 'finished', ending_id = $1, ended_at = $2 WHERE id = $3 "
                               "AND status = 'active'",
                               pg::Params().add(endingId).add(endedAt).add(sessionId));
    if (!update.ok()) return fail(update.error());
    if (update.affected() == 0) return fail("session " + std::to_string(sessionId) + " is not an active session");
    return Ok{};
}

Status PgStore::abandonSession(int64_t sessionId, int64_t at) {
    pg::Rows update = writeOne("UPDATE sessions SET status = 'abandoned', ended_at = $1 WHERE id = $2 AND status = 'active'",
                               pg::Params().add(at).add(sessionId));
    if (!update.ok()) return fail(update.error());
    if (update.affected() == 0) return fail("session " + std::to_string(sessionId) + " is not an active session");
    return Ok{};
}

namespace {
SessionInfo readSession(const pg::Rows& row, int i) {
    SessionInfo s;
    s.id = row.integer(i, 0);
    s.personId = row.integer(i, 1);
    s.personName = row.text(i, 2);
    s.scenarioId = row.text(i, 3);
    s.scenarioVersion = row.text(i, 4);
    s.scenarioHash = row.text(i, 5);
    s.rubricId = row.text(i, 6);
    s.rubricHash = row.text(i, 7);
    s.mode = row.text(i, 8);
    s.startedAt = row.integer(i, 9);
    if (!row.isNull(i, 10)) s.endedAt = row.integer(i, 10);
    s.endingId = row.text(i, 11);
    s.status = sessionStatusFromName(row.text(i, 12));
    if (!row.isNull(i, 13)) {
        s.latestPercent = row.real(i, 13);
        s.latestPassed = row.integer(i, 14) != 0;
    }
    s.latestRubricHash = row.text(i, 15);
    if (!row.isNull(i, 16)) s.latestCriticalCount = static_cast<int>(row.integer(i, 16));
    if (!row.isNull(i, 17)) s.latestAutomaticPercent = row.real(i, 17);
    return s;
}
} // namespace

Result<std::vector<SessionInfo>> PgStore::sessions(const std::optional<std::string>& traineeName) {
    pg::Rows rows = traineeName ? db_->run(SIMDESK_SESSION_COLUMNS "WHERE p.name = $1 ORDER BY s.id", pg::Params().add(*traineeName))
                                : db_->run(SIMDESK_SESSION_COLUMNS "ORDER BY s.id");
    if (!rows.ok()) return fail(rows.error());
    std::vector<SessionInfo> out;
    for (int i = 0; i < rows.size(); ++i) out.push_back(readSession(rows, i));
    return out;
}

Result<SessionInfo> PgStore::session(int64_t sessionId) {
    pg::Rows rows = db_->run(SIMDESK_SESSION_COLUMNS "WHERE s.id = $1", pg::Params().add(sessionId));
    if (!rows.ok()) return fail(rows.error());
    if (rows.size() == 0) return fail("no session " + std::to_string(sessionId));
    return readSession(rows, 0);
}

namespace {
/// A turn row whose columns start at `first` (SIMDESK_TURN_COLUMNS, in order).
TranscriptEntry readPgEntry(const pg::Rows& rows, int i, int first) {
    TranscriptEntry e;
    e.kind = entryKindFromName(rows.text(i, first));
    e.nodeId = rows.text(i, first + 1);
    e.choiceId = rows.text(i, first + 2);
    e.text = rows.text(i, first + 3);
    e.seconds = rows.real(i, first + 4);
    e.at = rows.integer(i, first + 5);
    e.moodAfter = static_cast<int>(rows.integer(i, first + 6));
    e.handoffTo = rows.text(i, first + 7);
    e.redacted = splitRedacted(rows.text(i, first + 8));
    return e;
}
} // namespace

Result<Transcript> PgStore::transcript(int64_t sessionId) {
    auto info = session(sessionId);
    if (!info) return info.error();
    Transcript t = transcriptOf(*info);
    pg::Rows rows = db_->run("SELECT " SIMDESK_TURN_COLUMNS " FROM turns WHERE session_id = $1 ORDER BY seq",
                             pg::Params().add(sessionId));
    if (!rows.ok()) return fail(rows.error());
    for (int i = 0; i < rows.size(); ++i) t.entries.push_back(readPgEntry(rows, i, 0));
    return t;
}

Status PgStore::forEachTranscript(const std::function<Status(const SessionVisit&)>& visit) {
    // As SqliteStore's pass (store_rules.hpp): a batch of sessions and the batch's turns, two
    // queries a batch, each session read once; each batch is fetched whole before `visit` writes.
    pg::Rows count = db_->run("SELECT count(*) FROM sessions");
    if (!count.ok()) return fail(count.error());
    const size_t total = static_cast<size_t>(count.integer(0, 0));
    size_t done = 0;
    for (int64_t after = 0;;) {
        pg::Rows sessions = db_->run(SIMDESK_SESSION_BATCH("$1", "$2"), pg::Params().add(after).add(kSessionsPerPassBatch));
        if (!sessions.ok()) return fail(sessions.error());
        if (sessions.size() == 0) return Ok{};
        std::vector<SessionInfo> infos;
        std::vector<Transcript> transcripts;
        infos.reserve(static_cast<size_t>(sessions.size()));
        for (int i = 0; i < sessions.size(); ++i) {
            infos.push_back(readSession(sessions, i));
            transcripts.push_back(transcriptOf(infos.back()));
        }
        pg::Rows turns = db_->run(SIMDESK_BATCH_TURNS("$1", "$2"), pg::Params().add(after).add(infos.back().id));
        if (!turns.ok()) return fail(turns.error());
        size_t at = 0;
        for (int i = 0; i < turns.size(); ++i) {
            const int64_t id = turns.integer(i, 0);
            while (at < infos.size() && infos[at].id < id) ++at;
            if (at < infos.size() && infos[at].id == id) transcripts[at].entries.push_back(readPgEntry(turns, i, 1));
        }
        for (size_t i = 0; i < infos.size(); ++i)
            if (auto s = visit({infos[i], transcripts[i], ++done, std::max(total, done)}); !s) return s;
        after = infos.back().id;
    }
}

Result<ContentSnapshot> PgStore::snapshot(const std::string& hash) {
    pg::Rows rows = db_->run("SELECT kind, content_id, version, hash, body FROM content_snapshots WHERE hash = $1",
                             pg::Params().add(hash));
    if (!rows.ok()) return fail(rows.error());
    if (rows.size() == 0) return fail("no stored copy of content " + hash);
    return ContentSnapshot{rows.text(0, 0), rows.text(0, 1), rows.text(0, 2), rows.text(0, 3), rows.text(0, 4)};
}

} // namespace simdesk::store
