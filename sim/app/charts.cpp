#include "charts.hpp"

#include "chart_math.hpp"

#include "core/calendar.hpp"

#include <algorithm>
#include <cmath>

namespace simdesk::app::charts {

namespace {

ImU32 toU32(Rgb c, float alpha = 1) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, alpha)); }

/// Markers differ in shape as well as colour, so two series stay apart in grey print or for a
/// reader who cannot tell the colours apart.
void marker(ImDrawList* draw, ImVec2 at, size_t shape, float r, ImU32 colour) {
    switch (shape % 4) {
    case 0: draw->AddCircleFilled(at, r, colour); break;
    case 1: draw->AddRectFilled(ImVec2(at.x - r, at.y - r), ImVec2(at.x + r, at.y + r), colour); break;
    case 2: draw->AddTriangleFilled(ImVec2(at.x, at.y - r * 1.2f), ImVec2(at.x + r * 1.1f, at.y + r), ImVec2(at.x - r * 1.1f, at.y + r), colour); break;
    default: draw->AddQuadFilled(ImVec2(at.x, at.y - r * 1.3f), ImVec2(at.x + r * 1.3f, at.y), ImVec2(at.x, at.y + r * 1.3f), ImVec2(at.x - r * 1.3f, at.y), colour); break;
    }
}

/// One legend entry: its marker and label, placed beside the last when it fits.
void legendItem(const std::string& label, size_t index, const ChartStyle& style, bool first) {
    const float box = ImGui::GetTextLineHeight();
    const float width = box + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label.c_str()).x;
    if (!first) sameLineIfFits(width + ImGui::GetStyle().ItemSpacing.x * 2);
    ImVec2 at = ImGui::GetCursorScreenPos();
    marker(ImGui::GetWindowDrawList(), ImVec2(at.x + box / 2, at.y + box / 2), index, box * 0.3f, style.series(index));
    ImGui::Dummy(ImVec2(box, box));
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::TextUnformatted(label.c_str());
}

/// A dashed horizontal or vertical line, for a reference such as the pass mark.
void dashed(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float scale) {
    const float dash = 6 * scale, length = std::hypot(b.x - a.x, b.y - a.y);
    if (length <= 0) return;
    const ImVec2 unit((b.x - a.x) / length, (b.y - a.y) / length);
    for (float t = 0; t < length; t += dash * 2) {
        float end = std::min(length, t + dash);
        draw->AddLine(ImVec2(a.x + unit.x * t, a.y + unit.y * t), ImVec2(a.x + unit.x * end, a.y + unit.y * end), colour, 1.5f * scale);
    }
}

