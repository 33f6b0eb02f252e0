// Offers beyond an agent's authority, and guarantees said in the customer's terms (reply_offers.hpp).
#include "reply_offers.hpp"

#include "text_rules.hpp"  // findFigures

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <span>
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

/// A bill or the month it is for: "this month's invoice", "your renewal", "December".
bool isBill(std::string_view folded) {
    static constexpr std::array<std::string_view, 22> kBill = {
        "invoice", "invoices", "bill", "bills", "renewal", "subscription", "month's", "year's", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "quarter's", "months"};
    return oneOf(folded, kBill);
}

/// Words that make something cost nothing by themselves.
constexpr std::array<std::string_view, 6> kFree = {"free", "complimentary", "waive", "waived", "waiving", "comp"};

/// "Going forward", "for good", "from now on", "for the rest of the year": for as long as there is.
bool forGoodAt(const std::vector<Token>& t, size_t i) {
    auto at = [&](size_t k, std::string_view word) { return k < t.size() && t[k].clause == t[i].clause && t[k].folded == word; };
    return (at(i, "going") && at(i + 1, "forward")) || (at(i, "for") && at(i + 1, "good")) ||
           (at(i, "from") && at(i + 1, "now") && at(i + 2, "on")) || (at(i, "rest") && at(i + 1, "of")) ||
           oneOf(t[i].folded, {"forever", "permanently", "indefinitely"});
}

/// A word (or words) that makes it cost nothing, as [first, last] tokens, at token i.
std::optional<std::pair<size_t, size_t>> freeMarkerAt(const std::vector<Token>& t, size_t i) {
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

/// Us as the ones giving: "I've added", "we'll waive", "let me credit".
constexpr std::array<std::string_view, 12> kWe = {"i",   "we",    "i've", "we've", "i'll", "we'll",
                                                  "i'm", "we're", "i'd",  "we'd",  "ive",  "let"};
/// Asking for it is not giving it: "I've asked my manager whether we can give you a free month".
constexpr std::array<std::string_view, 12> kAsking = {"request", "requested", "approval",  "approve",   "ask",   "asked",
                                                      "escalate", "escalated", "whether", "if", "check", "checking"};

/// Whether a word of tokens [from, to) is in `words`, across clauses.
template <size_t N>
bool anyOf(const std::vector<Token>& t, size_t from, size_t to, const std::array<std::string_view, N>& words) {
    for (size_t k = from; k < to && k < t.size(); ++k)
        if (oneOf(t[k].folded, words)) return true;
    return false;
}

/// Where the clause of token i begins.
size_t clauseBegin(const std::vector<Token>& t, size_t i) {
    while (i > 0 && t[i - 1].clause == t[i].clause) --i;
    return i;
}

/// The first token of each figure (a figure's span starts at its currency sign, which is no token);
/// t.size() for one past the last token.
std::vector<size_t> figureTokens(const std::vector<Token>& t, const std::vector<Figure>& figures) {
    std::vector<size_t> out;
    for (size_t f = 0, at = 0; f < figures.size(); ++f) {
        while (at < t.size() && t[at].span.end <= figures[f].span.begin) ++at;
        out.push_back(at);
    }
    return out;
}

/// "I can't give you a free year": a negation in [from, to) of the clause, other than the offer's own.
bool negatedBetween(const std::vector<Token>& t, std::span<const LexiconHit> negations, size_t from, size_t to) {
    return std::any_of(negations.begin(), negations.end(), [&](const LexiconHit& n) {
        return t[n.firstToken].clause == t[from].clause && n.firstToken < to && n.firstToken >= from;
    });
}

/// A refusal in [from, to): a negation, a word ending in n't, or "unable" ("the Council is unable
/// to waive the £70 court costs").
bool refusedBetween(const std::vector<Token>& t, std::span<const LexiconHit> negations, size_t from, size_t to) {
    for (size_t k = from; k < to && k < t.size(); ++k)
        if (t[k].folded.ends_with("n't") || oneOf(t[k].folded, {"unable", "impossible"})) return true;
    return negatedBetween(t, negations, from, to);
}

} // namespace

