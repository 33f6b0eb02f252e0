// simdesk: one executable. No subcommand opens the desktop app; subcommands run headless.
#include "cli/cli.hpp"

#ifdef SIMDESK_HAVE_APP
#include "app/app.hpp"
#endif

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <unistd.h>

namespace {

/// App-only options, taken out of the command line before the parser sees the rest.
struct AppArgs {
    int frames = 0;
    std::string screenshot, screen;
    int width = 0, height = 0;  ///< --window WxH: the screenshot's window size (default 1280x800)
};

int launchApp(const simdesk::cli::GlobalOptions& global, const AppArgs& app) {
#ifdef SIMDESK_HAVE_APP
    simdesk::SchemaChecker schemas;
    simdesk::ContentLibrary library = simdesk::cli::loadLibrary(global, {}, schemas);
    simdesk::app::AppOptions options;
    options.quitAfterFrames = app.frames;
    options.screenshotPath = app.screenshot;
    options.screen = app.screen;
    options.screenshotWidth = app.width;
    options.screenshotHeight = app.height;
    options.dbPath = global.dbPath;
    for (const auto& d : library.diagnostics) std::cerr << d.format() << "\n";  // content problems, before the window opens
    return simdesk::app::runApp(library, options);
#else
    (void)global, (void)app;
    std::cerr << "simdesk: this build has no desktop app; see simdesk --help for the subcommands\n";
    return 1;
#endif
}

} // namespace

int main(int argc, char** argv) {
    simdesk::cli::tuneAllocator();
    // App-only options are taken out before the command line parser sees the rest.
    AppArgs app;
    std::vector<const char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--frames") == 0 && i + 1 < argc) app.frames = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--screenshot") == 0 && i + 1 < argc) app.screenshot = argv[++i];
        else if (std::strcmp(argv[i], "--screen") == 0 && i + 1 < argc) app.screen = argv[++i];
        else if (std::strcmp(argv[i], "--window") == 0 && i + 1 < argc)
            std::sscanf(argv[++i], "%dx%d", &app.width, &app.height);
        else args.push_back(argv[i]);
    }
    if (!app.screenshot.empty() && app.frames == 0) app.frames = 4;  // let layout settle before capturing
    simdesk::cli::Io io{std::cout, std::cerr, std::cin, isatty(0) && isatty(1)};
    return simdesk::cli::run(static_cast<int>(args.size()), args.data(), io,
                             [&](const simdesk::cli::GlobalOptions& global) { return launchApp(global, app); });
}
