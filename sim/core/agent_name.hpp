// The trainee's own name in content: scenarios write "{agent}" wherever a customer, a model answer
// or a hand-off note names the person playing ("Thanks, {agent}.", "Best regards,\n{agent}").
//
// Content, transcripts and content hashes keep the placeholder as written, so a stored session
// replays and scores the same whoever played it; the name is filled in only when text is shown to
// a person (the app's play and debrief screens, the terminal's play). Scoring never sees it filled.
#pragma once

#include "json_source.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

/// The one placeholder content may use (docs/scenario-format.md#the-agents-name).
inline constexpr std::string_view kAgentPlaceholder = "{agent}";
/// The agent's name when nobody is named: `simdesk play` without --as, analysis, the eval sets. It
/// is the name the bundled content and its evaluation replies were written with, so a model answer
/// filled with it scores exactly as it did before placeholders existed.
inline constexpr std::string_view kDefaultAgentName = "Sam";

/// The name a customer calls the agent by: the first word of the profile's name ("Eva Santos" →
/// "Eva"), or kDefaultAgentName when the name is blank.
std::string agentFirstName(std::string_view profileName);

/// `text` with every "{agent}" replaced by `agentName` (kDefaultAgentName when it is blank). Any
/// other braces are left as they are.
std::string fillAgentName(std::string_view text, std::string_view agentName);

/// A `{word}` in text that is not a known placeholder.
struct UnknownPlaceholder {
    size_t offset = 0;   ///< byte offset of the '{'
    std::string token;   ///< "{agnet}"
};
/// The `{word}` tokens of `text` (word: a letter or '_' then letters, digits, '_' or '-', at most 32)
/// other than "{agent}".
std::vector<UnknownPlaceholder> findUnknownPlaceholders(std::string_view text);

/// SD012 for every unknown placeholder in the document's text fields (regular-expression patterns
/// are left out: "\p{Greek}" is RE2 syntax there), located at the placeholder itself.
std::vector<Diagnostic> checkPlaceholders(const JsonDocument& doc);

} // namespace simdesk
