// The Reviews screen's report of a revealed round or calibration session: where the graders agree
// criterion by criterion, each criterion's reliability with its bootstrap 95 % interval drawn as a
// point and whisker on one shared alpha axis (-1 to 1), percent agreement and Gwet's AC1/AC2, the
// automatic scorer as one more rater, and each grader's alignment with the session's benchmark.
// Figures below the documented minimum of pairable grades read "not enough data" instead of a
// number (docs/calibration.md). Every drawn figure gives its values on hover.
#include "ui.hpp"

#include <algorithm>
#include <cstdio>

namespace simdesk::app {

namespace {

constexpr float kAxisLow = -1, kAxisHigh = 1;  ///< alpha's axis, shared by every criterion's bar

ImU32 colourU32(ImVec4 c, float alpha = 1) { return ImGui::GetColorU32(ImVec4(c.x, c.y, c.z, c.w * alpha)); }

ImVec4 alphaColour(const FrameContext& ctx, double alpha) {
    return alpha >= 0.8 ? ctx.palette.good : alpha >= kTentativeAlpha ? ctx.palette.warn : ctx.palette.bad;
}

const char* alphaReading(double alpha) { return alpha >= 0.8 ? "reliable" : alpha >= kTentativeAlpha ? "tentative" : "low"; }

/// x of `value` on the shared axis drawn from `left` over `width` (values outside it sit at its ends).
float axisX(double value, float left, float width) {
    double t = (std::clamp(value, double(kAxisLow), double(kAxisHigh)) - kAxisLow) / (kAxisHigh - kAxisLow);
    return left + float(t) * width;
}

/// The axis's labels (-1, 0, 1) over the column of bars.
void axisLabels(const FrameContext& ctx, float left, float width) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float y = ImGui::GetCursorScreenPos().y;
    const struct {
        double at;
        const char* text;
    } ticks[] = {{-1, "-1"}, {0, "0"}, {1, "1"}};  // 0.8 is the shaded band's edge: a label there would touch "1"
    for (const auto& t : ticks) {
        float w = ImGui::CalcTextSize(t.text).x;
        float x = std::clamp(axisX(t.at, left, width) - w / 2, left, left + width - w);
        draw->AddText(ImVec2(x, y), colourU32(ctx.palette.muted), t.text);
    }
    ImGui::Dummy(ImVec2(1, ImGui::GetTextLineHeight()));
}

/// One criterion's alpha as a point with its 95 % interval as a whisker, over the axis with 0 and
/// the reliable band (0.8 to 1) marked. An invisible item under it takes the hover.
void intervalBar(FrameContext& ctx, const CriterionReliability& r, float width) {
    const float height = ImGui::GetFrameHeight();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(("interval-" + r.criterionId).c_str(), ImVec2(std::max(width, 8.0f), height));
    probe(ctx, "interval:" + r.criterionId);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float pad = 4 * ctx.scale, left = at.x + pad, span = std::max(width - 2 * pad, 4.0f), mid = at.y + height / 2;
    // The reliable band, the axis, and its zero.
    draw->AddRectFilled(ImVec2(axisX(0.8, left, span), at.y + 2), ImVec2(axisX(1, left, span), at.y + height - 2),
                        colourU32(ctx.palette.good, 0.18f));
    draw->AddLine(ImVec2(left, mid), ImVec2(left + span, mid), colourU32(ctx.palette.muted, 0.7f), 1);
    draw->AddLine(ImVec2(axisX(0, left, span), at.y + 3), ImVec2(axisX(0, left, span), at.y + height - 3),
                  colourU32(ctx.palette.muted), 1);
    if (!r.alpha) return;
    const ImU32 ink = colourU32(alphaColour(ctx, r.alpha->alpha));
    const float thick = std::max(2.0f, 2 * ctx.scale), cap = height * 0.28f;
    if (r.interval) {
        float lo = axisX(r.interval->low, left, span), hi = axisX(r.interval->high, left, span);
        draw->AddLine(ImVec2(lo, mid), ImVec2(hi, mid), ink, thick);
        draw->AddLine(ImVec2(lo, mid - cap), ImVec2(lo, mid + cap), ink, thick);
        draw->AddLine(ImVec2(hi, mid - cap), ImVec2(hi, mid + cap), ink, thick);
    }
    // The point, ringed in the text colour so it reads on the band and on the whisker alike.
    const float radius = std::max(4.0f, 4 * ctx.scale);
    const ImVec2 point(axisX(r.alpha->alpha, left, span), mid);
    draw->AddCircleFilled(point, radius, ink);
    draw->AddCircle(point, radius, colourU32(ctx.palette.text), 0, 1.5f);
}

std::string percentText(double share) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.0f%%", 100 * share);
    return buffer;
}

