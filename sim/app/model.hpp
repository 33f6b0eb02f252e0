// AppModel: what every screen of the desktop app shows and what each of its actions does, with no
// window, no ImGui and no SQL. Screens (screens_*.cpp) only read this state and call its actions;
// tests drive the same actions and check the same state (tests/test_app_model.cpp).
//
// The clock is passed in with every action that needs it. Store access goes through a
// StoreWorker, so with a ThreadWorker no action waits on the disk; results arrive through
// update(), which the frame loop calls before drawing.
#pragma once

#include "certificate.hpp"
#include "store_worker.hpp"
#include "unsent_turns.hpp"

#include "store/review_queue.hpp"
#include "store/standing.hpp"

#include "core/analysis.hpp"
#include "core/benchmark.hpp"
#include "core/calibration.hpp"
#include "core/insights.hpp"
#include "core/library.hpp"
#include "core/official_score.hpp"
#include "core/player.hpp"
#include "core/scoring.hpp"
#include "core/track.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace simdesk::store {
class SessionRecorder;
}

namespace simdesk::app {

enum class Screen { Start, Library, Play, Debrief, Tracks, Reviews, Team, Plays, Dashboards, SignIn };
enum class Theme { Dark, Light, HighContrast };

std::string_view screenName(Screen screen);
/// A scenario type as a trainee reads it: "success_challenge" -> "Success challenge".
std::string categoryLabel(std::string_view category);
/// A score as every screen shows it: one decimal, rounded half away from zero, ".0" dropped
/// ("97.5%", "100%"), so My tracks, the library and the debrief never disagree about one play.
std::string scoreText(double percent);
/// A transcript entry as the conversation view draws it (the trainee is "You").
struct Bubble;
/// `agentName` fills the content's {agent} placeholder (core/agent_name.hpp): the first name of the
/// person who played, whoever is reading.
Bubble bubbleFor(const Scenario& scenario, const TranscriptEntry& entry, std::string_view agentName);
std::optional<Screen> parseScreen(std::string_view name);
std::string_view themeName(Theme theme);
std::optional<Theme> parseTheme(std::string_view name);

/// The two clocks an action may need: wall time for records, a monotonic reading for the
/// response-time clock (so changing the system time never distorts a reply's measured time).
struct Clock {
    int64_t wall = 0;     ///< seconds since the epoch
    double steady = 0;    ///< seconds, any origin
};

/// Settings kept between runs (prefs.cpp reads and writes them).
struct Preferences {
    std::string lastProfile;
    std::string lastServer;   ///< the team server last signed in to, as typed (never a password)
    Theme theme = Theme::Dark;
    float uiScale = 1.0f;     ///< on top of the monitor's content scale
    int windowWidth = 1280, windowHeight = 800;
    std::string imguiLayout;  ///< ImGui's own ini text: table column widths, panel sizes
};

// ---- start --------------------------------------------------------------------------------------

struct ProfileRow {
    int64_t id = 0;
    std::string name, role, startDate;
    std::vector<std::string> tracks;
    std::map<std::string, std::string> enrolledOn;  ///< track id → day enrolled, for refreshers' deadlines
    bool archived = false;  ///< hidden from the picker unless asked for; the records stay
    std::string team{};     ///< blank: no team
};

/// What is typed into the start screen's "New profile" form; cleared once the profile is created.
struct NewProfileDraft {
    std::string name;
    std::string role = "trainee";
    std::vector<std::string> tracks;  ///< track ids; every track of the library to begin with
};

/// An irreversible act waiting for the person to confirm it (the window shows it as a modal).
struct Confirmation {
    enum class Act { RevealRound, AbandonSession, RescoreAll };
    Act act = Act::RevealRound;
    int64_t target = 0;            ///< the round or the session
    std::string title, text, confirmLabel;
};

/// A status-bar line, kept with the screen and the profile it was raised for: it is shown only
/// there, so one person's news never shows to the next, nor on another screen.
struct StatusLine {
    std::string text;
    Screen screen = Screen::Start;
    int64_t personId = 0;
};

/// The sign-in screen's form and where it stands (model_signin.cpp).
struct SignInState {
    std::string server;    ///< a postgresql:// URI, or host/database, or host
    std::string name;      ///< the person's name (or their login)
    /// Typed, handed to the worker and wiped from here on Sign in; never stored or logged.
    std::string password;
    bool connecting = false;
    std::string error;     ///< why the last attempt failed, in words; never the password
    bool serverOnly = false;  ///< --db / SIMDESK_DB names a server: no profile picker to go back to
};

/// Opens a store on a team server as `login` (on the worker, never the UI thread). The app's is
/// PgStore::openAs; tests pass their own.
using ServerConnector = std::function<Result<std::unique_ptr<store::TrainingStore>>(
    const std::string& uri, const std::string& login, const std::string& password)>;
/// The app's own connector: PgStore::openAs, giving up after `timeoutSeconds` without an answer.
ServerConnector serverConnector(int timeoutSeconds = 10);
/// Opens the desktop's own records again (back from a server to the profile picker).
using LocalOpener = std::function<Result<std::unique_ptr<store::TrainingStore>>()>;

/// "postgresql://host/db" from what was typed in the server box: a URI as it is, "host/db",
/// "host:port/db", or a bare host (database simdesk). None for an empty or unusable one.
std::optional<std::string> serverUri(const std::string& typed);
/// A connection failure as the sign-in screen says it: wrong password, unknown server, no answer.
std::string signInProblem(const std::string& error, const std::string& server);

// ---- library ------------------------------------------------------------------------------------

struct LibraryFilter {
    std::string search;             ///< words matched against title, brief, persona, tags and id
    std::string category, channel, priority, track;  ///< empty: any
    int difficulty = 0;             ///< 0: any
    friend bool operator==(const LibraryFilter&, const LibraryFilter&) = default;
};

struct LibraryRow {
    std::string id, title, brief, category, channel, priority;  ///< brief: the situation, spoiler-free
    std::string personaName, personaCompany, personaTier, personaTemperament;
    int difficulty = 1, minutes = 0;
    std::vector<std::string> trackIds;
    std::optional<double> bestPercent;  ///< the profile's best finished score (official)
    bool bestPassed = false;
    /// The automatic score of that best play, when a reviewer's re-rating made it differ.
    std::optional<double> bestAutomaticPercent;
    int plays = 0;                      ///< finished plays by the profile
    int64_t lastSessionId = 0;          ///< the profile's latest finished play, for its debrief
};

/// One finished play of the signed-in profile, as My plays lists it (newest first).
struct PlayRow {
    int64_t sessionId = 0;
    std::string scenarioId, scenarioTitle, mode;
    std::string date;                         ///< YYYY-MM-DD it began
    std::optional<double> percent;            ///< official: with reviewers' re-ratings applied
    std::optional<double> automaticPercent;   ///< the scorer's, when a re-rating made the official differ
    bool passed = false;
};

struct FilterOptions {
    std::vector<std::string> categories, channels, priorities, tracks;
};

/// An interrupted session of the current profile that can be picked up again.
struct ResumeOffer {
    int64_t sessionId = 0;
    std::string scenarioId, scenarioTitle, mode;
    int64_t startedAt = 0;
};

// ---- play ---------------------------------------------------------------------------------------

struct Bubble {
    enum class Side { Customer, Trainee, System } side = Side::Customer;
    std::string author, text;
    std::string note;  ///< system line: hand-off target, ending outcome; trainee: masked secrets
    int64_t at = 0;
    int moodAfter = 50;
    /// A trainee turn the store has not acknowledged yet: "sending…", or "not sent yet, kept" after
    /// a failed write (it is retried). Empty once stored.
    std::string delivery;
};

/// One choice as the play screen shows it, in display order (1–9 keys pick by position).
struct ChoiceButton {
    std::string id, text;
    bool enabled = true;
    std::string unavailableReason;
    std::string action;  ///< "Escalate to L2", "Transfer to billing": the choice hands the case off
};

/// The response-time standard the trainee is being held to on this turn.
struct ResponseClock {
    double elapsed = 0;   ///< seconds in the channel's time (simulated for email and social)
    double target = 0;    ///< the standard for this reply, same units
    bool simulated = false;
    bool late = false;
    std::string standard; ///< as seed 004 words it
};

struct PracticeFeedback {
    int turn = 0;
    std::vector<TurnFeedback> notes;
    std::vector<std::string> ruleLines;  ///< typed replies: "matched apology: found "sorry""
};

/// The coach's note on one action as practice mode shows it (turn: the trainee turn it follows).
PracticeFeedback practiceFeedbackFor(const StepResult& step, int turn);

struct PlayState {
    std::optional<PlaySession> session;
    RubricPtr rubric;
    std::string mode = "practice";
    std::vector<Bubble> bubbles;
    std::vector<size_t> choiceOrder;  ///< display position → index in the prompt's choices
    double promptShownAt = 0;         ///< steady clock when the current prompt appeared
    std::string replyDraft;           ///< the reply box; kept in the store as a draft (keepDraft)
    std::vector<PracticeFeedback> feedback;  ///< practice mode only; one per turn played, resumed ones too
    std::string kbQuery;
    std::vector<SearchHit> kbHits;
    std::string openArticle;          ///< id of the article shown in full
    int64_t sessionId = 0;            ///< 0 until the store has it (or when not recorded)
    size_t ackedEntries = 0;          ///< entries of the transcript the store acknowledged (committed)
    bool recorded = true;             ///< false: a sample in memory, nothing is written
    std::string trackId, levelId;     ///< set when played as a certification attempt
    /// What the customer calls the trainee: the first name of the person playing (or who played, in
    /// a stored debrief). Fills {agent} in every content text the screens show; never stored.
    std::string agentName;
};

// ---- debrief ------------------------------------------------------------------------------------

struct DebriefTurn {
    int turn = 0;
    std::string prompt;    ///< what the trainee was answering
    std::string yours;     ///< the choice's text or the typed reply
    bool typed = false;
    struct Line {
        std::string criterion, text, quote;  ///< quote: the words of the reply that earned it
        int level = 0, maxLevel = 1;
        bool gained = false;                 ///< reached the criterion's top level
    };
    std::vector<Line> lines;
    double seconds = 0;
    std::optional<bool> onTime;
};

struct PathRow {
    std::string where;   ///< the prompt or node
    std::string text;    ///< what was done there
    bool matchesBest = false;  ///< your path: the best path made the same move here
};

/// What a reviewer or coach added to a stored session: a criterion re-rated with a reason, or a
/// coaching note (criterion empty). The automatic score stays as it was, beside it.
struct ReviewerFeedback {
    std::string author, date;         ///< date: YYYY-MM-DD
    std::string criterionTitle;       ///< empty for a coaching note
    int level = 0, maxLevel = 0;      ///< the reviewer's level
    std::optional<int> automaticLevel;
    std::string text;                 ///< the reason, or the note
};

/// What a reviewer is writing on someone's debrief: a re-rating with its reason, and a plan.
struct CoachingDraft {
    std::string criterionId;  ///< empty: none picked
    int level = -1;
    std::string reason, plan;
};

/// A dispute as the trainee's debrief and the reviewers' screen show it.
struct DisputeRow {
    int64_t id = 0, sessionId = 0;
    std::string trainee, criterionId, criterionTitle, reason, openedOn;
    int levels = 2;          ///< the criterion's scale, for an overturn
    std::string status;      ///< "open", "upheld" or "overturned"
    std::string resolvedBy, resolution;  ///< who settled it and why, once settled
    std::optional<int> level;            ///< overturned: the level it was re-rated to
};

/// What a trainee is writing to dispute a criterion of their own session.
struct DisputeDraft {
    std::string criterionId, reason;
};

/// Disputes as rows, each named and scaled by its session's rubric (off the UI thread: it reads the store).
std::vector<DisputeRow> disputeRows(const ContentLibrary& library, store::TrainingStore& store,
                                    const std::vector<store::Dispute>& disputes);

struct DebriefState {
    ScoreCard card;
    std::vector<DisputeRow> disputes;  ///< this session's, oldest first (stored sessions)
    DisputeDraft dispute;
    std::string traineeName;   ///< whose session this is (stored sessions)
    int64_t traineeId = 0;
    CoachingDraft coaching;    ///< the reviewer's panel (reviewers and leads only)
    std::vector<ReviewerFeedback> feedback;  ///< oldest first; only for stored sessions
    std::string scenarioId, scenarioTitle, mode, rubricTitle;
    std::vector<DebriefTurn> turns;
    std::vector<PathRow> yourPath, bestPath;
    std::optional<double> bestPossible;
    int64_t sessionId = 0;
};

// ---- tracks -------------------------------------------------------------------------------------

/// A track as My tracks shows it (store/standing.hpp computes it).
using TrackCard = store::TrackStanding;

/// A coach's plan for the trainee, shown on My tracks until (and after) they acknowledge it.
struct CoachingPlanRow {
    int64_t id = 0;
    std::string author, date, text;  ///< date: YYYY-MM-DD
    std::string scenarioTitle;       ///< of the session it came from; empty when none
    std::string acknowledgedOn;      ///< empty until acknowledged
    int64_t sessionId = 0;           ///< the session it came from (its debrief); 0 when none
};

// ---- reviews (calibration rounds, for reviewers and leads) --------------------------------------

struct RoundRow {
    int64_t id = 0, sessionId = 0;
    std::string title, trainee, scenarioTitle, createdBy, createdOn;
    bool revealed = false;
    int graders = 0;
};

/// A finished session a reviewer can open a round on.
struct SessionPick {
    int64_t id = 0;
    std::string label;  ///< "#12 Ana Lima · Refund for a double charge · 62%"
};

/// One criterion of the grader's own scorecard: the rubric's words and the level they pick.
struct GradeDraft {
    std::string criterionId, title, section, help;
    std::vector<std::string> anchors;  ///< one per level, lowest first
    int level = -1;                    ///< -1: not graded (counts as N/A)
    std::string note;
};

struct RoundView {
    RoundRow row;
    std::vector<Bubble> conversation;  ///< the conversation as the trainee had it; no scores
    std::vector<std::pair<std::string, int>> progress;  ///< who has graded how many criteria
    int criteria = 0;
    std::vector<GradeDraft> drafts;  ///< the profile's scorecard, in rubric order
    bool submitted = false;          ///< the profile has graded in this round (their grades are in drafts)
    bool canReveal = false;          ///< the profile opened the round or is a lead
    std::optional<CalibrationReport> report;  ///< once revealed
    /// When the round is one conversation of a calibration session (graded conversation by
    /// conversation, revealed together): the session, and once revealed its pooled figures.
    std::optional<store::CalibrationSession> session;
    int sessionPosition = 0;                               ///< this conversation's place in the session, from 1
    std::vector<CriterionReliability> sessionReliability;  ///< across the session's conversations
    std::vector<GraderAlignment> alignment;                 ///< with the session's benchmark, when one is set
    bool jumpToSessionFigures = false;  ///< scroll the report to the session's figures once (screenshots)
    /// A session that lets graders see each other once they have graded: the other graders' levels
    /// on this conversation, read only after the profile submitted (the store enforces it).
    std::vector<store::CalibrationGrade> peerGrades;
};

struct ReviewsState {
    std::vector<store::QueuedTurn> queue;  ///< typed turns waiting for a reviewer's decision, oldest first
    bool showQueue = false;             ///< the right pane shows the queue rather than a round
    bool showDisputes = false;          ///< the right pane shows open disputes
    std::vector<DisputeRow> disputes;   ///< open disputes, oldest first
    std::map<int64_t, std::string> disputeReasons;  ///< resolution reason boxes, by dispute id
    std::map<int64_t, int> disputeLevels;           ///< overturn level pickers, by dispute id
    std::map<std::pair<int64_t, int>, std::string> decisionReasons;  ///< reason boxes, by (session, turn)
    std::vector<RoundRow> rounds;       ///< newest first
    std::vector<SessionPick> sessions;  ///< newest first
    std::optional<RoundView> open;
    std::vector<ReviewerTrend> trends;  ///< each reviewer over the revealed rounds
    int revealedRounds = 0;
    std::string newTitle;               ///< title box of "open a round"
    int64_t pickedSession = 0;
    /// "Open a calibration session" (leads): a name, the last day of grading (YYYY-MM-DD), the
    /// invited graders, and either the conversations ticked in `sessions` or a seeded sample.
    std::string batchName, batchDeadline;
    std::vector<int64_t> batchPicked, batchInvited;  ///< session ids; person ids
    int sampleSize = 0;                              ///< 0: the picked conversations
    int sampleSeed = 1;
    std::string sampleStratum;                       ///< "", "scenario", "track" or "band"
    bool batchPeers = false;  ///< graders see their peers' grades once they have submitted their own
    bool collapseNewSession = false;  ///< close the "open a session" form once its session is opened
    std::string newDeadline;  ///< a lead's "extend grading to" box on an open session's round (YYYY-MM-DD)
};

// ---- team (reviewers and leads) -----------------------------------------------------------------

/// One trainee as a lead checks them: standing on each track, recent play, plans not acknowledged.
struct TeamRow {
    std::string name, startDate;
    std::vector<TrackCard> tracks;
    int sessions = 0;                    ///< finished sessions
    std::string lastPlayed;              ///< YYYY-MM-DD of the latest finished session; empty if none
    std::optional<double> latestPercent; ///< its score
    int plansWaiting = 0;                ///< coaching plans not yet acknowledged
    bool overdue = false;                ///< a track past its last day and not certified
    std::string team{};                  ///< blank: no team
};

/// The lead's team field of one trainee on the team screen, while it is open.
struct TeamEdit {
    std::string trainee;  ///< whose team is being edited; empty: none
    std::string team;     ///< as typed
};

/// The lead's "add a trainee" form on the team screen.
struct NewTraineeDraft {
    std::string name, startDate;      ///< startDate: YYYY-MM-DD, today when the screen opens
    std::vector<std::string> tracks;  ///< track ids to assign
    std::string team{};               ///< blank: no team (initialised, so a draft written without it compiles)
};

// ---- dashboards (everyone; a trainee sees only their own figures) -------------------------------

/// What the dashboards' filter bar holds, as typed: dates as YYYY-MM-DD, ids; empty: any.
struct DashboardFilter {
    std::string since, until;  ///< plays started on or after `since`, before `until`
    std::string track, trainee, scenario;
    std::string team;  ///< reviewers and leads: only this team's trainees
    friend bool operator==(const DashboardFilter&, const DashboardFilter&) = default;
};

/// Krippendorff's alpha of one criterion over the revealed calibration rounds of its rubric.
struct CriterionAlpha {
    std::string rubricId, criterionId, title;
    std::optional<double> alpha;                   ///< none: not enough data, or nothing varied
    std::optional<std::pair<double, double>> interval;  ///< the bootstrap's 95 % interval, when there is one
    int pairable = 0, conversations = 0;
    std::string note;  ///< why alpha is missing ("not enough data (4 grades …)")
};

/// The dashboards' figures: the same core/insights structs `simdesk report` prints.
struct DashboardFigures {
    int plays = 0;  ///< plays the filter kept (scored or not)
    insights::Trends trends;
    std::vector<insights::CriterionStrength> criteria;        ///< weakest first
    std::vector<insights::ScenarioChoices> choices;            ///< each played scenario, most plays first
    std::vector<insights::TrackCertification> certification;  ///< per track
    std::vector<CriterionAlpha> calibration;                  ///< reviewers and leads only; rubric order
    int revealedRounds = 0;
    uint64_t generation = 0;  ///< counts the figures read since the app started: a screen caches what it draws from them by it
};

struct DashboardState {
    DashboardFilter filter;      ///< as typed; applied with applyDashboardFilter()
    DashboardFilter applied;     ///< what the figures were computed for
    DashboardFigures figures;
    bool ownOnly = false;        ///< a trainee: the figures are theirs alone, whatever the filter says
    std::vector<std::string> trainees;  ///< names the trainee filter offers (reviewers and leads)
    std::vector<std::string> teams;     ///< teams the team filter offers (reviewers and leads), sorted
    std::string choiceScenario;  ///< the scenario whose choices are shown; empty: the first
    std::string exportFormat = "csv";  ///< "csv", "json" or "xapi"
    std::string exportPath;      ///< where Export writes; empty: the screen proposes one
    std::string exportedTo;      ///< the file the last export wrote, shown under the button
    int openTab = -1;            ///< a tab to bring forward on the next frame (0 trend … 4 calibration); -1: as it is
};

/// The legend of the team's line on the score trend: "Team (daily mean)", or with the team the
/// figures were filtered to, "Team North (daily mean)".
std::string teamTrendLabel(const DashboardFilter& applied);

/// One write of a play's progress to the store: the conversation as it was after a turn. Kept
/// while the store has not acknowledged it, and sent again (SessionRecorder::sync writes only
/// what is missing, all or nothing).
struct PendingSync {
    std::shared_ptr<std::optional<store::SessionRecorder>> box;  ///< the play's recorder; empty until its session is stored
    PlaySession snapshot;
    RubricPtr rubric;
    std::string mode;
    int64_t personId = 0;
    std::optional<store::CertificationAttempt> attempt;  ///< a finished certification attempt to store with it
    std::optional<store::Person> player;                 ///< set when the play finished: certificates it may earn
    int64_t now = 0;
    int generation = 0;
    /// On a server: the folder its turns are kept in on this computer while the server has not
    /// acknowledged them, and whose they are (unsent_turns.hpp); empty elsewhere.
    std::filesystem::path keepIn{};
    UnsentOwner owner{};
    /// Read back from that folder at sign-in: sent without a session on screen, then resumed.
    bool restored{};
    int64_t resumeSessionId{};  ///< the server's session it continues; 0: its start was not acknowledged
};

// ---- the model ----------------------------------------------------------------------------------

class AppModel {
public:
    AppModel(const ContentLibrary& library, StoreWorker& worker, Preferences prefs);

