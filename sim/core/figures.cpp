// Figures stated in a reply (figures.hpp).
#include "figures.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
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
    // Amounts in words too, as said on the phone: "a hundred and ninety dollars"; and before what
    // they pay for, in the singular: "a seventy-six dollar refund", "a 40-euro voucher" ("pound"
    // stays plural: "a five pound parcel" is a weight).
    #define SIMDESK_WORD "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    static const re2::RE2 amount("(?i)(?:[$€£]\\s?|\\b(?:usd|eur|gbp)\\s?)(\\d[\\d,]*(?:\\.\\d+)?)|\\b(\\d[\\d,]*(?:\\.\\d+)?)(?:\\s*|-)(?:dollars?|euros?|pounds|usd|eur|gbp)\\b"
                                 "|\\b((?:an?|" SIMDESK_WORD ")(?:[\\s-]+(?:and[\\s-]+)?(?:" SIMDESK_WORD "|hundred|thousand))*)[\\s-]+(?:dollars?|euros?|pounds|bucks)\\b");
    #undef SIMDESK_WORD
    #undef SIMDESK_RANGE
    #undef SIMDESK_NUMBER
    return unit == "days" ? days : unit == "hours" ? hours : unit == "percent" ? percent : amount;
}

/// The value of an amount in words: "a hundred and ninety" is 190, "two thousand two hundred and
/// eighty" 2280, "ninety-five" 95.
std::optional<double> wordsValue(std::string_view group) {
    double total = 0, current = 0;
    bool article = false, read = false;
    size_t i = 0;
    while (i < group.size()) {
        if (!std::isalpha(static_cast<unsigned char>(group[i]))) { ++i; continue; }
        size_t j = i;
        while (j < group.size() && std::isalpha(static_cast<unsigned char>(group[j]))) ++j;
        std::string word;
        for (char c : group.substr(i, j - i)) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        i = j;
        if (word == "and") continue;
        // "a hundred" is 100 through the max below; before anything else "a" is the article ("a
        // seventy-six dollar refund"), and alone it is one ("a dollar a day").
        if (word == "a" || word == "an") {
            article = true;
            continue;
        }
        read = true;
        if (word == "hundred") current = std::max(current, 1.0) * 100;
        else if (word == "thousand") total += std::max(current, 1.0) * 1000, current = 0;
        else if (auto v = numberValue(word)) current += *v;
        else return std::nullopt;
    }
    if (!read) return article ? std::optional<double>(1) : std::nullopt;
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

/// A month's number from its name or abbreviation ("dec", "December"), 0 for none.
int monthNumber(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                "jul", "aug", "sep", "oct", "nov", "dec"};
    if (name.size() < 3) return 0;
    for (size_t k = 0; k < kMonths.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(name[0])) == kMonths[k][0] &&
            std::tolower(static_cast<unsigned char>(name[1])) == kMonths[k][1] &&
            std::tolower(static_cast<unsigned char>(name[2])) == kMonths[k][2])
            return static_cast<int>(k) + 1;
    return 0;
}

int numberIn(re2::StringPiece digits) { return digits.empty() ? 0 : std::atoi(std::string(digits.data(), digits.size()).c_str()); }

/// Dates as written in replies: "24 December 2026", "24th of Dec", "December 24, 2026", "Dec. 24th",
/// "2026-12-24", "24/12/2026", "24.12." (a day and month of two numbers need a year or a closing
/// dot: "24/7" is a service's hours, "4.5" a number). A value is yyyymmdd, or mmdd without a year.
/// A day and month of two numbers that could be read either way ("03/04/2026") give no date: it
/// is neither stated nor wrong.
std::vector<Figure> findDates(std::string_view text) {
    #define SIMDESK_MONTH "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
    #define SIMDESK_YEAR "(?:,?\\s+(\\d{4})\\b)?"
    // Each form with the numbers of its year, month and day groups (1-based; 0 for none).
    struct Form {
        re2::RE2 pattern;
        int year, month, day;
        bool numericMonth;
        bool eitherWay;  ///< slashes: day first or, where only that makes sense, month first (US)
    };
    static const std::array<Form, 5> kForms = {{
        {re2::RE2("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(?:of\\s+)?" SIMDESK_MONTH "\\b\\.?" SIMDESK_YEAR), 3, 2, 1, false, false},
        {re2::RE2("(?i)\\b" SIMDESK_MONTH "\\b\\.?\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\b" SIMDESK_YEAR), 3, 1, 2, false, false},
        {re2::RE2("\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b"), 1, 2, 3, true, false},
        {re2::RE2("\\b(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})\\b"), 3, 2, 1, true, true},
        // Dots are day first only: "24.12." is a date, "3.14." a release, not 14 March.
        {re2::RE2("\\b(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}|\\d{2})?"), 3, 2, 1, true, false},
    }};
    #undef SIMDESK_YEAR
    #undef SIMDESK_MONTH
    std::vector<Figure> out;
    for (const Form& form : kForms) {
        re2::StringPiece input(text.data(), text.size()), groups[4];
        size_t at = 0;
        for (int guard = 0; guard < 200 && at < text.size(); ++guard) {
            if (!form.pattern.Match(input, at, text.size(), RE2::UNANCHORED, groups, 4)) break;
            const size_t begin = static_cast<size_t>(groups[0].data() - text.data());
            at = begin + std::max<size_t>(groups[0].size(), 1);
            int year = numberIn(groups[form.year]), day = numberIn(groups[form.day]);
            int month = form.numericMonth ? numberIn(groups[form.month]) : monthNumber({groups[form.month].data(), groups[form.month].size()});
            if (year > 0 && year < 100) year += 2000;
            // Day first, as most of the world writes it, unless only month first makes sense.
            if (form.eitherWay && month > 12 && day <= 12) std::swap(day, month);
            else if (form.eitherWay && day <= 12 && month <= 12 && day != month) continue;  // read either way: unknown
            if (month < 1 || month > 12 || day < 1 || day > 31) continue;
            double value = month * 100 + day + (year ? year * 10000.0 : 0.0);
            out.push_back({{begin, begin + groups[0].size()}, "date", {value}});
        }
    }
    // Forms can overlap ("24.12.2026" is also read by no other; "Dec 24, 2026" by one): keep the
    // longest at each place, in text order.
    std::sort(out.begin(), out.end(), [](const Figure& a, const Figure& b) {
        return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
    });
    std::vector<Figure> kept;
    for (auto& f : out)
        if (kept.empty() || f.span.begin >= kept.back().span.end) kept.push_back(std::move(f));
    return kept;
}

} // namespace

std::string dateText(double value) {
    static constexpr std::array<std::string_view, 12> kNames = {"January", "February", "March", "April", "May", "June", "July",
                                                               "August", "September", "October", "November", "December"};
    const long v = std::lround(value);
    const long year = v / 10000, month = v / 100 % 100, day = v % 100;
    if (month < 1 || month > 12) return std::to_string(v);
    std::string out = std::to_string(day) + " " + std::string(kNames[static_cast<size_t>(month - 1)]);
    return year ? out + " " + std::to_string(year) : out;
}

std::vector<Figure> findFigures(std::string_view text, std::string_view unit) {
    if (unit == "date") return findDates(text);
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
