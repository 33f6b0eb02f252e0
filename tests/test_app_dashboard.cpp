// The dashboards' view model (AppModel::showDashboards and friends) over a real SQLite store with
// an InlineWorker: what a lead and what a trainee see, the filter bar, and the Export button. The
// plays are the golden refund-double-charge script (97.5 %, tests/golden/README.md), played by two
// trainees two days apart.
#include "app/model.hpp"
#include "app/store_worker.hpp"
#include "store/sqlite_store.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace simdesk;
using namespace simdesk::app;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kMonday = 1767603600;  // 2026-01-05 09:00 UTC
constexpr int64_t kDay = 86400;

const ContentLibrary& bundled() {
    static const ContentLibrary library = [] {
        SchemaChecker schemas;
        return test::bundledLibrary(schemas);
    }();
    return library;
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "simdesk-dashboard-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::unique_ptr<store::SqliteStore> openStore(const fs::path& path) {
    auto opened = store::SqliteStore::open(path);
    REQUIRE(opened);
    return std::move(*opened);
}

/// Ana Lima plays the golden refund on Monday, Bo Lind on Wednesday; Eva Marsh is their lead.
struct Team {
    TempDir dir;
    std::unique_ptr<store::SqliteStore> store = openStore(dir.path / "simdesk.db");
    InlineWorker worker{store.get()};
    AppModel model{bundled(), worker, Preferences{}};
    Clock clock{kMonday, 5000.0};

    Team() {
        model.update();
        playAs("Ana Lima");
        clock.wall += 2 * kDay;
        playAs("Bo Lind");
        as("Eva Marsh", "lead");
    }

    void as(const std::string& name, const std::string& role) {
        for (const auto& p : model.profiles())
            if (p.name == name) {
                model.selectProfile(p.id);
                model.update();
                return;
            }
        model.createProfile(name, role, {"new-hire-foundations"}, clock);
        model.update();
        REQUIRE(model.profile());
    }

    void playAs(const std::string& name) {
        as(name, "trainee");
        model.startScenario("refund-double-charge", "practice", clock);
        model.update();
        std::ifstream in(test::sourcePath("tests/golden/refund-double-charge.script.json"));
        const auto script = nlohmann::json::parse(in);
        for (const auto& action : script["actions"]) {
            const double seconds = action.value("seconds", 30.0);
            clock.steady += seconds * 120.0 / (4 * 3600);  // e-mail runs on simulated time: 4 h in 120 s
            clock.wall += static_cast<int64_t>(seconds);
            if (action.contains("choice")) {
                auto buttons = model.choiceButtons();
                for (size_t i = 0; i < buttons.size(); ++i)
                    if (buttons[i].id == action["choice"]) model.choose(i, clock);
            } else {
                model.play().replyDraft = action["reply"].get<std::string>();
                model.sendReply(clock);
            }
            model.update();
        }
        REQUIRE(model.screen() == Screen::Debrief);
    }

    const DashboardFigures& open() {
        model.showDashboards(clock);
        model.update();
        REQUIRE(model.screen() == Screen::Dashboards);
        return model.dashboard().figures;
    }

    const DashboardFigures& apply() {
        model.applyDashboardFilter(clock);
        model.update();
        return model.dashboard().figures;
    }
};

size_t lines(const fs::path& file) {
    std::ifstream in(file);
    size_t n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
}

} // namespace

