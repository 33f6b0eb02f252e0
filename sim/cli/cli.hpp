// The `simdesk` command line: headless subcommands over the core. Never needs a display.
//
// Exit codes: 0 ok, 1 failure (invalid content, a failed command), 2 bad usage.
#pragma once

#include "core/library.hpp"
#include "core/text_rules.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace simdesk::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

/// Where a command reads and writes, so tests can run commands in-process.
struct Io {
    std::ostream& out;
    std::ostream& err;
    std::istream& in;
    bool interactive = false;  ///< stdin and stdout are a terminal
};

/// Options every subcommand shares.
struct GlobalOptions {
    std::string contentRoot;  ///< folder holding scenarios/, rubrics/, knowledge/ and tracks/
    std::string dbPath;       ///< --db or $SIMDESK_DB; empty: the default path
};

/// The folder of bundled content: $SIMDESK_CONTENT, else ./ when it has scenarios/ and rubrics/,
/// else the source tree simdesk was built from.
std::string defaultContentRoot();

/// What a command does with the content. Commands that only read records or the knowledge base
/// skip the analysis of every scenario's paths, the costly part of loading.
enum class ContentUse { Play, ReadOnly };

/// Loads the content root's scenarios/ and rubrics/, and knowledge/ and tracks/ when present, plus
/// any extra paths (e.g. a scenario file).
ContentLibrary loadLibrary(const GlobalOptions& options, const std::vector<std::filesystem::path>& extra,
                           const SchemaChecker& schemas, ContentUse use = ContentUse::Play);

/// A scenario argument that names an existing file, as an extra path to load; empty for an id.
/// Never throws: an over-long name, a link loop or a missing permission just is not a file.
std::vector<std::filesystem::path> scenarioFileArgument(const std::string& argument);

/// Prints diagnostics as `file:line:col: severity: …` lines.
void printDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

/// Runs the command line. `launchApp` opens the desktop window when no subcommand is given.
int run(int argc, const char* const* argv, Io io, const std::function<int(const GlobalOptions&)>& launchApp);

/// Process set-up, called first by simdesk's main (and by benchmarks that run commands in the same
/// process, so they measure what the binary does). glibc hands freed heap back to the kernel as
/// soon as 128 KB lie free at its top, and a long SQLite transaction crosses that line with every
/// statement (its statement journal is allocated and freed each time): a rescore of 5 000 sessions
/// made 20 000 brk calls, each flushing the TLB and faulting the pages in again. Keeping up to
/// 64 MB of freed heap stops that churn.
void tuneAllocator();

// Subcommands (cmd_*.cpp).
struct ValidateOptions {
    std::vector<std::string> paths;
    bool strict = false;
    bool json = false;
};
int validate(const GlobalOptions& global, const ValidateOptions& options, Io io);

struct AnalyzeOptions {
    std::string scenario;
    bool json = false;
};
int analyze(const GlobalOptions& global, const AnalyzeOptions& options, Io io);

struct PlayOptions {
    std::string scenario;
    std::string script;  ///< path, or "-" for stdin
    std::string save;    ///< write the session here
    std::string mode = "practice";
    bool json = false;
    std::string trainee;        ///< who is playing (recorded sessions)
    bool noRecord = false;      ///< play without writing to the database
    int64_t resume = 0;         ///< continue this stored session
    bool bestPath = false;      ///< play the analysed best path instead of asking
    bool unmasked = false;      ///< keep secrets in typed replies: only when the store's mask-secrets is off
};
int play(const GlobalOptions& global, const PlayOptions& options, Io io);

struct ScoreOptions {
    std::string transcript;
    std::string scenario;  ///< a scenario file outside the content root
    bool json = false;
};
int score(const GlobalOptions& global, const ScoreOptions& options, Io io);

struct CoverageOptions {
    bool json = false;
};
int coverage(const GlobalOptions& global, const CoverageOptions& options, Io io);

struct KbSearchOptions {
    std::vector<std::string> query;  ///< words, joined with spaces
    size_t limit = 10;
    bool json = false;
};
int kbSearch(const GlobalOptions& global, const KbSearchOptions& options, Io io);
struct ReplyCheckOptions {
    std::string text;     ///< the reply, or "-" for stdin
    std::string channel;  ///< email, chat, phone, social: adds length and readability bounds
    bool json = false;
};
int replyCheck(const GlobalOptions& global, const ReplyCheckOptions& options, Io io);

int explain(const std::string& code, Io io);

