// The dashboards' charts, drawn with ImGui's draw lists (Debian has no ImPlot): a line chart over
// time and horizontal bar charts, each with labelled axes, a legend and the value under the mouse
// in a tooltip. The arithmetic is in chart_math.hpp; this file only draws with it.
#pragma once

#include "ui.hpp"

#include <optional>
#include <string>
#include <vector>

namespace simdesk::app::charts {

/// Colours and sizes shared by every chart on screen, from the theme in use.
struct ChartStyle {
    float scale = 1;
    ImU32 text = 0, muted = 0, grid = 0, axis = 0, reference = 0, background = 0;
    bool darkBackground = true;
    ImU32 series(size_t index) const;
};
ChartStyle chartStyle(const FrameContext& ctx);

struct LinePoint {
    double x = 0, y = 0;
    std::string tip;  ///< the tooltip's text for this point
};

struct LineSeries {
    std::string label;
    std::vector<LinePoint> points;  ///< in x order
    size_t colour = 0;              ///< index into the series colours; the marker shape follows it too
};

struct LineChartSpec {
    std::string xLabel, yLabel;
    double yMin = 0, yMax = 100;
    const char* ySuffix = "";
    std::optional<double> reference;  ///< a horizontal line, e.g. the pass mark
    std::string referenceLabel;
    bool timeAxis = true;  ///< x values are seconds since the epoch, labelled as dates
};

/// A line chart of `size` (width -1: the whole row) with a legend above it.
void lineChart(const char* id, const std::vector<LineSeries>& series, const LineChartSpec& spec, ImVec2 size,
               const ChartStyle& style);

struct Bar {
    double value = 0;
    std::optional<std::pair<double, double>> interval;  ///< a whisker, e.g. a 95 % interval
    std::string tip;
    bool missing = false;  ///< no value: the row shows `tip` as a note instead of a bar
};

struct BarRow {
    std::string label;
    std::vector<Bar> bars;  ///< one per series, in legend order
    bool marked = false;    ///< drawn with a ★ before its label (the best choice)
};

struct BarChartSpec {
    std::string valueLabel;
    std::vector<std::string> legend;  ///< series names (none: one series, no legend)
    double min = 0, max = 1;
    const char* suffix = "";
    double factor = 1;  ///< tick labels show value × factor (shares as percent)
    std::optional<double> reference;
    std::string referenceLabel;
};

/// Horizontal bars, one row per label, the series of a row side by side; as tall as its rows.
void barChart(const char* id, const std::vector<BarRow>& rows, const BarChartSpec& spec, float width, const ChartStyle& style);

} // namespace simdesk::app::charts
