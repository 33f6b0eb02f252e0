// TrainingStore: the durable record of people, played sessions, scores, reviews, coaching,
// calibration and certification — behind an interface, so the app and the command line never
// write SQL and a server database could implement the same contract later.
//
// Contract every implementation keeps:
//  * a trainee turn is durable when appendTurn returns (a crash loses at most the turn being typed);
//    writes made inside inTransaction are stored all together or not at all (the recorder stores
//    each action with every entry it produced this way, so no action is ever half stored);
//  * automatic scores and reviewer scores are append-only: nothing is ever overwritten, a
//    re-score or an override adds a row beside the old one;
//  * free text is masked for secrets before it is stored when maskSecrets() is on (the default),
//    a reply's unsent draft as well as the sent reply;
//  * errors come back as values with a sentence a person can act on.
#pragma once

#include "core/insights.hpp"
#include "core/result.hpp"
#include "core/scoring.hpp"
#include "core/transcript.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <map>
#include <vector>

namespace simdesk::store {

enum class Role { Trainee, Reviewer, Lead };
std::string_view roleName(Role role);
std::optional<Role> parseRole(std::string_view name);

struct Person {
    int64_t id = 0;
    std::string name;
    Role role = Role::Trainee;
    std::string startDate;            ///< YYYY-MM-DD; the 30-day certification clock starts here
    std::vector<std::string> tracks;  ///< assigned certification track ids
    std::map<std::string, std::string> enrolledOn;  ///< track id → YYYY-MM-DD it was assigned (when known)
    bool archived = false;            ///< hidden from pickers and team lists; the records stay
    std::string team{};               ///< the team a lead put them in; blank = no team
};

/// Why `team` cannot be a team's name: a control character (as for names), or over 100 bytes.
/// Blank is fine: it means no team.
std::optional<std::string> teamNameProblem(const std::string& team);
/// The team as stored: leading and trailing white space dropped ("  Blue " and "Blue" are one team).
std::string trimmedTeam(const std::string& team);

/// Why `name` cannot be a person's name: blank, or holding a control character (a terminal would
/// act on an escape sequence in `people list` instead of showing it), C1 controls included.
std::optional<std::string> personNameProblem(const std::string& name);

enum class SessionStatus { Active, Finished, Abandoned };
std::string_view sessionStatusName(SessionStatus status);

/// The content a session was played on, kept so it stays explainable after files change.
struct ContentSnapshot {
    std::string kind;  ///< "scenario" or "rubric"
    std::string id, version, hash, text;
};

struct SessionInfo {
    int64_t id = 0;
    int64_t personId = 0;
    std::string personName;
    std::string scenarioId, scenarioVersion, scenarioHash, rubricId, rubricHash;
    std::string mode;  ///< "practice" or "exam"
    int64_t startedAt = 0;
    std::optional<int64_t> endedAt;
    std::string endingId;  ///< empty until finished
    SessionStatus status = SessionStatus::Active;
    std::optional<double> latestPercent;  ///< of the latest scoring run
    std::optional<bool> latestPassed;
    std::string latestRubricHash;  ///< rubric the latest scoring run used; empty if never scored
    /// What fails an attempt whatever its score in the latest scoring run: critical errors plus
    /// failed typed replies. Read from a summary column, so a list never parses a stored card.
    std::optional<int> latestCriticalCount;
    /// The automatic percent of the latest scoring run, when reviewers' re-ratings made the official
    /// score (latestPercent) differ from it; nullopt: the official score is the automatic one.
    std::optional<double> latestAutomaticPercent;
};

struct NewSession {
    int64_t personId = 0;
    std::string mode = "practice";
    int64_t startedAt = 0;
    ContentSnapshot scenario, rubric;
};

/// One scoring of a session: the first when it is played, more when the rubric changes.
struct ScoringRun {
    int64_t id = 0;
    int64_t sessionId = 0;
    std::string rubricId, rubricVersion, rubricHash;
    std::string reason;  ///< "played", "rescore"
    int64_t scoredAt = 0;
    double computedPercent = 0, finalPercent = 0;
    bool passed = false;
    nlohmann::json card;  ///< the whole ScoreCard as scoreCardToJson wrote it
    int criticalCount = 0;  ///< critical errors plus failed typed replies (summary column)
    /// The automatic percent, when re-ratings made this official score differ from it.
    std::optional<double> automaticPercent;
};

/// A reviewer's score for one criterion, with the reason it differs from (or agrees with) the automatic one.
struct Review {
    int64_t id = 0;
    int64_t sessionId = 0;
    std::string criterionId;
    int level = 0;
    std::string reason;  ///< required, never empty
    int64_t authorId = 0;
    std::string authorName;
    int64_t createdAt = 0;
};

/// A reviewer's decision on a typed turn the scorer queued for a person (low confidence, or a
/// critical error): "confirmed" keeps the automatic judgement, "overturned" says it was wrong.
struct TurnReview {
    int64_t id = 0;
    int64_t sessionId = 0;
    int turn = 0;
    std::string decision;  ///< "confirmed" or "overturned"
    std::string reason;    ///< required, never empty
    int64_t reviewerId = 0;
    std::string reviewerName;
    int64_t createdAt = 0;
};

struct CoachingNote {
    int64_t id = 0, sessionId = 0, authorId = 0;
    std::string authorName, text;
    int64_t createdAt = 0;
};

struct CoachingPlan {
    int64_t id = 0, traineeId = 0, authorId = 0;
    std::optional<int64_t> sessionId;
    std::string authorName, plan;
    int64_t createdAt = 0;
    std::optional<int64_t> acknowledgedAt;
};

struct CalibrationRound {
    int64_t id = 0, sessionId = 0, createdBy = 0;
    std::string title;
    int64_t createdAt = 0;
    std::optional<int64_t> revealedAt;  ///< grades stay blind until the round is revealed
    std::string createdByName;          ///< filled when read back
    /// The calibration session the round is one conversation of; none for a round of its own.
    std::optional<int64_t> calibrationSessionId = std::nullopt;
};

/// A calibration session: one round per conversation of a batch, graded by invited graders before
/// a deadline, blind as a whole until it is revealed (then every round is). A single round is the
/// same idea with a batch of one.
struct CalibrationSession {
    int64_t id = 0, createdBy = 0;
    std::string name;
    std::string sampling;  ///< how the conversations were chosen: "picked", "random 5 of 40, seed 7", …
    int64_t createdAt = 0;
    int64_t deadline = 0;  ///< seconds; a grade after it is refused until the deadline is extended
    /// A grader who has graded a round may read its other grades before the reveal (the store checks).
    bool peersAfterSubmit = false;
    std::optional<int64_t> revealedAt;
    std::optional<int64_t> benchmarkId;  ///< whose grades are the benchmark (an invited grader)
    std::vector<int64_t> graderIds;      ///< invited graders
    // Filled when read back:
    std::string createdByName, benchmarkName;
    std::vector<std::string> graderNames;  ///< in graderIds' order
    std::vector<int64_t> roundIds;         ///< one per conversation, ascending
};

struct CalibrationGrade {
    int64_t roundId = 0, graderId = 0;
    std::string graderName, criterionId, note;
    int level = 0;
    int64_t createdAt = 0;
};

/// Who has graded a blind round so far, without their levels.
struct CalibrationProgress {
    int64_t graderId = 0;
    std::string graderName;
    int criteriaGraded = 0;
};

struct CertificationAttempt {
    int64_t id = 0, personId = 0, sessionId = 0;
    std::string trackId, levelId;
    bool passed = false;
    int64_t at = 0;
};

struct Certification {
    int64_t id = 0, personId = 0;
    std::string trackId;
    int64_t awardedAt = 0, expiresAt = 0;
};

/// What a trainee has typed for the pending turn of an active session and not sent: kept so a
/// resumed session puts it back in the reply box. A draft is not a turn: it is in no transcript,
/// score, replay, export or report, and it is gone once the turn is sent or the session ends.
struct ReplyDraft {
    int64_t sessionId = 0;
    int turn = 0;            ///< the trainee turn it is for, from 1
    std::string nodeId;      ///< the node of that turn
    std::string text;        ///< masked like a sent reply when masking is on
    int64_t savedAt = 0;
};

/// How a dispute was settled: "upheld" (the score stands) or "overturned" (the criterion is
/// re-rated to `level`, which changes the official score like any re-rating).
struct DisputeResolution {
    int64_t resolverId = 0;
    std::string resolverName;  ///< filled when read back
    std::string outcome;       ///< "upheld" or "overturned"
    std::optional<int> level;  ///< overturned: the level the criterion is re-rated to
    std::string reason;        ///< required, never empty
    int64_t resolvedAt = 0;
};

/// A trainee's dispute of one criterion's score on one of their sessions.
struct Dispute {
    int64_t id = 0, sessionId = 0, traineeId = 0;
    std::string traineeName;  ///< filled when read back
    std::string criterionId, reason;
    int64_t openedAt = 0;
    std::optional<DisputeResolution> resolution;  ///< none while it is open
};

/// Which of the dashboards' sums to compute (each is one query).
struct InsightParts {
    bool trends = true, criteria = true, choices = true;
};

/// The dashboards' figures as the database sums them over the sessions a filter keeps, before the
/// content names anything: core/insights turns them into the same figures the records give.
struct InsightSums {
    int plays = 0;  ///< sessions the filter kept (scored or not)
    /// Finished, scored plays in play order (start, then id), without their cards. passMark is the
    /// card's threshold; a run whose card could not be read has none (`passMarkKnown` false) and
    /// the reader takes its rubric's (`rubricId`).
    struct Play {
        insights::ScoredPlay play;
        bool passMarkKnown = true;
        std::string rubricId;
    };
    std::vector<Play> scored;
    std::vector<insights::TeamDay> days;                     ///< by mode, then day
    std::vector<insights::CriterionTally> criteria;          ///< one per criterion id
    std::map<std::string, insights::ChoiceTally> choices;    ///< scenario id → its tally
};

/// Days after a session ends during which its trainee may dispute a score, until a lead sets the
/// team's own window (QA tools default to about two weeks: long enough to read a coach's notes).
inline constexpr int kDefaultDisputeWindowDays = 14;

/// A session's transcript with no entries yet: its content, rubric, start and ending. Each store
/// adds the turns it reads.
Transcript transcriptOf(const SessionInfo& info);

/// One session of a pass over the whole history (TrainingStore::forEachTranscript).
struct SessionVisit {
    /// Ids, content, status and the latest score's rubric hash. A store may leave out what a pass
    /// does not need: the person's name and the latest score's figures.
    const SessionInfo& info;
    /// The visitor may move it away (rescore hands it to a scoring worker): the store does not
    /// read it after the visit returns.
    Transcript& transcript;
    size_t done = 0, total = 0;  ///< this is the done-th session of total
};

/// One row of a run's criteria, what the dashboards sum (insight_sql.cpp).
struct RunCriterion {
    std::string id, title;
    int levels = 0;
    bool applicable = false;
    int level = 0;  ///< 0 where the criterion did not apply, as the card keeps it
    bool rerated = false;
};

/// A scoring run as the store writes it: the card's summary columns, its compact encoding
/// (card_codec.hpp) and its criteria rows. Made without a store, so a rescore's workers prepare
/// runs (and drop the cards) while the store's thread writes the ones before.
struct PreparedRun {
    std::string rubricId, rubricVersion;
    double computedPercent = 0, finalPercent = 0, threshold = 0;
    std::optional<double> automaticPercent;
    bool passed = false;
    std::string encodedCard;
    int64_t criticalCount = 0;
    std::vector<RunCriterion> criteria;
};
PreparedRun prepareRun(const ScoreCard& card);
std::vector<RunCriterion> runCriteriaOf(const ScoreCard& card);

/// What the app's daily whole-file check found (TrainingStore::checkIfDue).
struct HealthCheck {
    bool ran = false;                   ///< false: not due yet, or not this store's to do (a server)
    std::vector<std::string> problems;  ///< what the check found; empty when the file is sound
};

/// How often the app checks its database file as a whole: reading every page costs about half a
/// second at 100 000 sessions, so once a day, not on every open.
inline constexpr int64_t kHealthCheckEverySeconds = 24 * 60 * 60;

class TrainingStore {
public:
    virtual ~TrainingStore() = default;

