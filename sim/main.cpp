// simdesk: one executable. No subcommand opens the desktop app; subcommands run headless.
#include "cli/cli.hpp"

#ifdef SIMDESK_HAVE_APP
#include "app/app.hpp"
#endif

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <unistd.h>

namespace {

int launchApp(const simdesk::cli::GlobalOptions& global, int frames, const std::string& screenshot, const std::string& screen) {
#ifdef SIMDESK_HAVE_APP
    simdesk::SchemaChecker schemas;
    simdesk::ContentLibrary library = simdesk::cli::loadLibrary(global, {}, schemas);
    simdesk::app::AppOptions options;
    options.quitAfterFrames = frames;
    options.screenshotPath = screenshot;
    options.screen = screen;
    options.dbPath = global.dbPath;
    for (const auto& d : library.diagnostics) std::cerr << d.format() << "\n";  // content problems, before the window opens
    return simdesk::app::runApp(library, options);
#else
    (void)global, (void)frames, (void)screenshot, (void)screen;
    std::cerr << "simdesk: this build has no desktop app; see simdesk --help for the subcommands\n";
    return 1;
#endif
}

} // namespace

int main(int argc, char** argv) {
    // App-only options are taken out before the command line parser sees the rest.
    int frames = 0;
    std::string screenshot, screen;
    std::vector<const char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--frames") == 0 && i + 1 < argc) frames = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--screenshot") == 0 && i + 1 < argc) screenshot = argv[++i];
        else if (std::strcmp(argv[i], "--screen") == 0 && i + 1 < argc) screen = argv[++i];
        else args.push_back(argv[i]);
    }
    if (!screenshot.empty() && frames == 0) frames = 4;  // let layout settle before capturing
    simdesk::cli::Io io{std::cout, std::cerr, std::cin, isatty(0) && isatty(1)};
    return simdesk::cli::run(static_cast<int>(args.size()), args.data(), io,
                             [&](const simdesk::cli::GlobalOptions& global) { return launchApp(global, frames, screenshot, screen); });
}
