// PgStore: TrainingStore on a PostgreSQL server (15 or newer), for a team that outgrew one
// desktop file. Same contract as SqliteStore (store.hpp): durable turns, all-or-nothing
// transactions, append-only scores, reviews and turns (enforced by triggers on the server),
// secrets masked before they are stored, errors as sentences.
//
// Opening never harms a database it cannot use: one whose simdesk schema is newer than this
// simdesk knows, or one holding other tables but no simdesk schema, is refused before anything is
// written. An empty database gets the schema; an older one is migrated in one transaction, under
// an advisory lock so two desks opening at once do not both migrate. (Backups of a server are the
// server's business: pg_dump, see docs/team-server.md.)
#pragma once

#include "store.hpp"

#include <memory>

namespace simdesk::store {

namespace pg {
class Connection;
class Params;
class Rows;
} // namespace pg

/// The schema version of a simdesk database on a server. Its own line, apart from the SQLite
/// file's kSchemaVersion: the server schema started at 1 with what SQLite reached in 6.
inline constexpr int kPgSchemaVersion = 8;  // 6: compact stored score cards (card_codec.hpp); 7: people.team; 8: dashboard sums
inline constexpr int kPgCompactCardsVersion = 6;
inline constexpr int kPgRunSummariesVersion = 8;

class PgStore final : public TrainingStore {
public:
    /// `conninfo`: a postgresql:// URI or a libpq keyword string ("host=/run/pg dbname=simdesk").
    static Result<std::unique_ptr<PgStore>> open(const std::string& conninfo);
    /// Signs in as `user` (a login role) with `password`, which travels beside the URI and never
    /// in a message (empty: ~/.pgpass or PGPASSFILE). The app's sign-in screen uses it.
    static Result<std::unique_ptr<PgStore>> openAs(const std::string& conninfo, const std::string& user,
                                                   const std::string& password, int timeoutSeconds);
    ~PgStore() override;

    int schemaVersion() const { return kPgSchemaVersion; }
    /// The server as messages name it (the URI without its password).
    const std::string& shown() const;

    Result<Person> addPerson(const std::string& name, Role role, const std::string& startDate,
                             const std::vector<std::string>& tracks) override;
    Result<std::vector<Person>> people() override;
    Result<std::optional<Person>> findPerson(const std::string& name) override;
    Status renamePerson(int64_t personId, const std::string& newName) override;
    Status setPersonArchived(int64_t personId, bool archived, int64_t at) override;
    Status setPersonTeam(int64_t personId, const std::string& team) override;

    Result<int64_t> startSession(const NewSession& session) override;
    Result<TranscriptEntry> appendTurn(int64_t sessionId, const TranscriptEntry& entry, int64_t recordedAt) override;
    Status discardTurnsAfter(int64_t sessionId, size_t kept) override;
    Status finishSession(int64_t sessionId, const std::string& endingId, int64_t endedAt) override;
    Status abandonSession(int64_t sessionId, int64_t at) override;
    Result<std::vector<SessionInfo>> sessions(const std::optional<std::string>& traineeName) override;
    Result<SessionInfo> session(int64_t sessionId) override;
    Result<Transcript> transcript(int64_t sessionId) override;
    /// Sessions and their turns in batches of two ordered queries (by id), each read once.
    Status forEachTranscript(const std::function<Status(const SessionVisit&)>& visit) override;
    Result<ContentSnapshot> snapshot(const std::string& hash) override;
    Status saveDraft(const ReplyDraft& draft) override;
    Result<std::optional<ReplyDraft>> draft(int64_t sessionId) override;
    Status discardDraft(int64_t sessionId) override;

    Result<int64_t> addPreparedRun(int64_t sessionId, const PreparedRun& run, const std::string& rubricHash,
                                   const std::string& reason, int64_t scoredAt) override;
    Result<std::vector<ScoringRun>> scoringRuns(int64_t sessionId) override;
    Result<int64_t> addReview(const Review& review) override;
    Result<std::vector<Review>> reviews(std::optional<int64_t> sessionId) override;
    Result<int64_t> addTurnReview(const TurnReview& review) override;
    Result<std::vector<TurnReview>> turnReviews(std::optional<int64_t> sessionId) override;

