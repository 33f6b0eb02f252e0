// The dashboards' chart arithmetic (app/chart_math): ticks, scales, what the mouse is over and the
// series colours, without a window. Expected values are worked by hand in the comments.
#include "app/chart_math.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

using namespace simdesk::app::charts;

TEST_CASE("chart ticks: a score axis 0 to 100 with room for six ticks steps by 20") {
    // 100 / 5 intervals = 20, a nice step (2 × 10).
    Ticks t = niceTicks(0, 100, 6);
    CHECK(t.step == doctest::Approx(20));
    CHECK(t.values == std::vector<double>{0, 20, 40, 60, 80, 100});
}

TEST_CASE("chart ticks: odd ends round outwards so every value sits inside the axis") {
    // 13..87 over at most 5 ticks: 74 / 4 = 18.5 → step 20; 13 rounds down to 0, 87 up to 100 → 6
    // ticks, one too many, so the step grows to 50: 0, 50, 100.
    Ticks t = niceTicks(13, 87, 5);
    CHECK(t.step == doctest::Approx(50));
    CHECK(t.lo == doctest::Approx(0));
    CHECK(t.hi == doctest::Approx(100));
    CHECK(t.values.size() == 3);
}

TEST_CASE("chart ticks: alpha from -0.3 to 1 steps by 0.2 or 0.5 and keeps a tick at 0") {
    // 1.3 / 6 intervals = 0.217 → step 0.5 (0.2 is too small); −0.3 → −0.5, 1 → 1.
    Ticks t = niceTicks(-0.3, 1, 7);
    CHECK(t.step == doctest::Approx(0.5));
    CHECK(t.values.front() == doctest::Approx(-0.5));
    CHECK(t.values.back() == doctest::Approx(1));
    CHECK(std::count_if(t.values.begin(), t.values.end(), [](double v) { return std::abs(v) < 1e-9; }) == 1);
}

TEST_CASE("chart ticks: a single value widens to a range around it") {
    Ticks t = niceTicks(80, 80, 5);
    CHECK(t.lo < 80);
    CHECK(t.hi > 80);
}

TEST_CASE("chart day ticks: plays over three days get one tick a day at midnight, the last day inside") {
    const int64_t day = 86400, monday = 1767571200;  // 2026-01-05 00:00 UTC
    Ticks t = dayTicks(monday + 9 * 3600, monday + 2 * day + 15 * 3600, 10);
    CHECK(t.step == doctest::Approx(day));
    CHECK(t.lo == doctest::Approx(monday));
    CHECK(t.hi == doctest::Approx(monday + 3 * day));  // the third day's 15:00 play is before its end
    CHECK(t.values.size() == 4);
}

TEST_CASE("chart day ticks: sixty days with room for five ticks step by thirty days") {
    const int64_t day = 86400, start = 1767571200;
    // 60 days: 1, 2, 7 and 14-day steps need more than 5 ticks; 30 days gives 0, 30, 60 → 3.
    Ticks t = dayTicks(start, start + 60 * day, 5);
    CHECK(t.step == doctest::Approx(30 * day));
    CHECK(t.values.size() == 3);
}

TEST_CASE("chart scale: values map linearly to pixels and back, a y axis growing upwards") {
    Scale y{0, 100, 300, 100};  // 0 % at the bottom (y = 300), 100 % at the top (y = 100)
    CHECK(y.pixel(0) == doctest::Approx(300));
    CHECK(y.pixel(80) == doctest::Approx(140));  // 300 − 0.8 × 200
    CHECK(y.value(200) == doctest::Approx(50));
}

TEST_CASE("chart hover: the nearest point within the radius, none when the mouse is far") {
    std::vector<Point> points{{10, 10}, {50, 12}, {54, 40}};
    CHECK(nearestPoint(points, 52, 14, 8) == std::optional<size_t>(1));  // 2.8 px from #1, 26 from #2
    CHECK_FALSE(nearestPoint(points, 200, 200, 8).has_value());
    CHECK_FALSE(nearestPoint({}, 0, 0, 8).has_value());
}

