#include "calendar.hpp"

#include <chrono>
#include <cstdio>

namespace simdesk {

using namespace std::chrono;

std::string isoDate(int64_t seconds) {
    year_month_day ymd{floor<days>(sys_seconds{std::chrono::seconds{seconds}})};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buffer;
}

std::optional<int64_t> parseIsoDate(std::string_view date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    auto number = [&](size_t from, size_t count) -> std::optional<unsigned> {
        unsigned value = 0;
        for (size_t i = from; i < from + count; ++i) {
            if (date[i] < '0' || date[i] > '9') return std::nullopt;
            value = value * 10 + static_cast<unsigned>(date[i] - '0');
        }
        return value;
    };
    auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (!y || !m || !d) return std::nullopt;
    year_month_day ymd{year{static_cast<int>(*y)}, month{*m}, day{*d}};
    if (!ymd.ok()) return std::nullopt;
    return duration_cast<std::chrono::seconds>(sys_days{ymd}.time_since_epoch()).count();
}

int64_t addMonths(int64_t t, int months) {
    sys_seconds time{std::chrono::seconds{t}};
    sys_days day = floor<days>(time);
    auto timeOfDay = time - day;
    year_month_day moved = year_month_day{day} + std::chrono::months{months};
    if (!moved.ok()) moved = year_month_day_last{moved.year(), month_day_last{moved.month()}};
    return (sys_days{moved} + timeOfDay).time_since_epoch().count();
}

} // namespace simdesk
