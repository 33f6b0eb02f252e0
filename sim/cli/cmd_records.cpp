// Training-record subcommands: people, sessions, show, rescore, abandon, settings.
#include "cli.hpp"
#include "progress_line.hpp"

#include <unistd.h>
#include "cmd_server.hpp"
#include "store/pg.hpp"
#include "store/rerating.hpp"
#include "store/review_queue.hpp"
#include "report.hpp"

#include "core/calendar.hpp"
#include "core/content_loader.hpp"
#include "store/as_played.hpp"
#include "store/recorder.hpp"
#include "store/rescore.hpp"

#include <chrono>
#include <ctime>
#include <iostream>
#include <map>
#include <ostream>

namespace simdesk::cli {

using nlohmann::json;

int64_t wallClock() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// Seconds since the epoch as UTC text in a strftime format.
std::string formatUtc(int64_t seconds, const char* format) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[48];
    std::strftime(buffer, sizeof buffer, format, &tm);
    return buffer;
}

std::string isoTime(int64_t seconds) { return formatUtc(seconds, "%Y-%m-%d %H:%M UTC"); }

int storeError(Io io, const std::string& command, const Error& error) {
    io.err << "simdesk " << command << ": " << error.message << "\n";
    return kExitFailure;
}

Result<store::Person> namedPerson(store::TrainingStore& store, const std::string& name) {
    auto found = store.findPerson(name);
    if (!found) return found.error();
    if (!*found) return fail("no person named \"" + name + "\"");
    return **found;
}

Result<store::Person> byPerson(store::TrainingStore& store, const std::string& name) {
    auto me = store.signedIn();
    if (!me) return me.error();
    if (!*me) {
        if (name.empty()) return fail("say who acts: --by NAME");
        return namedPerson(store, name);
    }
    if (!name.empty() && name != (*me)->name)
        return fail("you are signed in as " + (*me)->name + "; on a server you act as yourself, so --by \"" + name +
                    "\" is refused");
    return **me;
}

Result<store::Person> staffMember(store::TrainingStore& store, const std::string& name, const std::string& what) {
    auto person = byPerson(store, name);
    if (person && person->role == store::Role::Trainee)
        return fail(name + " is a trainee; " + what + " come from reviewers and leads");
    return person;
}

namespace {

json sessionJson(const store::SessionInfo& s) {
    json j = {{"id", s.id}, {"trainee", s.personName}, {"scenario", s.scenarioId}, {"scenario_version", s.scenarioVersion},
              {"scenario_hash", s.scenarioHash}, {"rubric", s.rubricId}, {"rubric_hash", s.rubricHash}, {"mode", s.mode},
              {"started_at", s.startedAt}, {"status", store::sessionStatusName(s.status)}};
    if (s.endedAt) j["ended_at"] = *s.endedAt;
    if (!s.endingId.empty()) j["ending"] = s.endingId;
    if (s.latestPercent) {
        j["percent"] = *s.latestPercent;
        j["passed"] = *s.latestPassed;
    }
    // The official percent above has reviewers' re-ratings applied; this is the scorer's own.
    if (s.latestAutomaticPercent) j["automatic_percent"] = *s.latestAutomaticPercent;
    return j;
}

void printStoredCard(std::ostream& out, const json& card) {
    out << "  " << card.value("verdict", "") << "\n";
    if (card.contains("automatic_percent"))
        out << "  (official, with re-ratings; automatic " << formatPercent(card.value("automatic_percent", 0.0))
            << (card.value("automatic_passed", false) ? " passed" : " failed") << ")\n";
    for (const auto& e : card.value("critical_errors", json::array())) {
        int turn = e.value("turn", 0);
        out << "  CRITICAL " << (turn > 0 ? "turn " + std::to_string(turn) : std::string("(re-rating)")) << ": "
            << e.value("reason", "") << "\n";
        if (e.contains("explanation")) out << "      " << e.value("explanation", "") << "\n";
    }
    for (const auto& c : card.value("criteria", json::array())) {
        out << "    " << c.value("title", c.value("id", ""));
        if (!c.value("applicable", false)) {
            out << ": N/A\n";
            continue;
        }
        out << ": level " << c.value("level", 0) << "/" << (c.value("levels", 2) - 1) << " ("
            << formatPercent(100 * c.value("score", 0.0)) << ")";
        if (c.contains("rerated_by")) {
            const json& automatic = c["automatic_level"];
            out << " re-rated by " << shownName(c.value("rerated_by", "")) << "; automatic "
                << (automatic.is_number_integer() ? "level " + std::to_string(automatic.get<int>()) : std::string("N/A"));
        }
        out << "\n";
    }
}

} // namespace

