// Free-text rules: which rules a typed reply matches, and where in the reply.
//
// The foundation implements kind "phrases" (any/all/none, case-insensitive, whole words); the
// rule language (stemming, negation, proximity, regular expressions) grows in its own issue
// behind this same interface, so the player and the scorer do not change.
#pragma once

#include "scenario.hpp"

#include <string>
#include <vector>

namespace simdesk {

/// A stretch of the reply, in bytes: [begin, end).
struct TextSpan {
    size_t begin = 0, end = 0;
};

struct RuleMatch {
    std::string ruleId;
    bool matched = false;
    std::vector<TextSpan> spans;  ///< what made it match (or, for a `none` phrase, what stopped it)
    std::string reason;           ///< e.g. `found "sorry"`, `missing "refund"`
};

/// Evaluates every rule of a free-text node against a reply, in rule order.
std::vector<RuleMatch> evaluateRules(const std::vector<TextRule>& rules, std::string_view reply);

/// The node to go to after a reply that matched `matches`.
size_t chooseBranch(const Node& node, const std::vector<RuleMatch>& matches);

/// Finds `phrase` in `text` ignoring ASCII case, only at word boundaries. npos if absent.
size_t findPhrase(std::string_view text, std::string_view phrase);

} // namespace simdesk
