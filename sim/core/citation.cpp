#include "core/citation.hpp"

#include <cctype>

namespace simdesk {
namespace {

std::string_view trimSpaces(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool isDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

/// Every "seed NNN" (and "seeds NNN-NNN") in `text` replaced by the standard's name.
std::string nameSeeds(std::string_view text) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        bool plural = text.substr(i, 6) == "seeds ";
        size_t digits = i + (plural ? 6 : 5);
        bool atWord = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
        if (atWord && (plural || text.substr(i, 5) == "seed ") && digits + 3 <= text.size() && isDigits(text.substr(digits, 3))) {
            size_t end = digits + 3;
            if (plural) {
                // "seeds 000-004" is every standard at once.
                while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '-' || text[end] == ','))
                    ++end;
                out += "the service standards";
            } else {
                out += standardName(text.substr(digits, 3));
            }
            i = end;
            continue;
        }
        out += text[i++];
    }
    return out;
}

/// "text (seed 004)": the parenthesis names the standard instead.
std::string readableSeedPart(std::string_view part) {
    if (part.starts_with("seed ") && part.size() > 8 && isDigits(part.substr(5, 3))) {
        std::string_view rest = trimSpaces(part.substr(8));
        if (!rest.empty() && rest.front() == ':') rest = trimSpaces(rest.substr(1));
        std::string name = standardName(part.substr(5, 3));
        return rest.empty() ? name : name + ": " + nameSeeds(rest);
    }
    return nameSeeds(part);
}

CitationPart readableArticlePart(std::string_view part, const ArticleTitle& articleTitle) {
    std::string_view rest = part.substr(3);
    size_t end = 0;
    while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end])) && rest[end] != '(' && rest[end] != ',') ++end;
    std::string_view id = rest.substr(0, end);
    std::string_view detail = trimSpaces(rest.substr(end));
    std::string title = articleTitle ? articleTitle(id) : std::string();
    CitationPart out;
    if (title.empty()) {
        // An article the library does not have: still no "kb:kb-" on screen.
        std::string_view bare = id.starts_with("kb-") ? id.substr(3) : id;
        out.text = "Knowledge base: " + std::string(bare);
    } else {
        out.text = title;
        out.articleId = std::string(id);
    }
    if (!detail.empty()) out.text += " " + std::string(detail);
    return out;
}

} // namespace

std::string standardName(std::string_view seedNumber) {
    if (seedNumber == "000") return "Service playbook";
    if (seedNumber == "001") return "Service policies";
    if (seedNumber == "002") return "SOP guide";
    if (seedNumber == "003") return "Operations SOPs";
    if (seedNumber == "004") return "Service standards";
    return "Service standard " + std::string(seedNumber);
}

std::vector<CitationPart> readableCitation(std::string_view cite, const ArticleTitle& articleTitle) {
    std::vector<CitationPart> parts;
    size_t start = 0;
    while (start <= cite.size()) {
        size_t end = cite.find(';', start);
        if (end == std::string_view::npos) end = cite.size();
        std::string_view part = trimSpaces(cite.substr(start, end - start));
        if (!part.empty()) {
            if (part.starts_with("kb:")) parts.push_back(readableArticlePart(part, articleTitle));
            else parts.push_back(CitationPart{readableSeedPart(part), {}});
        }
        start = end + 1;
    }
    return parts;
}

std::string readableCitationText(std::string_view cite, const ArticleTitle& articleTitle) {
    std::string out;
    for (const auto& part : readableCitation(cite, articleTitle)) {
        if (!out.empty()) out += "; ";
        out += part.text;
    }
    return out;
}

} // namespace simdesk
