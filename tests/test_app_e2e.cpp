// End-to-end: the real desktop app under Xvfb (Mesa's software OpenGL), driven by xdotool with
// real pointer clicks and key presses, through a whole scenario to its debrief; then the training
// records are read back from the SQLite file the app wrote.
//
// The app tells where it is through SIMDESK_UI_PROBE (a JSON file it rewrites when anything in it
// changes: the screen, the node of the conversation, how many trainee turns there are, whether a
// text field has the keyboard, and where each named widget was drawn). Every step of this test
// waits on that file for the state it expects, with a deadline; there are no fixed sleeps.
//
// Three things about Dear ImGui 1.86 + GLFW shape how input is sent:
//  * key presses are read as "is the key down this frame", so a press and release that reach the
//    app between two frames are lost. Keys are therefore held down until the probe shows their
//    effect, then released (typed text is safe: characters are queued, never lost);
//  * a mouse click shorter than a frame is kept, but a release and the next press arriving between
//    the same two frames merge into one drag, and the second click is lost. Clicks are therefore
//    pressed, held until the probe shows mouse_down, then released until it shows it up;
//  * number keys choose only when no text field has the keyboard, so the test waits for
//    text_input == false first. Xvfb runs with -r (no auto-repeat), so a held key is one press.
//
// Run by CTest as: xvfb-run -a -s "-screen 0 1280x800x24 -r" test_app_e2e (see tests/CMakeLists.txt).
#include "e2e_app.hpp"

#include <algorithm>
#include <iterator>
#include <tuple>

using namespace simdesk::e2e;

