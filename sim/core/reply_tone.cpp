#include "reply_tone.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string>

namespace simdesk {

namespace {

/// Each sentence's tokens as a range, and which tokens are function words: computed once, so a
/// long reply costs time in proportion to its length.
struct SentenceWords {
    std::vector<std::pair<size_t, size_t>> range;  ///< [first, last) token of each sentence
    std::vector<bool> function;                    ///< per token: a function word ("the", "is")

    SentenceWords(const AnalyzedText& text, const LexiconHits& hits)
        : range(text.sentences.size(), {0, 0}), function(text.tokens.size(), false) {
        for (size_t k = 0; k < text.tokens.size(); ++k) {
            size_t s = text.tokens[k].sentence;
            if (s >= range.size()) continue;
            if (range[s].second == 0) range[s].first = k;
            range[s].second = k + 1;
        }
        for (const auto& h : hitsOf(hits, "function-words-en"))
            for (size_t k = h.firstToken; k <= h.lastToken && k < function.size(); ++k) function[k] = true;
    }
    size_t size(size_t s) const { return range[s].second - range[s].first; }
    std::vector<std::string_view> content(const AnalyzedText& text, size_t s) const {
        std::vector<std::string_view> out;
        for (size_t k = range[s].first; k < range[s].second; ++k)
            if (!function[k]) out.push_back(text.tokens[k].folded);
        return out;
    }
};

void findRepeating(const AnalyzedText& text, const LexiconHits& hits, std::vector<Signal>& out) {
    auto saying = hitsOf(hits, "condescension-saying");
    auto again = hitsOf(hits, "condescension-again");
    const auto& t = text.tokens;
    // Who says it: "I/we … again" or "as (I) said" or "you were told" is being said again; "try
    // again and tell me" is the customer saying something new.
    static const std::set<std::string, std::less<>> sayer = {"i", "we", "i've", "we've", "i'd", "we'd", "i'm", "we're",
                                                             "as", "been", "was", "were", "has", "have", "already"};
    for (const auto& say : saying) {
        if (!say.counts()) continue;
        size_t clause = t[say.firstToken].clause;
        bool said = false;
        for (size_t k = say.firstToken; k-- > 0 && k + 4 > say.firstToken && t[k].clause == clause && !said;)
            said = sayer.count(t[k].folded) > 0;
        if (!said) continue;
        for (const auto& rep : again) {
            if (!rep.counts() || t[rep.firstToken].clause != clause) continue;
            TextSpan span{std::min(say.span.begin, rep.span.begin), std::max(say.span.end, rep.span.end)};
            out.push_back({"condescension", "repeating oneself", span, true,
                           "tells the customer it is being said again: " + quoteSpan(text.text, span)});
            return;
        }
    }
}

void findEchoes(const AnalyzedText& text, const LexiconHits& hits, std::vector<Signal>& out) {
    SentenceWords words(text, hits);
    size_t run = 0;  // one-word sentences in a row
    for (size_t s = 0; s < text.sentences.size(); ++s) {
        size_t n = words.size(s);
        // Only sentences that end in a full stop or "!": a sign-off's lines ("Thanks,\nSam") end
        // at line breaks and are not a point made word by word.
        TextSpan sentence = text.sentences[s];
        char last = sentence.end > sentence.begin ? text.text[sentence.end - 1] : ' ';
        if (last != '.' && last != '!') {
            run = 0;
            continue;
        }
        run = n == 1 ? run + 1 : 0;
        if (run == 3) {
            out.push_back({"condescension", "spelled out", sentence, true, "spells a point out one word at a time"});
            return;
        }
        if (s == 0 || n == 0 || n > 3) continue;
        auto said = words.content(text, s);
        if (said.empty() || words.size(s - 1) <= n) continue;
        auto before = words.content(text, s - 1);
        bool echoes = std::all_of(said.begin(), said.end(), [&](std::string_view w) {
            return std::find(before.begin(), before.end(), w) != before.end();
        });
        if (echoes) {
            out.push_back({"condescension", "echo", sentence, true,
                           "repeats " + quoteSpan(text.text, sentence) + " back at the customer"});
            return;
        }
    }
}

/// "Five to ten business days means five to ten business days": a point restated as itself.
void findTautology(const AnalyzedText& text, std::vector<Signal>& out) {
    const auto& t = text.tokens;
    for (size_t k = 1; k + 1 < t.size(); ++k) {
        if (t[k].folded != "means" && t[k].folded != "is") continue;
        for (size_t n = 1; n <= 6 && n <= k && k + n < t.size(); ++n) {
            bool same = t[k - n].sentence == t[k].sentence && t[k + n].sentence == t[k].sentence;
            for (size_t j = 0; j < n && same; ++j) same = t[k - n + j].folded == t[k + 1 + j].folded;
            // One short word on each side ("it is it") is not a point made; two or more is.
            if (!same || (n == 1 && t[k - 1].letters < 4)) continue;
            TextSpan span{t[k - n].span.begin, t[k + n].span.end};
            out.push_back({"condescension", "tautology", span, true, "restates a point as itself: " + quoteSpan(text.text, span)});
            return;
        }
    }
}

void findDismissiveEmoji(const AnalyzedText& text, std::vector<Signal>& out) {
    // Eye roll, upside-down face, shrug, information-desk person (sass), facepalm.
    static constexpr std::array<std::string_view, 5> dismissive = {"\xF0\x9F\x99\x84", "\xF0\x9F\x99\x83", "\xF0\x9F\xA4\xB7",
                                                                   "\xF0\x9F\x92\x81", "\xF0\x9F\xA4\xA6"};
    for (auto emoji : dismissive) {
        size_t at = text.text.find(emoji);
        if (at == std::string_view::npos) continue;
        out.push_back({"condescension", "dismissive emoji", {at, at + emoji.size()}, true,
                       "an emoji that rolls its eyes or shrugs at the customer"});
        return;
    }
}

} // namespace

std::vector<Signal> findCondescensionByPattern(const AnalyzedText& text, const LexiconHits& hits) {
    std::vector<Signal> out;
    findRepeating(text, hits, out);
    findEchoes(text, hits, out);
    findTautology(text, out);
    findDismissiveEmoji(text, out);
    return out;
}

bool deflects(const LexiconHits& hits) {
    auto d = hitsOf(hits, "deflection");
    return std::any_of(d.begin(), d.end(), [](const LexiconHit& h) { return h.counts(); });
}

bool namesAnotherParty(const AnalyzedText& text, const LexiconHits& hits) {
    auto actors = hitsOf(hits, "blame-actor");
    if (std::any_of(actors.begin(), actors.end(), [](const LexiconHit& h) { return h.counts() && h.entry != "you"; }))
        return true;
    return std::any_of(text.tokens.begin(), text.tokens.end(), [](const Token& t) { return t.folded == "your"; });
}

} // namespace simdesk
