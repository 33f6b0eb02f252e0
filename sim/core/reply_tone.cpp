#include "reply_tone.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>

namespace simdesk {

namespace {

/// By token: whether a hit of lexicon `id` covers it.
std::vector<bool> tokensIn(const AnalyzedText& text, const LexiconHits& hits, std::string_view id) {
    return tokensIn(text.tokens.size(), hits, id);
}

bool isCustomer(std::string_view w) {
    return oneOf(w, {"you", "your", "yours", "you've", "you're", "you'd", "yourself", "user", "user's"});
}

/// Each sentence's tokens as a range, and which tokens are function words: computed once, so a
/// long reply costs time in proportion to its length.
struct SentenceWords {
    std::vector<std::pair<size_t, size_t>> range;  ///< [first, last) token of each sentence
    std::vector<bool> function;                    ///< per token: a function word ("the", "is")

    SentenceWords(const AnalyzedText& text, const LexiconHits& hits)
        : range(text.sentences.size(), {0, 0}), function(tokensIn(text, hits, "function-words-en")) {
        for (size_t k = 0; k < text.tokens.size(); ++k) {
            size_t s = text.tokens[k].sentence;
            if (s >= range.size()) continue;
            if (range[s].second == 0) range[s].first = k;
            range[s].second = k + 1;
        }
    }
    size_t size(size_t s) const { return range[s].second - range[s].first; }
    std::vector<std::string_view> content(const AnalyzedText& text, size_t s) const {
        std::vector<std::string_view> out;
        for (size_t k = range[s].first; k < range[s].second; ++k)
            if (!function[k]) out.push_back(text.tokens[k].folded);
        return out;
    }
};

constexpr std::array<std::string_view, 4> kOffering = {"happy", "glad", "willing", "gladly"};
constexpr std::array<std::string_view, 4> kPlainAgain = {"again", "once more", "one more time", "once again"};

void findRepeating(const AnalyzedText& text, const LexiconHits& hits, std::vector<Signal>& out) {
    auto saying = hitsOf(hits, "condescension-saying");
    auto again = hitsOf(hits, "condescension-again");
    const auto& t = text.tokens;
    // Who says it: "I/we … again" or "as (I) said" or "you were told" is being said again; "try
    // again and tell me" is the customer saying something new.
    static const std::set<std::string, std::less<>> sayer = {"i", "we", "i've", "we've", "i'd", "we'd", "i'm", "we're",
                                                             "as", "been", "was", "were", "has", "have", "already"};
    // "AGAIN: the tracking code is in your email", "Again, the export must run first": a sentence
    // that opens by saying it is said again. Not "Again, my apologies" or "once again, thank you".
    for (const auto& rep : again) {
        const size_t k = rep.lastToken;
        const bool opens = rep.firstToken == 0 || t[rep.firstToken - 1].sentence != t[rep.firstToken].sentence;
        // "Previously, you were on Pro" opens with a word of the lexicon too, and says nothing twice.
        if (!opens || !rep.counts() || (!oneOf(rep.entry, kPlainAgain) && rep.entry != "yet again") || k + 1 >= t.size() ||
            t[k + 1].sentence != t[k].sentence)
            continue;
        const std::string_view gap = text.text.substr(t[k].span.end, t[k + 1].span.begin - t[k].span.end);
        if (gap.find_first_of(":,") == std::string_view::npos && gap.find("\u2014") == std::string_view::npos) continue;
        bool courtesy = false;
        for (size_t m = k + 1; m < t.size() && t[m].sentence == t[k].sentence && !courtesy; ++m)
            courtesy = oneOf(t[m].folded, {"sorry", "apologies", "apologise", "apologize", "apology", "thank", "thanks", "regret"});
        if (courtesy) continue;
        out.push_back({"condescension", "repeating oneself", rep.span, true,
                       "opens by telling the customer it is being said again: " + quoteSpan(text.text, rep.span)});
        return;
    }
    for (const auto& say : saying) {
        if (!say.counts()) continue;
        size_t clause = t[say.firstToken].clause;
        bool said = false, offered = false, theirs = false;
        for (size_t k = say.firstToken; k-- > 0 && k + 6 > say.firstToken && t[k].clause == clause && !theirs;) {
            // "you have explained this three times", "so you won't have to explain it again": the
            // customer's ordeal, whatever stands between them and the saying.
            theirs = isCustomer(t[k].folded);
            if (k + 4 <= say.firstToken) continue;
            said = said || sayer.count(t[k].folded) > 0;
            offered = offered || oneOf(t[k].folded, kOffering);
        }
        // "I wrote to the warehouse again", "explained it to the courier twice": said to someone else.
        const size_t next = say.lastToken + 1;
        const bool toSomeoneElse = next + 1 < t.size() && t[next].clause == clause && t[next].folded == "to" && !isCustomer(t[next + 1].folded);
        if (!said || theirs || toSomeoneElse) continue;
        for (const auto& rep : again) {
            if (!rep.counts() || t[rep.firstToken].clause != clause) continue;
            // "Happy to explain it again if anything is unclear" offers help; "happy to explain it
            // again, more slowly" still talks down.
            if (offered && oneOf(rep.entry, kPlainAgain)) continue;
            TextSpan span{std::min(say.span.begin, rep.span.begin), std::max(say.span.end, rep.span.end)};
            out.push_back({"condescension", "repeating oneself", span, true,
                           "tells the customer it is being said again: " + quoteSpan(text.text, span)});
            return;
        }
    }
}

void findEchoes(const AnalyzedText& text, const LexiconHits& hits, std::vector<Signal>& out) {
    SentenceWords words(text, hits);
    // "Lag is your ISP. Not us. Next.": a last sentence that calls the next customer in closes
    // this one out.
    if (const size_t last = text.sentences.size(); last >= 2 && words.size(last - 1) == 1 &&
                                                     text.tokens[words.range[last - 1].first].folded == "next") {
        out.push_back({"condescension", "brush-off", text.sentences[last - 1], true,
                       "ends by calling the next customer: " + quoteSpan(text.text, text.sentences[last - 1])});
        return;
    }
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

/// A statement turned into a question by a tag that expects the customer to agree: "Can't do much
/// about the weather, can we?", "That's on you, isn't it?", "you cannot expect the Ritz, no?".
/// Said after a point of ours it needles; the whole reply is the point, so one is enough.
void findTagQuestion(const AnalyzedText& text, std::vector<Signal>& out) {
    static constexpr std::array<std::string_view, 28> kAux = {
        "can", "can't", "do", "don't", "does", "doesn't", "did", "didn't", "is", "isn't", "are", "aren't", "was", "wasn't",
        "were", "weren't", "will", "won't", "would", "wouldn't", "could", "couldn't", "should", "shouldn't", "have",
        "haven't", "has", "hasn't"};
    static constexpr std::array<std::string_view, 8> kWho = {"we", "you", "i", "it", "they", "there", "he", "she"};
    const auto& t = text.tokens;
    for (size_t k = 4; k < t.size(); ++k) {
        const TextSpan& sentence = text.sentences[t[k].sentence];
        // The tag ends its sentence with a question mark, right after the last token.
        const bool lastOfSentence = k + 1 == t.size() || t[k + 1].sentence != t[k].sentence;
        if (!lastOfSentence || sentence.end == 0 || text.text[sentence.end - 1] != '?') continue;
        const bool pronounTag = oneOf(t[k].folded, kWho) && oneOf(t[k - 1].folded, kAux) && t[k - 1].clause == t[k].clause &&
                                t[k - 2].clause != t[k].clause;
        const bool noTag = t[k].folded == "no" && t[k - 1].clause != t[k].clause;
        const size_t tagStart = pronounTag ? k - 1 : k;
        // A statement of four words or more before it, in the same sentence, after a comma.
        if ((!pronounTag && !noTag) || t[tagStart - 1].sentence != t[k].sentence) continue;
        if (text.text.substr(t[tagStart - 1].span.end, t[tagStart].span.begin - t[tagStart - 1].span.end).find(',') ==
            std::string_view::npos)
            continue;
        size_t before = 0;
        for (size_t j = tagStart; j-- > 0 && t[j].sentence == t[k].sentence;) ++before;
        if (before < 4) continue;
        TextSpan span{t[tagStart].span.begin, sentence.end};
        out.push_back({"condescension", "tag question", span, true,
                       "a point pressed on the customer as a question they must agree with: " + quoteSpan(text.text, span)});
        return;
    }
}

/// A one-word verdict said with a raised eyebrow: "Interesting." or "Fascinating 🙂" as a sentence
/// of its own, or opening one before a comma, "that" or "how" ("Interesting how every small delay
/// is suddenly fraud", "Interesting, every other customer can find the locker"). Not "an
/// interesting question" or "Interesting question!", which answer the customer's point.
void findSarcasticVerdict(const AnalyzedText& text, std::vector<Signal>& out) {
    static constexpr std::array<std::string_view, 4> kVerdicts = {"interesting", "fascinating", "intriguing", "riveting"};
    const auto& t = text.tokens;
    for (size_t k = 0; k < t.size(); ++k) {
        if (!oneOf(t[k].folded, kVerdicts)) continue;
        const bool opens = k == 0 || t[k - 1].sentence != t[k].sentence;
        if (!opens) continue;
        const bool alone = k + 1 == t.size() || t[k + 1].sentence != t[k].sentence;
        // "Interesting, I haven't seen that before, let me check" muses on our side: not a verdict.
        const bool ours = !alone && oneOf(t[k + 1].folded, {"i", "i'll", "i've", "i'm", "we", "we'll", "let", "let's"});
        const bool before = !alone && !ours && (t[k + 1].clause != t[k].clause || oneOf(t[k + 1].folded, {"that", "how"}));
        if (!alone && !before) continue;
        out.push_back({"condescension", "sarcastic verdict", t[k].span, true,
                       "a one-word verdict said with a raised eyebrow: " + quoteSpan(text.text, t[k].span)});
        return;
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
    findTagQuestion(text, out);
    findSarcasticVerdict(text, out);
    findDismissiveEmoji(text, out);
    return out;
}

namespace {

/// "Nothing you did caused this", "not on your end", "not a you thing", "nothing in your settings
/// caused it", "…on us, not you": a negation, then the customer with no one else named between
/// (not "not my fault, you…"), then a word of cause or fault in the same clause, or the customer
/// closing the clause ("not on you").
std::optional<Signal> clearedByNegation(const AnalyzedText& text, size_t k) {
    const auto& t = text.tokens;
    if (!oneOf(t[k].folded, {"not", "nothing", "no", "never", "none", "isn't", "wasn't", "aren't", "weren't"})) return std::nullopt;
    const size_t clause = t[k].clause;
    for (size_t j = k + 1; j < t.size() && j <= k + 5 && t[j].clause == clause; ++j) {
        if (oneOf(t[j].folded, {"i", "we", "our", "us", "my", "me", "they", "their", "he", "she", "his", "her"})) return std::nullopt;
        // "…not done because you did not confirm" gives the customer as the reason: the opposite.
        if (t[j].folded == "because" && (j + 1 >= t.size() || t[j + 1].folded != "of")) return std::nullopt;
        if (!isCustomer(t[j].folded)) continue;
        bool closesClause = j + 1 >= t.size() || t[j + 1].clause != clause;
        size_t at = closesClause && j > 0 && oneOf(t[j - 1].folded, {"on", "from", "not"}) ? j : 0;
        // "not from anything your team did": the deed of the customer's own people, when only
        // words of cause stand between the negation and them ("not sure what your team did" is no
        // clearing).
        const bool causeOnly = std::all_of(t.begin() + static_cast<std::ptrdiff_t>(k + 1), t.begin() + static_cast<std::ptrdiff_t>(j),
                                           [](const Token& w) { return oneOf(w.folded, {"from", "anything", "something", "due", "to", "by", "caused", "a", "thing", "because", "of"}); });
        // The deed right after the customer ("wasn't anything you missed"), or after their people
        // ("your team did"); not "not sure what you did", where the negation is about something else.
        const size_t deedAt = !causeOnly ? t.size() : t[j].folded == "your" ? j + 2 : j + 1;
        for (size_t m = j + 1; at == 0 && m < t.size() && m <= j + 5 && t[m].clause == clause; ++m) {
            bool deed = oneOf(t[m].folded, {"doing", "did", "done", "missed", "changed"}) && m == deedAt &&
                        (m + 1 >= t.size() || !oneOf(t[m + 1].folded, {"not", "n't"}));
            if (deed || oneOf(t[m].folded, {"fault", "faults", "caused", "cause", "causing", "end", "side", "error",
                                            "mistake", "imagining", "thing", "blame", "responsible"}))
                at = m;
        }
        if (at == 0) return std::nullopt;
        TextSpan span{t[k].span.begin, t[at].span.end};
        return Signal{"empathy", std::string(kClearsTheCustomer), span, true, "tells the customer it was not their doing: " + quoteSpan(text.text, span)};
    }
    return std::nullopt;
}

/// "You didn't miss anything", "you haven't done anything wrong", "you did nothing to cause it".
std::optional<Signal> clearedAsSubject(const AnalyzedText& text, size_t k) {
    const auto& t = text.tokens;
    if (!isCustomer(t[k].folded) || t[k].folded == "your") return std::nullopt;
    size_t j = k + 1;
    if (j < t.size() && oneOf(t[j].folded, {"did", "have", "had"})) ++j;
    if (j >= t.size() || !oneOf(t[j].folded, {"didn't", "haven't", "hadn't", "not", "nothing", "never"})) return std::nullopt;
    for (size_t m = j + 1; m < t.size() && m <= j + 4 && t[m].clause == t[k].clause; ++m) {
        bool missedNothing = oneOf(t[m].folded, {"miss", "missed"}) && m + 1 < t.size() && oneOf(t[m + 1].folded, {"anything", "a"});
        if (missedNothing || oneOf(t[m].folded, {"wrong", "cause", "caused", "break", "broke", "mistake", "mistakes", "error"})) {
            TextSpan span{t[k].span.begin, t[m].span.end};
            return Signal{"empathy", std::string(kClearsTheCustomer), span, true, "tells the customer it was not their doing: " + quoteSpan(text.text, span)};
        }
    }
    return std::nullopt;
}

} // namespace

namespace {
/// Words that say what a situation costs the person in it: "a real hassle", "gutting".
bool isBurdenWord(std::string_view w) {
    return oneOf(w, {"pain", "hassle", "tight", "frustrating", "stressful", "hard", "rough", "annoying", "worrying",
                     "difficult", "inconvenient", "nightmare", "headache", "disruptive", "upsetting", "scary", "wrecked",
                     "ruined", "gut-punch", "stress", "tough", "exhausting", "draining", "awful", "miserable",
                     "unsettling", "disappointing", "long", "worse", "heartbreaking", "gutting", "devastating",
                     "painful", "distressing", "maddening", "infuriating"});
}

/// "I know money is tight after the layoff", "I know a boil-water notice is a real hassle": the
/// agent says they know (realise, can imagine) what the situation costs the customer, a word of
/// burden later in the sentence. Not when a "but" turns it before that word ("I know, but…").
std::optional<Signal> acknowledgedBurden(const AnalyzedText& text, size_t k) {
    const auto& t = text.tokens;
    if (k + 1 >= t.size() || !oneOf(t[k].folded, {"i", "we"})) return std::nullopt;
    size_t verb = k + 1;
    if (oneOf(t[verb].folded, {"can", "totally", "fully", "really", "completely"}) && verb + 1 < t.size()) ++verb;
    if (!oneOf(t[verb].folded, {"know", "realise", "realize", "imagine", "appreciate", "understand", "get"})) return std::nullopt;
    for (size_t j = verb + 1; j < t.size() && t[j].sentence == t[k].sentence; ++j) {
        if (oneOf(t[j].folded, {"but", "however"})) return std::nullopt;
        if (isBurdenWord(t[j].folded)) {
            TextSpan span{t[k].span.begin, t[j].span.end};
            return Signal{"empathy", "I know… " + t[j].folded, span, true,
                          "acknowledges what it costs the customer: " + quoteSpan(text.text, span)};
        }
    }
    return std::nullopt;
}

/// "Missing your mum's 70th is gutting", "Losing a companion of fourteen years is heartbreaking",
/// "sorry for the runaround, must be a pain": what the customer is going through, named as its
/// subject (a sentence that opens with it, or "that", "this"), then said to be a burden. Not
/// "it's hard to say" (a word of burden before "to" is about the saying), "nothing is hard about
/// it", nor when a "but" turns it, in its sentence or at the start of the next.
std::optional<Signal> namedBurden(const AnalyzedText& text, size_t k) {
    const auto& t = text.tokens;
    const bool opensSentence = k == 0 || t[k - 1].sentence != t[k].sentence;
    const bool gerund = opensSentence && t[k].letters > 4 && t[k].folded.ends_with("ing") && !t[k].folded.ends_with("thing") &&
                        !oneOf(t[k].folded, {"morning", "evening"});
    const bool pointer = oneOf(t[k].folded, {"that", "this", "that's"});
    const bool mustBe = t[k].folded == "must" && k + 1 < t.size() && t[k + 1].folded == "be";
    if (!gerund && !pointer && !mustBe) return std::nullopt;
    // The verb that says it: "is", "must be", "sounds", within the sentence (a gerund's object
    // stands between: "Missing your mum's 70th is").
    size_t j = k + 1;
    if (mustBe) ++j;
    else if (t[k].folded != "that's") {
        const size_t limit = gerund ? k + 8 : k + 1;
        while (j < t.size() && j <= limit && t[j].sentence == t[k].sentence &&
               !oneOf(t[j].folded, {"is", "was", "sounds", "sounded", "must"}))
            ++j;
        if (j >= t.size() || j > limit || t[j].sentence != t[k].sentence) return std::nullopt;
        if (t[j].folded == "must") j = j + 1 < t.size() && t[j + 1].folded == "be" ? j + 2 : t.size();
        else ++j;
    }
    while (j < t.size() && (isIntensifier(t[j].folded) || oneOf(t[j].folded, {"a", "an", "such", "just"}))) ++j;
    if (j >= t.size() || t[j].sentence != t[k].sentence || !isBurdenWord(t[j].folded)) return std::nullopt;
    // A process's length is no feeling: "Shipping is long this time of year".
    if (gerund && oneOf(t[j].folded, {"long", "worse", "tight"})) return std::nullopt;
    if (j + 1 < t.size() && t[j + 1].folded == "to") return std::nullopt;
    // "…this is upsetting for you. But the decision is final": the next sentence's "but" turns it too.
    for (size_t m = k; m < t.size() && t[m].sentence <= t[j].sentence + 1; ++m) {
        const bool opens = m == 0 || t[m - 1].sentence != t[m].sentence;
        if ((m < j || (t[m].sentence > t[j].sentence && opens)) && oneOf(t[m].folded, {"but", "however"})) return std::nullopt;
    }
    TextSpan span{t[k].span.begin, t[j].span.end};
    return Signal{"empathy", "a burden named", span, true, "says what it costs the customer: " + quoteSpan(text.text, span)};
}
} // namespace

std::vector<Signal> findClearing(const AnalyzedText& text) {
    for (size_t k = 0; k < text.tokens.size(); ++k) {
        if (auto s = clearedByNegation(text, k)) return {*s};
        if (auto s = clearedAsSubject(text, k)) return {*s};
        if (auto s = acknowledgedBurden(text, k)) return {*s};
        if (auto s = namedBurden(text, k)) return {*s};
    }
    return {};
}

namespace {

/// Stems of things an agent does for a customer.
bool isActionStem(std::string_view stem) {
    static constexpr std::array<std::string_view, 71> kActions = {
        "refund", "cancel", "unlock", "reset", "process", "log", "send", "sent", "fix", "issu", "reissu", "credit",
        "remov", "restor", "updat", "rais", "escal", "book", "arrang", "forward", "ad", "appli", "sort", "chase",
        "switch", "enabl", "disabl", "restart", "replac", "ship", "wipe", "waiv", "void", "revers", "flag", "assign",
        "bump", "upgrad", "call", "email", "messag", "creat", "rebook", "resent", "resend", "investig", "test", "push",
        "deploy", "patch", "review", "export", "delet", "eras", "clear", "renew", "reinstat", "correct", "adjust",
        "extend", "reactiv", "re-regist", "hold", "keep", "reserv", "mail", "dispatch", "unblock", "unbar", "lift",
        "refresh"};
    return oneOf(stem, kActions);
}

/// "We've forwarded your request", "I'll sort it", "we're replacing it": the agent (I or we) and
/// an action within three words, with nothing negating or handing the act back between them.
std::optional<Signal> ownedAction(const AnalyzedText& text, size_t k) {
    const auto& t = text.tokens;
    if (!oneOf(t[k].folded, {"i", "we", "i've", "we've", "i'll", "we'll", "i'm", "we're"})) return std::nullopt;
    // The agent as the subject of a clause: "…and we've sent it", not "the email we sent you".
    if (k > 0 && t[k - 1].clause == t[k].clause &&
        !oneOf(t[k - 1].folded, {"and", "but", "then", "now", "ok", "okay", "yes", "also", "right", "sure", "update", "news"}))
        return std::nullopt;
    for (size_t j = k + 1; j < t.size() && j <= k + 3 && t[j].clause == t[k].clause; ++j) {
        if (oneOf(t[j].folded, {"not", "never", "can't", "cannot", "won't", "couldn't", "need", "needs", "ask", "want", "you", "your",
                                "they", "them", "told", "said", "explained", "if", "can", "could", "would", "might", "may",
                                "so", "to", "please", "having", "had"}) ||
            t[j].folded.ends_with("n't"))
            return std::nullopt;
        if (!isActionStem(t[j].stem)) continue;
        TextSpan span{t[k].span.begin, t[j].span.end};
        return Signal{"ownership", "owned action", span, true, "the agent takes the next step: " + quoteSpan(text.text, span)};
    }
    return std::nullopt;
}

/// "Refunded the $49.", "Done. 2FA reset.", "Request logged ✔️", "unlocked it just now": a report of
/// the act with the agent left out, as terse replies write it: a short sentence or clause that opens
/// with a past-tense act, or has one within its first words ("2FA reset", "Credit of $20 applied to
/// acct 4471"), or opens with the act under way ("Reversing it now."). After a subject, an active
/// past takes an object and is someone else's act ("The supplier sent us the wrong model"); a
/// passive report is followed only by where and when, if anything.
std::optional<Signal> reportedAction(const AnalyzedText& text, size_t first, size_t last) {
    static constexpr std::array<std::string_view, 27> kNotAReport = {
        "you", "your", "they", "their", "we", "we're", "i", "i'm", "it", "it's", "was", "were", "is", "are", "has", "have",
        "had", "been", "be", "should", "will", "would", "can", "could", "may", "might", "must"};
    static constexpr std::array<std::string_view, 17> kWhereWhen = {"to", "for", "on", "in", "at", "today", "now", "tonight", "back",
                                                                    "by", "from", "yesterday", "this", "just", "already", "and", "done"};
    const auto& t = text.tokens;
    // The @handle a social reply opens with is whom it answers, not a subject ("@gina_m restored the coins").
    if (first + 1 < last && t[first].span.begin > 0 && text.text[t[first].span.begin - 1] == '@') {
        ++first;
        while (first + 1 < last && joinedToPrevious(text, first)) ++first;  // "@gina_m": one handle, two tokens
    }
    const size_t words = last - first;
    const TextSpan span{t[first].span.begin, t[last - 1].span.end};
    auto pastAct = [&](size_t k) {
        const std::string& w = t[k].folded;
        return isActionStem(t[k].stem) && (w.ends_with("ed") || w == "sent" || w == "reset" || w == "done" || w == "resent");
    };
    if (words == 1 && oneOf(t[first].folded, {"done", "sorted", "fixed", "cancelled", "canceled", "refunded"}))
        return Signal{"ownership", "reported action", span, true, "reports the act done"};
    if (words > 8) return std::nullopt;
    // "Reversing it now.", "Sending the label today": an act under way, said as it starts.
    auto actUnderWay = [&](size_t k) {
        if (k != first || !t[k].folded.ends_with("ing") || !isActionStem(t[k].stem)) return false;
        for (size_t j = k + 1; j < last; ++j)
            if (oneOf(t[j].folded, {"now", "today", "tonight", "tomorrow", "immediately", "asap"})) return true;
        return false;
    };
    for (size_t k = first; k < last && k <= first + 3; ++k) {
        if (oneOf(t[k].folded, kNotAReport)) return std::nullopt;  // a subject or a tense of its own: "It's logged"
        const bool done = pastAct(k);
        if (!done && !actUnderWay(k)) continue;
        if (k > first && isCapitalised(text, t[k])) return std::nullopt;  // a button's label: "then Reset"
        if (k > first && k + 1 < last && t[k + 1].letters > 0 && !oneOf(t[k + 1].folded, kWhereWhen)) continue;
        return Signal{"ownership", "reported action", span, true,
                      std::string(done ? "reports the act done: " : "reports the act under way: ") + quoteSpan(text.text, span)};
    }
    return std::nullopt;
}

} // namespace

std::vector<Signal> findOwnership(const AnalyzedText& text) {
    const auto& t = text.tokens;
    for (size_t k = 0; k < t.size(); ++k)
        if (auto s = ownedAction(text, k)) return {*s};
    // Terse reports by sentence, then by clause: a report is often one clause of a longer line
    // ("Laptop reimaged, Office reinstalled, files copied back").
    for (const bool bySentence : {true, false})
        for (size_t first = 0; first < t.size();) {
            size_t last = first + 1;
            while (last < t.size() && (bySentence ? t[last].sentence == t[first].sentence : t[last].clause == t[first].clause)) ++last;
            if (auto found = reportedAction(text, first, last)) return {*found};
            first = last;
        }
    return {};
}

void markDeflectionsOfOurs(const AnalyzedText& text, LexiconHits& hits) {
    auto found = hits.find("deflection");
    if (found == hits.end()) return;
    const auto& t = text.tokens;
    for (auto& d : found->second) {
        if (!d.counts() || d.firstToken == 0 || t[d.firstToken - 1].clause != t[d.firstToken].clause) continue;
        const std::string_view before = t[d.firstToken - 1].folded;
        if (oneOf(before, {"i", "we", "i'll", "we'll", "i've", "we've", "i'd", "we'd", "will"})) {
            d.excluded = true;
            d.cancelledBy = "ours to do";
        } else if (oneOf(before, {"don't", "dont", "never", "not"})) {
            d.excluded = true;
            d.cancelledBy = "warned against";
        }
    }
}

void addImperativeRedirections(const AnalyzedText& text, LexiconHits& hits) {
    const auto& t = text.tokens;
    const auto ours = hitsOf(hits, "own-names");
    std::vector<LexiconHit> found;
    // By clause: "…isn't our drivers' fault, complain to the manufacturer."
    for (size_t first = 0; first < t.size();) {
        const size_t opens = first;
        size_t closes = first + 1;
        while (closes < t.size() && t[closes].clause == t[opens].clause) ++closes;
        first = closes;
        size_t verb = opens;
        while (verb + 1 < closes && oneOf(t[verb].folded, {"please", "pls", "plz", "just", "so", "then", "kindly", "simply"})) ++verb;
        size_t party = verb + 1;
        if (oneOf(t[verb].folded, {"complain", "talk", "speak", "write", "moan"})) {
            if (party >= closes || !oneOf(t[party].folded, {"to", "with"})) continue;
            ++party;
        } else if (t[verb].folded == "take" && party + 2 < closes && t[party].folded == "it" && t[party + 1].folded == "up" &&
                   t[party + 2].folded == "with") {
            party += 3;
        } else if (!oneOf(t[verb].folded, {"contact", "call", "ring", "phone", "email", "chase", "ask"})) {
            continue;
        }
        if (party >= closes) continue;
        // Someone else: "the manufacturer", "your bank", "them", "Safaricom"; not us.
        const bool someoneElse = oneOf(t[party].folded, {"the", "your", "their", "them", "him", "her"}) ||
                                 (isCapitalised(text, t[party]) && !insideAny(ours, party) && t[party].folded != "i");
        if (!someoneElse) continue;
        size_t last = party;
        if (oneOf(t[party].folded, {"the", "your", "their"}) && party + 1 < closes && t[party + 1].clause == t[party].clause) ++last;
        if (oneOf(t[last].folded, {"us", "me", "support", "team"})) continue;
        found.push_back(hitOver(text, verb, last));
    }
    if (found.empty()) return;
    auto& deflections = hits["deflection"];
    deflections.insert(deflections.end(), found.begin(), found.end());
    std::stable_sort(deflections.begin(), deflections.end(),
                     [](const LexiconHit& a, const LexiconHit& b) { return a.firstToken < b.firstToken; });
}

bool deflects(const LexiconHits& hits) {
    auto d = hitsOf(hits, "deflection");
    return std::any_of(d.begin(), d.end(), [](const LexiconHit& h) { return h.counts(); });
}

bool namesAnotherParty(const AnalyzedText& text, const LexiconHits& hits) {
    auto actors = hitsOf(hits, "blame-actor");
    if (std::any_of(actors.begin(), actors.end(), [](const LexiconHit& h) { return h.counts() && h.entry != "you"; }))
        return true;
    const auto& t = text.tokens;
    // A problem named by whose it is: "a Shopify limitation", "an Openreach fault", "the PayPal
    // issue". Any capitalised name but ours, so a partner no lexicon lists is named too.
    static constexpr std::array<std::string_view, 10> kProblems = {"limitation", "problem", "issue", "bug", "fault",
                                                                   "outage", "glitch", "error", "thing", "restriction"};
    const auto ours = hitsOf(hits, "own-names");
    // Whom a deflection sends the customer to: "ask the shop", "contact them", "you'll need to
    // contact Google directly".
    for (const auto& d : hitsOf(hits, "deflection")) {
        if (!d.counts()) continue;
        // "…between you and NZTA": whoever comes after "between you and" is the other party.
        if (oneOf(t[d.lastToken].folded, {"them", "shop", "store", "seller", "retailer", "and"})) return true;
        size_t k = d.lastToken + 1;
        if (k < t.size() && t[k].folded == "the") ++k;
        if (k < t.size() && t[k].sentence == t[d.lastToken].sentence && isCapitalised(text, t[k]) && !insideAny(ours, k))
            return true;
    }
    for (size_t k = 1; k + 1 < t.size(); ++k)
        if (oneOf(t[k - 1].folded, {"a", "an", "the"}) && t[k - 1].sentence == t[k].sentence && isCapitalised(text, t[k]) &&
            oneOf(t[k + 1].folded, kProblems) && !insideAny(ours, k))
            return true;
    return false;
}

namespace {
/// A word or pair of words by which the agent refuses or says a thing cannot be done, starting at
/// token k. Not the customer's own inability ("you have been unable to log in"), not what the
/// agent cannot see or find ("I can't see that invoice"), and not the problem itself ("still no
/// refund").
bool refusesAt(const std::vector<Token>& t, size_t k) {
    const std::string_view w = t[k].folded;
    const bool sameSentenceNext = k + 1 < t.size() && t[k + 1].sentence == t[k].sentence;
    const std::string_view next = sameSentenceNext ? std::string_view(t[k + 1].folded) : std::string_view();
    const std::string_view before = k > 0 && t[k - 1].sentence == t[k].sentence ? std::string_view(t[k - 1].folded) : std::string_view();
    for (size_t j = k, back = 0; j-- > 0 && back < 3 && t[j].clause == t[k].clause; ++back)
        if (oneOf(t[j].folded, {"you", "you've", "you're", "you'd", "you'll"})) return false;  // the customer cannot
    // Nor the customer's own people: "your customers can't reach you".
    if (k >= 2 && t[k - 2].folded == "your" && t[k - 1].clause == t[k].clause &&
        oneOf(t[k - 1].folded, {"customers", "clients", "users", "team", "staff", "agents", "colleagues", "employees", "people", "members", "callers"}))
        return false;
    if (oneOf(w, {"can't", "cannot", "cant"}) || (w == "can" && next == "not"))
        return !oneOf(w == "can" && k + 2 < t.size() ? std::string_view(t[k + 2].folded) : next,
                      {"see", "find", "locate", "hear", "imagine", "believe", "wait", "tell", "thank", "stress"});
    if (oneOf(w, {"unable", "impossible", "mandatory", "non-refundable", "nonrefundable", "exceptions"})) return true;
    if (w == "no" && oneOf(next, {"refunds", "refund", "exceptions"})) return !oneOf(before, {"still", "yet", "any", "got", "received"});
    if (w == "non" && oneOf(next, {"refundable", "negotiable", "transferable"})) return true;
    if (w == "nothing" && oneOf(next, {"i", "we"})) return true;  // "nothing I can do"
    // What we do not do at all: "we don't do home internet", "I don't do refunds on personalised
    // items". Said by us of an act of service, not "don't worry" or "we don't know yet".
    if (oneOf(w, {"don't", "dont", "doesn't", "doesnt"}) && oneOf(before, {"we", "i", "company", "shop", "store"}))
        return oneOf(next, {"do", "offer", "provide", "accept", "support", "allow", "give", "refund", "ship", "deliver",
                            "sell", "cover", "match", "exchange", "issue", "take", "waive", "price-match"});
    // "not something I can honour", "isn't something we do": a refusal; not "not something you did".
    const std::string_view afterNext = sameSentenceNext && k + 2 < t.size() && t[k + 2].sentence == t[k].sentence
                                           ? std::string_view(t[k + 2].folded) : std::string_view();
    if (oneOf(w, {"not", "isn't", "isnt", "aren't", "arent"}) && next == "something" && oneOf(afterNext, {"i", "we"})) return true;
    // "That's just how it is", "it is what it is": nothing will change.
    if (w == "how" && next == "it" && oneOf(afterNext, {"is", "works", "goes"}) && oneOf(before, {"just", "that's", "thats", "simply"}))
        return true;
    if (w == "what" && before == "is" && next == "it" && afterNext == "is") return true;
    return (w == "can" && next == "only") || (w == "not" && oneOf(next, {"able", "possible", "allowed", "our", "ours"})) ||
           (w == "only" && next == "possible");
}

/// Sorry for how the customer sees it, not for what happened, from token k just after the apology:
/// "sorry you found it hard", "we regret that you were disappointed", "sorry you're cranky", "sorry
/// to hear you're unhappy with our decision".
bool regretsHowTheCustomerSees(const std::vector<Token>& t, size_t k, size_t sentence) {
    // "Sorry to hear (that) you are unhappy with our decision" regrets the same view; "sorry to read
    // that you felt rushed by my colleague" is about what we did, and is an apology.
    const bool heard = k + 1 < t.size() && t[k].folded == "to" && oneOf(t[k + 1].folded, {"hear", "learn", "see", "read"});
    if (heard) k += 2;
    if (k < t.size() && t[k].folded == "that") ++k;
    if (k + 1 >= t.size() || t[k + 1].sentence != sentence) return false;
    auto feeling = [](std::string_view w) {
        return oneOf(w, {"upset", "unhappy", "disappointed", "frustrated", "cranky", "annoyed", "confused", "dissatisfied", "unsatisfied"});
    };
    const std::string_view who = t[k].folded, verb = t[k + 1].folded;
    const std::string_view after = k + 2 < t.size() && t[k + 2].sentence == sentence ? std::string_view(t[k + 2].folded) : std::string_view();
    if (oneOf(who, {"you're", "youre"})) return feeling(verb);
    if (!oneOf(who, {"you", "ur"})) return false;
    // "Sorry you don't agree with the result": the view again, said as disagreement.
    const bool disagrees = verb == "disagree" || (oneOf(verb, {"don't", "dont", "didn't", "didnt"}) && after == "agree") ||
                           (verb == "do" && after == "not" && k + 3 < t.size() && t[k + 3].folded == "agree");
    return (!heard && oneOf(verb, {"found", "find", "feel", "felt", "think", "thought", "believe", "consider", "perceive", "regard"})) ||
           (oneOf(verb, {"are", "were", "re"}) && feeling(after)) || (!heard && disagrees);
}

/// Regret for what the customer chose or failed to do, from token `k` on: "We are sorry that you
/// did not measure your doorway", "We regret that you chose to ignore the alerts". It is sorry
/// for nothing we did and tells the customer the fault is theirs. "Sorry you didn't get a reply"
/// is not this: only verbs of choosing, neglect and the checks a customer is expected to make.
bool regretsTheCustomersOwnChoice(const std::vector<Token>& t, size_t k, size_t sentence) {
    if (k < t.size() && t[k].folded == "that") ++k;
    if (k + 2 >= t.size() || t[k + 2].sentence != sentence || !oneOf(t[k].folded, {"you", "u"})) return false;
    const std::string_view verb = t[k + 1].folded, next = t[k + 2].folded;
    if (oneOf(verb, {"chose", "decided", "opted", "failed", "neglected", "forgot", "ignored", "overlooked"})) return true;
    const bool didNot = oneOf(verb, {"didn't", "didnt"}) || (verb == "did" && next == "not");
    const size_t then = verb == "did" ? k + 3 : k + 2;
    return didNot && then < t.size() && t[then].sentence == sentence &&
           oneOf(t[then].folded, {"read", "check", "measure", "follow", "notice", "bother", "see", "open", "review", "update", "inform", "tell"});
}

/// A person addressed by a title, or a polite particle, between an apology and its "but".
bool isAddress(std::string_view w) {
    return oneOf(w, {"sir", "ma'am", "maam", "madam", "miss", "mister", "po", "mate", "dear", "friend", "folks", "guys", "all", "everyone"});
}
} // namespace

void markSofteningApologies(const AnalyzedText& text, LexiconHits& hits) {
    auto found = hits.find("apology");
    if (found == hits.end()) return;
    const auto& t = text.tokens;
    // "No need to apologise", "you've nothing to apologise for": the customer is told they owe no
    // apology. That is neither our apology nor a refusal of one.
    std::erase_if(found->second, [&](const LexiconHit& hit) {
        const size_t k = hit.firstToken;
        auto at = [&](size_t back) { return k >= back ? std::string_view(t[k - back].folded) : std::string_view(); };
        if (at(1) == "to" && at(2) == "nothing") return true;
        if (at(1) == "to" && at(2) == "need") return oneOf(at(3), {"no", "don't", "dont", "never", "not"});
        return at(1) == "needn't" || at(1) == "neednt";
    });
    // Whether the agent does something for the customer from token `from` to the end of sentence
    // `last` (an apology followed by that apologises; one followed by a refusal only does not).
    auto owns = [&](size_t from, size_t last) {
        for (size_t k = from; k < t.size() && t[k].sentence <= last; ++k)
            if (ownedAction(text, k)) return true;
        for (const auto& h : hitsOf(hits, "ownership"))
            if (h.counts() && h.firstToken >= from && t[h.firstToken].sentence <= last) return true;
        return false;
    };
    for (auto& hit : found->second) {
        if (!hit.counts() || hit.lastToken >= t.size()) continue;
        const size_t sentence = t[hit.lastToken].sentence;
        std::string why;
        // "but" within four words of the apology, titles and particles not counted.
        for (size_t k = hit.lastToken + 1, words = 0; k < t.size() && t[k].sentence == sentence && words < 4; ++k) {
            if (oneOf(t[k].folded, {"but", "however", "though", "although"})) {
                if (!owns(k + 1, sentence)) why = "\"" + t[k].folded + "\" after it";
                break;
            }
            if (!isAddress(t[k].folded)) ++words;
        }
        // A "but" further on that turns to the rules: "Sorry for any inconvenience this may have
        // caused, but that's our policy".
        for (size_t k = hit.lastToken + 1; why.empty() && k < t.size() && t[k].sentence == sentence; ++k) {
            if (!oneOf(t[k].folded, {"but", "however"})) continue;
            for (size_t j = k + 1; j < t.size() && j <= k + 5 && t[j].sentence == sentence; ++j)
                if (oneOf(t[j].folded, {"policy", "policies", "rules", "procedure", "procedures", "terms"})) {
                    if (!owns(k + 1, sentence)) why = "\"" + t[k].folded + "\" turns it to the rules";
                    break;
                }
            break;
        }
        // The rules given as the reason, straight after it: "Sorry, that's the policy!"
        if (why.empty()) {
            size_t k = hit.lastToken + 1;
            if (k < t.size() && t[k].sentence == sentence && oneOf(t[k].folded, {"that's", "it's", "thats", "its"})) ++k;
            else if (k + 1 < t.size() && t[k + 1].sentence == sentence && oneOf(t[k].folded, {"that", "it", "this"}) &&
                     t[k + 1].folded == "is")
                k += 2;
            else k = t.size();
            if (k < t.size() && t[k].sentence == sentence && oneOf(t[k].folded, {"the", "our", "company"})) ++k;
            if (k < t.size() && t[k].sentence == sentence && oneOf(t[k].folded, {"policy", "rule", "rules", "procedure", "terms"}) &&
                !owns(k + 1, sentence))
                why = "the rules follow it as the reason";
        }
        // A refusal after the apology in its sentence, with nothing done for the customer after it.
        for (size_t k = hit.lastToken + 1; why.empty() && k < t.size() && t[k].sentence == sentence; ++k)
            if (refusesAt(t, k)) {
                if (!owns(hit.lastToken + 1, sentence)) why = "it softens a refusal";
                break;
            }
        // A deflection after the apology in its sentence, nothing done for the customer: "Sorry,
        // it's out of our hands, you'll need to ring them".
        for (const auto& d : hitsOf(hits, "deflection"))
            if (why.empty() && d.counts() && d.firstToken > hit.lastToken && t[d.firstToken].sentence == sentence &&
                !owns(hit.lastToken + 1, sentence))
                why = "it softens a deflection";
        // A refusal before an apology that ends the sentence: "…we can't do anything, sorry!", or in
        // the sentence before or after an apology said alone: "Can't expedite. Sorry."
        // "Sorry about that." ends its sentence as "Sorry." does: what it is about is the sentence before.
        size_t end = hit.lastToken + 1;
        if (end + 1 < t.size() && t[end].sentence == sentence && oneOf(t[end].folded, {"about", "for"}) &&
            oneOf(t[end + 1].folded, {"that", "this"}))
            end += 2;
        const bool endsSentence = end >= t.size() || t[end].sentence != sentence;
        const bool alone = endsSentence && (hit.firstToken == 0 || t[hit.firstToken - 1].sentence != sentence);
        for (size_t k = hit.firstToken; why.empty() && endsSentence && k-- > 0 && (t[k].sentence == sentence || (alone && t[k].sentence + 1 == sentence));)
            if (refusesAt(t, k)) why = "it follows a refusal";
        for (size_t k = end; why.empty() && alone && k < t.size() && t[k].sentence == sentence + 1; ++k)
            if (refusesAt(t, k)) {
                if (!owns(k + 1, text.sentences.size())) why = "it softens a refusal";
                break;
            }
        if (why.empty() && regretsHowTheCustomerSees(t, hit.lastToken + 1, sentence) && !owns(hit.lastToken + 1, sentence)) {
            // The formal "sorry to hear you are unhappy with our decision" regrets the view without
            // brushing it off: a non-apology, not the talking-down of "sorry you feel that way".
            const bool heard = hit.lastToken + 1 < t.size() && t[hit.lastToken + 1].folded == "to";
            why = heard ? "it regrets hearing of the customer's displeasure, not what happened" : std::string(kRegretsCustomersView);
        }
        if (why.empty() && regretsTheCustomersOwnChoice(t, hit.lastToken + 1, sentence) && !owns(hit.lastToken + 1, sentence))
            why = kRegretsCustomersChoice;
        if (!why.empty()) {
            hit.excluded = true;
            hit.cancelledBy = why;
        }
    }
}

void markApologiesOfCondolence(LexiconHits& hits) {
    auto apologies = hits.find("apology");
    auto condolences = hitsOf(hits, "condolence");
    if (apologies == hits.end() || condolences.empty()) return;
    for (auto& a : apologies->second)
        if (std::any_of(condolences.begin(), condolences.end(), [&](const LexiconHit& c) {
                return c.counts() && a.firstToken <= c.lastToken && c.firstToken <= a.lastToken;
            })) {
            a.excluded = true;
            a.cancelledBy = std::string(kCondolenceNotApology);
        }
}

} // namespace simdesk
