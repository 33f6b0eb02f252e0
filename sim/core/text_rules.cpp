#include "text_rules.hpp"

#include "reply_signals.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>

namespace simdesk {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '\'' || (c & 0x80); }

} // namespace

size_t findPhrase(std::string_view text, std::string_view phrase) {
    if (phrase.empty() || phrase.size() > text.size()) return std::string_view::npos;
    for (size_t i = 0; i + phrase.size() <= text.size(); ++i) {
        bool same = true;
        for (size_t k = 0; k < phrase.size() && same; ++k) same = lower(text[i + k]) == lower(phrase[k]);
        if (!same) continue;
        bool startOk = i == 0 || !isWordChar(text[i - 1]) || !isWordChar(phrase.front());
        size_t end = i + phrase.size();
        bool endOk = end == text.size() || !isWordChar(text[end]) || !isWordChar(phrase.back());
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

void matchRegex(const TextRule& rule, std::string_view reply, RuleMatch& m) {
    re2::StringPiece input(reply.data(), reply.size()), match;
    size_t at = 0;
    for (int guard = 0; guard < 64 && at <= reply.size(); ++guard) {
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

std::vector<RuleMatch> evaluateRules(const std::vector<TextRule>& rules, std::string_view reply) {
    std::optional<AnalyzedText> text;
    std::optional<Stemmer> stemmer;
    std::vector<LexiconHit> negations;
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
        RuleMatch m{rule.id, true, {}, "", ""};
        if (rule.kind == "lexicon" && rule.lexicon) matchLexicon(rule, analyzed(), negations, m);
        else if (rule.kind == "regex" && rule.regex) matchRegex(rule, reply, m);
        else if (rule.kind == "order" && rule.refs.size() == 2) matchOrder(rule, rules, out, reply, m);
        else if (rule.kind == "proximity" && rule.refs.size() == 2) matchProximity(rule, rules, out, analyzed(), m);
        else if (rule.kind == "length") matchLength(rule, analyzed(), m);
        else if (rule.kind == "structure") matchStructure(rule, analyzed(), negations, m);
        else if (rule.kind == "privacy") matchPrivacy(rule, analyzed(), m);
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
        if (auto why = keywordStuffing(analyzed(), groups))
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
