// Text normalisation for typed replies: words with their byte spans in the original reply,
// Unicode case-folded and normalised (utf8proc) and stemmed (Snowball English), split into
// sentences and clauses. Everything that matches words (lexicons, phrase rules, signals) works on
// this, so "SORRY", "Sorry" and "ｓｏｒｒｙ" compare equal and spans always point at the original.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

/// A stretch of the reply, in bytes: [begin, end).
struct TextSpan {
    size_t begin = 0, end = 0;
    friend bool operator==(const TextSpan&, const TextSpan&) = default;
};

struct Token {
    TextSpan span;          ///< bytes of the original text
    std::string folded;     ///< case-folded, NFKC, marks stripped, curly apostrophes made straight
    std::string stem;       ///< Snowball English stem of `folded`
    size_t sentence = 0;    ///< index into AnalyzedText::sentences
    size_t clause = 0;      ///< increases at , ; : ( ) dashes and sentence ends (negation scope)
    int letters = 0;        ///< letters in the token
    bool allCaps = false;   ///< at least two letters, all upper case
    bool latin = true;      ///< every letter is ASCII or Latin-1/Latin Extended
};

struct AnalyzedText {
    std::string_view text;
    std::vector<Token> tokens;
    std::vector<TextSpan> sentences;  ///< byte spans, trimmed, ending after their . ! ? or line break
};

/// Owns a Snowball stemmer (not thread-safe: one per thread or per caller).
class Stemmer {
public:
    Stemmer();
    ~Stemmer();
    Stemmer(const Stemmer&) = delete;
    Stemmer& operator=(const Stemmer&) = delete;
    std::string stem(std::string_view folded);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Case-folds and normalises one word or phrase (NFKC, marks stripped, ’ → ').
std::string foldText(std::string_view text);

/// `text` folded for finding numbers and keywords in it, whatever the keyboard produced: NFKC and
/// case-folded (full-width digits become ASCII), every Unicode space a ' ', every dash or hyphen
/// (non-breaking too) a '-', line breaks '\n', zero-width characters and soft hyphens dropped.
/// Byte k of `folded` came from `origin[k]` of the original, so a match maps back to its span.
struct FoldedText {
    std::string folded;
    std::vector<TextSpan> origin;
    /// The original span that folded bytes [begin, end) came from (begin < end).
    TextSpan originOf(size_t begin, size_t end) const { return {origin[begin].begin, origin[end - 1].end}; }
};
FoldedText foldWithOrigins(std::string_view text);

/// Splits `text` (UTF-8; invalid bytes count as separators) into words, sentences and clauses.
AnalyzedText analyzeText(std::string_view text, Stemmer& stemmer);

/// Where the reply's signature may begin: its last two non-blank lines, each while it holds at most
/// five words (the end of the text when there is none). Capitalised words there are names.
size_t signatureStart(std::string_view text);

/// The text of `span` in double quotes, for reasons and explanations: "sorry".
std::string quoteSpan(std::string_view text, TextSpan span);

/// A word written with a capital first letter and not all in capitals ("Mrs", "Northwind"), as
/// names are.
inline bool isCapitalised(const AnalyzedText& text, const Token& t) {
    char c = text.text[t.span.begin];
    return c >= 'A' && c <= 'Z' && !t.allCaps;
}

/// Estimated syllables of a folded English word (at least 1).
int syllables(std::string_view folded);

} // namespace simdesk
