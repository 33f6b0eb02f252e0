// Calibration rounds and coaching plans from the terminal:
//   calibrate new SESSION --by LEAD [--title T]      a blind round on a finished, scored session
//   calibrate grade ROUND --by NAME --level ID=N…    one grader's levels (and --note ID=TEXT)
//   calibrate show ROUND [--by NAME]                 blind: who is done, your own grades; revealed: the report
//   calibrate reveal ROUND --by NAME                 the round's creator or a lead opens it
//   calibrate list / calibrate reviewers            every round; each reviewer's trend over revealed rounds
//   calibrate session …                              a batch of rounds (cmd_calibrate_session.cpp)
//   coach plan TRAINEE --by COACH --text T [--session N] / coach plans TRAINEE / coach ack PLAN --by TRAINEE
#include "cli.hpp"
#include "cmd_calibrate.hpp"
#include "report.hpp"

#include "core/calibration.hpp"
#include "store/as_played.hpp"

#include <cstdio>
#include <algorithm>
#include <map>
#include <ostream>

namespace simdesk::cli {

using nlohmann::json;

namespace {

using RoundBasis = store::LatestScore;

Result<RoundBasis> roundBasis(const GlobalOptions& global, store::TrainingStore& store, int64_t sessionId) {
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas, ContentUse::ReadOnly);
    return store::latestScore(library, store, sessionId, &schemas);
}

/// "criterion=value" → (criterion, value); the criterion must be the rubric's.
Result<std::pair<const Criterion*, std::string>> splitAssignment(const Rubric& rubric, const std::string& text) {
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) return fail("expected CRITERION=VALUE, got \"" + text + "\"");
    std::string id = text.substr(0, eq);
    const Criterion* criterion = rubric.findCriterion(id);
    if (!criterion) {
        std::string known;
        for (const auto& c : rubric.criteria) known += (known.empty() ? "" : ", ") + c.id;
        return fail("rubric \"" + rubric.id + "\" has no criterion \"" + id + "\"; it has " + known);
    }
    return std::pair{criterion, text.substr(eq + 1)};
}

Result<std::vector<store::CalibrationGrade>> parseGrades(const Rubric& rubric, const CalibrateOptions& options,
                                                         int64_t roundId, int64_t graderId, int64_t now) {
    std::vector<store::CalibrationGrade> grades;
    for (const auto& text : options.levels) {
        auto parts = splitAssignment(rubric, text);
        if (!parts) return parts.error();
        auto [criterion, value] = *parts;
        int level = -1;
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos || value.size() > 2 ||
            (level = std::stoi(value)) > criterion->maxLevel())
            return fail("level \"" + value + "\" is outside the scale of \"" + criterion->id + "\"; expected 0 to " +
                        std::to_string(criterion->maxLevel()));
        for (const auto& g : grades)
            if (g.criterionId == criterion->id) return fail("\"" + criterion->id + "\" is graded twice");
        grades.push_back({roundId, graderId, "", criterion->id, "", level, now});
    }
    for (const auto& text : options.notes) {
        auto parts = splitAssignment(rubric, text);
        if (!parts) return parts.error();
        bool attached = false;
        for (auto& g : grades)
            if (g.criterionId == parts->first->id) {
                g.note = parts->second;
                attached = true;
            }
        if (!attached) return fail("the note on \"" + parts->first->id + "\" needs a --level for it too");
    }
    return grades;
}

std::string signedPercent(double share) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%+.0f%%", 100 * share);
    return buffer;
}

std::string alphaReading(const std::optional<double>& alpha, int pairable) {
    if (pairable < kMinPairableValues)
        return "Krippendorff's alpha: not enough data (" + std::to_string(pairable) + " grades; " +
               std::to_string(kMinPairableValues) + " needed)";
    if (!alpha) return "Krippendorff's alpha: not defined (nothing varied, or fewer than two graders)";
    char buffer[96];
    // Krippendorff's own guide: 0.8 and above reliable, 0.667 the lowest for tentative conclusions.
    const char* reading = *alpha >= 0.8 ? "reliable" : *alpha >= 0.667 ? "tentative" : "low: the graders read the rubric differently";
    std::snprintf(buffer, sizeof buffer, "Krippendorff's alpha %.2f (%s)", *alpha, reading);
    return buffer;
}

