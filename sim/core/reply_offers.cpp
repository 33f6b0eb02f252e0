// Free service time offered (reply_offers.hpp).
#include "reply_offers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>

namespace simdesk {

namespace {

bool isCount(std::string_view folded) {
    // Not "next": "the 12th of next month" is a date; "the next six months" has its count.
    static constexpr std::array<std::string_view, 21> kCounts = {
        "a",   "an",     "one",    "two",     "three", "four",  "five", "six",   "seven", "eight", "nine",
        "ten", "eleven", "twelve", "another", "extra", "whole", "full", "first", "few",   "couple"};
    return oneOf(folded, kCounts) ||
           (!folded.empty() && std::all_of(folded.begin(), folded.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }));
}

/// A stretch of service time: "a year", "the next six months", "3 months". Not weeks: "a free
/// week pass" and "a free 4-week prep course" are gestures and products, not the subscription.
std::optional<size_t> periodAt(const std::vector<Token>& t, size_t i) {
    static constexpr std::array<std::string_view, 6> kUnits = {"month", "months", "year", "years", "quarter", "quarters"};
    if (!oneOf(t[i].folded, kUnits)) return std::nullopt;
    for (size_t k = i; k-- > 0 && k + 3 >= i && t[k].clause == t[i].clause;)
        if (isCount(t[k].folded)) return k;
    return std::nullopt;
}

/// A word (or words) that makes it cost nothing, as [first, last] tokens, at token i.
std::optional<std::pair<size_t, size_t>> freeMarkerAt(const std::vector<Token>& t, size_t i) {
    static constexpr std::array<std::string_view, 6> kFree = {"free", "complimentary", "waive", "waived", "waiving", "comp"};
    static constexpr std::array<std::string_view, 6> kBilled = {"charged", "billed", "invoiced", "charge", "bill", "pay"};
    static constexpr std::array<std::string_view, 4> kNot = {"won't", "not", "never", "wont"};
    auto at = [&](size_t k, std::string_view word) { return k < t.size() && t[k].clause == t[i].clause && t[k].folded == word; };
    if (oneOf(t[i].folded, kFree)) return std::pair{i, i};
    if (at(i, "on") && at(i + 1, "us")) return std::pair{i, i + 1};
    if (at(i, "on") && at(i + 1, "the") && at(i + 2, "house")) return std::pair{i, i + 2};
    if (at(i, "no") && (at(i + 1, "charge") || at(i + 1, "cost"))) return std::pair{i, i + 1};
    // "you won't be charged", "you will not pay": what we decide the customer pays. Not "won't be
    // charged again", which is a subscription ending.
    if (oneOf(t[i].folded, kBilled) && !at(i + 1, "again"))
        for (size_t k = i; k-- > 0 && k + 3 >= i && t[k].clause == t[i].clause;)
            if (oneOf(t[k].folded, kNot)) return std::pair{k, i};
    return std::nullopt;
}

/// Whether a word of tokens [from, to), up to the end of `from`'s clause, is in `words`.
template <size_t N>
bool clauseHas(const std::vector<Token>& t, size_t from, size_t to, const std::array<std::string_view, N>& words) {
    for (size_t k = from; k < to && k < t.size() && t[k].clause == t[from].clause; ++k)
        if (oneOf(t[k].folded, words)) return true;
    return false;
}

} // namespace

std::vector<Signal> findFreePeriodOffers(const AnalyzedText& text, const LexiconHits& hits) {
    static constexpr std::array<std::string_view, 12> kWe = {"i",     "we",  "i've", "we've", "i'll", "we'll",
                                                             "i'm",   "we're", "i'd", "we'd", "ive",  "let"};
    // Asking for it is not giving it: "I've asked my manager whether we can give you a free month".
    static constexpr std::array<std::string_view, 12> kAsking = {"request", "requested", "approval", "approve", "ask",
                                                                 "asked", "escalate", "escalated", "whether", "if",
                                                                 "check", "checking"};
    static constexpr std::array<std::string_view, 2> kTrial = {"trial", "trials"};
    const auto& t = text.tokens;
    auto negations = hitsOf(hits, "negation");
    std::vector<Signal> out;
    size_t lastClause = t.size();  // one offer per clause
    struct Clause {
        size_t clause, start;
        bool trial;
    } seen{t.size(), 0, false};
    for (size_t i = 0; i < t.size(); ++i) {
        auto marker = freeMarkerAt(t, i);
        if (!marker || t[i].clause == lastClause) continue;
        const size_t clause = t[i].clause;
        // The period in the same clause, a few words either side of the marker.
        std::optional<std::pair<size_t, size_t>> period;
        for (size_t k = i >= 8 ? i - 8 : 0; k < t.size() && k <= marker->second + 8 && !period; ++k)
            if (t[k].clause == clause)
                if (auto from = periodAt(t, k)) period = std::pair{*from, k};
        if (!period) continue;
        const size_t first = std::min(marker->first, period->first), last = std::max(marker->second, period->second);
        if (clause != seen.clause) {  // where the clause begins, and whether it is about a trial: once per clause
            size_t begin = first;
            while (begin > 0 && t[begin - 1].clause == clause) --begin;
            seen = {clause, begin, clauseHas(t, begin, t.size(), kTrial)};
        }
        if (seen.trial) continue;
        const size_t clauseStart = seen.start;
        // Who gives it: us ("I've added", "we'll waive"), or "on us" / "on the house" itself.
        const bool onUs = t[marker->first].folded == "on";
        const bool weGive = clauseHas(t, clauseStart, first, kWe);
        if (!onUs && !weGive) continue;
        if (clauseHas(t, clauseStart, first, kAsking)) continue;
        // "I can't give you a free year": a negation before the offer, other than the marker's own.
        const bool refused = std::any_of(negations.begin(), negations.end(), [&](const LexiconHit& n) {
            return t[n.firstToken].clause == clause && n.firstToken < first && n.firstToken >= clauseStart;
        });
        if (refused) continue;
        TextSpan span{t[first].span.begin, t[last].span.end};
        out.push_back({"guarantee", "free_period", span, true,
                       "gives service time for free, beyond L1 authority: " + quoteSpan(text.text, span)});
        lastClause = clause;
    }
    return out;
}

} // namespace simdesk