bool recordsOnServer(const GlobalOptions& global) {
    return store::pg::isServerUri(store::resolveDatabasePath(global.dbPath).string());
}

store::SqliteStore* sqliteFile(store::TrainingStore& store) { return dynamic_cast<store::SqliteStore*>(&store); }

Result<std::unique_ptr<store::TrainingStore>> openStore(const GlobalOptions& global, Io io) {
    auto path = store::resolveDatabasePath(global.dbPath);
    if (store::pg::isServerUri(path.string())) {
        auto server = store::PgStore::open(path.string());
        if (!server) return server.error();
        return std::unique_ptr<store::TrainingStore>(std::move(*server));
    }
    auto opened = store::SqliteStore::open(path, store::OpenOptions{wallClock()});
    if (!opened) return opened.error();
    if ((*opened)->migrationBackup())
        io.err << "simdesk: migrated " << path.string() << " to schema " << store::kSchemaVersion << "; the old file is kept as "
               << (*opened)->migrationBackup()->string() << "\n";
    return std::unique_ptr<store::TrainingStore>(std::move(*opened));
}

Result<std::unique_ptr<store::TrainingStore>> openExistingStore(const GlobalOptions& global, Io io) {
    auto path = store::resolveDatabasePath(global.dbPath);
    std::error_code ec;
    if (!recordsOnServer(global) && !std::filesystem::exists(path, ec)) return fail("no database at " + path.string());
    return openStore(global, io);
}

namespace {
/// Why `people add --track` cannot assign these tracks (one is not in the content), or nothing.
std::optional<std::string> unknownTrackProblem(const GlobalOptions& global, const std::vector<std::string>& tracks) {
    if (tracks.empty()) return std::nullopt;
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas, ContentUse::ReadOnly);
    for (const auto& id : tracks) {
        if (library.findTrack(id)) continue;
        std::string known;
        for (const auto& t : library.tracks) known += (known.empty() ? "" : ", ") + t->id;
        return "no certification track \"" + shownName(id) + "\" in the content; expected one of: " +
               (known.empty() ? "(none loaded)" : known);
    }
    return std::nullopt;
}
} // namespace