std::vector<Signal> findFreePeriodOffers(const AnalyzedText& text, const LexiconHits& hits) {
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
        // A free thing given for good ("I'll waive every fee going forward", "free delivery for
        // the rest of the year") is a period too; "won't be charged going forward" is not, since
        // it is what a cancelled add-on does.
        const bool givenFree = oneOf(t[marker->first].folded, kFree);
        for (size_t k = i >= 8 ? i - 8 : 0; k < t.size() && k <= marker->second + 8 && !period; ++k)
            if (t[k].clause == clause) {
                if (auto from = periodAt(t, k)) period = std::pair{*from, k};
                else if (givenFree && forGoodAt(t, k)) period = std::pair{k, k};
            }
        // "December is on us", "this month's invoice is on us": a bill given away is a period too.
        if (!period && t[marker->first].folded == "on")
            for (size_t k = clauseBegin(t, i); k < marker->first && !period; ++k)
                if (isBill(t[k].folded)) period = std::pair{k, k};
        if (!period) continue;
        const size_t first = std::min(marker->first, period->first), last = std::max(marker->second, period->second);
        if (clause != seen.clause) {  // where the clause begins, and whether it is about a trial: once per clause
            const size_t begin = clauseBegin(t, first);
            seen = {clause, begin, clauseHas(t, begin, t.size(), kTrial)};
        }
        if (seen.trial) continue;
        const size_t clauseStart = seen.start;
        // Who gives it: us ("I've added", "we'll waive"), or "on us" / "on the house" itself.
        const bool onUs = t[marker->first].folded == "on";
        const bool weGive = clauseHas(t, clauseStart, first, kWe);
        if (!onUs && !weGive) continue;
        if (clauseHas(t, clauseStart, first, kAsking)) continue;
        if (negatedBetween(t, negations, clauseStart, first)) continue;
        TextSpan span{t[first].span.begin, t[last].span.end};
        out.push_back({"guarantee", "free_period", span, true,
                       "gives service time for free, beyond L1 authority: " + quoteSpan(text.text, span)});
        lastClause = clause;
    }
    return out;
}