namespace {

constexpr const char* kScenario = "refund-double-charge";

/// The free-text turn of refund-double-charge ("The refund is issued (reference RF-88213). Write your
/// email to Priya."), written as a trainee would: it apologises, owns the error, confirms the refund
/// with its reference, gives the real timeline, and greets and signs off, so every scored rule of the
/// node matches and the conversation takes the branch that skips Priya's "so when is my money back?".
/// One line: Enter in the reply box is a key press (lossy), characters are not.
const std::string kReply =
    "Hi Priya, thank you for your patience, and I'm so sorry: this was our error. When your annual renewal was "
    "processed on 3 March, our payment system retried after a timeout and charged you twice. I have refunded the "
    "duplicate charge (INV-20432, $2,280.00) to your card ending 4417 today, and the refund reference is RF-88213. "
    "Card refunds take 5 to 10 business days to appear, depending on your bank. INV-20431 remains your valid "
    "invoice. Best regards, Sam";

/// The case note typed at the end (refund-double-charge's case_note turn): how she was verified, the
/// refund with its reference, the timeline.
const std::string kNote =
    "Verified Priya as billing contact via invoice numbers INV-20431/INV-20432 and card last four 4417. Refunded "
    "duplicate INV-20432 in full, reference RF-88213, 5-10 business days to appear. Customer informed.";

/// The best path through refund-double-charge: the choice's id at each choice node (the app shows
/// choices shuffled, in practice too, so the button is looked up in the probe's choice_ids), and
/// the node the conversation must reach next.
struct Step {
    const char* node;
    const char* choiceId;   ///< empty for the typed reply
    const char* next;       ///< node expected after the turn; "" when the conversation ends
    const std::string* reply = nullptr;  ///< typed turns: what is typed
};
const Step kPath[] = {
    {"start", "ack_verify", "review_account"},
    {"review_account", "verify_first", "decide"},
    {"decide", "refund_duplicate", "write_reply"},  // "verify now" is hidden once verified
    {"write_reply", "", "closing_choice", &kReply},
    {"closing_choice", "close_full", "case_note"},
    {"case_note", "", "", &kNote},
};

int turns(const json& p) { return p.value("turns", -1); }

/// Creates a trainee profile on the start screen by clicking and typing; ends on the library.
void createProfile(App& app, const std::string& name) {
    app.waitFor("the start screen with its form", [](const json& p) {
        return p.value("screen", "") == "start" && !p.value("busy", true) && hasWidget(p, "profile-name") &&
               hasWidget(p, "create-profile");
    });
    app.click("profile-name");
    app.waitFor("the name field to take the keyboard", [](const json& p) { return p.value("text_input", false); });
    app.type(name);
    app.click("role-trainee");
    app.click("create-profile");
    app.waitFor("the library as " + name, [&](const json& p) {
        return p.value("screen", "") == "library" && p.value("profile", "") == name && !p.value("busy", true);
    });
}

/// Filters the library by typing into its search box, then starts the scenario in practice mode.
json startPractice(App& app) {
    app.click("library-search");
    app.waitFor("the search box to take the keyboard", [](const json& p) { return p.value("text_input", false); });
    app.type(kScenario);
    // Rows are drawn only when visible: the filtered list has this one scenario left.
    std::string button = std::string("practice:") + kScenario;
    app.waitFor("the library filtered down to " + std::string(kScenario), [&](const json& p) {
        if (!hasWidget(p, button)) return false;
        int rows = 0;
        for (const auto& item : p["widgets"].items()) rows += item.key().rfind("practice:", 0) == 0;
        return rows == 1;
    });
    app.click(button);
    return app.waitFor("the first turn of the conversation, recorded", [](const json& p) {
        return p.value("screen", "") == "play" && p.value("node", "") == "start" && p.value("session_id", 0) > 0 &&
               !p.value("busy", true);
    });
}

/// Mid-conversation, the trainee opens the glossary from the knowledge-base panel and follows its
/// kb: reference to another article: the article is drawn from its Markdown, and the reference is a
/// link (issue 13: articles showed raw Markdown and kb: references were dead text).
void readGlossary(App& app) {
    app.click("glossary");
    app.waitForWidget("kb-article:kb-glossary");
    app.scrollTo("link:kb:kb-priority-definitions", "kb-panel");
    app.click("link:kb:kb-priority-definitions");
    app.waitForWidget("kb-article:kb-priority-definitions");
    app.click("kb-back");
}

/// Plays one step of kPath from the node on screen, and waits until the turn is taken and saved.
json playStep(App& app, const Step& step, bool clickChoice) {
    json before = app.waitFor(std::string("node ") + step.node, [&](const json& p) {
        return p.value("screen", "") == "play" && p.value("node", "") == step.node && !p.value("busy", true);
    });
    int turn = turns(before);
    auto taken = [&](const json& p) {
        if (turns(p) != turn + 1 || p.value("busy", true)) return false;
        return *step.next ? p.value("node", "") == step.next : p.value("screen", "") == "debrief";
    };
    std::string what = std::string("turn ") + std::to_string(turn + 1) + " (" + step.node + " → " +
                       (*step.next ? step.next : "debrief") + "), saved";
    if (!*step.choiceId) {
        REQUIRE(before.value("prompt", "") == "free_text");
        app.click("reply");
        app.waitFor("the reply box to take the keyboard", [](const json& p) { return p.value("text_input", false); });
        const std::string& reply = *step.reply;
        app.type(reply);
        app.waitFor("the whole reply in the box", [&](const json& p) { return p.value("draft", "") == reply; });
        return app.holdKeysUntil("ctrl+Return", what, taken);
    }
    REQUIRE(before.value("prompt", "") == "choice");
    const json shown = before.value("choice_ids", json::array());
    auto at = std::find(shown.begin(), shown.end(), step.choiceId);
    REQUIRE_MESSAGE(at != shown.end(), "choice " << step.choiceId << " is not on screen: " << shown.dump());
    int position = static_cast<int>(at - shown.begin()) + 1;
    std::string button = "choice-" + std::to_string(position);
    if (clickChoice) {
        app.scrollTo(button, "choice-");
        app.click(button);
        return app.waitFor(what, taken);
    }
    // A number key: only when no text field has the keyboard, as the play screen requires.
    app.waitFor("no text field with the keyboard", [](const json& p) { return !p.value("text_input", true); });
    app.pointAtWindow();
    return app.holdKeysUntil(std::to_string(position), what, taken);
}

struct DebriefSeen {
    double score = 0;
    bool passed = false;
    int64_t sessionId = 0;
};

DebriefSeen waitForDebrief(App& app) {
    json p = app.waitFor("the debrief with its score, all saved", [](const json& p) {
        return p.value("screen", "") == "debrief" && !p.value("busy", true) && p.contains("score");
    });
    CHECK(p.value("message", "") == "");
    return {p["score"].get<double>(), p.value("passed", false), p.value("session_id", int64_t{0})};
}


std::vector<const simdesk::TranscriptEntry*> traineeTurns(const simdesk::Transcript& t) {
    std::vector<const simdesk::TranscriptEntry*> out;
    for (const auto& e : t.entries)
        if (e.kind == simdesk::EntryKind::TraineeChoice || e.kind == simdesk::EntryKind::TraineeReply) out.push_back(&e);
    return out;
}

/// The stored transcript has the trainee's turns of kPath, in order, with the typed reply.
void checkStoredTurns(const simdesk::Transcript& transcript, size_t expected) {
    auto mine = traineeTurns(transcript);
    REQUIRE(mine.size() == expected);
    for (size_t i = 0; i < expected; ++i) {
        const Step& step = kPath[i];
        CAPTURE(i);
        CHECK(mine[i]->nodeId == step.node);
        if (!*step.choiceId) {
            CHECK(mine[i]->kind == simdesk::EntryKind::TraineeReply);
            // Masking may replace a secret in what was typed; this reply has none.
            CHECK(mine[i]->redacted.empty());
            CHECK(mine[i]->text == *step.reply);
        } else {
            CHECK(mine[i]->kind == simdesk::EntryKind::TraineeChoice);
            CHECK(mine[i]->choiceId == step.choiceId);
        }
    }
}

/// The finished session and its scoring run agree with what the debrief showed.
void checkFinishedSession(simdesk::store::SqliteStore& store, const simdesk::store::SessionInfo& s, const DebriefSeen& seen) {
    CHECK(s.scenarioId == kScenario);
    CHECK(s.mode == "practice");
    CHECK(s.status == simdesk::store::SessionStatus::Finished);
    CHECK(s.endingId == "resolved");
    CHECK(s.id == seen.sessionId);
    auto runs = store.scoringRuns(s.id);
    REQUIRE(runs);
    REQUIRE(runs->size() == 1);
    const auto& run = runs->front();
    CHECK(run.reason == "played");
    CHECK(std::fabs(run.finalPercent - seen.score) < 1e-6);
    CHECK(run.passed == seen.passed);
    REQUIRE(s.latestPercent);
    CHECK(std::fabs(*s.latestPercent - seen.score) < 1e-6);
    auto transcript = store.transcript(s.id);
    REQUIRE(transcript);
    CHECK(transcript->endingId == std::optional<std::string>("resolved"));
    checkStoredTurns(*transcript, std::size(kPath));
}

void checkSettingsSaved(const App& app, const std::string& name) {
    json settings = json::parse(readFile(app.settings()), nullptr, false);
    REQUIRE(settings.is_object());
    CHECK(settings.value("last_profile", "") == name);
}

} // namespace