int people(const GlobalOptions& global, const PeopleOptions& options, Io io) {
    if (options.action == "add")
        if (auto problem = unknownTrackProblem(global, options.tracks)) {
            io.err << "simdesk people add: " << *problem << "\n";
            return kExitUsage;
        }
    auto store = options.action == "add" ? openStore(global, io) : openExistingStore(global, io);
    if (!store) return storeError(io, "people", store.error());
    if (options.action == "add") {
        auto role = store::parseRole(options.role);
        if (!role) {
            io.err << "simdesk people add: role must be trainee, reviewer or lead\n";
            return kExitUsage;
        }
        std::string start = options.start.empty() ? isoDate(wallClock()) : options.start;
        if (!parseIsoDate(start)) {
            io.err << "simdesk people add: --start must be a date like 2026-11-02\n";
            return kExitUsage;
        }
        if (recordsOnServer(global)) return peopleAddOnServer(**store, options, *role, start, io);
        if (auto problem = store::teamNameProblem(options.team)) {
            io.err << "simdesk people add: " << *problem << "\n";
            return kExitUsage;
        }
        store::Person person;
        // The person and their team together: a refused team leaves nobody half-added.
        Status added = (*store)->inTransaction([&]() -> Status {
            auto made = (*store)->addPerson(options.name, *role, start, options.tracks);
            if (!made) return made.error();
            person = *made;
            if (options.team.empty()) return Ok{};
            person.team = store::trimmedTeam(options.team);
            return (*store)->setPersonTeam(person.id, options.team);
        });
        if (!added) return storeError(io, "people add", added.error());
        io.out << "Added " << shownName(person.name) << " (" << store::roleName(person.role) << ", started " << person.startDate
               << (person.team.empty() ? "" : ", team " + shownName(person.team)) << ")\n";
        return kExitOk;
    }
    if (options.action == "set-team") {
        auto person = namedPerson(**store, options.name);
        if (!person) return storeError(io, "people set-team", person.error());
        if (auto set = (*store)->setPersonTeam(person->id, options.team); !set)
            return storeError(io, "people set-team", set.error());
        std::string team = store::trimmedTeam(options.team);
        if (team.empty()) io.out << shownName(person->name) << " is in no team now\n";
        else io.out << shownName(person->name) << " is in team " << shownName(team) << " now\n";
        return kExitOk;
    }
    if (options.action == "rename") {
        auto person = namedPerson(**store, options.name);
        if (!person) return storeError(io, "people rename", person.error());
        if (auto renamed = (*store)->renamePerson(person->id, options.newName); !renamed)
            return storeError(io, "people rename", renamed.error());
        io.out << "Renamed " << shownName(person->name) << " to " << shownName(options.newName)
               << "; their sessions, scores and plans follow\n";
        return kExitOk;
    }
    if (options.action == "login") {
        if (!recordsOnServer(global)) {
            io.err << "simdesk people login: logins are a server's (--db postgresql://...); an SQLite file has none\n";
            return kExitUsage;
        }
        auto person = namedPerson(**store, options.name);
        if (!person) return storeError(io, "people login", person.error());
        return peopleLoginOnServer(**store, *person, options, io);
    }
    if (options.action == "archive" || options.action == "unarchive") {
        bool archive = options.action == "archive";
        auto person = namedPerson(**store, options.name);
        if (!person) return storeError(io, "people " + options.action, person.error());
        if (auto set = (*store)->setPersonArchived(person->id, archive, wallClock()); !set)
            return storeError(io, "people " + options.action, set.error());
        if (archive)
            io.out << "Archived " << shownName(person->name)
                   << ": hidden from lists, records kept (simdesk people list --all shows them)\n";
        else
            io.out << "Unarchived " << shownName(person->name) << "\n";
        return kExitOk;
    }
    auto list = (*store)->people();
    if (!list) return storeError(io, "people", list.error());
    size_t archived = options.all ? 0 : std::erase_if(*list, [](const store::Person& p) { return p.archived; });
    if (options.json) {
        json out = json::array();
        for (const auto& p : *list)
            out.push_back({{"id", p.id}, {"name", p.name}, {"role", store::roleName(p.role)}, {"start_date", p.startDate},
                           {"tracks", p.tracks}, {"archived", p.archived}, {"team", p.team}});
        io.out << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (list->empty() && archived) io.out << "Everyone is archived; simdesk people list --all shows them.\n";
    else if (list->empty()) io.out << "No people yet. Add one: simdesk people add NAME --role trainee --start 2026-11-02\n";
    for (const auto& p : *list) {
        io.out << shownName(p.name) << "  " << store::roleName(p.role) << "  started " << p.startDate;
        for (size_t i = 0; i < p.tracks.size(); ++i) io.out << (i ? ", " : "  tracks: ") << p.tracks[i];
        if (!p.team.empty()) io.out << "  team: " << shownName(p.team);
        if (p.archived) io.out << "  (archived)";
        io.out << "\n";
    }
    return kExitOk;
}

int sessions(const GlobalOptions& global, const SessionsOptions& options, Io io) {
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, "sessions", store.error());
    auto list = (*store)->sessions(options.trainee.empty() ? std::nullopt : std::optional(options.trainee));
    if (!list) return storeError(io, "sessions", list.error());
    if (options.json) {
        json out = json::array();
        for (const auto& s : *list) out.push_back(sessionJson(s));
        io.out << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (list->empty()) io.out << "No sessions recorded" << (options.trainee.empty() ? "" : " for " + options.trainee) << ".\n";
    for (const auto& s : *list) {
        io.out << "#" << s.id << "  " << isoTime(s.startedAt) << "  " << shownName(s.personName) << "  " << s.scenarioId << " ("
               << s.mode << ")  " << store::sessionStatusName(s.status);
        if (s.latestPercent) io.out << "  " << formatPercent(*s.latestPercent) << (*s.latestPassed ? " passed" : " failed");
        if (s.latestAutomaticPercent) io.out << " (re-rated; automatic " << formatPercent(*s.latestAutomaticPercent) << ")";
        io.out << "\n";
    }
    return kExitOk;
}

int show(const GlobalOptions& global, const ShowOptions& options, Io io) {
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, "show", store.error());
    auto info = (*store)->session(options.session);
    if (!info) return storeError(io, "show", info.error());
    auto transcript = (*store)->transcript(options.session);
    auto runs = (*store)->scoringRuns(options.session);
    auto reviews = (*store)->reviews(options.session);
    auto notes = (*store)->coachingNotes(options.session);
    auto decisions = (*store)->turnReviews(options.session);
    if (!transcript || !runs || !reviews || !notes || !decisions) return storeError(io, "show", Error{"cannot read the session"});
    if (options.json) {
        json runList = json::array(), reviewList = json::array(), noteList = json::array();
        for (const auto& r : *runs)
            runList.push_back({{"id", r.id}, {"reason", r.reason}, {"scored_at", r.scoredAt}, {"rubric", r.rubricId},
                               {"rubric_version", r.rubricVersion}, {"rubric_hash", r.rubricHash}, {"card", r.card}});
        for (const auto& r : *reviews)
            reviewList.push_back({{"criterion", r.criterionId}, {"level", r.level}, {"reason", r.reason},
                                  {"author", r.authorName}, {"created_at", r.createdAt}});
        for (const auto& n : *notes) noteList.push_back({{"author", n.authorName}, {"text", n.text}, {"created_at", n.createdAt}});
        json decisionList = json::array();
        for (const auto& d : *decisions)
            decisionList.push_back({{"turn", d.turn}, {"decision", d.decision}, {"reason", d.reason},
                                    {"reviewer", d.reviewerName}, {"created_at", d.createdAt}});
        io.out << json{{"session", sessionJson(*info)}, {"transcript", transcriptToJson(*transcript)},
                       {"scoring_runs", runList}, {"reviews", reviewList}, {"coaching_notes", noteList},
                       {"turn_decisions", decisionList}}
                      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
               << "\n";
        return kExitOk;
    }
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas, ContentUse::ReadOnly);
    auto scenario = store::scenarioAsPlayed(library, **store, *info, &schemas);
    io.out << "Session #" << info->id << ": " << shownName(info->personName) << " · " << info->scenarioId << " "
           << info->scenarioVersion << " · " << info->mode << " · " << store::sessionStatusName(info->status) << " · started "
           << isoTime(info->startedAt) << "\n";
    if (scenario) {
        auto current = library.findScenario(info->scenarioId);
        if (!current || current->contentHash != info->scenarioHash)
            io.out << "(scenario file changed since; shown from the copy stored with the session)\n";
        io.out << "\n";
        printTranscript(io.out, **scenario, *transcript, agentFirstName(info->personName));
    } else {
        io.out << "(scenario unavailable: " << scenario.error().message << ")\n";
    }
    io.out << "\nScores (" << runs->size() << " scoring run" << (runs->size() == 1 ? "" : "s") << ", oldest first):\n";
    for (const auto& r : *runs) {
        io.out << " run " << r.id << " · " << r.reason << " · " << isoTime(r.scoredAt) << " · rubric " << r.rubricId << " "
               << r.rubricVersion << "\n";
        printStoredCard(io.out, r.card);
    }
    if (!runs->empty() && scenario) {
        // The full evidence of the latest run, as the debrief shows it.
        RubricPtr rubric = library.findRubric(info->rubricId);
        if (rubric && rubric->contentHash == runs->back().rubricHash) {
            auto card = scoreTranscript(**scenario, *rubric, *transcript);
            if (card) printScoreCard(io.out, *card, **scenario, *transcript);
        }
    }
    io.out << "\nReview history:" << (reviews->empty() && decisions->empty() ? " none\n" : "\n");
    for (const auto& r : *reviews)
        io.out << "  " << isoTime(r.createdAt) << "  " << shownName(r.authorName) << " set " << r.criterionId << " to level " << r.level
               << ": " << r.reason << "\n";
    for (const auto& d : *decisions)
        io.out << "  " << isoTime(d.createdAt) << "  Turn " << d.turn << " " << d.decision << " by " << shownName(d.reviewerName) << ": "
               << d.reason << "\n";
    if (!notes->empty()) io.out << "\nCoaching notes:\n";
    for (const auto& n : *notes) io.out << "  " << isoTime(n.createdAt) << "  " << shownName(n.authorName) << ": " << n.text << "\n";
    return kExitOk;
}

