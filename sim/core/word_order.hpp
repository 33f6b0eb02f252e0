// Word order: whether a reply's words stand in an order English writers put them in, or are its
// words shuffled. A bigram model over the commonest words of natural replies (the rest stand as
// one "word" or "Name"): each pair of words in a row adds how much likelier the second is after
// the first than anywhere. Prose averages well above nothing; the same words shuffled average
// about nothing, however apt each word is. Trained by bench/signal_train --word-order on the
// development set, and shipped inside the learned signal model's file.
#pragma once

#include "string_table.hpp"
#include "text_normalize.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace simdesk {

struct WordOrderModel {
    size_t minWords = 20;  ///< shorter replies are not judged: too few pairs to tell
    double below = 0;      ///< a mean below this reads as words out of order
    /// A mean below this reads as words out of order when grammar agrees: the reply has at least
    /// one place where English cannot put two words side by side. Prose written by people with
    /// its articles dropped ("open locker also from app") reads low, but has no such place.
    double belowWithGrammar = 0;
    /// Replies of shortMinWords words up to minWords are judged by lines of their own: with fewer
    /// pairs a natural reply's mean strays further, so the lines are set on short replies alone.
    /// shortMinWords 0: short replies are not judged.
    size_t shortMinWords = 0;
    double shortBelow = 0, shortBelowWithGrammar = 0;
    double mix = 0.8;      ///< weight of the pair's own estimate against the word's alone
    StringTable symbols;   ///< the vocabulary and the special symbols below, numbered
    std::vector<uint64_t> counts;   ///< by symbol: how often it followed anything
    std::vector<uint64_t> follows;  ///< by symbol: how often anything followed it
    PairTable pairs;                ///< pairs of two symbols' numbers
    std::vector<uint32_t> pairCounts;  ///< by pair
    uint64_t total = 0;             ///< all pairs counted
};

/// The symbols that are not words of the vocabulary.
inline constexpr const char* kSentenceStart = "<s>";
inline constexpr const char* kSentenceEnd = "</s>";
inline constexpr const char* kClauseBreak = ",";
inline constexpr const char* kNumber = "#";
inline constexpr const char* kOtherWord = "w";
inline constexpr const char* kOtherName = "W";

/// A reply as the model reads it: sentence and clause marks, numbers, and each word as itself if
/// `vocabulary` has it (folded), else as another word or another capitalised word. Without a
/// vocabulary every word is itself (training counts words before choosing the vocabulary). The
/// views point into `text`'s tokens or at the constants above.
std::vector<std::string_view> wordOrderSymbols(const AnalyzedText& text, const StringTable* vocabulary);

/// Calls pair(first, second) for each two symbols in a row within a sentence: what the model counts
/// in training and reads in a reply.
template <class Pair>
void forEachWordPair(const std::vector<std::string_view>& symbols, Pair&& pair) {
    for (size_t k = 0; k + 1 < symbols.size(); ++k)
        if (symbols[k] != kSentenceEnd) pair(symbols[k], symbols[k + 1]);
}

/// Adds one pair count (training and loading).
void addWordPair(WordOrderModel& model, std::string_view first, std::string_view second, uint32_t count);

/// Counts the pairs of `texts` over their `vocabularySize` commonest words (ties by spelling), and
/// keeps the pairs seen at least `minPairCount` times (a pair seen once says little and makes the
/// file slow to load): deterministic, so the same replies give the same model. minWords, below and
/// mix are left as they are for the caller to choose.
WordOrderModel trainWordOrder(const std::vector<const AnalyzedText*>& texts, size_t vocabularySize, uint32_t minPairCount);

/// Every pair counted, as "first second" and its count (writing the model).
std::vector<std::pair<std::string, uint32_t>> wordPairCounts(const WordOrderModel& model);

/// The reply's mean over its pairs of log(P(second | first) / P(second)), and its words; nullopt
/// when it has fewer than the model's minWords, or than shortMinWords where short replies are judged.
struct WordOrderReading {
    double mean = 0;
    size_t words = 0;
    size_t pairs = 0;
};
std::optional<WordOrderReading> readWordOrder(const WordOrderModel& model, const AnalyzedText& text);

/// What a reply read as words out of order says ("its words stand in an order writers do not put
/// them in: word order -0.35, where prose reads -0.10 or more"), or nullopt when it reads as prose
/// or is too short to tell. `ungrammatical` are the places English grammar forbids in it (the
/// reply analyzer's ungrammaticalPlaces): between the two lines, they decide.
std::optional<std::string> shuffledWordsFinding(const WordOrderModel& model, const AnalyzedText& text,
                                                const std::vector<std::string>& ungrammatical);

} // namespace simdesk
