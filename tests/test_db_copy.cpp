// `simdesk db copy`: every record through TrainingStore from one store into another, SQLite →
// PostgreSQL → a fresh SQLite file keeping everything, a second run copying nothing, a conflicting
// record refused with the target untouched. The server is the throwaway one CTest starts.
#include "store_backends.hpp"
#include "test_support.hpp"

#include "store/db_copy.hpp"

#include <doctest/doctest.h>

using namespace simdesk;
using namespace simdesk::store;

namespace {
constexpr int64_t kT0 = 1767603600;

TranscriptEntry turn(EntryKind kind, const std::string& text, int64_t at) {
    TranscriptEntry e;
    e.kind = kind;
    e.nodeId = "start";
    e.text = text;
    e.at = at;
    e.seconds = kind == EntryKind::TraineeReply ? 12.5 : 0;
    if (kind == EntryKind::TraineeReply) e.redacted = {"card_number"};
    return e;
}

/// A card with one of everything scoreCardToJson writes, so a copy that dropped a field shows.
ScoreCard card() {
    ScoreCard c;
    c.scenarioId = "mini", c.scenarioVersion = "1", c.rubricId = "test-rubric", c.rubricVersion = "2";
    Evidence e;
    e.source = Evidence::Source::Rule, e.turn = 1, e.nodeId = "start", e.sourceId = "greet", e.level = 1, e.maxLevel = 2;
    e.spans = {{0, 5}};
    CriterionResult r;
    r.id = "empathy", r.title = "Empathy", r.sectionTitle = "Tone", r.weight = 2, r.levels = 3, r.applicable = true;
    r.fraction = 0.5, r.level = 1, r.evidence = {e};
    c.criteria = {r};
    c.computedPercent = 50, c.finalPercent = 0, c.threshold = 80, c.finished = true;
    c.criticalRule = CriticalRule::FailKeepScore;
    c.criticalErrors = {{1, "start", "greet", "empathy", "promised a refund", ""}};
    c.responseTimes = {{1, 12.5, 60, true}};
    TypedTurnCheck t;
    t.turn = 1, t.nodeId = "start", t.passed = false, t.confidence = 0.5, t.doubts = {"negation"}, t.needsReview = true;
    t.missedPoints = {"an apology"};
    c.typedTurns = {t};
    c.endingId = "end", c.outcome = "refunded", c.resolution = Resolution::Escalated;
    c.notes = {"scenario changed"};
    return c;
}

NewSession newSession(int64_t personId, int64_t at) {
    return NewSession{personId, "exam", at, {"scenario", "mini", "1", "h-mini", "{\"id\":\"mini\"}"},
                      {"rubric", "test-rubric", "2", "h-rubric", "{}"}};
}

constexpr int64_t kDay = 86400;

/// Three people, three sessions (one still active, with a reply draft) and one of every other kind
/// of record (two rounds of their own, two calibration sessions, two disputes).
void fill(TrainingStore& s) {
    auto ana = s.addPerson("Ana", Role::Trainee, "2026-11-02", {"new-hire"}).value();
    auto eva = s.addPerson("Eva", Role::Lead, "2024-01-01", {}).value();
    auto rui = s.addPerson("Rui", Role::Reviewer, "2025-03-01", {}).value();
    int64_t played = s.startSession(newSession(ana.id, kT0)).value();
    REQUIRE(s.appendTurn(played, turn(EntryKind::Customer, "Where is my parcel?", kT0), kT0));
    REQUIRE(s.appendTurn(played, turn(EntryKind::TraineeReply, "Sorry, card [card number] noted", kT0 + 20), kT0 + 20));
    REQUIRE(s.finishSession(played, "end", kT0 + 60));
    int64_t dropped = s.startSession(newSession(ana.id, kT0 + 100)).value();
    REQUIRE(s.abandonSession(dropped, kT0 + 130));
    REQUIRE(s.addScoringRun(played, card(), "h-rubric", "played", kT0 + 61));
    REQUIRE(s.addReview({0, played, "empathy", 2, "apologised first", rui.id, "", kT0 + 200}));
    REQUIRE(s.addTurnReview({0, played, 1, "overturned", "the apology was there", rui.id, "", kT0 + 210}));
    REQUIRE(s.addCoachingNote({0, played, eva.id, "", "Lead with the apology", kT0 + 220}));
    int64_t plan = s.addCoachingPlan({0, ana.id, eva.id, played, "", "Two refund drills", kT0 + 230, std::nullopt}).value();
    REQUIRE(s.acknowledgePlan(plan, kT0 + 240));
    REQUIRE(s.addCertificationAttempt({0, ana.id, played, "new-hire", "basic", true, kT0 + 250}));
    REQUIRE(s.awardCertification({0, ana.id, "new-hire", kT0 + 250, kT0 + 250 + 86400 * 365}));
    int64_t revealed = s.createCalibrationRound({0, played, eva.id, "Round one", kT0 + 300, std::nullopt, ""}).value();
    REQUIRE(s.addCalibrationGrade({revealed, eva.id, "", "empathy", "warm", 2, kT0 + 310}));
    REQUIRE(s.addCalibrationGrade({revealed, rui.id, "", "empathy", "", 1, kT0 + 320}));
    REQUIRE(s.revealCalibrationRound(revealed, kT0 + 330));
    int64_t blind = s.createCalibrationRound({0, played, eva.id, "Round two", kT0 + 400, std::nullopt, ""}).value();
    REQUIRE(s.addCalibrationGrade({blind, rui.id, "", "empathy", "still blind", 0, kT0 + 410}));
    int64_t settled = s.openDispute({0, played, ana.id, "", "empathy", "I apologised", kT0 + 500, std::nullopt}).value();
    REQUIRE(s.resolveDispute(settled, {eva.id, "", "overturned", 2, "she did", kT0 + 510}));
    REQUIRE(s.openDispute({0, played, ana.id, "", "accuracy", "the address was right", kT0 + 520, std::nullopt}));
    // A calibration session revealed with its benchmark, and one still blind with its deadline extended.
    CalibrationSession done{0, eva.id, "December batch", "picked", kT0 + 700, kT0 + 7 * kDay, true, std::nullopt,
                            std::nullopt, {eva.id, rui.id}, "", "", {}, {}};
    int64_t doneId = s.createCalibrationSession(done, {played}).value();
    REQUIRE(s.setCalibrationBenchmark(doneId, eva.id));
    int64_t doneRound = s.calibrationSession(doneId).value().roundIds.at(0);
    REQUIRE(s.addCalibrationGrade({doneRound, eva.id, "", "empathy", "benchmark", 2, kT0 + 710}));
    REQUIRE(s.addCalibrationGrade({doneRound, rui.id, "", "empathy", "", 1, kT0 + 720}));
    REQUIRE(s.revealCalibrationSession(doneId, kT0 + 730));
    CalibrationSession open{0, eva.id, "January batch", "random 2 of 2, seed 7", kT0 + 800, kT0 + 2 * kDay, false,
                            std::nullopt, std::nullopt, {rui.id, eva.id}, "", "", {}, {}};
    int64_t openId = s.createCalibrationSession(open, {dropped, played}).value();
    REQUIRE(s.extendCalibrationSession(openId, kT0 + 9 * kDay));
    int64_t openRound = s.calibrationSession(openId).value().roundIds.at(0);
    REQUIRE(s.addCalibrationGrade({openRound, rui.id, "", "empathy", "graded late", 1, kT0 + 3 * kDay}));
    // An interrupted conversation with the reply Ana was typing.
    int64_t waiting = s.startSession(newSession(ana.id, kT0 + 900)).value();
    REQUIRE(s.appendTurn(waiting, turn(EntryKind::Customer, "Still charged twice", kT0 + 900), kT0 + 900));
    REQUIRE(s.saveDraft({waiting, 1, "start", "Sorry about that, I am looking", kT0 + 930}));
    REQUIRE(s.setPersonArchived(rui.id, true, kT0 + 600));
    REQUIRE(s.setPersonTeam(ana.id, "Night shift"));
}

/// table → copied, checking every table's count and hash agree.
std::map<std::string, size_t> copiedPerTable(TrainingStore& from, TrainingStore& to) {
    auto report = copyRecords(from, to, kT0 + 1000);
    REQUIRE_MESSAGE(report, report.error().message);
    CHECK(report->conflicts.empty());
    CHECK(report->checked());
    std::map<std::string, size_t> out;
    for (const auto& t : report->tables) out[t.name] = t.copied;
    return out;
}

// Rounds: two of their own, one of the December batch, two of the January batch. Grades: three in
// the rounds of their own, two in December's, one in January's.
const std::map<std::string, size_t> kEverything = {
    {"people", 3},         {"sessions", 3},           {"scoring_runs", 1},         {"reviews", 1},
    {"turn_reviews", 1},   {"coaching_notes", 1},     {"coaching_plans", 1},       {"certification_attempts", 1},
    {"certifications", 1}, {"calibration_rounds", 5}, {"calibration_sessions", 2}, {"calibration_grades", 6},
    {"disputes", 2},       {"turn_drafts", 1}};
const std::map<std::string, size_t> kNothing = {
    {"people", 0},         {"sessions", 0},           {"scoring_runs", 0},         {"reviews", 0},
    {"turn_reviews", 0},   {"coaching_notes", 0},     {"coaching_plans", 0},       {"certification_attempts", 0},
    {"certifications", 0}, {"calibration_rounds", 0}, {"calibration_sessions", 0}, {"calibration_grades", 0},
    {"disputes", 0},       {"turn_drafts", 0}};

/// The records a copy must keep, read back by hand from the store that received them.
void checkKept(TrainingStore& s) {
    auto people = s.people().value();
    REQUIRE(people.size() == 3);
    auto ana = s.findPerson("Ana").value().value();
    CHECK(ana.tracks == std::vector<std::string>{"new-hire"});
    CHECK(s.findPerson("Rui").value()->archived);
    CHECK_FALSE(ana.archived);
    CHECK(ana.team == "Night shift");
    CHECK(s.findPerson("Rui").value()->team.empty());
    auto sessions = s.sessions(std::string("Ana")).value();
    REQUIRE(sessions.size() == 3);
    std::sort(sessions.begin(), sessions.end(), [](auto& a, auto& b) { return a.startedAt < b.startedAt; });
    CHECK(sessions[0].status == SessionStatus::Finished);
    CHECK(sessions[0].endedAt == kT0 + 60);
    CHECK(sessions[0].endingId == "end");
    CHECK(sessions[0].mode == "exam");
    CHECK(sessions[1].status == SessionStatus::Abandoned);
    CHECK(sessions[2].status == SessionStatus::Active);
    auto draft = s.draft(sessions[2].id).value();
    REQUIRE(draft);
    CHECK(draft->text == "Sorry about that, I am looking");
    CHECK(draft->turn == 1);
    CHECK(draft->nodeId == "start");
    CHECK(draft->savedAt == kT0 + 930);
    CHECK_FALSE(s.draft(sessions[0].id).value());
    int64_t played = sessions[0].id;
    auto entries = s.transcript(played).value().entries;
    REQUIRE(entries.size() == 2);
    CHECK(entries[1].text == "Sorry, card [card number] noted");
    CHECK(entries[1].redacted == std::vector<std::string>{"card_number"});
    CHECK(s.snapshot("h-mini").value().text == "{\"id\":\"mini\"}");
    auto runs = s.scoringRuns(played).value();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].card == scoreCardToJson(card(), false));
    CHECK(runs[0].criticalCount == 2);  // one critical error and one failed typed turn
    CHECK(s.reviews(played).value().at(0).authorName == "Rui");
    CHECK(s.turnReviews(played).value().at(0).decision == "overturned");
    CHECK(s.coachingNotes(played).value().at(0).text == "Lead with the apology");
    auto plans = s.coachingPlans(ana.id).value();
    REQUIRE(plans.size() == 1);
    CHECK(plans[0].acknowledgedAt == kT0 + 240);
    CHECK(plans[0].sessionId == played);
    CHECK(s.certifications(ana.id).value().at(0).expiresAt == kT0 + 250 + 86400 * 365);
    auto rounds = s.calibrationRounds().value();
    REQUIRE(rounds.size() == 5);
    // Oldest first, as in the source: the rounds of their own, then December's, then January's two.
    CHECK(rounds[0].title == "Round one");
    CHECK(rounds[0].revealedAt == kT0 + 330);
    CHECK_FALSE(rounds[0].calibrationSessionId);
    CHECK_FALSE(rounds[1].revealedAt);
    CHECK(s.calibrationGrades(rounds[0].id).value().size() == 2);
    int64_t rui = s.findPerson("Rui").value()->id, eva = s.findPerson("Eva").value()->id;
    CHECK(s.calibrationGradesBy(rounds[1].id, rui).value().at(0).note == "still blind");
    auto batches = s.calibrationSessions().value();
    REQUIRE(batches.size() == 2);
    const CalibrationSession& december = batches[0];
    CHECK(december.name == "December batch");
    CHECK(december.createdByName == "Eva");
    CHECK(december.sampling == "picked");
    CHECK(december.createdAt == kT0 + 700);
    CHECK(december.deadline == kT0 + 7 * kDay);
    CHECK(december.peersAfterSubmit);
    CHECK(december.revealedAt == kT0 + 730);
    CHECK(december.benchmarkName == "Eva");
    CHECK(december.graderNames == std::vector<std::string>{"Eva", "Rui"});
    CHECK(december.roundIds == std::vector<int64_t>{rounds[2].id});
    CHECK(rounds[2].sessionId == played);
    CHECK(rounds[2].revealedAt == kT0 + 730);
    CHECK(rounds[2].calibrationSessionId == december.id);
    auto decemberGrades = s.calibrationGrades(rounds[2].id).value();
    REQUIRE(decemberGrades.size() == 2);
    CHECK(decemberGrades[0].note + decemberGrades[1].note == "benchmark");
    const CalibrationSession& january = batches[1];
    CHECK(january.name == "January batch");
    CHECK(january.sampling == "random 2 of 2, seed 7");
    CHECK(january.deadline == kT0 + 9 * kDay);  // as extended
    CHECK_FALSE(january.peersAfterSubmit);
    CHECK_FALSE(january.revealedAt);
    CHECK_FALSE(january.benchmarkId);
    CHECK(january.graderNames == std::vector<std::string>{"Eva", "Rui"});
    // The batch in the order it was opened: the abandoned conversation first.
    CHECK(january.roundIds == std::vector<int64_t>{rounds[3].id, rounds[4].id});
    CHECK(rounds[3].sessionId == sessions[1].id);
    CHECK(rounds[4].sessionId == played);
    CHECK_FALSE(rounds[3].revealedAt);
    CHECK(s.calibrationGradesBy(rounds[3].id, rui).value().at(0).note == "graded late");
    CHECK(s.calibrationGradesBy(rounds[3].id, eva).value().empty());
    auto disputes = s.disputes(std::nullopt).value();
    REQUIRE(disputes.size() == 2);
    CHECK(disputes[0].resolution->level == 2);
    CHECK(disputes[0].resolution->resolverName == "Eva");
    CHECK_FALSE(disputes[1].resolution);
}
} // namespace

