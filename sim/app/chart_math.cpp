#include "chart_math.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace simdesk::app::charts {

namespace {

constexpr int64_t kDay = 86400;

/// The smallest 1, 2 or 5 × 10^n step that covers `span` in at most `intervals` steps.
double niceStep(double span, int intervals) {
    double raw = span / std::max(1, intervals);
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
    return 10 * magnitude;
}

} // namespace

Ticks niceTicks(double lo, double hi, int maxTicks) {
    if (hi < lo) std::swap(lo, hi);
    maxTicks = std::max(2, maxTicks);
    if (hi - lo < 1e-12) {
        // One value: a step around it, so the point is drawn mid-chart rather than on an edge.
        double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
        lo -= pad;
        hi += pad;
    }
    Ticks t;
    t.step = niceStep(hi - lo, maxTicks - 1);
    // The step may need one more interval once both ends are rounded outwards.
    while (true) {
        t.lo = std::floor(lo / t.step + 1e-9) * t.step;
        t.hi = std::ceil(hi / t.step - 1e-9) * t.step;
        if (std::lround((t.hi - t.lo) / t.step) + 1 <= maxTicks) break;
        t.step = niceStep(t.step * 1.01, 1);
    }
    long n = std::lround((t.hi - t.lo) / t.step);
    for (long i = 0; i <= n; ++i) t.values.push_back(t.lo + i * t.step);
    return t;
}

Ticks dayTicks(int64_t from, int64_t to, int maxTicks) {
    if (to < from) std::swap(from, to);
    maxTicks = std::max(2, maxTicks);
    int64_t first = from - ((from % kDay) + kDay) % kDay;
    int64_t last = to - ((to % kDay) + kDay) % kDay;
    if (last < to || last == first) last += kDay;  // the last day's plays sit inside the axis
    Ticks t;
    for (int64_t days : {1, 2, 7, 14, 30, 60, 91, 182, 365, 730}) {
        t.step = static_cast<double>(days * kDay);
        if ((last - first + days * kDay - 1) / (days * kDay) + 1 <= maxTicks) break;
    }
    const int64_t step = static_cast<int64_t>(t.step);
    t.lo = static_cast<double>(first);
    int64_t end = first;
    while (end < last) end += step;
    t.hi = static_cast<double>(end);
    for (int64_t at = first; at <= end; at += step) t.values.push_back(static_cast<double>(at));
    return t;
}

float Scale::pixel(double v) const {
    if (hi == lo) return (from + to) / 2;
    return from + static_cast<float>((v - lo) / (hi - lo)) * (to - from);
}

double Scale::value(float p) const {
    if (to == from) return lo;
    return lo + static_cast<double>(p - from) / (to - from) * (hi - lo);
}

std::optional<size_t> nearestPoint(const std::vector<Point>& points, float x, float y, float radius) {
    std::optional<size_t> best;
    float bestDistance = radius * radius;
    for (size_t i = 0; i < points.size(); ++i) {
        float dx = points[i].x - x, dy = points[i].y - y;
        float d = dx * dx + dy * dy;
        if (d <= bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}

std::optional<size_t> rowAt(float y, float top, float rowHeight, size_t count) {
    if (rowHeight <= 0 || y < top) return std::nullopt;
    auto row = static_cast<size_t>((y - top) / rowHeight);
    if (row >= count) return std::nullopt;
    return row;
}

namespace {

constexpr Rgb rgb(int hex) {
    return {((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f, (hex & 0xff) / 255.0f};
}

// Okabe & Ito (2008), "Color Universal Design". Black is left out: it is the text colour of one
// background and invisible on the other.
constexpr Rgb kOnDark[] = {rgb(0x56B4E9), rgb(0xE69F00), rgb(0x009E73), rgb(0xCC79A7), rgb(0xF0E442), rgb(0xD55E00)};
constexpr Rgb kOnLight[] = {rgb(0x0072B2), rgb(0xD55E00), rgb(0x009E73), rgb(0xCC79A7), rgb(0xE69F00)};

} // namespace

size_t seriesColourCount(bool darkBackground) {
    return darkBackground ? std::size(kOnDark) : std::size(kOnLight);
}

Rgb seriesColour(size_t index, bool darkBackground) {
    return darkBackground ? kOnDark[index % std::size(kOnDark)] : kOnLight[index % std::size(kOnLight)];
}

double luminance(Rgb c) {
    auto linear = [](float v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

std::string tickLabel(double value, double step, const char* suffix) {
    int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    if (std::abs(value) < step * 1e-6) value = 0;  // no "-0"
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f%s", std::min(decimals, 6), std::abs(value), suffix);
    return (value < 0 ? std::string("\u2212") : std::string()) + buffer;
}

std::vector<PointGroup> groupPoints(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<double>& weights,
                                    size_t buckets) {
    std::vector<PointGroup> out;
    const size_t n = std::min({xs.size(), ys.size(), weights.size()});
    if (n == 0) return out;
    const bool keepAll = n <= std::max<size_t>(buckets, 1);
    const double lo = xs.front(), span = xs[n - 1] - xs.front();
    size_t current = SIZE_MAX;
    for (size_t i = 0; i < n; ++i) {
        size_t bucket = i;
        if (!keepAll)
            bucket = span > 0 ? std::min(buckets - 1, static_cast<size_t>((xs[i] - lo) / span * static_cast<double>(buckets))) : 0;
        const double w = weights[i] > 0 ? weights[i] : 1;
        if (out.empty() || bucket != current) {
            out.push_back({i, i, 0, 0, 0});
            current = bucket;
        }
        PointGroup& g = out.back();
        g.last = i;
        g.x += xs[i] * w;
        g.y += ys[i] * w;
        g.weight += w;
    }
    for (auto& g : out) g.x /= g.weight, g.y /= g.weight;
    return out;
}

} // namespace simdesk::app::charts
