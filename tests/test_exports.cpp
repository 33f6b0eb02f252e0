// `simdesk export` and `simdesk report`: CSV read back with a strict RFC 4180 reader, JSON nested per
// session, xAPI statements validated against a published xAPI statement schema (tests/fixtures/xapi),
// clear errors that leave no partial file, and the coaching PDF read back with pdftotext.
#include "test_support.hpp"

#include "core/exports.hpp"
#include "store/sqlite_store.hpp"

#include <doctest/doctest.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <cstdio>
#include <fstream>
#include <sqlite3.h>

using namespace simdesk;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int64_t kT0 = 1793610000;  // 2026-11-02 09:00 UTC
const std::string kOddTrainee = "Lee, Sam \"Sunny\"";
const std::string kOddScenario = "odd,\"id\"\nsecond line";

/// A strict RFC 4180 reader: every record ends in CRLF; a quoted field may hold commas, CR, LF
/// and doubled quotes; anything else (a bare quote, a lone CR or LF, text after a closing quote,
/// an unterminated quote) is an error, as is a record with a different number of fields.
struct CsvRead {
    std::vector<std::vector<std::string>> rows;
    std::string error;
};

CsvRead readCsvStrict(const std::string& text) {
    CsvRead r;
    std::vector<std::string> row;
    std::string field;
    size_t i = 0;
    auto fail = [&](const std::string& why) {
        r.error = why + " at byte " + std::to_string(i);
        return r;
    };
    while (i < text.size()) {
        if (text[i] == '"') {
            ++i;
            while (true) {
                if (i >= text.size()) return fail("unterminated quoted field");
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
            if (i < text.size() && text[i] != ',' && text[i] != '\r') return fail("text after a closing quote");
        } else {
            while (i < text.size() && text[i] != ',' && text[i] != '\r') {
                if (text[i] == '"' || text[i] == '\n') return fail("quote or LF in an unquoted field");
                field += text[i++];
            }
        }
        if (i >= text.size()) return fail("last record without CRLF");
        row.push_back(std::move(field));
        field.clear();
        if (text[i] == ',') {
            ++i;
            continue;
        }
        if (i + 1 >= text.size() || text[i + 1] != '\n') return fail("CR without LF");
        i += 2;
        if (!r.rows.empty() && row.size() != r.rows.front().size()) return fail("a record with another number of fields");
        r.rows.push_back(std::move(row));
        row.clear();
    }
    return r;
}

/// Two sessions written through the store interface at known times: Lee's finished exam with a
/// score and a reviewer's re-rating, and Ana's practice play still going, never scored.
struct RecordsWorkspace : test::ContentWorkspace {
    RecordsWorkspace() : ContentWorkspace("simdesk-exports") {
        auto store = store::SqliteStore::open(db, {kT0});
        REQUIRE(store);
        auto& s = **store;
        auto lee = s.addPerson(kOddTrainee, store::Role::Trainee, "2026-11-01", {});
        auto ana = s.addPerson("Ana", store::Role::Trainee, "2026-11-01", {});
        auto rui = s.addPerson("Rui", store::Role::Reviewer, "2026-01-01", {});
        REQUIRE(lee);
        REQUIRE(ana);
        REQUIRE(rui);
        auto first = s.startSession({lee->id, "exam", kT0, {"scenario", kOddScenario, "1", "h1", "{}"},
                                     {"rubric", "test-rubric", "1.0.0", "r1", "{}"}});
        REQUIRE(first);
        REQUIRE(s.finishSession(*first, "refunded", kT0 + 150));
        ScoreCard card;
        card.scenarioId = kOddScenario;
        card.rubricId = "test-rubric";
        card.rubricVersion = "1.0.0";
        card.finished = true;
        card.threshold = 80;
        auto criterion = [](const char* id, const char* title, double weight, int levels, bool applicable, int level) {
            CriterionResult c;
            c.id = id;
            c.title = title;
            c.weight = weight;
            c.levels = levels;
            c.applicable = applicable;
            c.level = level;
            c.fraction = applicable ? static_cast<double>(level) / (levels - 1) : 0;
            return c;
        };
        card.criteria = {criterion("empathy", "Empathy", 2, 5, true, 3), criterion("policy", "Policy", 1, 2, true, 1),
                         criterion("response_time", "Response time", 1, 2, false, 0)};
        // (2 × 3/4 + 1 × 1) / 3 = 83.3 %: passed.
        card.computedPercent = card.finalPercent = 250.0 / 3;
        card.passed = true;
        REQUIRE(s.addScoringRun(*first, card, "r1", "played", kT0 + 150));
        REQUIRE(s.addReview({0, *first, "empathy", 4, "Owned the double charge", rui->id, "", kT0 + 3600}));
        auto second = s.startSession({ana->id, "practice", kT0 + 86400, {"scenario", "mini", "1.0.0", "h2", "{}"},
                                      {"rubric", "test-rubric", "1.0.0", "r1", "{}"}});
        REQUIRE(second);
    }
};

std::string readText(const fs::path& path) { return test::readBytes(path); }

} // namespace

