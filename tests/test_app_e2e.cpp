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
#include "e2e_x11.hpp"

#include "store/sqlite_store.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kScenario = "refund-double-charge";
constexpr double kStepSeconds = 60;  ///< deadline for any one expected change (ASan + software GL on a busy CI)
constexpr auto kPoll = std::chrono::milliseconds(40);

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

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string tail(const std::string& text, size_t n) { return text.size() <= n ? text : "…" + text.substr(text.size() - n); }

struct CommandResult {
    int status = -1;  ///< exit code, or -1 if it did not exit normally
    std::string output;
};

/// Runs a command (no shell) with stdout and stderr captured together.
CommandResult runCommand(const std::vector<std::string>& argv) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return {-1, "pipe failed"};
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    CommandResult result;
    char buffer[4096];
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) result.output.append(buffer, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) result.status = WEXITSTATUS(status);
    return result;
}

/// A private folder for one run's database, settings, probe and app log. Kept when the test stops
/// on a failure (or with SIMDESK_E2E_KEEP=1), so what the app wrote can be looked at.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "simdesk-e2e-XXXXXX").string();
        if (!mkdtemp(pattern.data())) FAIL("cannot create a temporary folder");
        path = pattern;
    }
    ~TempDir() {
        const char* keep = std::getenv("SIMDESK_E2E_KEEP");
        if (std::uncaught_exceptions() > 0 || (keep && *keep == '1')) {
            std::fprintf(stderr, "test_app_e2e: kept %s\n", path.c_str());
            return;
        }
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

bool hasWidget(const json& p, const std::string& name) { return p.contains("widgets") && p["widgets"].contains(name); }

/// The app under test: one process at a time, sharing the folder's database and settings.
class App {
public:
    explicit App(const fs::path& dir) : dir_(dir), probePath_(dir / "probe.json"), logPath_(dir / "app.log") {}
    ~App() { killNow(); }
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    fs::path database() const { return dir_ / "records.db"; }
    fs::path settings() const { return dir_ / "app.json"; }
    pid_t pid() const { return pid_; }

    void start() {
        REQUIRE(pid_ == 0);
        std::error_code ec;
        fs::remove(probePath_, ec);  // a fresh run writes its own
        lastProbe_.clear();
        ++runs_;
        {
            std::ofstream log(logPath_, std::ios::app);
            log << "==== run " << runs_ << " ====\n";
        }
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            int log = open(logPath_.c_str(), O_WRONLY | O_APPEND);
            if (log >= 0) dup2(log, STDOUT_FILENO), dup2(log, STDERR_FILENO);
            setenv("SIMDESK_UI_PROBE", probePath_.c_str(), 1);
            setenv("SIMDESK_DB", database().c_str(), 1);
            setenv("SIMDESK_CONFIG", settings().c_str(), 1);
            setenv("SIMDESK_CONTENT", SIMDESK_SOURCE_DIR, 1);
            setenv("SIMDESK_EXPORT_DIR", dir_.c_str(), 1);
            setenv("HOME", dir_.c_str(), 1);  // nothing of the real user's is read or written
            unsetenv("XDG_CONFIG_HOME");
            unsetenv("XDG_DATA_HOME");
            setenv("LIBGL_ALWAYS_SOFTWARE", "1", 1);
            execl(SIMDESK_BINARY, "simdesk", static_cast<char*>(nullptr));
            _exit(127);
        }
        window_.clear();
    }

    /// The latest probe (null until the app wrote one). Written atomically (rename), so a read is whole.
    json probe() {
        std::string text = readFile(probePath_);
        if (text.empty()) return json();
        json j = json::parse(text, nullptr, false);
        if (j.is_discarded()) return json();
        lastProbe_ = text;
        return j;
    }

    /// Waits until `ready(probe)` holds; fails with the app's state and log if the app exits or the
    /// deadline passes.
    json waitFor(const std::string& what, const std::function<bool(const json&)>& ready, double seconds = kStepSeconds) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        for (;;) {
            json p = probe();
            if (p.is_object() && ready(p)) return p;
            if (!running()) FAIL("the app exited (" << exitText() << ") while waiting for " << what << "\n" << diagnostics());
            if (std::chrono::steady_clock::now() > deadline)
                FAIL("timed out after " << seconds << " s waiting for " << what << "\n" << diagnostics());
            std::this_thread::sleep_for(kPoll);
        }
    }

    json waitForScreen(const std::string& screen) {
        return waitFor("screen " + screen + " (not busy)",
                       [&](const json& p) { return p.value("screen", "") == screen && !p.value("busy", true); });
    }

    json waitForWidget(const std::string& name) {
        return waitFor("widget \"" + name + "\"", [&](const json& p) { return hasWidget(p, name); });
    }

    /// The app's top-level window, found by its process id once it is mapped.
    const std::string& window() {
        if (window_.empty()) {
            auto found = runCommand({"timeout", "30", "xdotool", "search", "--sync", "--onlyvisible", "--pid",
                                     std::to_string(pid_)});
            std::istringstream lines(found.output);
            std::getline(lines, window_);
            if (found.status != 0 || window_.empty() || window_.find_first_not_of("0123456789") != std::string::npos)
                FAIL("xdotool found no window of the app: " << found.output << "\n" << diagnostics());
            // No window manager under Xvfb: give the window the keyboard explicitly (best effort;
            // the pointer is inside it for every key press anyway).
            xdotool({"windowfocus", window_}, false);
        }
        return window_;
    }

    /// Scrolls with the mouse wheel over a visible widget whose name starts with `over`, as a person
    /// would, until the probe shows `name` (long options can push the last ones below the fold).
    void scrollTo(const std::string& name, const std::string& over) {
        auto visible = [&](const json& p) -> std::string {
            if (p.contains("widgets"))
                for (const auto& [key, rect] : p["widgets"].items())
                    if (key.rfind(over, 0) == 0) return key;
            return "";
        };
        for (int notch = 0; notch < 20; ++notch) {
            json p = waitFor("a widget \"" + over + "…\"", [&](const json& q) { return !visible(q).empty(); });
            if (hasWidget(p, name)) return;
            const json& r = p["widgets"][visible(p)];
            int x = static_cast<int>(std::lround(r[0].get<double>() + r[2].get<double>() / 2));
            int y = static_cast<int>(std::lround(r[1].get<double>() + r[3].get<double>() / 2));
            xdotool({"mousemove", "--window", window(), std::to_string(x), std::to_string(y)});
            waitFor("the pointer over \"" + over + "\"", [&](const json& q) {
                return q.contains("mouse") && q["mouse"][0] == x && q["mouse"][1] == y;
            });
            xdotool({"click", "5"});  // one wheel notch down
        }
        waitForWidget(name);
    }

    /// A real click (XTEST) at the middle of a widget the probe names.
    void click(const std::string& name) {
        json p = waitForWidget(name);
        const json& r = p["widgets"][name];
        int x = static_cast<int>(std::lround(r[0].get<double>() + r[2].get<double>() / 2));
        int y = static_cast<int>(std::lround(r[1].get<double>() + r[3].get<double>() / 2));
        MESSAGE("click " << name << " at " << x << "," << y);
        // Point first, and press only once a frame has seen the pointer there: a tab (like any
        // ImGui item that allows overlap) takes a press only when it was hovered the frame before.
        xdotool({"mousemove", "--window", window(), std::to_string(x), std::to_string(y)});
        waitFor("the pointer over \"" + name + "\"", [&](const json& p) {
            return p.contains("mouse") && p["mouse"][0] == x && p["mouse"][1] == y;
        });
        // Press, and release only once a frame has seen the button down: two quick clicks whose
        // release and next press reach the app between two frames would read as one drag.
        xdotool({"mousedown", "1"});
        struct Release {
            App* app;
            bool done = false;
            ~Release() {
                if (!done) app->xdotool({"mouseup", "1"}, false);
            }
        } release{this};
        waitFor("the app to see the button of \"" + name + "\" pressed", [](const json& p) { return p.value("mouse_down", false); });
        release.done = true;
        xdotool({"mouseup", "1"});
        waitFor("the app to see the button of \"" + name + "\" released", [](const json& p) { return !p.value("mouse_down", true); });
    }

    /// Moves the pointer onto the window's top-left corner (the title text of the top bar): the
    /// keyboard follows the pointer without a window manager.
    void pointAtWindow() { xdotool({"mousemove", "--window", window(), "4", "4"}); }

    void type(const std::string& text) { xdotool({"type", "--delay", "30", text}); }

    /// Holds `keys` (xdotool syntax, e.g. "1" or "ctrl+Return") down until the probe shows `ready`,
    /// then releases them and waits until a frame has seen them up: a release and the next press
    /// of the same key arriving between two frames would read as one long press, and the second
    /// press would be lost (as likely on a loaded machine as a click's).
    json holdKeysUntil(const std::string& keys, const std::string& what, const std::function<bool(const json&)>& ready) {
        xdotool({"keydown", keys});
        struct Release {
            App* app;
            std::string keys;
            bool done = false;
            ~Release() {
                if (!done) app->xdotool({"keyup", keys}, false);
            }
        } release{this, keys};
        json p = waitFor(what + " after pressing " + keys, ready);
        release.done = true;
        xdotool({"keyup", keys});
        waitFor("the app to see " + keys + " released", [](const json& q) { return q.value("keys_down", 1) == 0; });
        return p;
    }

    /// Asks the window to close as a window manager would, and waits for a clean exit.
    int closeWindow() {
        REQUIRE(simdesk::e2e::requestWindowClose(std::stoul(window())));
        return waitForExit(kStepSeconds);
    }

    void kill9() {
        REQUIRE(pid_ > 0);
        REQUIRE(::kill(pid_, SIGKILL) == 0);
        int status = 0;
        REQUIRE(waitpid(pid_, &status, 0) == pid_);
        CHECK(WIFSIGNALED(status));
        pid_ = 0;
    }

    std::string diagnostics() const {
        return "last probe: " + (lastProbe_.empty() ? std::string("(none yet)") : lastProbe_) + "\napp log (" +
               logPath_.string() + "):\n" + tail(readFile(logPath_), 6000);
    }

