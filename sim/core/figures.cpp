// Figures stated in a reply (figures.hpp).
#include "figures.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

namespace simdesk {

namespace {

std::optional<double> numberValue(std::string_view word) {
    static const std::map<std::string, double, std::less<>> words = {
        {"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},     {"five", 5},      {"six", 6},
        {"seven", 7},    {"eight", 8},      {"nine", 9},      {"ten", 10},     {"eleven", 11},   {"twelve", 12},
        {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},  {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},
        {"nineteen", 19}, {"twenty", 20},   {"thirty", 30},   {"forty", 40},   {"fifty", 50},    {"sixty", 60},
        {"seventy", 70}, {"eighty", 80},    {"ninety", 90},   {"a", 1},        {"an", 1},
    };
    std::string lowered;
    std::string digits;
    for (char c : word) {
        lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (c != ',') digits += c;
    }
    if (auto it = words.find(lowered); it != words.end()) return it->second;
    if (digits.empty() || digits.size() > 15) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size()) return std::nullopt;
    return v;
}

const re2::RE2& figurePattern(std::string_view unit) {
    // A number: digits with thousands separators and decimals, or a number word. Ranges join two.
    #define SIMDESK_NUMBER "(?:\\d[\\d,]*(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    #define SIMDESK_RANGE "(" SIMDESK_NUMBER "(?:\\s*(?:-|–|—|to|and|or)\\s*" SIMDESK_NUMBER ")?)"
    static const re2::RE2 days("(?i)\\b" SIMDESK_RANGE "(?:\\s*-\\s*|\\s+)(?:(?:business|working|calendar|bank|banking)\\s+)?days?\\b");
    static const re2::RE2 hours("(?i)\\b" SIMDESK_RANGE "(?:\\s*-\\s*|\\s+)(?:hours?|hrs?)\\b");
    static const re2::RE2 percent("(?i)\\b" SIMDESK_RANGE "\\s*(?:%|percent\\b|per cent\\b)");
    // Amounts in words too, as said on the phone: "a hundred and ninety dollars".
    #define SIMDESK_WORD "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    static const re2::RE2 amount("(?i)(?:[$€£]\\s?|\\b(?:usd|eur|gbp)\\s?)(\\d[\\d,]*(?:\\.\\d+)?)|\\b(\\d[\\d,]*(?:\\.\\d+)?)\\s*(?:dollars|euros|pounds|usd|eur|gbp)\\b"
                                 "|\\b((?:an?|" SIMDESK_WORD ")(?:[\\s-]+(?:and[\\s-]+)?(?:" SIMDESK_WORD "|hundred|thousand))*)\\s+(?:dollars|euros|pounds|bucks)\\b");
    #undef SIMDESK_WORD
    #undef SIMDESK_RANGE
    #undef SIMDESK_NUMBER
    return unit == "days" ? days : unit == "hours" ? hours : unit == "percent" ? percent : amount;
}

/// The value of an amount in words: "a hundred and ninety" is 190, "two thousand two hundred and
/// eighty" 2280, "ninety-five" 95.
std::optional<double> wordsValue(std::string_view group) {
    double total = 0, current = 0;
    size_t i = 0;
    while (i < group.size()) {
        if (!std::isalpha(static_cast<unsigned char>(group[i]))) { ++i; continue; }
        size_t j = i;
        while (j < group.size() && std::isalpha(static_cast<unsigned char>(group[j]))) ++j;
        std::string word;
        for (char c : group.substr(i, j - i)) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        i = j;
        if (word == "and") continue;
        if (word == "hundred") current = std::max(current, 1.0) * 100;
        else if (word == "thousand") total += std::max(current, 1.0) * 1000, current = 0;
        else if (auto v = numberValue(word)) current += *v;
        else return std::nullopt;
    }
    return total + current;
}

std::vector<double> numbersIn(std::string_view group) {
    std::vector<double> out;
    size_t i = 0;
    while (i < group.size()) {
        if (!std::isalnum(static_cast<unsigned char>(group[i]))) { ++i; continue; }
        size_t j = i;
        while (j < group.size() && (std::isalnum(static_cast<unsigned char>(group[j])) || group[j] == ',' || group[j] == '.')) ++j;
        std::string_view word = group.substr(i, j - i);
        while (!word.empty() && (word.back() == ',' || word.back() == '.')) word.remove_suffix(1);
        if (auto v = numberValue(word)) out.push_back(*v);
        i = j;
    }
    return out;
}

} // namespace

std::vector<Figure> findFigures(std::string_view text, std::string_view unit) {
    std::vector<Figure> out;
    const re2::RE2& pattern = figurePattern(unit);
    re2::StringPiece input(text.data(), text.size()), groups[4];
    size_t at = 0;
    for (int guard = 0; guard < 200 && at < text.size(); ++guard) {
        if (!pattern.Match(input, at, text.size(), RE2::UNANCHORED, groups, 4)) break;
        size_t begin = static_cast<size_t>(groups[0].data() - text.data());
        std::string_view number = !groups[1].empty() ? std::string_view(groups[1].data(), groups[1].size())
                                                     : std::string_view(groups[2].data(), groups[2].size());
        size_t end = begin + groups[0].size();
        while (end > begin + 1 && text[end - 1] == ',') --end;  // "€470, to your folio": the comma is the sentence's
        Figure f{{begin, end}, std::string(unit), numbersIn(number)};
        if (!groups[3].empty())  // an amount in words is one number, not a list of them
            if (auto v = wordsValue(std::string_view(groups[3].data(), groups[3].size()))) f.values = {*v};
        if (!f.values.empty()) out.push_back(std::move(f));
        at = begin + std::max<size_t>(groups[0].size(), 1);
    }
    return out;
}

bool statesAmountAbove(std::string_view text, double limit) {
    for (const auto& figure : findFigures(text, "amount"))
        if (std::any_of(figure.values.begin(), figure.values.end(), [&](double v) { return v > limit; })) return true;
    return false;
}

} // namespace simdesk
