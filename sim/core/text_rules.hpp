// Free-text rules: which rules a typed reply matches, and where in the reply.
//
// Kinds (docs/scenario-format.md#free-text-rules): "phrases" (literal any/all/none, the
// foundation's), "lexicon" (a shared word list on normalised, stemmed words, with negation and
// exclusions), "regex" (RE2), "order" and "proximity" (between earlier rules' spans), "length"
// (words and reading grade), "structure" (greeting, acknowledgement, next steps, timeline,
// sign-off) and "privacy" (personal data written out or asked for). Every match carries the spans
// that caused it, so the debrief can highlight them.
#pragma once

#include "scenario.hpp"
#include "figures.hpp"
#include "text_normalize.hpp"

#include <optional>
#include <string>
#include <vector>

namespace simdesk {

/// The longest typed reply simdesk accepts, in bytes of UTF-8: the player, the app's reply box and
/// `reply-check` all hold replies to it, so scoring time is bounded for every entry point.
inline constexpr size_t kMaxReplyBytes = 64 * 1024;

struct RuleMatch {
    std::string ruleId;
    bool matched = false;
    std::vector<TextSpan> spans;  ///< what made it match (or, for a `none` phrase, what stopped it)
    std::string reason;           ///< e.g. `found "sorry"`, `missing "refund"`
    std::string capped;           ///< non-empty: keyword stuffing, so its points stop below the top level
    std::string contradiction;    ///< claim: what in the reply states the opposite ("" when nothing does)
};

/// Evaluates every rule of a free-text node against a reply, in rule order. `channel` bounds the
/// length and reading grade of "signal" rules on too_long and hard_to_read.
std::vector<RuleMatch> evaluateRules(const std::vector<TextRule>& rules, std::string_view reply,
                                     std::optional<Channel> channel = std::nullopt);

/// The node to go to after a reply that matched `matches`.
size_t chooseBranch(const Node& node, const std::vector<RuleMatch>& matches);

/// Finds `phrase` in `text` ignoring ASCII case, only at word boundaries. npos if absent.
size_t findPhrase(std::string_view text, std::string_view phrase);

/// The structure parts a "structure" rule can require, and the lexicon each is found with.
struct StructurePart {
    std::string_view name, lexicon;
};
const std::vector<StructurePart>& structureParts();

} // namespace simdesk