namespace {

/// What money is given as: "a credit", "compensation", "a voucher", "a discount", a fee waived, a
/// balance written off. Not "credit card", "credit note" or "credit limit", which name other things.
bool givenAsMoney(const std::vector<Token>& t, size_t i) {
    static constexpr std::array<std::string_view, 14> kThings = {
        "credit", "credits",  "credited", "crediting", "compensation", "goodwill", "gesture",
        "voucher", "vouchers", "discount", "coupon",   "waive",        "waived",   "waiving"};
    static constexpr std::array<std::string_view, 13> kNotACredit = {"card",  "cards",  "note",   "notes",   "memo",
                                                                     "limit", "score",  "check",  "union",   "rating",
                                                                     "report", "history", "balance"};
    if (t[i].folded == "write" && i + 1 < t.size() && t[i + 1].folded == "off") return true;  // "write off the balance"
    if (!oneOf(t[i].folded, kThings)) return false;
    return !(t[i].folded.starts_with("credit") && i + 1 < t.size() && oneOf(t[i + 1].folded, kNotACredit));
}

/// "$100 off your next bill": money taken off what the customer will pay.
bool offTheNextBill(const std::vector<Token>& t, size_t i) {
    static constexpr std::array<std::string_view, 7> kNext = {"next", "bill", "invoice", "renewal", "order", "statement", "subscription"};
    static constexpr std::array<std::string_view, 7> kFallsOff = {"drop", "drops", "dropped", "come", "comes", "fall", "falls"};
    // Not "it'll drop off your statement": a charge going away by itself.
    if (t[i].folded != "off" || (i > 0 && oneOf(t[i - 1].folded, kFallsOff))) return false;
    for (size_t k = i + 1; k < t.size() && k <= i + 3 && t[k].clause == t[i].clause; ++k)
        if (oneOf(t[k].folded, kNext)) return true;
    return false;
}

/// Said as a gesture rather than a correction: "goodwill", "compensation", "for the trouble", "to
/// make up for", "on us", "to say sorry". A gesture counts even beside a correction ("I've
/// refunded the charge and added $150 for the time you lost").
bool saysGesture(const std::vector<Token>& t, size_t from, size_t to) {
    static constexpr std::array<std::string_view, 6> kGesture = {"goodwill", "gesture", "compensation", "compensate", "apology", "apologies"};
    static constexpr std::array<std::string_view, 17> kFor = {"trouble", "inconvenience", "hassle",     "wait",   "waiting", "delay",
                                                              "delays",  "time",          "downtime",   "lost",   "disruption",
                                                              "frustration", "outage",    "stress",     "bother", "upset", "patience"};
    // "sorry for the bother", "my apologies for the wait": an apology beside the money, not what
    // the money is given as ("I've credited the difference, and I'm sorry for the bother").
    static constexpr std::array<std::string_view, 7> kSorry = {"sorry", "apologise", "apologize", "apologies", "apology", "regret", "apologising"};
    auto apologisedFor = [&](size_t k) {
        for (size_t j = k; j-- > from && j + 3 >= k;)
            if (oneOf(t[j].folded, kSorry)) return true;
        return false;
    };
    for (size_t k = from; k < to; ++k) {
        const bool apologyWord = t[k].folded == "apology" || t[k].folded == "apologies";
        // "as an apology", "by way of apology": given as one; "my apologies" is only said.
        if (apologyWord && !(k > from && oneOf(t[k - 1].folded, {"of", "in"})) && !(k >= from + 2 && t[k - 2].folded == "as"))
            continue;
        if (oneOf(t[k].folded, kGesture)) return true;
        if (t[k].folded == "for" && !apologisedFor(k))
            for (size_t j = k + 1; j < to && j <= k + 3; ++j)
                if (oneOf(t[j].folded, kFor)) return true;
        if (t[k].folded == "make" && k + 2 < to && t[k + 1].folded == "up" && t[k + 2].folded == "for") return true;
        if (t[k].folded == "on" && k + 1 < to && t[k + 1].folded == "us") return true;
        if (t[k].folded == "say" && k + 1 < to && t[k + 1].folded == "sorry") return true;  // "to say sorry, we'll cover…"
    }
    return false;
}

/// Money that puts right what the customer paid or what went wrong, not a gift: "the $30
/// difference", "the refund of $89", "transferred the £86 credit", "a statement showing a credit",
/// "there's a £143 credit on the account" (a balance, not a gift).
bool saysCorrection(const std::vector<Token>& t, size_t from, size_t to) {
    static constexpr std::array<std::string_view, 44> kCorrection = {
        "difference",   "overcharge", "overcharged", "overcharging", "overpaid",  "overpayment", "duplicate",
        "double",       "twice",      "refund",      "refunded",     "refunding", "back",        "reversed",
        "reverse",      "reversal",   "void",        "voided",       "error",     "mistake",     "wrong",
        "wrongly",      "incorrect",  "incorrectly", "unused",       "owed",      "prorated",    "remaining",
        "temporary",    "dispute",    "transfer",    "transferred",  "statement", "showing",     "shows",
        "corrected",    "recalculated", "backdated", "replacement",  "reissued",  "reissue",     "rate",
        "there's",      "theres"};
    return anyOf(t, from, to, kCorrection);
}

/// Money set by policy rather than given at the agent's discretion: "the standard $20 credit",
/// "the automatic compensation", "per our SLA", "emergency credit" (an advance paid back).
bool saysPolicy(const std::vector<Token>& t, size_t from, size_t to) {
    static constexpr std::array<std::string_view, 9> kPolicy = {"standard", "automatic", "automatically", "sla", "policy",
                                                                "entitled", "eligible",  "schedule",      "emergency"};
    return anyOf(t, from, to, kPolicy);
}

/// Approval by someone else named in [from, to): "with our manager's approval", "approved by L2".
/// Not "I have approved", which is the agent deciding alone.
bool approvedInSentence(const std::vector<Token>& t, size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
        if (t[k].folded == "approval" || t[k].folded == "authorisation" || t[k].folded == "authorization") return true;
        if (oneOf(t[k].folded, {"approved", "authorised", "authorized"}) && k + 1 < to && t[k + 1].folded == "by") return true;
    }
    return false;
}

/// A bound rather than a gift: "up to $50", "anything above $50", "a maximum of $100".
bool saysLimit(const std::vector<Token>& t, size_t from, size_t to) {
    static constexpr std::array<std::string_view, 7> kLimit = {"above", "over", "beyond", "maximum", "max", "limit", "exceed"};
    for (size_t k = from; k < to; ++k) {
        if (oneOf(t[k].folded, kLimit)) return true;
        if (k + 1 < to && ((t[k].folded == "up" && t[k + 1].folded == "to") || (t[k].folded == "more" && t[k + 1].folded == "than")))
            return true;
    }
    return false;
}

} // namespace