TEST_CASE("export csv reads back with a strict RFC 4180 reader, with hand-computed values") {
    RecordsWorkspace w;
    fs::path out = w.root / "out.csv";
    auto result = w.run({"export", "--format", "csv", "--out", out.string()});
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CsvRead csv = readCsvStrict(readText(out));
    INFO(csv.error);
    REQUIRE(csv.error.empty());
    REQUIRE(csv.rows.size() == 5);  // header, Lee's three criteria, Ana's unscored play
    CHECK(csv.rows[0] == std::vector<std::string>{"session", "trainee", "scenario", "mode", "started", "finished", "rubric",
                                                  "criterion", "automatic_level", "official_level", "max_level", "weight",
                                                  "passed", "critical", "team"});
    CHECK(csv.rows[1] == std::vector<std::string>{"1", kOddTrainee, kOddScenario, "exam", "2026-11-02T09:00:00Z",
                                                  "2026-11-02T09:02:30Z", "test-rubric", "empathy", "3", "4", "4", "2",
                                                  "true", "false", ""});
    // Policy is critical in the test rubric.
    CHECK(csv.rows[2] == std::vector<std::string>{"1", kOddTrainee, kOddScenario, "exam", "2026-11-02T09:00:00Z",
                                                  "2026-11-02T09:02:30Z", "test-rubric", "policy", "1", "1", "1", "1",
                                                  "true", "true", ""});
    CHECK(csv.rows[3][7] == "response_time");
    CHECK(csv.rows[3][8].empty());  // N/A: no level
    CHECK(csv.rows[3][9].empty());
    CHECK(csv.rows[4] == std::vector<std::string>{"2", "Ana", "mini", "practice", "2026-11-03T09:00:00Z", "", "test-rubric",
                                                  "", "", "", "", "", "", "", ""});
    // The file is the same as what standard output gets, byte for byte.
    CHECK(w.run({"export", "--format", "csv"}).out == readText(out));
}

TEST_CASE("export json nests the same records per session, filtered by trainee and date") {
    RecordsWorkspace w;
    auto result = w.run({"export", "--format", "json", "--trainee", kOddTrainee});
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    json j = json::parse(result.out);
    CHECK(j["format"] == "simdesk-export");
    REQUIRE(j["sessions"].size() == 1);
    const json& s = j["sessions"][0];
    CHECK(s["session"] == 1);
    CHECK(s["trainee"] == kOddTrainee);
    CHECK(s["scenario"] == kOddScenario);
    CHECK(s["finished"] == "2026-11-02T09:02:30Z");
    CHECK(s["percent"].get<double>() == doctest::Approx(83.333333));
    CHECK(s["passed"] == true);
    REQUIRE(s["criteria"].size() == 3);
    CHECK(s["criteria"][0]["automatic_level"] == 3);
    CHECK(s["criteria"][0]["official_level"] == 4);
    CHECK(s["criteria"][2]["applicable"] == false);
    auto later = json::parse(w.run({"export", "--format", "json", "--since", "2026-11-03"}).out);
    REQUIRE(later["sessions"].size() == 1);
    CHECK(later["sessions"][0]["trainee"] == "Ana");
    CHECK(later["sessions"][0]["finished"].is_null());
}