    // People
    virtual Result<Person> addPerson(const std::string& name, Role role, const std::string& startDate,
                                     const std::vector<std::string>& tracks) = 0;
    virtual Result<std::vector<Person>> people() = 0;
    virtual Result<std::optional<Person>> findPerson(const std::string& name) = 0;
    /// Renames a person; their sessions, scores and plans follow (they are kept by id). Refused for
    /// a blank name, a control character, or a name another person has in any case.
    virtual Status renamePerson(int64_t personId, const std::string& newName) = 0;
    /// Archives (hides) or restores a person. Nothing of theirs is deleted.
    virtual Status setPersonArchived(int64_t personId, bool archived, int64_t at) = 0;
    /// Puts a person in a team (leading and trailing spaces dropped), or in none for a blank one.
    /// Refused for a control character. On a server, only a lead may.
    virtual Status setPersonTeam(int64_t personId, const std::string& team) = 0;

    // Sessions and turns
    virtual Result<int64_t> startSession(const NewSession& session) = 0;
    /// Appends one transcript entry; durable when this returns. Text is masked first if enabled.
    virtual Result<TranscriptEntry> appendTurn(int64_t sessionId, const TranscriptEntry& entry, int64_t recordedAt) = 0;
    /// Removes a session's stored entries after its first `kept`: the remains of an action a failed
    /// write cut short (simdesk once stored entries one at a time), replaced by that action played again.
    virtual Status discardTurnsAfter(int64_t sessionId, size_t kept) = 0;
    virtual Status finishSession(int64_t sessionId, const std::string& endingId, int64_t endedAt) = 0;
    virtual Status abandonSession(int64_t sessionId, int64_t at) = 0;
    virtual Result<std::vector<SessionInfo>> sessions(const std::optional<std::string>& traineeName) = 0;
    virtual Result<SessionInfo> session(int64_t sessionId) = 0;
    virtual Result<Transcript> transcript(int64_t sessionId) = 0;
    /// Every session with its transcript, oldest first, for a pass over the whole history
    /// (rescore). Stops at the first error `visit` returns; `visit` may write. Each store streams
    /// sessions and turns in batches of a few ordered queries (store_rules.hpp), so no session is
    /// read twice.
    virtual Status forEachTranscript(const std::function<Status(const SessionVisit&)>& visit) = 0;
    virtual Result<ContentSnapshot> snapshot(const std::string& hash) = 0;

