// Play at every supported text size in the smallest supported window (1024×700): the real app
// draws it under Xvfb (`simdesk --screenshot`), writes a PNG, and tells through SIMDESK_UI_PROBE
// where each named widget was drawn and whether it was entirely in view. A lead is signed in, so
// the top bar has the most to hold (four tabs and Leave).
//
// Run by CTest as: xvfb-run -a -s "-screen 0 1280x800x24" test_app_layout (see tests/CMakeLists.txt).
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using nlohmann::json;
using simdesk::test::readBytes;
using simdesk::test::TempDir;

namespace {

constexpr int kWidth = 1024, kHeight = 700;

struct Desk {
    TempDir dir{"simdesk-layout"};
    fs::path db() const { return dir.path / "records.db"; }
    fs::path config() const { return dir.path / "app.json"; }

    std::string env() const {
        return "SIMDESK_DB=" + db().string() + " SIMDESK_CONFIG=" + config().string() +
               " SIMDESK_CONTENT=" SIMDESK_SOURCE_DIR " HOME=" + dir.path.string() + " LIBGL_ALWAYS_SOFTWARE=1 ASAN_OPTIONS=detect_leaks=0 ";
    }

    Desk() {
        std::string add = env() + SIMDESK_BINARY " people add \"Eva Marsh\" --role lead --start 2024-09-02 >/dev/null";
        REQUIRE(std::system(add.c_str()) == 0);
    }

    /// Draws `screen` at `scale` text size in the theme, and returns the probe of its last frame.
    json draw(const std::string& screen, float scale, const std::string& theme = "dark", const std::string& expect = "play") {
        {
            std::ofstream out(config());
            out << json{{"last_profile", "Eva Marsh"}, {"ui_scale", scale}, {"theme", theme}}.dump();
        }
        char name[64];
        std::snprintf(name, sizeof name, "%s-%.0f-%s", screen.c_str(), scale * 100, theme.c_str());
        fs::path png = dir.path / (std::string(name) + ".png"), probe = dir.path / (std::string(name) + ".json");
        std::string command = env() + "SIMDESK_UI_PROBE=" + probe.string() + " " SIMDESK_BINARY " --screenshot " + png.string() +
                              " --screen " + screen + " --window " + std::to_string(kWidth) + "x" + std::to_string(kHeight) +
                              " --frames 6";
        INFO(command);
        REQUIRE(std::system(command.c_str()) == 0);
        CHECK(fs::file_size(png) > 1000);  // a real picture was written
        json p = json::parse(readBytes(probe), nullptr, false);
        REQUIRE(p.is_object());
        REQUIRE(p.value("screen", "") == expect);
        return p;
    }
};

bool has(const json& p, const std::string& widget) { return p["widgets"].contains(widget); }

/// The widget is drawn and entirely in view: nothing of it off the window or cut by its pane.
bool whole(const json& p, const std::string& widget) {
    if (!has(p, widget)) return false;
    const json& r = p["widgets"][widget];
    return r.size() >= 5 && r[4] == 1 && r[0].get<double>() >= 0 && r[1].get<double>() >= 0 &&
           r[0].get<double>() + r[2].get<double>() <= kWidth + 0.5 && r[1].get<double>() + r[3].get<double>() <= kHeight + 0.5;
}

double height(const json& p, const std::string& widget) { return has(p, widget) ? p["widgets"][widget][3].get<double>() : 0; }

/// What every Play frame must keep reachable, at any text size.
void checkTopBarAndConversation(const json& p, float scale) {
    const double line = 17 * scale;  // the text font's size at this scale
    // View is always on screen, so the text size can always be put back.
    CHECK(whole(p, "view"));
    // Whatever the bar shows of tabs, Leave and Switch profile is whole (the rest is in View).
    for (const char* w : {"tab-library", "tab-tracks", "tab-reviews", "tab-team", "leave", "switch-profile"})
        if (has(p, w)) CHECK_MESSAGE(whole(p, w), w << " is cut off");
    // The customer card takes a fifth of the window at most. The conversation shows more than two
    // lines even at 200 % (where the window holds about fourteen), and up to 150 % at least 160 px,
    // the first lines of a long e-mail (it was about 150 px, with the card at 380 px, before).
    CHECK(whole(p, "customer-card"));
    CHECK(height(p, "customer-card") <= kHeight / 5.0);
    CHECK(whole(p, "conversation"));
    CHECK(height(p, "conversation") >= 2.5 * line);
    if (scale <= 1.5f) CHECK(height(p, "conversation") >= 160);
}

} // namespace

