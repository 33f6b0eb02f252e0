// The desktop app's screen logic (AppModel) driven without a window: the same actions the screens
// call, checked against what a trainee would see. Every test case gets a fresh SQLite database in a
// temporary folder, an InlineWorker (store jobs run at once, results apply on update()) and a clock
// that only moves when the test moves it.
//
// Expected values come from the content files, not from running the model: scenario channels,
// difficulties and tags from scenarios/*.json, track levels and deadlines from tracks/*.json,
// scores from the hand-checked golden scripts (tests/golden/README.md), response-time standards
// from seed 004 as sim/core/standards.cpp encodes them.
#include "app/model.hpp"
#include "app/prefs.hpp"

#include <sys/stat.h>
#include "app/store_worker.hpp"
#include "core/calendar.hpp"
#include "store/rerating.hpp"
#include "store/sqlite_store.hpp"
#include "core/agent_name.hpp"
#include "core/analysis.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>
#include <unistd.h>

using namespace simdesk;
using namespace simdesk::app;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kMonday = 1767603600;  // 2026-01-05 09:00 UTC, the golden scripts' start
constexpr int64_t kDay = 86400;

/// The bundled scenarios, rubrics, knowledge base and tracks, loaded once for the whole binary.
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
        std::string pattern = (fs::temp_directory_path() / "simdesk-app-model-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

std::unique_ptr<store::SqliteStore> openStore(const fs::path& path) {
    auto opened = store::SqliteStore::open(path);
    INFO((opened ? std::string() : opened.error().message));
    REQUIRE(opened);
    return std::move(*opened);
}

/// Where the choice with this id is shown (exam mode shuffles the buttons).
size_t positionOf(const AppModel& model, const std::string& choiceId) {
    auto buttons = model.choiceButtons();
    for (size_t i = 0; i < buttons.size(); ++i)
        if (buttons[i].id == choiceId) return i;
    FAIL("no choice \"" << choiceId << "\" on screen at node " << model.prompt().nodeId);
    return 0;
}

/// One run of the app: a database, a worker, the model and a hand-driven clock.
struct Desk {
    TempDir dir;
    fs::path dbPath = dir.path / "simdesk.db";
    std::unique_ptr<store::SqliteStore> store = openStore(dbPath);
    InlineWorker worker{store.get()};
    AppModel model;
    Clock clock{kMonday, 5000.0};

    explicit Desk(Preferences prefs = {}, const ContentLibrary& library = bundled())
        : model(library, worker, std::move(prefs)) {
        model.update();
    }

    /// Moves both clocks: `wall` seconds of recorded time, `steady` seconds of real time.
    void wait(double steady, int64_t wall) {
        clock.steady += steady;
        clock.wall += wall;
    }
    void wait(double seconds) { wait(seconds, static_cast<int64_t>(seconds)); }

    /// Creates a trainee profile and lands on the library as it.
    void newTrainee(const std::string& name = "Ana Lima", const std::vector<std::string>& tracks = {}) {
        model.createProfile(name, "trainee", tracks, clock);
        model.update();
        INFO(model.message());
        REQUIRE(model.profile() != nullptr);
        REQUIRE(model.profile()->name == name);
    }

    void start(const std::string& scenarioId, const std::string& mode = "practice") {
        model.startScenario(scenarioId, mode, clock);
        model.update();
        INFO(model.message());
        REQUIRE(model.screen() == Screen::Play);
        REQUIRE(model.play().sessionId != 0);
    }

    /// Picks the choice with this id wherever it is shown (exam mode shuffles the buttons).
    void choose(const std::string& choiceId) {
        model.choose(positionOf(choiceId), clock);
        model.update();
    }

    size_t positionOf(const std::string& choiceId) const { return ::positionOf(model, choiceId); }

    void reply(const std::string& text) {
        model.play().replyDraft = text;
        model.sendReply(clock);
        model.update();
    }

    size_t storedEntries() {
        auto transcript = store->transcript(model.play().sessionId);
        REQUIRE(transcript);
        return transcript->entries.size();
    }

    std::vector<store::SessionInfo> storedSessions() {
        auto sessions = store->sessions(std::nullopt);
        REQUIRE(sessions);
        return *sessions;
    }
};

/// Real seconds that show as `channelSeconds` on the response clock: email and social run on
/// simulated time, where the channel's whole standard (email 4 h, social 2 h) passes in 120 s.
double realSecondsFor(const Scenario& scenario, double channelSeconds) {
    switch (scenario.channel) {
    case Channel::Email: return channelSeconds * 120.0 / (4 * 3600);
    case Channel::Social: return channelSeconds * 120.0 / (2 * 3600);
    default: return channelSeconds;
    }
}

nlohmann::json goldenScript(const std::string& scenarioId) {
    std::ifstream in(test::sourcePath("tests/golden/" + scenarioId + ".script.json"));
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

/// Plays tests/golden/<id>.script.json in the session on screen. Each action takes the script's
/// seconds on the response clock (30 s when the script gives none, as `simdesk play` does), so
/// the recorded times match the script's and the hand-checked score applies.
void playGolden(Desk& desk, const std::string& scenarioId) {
    const Scenario& scenario = desk.model.play().session->scenario();
    REQUIRE(baseScenarioId(scenario.id) == scenarioId);
    const bool variant = !scenario.variantOf.empty();  // an exam: its customer and figures differ
    const nlohmann::json script = goldenScript(scenarioId);
    for (const auto& action : script["actions"]) {
        double seconds = action.value("seconds", 30.0);
        desk.wait(realSecondsFor(scenario, seconds), static_cast<int64_t>(seconds));
        if (action.contains("choice")) desk.choose(action["choice"].get<std::string>());
        else if (variant) desk.reply(fillAgentName(scenario.node(*scenario.findNode(desk.model.prompt().nodeId)).modelAnswer, kDefaultAgentName));
        else desk.reply(action["reply"].get<std::string>());
        INFO(desk.model.message());
        REQUIRE(desk.model.message().empty());
    }
}

/// The golden reply of refund-double-charge's write_reply turn.
const std::string kRefundReply =
    "I'm so sorry about the double charge on INV-20432. I have refunded the duplicate payment today under reference "
    "RF-88213; you will see it back on your card within 5-10 business days.";

/// The scenario id of the profile's n-th stored session.
std::string sessionsScenario(Desk& desk, size_t n) { return desk.storedSessions().at(n).scenarioId; }

/// The golden case note of refund-double-charge's typed case_note turn.
const std::string kRefundCaseNote =
    "Verified Priya as billing contact via invoice numbers INV-20431/INV-20432 and card last four 4417. Refunded "
    "duplicate INV-20432 in full, reference RF-88213, 5-10 business days to appear. Customer informed; nothing further "
    "needed.";

/// LibraryFilter{.channel = "email"} trips -Wmissing-field-initializers under -Werror; this reads as well.
struct Filter {
    LibraryFilter value;
    Filter& search(std::string s) { value.search = std::move(s); return *this; }
    Filter& channel(std::string s) { value.channel = std::move(s); return *this; }
    Filter& track(std::string s) { value.track = std::move(s); return *this; }
    Filter& difficulty(int d) { value.difficulty = d; return *this; }
    operator LibraryFilter() const { return value; }
};

std::set<std::string> visibleIds(const AppModel& model) {
    std::set<std::string> ids;
    for (size_t i : model.visibleRows()) ids.insert(model.rows()[i].id);
    return ids;
}

const LibraryRow& rowOf(const AppModel& model, const std::string& id) {
    for (const auto& row : model.rows())
        if (row.id == id) return row;
    FAIL("no library row " << id);
    return model.rows().front();
}

std::vector<std::tuple<Bubble::Side, std::string, std::string>> bubbleTexts(const AppModel& model) {
    std::vector<std::tuple<Bubble::Side, std::string, std::string>> out;
    for (const auto& b : model.play().bubbles) out.emplace_back(b.side, b.author, b.text);
    return out;
}

std::vector<std::string> buttonIds(const AppModel& model) {
    std::vector<std::string> ids;
    for (const auto& b : model.choiceButtons()) ids.push_back(b.id);
    return ids;
}

const TrackCard& cardOf(const AppModel& model, const std::string& trackId) {
    for (const auto& card : model.trackCards())
        if (card.track->id == trackId) return card;
    FAIL("no track card " << trackId);
    return model.trackCards().front();
}

} // namespace

// ---- start ----------------------------------------------------------------------------------------

TEST_CASE("start: with no profiles the list is empty and the start screen is shown") {
    Desk desk;
    CHECK(desk.model.screen() == Screen::Start);
    CHECK(desk.model.profiles().empty());
    CHECK(desk.model.profile() == nullptr);
    CHECK_FALSE(desk.model.loading());
}

TEST_CASE("start: a profile needs a name, and a name already taken in any case is refused") {
    Desk desk;
    desk.model.createProfile("   ", "trainee", {}, desk.clock);
    desk.model.update();
    CHECK(desk.model.message() == "Type a name for the new profile.");
    CHECK(desk.store->people()->empty());
    CHECK(desk.model.screen() == Screen::Start);

    desk.newTrainee("Ana Lima");
    desk.model.switchProfile();
    desk.model.update();
    desk.model.createProfile("  ana LIMA ", "trainee", {}, desk.clock);
    desk.model.update();
    CHECK(desk.model.message() == "There is already a profile named Ana Lima: pick it from the list.");
    CHECK(desk.store->people()->size() == 1);
    CHECK(desk.model.profiles().size() == 1);
    CHECK(desk.model.screen() == Screen::Start);
}

TEST_CASE("start: a new trainee is stored with today's date and tracks, and lands on the library") {
    Desk desk;
    desk.wait(3 * kDay);  // Thursday 2026-01-08
    desk.newTrainee("Ana Lima", {"privacy-and-compliance", "new-hire-foundations"});

    CHECK(desk.model.screen() == Screen::Library);
    CHECK(desk.model.message().empty());
    CHECK(desk.model.notice().find("Welcome, Ana Lima") != std::string::npos);
    CHECK(desk.model.profile()->startDate == "2026-01-08");

    auto people = desk.store->people();
    REQUIRE(people);
    REQUIRE(people->size() == 1);
    const store::Person& ana = people->front();
    CHECK(ana.name == "Ana Lima");
    CHECK(ana.role == store::Role::Trainee);
    CHECK(ana.startDate == "2026-01-08");
    std::set<std::string> tracks(ana.tracks.begin(), ana.tracks.end());
    CHECK(tracks == std::set<std::string>{"new-hire-foundations", "privacy-and-compliance"});

    CHECK(desk.model.preferences().lastProfile == "Ana Lima");
    CHECK(desk.model.preferencesChanged());
    desk.model.preferencesSaved();
    CHECK_FALSE(desk.model.preferencesChanged());
}

TEST_CASE("start: the next run lists the last profile used first") {
    Desk desk;
    desk.newTrainee("Ana Lima");
    desk.newTrainee("Zoe Park");
    REQUIRE(desk.model.preferences().lastProfile == "Zoe Park");

    // The store lists people by name, so without the preference Ana comes first...
    InlineWorker plainWorker(desk.store.get());
    AppModel plain(bundled(), plainWorker, Preferences{});
    plain.update();
    REQUIRE(plain.profiles().size() == 2);
    CHECK(plain.profiles()[0].name == "Ana Lima");

    // ...and with it, the last profile used does.
    InlineWorker nextWorker(desk.store.get());
    AppModel next(bundled(), nextWorker, desk.model.preferences());
    next.update();
    REQUIRE(next.profiles().size() == 2);
    CHECK(next.profiles()[0].name == "Zoe Park");
    CHECK(next.profiles()[1].name == "Ana Lima");
    CHECK_FALSE(next.preferencesChanged());
}

TEST_CASE("start: the picked profile follows the person, not the row, when the list re-sorts") {
    Desk desk;
    for (const char* name : {"Ana Lima", "Eva Santos", "Rui Costa"})
        REQUIRE(desk.store->addPerson(name, store::Role::Trainee, "2026-01-05", {}));
    InlineWorker worker(desk.store.get());
    AppModel model(bundled(), worker, Preferences{});
    model.update();
    auto names = [&] {
        std::vector<std::string> out;
        for (const ProfileRow* p : model.pickerProfiles()) out.push_back(p->name);
        return out;
    };
    REQUIRE(names() == std::vector<std::string>{"Ana Lima", "Eva Santos", "Rui Costa"});
    CHECK(model.pickedProfile() == model.pickerProfiles()[0]->id);  // the first row, before any click

    // Click the second row, Eva, and continue.
    const int64_t eva = model.pickerProfiles()[1]->id;
    model.pickProfile(eva);
    model.selectProfile(model.pickedProfile());
    model.update();
    REQUIRE(model.profile());
    CHECK(model.profile()->name == "Eva Santos");

    // Switch profile: Eva, the last used, moves to the first row, and the pick moves with her.
    model.switchProfile();
    model.update();
    REQUIRE(names() == std::vector<std::string>{"Eva Santos", "Ana Lima", "Rui Costa"});
    CHECK(model.pickedProfile() == eva);
    model.selectProfile(model.pickedProfile());  // Enter
    model.update();
    CHECK(model.profile()->name == "Eva Santos");
}

TEST_CASE("start: the new-profile form is empty after Create, so the next name is not appended to the last") {
    Desk desk;
    const size_t allTracks = bundled().tracks.size();
    NewProfileDraft& form = desk.model.newProfileDraft();
    CHECK(form.tracks.size() == allTracks);  // every track is ticked to begin with
    form.name = "Eva Santos";
    form.role = "reviewer";
    form.tracks = {"new-hire-foundations"};
    desk.model.createProfile(form.name, form.role, form.tracks, desk.clock);
    desk.model.update();
    REQUIRE(desk.model.profile());
    CHECK(desk.model.profile()->name == "Eva Santos");
    CHECK(desk.model.newProfileDraft().name.empty());
    CHECK(desk.model.newProfileDraft().role == "trainee");
    CHECK(desk.model.newProfileDraft().tracks.size() == allTracks);

    desk.model.switchProfile();
    desk.model.update();
    desk.model.newProfileDraft().name += "Rui Costa";  // typing into the field
    desk.model.createProfile(desk.model.newProfileDraft().name, "trainee", {}, desk.clock);
    desk.model.update();
    CHECK(desk.model.profile()->name == "Rui Costa");
}

TEST_CASE("start: a profile is renamed with its records, and a blank, control-character or taken name is refused") {
    Desk desk;
    desk.newTrainee("Eva Santos");
    desk.start("refund-double-charge");
    desk.choose("ack_verify");
    desk.model.leavePlay();
    desk.model.update();
    const int64_t eva = desk.model.profile()->id;
    desk.newTrainee("Rui Costa");
    desk.model.switchProfile();
    desk.model.update();

    desk.model.renameProfile(eva, "   ");
    CHECK(desk.model.message() == "Type the new name.");
    desk.model.renameProfile(eva, "rui COSTA");
    CHECK(desk.model.message() == "There is already a profile named Rui Costa: pick it from the list.");
    desk.model.renameProfile(eva, "Eva\x1b[31mRed");
    CHECK(desk.model.message() == "A name cannot contain control characters (found \\x1b at byte 4).");
    desk.model.update();
    CHECK(desk.store->findPerson("Eva Santos")->has_value());

    desk.model.renameProfile(eva, "  Eva Cruz ");
    desk.model.update();
    CHECK(desk.model.message().empty());
    CHECK(desk.model.notice() == "Renamed Eva Santos to Eva Cruz; their sessions, scores and plans follow.");
    auto renamed = desk.store->findPerson("Eva Cruz");
    REQUIRE(renamed);
    REQUIRE(renamed->has_value());
    CHECK((*renamed)->id == eva);
    CHECK(desk.store->sessions(std::string("Eva Cruz"))->size() == 1);
    CHECK(desk.store->sessions(std::string("Eva Santos"))->empty());
    // The picker shows the new name, and it can be given back in another case by its own profile.
    auto listed = desk.model.pickerProfiles();
    CHECK(std::any_of(listed.begin(), listed.end(), [](const ProfileRow* p) { return p->name == "Eva Cruz"; }));
    desk.model.renameProfile(eva, "eva cruz");
    desk.model.update();
    CHECK(desk.model.message().empty());
    CHECK((*desk.store->findPerson("eva cruz"))->id == eva);

    // The store itself refuses what the model does (the command line goes straight to it).
    auto rui = desk.store->findPerson("Rui Costa");
    REQUIRE(rui);
    CHECK(desk.store->renamePerson((*rui)->id, "EVA CRUZ").error().message == "there is already a person named \"eva cruz\"");
    CHECK_FALSE(desk.store->renamePerson((*rui)->id, "Bo\xc2\x9b"));
    CHECK_FALSE(desk.store->renamePerson((*rui)->id, " "));
}

TEST_CASE("start: an archived profile keeps its records and leaves the picker and the team until restored") {
    Desk desk;
    desk.newTrainee("Ana Lima", {"new-hire-foundations"});
    desk.start("refund-double-charge");
    desk.choose("ack_verify");
    desk.model.leavePlay();
    desk.model.update();
    const int64_t ana = desk.model.profile()->id;
    desk.model.createProfile("Eva Marsh", "lead", {}, desk.clock);
    desk.model.update();
    desk.model.showTeam(desk.clock);
    desk.model.update();
    REQUIRE(desk.model.team().size() == 1);
    desk.model.switchProfile();
    desk.model.update();
    desk.model.pickProfile(ana);

    desk.model.setProfileArchived(ana, true, desk.clock);
    desk.model.update();
    CHECK(desk.model.notice().rfind("Archived Ana Lima", 0) == 0);
    auto listed = desk.model.pickerProfiles();
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]->name == "Eva Marsh");
    CHECK(desk.model.pickedProfile() == listed[0]->id);  // the pick falls to a listed profile
    auto stored = desk.store->findPerson("Ana Lima");
    REQUIRE(stored);
    CHECK((*stored)->archived);
    CHECK(desk.store->sessions(std::string("Ana Lima"))->size() == 1);  // the records are kept
    desk.model.selectProfile(ana);
    CHECK(desk.model.message() == "Ana Lima is archived: restore the profile to train as it.");
    CHECK(desk.model.screen() == Screen::Start);
    // Archived names stay taken.
    desk.model.createProfile("ana lima", "trainee", {}, desk.clock);
    CHECK(desk.model.message() == "There is already a profile named Ana Lima (archived).");

    // A new run hides Ana too, and the lead's team no longer lists her.
    InlineWorker worker(desk.store.get());
    AppModel next(bundled(), worker, Preferences{});
    next.update();
    REQUIRE(next.pickerProfiles().size() == 1);
    next.setShowArchived(true);
    REQUIRE(next.pickerProfiles().size() == 2);
    next.setShowArchived(false);
    next.selectProfile(next.pickerProfiles()[0]->id);
    next.update();
    next.showTeam(desk.clock);
    next.update();
    CHECK(next.team().empty());

    desk.model.setShowArchived(true);
    desk.model.setProfileArchived(ana, false, desk.clock);
    desk.model.update();
    CHECK(desk.model.notice() == "Restored Ana Lima to the list.");
    desk.model.setShowArchived(false);
    CHECK(desk.model.pickerProfiles().size() == 2);
    CHECK_FALSE((*desk.store->findPerson("Ana Lima"))->archived);
}

