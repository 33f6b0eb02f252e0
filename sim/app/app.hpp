// The desktop app: profiles, library, play, debrief and tracks over the core and the store.
#pragma once

#include "certificate.hpp"
#include "core/library.hpp"

#include <functional>
#include <string>

namespace simdesk::app {

struct AppOptions {
    std::string title = "simdesk";
    std::string dbPath;           ///< --db, else $SIMDESK_DB, else the XDG default
    int quitAfterFrames = 0;      ///< >0: render this many frames and exit (tests, screenshots)
    std::string screenshotPath;   ///< write the last frame to this PNG before exiting; writes no records
    std::string screen;           ///< screenshot: start, library, play, debrief or tracks
    int screenshotWidth = 0, screenshotHeight = 0;  ///< screenshot window size (0: 1280x800)
};

/// Opens the window and runs until it is closed. Returns a process exit code.
int runApp(const ContentLibrary& library, const AppOptions& options);

// ---- glfw_window.cpp: the one place GLFW and OpenGL are used ----------------------------------------

struct WindowConfig {
    std::string title;
    int width = 1280, height = 800;
    int quitAfterFrames = 0;
    std::string screenshotPath;
};

struct WindowHooks {
    /// Builds fonts and style for a scale (monitor content scale); called again when `rebuild` says so.
    std::function<void(float contentScale)> setup;
    /// Draws one frame. Returns how soon (seconds) the screen changes on its own, e.g. a running clock.
    std::function<double()> frame;
    std::function<bool()> rebuild;
    /// Called once after the last frame, with the window's size.
    std::function<void(int width, int height)> closing;
};

/// Wakes an idle window from any thread (new results from the store).
void wakeWindow();
/// Uploads RGBA pixels as a texture; 0 on failure. UI thread only.
unsigned int uploadTexture(const Image& image);
void deleteTexture(unsigned int texture);

int runWindow(const WindowConfig& config, const WindowHooks& hooks);

} // namespace simdesk::app
