// Built-in signals of a typed reply, independent of any scenario: apology, non-apology (negated,
// conditional or deflecting: "sorry you feel that way", "I'm not sorry", "sorry, but"), empathy,
// ownership, blame or deflection, condescension and sarcasm, overpromise, shouting, profanity,
// personal data (with its kind), another customer's data, spelling, readability, word count,
// questions and language. Each signal carries the span of the reply
// that raised it, so a debrief can highlight it. Lexicon-based signals use the lexicons of the
// same name in rubrics/lexicons/; a missing lexicon simply raises nothing.
#pragma once

#include "lexicon.hpp"
#include "scenario.hpp"
#include "signal_model.hpp"
#include "redaction.hpp"  // findSecrets, luhnValid
#include "spelling.hpp"
#include "text_normalize.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace simdesk {

/// Whether `word` is one of `words`: the detectors' fixed word lists ("please", "kindly", ...).
template <size_t N>
bool oneOf(std::string_view word, const std::array<std::string_view, N>& words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}
inline bool oneOf(std::string_view word, std::initializer_list<std::string_view> words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

/// The tokens [first, end) of token i's sentence.
inline std::pair<size_t, size_t> sentenceOf(const std::vector<Token>& t, size_t i) {
    size_t first = i, end = i;
    while (first > 0 && t[first - 1].sentence == t[i].sentence) --first;
    while (end < t.size() && t[end].sentence == t[i].sentence) ++end;
    return {first, end};
}

struct Signal {
    std::string name;    ///< "apology", "personal_data", "shouting", ...
    std::string kind;    ///< detail: the lexicon entry, or "card_number", "asks_for_password", ...
    TextSpan span;
    bool counts = true;  ///< false: found but cancelled (negated, excluded); shown to explain
    std::string note;    ///< why it does not count, or extra detail
    bool firm = false;   ///< found by a lexicon whose words say it alone: the learned model does not overrule it
    /// Cancelled by a reading of its context (a negated apology, a condolence's "sorry", a phrase
    /// the lexicon excludes there, a hand-off with no time): the learned model does not raise it again.
    bool judgedInContext = false;
};

struct ReplySignals {
    std::vector<Signal> signals;  ///< sorted by span
    size_t words = 0, sentences = 0, questions = 0;
    double grade = 0;             ///< Flesch-Kincaid grade level (0 for fewer than 3 words)
    std::string language = "en"; ///< ISO 639-1 guess, "und" when unknown
    bool english = true;          ///< false: the English lexicons cannot judge this reply
    std::optional<std::string> keywordStuffing;  ///< why the reply looks like a list of keywords
    /// Signals the rules and the learned model judged differently, or the model only just: a person
    /// should confirm them. By signal name, with why.
    std::vector<std::pair<std::string, std::string>> doubts;

    bool has(std::string_view name) const;       ///< a counting signal of that name
    std::vector<const Signal*> all(std::string_view name) const;
};

/// The lexicon-based signals and the lexicon each one uses.
struct LexiconSignal {
    std::string_view signal, lexicon;
    /// Its words say the signal whoever reads them ("clueless"): the learned model may not overrule
    /// a hit, and a hit quoted from someone else ("you said 'your team is clueless'") is theirs.
    bool firm = false;
    std::string_view firmNote = {};  ///< why a firm hit stands, shown with it
};
const std::vector<LexiconSignal>& lexiconSignals();

/// Length and readability a reply should stay within on a channel (chat is short, email longer).
struct ChannelBounds {
    size_t maxWords = 0;
    double maxGrade = 0;
};
ChannelBounds channelBounds(Channel channel);

/// Whether every name in `span` (its capitalised words, titles aside) is one of the case's own
/// names: "Mr Lloyd" in a note about Gareth Lloyd is the customer, not another one.
bool namesOnlyTheCase(const AnalyzedText& text, TextSpan span, std::span<const std::string> caseNames);

/// Names of another customer: an "other-customer" phrase ("another customer", "other clients")
/// in a sentence that also names someone (two capitalised words that are not our own names, a
/// household by its surname, or an e-mail address). "Other customers are affected too" names
/// nobody and is not flagged. `spelling`, when given, tells a surname ("the Hendersons") from a
/// plural word ("the Terms"); without it, no household is read as named. Names that are all
/// `caseNames` (namesOnlyTheCase) are this case's own people.
std::vector<Signal> findOtherCustomer(const AnalyzedText& text, const LexiconHits& hits,
                                      const SpellChecker* spelling = nullptr, std::span<const std::string> caseNames = {});

/// Whether each token lies between an opening and a closing quotation mark within its sentence:
/// words quoted from someone else ("you said 'your team is clueless'") are not the writer's own.
std::vector<bool> quotedTokens(const AnalyzedText& text);

/// Personal data written in, or asked for by, a reply: the secrets redaction.hpp's findSecrets
/// finds (the same detector masks them before storage), and requests for any of them. Kinds:
/// card_number, ssn, password, card_security_code, asks_for_card_number, asks_for_ssn, asks_for_password.
std::vector<Signal> findPersonalData(const AnalyzedText& text, const LexiconSet& lexicons);
/// The same from hits already found (by a LexiconIndex over a set with the privacy lexicons).
std::vector<Signal> findPersonalData(const AnalyzedText& text, const LexiconHits& hits);


/// Why the hits look like keyword stuffing rather than a reply, if they do. `groups` are the
/// spans of each thing that matched (a lexicon, a rule). `functionWords`, when given, is how many
/// of the reply's words are function words ("the", "which", "has"): a reply of sentences is not
/// a keyword list for its matches covering half its words, as a dense case note or a short answer
/// of facts does; a list has almost none.
std::optional<std::string> keywordStuffing(const AnalyzedText& text, const std::vector<std::vector<TextSpan>>& groups,
                                           std::optional<size_t> functionWords = std::nullopt);

/// Words that count (letters or digits), for length rules and signals.
size_t wordCount(const AnalyzedText& text);
double readabilityGrade(const AnalyzedText& text);

/// The learned model's say on the signals it was trained for, once the rules have spoken: a signal
/// the rules found stays unless the model gives it less than `with_rule` (then it is kept, not
/// counted, with why); one they did not find is raised from `alone`, with the words that weighed
/// most. Close calls and disagreements go to `out.doubts`. English replies only. A reply of a few
/// words is too short for the model to overrule the rules, unless `onlyServiceWords` (every word
/// is of the service vocabulary: "Sorry, refund, understand, escalate." names acts, does none).
void applySignalModel(const SignalModel& model, const AnalyzedText& text, ReplySignals& out, bool onlyServiceWords = false);

/// Analyses replies with one set of lexicons. Not thread-safe (owns a stemmer); cheap to reuse.
class ReplyAnalyzer {
public:
    /// `spelling` is optional: without it no "misspelling" signals are raised and acronyms are
    /// told from shouting by length alone.
    /// `model` is optional too: without it the rules alone decide every signal.
    explicit ReplyAnalyzer(LexiconSet lexicons, std::shared_ptr<const SpellChecker> spelling = nullptr,
                           SignalModelPtr model = nullptr);
    /// `caseNames` are the names this case's own customer goes by (the scenario persona's name and
    /// company): a reply that names them names no other customer.
    ReplySignals analyze(std::string_view reply, std::optional<Channel> channel = std::nullopt);
    ReplySignals analyze(const AnalyzedText& text, std::optional<Channel> channel = std::nullopt,
                         std::span<const std::string> caseNames = {}) const;
    AnalyzedText tokenize(std::string_view reply) { return analyzeText(reply, stemmer_); }
    const LexiconSet& lexicons() const { return lexicons_; }
    const SpellChecker* spelling() const { return spelling_.get(); }
    std::shared_ptr<const SpellChecker> spellingShared() const { return spelling_; }

private:
    LexiconSet lexicons_;
    std::shared_ptr<const SpellChecker> spelling_;
    SignalModelPtr model_;
    LexiconIndex index_;
    Stemmer stemmer_;
};

} // namespace simdesk