    Result<int64_t> addCoachingNote(const CoachingNote& note) override;
    Result<std::vector<CoachingNote>> coachingNotes(int64_t sessionId) override;
    Result<int64_t> addCoachingPlan(const CoachingPlan& plan) override;
    Status acknowledgePlan(int64_t planId, int64_t at) override;
    Result<std::vector<CoachingPlan>> coachingPlans(int64_t traineeId) override;

    Result<int64_t> createCalibrationRound(const CalibrationRound& round) override;
    Status addCalibrationGrade(const CalibrationGrade& grade) override;
    Status revealCalibrationRound(int64_t roundId, int64_t at) override;
    Result<std::vector<CalibrationRound>> calibrationRounds() override;
    Result<CalibrationRound> calibrationRound(int64_t roundId) override;
    Result<std::vector<CalibrationGrade>> calibrationGrades(int64_t roundId) override;
    Result<std::vector<CalibrationGrade>> calibrationGradesBy(int64_t roundId, int64_t graderId) override;
    Result<std::vector<CalibrationProgress>> calibrationProgress(int64_t roundId) override;
    Result<int64_t> createCalibrationSession(const CalibrationSession& session, const std::vector<int64_t>& conversationIds) override;
    Result<std::vector<CalibrationSession>> calibrationSessions() override;
    Result<CalibrationSession> calibrationSession(int64_t id) override;
    Status extendCalibrationSession(int64_t id, int64_t deadline) override;
    Status revealCalibrationSession(int64_t id, int64_t at) override;
    Status setCalibrationBenchmark(int64_t id, int64_t personId) override;
    Result<std::vector<CalibrationGrade>> calibrationPeerGrades(int64_t roundId, int64_t graderId) override;

    Result<int64_t> addCertificationAttempt(const CertificationAttempt& attempt) override;
    Result<std::vector<CertificationAttempt>> certificationAttempts(int64_t personId) override;
    Result<int64_t> awardCertification(const Certification& certification) override;
    Result<std::vector<Certification>> certifications(int64_t personId) override;

    Result<int64_t> openDispute(const Dispute& dispute) override;
    Status resolveDispute(int64_t disputeId, const DisputeResolution& resolution) override;
    Result<std::vector<Dispute>> disputes(std::optional<int64_t> sessionId) override;
    Result<int> disputeWindowDays() override;
    Status setDisputeWindowDays(int days) override;

    Result<InsightSums> insightSums(const insights::Filter& filter, InsightParts parts) override;

    Status inTransaction(const std::function<Status()>& work) override;
    Result<std::optional<Person>> signedIn() override;

    /// Gives a person a login role `login` with this password (sent as a SCRAM verifier only),
    /// member of their role's group (simdesk_trainee, _reviewer or _lead). Only a lead or the
    /// owner may; the server decides (simdesk_add_login, pg_schema.cpp).
    Status addLogin(const Person& person, const std::string& login, const std::string& password);

    bool maskSecrets() const override { return maskSecrets_; }
    Status setMaskSecrets(bool on) override;

private:
    explicit PgStore(std::unique_ptr<pg::Connection> db);
    Status initialise();
    /// Runs `body` all-or-nothing: its own transaction, or a savepoint inside the one open, so a
    /// refused write (a duplicate grade) leaves the outer transaction usable, as in SQLite.
    Status atomically(const std::function<Status()>& body);
    /// One statement, atomically; its rows or its error.
    pg::Rows writeOne(const char* sql, const pg::Params& params);
    /// An INSERT ... RETURNING id.
    Result<int64_t> insertReturningId(const char* sql, const pg::Params& params);
    /// appendTurn's second attempt after a lost connection: stores the turn unless the first
    /// attempt's commit landed (pg_store.cpp says how that is told).
    Result<TranscriptEntry> appendTurnAgain(const TranscriptEntry& stored, const pg::Params& params);
    /// Fills a session's invitations and rounds (pg_calibration.cpp).
    Status readSessionParts(CalibrationSession& session);

    std::unique_ptr<pg::Connection> db_;
    bool maskSecrets_ = true;
    int transactionDepth_ = 0;
};

/// The SQL that creates version `version` from version - 1 (1: an empty database), for tests.
const char* pgMigrationSql(int version);

} // namespace simdesk::store