    /// Applies finished store work; call once per frame before drawing. True if state changed.
    bool update();

    // Start
    void createProfile(const std::string& name, const std::string& role, const std::vector<std::string>& tracks,
                       const Clock& clock);
    void selectProfile(int64_t personId);
    void switchProfile();  ///< back to the start screen
    /// The profiles the picker lists: archived ones only when showArchived is on.
    std::vector<const ProfileRow*> pickerProfiles() const;
    /// The highlighted profile of the picker, by id (so it stays on the person when the list
    /// re-sorts); the first listed when none is picked. 0 when the list is empty.
    int64_t pickedProfile() const;
    void pickProfile(int64_t personId);
    bool showArchived() const { return showArchived_; }
    void setShowArchived(bool on);
    NewProfileDraft& newProfileDraft() { return newProfile_; }
    /// Renames a profile; its sessions, scores and plans follow it. Refuses a blank name, control
    /// characters and a name another profile has.
    void renameProfile(int64_t personId, const std::string& newName);
    /// Archives (hides) or restores a profile; nothing of it is deleted.
    void setProfileArchived(int64_t personId, bool archived, const Clock& clock);

    // Team server (model_signin.cpp)
    void setServerConnector(ServerConnector connector, LocalOpener local = {});
    /// The sign-in screen, its server box filled with the last server used. `serverOnly`: the
    /// app was started on a server (--db postgresql://…), so there is no profile picker behind it.
    void showSignIn(const std::string& server = "", bool serverOnly = false);
    /// Connects on the worker as the form says; the password is wiped from the form at once.
    void signIn();
    /// Back to the profile picker (the desktop's own records) from the sign-in screen.
    void cancelSignIn();
    SignInState& signInForm() { return signIn_; }
    const SignInState& signInForm() const { return signIn_; }
    bool onServer() const { return onServer_; }
    /// A line across the top when the store is slow or a write failed; empty when all is well.
    std::string banner(const Clock& clock) const;
    /// Call every frame: sends again, every few seconds, turns the store did not acknowledge.
    void tick(const Clock& clock);
    /// Turns played but not yet acknowledged by the store, kept in memory and retried.
    bool hasUnsent() const { return !unsent_.empty(); }
    /// One more try for them now (the window is closing: the worker finishes it before exiting).
    void sendUnsentNow();
    /// Where turns a server did not acknowledge are kept between runs, per server and person
    /// (unsent_turns.hpp), and sent from at the next sign-in; empty (the default): not kept.
    void keepUnsentIn(std::filesystem::path root) { unsentRoot_ = std::move(root); }