TEST_CASE("a trainee plays a scenario in the real app, by clicks and keys, and the session is stored") {
    TempDir dir;
    App app(dir.path);
    const std::string name = "Dana Whitfield";
    app.start();
    createProfile(app, name);
    startPractice(app);
    // The first choice by clicking its button, the reply typed and sent with Ctrl+Enter, the
    // other choices by number keys.
    for (size_t i = 0; i < std::size(kPath); ++i) {
        playStep(app, kPath[i], i == 0);
        if (i == 0) readGlossary(app);
    }
    DebriefSeen seen = waitForDebrief(app);
    MESSAGE("debrief: " << seen.score << "%, " << std::string(seen.passed ? "passed" : "not passed") << ", session " << seen.sessionId);
    CHECK(seen.passed);
    CHECK(app.closeWindow() == 0);
    checkSettingsSaved(app, name);

    auto store = openRecords(app.database());
    auto people = store->people();
    REQUIRE(people);
    REQUIRE(people->size() == 1);
    CHECK(people->front().name == name);
    CHECK(people->front().role == simdesk::store::Role::Trainee);
    auto sessions = store->sessions(name);
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 1);
    checkFinishedSession(*store, sessions->front(), seen);
}

TEST_CASE("a conversation killed mid-way resumes in the same stored session after a restart") {
    TempDir dir;
    App app(dir.path);
    const std::string name = "Sam Okafor";
    {
        // Someone else trains on this machine too, and sorts before Sam: the start screen must still
        // offer Sam first because Sam used it last.
        auto store = openRecords(app.database());
        REQUIRE(store->addPerson("Alex Earlier", simdesk::store::Role::Trainee, "2026-01-05", {}));
    }
    app.start();
    createProfile(app, name);
    json playing = startPractice(app);
    int64_t sessionId = playing.value("session_id", int64_t{0});
    playStep(app, kPath[0], false);
    playStep(app, kPath[1], false);  // waits until the second turn is saved (busy == false)
    app.kill9();

    {
        auto store = openRecords(app.database());
        auto s = store->session(sessionId);
        REQUIRE(s);
        CHECK(s->status == simdesk::store::SessionStatus::Active);
        auto transcript = store->transcript(sessionId);
        REQUIRE(transcript);
        checkStoredTurns(*transcript, 2);
    }

    app.start();
    app.waitFor("the start screen listing the profiles", [](const json& p) {
        return p.value("screen", "") == "start" && !p.value("busy", true) && hasWidget(p, "continue") &&
               !p.value("text_input", true);
    });
    app.pointAtWindow();
    // Enter continues as the profile listed first and selected: the one used last.
    app.holdKeysUntil("Return", "the library as " + name, [&](const json& p) {
        return p.value("screen", "") == "library" && p.value("profile", "") != "";
    });
    json library = app.waitFor("the library's offer to resume", [](const json& p) {
        return p.value("screen", "") == "library" && !p.value("busy", true) && hasWidget(p, "resume");
    });
    CHECK(library.value("profile", "") == name);
    app.click("resume");
    json resumed = app.waitFor("the conversation back where it stopped", [](const json& p) {
        return p.value("screen", "") == "play" && !p.value("busy", true);
    });
    CHECK(resumed.value("session_id", int64_t{0}) == sessionId);
    CHECK(turns(resumed) == 2);
    CHECK(resumed.value("node", "") == kPath[2].node);
    for (size_t i = 2; i < std::size(kPath); ++i) playStep(app, kPath[i], i == 2);  // click the first choice after the resume
    DebriefSeen seen = waitForDebrief(app);
    CHECK(seen.sessionId == sessionId);
    CHECK(app.closeWindow() == 0);

    auto store = openRecords(app.database());
    auto people = store->people();
    REQUIRE(people);
    CHECK(people->size() == 2);
    auto sessions = store->sessions(name);
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 1);  // the same session, not a second one
    checkFinishedSession(*store, sessions->front(), seen);
}