TEST_CASE("status: a message belongs to its screen and its profile") {
    Desk desk;
    desk.newTrainee("Maya Chen");
    const int64_t maya = desk.model.profile()->id;
    desk.model.startScenario("no-such-scenario", "practice", desk.clock);
    CHECK(desk.model.message() == "No scenario \"no-such-scenario\" in the library.");
    desk.model.showTracks(desk.clock);  // another screen: not shown there...
    desk.model.update();
    CHECK(desk.model.message().empty());
    desk.model.showLibrary();           // ...nor again when coming back
    desk.model.update();
    CHECK(desk.model.message().empty());

    // Good news for one profile is not shown to the next one on the same screen.
    desk.model.startScenario("no-such-scenario", "practice", desk.clock);
    REQUIRE_FALSE(desk.model.message().empty());
    desk.model.switchProfile();
    desk.model.update();
    CHECK(desk.model.message().empty());
    desk.model.createProfile("Rui Costa", "reviewer", {}, desk.clock);
    desk.model.update();
    CHECK(desk.model.notice().rfind("Welcome, Rui Costa", 0) == 0);
    desk.model.switchProfile();
    desk.model.update();
    CHECK(desk.model.notice().empty());
    desk.model.selectProfile(maya);
    desk.model.update();
    CHECK(desk.model.notice().empty());
    CHECK(desk.model.message().empty());
}

// ---- library ----------------------------------------------------------------------------------------

TEST_CASE("play: a profile named Eva Santos is called Eva by the customer, never Sam or {agent}") {
    Desk desk;
    desk.newTrainee("Eva Santos");
    desk.start("screen-reader-barrier-phone");
    const Scenario& scenario = desk.model.play().session->scenario();
    ScenarioAnalysis analysis = analyzeScenario(scenario, bundled().findRubric(scenario.rubricId).get());
    REQUIRE(analysis.best);
    bool introduced = false;
    for (const auto& step : analysis.best->path) {
        for (const auto& b : desk.model.choiceButtons()) {
            CHECK(b.text.find("Sam") == std::string::npos);
            CHECK(b.text.find("{agent}") == std::string::npos);
            introduced = introduced || b.text.find("I'm Eva") != std::string::npos;
        }
        if (step.freeText) desk.reply(fillAgentName(scenario.node(*scenario.findNode(step.nodeId)).modelAnswer, "Eva"));
        else desk.choose(step.choiceId);
        INFO(desk.model.message());
        REQUIRE(desk.model.message().empty());
    }
    CHECK(introduced);  // the greeting choices introduce the trainee by name
    REQUIRE(desk.model.screen() == Screen::Debrief);
    bool thanked = false;
    for (const auto& [side, author, text] : bubbleTexts(desk.model)) {
        INFO(text);
        CHECK(text.find("Sam") == std::string::npos);
        CHECK(text.find("{agent}") == std::string::npos);
        thanked = thanked || text.find("Thank you, Eva.") != std::string::npos;
    }
    CHECK(thanked);
    for (const auto& row : desk.model.debrief().bestPath) CHECK(row.text.find("{agent}") == std::string::npos);
    // The store keeps the content as written, so the session replays and scores whoever played it.
    auto stored = desk.store->transcript(desk.model.play().sessionId);
    REQUIRE(stored);
    bool placeholderKept = false;
    for (const auto& e : stored->entries) placeholderKept = placeholderKept || e.text.find("{agent}") != std::string::npos;
    CHECK(placeholderKept);
}

TEST_CASE("library: the channel filter shows only that channel's scenarios") {
    Desk desk;
    desk.newTrainee();
    REQUIRE(desk.model.rows().size() == 24);
    // "channel": "email" in scenarios/*.json
    desk.model.setFilter(Filter().channel("email"));
    CHECK(visibleIds(desk.model) == std::set<std::string>{
                                        "crisis-outage-email", "gdpr-access-request-email",
                                        "german-deletion-request-email", "missing-emails-forwarding-email",
                                        "rate-limit-proactive-email", "refund-double-charge",
                                        "seat-overcharge-complaint-email", "sso-plan-question-email"});
    for (size_t i : desk.model.visibleRows()) CHECK(desk.model.rows()[i].channel == "email");
}

TEST_CASE("library: search words must all match, in any case, in any order") {
    Desk desk;
    desk.newTrainee();
    // "refund" appears in five scenarios' titles, briefs or tags; of those, only two are chats.
    desk.model.setFilter(Filter().search("refund"));
    CHECK(visibleIds(desk.model) == std::set<std::string>{"call-recording-promise-phone", "headset-order-change-chat",
                                                          "refund-double-charge", "seat-overcharge-complaint-email",
                                                          "spanish-billing-chat"});
    desk.model.setFilter(Filter().search("Refund CHAT"));
    CHECK(visibleIds(desk.model) == std::set<std::string>{"headset-order-change-chat", "spanish-billing-chat"});
    desk.model.setFilter(Filter().search("  chat   REFUND "));
    CHECK(visibleIds(desk.model) == std::set<std::string>{"headset-order-change-chat", "spanish-billing-chat"});
    // The persona's name and company are searched too.
    desk.model.setFilter(Filter().search("priya DENTAL"));
    CHECK(visibleIds(desk.model) == std::set<std::string>{"refund-double-charge"});
    desk.model.setFilter(Filter().search("priya phishing"));
    CHECK(desk.model.visibleRows().empty());
}

TEST_CASE("library: scenario types read as words, and a type filter keeps only that type") {
    CHECK(categoryLabel("success_challenge") == "Success challenge");
    CHECK(categoryLabel("vip_handling") == "VIP handling");
    CHECK(categoryLabel("complaint") == "Complaint");
    Desk desk;
    desk.newTrainee();
    // "category": "complaint" in scenarios/*.json
    LibraryFilter complaints;
    complaints.category = "complaint";
    desk.model.setFilter(complaints);
    CHECK(visibleIds(desk.model) == std::set<std::string>{"call-recording-promise-phone", "seat-overcharge-complaint-email"});
}

TEST_CASE("library: a row describes the situation with the brief, never the author's summary") {
    Desk desk;
    desk.newTrainee();
    const LibraryRow& row = rowOf(desk.model, "refund-double-charge");
    // scenarios/refund-double-charge.json "brief"
    CHECK(row.brief == "Priya, office manager at a small dental practice, emails because Northwind Desk charged her "
                       "company card twice for the annual Team plan renewal.");
    // Words only the summary has ("Tempting mistakes: asking for the full card number") find nothing.
    desk.model.setFilter(Filter().search("tempting"));
    CHECK(desk.model.visibleRows().empty());
}

TEST_CASE("library: a track filter shows exactly the scenarios of the track's levels") {
    Desk desk;
    desk.newTrainee();
    // tracks/new-hire-foundations.json, levels 1 to 3
    desk.model.setFilter(Filter().track("new-hire-foundations"));
    CHECK(visibleIds(desk.model) ==
          std::set<std::string>{"ticket-export-self-service-chat", "upgrade-inquiry-phone", "rewards-points-dispute-chat",
                                "missing-emails-forwarding-email", "refund-double-charge", "headset-order-change-chat", "sso-plan-question-email",
                                "seat-overcharge-complaint-email", "public-complaint-social",
                                "gdpr-access-request-email", "spanish-billing-chat", "salesforce-sync-chat-to-phone"});
    // tracks/technical-support-specialist.json
    desk.model.setFilter(Filter().track("technical-support-specialist"));
    CHECK(visibleIds(desk.model) ==
          std::set<std::string>{"missing-emails-forwarding-email", "salesforce-sync-chat-to-phone",
                                "sla-targets-optimization-chat", "rate-limit-proactive-email", "api-outage-chat",
                                "screen-reader-barrier-phone", "after-hours-sso-lockout-phone", "crisis-outage-email"});
}

TEST_CASE("library: the difficulty filter and filters combined") {
    Desk desk;
    desk.newTrainee();
    desk.model.setFilter(Filter().difficulty(1));
    CHECK(visibleIds(desk.model) == std::set<std::string>{"ticket-export-self-service-chat", "upgrade-inquiry-phone"});
    desk.model.setFilter(Filter().channel("email").difficulty(2));
    CHECK(visibleIds(desk.model) == std::set<std::string>{"missing-emails-forwarding-email", "refund-double-charge",
                                                          "sso-plan-question-email"});
}

TEST_CASE("library: clearing the filters shows all 24 scenarios") {
    Desk desk;
    desk.newTrainee();
    desk.model.setFilter(Filter().search("outage").channel("chat"));
    CHECK(visibleIds(desk.model) == std::set<std::string>{"api-outage-chat"});
    desk.model.setFilter(LibraryFilter{});
    CHECK(desk.model.visibleRows().size() == 24);
    CHECK(desk.model.filterOptions().channels.size() == 4);
}

// ---- play -------------------------------------------------------------------------------------------

TEST_CASE("play: a practice session opens with the customer's message and the choices") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    CHECK(desk.model.play().mode == "practice");
    REQUIRE(desk.model.play().bubbles.size() == 1);
    const Bubble& opening = desk.model.play().bubbles[0];
    CHECK(opening.side == Bubble::Side::Customer);
    CHECK(opening.author == "Priya Raman");
    CHECK(opening.text.rfind("Subject: Charged TWICE for our annual plan", 0) == 0);
    CHECK(desk.model.prompt().kind == TurnPrompt::Kind::Choice);
    CHECK(desk.model.prompt().prompt == "Email, P3. Write your first reply to Priya.");
    // The three authored choices, in the session's shuffled order (authors list the best first).
    auto shown = buttonIds(desk.model);
    CHECK(std::set<std::string>(shown.begin(), shown.end()) ==
          std::set<std::string>{"ack_verify", "ask_full_card", "template_reply"});
    for (const auto& b : desk.model.choiceButtons()) CHECK(b.enabled);
    CHECK(desk.model.mood() == 30);  // persona.starting_mood
}

TEST_CASE("play: choosing by position adds your message, the customer's answer and practice feedback") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    desk.wait(5);
    desk.model.choose(desk.positionOf("ack_verify"), desk.clock);
    desk.model.update();

    const auto& bubbles = desk.model.play().bubbles;
    REQUIRE(bubbles.size() == 3);
    CHECK(bubbles[1].side == Bubble::Side::Trainee);
    CHECK(bubbles[1].author == "You");
    CHECK(bubbles[1].text.rfind("Hi Priya,\n\nThank you for flagging this", 0) == 0);
    CHECK(bubbles[2].side == Bubble::Side::Customer);
    CHECK(bubbles[2].text.rfind("Hi Ana,\n\nThanks. The invoices are INV-20431 and INV-20432", 0) == 0);
    CHECK(desk.model.mood() == 40);  // 30 + ack_verify's mood 10

    REQUIRE(desk.model.play().feedback.size() == 1);
    const PracticeFeedback& fb = desk.model.play().feedback[0];
    CHECK(fb.turn == 1);
    REQUIRE(fb.notes.size() == 1);
    CHECK(fb.notes[0].text.rfind("Strong opening", 0) == 0);
    CHECK_FALSE(fb.notes[0].critical);
    CHECK(desk.model.prompt().nodeId == "review_account");
}

