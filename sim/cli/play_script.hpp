// The `simdesk play --script` format: a list of actions, or {"start": SECONDS, "actions": [...]}.
// Each action is {"choice": ID or NUMBER} or {"reply": TEXT}, with optional "seconds".
// Parsed apart from playing, so tests and the fuzz harness (tests/fuzz/) can reach it directly.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace simdesk::cli {

/// 2026-01-05 09:00:00 UTC: scripted plays start here unless the script says otherwise, so a
/// script always produces the same transcript.
inline constexpr int64_t kDefaultScriptStart = 1767603600;
inline constexpr double kDefaultActionSeconds = 30;
/// The play clock adds each action's seconds to the start; these bounds keep that sum far inside
/// int64 (and the times printable as dates): a start from 1970 to the end of 9999, and at most a
/// year per action (every response-time standard is minutes or hours).
inline constexpr int64_t kMaxScriptStart = 253402300799;  // 9999-12-31 23:59:59 UTC
inline constexpr double kMaxActionSeconds = 366.0 * 86400;

struct ScriptAction {
    std::optional<std::string> choiceId;
    std::optional<int> choiceNumber;  ///< 1-based among the visible choices
    std::optional<std::string> reply;
    double seconds = kDefaultActionSeconds;
};

struct Script {
    int64_t start = kDefaultScriptStart;
    std::vector<ScriptAction> actions;
};

/// Parses a script; `name` (a path or "stdin") begins every error message, which names the field.
Result<Script> parseScript(const std::string& text, const std::string& name);

} // namespace simdesk::cli