    // Drafts: one per active session, the trainee's own. Appending a trainee turn, finishing and
    // abandoning a session each delete the session's draft in the same write.
    /// Replaces the session's draft, its text masked first if enabled; a blank text deletes it.
    /// Refused for a session that is not active.
    virtual Status saveDraft(const ReplyDraft& draft) = 0;
    /// The session's draft, if it has one.
    virtual Result<std::optional<ReplyDraft>> draft(int64_t sessionId) = 0;
    virtual Status discardDraft(int64_t sessionId) = 0;

    // Scores (append-only)
    /// Stores `card` as a new run of the session (prepareRun, then addPreparedRun).
    Result<int64_t> addScoringRun(int64_t sessionId, const ScoreCard& card, const std::string& rubricHash,
                                  const std::string& reason, int64_t scoredAt);
    /// Stores a run prepared from a card, with its criteria rows, in one write.
    virtual Result<int64_t> addPreparedRun(int64_t sessionId, const PreparedRun& run, const std::string& rubricHash,
                                           const std::string& reason, int64_t scoredAt) = 0;
    virtual Result<std::vector<ScoringRun>> scoringRuns(int64_t sessionId) = 0;
    virtual Result<int64_t> addReview(const Review& review) = 0;
    /// One session's reviews, oldest first; or every review (std::nullopt), by session id, then
    /// oldest first (a rescore reads them all at once rather than once per session).
    virtual Result<std::vector<Review>> reviews(std::optional<int64_t> sessionId) = 0;
    /// One decision per typed turn; a second one is refused.
    virtual Result<int64_t> addTurnReview(const TurnReview& review) = 0;
    /// Every decision, or one session's, oldest first.
    virtual Result<std::vector<TurnReview>> turnReviews(std::optional<int64_t> sessionId) = 0;