/// The hover of a criterion's row: every figure in words, as the command line prints it.
void reliabilityTooltip(const CriterionReliability& r) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::TextUnformatted(reliabilityLine(r).c_str());
    if (r.alpha && r.interval)
        ImGui::Text("alpha %.3f (%s) · 95%% interval %.3f to %.3f (%d resamples)", r.alpha->alpha, alphaReading(r.alpha->alpha),
                    r.interval->low, r.interval->high, r.interval->samples);
    ImGui::TextUnformatted(automaticRaterLine(r).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

/// One criterion: its name on a line of its own (a narrow pane keeps it whole); alpha, or why there
/// is none, beside the interval bar; percent agreement, AC1/AC2 and the counts on the next line; the
/// automatic scorer's row under them.
void reliabilityRow(FrameContext& ctx, const CriterionReliability& r, float barLeft) {
    ImGui::PushID(r.criterionId.c_str());
    const float avail = ImGui::GetContentRegionAvail().x;
    const std::string title = r.title + (r.levels <= 2 ? " (yes/no)" : " (" + std::to_string(r.levels) + " levels)");
    ImGui::TextUnformatted(ellipsize(title, avail).c_str());
    bool hovered = ImGui::IsItemHovered();
    const float start = ImGui::GetCursorPosX();
    if (!r.enoughData) {
        mutedLine(ctx, "not enough data");
        hovered = hovered || ImGui::IsItemHovered();
        ImGui::SameLine(start + barLeft);
        mutedLine(ctx, "%d grades; %d needed", r.pairable, kMinPairableValues);
        hovered = hovered || ImGui::IsItemHovered();
    } else {
        if (r.alpha) ImGui::TextColored(alphaColour(ctx, r.alpha->alpha), "%.2f", r.alpha->alpha);
        else mutedLine(ctx, "n/a");
        hovered = hovered || ImGui::IsItemHovered();
        ImGui::SameLine(start + barLeft);
        intervalBar(ctx, r, avail - barLeft);
        hovered = hovered || ImGui::IsItemHovered();
    }
    std::string details;
    if (r.enoughData && !r.alpha) details = "alpha not defined (every grade the same) · ";
    if (r.percentAgreement) details += "agree " + percentText(*r.percentAgreement);
    if (r.gwet) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, " · %s %.2f", r.levels <= 2 ? "AC1" : "AC2", r.gwet->value);
        details += buffer;
    }
    if (r.alpha && r.interval) {
        char buffer[48];
        std::snprintf(buffer, sizeof buffer, " · 95%% %.2f to %.2f", r.interval->low, r.interval->high);
        details += buffer;
    }
    details += (details.empty() ? "" : " · ") + std::to_string(r.conversations) + " conversation" + (r.conversations == 1 ? "" : "s");
    ImGui::Indent();
    ImGui::PushTextWrapPos(0);
    mutedText(ctx, "%s", details.c_str());
    hovered = hovered || ImGui::IsItemHovered();
    // The automatic scorer as one more rater: alpha against the people's consensus, and its lean.
    std::string scorer = "scorer vs people: ";
    if (r.automaticPairable < kMinPairableValues) {
        scorer += "not enough data (" + std::to_string(r.automaticPairable) + " values)";
    } else {
        char buffer[64];
        if (r.automaticAlpha) std::snprintf(buffer, sizeof buffer, "alpha %.2f", *r.automaticAlpha);
        else std::snprintf(buffer, sizeof buffer, "alpha not defined");
        scorer += buffer;
    }
    if (r.automaticLean) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, " · lean %+.2f (%s)", *r.automaticLean,
                      *r.automaticLean > 0 ? "more lenient" : *r.automaticLean < 0 ? "harsher" : "in line");
        scorer += buffer;
    }
    if (r.automaticFlagged) {
        pill("check the rule", ctx.palette.warn);
        ImGui::SameLine();
    }
    mutedText(ctx, "%s", scorer.c_str());
    hovered = hovered || ImGui::IsItemHovered();
    ImGui::PopTextWrapPos();
    ImGui::Unindent();
    if (hovered) reliabilityTooltip(r);
    ImGui::Spacing();
    ImGui::PopID();
}

} // namespace