// Training records (cmd_records.cpp).
struct PeopleOptions {
    std::string action = "list";  ///< "add", "list", "rename", "archive", "unarchive", "login" or "set-team"
    std::string name, role = "trainee", start;
    std::string team;             ///< add, set-team: the team (blank = none)
    std::string newName;          ///< rename: the name to give
    std::vector<std::string> tracks;
    bool json = false;
    bool all = false;             ///< list: archived people too
    std::string login;            ///< add on a server: the login role (default: from the name)
    bool passwordStdin = false;   ///< add on a server: the password is stdin's first line, not prompted
};
int people(const GlobalOptions& global, const PeopleOptions& options, Io io);

struct SessionsOptions {
    std::string trainee;
    bool json = false;
};
int sessions(const GlobalOptions& global, const SessionsOptions& options, Io io);

struct ShowOptions {
    int64_t session = 0;
    bool json = false;
};
int show(const GlobalOptions& global, const ShowOptions& options, Io io);

struct RescoreOptions {
    bool all = false;
    bool force = false;  ///< re-score even sessions already scored with the current rubric
    bool json = false;
};
int rescore(const GlobalOptions& global, const RescoreOptions& options, Io io);
int abandon(const GlobalOptions& global, int64_t session, Io io);

/// A reviewer's score for one criterion of a recorded session, or a coach's note on it.
struct ReviewOptions {
    int64_t session = 0;
    std::string reviewer;   ///< a person with the reviewer or lead role
    std::string criterion;  ///< with level and reason: a score override
    int level = -1;
    std::string reason;
    std::string note;       ///< a coaching note instead
};
int review(const GlobalOptions& global, const ReviewOptions& options, Io io);

/// The "Needs review" queue, and a reviewer's decision on one of its turns.
struct TurnDecisionOptions {
    bool json = false, all = false;
    int64_t session = 0;
    int turn = 0;
    std::string reviewer, reason;
    std::string decision;  ///< "confirmed" or "overturned"
};
int reviewQueue(const GlobalOptions& global, const TurnDecisionOptions& options, Io io);
int decideReview(const GlobalOptions& global, const TurnDecisionOptions& options, Io io);
struct SettingsOptions {
    std::vector<std::string> args;  ///< "mask-secrets on|off", or none to show the settings
    std::string by;                 ///< who changes it: turning masking off needs a lead
    bool maskStored = false;        ///< with "mask-secrets on": mask what was stored while it was off
};
int settings(const GlobalOptions& global, const SettingsOptions& options, Io io);
/// `simdesk rubric health`: each criterion's automatic rule beside the calibrated graders, over
/// every revealed calibration round (cmd_calibrate.cpp).
int rubricHealth(const GlobalOptions& global, bool asJson, Io io);

/// `simdesk dispute open|list|resolve|window` (cmd_dispute.cpp).
struct DisputeOptions {
    std::string action;
    int64_t id = 0;  ///< open: the session; resolve: the dispute
    std::string by, criterion, reason, trainee;
    bool uphold = false, overturn = false;
    std::optional<int> level;
    std::optional<int> days;  ///< window: the new window
    bool openOnly = false, json = false;
};
int dispute(const GlobalOptions& global, const DisputeOptions& options, Io io);

/// An agreement statistic over a units × raters file (cmd_agreement.cpp); docs/calibration.md.
struct AgreementOptions {
    std::string file;              ///< CSV or JSON; "-" for stdin
    std::string stat = "alpha";    ///< alpha, cohen, fleiss, ac1, ac2, icc, percent
    std::string metric = "nominal";  ///< alpha: nominal, ordinal, interval, ratio
    std::string weights;           ///< cohen, ac2: linear or quadratic; empty: unweighted (ac2: quadratic)
    int model = 0;                 ///< icc: 1, 2 or 3 (Shrout & Fleiss); 0: 2
    bool average = false;          ///< icc: the reliability of the judges' mean, ICC(m,k)
    int bootstrap = 0;             ///< alpha: bootstrap samples for the 95 % interval; 0: none
    uint64_t seed = 1;
    bool json = false;
};
int agreement(const AgreementOptions& options, Io io);

/// `simdesk db check`: the whole-file check opening no longer runs every time; "ok" or the problems.
int dbCheck(const GlobalOptions& global, Io io);
struct DbCopyOptions {
    std::string from, to;  ///< SQLite file paths or postgresql:// URIs
    bool json = false;
    bool progress = false;  ///< show progress on stderr even when it is not a terminal
    bool stderrIsTerminal = false;
};
/// `simdesk db copy FROM TO` (cmd_db_copy.cpp): the records FROM holds and TO lacks; exit 1 on a
/// conflict (nothing written) or when the counts and hashes checked afterwards differ.
int dbCopy(const GlobalOptions& global, const DbCopyOptions& options, Io io);
/// WordNet's synonyms of each word (cmd_lexicon.cpp).
int lexiconSynonyms(const std::vector<std::string>& words, Io io);

