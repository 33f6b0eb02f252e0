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
    std::string unit;  ///< days, hours, amount, percent
    std::vector<double> values;
};
/// Every figure of `unit` in `text` (digits or number words up to ninety; ranges give both ends).
std::vector<Figure> findFigures(std::string_view text, std::string_view unit);

/// Whether `text` states an amount of money above `limit` ("a $150 credit" is above 50), whatever
/// the currency sign: a signal rule's `above`.
bool statesAmountAbove(std::string_view text, double limit);

} // namespace simdesk