int rescore(const GlobalOptions& global, const RescoreOptions& options, Io io) {
    if (!options.all) {
        io.err << "simdesk rescore: say --all to re-score every stored session\n";
        return kExitUsage;
    }
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, "rescore", store.error());
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas);
    // Progress only on a terminal (a test's captured stderr is not one).
    ProgressLine progress(io.err, "simdesk rescore", "sessions", &io.err == &std::cerr && ::isatty(2) != 0);
    auto report = store::rescoreAll(**store, library, {options.force, wallClock(), &schemas}, [&](size_t done, size_t total) {
        progress.update(done, total);
        return true;
    });
    if (!report) return storeError(io, "rescore", report.error());
    for (const auto& p : report->problems) io.err << "simdesk rescore: " << p << "\n";
    const size_t rescored = report->rescored, unchanged = report->unchanged, skipped = report->skipped;
    if (options.json)
        io.out << json{{"rescored", rescored}, {"unchanged", unchanged}, {"skipped", skipped}}.dump() << "\n";
    else
        io.out << "Re-scored " << rescored << " session" << (rescored == 1 ? "" : "s") << " (old scores kept beside the new); "
               << unchanged << " already scored with the current rubric; " << skipped << " skipped\n";
    return skipped > 0 ? kExitFailure : kExitOk;
}