    // Database upkeep (model_upkeep.cpp)
    /// Call every frame. A little after start, then every hour, asks the store on the worker for
    /// its whole-file check, which runs only when the last sound one is a day old (the store keeps
    /// the time); a frame never waits for it.
    void checkHealthIfDue(const Clock& clock);
    /// What the last check found, as a sentence saying what to do; empty while the file is sound.
    const std::string& healthProblem() const { return healthProblem_; }
    /// Leads: asks to re-score every session whose latest score used an older rubric.
    void askRescoreAll();
    /// Stops the rescore running: it is one transaction, so nothing of it is kept.
    void cancelRescore();
    bool rescoring() const { return rescore_ != nullptr; }
    /// The rescore running, as "1 200 of 5 000 sessions · 2 400/s · about 2 s left"; empty when none.
    std::string rescoreProgress(const Clock& clock) const;
    /// Its fraction done (0..1) for a progress bar.
    float rescoreFraction() const;

    // Confirmation of irreversible acts (reveal a round, discard a session)
    const std::optional<Confirmation>& confirmation() const { return confirmation_; }
    /// Does the act waiting for confirmation.
    void confirm(const Clock& clock);
    void cancelConfirmation() { confirmation_.reset(); }

    // Navigation
    void showLibrary();
    void showTracks(const Clock& clock);
    /// My plays: every finished session of the profile, newest first (read afresh from the store);
    /// with a scenario id, only that scenario's plays (the library's "N plays" link).
    void showPlays(const std::string& scenarioId = "");
    const std::string& playsScenario() const { return playsScenario_; }

