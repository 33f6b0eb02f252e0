// Calibration sessions from the terminal: a lead picks or samples a batch of finished, scored
// conversations, invites graders with a deadline, and reveals the whole batch at once. Graders
// grade each conversation's round with `calibrate grade ROUND`; the store refuses anyone not
// invited, and grades after the deadline.
//   calibrate session new --name N (--sessions 12,15 | --sample K --seed S [--stratify X]) --graders "A,B" --deadline DATE --by LEAD [--peers]
//   calibrate session extend ID --deadline DATE --by LEAD
//   calibrate session list | show ID [--by NAME] | reveal ID --by NAME | benchmark ID --by LEAD
#include "cmd_calibrate.hpp"
#include "report.hpp"

#include "core/benchmark.hpp"
#include "core/calendar.hpp"
#include "core/calibration_sampling.hpp"
#include "store/as_played.hpp"

#include <set>

namespace simdesk::cli {

using nlohmann::json;

namespace {

constexpr int64_t kLastSecondOfDay = 86400 - 1;

/// The end of a "YYYY-MM-DD" day in UTC: a deadline means "grade by the end of that day".
Result<int64_t> parseDeadline(const std::string& date) {
    auto midnight = parseIsoDate(date);
    if (!midnight) return fail("the deadline \"" + date + "\" is not a date; expected YYYY-MM-DD");
    return *midnight + kLastSecondOfDay;
}

Result<store::Person> lead(store::TrainingStore& store, const std::string& name, const std::string& what) {
    auto person = namedPerson(store, name);
    if (!person) return person.error();
    if (person->role != store::Role::Lead) return fail(name + " is not a lead; " + what + " is a lead's to do");
    return person;
}

Result<std::vector<int64_t>> invitedGraders(store::TrainingStore& store, const std::string& list) {
    std::vector<int64_t> ids;
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (!name.empty()) {
            auto grader = staffMember(store, name, "calibration grades");
            if (!grader) return grader.error();
            ids.push_back(grader->id);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return ids;
}

/// The conversations the options name or sample, and how they were chosen.
Result<std::pair<std::vector<int64_t>, std::string>> chooseConversations(const ContentLibrary& library, store::TrainingStore& store,
                                                                         const CalibrateOptions& options) {
    if (!options.conversations.empty()) {
        for (int64_t id : options.conversations)
            if (auto basis = store::latestScore(library, store, id); !basis) return basis.error();
        return std::pair{options.conversations, std::string("picked")};
    }
    if (options.sample < 1) return fail("name the conversations with --sessions 12,15,… or sample them with --sample K --seed S");
    auto by = parseStratum(options.stratify);
    if (!by) return fail("--stratify is scenario, track or band");
    auto pool = store::calibrationSamplePool(library, store);
    if (!pool) return pool.error();
    auto picked = sampleConversations(*pool, options.sample, options.seed, *by);
    if (!picked) return picked.error();
    return std::pair{*picked, samplingDescription(options.sample, pool->size(), options.seed, *by)};
}

int newSession(const ContentLibrary& library, store::TrainingStore& store, const CalibrateOptions& options, Io io) {
    const std::string command = "calibrate session new";
    auto creator = lead(store, options.by, "opening a calibration session");
    if (!creator) return storeError(io, command, creator.error());
    auto deadline = parseDeadline(options.deadline);
    if (!deadline) return storeError(io, command, deadline.error());
    const int64_t now = wallClock();
    if (*deadline < now) return storeError(io, command, Error{"the deadline " + options.deadline + " has passed"});
    auto graders = invitedGraders(store, options.graders);
    if (!graders) return storeError(io, command, graders.error());
    auto chosen = chooseConversations(library, store, options);
    if (!chosen) return storeError(io, command, chosen.error());
    store::CalibrationSession session;
    session.name = options.name;
    session.createdBy = creator->id;
    session.createdAt = now;
    session.deadline = *deadline;
    session.sampling = chosen->second;
    session.peersAfterSubmit = options.peers;
    session.graderIds = *graders;
    auto id = store.createCalibrationSession(session, chosen->first);
    if (!id) return storeError(io, command, id.error());
    auto created = store.calibrationSession(*id);
    if (!created) return storeError(io, command, created.error());
    io.out << "Calibration session #" << *id << " \"" << options.name << "\": " << chosen->first.size() << " conversation"
           << (chosen->first.size() == 1 ? "" : "s") << " (" << chosen->second << "), " << graders->size()
           << " graders, grading closes at the end of " << options.deadline << " UTC.\n";
    for (size_t i = 0; i < created->roundIds.size() && i < chosen->first.size(); ++i)
        io.out << "  round #" << created->roundIds[i] << ": session #" << chosen->first[i] << "\n";
    io.out << "Each grader grades each round: simdesk calibrate grade ROUND --by NAME --level CRITERION=N …\n"
           << "Blind until: simdesk calibrate session reveal " << *id << " --by \"" << options.by << "\"\n";
    return kExitOk;
}

json sessionJson(const store::CalibrationSession& s) {
    json j = {{"id", s.id},           {"name", s.name},           {"created_by", s.createdByName}, {"created_at", s.createdAt},
              {"deadline", isoDate(s.deadline)}, {"sampling", s.sampling}, {"peers_after_submit", s.peersAfterSubmit},
              {"graders", s.graderNames}, {"rounds", s.roundIds}, {"revealed", s.revealedAt.has_value()}};
    j["benchmark"] = s.benchmarkId ? json(s.benchmarkName) : json(nullptr);
    return j;
}

int listSessions(store::TrainingStore& store, const CalibrateOptions& options, Io io) {
    auto sessions = store.calibrationSessions();
    if (!sessions) return storeError(io, "calibrate session list", sessions.error());
    json list = json::array();
    for (const auto& s : *sessions) {
        if (options.json) {
            list.push_back(sessionJson(s));
            continue;
        }
        io.out << "#" << s.id << "  " << s.name << "  " << s.roundIds.size() << " conversation(s), " << s.graderIds.size()
               << " grader(s), due " << isoDate(s.deadline) << "  " << (s.revealedAt ? "revealed" : "blind") << "\n";
    }
    if (options.json) io.out << list.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    else if (sessions->empty()) io.out << "No calibration sessions yet: simdesk calibrate session new --help\n";
    return kExitOk;
}

void printSessionHeader(std::ostream& out, const store::CalibrationSession& s) {
    out << "Calibration session #" << s.id << ": " << s.name << "\n  created by " << s.createdByName << " on " << isoTime(s.createdAt)
        << ", " << s.roundIds.size() << " conversation(s) (" << s.sampling << "), due " << isoDate(s.deadline) << ", "
        << (s.revealedAt ? "revealed " + isoTime(*s.revealedAt) : std::string("blind")) << "\n  graders:";
    for (const auto& name : s.graderNames) out << " " << shownName(name) << (s.benchmarkName == name ? " (benchmark)" : "");
    out << "\n";
}

int showBlind(store::TrainingStore& store, const store::CalibrationSession& s, const CalibrateOptions& options, Io io) {
    const std::string command = "calibrate session show";
    json rounds = json::array();
    std::optional<store::Person> viewer;
    if (!options.by.empty()) {
        auto person = namedPerson(store, options.by);
        if (!person) return storeError(io, command, person.error());
        viewer = *person;
    }
    if (!options.json) {
        printSessionHeader(io.out, s);
        io.out << "Graded so far (levels stay hidden until the session is revealed):\n";
    }
    for (int64_t roundId : s.roundIds) {
        auto round = store.calibrationRound(roundId);
        auto progress = store.calibrationProgress(roundId);
        if (!round) return storeError(io, command, round.error());
        if (!progress) return storeError(io, command, progress.error());
        json graded = json::array();
        for (const auto& p : *progress) graded.push_back({{"grader", p.graderName}, {"criteria", p.criteriaGraded}});
        rounds.push_back({{"round", roundId}, {"session", round->sessionId}, {"graded", graded}});
        if (options.json) continue;
        io.out << "  round #" << roundId << " (session #" << round->sessionId << "):" << (progress->empty() ? " nobody" : "");
        for (const auto& p : *progress) io.out << "  " << shownName(p.graderName) << " (" << p.criteriaGraded << ")";
        if (viewer) {
            auto own = store.calibrationGradesBy(roundId, viewer->id);
            if (own) io.out << "   you: " << (own->empty() ? "to grade" : std::to_string(own->size()) + " graded");
        }
        io.out << "\n";
    }
    if (options.json) {
        json j = sessionJson(s);
        j["progress"] = rounds;
        io.out << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    }
    return kExitOk;
}

json alignmentJson(const std::vector<GraderAlignment>& alignment) {
    json out = json::array();
    for (const auto& g : alignment) {
        json criteria = json::array();
        for (const auto& c : g.criteria)
            criteria.push_back({{"id", c.criterionId}, {"allowed_distance", c.allowed}, {"compared", c.compared}, {"aligned", c.aligned},
                                {"share", c.share() ? json(*c.share()) : json(nullptr)}});
        out.push_back({{"grader", g.grader}, {"compared", g.compared}, {"aligned", g.aligned},
                       {"overall", g.overall() ? json(*g.overall()) : json(nullptr)}, {"criteria", criteria}});
    }
    return out;
}

void printAlignment(std::ostream& out, const std::string& benchmark, const std::vector<GraderAlignment>& alignment) {
    out << "\nAlignment with the benchmark (" << shownName(benchmark)
        << "): the share of criteria within the allowed distance, exact for yes/no, ±1 level for levelled ones:\n";
    if (alignment.empty()) out << "  nothing to compare: the benchmark graded no criterion another grader graded\n";
    for (const auto& g : alignment) {
        out << "  " << shownName(g.grader) << ": " << (g.overall() ? formatPercent(100 * *g.overall()) : std::string("-")) << " ("
            << g.aligned << " of " << g.compared << ")";
        for (const auto& c : g.criteria)
            out << " · " << c.title << " " << c.aligned << "/" << c.compared;
        out << "\n";
    }
}

int showRevealed(const ContentLibrary& library, store::TrainingStore& store, const store::CalibrationSession& s,
                 const CalibrateOptions& options, Io io) {
    const std::string command = "calibrate session show";
    std::vector<CalibrationReport> batch;
    for (int64_t roundId : s.roundIds) {
        auto round = store.calibrationRound(roundId);
        if (!round) return storeError(io, command, round.error());
        auto report = store::calibrationReport(library, store, *round);
        if (!report) return storeError(io, command, report.error());
        batch.push_back(std::move(*report));
    }
    // One rubric per batch: criteria are matched by id, and two rubrics may share an id.
    std::set<std::string> rubrics;
    for (const auto& r : batch) rubrics.insert(r.rubricId);
    const auto reliability = criterionReliability(batch);
    const auto alignment = s.benchmarkId ? benchmarkAlignment(batch, s.benchmarkName) : std::vector<GraderAlignment>{};
    if (options.json) {
        json j = sessionJson(s);
        j["reliability"] = reliabilityJson(reliability);
        j["alignment"] = s.benchmarkId ? alignmentJson(alignment) : json(nullptr);
        io.out << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    printSessionHeader(io.out, s);
    if (rubrics.size() > 1)
        io.out << "Note: the conversations were scored on " << rubrics.size()
               << " rubrics; criteria with the same id are pooled across them.\n";
    printReliability(io.out, reliability,
                     "across the session's " + std::to_string(batch.size()) + " conversation" + (batch.size() == 1 ? "" : "s"));
    if (s.benchmarkId) printAlignment(io.out, s.benchmarkName, alignment);
    else io.out << "\nNo benchmark yet: a lead marks their grades with simdesk calibrate session benchmark " << s.id << " --by NAME\n";
    return kExitOk;
}

int revealSession(store::TrainingStore& store, const store::CalibrationSession& s, const CalibrateOptions& options, Io io) {
    const std::string command = "calibrate session reveal";
    auto person = namedPerson(store, options.by);
    if (!person) return storeError(io, command, person.error());
    if (person->id != s.createdBy && person->role != store::Role::Lead)
        return storeError(io, command, Error{"only " + s.createdByName + " (who opened the session) or a lead can reveal it"});
    std::set<int64_t> graded;
    for (int64_t roundId : s.roundIds) {
        auto progress = store.calibrationProgress(roundId);
        if (!progress) return storeError(io, command, progress.error());
        for (const auto& p : *progress) graded.insert(p.graderId);
    }
    if (graded.size() < 2)
        return storeError(io, command, Error{"session #" + std::to_string(s.id) + " has " + std::to_string(graded.size()) +
                                             " grader(s) so far; calibration needs at least two"});
    if (auto r = store.revealCalibrationSession(s.id, wallClock()); !r) return storeError(io, command, r.error());
    io.out << "Session #" << s.id << " revealed, all " << s.roundIds.size() << " conversation(s): simdesk calibrate session show "
           << s.id << "\n";
    return kExitOk;
}

} // namespace

int calibrateSession(const GlobalOptions& global, store::TrainingStore& store, const CalibrateOptions& options, Io io) {
    const std::string command = "calibrate session " + options.sessionAction;
    if (options.sessionAction == "list") return listSessions(store, options, io);
    if (options.sessionAction == "new") {
        SchemaChecker schemas;
        return newSession(loadLibrary(global, {}, schemas, ContentUse::ReadOnly), store, options, io);
    }
    auto session = store.calibrationSession(options.id);
    if (!session) return storeError(io, command, session.error());
    if (options.sessionAction == "extend") {
        auto by = lead(store, options.by, "extending a deadline");
        if (!by) return storeError(io, command, by.error());
        // The app's rule too: a day not over yet, after the current deadline.
        auto deadline = extendedDeadline(options.deadline, session->deadline, wallClock());
        if (!deadline) return storeError(io, command, deadline.error());
        if (auto s = store.extendCalibrationSession(session->id, *deadline); !s) return storeError(io, command, s.error());
        io.out << "Session #" << session->id << " now closes at the end of " << options.deadline << " UTC.\n";
        return kExitOk;
    }
    if (options.sessionAction == "benchmark") {
        auto by = lead(store, options.by, "setting the benchmark");
        if (!by) return storeError(io, command, by.error());
        if (auto s = store.setCalibrationBenchmark(session->id, by->id); !s) return storeError(io, command, s.error());
        io.out << options.by << "'s grades are the benchmark of session #" << session->id << ".\n";
        return kExitOk;
    }
    if (options.sessionAction == "reveal") return revealSession(store, *session, options, io);
    if (!session->revealedAt) return showBlind(store, *session, options, io);
    SchemaChecker schemas;
    return showRevealed(loadLibrary(global, {}, schemas, ContentUse::ReadOnly), store, *session, options, io);
}

} // namespace simdesk::cli