    // Coaching
    virtual Result<int64_t> addCoachingNote(const CoachingNote& note) = 0;
    virtual Result<std::vector<CoachingNote>> coachingNotes(int64_t sessionId) = 0;
    virtual Result<int64_t> addCoachingPlan(const CoachingPlan& plan) = 0;
    virtual Status acknowledgePlan(int64_t planId, int64_t at) = 0;
    virtual Result<std::vector<CoachingPlan>> coachingPlans(int64_t traineeId) = 0;

    // Calibration
    virtual Result<int64_t> createCalibrationRound(const CalibrationRound& round) = 0;
    virtual Status addCalibrationGrade(const CalibrationGrade& grade) = 0;
    virtual Status revealCalibrationRound(int64_t roundId, int64_t at) = 0;
    virtual Result<std::vector<CalibrationRound>> calibrationRounds() = 0;  ///< oldest first
    virtual Result<CalibrationRound> calibrationRound(int64_t roundId) = 0;
    /// Everyone's grades — refused until the round is revealed, so a round stays blind.
    virtual Result<std::vector<CalibrationGrade>> calibrationGrades(int64_t roundId) = 0;
    /// One grader's own grades, at any time (what they have entered so far).
    virtual Result<std::vector<CalibrationGrade>> calibrationGradesBy(int64_t roundId, int64_t graderId) = 0;
    /// Who has graded how many criteria, at any time, without levels or notes.
    virtual Result<std::vector<CalibrationProgress>> calibrationProgress(int64_t roundId) = 0;

