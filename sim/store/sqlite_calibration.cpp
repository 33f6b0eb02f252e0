// Calibration sessions on SQLite (schema 9): a batch of rounds, one per conversation, with invited
// graders, a deadline, a benchmark grader, and a reveal that opens every round at once. The rules
// both backends share (what makes a session valid, when a grade is refused) are in store.cpp.
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "store_rules.hpp"

#include <algorithm>
#include <string>

namespace simdesk::store {

namespace {

CalibrationSession readCalSession(const Statement& row) {
    CalibrationSession s;
    s.id = row.integer(0);
    s.createdBy = row.integer(1);
    s.name = row.text(2);
    s.sampling = row.text(3);
    s.createdAt = row.integer(4);
    s.deadline = row.integer(5);
    s.peersAfterSubmit = row.integer(6) != 0;
    if (!row.isNull(7)) s.revealedAt = row.integer(7);
    if (!row.isNull(8)) s.benchmarkId = row.integer(8);
    s.createdByName = row.text(9);
    s.benchmarkName = row.text(10);
    return s;
}

std::string noSession(int64_t id) { return "no calibration session " + std::to_string(id); }

} // namespace

Result<int64_t> SqliteStore::createCalibrationSession(const CalibrationSession& session, const std::vector<int64_t>& conversations) {
    if (auto problem = calibrationSessionProblem(session, conversations)) return fail(*problem);
    int64_t id = 0;
    auto status = inTransaction([&]() -> Status {
        auto created = insertReturningId(
            "INSERT INTO calibration_sessions (name, created_by, created_at, deadline, sampling, peers_after_submit) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [&](Statement& s) {
                s.bind(1, session.name).bind(2, session.createdBy).bind(3, session.createdAt).bind(4, session.deadline);
                s.bind(5, session.sampling).bind(6, int64_t{session.peersAfterSubmit});
            });
        if (!created) return created.error();
        id = *created;
        for (int64_t grader : session.graderIds) {
            auto invited = insertReturningId("INSERT INTO calibration_invitations (session_id, person_id) VALUES (?, ?)",
                                             [&](Statement& s) { s.bind(1, id).bind(2, grader); });
            if (!invited) return invited.error();
        }
        for (int64_t conversation : conversations) {
            auto round = insertReturningId(
                "INSERT INTO calibration_rounds (session_id, title, created_by, created_at, calibration_session_id) "
                "VALUES (?, ?, ?, ?, ?)",
                [&](Statement& s) {
                    s.bind(1, conversation).bind(2, session.name).bind(3, session.createdBy).bind(4, session.createdAt).bind(5, id);
                });
            if (!round) return round.error();
        }
        return Ok{};
    });
    if (!status) return status.error();
    return id;
}

Status SqliteStore::readSessionParts(CalibrationSession& session) {
    Statement graders = cache_->prepare(
        "SELECT i.person_id, p.name FROM calibration_invitations i JOIN people p ON p.id = i.person_id "
        "WHERE i.session_id = ? ORDER BY p.name");
    graders.bind(1, session.id);
    while (graders.step()) {
        session.graderIds.push_back(graders.integer(0));
        session.graderNames.push_back(graders.text(1));
    }
    if (graders.failed()) return fail(graders.error());
    Statement rounds = cache_->prepare("SELECT id FROM calibration_rounds WHERE calibration_session_id = ? ORDER BY id");
    rounds.bind(1, session.id);
    auto ids = collectRows(rounds, [](const Statement& row) { return row.integer(0); });
    if (!ids) return ids.error();
    session.roundIds = std::move(*ids);
    return Ok{};
}

Result<std::vector<CalibrationSession>> SqliteStore::calibrationSessions() {
    Statement select = cache_->prepare(SIMDESK_CAL_SESSION_COLUMNS "ORDER BY c.id");
    auto sessions = collectRows(select, readCalSession);
    if (!sessions) return sessions.error();
    for (auto& s : *sessions)
        if (auto parts = readSessionParts(s); !parts) return parts.error();
    return sessions;
}

Result<CalibrationSession> SqliteStore::calibrationSession(int64_t id) {
    Statement select = cache_->prepare(SIMDESK_CAL_SESSION_COLUMNS "WHERE c.id = ?");
    select.bind(1, id);
    if (!select.step()) return fail(select.failed() ? select.error() : noSession(id));
    CalibrationSession session = readCalSession(select);
    select.reset();
    if (auto parts = readSessionParts(session); !parts) return parts.error();
    return session;
}

Status SqliteStore::extendCalibrationSession(int64_t id, int64_t deadline) {
    auto session = calibrationSession(id);
    if (!session) return session.error();
    if (session->revealedAt) return fail("calibration session " + std::to_string(id) + " is revealed; grading is over");
    if (deadline <= session->deadline) return fail("an extension moves the deadline later");
    return inTransaction([&]() -> Status {
        Statement update = cache_->prepare("UPDATE calibration_sessions SET deadline = ? WHERE id = ?");
        update.bind(1, deadline).bind(2, id);
        if (!update.run()) return fail(update.error());
        return Ok{};
    });
}

Status SqliteStore::revealCalibrationSession(int64_t id, int64_t at) {
    auto session = calibrationSession(id);
    if (!session) return session.error();
    if (session->revealedAt) return fail("calibration session " + std::to_string(id) + " is already revealed");
    // The session and all its rounds in one transaction: no moment where half the batch is open.
    return inTransaction([&]() -> Status {
        Statement update = cache_->prepare("UPDATE calibration_sessions SET revealed_at = ? WHERE id = ?");
        update.bind(1, at).bind(2, id);
        if (!update.run()) return fail(update.error());
        Statement rounds = cache_->prepare(
            "UPDATE calibration_rounds SET revealed_at = ? WHERE calibration_session_id = ? AND revealed_at IS NULL");
        rounds.bind(1, at).bind(2, id);
        if (!rounds.run()) return fail(rounds.error());
        return Ok{};
    });
}

Status SqliteStore::setCalibrationBenchmark(int64_t id, int64_t personId) {
    auto session = calibrationSession(id);
    if (!session) return session.error();
    if (std::find(session->graderIds.begin(), session->graderIds.end(), personId) == session->graderIds.end())
        return fail("the benchmark must be one of calibration session " + std::to_string(id) + "'s invited graders");
    return inTransaction([&]() -> Status {
        Statement update = cache_->prepare("UPDATE calibration_sessions SET benchmark_by = ? WHERE id = ?");
        update.bind(1, personId).bind(2, id);
        if (!update.run()) return fail(update.error());
        return Ok{};
    });
}

Result<std::vector<CalibrationGrade>> SqliteStore::calibrationPeerGrades(int64_t roundId, int64_t graderId) {
    auto round = calibrationRound(roundId);
    if (!round) return round.error();
    if (round->revealedAt) return calibrationGrades(roundId);
    if (Status allowed = peerGradesAllowed(*this, *round, graderId); !allowed) return allowed.error();
    Statement select = cache_->prepare(SIMDESK_GRADE_COLUMNS "WHERE g.round_id = ? ORDER BY g.criterion_id, p.name");
    select.bind(1, roundId);
    return collectRows(select, [](const Statement& row) {
        return CalibrationGrade{row.integer(0), row.integer(1), row.text(2), row.text(3), row.text(4),
                                static_cast<int>(row.integer(5)), row.integer(6)};
    });
}

} // namespace simdesk::store
