// Coaching on SQLite: a lead's notes on a session and plans for a trainee, and certification
// attempts and awards.
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "store_rules.hpp"

namespace simdesk::store {

// ---------------------------------------------------------------------------------------------
// Coaching
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::addCoachingNote(const CoachingNote& note) {
    if (isBlank(note.text))
        return fail("a coaching note cannot be empty");
    return insertReturningId(
        "INSERT INTO coaching_notes (session_id, author_id, text, created_at) VALUES (?, ?, ?, ?)",
        [&](Statement& s) {
            s.bind(1, note.sessionId).bind(2, note.authorId).bind(3, note.text).bind(4, note.createdAt);
        });
}

Result<std::vector<CoachingNote>> SqliteStore::coachingNotes(int64_t sessionId) {
    Statement select = cache_->prepare(
        "SELECT n.id, n.session_id, n.author_id, p.name, n.text, n.created_at FROM coaching_notes n "
        "JOIN people p ON p.id = n.author_id WHERE n.session_id = ? ORDER BY n.id");
    select.bind(1, sessionId);
    return collectRows(select, [](Statement& row) {
        return CoachingNote{row.integer(0), row.integer(1), row.integer(2),
                            row.text(3),    row.text(4),    row.integer(5)};
    });
}

Result<int64_t> SqliteStore::addCoachingPlan(const CoachingPlan& plan) {
    if (isBlank(plan.plan))
        return fail("a coaching plan cannot be empty");
    return insertReturningId("INSERT INTO coaching_plans (trainee_id, session_id, author_id, plan, "
                             "created_at) VALUES (?, ?, ?, ?, ?)",
                             [&](Statement& s) {
                                 s.bind(1, plan.traineeId)
                                     .bindOptional(2, plan.sessionId)
                                     .bind(3, plan.authorId)
                                     .bind(4, plan.plan)
                                     .bind(5, plan.createdAt);
                             });
}

Status SqliteStore::acknowledgePlan(int64_t planId, int64_t at) {
    WriteScope scope(db_, transactionDepth_);
    Statement update = cache_->prepare(
        "UPDATE coaching_plans SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL");
    update.bind(1, at).bind(2, planId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("plan " + std::to_string(planId) + " does not exist or is already acknowledged");
    return scope.commit();
}

Result<std::vector<CoachingPlan>> SqliteStore::coachingPlans(int64_t traineeId) {
    Statement select = cache_->prepare(
        "SELECT c.id, c.trainee_id, c.author_id, c.session_id, p.name, c.plan, c.created_at, "
        "c.acknowledged_at "
        "FROM coaching_plans c JOIN people p ON p.id = c.author_id WHERE c.trainee_id = ? ORDER BY c.id");
    select.bind(1, traineeId);
    return collectRows(select, [](Statement& row) {
        CoachingPlan p{row.integer(0), row.integer(1), row.integer(2), std::nullopt,
                       row.text(4),    row.text(5),    row.integer(6), std::nullopt};
        if (!row.isNull(3))
            p.sessionId = row.integer(3);
        if (!row.isNull(7))
            p.acknowledgedAt = row.integer(7);
        return p;
    });
}

// ---------------------------------------------------------------------------------------------
// Certification
// ---------------------------------------------------------------------------------------------

Result<int64_t> SqliteStore::addCertificationAttempt(const CertificationAttempt& a) {
    return insertReturningId("INSERT INTO certification_attempts (person_id, track_id, level_id, session_id, "
                             "passed, at) VALUES (?, ?, ?, ?, ?, ?)",
                             [&](Statement& s) {
                                 s.bind(1, a.personId)
                                     .bind(2, a.trackId)
                                     .bind(3, a.levelId)
                                     .bind(4, a.sessionId)
                                     .bind(5, int64_t{a.passed})
                                     .bind(6, a.at);
                             });
}

Result<std::vector<CertificationAttempt>> SqliteStore::certificationAttempts(int64_t personId) {
    Statement select = cache_->prepare(
        "SELECT id, person_id, session_id, track_id, level_id, passed, at FROM certification_attempts "
        "WHERE person_id = ? ORDER BY at, id");
    select.bind(1, personId);
    return collectRows(select, [](Statement& row) {
        return CertificationAttempt{row.integer(0), row.integer(1),      row.integer(2), row.text(3),
                                    row.text(4),    row.integer(5) != 0, row.integer(6)};
    });
}

Result<int64_t> SqliteStore::awardCertification(const Certification& c) {
    return insertReturningId(
        "INSERT INTO certifications (person_id, track_id, awarded_at, expires_at) VALUES (?, ?, ?, ?)",
        [&](Statement& s) {
            s.bind(1, c.personId).bind(2, c.trackId).bind(3, c.awardedAt).bind(4, c.expiresAt);
        });
}

Result<std::vector<Certification>> SqliteStore::certifications(int64_t personId) {
    Statement select =
        cache_->prepare("SELECT id, person_id, track_id, awarded_at, expires_at FROM certifications WHERE "
                        "person_id = ? ORDER BY awarded_at");
    select.bind(1, personId);
    return collectRows(select, [](Statement& row) {
        return Certification{row.integer(0), row.integer(1), row.text(2), row.integer(3), row.integer(4)};
    });
}
} // namespace simdesk::store