/// A note's account of our own act, with the subject left out as notes leave it: the sentence
/// opens with the act ("Gave her a $150 credit", "Also added…"), or the gift's verb stands with
/// nobody named as its giver ("$150 credit added to the next invoice", "fee written off as
/// goodwill"; not "Billing added…" or "…added by Billing last month").
bool notesOwnAct(const std::vector<Token>& t, size_t sentenceBegin, size_t end) {
    static constexpr std::array<std::string_view, 8> kActs = {"gave", "added", "applied", "issued", "credited", "waived", "wrote", "offered"};
    static constexpr std::array<std::string_view, 16> kOthers = {"billing", "finance", "sales", "l2", "manager", "team", "they", "he",
                                                                "she", "customer", "colleague", "agent", "supervisor", "bank", "who", "someone"};
    size_t first = sentenceBegin;
    while (first < end && oneOf(t[first].folded, {"also", "and", "then", "have", "has"})) ++first;
    if (first < end && oneOf(t[first].folded, kActs)) return true;
    for (size_t k = first + 1; k < end; ++k) {
        const bool act = oneOf(t[k].folded, kActs) || (t[k].folded == "written" && k + 1 < t.size() && t[k + 1].folded == "off");
        if (!act) continue;
        if (oneOf(t[k - 1].folded, kOthers) || oneOf(t[k - 1].folded, {"was", "were", "been"})) return false;
        for (size_t j = k + 1; j < t.size() && j <= k + 6 && t[j].sentence == t[k].sentence; ++j)
            if (t[j].folded == "by") return false;
        return true;
    }
    return false;
}

std::vector<Signal> findGoodwillCredits(const AnalyzedText& text, const LexiconHits& hits) {
    static constexpr std::array<std::string_view, 16> kGiving = {"add", "added", "adding", "apply", "applied", "applying", "give", "giving",
                                                                 "gave", "issue", "issued", "put", "offer", "send", "cover", "covering"};
    static constexpr std::array<std::string_view, 3> kPassive = {"been", "here's", "heres"};
    static constexpr std::array<std::string_view, 4> kJoins = {"and", "plus", "then", "but"};
    std::vector<Signal> out;
    const auto& t = text.tokens;
    auto figures = findFigures(text.text, "amount");
    if (figures.empty() || t.empty()) return out;
    auto negations = hitsOf(hits, "negation");
    const std::vector<size_t> figureAt = figureTokens(t, figures);
    size_t lastClause = t.size();  // one gift per clause
    for (size_t f = 0; f < figures.size(); ++f) {
        const auto& figure = figures[f];
        const size_t at = figureAt[f];
        if (at == t.size() || t[at].clause == lastClause) continue;
        const auto [sentenceBegin, sentenceEnd] = sentenceOf(t, at);
        // A gesture may be said a clause away ("as a gesture of goodwill, I've applied $120",
        // "$150 to your account, for the time you lost"), so it is read over the sentence.
        const bool gesture = saysGesture(t, sentenceBegin, sentenceEnd);
        // What the money is given as, up to six words before the amount or five after it ("€470"
        // may sit between commas after "I have credited one night"); or, beside a gesture, the
        // amount given itself.
        std::optional<size_t> thing;
        for (size_t k = std::max(sentenceBegin, at >= 6 ? at - 6 : 0); k < sentenceEnd && k <= at + 5 && !thing; ++k)
            if (givenAsMoney(t, k) || offTheNextBill(t, k)) thing = k;
        if (!thing && gesture && clauseHas(t, clauseBegin(t, at), at, kGiving)) thing = at;
        if (!thing) continue;
        const size_t first = std::min(*thing, at), last = std::max(*thing, at);
        // "$95 and added a $150 credit": the credit is the nearer amount's.
        const bool nearerAmount = std::any_of(figureAt.begin(), figureAt.end(), [&](size_t other) { return other > first && other < last; });
        if (nearerAmount) continue;
        // The correction, the limit and the asking are read over the clauses from the thing to the amount.
        const size_t begin = clauseBegin(t, first);
        size_t end = last;
        while (end < t.size() && t[end].clause == t[last].clause) ++end;
        // A correction is read only in this gift's part of the clause: "I've refunded the $95 and
        // added a $150 credit" gives the $150.
        size_t partBegin = first, partEnd = last + 1;
        while (partBegin > begin && !oneOf(t[partBegin - 1].folded, kJoins)) --partBegin;
        while (partEnd < end && !oneOf(t[partEnd].folded, kJoins)) ++partEnd;
        // An aside after the amount says what it is: "I've credited $120, the amount you were
        // overcharged, and…", "…$120, which is what we overcharged you".
        static constexpr std::array<std::string_view, 6> kAside = {"which", "the", "that's", "being", "what", "namely"};
        if (partEnd == end && end < sentenceEnd && oneOf(t[end].folded, kAside))
            for (partEnd = end + 1; partEnd < sentenceEnd && t[partEnd].clause == t[end].clause && !oneOf(t[partEnd].folded, kJoins);)
                ++partEnd;
        if ((!gesture && saysCorrection(t, partBegin, partEnd)) || saysPolicy(t, begin, end)) continue;
        if (saysLimit(t, begin, end) || anyOf(t, begin, first, kAsking) || refusedBetween(t, negations, begin, first)) continue;
        // Given with the approval of someone who may ("with our general manager's approval",
        // "approved by L2 Billing"): the escalation the policy asks for, done.
        if (approvedInSentence(t, sentenceBegin, sentenceEnd)) continue;
        // Who gives it: us, the passive of a gift ("a $150 credit has been added", "$150 goodwill
        // credit added to the next invoice", "fee written off as goodwill"), or a note's act with
        // its subject left out ("Also gave her a $150 credit").
        if (!anyOf(t, sentenceBegin, end, kWe) && !anyOf(t, begin, end, kPassive) && !notesOwnAct(t, sentenceBegin, end)) continue;
        TextSpan span{std::min(t[first].span.begin, figure.span.begin), std::max(t[last].span.end, figure.span.end)};
        out.push_back({"credit", "goodwill", span, true, "gives money as a gesture: " + quoteSpan(text.text, span)});
        lastClause = t[at].clause;
    }
    return out;
}