TEST_CASE("db copy takes every record from SQLite to PostgreSQL and into a fresh SQLite file, and a second run copies nothing") {
    test::SqliteBackend desk, back;
    test::PgBackend server;
    auto source = desk.open();
    fill(*source);
    auto pg = server.open();
    CHECK(copiedPerTable(*source, *pg) == kEverything);
    checkKept(*pg);
    CHECK(copiedPerTable(*source, *pg) == kNothing);
    auto returned = back.open();
    CHECK(copiedPerTable(*pg, *returned) == kEverything);
    checkKept(*returned);
    // What came back is the desktop's own: copying it onto the desktop finds everything present.
    CHECK(copiedPerTable(*returned, *source) == kNothing);
}

TEST_CASE("db copy between two SQLite files needs no server, and adds only what the target lacks") {
    test::SqliteBackend a, b;
    auto from = a.open();
    fill(*from);
    auto to = b.open();
    REQUIRE(to->addPerson("Eva", Role::Lead, "2024-01-01", {}));
    auto copied = copiedPerTable(*from, *to);
    CHECK(copied["people"] == 2);  // Ana and Rui; Eva was there, the same
    CHECK(copied["sessions"] == 3);
    checkKept(*to);
}

TEST_CASE_TEMPLATE("db copy refuses a target holding a conflicting record and writes nothing", B, test::SqliteBackend, test::PgBackend) {
    test::SqliteBackend desk;
    B target;
    auto source = desk.open();
    fill(*source);
    auto to = target.open();
    REQUIRE(to->addPerson("Ana", Role::Reviewer, "2026-11-02", {"new-hire"}));  // a reviewer there
    auto report = copyRecords(*source, *to, kT0);
    REQUIRE(report);
    REQUIRE(report->conflicts.size() == 1);
    CHECK(report->conflicts[0].table == "people");
    CHECK(report->conflicts[0].key == "Ana");
    CHECK(target.query("SELECT count(*) FROM people") == "1");
    CHECK(target.query("SELECT count(*) FROM sessions") == "0");
}

