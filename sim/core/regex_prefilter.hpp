// A regex rule's prefilter: the literal words a pattern cannot match without (RE2's FilteredRE2).
// A typed turn carries five or six regex rules and most replies match none of them; running each
// pattern's automaton over every reply was a third of scoring a reply. Looking for a few words in
// the reply first tells most of those replies apart without running the regex at all.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
class FilteredRE2;
} // namespace re2

namespace simdesk {

/// A reply as the prefilters read it: in lower case when it is plain ASCII, with a sketch of the
/// pairs of letters in it. A word whose pairs are not all in the sketch is not in the reply, so
/// most absent words are told apart without a search; a word that passes is still searched for.
class PrefilterText {
public:
    explicit PrefilterText(std::string_view reply);
    /// Empty when the reply is not plain ASCII (lower-casing it would not be what RE2's case
    /// folding does, so the regex always runs then).
    const std::string& lowered() const { return lowered_; }
    bool ascii() const { return ascii_; }
    /// Whether `word` (lower case) occurs in the reply.
    bool contains(std::string_view word) const;

private:
    static size_t pairBit(char a, char b) {
        return (static_cast<unsigned char>(a) * 131u + static_cast<unsigned char>(b)) % kBits;
    }
    static constexpr size_t kBits = 4096;
    std::string lowered_;
    bool ascii_ = false;
    std::array<uint64_t, kBits / 64> pairs_{};
};

class RegexPrefilter {
public:
    /// Compiles `pattern` once for both the prefilter and the match, as the content loader compiles
    /// a regex rule (errors not logged, memory bounded); nullptr when it does not compile.
    static std::shared_ptr<const RegexPrefilter> build(const std::string& pattern, bool caseSensitive, int64_t maxMemory);
    RegexPrefilter();
    ~RegexPrefilter();

    /// The compiled regex, owned here.
    const re2::RE2& regex() const;
    /// False only when the reply cannot match.
    bool mayMatch(const PrefilterText& reply) const;

private:
    std::unique_ptr<re2::FilteredRE2> filter_;
    std::vector<std::string> atoms_;  ///< lower-case words; which are present decides
};

} // namespace simdesk