TEST_CASE("export xapi statements validate against the xAPI statement schema") {
    RecordsWorkspace w;
    {
        auto store = store::SqliteStore::open(w.db, {kT0});
        REQUIRE(store);
        auto lee = (*store)->findPerson(kOddTrainee);
        REQUIRE(lee);
        REQUIRE(*lee);
        REQUIRE((*store)->awardCertification({0, (*lee)->id, "new-hire", kT0 + 7200, kT0 + 7200 + 365 * 86400}));
    }
    auto result = w.run({"export", "--format", "xapi", "--home-page", "https://lms.example.com/"});
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    json statements = json::parse(result.out);
    REQUIRE(statements.size() == 3);  // two attempts, one certification

    std::ifstream schemaFile(test::fixture("xapi/statement.schema.json"));
    json schemaDoc = json::parse(schemaFile);
    valijson::Schema schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    valijson::adapters::NlohmannJsonAdapter schemaAdapter(schemaDoc);
    parser.populateSchema(schemaAdapter, schema);
    valijson::Validator validator;
    for (const auto& statement : statements) {
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter target(statement);
        bool valid = validator.validate(schema, target, &results);
        std::string why;
        valijson::ValidationResults::Error error;
        while (results.popError(error)) {
            for (const auto& part : error.context) why += part;
            why += ": " + error.description + "\n";
        }
        INFO(statement.dump(2));
        INFO(why);
        CHECK(valid);
        // Actors by account, never by e-mail.
        CHECK(statement["actor"]["account"]["homePage"] == "https://lms.example.com/");
        CHECK_FALSE(statement["actor"].contains("mbox"));
    }
    // The schema is strict enough to catch a broken statement.
    json broken = statements[0];
    broken["result"]["score"]["scaled"] = 1.5;
    valijson::adapters::NlohmannJsonAdapter brokenTarget(broken);
    CHECK_FALSE(validator.validate(schema, brokenTarget, nullptr));

    const json& lee = statements[0];
    CHECK(lee["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed");
    CHECK(lee["actor"]["account"]["name"] == kOddTrainee);
    CHECK(lee["result"]["score"]["scaled"].get<double>() == doctest::Approx(250.0 / 300));
    CHECK(lee["result"]["success"] == true);
    CHECK(lee["result"]["duration"] == "PT2M30S");
    CHECK(lee["object"]["id"] == "https://lms.example.com/xapi/scenarios/odd%2C%22id%22%0Asecond%20line");
    const json& criteria = lee["context"]["extensions"]["https://lms.example.com/xapi/extensions/criteria"];
    REQUIRE(criteria.size() == 3);
    CHECK(criteria[0]["official_level"] == 4);
    CHECK(statements[1]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attempted");
    CHECK_FALSE(statements[1]["result"].contains("success"));
    CHECK(statements[2]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed");
    CHECK(statements[2]["timestamp"] == "2026-11-02T11:00:00Z");
    // The same records give the same statement ids, so an LRS that gets them twice keeps one.
    CHECK(json::parse(w.run({"export", "--format", "xapi", "--home-page", "https://lms.example.com/"}).out)[0]["id"] == lee["id"]);
}

TEST_CASE("export and report --team keep only that team's trainees, and exports carry the team") {
    RecordsWorkspace w;
    // Teams set through the CLI, as a lead would; a team with an odd name survives CSV quoting.
    const std::string oddTeam = "Night, \"late\" shift";
    auto set = w.run({"people", "set-team", kOddTrainee, oddTeam});
    INFO(set.err);
    REQUIRE(set.exitCode == 0);
    REQUIRE(w.run({"people", "set-team", "Ana", " Day "}).exitCode == 0);  // stored trimmed
    auto people = json::parse(w.run({"people", "list", "--json"}).out);
    REQUIRE(people.size() == 3);
    CHECK(people[0]["name"] == "Ana");
    CHECK(people[0]["team"] == "Day");
    CHECK(people[1]["team"] == oddTeam);
    CHECK(people[2]["team"] == "");  // Rui, in no team
    CHECK(w.run({"people", "list"}).out.find("team: Day") != std::string::npos);

    // CSV: only Ana's one (unscored) play, the team in the last column.
    CsvRead day = readCsvStrict(w.run({"export", "--format", "csv", "--team", "Day"}).out);
    INFO(day.error);
    REQUIRE(day.error.empty());
    REQUIRE(day.rows.size() == 2);
    CHECK(day.rows[1][1] == "Ana");
    CHECK(day.rows[1].back() == "Day");
    CsvRead night = readCsvStrict(w.run({"export", "--format", "csv", "--team", oddTeam}).out);
    REQUIRE(night.error.empty());
    REQUIRE(night.rows.size() == 4);  // Lee's three criteria
    for (size_t i = 1; i < night.rows.size(); ++i) {
        CHECK(night.rows[i][1] == kOddTrainee);
        CHECK(night.rows[i].back() == oddTeam);
    }
    // JSON and xAPI carry it too; the xAPI statement as a context extension.
    json sessions = json::parse(w.run({"export", "--format", "json", "--team", "Day"}).out)["sessions"];
    REQUIRE(sessions.size() == 1);
    CHECK(sessions[0]["team"] == "Day");
    json statements = json::parse(w.run({"export", "--format", "xapi", "--team", oddTeam}).out);
    REQUIRE(statements.size() == 1);
    CHECK(statements[0]["context"]["extensions"]["https://simdesk.invalid/xapi/extensions/team"] == oddTeam);

    // Reports: Lee's exam is the one finished play, in the night team; the day team has none.
    json nightTrends = json::parse(w.run({"report", "trends", "--json", "--team", oddTeam}).out);
    REQUIRE(nightTrends["trainees"].size() == 1);
    CHECK(nightTrends["trainees"][0]["who"] == kOddTrainee);
    json dayCriteria = json::parse(w.run({"report", "criteria", "--json", "--team", "Day"}).out);
    CHECK(dayCriteria["criteria"].empty());  // Ana's play was never scored

    // A team nobody is in is one line naming the teams there are, not an empty report.
    auto unknown = w.run({"export", "--format", "csv", "--team", "Nigth"});
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.err.find("no team \"Nigth\"") != std::string::npos);
    CHECK(unknown.err.find("Day") != std::string::npos);
    // Back in no team: the filter no longer finds Ana.
    REQUIRE(w.run({"people", "set-team", "Ana", ""}).exitCode == 0);
    CHECK(w.run({"report", "trends", "--team", "Day"}).exitCode == 1);
}

TEST_CASE("export refuses bad input with one line and exit 1, leaving no partial file") {
    RecordsWorkspace w;
    fs::path out = w.root / "kept.csv";
    std::ofstream(out) << "an earlier export\r\n";
    auto expectError = [&](std::vector<std::string> args, const std::string& words) {
        auto r = w.run(args);
        INFO(r.err);
        CHECK(r.exitCode == 1);
        CHECK(r.err.find(words) != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    };
    expectError({"export", "--format", "csv", "--trainee", "Nobody", "--out", out.string()}, "Nobody");
    expectError({"export", "--format", "csv", "--since", "2026-13-40", "--out", out.string()}, "--since expects a date");
    expectError({"export", "--format", "csv", "--since", "2026-11-03", "--until", "2026-11-02"}, "is not after");
    expectError({"export", "--format", "csv", "--out", (w.root / "no-such-folder" / "x.csv").string()}, "no folder");
    expectError({"export", "--format", "csv", "--out", (out / "x.csv").string()}, "no folder");
    expectError({"export", "--format", "csv", "--out", w.root.string()}, "is a folder");
    expectError({"export", "--format", "xapi", "--home-page", "lms.example.com"}, "--home-page expects");
    CHECK(readText(out) == "an earlier export\r\n");
    for (const auto& entry : fs::directory_iterator(w.root))
        CHECK(entry.path().filename().string().find(".partial") == std::string::npos);
    // No database yet: refused, and none is created.
    test::ContentWorkspace empty("simdesk-exports-empty");
    auto r = empty.run({"export", "--format", "csv"});
    CHECK(r.exitCode == 1);
    CHECK_FALSE(fs::exists(empty.db));
}

TEST_CASE("report trends, criteria and choices show the plays' figures") {
    RecordsWorkspace w;
    auto criteria = w.run({"report", "criteria", "--json"});
    INFO(criteria.err);
    REQUIRE(criteria.exitCode == 0);
    json c = json::parse(criteria.out)["criteria"];
    REQUIRE(c.size() == 2);  // response time was N/A
    CHECK(c[0]["criterion"] == "empathy");
    CHECK(c[0]["mean_share"] == 1.0);  // the reviewer's 4 of 4
    CHECK(c[0]["plays"] == 1);
    CHECK(c[1]["criterion"] == "policy");
    auto text = w.run({"report", "criteria"});
    CHECK(text.out.find("Empathy") != std::string::npos);
    auto trends = json::parse(w.run({"report", "trends", "--json"}).out);
    REQUIRE(trends["trainees"].size() == 1);  // Ana's play has not finished
    CHECK(trends["trainees"][0]["mode"] == "exam");
    CHECK(trends["pass_mark"] == 80);
    CHECK(w.run({"report", "trends", "--trainee", "Nobody"}).exitCode == 1);
    CHECK(w.run({"report", "trends", "--since", "yesterday"}).exitCode == 1);
}

TEST_CASE("report choices counts what trainees picked at each decision of a played scenario") {
    test::ContentWorkspace w("simdesk-choices");
    const std::string stallTwice = R"([{"choice": "verify", "seconds": 20}, {"choice": "stall", "seconds": 20}, {"choice": "stall"}])";
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ana"}, stallTwice).exitCode == 0);
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ben"}, R"([{"choice": "card"}])").exitCode == 0);
    auto result = w.run({"report", "choices", "--json"});
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    json s = json::parse(result.out)["scenarios"];
    REQUIRE(s.size() == 1);
    CHECK(s[0]["trainees"] == 2);
    const json& ask = s[0]["nodes"][0];
    CHECK(ask["node"] == "ask");
    CHECK(ask["first_trainees"] == 2);
    std::map<std::string, json> byId;
    for (const auto& choice : ask["choices"]) byId[choice["choice"]] = choice;
    CHECK(byId["verify"]["first_attempt"] == 1);
    CHECK(byId["verify"]["best"] == true);
    CHECK(byId["card"]["first_attempt"] == 1);
    CHECK(byId["card"]["best"] == false);
    CHECK(w.run({"report", "choices"}).out.find("★") != std::string::npos);
}

TEST_CASE("report session writes a coaching PDF that pdftotext reads back whole") {
    test::ContentWorkspace w("simdesk-pdf");
    const std::string stallTwice = R"([{"choice": "verify", "seconds": 20}, {"choice": "stall", "seconds": 20}, {"choice": "stall"}])";
    REQUIRE(w.run({"play", "mini", "--script", "-", "--trainee", "Ana Lima"}, stallTwice).exitCode == 0);
    REQUIRE(w.run({"people", "add", "Rui Costa", "--role", "reviewer"}).exitCode == 0);
    REQUIRE(w.run({"review", "1", "--by", "Rui Costa", "--criterion", "empathy", "--level", "2", "--reason",
                   "Stalling twice left the customer waiting"}).exitCode == 0);
    for (int i = 1; i <= 40; ++i)
        REQUIRE(w.run({"review", "1", "--by", "Rui Costa", "--note", "Coaching note number " + std::to_string(i) + " of forty."})
                    .exitCode == 0);
    std::string plan = "Practise verifying then refunding without stalling.";
    for (int i = 1; i <= 30; ++i) plan += " Step" + std::to_string(i) + " keeps the customer informed.";
    plan += " Unbreakable" + std::string(150, 'x') + "End";
    REQUIRE(w.run({"coach", "plan", "Ana Lima", "--by", "Rui Costa", "--session", "1", "--text", plan}).exitCode == 0);
    fs::path pdf = w.root / "coaching.pdf";
    auto result = w.run({"report", "session", "1", "--pdf", pdf.string()});
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    REQUIRE(fs::file_size(pdf) > 1000);
    CHECK(result.err.find("pages)") != std::string::npos);  // more than one page

    fs::path text = w.root / "coaching.txt";
    std::string command = std::string(SIMDESK_PDFTOTEXT) + " -enc UTF-8 '" + pdf.string() + "' '" + text.string() + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    std::string body = readText(text);
    // pdftotext joins wrapped lines with newlines: compare with whitespace folded.
    std::string folded;
    for (char ch : body) {
        bool space = ch == ' ' || ch == '\n' || ch == '\f';
        if (space && (folded.empty() || folded.back() == ' ')) continue;
        folded += space ? ' ' : ch;
    }
    for (const char* expected : {"Coaching report", "Trainee: Ana Lima", "Mini refund", "Failed", "Critical errors", "Empathy",
                                 "Automatic level 1/4", "Official level after review: 2/4, by Rui Costa",
                                 "Stalling twice left the customer waiting", "Turn 1", "Can you confirm the invoice number?",
                                 "Coaching plan", "Step30 keeps the customer informed.", "End"})
        CHECK_MESSAGE(folded.find(expected) != std::string::npos, expected);
    for (int i = 1; i <= 40; ++i) {
        std::string note = "Coaching note number " + std::to_string(i) + " of forty.";
        CHECK_MESSAGE(folded.find(note) != std::string::npos, note);
    }
    // Every character of the over-long word is there, broken across lines but never cut off.
    std::string joined;
    for (char ch : body)
        if (ch != '\n' && ch != '\f' && ch != ' ') joined += ch;
    CHECK(joined.find("Unbreakable" + std::string(150, 'x') + "End") != std::string::npos);

    auto missing = w.run({"report", "session", "99", "--pdf", pdf.string()});
    CHECK(missing.exitCode == 1);
    auto badPath = w.run({"report", "session", "1", "--pdf", (w.root / "none" / "x.pdf").string()});
    CHECK(badPath.exitCode == 1);
    CHECK(badPath.err.find("no folder") != std::string::npos);
}

TEST_CASE("export shows progress on stderr for a large export with --progress, and not without") {
    test::ContentWorkspace w("simdesk-exports-progress");
    {
        auto store = store::SqliteStore::open(w.db, {kT0});
        REQUIRE(store);
        auto ana = (*store)->addPerson("Ana", store::Role::Trainee, "2026-11-01", {});
        REQUIRE(ana);
        REQUIRE((*store)->inTransaction([&]() -> Status {
            for (int i = 0; i < 2001; ++i) {
                auto id = (*store)->startSession({ana->id, "practice", kT0 + i, {"scenario", "mini", "1.0.0", "h", "{}"},
                                                  {"rubric", "test-rubric", "1.0.0", "r", "{}"}});
                if (!id) return id.error();
            }
            return Ok{};
        }));
    }
    fs::path out = w.root / "big.csv";
    auto quiet = w.run({"export", "--format", "csv", "--out", out.string()});
    REQUIRE(quiet.exitCode == 0);
    CHECK(quiet.err.find(" of 2001 sessions") == std::string::npos);  // captured stderr is never a terminal
    auto shown = w.run({"export", "--format", "csv", "--out", out.string(), "--progress"});
    REQUIRE(shown.exitCode == 0);
    CHECK(shown.err.find("\rsimdesk export: 500 of 2001 sessions") != std::string::npos);
    // The last line says the rate and how long it took, and ends the line.
    auto last = shown.err.find("\rsimdesk export: 2001 of 2001 sessions, ");
    REQUIRE(last != std::string::npos);
    CHECK(shown.err.find("/s, done in ", last) != std::string::npos);
    CHECK(shown.err.back() == '\n');
    CsvRead csv = readCsvStrict(readText(out));
    CHECK(csv.error.empty());
    CHECK(csv.rows.size() == 2002);
}

TEST_CASE("report certification shows the pace against the 30-day deadline") {
    test::ContentWorkspace w("simdesk-certification", true);
    REQUIRE(w.run({"people", "add", "Ana", "--start", "2026-11-01", "--track", "test-new-hire"}).exitCode == 0);
    auto early = w.run({"report", "certification", "--as-of", "2026-11-20", "--json"});
    INFO(early.err);
    REQUIRE(early.exitCode == 0);
    json tracks = json::parse(early.out)["tracks"];
    REQUIRE(tracks.size() == 1);
    CHECK(tracks[0]["track"] == "test-new-hire");
    REQUIRE(tracks[0]["people"].size() == 1);
    const json& ana = tracks[0]["people"][0];
    CHECK(ana["days_elapsed"] == 19.5);  // 2026-11-01 00:00 to 2026-11-20 12:00
    CHECK(ana["levels"] == 1);
    CHECK(ana["levels_passed"] == 0);
    CHECK(ana["at_risk"] == false);  // one level may take the whole 30 days
    auto late = json::parse(w.run({"report", "certification", "--as-of", "2026-12-05", "--json"}).out);
    CHECK(late["tracks"][0]["people"][0]["days_elapsed"] == 34.5);
    CHECK(late["tracks"][0]["people"][0]["at_risk"] == true);
    CHECK(late["tracks"][0]["at_risk"] == 1);
    auto text = w.run({"report", "certification", "--as-of", "2026-12-05"});
    CHECK(text.out.find("AT RISK Ana") != std::string::npos);
    CHECK(w.run({"report", "certification", "--as-of", "soon"}).exitCode == 1);
}

TEST_CASE("export and report survive damaged stored cards and invalid UTF-8 in a stored name") {
    RecordsWorkspace w;
    // Later scoring runs (the ones read) that another tool or a damaged file left: not JSON, and
    // JSON of the wrong shape. Written with plain SQL, as the store itself never would.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(w.db.string().c_str(), &db) == SQLITE_OK);
    const char* sql =
        "INSERT INTO scoring_runs (session_id, rubric_id, rubric_version, rubric_hash, reason, scored_at, computed_percent,"
        " final_percent, passed, card_json, critical_count) VALUES"
        " (1, 'test-rubric', '1.0.0', 'r1', 'rescore', 1793620000, 50, 50, 0, '{\"criteria\": [1, {\"id\": 5}], \"threshold\": \"x\"}', 0);"
        "UPDATE people SET name = CAST(X'416EFF61' AS TEXT) WHERE name = 'Ana';";
    CHECK(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    for (const char* format : {"csv", "json", "xapi"}) {
        auto r = w.run({"export", "--format", format});
        INFO(format, r.err);
        CHECK(r.exitCode == 0);
        if (std::string(format) != "csv") CHECK_FALSE(json::parse(r.out, nullptr, false).is_discarded());
    }
    CsvRead csv = readCsvStrict(w.run({"export", "--format", "csv"}).out);
    REQUIRE(csv.error.empty());
    REQUIRE(csv.rows.size() == 3);  // the damaged latest card gives session 1 no criteria: one row each
    CHECK(csv.rows[1][12] == "false");  // the latest run's verdict
    CHECK(csv.rows[1][7].empty());
    auto report = w.run({"report", "criteria", "--json"});
    CHECK(report.exitCode == 0);
    CHECK(json::parse(report.out)["criteria"].empty());
    auto names = json::parse(w.run({"export", "--format", "json"}).out);
    CHECK(names["sessions"][1]["trainee"] == "An\xEF\xBF\xBD" "a");  // the bad byte as U+FFFD
}
