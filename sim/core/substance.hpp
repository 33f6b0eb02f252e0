// Substance: whether a typed reply says anything at all about the case.
//
// A reply of "ok", ".", a greeting, a bag of stock service phrases or a copy of the customer's own
// message earns nothing on a typed turn, whatever rules its words happen to match: such a reply
// fails the turn (docs/scenario-format.md#must-have-points). What counts as "stock" is the phrasing
// any support reply could contain; what is left once it is removed is what the reply says about
// this customer's case.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

/// Fewer case-specific words than this (after stock phrases, greetings, sign-offs and words
/// copied from the customer are set aside) and the reply has no substance.
inline constexpr int kMinSubstantiveWords = 5;
/// A reply whose word sequences (four words long) come from the customer's messages at this share
/// or more is a copy of them.
inline constexpr double kEchoShare = 0.5;

struct SubstanceCheck {
    bool substantive = true;
    std::string reason;       ///< why not, for the debrief: "only stock phrases", …
    int words = 0;            ///< words in the reply
    int specificWords = 0;    ///< case-specific words left
    bool onlyTooFew = false;  ///< the one shortfall is too few case-specific words (not a copy)
};

/// `customerTexts`: what the customer has said so far in the conversation.
SubstanceCheck assessSubstance(std::string_view reply, const std::vector<std::string_view>& customerTexts);

} // namespace simdesk