    // Library
    void setFilter(const LibraryFilter& filter);
    void startScenario(const std::string& scenarioId, const std::string& mode, const Clock& clock);
    void resume(const Clock& clock);
    void dismissResume(const Clock& clock);  ///< asks to confirm, then marks the interrupted session abandoned
    /// Shows the debrief of a finished stored session of the current profile.
    void openStoredDebrief(int64_t sessionId);

    // Play
    void choose(size_t position, const Clock& clock);  ///< 0-based display position
    void sendReply(const Clock& clock);
    void searchKnowledge(const std::string& query);
    void openArticle(const std::string& id);
    void leavePlay();  ///< back to the library; a recorded session stays resumable
    /// Call every frame: keeps the reply box's unsent text as the session's draft in the store
    /// (off the UI thread), once typing pauses for a moment or every few seconds while it goes on,
    /// so a resumed session puts it back. Masked like a sent reply.
    void keepDraft(const Clock& clock);
    /// Stores the unsent text now, if it changed (leaving Play, closing the window).
    void flushDraft(const Clock& clock);
    TurnPrompt prompt() const;
    std::vector<ChoiceButton> choiceButtons() const;
    ResponseClock responseClock(const Clock& clock) const;
    int mood() const;

    // Debrief
    void retry(const Clock& clock);
    /// True when the debrief on screen is another person's stored session (a reviewer's coaching review).
    bool reviewingOthers() const;
    /// Reviewers and leads: re-rate the draft's criterion with its reason; the automatic score stays beside it.
    void saveReRating(const Clock& clock);
    /// The trainee disputes a criterion of their own stored session (debrief_.dispute).
    void sendDispute(const Clock& clock);
    /// A reviewer or lead upholds or overturns an open dispute, with the reason in its box.
    void resolveDispute(int64_t disputeId, bool uphold, const Clock& clock);
    /// The debrief on screen is the signed-in trainee's own stored session: they may dispute it.
    bool canDispute() const;
    /// Reviewers and leads: leave the draft's plan for the debrief's trainee, tied to this session.
    void sendCoachingPlan(const Clock& clock);

