// Tone signals that a phrase list cannot carry on its own, because they are said in as many ways
// as there are writers: talking down by repeating oneself or by echoing the customer's figure back
// at them, eye-rolling emoji, and blame told apart from a neutral cause by what the reply does
// next (deflects, or helps). Words live in lexicons (rubrics/lexicons/); this file holds the
// structure around them.
#pragma once

#include "lexicon.hpp"
#include "reply_lists.hpp"
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


/// Ownership by structure: the agent and an act ("we've forwarded your request", "I'll sort it"),
/// or an act reported without the agent, as terse replies do ("Refunded the $49.", "2FA reset.",
/// "Done."). At most one signal.
std::vector<Signal> findOwnership(const AnalyzedText& text);

/// Apologies that only soften a refusal or a deflection, said with more than the stock phrases
/// the apology lexicon excludes ("sorry, but", "sorry, can't"): a "but", "however" or "though"
/// just after the apology, past the customer's title ("Sorry ma'am, but…", "sorry for any
/// inconvenience, however…"); or a refusal later in the apology's sentence ("Sorry, once it's
/// shipped I can't cancel it", "we regret that we are unable to…"), or before it when the apology
/// ends the sentence ("…we can't do anything, sorry!"); or regret for the customer's view ("sorry
/// you feel", "sorry you don't agree") or for what they chose or failed to do ("sorry that you did
/// not measure your doorway"). An apology whose sentence goes on to something the agent does
/// ("sorry for the wait, but I've refunded it") still counts. Marks those hits of the "apology"
/// lexicon excluded, with why.
void markSofteningApologies(const AnalyzedText& text, LexiconHits& hits);
/// Why markSofteningApologies cancels an apology for how the customer sees it, or for what they
/// chose or failed to do (its hit's cancelledBy), so the brush-off check can tell these apart from
/// the other reasons.
inline constexpr std::string_view kRegretsCustomersView = "it is about how the customer sees it, not about what happened";
inline constexpr std::string_view kRegretsCustomersChoice = "it regrets what the customer chose or failed to do";
/// "I'm so sorry for your loss": the "sorry" of a condolence regrets no act of ours, so it is
/// neither an apology nor a non-apology. Marks the apology hits inside a condolence excluded, with
/// kCondolenceNotApology as why. The condolence itself says empathy.
void markApologiesOfCondolence(LexiconHits& hits);
inline constexpr std::string_view kCondolenceNotApology = "a condolence, not an apology for an act of ours";
/// The kind of an empathy signal that says the problem was not the customer's doing.
inline constexpr std::string_view kClearsTheCustomer = "clears the customer";

/// A deflection phrase that is our own act ("I contact them this morning", "we'll call them") or
/// warned against ("please don't contact them") sends the customer nowhere: marked excluded.
void markDeflectionsOfOurs(const AnalyzedText& text, LexiconHits& hits);

/// "Complain to the manufacturer.", "…, call Safaricom", "Take it up with your bank.": a clause
/// that opens by sending the customer to someone else is a deflection, as the lexicon's "you'll
/// need to contact…" is, and is added to the "deflection" hits in reading order. Whether it blames
/// is decided as for those: only beside a cause or another party, and with no help of ours.
void addImperativeRedirections(const AnalyzedText& text, LexiconHits& hits);

/// Whether a reply pushes the problem away ("you'll need to take it up with them", "not a
/// Northwind issue", "outside our control"): hits of the "deflection" lexicon that count.
bool deflects(const LexiconHits& hits);

/// Whether a reply names someone other than us in the role of a cause: a "blame-actor" hit, a
/// person or team "on your side" by its possessive ("your admin", "your finance team"), a
/// problem by a name not ours ("a Shopify limitation"), or whom a deflection sends the customer to
/// ("ask the shop", "contact Google directly").
bool namesAnotherParty(const AnalyzedText& text, const LexiconHits& hits);

} // namespace simdesk
