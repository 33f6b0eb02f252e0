#include "text_rules.hpp"

#include <algorithm>
#include <cctype>

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

std::vector<RuleMatch> evaluateRules(const std::vector<TextRule>& rules, std::string_view reply) {
    std::vector<RuleMatch> out;
    for (const auto& rule : rules) {
        RuleMatch m{rule.id, true, {}, ""};
        if (!rule.any.empty()) {
            bool found = false;
            for (const auto& phrase : rule.any) {
                size_t at = findPhrase(reply, phrase);
                if (at == std::string_view::npos) continue;
                m.spans.push_back({at, at + phrase.size()});
                if (!found) m.reason = "found \"" + std::string(reply.substr(at, phrase.size())) + "\"";
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
            m.reason = "contains \"" + std::string(reply.substr(at, phrase.size())) + "\"";
            break;
        }
        if (!m.matched && rule.any.empty() && rule.all.empty() && rule.none.empty()) m.reason = "no phrases";
        if (m.matched && m.reason.empty()) m.reason = "matched";
        std::sort(m.spans.begin(), m.spans.end(), [](const TextSpan& a, const TextSpan& b) { return a.begin < b.begin; });
        out.push_back(std::move(m));
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