TEST_CASE_TEMPLATE("db copy refuses a calibration session or a reply draft the target holds otherwise, and writes nothing", B,
                   test::SqliteBackend, test::PgBackend) {
    test::SqliteBackend desk;
    B target;
    auto source = desk.open();
    fill(*source);
    auto to = target.open();
    REQUIRE(copyRecords(*source, *to, kT0 + 1000));
    // Since that copy, on the desk: January's deadline moved again, and Ana typed on.
    auto january = source->calibrationSessions().value().at(1);
    REQUIRE(source->extendCalibrationSession(january.id, kT0 + 12 * kDay));
    auto waiting = source->sessions(std::string("Ana")).value();
    auto active = std::find_if(waiting.begin(), waiting.end(), [](auto& s) { return s.status == SessionStatus::Active; });
    REQUIRE(active != waiting.end());
    REQUIRE(source->saveDraft({active->id, 1, "start", "Sorry about that, I am looking into it now", kT0 + 990}));
    // And a third person there only, so a write would show.
    REQUIRE(source->addPerson("Mia", Role::Trainee, "2026-12-01", {}));
    auto report = copyRecords(*source, *to, kT0 + 2000);
    REQUIRE(report);
    REQUIRE(report->conflicts.size() == 2);
    CHECK(report->conflicts[0].table == "calibration_sessions");
    CHECK(report->conflicts[0].key == "January batch | Eva | " + std::to_string(kT0 + 800));
    CHECK(report->conflicts[1].table == "turn_drafts");
    CHECK(report->conflicts[1].key == "Ana | mini | " + std::to_string(kT0 + 900));
    CHECK(target.query("SELECT deadline FROM calibration_sessions WHERE name = 'January batch'") == std::to_string(kT0 + 9 * kDay));
    CHECK(target.query("SELECT text FROM turn_drafts") == "Sorry about that, I am looking");
    CHECK(target.query("SELECT count(*) FROM people") == "3");
}