void drawReliability(FrameContext& ctx, const std::vector<CriterionReliability>& rows) {
    if (rows.empty()) return mutedText(ctx, "No criterion was graded.");
    const float avail = ImGui::GetContentRegionAvail().x;
    // The figure (or "not enough data") first, then the bars over the rest: every axis is the same.
    const float barLeft = std::min(ImGui::CalcTextSize("not enough data").x + ImGui::GetStyle().ItemSpacing.x * 2, avail * 0.5f);
    const float start = ImGui::GetCursorPosX();
    mutedLine(ctx, "alpha");
    ImGui::SameLine(start + barLeft);
    axisLabels(ctx, ImGui::GetCursorScreenPos().x + 4 * ctx.scale, std::max(avail - barLeft - 8 * ctx.scale, 4.0f));
    for (const auto& r : rows) reliabilityRow(ctx, r, barLeft);
}

void drawAlignment(FrameContext& ctx, const std::string& benchmark, const std::vector<GraderAlignment>& alignment) {
    heading(ctx, ("Alignment with the benchmark, " + benchmark).c_str());
    mutedText(ctx, "The share of criteria within the allowed distance: exact for yes/no, one level for levelled ones.");
    if (alignment.empty()) return mutedText(ctx, "The benchmark graded nothing yet, so no one is compared.");
    const float nameWidth = std::min(ImGui::GetContentRegionAvail().x * 0.35f, 200 * ctx.scale);
    for (const auto& g : alignment) {
        ImGui::PushID(g.grader.c_str());
        const float start = ImGui::GetCursorPosX();
        ImGui::TextUnformatted(ellipsize(g.grader, nameWidth - ImGui::GetStyle().ItemSpacing.x).c_str());
        ImGui::SameLine(start + nameWidth);
        char overlay[48];
        if (g.overall()) std::snprintf(overlay, sizeof overlay, "%.0f%% (%d of %d)", 100 * *g.overall(), g.aligned, g.compared);
        else std::snprintf(overlay, sizeof overlay, "nothing compared");
        scoreBar(ctx, static_cast<float>(g.overall().value_or(0)), overlay);
        probe(ctx, "alignment:" + g.grader);
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::Text("%s against %s: %s", g.grader.c_str(), benchmark.c_str(), overlay);
            for (const auto& c : g.criteria)
                ImGui::Text("%s: %d of %d within %d level%s", c.title.c_str(), c.aligned, c.compared, c.allowed, c.allowed == 1 ? "" : "s");
            ImGui::EndTooltip();
        }
        std::string line;
        for (const auto& c : g.criteria)
            line += (line.empty() ? "" : " · ") + c.title + " " + std::to_string(c.aligned) + "/" + std::to_string(c.compared);
        ImGui::Indent();
        ImGui::PushTextWrapPos(0);
        mutedText(ctx, "%s", line.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Unindent();
        ImGui::PopID();
    }
}

void drawReliabilityExplanations(const FrameContext& ctx) {
    ImGui::PushTextWrapPos(0);
    for (const auto& e : reliabilityExplanations())
        mutedText(ctx, "%.*s: %.*s", int(e.figure.size()), e.figure.data(), int(e.meaning.size()), e.meaning.data());
    ImGui::PopTextWrapPos();
}

} // namespace simdesk::app
