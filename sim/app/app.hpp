// The desktop app. This foundation version lists the loaded scenarios and any content
// diagnostics; the full trainee console (library, play, debrief, tracks) is its own issue.
#pragma once

#include "core/library.hpp"

#include <functional>
#include <string>

namespace simdesk::app {

struct AppOptions {
    std::string title = "simdesk";
    int quitAfterFrames = 0;      ///< >0: render this many frames and exit (tests, screenshots)
    std::string screenshotPath;   ///< write the last frame to this PNG before exiting
};

/// What the library screen shows, built once from the content library (screens never parse JSON).
struct LibraryView {
    struct Row {
        std::string id, title, category, channel, priority, persona, rubric;
        int difficulty = 1, minutes = 0;
    };
    std::vector<Row> rows;
    std::vector<std::string> problems;  ///< formatted diagnostics
    size_t errorCount = 0, warningCount = 0;
};

LibraryView makeLibraryView(const ContentLibrary& library);

/// Opens the window and runs until it is closed. Returns a process exit code.
int runApp(const LibraryView& view, const AppOptions& options);

// glfw_window.cpp: the one place GLFW and OpenGL are used.
struct Window;
using FrameFunction = std::function<void()>;
int runWindow(const AppOptions& options, const std::function<void()>& setupFonts, const FrameFunction& drawFrame);

} // namespace simdesk::app