// Each case shares one recorded team: the bundled content loads once per process, which is most
// of a case's time, so the cases group what a lead, a trainee and an export each see.
TEST_CASE("dashboards: a lead sees every trainee's trend and the team's, filters narrow every figure, a bad date is a message") {
    Team team;
    {
        // Everyone, with the pass mark.
        const auto& f = team.open();
        CHECK(f.plays == 2);
        REQUIRE(f.trends.trainees.size() == 2);
        CHECK(f.trends.trainees[0].who == "Ana Lima");
        CHECK(f.trends.trainees[1].who == "Bo Lind");
        CHECK(f.trends.trainees[0].mode == "practice");
        CHECK(f.trends.trainees[0].points.at(0).percent == doctest::Approx(97.5));
        REQUIRE(f.trends.team.size() == 1);            // practice only
        CHECK(f.trends.team[0].points.size() == 2);    // Monday and Wednesday
        CHECK(f.trends.passMark == doctest::Approx(80));
        CHECK_FALSE(team.model.dashboard().ownOnly);
        CHECK(team.model.dashboard().trainees == std::vector<std::string>{"Ana Lima", "Bo Lind"});
    }
    {
        // Dates and a trainee narrow every figure.
        team.model.dashboard().filter = {};
        team.model.dashboard().filter.since = "2026-01-06";  // after Ana's Monday play
        const auto& later = team.apply();
        CHECK(later.plays == 1);
        REQUIRE(later.trends.trainees.size() == 1);
        CHECK(later.trends.trainees[0].who == "Bo Lind");
        REQUIRE_FALSE(later.criteria.empty());
        CHECK(later.criteria[0].plays == 1);

        team.model.dashboard().filter = {};
        team.model.dashboard().filter.trainee = "Ana Lima";
        const auto& ana = team.apply();
        CHECK(ana.plays == 1);
        REQUIRE(ana.certification.size() == 1);
        CHECK(ana.certification[0].trainees == 1);  // Bo's standing is left out too
    }
    {
        // A bad date leaves the figures as they were.
        team.model.dashboard().filter = {};
        team.apply();
        team.model.dashboard().filter.since = "5 January";
        const auto& f = team.apply();
        CHECK(team.model.message() == "Dates are written YYYY-MM-DD, e.g. 2026-11-01.");
        CHECK(f.plays == 2);
        team.model.dashboard().filter.since = "2026-01-07";
        team.model.dashboard().filter.until = "2026-01-07";
        team.apply();
        CHECK(team.model.message() == "The end date 2026-01-07 is not after the start date 2026-01-07.");
    }
}

TEST_CASE("dashboards: the team filter offers the teams trainees are in and keeps only that team's plays") {
    Team team;
    // A lead put Ana in Day and Bo in Night (e.g. `simdesk people set-team`); the app opened after.
    auto people = team.store->people();
    REQUIRE(people);
    for (const auto& p : *people) {
        if (p.name == "Ana Lima") REQUIRE(team.store->setPersonTeam(p.id, "Day"));
        if (p.name == "Bo Lind") REQUIRE(team.store->setPersonTeam(p.id, "Night"));
    }
    AppModel model{bundled(), team.worker, Preferences{}};
    model.update();
    for (const auto& p : model.profiles())
        if (p.name == "Eva Marsh") model.selectProfile(p.id);
    model.update();
    model.showDashboards(team.clock);
    model.update();
    REQUIRE(model.screen() == Screen::Dashboards);
    CHECK(model.dashboard().teams == std::vector<std::string>{"Day", "Night"});
    CHECK(model.dashboard().figures.plays == 2);  // All teams

    model.dashboard().filter.team = "Night";
    model.applyDashboardFilter(team.clock);
    model.update();
    const auto& night = model.dashboard().figures;
    CHECK(night.plays == 1);
    REQUIRE(night.trends.trainees.size() == 1);
    CHECK(night.trends.trainees[0].who == "Bo Lind");
    REQUIRE(night.certification.size() == 1);
    CHECK(night.certification[0].trainees == 1);  // Ana's standing is left out too

    // The lead adds a trainee with a team on the Team screen: trimmed, shown in the team list.
    model.showTeam(team.clock);
    model.update();
    model.newTraineeDraft() = NewTraineeDraft{"Cy Moss", "2026-01-05", {"new-hire-foundations"}, "  Night "};
    model.addTrainee(team.clock);
    model.update();
    INFO(model.message());
    bool shown = false;
    for (const auto& row : model.team())
        if (row.name == "Cy Moss") shown = row.team == "Night";
    CHECK(shown);
    auto cy = team.store->findPerson("Cy Moss");
    REQUIRE(cy);
    REQUIRE(cy->has_value());
    CHECK((*cy)->team == "Night");
}