    // Calibration sessions (a batch of rounds). A round of a session is graded only by the session's
    // invited graders, until its deadline, and is revealed only with the whole session.
    /// Creates the session, its invitations and one round per conversation (titled with its name),
    /// all or nothing. Refused without a name, a conversation, or two graders.
    virtual Result<int64_t> createCalibrationSession(const CalibrationSession& session,
                                                     const std::vector<int64_t>& conversationIds) = 0;
    virtual Result<std::vector<CalibrationSession>> calibrationSessions() = 0;  ///< oldest first
    virtual Result<CalibrationSession> calibrationSession(int64_t id) = 0;
    /// Moves the deadline later; refused for an earlier one and after the reveal.
    virtual Status extendCalibrationSession(int64_t id, int64_t deadline) = 0;
    /// Reveals the session and every round of it, at once.
    virtual Status revealCalibrationSession(int64_t id, int64_t at) = 0;
    /// Marks an invited grader's grades as the session's benchmark.
    virtual Status setCalibrationBenchmark(int64_t id, int64_t personId) = 0;
    /// Everyone's grades of a round for `graderId` to read: once revealed; before that only in a
    /// session that lets graders see their peers, and only after `graderId` has graded the round.
    virtual Result<std::vector<CalibrationGrade>> calibrationPeerGrades(int64_t roundId, int64_t graderId) = 0;

    // Certification
    virtual Result<int64_t> addCertificationAttempt(const CertificationAttempt& attempt) = 0;
    virtual Result<std::vector<CertificationAttempt>> certificationAttempts(int64_t personId) = 0;
    virtual Result<int64_t> awardCertification(const Certification& certification) = 0;
    virtual Result<std::vector<Certification>> certifications(int64_t personId) = 0;

    // Disputes (append-only: a dispute and its one resolution are never changed or deleted)
    /// Refused without a reason, or while a dispute of the same criterion on the session is open.
    virtual Result<int64_t> openDispute(const Dispute& dispute) = 0;
    /// Refused for a resolved or unknown dispute, without a reason, or an overturn without a level.
    virtual Status resolveDispute(int64_t disputeId, const DisputeResolution& resolution) = 0;
    /// Every dispute, or one session's, oldest first, each with its resolution if it has one.
    virtual Result<std::vector<Dispute>> disputes(std::optional<int64_t> sessionId) = 0;
    virtual Result<int> disputeWindowDays() = 0;
    virtual Status setDisputeWindowDays(int days) = 0;

    // Dashboards
    /// The dashboards' sums over the sessions `filter` keeps, computed by the database (one query
    /// per part, no stored card read); on a server, only the sessions this login may read.
    virtual Result<InsightSums> insightSums(const insights::Filter& filter, InsightParts parts) = 0;

    /// Runs `work` as one write transaction: every write it makes is stored, or (when it or the
    /// commit fails) none is. Called inside another, it joins that one.
    virtual Status inTransaction(const std::function<Status()>& work) = 0;

    /// On a server: the person whose login role this connection signed in as, who is then the
    /// only person this client may act as (`--by` naming another is refused). Nothing for an
    /// SQLite file, or for the server's owner, who administers rather than takes part.
    virtual Result<std::optional<Person>> signedIn() { return std::optional<Person>{}; }

    /// The whole-file check, when the last one that found the file sound (remembered in the store)
    /// is a day or more before `now` (or after it: a clock set back). A check that finds damage
    /// is not remembered, so the next start checks again. A server checks its own files.
    virtual Result<HealthCheck> checkIfDue(int64_t now) {
        (void)now;
        return HealthCheck{};
    }

    // Settings
    virtual bool maskSecrets() const = 0;
    virtual Status setMaskSecrets(bool on) = 0;
};

} // namespace simdesk::store