    // Tracks
    void startLevelScenario(const std::string& trackId, const std::string& levelId, const std::string& scenarioId,
                            const Clock& clock);
    /// The certificate's words for an earned track, for rendering and export.
    std::optional<CertificateText> certificateText(const std::string& trackId) const;
    /// Where the save dialog proposes to write an earned certificate: `folder`, and a file named after
    /// the track and the trainee. Empty when it is not earned.
    std::string certificateDefaultPath(const std::string& trackId, const std::string& folder) const;
    /// Renders the certificate and writes it as a PNG to `path` (on the store worker), creating the
    /// folder it goes in (a fresh home has no ~/Documents).
    void exportCertificate(const std::string& trackId, const std::string& path, const std::string& regularFont,
                           const std::string& boldFont);

    /// The trainee acknowledges a coaching plan (shown on My tracks).
    void acknowledgePlan(int64_t planId, const Clock& clock);

    // Reviews (reviewers and leads): blind calibration rounds
    void showReviews();
    void openRound(int64_t roundId);
    /// Opens a blind round on a finished session and shows it.
    void createRound(int64_t sessionId, const std::string& title, const Clock& clock);
    /// Leads: opens the calibration session drafted in reviews() (one blind round per conversation).
    void createCalibrationSession(const Clock& clock);
    /// Leads: marks their own grades as the open round's session benchmark.
    void markBenchmark();
    /// Leads: moves the open round's session deadline to the end of reviews().newDeadline (a day not
    /// over yet, after the current deadline; the store refuses it after the reveal). As `simdesk
    /// calibrate session extend`.
    void extendSessionDeadline(const Clock& clock);
    /// Stores the profile's graded drafts of the open round (at least one must have a level).
    void submitGrades(const Clock& clock);
    /// Asks to confirm (confirm() then reveals): a revealed round cannot be hidden again.
    void revealRound(const Clock& clock);
    /// Confirms ("confirmed") or overturns ("overturned") a queued typed turn, with the reason typed for it.
    void decideTurn(int64_t sessionId, int turn, const std::string& decision, const Clock& clock);
    /// Reviewers and leads: every trainee's standing, overdue first.
    void showTeam(const Clock& clock);
    /// Leads: adds the drafted trainee with their start date and tracks (their deadlines count from it).
    void addTrainee(const Clock& clock);
    /// Leads: puts the trainee named in a team (trimmed; blank: none), as `simdesk people set-team`.
    /// On a server the database itself refuses anyone but a lead.
    void setTraineeTeam(const std::string& name, const std::string& team);
    TeamEdit& teamEdit() { return teamEdit_; }