TEST_CASE("simdesk db copy shows its progress on a terminal or with --progress, and nothing in a script") {
    test::SqliteBackend a, b, c;
    fill(*a.open());
    auto quiet = test::runCli({"db", "copy", a.target(), b.target()});
    REQUIRE(quiet.exitCode == 0);
    CHECK(quiet.err.empty());  // captured stderr is never a terminal
    auto shown = test::runCli({"db", "copy", "--progress", a.target(), c.target()});
    REQUIRE(shown.exitCode == 0);
    CHECK(shown.out.find("copied 29 record(s)") == 0);
    // The last line: all 29 records written, the rate and how long it took, and the line ended.
    auto last = shown.err.find("\rsimdesk db copy: 29 of 29 records, ");
    REQUIRE(last != std::string::npos);
    CHECK(shown.err.find("/s, done in ", last) != std::string::npos);
    CHECK(shown.err.back() == '\n');
}

TEST_CASE("simdesk db copy prints what it copied, says nothing to copy the second time, and fails on a missing source") {
    test::SqliteBackend a, b;
    fill(*a.open());
    auto first = test::runCli({"db", "copy", a.target(), b.target()});
    CHECK(first.exitCode == 0);
    CHECK(first.out.find("copied 29 record(s)") == 0);
    auto second = test::runCli({"db", "copy", a.target(), b.target()});
    CHECK(second.exitCode == 0);
    CHECK(second.out.find("nothing to copy: 3 people, 3 sessions, 1 scoring_runs") == 0);
    auto json = test::runCli({"db", "copy", "--json", a.target(), b.target()});
    CHECK(nlohmann::json::parse(json.out)["checked"] == true);
    CHECK(nlohmann::json::parse(json.out)["copied"] == 0);
    std::string missing = (a.dir.path / "none.db").string();
    auto refused = test::runCli({"db", "copy", missing, b.target()});
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.find("no database at") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(missing));
}

