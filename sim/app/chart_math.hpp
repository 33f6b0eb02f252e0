// The arithmetic of the dashboards' charts, apart from any drawing: axis ticks, value-to-pixel
// scales, which point or bar the mouse is over, and the series colours. Pure (no ImGui, no
// window), so tests/test_chart_math.cpp checks it directly; charts.cpp draws with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace simdesk::app::charts {

/// Axis ticks at "nice" steps (1, 2 or 5 × 10^n) covering [lo, hi]: the axis runs from the first
/// tick to the last, so every value sits inside and every gridline has a round label.
struct Ticks {
    double lo = 0, hi = 1, step = 1;
    std::vector<double> values;  ///< lo, lo + step, …, hi
};
/// At most `maxTicks` ticks (at least 2). An empty range (lo == hi) widens to one step around it.
Ticks niceTicks(double lo, double hi, int maxTicks);

/// Ticks on a time axis in whole UTC days (1, 2, 7, 14, 30… days apart), at midnight.
Ticks dayTicks(int64_t from, int64_t to, int maxTicks);

/// A linear map from values [lo, hi] to pixels [from, to] (to < from for a y axis growing up).
struct Scale {
    double lo = 0, hi = 1;
    float from = 0, to = 1;
    float pixel(double value) const;
    double value(float pixel) const;
};

struct Point {
    float x = 0, y = 0;
};

/// The index of the point nearest (x, y) within `radius` pixels, if any: the one a tooltip is for.
std::optional<size_t> nearestPoint(const std::vector<Point>& points, float x, float y, float radius);

/// Rows of equal height `rowHeight` starting at `top`: the row under `y`, if inside `count` rows.
std::optional<size_t> rowAt(float y, float top, float rowHeight, size_t count);

/// A series colour as 0..1 RGB. The Okabe–Ito palette, which stays distinct for the common kinds of
/// colour blindness; ordered per background so the first colours have the most contrast on it
/// (no yellow on a light background, no blue-black on a dark one).
struct Rgb {
    float r = 0, g = 0, b = 0;
};
Rgb seriesColour(size_t index, bool darkBackground);
/// How many distinct series colours there are for that background.
size_t seriesColourCount(bool darkBackground);
/// Relative luminance (WCAG) of a colour, to tell a dark background from a light one.
double luminance(Rgb colour);

/// Points of one series merged into at most `buckets` groups of equal width along x, so a line of
/// 100 000 plays draws as a few hundred points (a chart has no more pixels than that to show them).
/// A series with no more points than `buckets` keeps every point, one group each.
struct PointGroup {
    size_t first = 0, last = 0;  ///< indexes of the first and last point merged, in x order
    double x = 0, y = 0;         ///< the weighted means of their x and y
    double weight = 0;           ///< the weights summed (plays behind the group)
};
/// `xs`, `ys` and `weights` are parallel, in x order; a weight of 0 counts as 1.
std::vector<PointGroup> groupPoints(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<double>& weights,
                                    size_t buckets);

/// A tick label: "80%", "2.5", "−0.5" (a real minus sign, as the rest of the app writes it).
std::string tickLabel(double value, double step, const char* suffix = "");

} // namespace simdesk::app::charts