/// The legend entry of a reference line: a dashed sample and its label.
void referenceLegend(const std::string& label, const ChartStyle& style, bool first) {
    if (!first) sameLineIfFits(ImGui::CalcTextSize(label.c_str()).x + 40 * style.scale);
    ImVec2 at = ImGui::GetCursorScreenPos();
    const float mid = at.y + ImGui::GetTextLineHeight() / 2;
    dashed(ImGui::GetWindowDrawList(), ImVec2(at.x, mid), ImVec2(at.x + 20 * style.scale, mid), style.reference, style.scale);
    ImGui::Dummy(ImVec2(20 * style.scale, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::TextUnformatted(label.c_str());
}

std::string dayLabel(double at) { return isoDate(static_cast<int64_t>(at)).substr(5); }  // "12-03": the year is in the filter

} // namespace

ImU32 ChartStyle::series(size_t index) const { return toU32(seriesColour(index, darkBackground)); }

ChartStyle chartStyle(const FrameContext& ctx) {
    ChartStyle s;
    s.scale = ctx.scale;
    const ImVec4 bg = ctx.palette.clearColour;
    s.darkBackground = luminance({bg.x, bg.y, bg.z}) < 0.3;
    s.text = ImGui::ColorConvertFloat4ToU32(ctx.palette.text);
    s.muted = ImGui::ColorConvertFloat4ToU32(ctx.palette.muted);
    ImVec4 grid = ctx.palette.muted;
    grid.w = 0.25f;
    s.grid = ImGui::ColorConvertFloat4ToU32(grid);
    s.axis = ImGui::ColorConvertFloat4ToU32(ctx.palette.muted);
    s.reference = ImGui::ColorConvertFloat4ToU32(ctx.palette.bad);
    s.background = ImGui::GetColorU32(ImGuiCol_WindowBg);
    return s;
}

void lineChart(const char* id, const std::vector<LineSeries>& series, const LineChartSpec& spec, ImVec2 size, const ChartStyle& style) {
    ImGui::PushID(id);
    for (size_t i = 0; i < series.size(); ++i) legendItem(series[i].label, series[i].colour, style, i == 0);
    if (spec.reference) referenceLegend(spec.referenceLabel, style, series.empty());
    ImGui::TextDisabled("%s", spec.yLabel.c_str());

    const float line = ImGui::GetTextLineHeight();
    if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("plot", size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();

    Ticks y = niceTicks(spec.yMin, spec.yMax, std::max(2, static_cast<int>(size.y / (line * 2.2f))));
    float labelWidth = 0;
    for (double v : y.values) labelWidth = std::max(labelWidth, ImGui::CalcTextSize(tickLabel(v, y.step, spec.ySuffix).c_str()).x);
    const ImVec2 plotMin(origin.x + labelWidth + 8 * style.scale, origin.y + line / 2);
    const ImVec2 plotMax(origin.x + size.x - 8 * style.scale, origin.y + size.y - line * 2.4f);
    Scale ys{y.lo, y.hi, plotMax.y, plotMin.y};

    double x0 = 0, x1 = 1;
    bool any = false;
    for (const auto& s : series)
        for (const auto& p : s.points) {
            x0 = any ? std::min(x0, p.x) : p.x;
            x1 = any ? std::max(x1, p.x) : p.x;
            any = true;
        }
    const float dayWidth = ImGui::CalcTextSize("00-00").x * 1.6f;
    Ticks x = spec.timeAxis ? dayTicks(static_cast<int64_t>(x0), static_cast<int64_t>(x1), std::max(2, static_cast<int>((plotMax.x - plotMin.x) / dayWidth)))
                            : niceTicks(x0, x1, 6);
    Scale xs{x.lo, x.hi, plotMin.x, plotMax.x};

    for (double v : y.values) {
        const float py = ys.pixel(v);
        draw->AddLine(ImVec2(plotMin.x, py), ImVec2(plotMax.x, py), style.grid);
        std::string label = tickLabel(v, y.step, spec.ySuffix);
        draw->AddText(ImVec2(plotMin.x - 6 * style.scale - ImGui::CalcTextSize(label.c_str()).x, py - line / 2), style.muted, label.c_str());
    }
    for (double v : x.values) {
        const float px = xs.pixel(v);
        draw->AddLine(ImVec2(px, plotMax.y), ImVec2(px, plotMax.y + 4 * style.scale), style.axis);
        std::string label = spec.timeAxis ? dayLabel(v) : tickLabel(v, x.step);
        const float w = ImGui::CalcTextSize(label.c_str()).x;
        draw->AddText(ImVec2(std::clamp(px - w / 2, origin.x, origin.x + size.x - w), plotMax.y + 5 * style.scale), style.muted, label.c_str());
    }
    draw->AddLine(ImVec2(plotMin.x, plotMax.y), ImVec2(plotMax.x, plotMax.y), style.axis);
    draw->AddLine(ImVec2(plotMin.x, plotMin.y), ImVec2(plotMin.x, plotMax.y), style.axis);
    const float xLabelWidth = ImGui::CalcTextSize(spec.xLabel.c_str()).x;
    draw->AddText(ImVec2((plotMin.x + plotMax.x - xLabelWidth) / 2, plotMax.y + line * 1.3f), style.muted, spec.xLabel.c_str());
    if (spec.reference)
        dashed(draw, ImVec2(plotMin.x, ys.pixel(*spec.reference)), ImVec2(plotMax.x, ys.pixel(*spec.reference)), style.reference, style.scale);

    std::vector<Point> pixels;
    std::vector<std::pair<size_t, size_t>> owner;  // pixel index → (series, point)
    const float r = 3.5f * style.scale;
    for (size_t si = 0; si < series.size(); ++si) {
        const auto& s = series[si];
        std::vector<ImVec2> path;
        for (size_t pi = 0; pi < s.points.size(); ++pi) {
            ImVec2 at(xs.pixel(s.points[pi].x), ys.pixel(s.points[pi].y));
            path.push_back(at);
            pixels.push_back({at.x, at.y});
            owner.emplace_back(si, pi);
        }
        if (path.size() > 1) draw->AddPolyline(path.data(), static_cast<int>(path.size()), style.series(s.colour), 0, 2 * style.scale);
        for (const ImVec2& at : path) marker(draw, at, s.colour, r, style.series(s.colour));
    }
    if (hovered) {
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (auto hit = nearestPoint(pixels, mouse.x, mouse.y, 10 * style.scale)) {
            const auto [si, pi] = owner[*hit];
            const ImVec2 at(pixels[*hit].x, pixels[*hit].y);
            draw->AddCircle(at, r * 2, style.text, 0, 1.5f * style.scale);
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(series[si].label.c_str());
            ImGui::TextUnformatted(series[si].points[pi].tip.c_str());
            ImGui::EndTooltip();
        }
    }
    ImGui::PopID();
}

/// Every bar a whole number (counts of people or plays): its axis is ticked in whole steps.
static bool allWhole(const std::vector<BarRow>& rows) {
    for (const auto& row : rows)
        for (const auto& bar : row.bars)
            if (!bar.missing && bar.value != std::floor(bar.value)) return false;
    return true;
}

void barChart(const char* id, const std::vector<BarRow>& rows, const BarChartSpec& spec, float width, const ChartStyle& style) {
    ImGui::PushID(id);
    for (size_t i = 0; i < spec.legend.size(); ++i) legendItem(spec.legend[i], i, style, i == 0);
    if (spec.reference && !spec.referenceLabel.empty()) referenceLegend(spec.referenceLabel, style, spec.legend.empty());
    const float line = ImGui::GetTextLineHeight();
    const size_t perRow = std::max<size_t>(1, spec.legend.size());
    const float barHeight = perRow == 1 ? line : line * 0.75f;
    const float rowHeight = barHeight * perRow + 6 * style.scale;
    if (width <= 0) width = ImGui::GetContentRegionAvail().x;
    float labelWidth = 0;
    for (const auto& row : rows) labelWidth = std::max(labelWidth, ImGui::CalcTextSize(("★ " + row.label).c_str()).x);
    labelWidth = std::min(labelWidth + 8 * style.scale, width * 0.42f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, rowHeight * rows.size() + line * 2.6f);
    ImGui::InvisibleButton("bars", size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float right = origin.x + width - ImGui::CalcTextSize("100%").x / 2 - 4 * style.scale;
    const float left = origin.x + labelWidth;
    const float bottom = origin.y + rowHeight * rows.size();
    const float tickWidth = ImGui::CalcTextSize("−0.00").x * 1.8f;
    Ticks t = niceTicks(spec.min, spec.max, std::max(2, std::min(11, static_cast<int>((right - left) / tickWidth))));
    if (t.step < 1 && spec.factor == 1 && *spec.suffix == '\0' && allWhole(rows))
        t = niceTicks(spec.min, std::max(spec.max, spec.min + 1), static_cast<int>(std::ceil(std::max(spec.max - spec.min, 1.0))) + 1);
    Scale xs{t.lo, t.hi, left, right};

    for (double v : t.values) {
        const float px = xs.pixel(v);
        draw->AddLine(ImVec2(px, origin.y), ImVec2(px, bottom), v == 0 ? style.axis : style.grid);
        std::string label = tickLabel(v * spec.factor, t.step * spec.factor, spec.suffix);
        const float w = ImGui::CalcTextSize(label.c_str()).x;
        draw->AddText(ImVec2(std::min(px - w / 2, origin.x + width - w), bottom + 4 * style.scale), style.muted, label.c_str());
    }
    draw->AddLine(ImVec2(left, bottom), ImVec2(right, bottom), style.axis);
    const float valueWidth = ImGui::CalcTextSize(spec.valueLabel.c_str()).x;
    draw->AddText(ImVec2((left + right - valueWidth) / 2, bottom + line * 1.3f), style.muted, spec.valueLabel.c_str());
    if (spec.reference) dashed(draw, ImVec2(xs.pixel(*spec.reference), origin.y), ImVec2(xs.pixel(*spec.reference), bottom), style.reference, style.scale);

    const float zero = xs.pixel(std::clamp(0.0, t.lo, t.hi));
    for (size_t ri = 0; ri < rows.size(); ++ri) {
        const BarRow& row = rows[ri];
        const float top = origin.y + rowHeight * ri + 3 * style.scale;
        const std::string label = ellipsize((row.marked ? "★ " : "") + row.label, labelWidth - 8 * style.scale);
        draw->AddText(ImVec2(origin.x, top + (barHeight * perRow - line) / 2), style.text, label.c_str());
        for (size_t bi = 0; bi < row.bars.size(); ++bi) {
            const Bar& bar = row.bars[bi];
            const float y0 = top + barHeight * bi, y1 = y0 + barHeight - 2 * style.scale;
            if (bar.missing) {
                // On the window's colour, so the grid does not run through the words.
                const std::string note = ellipsize(bar.tip, right - left - 8 * style.scale);
                const ImVec2 at(left + 4 * style.scale, y0 + (barHeight - line) / 2);
                const ImVec2 extent = ImGui::CalcTextSize(note.c_str());
                draw->AddRectFilled(ImVec2(at.x - 2 * style.scale, at.y), ImVec2(at.x + extent.x + 2 * style.scale, at.y + extent.y), style.background);
                draw->AddText(at, style.muted, note.c_str());
                continue;
            }
            const float end = xs.pixel(std::clamp(bar.value, t.lo, t.hi));
            draw->AddRectFilled(ImVec2(std::min(zero, end), y0), ImVec2(std::max(zero, end), y1), style.series(bi));
            if (bar.interval) {
                const float a = xs.pixel(std::clamp(bar.interval->first, t.lo, t.hi)), b = xs.pixel(std::clamp(bar.interval->second, t.lo, t.hi));
                const float mid = (y0 + y1) / 2;
                draw->AddLine(ImVec2(a, mid), ImVec2(b, mid), style.text, 1.5f * style.scale);
                draw->AddLine(ImVec2(a, y0 + 2), ImVec2(a, y1 - 2), style.text, 1.5f * style.scale);
                draw->AddLine(ImVec2(b, y0 + 2), ImVec2(b, y1 - 2), style.text, 1.5f * style.scale);
            }
        }
    }
    if (hovered) {
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (auto ri = rowAt(mouse.y, origin.y, rowHeight, rows.size())) {
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(((rows[*ri].marked ? "★ " : "") + rows[*ri].label).c_str());
            for (size_t bi = 0; bi < rows[*ri].bars.size(); ++bi) {
                const std::string who = bi < spec.legend.size() ? spec.legend[bi] + ": " : "";
                ImGui::Text("%s%s", who.c_str(), rows[*ri].bars[bi].tip.c_str());
            }
            ImGui::EndTooltip();
        }
    }
    ImGui::PopID();
}

} // namespace simdesk::app::charts