int dbCheck(const GlobalOptions& global, Io io) {
    std::filesystem::path path = store::resolveDatabasePath(global.dbPath);
    if (recordsOnServer(global)) {
        io.err << "simdesk db check: db check reads an SQLite file page by page; "
               << store::pg::withoutPassword(path.string())
               << " is a server, which checks its own files (see docs/team-server.md: pg_amcheck, pg_dump)\n";
        return kExitFailure;
    }
    auto problems = store::SqliteStore::checkFile(path);
    if (!problems) {
        io.err << "simdesk db check: " << problems.error().message << "\n";
        return kExitFailure;
    }
    if (problems->empty()) {
        io.out << "ok\n";
        return kExitOk;
    }
    io.out << path.string() << " failed its check (a damaged simdesk database: restore a backup):\n";
    for (const auto& p : *problems) io.out << "  " << p << "\n";
    return kExitFailure;
}

int abandon(const GlobalOptions& global, int64_t session, Io io) {
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, "abandon", store.error());
    if (auto s = (*store)->abandonSession(session, wallClock()); !s) return storeError(io, "abandon", s.error());
    io.out << "Session #" << session << " abandoned; its turns are kept.\n";
    return kExitOk;
}

int review(const GlobalOptions& global, const ReviewOptions& options, Io io) {
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, "review", store.error());
    auto info = (*store)->session(options.session);
    if (!info) return storeError(io, "review", info.error());
    auto reviewer = staffMember(**store, options.reviewer, "reviews");
    if (!reviewer) return storeError(io, "review", reviewer.error());
    int64_t now = wallClock();
    if (!options.note.empty()) {
        auto id = (*store)->addCoachingNote({0, info->id, reviewer->id, "", options.note, now});
        if (!id) return storeError(io, "review", id.error());
        io.out << "Coaching note added to session #" << info->id << "\n";
        return kExitOk;
    }
    // The level must fit the criterion of the rubric the session was scored on; the re-rating
    // and the official score it makes are stored together, or neither is.
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas, ContentUse::ReadOnly);
    store::Review rerating{0, info->id, options.criterion, options.level, options.reason, reviewer->id, reviewer->name, now};
    auto official = store::addRerating(library, **store, rerating, now, &schemas);
    if (!official) return storeError(io, "review", official.error());
    io.out << "Review recorded on session #" << info->id << ": " << options.criterion << " → level " << options.level << "\n"
           << "Official score: " << official->verdict() << "; automatic "
           << formatPercent(official->automaticPercent.value_or(official->finalPercent)) << " kept beside it\n";
    return kExitOk;
}