TEST_CASE("the profile picker continues as the person clicked, after the list re-sorts with them first") {
    TempDir dir;
    App app(dir.path);
    for (const char* name : {"Ana Lima", "Eva Santos", "Rui Costa"}) cli(app, {"people", "add", name});
    app.start();
    app.waitFor("the start screen listing the three profiles", [](const json& p) {
        return p.value("screen", "") == "start" && !p.value("busy", true) && hasWidget(p, "profile:Rui Costa") &&
               hasWidget(p, "continue") && !p.value("text_input", true);
    });
    app.click("profile:Eva Santos");  // the second row
    app.click("continue");
    app.waitFor("the library as Eva Santos", [](const json& p) {
        return p.value("screen", "") == "library" && p.value("profile", "") == "Eva Santos" && !p.value("busy", true);
    });
    app.click("switch-profile");
    app.waitFor("the start screen again, Eva listed first", [](const json& p) {
        return p.value("screen", "") == "start" && !p.value("busy", true) && hasWidget(p, "profile:Eva Santos") &&
               hasWidget(p, "profile:Ana Lima") && hasWidget(p, "continue") && !p.value("text_input", true) &&
               p["widgets"]["profile:Eva Santos"][1].get<double>() < p["widgets"]["profile:Ana Lima"][1].get<double>();
    });
    // Enter continues as the highlighted person: Eva, now on the first row (it was someone else).
    app.pointAtWindow();
    app.holdKeysUntil("Return", "the library as someone", [](const json& p) { return p.value("screen", "") == "library"; });
    CHECK(app.probe().value("profile", "") == "Eva Santos");
    CHECK(app.closeWindow() == 0);
}