TEST_CASE("practice: the best answer is not always the first button") {
    // In the bundled scenarios the authors list the best choice first at almost every node; if the
    // app kept that order, a trainee would learn to press 1. Along refund-double-charge's best path
    // the best choice must sit somewhere else at least once, and the order must be stable.
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    std::vector<size_t> positions;
    for (const char* id : {"ack_verify", "verify_first", "refund_duplicate"}) {
        auto before = buttonIds(desk.model);
        CHECK(buttonIds(desk.model) == before);  // drawn again, same order
        positions.push_back(desk.positionOf(id));
        desk.wait(10);
        desk.choose(id);
    }
    CHECK(std::any_of(positions.begin(), positions.end(), [](size_t p) { return p != 0; }));
}

TEST_CASE("play: a number past the last choice does nothing") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    desk.model.choose(3, desk.clock);  // three choices: positions 0 to 2
    desk.model.update();
    CHECK(desk.model.play().bubbles.size() == 1);
    CHECK(desk.model.play().session->transcript().traineeTurnCount() == 0);
    CHECK(desk.model.message().empty());
    CHECK(desk.storedEntries() == 1);
}

TEST_CASE("play: a disabled choice says why and does not advance") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    desk.choose("ack_verify");
    desk.choose("open_charges");  // skips verification: the refund stays locked
    REQUIRE(desk.model.prompt().nodeId == "decide");
    auto buttons = desk.model.choiceButtons();
    size_t refund = desk.positionOf("refund_duplicate");
    CHECK_FALSE(buttons[refund].enabled);
    CHECK(buttons[refund].unavailableReason == "Locked until the billing contact is verified (Billing Security policy)");

    size_t before = desk.model.play().bubbles.size();
    desk.model.choose(refund, desk.clock);
    desk.model.update();
    CHECK(desk.model.message() == "Locked until the billing contact is verified (Billing Security policy)");
    CHECK(desk.model.play().bubbles.size() == before);
    CHECK(desk.model.prompt().nodeId == "decide");

    // Verifying now unlocks it, and the message goes away with the next good move.
    desk.choose("verify_now");
    CHECK(desk.model.message().empty());
    CHECK(desk.model.choiceButtons()[desk.positionOf("refund_duplicate")].enabled);
}

TEST_CASE("play: a choice that hands the case off says where it goes") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    for (const char* id : {"ack_verify", "verify_first", "escalate_l2"}) desk.choose(id);
    REQUIRE(desk.model.prompt().nodeId == "handoff_note");
    // Both lead to an L2 hand-off node with "team": "Billing".
    for (const auto& b : desk.model.choiceButtons()) CHECK(b.action == "Escalate to Billing");
    desk.choose("handoff_full");
    REQUIRE(desk.model.screen() == Screen::Debrief);
    const auto& bubbles = desk.model.play().bubbles;
    auto handoff = std::find_if(bubbles.begin(), bubbles.end(), [](const Bubble& b) { return b.author == "Hand-off"; });
    REQUIRE(handoff != bubbles.end());
    CHECK(handoff->side == Bubble::Side::System);
    CHECK(handoff->note == "to L2");
    CHECK(desk.model.debrief().card.endingId == "escalated");
}

TEST_CASE("play: sending an empty reply asks for text and does not advance") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    for (const char* id : {"ack_verify", "verify_first", "refund_duplicate"}) desk.choose(id);
    REQUIRE(desk.model.prompt().kind == TurnPrompt::Kind::FreeText);
    size_t turns = desk.model.play().session->transcript().traineeTurnCount();
    size_t stored = desk.storedEntries();

    desk.reply("  \n\t ");
    CHECK(desk.model.message() == "Type a reply first (Ctrl+Enter sends it).");
    CHECK(desk.model.prompt().nodeId == "write_reply");
    CHECK(desk.model.play().session->transcript().traineeTurnCount() == turns);
    CHECK(desk.storedEntries() == stored);

    desk.reply(kRefundReply);
    CHECK(desk.model.message().empty());
    CHECK(desk.model.play().replyDraft.empty());
    CHECK(desk.model.prompt().nodeId == "closing_choice");  // refund and timeline given: no follow-up question
}

TEST_CASE("play: a card number typed into a reply is masked on screen, as it is in the store") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    for (const char* id : {"ack_verify", "verify_first", "refund_duplicate"}) desk.choose(id);
    REQUIRE(desk.model.prompt().kind == TurnPrompt::Kind::FreeText);

    desk.reply("Refunded to card 4111 1111 1111 1111, back in 5-10 business days.");
    const auto& bubbles = desk.model.play().bubbles;
    auto typed = std::find_if(bubbles.begin(), bubbles.end(), [](const Bubble& b) {
        return b.side == Bubble::Side::Trainee && b.text.find("business days") != std::string::npos;
    });
    REQUIRE(typed != bubbles.end());
    CHECK(typed->text.find("4111 1111") == std::string::npos);
    CHECK(typed->text.find("[card number ending 1111 removed]") != std::string::npos);
    auto stored = desk.store->transcript(desk.model.play().sessionId);
    REQUIRE(stored);
    CHECK(stored->entries[5].text == typed->text);
}

TEST_CASE("play: every turn is stored as it happens") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    // The opening email is stored with the session.
    CHECK(desk.storedEntries() == 1);
    // ack_verify: your reply and Priya's answer with the invoice numbers.
    desk.choose("ack_verify");
    CHECK(desk.storedEntries() == 3);
    // verify_first and refund_duplicate are console actions: nothing more from Priya.
    desk.choose("verify_first");
    CHECK(desk.storedEntries() == 4);
    desk.choose("refund_duplicate");
    CHECK(desk.storedEntries() == 5);
    desk.reply(kRefundReply);
    auto stored = desk.store->transcript(desk.model.play().sessionId);
    REQUIRE(stored);
    // Your reply, then Priya's thanks and renewal question at closing_choice.
    REQUIRE(stored->entries.size() == 7);
    CHECK(stored->entries[5].kind == EntryKind::TraineeReply);
    CHECK(stored->entries[5].text == kRefundReply);
    CHECK(stored->entries == desk.model.play().session->transcript().entries);

    auto info = desk.store->session(desk.model.play().sessionId);
    REQUIRE(info);
    CHECK(info->status == store::SessionStatus::Active);
    CHECK(info->mode == "practice");
    CHECK(info->personName == "Ana Lima");
}

TEST_CASE("play: the golden refund script ends on the debrief with the hand-checked 97.5 %") {
    // Timed replies (turns 1, 4 and 5) take 600, 900 and 30 s of email time, all inside the 4 h
    // standard, so response time is full marks; tests/golden/README.md explains the rest.
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    playGolden(desk, "refund-double-charge");

    CHECK(desk.model.screen() == Screen::Debrief);
    const DebriefState& debrief = desk.model.debrief();
    CHECK(debrief.card.finalPercent == doctest::Approx(97.5));
    CHECK(debrief.card.passed);
    CHECK(debrief.card.endingId == "resolved");
    CHECK(debrief.card.criticalErrors.empty());
    CHECK(debrief.scenarioTitle == "Charged twice for the annual Team plan");
    CHECK(debrief.sessionId == desk.model.play().sessionId);
    // The response clock recorded the script's seconds on the timed replies (console actions,
    // turns 2, 3 and 6, are not timed).
    REQUIRE(debrief.turns.size() == 6);
    CHECK(debrief.turns[0].seconds == 600);
    CHECK(debrief.turns[3].seconds == 900);
    CHECK(debrief.turns[4].seconds == 30);

    auto info = desk.store->session(debrief.sessionId);
    REQUIRE(info);
    CHECK(info->status == store::SessionStatus::Finished);
    CHECK(info->endingId == "resolved");
    REQUIRE(info->latestPercent);
    CHECK(*info->latestPercent == doctest::Approx(97.5));
}

TEST_CASE("play: the golden api-outage chat script scores 95.17 % with its one late reply and no feedback invitation") {
    // Live chat runs in real time: the second reply takes 70 s against the 60 s standard, the
    // escalation is an internal action, so response time is 5/6: 8 / 6 lost (README). The typed
    // close promises the RCA but does not invite feedback: closing (weight 7) is 1/2, 3.5 lost.
    Desk desk;
    desk.newTrainee();
    desk.start("api-outage-chat");
    playGolden(desk, "api-outage-chat");
    REQUIRE(desk.model.screen() == Screen::Debrief);
    const DebriefState& debrief = desk.model.debrief();
    CHECK(debrief.card.finalPercent == doctest::Approx(100 - 8.0 / 6 - 3.5));
    std::vector<std::optional<bool>> onTime;
    for (const auto& t : debrief.turns) onTime.push_back(t.onTime);
    CHECK(onTime == std::vector<std::optional<bool>>{true, false, std::nullopt, true, true, true, true});
}

// ---- exam -------------------------------------------------------------------------------------------

TEST_CASE("exam: no practice feedback is collected") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge", "exam");
    CHECK(desk.model.play().mode == "exam");
    desk.choose("ack_verify");
    desk.choose("verify_first");
    CHECK(desk.model.play().session->transcript().traineeTurnCount() == 2);
    CHECK(desk.model.play().feedback.empty());
    CHECK(desk.store->session(desk.model.play().sessionId)->mode == "exam");
}

TEST_CASE("exam: choices are shuffled the same way for the same session start and turn") {
    auto examOrders = [](int64_t startedAt) {
        Desk desk;
        desk.clock.wall = startedAt;
        desk.newTrainee();
        desk.start("refund-double-charge", "exam");
        std::vector<std::vector<std::string>> orders{buttonIds(desk.model)};
        desk.choose("ack_verify");
        orders.push_back(buttonIds(desk.model));  // review_account
        desk.choose("verify_first");
        orders.push_back(buttonIds(desk.model));  // decide (verify_now hidden)
        return orders;
    };
    auto first = examOrders(kMonday);
    CHECK(first == examOrders(kMonday));

    // Same choices as the scenario shows, whatever the order.
    auto sorted = [](std::vector<std::string> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    CHECK(sorted(first[0]) == sorted({"ack_verify", "ask_full_card", "template_reply"}));
    CHECK(sorted(first[1]) == sorted({"verify_first", "open_charges"}));
    CHECK(sorted(first[2]) == sorted({"refund_duplicate", "escalate_l2", "offer_credit", "chargeback"}));

    // Over a few session starts the authored order is not always kept.
    const std::vector<std::string> authored{"refund_duplicate", "escalate_l2", "offer_credit", "chargeback"};
    bool shuffled = false;
    for (int64_t minute = 0; minute < 6 && !shuffled; ++minute) shuffled = examOrders(kMonday + 60 * minute)[2] != authored;
    CHECK(shuffled);
}

// ---- response clock -----------------------------------------------------------------------------------

TEST_CASE("response clock: live chat holds every reply to 60 s and turns late after it") {
    Desk desk;
    desk.newTrainee();
    desk.start("api-outage-chat");  // chat, P1: first reply min(60 s, 1 h)
    ResponseClock rc = desk.model.responseClock(desk.clock);
    CHECK(rc.target == 60);
    CHECK(rc.elapsed == 0);
    CHECK_FALSE(rc.simulated);
    CHECK_FALSE(rc.late);
    CHECK(rc.standard.find("live chat: respond within 60 seconds") != std::string::npos);

    desk.wait(30);
    CHECK(desk.model.responseClock(desk.clock).elapsed == 30);
    // The wall clock jumping (a changed system time) does not move the response clock.
    desk.wait(0, 3600);
    CHECK(desk.model.responseClock(desk.clock).elapsed == 30);
    desk.wait(30);
    CHECK_FALSE(desk.model.responseClock(desk.clock).late);  // exactly 60 s is on time
    desk.wait(1);
    rc = desk.model.responseClock(desk.clock);
    CHECK(rc.elapsed == 61);
    CHECK(rc.late);

    desk.choose("greet_triage");
    CHECK(desk.model.play().session->transcript().entries[1].seconds == 61);
    rc = desk.model.responseClock(desk.clock);
    CHECK(rc.target == 60);  // every later reply: the channel standard
    CHECK(rc.elapsed == 0);  // the clock restarts with the new prompt
    CHECK(rc.standard.find("first response") == std::string::npos);
}

TEST_CASE("response clock: the first reply is held to the stricter of channel and priority") {
    struct Case {
        const char* scenario;
        double target;
        const char* words;
    };
    // email P3: 4 h beats 24 h; email P1: 1 h beats 4 h; phone P1: 2 min beats 1 h.
    for (Case c : {Case{"refund-double-charge", 4 * 3600, "first response for P3: 4 h"},
                   Case{"crisis-outage-email", 3600, "first response for P1: 1 h"},
                   Case{"after-hours-sso-lockout-phone", 120, "first response for P1: 2 min"}}) {
        CAPTURE(c.scenario);
        Desk desk;
        desk.newTrainee();
        desk.start(c.scenario);
        ResponseClock rc = desk.model.responseClock(desk.clock);
        CHECK(rc.target == c.target);
        CHECK(rc.standard.find(c.words) != std::string::npos);
    }
}

TEST_CASE("response clock: email runs on simulated time, 4 h in two real minutes") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    desk.wait(60);
    ResponseClock rc = desk.model.responseClock(desk.clock);
    CHECK(rc.simulated);
    CHECK(rc.elapsed == 2 * 3600);
    CHECK(rc.target == 4 * 3600);
    CHECK_FALSE(rc.late);
    desk.wait(60);
    CHECK_FALSE(desk.model.responseClock(desk.clock).late);
    desk.wait(1);
    rc = desk.model.responseClock(desk.clock);
    CHECK(rc.elapsed == 121 * 120);
    CHECK(rc.late);

    // Internal console steps are not timed.
    desk.choose("ack_verify");
    REQUIRE(desk.model.prompt().nodeId == "review_account");
    desk.wait(500);
    rc = desk.model.responseClock(desk.clock);
    CHECK(rc.target == 0);
    CHECK_FALSE(rc.late);
    CHECK(rc.standard == "Tool action: the customer is not waiting on this step.");
}

TEST_CASE("response clock: the first reply after an internal step is still held to the first-reply target") {
    // german-deletion-request-email opens with an internal triage choice (email, P3). Scoring
    // (sim/core/scoring.cpp) holds the first reply the customer waits on to the first-reply
    // target; the clock used to count the internal step as the first reply.
    Desk desk;
    desk.newTrainee();
    desk.start("german-deletion-request-email");
    CHECK(desk.model.responseClock(desk.clock).standard == "Tool action: the customer is not waiting on this step.");
    desk.choose("processor");
    REQUIRE(desk.model.prompt().nodeId == "reply");
    CHECK(desk.model.responseClock(desk.clock).standard.find("first response for P3: 4 h") != std::string::npos);

    // The same scenario at P1: the first reply is due in 1 h, not the 4 h email standard.
    ContentLibrary urgent = bundled();
    for (auto& s : urgent.scenarios)
        if (s->id == "german-deletion-request-email") {
            auto copy = std::make_shared<Scenario>(*s);
            copy->priority = Priority::P1;
            s = copy;
        }
    Desk p1({}, urgent);
    p1.newTrainee();
    p1.start("german-deletion-request-email");
    p1.choose("processor");
    p1.wait(realSecondsFor(*urgent.findScenario("german-deletion-request-email"), 3700), 3700);
    ResponseClock rc = p1.model.responseClock(p1.clock);
    CHECK(rc.target == 3600);
    CHECK(rc.late);
    // ...and the debrief agrees that this reply was late.
    p1.choose("template_de");
    p1.reply("The shop decides what happens to your data; I have passed your request on to them.");
    for (int turn = 0; turn < 40 && p1.model.screen() == Screen::Play; ++turn) {  // the rest of the conversation does not matter here
        const TurnPrompt prompt = p1.model.prompt();
        if (prompt.kind == TurnPrompt::Kind::FreeText) p1.reply("Logged as a processor referral for the controller.");
        else p1.choose(prompt.choices.front().id);
    }
    REQUIRE(p1.model.screen() == Screen::Debrief);
    REQUIRE(p1.model.debrief().turns.size() >= 2);
    CHECK(p1.model.debrief().turns[1].onTime == std::optional<bool>(false));
}

