// SqliteStore: TrainingStore on an SQLite file.
//
// Opening never harms a file it cannot use: a non-SQLite file, a damaged database, another
// program's database or one written by a newer simdesk is refused with a clear message before
// anything is written. An older simdesk database is backed up next to itself, then migrated.
//
// Opening reads the header and the schema version, never the whole file: `PRAGMA quick_check`
// (which reads every page) runs only around a migration and when the last process to open the
// file did not close it (a crash, a kill, a power cut: its clean-close marker is still there). It
// also runs on `simdesk db check` (checkFile). See sqlite_health.cpp.
#pragma once

#include "store.hpp"

#include <filesystem>
#include <functional>
#include <memory>

struct sqlite3;

namespace simdesk::store {

inline constexpr int kSchemaVersion = 14;  // 11: compact stored score cards (card_codec.hpp); 12: people.team; 13: dashboard sums; 14: criteria rows WITHOUT ROWID

/// --db PATH, else $SIMDESK_DB, else $XDG_DATA_HOME/simdesk/simdesk.db, else ~/.local/share/simdesk/simdesk.db.
std::filesystem::path resolveDatabasePath(const std::string& flag);

struct OpenOptions {
    int64_t now = 0;  ///< used to name a migration backup
};

class SqliteStore final : public TrainingStore {
public:
    static Result<std::unique_ptr<SqliteStore>> open(const std::filesystem::path& path, OpenOptions options = {});
    ~SqliteStore() override;

    /// Where the last migration backup was written, if opening migrated the file.
    const std::optional<std::filesystem::path>& migrationBackup() const { return backup_; }
    /// Whether opening ran the whole-file check, and why ("a migration", "an unclean shutdown");
    /// empty when it did not (a database closed cleanly, or a new one).
    const std::string& openCheckReason() const { return openCheckReason_; }
    bool checkedOnOpen() const { return !openCheckReason_.empty(); }
    /// The whole-file check of `simdesk db check`, on a read-only connection: nothing is written.
    /// The problems found (empty when the file is sound); an error when the file cannot be
    /// checked at all (missing, a folder, locked, unreadable).
    static Result<std::vector<std::string>> checkFile(const std::filesystem::path& path);
    int schemaVersion() const { return kSchemaVersion; }

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

    bool maskSecrets() const override { return maskSecrets_; }
    Status setMaskSecrets(bool on) override;
    /// Runs `PRAGMA quick_check` on this connection when due; the time is the `last_quick_check`
    /// setting (sqlite_health.cpp).
    Result<HealthCheck> checkIfDue(int64_t now) override;

    // Masking as a recorded decision (defined in mask_settings.cpp).
    struct MaskChange {
        std::string by;   ///< who last turned masking on or off ("" when never recorded)
        int64_t at = 0;   ///< when, seconds since the epoch
    };
    /// Turns masking on or off and records who did and when, in one transaction. Whether `by`
    /// may do it is the caller's rule (the CLI asks for a lead to turn it off).
    Status changeMaskSecrets(bool on, const std::string& by, int64_t at);
    Result<MaskChange> maskSecretsChange();
    /// Stored trainee replies and score cards that still hold a secret (typed while masking was
    /// off). With `apply`, masks them all in one transaction (the one sanctioned edit of these
    /// append-only rows: the append-only triggers are lifted inside it and restored) and
    /// overwrites the old text in the file and its WAL. Returns the replies found (or masked).
    Result<size_t> maskStoredSecrets(bool apply);

    /// For the rescore benchmark and `rescore --all`: every session id, oldest first.
    Result<std::vector<int64_t>> allSessionIds();
    /// Sessions and their turns in batches of ordered queries (by id), each read once.
    Status forEachTranscript(const std::function<Status(const SessionVisit&)>& visit) override;
    /// Also checks, before committing, that the file is still the one opened (see fileLost).
    Status inTransaction(const std::function<Status()>& work) override;
    /// True once a write found the database file deleted, moved, truncated or overwritten under it:
    /// nothing written through this store since it was opened can be read back from its path.
    bool fileLost() const { return fileLost_; }

private:
    SqliteStore(sqlite3* db, std::filesystem::path path);
    Status initialise(OpenOptions options);
    Status checkFileInPlace();
    // Clean-close marker and whole-file check (sqlite_health.cpp).
    Result<std::vector<int64_t>> staleOpenMarkers();
    /// `afterWrite`: said instead of "it was left untouched" when the check follows a migration.
    Status quickCheck(const std::string& why, const std::string& afterWrite = "");
    void markOpen(const std::vector<int64_t>& stale, int64_t now);
    void markClosed();
    Result<int64_t> insertReturningId(const char* sql, const std::function<void(class Statement&)>& bind);
    /// Fills a session's invitations and rounds (sqlite_calibration.cpp).
    Status readSessionParts(CalibrationSession& session);

    sqlite3* db_;
    std::unique_ptr<class StatementCache> cache_;
    std::filesystem::path path_;
    std::optional<std::filesystem::path> backup_;
    bool maskSecrets_ = true;
    int transactionDepth_ = 0;
    bool fileLost_ = false;
    std::string openCheckReason_;
    std::optional<int64_t> openMarker_;  ///< this connection's row in open_handles, removed on close
};

/// The SQL of schema version 1, kept so tests can build a first-version file and migrate it.
const char* schemaVersion1Sql();

} // namespace simdesk::store