TEST_CASE("a lead grades a blind calibration round and reveals it in the real app") {
    TempDir dir;
    App app(dir.path);
    // A finished conversation, a round on it, and a first grader — made with the real command line.
    cli(app, {"play", "refund-double-charge", "--best-path", "--trainee", "Ana Lima"});
    cli(app, {"people", "add", "Eva Marsh", "--role", "lead"});
    cli(app, {"people", "add", "Rui Costa", "--role", "reviewer"});
    cli(app, {"calibrate", "new", "1", "--by", "Eva Marsh", "--title", "Week 49"});
    cli(app, {"calibrate", "grade", "1", "--by", "Rui Costa", "--level", "greeting=1", "--level", "empathy=1"});
    std::ofstream(app.settings()) << R"({"last_profile": "Eva Marsh"})";

    startAsLastProfile(app, "Eva Marsh");
    app.click("tab-reviews");
    app.waitForScreen("reviews");
    app.click("round:1");
    app.waitForWidget("grades-submit");
    // Eva picks her levels by clicking the radio buttons (blindness itself is tested in test_app_model).
    app.click("grade:0:1");  // greeting: level 1 …
    app.click("grade:0:2");  // … no, the top level: the last pick counts
    app.click("grades-submit");
    app.waitFor("the grades stored and the form closed", [](const json& p) {
        return !p.value("busy", true) && !hasWidget(p, "grades-submit") && hasWidget(p, "round-reveal");
    });
    app.click("round-reveal");
    // Revealing cannot be undone: a modal asks first, and nothing is revealed until it is confirmed.
    app.waitForWidget("confirm-yes");
    CHECK_FALSE(openRecords(app.database())->calibrationRound(1)->revealedAt.has_value());
    app.click("confirm-yes");
    app.waitFor("the revealed report", [](const json& p) {
        return !p.value("busy", true) && !hasWidget(p, "round-reveal") && !hasWidget(p, "confirm-yes");
    });
    CHECK(app.closeWindow() == 0);

    auto store = openRecords(app.database());
    auto round = store->calibrationRound(1);
    REQUIRE(round);
    CHECK(round->revealedAt.has_value());
    auto grades = store->calibrationGrades(1);
    REQUIRE(grades);
    std::vector<std::tuple<std::string, std::string, int>> got;
    for (const auto& g : *grades) got.emplace_back(g.graderName, g.criterionId, g.level);
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<std::tuple<std::string, std::string, int>>{
                     {"Eva Marsh", "greeting", 2}, {"Rui Costa", "empathy", 1}, {"Rui Costa", "greeting", 1}});
}

TEST_CASE("a reviewer re-rates a criterion and sends a coaching plan from a debrief in the real app") {
    TempDir dir;
    App app(dir.path);
    cli(app, {"play", "refund-double-charge", "--best-path", "--trainee", "Ana Lima"});
    cli(app, {"people", "add", "Rui Costa", "--role", "reviewer"});
    std::ofstream(app.settings()) << R"({"last_profile": "Rui Costa"})";
    const std::string reason = "Apology only after the fix";
    const std::string plan = "Own the mistake first; replay this in exam mode";

    startAsLastProfile(app, "Rui Costa");
    app.click("tab-reviews");
    app.waitForScreen("reviews");
    app.click("coaching-review");  // the newest finished session is picked: Ana's
    app.waitForScreen("debrief");
    app.click("tab-coaching-review");
    app.click("rerate-criterion");
    app.click("rerate:empathy");
    app.click("rerate-level:2");
    app.click("rerate-reason");
    app.waitFor("the reason box to take the keyboard", [](const json& p) { return p.value("text_input", false); });
    app.type(reason);
    app.waitFor("the whole reason in the box", [&](const json& p) { return p["coaching"].value("reason", "") == reason; });
    app.click("rerate-save");
    app.waitFor("the re-rating saved and the form cleared", [](const json& p) {
        return !p.value("busy", true) && p["coaching"].value("criterion", "x").empty() && !hasWidget(p, "rerate-save");
    });
    app.click("plan-text");
    app.waitFor("the plan box to take the keyboard", [](const json& p) { return p.value("text_input", false); });
    app.type(plan);
    app.waitFor("the whole plan in the box", [&](const json& p) { return p["coaching"].value("plan", "") == plan; });
    app.click("plan-send");
    app.waitFor("the plan sent", [](const json& p) { return !p.value("busy", true) && p["coaching"].value("plan", "x").empty(); });
    CHECK(app.closeWindow() == 0);

    auto store = openRecords(app.database());
    auto reviews = store->reviews(1);
    REQUIRE(reviews);
    REQUIRE(reviews->size() == 1);
    CHECK((*reviews)[0].criterionId == "empathy");
    CHECK((*reviews)[0].level == 2);
    CHECK((*reviews)[0].reason == reason);
    CHECK((*reviews)[0].authorName == "Rui Costa");
    auto ana = store->findPerson("Ana Lima");
    REQUIRE(ana);
    REQUIRE(*ana);
    auto plans = store->coachingPlans((*ana)->id);
    REQUIRE(plans);
    REQUIRE(plans->size() == 1);
    CHECK((*plans)[0].plan == plan);
    CHECK((*plans)[0].sessionId == 1);
}
