#include "text_normalize.hpp"

#include <libstemmer.h>
#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace simdesk {

struct Stemmer::Impl {
    sb_stemmer* stemmer = nullptr;
};

Stemmer::Stemmer() : impl_(std::make_unique<Impl>()) { impl_->stemmer = sb_stemmer_new("english", "UTF_8"); }
Stemmer::~Stemmer() {
    if (impl_->stemmer) sb_stemmer_delete(impl_->stemmer);
}

std::string Stemmer::stem(std::string_view folded) {
    if (!impl_->stemmer || folded.empty()) return std::string(folded);
    // People named for what they do keep their own stem: Snowball cuts "-ant", so "your
    // accountant" would match "your account" and "the assistant" "assist".
    static constexpr std::string_view kAgents[] = {"accountant", "assistant", "consultant", "attendant", "applicant", "participant"};
    for (std::string_view agent : kAgents)
        if (folded == agent || (folded.size() == agent.size() + 1 && folded.starts_with(agent) && folded.back() == 's'))
            return std::string(agent);
    const sb_symbol* out = sb_stemmer_stem(impl_->stemmer, reinterpret_cast<const sb_symbol*>(folded.data()),
                                           static_cast<int>(folded.size()));
    if (!out) return std::string(folded);
    return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(impl_->stemmer)));
}

namespace {

bool isAscii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

struct CodePoint {
    utf8proc_int32_t value = -1;  ///< -1 for an invalid byte
    size_t length = 1;
};

CodePoint decode(std::string_view text, size_t at) {
    utf8proc_int32_t cp = -1;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                              static_cast<utf8proc_ssize_t>(text.size() - at), &cp);
    if (n <= 0) return {-1, 1};
    return {cp, static_cast<size_t>(n)};
}

bool isWord(utf8proc_int32_t cp) {
    if (cp < 0) return false;
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

bool isApostrophe(utf8proc_int32_t cp) { return cp == '\'' || cp == 0x2019; }
bool endsSentence(utf8proc_int32_t cp) { return cp == '.' || cp == '!' || cp == '?' || cp == '\n' || cp == 0x3002; }
/// Punctuation, and an emoji: "not the Upgrade one 😊 I've reverted it" is two clauses.
bool endsClause(utf8proc_int32_t cp) {
    return cp == ',' || cp == ';' || cp == ':' || cp == '(' || cp == ')' || cp == 0x2013 || cp == 0x2014 || cp == '"' ||
           (cp >= 0x2600 && utf8proc_category(cp) == UTF8PROC_CATEGORY_SO);
}

} // namespace

