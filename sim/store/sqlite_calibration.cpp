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
    if (!select.step()) return fail(select.failed() ? select.error() : noCalibrationSession(id));
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

// ---------------------------------------------------------------------------------------------
// Calibration
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::createCalibrationRound(const CalibrationRound& round) {
    return insertReturningId(
        "INSERT INTO calibration_rounds (session_id, title, created_by, created_at) VALUES (?, ?, ?, ?)",
        [&](Statement& s) {
            s.bind(1, round.sessionId).bind(2, round.title).bind(3, round.createdBy).bind(4, round.createdAt);
        });
}

Status SqliteStore::addCalibrationGrade(const CalibrationGrade& grade) {
    WriteScope scope(db_, transactionDepth_);
    Statement revealed = cache_->prepare(
        "SELECT r.revealed_at IS NOT NULL, r.calibration_session_id, c.deadline, EXISTS (SELECT 1 FROM "
        "calibration_invitations i WHERE i.session_id = r.calibration_session_id AND i.person_id = ?2) "
        "FROM calibration_rounds r LEFT JOIN calibration_sessions c ON c.id = r.calibration_session_id WHERE r.id = ?1");
    revealed.bind(1, grade.roundId).bind(2, grade.graderId);
    if (!revealed.step())
        return fail("no calibration round " + std::to_string(grade.roundId));
    if (revealed.integer(0))
        return fail("calibration round " + std::to_string(grade.roundId) + " is revealed; grades are closed");
    if (!revealed.isNull(1))
        if (auto problem = sessionGradeProblem(revealed.integer(1), revealed.integer(3) != 0, revealed.integer(2), grade.createdAt))
            return fail(*problem);
    revealed.reset();
    Statement insert = cache_->prepare(
        "INSERT INTO calibration_grades (round_id, grader_id, criterion_id, level, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, grade.roundId)
        .bind(2, grade.graderId)
        .bind(3, grade.criterionId)
        .bind(4, int64_t{grade.level})
        .bind(5, grade.note)
        .bind(6, grade.createdAt);
    if (!insert.run()) {
        if (insert.error().find("UNIQUE") != std::string::npos)
            return fail("this grader has already graded \"" + grade.criterionId + "\" in this round");
        return fail(insert.error());
    }
    return scope.commit();
}

Status SqliteStore::revealCalibrationRound(int64_t roundId, int64_t at) {
    if (auto round = calibrationRound(roundId); round && round->calibrationSessionId)
        return fail("calibration round " + std::to_string(roundId) + " is part of calibration session " +
                    std::to_string(*round->calibrationSessionId) + ", which is revealed as a whole");
    WriteScope scope(db_, transactionDepth_);
    Statement update =
        cache_->prepare("UPDATE calibration_rounds SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL");
    update.bind(1, at).bind(2, roundId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("calibration round " + std::to_string(roundId) +
                    " does not exist or is already revealed");
    return scope.commit();
}

namespace {

// SIMDESK_ROUND_COLUMNS and SIMDESK_GRADE_COLUMNS: store_rules.hpp.

CalibrationRound readRound(Statement& row) {
    CalibrationRound r{row.integer(0), row.integer(1), row.integer(2), row.text(3), row.integer(4), std::nullopt, row.text(6)};
    if (!row.isNull(5))
        r.revealedAt = row.integer(5);
    if (!row.isNull(7))
        r.calibrationSessionId = row.integer(7);
    return r;
}

CalibrationGrade readGrade(Statement& row) {
    return CalibrationGrade{row.integer(0), row.integer(1), row.text(2), row.text(3), row.text(4),
                            static_cast<int>(row.integer(5)), row.integer(6)};
}

} // namespace

Result<std::vector<CalibrationRound>> SqliteStore::calibrationRounds() {
    Statement select = cache_->prepare(SIMDESK_ROUND_COLUMNS "ORDER BY r.id");
    return collectRows(select, readRound);
}

Result<CalibrationRound> SqliteStore::calibrationRound(int64_t roundId) {
    Statement select = cache_->prepare(SIMDESK_ROUND_COLUMNS "WHERE r.id = ?");
    select.bind(1, roundId);
    if (!select.step()) {
        if (select.failed())
            return fail(select.error());
        return fail("no calibration round " + std::to_string(roundId));
    }
    return readRound(select);
}

Result<std::vector<CalibrationGrade>> SqliteStore::calibrationGrades(int64_t roundId) {
    auto round = calibrationRound(roundId);
    if (!round)
        return round.error();
    if (!round->revealedAt)
        return fail("calibration round " + std::to_string(roundId) +
                    " is still blind; its grades show once it is revealed");
    Statement select =
        cache_->prepare(SIMDESK_GRADE_COLUMNS "WHERE g.round_id = ? ORDER BY g.criterion_id, p.name");
    select.bind(1, roundId);
    return collectRows(select, readGrade);
}

Result<std::vector<CalibrationGrade>> SqliteStore::calibrationGradesBy(int64_t roundId, int64_t graderId) {
    Statement select = cache_->prepare(SIMDESK_GRADE_COLUMNS
                                       "WHERE g.round_id = ? AND g.grader_id = ? ORDER BY g.criterion_id");
    select.bind(1, roundId).bind(2, graderId);
    return collectRows(select, readGrade);
}

Result<std::vector<CalibrationProgress>> SqliteStore::calibrationProgress(int64_t roundId) {
    Statement select = cache_->prepare(
        "SELECT g.grader_id, p.name, count(*) FROM calibration_grades g JOIN people p ON p.id = g.grader_id "
        "WHERE g.round_id = ? GROUP BY g.grader_id ORDER BY p.name");
    select.bind(1, roundId);
    return collectRows(select, [](Statement& row) {
        return CalibrationProgress{row.integer(0), row.text(1), static_cast<int>(row.integer(2))};
    });
}

} // namespace simdesk::store