namespace {

/// How long a price cut lasts, at token i: a period ("for three years", "the next six months"),
/// for good ("forever", "for life", "a lifetime discount"), or a count of bills ("your next three
/// orders"). A cut on future renewals changes the contract.
bool lastsAt(const std::vector<Token>& t, size_t i) {
    static constexpr std::array<std::string_view, 5> kForGood = {"forever", "lifetime", "permanently", "permanent", "indefinitely"};
    static constexpr std::array<std::string_view, 8> kBills = {"orders", "invoices", "bills", "renewals", "payments", "deliveries", "boxes", "cycles"};
    if (periodAt(t, i) || oneOf(t[i].folded, kForGood)) return true;
    // "15% off your renewal", "off the new contract": the next term's price.
    if (oneOf(t[i].folded, {"renewal", "contract", "subscription"}) && i > 0 && oneOf(t[i - 1].folded, {"your", "the", "next", "their"}))
        return true;
    if (t[i].folded == "life" && i > 0 && t[i - 1].folded == "for") return true;
    return oneOf(t[i].folded, kBills) && i > 0 && t[i - 1].clause == t[i].clause && isCount(t[i - 1].folded);
}

} // namespace

std::vector<Signal> findDiscountOffers(const AnalyzedText& text, const LexiconHits& hits) {
    static constexpr std::array<std::string_view, 4> kCut = {"off", "discount", "discounted", "reduction"};
    // Said to a group, it is a promotion, not an offer to this customer: "we're offering all
    // returning members 50% off for six months".
    static constexpr std::array<std::string_view, 7> kGroup = {"all", "everyone", "everybody", "members", "customers", "anyone", "subscribers"};
    static constexpr std::array<std::string_view, 4> kYou = {"you", "your", "u", "ur"};
    std::vector<Signal> out;
    const auto& t = text.tokens;
    auto figures = findFigures(text.text, "percent");
    if (figures.empty()) return out;
    auto negations = hitsOf(hits, "negation");
    const std::vector<size_t> figureAt = figureTokens(t, figures);
    size_t lastClause = t.size();
    for (size_t f = 0; f < figures.size(); ++f) {
        const auto& figure = figures[f];
        const size_t at = figureAt[f];
        if (at == t.size() || t[at].clause == lastClause) continue;
        // The cut, a few words from the percentage, in its clause ("50% off", "a discount of 50 %").
        std::optional<size_t> cut;
        for (size_t k = at >= 4 ? at - 4 : 0; k < t.size() && k <= at + 4 && !cut; ++k)
            if (t[k].clause == t[at].clause && oneOf(t[k].folded, kCut)) cut = k;
        if (!cut) continue;
        const size_t begin = clauseBegin(t, std::min(*cut, at));
        size_t end = std::max(*cut, at);
        while (end < t.size() && t[end].clause == t[at].clause) ++end;
        std::optional<size_t> lasts;
        for (size_t k = begin; k < end && !lasts; ++k)
            if (lastsAt(t, k)) lasts = k;
        if (!lasts) continue;
        const size_t first = std::min({*cut, at, *lasts}), last = std::max({*cut, at, *lasts});
        // "all your next orders" are this customer's own: no group.
        bool toAGroup = false;
        for (size_t k = begin; k < end; ++k)
            toAGroup = toAGroup || (oneOf(t[k].folded, kGroup) && !(k + 1 < end && oneOf(t[k + 1].folded, kYou)));
        if (toAGroup || anyOf(t, begin, first, kAsking) || negatedBetween(t, negations, begin, first)) continue;
        if (!anyOf(t, begin, end, kWe) && !anyOf(t, begin, end, kYou)) continue;
        TextSpan span{std::min(t[first].span.begin, figure.span.begin), std::max(t[last].span.end, figure.span.end)};
        out.push_back({"guarantee", "discount", span, true,
                       "cuts the price of future bills, beyond L1 authority: " + quoteSpan(text.text, span)});
        lastClause = t[at].clause;
    }
    return out;
}

