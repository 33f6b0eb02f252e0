// Tone signals that a phrase list cannot carry on its own, because they are said in as many ways
// as there are writers: talking down by repeating oneself or by echoing the customer's figure back
// at them, eye-rolling emoji, and blame told apart from a neutral cause by what the reply does
// next (deflects, or helps). Words live in lexicons (rubrics/lexicons/); this file holds the
// structure around them.
#pragma once

#include "lexicon.hpp"
#include "reply_signals.hpp"

#include <optional>
#include <string>
#include <vector>

namespace simdesk {

/// Condescension by structure rather than phrase:
///  * re-explaining: a "saying" word ("explain", "say", "go through", "state") and a "repeat" word
///    ("again", "one more time", "slower") in one clause: "I'll go through it again, slower";
///  * an echo: a sentence of one to three words that only repeats what the sentence before said
///    ("…thirty days ago. Thirty."), or three one-word sentences in a row ("Five. Business. Days.");
///  * eye-rolling, shrugging and sassy emoji (🙄 🙃 🤷 💁 🤦), whose meaning is a dismissal.
std::vector<Signal> findCondescensionByPattern(const AnalyzedText& text, const LexiconHits& hits);

/// Empathy by structure: telling the customer the problem was not their doing, said in as many
/// ways as there are writers ("nothing you did caused this", "not on your end", "not a you thing",
/// "you didn't miss anything"). At most one signal.
std::vector<Signal> findClearing(const AnalyzedText& text);

/// A list of support words rather than a reply: five or more words in a row within one clause with
/// no function word between them ("the", "is", "to"; "sorry" and "thanks" are service words here),
/// at least three in five from the "service-words" lexicon ("sorry understand refund priority
/// valued"), or two in five in a run of eight or more. What it says, or nullopt.
std::optional<std::string> serviceWordList(const AnalyzedText& text, const LexiconHits& hits);

/// A list of terms rather than a reply, whatever the terms: five or more short items in a row
/// (clauses of at most three terms with no function word), most of them one term alone, making up
/// at least half the reply ("Hi Tom, 429, limit, 300, Retry-After, polling, webhooks. Sam"). A
/// terse note of pairs ("double charge, refund issued, customer happy") is not one. What it says,
/// or nullopt.
std::optional<std::string> bareTermList(const AnalyzedText& text, const LexiconHits& hits);

/// A reply of terms alone: seven words or more and not one English function word among them
/// ("kyc aml verification queue pending docs compliance review tier 2"). Prose cannot go seven
/// words without "the", "is", "you" or "to", whatever its subject. English replies only. What it
/// says, or nullopt.
std::optional<std::string> functionlessReply(const AnalyzedText& text, const LexiconHits& hits);

/// Words out of order rather than sentences: places where English grammar cannot put two words
/// side by side, such as a determiner before a verb, a preposition or the end of its clause ("the
/// to", "your is", "a."), a subject pronoun before a determiner ("we the"), or a preposition before a
/// modal, a subject pronoun or a finite "be"/"have" ("to will", "for we", "of is"). Prose has next
/// to none; a reply's words shuffled have one every dozen words. At least three, and one for every
/// twenty words. English replies only. `places` are the reply's ungrammaticalPlaces. What it says,
/// or nullopt.
std::optional<std::string> wordsOutOfOrder(const AnalyzedText& text, const std::vector<std::string>& places);
/// Each place where English grammar cannot put two words side by side, named as wordsOutOfOrder
/// and the word-order model's finding quote it ("\"the to\"", "\"a\" ending a clause").
std::vector<std::string> ungrammaticalPlaces(const AnalyzedText& text);

/// Ownership by structure: the agent and an act ("we've forwarded your request", "I'll sort it"),
/// or an act reported without the agent, as terse replies do ("Refunded the $49.", "2FA reset.",
/// "Done."). At most one signal.
std::vector<Signal> findOwnership(const AnalyzedText& text);

/// Apologies that only soften a refusal or a deflection, said with more than the stock phrases
/// the apology lexicon excludes ("sorry, but", "sorry, can't"): a "but", "however" or "though"
/// just after the apology, past the customer's title ("Sorry ma'am, but…", "sorry for any
/// inconvenience, however…"); or a refusal later in the apology's sentence ("Sorry, once it's
/// shipped I can't cancel it", "we regret that we are unable to…"), or before it when the apology
/// ends the sentence ("…we can't do anything, sorry!"). An apology whose sentence goes on to
/// something the agent does ("sorry for the wait, but I've refunded it") still counts. Marks those
/// hits of the "apology" lexicon excluded, with why.
void markSofteningApologies(const AnalyzedText& text, LexiconHits& hits);
/// Why markSofteningApologies cancels an apology for how the customer sees it (its hit's
/// cancelledBy), so the brush-off check can tell it apart from the other reasons.
inline constexpr std::string_view kRegretsCustomersView = "it is about how the customer sees it, not about what happened";
/// The kind of an empathy signal that says the problem was not the customer's doing.
inline constexpr std::string_view kClearsTheCustomer = "clears the customer";

/// A deflection phrase that is our own act ("I contact them this morning", "we'll call them") or
/// warned against ("please don't contact them") sends the customer nowhere: marked excluded.
void markDeflectionsOfOurs(const AnalyzedText& text, LexiconHits& hits);

/// Whether a reply pushes the problem away ("you'll need to take it up with them", "not a
/// Northwind issue", "outside our control"): hits of the "deflection" lexicon that count.
bool deflects(const LexiconHits& hits);

/// Whether a reply names someone other than us in the role of a cause: a "blame-actor" hit, a
/// person or team "on your side" by its possessive ("your admin", "your finance team"), a
/// problem by a name not ours ("a Shopify limitation"), or whom a deflection sends the customer to
/// ("ask the shop", "contact Google directly").
bool namesAnotherParty(const AnalyzedText& text, const LexiconHits& hits);

} // namespace simdesk
