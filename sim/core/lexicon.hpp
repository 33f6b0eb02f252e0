// Lexicons: shared, named lists of English words and phrases (apology, empathy, blame, ...) kept as
// content in rubrics/lexicons/*.json, checked against schemas/lexicon.schema.json. Rules of kind
// "lexicon" and the built-in reply signals match them on normalised, stemmed words, honouring
// negation ("not sorry") and exclusions ("sorry you feel that way").
#pragma once

#include "diagnostics.hpp"
#include "json_source.hpp"
#include "schema_check.hpp"
#include "string_table.hpp"
#include "text_normalize.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace simdesk {

struct Lexicon {
    struct Phrase {
        std::string text;                ///< as written in the file
        std::vector<std::string> words;  ///< stems (or folded words when matching by word)
        /// Written with a comma after it ("like, "): it matches only where the reply has one, so
        /// the filler "like, so" is found and "I would like to" is not.
        bool commaAfter = false;
    };
    std::string id, description, language = "en";
    bool byStem = true;
    bool negatable = false;
    /// Where a negation cancels an entry of a negatable lexicon: up to three words before it ("not
    /// sorry"), up to six earlier in its clause ("nothing I can change on our side"), or anywhere
    /// else in its clause ("no card numbers, please", "the code didn't come").
    enum class NegationScope { Before, EarlierInClause, Clause } negationScope = NegationScope::Before;
    std::vector<Phrase> entries, exclude;
    std::unordered_map<std::string, std::vector<size_t>> entriesByFirst, excludeByFirst;
    std::string sourcePath;
};
using LexiconPtr = std::shared_ptr<const Lexicon>;

/// Every lexicon loaded, by id. Cheap to copy (shared pointers to immutable lexicons).
struct LexiconSet {
    std::map<std::string, LexiconPtr, std::less<>> byId;
    LexiconPtr find(std::string_view id) const;
    std::vector<std::string> ids() const;
};

struct LexiconLoad {
    LexiconPtr lexicon;
    std::vector<Diagnostic> diagnostics;
};

/// Schema check, then build (stems each entry once).
LexiconLoad buildLexicon(const JsonDocument& doc, const SchemaChecker& schemas);

/// Builds a lexicon from plain lists (tests, and rules whose phrases are matched by stem).
LexiconPtr makeLexicon(std::string id, const std::vector<std::string>& entries,
                       const std::vector<std::string>& exclude = {}, bool negatable = false);

struct LexiconHit {
    TextSpan span;
    size_t firstToken = 0, lastToken = 0;
    std::string entry;       ///< the lexicon entry that matched
    bool negated = false;    ///< a negation word governs it ("not sorry")
    bool excluded = false;   ///< inside an excluded phrase ("sorry you feel that way")
    std::string cancelledBy; ///< the negation or exclusion, for explanations
    bool counts() const { return !negated && !excluded; }
};

/// A hit a rule found rather than a lexicon, over tokens first to last, its entry the words it covers.
LexiconHit hitOver(const AnalyzedText& text, size_t first, size_t last);

/// An exception between tokens `from` and `to` (both excluded) ends a negation's reach: "not
/// cancelled but reversed", "nothing extra beyond the prorated part", "no charge except the days
/// left" state what follows "but", "beyond", "except", "besides", "apart from", "other than".
bool exceptionBetween(const std::vector<Token>& tokens, size_t from, size_t to);

/// Where `lexicon` occurs in `text`, longest entry first at each word, without overlaps. Hits that
/// are negated (by `negations`, hits of the "negation" lexicon, or a word ending in n't, with no
/// exception between) or excluded are kept, marked, so explanations can say why they did not count.
std::vector<LexiconHit> findLexicon(const Lexicon& lexicon, const AnalyzedText& text,
                                    const std::vector<LexiconHit>* negations = nullptr);

/// Hits per lexicon id.
using LexiconHits = std::map<std::string, std::vector<LexiconHit>, std::less<>>;

/// The hits of one lexicon (none when it found nothing or is not loaded).
inline std::span<const LexiconHit> hitsOf(const LexiconHits& hits, std::string_view id) {
    auto it = hits.find(id);
    return it == hits.end() ? std::span<const LexiconHit>{} : std::span<const LexiconHit>(it->second);
}

/// By token of a reply of `tokenCount` tokens: whether a hit of lexicon `id` covers it.
inline std::vector<bool> tokensIn(size_t tokenCount, const LexiconHits& hits, std::string_view id) {
    std::vector<bool> out(tokenCount, false);
    for (const auto& h : hitsOf(hits, id))
        for (size_t k = h.firstToken; k <= h.lastToken && k < out.size(); ++k) out[k] = true;
    return out;
}

/// Whether `token` lies inside any of `hits`.
inline bool insideAny(std::span<const LexiconHit> hits, size_t token) {
    return std::any_of(hits.begin(), hits.end(), [&](const LexiconHit& h) { return h.firstToken <= token && token <= h.lastToken; });
}

/// Names that are never a customer's: ours ("own-names": product, plans, teams) and public ones
/// ("public-names": partners, card brands, days, months, laws). Both lexicons' hits are looked up
/// once per reply, not once per word asked about.
struct NobodysNames {
    explicit NobodysNames(const LexiconHits& hits) : own(hitsOf(hits, "own-names")), known(hitsOf(hits, "public-names")) {}
    bool contain(size_t token) const { return insideAny(own, token) || insideAny(known, token); }
    std::span<const LexiconHit> own, known;
};

/// Words that only add force ("you were *absolutely* right", "that's *entirely* on us", "I'm *so*
/// sorry"): a phrase still matches with one or two of them between its words, so a lexicon lists
/// a meaning once rather than every intensified form of it.
bool isIntensifier(std::string_view folded);

/// Every lexicon of a set indexed together, so a reply is scanned once for all of them (the
/// built-in signals use some twenty lexicons; one scan each would dominate the cost).
class LexiconIndex {
public:
    explicit LexiconIndex(const LexiconSet& lexicons);
    /// The same hits findLexicon gives for each lexicon, negations from the "negation" lexicon.
    LexiconHits find(const AnalyzedText& text) const;

private:
    struct Ref {
        uint32_t lexicon, phrase;
        bool exclude;
        uint32_t wordsAt;  ///< where the phrase's words, numbered, start in its Vocabulary::phraseWords
    };
    /// The phrases that start with one word: of that word alone, and longer ones by their second.
    struct Bucket {
        std::vector<Ref> oneWord;
        std::vector<std::pair<uint32_t, uint32_t>> seconds;  ///< second word's number, index in bySecond; sorted
        std::vector<std::vector<Ref>> bySecond;
    };
    /// Every word of the phrases matched one way (by stem, or as written), numbered, so a reply's
    /// words are looked up once each and phrases are compared by number, not by string.
    struct Vocabulary {
        StringTable words;
        std::vector<Bucket> buckets;        ///< by the number of a phrase's first word
        std::vector<uint32_t> phraseWords;  ///< every phrase's words by number, one after another
        uint32_t number(std::string_view word);  ///< adds it when new
    };
    std::vector<LexiconPtr> lexicons_;
    Vocabulary byStem_, byWord_;
};

/// Hits of a few named lexicons of `lexicons` (missing ones give no hits).
LexiconHits findLexicons(const LexiconSet& lexicons, const std::vector<std::string_view>& ids, const AnalyzedText& text);

/// Loads every lexicon file in `folder` (non-recursive helper for tools and tests).
LexiconSet loadLexiconFolder(const std::string& folder, const SchemaChecker& schemas,
                             std::vector<Diagnostic>* diagnostics = nullptr);

} // namespace simdesk