// ---- resume -------------------------------------------------------------------------------------------

TEST_CASE("resume: after a crash the next run offers the session and continues it") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    int64_t sessionId = desk.model.play().sessionId;
    desk.choose("ack_verify");
    desk.choose("verify_first");
    auto before = bubbleTexts(desk.model);
    REQUIRE(before.size() == 4);  // opening, your reply, Priya's details, your console action

    // A new run, on its own connection to the same file, as after the app was killed.
    auto reopened = openStore(desk.dbPath);
    InlineWorker worker(reopened.get());
    AppModel next(bundled(), worker, desk.model.preferences());
    next.update();
    REQUIRE(next.profiles().size() == 1);
    CHECK_FALSE(next.resumeOffer());
    next.selectProfile(next.profiles()[0].id);
    next.update();
    REQUIRE(next.resumeOffer());
    CHECK(next.resumeOffer()->sessionId == sessionId);
    CHECK(next.resumeOffer()->scenarioId == "refund-double-charge");
    CHECK(next.resumeOffer()->scenarioTitle == "Charged twice for the annual Team plan");
    CHECK(next.resumeOffer()->mode == "practice");

    Clock later{desk.clock.wall + 600, 20.0};
    next.resume(later);
    next.update();
    INFO(next.message());
    CHECK(next.screen() == Screen::Play);
    CHECK_FALSE(next.resumeOffer());
    CHECK(bubbleTexts(next) == before);
    CHECK(next.play().sessionId == sessionId);
    CHECK(next.prompt().nodeId == "decide");
    CHECK(next.responseClock(later).elapsed == 0);  // the clock restarts when the prompt reappears

    // Playing on stores into the same session.
    auto stored = [&] { return reopened->transcript(sessionId)->entries.size(); };
    CHECK(stored() == 4);
    next.choose(positionOf(next, "refund_duplicate"), later);
    next.update();
    CHECK(next.message().empty());
    CHECK(stored() == 5);
    CHECK(reopened->sessions(std::nullopt)->size() == 1);
}

TEST_CASE("resume: an exam shows the same shuffled order after resuming") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge", "exam");
    desk.choose("ack_verify");
    desk.choose("verify_first");
    auto order = buttonIds(desk.model);

    InlineWorker worker(desk.store.get());
    AppModel next(bundled(), worker, desk.model.preferences());
    next.update();
    next.selectProfile(next.profiles()[0].id);
    next.update();
    REQUIRE(next.resumeOffer());
    CHECK(next.resumeOffer()->mode == "exam");
    next.resume(desk.clock);
    next.update();
    CHECK(next.play().mode == "exam");
    CHECK(buttonIds(next) == order);
    CHECK(next.play().feedback.empty());  // exams show no coach's notes, resumed or not
}

/// The next run of the app on the same database file, on its own connection, as after the app
/// was killed: signed in as the first profile, the resume offer read.
struct NextRun {
    std::unique_ptr<store::SqliteStore> store;
    InlineWorker worker;
    AppModel model;
    explicit NextRun(const Desk& desk)
        : store(openStore(desk.dbPath)), worker(store.get()), model(bundled(), worker, desk.model.preferences()) {
        model.update();
        REQUIRE_FALSE(model.profiles().empty());
        model.selectProfile(model.profiles()[0].id);
        model.update();
        REQUIRE(model.resumeOffer());
    }
    void resume(const Clock& clock) {
        model.resume(clock);
        model.update();
        INFO(model.message());
        REQUIRE(model.screen() == Screen::Play);
    }
};

/// The coach's notes of practice mode as text, one line per turn.
std::vector<std::string> coachNotes(const AppModel& model) {
    std::vector<std::string> out;
    for (const auto& fb : model.play().feedback) {
        std::string line = "turn " + std::to_string(fb.turn) + ":";
        for (const auto& n : fb.notes) line += " [" + std::string(n.critical ? "critical " : "") + n.text + " | " + n.cite + "]";
        for (const auto& r : fb.ruleLines) line += " {" + r + "}";
        out.push_back(line);
    }
    return out;
}

TEST_CASE("resume: the coach's notes on the turns played before the interruption are shown again") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    for (const char* id : {"ack_verify", "verify_first", "refund_duplicate"}) desk.choose(id);
    desk.reply(kRefundReply);  // a typed turn: its note lists the rules the reply matched
    REQUIRE(desk.model.prompt().nodeId == "closing_choice");
    auto shown = coachNotes(desk.model);
    REQUIRE(shown.size() == 4);
    REQUIRE_FALSE(desk.model.play().feedback.back().ruleLines.empty());

    NextRun next(desk);
    next.resume(desk.clock);
    CHECK(coachNotes(next.model) == shown);
    // Playing on adds the next turn's note after them.
    next.model.choose(positionOf(next.model, "close_full"), desk.clock);
    next.model.update();
    CHECK(next.model.play().feedback.size() == 5);
    CHECK(next.model.play().feedback.back().turn == 5);
}

TEST_CASE("resume: the pending turn's response clock goes on from when its prompt first appeared") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    for (const char* id : {"ack_verify", "verify_first", "refund_duplicate"}) {
        desk.wait(10);
        desk.choose(id);
    }
    REQUIRE(desk.model.prompt().nodeId == "write_reply");  // the customer waits on this one
    int64_t sessionId = desk.model.play().sessionId;
    // 150 s after the prompt appeared, as the uninterrupted app would have shown it: late by then
    // (email runs on simulated time, the whole standard in two real minutes).
    Clock at150{desk.clock.wall + 150, desk.clock.steady + 150};
    ResponseClock uninterrupted = desk.model.responseClock(at150);
    REQUIRE(uninterrupted.elapsed > 0);
    REQUIRE(uninterrupted.late);

    // The app was killed meanwhile; the next run resumes at that moment. Its steady clock has
    // another origin (a new process), so only the wall clock links the two runs.
    NextRun next(desk);
    Clock resumedAt{at150.wall, 7.0};
    next.resume(resumedAt);
    ResponseClock resumed = next.model.responseClock(resumedAt);
    CHECK(resumed.elapsed == doctest::Approx(uninterrupted.elapsed));
    CHECK(resumed.target == uninterrupted.target);
    CHECK(resumed.late);

    // The reply sent 5 s later is timed from the prompt, the time before the crash included: the
    // stored seconds (what scoring judges on time or late) are the whole 155 s.
    Clock sentAt{resumedAt.wall + 5, resumedAt.steady + 5};
    double expected = next.model.responseClock(sentAt).elapsed;
    CHECK(expected == doctest::Approx(uninterrupted.elapsed * 155.0 / 150.0));
    next.model.play().replyDraft = kRefundReply;
    next.model.sendReply(sentAt);
    next.model.update();
    auto stored = next.store->transcript(sessionId);
    REQUIRE(stored);
    REQUIRE(stored->entries.size() == 7);
    CHECK(stored->entries[5].kind == EntryKind::TraineeReply);
    CHECK(stored->entries[5].seconds == doctest::Approx(expected));
    CHECK(stored->entries[5].seconds > uninterrupted.target);

    // A clock set back before the prompt counts as no time passed, never as negative time.
    Desk other;
    other.newTrainee();
    other.start("refund-double-charge");
    NextRun again(other);
    Clock backwards{other.clock.wall - 3600, 1.0};
    again.resume(backwards);
    CHECK(again.model.responseClock(backwards).elapsed == 0);
}

TEST_CASE("resume: the reply being typed is kept as a masked draft, comes back in the reply box, and is never a turn") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    for (const char* id : {"ack_verify", "verify_first", "refund_duplicate"}) desk.choose(id);
    REQUIRE(desk.model.prompt().kind == TurnPrompt::Kind::FreeText);
    int64_t sessionId = desk.model.play().sessionId;
    auto storedDraft = [&]() -> std::string {
        auto d = desk.store->draft(sessionId);
        REQUIRE(d);
        return *d ? (*d)->text : "(none)";
    };
    auto typeAndWait = [&](const std::string& text, double seconds) {
        desk.model.play().replyDraft = text;
        desk.model.keepDraft(desk.clock);
        desk.model.update();
        desk.wait(seconds);
        desk.model.keepDraft(desk.clock);
        desk.model.update();
    };

    // Not written on every key press: only once typing pauses for a moment.
    typeAndWait("Refunded to card 4111 1111 1111 1111", 0.5);
    CHECK(storedDraft() == "(none)");
    typeAndWait("Refunded to card 4111 1111 1111 1111, back in", 2);
    CHECK(storedDraft() == "Refunded to card [card number ending 1111 removed], back in");
    // Typing on without a pause is still saved every few seconds.
    for (int i = 0; i < 12; ++i) typeAndWait(desk.model.play().replyDraft + ".", 1);
    CHECK(storedDraft().starts_with("Refunded to card [card number ending 1111 removed], back in.........."));
    // Leaving the conversation keeps the latest text at once.
    desk.model.play().replyDraft += " 5-10";
    desk.model.leavePlay();
    desk.model.update();
    const std::string kept = "Refunded to card [card number ending 1111 removed], back in............ 5-10";
    CHECK(storedDraft() == kept);
    // A draft is not a turn.
    CHECK(desk.storedEntries() == 5);
    CHECK(desk.store->transcript(sessionId)->traineeTurnCount() == 3);

    NextRun next(desk);
    next.resume(desk.clock);
    CHECK(next.model.play().replyDraft == kept);
    CHECK(next.model.notice().find("Your unsent reply is back in the box.") != std::string::npos);
    // Idle frames with the restored text write nothing more.
    next.model.keepDraft(desk.clock);
    next.model.update();
    // Sent: the draft is gone, and the reply is the one turn stored.
    next.model.play().replyDraft = kRefundReply;
    next.model.sendReply(desk.clock);
    next.model.update();
    CHECK(next.model.message().empty());
    CHECK(storedDraft() == "(none)");
    auto stored = next.store->transcript(sessionId);
    REQUIRE(stored);
    CHECK(stored->traineeTurnCount() == 4);
    CHECK(stored->entries[5].text == kRefundReply);
}

TEST_CASE("resume: discarding the offer marks the session abandoned") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    int64_t sessionId = desk.model.play().sessionId;
    desk.choose("ack_verify");
    desk.model.leavePlay();
    desk.model.update();
    CHECK(desk.model.screen() == Screen::Library);
    REQUIRE(desk.model.resumeOffer());
    CHECK(desk.model.resumeOffer()->sessionId == sessionId);

    desk.wait(60);
    // Discarding cannot be undone, so it asks first; Cancel leaves the session as it was.
    desk.model.dismissResume(desk.clock);
    desk.model.update();
    REQUIRE(desk.model.confirmation());
    CHECK(desk.model.confirmation()->act == Confirmation::Act::AbandonSession);
    CHECK(desk.model.confirmation()->confirmLabel == "Discard");
    CHECK(desk.model.confirmation()->text.find("Charged twice for the annual Team plan") != std::string::npos);
    desk.model.cancelConfirmation();
    desk.model.update();
    CHECK(desk.model.resumeOffer());
    CHECK(desk.store->session(sessionId)->status == store::SessionStatus::Active);

    desk.model.dismissResume(desk.clock);
    desk.model.confirm(desk.clock);
    desk.model.update();
    CHECK_FALSE(desk.model.confirmation());
    CHECK_FALSE(desk.model.resumeOffer());
    auto info = desk.store->session(sessionId);
    REQUIRE(info);
    CHECK(info->status == store::SessionStatus::Abandoned);

    // Not offered again on the next visit.
    desk.model.switchProfile();
    desk.model.update();
    desk.model.selectProfile(desk.model.profiles()[0].id);
    desk.model.update();
    CHECK_FALSE(desk.model.resumeOffer());
}

// ---- debrief ------------------------------------------------------------------------------------------

TEST_CASE("debrief: one row per trainee turn, criteria with anchors and the best path") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    playGolden(desk, "refund-double-charge");
    REQUIRE(desk.model.screen() == Screen::Debrief);
    const DebriefState& debrief = desk.model.debrief();

    REQUIRE(debrief.turns.size() == 6);  // five choices and one typed email
    for (int i = 0; i < 6; ++i) CHECK(debrief.turns[static_cast<size_t>(i)].turn == i + 1);
    CHECK(debrief.turns[0].prompt == "Email, P3. Write your first reply to Priya.");
    CHECK(debrief.turns[3].typed);
    CHECK(debrief.turns[3].yours == kRefundReply);
    CHECK(debrief.turns[3].prompt == "The refund is issued (reference RF-88213). Write your email to Priya.");
    CHECK_FALSE(debrief.turns[0].typed);
    // Timed turns carry on-time marks; console actions (turns 2, 3, 6) are not timed.
    CHECK(debrief.turns[0].onTime == std::optional<bool>(true));
    CHECK_FALSE(debrief.turns[1].onTime);
    CHECK(debrief.turns[3].onTime == std::optional<bool>(true));
    // The typed email's rule lines quote the words that earned them ("so sorry": apology lexicon).
    bool quotedApology = false;
    for (const auto& line : debrief.turns[3].lines)
        quotedApology = quotedApology || line.quote.find("sorry") != std::string::npos;
    CHECK(quotedApology);

    for (const auto& c : debrief.card.criteria) {
        CAPTURE(c.id);
        if (c.applicable) CHECK_FALSE(c.anchor.empty());
        // rubrics/core-support.json: policy is binary; verifying first meets it.
        if (c.id == "policy") CHECK(c.anchor.rfind("Compliant:", 0) == 0);
    }
    CHECK_FALSE(debrief.bestPath.empty());
    REQUIRE(debrief.bestPossible);
    CHECK(*debrief.bestPossible >= debrief.card.finalPercent);
    REQUIRE(debrief.yourPath.size() == 6);
    CHECK(debrief.yourPath[0].matchesBest);  // ack_verify is the best opening
}

