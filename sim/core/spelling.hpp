// Spelling of typed replies, checked with Hunspell against maintained dictionaries (Debian's
// hunspell-en-us and hunspell-en-gb: agents write "apologise" as often as "apologize") plus the
// words the content itself uses: product and plan names, knowledge-base
// terms, persona names. Content words matter: "Northwind" or "prorated" flagged as misspellings
// would teach trainees to distrust the check.
#pragma once

#include "string_table.hpp"
#include "text_normalize.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

class Hunspell;

namespace simdesk {

struct Misspelling {
    TextSpan span;
    std::string word;
    std::vector<std::string> suggestions;  ///< at most three, best first
};

class SpellChecker {
public:
    /// Opens `<dictionary>.aff` and `<dictionary>.dic` of each ':'-separated dictionary that is
    /// installed (for example "/usr/share/hunspell/en_US:/usr/share/hunspell/en_GB"). A word any
    /// of them knows is spelled right; the first suggests. `extraWords` are accepted as spelled
    /// right. Check ok() before use.
    SpellChecker(const std::string& dictionaries, const std::vector<std::string>& extraWords);
    ~SpellChecker();
    SpellChecker(const SpellChecker&) = delete;
    SpellChecker& operator=(const SpellChecker&) = delete;

    bool ok() const { return hunspell_ != nullptr; }
    /// The dictionary knows `word` as written (or in lower case).
    bool knows(std::string_view word) const;
    /// A word in capitals that is not an ordinary word in lower case: an acronym ("API", "GDPR"),
    /// never shouting.
    bool isAcronym(std::string_view word) const;
    /// Misspelled words of `text`: words of three or more letters, not in capitals, without digits,
    /// not inside an e-mail address or a web address, and not capitalised mid-sentence or on the
    /// last two short lines (names: the trainee signs with their own, whatever it is).
    std::vector<Misspelling> check(const AnalyzedText& text, bool withSuggestions = true) const;

private:
    static constexpr uint8_t kFirstKnows = 1, kSomeKnows = 2;
    /// Which dictionaries know `word` as written or in lower case (kFirstKnows, kSomeKnows);
    /// remembered. Call with mutex_ held.
    uint8_t lookupLocked(std::string_view word) const;
    /// Some dictionary knows `word`. Call with mutex_ held.
    bool knownLocked(std::string_view word) const;

    std::unique_ptr<Hunspell> hunspell_;                 ///< the first dictionary installed: suggestions
    std::vector<std::unique_ptr<Hunspell>> variants_;    ///< the others: other spellings of the language
    mutable std::mutex mutex_;  // Hunspell keeps per-call state; replies may be scored on several threads
    /// Words already looked up. Replies repeat the same few thousand words and a Hunspell lookup
    /// (affixes, compounds) costs microseconds: remembering the answer makes spelling nearly free.
    /// Bounded: cleared when full, so a flood of distinct words cannot grow it without end.
    mutable StringTable remembered_;         ///< words looked up, numbered
    mutable std::vector<uint8_t> known_;      ///< by number: which dictionaries know it (bits above)
    std::set<std::string> acronyms_;  ///< words the content writes in capitals ("API", "SSO")
};

/// Words of the content a spelling check must accept: letters-only words of `text` (product names,
/// terms, names), as written.
void collectContentWords(std::string_view text, std::vector<std::string>& out);

} // namespace simdesk
