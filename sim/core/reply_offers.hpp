// Offers beyond an agent's authority said in the customer's own terms: service time given away
// ("a year of free service", "your next three months are on us", "I'll waive the fee for the next
// six months"). The guarantees lexicon lists the fixed phrases ("free months"); this reads the
// clause: a period, a word that makes it free, and us as the ones giving it.
#pragma once

#include "lexicon.hpp"
#include "reply_signals.hpp"

#include <vector>

namespace simdesk {

/// "guarantee" signals of kind "free_period", one per clause that gives service time for free.
/// Not a plan's terms ("the annual plan includes two months free"), a free trial, an offer we say
/// we cannot make ("I can't give you a free month"), or one we ask someone else to approve.
std::vector<Signal> findFreePeriodOffers(const AnalyzedText& text, const LexiconHits& hits);

} // namespace simdesk