int reviewQueue(const GlobalOptions& global, const TurnDecisionOptions& options, Io io) {
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, "review queue", store.error());
    auto queue = store::reviewQueue(**store, options.all);
    if (!queue) return storeError(io, "review queue", queue.error());
    if (options.json) {
        json out = json::array();
        for (const auto& q : *queue) {
            json j = {{"session", q.sessionId}, {"trainee", q.trainee},   {"scenario", q.scenarioId},
                      {"mode", q.mode},         {"turn", q.turn},         {"node", q.nodeId},
                      {"confidence", q.confidence}, {"reasons", q.reasons}, {"reply", q.reply}};
            if (q.decision)
                j["decision"] = {{"decision", q.decision->decision}, {"reason", q.decision->reason},
                                 {"by", q.decision->reviewerName}, {"at", isoTime(q.decision->createdAt)}};
            out.push_back(std::move(j));
        }
        io.out << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (queue->empty()) {
        io.out << (options.all ? "No typed turn has needed review.\n" : "Nothing waits for review.\n");
        return kExitOk;
    }
    for (const auto& q : *queue) {
        char confidence[16];
        std::snprintf(confidence, sizeof confidence, "%.0f%%", q.confidence * 100);
        io.out << "#" << q.sessionId << " turn " << q.turn << "  " << shownName(q.trainee) << ", " << q.scenarioId << " (" << q.mode
               << "), confidence " << confidence << "\n";
        for (const auto& r : q.reasons) io.out << "    - " << r << "\n";
        std::string shown = q.reply.size() > 240 ? q.reply.substr(0, 237) + "..." : q.reply;
        for (char& c : shown)
            if (c == '\n') c = ' ';
        io.out << "    reply: \"" << shown << "\"\n";
        if (q.decision)
            io.out << "    " << q.decision->decision << " by " << shownName(q.decision->reviewerName) << " on "
                   << isoTime(q.decision->createdAt) << ": " << q.decision->reason << "\n";
    }
    if (!options.all)
        io.out << queue->size() << (queue->size() == 1 ? " turn waits" : " turns wait")
               << " for review. Decide with: simdesk review confirm|overturn SESSION TURN --by NAME --reason TEXT\n";
    return kExitOk;
}

int decideReview(const GlobalOptions& global, const TurnDecisionOptions& options, Io io) {
    const std::string command = std::string("review ") + (options.decision == "confirmed" ? "confirm" : "overturn");
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, command, store.error());
    auto reviewer = staffMember(**store, options.reviewer, "review decisions");
    if (!reviewer) return storeError(io, command, reviewer.error());
    auto id = store::decideTurn(**store, options.session, options.turn, options.decision, options.reason, reviewer->id, wallClock());
    if (!id) return storeError(io, command, id.error());
    io.out << "Turn " << options.turn << " of session #" << options.session << " " << options.decision << " by "
           << reviewer->name << "\n";
    return kExitOk;
}