private:
    bool running() {
        if (pid_ <= 0) return false;
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
        exitStatus_ = status;
        pid_ = 0;
        return false;
    }

    std::string exitText() const {
        if (WIFEXITED(exitStatus_)) return "exit code " + std::to_string(WEXITSTATUS(exitStatus_));
        if (WIFSIGNALED(exitStatus_)) return std::string("signal ") + strsignal(WTERMSIG(exitStatus_));
        return "unknown status";
    }

    int waitForExit(double seconds) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (running()) {
            if (std::chrono::steady_clock::now() > deadline) FAIL("the app did not exit after its window was closed\n" << diagnostics());
            std::this_thread::sleep_for(kPoll);
        }
        if (!WIFEXITED(exitStatus_)) FAIL("the app ended by " << exitText() << "\n" << diagnostics());
        return WEXITSTATUS(exitStatus_);
    }

    void killNow() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = 0;
    }

    void xdotool(std::vector<std::string> args, bool required = true) {
        args.insert(args.begin(), {"timeout", "30", "xdotool"});
        CommandResult r = runCommand(args);
        if (r.status != 0 && required) {
            std::string line;
            for (const auto& a : args) line += a + " ";
            FAIL("xdotool failed (" << r.status << "): " << line << "\n" << r.output << "\n" << diagnostics());
        }
    }

    fs::path dir_, probePath_, logPath_;
    pid_t pid_ = 0;
    int exitStatus_ = 0;
    int runs_ = 0;
    std::string window_, lastProbe_;
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