TEST_CASE("debrief: a critical choice is listed and zeroes the score") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    desk.choose("ask_full_card");  // "critical": asked for the full card number by email
    REQUIRE(desk.model.play().feedback.size() == 1);
    REQUIRE_FALSE(desk.model.play().feedback[0].notes.empty());
    CHECK(desk.model.play().feedback[0].notes[0].critical);
    desk.choose("verify_first");
    desk.choose("refund_duplicate");
    desk.reply(kRefundReply);
    desk.choose("close_full");
    desk.reply(kRefundCaseNote);
    REQUIRE(desk.model.screen() == Screen::Debrief);

    const ScoreCard& card = desk.model.debrief().card;
    auto it = std::find_if(card.criticalErrors.begin(), card.criticalErrors.end(),
                           [](const CriticalError& e) { return e.sourceId == "ask_full_card"; });
    REQUIRE(it != card.criticalErrors.end());
    CHECK(it->turn == 1);
    CHECK(it->reason == "Asked for a full card number and security code by email; payment card data must never be "
                        "collected in a ticket");
    // core-support: "critical_rule": "zero_score"
    CHECK(card.finalPercent == 0);
    CHECK(card.computedPercent > 0);
    CHECK_FALSE(card.passed);
    // The breach shows on the turn it happened: policy compliance at its lowest level.
    const DebriefTurn& turn1 = desk.model.debrief().turns.at(0);
    auto policy = std::find_if(turn1.lines.begin(), turn1.lines.end(),
                               [](const DebriefTurn::Line& l) { return l.criterion == "Policy compliance"; });
    REQUIRE(policy != turn1.lines.end());
    CHECK(policy->level == 0);
    CHECK_FALSE(policy->gained);
}

TEST_CASE("debrief: retry starts a new session of the same scenario and mode") {
    // Retrying an exam used to start a practice session: beginPlay took the mode by reference to
    // play_.mode and cleared play_ before reading it.
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge", "exam");
    playGolden(desk, "refund-double-charge");
    REQUIRE(desk.model.screen() == Screen::Debrief);
    int64_t first = desk.model.debrief().sessionId;

    desk.wait(120);
    desk.model.retry(desk.clock);
    desk.model.update();
    CHECK(desk.model.screen() == Screen::Play);
    CHECK(desk.model.play().mode == "exam");
    // An exam retry draws the next exam variant of the same scenario.
    CHECK(baseScenarioId(desk.model.play().session->scenario().id) == "refund-double-charge");
    CHECK(desk.model.play().session->scenario().id != sessionsScenario(desk, 0));
    CHECK(desk.model.play().bubbles.size() == 1);
    CHECK(desk.model.play().sessionId != 0);
    CHECK(desk.model.play().sessionId != first);

    auto sessions = desk.storedSessions();
    REQUIRE(sessions.size() == 2);
    CHECK(baseScenarioId(sessions[1].scenarioId) == "refund-double-charge");
    CHECK(sessions[1].mode == "exam");
    CHECK(sessions[1].status == store::SessionStatus::Active);
}

TEST_CASE("library: a finished scenario shows its best score and one play") {
    Desk desk;
    desk.newTrainee();
    CHECK_FALSE(rowOf(desk.model, "refund-double-charge").bestPercent);
    desk.start("refund-double-charge");
    playGolden(desk, "refund-double-charge");
    REQUIRE(desk.model.screen() == Screen::Debrief);
    desk.model.showLibrary();
    CHECK(desk.model.screen() == Screen::Library);

    const LibraryRow& row = rowOf(desk.model, "refund-double-charge");
    REQUIRE(row.bestPercent);
    CHECK(*row.bestPercent == doctest::Approx(desk.model.debrief().card.finalPercent));
    CHECK(*row.bestPercent == doctest::Approx(97.5));
    CHECK(row.bestPassed);
    CHECK(row.plays == 1);
    CHECK(row.lastSessionId == desk.model.debrief().sessionId);
    CHECK(rowOf(desk.model, "api-outage-chat").plays == 0);
    CHECK_FALSE(desk.model.resumeOffer());  // the finished session is not offered again

    // Its debrief can be opened again from the stored session.
    desk.model.openStoredDebrief(row.lastSessionId);
    desk.model.update();
    CHECK(desk.model.screen() == Screen::Debrief);
    CHECK(desk.model.debrief().card.finalPercent == doctest::Approx(97.5));
    CHECK(desk.storedSessions().size() == 1);
}

TEST_CASE("my plays: every finished play, newest first, each opens its own debrief with its reviewer's re-rating") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    const int64_t first = desk.model.play().sessionId;
    playGolden(desk, "refund-double-charge");
    desk.wait(600);
    desk.start("refund-double-charge");
    const int64_t second = desk.model.play().sessionId;
    playGolden(desk, "refund-double-charge");
    REQUIRE(desk.model.screen() == Screen::Debrief);
    const int64_t ana = desk.model.profile()->id;

    // A reviewer re-rates empathy on the earlier play only, and leaves a plan tied to it.
    auto rui = desk.store->addPerson("Rui Costa", store::Role::Reviewer, "2025-06-01", {});
    REQUIRE(rui);
    desk.wait(60);
    auto rerated = store::addRerating(bundled(), *desk.store,
                                      {0, first, "empathy", 2, "No apology for our error", rui->id, "", desk.clock.wall}, desk.clock.wall);
    INFO((rerated ? std::string() : rerated.error().message));
    REQUIRE(rerated);
    REQUIRE(desk.store->addCoachingPlan({0, ana, rui->id, first, "", "Own the error first.", desk.clock.wall, std::nullopt}));

    desk.model.showPlays();
    desk.model.update();
    REQUIRE(desk.model.screen() == Screen::Plays);
    const std::vector<PlayRow> plays = desk.model.myPlays();
    REQUIRE(plays.size() == 2);
    CHECK(plays[0].sessionId == second);  // newest first
    CHECK(plays[1].sessionId == first);
    CHECK(plays[1].scenarioTitle == "Charged twice for the annual Team plan");
    CHECK(plays[1].mode == "practice");
    // The later play keeps the hand-checked 97.5 %; the earlier one's official score is the re-rated
    // one, below its automatic 97.5 % (empathy down from the scorer's level to 2 of 4).
    REQUIRE(plays[0].percent);
    CHECK(*plays[0].percent == doctest::Approx(97.5));
    CHECK_FALSE(plays[0].automaticPercent);
    REQUIRE(plays[1].percent);
    REQUIRE(plays[1].automaticPercent);
    CHECK(*plays[1].automaticPercent == doctest::Approx(97.5));
    CHECK(*plays[1].percent < 97.5);

    // The earlier play's own debrief, with the reviewer's re-rating and its official score.
    desk.model.openStoredDebrief(plays[1].sessionId);
    desk.model.update();
    REQUIRE(desk.model.screen() == Screen::Debrief);
    CHECK(desk.model.debrief().sessionId == first);
    REQUIRE(desk.model.debrief().feedback.size() == 1);
    CHECK(desk.model.debrief().feedback[0].text == "No apology for our error");
    CHECK(desk.model.debrief().card.finalPercent == doctest::Approx(*plays[1].percent));

    // The plan names its session, so My tracks can open that play's debrief.
    REQUIRE(desk.model.coachingPlans().size() == 1);
    CHECK(desk.model.coachingPlans()[0].sessionId == first);

    // The library's "2 plays" link lists this scenario's plays only.
    desk.model.showPlays("api-outage-chat");
    desk.model.update();
    CHECK(desk.model.myPlays().empty());
    desk.model.showPlays("refund-double-charge");
    desk.model.update();
    CHECK(desk.model.myPlays().size() == 2);
}

TEST_CASE("library: a debrief still opens after the scenario file changed, explained as it was played") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    int64_t sessionId = desk.model.play().sessionId;
    playGolden(desk, "refund-double-charge");
    REQUIRE(desk.model.screen() == Screen::Debrief);

    // The author edits the scenario afterwards: a new title, so a new content hash.
    ContentLibrary edited = bundled();
    for (auto& scenario : edited.scenarios)
        if (scenario->id == "refund-double-charge") {
            auto changed = std::make_shared<Scenario>(*scenario);
            changed->title = "Double charge (rewritten)";
            changed->contentHash = "edited";
            scenario = changed;
        }
    auto reopened = openStore(desk.dbPath);
    InlineWorker worker(reopened.get());
    AppModel next(edited, worker, desk.model.preferences());
    next.update();
    next.selectProfile(next.profiles()[0].id);
    next.update();
    next.openStoredDebrief(sessionId);
    next.update();
    INFO(next.message());
    REQUIRE(next.screen() == Screen::Debrief);
    // Rebuilt from the copy stored with the session (its lexicon rules included): same 97.5 %,
    // and the title the trainee saw.
    CHECK(next.debrief().card.finalPercent == doctest::Approx(97.5));
    CHECK(next.debrief().scenarioTitle == "Charged twice for the annual Team plan");
}

TEST_CASE("debrief: a stored session shows what reviewers re-rated and noted, beside the automatic score") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    int64_t sessionId = desk.model.play().sessionId;
    playGolden(desk, "refund-double-charge");
    CHECK(desk.model.debrief().feedback.empty());  // nobody has reviewed a conversation just played

    // A reviewer re-rates empathy and leaves a note, as `simdesk review` does.
    auto rui = desk.store->addPerson("Rui Costa", store::Role::Reviewer, "2025-06-01", {});
    REQUIRE(rui);
    REQUIRE(desk.store->addReview({0, sessionId, "empathy", 2, "No apology for our error", rui->id, "", kMonday + 3600}));
    REQUIRE(desk.store->addCoachingNote({0, sessionId, rui->id, "", "Apologise for our mistake before the fix", kMonday + 7200}));

    desk.model.openStoredDebrief(sessionId);
    desk.model.update();
    REQUIRE(desk.model.screen() == Screen::Debrief);
    const auto& feedback = desk.model.debrief().feedback;
    REQUIRE(feedback.size() == 2);
    CHECK(feedback[0].author == "Rui Costa");
    CHECK(feedback[0].criterionTitle == "Empathy and tone");  // rubrics/core-support.json
    CHECK(feedback[0].level == 2);
    CHECK(feedback[0].maxLevel == 4);                         // 5-point scale
    CHECK(feedback[0].text == "No apology for our error");
    CHECK(feedback[0].automaticLevel == 4);
    CHECK(feedback[1].criterionTitle.empty());
    CHECK(feedback[1].text == "Apologise for our mistake before the fix");
    // The re-rating counts: empathy 11/12 of weight 15 (13.75 points) becomes 2/4 (7.5), so the
    // official score is 97.5 − 13.75 + 7.5 = 91.25 %, with the automatic 97.5 % beside it.
    CHECK(desk.model.debrief().card.finalPercent == doctest::Approx(91.25));
    CHECK(desk.model.debrief().card.automaticPercent == doctest::Approx(97.5));
}

// ---- tracks -------------------------------------------------------------------------------------------

TEST_CASE("tracks: the assigned tracks with their deadlines, level 1 open and the rest locked") {
    Desk desk;
    desk.newTrainee("Ana Lima", {"privacy-and-compliance", "complaints-and-retention"});
    desk.model.showTracks(desk.clock);
    CHECK(desk.model.screen() == Screen::Tracks);
    REQUIRE(desk.model.trackCards().size() == 2);

    // Start date 2026-01-05; tracks/complaints-and-retention.json: due 60 days from start,
    // tracks/privacy-and-compliance.json: 30 days.
    const TrackCard& complaints = cardOf(desk.model, "complaints-and-retention");
    // Due at the start of 2026-03-06 (Jan 5 + 60 days), so 2026-03-05 is the last day to finish.
    CHECK(complaints.dueDate == "2026-03-05");
    const TrackCard& privacy = cardOf(desk.model, "privacy-and-compliance");
    CHECK(privacy.dueDate == "2026-02-03");
    // Due at the start of 2026-02-04; at 09:00 on the start date 29 whole days remain.
    CHECK(privacy.daysLeft == std::optional<int>(29));

    for (const TrackCard* card : {&complaints, &privacy}) {
        CAPTURE(card->track->id);
        REQUIRE(card->progress.levels.size() == 3);
        CHECK(card->progress.levels[0].status == LevelStatus::Open);
        CHECK(card->progress.levels[1].status == LevelStatus::Locked);
        CHECK(card->progress.levels[2].status == LevelStatus::Locked);
        CHECK(card->progress.levels[0].attemptsUsed == 0);
        CHECK_FALSE(card->progress.certified);
    }
}

TEST_CASE("tracks: the day after the deadline shows as overdue, not as 0 days left") {
    // privacy-and-compliance is due 30 days from the start date: at the start of 2026-02-04.
    // daysLeft used to round towards zero, so the first day overdue read "0 days left".
    Desk desk;
    desk.newTrainee("Ana Lima", {"privacy-and-compliance"});
    auto daysLeftAt = [&](const char* date, int hour) {
        desk.clock.wall = *parseIsoDate(date) + hour * 3600;
        desk.model.showTracks(desk.clock);
        return cardOf(desk.model, "privacy-and-compliance");
    };
    TrackCard card = daysLeftAt("2026-02-02", 9);
    CHECK(card.daysLeft == std::optional<int>(1));
    CHECK_FALSE(card.progress.overdue);
    card = daysLeftAt("2026-02-03", 23);
    CHECK(card.daysLeft == std::optional<int>(0));  // the last day: "Due today (2026-02-03)"
    CHECK(card.dueDate == "2026-02-03");
    CHECK_FALSE(card.progress.overdue);
    // Overdue: negative, as the tracks screen reads it ("Overdue: was due 2026-02-03").
    for (const char* date : {"2026-02-04", "2026-02-06"}) {
        CAPTURE(date);
        card = daysLeftAt(date, 9);
        CHECK(card.progress.overdue);
        REQUIRE(card.daysLeft);
        CHECK(*card.daysLeft < 0);
    }
}

TEST_CASE("tracks: a profile with no tracks assigned browses them all, with no deadline to be overdue on") {
    Desk desk;
    desk.model.createProfile("Rui Costa", "reviewer", {}, desk.clock);
    desk.model.update();
    REQUIRE(desk.model.profile());
    desk.clock.wall += 200 * 86400;  // far past every track's 30-90 days
    desk.model.showTracks(desk.clock);
    REQUIRE(desk.model.trackCards().size() == 4);  // tracks/*.json
    for (const auto& card : desk.model.trackCards()) {
        CAPTURE(card.track->id);
        CHECK_FALSE(card.assigned);
        CHECK(card.dueDate.empty());
        CHECK_FALSE(card.daysLeft);
        CHECK_FALSE(card.progress.overdue);
    }
}

TEST_CASE("tracks: a passing exam of a level-1 scenario counts as an attempt") {
    Desk desk;
    desk.newTrainee("Ana Lima", {"privacy-and-compliance", "new-hire-foundations"});
    desk.model.showTracks(desk.clock);
    // privacy-and-compliance level 1 lists refund-double-charge; its pass rule is an exam, 85 %.
    desk.model.startLevelScenario("privacy-and-compliance", "level-1", "refund-double-charge", desk.clock);
    desk.model.update();
    REQUIRE(desk.model.screen() == Screen::Play);
    CHECK(desk.model.play().mode == "exam");
    CHECK(desk.model.play().trackId == "privacy-and-compliance");
    CHECK(desk.model.play().levelId == "level-1");
    playGolden(desk, "refund-double-charge");
    REQUIRE(desk.model.screen() == Screen::Debrief);
    // An exam variant of the scenario, played with its model answers.
    CHECK(desk.model.play().session->scenario().variantOf == "refund-double-charge");
    CHECK(desk.model.debrief().card.passed);
    const double played = desk.model.debrief().card.finalPercent;

    desk.wait(60);
    desk.model.showTracks(desk.clock);
    const LevelProgress& level1 = cardOf(desk.model, "privacy-and-compliance").progress.levels[0];
    CHECK(level1.attemptsUsed == 1);
    CHECK(level1.status == LevelStatus::Open);  // two more scenarios to pass
    auto refund = std::find_if(level1.scenarios.begin(), level1.scenarios.end(),
                               [](const ScenarioProgress& s) { return s.scenarioId == "refund-double-charge"; });
    REQUIRE(refund != level1.scenarios.end());
    CHECK(refund->passed);
    CHECK(refund->attemptsUsed == 1);
    REQUIRE(refund->bestPercent);
    CHECK(*refund->bestPercent == doctest::Approx(played));
    // In new-hire-foundations the same scenario is on level 2, still locked: it does not count there.
    CHECK(cardOf(desk.model, "new-hire-foundations").progress.levels[1].attemptsUsed == 0);

    auto attempts = desk.store->certificationAttempts(desk.model.profile()->id);
    REQUIRE(attempts);
    REQUIRE(attempts->size() == 1);
    CHECK(attempts->front().trackId == "privacy-and-compliance");
    CHECK(attempts->front().levelId == "level-1");
    CHECK(attempts->front().passed);
    CHECK(attempts->front().sessionId == desk.model.debrief().sessionId);
}