namespace {

std::string maskStatus(store::TrainingStore& any) {
    std::string line = std::string("mask-secrets ") + (any.maskSecrets() ? "on" : "off");
    store::SqliteStore* file = sqliteFile(any);
    if (!file) return line;  // who changed it is recorded in a file only, so far
    auto change = file->maskSecretsChange();
    if (change && !change->by.empty())
        line += " (set by " + change->by + " on " + isoDate(change->at) + ")";
    return line;
}

/// Turning masking off lets secrets into the records: a lead's decision, recorded with their name.
int turnMaskingOff(store::SqliteStore& store, const SettingsOptions& options, Io io) {
    if (options.by.empty()) {
        io.err << "simdesk settings: turning mask-secrets off needs a lead: add --by NAME\n";
        return kExitUsage;
    }
    auto lead = namedPerson(store, options.by);
    if (!lead) return storeError(io, "settings", lead.error());
    if (lead->role != store::Role::Lead) {
        io.err << "simdesk settings: " << lead->name << " is a " << store::roleName(lead->role)
               << "; only a lead can turn mask-secrets off\n";
        return kExitFailure;
    }
    if (auto s = store.changeMaskSecrets(false, lead->name, wallClock()); !s) return storeError(io, "settings", s.error());
    io.out << maskStatus(store) << "\n";
    return kExitOk;
}

/// Turning it on again masks new replies, and masks the stored ones when asked (or says how many wait).
int turnMaskingOn(store::SqliteStore& store, const SettingsOptions& options, Io io) {
    std::string by = options.by;
    if (!by.empty()) {
        auto person = namedPerson(store, by);
        if (!person) return storeError(io, "settings", person.error());
        by = person->name;
    }
    if (auto s = store.changeMaskSecrets(true, by, wallClock()); !s) return storeError(io, "settings", s.error());
    io.out << maskStatus(store) << "\n";
    auto stored = store.maskStoredSecrets(options.maskStored);
    if (!stored) return storeError(io, "settings", stored.error());
    if (options.maskStored)
        io.out << "Masked secrets in " << *stored << (*stored == 1 ? " stored reply" : " stored replies") << "\n";
    else if (*stored > 0)
        io.out << *stored << (*stored == 1 ? " stored reply still holds" : " stored replies still hold")
               << " secrets typed while masking was off; mask them with: simdesk settings mask-secrets on --mask-stored\n";
    return kExitOk;
}

} // namespace

int settings(const GlobalOptions& global, const SettingsOptions& options, Io io) {
    const auto& args = options.args;
    if (!args.empty() && (args.size() != 2 || args[0] != "mask-secrets" || (args[1] != "on" && args[1] != "off"))) {
        io.err << "simdesk settings: expected 'mask-secrets on' or 'mask-secrets off'\n";
        return kExitUsage;
    }
    if (options.maskStored && (args.empty() || args[1] != "on")) {
        io.err << "simdesk settings: --mask-stored goes with 'mask-secrets on'\n";
        return kExitUsage;
    }
    // Showing the settings reads; changing them may come before the first play, so it creates.
    auto store = args.empty() ? openExistingStore(global, io) : openStore(global, io);
    if (!store) return storeError(io, "settings", store.error());
    if (args.empty()) {
        io.out << maskStatus(**store) << "\n";
        return kExitOk;
    }
    store::SqliteStore* file = sqliteFile(**store);
    if (!file) {
        // On a server, who may turn masking off is the server's to enforce (its roles), and the
        // decision is recorded with the acting role: that comes with sign-in, not yet.
        io.err << "simdesk settings: changing mask-secrets works on an SQLite file only for now; on a server it stays "
               << ((*store)->maskSecrets() ? "on" : "off") << "\n";
        return kExitFailure;
    }
    return args[1] == "off" ? turnMaskingOff(*file, options, io) : turnMaskingOn(*file, options, io);
}

} // namespace simdesk::cli
