// End-to-end: a calibration session over a batch, run in the real app under Xvfb (issue 17). Five
// finished conversations are recorded with the command line; everything else happens on the
// Calibration screen by real clicks and typing, in one app process that switches between the three
// people (a process start is the slowest step under ASan): the lead opens the session over the five
// conversations with three invited graders and a deadline, extends the deadline, and grades; two
// reviewers grade the five conversations; the lead makes their grades the benchmark and reveals the
// session (confirming first). The report then draws each criterion's interval and each grader's
// alignment. The records are read back from the SQLite file the app wrote.
#include "e2e_app.hpp"

#include "core/calendar.hpp"

#include <algorithm>
#include <array>
#include <ctime>

using namespace simdesk::e2e;

namespace {

/// Levels of the rubric's first two criteria (greeting 0-2, discovery 0-3) in the five
/// conversations. They vary between conversations, so alpha is defined; Tom misses the benchmark
/// (Eva) by two levels on the fifth conversation's discovery, so his alignment is 9 of 10.
struct Grades {
    const char* name;
    std::array<int, 5> greeting, discovery;
};
const Grades kGraders[] = {
    {"Eva Marsh", {2, 1, 2, 0, 2}, {3, 2, 1, 3, 0}},
    {"Rui Costa", {2, 1, 1, 0, 2}, {3, 2, 2, 3, 0}},
    {"Tom Berg", {2, 2, 2, 0, 1}, {2, 2, 1, 3, 2}},
};

bool roundOpen(const json& p, int64_t id) {
    return !p.value("busy", true) && p.contains("round") && p["round"].value("id", int64_t{0}) == id;
}

/// Types into a text field after clicking it and waiting until it has the keyboard.
void typeInto(App& app, const std::string& field, const std::string& text) {
    app.click(field);
    app.waitFor("\"" + field + "\" to take the keyboard", [](const json& p) { return p.value("text_input", false); });
    app.type(text);
}

/// On the Calibration screen: opens a round from the list, picks two levels and submits them.
void gradeRound(App& app, int64_t round, int greeting, int discovery) {
    const std::string row = "round:" + std::to_string(round);
    app.findInList(row, "round:");
    app.click(row);
    app.waitFor("round " + std::to_string(round) + " open for grading",
                [&](const json& p) { return roundOpen(p, round) && hasWidget(p, "grades-submit"); });
    for (auto [criterion, level] : {std::pair{0, greeting}, std::pair{1, discovery}}) {
        const std::string radio = "grade:" + std::to_string(criterion) + ":" + std::to_string(level);
        app.findInList(radio, "grade:", criterion == 0);  // the scorecard keeps where another grader left it
        app.click(radio);
    }
    app.click("grades-submit");
    app.waitFor("round " + std::to_string(round) + "'s grades stored", [&](const json& p) {
        return roundOpen(p, round) && p["round"].value("submitted", false) && !hasWidget(p, "grades-submit");
    });
}

void gradeSession(App& app, const Grades& g, const std::vector<int64_t>& rounds) {
    for (size_t i = 0; i < rounds.size(); ++i) gradeRound(app, rounds[i], g.greeting[i], g.discovery[i]);
}

/// From any screen: Switch profile, pick the person, continue, and open the Calibration tab.
void switchTo(App& app, const std::string& name) {
    app.click("switch-profile");
    app.click("profile:" + name);
    app.click("continue");
    app.waitFor("the library as " + name, [&](const json& p) {
        return p.value("screen", "") == "library" && p.value("profile", "") == name && !p.value("busy", true);
    });
    app.click("tab-reviews");
    app.waitForScreen("reviews");
}

/// Five finished conversations of Ana's, played by five `simdesk play --best-path` one after
/// another (at once, one read-back under heavy load once missed a session).
void playFive(App& app) {
    for (int i = 0; i < 5; ++i) {
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0) dup2(null, STDOUT_FILENO), dup2(null, STDERR_FILENO);
            execl(SIMDESK_BINARY, "simdesk", "play", "refund-double-charge", "--best-path", "--trainee", "Ana Lima", "--db",
                  app.database().c_str(), "--content", SIMDESK_SOURCE_DIR, static_cast<char*>(nullptr));
            _exit(127);
        }
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    auto records = openRecords(app.database());
    auto sessions = records->sessions("Ana Lima");
    INFO((sessions ? std::string() : sessions.error().message));
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 5);
}

std::string dayFromToday(int days) {
    return simdesk::isoDate(static_cast<int64_t>(std::time(nullptr)) + int64_t{days} * 86400);
}

} // namespace

