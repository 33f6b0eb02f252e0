// Figures stated in a reply: days, hours, amounts of money, percentages and dates, in digits or in
// words ("five to ten business days", "a hundred and ninety dollars", "24 December 2026"). Claims
// compare them with the facts (text_rules.cpp); the offer rules read amounts and percentages.
#pragma once

#include "text_normalize.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

/// A figure stated in a reply: "5-10 business days" gives two, 5 and 10, of unit "days".
struct Figure {
    TextSpan span;
    std::string unit;  ///< days, hours, amount, percent, date
    std::vector<double> values;
};
/// Every figure of `unit` in `text` (digits or number words up to ninety; ranges give both ends).
/// A date's value is yyyymmdd, or mmdd where no year is written ("24 December" is 1224).
std::vector<Figure> findFigures(std::string_view text, std::string_view unit);

/// A date's value as a person writes it: 20261224 is "24 December 2026", 1224 "24 December".
std::string dateText(double value);

/// Whether `text` states an amount of money above `limit` ("a $150 credit" is above 50), whatever
/// the currency sign: a signal rule's `above`.
bool statesAmountAbove(std::string_view text, double limit);

} // namespace simdesk