/// Opens the records (--db, $SIMDESK_DB or the default path), migrating them if they are older:
/// an SQLite file, or a PostgreSQL server when they name a postgresql:// or postgres:// URI.
Result<std::unique_ptr<store::TrainingStore>> openStore(const GlobalOptions& global, Io io);
/// Like openStore, for commands that only read or change existing records: when there is no
/// database file yet it fails ("no database at PATH") instead of creating one and its folders.
/// (A server's database is created by its owner; opening one only adds simdesk's tables.)
Result<std::unique_ptr<store::TrainingStore>> openExistingStore(const GlobalOptions& global, Io io);
/// Whether --db / $SIMDESK_DB name a server rather than a file.
bool recordsOnServer(const GlobalOptions& global);
/// The store as an SQLite file, for what only a file has (its check, masking stored replies,
/// the one-pass scan); null on a server.
store::SqliteStore* sqliteFile(store::TrainingStore& store);
/// The current time (seconds since the epoch); the one place the command line reads the clock.
int64_t wallClock();
/// Prints "simdesk COMMAND: message" to stderr and returns kExitFailure.
int storeError(Io io, const std::string& command, const Error& error);
/// "2026-11-02 09:00 UTC".
std::string isoTime(int64_t seconds);
/// The person with this exact name, or an error that says there is none.
Result<store::Person> namedPerson(store::TrainingStore& store, const std::string& name);
/// The person a `--by NAME` names. On a server the acting person is whoever signed in: `--by`
/// naming anyone else is refused; the owner's role acts as anyone named.
Result<store::Person> byPerson(store::TrainingStore& store, const std::string& name);
/// A reviewer or lead with this name; a trainee is refused ("… what come from reviewers and leads").
Result<store::Person> staffMember(store::TrainingStore& store, const std::string& name, const std::string& what);

// Calibration rounds and coaching plans (cmd_calibrate.cpp).
struct CalibrateOptions {
    std::string action;  ///< new, list, grade, show, reveal, reviewers, session
    int64_t id = 0;      ///< session (new) or round (grade, show, reveal); calibration session (session …)
    std::string by, title;
    std::vector<std::string> levels, notes;  ///< "criterion=level", "criterion=text"
    bool json = false;
    // calibrate session new|extend|list|show|reveal|benchmark (cmd_calibrate_session.cpp)
    std::string sessionAction;
    std::string name, graders, deadline, stratify;  ///< graders: "A,B,C"; deadline: YYYY-MM-DD
    std::vector<int64_t> conversations;              ///< --sessions 12,15,…
    int sample = 0;                                  ///< --sample K
    uint64_t seed = 0;
    bool peers = false;  ///< graders see peers' grades after submitting their own
};
int calibrate(const GlobalOptions& global, const CalibrateOptions& options, Io io);

struct CoachOptions {
    std::string action;  ///< plan, plans, ack
    std::string trainee, by, text;
    int64_t session = 0, plan = 0;
    bool json = false;
};
int coach(const GlobalOptions& global, const CoachOptions& options, Io io);

// Track standings of trainees (cmd_progress.cpp).
struct ProgressOptions {
    std::string trainee;  ///< empty: every trainee
    std::string asOf;     ///< YYYY-MM-DD: standings at noon UTC that day; empty: now
    bool json = false;
};
int progress(const GlobalOptions& global, const ProgressOptions& options, Io io);

// Dashboards in the terminal, exports and the coaching PDF (cmd_report_insights.cpp, cmd_export.cpp,
// cmd_report_session.cpp; docs/exports.md).
/// What `report` and `export` read.
struct RecordQuery {
    std::string since, until;  ///< YYYY-MM-DD; until is exclusive
    std::string trainee, track, scenario;
    std::string team;  ///< only trainees of this team (it must be someone's)
};
struct InsightsOptions {
    std::string kind;  ///< trends, criteria, choices, certification
    RecordQuery query;
    std::string asOf;  ///< certification: YYYY-MM-DD (default: now)
    bool json = false;
};
int insightsReport(const GlobalOptions& global, const InsightsOptions& options, Io io);

struct ExportOptions {
    std::string format;  ///< csv, json, xapi
    RecordQuery query;
    std::string out;     ///< file; empty or "-": standard output
    std::string homePage = "https://simdesk.invalid";  ///< xapi: actors' account home page
    bool progress = false;  ///< show progress on stderr even when it is not a terminal
    bool stderrIsTerminal = false;
};
int exportRecords(const GlobalOptions& global, const ExportOptions& options, Io io);

struct SessionReportOptions {
    int64_t session = 0;
    std::string pdf;  ///< write the coaching report here
};
int sessionReport(const GlobalOptions& global, const SessionReportOptions& options, Io io);

/// The whole diagnostic catalogue as Markdown (docs/diagnostics.md is this output).
std::string diagnosticsMarkdown();

} // namespace simdesk::cli