TEST_CASE("play keeps the conversation, the reply box and Send in view at 100, 125, 150 and 200 percent text in 1024x700") {
    Desk desk;
    for (float scale : {1.0f, 1.25f, 1.5f, 2.0f}) {
        CAPTURE(scale);
        json p = desk.draw("play", scale);
        REQUIRE(p.value("prompt", "") == "free_text");
        checkTopBarAndConversation(p, scale);
        CHECK(whole(p, "reply"));
        CHECK(height(p, "reply") >= 2 * 17 * scale);  // room for at least two lines
        CHECK(whole(p, "send"));
        CHECK(whole(p, "reply-count"));
    }
}

TEST_CASE("play keeps the conversation and the first choice in view at 100, 125, 150 and 200 percent text in 1024x700") {
    Desk desk;
    for (float scale : {1.0f, 1.25f, 1.5f, 2.0f}) {
        CAPTURE(scale);
        json p = desk.draw("play-choices", scale);
        REQUIRE(p.value("prompt", "") == "choice");
        REQUIRE(p.value("choices", 0) >= 2);
        checkTopBarAndConversation(p, scale);
        // The choices scroll in their own area under the conversation: at least a line of the first
        // is in view (its label may wrap to more lines than the area holds at 200 %), and the area
        // is reached by scrolling it.
        REQUIRE(has(p, "choice-1"));
        CHECK(height(p, "choice-1") >= 17 * scale);
        const json& c = p["widgets"]["choice-1"];
        CHECK(c[1].get<double>() + c[3].get<double>() <= kHeight);
    }
}

TEST_CASE("at 100 percent text in 1024x700 the top bar shows every tab, Leave and View") {
    // With Dashboards a lead has seven tabs and Leave: the profile's name and Switch profile are
    // the first to fold into View (fitTopBar's order), so the screens stay one click away.
    Desk desk;
    json p = desk.draw("play", 1.0f);
    for (const char* w : {"tab-library", "tab-tracks", "tab-plays", "tab-dashboards", "tab-reviews", "tab-team", "leave", "view"})
        CHECK_MESSAGE(whole(p, w), std::string(w) << " is not in the bar");
}

TEST_CASE("dashboards keep the filter bar and Export in view at 150 percent text in 1024x700 in every theme") {
    Desk desk;
    for (const char* theme : {"dark", "light", "high-contrast"}) {
        CAPTURE(theme);
        json p = desk.draw("dashboards", 1.5f, theme, "dashboards");
        CHECK(whole(p, "view"));
        for (const char* w : {"dash-since", "dash-apply", "dash-export-open", "dash-tab-0"})
            CHECK_MESSAGE(whole(p, w), w << " is cut off");
    }
}

TEST_CASE("the library gives titles room at 150 percent text in 1024x700: the filters fold into a bar above the table") {
    Desk desk;
    for (const char* theme : {"dark", "light", "high-contrast"}) {
        CAPTURE(theme);
        json p = desk.draw("library", 1.5f, theme, "library");
        CHECK(whole(p, "view"));
        CHECK(whole(p, "library-search"));
        CHECK(whole(p, "library-filters"));  // the type, channel, track... filters, one click away
        // The title column was about 145 px beside a filter column (titles cut to two words).
        REQUIRE(has(p, "library-scenario-column"));
        CHECK(p["widgets"]["library-scenario-column"][2].get<double>() >= 280);
    }
    // Where there is room, the filters stay a column beside the table.
    json wide = desk.draw("library", 1.0f, "dark", "library");
    CHECK(whole(wide, "library-search"));
    CHECK_FALSE(has(wide, "library-filters"));
}
