// The end-to-end tests' harness: the real desktop app under Xvfb, driven by xdotool with real
// pointer clicks and key presses, waiting on the app's probe file (SIMDESK_UI_PROBE) for every
// state it expects. How input is sent, and why, is explained at the top of tests/test_app_e2e.cpp.
// Shared by test_app_e2e.cpp and test_app_e2e_calibration.cpp (one test executable).
#pragma once

#include "e2e_x11.hpp"

#include "store/sqlite_store.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

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
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace simdesk::e2e {

namespace fs = std::filesystem;
using nlohmann::json;

inline constexpr double kStepSeconds = 60;  ///< deadline for any one expected change (ASan + software GL on a busy CI)
inline constexpr auto kPoll = std::chrono::milliseconds(40);

inline std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline std::string tail(const std::string& text, size_t n) { return text.size() <= n ? text : "…" + text.substr(text.size() - n); }

struct CommandResult {
    int status = -1;  ///< exit code, or -1 if it did not exit normally
    std::string output;
};

/// Runs a command (no shell) with stdout and stderr captured together.
inline CommandResult runCommand(const std::vector<std::string>& argv) {
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

inline bool hasWidget(const json& p, const std::string& name) { return p.contains("widgets") && p["widgets"].contains(name); }

/// The app under test: one process at a time, sharing the folder's database and settings.
class App {
public:
    explicit App(const fs::path& dir) : dir_(dir), probePath_(dir / "probe.json"), logPath_(dir / "app.log") {}
    ~App() { killNow(); }
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    fs::path database() const { return dir_ / "records.db"; }
    /// When set, SIMDESK_DB names this team server instead of the folder's file (the app opens on sign-in).
    std::string server;
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
            setenv("SIMDESK_DB", server.empty() ? database().c_str() : server.c_str(), 1);
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
    /// would, until the probe shows `name` (long options can push the last ones below the fold);
    /// `up` scrolls back towards the top.
    void scrollTo(const std::string& name, const std::string& over, bool up = false) {
        if (!scrollFor(name, over, up, 20)) waitForWidget(name);
    }

    /// For a list whose scroll position is not known (it is kept while another profile used the
    /// screen): down a few notches first, then back up.
    void findInList(const std::string& name, const std::string& over, bool upFirst = false) {
        if (!scrollFor(name, over, upFirst, 12)) scrollTo(name, over, !upFirst);
    }

    /// Up to `notches` wheel notches over a visible widget named `over`…, until `name` shows; false if it never did.
    bool scrollFor(const std::string& name, const std::string& over, bool up, int notches) {
        auto visible = [&](const json& p) -> std::string {
            if (p.contains("widgets"))
                for (const auto& [key, rect] : p["widgets"].items())
                    if (key.rfind(over, 0) == 0) return key;
            return "";
        };
        for (int notch = 0;; ++notch) {
            json p = waitFor("a widget \"" + over + "…\"", [&](const json& q) { return !visible(q).empty(); });
            if (hasWidget(p, name)) return true;
            if (notch == notches) return false;
            const json& r = p["widgets"][visible(p)];
            int x = static_cast<int>(std::lround(r[0].get<double>() + r[2].get<double>() / 2));
            int y = static_cast<int>(std::lround(r[1].get<double>() + r[3].get<double>() / 2));
            xdotool({"mousemove", "--window", window(), std::to_string(x), std::to_string(y)});
            waitFor("the pointer over \"" + over + "\"", [&](const json& q) {
                return q.contains("mouse") && q["mouse"][0] == x && q["mouse"][1] == y;
            });
            const std::string before = p["widgets"].dump();
            xdotool({"click", up ? "4" : "5"});  // one wheel notch down (or up)
            // Look again only once a frame has drawn the scroll (none comes at the end of the list):
            // reading the old probe would send another notch, and the wheel could pass `name` by.
            for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2); std::chrono::steady_clock::now() < until;) {
                json q = probe();
                if (q.is_object() && q.contains("widgets") && q["widgets"].dump() != before) break;
                std::this_thread::sleep_for(kPoll);
            }
        }
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

inline std::unique_ptr<simdesk::store::SqliteStore> openRecords(const fs::path& db) {
    auto opened = simdesk::store::SqliteStore::open(db);
    if (!opened) FAIL("cannot open " << db << ": " << opened.error().message);
    return std::move(*opened);
}

/// Runs `simdesk ARGS --db DB --content SOURCE` and requires it to succeed.
inline void cli(App& app, std::vector<std::string> args) {
    args.insert(args.begin(), SIMDESK_BINARY);
    args.insert(args.end(), {"--db", app.database().string(), "--content", SIMDESK_SOURCE_DIR});
    CommandResult r = runCommand(args);
    if (r.status != 0) FAIL("simdesk " << args[1] << " failed (" << r.status << "): " << r.output);
}

/// Starts the app and continues, with Enter, as the profile the settings name as last used.
inline void startAsLastProfile(App& app, const std::string& name) {
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

} // namespace simdesk::e2e