void printRoundHeader(std::ostream& out, const store::CalibrationRound& round, const store::SessionInfo& session) {
    out << "Calibration round #" << round.id << ": " << round.title << "\n"
        << "  session #" << session.id << " (" << session.personName << ", " << session.scenarioId << "), created by "
        << round.createdByName << " on " << isoTime(round.createdAt) << ", "
        << (round.revealedAt ? "revealed " + isoTime(*round.revealedAt) : std::string("blind")) << "\n";
}

} // namespace

/// Per-criterion reliability, then one line explaining each figure.
void printReliability(std::ostream& out, const std::vector<CriterionReliability>& reliability, const std::string& scope) {
    out << "\nReliability per criterion (" << scope << "):\n";
    for (const auto& r : reliability) out << "  " << reliabilityLine(r) << "\n";
    out << "The automatic scorer as one more rater (its level beside the graders' median):\n";
    for (const auto& r : reliability) out << "  " << automaticRaterLine(r) << "\n";
    out << "What the figures mean:\n";
    for (const auto& e : reliabilityExplanations()) out << "  " << e.figure << ": " << e.meaning << "\n";
}

json reliabilityJson(const std::vector<CriterionReliability>& reliability) {
    json out = json::array();
    for (const auto& r : reliability) {
        json j = {{"id", r.criterionId}, {"title", r.title}, {"levels", r.levels}, {"metric", metricName(r.metric)},
                  {"conversations", r.conversations}, {"pairable", r.pairable}, {"enough_data", r.enoughData}};
        j["alpha"] = r.alpha ? json{{"value", r.alpha->alpha}, {"D_o", r.alpha->observed}, {"D_e", r.alpha->expected}} : json(nullptr);
        j["interval"] = r.interval ? json{{"low", r.interval->low}, {"high", r.interval->high}, {"samples", r.interval->samples},
                                          {"seed", kCalibrationSeed}}
                                   : json(nullptr);
        j["percent_agreement"] = r.percentAgreement ? json(*r.percentAgreement) : json(nullptr);
        j[r.levels <= 2 ? "ac1" : "ac2"] = r.gwet ? json(r.gwet->value) : json(nullptr);
        j["automatic"] = {{"pairable", r.automaticPairable},
                          {"alpha", r.automaticAlpha ? json(*r.automaticAlpha) : json(nullptr)},
                          {"lean", r.automaticLean ? json(*r.automaticLean) : json(nullptr)},
                          {"flagged", r.automaticFlagged}};
        out.push_back(std::move(j));
    }
    return out;
}