std::string foldText(std::string_view text) {
    if (isAscii(text)) {
        std::string out(text);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    utf8proc_uint8_t* mapped = nullptr;
    auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                                  UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                          static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
    if (n < 0) return std::string(text);
    std::string out(reinterpret_cast<char*>(mapped), static_cast<size_t>(n));
    std::free(mapped);
    // A curly apostrophe folds to itself; make it the straight one lexicons are written with.
    for (size_t at; (at = out.find("\xE2\x80\x99")) != std::string::npos;) out.replace(at, 3, "'");
    return out;
}

namespace {

/// Characters that join or split a number without being part of it: a typist (or a paste from a
/// web page) hides a card number behind them as easily as behind a plain space.
bool isInvisible(utf8proc_int32_t cp) {
    return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD || cp == 0x180E;
}
bool isDash(utf8proc_int32_t cp) {
    return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D;
}
bool isLineBreak(utf8proc_int32_t cp) { return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85; }

/// A code point that NFKC and case folding leave alone, appended unless it is a separator.
void appendPlain(utf8proc_int32_t cp, std::string& out) {
    if (isInvisible(cp)) return;
    if (isLineBreak(cp)) out += '\n';
    else if (isDash(cp)) out += '-';
    else if (cp == '\t' || (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS)) out += ' ';
    else if (cp < 0x80) out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    else {
        utf8proc_uint8_t bytes[4];
        auto len = utf8proc_encode_char(cp, bytes);
        out.append(reinterpret_cast<char*>(bytes), static_cast<size_t>(len));
    }
}

/// One code point as it reads in FoldedText (NFKD-compatible and case-folded; no recomposition is
/// needed to find digits and ASCII keywords), appended to `out`.
void foldCodePoint(utf8proc_int32_t cp, std::string& out) {
    if (cp < 0x80 || isInvisible(cp) || isLineBreak(cp) || isDash(cp)) {
        appendPlain(cp, out);
        return;
    }
    utf8proc_int32_t decomposed[8];
    int boundclass = 0;
    auto options = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
    auto n = utf8proc_decompose_char(cp, decomposed, 8, options, &boundclass);
    if (n <= 0 || n > 8) {
        appendPlain(cp, out);
        return;
    }
    for (utf8proc_ssize_t k = 0; k < n; ++k) appendPlain(decomposed[k], out);
}

} // namespace

FoldedText foldWithOrigins(std::string_view text) {
    FoldedText out;
    out.folded.reserve(text.size());
    out.origin.reserve(text.size());
    for (size_t at = 0; at < text.size();) {
        CodePoint cp = decode(text, at);
        if (cp.value < 0) out.folded += '\x1a';  // an invalid byte is neither digit, letter nor space
        else foldCodePoint(cp.value, out.folded);
        out.origin.resize(out.folded.size(), TextSpan{at, at + cp.length});
        at += cp.length;
    }
    return out;
}

namespace {
/// Abbreviated titles written with a point ("Mr.", "Dr.").
bool isTitleAbbreviation(std::string_view folded) {
    static constexpr std::string_view kTitles[] = {"mr", "mrs", "ms", "mx", "dr", "prof", "st"};
    return std::find(std::begin(kTitles), std::end(kTitles), folded) != std::end(kTitles);
}

/// Texting forms read as the words they stand for ("u" is "you", "ur" is "your", "pw" is
/// "password"), so every lexicon and rule reads a chat-speak reply as it reads a spelled-out one.
/// The token's span still points at what was typed.
std::string spelledOut(std::string folded) {
    static constexpr std::pair<std::string_view, std::string_view> kForms[] = {
        {"u", "you"},        {"ur", "your"},       {"ya", "you"},       {"yr", "your"},      {"r", "are"},
        {"pls", "please"},   {"plz", "please"},    {"thx", "thanks"},   {"pw", "password"},  {"pwd", "password"},
        {"im", "i'm"},       {"ive", "i've"},      {"youre", "you're"}, {"dont", "don't"},   {"cant", "can't"},
        {"didnt", "didn't"}, {"doesnt", "doesn't"}, {"isnt", "isn't"},  {"wasnt", "wasn't"}, {"thats", "that's"},
        {"bc", "because"},   {"cuz", "because"},   {"coz", "because"},  {"b4", "before"},    {"esp", "especially"},
        {"acct", "account"}, {"msg", "message"},   {"nothin", "nothing"}, {"somethin", "something"}};
    for (const auto& [form, word] : kForms)
        if (folded == form) return std::string(word);
    return folded;
}
} // namespace

AnalyzedText analyzeText(std::string_view text, Stemmer& stemmer) {
    AnalyzedText out;
    out.text = text;
    size_t sentence = 0, clause = 0, sentenceStart = std::string_view::npos;
    bool sentenceHasWords = false;
    auto closeSentence = [&](size_t end) {
        if (sentenceHasWords) {
            out.sentences.push_back({sentenceStart, end});
            ++sentence;
        }
        ++clause;
        sentenceHasWords = false;
        sentenceStart = std::string_view::npos;
    };
    size_t i = 0;
    while (i < text.size()) {
        CodePoint cp = decode(text, i);
        if (!isWord(cp.value)) {
            const bool betweenDigits = i > 0 && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
                                       std::isdigit(static_cast<unsigned char>(text[i + 1]));
            // A point between digits is part of a figure ("$4.99", "10.2.1.5"), not a full stop.
            bool inFigure = cp.value == '.' && betweenDigits;
            // Nor is the point of a title: "Mr. Leblanc" is one name in one sentence.
            bool afterTitle = cp.value == '.' && !out.tokens.empty() && out.tokens.back().span.end == i &&
                              isTitleAbbreviation(out.tokens.back().folded);
            if (endsSentence(cp.value) && !inFigure && !afterTitle) {
                // Runs like "?!" or "..." end one sentence.
                size_t end = i + cp.length;
                while (end < text.size() && (text[end] == '.' || text[end] == '!' || text[end] == '?')) ++end;
                closeSentence(end);
                i = end;
                continue;
            }
            // Nor does the comma of a figure ("2,500", "₦1,200") end a clause.
            if (endsClause(cp.value) && !(cp.value == ',' && betweenDigits)) ++clause;
            i += cp.length;
            continue;
        }
        Token token;
        token.span.begin = i;
        int upper = 0, lowerCount = 0, letters = 0;
        size_t j = i;
        while (j < text.size()) {
            CodePoint c = decode(text, j);
            if (isWord(c.value)) {
                auto category = utf8proc_category(c.value);
                if (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ++letters;
                if (utf8proc_isupper(c.value)) ++upper;
                else if (utf8proc_islower(c.value)) ++lowerCount;
                if (c.value >= 0x250 && utf8proc_category(c.value) <= UTF8PROC_CATEGORY_LO &&
                    utf8proc_category(c.value) >= UTF8PROC_CATEGORY_LU)
                    token.latin = false;
                j += c.length;
                continue;
            }
            if (isApostrophe(c.value) && j + c.length < text.size() && isWord(decode(text, j + c.length).value)) {
                j += c.length;
                continue;
            }
            break;
        }
        token.span.end = j;
        token.letters = letters;
        token.allCaps = upper >= 2 && lowerCount == 0;
        token.folded = spelledOut(foldText(text.substr(i, j - i)));
        token.stem = stemmer.stem(token.folded);
        token.sentence = sentence;
        token.clause = clause;
        if (sentenceStart == std::string_view::npos) sentenceStart = i;
        sentenceHasWords = true;
        out.tokens.push_back(std::move(token));
        i = j;
    }
    closeSentence(text.size());
    return out;
}

std::string quoteSpan(std::string_view text, TextSpan span) {
    return "\"" + std::string(text.substr(span.begin, span.end - span.begin)) + "\"";
}

int syllables(std::string_view word) {
    int count = 0;
    bool previousVowel = false;
    for (char c : word) {
        bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
        if (vowel && !previousVowel) ++count;
        previousVowel = vowel;
    }
    if (word.size() > 2 && word.back() == 'e' && word[word.size() - 2] != 'l' && count > 1) --count;
    return count < 1 ? 1 : count;
}

/// Where the reply's signature may begin: its last two non-blank lines, each while it holds at most
/// five words ("Best regards,\nAnne-Marie\nNorthwind Desk Support"). A capitalised word there is
/// the writer's name or team, as mid-sentence capitals are: whatever the trainee is called, signing
/// a reply never costs a spelling point.
size_t signatureStart(std::string_view text) {
    constexpr int kLines = 2;
    constexpr int kMaxWords = 5;
    size_t end = text.size();
    size_t start = end;
    for (int line = 0; line < kLines;) {
        while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
        if (end == 0) break;
        size_t begin = text.rfind('\n', end - 1);
        begin = begin == std::string_view::npos ? 0 : begin + 1;
        int words = 0;
        bool inWord = false;
        for (size_t i = begin; i < end; ++i) {
            bool space = text[i] == ' ' || text[i] == '\t';
            if (!space && !inWord) ++words;
            inWord = !space;
        }
        if (words > kMaxWords || begin == 0) break;  // a one-line reply has no signature line of its own
        start = begin;
        end = begin;
        ++line;
    }
    return start;
}

} // namespace simdesk