    // Dashboards (model_dashboard.cpp)
    /// Everyone: a trainee's own figures, or the whole team's for reviewers and leads.
    void showDashboards(const Clock& clock);
    /// Recomputes the figures for the filter as typed; a bad date or an `until` not after `since`
    /// is a message and leaves the figures as they were.
    void applyDashboardFilter(const Clock& clock);
    /// Writes the filtered plays as CSV, JSON or xAPI (dashboard().exportFormat) to exportPath,
    /// creating its folder; the status bar and exportedTo say where.
    void exportDashboard();
    DashboardState& dashboard() { return dashboard_; }
    const DashboardState& dashboard() const { return dashboard_; }

    // Appearance
    void setTheme(Theme theme);
    void setUiScale(float scale);

    // Screenshots: plays a sample session in memory (best path) without recording anything.
    void loadSample(Screen screen, const Clock& clock, bool atChoice = false);

    // State the screens read
    Screen screen() const { return screen_; }
    const ContentLibrary& library() const { return *library_; }
    const std::vector<ProfileRow>& profiles() const { return profiles_; }
    const ProfileRow* profile() const;
    const std::vector<LibraryRow>& rows() const { return rows_; }
    const std::vector<size_t>& visibleRows() const { return visible_; }
    const LibraryFilter& filter() const { return filter_; }
    const FilterOptions& filterOptions() const { return options_; }
    const std::optional<ResumeOffer>& resumeOffer() const { return resumeOffer_; }
    PlayState& play() { return play_; }
    const PlayState& play() const { return play_; }
    const DebriefState& debrief() const { return debrief_; }
    CoachingDraft& coachingDraft() { return debrief_.coaching; }
    DisputeDraft& disputeDraft() { return debrief_.dispute; }
    const std::vector<TrackCard>& trackCards() const { return trackCards_; }
    const std::vector<CoachingPlanRow>& coachingPlans() const { return plans_; }
    /// The profile's finished plays, newest first, each opening its own debrief.
    std::vector<PlayRow> myPlays() const;
    ReviewsState& reviews() { return reviews_; }
    const ReviewsState& reviews() const { return reviews_; }
    bool canReview() const;  ///< the profile is a reviewer or lead
    const std::vector<TeamRow>& team() const { return team_; }
    NewTraineeDraft& newTraineeDraft() { return newTrainee_; }
    bool isLead() const;
    const Preferences& preferences() const { return prefs_; }
    bool preferencesChanged() const { return prefsDirty_; }
    void preferencesSaved() { prefsDirty_ = false; }
    /// The last problem, shown in the status bar: empty on another screen or profile than its own.
    const std::string& message() const { return shown(message_); }
    /// The last good news, likewise.
    const std::string& notice() const { return shown(notice_); }
    bool loading() const { return loading_ > 0; }

private:
    void loadProfiles();
    /// Every screen change goes through here: it drops a status raised on another screen, and a
    /// confirmation asked there.
    void go(Screen screen);
    const std::string& shown(const StatusLine& line) const;
    void rebuildTrackCards();
    void abandonSession(int64_t sessionId, const Clock& clock);
    void doRevealRound(int64_t roundId, const Clock& clock);
    void loadProfileRecords();
    void applySessions(const std::vector<store::SessionInfo>& sessions,
                       const std::vector<std::pair<int64_t, int>>& criticalCounts);
    void rebuildRows();
    void applyFilter();
    void beginPlay(ScenarioPtr scenario, const std::string& mode, const Clock& clock);
    void afterStep(const Result<StepResult>& step, const Clock& clock);
    void recordProgress(const Clock& clock);
    /// Writes a play's turns (starting its session first when that is not stored yet); a failure
    /// keeps it in unsent_ for tick() to send again.
    void postSync(std::shared_ptr<PendingSync> pending);
    /// Marks the trainee's bubbles the store has not acknowledged.
    void refreshDelivery();
    void signOut();
    // Turns kept on this computer (model_unsent.cpp).
    /// UI thread, at sign-in: sends again what the folder keeps for the person signed in.
    void restoreUnsent(const UnsentRead& kept, const store::Person& person);
    /// UI thread: a kept play the server now has; says so and goes on with its conversation.
    void resent(const PendingSync& pending, int64_t sessionId, size_t turns);
    struct Reopened {
        Status status = Ok{};
        bool permanent = false;     ///< the server's conversation went on without these turns: not retried
        bool alreadyThere = false;  ///< the server has every entry (a write that landed unacknowledged)
    };
    /// Worker: the recorder of a kept play, continuing its session on the server when it has one.
    static Reopened reopenKept(store::TrainingStore& store, PendingSync& pending);
    /// Worker: after a write, keeps the play's file (not acknowledged) or deletes it (acknowledged);
    /// a sentence when that failed.
    static std::string keepOrDrop(const PendingSync& pending, bool acknowledged);
    void rescoreAll(const Clock& clock);
    /// Drops everything read for the signed-in person, so nothing of theirs shows to the next one.
    void forgetSignedInPerson();
    // The reply draft (model_resume.cpp).
    void resetDraft();
    bool draftPending() const;  ///< the reply box holds text the store does not have yet
    void storeDraft(int64_t wall);
    void appendBubbles(const std::vector<TranscriptEntry>& entries);
    /// The signed-in person's first name, as the customer says it.
    std::string signedInAgentName() const;
    void shuffleChoices();
    /// The debrief of the conversation on screen, its score official with these re-ratings.
    void enterDebrief(const std::vector<Rerating>& reratings = {});
    void refreshReviewerFeedback(int64_t sessionId);
    void fail(const std::string& what);
    /// Why a person cannot have this (trimmed) name, or nothing when they can; `self`: the
    /// profile being renamed (it may keep its own name in another case).
    std::optional<std::string> nameProblem(const std::string& name, int64_t self = 0) const;
    /// Good news for the status bar; clears the last problem, which it supersedes.
    void announce(const std::string& what);

