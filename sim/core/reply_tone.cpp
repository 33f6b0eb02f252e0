#include "reply_tone.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string>

namespace simdesk {

namespace {

std::span<const LexiconHit> hitsOf(const LexiconHits& hits, std::string_view id) {
    auto it = hits.find(id);
    if (it == hits.end()) return {};
    return it->second;
}

/// Words of a sentence that carry content (letters or digits, not a function word), folded.
std::vector<std::string_view> contentWords(const AnalyzedText& text, size_t sentence, const LexiconHits& hits) {
    auto function = hitsOf(hits, "function-words-en");
    std::vector<std::string_view> out;
    for (size_t k = 0; k < text.tokens.size(); ++k) {
        const Token& t = text.tokens[k];
        if (t.sentence != sentence) continue;
        bool isFunction = std::any_of(function.begin(), function.end(),
                                      [&](const LexiconHit& h) { return h.firstToken <= k && k <= h.lastToken; });
        if (!isFunction) out.push_back(t.folded);
    }
    return out;
}

size_t tokensIn(const AnalyzedText& text, size_t sentence) {
    return static_cast<size_t>(std::count_if(text.tokens.begin(), text.tokens.end(),
                                             [&](const Token& t) { return t.sentence == sentence; }));
}

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
    size_t run = 0;  // one-word sentences in a row
    for (size_t s = 0; s < text.sentences.size(); ++s) {
        size_t n = tokensIn(text, s);
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
            out.push_back({"condescension", "spelled out", text.sentences[s], true,
                           "spells a point out one word at a time"});
            return;
        }
        if (s == 0 || n == 0 || n > 3) continue;
        auto words = contentWords(text, s, hits);
        if (words.empty()) continue;
        auto before = contentWords(text, s - 1, hits);
        bool echoes = std::all_of(words.begin(), words.end(), [&](std::string_view w) {
            return std::find(before.begin(), before.end(), w) != before.end();
        });
        if (echoes && tokensIn(text, s - 1) > n) {
            out.push_back({"condescension", "echo", text.sentences[s], true,
                           "repeats " + quoteSpan(text.text, text.sentences[s]) + " back at the customer"});
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