TEST_CASE("tracks: a practice play of a level scenario does not count") {
    Desk desk;
    desk.newTrainee("Ana Lima", {"privacy-and-compliance"});
    desk.start("refund-double-charge");
    playGolden(desk, "refund-double-charge");
    desk.wait(60);
    desk.model.showTracks(desk.clock);
    CHECK(cardOf(desk.model, "privacy-and-compliance").progress.levels[0].attemptsUsed == 0);
}

TEST_CASE("tracks: My tracks and the library show a play recorded from the terminal as soon as they are shown") {
    Desk desk;
    desk.newTrainee("Ana Lima", {"privacy-and-compliance"});
    desk.model.showTracks(desk.clock);
    desk.model.update();
    REQUIRE(cardOf(desk.model, "privacy-and-compliance").progress.levels[0].attemptsUsed == 0);
    REQUIRE(rowOf(desk.model, "refund-double-charge").plays == 0);

    // `simdesk play` in a terminal, on the same database, while the app stays open on My tracks.
    auto played = test::runCli({"play", "refund-double-charge", "--best-path", "--mode", "exam", "--trainee", "Ana Lima",
                                "--db", desk.dbPath.string(), "--content", test::sourcePath("")});
    INFO(played.err);
    REQUIRE(played.exitCode == 0);

    // The terminal recorded it at the real time; the app's clock is moved past it.
    desk.clock.wall = std::max(desk.clock.wall, static_cast<int64_t>(std::time(nullptr))) + 60;
    desk.model.showTracks(desk.clock);  // shown again (F3): it reads the store
    desk.model.update();
    CHECK(cardOf(desk.model, "privacy-and-compliance").progress.levels[0].attemptsUsed == 1);
    desk.model.showLibrary();
    desk.model.update();
    CHECK(rowOf(desk.model, "refund-double-charge").plays == 1);
}

// ---- samples --------------------------------------------------------------------------------------------

TEST_CASE("samples: loadSample shows a play and a debrief without writing anything") {
    Desk desk;
    desk.newTrainee();
    desk.model.loadSample(Screen::Play, desk.clock);
    desk.model.update();
    CHECK(desk.model.screen() == Screen::Play);
    CHECK(desk.model.play().bubbles.size() > 1);
    CHECK_FALSE(desk.model.play().recorded);
    desk.model.loadSample(Screen::Debrief, desk.clock);
    desk.model.update();
    CHECK(desk.model.screen() == Screen::Debrief);
    CHECK(desk.model.debrief().card.finished);
    CHECK(desk.storedSessions().empty());
}

// ---- preferences ------------------------------------------------------------------------------------------

