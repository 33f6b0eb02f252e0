// PgStore, continued: calibration sessions (server schema 3), as sqlite_calibration.cpp keeps them
// on a desktop: a batch of rounds with invited graders, a deadline, a benchmark, one reveal.
#include "pg_store.hpp"
#include "pg.hpp"
#include "store_rules.hpp"

#include <algorithm>
#include <string>

namespace simdesk::store {

namespace {

CalibrationSession readCalSession(const pg::Rows& row, int i) {
    CalibrationSession s;
    s.id = row.integer(i, 0);
    s.createdBy = row.integer(i, 1);
    s.name = row.text(i, 2);
    s.sampling = row.text(i, 3);
    s.createdAt = row.integer(i, 4);
    s.deadline = row.integer(i, 5);
    s.peersAfterSubmit = row.integer(i, 6) != 0;
    if (!row.isNull(i, 7)) s.revealedAt = row.integer(i, 7);
    if (!row.isNull(i, 8)) s.benchmarkId = row.integer(i, 8);
    s.createdByName = row.text(i, 9);
    s.benchmarkName = row.text(i, 10);
    return s;
}


} // namespace

Result<int64_t> PgStore::createCalibrationSession(const CalibrationSession& session, const std::vector<int64_t>& conversations) {
    if (auto problem = calibrationSessionProblem(session, conversations)) return fail(*problem);
    int64_t id = 0;
    auto status = atomically([&]() -> Status {
        pg::Rows created = db_->run("INSERT INTO calibration_sessions (name, created_by, created_at, deadline, sampling, "
                                    "peers_after_submit) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                                    pg::Params()
                                        .add(session.name)
                                        .add(session.createdBy)
                                        .add(session.createdAt)
                                        .add(session.deadline)
                                        .add(session.sampling)
                                        .add(session.peersAfterSubmit));
        if (!created.ok()) return fail(created.error());
        id = created.integer(0, 0);
        for (int64_t grader : session.graderIds) {
            pg::Rows invited = db_->run("INSERT INTO calibration_invitations (session_id, person_id) VALUES ($1, $2)",
                                        pg::Params().add(id).add(grader));
            if (!invited.ok()) return fail(invited.error());
        }
        for (int64_t conversation : conversations) {
            pg::Rows round = db_->run("INSERT INTO calibration_rounds (session_id, title, created_by, created_at, "
                                      "calibration_session_id) VALUES ($1, $2, $3, $4, $5)",
                                      pg::Params().add(conversation).add(session.name).add(session.createdBy).add(session.createdAt).add(id));
            if (!round.ok()) return fail(round.error());
        }
        return Ok{};
    });
    if (!status) return status.error();
    return id;
}

Status PgStore::readSessionParts(CalibrationSession& session) {
    pg::Rows graders = db_->run("SELECT i.person_id, p.name FROM calibration_invitations i JOIN people p ON p.id = i.person_id "
                                "WHERE i.session_id = $1 ORDER BY p.name COLLATE \"C\"",
                                pg::Params().add(session.id));
    if (!graders.ok()) return fail(graders.error());
    for (int i = 0; i < graders.size(); ++i) {
        session.graderIds.push_back(graders.integer(i, 0));
        session.graderNames.push_back(graders.text(i, 1));
    }
    pg::Rows rounds = db_->run("SELECT id FROM calibration_rounds WHERE calibration_session_id = $1 ORDER BY id",
                               pg::Params().add(session.id));
    if (!rounds.ok()) return fail(rounds.error());
    for (int i = 0; i < rounds.size(); ++i) session.roundIds.push_back(rounds.integer(i, 0));
    return Ok{};
}

Result<std::vector<CalibrationSession>> PgStore::calibrationSessions() {
    pg::Rows rows = db_->run(SIMDESK_CAL_SESSION_COLUMNS "ORDER BY c.id");
    if (!rows.ok()) return fail(rows.error());
    std::vector<CalibrationSession> out;
    for (int i = 0; i < rows.size(); ++i) {
        out.push_back(readCalSession(rows, i));
        if (auto parts = readSessionParts(out.back()); !parts) return parts.error();
    }
    return out;
}

Result<CalibrationSession> PgStore::calibrationSession(int64_t id) {
    pg::Rows rows = db_->run(SIMDESK_CAL_SESSION_COLUMNS "WHERE c.id = $1", pg::Params().add(id));
    if (!rows.ok()) return fail(rows.error());
    if (rows.size() == 0) return fail(noCalibrationSession(id));
    CalibrationSession session = readCalSession(rows, 0);
    if (auto parts = readSessionParts(session); !parts) return parts.error();
    return session;
}

Status PgStore::extendCalibrationSession(int64_t id, int64_t deadline) {
    auto session = calibrationSession(id);
    if (!session) return session.error();
    if (session->revealedAt) return fail("calibration session " + std::to_string(id) + " is revealed; grading is over");
    if (deadline <= session->deadline) return fail("an extension moves the deadline later");
    pg::Rows update = writeOne("UPDATE calibration_sessions SET deadline = $1 WHERE id = $2", pg::Params().add(deadline).add(id));
    if (!update.ok()) return fail(update.error());
    return Ok{};
}

Status PgStore::revealCalibrationSession(int64_t id, int64_t at) {
    return atomically([&]() -> Status {
        // Locks the session row: a concurrent reveal waits, then finds it revealed.
        pg::Rows update = db_->run("UPDATE calibration_sessions SET revealed_at = $1 WHERE id = $2 AND revealed_at IS NULL",
                                   pg::Params().add(at).add(id));
        if (!update.ok()) return fail(update.error());
        if (update.affected() == 0)
            return fail(calibrationSession(id) ? "calibration session " + std::to_string(id) + " is already revealed" : noCalibrationSession(id));
        pg::Rows rounds = db_->run(
            "UPDATE calibration_rounds SET revealed_at = $1 WHERE calibration_session_id = $2 AND revealed_at IS NULL",
            pg::Params().add(at).add(id));
        if (!rounds.ok()) return fail(rounds.error());
        return Ok{};
    });
}

Status PgStore::setCalibrationBenchmark(int64_t id, int64_t personId) {
    auto session = calibrationSession(id);
    if (!session) return session.error();
    if (std::find(session->graderIds.begin(), session->graderIds.end(), personId) == session->graderIds.end())
        return fail("the benchmark must be one of calibration session " + std::to_string(id) + "'s invited graders");
    pg::Rows update = writeOne("UPDATE calibration_sessions SET benchmark_by = $1 WHERE id = $2", pg::Params().add(personId).add(id));
    if (!update.ok()) return fail(update.error());
    return Ok{};
}

Result<std::vector<CalibrationGrade>> PgStore::calibrationPeerGrades(int64_t roundId, int64_t graderId) {
    auto round = calibrationRound(roundId);
    if (!round) return round.error();
    if (round->revealedAt) return calibrationGrades(roundId);
    if (Status allowed = peerGradesAllowed(*this, *round, graderId); !allowed) return allowed.error();
    pg::Rows rows = db_->run(SIMDESK_GRADE_COLUMNS "WHERE g.round_id = $1 ORDER BY g.criterion_id COLLATE \"C\", p.name COLLATE \"C\"",
                             pg::Params().add(roundId));
    if (!rows.ok()) return fail(rows.error());
    std::vector<CalibrationGrade> out;
    for (int i = 0; i < rows.size(); ++i)
        out.push_back(CalibrationGrade{rows.integer(i, 0), rows.integer(i, 1), rows.text(i, 2), rows.text(i, 3), rows.text(i, 4),
                                       static_cast<int>(rows.integer(i, 5)), rows.integer(i, 6)});
    return out;
}

} // namespace simdesk::store
