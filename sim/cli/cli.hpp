// The `simdesk` command line: headless subcommands over the core. Never needs a display.
//
// Exit codes: 0 ok, 1 failure (invalid content, a failed command), 2 bad usage.
#pragma once

#include "core/library.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace simdesk::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

/// Where a command reads and writes, so tests can run commands in-process.
struct Io {
    std::ostream& out;
    std::ostream& err;
    std::istream& in;
    bool interactive = false;  ///< stdin and stdout are a terminal
};

/// Options every subcommand shares.
struct GlobalOptions {
    std::string contentRoot;  ///< folder holding scenarios/ and rubrics/
    std::string dbPath;       ///< reserved for the store
};

/// The folder of bundled content: $SIMDESK_CONTENT, else ./ when it has scenarios/ and rubrics/,
/// else the source tree simdesk was built from.
std::string defaultContentRoot();

/// Loads the content root's scenarios/ and rubrics/ plus any extra paths (e.g. a scenario file).
ContentLibrary loadLibrary(const GlobalOptions& options, const std::vector<std::filesystem::path>& extra,
                           const SchemaChecker& schemas);

/// Prints diagnostics as `file:line:col: severity: …` lines.
void printDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

/// Runs the command line. `launchApp` opens the desktop window when no subcommand is given.
int run(int argc, const char* const* argv, Io io, const std::function<int(const GlobalOptions&)>& launchApp);

// Subcommands (cmd_*.cpp).
struct ValidateOptions {
    std::vector<std::string> paths;
    bool strict = false;
    bool json = false;
};
int validate(const GlobalOptions& global, const ValidateOptions& options, Io io);

struct AnalyzeOptions {
    std::string scenario;
    bool json = false;
};
int analyze(const GlobalOptions& global, const AnalyzeOptions& options, Io io);

struct PlayOptions {
    std::string scenario;
    std::string script;  ///< path, or "-" for stdin
    std::string save;    ///< write the session here
    std::string mode = "practice";
    bool json = false;
};
int play(const GlobalOptions& global, const PlayOptions& options, Io io);

struct ScoreOptions {
    std::string transcript;
    std::string scenario;  ///< a scenario file outside the content root
    bool json = false;
};
int score(const GlobalOptions& global, const ScoreOptions& options, Io io);

struct ReplyCheckOptions {
    std::string text;     ///< the reply, or "-" for stdin
    std::string channel;  ///< email, chat, phone, social: adds length and readability bounds
    bool json = false;
};
inline constexpr size_t kMaxReplyBytes = 64 * 1024;
int replyCheck(const GlobalOptions& global, const ReplyCheckOptions& options, Io io);

int explain(const std::string& code, Io io);
/// The whole diagnostic catalogue as Markdown (docs/diagnostics.md is this output).
std::string diagnosticsMarkdown();

} // namespace simdesk::cli
