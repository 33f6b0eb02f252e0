// A regex rule's prefilter: the literal words a pattern cannot match without (RE2's FilteredRE2).
// A typed turn carries five or six regex rules and most replies match none of them; running each
// pattern's automaton over every reply was a third of scoring a reply. Looking for a few words in
// the reply first tells most of those replies apart without running the regex at all.
#pragma once

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

class RegexPrefilter {
public:
    /// Compiles `pattern` once for both the prefilter and the match, as the content loader compiles
    /// a regex rule (errors not logged, memory bounded); nullptr when it does not compile.
    static std::shared_ptr<const RegexPrefilter> build(const std::string& pattern, bool caseSensitive, int64_t maxMemory);
    RegexPrefilter();
    ~RegexPrefilter();

    /// The compiled regex, owned here.
    const re2::RE2& regex() const;
    /// False only when the reply cannot match. `lowered` is the reply in lower case, or empty when
    /// the reply is not plain ASCII (lower-casing it would not be what RE2's case folding does, so
    /// the regex always runs then).
    bool mayMatch(std::string_view lowered, bool asciiReply) const;

private:
    std::unique_ptr<re2::FilteredRE2> filter_;
    std::vector<std::string> atoms_;  ///< lower-case words; which are present decides
};

/// `text` in lower case when it is plain ASCII (the form mayMatch wants), and whether it was.
std::pair<std::string, bool> lowerAscii(std::string_view text);

} // namespace simdesk
