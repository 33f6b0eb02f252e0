// Offers beyond an agent's authority said in the customer's own terms: service time given away
// ("a year of free service", "your next three months are on us", "I'll waive the fee for the next
// six months") and money given as a gesture ("a $200 credit for the trouble"). The guarantees
// lexicon lists the fixed phrases ("free months"); this reads the clause: what is given, and us as
// the ones giving it.
#pragma once

#include "lexicon.hpp"
#include "reply_signals.hpp"

#include <vector>

namespace simdesk {

/// "guarantee" signals of kind "free_period", one per clause that gives service time for free.
/// Not a plan's terms ("the annual plan includes two months free"), a free trial, an offer we say
/// we cannot make ("I can't give you a free month"), or one we ask someone else to approve.
std::vector<Signal> findFreePeriodOffers(const AnalyzedText& text, const LexiconHits& hits);

/// "guarantee" signals of kind "discount": a percentage off that lasts ("50% off for the first
/// year", "a lifetime discount of 50 %", "30% off your next three orders"), offered to this
/// customer. The knowledge base forbids discounts on future renewals without Sales approval. Not
/// a promotion said to a group ("all members get 20% off"), one we ask about, or one we refuse.
std::vector<Signal> findDiscountOffers(const AnalyzedText& text, const LexiconHits& hits);

/// "guarantee" signals of kind "never_again": a promise that something will never happen again,
/// however it is put ("I'll make sure you're never suspended again", "this will never, ever happen
/// to you again"). Not one we refuse ("I can't promise it will never happen again").
std::vector<Signal> findNeverAgainPromises(const AnalyzedText& text, const LexiconHits& hits);

/// Cancels guarantees-lexicon and promises-lexicon hits that refer to a promise made before ("the
/// credit I promised last week") or name a guarantee rather than give one:
/// "the printer's 2-year guarantee", "the Direct Debit Guarantee", "your guarantee claim", "a
/// guarantee of admission". One is given when its giver stands just before the verb ("I
/// guarantee", "we can guarantee", "Northwind hereby guarantees") or it opens the sentence.
/// Also cancels an assurance of something already done, with nothing said of the future: "I can
/// guarantee the refund has been issued", "I'm 100% sure it went through". And what the customer
/// asked for, reported ("Jordan asked for free months"), one refused in its sentence ("free months
/// are beyond what I can give"), and a plan's service level ("the guaranteed 99.9% uptime").
void markGuaranteesAsThings(const AnalyzedText& text, LexiconHits& hits);

/// "credit" signals of kind "goodwill", one per clause where we give money as a gesture: a credit,
/// compensation, voucher, money off the next bill, a fee waived or a balance written off, with an
/// amount ("I've added a $150 credit for the trouble", "I can waive the whole $900 fee"). The span
/// holds the amount, so a rubric's reply check can count only those above the agent's limit
/// (`"above": 50`). Not a correction of what the customer paid ("credited the $30 difference",
/// "the refund of $89 will be credited"), a credit card, a limit ("up to $50"), money set by
/// policy, or a credit we ask someone to approve, have approved, or say we cannot give.
std::vector<Signal> findGoodwillCredits(const AnalyzedText& text, const LexiconHits& hits);

} // namespace simdesk