TEST_CASE("team screen: a lead moves a trainee to another team, and the dashboards' team line names the team") {
    Team team;
    // Eva Marsh (a lead) puts Ana in North from the Team screen, with stray spaces.
    team.model.showTeam(team.clock);
    team.model.update();
    team.model.setTraineeTeam("Ana Lima", "  North ");
    team.model.update();
    CHECK(team.model.notice() == "Ana Lima is in team North now.");
    auto row = std::find_if(team.model.team().begin(), team.model.team().end(), [](const TeamRow& r) { return r.name == "Ana Lima"; });
    REQUIRE(row != team.model.team().end());
    CHECK(row->team == "North");
    CHECK(team.store->findPerson("Ana Lima")->value().team == "North");
    // A control character is refused and nothing changes.
    team.model.setTraineeTeam("Ana Lima", "North\x1b[2J");
    team.model.update();
    CHECK(team.model.message() == "Cannot change the team: a team name cannot contain control characters.");
    CHECK(team.store->findPerson("Ana Lima")->value().team == "North");

    // The dashboards offer the team at once, and with it picked the team's line is named after it.
    team.model.showDashboards(team.clock);
    team.model.update();
    CHECK(team.model.dashboard().teams == std::vector<std::string>{"North"});
    team.model.dashboard().filter.team = "North";
    team.apply();
    CHECK(team.model.dashboard().figures.plays == 1);  // Ana's play; Bo is in no team
    CHECK(teamTrendLabel(team.model.dashboard().applied) == "Team North (daily mean)");
    CHECK(teamTrendLabel(DashboardFilter{}) == "Team (daily mean)");
    DashboardFilter named;
    named.team = "Team Blue";
    CHECK(teamTrendLabel(named) == "Team Blue (daily mean)");

    // A blank team is none again.
    team.model.showTeam(team.clock);
    team.model.update();
    team.model.setTraineeTeam("Ana Lima", "   ");
    team.model.update();
    CHECK(team.model.notice() == "Ana Lima is in no team now.");
    CHECK(team.store->findPerson("Ana Lima")->value().team.empty());

    // Only a lead may: a trainee's app refuses before anything is sent.
    team.as("Bo Lind", "trainee");
    team.model.setTraineeTeam("Ana Lima", "South");
    CHECK(team.model.message() == "Changing a person's team is for leads.");
    CHECK(team.store->findPerson("Ana Lima")->value().team.empty());
}

TEST_CASE("dashboards: choice analytics count each trainee's first play with the best choice marked, and exports land where asked") {
    Team team;
    {
        // Choices.
        const auto& f = team.open();
        REQUIRE(f.choices.size() == 1);
        const auto& refund = f.choices[0];
        CHECK(refund.scenarioId == "refund-double-charge");
        CHECK(refund.trainees == 2);
        REQUIRE_FALSE(refund.nodes.empty());
        const auto& first = refund.nodes[0];
        CHECK(first.firstTrainees == 2);
        CHECK(first.laterTrainees == 0);
        int picked = 0, best = 0;
        for (const auto& c : first.choices) {
            picked += c.firstAttempt;
            best += c.best;
        }
        CHECK(picked == 2);  // both took the golden script's choice, once each
        CHECK(best == 1);
    }
    {
        // xAPI: one statement per play.
        const fs::path file = team.dir.path / "out.json";
        team.model.dashboard().exportFormat = "xapi";
        team.model.dashboard().exportPath = file.string();
        team.model.exportDashboard();
        team.model.update();
        std::ifstream in(file);
        const auto statements = nlohmann::json::parse(in);
        REQUIRE(statements.is_array());
        CHECK(statements.size() == 2);  // two attempts, no certificate yet
        CHECK(statements[0]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed");
    }
    {
        // CSV into a new folder, then as a trainee only their own plays.
        const fs::path file = team.dir.path / "Documents" / "simdesk" / "plays.csv";
        team.model.dashboard().exportFormat = "csv";
        team.model.dashboard().exportPath = file.string();
        team.model.exportDashboard();
        team.model.update();
        REQUIRE(fs::exists(file));
        CHECK(team.model.dashboard().exportedTo == file.string());
        CHECK(team.model.notice() == "Exported 2 plays to " + file.string());
        const size_t both = lines(file);

        team.as("Ana Lima", "trainee");  // a trainee's export holds their own plays only
        team.open();
        team.model.dashboard().exportPath = file.string();
        team.model.exportDashboard();
        team.model.update();
        CHECK(team.model.notice() == "Exported 1 play to " + file.string());
        CHECK(lines(file) == 1 + (both - 1) / 2);  // the header, then half the criterion rows
    }
}

TEST_CASE("dashboards: a trainee sees only their own figures even when another name is typed") {
    Team team;
    team.as("Ana Lima", "trainee");
    const auto& own = team.open();
    CHECK(team.model.dashboard().ownOnly);
    CHECK(own.plays == 1);
    REQUIRE(own.trends.trainees.size() == 1);
    CHECK(own.trends.trainees[0].who == "Ana Lima");
    CHECK(own.calibration.empty());
    team.model.dashboard().filter.trainee = "Bo Lind";
    const auto& still = team.apply();
    CHECK(still.plays == 1);
    CHECK(still.trends.trainees.at(0).who == "Ana Lima");
}
