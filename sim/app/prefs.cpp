#include "prefs.hpp"

#include "store/private_files.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace simdesk::app {

namespace {
constexpr std::uintmax_t kMaxPreferencesBytes = 1 << 20;  // ImGui's layout text is a few kB
}

std::filesystem::path preferencesPath() {
    if (const char* path = std::getenv("SIMDESK_CONFIG"); path && *path) return path;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "simdesk" / "app.json";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : ".") / ".config" / "simdesk" / "app.json";
}

Preferences loadPreferences(const std::filesystem::path& path, std::string* warning) {
    Preferences prefs;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return prefs;
    if (std::filesystem::file_size(path, ec) > kMaxPreferencesBytes) {
        if (warning) *warning = path.string() + " is too large to be simdesk's settings; using the defaults";
        return prefs;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    nlohmann::json j = nlohmann::json::parse(buffer.str(), nullptr, false);
    if (!j.is_object()) {
        if (warning) *warning = path.string() + " is not valid settings JSON; using the defaults";
        return prefs;
    }
    auto text = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string(); };
    prefs.lastProfile = text("last_profile");
    prefs.lastServer = text("last_server");
    if (auto theme = parseTheme(text("theme"))) prefs.theme = *theme;
    if (j.contains("ui_scale") && j["ui_scale"].is_number())
        prefs.uiScale = std::clamp(j["ui_scale"].get<float>(), 0.75f, 2.5f);
    if (j.contains("window") && j["window"].is_array() && j["window"].size() == 2 && j["window"][0].is_number_integer() &&
        j["window"][1].is_number_integer()) {
        prefs.windowWidth = std::clamp(j["window"][0].get<int>(), 640, 7680);
        prefs.windowHeight = std::clamp(j["window"][1].get<int>(), 480, 4320);
    }
    prefs.imguiLayout = text("layout");
    return prefs;
}

Status savePreferences(const Preferences& prefs, const std::filesystem::path& path) {
    nlohmann::json j = {{"last_profile", prefs.lastProfile},
                        {"last_server", prefs.lastServer},
                        {"theme", themeName(prefs.theme)},
                        {"ui_scale", prefs.uiScale},
                        {"window", {prefs.windowWidth, prefs.windowHeight}},
                        {"layout", prefs.imguiLayout}};
    std::error_code ec;
    std::filesystem::path temp = path;
    temp += ".tmp";
    // Private (0600 in a 0700 folder, whatever the umask): it names the last profile used.
    // Replace, don't throw on, bytes that are not UTF-8 (a profile name typed in another encoding).
    if (auto written = store::writePrivateFile(temp, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        !written)
        return written;
    std::filesystem::rename(temp, path, ec);
    if (ec) return fail("cannot replace " + path.string() + ": " + ec.message());
    return Ok{};
}

} // namespace simdesk::app