std::vector<Signal> findNeverAgainPromises(const AnalyzedText& text, const LexiconHits& hits) {
    static constexpr std::array<std::string_view, 9> kAssure = {"will", "shall", "ensure", "promise", "guarantee",
                                                                "assure", "personally", "swear", "sure"};
    static constexpr std::array<std::string_view, 6> kRule = {"ask", "asks", "request", "need", "needs", "require"};
    static constexpr std::array<std::string_view, 1> kIf = {"if"};
    const auto& t = text.tokens;
    auto negations = hitsOf(hits, "negation");
    std::vector<Signal> out;
    size_t lastSentence = t.size();
    for (size_t n = 0; n < t.size(); ++n) {
        if (t[n].folded != "never" || t[n].sentence == lastSentence) continue;
        // "again" a few words on: "never, ever happens to you again", "never be suspended again".
        std::optional<size_t> again;
        for (size_t k = n + 1; k < t.size() && k <= n + 7 && t[k].sentence == t[n].sentence && !again; ++k)
            if (t[k].folded == "again") again = k;
        if (!again) continue;
        // Said as a promise about what will be: "I'll make sure", "you'll", "it will", "I promise".
        std::optional<size_t> assured;
        for (size_t k = n; k-- > 0 && k + 10 >= n && t[k].sentence == t[n].sentence && !assured;) {
            const std::string_view w = t[k].folded;
            if (oneOf(w, kAssure) || w.ends_with("'ll")) assured = k;
        }
        if (!assured) continue;
        // Helping the customer make sure is advice, not a promise: "I can help make sure it never
        // catches you out again".
        if ((*assured >= 1 && t[*assured - 1].folded == "help") || (*assured >= 2 && t[*assured - 2].folded == "help")) continue;
        // Not one we refuse ("I can't promise it will never happen again"), one that holds if the
        // customer does something ("if you turn on auto-pay, you'll never need to…"), or a rule
        // of ours ("we'll never ask for your password again").
        const size_t begin = clauseBegin(t, *assured);
        const size_t sentenceBegin = sentenceOf(t, *assured).first;
        if (negatedBetween(t, negations, begin, *assured) || anyOf(t, sentenceBegin, *assured, kIf) ||
            (n + 1 < t.size() && oneOf(t[n + 1].folded, kRule)))
            continue;
        TextSpan span{t[*assured].span.begin, t[*again].span.end};
        out.push_back({"guarantee", "never_again", span, true,
                       "promises it will never happen again, which nobody controls: " + quoteSpan(text.text, span)});
        lastSentence = t[n].sentence;
    }
    return out;
}