TEST_CASE("simdesk db copy refuses a target with a newer schema and changes neither database") {
    test::SqliteBackend a, b;
    fill(*a.open());
    { REQUIRE(b.open()->addPerson("Eva", Role::Lead, "2024-01-01", {})); }
    CHECK(b.query("UPDATE schema_version SET version = 99") == "");
    auto refused = test::runCli({"db", "copy", a.target(), b.target()});
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.find("simdesk db copy: ") == 0);
    CHECK(refused.out.empty());
    CHECK(b.query("SELECT count(*) FROM people") == "1");
    CHECK(b.query("SELECT version FROM schema_version") == "99");
    CHECK(a.query("SELECT count(*) FROM people") == "3");
}

TEST_CASE("db copy keeps a reply holding invalid UTF-8 and checks it without throwing") {
    test::SqliteBackend a, b;
    auto from = a.open();
    auto ana = from->addPerson("Ana", Role::Trainee, "2026-11-02", {}).value();
    int64_t id = from->startSession(newSession(ana.id, kT0)).value();
    REQUIRE(from->appendTurn(id, turn(EntryKind::TraineeReply, "caf\xe9 closed", kT0), kT0));
    auto to = b.open();
    CHECK(copiedPerTable(*from, *to)["sessions"] == 1);
    CHECK(to->transcript(to->sessions(std::nullopt).value().at(0).id).value().entries.at(0).text == "caf\xe9 closed");
    CHECK(copiedPerTable(*from, *to)["sessions"] == 0);
}

TEST_CASE("simdesk db copy lists the conflicts it refused on and exits 1") {
    test::SqliteBackend a, b;
    fill(*a.open());
    { REQUIRE(b.open()->addPerson("Rui", Role::Lead, "2025-03-01", {})); }
    auto refused = test::runCli({"db", "copy", a.target(), b.target()});
    CHECK(refused.exitCode == 1);
    CHECK(refused.out ==
          "refused: the target holds 1 record(s) with the same key but different content; nothing was written:\n"
          "  people: Rui\n");
    CHECK(b.query("SELECT count(*) FROM people") == "1");
}