TEST_CASE("chart hover: bar rows are hit by height, nothing above or below them") {
    CHECK(rowAt(125, 100, 20, 3) == std::optional<size_t>(1));  // 25 px down: the second row
    CHECK_FALSE(rowAt(99, 100, 20, 3).has_value());
    CHECK_FALSE(rowAt(160, 100, 20, 3).has_value());  // three rows end at 160
}

TEST_CASE("chart colours: Okabe-Ito series stay distinct and readable on either background") {
    for (bool dark : {true, false}) {
        std::set<std::tuple<float, float, float>> seen;
        for (size_t i = 0; i < seriesColourCount(dark); ++i) {
            Rgb c = seriesColour(i, dark);
            seen.insert({c.r, c.g, c.b});
            // WCAG contrast against the theme's background (dark ≈ #1e1e1e, light ≈ #f5f5f5): at least
            // 2:1 for every series colour, enough for a line or a bar (they have labels on hover too).
            const double bg = dark ? luminance({0.118f, 0.118f, 0.118f}) : luminance({0.96f, 0.96f, 0.96f});
            const double l = luminance(c);
            const double contrast = (std::max(l, bg) + 0.05) / (std::min(l, bg) + 0.05);
            INFO("series " << i << (dark ? " on dark" : " on light"));
            CHECK(contrast >= 2.0);
        }
        CHECK(seen.size() == seriesColourCount(dark));
    }
    CHECK(seriesColour(0, true).b > seriesColour(0, true).r);  // sky blue first on dark
}

TEST_CASE("chart tick labels: percent without decimals, shares with them, a real minus sign") {
    CHECK(tickLabel(80, 20, "%") == "80%");
    CHECK(tickLabel(-0.5, 0.5) == "\u22120.5");
    CHECK(tickLabel(0.25, 0.05) == "0.25");
    CHECK(tickLabel(-1e-12, 0.5) == "0.0");
}

TEST_CASE("chart lines: a long series merges into at most N groups of equal width, a short one keeps every point") {
    // Three points, room for 240: each its own group, as it was.
    auto few = groupPoints({0, 10, 20}, {50, 70, 90}, {1, 1, 1}, 240);
    REQUIRE(few.size() == 3);
    CHECK(few[1].first == 1);
    CHECK(few[1].y == 70);
    // Ten points over x 0..9 in 2 buckets of width 4.5: x 0–4 in the first, 5–9 in the second.
    std::vector<double> xs, ys, ws;
    for (int i = 0; i < 10; ++i) xs.push_back(i), ys.push_back(i * 10), ws.push_back(1);
    auto two = groupPoints(xs, ys, ws, 2);
    REQUIRE(two.size() == 2);
    CHECK(two[0].first == 0);
    CHECK(two[0].last == 4);
    CHECK(two[0].x == doctest::Approx(2));   // (0+1+2+3+4) / 5
    CHECK(two[0].y == doctest::Approx(20));  // (0+10+20+30+40) / 5
    CHECK(two[0].weight == 5);
    CHECK(two[1].first == 5);
    CHECK(two[1].y == doctest::Approx(70));
    // Weighted: a team day of 3 plays at 60 % and one of 1 play at 100 % merge to 70 %, not 80 %.
    auto days = groupPoints({0, 0.5, 2}, {60, 100, 0}, {3, 1, 1}, 2);  // x 0 and 0.5 share the first half of 0..2
    REQUIRE(days.size() == 2);
    CHECK(days[0].y == doctest::Approx(70));
    CHECK(days[0].weight == 4);
    // 100 000 points never give more groups than asked for.
    std::vector<double> manyX(100000), manyY(100000, 50), manyW(100000, 1);
    for (size_t i = 0; i < manyX.size(); ++i) manyX[i] = static_cast<double>(i) * 600;
    CHECK(groupPoints(manyX, manyY, manyW, 240).size() <= 240);
    CHECK(groupPoints({}, {}, {}, 240).empty());
}
