// A reply that is a list rather than sentences: service words strung together, terms listed, a
// reply of terms alone, or words out of the order English allows. Each check says what it found,
// or nothing; the reply analyzer reads any of them as keyword stuffing.
#pragma once

#include "lexicon.hpp"
#include "text_normalize.hpp"

#include <optional>
#include <string>
#include <vector>

namespace simdesk {

/// Whether token k is written onto the one before it with no space between: one term
/// ("Retry-After", "300/min", "to-do", "status.example.com", "@gina_m").
bool joinedToPrevious(const AnalyzedText& text, size_t k);

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

} // namespace simdesk
