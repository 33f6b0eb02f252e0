#include "text_rules.hpp"
#include "regex_prefilter.hpp"

#include "reply_signals.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cmath>
#include <map>
#include <optional>

namespace simdesk {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool isReplyWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '\'' || (c & 0x80); }

} // namespace

size_t findPhrase(std::string_view text, std::string_view phrase) {
    if (phrase.empty() || phrase.size() > text.size()) return std::string_view::npos;
    for (size_t i = 0; i + phrase.size() <= text.size(); ++i) {
        bool same = true;
        for (size_t k = 0; k < phrase.size() && same; ++k) same = lower(text[i + k]) == lower(phrase[k]);
        if (!same) continue;
        bool startOk = i == 0 || !isReplyWordChar(text[i - 1]) || !isReplyWordChar(phrase.front());
        size_t end = i + phrase.size();
        bool endOk = end == text.size() || !isReplyWordChar(text[end]) || !isReplyWordChar(phrase.back());
        if (startOk && endOk) return i;
    }
    return std::string_view::npos;
}

namespace {

void matchPhrases(const TextRule& rule, std::string_view reply, RuleMatch& m) {
    if (!rule.any.empty()) {
        bool found = false;
        for (const auto& phrase : rule.any) {
            size_t at = findPhrase(reply, phrase);
            if (at == std::string_view::npos) continue;
            m.spans.push_back({at, at + phrase.size()});
            if (!found) m.reason = "found " + quoteSpan(reply, m.spans.back());
            found = true;
        }
        if (!found) {
            m.matched = false;
            m.reason = "none of its phrases found";
        }
    }
    for (const auto& phrase : rule.all) {
        size_t at = findPhrase(reply, phrase);
        if (at == std::string_view::npos) {
            m.matched = false;
            m.reason = "missing \"" + phrase + "\"";
            break;
        }
        m.spans.push_back({at, at + phrase.size()});
    }
    for (const auto& phrase : rule.none) {
        size_t at = findPhrase(reply, phrase);
        if (at == std::string_view::npos) continue;
        m.matched = false;
        m.spans = {{at, at + phrase.size()}};
        m.reason = "contains " + quoteSpan(reply, m.spans.front());
        break;
    }
    if (!m.matched && rule.any.empty() && rule.all.empty() && rule.none.empty()) m.reason = "no phrases";
}

void matchLexicon(const TextRule& rule, const AnalyzedText& text, const std::vector<LexiconHit>& negations,
                  RuleMatch& m) {
    std::string cancelled;
    std::vector<TextSpan> cancelledSpans;
    for (const auto& hit : findLexicon(*rule.lexicon, text, &negations)) {
        if (hit.counts()) {
            if (m.spans.empty()) m.reason = "found " + quoteSpan(text.text, hit.span) + " (" + rule.lexiconId + ")";
            m.spans.push_back(hit.span);
        } else {
            if (cancelled.empty())
                cancelled = quoteSpan(text.text, hit.span) + (hit.negated ? " is negated by " : " is part of ") + hit.cancelledBy;
            cancelledSpans.push_back(hit.span);
        }
    }
    if (!m.spans.empty()) return;
    m.matched = false;
    m.spans = cancelledSpans;  // point at what looked like a match and why it was not
    m.reason = cancelled.empty() ? "nothing from lexicon \"" + rule.lexiconId + "\"" : cancelled;
}

void matchRegex(const TextRule& rule, std::string_view reply, const PrefilterText& prefilterText, RuleMatch& m) {
    re2::StringPiece input(reply.data(), reply.size()), match;
    // Most rules do not match most replies: the prefilter's words tell most of those apart. Where
    // they cannot, asking where the first match is costs no more than asking whether there is one
    // when there is none (RE2 runs its forward DFA first either way, and only a match runs it back
    // to find the start), so the loop asks at once.
    bool any = !rule.prefilter || rule.prefilter->mayMatch(prefilterText);
    size_t at = 0;
    for (int guard = 0; any && guard < 64 && at <= reply.size(); ++guard) {
        if (!rule.regex->Match(input, at, reply.size(), RE2::UNANCHORED, &match, 1)) break;
        size_t begin = static_cast<size_t>(match.data() - reply.data());
        if (!match.empty()) m.spans.push_back({begin, begin + match.size()});
        at = begin + std::max<size_t>(match.size(), 1);  // an empty match must still move on
    }
    if (m.spans.empty()) {
        m.matched = false;
        m.reason = "pattern not found";
    } else {
        m.reason = "found " + quoteSpan(reply, m.spans.front());
    }
}

/// Tokens covering a byte span: [first, last].
std::pair<size_t, size_t> tokenRange(const AnalyzedText& text, TextSpan span) {
    size_t first = text.tokens.size(), last = 0;
    for (size_t i = 0; i < text.tokens.size(); ++i)
        if (text.tokens[i].span.end > span.begin && text.tokens[i].span.begin < span.end) {
            first = std::min(first, i);
            last = i;
        }
    return {first, last};
}

void matchOrder(const TextRule& rule, const std::vector<TextRule>& rules, const std::vector<RuleMatch>& done,
                std::string_view reply, RuleMatch& m) {
    const RuleMatch& first = done[rule.refs[0]];
    const RuleMatch& then = done[rule.refs[1]];
    const std::string& a = rules[rule.refs[0]].id;
    const std::string& b = rules[rule.refs[1]].id;
    if (!first.matched || first.spans.empty() || !then.matched || then.spans.empty()) {
        m.matched = false;
        m.reason = "needs both \"" + a + "\" and \"" + b + "\"";
        return;
    }
    m.spans = {first.spans.front(), then.spans.front()};
    m.matched = first.spans.front().begin < then.spans.front().begin;
    m.reason = m.matched ? quoteSpan(reply, first.spans.front()) + " comes before " + quoteSpan(reply, then.spans.front())
                         : quoteSpan(reply, then.spans.front()) + " comes before " + quoteSpan(reply, first.spans.front()) +
                               "; expected \"" + a + "\" first";
}

void matchProximity(const TextRule& rule, const std::vector<TextRule>& rules, const std::vector<RuleMatch>& done,
                    const AnalyzedText& text, RuleMatch& m) {
    const RuleMatch& a = done[rule.refs[0]];
    const RuleMatch& b = done[rule.refs[1]];
    m.matched = false;
    if (!a.matched || !b.matched) {
        m.reason = "needs both \"" + rules[rule.refs[0]].id + "\" and \"" + rules[rule.refs[1]].id + "\"";
        return;
    }
    size_t bestGap = static_cast<size_t>(-1);
    for (const auto& sa : a.spans)
        for (const auto& sb : b.spans) {
            auto [a0, a1] = tokenRange(text, sa);
            auto [b0, b1] = tokenRange(text, sb);
            if (a0 > a1 || b0 > b1) continue;
            size_t gap = a1 < b0 ? b0 - a1 - 1 : b1 < a0 ? a0 - b1 - 1 : 0;
            if (gap < bestGap) {
                bestGap = gap;
                m.spans = {sa, sb};
            }
        }
    if (bestGap == static_cast<size_t>(-1)) {
        m.reason = "nothing to compare";
        m.spans.clear();
        return;
    }
    m.matched = bestGap <= static_cast<size_t>(rule.withinWords);
    m.reason = quoteSpan(text.text, m.spans[0]) + " and " + quoteSpan(text.text, m.spans[1]) + " are " +
               std::to_string(bestGap) + " words apart (within " + std::to_string(rule.withinWords) + " needed)";
    if (!m.matched) m.spans.clear();
}

void matchLength(const TextRule& rule, const AnalyzedText& text, RuleMatch& m) {
    size_t words = wordCount(text);
    double grade = readabilityGrade(text);
    char gradeText[32];
    std::snprintf(gradeText, sizeof gradeText, "%.1f", grade);
    m.reason = std::to_string(words) + " words, reading grade " + gradeText;
    if (rule.minWords > 0 && words < static_cast<size_t>(rule.minWords)) {
        m.matched = false;
        m.reason += "; expected at least " + std::to_string(rule.minWords) + " words";
    }
    if (rule.maxWords > 0 && words > static_cast<size_t>(rule.maxWords)) {
        m.matched = false;
        m.reason += "; expected at most " + std::to_string(rule.maxWords) + " words";
    }
    if (rule.maxGrade > 0 && grade > rule.maxGrade) {
        m.matched = false;
        m.reason += "; expected a reading grade of at most " + std::to_string(static_cast<int>(rule.maxGrade));
    }
    if (!text.tokens.empty()) m.spans = {{text.tokens.front().span.begin, text.tokens.back().span.end}};
}

void matchStructure(const TextRule& rule, const AnalyzedText& text, const std::vector<LexiconHit>& negations,
                    RuleMatch& m) {
    std::vector<std::string> missing;
    size_t sentences = text.sentences.size();
    for (size_t p = 0; p < rule.parts.size(); ++p) {
        const std::string& part = rule.parts[p];
        std::optional<TextSpan> found;
        if (rule.partLexicons[p])
            for (const auto& hit : findLexicon(*rule.partLexicons[p], text, &negations)) {
                if (!hit.counts()) continue;
                size_t sentence = text.tokens[hit.firstToken].sentence;
                // A greeting opens the reply; a sign-off closes it.
                if (part == "greeting" && sentence > 0) continue;
                if (part == "sign_off" && sentence + 2 < sentences) continue;
                found = hit.span;
                break;
            }
        if (found) m.spans.push_back(*found);
        else missing.push_back(part);
    }
    std::sort(m.spans.begin(), m.spans.end(), [](const TextSpan& a, const TextSpan& b) { return a.begin < b.begin; });
    if (missing.empty()) {
        m.reason = "has every part";
        return;
    }
    m.matched = false;
    m.reason = "missing";
    for (size_t i = 0; i < missing.size(); ++i) m.reason += (i ? ", " : " ") + missing[i];
}

void matchPrivacy(const TextRule& rule, const AnalyzedText& text, RuleMatch& m) {
    for (const auto& s : findPersonalData(text, rule.privacyLexicons)) {
        bool wanted = rule.dataKinds.empty() ||
                      std::find(rule.dataKinds.begin(), rule.dataKinds.end(), s.kind) != rule.dataKinds.end();
        if (!wanted) continue;
        if (m.spans.empty()) m.reason = s.kind + ": " + quoteSpan(text.text, s.span);
        m.spans.push_back(s.span);
    }
    if (m.spans.empty()) {
        m.matched = false;
        m.reason = "no personal data";
    }
}

void matchSignal(const TextRule& rule, std::string_view text, const ReplySignals& signals, RuleMatch& m) {
    int count = 0;
    for (const auto& s : signals.signals) {
        if (!s.counts || s.name != rule.signal) continue;
        if (!rule.dataKinds.empty() && std::find(rule.dataKinds.begin(), rule.dataKinds.end(), s.kind) == rule.dataKinds.end())
            continue;
        if (rule.above && !statesAmountAbove(text.substr(s.span.begin, s.span.end - s.span.begin), *rule.above)) continue;
        if (count++ == 0) m.reason = rule.signal + (s.kind.empty() || s.kind == rule.signal ? "" : " (" + s.kind + ")") +
                                     (s.note.empty() ? "" : ": " + s.note);
        m.spans.push_back(s.span);
    }
    if (count >= rule.minCount) {
        if (rule.minCount > 1) m.reason = std::to_string(count) + " times " + rule.signal + "; first: " + m.reason;
        return;
    }
    m.matched = false;
    m.reason = count == 0 ? "no " + rule.signal : std::to_string(count) + " " + rule.signal + ", fewer than " + std::to_string(rule.minCount);
    m.spans.clear();
}

/// A claim stated, or contradicted, in one place of the reply.
struct ClaimEvidence {
    TextSpan span;
    size_t sentence = 0, lastToken = 0;
    std::string why;  ///< contradictions: what states the opposite
    size_t firstToken = 0;
};

/// Hits of a lexicon bucketed by clause: clause → hits.
std::map<size_t, std::vector<LexiconHit>> hitsByClause(const Lexicon& lexicon, const AnalyzedText& text,
                                                       const std::vector<LexiconHit>& negations) {
    std::map<size_t, std::vector<LexiconHit>> out;
    for (auto& hit : findLexicon(lexicon, text, &negations)) out[text.tokens[hit.firstToken].clause].push_back(hit);
    return out;
}

bool isNegationToken(const AnalyzedText& text, size_t k, const std::vector<LexiconHit>& negations) {
    const std::string& f = text.tokens[k].folded;
    if (f.size() > 3 && f.compare(f.size() - 3, 3, "n't") == 0) return true;
    return std::any_of(negations.begin(), negations.end(), [&](const LexiconHit& n) { return n.firstToken <= k && k <= n.lastToken; });
}

/// The negation earlier in the clause of token `firstToken`, however far before it stands ("nothing
/// was reversed or refunded"), unless an exception stands between them ("not cancelled but reversed").
std::optional<size_t> negationBefore(const AnalyzedText& text, const std::vector<LexiconHit>& negations, size_t firstToken) {
    for (size_t k = firstToken; firstToken < text.tokens.size() && k-- > 0 && text.tokens[k].clause == text.tokens[firstToken].clause;)
        if (isNegationToken(text, k, negations)) return exceptionBetween(text.tokens, k, firstToken) ? std::nullopt : std::optional<size_t>(k);
    return std::nullopt;
}

/// A negatable regex rule's matches with a negation earlier in their clause are not stated: "I
/// can't promise it'll be fixed by 14:45" guesses no time. The rule matches if any match is left.
void dropNegatedMatches(const AnalyzedText& text, const std::vector<LexiconHit>& negations, RuleMatch& m) {
    std::vector<TextSpan> kept;
    std::string negatedQuote;
    for (const TextSpan& span : m.spans) {
        if (negationBefore(text, negations, tokenRange(text, span).first)) {
            if (negatedQuote.empty()) negatedQuote = quoteSpan(text.text, span);
        } else {
            kept.push_back(span);
        }
    }
    m.spans = std::move(kept);
    if (m.spans.empty()) {
        m.matched = false;
        m.reason = "found only negated: " + negatedQuote;
    } else {
        m.reason = "found " + quoteSpan(text.text, m.spans.front());  // the first that stands, not a negated one
    }
}

void matchClaim(const TextRule& rule, const AnalyzedText& text, const std::vector<LexiconHit>& negations, RuleMatch& m) {
    std::vector<ClaimEvidence> supports, against;
    auto sentenceOf = [&](size_t token) { return text.tokens[token].sentence; };
    // A negation earlier in the clause negates the claim however far before it stands.
    auto clauseNegation = [&](size_t firstToken) { return negationBefore(text, negations, firstToken); };
    if (rule.lexicon)
        for (const auto& hit : findLexicon(*rule.lexicon, text, &negations)) {
            // A claim that is not negatable only checks its figures: "you won't pay $190 for this
            // month" is said of the price, whatever the negation does to the sentence.
            if (!rule.negatable && !hit.excluded) {
                supports.push_back({hit.span, sentenceOf(hit.firstToken), hit.lastToken, "", hit.firstToken});
                continue;
            }
            if (hit.counts() && clauseNegation(hit.firstToken)) {
                TextSpan span{text.tokens[*clauseNegation(hit.firstToken)].span.begin, hit.span.end};
                against.push_back({span, sentenceOf(hit.firstToken), hit.lastToken, quoteSpan(text.text, span) + " is negated"});
            } else if (hit.counts()) supports.push_back({hit.span, sentenceOf(hit.firstToken), hit.lastToken, "", hit.firstToken});
            else if (hit.negated)
                against.push_back({hit.span, sentenceOf(hit.firstToken), hit.lastToken,
                                   quoteSpan(text.text, hit.span) + " is negated by " + hit.cancelledBy});
        }
    // Clauses: every group has a word in the same clause ("on its way back to your card").
    if (!rule.clauseGroups.empty()) {
        std::vector<std::map<size_t, std::vector<LexiconHit>>> groups;
        for (const auto& g : rule.clauseGroups) groups.push_back(g ? hitsByClause(*g, text, negations) : std::map<size_t, std::vector<LexiconHit>>{});
        for (const auto& [clause, firstHits] : groups.front()) {
            size_t begin = text.text.size(), end = 0, first = text.tokens.size(), last = 0;
            bool all = true;
            for (const auto& g : groups) {
                auto it = g.find(clause);
                if (it == g.end()) { all = false; break; }
                for (const auto& h : it->second) {
                    begin = std::min(begin, h.span.begin);
                    end = std::max(end, h.span.end);
                    first = std::min(first, h.firstToken);
                    last = std::max(last, h.lastToken);
                }
            }
            if (!all) continue;
            // A negation anywhere in the clause before the claim's last word states the opposite:
            // "nothing was reversed or refunded".
            std::optional<size_t> negation;
            for (size_t k = 0; k < last && !negation && rule.negatable; ++k)
                if (text.tokens[k].clause == clause && isNegationToken(text, k, negations) && !exceptionBetween(text.tokens, k, first)) negation = k;
            if (negation) {
                TextSpan span{std::min(begin, text.tokens[*negation].span.begin), end};
                against.push_back({span, sentenceOf(first), last, quoteSpan(text.text, span) + " states the opposite"});
            } else {
                supports.push_back({{begin, end}, sentenceOf(first), last, "", first});
            }
        }
    }
    if (rule.contradictions)
        for (const auto& hit : findLexicon(*rule.contradictions, text, &negations))
            if (hit.counts())
                against.push_back({hit.span, sentenceOf(hit.firstToken), hit.lastToken, quoteSpan(text.text, hit.span) + " states the opposite"});
    // Figures: a claim with figures is stated only with a figure the facts allow; any other figure
    // of its unit said of the claim is a wrong figure. A figure is said of the claim when it stands
    // within a few words of it in its sentence ("5-10 business days", "$190 a month", "the monthly
    // price is $190"); another figure of the sentence ("…and I'll check on it in 3 days") is about
    // something else. Figures the facts make true without stating the claim (`also_right`: "$38 a
    // seat" beside "$190 a month") neither state nor contradict it.
    //
    // Dates are specific enough to stand alone: an allowed date anywhere states the claim, and the
    // allowed day and month with another year ("24 December 2025") is wrong anywhere; other dates
    // are wrong only when said of the claim ("you received it on 24 November" is about something
    // else). A date written without a year is judged by its day and month.
    // With `needed` false the claim's words state it without a figure ("within one month"), and a
    // figure said of it must still be right.
    if (!rule.figureUnit.empty()) {
        constexpr size_t kNearWords = 4;
        const bool dates = rule.figureUnit == "date";
        std::vector<ClaimEvidence> stated;
        auto same = [&](double v, double a) {
            return std::abs(a - v) < 0.005 || (dates && v < 10000 && std::abs(std::fmod(a, 10000) - v) < 0.005);
        };
        auto isOneOf = [&](double v, const std::vector<double>& list) {
            return std::any_of(list.begin(), list.end(), [&](double a) { return same(v, a); });
        };
        auto otherYearOf = [&](double v) {
            return dates && v >= 10000 && std::any_of(rule.figuresAllowed.begin(), rule.figuresAllowed.end(), [&](double a) {
                       return std::abs(std::fmod(a, 10000) - std::fmod(v, 10000)) < 0.005 && !same(v, a);
                   });
        };
        auto listed = [&](const std::vector<double>& list) {
            std::string out;
            for (size_t k = 0; k < list.size(); ++k) {
                char buffer[32];
                std::snprintf(buffer, sizeof buffer, "%g", list[k]);
                out += (k ? (k + 1 == list.size() ? " or " : ", ") : "") + (dates ? dateText(list[k]) : std::string(buffer));
            }
            return out;
        };
        // Figures come in text order: one walk over the tokens finds the words each one covers.
        size_t at = 0;
        for (const auto& f : findFigures(text.text, rule.figureUnit)) {
            while (at < text.tokens.size() && text.tokens[at].span.end <= f.span.begin) ++at;
            if (at == text.tokens.size() || text.tokens[at].span.begin >= f.span.end) continue;
            const size_t firstToken = at;
            size_t lastToken = firstToken;
            while (lastToken + 1 < text.tokens.size() && text.tokens[lastToken + 1].span.begin < f.span.end) ++lastToken;
            const size_t sentence = text.tokens[firstToken].sentence;
            bool claimed = std::any_of(supports.begin(), supports.end(), [&](const ClaimEvidence& e) {
                return e.sentence == sentence && e.firstToken <= lastToken + kNearWords && firstToken <= e.lastToken + kNearWords;
            });
            const bool allowed = std::all_of(f.values.begin(), f.values.end(), [&](double v) { return isOneOf(v, rule.figuresAllowed); });
            const bool misdated = std::any_of(f.values.begin(), f.values.end(), otherYearOf);
            if (!claimed && !(dates && (allowed || misdated))) continue;
            if (allowed) {
                stated.push_back({f.span, sentence, lastToken, "", firstToken});
            } else if (misdated || !std::all_of(f.values.begin(), f.values.end(), [&](double v) {
                           return isOneOf(v, rule.figuresAllowed) || isOneOf(v, rule.figuresAlsoRight);
                       })) {
                against.push_back({f.span, sentence, lastToken,
                                   "wrong figure " + quoteSpan(text.text, f.span) + " (the facts say " + listed(rule.figuresAllowed) + ")",
                                   firstToken});
            }
        }
        if (rule.figureNeeded) supports = std::move(stated);
        else supports.insert(supports.end(), stated.begin(), stated.end());
    }
    auto byPosition = [](const ClaimEvidence& a, const ClaimEvidence& b) { return a.lastToken < b.lastToken; };
    std::sort(supports.begin(), supports.end(), byPosition);
    std::sort(against.begin(), against.end(), byPosition);
    // The reply's last word on the claim counts: "it wasn't refunded automatically, so I've refunded it".
    bool stands = !supports.empty() && (against.empty() || supports.back().lastToken > against.back().lastToken);
    if (stands) {
        for (const auto& e : supports) m.spans.push_back(e.span);
        m.reason = "states it: " + quoteSpan(text.text, supports.front().span);
        return;
    }
    m.matched = false;
    if (!against.empty()) {
        m.contradiction = against.back().why;
        m.reason = "contradicted: " + m.contradiction;
        for (const auto& e : against) m.spans.push_back(e.span);
    } else {
        m.reason = rule.figureUnit.empty() || !rule.figureNeeded ? "not stated" : "not stated with the right figure";
    }
}

bool countsAsKeyword(const TextRule& rule) {
    return rule.kind == "phrases" || rule.kind == "lexicon" || rule.kind == "regex";
}

} // namespace

