// Blame by structure: see reply_blame.hpp.
#include "reply_blame.hpp"

#include "reply_tone.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>

namespace simdesk {

std::vector<Signal> findBlameByClause(const AnalyzedText& text, const LexiconHits& hits) {
    std::vector<Signal> out;
    auto negations = hitsOf(hits, "negation");
    auto acts = hitsOf(hits, "blame-act");
    const auto& t = text.tokens;
    for (const auto& actor : hitsOf(hits, "blame-actor")) {
        if (!actor.counts()) continue;
        size_t clause = t[actor.firstToken].clause;
        // "nothing you did", "not your fault": a negation before the actor in its clause.
        bool negated = false;
        for (size_t k = actor.firstToken; k-- > 0 && t[k].clause == clause && !negated;) {
            // "…was not done because you did not confirm": the negation is of what happened, the
            // customer is still the reason.
            if (t[k].folded == "because" || t[k].folded == "since") break;
            negated = insideAny(negations, k) || (t[k].folded.size() > 3 && t[k].folded.ends_with("n't"));
        }
        if (negated) continue;
        // "you were told", "you can add", "you asked": the customer as the one things happen to, or
        // as the one choosing what happens next, is not the cause.
        if (actor.entry == "you" && actor.lastToken + 1 < t.size()) {
            static const std::set<std::string, std::less<>> notTheCause = {
                "were", "are", "was", "re", "'re", "been", "being", "get", "got", "will", "'ll", "can", "could", "would",
                "may", "might", "need", "want", "wanted", "asked", "told", "see", "saw", "received", "reported", "noticed",
                "mentioned", "said", "like", "prefer", "chose", "decide", "decided", "tried", "try", "do", "don't",
                "feel", "felt", "think", "thought", "believe"};
            if (notTheCause.count(t[actor.lastToken + 1].folded)) continue;
            // "the organisation you contacted is responsible for…": whom the customer wrote to, as
            // a relative clause after a noun ("you emailed support@ instead" is still a cause).
            const size_t a = actor.firstToken;
            if (a >= 2 && t[a - 2].clause == clause && oneOf(t[a - 2].folded, {"the", "a", "an", "that", "this", "which", "whichever"}) &&
                oneOf(t[actor.lastToken + 1].folded, {"contacted", "emailed", "called", "rang", "messaged", "wrote"}))
                continue;
        }
        for (const auto& act : acts) {
            if (!act.counts() || act.firstToken <= actor.lastToken || t[act.firstToken].clause != clause) continue;
            if (act.firstToken - actor.lastToken > 8) continue;
            // "you say we were slow": a subject of ours between them does the act.
            bool oursBetween = false;
            for (size_t k = actor.lastToken + 1; k < act.firstToken; ++k)
                oursBetween = oursBetween || oneOf(t[k].folded, {"we", "we've", "we're", "we'd", "i", "i've", "i'm", "i'd"});
            if (oursBetween) continue;
            bool actNegated = false;
            for (size_t k = actor.lastToken + 1; k < act.firstToken && !actNegated; ++k)
                actNegated = insideAny(negations, k) || (t[k].folded.size() > 3 && t[k].folded.ends_with("n't") &&
                                                         t[k].folded != "didn't" && t[k].folded != "shouldn't");
            if (actNegated) continue;
            out.push_back({"blame", actor.entry + " ... " + act.entry, {actor.span.begin, act.span.end}, true,
                           "names " + quoteSpan(text.text, actor.span) + " as the cause"});
            break;
        }
    }
    return out;
}

namespace {

bool isParticiple(std::string_view w) {
    static const std::set<std::string, std::less<>> irregular = {"made", "given", "done", "sent", "set", "put", "taken", "written",
                                                                 "chosen", "broken", "paid", "sold", "bought", "told", "read", "seen", "kept", "left", "known"};
    return (w.size() > 3 && w.ends_with("ed")) || irregular.count(w) > 0;
}

bool isFirstPerson(std::string_view w) {
    return w == "i" || w == "we" || w == "i've" || w == "we've" || w == "i'd" || w == "we'd" || w == "us";
}

/// "he shouldn't have promised that", "your team might have checked", "should've removed them":
/// a modal perfect tells someone what they ought to have done. Said of ourselves ("we should
/// have caught it") it owns the fault; said of an expectation ("should have received", "should
/// have been") it informs; otherwise it assigns the fault to the customer or a third party.
std::optional<Signal> modalPerfectBlame(const AnalyzedText& text, size_t k) {
    static const std::set<std::string, std::less<>> modals = {"should", "shouldn't", "could", "couldn't", "might", "ought"};
    static const std::set<std::string, std::less<>> contracted = {"should've", "shouldn't've", "could've", "might've"};
    static const std::set<std::string, std::less<>> expected = {"received", "receive", "been", "got", "gotten", "had", "arrived",
                                                                "seen", "gone", "come", "reached", "heard", "happened", "noticed"};
    const auto& t = text.tokens;
    size_t participle = 0;
    if (contracted.count(t[k].folded)) participle = k + 1;
    else if (modals.count(t[k].folded) && k + 1 < t.size() && (t[k + 1].folded == "have" || t[k + 1].folded == "'ve")) participle = k + 2;
    else if (t[k].folded == "ought" && k + 2 < t.size() && t[k + 1].folded == "to" && t[k + 2].folded == "have") participle = k + 3;
    if (participle == 0 || participle >= t.size() || t[participle].clause != t[k].clause) return std::nullopt;
    if (expected.count(t[participle].folded) || t[participle].folded == "to") return std::nullopt;  // "shouldn't have had to"
    // What a thing of ours failed to do ("the invoice should have shown the discount", "our
    // export should have included them") owns a failure: no one else is told off.
    static const std::set<std::string, std::less<>> systemDid = {
        "shown", "showed", "applied", "included", "listed", "displayed", "worked", "updated", "synced", "loaded",
        "renewed", "processed", "reflected", "cleared", "posted", "appeared", "triggered", "matched", "caught", "flagged"};
    // The subject: the nearest word before the modal in its clause (none: "Should have left it").
    if (k > 0 && t[k - 1].clause == t[k].clause) {
        std::string_view subject = t[k - 1].folded;
        if (isFirstPerson(subject) || subject == "it" || subject == "this" || subject == "that" || subject == "which" ||
            subject == "there" || subject == "you")  // "you should have" is the lexicon's, with its exclusions
            return std::nullopt;
        // Both arms a string_view: with "" the conditional would make a temporary std::string.
        std::string_view determiner = k > 1 && t[k - 2].clause == t[k].clause ? std::string_view(t[k - 2].folded) : std::string_view();
        if (determiner == "our") return std::nullopt;
        if (systemDid.count(t[participle].folded) && (determiner == "the" || determiner == "this" || determiner == "that"))
            return std::nullopt;
    }
    return Signal{"blame", "modal perfect", {t[k].span.begin, t[participle].span.end}, true,
                  "says what someone else should have done: " + quoteSpan(text.text, {t[k].span.begin, t[participle].span.end})};
}

/// "If your team had followed the onboarding guide…", "if you'd read the email…": what the
/// customer or their side failed to do, told as a condition.
std::optional<Signal> counterfactualBlame(const AnalyzedText& text, size_t k, std::span<const LexiconHit> actors) {
    const auto& t = text.tokens;
    if (t[k].folded != "if" && t[k].folded != "had") return std::nullopt;
    // "had your team read…" (inverted) or "if <actor> had <participle>" ("if you'd read").
    constexpr size_t none = static_cast<size_t>(-1);
    bool inverted = t[k].folded == "had";
    if (inverted && k > 0 && t[k - 1].clause == t[k].clause) return std::nullopt;  // only at a clause's start
    size_t actorEnd = none, hadAt = inverted ? k : none;
    for (size_t j = k + 1; j < t.size() && j < k + 5 && t[j].clause == t[k].clause; ++j) {
        bool isActor = t[j].folded == "you" || t[j].folded == "your" || t[j].folded == "you'd" || insideAny(actors, j);
        if (isActor) actorEnd = j;
        if (t[j].folded == "you'd") hadAt = j;
        else if (!isActor && actorEnd != none && t[j].folded == "had") hadAt = j;
        if (hadAt != none && actorEnd != none && (!inverted || j > actorEnd)) break;
    }
    if (actorEnd == none || hadAt == none) return std::nullopt;
    size_t participle = std::max(actorEnd, hadAt) + 1;
    while (participle < t.size() && participle < std::max(actorEnd, hadAt) + 4 && t[participle].clause == t[k].clause &&
           !isParticiple(t[participle].folded))
        ++participle;
    if (participle >= t.size() || t[participle].clause != t[k].clause || !isParticiple(t[participle].folded))
        return std::nullopt;
    if (t[participle].folded == "been" || t[participle].folded == "asked" || t[participle].folded == "received") return std::nullopt;
    TextSpan span{t[k].span.begin, t[participle].span.end};
    return Signal{"blame", "counterfactual", span, true, "tells the customer what they failed to do: " + quoteSpan(text.text, span)};
}

} // namespace

std::vector<Signal> findBlameByFraming(const AnalyzedText& text, const LexiconHits& hits) {
    std::vector<Signal> out;
    const auto& t = text.tokens;
    auto actors = hitsOf(hits, "blame-actor");
    // "caused by something on your own machine", "the error lies with whoever approved it", "the
    // fault of AWS": a causal phrase whose cause, a few words on, is a named actor or "your".
    static const std::vector<std::vector<std::string_view>> causal = {
        {"caused", "by"}, {"coming", "from"}, {"comes", "from"}, {"came", "from"}, {"stems", "from"}, {"stemmed", "from"},
        {"originated", "from"}, {"originates", "from"}, {"lies", "with"}, {"fault", "of"}, {"result", "of"},
        {"created", "by"}, {"down", "to"}, {"because", "of"}, {"by"}};
    size_t pastLastCause = 0;  // "caused by": one cause, not a second one at its "by"
    for (size_t k = 0; k < t.size(); ++k) {
        if (k < pastLastCause) continue;
        if (auto s = counterfactualBlame(text, k, actors)) {
            out.push_back(*s);
            continue;
        }
        if (auto s = modalPerfectBlame(text, k)) {
            out.push_back(*s);
            continue;
        }
        for (const auto& phrase : causal) {
            if (k + phrase.size() > t.size()) continue;
            bool same = true;
            for (size_t j = 0; j < phrase.size() && same; ++j) same = t[k + j].folded == phrase[j];
            if (!same) continue;
            // "by" names a cause only after a participle ("removed by one of your admins", "made
            // by the account executive"), not in "by Friday" or "by email".
            if (phrase.size() == 1 && phrase[0] == "by" && !(k > 0 && isParticiple(t[k - 1].folded))) continue;
            size_t after = k + phrase.size();
            for (size_t j = after; j < std::min(t.size(), after + 5) && t[j].clause == t[k].clause; ++j) {
                // After a passive "by", a capitalised name is as likely our own team or another
                // customer ("raised by Meridian Legal") as a cause: only a named actor or "your".
                bool passive = phrase.size() == 1;
                bool actor = insideAny(actors, j) || t[j].folded == "your" || t[j].folded == "whoever" ||
                             (!passive && j > after && isCapitalised(text, t[j]) && t[j].folded != "i");
                if (isFirstPerson(t[j].folded) || t[j].folded == "our") break;
                if (!actor) continue;
                // Quote the whole actor ("one of your admins"), not its first word.
                TextSpan who = t[j].span;
                for (const auto& a : actors)
                    if (a.firstToken <= j && j <= a.lastToken) who = a.span;
                out.push_back({"blame", "causal", {t[k].span.begin, who.end}, true,
                               "names " + quoteSpan(text.text, who) + " as the cause"});
                pastLastCause = j + 1;
                break;
            }
        }
    }
    return out;
}

namespace {

/// "caused by the delay", "caused by a backlog": what a "caused by" names is an event, no one's act.
bool causedByAnEvent(const AnalyzedText& text, const LexiconHit& hit) {
    static constexpr std::array<std::string_view, 18> kEvents = {
        "delay", "delays", "wait", "waiting", "backlog", "outage", "outages", "downtime", "disruption", "disruptions",
        "storm", "weather", "incident", "glitch", "inconvenience", "confusion", "migration", "maintenance"};
    const auto& t = text.tokens;
    if (t[hit.lastToken].folded != "by" && t[hit.lastToken].folded != "the") return false;
    size_t k = hit.lastToken + 1;
    while (k < t.size() && oneOf(t[k].folded, {"the", "a", "an", "this", "that"})) ++k;
    return k < t.size() && oneOf(t[k].folded, kEvents);
}

/// A cause put with a third party: an "attribution" phrase ("on their side", "the bank's
/// processing", "that's on them"), or someone's "problem", "issue", "fault" or "side" by its
/// possessive ("Microsoft's problem", "Legal's issue", "your bank's side").
std::vector<Signal> findBlameByAttribution(const AnalyzedText& text, const LexiconHits& hits) {
    for (const auto& hit : hitsOf(hits, "blame-attribution"))
        if (hit.counts() && !causedByAnEvent(text, hit))
            return {{"blame", hit.entry, hit.span, true, "puts the cause with someone else: " + quoteSpan(text.text, hit.span)}};
    const auto& t = text.tokens;
    static constexpr std::array<std::string_view, 8> kOwned = {"problem", "issue", "fault", "side", "end", "matter", "responsibility", "job"};
    for (size_t k = 0; k + 1 < t.size(); ++k) {
        const std::string& w = t[k].folded;
        if (w.size() < 4 || !w.ends_with("'s") || w == "it's" || w == "that's" || w == "what's" || w == "there's" ||
            w == "here's" || w == "let's" || w == "who's" || w == "he's" || w == "she's")
            continue;
        if (!oneOf(t[k + 1].folded, kOwned)) continue;
        TextSpan span{t[k].span.begin, t[k + 1].span.end};
        return {{"blame", "someone else's", span, true, "puts the cause with someone else: " + quoteSpan(text.text, span)}};
    }
    // A problem said to be another name's: "That's a Google thing.", "it's a Microsoft problem".
    // The name is any capitalised word but ours, so a partner no lexicon lists is named too.
    const auto ours = hitsOf(hits, "own-names");
    static constexpr std::array<std::string_view, 6> kItIs = {"that's", "it's", "thats", "its", "this's", "that"};
    static constexpr std::array<std::string_view, 7> kTheirs = {"problem", "issue", "thing", "fault", "bug", "limitation", "glitch"};
    for (size_t k = 0; k + 3 < t.size(); ++k) {
        if (!oneOf(t[k].folded, kItIs) || t[k + 3].sentence != t[k].sentence) continue;
        size_t a = k + 1;
        if (t[k].folded == "that") {  // "that is a Google thing"
            if (t[a].folded != "is") continue;
            ++a;
        }
        if (a + 2 >= t.size() || !oneOf(t[a].folded, {"a", "an"})) continue;
        const size_t name = a + 1;
        if (!isCapitalised(text, t[name]) || insideAny(ours, name) || !oneOf(t[name + 1].folded, kTheirs)) continue;
        TextSpan span{t[k].span.begin, t[name + 1].span.end};
        return {{"blame", "someone else's", span, true, "puts the cause with someone else: " + quoteSpan(text.text, span)}};
    }
    // A disclaimer closing a clause: "FedEx lost it, not me", "that was the night shift, not us".
    for (size_t k = 1; k + 1 < t.size(); ++k) {
        if (t[k].folded != "not" || t[k - 1].clause == t[k].clause || t[k - 1].sentence != t[k].sentence) continue;
        if (t[k + 1].folded != "me" && t[k + 1].folded != "us") continue;
        if (k + 2 < t.size() && t[k + 2].clause == t[k + 1].clause) continue;  // "not us alone", "not me personally"
        TextSpan span{t[k].span.begin, t[k + 1].span.end};
        return {{"blame", "not me", span, true, "disowns the problem: " + quoteSpan(text.text, span)}};
    }
    return {};
}

/// "I've checked", "I looked into it": ownership that only reports looking, which then names a
/// cause ("…and the problem is on your side"), has not helped with anything. "I've checked,
/// refunded the fee, and…" has: another act follows before the cause.
bool onlyLooked(const AnalyzedText& text, const Signal& ownership, const std::vector<Signal>& cause) {
    static constexpr std::array<std::string_view, 14> kLooking = {
        "checked", "looked", "reviewed", "investigated", "verified", "confirmed", "examined",
        "gone", "went", "dug", "traced", "tested", "double-checked", "read"};
    size_t causeBegin = text.text.size();
    for (const auto& c : cause) causeBegin = std::min(causeBegin, c.span.begin);
    bool looked = false;
    for (const auto& t : text.tokens) {
        if (t.span.end <= ownership.span.begin) continue;
        bool after = t.span.begin >= ownership.span.end;
        if (after && !looked) {
            if (!oneOf(t.folded, kLooking)) return false;  // "I've | refunded"
            looked = true;
            continue;
        }
        if (!after) {
            looked = t.span.end == ownership.span.end && oneOf(t.folded, kLooking);  // "I checked"
            continue;
        }
        if (t.span.begin >= causeBegin) break;
        // "the seats were added by your team" is the cause's passive, not an act of ours.
        bool passive = &t > text.tokens.data() && oneOf((&t - 1)->folded, {"was", "were", "been", "is", "are", "be"});
        if (isParticiple(t.folded) && !passive && !oneOf(t.folded, kLooking)) return false;
    }
    return looked;
}

} // namespace

void addDeflectionBesideBlame(const AnalyzedText& text, const LexiconHits& hits, ReplySignals& out) {
    if (!deflects(hits) || !namesAnotherParty(text, hits)) return;
    for (const auto& d : hitsOf(hits, "deflection")) {
        const bool apart = std::none_of(out.signals.begin(), out.signals.end(), [&](const Signal& s) {
            return s.name == "blame" && s.span.begin < d.span.end && d.span.begin < s.span.end;
        });
        // One phrase within one clause: "there is, with your retirement so close…" pushes nothing.
        if (!d.counts() || !apart || text.tokens[d.firstToken].clause != text.tokens[d.lastToken].clause) continue;
        out.signals.push_back({"blame", d.entry, d.span, true, "pushes the problem away: " + quoteSpan(text.text, d.span)});
        return;
    }
}

void addBlameByStructure(const AnalyzedText& text, const LexiconHits& hits, ReplySignals& out) {
    std::vector<Signal> cause = findBlameByClause(text, hits);
    if (cause.empty()) cause = findBlameByFraming(text, hits);
    if (cause.empty()) cause = findBlameByAttribution(text, hits);
    auto offers = hitsOf(hits, "help-offer");
    bool helps = std::any_of(out.signals.begin(), out.signals.end(),
                             [&](const Signal& s) { return s.counts && s.name == "ownership" && !onlyLooked(text, s, cause); }) ||
                 std::any_of(offers.begin(), offers.end(), [](const LexiconHit& h) { return h.counts(); });
    if (!helps && deflects(hits) && (!cause.empty() || namesAnotherParty(text, hits))) {
        // The cause explains best; the deflection only when no cause is named in a clause.
        if (cause.empty())
            for (const auto& d : hitsOf(hits, "deflection"))
                if (d.counts()) {
                    out.signals.push_back({"blame", d.entry, d.span, true,
                                           "pushes the problem away: " + quoteSpan(text.text, d.span)});
                    break;
                }
        for (auto& s : cause) out.signals.push_back(std::move(s));
        return;
    }
    for (auto& s : cause) {
        if (helps) {
            s.counts = false;
            s.note = "names a cause but goes on to help: not blame";
        }
        out.signals.push_back(std::move(s));
    }
}

} // namespace simdesk