std::unique_ptr<simdesk::store::SqliteStore> openRecords(const fs::path& db) {
    auto opened = simdesk::store::SqliteStore::open(db);
    if (!opened) FAIL("cannot open " << db << ": " << opened.error().message);
    return std::move(*opened);
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

/// Runs `simdesk ARGS --db DB --content SOURCE` and requires it to succeed.
void cli(App& app, std::vector<std::string> args) {
    args.insert(args.begin(), SIMDESK_BINARY);
    args.insert(args.end(), {"--db", app.database().string(), "--content", SIMDESK_SOURCE_DIR});
    CommandResult r = runCommand(args);
    if (r.status != 0) FAIL("simdesk " << args[1] << " failed (" << r.status << "): " << r.output);
}

/// Starts the app and continues, with Enter, as the profile the settings name as last used.
void startAsLastProfile(App& app, const std::string& name) {
    app.start();
    app.waitFor("the start screen listing the profiles", [](const json& p) {
        return p.value("screen", "") == "start" && !p.value("busy", true) && hasWidget(p, "continue") &&
               !p.value("text_input", true);
    });
    app.pointAtWindow();
    app.holdKeysUntil("Return", "the library as " + name, [&](const json& p) {
        return p.value("screen", "") == "library" && p.value("profile", "") == name;
    });
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