TEST_CASE("a lead runs a 5-conversation calibration session with 3 graders and a benchmark to its report in the real app") {
    const auto began = std::chrono::steady_clock::now();
    TempDir dir;
    App app(dir.path);
    cli(app, {"people", "add", "Ana Lima"});
    playFive(app);
    cli(app, {"people", "add", "Eva Marsh", "--role", "lead"});
    cli(app, {"people", "add", "Rui Costa", "--role", "reviewer"});
    cli(app, {"people", "add", "Tom Berg", "--role", "reviewer"});
    std::ofstream(app.settings()) << R"({"last_profile": "Eva Marsh"})";
    MESSAGE("records seeded after " << std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() << " s");
    const std::string lastDay = dayFromToday(7), extended = dayFromToday(10);

    // Eva opens the session: a name, a last day, three graders, five conversations ticked.
    startAsLastProfile(app, "Eva Marsh");
    app.click("tab-reviews");
    app.waitForScreen("reviews");
    app.click("session-new");
    typeInto(app, "session-name", "Week 50");
    typeInto(app, "session-last-day", lastDay);
    for (const auto& g : kGraders) {
        app.scrollTo(std::string("invite:") + g.name, "invite:");
        app.click(std::string("invite:") + g.name);
    }
    for (int id = 1; id <= 5; ++id) {
        app.scrollTo("pick:" + std::to_string(id), "pick:");
        app.click("pick:" + std::to_string(id));
    }
    app.scrollTo("session-open", "pick:");
    app.click("session-open");
    json opened = app.waitFor("the session's first round open", [](const json& p) {
        return !p.value("busy", true) && p.contains("round") && p["round"].contains("session");
    });
    const json& session = opened["round"]["session"];
    CHECK(session.value("name", "") == "Week 50");
    CHECK(session.value("deadline", "") == lastDay);
    const std::vector<int64_t> rounds = session["rounds"].get<std::vector<int64_t>>();
    REQUIRE(rounds.size() == 5);

    // Grading needs three more days: Eva moves the last day later.
    typeInto(app, "session-deadline", extended);
    app.click("session-extend");
    app.waitFor("the deadline moved to " + extended, [&](const json& p) {
        return !p.value("busy", true) && p.contains("round") && p["round"].contains("session") &&
               p["round"]["session"].value("deadline", "") == extended;
    });
    gradeSession(app, kGraders[0], rounds);
    switchTo(app, "Rui Costa");
    gradeSession(app, kGraders[1], rounds);
    switchTo(app, "Tom Berg");
    gradeSession(app, kGraders[2], rounds);

    // Eva marks her grades as the benchmark and reveals the whole session, confirming first.
    switchTo(app, "Eva Marsh");
    app.findInList("round:" + std::to_string(rounds[0]), "round:");
    app.click("round:" + std::to_string(rounds[0]));
    app.waitFor("the first round open", [&](const json& p) { return roundOpen(p, rounds[0]) && hasWidget(p, "session-benchmark"); });
    app.click("session-benchmark");
    app.waitFor("Eva's grades as the benchmark", [&](const json& p) {
        return roundOpen(p, rounds[0]) && p["round"]["session"].value("benchmark", "") == "Eva Marsh";
    });
    app.click("round-reveal");
    app.waitForWidget("confirm-yes");
    CHECK_FALSE(openRecords(app.database())->calibrationSession(1)->revealedAt.has_value());
    app.click("confirm-yes");
    json report = app.waitFor("the revealed report with the session's figures", [&](const json& p) {
        return roundOpen(p, rounds[0]) && p["round"].value("revealed", false) &&
               !p["round"]["session"]["alignment"].empty();
    });
    // Per criterion, alpha with its interval for both graded criteria; each grader against Eva.
    auto intervals = report["round"]["session"]["intervals"].get<std::vector<std::string>>();
    std::sort(intervals.begin(), intervals.end());
    CHECK(intervals == std::vector<std::string>{"discovery", "greeting"});
    CHECK(report["round"]["session"]["alignment"].value("Rui Costa", 0.0) == doctest::Approx(1.0));
    CHECK(report["round"]["session"]["alignment"].value("Tom Berg", 0.0) == doctest::Approx(0.9));
    // (Scrolling the report until each interval bar is in view was not reliable under load: the
    // wheel's steps and the probe disagreed. The bars' drawing is checked by screenshot instead.)
    CHECK(app.closeWindow() == 0);

    auto store = openRecords(app.database());
    auto stored = store->calibrationSession(1);
    REQUIRE(stored);
    CHECK(stored->revealedAt.has_value());
    CHECK(stored->benchmarkName == "Eva Marsh");
    CHECK(simdesk::isoDate(stored->deadline) == extended);
    CHECK(stored->graderNames.size() == 3);
    int grades = 0;
    for (int64_t round : stored->roundIds) {
        auto all = store->calibrationGrades(round);
        REQUIRE(all);
        grades += static_cast<int>(all->size());
    }
    CHECK(grades == 5 * 3 * 2);
    MESSAGE("calibration session end to end: "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count() << " s");
}
