#include "agent_name.hpp"

namespace simdesk {

namespace {

bool isNameSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isNameLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isPlaceholderChar(char c) { return isNameLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-'; }

constexpr size_t kMaxPlaceholderWord = 32;

void walk(const JsonDocument& doc, const nlohmann::json& value, const std::string& pointer, std::string_view key,
          std::vector<Diagnostic>& out) {
    if (value.is_object()) {
        for (const auto& [k, child] : value.items()) walk(doc, child, childPointer(pointer, k), k, out);
    } else if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) walk(doc, value[i], childPointer(pointer, i), key, out);
    } else if (value.is_string() && key != "pattern" && key != "$schema") {
        const std::string& text = value.get_ref<const std::string&>();
        for (const UnknownPlaceholder& found : findUnknownPlaceholders(text)) {
            Diagnostic d = doc.diagnostic(
                "SD012", Severity::Error, pointer,
                "unknown placeholder \"" + found.token + "\"" +
                    (found.token != "{agent}" ? didYouMean(found.token, {std::string(kAgentPlaceholder)}) : "") +
                    "; expected " + std::string(kAgentPlaceholder) + " (the trainee's name) or no braces");
            // Point at the placeholder itself when it is written as is in the file (it always is,
            // unless an author escaped its letters).
            if (auto at = doc.valueOffsets.find(pointer); at != doc.valueOffsets.end()) {
                size_t end = doc.text.size();
                size_t raw = doc.text.find(found.token, at->second);
                if (raw != std::string::npos && raw < end) {
                    SourcePosition p = doc.positionOfOffset(raw);
                    d.line = p.line;
                    d.column = p.column;
                }
            }
            out.push_back(std::move(d));
        }
    }
}

} // namespace

std::string agentFirstName(std::string_view profileName) {
    size_t begin = 0;
    while (begin < profileName.size() && isNameSpace(profileName[begin])) ++begin;
    size_t end = begin;
    while (end < profileName.size() && !isNameSpace(profileName[end])) ++end;
    if (begin == end) return std::string(kDefaultAgentName);
    return std::string(profileName.substr(begin, end - begin));
}

std::string fillAgentName(std::string_view text, std::string_view agentName) {
    std::string_view name = agentName;
    size_t b = 0, e = name.size();
    while (b < e && isNameSpace(name[b])) ++b;
    while (e > b && isNameSpace(name[e - 1])) --e;
    name = b == e ? kDefaultAgentName : name.substr(b, e - b);
    std::string out;
    out.reserve(text.size());
    size_t from = 0;
    for (size_t at = text.find(kAgentPlaceholder); at != std::string_view::npos;
         at = text.find(kAgentPlaceholder, from)) {
        out.append(text.substr(from, at - from));
        out.append(name);
        from = at + kAgentPlaceholder.size();
    }
    out.append(text.substr(from));
    return out;
}

std::vector<UnknownPlaceholder> findUnknownPlaceholders(std::string_view text) {
    std::vector<UnknownPlaceholder> out;
    for (size_t at = text.find('{'); at != std::string_view::npos; at = text.find('{', at + 1)) {
        size_t i = at + 1;
        if (i >= text.size() || !(isNameLetter(text[i]) || text[i] == '_')) continue;
        while (i < text.size() && isPlaceholderChar(text[i]) && i - at <= kMaxPlaceholderWord) ++i;
        if (i >= text.size() || text[i] != '}' || i - at - 1 > kMaxPlaceholderWord) continue;
        std::string_view token = text.substr(at, i - at + 1);
        if (token != kAgentPlaceholder) out.push_back({at, std::string(token)});
    }
    return out;
}

std::vector<Diagnostic> checkPlaceholders(const JsonDocument& doc) {
    std::vector<Diagnostic> out;
    walk(doc, doc.value, "", "", out);
    return out;
}

} // namespace simdesk