    const ContentLibrary* library_;
    StoreWorker* worker_;
    Preferences prefs_;
    bool prefsDirty_ = false;
    Screen screen_ = Screen::Start;
    std::vector<ProfileRow> profiles_;
    int64_t profileId_ = 0;
    std::vector<LibraryRow> rows_;
    std::vector<size_t> visible_;
    LibraryFilter filter_;
    FilterOptions options_;
    std::optional<ResumeOffer> resumeOffer_;
    PlayState play_;
    DebriefState debrief_;
    std::vector<TrackCard> trackCards_;
    std::vector<CoachingPlanRow> plans_;
    std::string playsScenario_;  ///< My plays shows this scenario's plays only; empty: all
    ReviewsState reviews_;
    std::vector<TeamRow> team_;
    NewTraineeDraft newTrainee_;
    TeamEdit teamEdit_;
    uint64_t figureGenerations_ = 0;  ///< never reset, not even for the next person: no figures share a generation
    DashboardState dashboard_;
    /// The dashboard filter as the records are read: dates parsed, the track as its scenarios, a
    /// trainee held to their own name. None (and a message) when a date is bad.
    std::optional<insights::Filter> dashboardRecordFilter(const DashboardFilter& typed);
    std::vector<store::SessionInfo> sessions_;
    std::vector<std::pair<int64_t, int>> criticalCounts_;  ///< session id → critical errors in its latest score
    std::vector<store::Certification> awards_;              ///< the profile's stored certificates
    int64_t now_ = 0;  ///< wall clock of the last action, for due dates
    StatusLine message_, notice_;
    int64_t picked_ = 0;
    bool showArchived_ = false;
    /// The store's mask-secrets setting, read with the profiles. On until read: a reply typed
    /// before the first read is masked rather than shown with a card number in it.
    bool maskSecrets_ = true;
    NewProfileDraft newProfile_;
    std::optional<Confirmation> confirmation_;
    int loading_ = 0;
    SignInState signIn_;
    ServerConnector connector_;
    LocalOpener localOpener_;
    bool onServer_ = false;
    std::vector<std::shared_ptr<PendingSync>> unsent_;  ///< failed writes of plays, latest per session
    int syncing_ = 0;         ///< play writes in flight
    double retryAt_ = -1;     ///< steady time of the next retry of unsent_; -1: not scheduled
    std::filesystem::path unsentRoot_;  ///< see keepUnsentIn
    UnsentOwner unsentOwner_;           ///< the server and person signed in; personId 0 off a server
    std::optional<ResumeOffer> resumeAfterResend_;  ///< a kept conversation the server now has, opened at the next tick
    std::string resumeNotice_;  ///< said before "Picked up where you left off" by the next resume
    double healthAskAt_ = -1;  ///< steady time to next ask the store for its daily check; -1: not yet set
    std::string healthProblem_;
    /// The rescore running, shared with its store job (which counts; the UI may cancel); null: none.
    std::shared_ptr<struct RescoreRun> rescore_;
    /// The recorder of the conversation on screen; touched only by store jobs, in order.
    std::shared_ptr<std::optional<store::SessionRecorder>> recorder_;
    int generation_ = 0;  ///< bumps on every new play, so a late store result for an old one is ignored
    /// The reply draft as the store has it (as typed, before masking), the text at the last
    /// keepDraft, when that text last changed, and since when it differs from the stored one (-1: it does not).
    std::string draftStored_, draftSeen_;
    double draftChangedAt_ = 0, draftDirtySince_ = -1;
};


} // namespace simdesk::app