namespace {

void printReport(std::ostream& out, const CalibrationReport& report) {
    out << report.graders.size() << " graders · exact agreement " << formatPercent(100 * report.exactAgreement) << " of "
        << report.gradedPairs << " grader pairs · " << alphaReading(report.alpha, report.alphaPairable) << "\n\nCriteria, most disputed first:\n";
    for (const auto& c : report.criteria) {
        out << "  " << c.title << " (0-" << c.levels - 1 << "):";
        if (c.marks.empty()) out << " not graded (N/A to everyone)";
        for (const auto& m : c.marks) out << "  " << shownName(m.grader) << " " << m.level;
        out << "   automatic " << (c.automaticLevel ? std::to_string(*c.automaticLevel) : std::string("N/A"));
        if (c.marks.size() >= 2)
            out << "   spread " << c.spread() << " · agree " << formatPercent(100 * c.exactAgreement);
        if (c.disputed) out << "   DISCUSS";
        out << "\n";
        for (const auto& m : c.marks)
            if (!m.note.empty()) out << "      " << shownName(m.grader) << ": " << m.note << "\n";
    }
    out << "\nGraders (lean: distance from the group's median, as a share of each scale):\n";
    for (const auto& g : report.graders) {
        out << "  " << shownName(g.grader) << ": graded " << g.graded << " of " << g.graded + g.missing << ", on the median "
            << g.matchesMedian << ", lean " << signedPercent(g.leanShare) << " (" << leanName(g.lean) << ")";
        if (g.versusAutomatic) out << ", against the automatic score " << signedPercent(*g.versusAutomatic);
        out << "\n";
    }
    for (const auto& id : report.unknownCriteria)
        out << "Note: grades for \"" << id << "\" are not counted; the rubric has no such criterion.\n";
    printReliability(out, report.reliability, "this round as a batch of one conversation");
}

json reportJson(const CalibrationReport& report) {
    json criteria = json::array(), graders = json::array();
    for (const auto& c : report.criteria) {
        json marks = json::array();
        for (const auto& m : c.marks) marks.push_back({{"grader", m.grader}, {"level", m.level}, {"note", m.note}});
        json j = {{"id", c.criterionId}, {"title", c.title}, {"levels", c.levels}, {"grades", marks},
                  {"spread", c.spread()}, {"median", c.median}, {"exact_agreement", c.exactAgreement}, {"disputed", c.disputed}};
        j["automatic_level"] = c.automaticLevel ? json(*c.automaticLevel) : json(nullptr);
        criteria.push_back(std::move(j));
    }
    for (const auto& g : report.graders) {
        json j = {{"grader", g.grader}, {"graded", g.graded}, {"missing", g.missing}, {"on_median", g.matchesMedian},
                  {"lean", g.leanShare}, {"reading", leanName(g.lean)}};
        j["versus_automatic"] = g.versusAutomatic ? json(*g.versusAutomatic) : json(nullptr);
        graders.push_back(std::move(j));
    }
    return {{"graded_pairs", report.gradedPairs}, {"exact_agreement", report.exactAgreement},
            {"alpha", report.alpha && report.alphaPairable >= kMinPairableValues ? json(*report.alpha) : json(nullptr)},
            {"alpha_pairable", report.alphaPairable}, {"criteria", criteria}, {"graders", graders},
            {"reliability", reliabilityJson(report.reliability)}};
}

int createRound(const GlobalOptions& global, store::TrainingStore& store, const CalibrateOptions& options, Io io) {
    auto lead = staffMember(store, options.by, "calibration rounds");
    if (!lead) return storeError(io, "calibrate new", lead.error());
    auto basis = roundBasis(global, store, options.id);
    if (!basis) return storeError(io, "calibrate new", basis.error());
    std::string title = options.title.empty() ? basis->session.scenarioId + " (session #" + std::to_string(options.id) + ")"
                                              : options.title;
    auto id = store.createCalibrationRound({0, options.id, lead->id, title, wallClock(), std::nullopt, ""});
    if (!id) return storeError(io, "calibrate new", id.error());
    io.out << "Calibration round #" << *id << " opened on session #" << options.id << " (" << basis->rubric->title << ", "
           << basis->rubric->criteria.size() << " criteria). Grades stay blind until: simdesk calibrate reveal " << *id
           << " --by \"" << options.by << "\"\n";
    return kExitOk;
}

int gradeRound(const GlobalOptions& global, store::TrainingStore& store, const store::CalibrationRound& round,
               const CalibrateOptions& options, Io io) {
    auto grader = staffMember(store, options.by, "calibration grades");
    if (!grader) return storeError(io, "calibrate grade", grader.error());
    if (round.revealedAt) return storeError(io, "calibrate grade", Error{"round #" + std::to_string(round.id) + " is revealed; grades are closed"});
    if (options.levels.empty()) {
        io.err << "simdesk calibrate grade: give at least one --level CRITERION=N\n";
        return kExitUsage;
    }
    auto basis = roundBasis(global, store, round.sessionId);
    if (!basis) return storeError(io, "calibrate grade", basis.error());
    auto grades = parseGrades(*basis->rubric, options, round.id, grader->id, wallClock());
    if (!grades) return storeError(io, "calibrate grade", grades.error());
    // Check everything before writing anything, so a refused call leaves no half a scorecard behind.
    auto existing = store.calibrationGradesBy(round.id, grader->id);
    if (!existing) return storeError(io, "calibrate grade", existing.error());
    for (const auto& g : *grades)
        for (const auto& e : *existing)
            if (e.criterionId == g.criterionId)
                return storeError(io, "calibrate grade", Error{options.by + " has already graded \"" + g.criterionId + "\" in this round"});
    for (const auto& g : *grades)
        if (auto s = store.addCalibrationGrade(g); !s) return storeError(io, "calibrate grade", s.error());
    size_t done = existing->size() + grades->size();
    io.out << options.by << " has graded " << done << " of " << basis->rubric->criteria.size() << " criteria in round #"
           << round.id << " (blind until it is revealed)";
    if (done < basis->rubric->criteria.size()) io.out << "; a criterion left out counts as not applicable";
    io.out << "\n";
    return kExitOk;
}

int showRound(const GlobalOptions& global, store::TrainingStore& store, const store::CalibrationRound& round,
              const CalibrateOptions& options, Io io) {
    SchemaChecker schemas;
    const ContentLibrary library = loadLibrary(global, {}, schemas, ContentUse::ReadOnly);
    auto basis = store::latestScore(library, store, round.sessionId, &schemas);
    if (!basis) return storeError(io, "calibrate show", basis.error());
    if (round.revealedAt) {
        auto report = store::calibrationReport(*basis, store, round);
        if (!report) return storeError(io, "calibrate show", report.error());
        if (options.json) {
            json j = reportJson(*report);
            j["round"] = {{"id", round.id}, {"title", round.title}, {"session", round.sessionId}, {"revealed_at", *round.revealedAt}};
            j["revealed"] = true;
            io.out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            return kExitOk;
        }
        printRoundHeader(io.out, round, basis->session);
        printReport(io.out, *report);
        return kExitOk;
    }
    auto progress = store.calibrationProgress(round.id);
    if (!progress) return storeError(io, "calibrate show", progress.error());
    if (options.json) {
        json graded = json::array();
        for (const auto& p : *progress) graded.push_back({{"grader", p.graderName}, {"criteria", p.criteriaGraded}});
        io.out << json{{"round", {{"id", round.id}, {"title", round.title}, {"session", round.sessionId}}},
                       {"revealed", false}, {"criteria", basis->rubric->criteria.size()}, {"graded", graded}}
                      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
               << "\n";
        return kExitOk;
    }
    printRoundHeader(io.out, round, basis->session);
    io.out << "Graded so far:" << (progress->empty() ? " nobody" : "");
    for (const auto& p : *progress)
        io.out << "  " << shownName(p.graderName) << " (" << p.criteriaGraded << " of " << basis->rubric->criteria.size() << ")";
    io.out << "\n";
    if (!options.by.empty()) {
        auto viewer = byPerson(store, options.by);
        if (!viewer) return storeError(io, "calibrate show", viewer.error());
        auto own = store.calibrationGradesBy(round.id, viewer->id);
        if (!own) return storeError(io, "calibrate show", own.error());
        io.out << "Your grades (" << options.by << "):" << (own->empty() ? " none yet" : "") << "\n";
        for (const auto& criterion : basis->rubric->criteria)
            for (const auto& g : *own)
                if (g.criterionId == criterion.id)
                    io.out << "  " << criterion.title << ": " << g.level << (g.note.empty() ? "" : " — " + g.note) << "\n";
        // A session may let a grader who has submitted see the round's other grades; the store decides.
        if (auto peers = store.calibrationPeerGrades(round.id, viewer->id); peers && round.calibrationSessionId) {
            io.out << "Everyone's grades so far (your session shows them once you have graded):\n";
            for (const auto& g : *peers) io.out << "  " << g.criterionId << ": " << shownName(g.graderName) << " " << g.level << "\n";
            return kExitOk;
        }
    }
    io.out << "Other graders' levels stay hidden until the " << (round.calibrationSessionId ? "session" : "round") << " is revealed.\n";
    return kExitOk;
}

int revealRound(store::TrainingStore& store, const store::CalibrationRound& round, const CalibrateOptions& options, Io io) {
    auto person = byPerson(store, options.by);
    if (!person) return storeError(io, "calibrate reveal", person.error());
    if (person->id != round.createdBy && person->role != store::Role::Lead)
        return storeError(io, "calibrate reveal", Error{"only " + round.createdByName + " (who opened the round) or a lead can reveal it"});
    auto progress = store.calibrationProgress(round.id);
    if (!progress) return storeError(io, "calibrate reveal", progress.error());
    if (progress->size() < 2)
        return storeError(io, "calibrate reveal", Error{"round #" + std::to_string(round.id) + " has " + std::to_string(progress->size()) +
                                                          " grader(s); calibration needs at least two"});
    if (auto s = store.revealCalibrationRound(round.id, wallClock()); !s) return storeError(io, "calibrate reveal", s.error());
    io.out << "Round #" << round.id << " revealed: simdesk calibrate show " << round.id << "\n";
    return kExitOk;
}

int showReviewers(const GlobalOptions& global, store::TrainingStore& store, const CalibrateOptions& options, Io io) {
    SchemaChecker schemas;
    auto reports = store::revealedCalibrationReports(loadLibrary(global, {}, schemas, ContentUse::ReadOnly), store, &schemas);
    if (!reports) return storeError(io, "calibrate reviewers", reports.error());
    const std::vector<ReviewerTrend> list = reviewerTrends(*reports);
    const int rounds = int(reports->size());
    // Each revealed round is one conversation: together they are the batch per-criterion
    // reliability is computed over.
    const auto reliability = criterionReliability(*reports);
    if (options.json) {
        json out = json::array();
        for (const auto& t : list)
            out.push_back({{"grader", t.grader}, {"rounds", t.rounds}, {"compared", t.compared}, {"exact_agreement", t.exactAgreement},
                           {"mean_lean", t.meanLean}, {"reading", leanName(t.lean)}, {"lenient_rounds", t.lenientRounds},
                           {"harsh_rounds", t.harshRounds}});
        io.out << json{{"revealed_rounds", rounds}, {"reviewers", out}, {"reliability", reliabilityJson(reliability)}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (list.empty()) {
        io.out << "No revealed calibration rounds yet.\n";
        return kExitOk;
    }
    io.out << "Reviewers across " << rounds << " revealed round" << (rounds == 1 ? "" : "s")
           << " (agreement: their level beside each other grader's on the same criterion):\n";
    for (const auto& t : list)
        io.out << "  " << shownName(t.grader) << ": " << t.rounds << " round" << (t.rounds == 1 ? "" : "s") << ", agrees "
               << formatPercent(100 * t.exactAgreement) << " of " << t.compared << " comparisons, lean "
               << signedPercent(t.meanLean) << " (" << leanName(t.lean) << "; lenient in " << t.lenientRounds
               << ", harsh in " << t.harshRounds << ")\n";
    printReliability(io.out, reliability, "across " + std::to_string(rounds) + " revealed round" + (rounds == 1 ? "" : "s") +
                                              ", one conversation each");
    return kExitOk;
}

} // namespace

int rubricHealth(const GlobalOptions& global, bool asJson, Io io) {
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, "rubric health", store.error());
    SchemaChecker schemas;
    auto reports = store::revealedCalibrationReports(loadLibrary(global, {}, schemas, ContentUse::ReadOnly), **store, &schemas);
    if (!reports) return storeError(io, "rubric health", reports.error());
    // Criteria are matched by id within one rubric: two rubrics may both have an "empathy".
    std::map<std::string, std::vector<CalibrationReport>> byRubric;
    for (auto& r : *reports) byRubric[r.rubricId].push_back(std::move(r));
    json out = json::array();
    int flagged = 0;
    for (const auto& [rubricId, batch] : byRubric) {
        auto reliability = criterionReliability(batch);
        // Flagged criteria first: they are what a rubric owner has to look at.
        std::stable_partition(reliability.begin(), reliability.end(), [](const CriterionReliability& r) { return r.automaticFlagged; });
        for (const auto& r : reliability) flagged += r.automaticFlagged;
        if (asJson) {
            out.push_back({{"rubric", rubricId}, {"revealed_rounds", batch.size()}, {"criteria", reliabilityJson(reliability)}});
            continue;
        }
        io.out << "Rubric " << rubricId << " (" << batch.size() << " revealed round" << (batch.size() == 1 ? "" : "s") << "):\n";
        for (const auto& r : reliability) io.out << "  " << automaticRaterLine(r) << "\n";
    }
    if (asJson) {
        io.out << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (byRubric.empty()) {
        io.out << "No revealed calibration rounds yet: the scorer is compared with people who graded blind.\n";
        return kExitOk;
    }
    io.out << (flagged == 0 ? std::string("No criterion's automatic rule disagrees with the calibrated graders.\n")
                            : std::to_string(flagged) + " criteri" + (flagged == 1 ? "on's" : "a's") +
                                  " automatic rule disagrees with the calibrated graders: check it in the rubric and its scenarios.\n");
    return kExitOk;
}

namespace {

int listRounds(store::TrainingStore& store, const CalibrateOptions& options, Io io) {
    auto rounds = store.calibrationRounds();
    if (!rounds) return storeError(io, "calibrate list", rounds.error());
    json list = json::array();
    for (const auto& r : *rounds) {
        auto progress = store.calibrationProgress(r.id);
        size_t graders = progress ? progress->size() : 0;
        if (options.json) {
            list.push_back({{"id", r.id}, {"title", r.title}, {"session", r.sessionId}, {"created_by", r.createdByName},
                            {"created_at", r.createdAt}, {"revealed", r.revealedAt.has_value()}, {"graders", graders}});
            continue;
        }
        io.out << "#" << r.id << "  " << isoTime(r.createdAt) << "  " << r.title << "  session #" << r.sessionId << "  "
               << graders << " grader(s)  " << (r.revealedAt ? "revealed" : "blind") << "\n";
    }
    if (options.json) io.out << list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else if (rounds->empty()) io.out << "No calibration rounds yet: simdesk calibrate new SESSION --by NAME\n";
    return kExitOk;
}

} // namespace

int calibrate(const GlobalOptions& global, const CalibrateOptions& options, Io io) {
    auto store = openExistingStore(global, io);  // every action needs a recorded session or round
    if (!store) return storeError(io, "calibrate", store.error());
    if (options.action == "list") return listRounds(**store, options, io);
    if (options.action == "reviewers") return showReviewers(global, **store, options, io);
    if (options.action == "session") return calibrateSession(global, **store, options, io);
    if (options.action == "new") return createRound(global, **store, options, io);
    auto round = (*store)->calibrationRound(options.id);
    if (!round) return storeError(io, "calibrate " + options.action, round.error());
    if (options.action == "grade") return gradeRound(global, **store, *round, options, io);
    if (options.action == "reveal") return revealRound(**store, *round, options, io);
    return showRound(global, **store, *round, options, io);
}

int coach(const GlobalOptions& global, const CoachOptions& options, Io io) {
    auto store = openExistingStore(global, io);  // every action needs a recorded person
    if (!store) return storeError(io, "coach", store.error());
    const std::string command = "coach " + options.action;
    if (options.action == "ack") {
        auto trainee = byPerson(**store, options.by);
        if (!trainee) return storeError(io, command, trainee.error());
        auto plans = (*store)->coachingPlans(trainee->id);
        if (!plans) return storeError(io, command, plans.error());
        bool theirs = false;
        for (const auto& p : *plans) theirs = theirs || p.id == options.plan;
        if (!theirs) return storeError(io, command, Error{"plan " + std::to_string(options.plan) + " is not " + options.by + "'s"});
        if (auto s = (*store)->acknowledgePlan(options.plan, wallClock()); !s) return storeError(io, command, s.error());
        io.out << options.by << " acknowledged coaching plan #" << options.plan << "\n";
        return kExitOk;
    }
    auto trainee = namedPerson(**store, options.trainee);
    if (!trainee) return storeError(io, command, trainee.error());
    if (options.action == "plan") {
        auto author = staffMember(**store, options.by, "coaching plans");
        if (!author) return storeError(io, command, author.error());
        std::optional<int64_t> session;
        if (options.session) {
            auto info = (*store)->session(options.session);
            if (!info) return storeError(io, command, info.error());
            if (info->personId != trainee->id)
                return storeError(io, command, Error{"session #" + std::to_string(options.session) + " is " + info->personName + "'s, not " + options.trainee + "'s"});
            session = options.session;
        }
        auto id = (*store)->addCoachingPlan({0, trainee->id, author->id, session, "", options.text, wallClock(), std::nullopt});
        if (!id) return storeError(io, command, id.error());
        io.out << "Coaching plan #" << *id << " for " << options.trainee << "; they acknowledge it with: simdesk coach ack " << *id
               << " --by \"" << options.trainee << "\"\n";
        return kExitOk;
    }
    auto plans = (*store)->coachingPlans(trainee->id);
    if (!plans) return storeError(io, command, plans.error());
    json list = json::array();
    for (const auto& p : *plans) {
        if (options.json) {
            json j = {{"id", p.id}, {"by", p.authorName}, {"plan", p.plan}, {"created_at", p.createdAt}};
            j["session"] = p.sessionId ? json(*p.sessionId) : json(nullptr);
            j["acknowledged_at"] = p.acknowledgedAt ? json(*p.acknowledgedAt) : json(nullptr);
            list.push_back(std::move(j));
            continue;
        }
        io.out << "#" << p.id << "  " << isoTime(p.createdAt) << "  from " << shownName(p.authorName);
        if (p.sessionId) io.out << " on session #" << *p.sessionId;
        io.out << "  " << (p.acknowledgedAt ? "acknowledged " + isoTime(*p.acknowledgedAt) : std::string("not acknowledged yet"))
               << "\n    " << p.plan << "\n";
    }
    if (options.json) io.out << list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else if (plans->empty()) io.out << "No coaching plans for " << options.trainee << " yet.\n";
    return kExitOk;
}

} // namespace simdesk::cli