namespace {

/// What an assurance at `hit` vouches for, when that is a fact already done: "I can guarantee the
/// refund has been issued", "I'm 100% sure it went through", "I promise I've sent it". The agent
/// can know that, so it is no promise beyond their power. Read from the assurance to the end of
/// its sentence: anything said there of the future keeps the guarantee ("…it has been fixed and it
/// will never happen again", "…it was sent and you'll have it by Friday").
bool vouchesForDoneFact(const std::vector<Token>& t, const LexiconHit& hit) {
    static constexpr std::array<std::string_view, 12> kAssurance = {
        "guarantee", "guarantees", "guaranteed", "promise", "sure", "certain", "percent", "100%",
        "swear", "assure", "word", "confirm"};
    static constexpr std::array<std::string_view, 16> kDone = {
        "has", "have", "had", "i've", "we've", "it's", "that's", "was", "were", "already",
        "went", "did", "yesterday", "earlier", "hasn't", "haven't"};
    static constexpr std::array<std::string_view, 11> kFuture = {
        "will", "won't", "shall", "going", "gonna", "tomorrow", "next", "soon", "ever", "never", "always"};
    bool assurance = false;
    for (size_t k = hit.firstToken; k <= hit.lastToken; ++k) assurance = assurance || oneOf(t[k].folded, kAssurance);
    if (!assurance) return false;
    bool done = false;
    const size_t sentence = t[hit.lastToken].sentence;
    for (size_t k = hit.lastToken + 1; k < t.size() && t[k].sentence == sentence; ++k) {
        const std::string_view w = t[k].folded;
        if (oneOf(w, kFuture) || w.ends_with("'ll") || forGoodAt(t, k)) return false;
        // "it's": only "it's been"; "it's fixed" is a state that may not last.
        if ((w == "it's" || w == "that's") && !(k + 1 < t.size() && t[k + 1].folded == "been")) continue;
        done = done || oneOf(w, kDone);
    }
    return done;
}

/// A promise of the agent's own next contact: "I promise I'll call you back tomorrow", "you have
/// my word I'll follow up on Monday", "I promise to update you by 5pm", "I'll ring you at 3, I
/// promise". The agent controls that, so it is a commitment, not a promise beyond their power;
/// unless the sentence also promises an outcome ("…and it will never happen again", "…and you'll
/// have it by Friday").
bool promisesOwnContact(const std::vector<Token>& t, const LexiconHit& hit) {
    static constexpr std::array<std::string_view, 17> kContact = {
        "call", "ring", "phone", "email", "text", "message", "update", "follow", "check", "chase", "contact",
        "write", "reply", "respond", "get", "let", "keep"};
    const size_t sentence = t[hit.lastToken].sentence;
    // The agent's own act at token k: "I'll call", "I will personally call", "I'm going to ring", "to update".
    auto ownContactAt = [&](size_t k) {
        auto word = [&](size_t at) { return at < t.size() && t[at].sentence == sentence ? std::string_view(t[at].folded) : std::string_view(); };
        if (oneOf(word(k), {"i'll", "ill"})) ++k;
        else if (word(k) == "i" && word(k + 1) == "will") k += 2;
        else if ((word(k) == "i'm" && word(k + 1) == "going" && word(k + 2) == "to")) k += 3;
        else if (word(k) == "to") ++k;
        else return false;
        if (oneOf(word(k), {"personally", "also", "definitely"})) ++k;
        if (!oneOf(word(k), kContact)) return false;
        // "get back to you", "let you know", "keep you posted": not "get you a refund".
        if (word(k) == "get") return word(k + 1) == "back";
        if (word(k) == "let") return word(k + 1) == "you" && word(k + 2) == "know";
        if (word(k) == "keep") return word(k + 1) == "you" && oneOf(word(k + 2), {"posted", "updated", "informed"});
        return true;
    };
    size_t first = hit.firstToken, after = hit.lastToken + 1;
    while (first > 0 && t[first - 1].sentence == sentence) --first;
    while (after < t.size() && t[after].sentence == sentence && oneOf(t[after].folded, {"you", "that"})) ++after;
    const bool before = first < hit.firstToken && ownContactAt(first);
    if (!before && !ownContactAt(after)) return false;
    // Nothing else in the sentence promises an outcome: no "never", "for good", or future of
    // anything but the agent ("it will", "you'll").
    for (size_t k = first; k < t.size() && t[k].sentence == sentence; ++k) {
        const std::string_view w = t[k].folded;
        if (oneOf(w, {"never", "ever", "always", "won't"}) || forGoodAt(t, k)) return false;
        const bool agentsFuture = w == "i'll" || w == "ill" || (w == "will" && k > 0 && t[k - 1].folded == "i");
        if (!agentsFuture && (w.ends_with("'ll") || w == "will")) return false;
    }
    return true;
}

/// The words that name a guarantee rather than give one ("the printer's guarantee"), or nothing.
/// Who or what gives a guarantee stands just before the verb: "I guarantee", "we can guarantee",
/// "Northwind hereby guarantees", "I personally guarantee", "confident enough to guarantee".
std::optional<std::string> guaranteeNamed(const std::vector<Token>& t, const LexiconHit& hit) {
    static constexpr std::array<std::string_view, 23> kGiver = {
        "i",     "we",         "i'll",   "we'll",  "i'd",     "we'd", "ill", "can", "will", "could", "would", "shall",
        "personally", "hereby", "fully", "totally", "also", "and", "you", "they", "100", "absolutely", "to"};
    if (hit.firstToken != hit.lastToken) return std::nullopt;
    const std::string_view word = t[hit.firstToken].folded;
    if (word != "guarantee" && word != "guarantees") return std::nullopt;  // "guaranteed" is said of something
    const size_t k = hit.firstToken;
    const bool opensSentence = k == 0 || t[k - 1].sentence != t[k].sentence;
    if (opensSentence || oneOf(t[k - 1].folded, kGiver)) return std::nullopt;
    return t[k - 1].folded + " " + std::string(word);
}

/// What someone else asked for, reported: "Jordan asked for free months", "she asked about the
/// plan's guaranteed uptime". An asking word shortly before it in its sentence, with no act of ours
/// between ("you asked, so I've given you three free months" gives them).
std::optional<std::string> askedFor(const std::vector<Token>& t, const LexiconHit& hit) {
    static constexpr std::array<std::string_view, 13> kAskedFor = {"asked",   "asks",    "asking",   "requested", "requesting",
                                                                  "requests", "wants",   "wanted",   "demanded",  "demanding",
                                                                  "demands",  "wanting", "mentioned"};
    const size_t sentence = t[hit.firstToken].sentence;
    for (size_t k = hit.firstToken, back = 0; k-- > 0 && back < 6 && t[k].sentence == sentence; ++back) {
        if (oneOf(t[k].folded, kWe)) return std::nullopt;
        if (oneOf(t[k].folded, kAskedFor)) return t[k].folded;
    }
    return std::nullopt;
}

/// Refused after it, in its sentence: "free months are beyond what I can give", "declined as
/// beyond L1", "aren't something I can offer", "above my authority".
bool refusedAfter(const std::vector<Token>& t, const LexiconHit& hit) {
    const size_t sentence = t[hit.lastToken].sentence;
    for (size_t k = hit.lastToken + 1; k < t.size() && k <= hit.lastToken + 8 && t[k].sentence == sentence; ++k) {
        const std::string_view w = t[k].folded, next = k + 1 < t.size() && t[k + 1].sentence == sentence ? std::string_view(t[k + 1].folded) : "";
        if (oneOf(w, {"beyond", "declined", "refused"})) return true;
        // "outside my authority", "outside the scope": not "a bay outside your property".
        const std::string_view after = k + 2 < t.size() && t[k + 2].sentence == sentence ? std::string_view(t[k + 2].folded) : "";
        if (w == "outside" && (oneOf(next, {"my", "our", "what", "policy", "l1"}) || oneOf(after, {"scope", "policy", "remit", "authority"})))
            return true;
        if (w == "above" && oneOf(next, {"my", "our", "what"})) return true;
        if (oneOf(w, {"isn't", "aren't", "not"}) && oneOf(next, {"something", "possible", "available", "allowed"})) return true;
        if (oneOf(w, {"can't", "cannot"}) && oneOf(next, {"offer", "give", "approve", "do", "authorise", "authorize"})) return true;
    }
    return false;
}

/// A plan's terms, not a promise: "the Business plan's guaranteed 99.9% uptime", "a guaranteed
/// response time of one hour" — "guaranteed" said of a service level.
bool namesServiceLevel(const std::vector<Token>& t, const LexiconHit& hit) {
    if (hit.firstToken != hit.lastToken || t[hit.firstToken].folded != "guaranteed") return false;
    for (size_t k = hit.lastToken + 1; k < t.size() && k <= hit.lastToken + 3 && t[k].clause == t[hit.lastToken].clause; ++k)
        if (oneOf(t[k].folded, {"uptime", "availability", "sla", "response", "resolution"}) ||
            (!t[k].folded.empty() && std::isdigit(static_cast<unsigned char>(t[k].folded.front())) && t[k].folded.find('.') != std::string::npos))
            return true;
    return false;
}

/// Why the guarantee or promise at `hit` gives nothing, or nothing when it gives one.
std::optional<std::string> whyNoneGiven(const std::vector<Token>& t, const LexiconHit& hit) {
    // "the credit I promised last week", "longer than we promised": a promise referred to.
    if (t[hit.lastToken].folded == "promised") return "a promise referred to, not made";
    if (const auto named = guaranteeNamed(t, hit)) return "a guarantee named, not given (\"" + *named + "\")";
    if (vouchesForDoneFact(t, hit)) return "vouches for something already done, which the agent can know";
    if (promisesOwnContact(t, hit)) return "promises the agent's own next contact, which the agent controls";
    if (const auto asked = askedFor(t, hit)) return "what the customer " + *asked + ", not what we give";
    if (refusedAfter(t, hit)) return "refused in the same sentence";
    if (namesServiceLevel(t, hit)) return "a plan's service level, not a promise";
    return std::nullopt;
}

} // namespace

void markGuaranteesAsThings(const AnalyzedText& text, LexiconHits& hits) {
    const auto& t = text.tokens;
    for (std::string_view lexicon : {"guarantees", "promises"}) {
        auto found = hits.find(std::string(lexicon));
        if (found == hits.end()) continue;
        for (auto& hit : found->second) {
            if (!hit.counts()) continue;
            if (auto why = whyNoneGiven(t, hit)) {
                hit.excluded = true;
                hit.cancelledBy = std::move(*why);
            }
        }
    }
}

} // namespace simdesk