TEST_CASE("prefs: the settings file is 0600 in folders created 0700, whatever the umask") {
    TempDir dir;
    fs::path path = dir.path / "config" / "simdesk" / "app.json";
    mode_t before = ::umask(022);  // a desktop's usual umask would make both world-readable
    Preferences prefs;
    prefs.lastProfile = "Zoë Lindqvist";
    auto saved = savePreferences(prefs, path);
    ::umask(before);
    REQUIRE(saved);
    CHECK((fs::status(path).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK((fs::status(path.parent_path()).permissions() & fs::perms::all) == fs::perms::owner_all);
    CHECK((fs::status(dir.path / "config").permissions() & fs::perms::all) == fs::perms::owner_all);
    // Saving again over a file someone loosened makes it private again.
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    REQUIRE(savePreferences(prefs, path));
    CHECK((fs::status(path).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("prefs: saved settings load back as they were") {
    TempDir dir;
    fs::path path = dir.path / "config" / "simdesk" / "app.json";  // the folders do not exist yet
    Preferences prefs;
    prefs.lastProfile = "Zoë Lindqvist";
    prefs.theme = Theme::HighContrast;
    prefs.uiScale = 1.5f;
    prefs.windowWidth = 1600;
    prefs.windowHeight = 900;
    prefs.imguiLayout = "[Window][Library]\nPos=0,0\nSize=1600,900\n";
    auto saved = savePreferences(prefs, path);
    INFO((saved ? std::string() : saved.error().message));
    REQUIRE(saved);
    CHECK_FALSE(fs::exists(fs::path(path) += ".tmp"));

    std::string warning;
    Preferences loaded = loadPreferences(path, &warning);
    CHECK(warning.empty());
    CHECK(loaded.lastProfile == prefs.lastProfile);
    CHECK(loaded.theme == Theme::HighContrast);
    CHECK(loaded.uiScale == 1.5f);
    CHECK(loaded.windowWidth == 1600);
    CHECK(loaded.windowHeight == 900);
    CHECK(loaded.imguiLayout == prefs.imguiLayout);

    // A missing file is a first run: defaults, nothing to warn about.
    Preferences fresh = loadPreferences(dir.path / "missing.json", &warning);
    CHECK(warning.empty());
    CHECK(fresh.lastProfile.empty());
    CHECK(fresh.theme == Theme::Dark);
}

TEST_CASE("prefs: a malformed or oversized file gives the defaults and a warning") {
    TempDir dir;
    auto load = [&](const std::string& text, std::string& warning) {
        fs::path path = dir.path / "app.json";
        std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
        warning.clear();
        Preferences prefs;
        CHECK_NOTHROW(prefs = loadPreferences(path, &warning));
        return prefs;
    };
    auto isDefault = [](const Preferences& p) {
        Preferences d;
        return p.lastProfile == d.lastProfile && p.theme == d.theme && p.uiScale == d.uiScale &&
               p.windowWidth == d.windowWidth && p.windowHeight == d.windowHeight && p.imguiLayout == d.imguiLayout;
    };
    std::string warning;
    for (const std::string& text : {std::string(R"({"theme": "light", "last_profile": "Ana)"), std::string("[1, 2]"),
                                    std::string("\xff\xfe garbage"), std::string()}) {
        CAPTURE(text);
        CHECK(isDefault(load(text, warning)));
        CHECK(warning.find("not valid settings JSON") != std::string::npos);
    }
    std::string huge = R"({"theme": "light", "layout": ")" + std::string(1 << 20, 'x') + "\"}";
    CHECK(isDefault(load(huge, warning)));
    CHECK(warning.find("too large") != std::string::npos);

    // Wrong types are ignored and out-of-range numbers clamped, key by key.
    Preferences odd = load(R"({"theme": 3, "last_profile": ["Ana"], "ui_scale": 40, "window": [100, 100000]})", warning);
    CHECK(warning.empty());
    CHECK(odd.theme == Theme::Dark);
    CHECK(odd.lastProfile.empty());
    CHECK(odd.uiScale == 2.5f);
    CHECK(odd.windowWidth == 640);
    CHECK(odd.windowHeight == 4320);
}

TEST_CASE("prefs: saving never throws, even on text that is not UTF-8") {
    // A profile name added from a Latin-1 terminal (`simdesk play --trainee`) reaches the
    // preferences when it is picked; JSON output used to throw on it, on the store worker's thread.
    TempDir dir;
    fs::path path = dir.path / "app.json";
    Preferences prefs;
    prefs.lastProfile = "Ren\xe9 Dubois";
    prefs.imguiLayout = "[Window][Caf\xe9]\n";
    Status saved = Ok{};
    CHECK_NOTHROW(saved = savePreferences(prefs, path));
    CHECK(saved);
    std::string warning;
    Preferences loaded = loadPreferences(path, &warning);
    CHECK(warning.empty());
    CHECK(loaded.lastProfile == "Ren\xef\xbf\xbd Dubois");  // U+FFFD in place of the stray byte
    CHECK(loaded.imguiLayout == "[Window][Caf\xef\xbf\xbd]\n");
}

// ---- calibration and coaching ----------------------------------------------------------------------

namespace {

GradeDraft& draftOf(AppModel& model, const std::string& criterionId) {
    REQUIRE(model.reviews().open);
    for (auto& d : model.reviews().open->drafts)
        if (d.criterionId == criterionId) return d;
    FAIL("no draft " << criterionId);
    return model.reviews().open->drafts.front();
}

/// Ana plays the golden refund script (97.5 %); returns the session id.
int64_t playedRefund(Desk& desk) {
    desk.newTrainee();
    desk.start("refund-double-charge");
    int64_t sessionId = desk.model.play().sessionId;
    playGolden(desk, "refund-double-charge");
    REQUIRE(desk.model.screen() == Screen::Debrief);
    return sessionId;
}

} // namespace

TEST_CASE("calibration: a trainee has no calibration screen") {
    Desk desk;
    desk.newTrainee();
    CHECK_FALSE(desk.model.canReview());
    desk.model.showReviews();
    desk.model.update();
    CHECK(desk.model.screen() == Screen::Library);
    CHECK(desk.model.message() == "Calibration rounds are for reviewers and leads.");
}

TEST_CASE("calibration: a lead opens a blind round, grades it without seeing the others, and reveals the report") {
    Desk desk;
    int64_t sessionId = playedRefund(desk);
    const int automaticEmpathy = [&] {
        for (const auto& c : desk.model.debrief().card.criteria)
            if (c.id == "empathy") return c.level;
        return -1;
    }();
    auto rui = desk.store->addPerson("Rui Costa", store::Role::Reviewer, "2025-06-01", {});
    REQUIRE(rui);
    desk.model.createProfile("Eva Marsh", "lead", {}, desk.clock);
    desk.model.update();
    REQUIRE(desk.model.canReview());

    desk.model.showReviews();
    desk.model.update();
    REQUIRE(desk.model.screen() == Screen::Reviews);
    CHECK(desk.model.reviews().rounds.empty());
    REQUIRE(desk.model.reviews().sessions.size() == 1);
    // 97.5 % shows as every screen shows a score (scoreText: one decimal); the title is
    // refund-double-charge.json's.
    CHECK(desk.model.reviews().sessions[0].label == "#1 Ana Lima · Charged twice for the annual Team plan · 97.5%");
    CHECK(desk.model.reviews().pickedSession == sessionId);

    desk.model.createRound(sessionId, "Week 49", desk.clock);
    desk.model.update();
    REQUIRE(desk.model.reviews().open);
    {
        const RoundView& view = *desk.model.reviews().open;
        CHECK(view.row.title == "Week 49");
        CHECK(view.row.trainee == "Ana Lima");
        CHECK_FALSE(view.row.revealed);
        CHECK(view.canReveal);
        CHECK(view.criteria == 10);  // rubrics/core-support.json has ten criteria
        REQUIRE(view.drafts.size() == 10);
        CHECK(view.drafts[0].criterionId == "greeting");
        CHECK(view.drafts[0].anchors.size() == 3);
        CHECK_FALSE(view.submitted);
        CHECK_FALSE(view.report);
        // The conversation as played, with the trainee named (not "You") and no score in sight.
        REQUIRE_FALSE(view.conversation.empty());
        CHECK(view.conversation[0].side == Bubble::Side::Customer);
        auto trainee = std::find_if(view.conversation.begin(), view.conversation.end(),
                                    [](const Bubble& b) { return b.side == Bubble::Side::Trainee; });
        REQUIRE(trainee != view.conversation.end());
        CHECK(trainee->author == "Ana Lima");
    }
    REQUIRE(desk.model.reviews().rounds.size() == 1);

    // Rui grades first; Eva's screen shows that he has, never what he gave.
    int64_t roundId = desk.model.reviews().open->row.id;
    REQUIRE(desk.store->addCalibrationGrade({roundId, rui->id, "", "empathy", "Apology came late", 1, kMonday + 60}));
    desk.model.openRound(roundId);
    desk.model.update();
    CHECK(desk.model.reviews().open->progress == std::vector<std::pair<std::string, int>>{{"Rui Costa", 1}});
    CHECK(draftOf(desk.model, "empathy").level == -1);
    CHECK(draftOf(desk.model, "empathy").note.empty());
    desk.model.revealRound(desk.clock);
    desk.model.update();
    CHECK(desk.model.message() == "A calibration needs at least two graders before it is revealed.");

    desk.model.submitGrades(desk.clock);
    desk.model.update();
    CHECK(desk.model.message() == "Pick a level on at least one criterion (leave out only those that do not apply).");
    draftOf(desk.model, "empathy").level = 3;
    draftOf(desk.model, "empathy").note = "Warm from the first line";
    draftOf(desk.model, "policy").level = 1;
    desk.model.submitGrades(desk.clock);
    desk.model.update();
    CHECK(desk.model.reviews().open->submitted);
    CHECK(desk.model.reviews().open->progress.size() == 2);
    // The rounds list says so too, without leaving the screen (it said "0 graders").
    REQUIRE(desk.model.reviews().rounds.size() == 1);
    CHECK(desk.model.reviews().rounds[0].graders == 2);
    CHECK(draftOf(desk.model, "empathy").level == 3);
    desk.model.submitGrades(desk.clock);
    CHECK(desk.model.message() == "You have already graded this round.");

    // Revealing cannot be undone: it waits for a confirmation, and Cancel keeps the round blind.
    desk.model.revealRound(desk.clock);
    desk.model.update();
    REQUIRE(desk.model.confirmation());
    CHECK(desk.model.confirmation()->act == Confirmation::Act::RevealRound);
    CHECK(desk.model.confirmation()->target == roundId);
    CHECK(desk.model.confirmation()->text.find("\"Week 49\" (Eva Marsh, Rui Costa)") != std::string::npos);
    CHECK_FALSE(desk.store->calibrationRound(roundId)->revealedAt);
    desk.model.cancelConfirmation();
    desk.model.update();
    CHECK_FALSE(desk.model.confirmation());
    CHECK_FALSE(desk.store->calibrationRound(roundId)->revealedAt);
    CHECK_FALSE(desk.model.reviews().open->report);

    desk.model.revealRound(desk.clock);
    desk.model.confirm(desk.clock);
    desk.model.update();
    CHECK_FALSE(desk.model.confirmation());
    REQUIRE(desk.model.reviews().open);
    REQUIRE(desk.model.reviews().open->report);
    const CalibrationReport& report = *desk.model.reviews().open->report;
    // Empathy: Eva 3, Rui 1 on a 0–4 scale: a spread of half the scale, to be discussed, listed first.
    CHECK(report.criteria[0].criterionId == "empathy");
    REQUIRE(report.criteria[0].marks.size() == 2);
    CHECK(report.criteria[0].marks[0].grader == "Eva Marsh");
    CHECK(report.criteria[0].marks[1].note == "Apology came late");
    CHECK(report.criteria[0].disputed);
    CHECK(report.criteria[0].automaticLevel == automaticEmpathy);
    CHECK(report.gradedPairs == 1);  // only empathy has two graders
    CHECK(report.exactAgreement == doctest::Approx(0));
    CHECK(desk.model.reviews().rounds[0].revealed);
    CHECK(desk.model.reviews().rounds[0].graders == 2);
    CHECK_FALSE(desk.model.reviews().open->canReveal);
    // Each reviewer's trend: one revealed round, one shared criterion (empathy, 3 against 1).
    CHECK(desk.model.reviews().revealedRounds == 1);
    REQUIRE(desk.model.reviews().trends.size() == 2);
    CHECK(desk.model.reviews().trends[1].grader == "Rui Costa");
    CHECK(desk.model.reviews().trends[1].compared == 1);
    CHECK(desk.model.reviews().trends[1].exactAgreement == doctest::Approx(0));
}

/// Rui Costa (reviewer) on the team and Eva Marsh (lead) signed in: who a calibration session needs.
struct CalibrationTeam {
    int64_t rui = 0, eva = 0;
};

CalibrationTeam leadWithReviewer(Desk& desk) {
    auto rui = desk.store->addPerson("Rui Costa", store::Role::Reviewer, "2025-06-01", {});
    REQUIRE(rui);
    desk.model.createProfile("Eva Marsh", "lead", {}, desk.clock);
    desk.model.update();
    REQUIRE(desk.model.profile());
    return {rui->id, desk.model.profile()->id};
}

TEST_CASE("calibration session: its round is graded on the screen, revealed with the whole session, with each grader's alignment to the benchmark") {
    Desk desk;
    int64_t sessionId = playedRefund(desk);
    const CalibrationTeam team = leadWithReviewer(desk);
    store::CalibrationSession batch;
    batch.name = "Week 50";
    batch.createdBy = team.eva;
    batch.createdAt = kMonday;
    batch.deadline = kMonday + 365 * 86400;
    batch.graderIds = {team.rui, team.eva};
    auto id = desk.store->createCalibrationSession(batch, {sessionId});
    REQUIRE(id);
    const int64_t roundId = desk.store->calibrationSession(*id)->roundIds.front();
    REQUIRE(desk.store->addCalibrationGrade({roundId, team.rui, "", "empathy", "", 1, kMonday + 60}));
    REQUIRE(desk.store->addCalibrationGrade({roundId, team.rui, "", "greeting", "", 2, kMonday + 60}));

    desk.model.showReviews();
    desk.model.update();
    desk.model.openRound(roundId);
    desk.model.update();
    REQUIRE(desk.model.reviews().open);
    REQUIRE(desk.model.reviews().open->session);
    CHECK(desk.model.reviews().open->session->name == "Week 50");
    CHECK(desk.model.reviews().open->sessionPosition == 1);
    CHECK(desk.model.reviews().open->canReveal);  // Eva opened the session
    draftOf(desk.model, "empathy").level = 3;
    draftOf(desk.model, "greeting").level = 1;
    desk.model.submitGrades(desk.clock);
    desk.model.update();
    REQUIRE(desk.model.reviews().open->submitted);
    desk.model.markBenchmark();
    desk.model.update();
    CHECK(desk.store->calibrationSession(*id)->benchmarkName == "Eva Marsh");
    CHECK(desk.model.reviews().open->session->benchmarkId == team.eva);

    desk.model.revealRound(desk.clock);
    desk.model.update();
    REQUIRE(desk.model.confirmation());
    CHECK(desk.model.confirmation()->text.find("the 1 conversation of session \"Week 50\"") != std::string::npos);
    desk.model.confirm(desk.clock);
    desk.model.update();
    CHECK(desk.store->calibrationSession(*id)->revealedAt);  // the session, not the round alone
    const RoundView& view = *desk.model.reviews().open;
    REQUIRE(view.report);
    // Against Eva: empathy 1 v 3 is two levels off (a miss), greeting 2 v 1 one level (within range): 1 of 2.
    REQUIRE(view.alignment.size() == 1);
    CHECK(view.alignment[0].grader == "Rui Costa");
    CHECK(view.alignment[0].compared == 2);
    CHECK(*view.alignment[0].overall() == doctest::Approx(0.5));
    CHECK_FALSE(view.sessionReliability.empty());
}

TEST_CASE("calibration session: a lead opens one where graders see their peers' levels, but only once they have graded") {
    Desk desk;
    int64_t sessionId = playedRefund(desk);
    const CalibrationTeam team = leadWithReviewer(desk);
    desk.model.showReviews();
    desk.model.update();
    ReviewsState& r = desk.model.reviews();
    r.batchName = "Week 51";
    r.batchDeadline = "2027-01-15";
    r.batchInvited = {team.rui, team.eva};
    r.batchPicked = {sessionId};
    r.batchPeers = true;
    desk.model.createCalibrationSession(desk.clock);
    desk.model.update();
    auto sessions = desk.store->calibrationSessions();
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 1);
    CHECK((*sessions)[0].peersAfterSubmit);
    const int64_t roundId = (*sessions)[0].roundIds.front();
    REQUIRE(desk.store->addCalibrationGrade({roundId, team.rui, "", "empathy", "owned it late", 1, kMonday + 60}));

    // Before Eva grades, Rui's level is hidden from her.
    desk.model.openRound(roundId);
    desk.model.update();
    REQUIRE(desk.model.reviews().open);
    CHECK(desk.model.reviews().open->peerGrades.empty());
    draftOf(desk.model, "empathy").level = 3;
    desk.model.submitGrades(desk.clock);
    desk.model.update();
    // Once her grades are in, Rui's show beside hers; the round itself is still blind.
    const RoundView& view = *desk.model.reviews().open;
    REQUIRE(view.submitted);
    CHECK_FALSE(view.row.revealed);
    REQUIRE(view.peerGrades.size() == 1);
    CHECK(view.peerGrades[0].graderName == "Rui Costa");
    CHECK(view.peerGrades[0].criterionId == "empathy");
    CHECK(view.peerGrades[0].level == 1);
}

TEST_CASE("calibration session: a lead extends its deadline on the screen, to a later day that is not over") {
    Desk desk;
    int64_t sessionId = playedRefund(desk);
    const CalibrationTeam team = leadWithReviewer(desk);
    store::CalibrationSession batch;
    batch.name = "Week 2";
    batch.createdBy = team.eva;
    batch.createdAt = kMonday;
    batch.deadline = *parseIsoDate("2026-01-09") + kDay - 1;  // the end of Friday
    batch.graderIds = {team.rui, team.eva};
    auto id = desk.store->createCalibrationSession(batch, {sessionId});
    REQUIRE(id);
    desk.model.showReviews();
    desk.model.update();
    desk.model.openRound(desk.store->calibrationSession(*id)->roundIds.front());
    desk.model.update();
    REQUIRE(desk.model.reviews().open->session);
    auto extendTo = [&](const std::string& day) {
        desk.model.reviews().newDeadline = day;
        desk.model.extendSessionDeadline(desk.clock);
        desk.model.update();
        return desk.model.message();
    };
    // Monday 5 January: a day already over, the current last day, and no date at all are refused.
    CHECK(extendTo("2026-01-02") ==
          "Cannot extend the deadline: 2026-01-02 is already over; the new last day is today (2026-01-05) or later.");
    CHECK(extendTo("2026-01-09") ==
          "Cannot extend the deadline: grading already runs until the end of 2026-01-09; an extension is a later day.");
    CHECK(extendTo("next week") == "Cannot extend the deadline: \"next week\" is not a date; give the new last day as YYYY-MM-DD.");
    CHECK(desk.store->calibrationSession(*id)->deadline == batch.deadline);
    CHECK(extendTo(" 2026-01-14 ").empty());
    CHECK(desk.store->calibrationSession(*id)->deadline == *parseIsoDate("2026-01-14") + kDay - 1);
    CHECK(isoDate(desk.model.reviews().open->session->deadline) == "2026-01-14");  // the open round shows it
    CHECK(desk.model.reviews().newDeadline.empty());
    // A reviewer, even an invited grader, cannot move it (as on the command line: a lead's to do).
    desk.model.switchProfile();  // reads the profiles again: Rui was added to the store directly
    desk.model.update();
    desk.model.selectProfile(team.rui);
    desk.model.update();
    REQUIRE(desk.model.profile()->name == "Rui Costa");
    desk.model.showReviews();
    desk.model.update();
    CHECK(extendTo("2026-01-20") == "A lead extends a calibration session's deadline.");
    CHECK(isoDate(desk.store->calibrationSession(*id)->deadline) == "2026-01-14");
}

TEST_CASE("calibration session: a lead opens one on the screen from a seeded sample, with the graders invited") {
    Desk desk;
    playedRefund(desk);
    const CalibrationTeam team = leadWithReviewer(desk);
    desk.model.showReviews();
    desk.model.update();
    ReviewsState& r = desk.model.reviews();
    r.batchName = "Week 51";
    r.batchDeadline = "next week";
    r.batchInvited = {team.rui, team.eva};
    r.sampleSize = 2;
    desk.model.createCalibrationSession(desk.clock);
    desk.model.update();
    CHECK(desk.model.message() == "Give the last day of grading as YYYY-MM-DD.");
    r.batchDeadline = "2099-12-31";
    desk.model.createCalibrationSession(desk.clock);
    desk.model.update();
    CHECK(desk.model.message() == "Cannot open the session: cannot sample 2 conversations from 1 finished, scored one");
    r.sampleSize = 1;
    r.sampleSeed = 7;
    r.sampleStratum = "band";
    desk.model.createCalibrationSession(desk.clock);
    desk.model.update();
    auto sessions = desk.store->calibrationSessions();
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 1);
    CHECK(sessions->front().sampling == "1 of 1 stratified by band, seed 7");
    CHECK(sessions->front().graderNames == std::vector<std::string>{"Eva Marsh", "Rui Costa"});
    CHECK(sessions->front().roundIds.size() == 1);
    REQUIRE(desk.model.reviews().open);  // its first conversation, ready to grade
    REQUIRE(desk.model.reviews().open->session);
    CHECK(desk.model.reviews().open->session->name == "Week 51");
}

TEST_CASE("coaching: the trainee sees a coach's plan on My tracks and acknowledges it") {
    Desk desk;
    int64_t sessionId = playedRefund(desk);
    int64_t ana = desk.model.profile()->id;
    auto rui = desk.store->addPerson("Rui Costa", store::Role::Reviewer, "2025-06-01", {});
    REQUIRE(rui);
    REQUIRE(desk.store->addCoachingPlan({0, ana, rui->id, sessionId, "", "Verify before promising the refund.", kMonday + 3600, std::nullopt}));

    desk.model.selectProfile(ana);  // the plans load with the profile's records
    desk.model.update();
    REQUIRE(desk.model.coachingPlans().size() == 1);
    const CoachingPlanRow& plan = desk.model.coachingPlans()[0];
    CHECK(plan.author == "Rui Costa");
    CHECK(plan.date == "2026-01-05");
    CHECK(plan.scenarioTitle == "Charged twice for the annual Team plan");
    CHECK(plan.text == "Verify before promising the refund.");
    CHECK(plan.acknowledgedOn.empty());

    desk.wait(0, kDay);
    desk.model.acknowledgePlan(plan.id, desk.clock);
    desk.model.update();
    CHECK(desk.model.coachingPlans()[0].acknowledgedOn == "2026-01-06");
    auto stored = desk.store->coachingPlans(ana);
    REQUIRE(stored);
    CHECK((*stored)[0].acknowledgedAt == desk.clock.wall);
    desk.model.acknowledgePlan(plan.id, desk.clock);  // twice: the store refuses, the screen says so
    desk.model.update();
    CHECK(desk.model.message().find("Cannot acknowledge the plan: plan 1 does not exist or is already acknowledged") == 0);
}

TEST_CASE("coaching review: a reviewer re-rates a criterion with a reason and leaves the trainee a plan") {
    Desk desk;
    int64_t sessionId = playedRefund(desk);
    int64_t ana = desk.model.profile()->id;
    CHECK_FALSE(desk.model.reviewingOthers());  // Ana's own debrief: retry, no coaching panel
    desk.model.createProfile("Rui Costa", "reviewer", {}, desk.clock);
    desk.model.update();
    desk.model.openStoredDebrief(sessionId);
    desk.model.update();
    REQUIRE(desk.model.screen() == Screen::Debrief);
    CHECK(desk.model.reviewingOthers());
    CHECK(desk.model.debrief().traineeName == "Ana Lima");

    // Every part of a re-rating is required, and nothing is stored until it is whole.
    desk.model.saveReRating(desk.clock);
    CHECK(desk.model.message() == "Pick the criterion to re-rate.");
    desk.model.coachingDraft().criterionId = "empathy";
    desk.model.coachingDraft().level = 5;  // empathy is 5-point: 0..4
    desk.model.saveReRating(desk.clock);
    CHECK(desk.model.message() == "Pick the level you would give.");
    desk.model.coachingDraft().level = 2;
    desk.model.coachingDraft().reason = "   ";
    desk.model.saveReRating(desk.clock);
    CHECK(desk.model.message() == "A re-rating needs its reason: what in the conversation earned this level.");
    CHECK(desk.store->reviews(sessionId)->empty());

    desk.model.coachingDraft().reason = "Apology only after the fix";
    desk.model.saveReRating(desk.clock);
    desk.model.update();
    auto reviews = desk.store->reviews(sessionId);
    REQUIRE(reviews);
    REQUIRE(reviews->size() == 1);
    CHECK((*reviews)[0].authorName == "Rui Costa");
    CHECK((*reviews)[0].level == 2);
    // The debrief shows it at once, beside the automatic level, and the score is the official one:
    // empathy 11/12 of weight 15 (13.75 points) becomes 2/4 (7.5): 97.5 − 13.75 + 7.5 = 91.25 %.
    REQUIRE(desk.model.debrief().feedback.size() == 1);
    CHECK(desk.model.debrief().feedback[0].text == "Apology only after the fix");
    CHECK(desk.model.debrief().feedback[0].automaticLevel == 4);
    CHECK(desk.model.debrief().card.finalPercent == doctest::Approx(91.25));
    CHECK(desk.model.debrief().card.automaticPercent == doctest::Approx(97.5));
    CHECK(desk.model.debrief().card.passed);
    // Lists read the stored official score.
    auto listed = desk.store->session(sessionId);
    REQUIRE(listed);
    CHECK(listed->latestPercent == doctest::Approx(91.25));
    CHECK(listed->latestAutomaticPercent == doctest::Approx(97.5));
    CHECK(desk.model.coachingDraft().reason.empty());
    CHECK(desk.model.message().empty());  // the earlier refusals are superseded by the saved re-rating

    desk.model.sendCoachingPlan(desk.clock);
    CHECK(desk.model.message() == "Write the plan first: what to practise, and how.");
    desk.model.coachingDraft().plan = "Open with the apology; replay in exam mode.";
    desk.model.sendCoachingPlan(desk.clock);
    desk.model.update();
    auto plans = desk.store->coachingPlans(ana);
    REQUIRE(plans);
    REQUIRE(plans->size() == 1);
    CHECK((*plans)[0].plan == "Open with the apology; replay in exam mode.");
    CHECK((*plans)[0].sessionId == sessionId);
    CHECK((*plans)[0].authorName == "Rui Costa");
    CHECK(desk.model.notice() == "Plan sent to Ana Lima: it is on their My tracks screen to acknowledge.");
    // Ana, signing in next, does not see the reviewer's news about her.
    desk.model.switchProfile();
    desk.model.update();
    desk.model.selectProfile(ana);
    desk.model.update();
    CHECK(desk.model.notice().empty());
    desk.model.openStoredDebrief(sessionId);
    desk.model.update();
    CHECK(desk.model.notice().empty());
}

TEST_CASE("team: a lead sees every trainee's tracks and deadlines, overdue trainees first") {
    Desk desk;
    desk.newTrainee("Ana Lima", {"new-hire-foundations"});  // starts today, 2026-01-05
    desk.start("refund-double-charge");
    playGolden(desk, "refund-double-charge");
    // Bo started in November: his 30 days ran out on 1 December, and a plan waits for him.
    auto bo = desk.store->addPerson("Bo Lind", store::Role::Trainee, "2025-11-01", {"new-hire-foundations"});
    REQUIRE(bo);
    desk.model.createProfile("Eva Marsh", "lead", {}, desk.clock);
    desk.model.update();
    REQUIRE(desk.store->addCoachingPlan({0, bo->id, desk.model.profile()->id, std::nullopt, "", "Book level 1 this week.", kMonday, std::nullopt}));

    desk.model.showTeam(desk.clock);
    desk.model.update();
    REQUIRE(desk.model.screen() == Screen::Team);
    const auto& team = desk.model.team();
    REQUIRE(team.size() == 2);  // the lead is not a trainee
    CHECK(team[0].name == "Bo Lind");
    CHECK(team[0].overdue);
    REQUIRE(team[0].tracks.size() == 1);
    CHECK(team[0].tracks[0].dueDate == "2025-11-30");  // 1 Nov + 30 days = 1 Dec; the last day is 30 Nov
    CHECK(team[0].plansWaiting == 1);
    CHECK(team[0].lastPlayed.empty());

    CHECK(team[1].name == "Ana Lima");
    CHECK_FALSE(team[1].overdue);
    CHECK(team[1].tracks[0].dueDate == "2026-02-03");  // 5 Jan + 30 days = 4 Feb
    CHECK(team[1].tracks[0].daysLeft == 29);            // 4 Feb 00:00 is 29 days and 15 hours after 5 Jan 09:00
    CHECK(team[1].sessions == 1);
    CHECK(team[1].lastPlayed == "2026-01-05");
    REQUIRE(team[1].latestPercent);
    CHECK(*team[1].latestPercent == doctest::Approx(97.5));
    CHECK(team[1].plansWaiting == 0);
}

TEST_CASE("tracks: a stored certificate shows on My tracks even with no passing session behind it now") {
    Desk desk;
    desk.newTrainee("Ana Lima", {"new-hire-foundations"});
    int64_t ana = desk.model.profile()->id;
    // Awarded on 20 January, valid 12 months (as if the sessions behind it were since re-scored lower).
    REQUIRE(desk.store->awardCertification({0, ana, "new-hire-foundations", kMonday + 15 * kDay, kMonday + 380 * kDay}));
    desk.model.selectProfile(ana);
    desk.model.update();
    desk.wait(0, 20 * kDay);
    desk.model.showTracks(desk.clock);
    const TrackCard& card = cardOf(desk.model, "new-hire-foundations");
    CHECK(card.progress.certified);
    CHECK(card.certifiedOn == "2026-01-20");
    CHECK(desk.model.certificateText("new-hire-foundations").has_value());
}

TEST_CASE("tracks: saving a certificate writes the PNG where the trainee chose, creating the folder") {
    Desk desk;
    desk.newTrainee("Ana Lima", {"new-hire-foundations"});
    int64_t ana = desk.model.profile()->id;
    REQUIRE(desk.store->awardCertification({0, ana, "new-hire-foundations", kMonday + 15 * kDay, kMonday + 380 * kDay}));
    desk.model.selectProfile(ana);
    desk.model.update();
    desk.wait(0, 20 * kDay);
    desk.model.showTracks(desk.clock);
    REQUIRE(desk.model.certificateText("new-hire-foundations").has_value());
    // The dialog proposes the export folder and a name from the track and the trainee ("Ana Lima" → "Ana-Lima").
    const fs::path documents = desk.dir.path / "home" / "Documents";
    const std::string proposed = desk.model.certificateDefaultPath("new-hire-foundations", documents.string());
    CHECK(proposed == (documents / "simdesk-certificate-new-hire-foundations-Ana-Lima.png").string());
    CHECK(desk.model.certificateDefaultPath("privacy-and-compliance", documents.string()).empty());  // not earned
    // A fresh home has no Documents folder: saving makes it, and the file is a PNG.
    REQUIRE_FALSE(fs::exists(documents));
    desk.model.exportCertificate("new-hire-foundations", proposed, SIMDESK_FONT_DIR "/DejaVuSerif.ttf",
                                 SIMDESK_FONT_DIR "/DejaVuSerif-Bold.ttf");
    desk.model.update();
    INFO(desk.model.message());
    REQUIRE(fs::exists(proposed));
    std::ifstream png(proposed, std::ios::binary);
    char magic[8] = {};
    png.read(magic, 8);
    CHECK(std::string(magic + 1, 3) == "PNG");
    CHECK(desk.model.notice() == "Certificate saved to " + proposed);
    // No file name: nothing is written, and the trainee is told why.
    desk.model.exportCertificate("new-hire-foundations", (documents / "").string(), "", "");
    desk.model.update();
    CHECK(desk.model.message() == "Choose a file name for the certificate.");
}

TEST_CASE("team: a lead adds a new hire with a first day and tracks, the deadline counts from that day") {
    Desk desk;
    desk.model.createProfile("Eva Marsh", "lead", {}, desk.clock);
    desk.model.update();
    desk.model.showTeam(desk.clock);
    desk.model.update();
    NewTraineeDraft& draft = desk.model.newTraineeDraft();
    CHECK(draft.startDate == "2026-01-05");  // today, ready to change
    desk.model.addTrainee(desk.clock);
    CHECK(desk.model.message() == "Type a name for the new profile.");
    draft.name = "  Priya Raman ";
    draft.startDate = "12 Jan";
    desk.model.addTrainee(desk.clock);
    CHECK(desk.model.message() == "Give the start date as YYYY-MM-DD, e.g. 2026-01-05.");
    draft.startDate = "2026-01-12";  // starts next Monday
    desk.model.addTrainee(desk.clock);
    CHECK(desk.model.message() == "Assign at least one certification track: the deadlines come from it.");
    draft.tracks = {"new-hire-foundations"};
    desk.model.addTrainee(desk.clock);
    desk.model.update();
    CHECK(desk.model.message().empty());
    CHECK(desk.model.notice() == "Added Priya Raman: their deadlines count from 2026-01-12.");
    REQUIRE(desk.model.team().size() == 1);
    CHECK(desk.model.team()[0].name == "Priya Raman");
    CHECK(desk.model.team()[0].tracks[0].dueDate == "2026-02-10");  // 12 Jan + 30 days = 11 Feb; the last day is 10 Feb
    CHECK(desk.model.newTraineeDraft().name.empty());
    auto stored = desk.store->findPerson("Priya Raman");
    REQUIRE(stored);
    REQUIRE(*stored);
    CHECK((*stored)->role == store::Role::Trainee);
    // The same name again is refused, in any case.
    desk.model.newTraineeDraft() = NewTraineeDraft{"priya raman", "2026-01-12", {"new-hire-foundations"}};
    desk.model.addTrainee(desk.clock);
    CHECK(desk.model.message() == "There is already a profile named Priya Raman: pick it from the list.");
}

TEST_CASE("team: only a lead adds trainees") {
    Desk desk;
    desk.model.createProfile("Rui Costa", "reviewer", {}, desk.clock);
    desk.model.update();
    desk.model.newTraineeDraft() = NewTraineeDraft{"Priya Raman", "2026-01-12", {"new-hire-foundations"}};
    desk.model.addTrainee(desk.clock);
    CHECK(desk.model.message() == "Adding trainees is for leads.");
}

TEST_CASE("needs review: a lead sees a typed turn with a critical error, and confirms it with a reason") {
    Desk desk;
    desk.newTrainee();
    desk.start("refund-double-charge");
    const int64_t sessionId = desk.model.play().sessionId;
    const Scenario& scenario = desk.model.play().session->scenario();
    const nlohmann::json script = goldenScript("refund-double-charge");
    for (const auto& action : script["actions"]) {
        double seconds = action.value("seconds", 30.0);
        desk.wait(realSecondsFor(scenario, seconds), static_cast<int64_t>(seconds));
        if (action.contains("choice")) desk.choose(action["choice"].get<std::string>());
        else if (desk.model.prompt().nodeId == "write_reply")
            desk.reply("Hi Priya, I'm sorry, this was our error. I have refunded the duplicate charge INV-20432, reference "
                       "RF-88213, within 5 to 10 business days. I guarantee this will never happen again. Best regards, Sam");
        else desk.reply(action["reply"].get<std::string>());
        REQUIRE(desk.model.message().empty());
    }
    REQUIRE(desk.model.screen() == Screen::Debrief);
    CHECK_FALSE(desk.model.debrief().card.passed);

    desk.model.createProfile("Eva Marsh", "lead", {}, desk.clock);
    desk.model.update();
    desk.model.showReviews();
    desk.model.update();
    REQUIRE(desk.model.reviews().queue.size() == 1);
    const store::QueuedTurn& queued = desk.model.reviews().queue[0];
    CHECK(queued.sessionId == sessionId);
    CHECK(queued.turn == 4);
    CHECK(queued.reply.find("I guarantee this will never happen again") != std::string::npos);

    // No reason, no decision.
    desk.model.decideTurn(sessionId, 4, "confirmed", desk.clock);
    desk.model.update();
    CHECK(desk.model.message() == "Say why: a decision needs a reason the trainee and the next reviewer can read.");
    CHECK(desk.model.reviews().queue.size() == 1);

    desk.model.reviews().decisionReasons[{sessionId, 4}] = "A guarantee nobody can keep: critical, as the choice is";
    desk.model.decideTurn(sessionId, 4, "confirmed", desk.clock);
    desk.model.update();
    desk.model.update();
    CHECK(desk.model.reviews().queue.empty());
    auto decisions = desk.store->turnReviews(sessionId);
    REQUIRE(decisions);
    REQUIRE(decisions->size() == 1);
    CHECK((*decisions)[0].decision == "confirmed");
    CHECK((*decisions)[0].reviewerName == "Eva Marsh");
    // The session's debrief shows the decision beside the score.
    desk.model.openStoredDebrief(sessionId);
    desk.model.update();
    desk.model.update();
    REQUIRE(desk.model.screen() == Screen::Debrief);
    bool shown = false;
    for (const auto& f : desk.model.debrief().feedback)
        shown |= f.author == "Eva Marsh" &&
                 f.text == "turn 4: the automatic judgement is confirmed (A guarantee nobody can keep: critical, as the choice is)";
    CHECK(shown);
}

TEST_CASE("dispute: a trainee disputes a criterion on her debrief, and a reviewer overturns it from the Reviews screen") {
    Desk desk;
    int64_t sessionId = playedRefund(desk);
    int64_t ana = desk.model.profile()->id;
    CHECK_FALSE(desk.model.canDispute());  // the debrief right after play is not yet a stored review view
    desk.model.openStoredDebrief(sessionId);
    desk.model.update();
    REQUIRE(desk.model.canDispute());

    desk.model.sendDispute(desk.clock);
    CHECK(desk.model.message() == "Pick the criterion you dispute.");
    desk.model.disputeDraft().criterionId = "empathy";
    desk.model.sendDispute(desk.clock);
    CHECK(desk.model.message() == "Say why: what in the conversation earned a different level.");
    desk.model.disputeDraft().reason = "I apologised in my first reply";
    desk.model.sendDispute(desk.clock);
    desk.model.update();
    CHECK(desk.model.notice() == "Dispute sent: a reviewer or lead will uphold or overturn it, with a reason.");
    REQUIRE(desk.model.debrief().disputes.size() == 1);
    CHECK(desk.model.debrief().disputes[0].status == "open");
    CHECK(desk.model.debrief().disputes[0].criterionTitle == "Empathy and tone");
    CHECK(desk.model.disputeDraft().reason.empty());

    // Rui, a reviewer, finds it beside the review queue and overturns it to level 2.
    desk.model.createProfile("Rui Costa", "reviewer", {}, desk.clock);
    desk.model.update();
    desk.model.showReviews();
    desk.model.update();
    REQUIRE(desk.model.reviews().disputes.size() == 1);
    const DisputeRow& open = desk.model.reviews().disputes[0];
    CHECK(open.trainee == "Ana Lima");
    CHECK(open.levels == 5);
    int64_t disputeId = open.id;
    desk.model.resolveDispute(disputeId, false, desk.clock);
    CHECK(desk.model.message() == "Say why: the trainee reads your reason beside the score.");
    desk.model.reviews().disputeReasons[disputeId] = "The apology came after the fix";
    desk.model.resolveDispute(disputeId, false, desk.clock);
    CHECK(desk.model.message() == "Pick the level you re-rate it to.");
    desk.model.reviews().disputeLevels[disputeId] = 2;
    desk.model.resolveDispute(disputeId, false, desk.clock);
    desk.model.update();
    // Empathy 11/12 of weight 15 (13.75 points) becomes 2/4 (7.5): 97.5 − 13.75 + 7.5 = 91.25 %.
    auto info = desk.store->session(sessionId);
    REQUIRE(info);
    CHECK(info->latestPercent == doctest::Approx(91.25));
    CHECK(info->latestAutomaticPercent == doctest::Approx(97.5));
    CHECK(desk.model.reviews().disputes.empty());

    // Ana reads the outcome on her debrief.
    desk.model.switchProfile();
    desk.model.update();
    desk.model.selectProfile(ana);
    desk.model.update();
    desk.model.openStoredDebrief(sessionId);
    desk.model.update();
    REQUIRE(desk.model.debrief().disputes.size() == 1);
    CHECK(desk.model.debrief().disputes[0].status == "overturned");
    CHECK(desk.model.debrief().disputes[0].resolvedBy == "Rui Costa");
    CHECK(desk.model.debrief().disputes[0].level == 2);
    CHECK(desk.model.debrief().card.finalPercent == doctest::Approx(91.25));
}

TEST_CASE("one rounding rule for scores: one decimal, half away from zero, no trailing .0") {
    // The same play read 98 % on My tracks and 97.5 % on the debrief (issue 13).
    CHECK(scoreText(97.5) == "97.5%");
    CHECK(scoreText(100.0) == "100%");
    CHECK(scoreText(84.849) == "84.8%");
    CHECK(scoreText(84.85) == "84.9%");  // 848.5 rounds away from zero
    CHECK(scoreText(0.04) == "0%");
    CHECK(scoreText(66.666) == "66.7%");
}