const std::vector<StructurePart>& structureParts() {
    static const std::vector<StructurePart> parts = {
        {"greeting", "greeting"},   {"acknowledgement", "acknowledgement"}, {"next_steps", "next-steps"},
        {"timeline", "timeline"},   {"sign_off", "sign-off"},
    };
    return parts;
}

std::vector<RuleMatch> evaluateRules(const std::vector<TextRule>& rules, std::string_view reply,
                                     std::optional<Channel> channel) {
    std::optional<AnalyzedText> text;
    std::map<const ReplyAnalyzer*, ReplySignals> signalsBy;  // one analysis per analyzer, shared by its rules
    std::optional<Stemmer> stemmer;
    std::vector<LexiconHit> negations;
    std::optional<PrefilterText> prefilterText;  // for the regex rules' prefilters
    auto analyzed = [&]() -> const AnalyzedText& {
        if (!text) {
            stemmer.emplace();
            text = analyzeText(reply, *stemmer);
            for (const auto& rule : rules)
                if (rule.negation) {
                    negations = findLexicon(*rule.negation, *text);
                    break;
                }
        }
        return *text;
    };
    std::vector<RuleMatch> out;
    for (const auto& rule : rules) {
        RuleMatch m{rule.id, true, {}, "", "", ""};
        if (rule.kind == "lexicon" && rule.lexicon) matchLexicon(rule, analyzed(), negations, m);
        else if (rule.kind == "regex" && rule.regex) {
            if (!prefilterText) prefilterText.emplace(reply);
            matchRegex(rule, reply, *prefilterText, m);
            if (rule.negatable && m.matched) dropNegatedMatches(analyzed(), negations, m);
        }
        else if (rule.kind == "order" && rule.refs.size() == 2) matchOrder(rule, rules, out, reply, m);
        else if (rule.kind == "proximity" && rule.refs.size() == 2) matchProximity(rule, rules, out, analyzed(), m);
        else if (rule.kind == "length") matchLength(rule, analyzed(), m);
        else if (rule.kind == "structure") matchStructure(rule, analyzed(), negations, m);
        else if (rule.kind == "privacy") matchPrivacy(rule, analyzed(), m);
        else if (rule.kind == "claim") matchClaim(rule, analyzed(), negations, m);
        else if (rule.kind == "signal") {
            if (!rule.analyzer) {
                m.matched = false;
                m.reason = "no reply analyzer loaded";
            } else {
                auto it = signalsBy.find(rule.analyzer.get());
                if (it == signalsBy.end()) it = signalsBy.emplace(rule.analyzer.get(), rule.analyzer->analyze(analyzed(), channel, rule.caseNames)).first;
                matchSignal(rule, reply, it->second, m);
            }
        }
        else matchPhrases(rule, reply, m);
        if (m.matched && m.reason.empty()) m.reason = "matched";
        std::sort(m.spans.begin(), m.spans.end(), [](const TextSpan& a, const TextSpan& b) { return a.begin < b.begin; });
        out.push_back(std::move(m));
    }

    // Keyword stuffing never earns full marks: when the matched words are most of the reply, the
    // rules that found them are capped one level below the top.
    std::vector<std::vector<TextSpan>> groups;
    for (size_t i = 0; i < rules.size(); ++i)
        if (out[i].matched && countsAsKeyword(rules[i]) && !rules[i].points.empty()) groups.push_back(out[i].spans);
    if (groups.size() >= 2 || std::any_of(groups.begin(), groups.end(), [](const auto& g) { return g.size() >= 3; })) {
        std::optional<size_t> functionWords;
        for (const auto& rule : rules)
            if (rule.functionWords) {
                functionWords = findLexicon(*rule.functionWords, analyzed()).size();
                break;
            }
        if (auto why = keywordStuffing(analyzed(), groups, functionWords))
            for (size_t i = 0; i < rules.size(); ++i)
                if (out[i].matched && countsAsKeyword(rules[i]) && !rules[i].points.empty())
                    out[i].capped = "keyword stuffing: " + *why;
    }
    return out;
}

size_t chooseBranch(const Node& node, const std::vector<RuleMatch>& matches) {
    auto matched = [&](const std::string& id) {
        return std::any_of(matches.begin(), matches.end(),
                           [&](const RuleMatch& m) { return m.ruleId == id && m.matched; });
    };
    for (const auto& branch : node.branches) {
        bool ok = std::all_of(branch.required.begin(), branch.required.end(), matched) &&
                  std::none_of(branch.forbidden.begin(), branch.forbidden.end(), matched);
        if (ok) return branch.next;
    }
    return node.defaultNext;
}

} // namespace simdesk
