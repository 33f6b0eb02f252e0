// PgStore, continued: scores and reviews · coaching · calibration · certification · settings.
// Text is ordered COLLATE "C" (bytes), as SQLite orders it, whatever the server's locale.
#include "pg_store.hpp"
#include "pg.hpp"
#include "card_codec.hpp"
#include "card_migration.hpp"
#include "store_rules.hpp"

namespace simdesk::store {

using nlohmann::json;

namespace {
/// Every row of a result, each read by `read`, or the result's error.
template <typename Read>
auto collect(const pg::Rows& rows, Read read) -> Result<std::vector<decltype(read(rows, 0))>> {
    if (!rows.ok()) return fail(rows.error());
    std::vector<decltype(read(rows, 0))> out;
    out.reserve(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) out.push_back(read(rows, i));
    return out;
}
} // namespace

// ---------------------------------------------------------------------------------------------
// Scores and reviews
// ---------------------------------------------------------------------------------------------

Result<int64_t> PgStore::addPreparedRun(int64_t sessionId, const PreparedRun& prepared, const std::string& rubricHash,
                                        const std::string& reason, int64_t scoredAt) {
    int64_t id = 0;
    // The run and its criteria rows (what the dashboards sum) are stored together or not at all.
    Status stored = atomically([&]() -> Status {
        pg::Rows run = db_->run(
            "INSERT INTO scoring_runs (session_id, rubric_id, rubric_version, rubric_hash, reason, scored_at, "
            "computed_percent, final_percent, passed, card_json, critical_count, automatic_percent, pass_mark) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            pg::Params()
                .add(sessionId)
                .add(prepared.rubricId)
                .add(prepared.rubricVersion)
                .add(rubricHash)
                .add(reason)
                .add(scoredAt)
                .add(prepared.computedPercent)
                .add(prepared.finalPercent)
                .add(prepared.passed)
                .add(prepared.encodedCard)
                .add(prepared.criticalCount)
                .add(prepared.automaticPercent)
                .add(prepared.threshold));
        if (!run.ok()) return fail(run.error());
        id = run.integer(0, 0);
        return insertRunCriteria(*db_, id, prepared.criteria);
    });
    if (!stored) return stored.error();
    return id;
}

Result<std::vector<ScoringRun>> PgStore::scoringRuns(int64_t sessionId) {
    return collect(db_->run(SIMDESK_SCORING_RUN_COLUMNS "WHERE session_id = $1 ORDER BY id", pg::Params().add(sessionId)),
                   [](const pg::Rows& row, int i) {
                       return ScoringRun{row.integer(i, 0), row.integer(i, 1), row.text(i, 2),  row.text(i, 3),
                                         row.text(i, 4),    row.text(i, 5),    row.integer(i, 6), row.real(i, 7),
                                         row.real(i, 8),    row.integer(i, 9) != 0,
                                         storedCardAsJson(row.text(i, 10)),
                                         static_cast<int>(row.integer(i, 11)),
                                         row.isNull(i, 12) ? std::nullopt : std::optional<double>(row.real(i, 12))};
                   });
}

Result<int64_t> PgStore::addReview(const Review& review) {
    if (isBlank(review.reason)) return fail("a reviewer score needs a reason");
    return insertReturningId("INSERT INTO reviews (session_id, criterion_id, level, reason, author_id, created_at) "
                             "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                             pg::Params()
                                 .add(review.sessionId)
                                 .add(review.criterionId)
                                 .add(review.level)
                                 .add(review.reason)
                                 .add(review.authorId)
                                 .add(review.createdAt));
}

Result<std::vector<Review>> PgStore::reviews(std::optional<int64_t> sessionId) {
    return collect(db_->run("SELECT r.id, r.session_id, r.criterion_id, r.level, r.reason, r.author_id, p.name, r.created_at "
                            "FROM reviews r JOIN people p ON p.id = r.author_id WHERE ($1::bigint IS NULL OR r.session_id = $1) "
                            "ORDER BY r.session_id, r.id",
                            pg::Params().add(sessionId)),
                   [](const pg::Rows& row, int i) {
                       return Review{row.integer(i, 0), row.integer(i, 1), row.text(i, 2), static_cast<int>(row.integer(i, 3)),
                                     row.text(i, 4),    row.integer(i, 5), row.text(i, 6), row.integer(i, 7)};
                   });
}

Result<int64_t> PgStore::addTurnReview(const TurnReview& review) {
    if (isBlank(review.reason)) return fail("confirming or overturning an automatic judgement needs a reason");
    if (review.decision != "confirmed" && review.decision != "overturned")
        return fail("a decision is \"confirmed\" or \"overturned\"");
    pg::Rows existing = db_->run("SELECT decision FROM turn_reviews WHERE session_id = $1 AND turn = $2",
                                 pg::Params().add(review.sessionId).add(review.turn));
    if (!existing.ok()) return fail(existing.error());
    auto already = [&](const std::string& decision) {
        return fail("turn " + std::to_string(review.turn) + " of session #" + std::to_string(review.sessionId) +
                    " was already " + decision + "; decisions are kept, not replaced");
    };
    if (existing.size() > 0) return already(existing.text(0, 0));
    auto id = insertReturningId("INSERT INTO turn_reviews (session_id, turn, decision, reason, reviewer_id, created_at) "
                                "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                                pg::Params()
                                    .add(review.sessionId)
                                    .add(review.turn)
                                    .add(review.decision)
                                    .add(review.reason)
                                    .add(review.reviewerId)
                                    .add(review.createdAt));
    // Two reviewers deciding the same turn at once: the second is told as the check above tells it.
    if (!id && id.error().message.find("turn_reviews_session_id_turn_key") != std::string::npos)
        return already("decided by someone else just now");
    return id;
}

Result<std::vector<TurnReview>> PgStore::turnReviews(std::optional<int64_t> sessionId) {
    return collect(db_->run("SELECT r.id, r.session_id, r.turn, r.decision, r.reason, r.reviewer_id, p.name, r.created_at "
                            "FROM turn_reviews r JOIN people p ON p.id = r.reviewer_id "
                            "WHERE ($1::bigint IS NULL OR r.session_id = $1::bigint) ORDER BY r.id",
                            pg::Params().add(sessionId)),
                   [](const pg::Rows& row, int i) {
                       return TurnReview{row.integer(i, 0), row.integer(i, 1), static_cast<int>(row.integer(i, 2)),
                                         row.text(i, 3),    row.text(i, 4),    row.integer(i, 5),
                                         row.text(i, 6),    row.integer(i, 7)};
                   });
}

// ---------------------------------------------------------------------------------------------
// Coaching
// ---------------------------------------------------------------------------------------------

Result<int64_t> PgStore::addCoachingNote(const CoachingNote& note) {
    if (isBlank(note.text)) return fail("a coaching note cannot be empty");
    return insertReturningId(
        "INSERT INTO coaching_notes (session_id, author_id, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        pg::Params().add(note.sessionId).add(note.authorId).add(note.text).add(note.createdAt));
}

Result<std::vector<CoachingNote>> PgStore::coachingNotes(int64_t sessionId) {
    return collect(db_->run("SELECT n.id, n.session_id, n.author_id, p.name, n.text, n.created_at FROM coaching_notes n "
                            "JOIN people p ON p.id = n.author_id WHERE n.session_id = $1 ORDER BY n.id",
                            pg::Params().add(sessionId)),
                   [](const pg::Rows& row, int i) {
                       return CoachingNote{row.integer(i, 0), row.integer(i, 1), row.integer(i, 2),
                                           row.text(i, 3),    row.text(i, 4),    row.integer(i, 5)};
                   });
}

Result<int64_t> PgStore::addCoachingPlan(const CoachingPlan& plan) {
    if (isBlank(plan.plan)) return fail("a coaching plan cannot be empty");
    return insertReturningId("INSERT INTO coaching_plans (trainee_id, session_id, author_id, plan, created_at) "
                             "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                             pg::Params()
                                 .add(plan.traineeId)
                                 .add(plan.sessionId)
                                 .add(plan.authorId)
                                 .add(plan.plan)
                                 .add(plan.createdAt));
}

Status PgStore::acknowledgePlan(int64_t planId, int64_t at) {
    pg::Rows update = writeOne("UPDATE coaching_plans SET acknowledged_at = $1 WHERE id = $2 AND acknowledged_at IS NULL",
                               pg::Params().add(at).add(planId));
    if (!update.ok()) return fail(update.error());
    if (update.affected() == 0) return fail("plan " + std::to_string(planId) + " does not exist or is already acknowledged");
    return Ok{};
}

Result<std::vector<CoachingPlan>> PgStore::coachingPlans(int64_t traineeId) {
    return collect(db_->run("SELECT c.id, c.trainee_id, c.author_id, c.session_id, p.name, c.plan, c.created_at, "
                            "c.acknowledged_at FROM coaching_plans c JOIN people p ON p.id = c.author_id "
                            "WHERE c.trainee_id = $1 ORDER BY c.id",
                            pg::Params().add(traineeId)),
                   [](const pg::Rows& row, int i) {
                       CoachingPlan p{row.integer(i, 0), row.integer(i, 1), row.integer(i, 2), std::nullopt,
                                      row.text(i, 4),    row.text(i, 5),    row.integer(i, 6), std::nullopt};
                       if (!row.isNull(i, 3)) p.sessionId = row.integer(i, 3);
                       if (!row.isNull(i, 7)) p.acknowledgedAt = row.integer(i, 7);
                       return p;
                   });
}

// ---------------------------------------------------------------------------------------------
// Calibration
// ---------------------------------------------------------------------------------------------

Result<int64_t> PgStore::createCalibrationRound(const CalibrationRound& round) {
    return insertReturningId(
        "INSERT INTO calibration_rounds (session_id, title, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        pg::Params().add(round.sessionId).add(round.title).add(round.createdBy).add(round.createdAt));
}

Status PgStore::addCalibrationGrade(const CalibrationGrade& grade) {
    return atomically([&]() -> Status {
        // FOR SHARE: a reveal committing meanwhile waits for this grade, or this grade sees the reveal.
        pg::Rows revealed = db_->run(
            "SELECT (r.revealed_at IS NOT NULL)::int, r.calibration_session_id, c.deadline, EXISTS (SELECT 1 FROM "
            "calibration_invitations i WHERE i.session_id = r.calibration_session_id AND i.person_id = $2)::int "
            "FROM calibration_rounds r LEFT JOIN calibration_sessions c ON c.id = r.calibration_session_id "
            "WHERE r.id = $1 FOR SHARE OF r",
            pg::Params().add(grade.roundId).add(grade.graderId));
        if (!revealed.ok()) return fail(revealed.error());
        if (revealed.size() == 0) return fail("no calibration round " + std::to_string(grade.roundId));
        if (revealed.integer(0, 0))
            return fail("calibration round " + std::to_string(grade.roundId) + " is revealed; grades are closed");
        if (!revealed.isNull(0, 1))
            if (auto problem = sessionGradeProblem(revealed.integer(0, 1), revealed.integer(0, 3) != 0, revealed.integer(0, 2),
                                                   grade.createdAt))
                return fail(*problem);
        pg::Rows insert = db_->run("INSERT INTO calibration_grades (round_id, grader_id, criterion_id, level, note, created_at) "
                                   "VALUES ($1, $2, $3, $4, $5, $6)",
                                   pg::Params()
                                       .add(grade.roundId)
                                       .add(grade.graderId)
                                       .add(grade.criterionId)
                                       .add(grade.level)
                                       .add(grade.note)
                                       .add(grade.createdAt));
        if (!insert.ok())
            return fail(insert.uniqueViolation() ? "this grader has already graded \"" + grade.criterionId + "\" in this round"
                                                 : insert.error());
        return Ok{};
    });
}

Status PgStore::revealCalibrationRound(int64_t roundId, int64_t at) {
    if (auto round = calibrationRound(roundId); round && round->calibrationSessionId)
        return fail("calibration round " + std::to_string(roundId) + " is part of calibration session " +
                    std::to_string(*round->calibrationSessionId) + ", which is revealed as a whole");
    pg::Rows update = writeOne("UPDATE calibration_rounds SET revealed_at = $1 WHERE id = $2 AND revealed_at IS NULL",
                               pg::Params().add(at).add(roundId));
    if (!update.ok()) return fail(update.error());
    if (update.affected() == 0)
        return fail("calibration round " + std::to_string(roundId) + " does not exist or is already revealed");
    return Ok{};
}

namespace {
CalibrationRound readRoundRow(const pg::Rows& row, int i) {
    CalibrationRound r{row.integer(i, 0), row.integer(i, 1), row.integer(i, 2), row.text(i, 3),
                       row.integer(i, 4), std::nullopt,      row.text(i, 6)};
    if (!row.isNull(i, 5)) r.revealedAt = row.integer(i, 5);
    if (!row.isNull(i, 7)) r.calibrationSessionId = row.integer(i, 7);
    return r;
}

CalibrationGrade readGradeRow(const pg::Rows& row, int i) {
    return CalibrationGrade{row.integer(i, 0), row.integer(i, 1), row.text(i, 2), row.text(i, 3), row.text(i, 4),
                            static_cast<int>(row.integer(i, 5)), row.integer(i, 6)};
}
} // namespace

Result<std::vector<CalibrationRound>> PgStore::calibrationRounds() {
    return collect(db_->run(SIMDESK_ROUND_COLUMNS "ORDER BY r.id"), readRoundRow);
}

Result<CalibrationRound> PgStore::calibrationRound(int64_t roundId) {
    pg::Rows rows = db_->run(SIMDESK_ROUND_COLUMNS "WHERE r.id = $1", pg::Params().add(roundId));
    if (!rows.ok()) return fail(rows.error());
    if (rows.size() == 0) return fail("no calibration round " + std::to_string(roundId));
    return readRoundRow(rows, 0);
}

Result<std::vector<CalibrationGrade>> PgStore::calibrationGrades(int64_t roundId) {
    auto round = calibrationRound(roundId);
    if (!round) return round.error();
    if (!round->revealedAt)
        return fail("calibration round " + std::to_string(roundId) + " is still blind; its grades show once it is revealed");
    return collect(db_->run(SIMDESK_GRADE_COLUMNS "WHERE g.round_id = $1 ORDER BY g.criterion_id COLLATE \"C\", p.name COLLATE \"C\"",
                            pg::Params().add(roundId)),
                   readGradeRow);
}

Result<std::vector<CalibrationGrade>> PgStore::calibrationGradesBy(int64_t roundId, int64_t graderId) {
    return collect(db_->run(SIMDESK_GRADE_COLUMNS "WHERE g.round_id = $1 AND g.grader_id = $2 ORDER BY g.criterion_id COLLATE \"C\"",
                            pg::Params().add(roundId).add(graderId)),
                   readGradeRow);
}

Result<std::vector<CalibrationProgress>> PgStore::calibrationProgress(int64_t roundId) {
    // Through the schema's function: a grader may not read others' blind grades, but may see who is done.
    return collect(db_->run("SELECT grader_id, name, graded FROM simdesk_calibration_progress($1)", pg::Params().add(roundId)),
                   [](const pg::Rows& row, int i) {
                       return CalibrationProgress{row.integer(i, 0), row.text(i, 1), static_cast<int>(row.integer(i, 2))};
                   });
}

// ---------------------------------------------------------------------------------------------
// Certification
// ---------------------------------------------------------------------------------------------

Result<int64_t> PgStore::addCertificationAttempt(const CertificationAttempt& a) {
    return insertReturningId("INSERT INTO certification_attempts (person_id, track_id, level_id, session_id, passed, at) "
                             "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                             pg::Params().add(a.personId).add(a.trackId).add(a.levelId).add(a.sessionId).add(a.passed).add(a.at));
}

Result<std::vector<CertificationAttempt>> PgStore::certificationAttempts(int64_t personId) {
    return collect(db_->run("SELECT id, person_id, session_id, track_id, level_id, passed, at FROM certification_attempts "
                            "WHERE person_id = $1 ORDER BY at, id",
                            pg::Params().add(personId)),
                   [](const pg::Rows& row, int i) {
                       return CertificationAttempt{row.integer(i, 0), row.integer(i, 1), row.integer(i, 2), row.text(i, 3),
                                                   row.text(i, 4),    row.integer(i, 5) != 0, row.integer(i, 6)};
                   });
}

Result<int64_t> PgStore::awardCertification(const Certification& c) {
    return insertReturningId(
        "INSERT INTO certifications (person_id, track_id, awarded_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id",
        pg::Params().add(c.personId).add(c.trackId).add(c.awardedAt).add(c.expiresAt));
}

Result<std::vector<Certification>> PgStore::certifications(int64_t personId) {
    return collect(db_->run("SELECT id, person_id, track_id, awarded_at, expires_at FROM certifications "
                            "WHERE person_id = $1 ORDER BY awarded_at, id",
                            pg::Params().add(personId)),
                   [](const pg::Rows& row, int i) {
                       return Certification{row.integer(i, 0), row.integer(i, 1), row.text(i, 2), row.integer(i, 3),
                                            row.integer(i, 4)};
                   });
}

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

Status PgStore::setMaskSecrets(bool on) {
    pg::Rows update = writeOne("INSERT INTO settings (key, value) VALUES ('mask_secrets', $1) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               pg::Params().add(std::string_view(on ? "on" : "off")));
    if (!update.ok()) return fail(update.error());
    // Inside a transaction that later rolls back, the setting would read back wrong until reopened:
    // a small price, and what SqliteStore does as well.
    maskSecrets_ = on;
    return Ok{};
}

} // namespace simdesk::store
