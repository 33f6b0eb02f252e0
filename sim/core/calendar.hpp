// Calendar dates in UTC, as training records use them: a trainee's start date, due dates,
// certificate dates. Pure functions over seconds since the epoch (std::chrono's calendar), so no
// time zone or locale can shift a deadline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace simdesk {

/// "YYYY-MM-DD" of the UTC day holding `seconds`.
std::string isoDate(int64_t seconds);

/// Midnight UTC of a "YYYY-MM-DD" date; nullopt when it is not one, or not a real day (2026-02-30).
std::optional<int64_t> parseIsoDate(std::string_view date);

/// `t` plus whole calendar months in UTC; the day is clamped to the end of a shorter month.
int64_t addMonths(int64_t t, int months);

} // namespace simdesk
