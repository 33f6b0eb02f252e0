#include "spelling.hpp"

#include <hunspell/hunspell.hxx>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace simdesk {

namespace {

bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lowerAsciiWord(std::string_view word) {
    std::string out(word);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// Part of an address: the token touches '@', "://", "www." or a dotted domain.
bool inAddress(std::string_view text, TextSpan span) {
    size_t begin = span.begin, end = span.end;
    while (begin > 0 && !std::isspace(static_cast<unsigned char>(text[begin - 1]))) --begin;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string_view chunk = text.substr(begin, end - begin);
    if (chunk.find('@') != std::string_view::npos || chunk.find("://") != std::string_view::npos ||
        chunk.find("www.") != std::string_view::npos || chunk.find('/') != std::string_view::npos)
        return true;
    // "northwind.example" — a dot between letters inside one chunk.
    for (size_t i = 1; i + 1 < chunk.size(); ++i)
        if (chunk[i] == '.' && isAsciiLetter(chunk[i - 1]) && isAsciiLetter(chunk[i + 1])) return true;
    return false;
}

} // namespace

SpellChecker::SpellChecker(const std::string& dictionaries, const std::vector<std::string>& extraWords) {
    // Several dictionaries, ':'-separated: the first installed one suggests, and a word any of
    // them knows is spelled right ("apologise" and "apologize" alike).
    size_t from = 0;
    while (from <= dictionaries.size()) {
        size_t to = dictionaries.find(':', from);
        if (to == std::string::npos) to = dictionaries.size();
        const std::string dictionary = dictionaries.substr(from, to - from);
        from = to + 1;
        std::error_code ec;
        if (dictionary.empty() || !std::filesystem::is_regular_file(dictionary + ".aff", ec) ||
            !std::filesystem::is_regular_file(dictionary + ".dic", ec))
            continue;
        auto opened = std::make_unique<Hunspell>((dictionary + ".aff").c_str(), (dictionary + ".dic").c_str());
        if (!hunspell_) hunspell_ = std::move(opened);
        else variants_.push_back(std::move(opened));
    }
    if (!hunspell_) return;
    std::set<std::string> added;
    for (const auto& w : extraWords) {
        if (w.empty() || !added.insert(w).second) continue;
        hunspell_->add(w);
        // The content writes its acronyms in capitals ("API", "SSO"); the same letters in lower case
        // (a URL's "api") would otherwise make them read as ordinary words, and as shouting.
        if (w.size() >= 2 && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
            acronyms_.insert(w);
    }
}

SpellChecker::~SpellChecker() = default;

uint8_t SpellChecker::lookupLocked(std::string_view word) const {
    constexpr size_t kMaxRemembered = 50000;
    if (size_t at = remembered_.find(word); at != StringTable::npos) return known_[at];
    const std::string asWritten(word), lowered = lowerAsciiWord(word);
    uint8_t known = hunspell_->spell(asWritten) || hunspell_->spell(lowered) ? kFirstKnows | kSomeKnows : 0;
    for (size_t k = 0; k < variants_.size() && !known; ++k)
        if (variants_[k]->spell(asWritten) || variants_[k]->spell(lowered)) known = kSomeKnows;
    if (remembered_.size() >= kMaxRemembered) {
        remembered_.clear();
        known_.clear();
    }
    remembered_.add(word);
    known_.push_back(known);
    return known;
}

bool SpellChecker::knownLocked(std::string_view word) const { return lookupLocked(word) & kSomeKnows; }

bool SpellChecker::knows(std::string_view word) const {
    if (!hunspell_) return true;
    std::lock_guard lock(mutex_);
    return knownLocked(word);
}

bool SpellChecker::isAcronym(std::string_view word) const {
    if (!hunspell_) return word.size() <= 4;
    if (acronyms_.count(std::string(word))) return true;
    // The first dictionary alone: the others add spellings of words, and British English lists
    // some abbreviations in lower case that are acronyms in capitals.
    std::lock_guard lock(mutex_);
    return !(lookupLocked(lowerAsciiWord(word)) & kFirstKnows);  // in lower case already: one lookup
}

std::vector<Misspelling> SpellChecker::check(const AnalyzedText& text, bool withSuggestions) const {
    std::vector<Misspelling> out;
    if (!hunspell_) return out;
    const size_t signature = signatureStart(text.text);
    std::lock_guard lock(mutex_);  // once per reply, not once per word
    for (size_t i = 0; i < text.tokens.size(); ++i) {
        const Token& t = text.tokens[i];
        std::string_view word = text.text.substr(t.span.begin, t.span.end - t.span.begin);
        if (t.letters < 3 || t.allCaps || !t.latin) continue;
        if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        bool sentenceStart = i == 0 || text.tokens[i - 1].sentence != t.sentence;
        const bool capitalised = std::isupper(static_cast<unsigned char>(word.front()));
        if (capitalised && (!sentenceStart || t.span.begin >= signature)) continue;  // a name
        if (inAddress(text.text, t.span)) continue;
        std::string_view w = word;
        while (!w.empty() && (w.back() == '\'' || w.back() == '-')) w.remove_suffix(1);
        if (w.ends_with("'s")) w.remove_suffix(2);
        if (w.empty() || knownLocked(w)) continue;
        Misspelling m{t.span, std::string(word), {}};
        if (withSuggestions) {
            auto suggestions = hunspell_->suggest(std::string(w));
            for (size_t k = 0; k < suggestions.size() && k < 3; ++k) m.suggestions.push_back(suggestions[k]);
        }
        out.push_back(std::move(m));
    }
    return out;
}

void collectContentWords(std::string_view text, std::vector<std::string>& out) {
    size_t i = 0;
    while (i < text.size()) {
        if (!isAsciiLetter(text[i])) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < text.size() && isAsciiLetter(text[j])) ++j;
        if (j - i >= 3) out.emplace_back(text.substr(i, j - i));
        i = j;
    }
}

} // namespace simdesk
