// The app's settings between runs: last profile, theme, scale, window size and ImGui's layout.
// Kept in a small JSON file beside the user's other settings, never in the training records.
#pragma once

#include "model.hpp"

#include <filesystem>

namespace simdesk::app {

/// $SIMDESK_CONFIG, else $XDG_CONFIG_HOME/simdesk/app.json, else ~/.config/simdesk/app.json.
std::filesystem::path preferencesPath();

/// Reads the settings; a missing, unreadable or malformed file gives the defaults (and, for a
/// malformed one, a warning in `warning`), never an error that stops the app.
Preferences loadPreferences(const std::filesystem::path& path, std::string* warning = nullptr);

/// Writes the settings atomically (temporary file, then rename), creating the folder.
Status savePreferences(const Preferences& prefs, const std::filesystem::path& path);

} // namespace simdesk::app
