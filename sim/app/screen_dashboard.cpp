// Dashboards: the figures a lead reads at a glance (score trends, weakest criteria, the choices
// that tempt, time to certify, calibration), one tab each, over the filter bar and the Export
// button. A trainee sees the same tabs with only their own plays. The figures are the ones
// `simdesk report` prints (core/insights); this file only lays them out.
#include "charts.hpp"
#include "chart_math.hpp"
#include "ui.hpp"

#include "core/calendar.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace simdesk::app {

namespace {

using namespace charts;

std::string format(const char* fmt, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, fmt, value);
    return buffer;
}

/// A combo over (value, label) pairs with `any` (no filter) first; true when the pick changed. The
/// combo's name is in its preview ("Track", "Track: New hire"), so no label beside it takes the row's width.
bool pickOne(const char* id, const char* name, std::string& value, const std::vector<std::pair<std::string, std::string>>& options,
             float width, const char* any = "any") {
    // Unfiltered, the picker shows its name alone ("Track"); filtered, what it keeps ("Track: New hire").
    std::string preview = name;
    for (const auto& [v, l] : options)
        if (v == value && !value.empty()) preview = std::string(name) + ": " + l;
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(id, ellipsize(preview, width - ImGui::GetFrameHeight() - ImGui::GetStyle().FramePadding.x * 2).c_str())) {
        if (ImGui::Selectable(any, value.empty())) value.clear(), changed = true;
        for (const auto& [v, l] : options) {
            ImGui::PushID(v.c_str());
            if (ImGui::Selectable(l.c_str(), v == value)) value = v, changed = true;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered() && ImGui::CalcTextSize(preview.c_str()).x > width - ImGui::GetFrameHeight()) ImGui::SetTooltip("%s", preview.c_str());
    return changed;
}

void drawDashboardFilters(AppModel& model, FrameContext& ctx) {
    DashboardState& d = model.dashboard();
    const ImGuiStyle& style = ImGui::GetStyle();
    // Wide enough for the hint as well as a date. The hint in lower case, which is narrower: the
    // filter bar fits one row at 100 % text in a 1024-pixel window with it.
    const char* hint = "yyyy-mm-dd";
    const float date = std::max(ImGui::CalcTextSize("2026-12-31").x, ImGui::CalcTextSize(hint).x) + style.FramePadding.x * 2;
    const float dates = ImGui::CalcTextSize("From").x + ImGui::CalcTextSize("to").x + 2 * date + 2 * style.ItemInnerSpacing.x +
                        style.ItemSpacing.x;
    const float buttons = buttonWidth("Apply") + buttonWidth("Export…") + 2 * style.ItemSpacing.x;
    // The pickers in the order drawn; each at least as wide as its unfiltered preview ("Track")
    // with its arrow. Where they fit on one row with the dates and buttons (100 % text in a
    // 1024-pixel window) they share the row's spare width; else the bar takes two rows, the dates
    // and half the pickers above, the rest and the buttons below.
    std::vector<const char*> pickers = {"Track"};
    if (!d.ownOnly) {
        pickers.push_back("Trainee");
        if (!d.teams.empty()) pickers.push_back("Team");
    }
    pickers.push_back("Scenario");
    const float avail = ImGui::GetContentRegionAvail().x, gap = style.ItemSpacing.x;
    std::vector<float> widths;
    for (const char* name : pickers)
        widths.push_back(ImGui::CalcTextSize(name).x + ImGui::GetFrameHeight() +
                         style.FramePadding.x * 2 + 1);  // a pixel spare, so rounding never wraps one
    auto sum = [&](size_t from, size_t to) {
        float total = 0;
        for (size_t i = from; i < to; ++i) total += widths[i] + gap;
        return total;
    };
    const size_t n = widths.size(), top = (n + 1) / 2;
    // Two item gaps kept free: what sameLineIfFits adds before the buttons, and rounding.
    float spare = (avail - dates - buttons - sum(0, n) - 2 * gap) / static_cast<float>(n);
    if (spare < 0)
        spare = std::min((avail - dates - sum(0, top)) / static_cast<float>(top),
                         (avail - buttons - sum(top, n)) / static_cast<float>(n - top));
    for (auto& w : widths) w = std::min(w + std::max(0.0f, spare), std::max(w, 240 * ctx.scale));
    bool apply = false;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("From");
    ImGui::SameLine(0, style.ItemInnerSpacing.x);
    ImGui::SetNextItemWidth(date);
    apply |= ImGui::InputTextWithHint("##since", hint, &d.filter.since, ImGuiInputTextFlags_EnterReturnsTrue);
    probe(ctx, "dash-since");
    ImGui::SameLine();
    ImGui::TextUnformatted("to");
    ImGui::SameLine(0, style.ItemInnerSpacing.x);
    ImGui::SetNextItemWidth(date);
    apply |= ImGui::InputTextWithHint("##until", hint, &d.filter.until, ImGuiInputTextFlags_EnterReturnsTrue);
    std::vector<std::pair<std::string, std::string>> tracks, scenarios, trainees, teams;
    for (const auto& t : model.library().tracks) tracks.emplace_back(t->id, t->title);
    for (const auto& s : model.library().scenarios)
        if (s->variantOf.empty()) scenarios.emplace_back(s->id, s->title);
    for (const auto& name : d.trainees) trainees.emplace_back(name, name);
    for (const auto& t : d.teams) teams.emplace_back(t, t);
    size_t next = 0;
    sameLineIfFits(widths[next]);
    apply |= pickOne("##track", "Track", d.filter.track, tracks, widths[next++]);
    if (!d.ownOnly) {
        sameLineIfFits(widths[next]);
        apply |= pickOne("##trainee", "Trainee", d.filter.trainee, trainees, widths[next++]);
        // Offered once someone is in a team (a lead sets it on the Team screen or with `simdesk
        // people set-team`); a play counts for the team its trainee is in now.
        if (!teams.empty()) {
            sameLineIfFits(widths[next]);
            apply |= pickOne("##team", "Team", d.filter.team, teams, widths[next++], "all");
            probe(ctx, "dash-team");
        }
    }
    sameLineIfFits(widths[next]);
    apply |= pickOne("##scenario", "Scenario", d.filter.scenario, scenarios, widths[next]);
    sameLineIfFits(buttons);
    apply |= primaryButton(ctx, "Apply");
    probe(ctx, "dash-apply");
    if (apply) model.applyDashboardFilter(ctx.clock);
}

/// ~/Documents/simdesk/simdesk-export.csv, or under SIMDESK_EXPORT_DIR when that is set.
std::string defaultExportPath(const FrameContext& ctx, const std::string& format) {
    std::string base = ctx.exportFolder;
    const char* chosen = std::getenv("SIMDESK_EXPORT_DIR");
    if (!(chosen && *chosen) && !base.ends_with("/Documents")) base += "/Documents";
    return base + "/simdesk/simdesk-export." + (format == "xapi" ? "xapi.json" : format);
}

/// Export… opens a small window: the format, the path (a default under ~/Documents/simdesk/) and
/// Export. A popup rather than a row of its own, so at large text the charts keep the window.
void drawExport(AppModel& model, FrameContext& ctx) {
    DashboardState& d = model.dashboard();
    if (d.exportPath.empty()) d.exportPath = defaultExportPath(ctx, d.exportFormat);
    ImGui::SameLine();
    if (ImGui::Button("Export…")) ImGui::OpenPopup("export");
    probe(ctx, "dash-export-open");
    if (!ImGui::BeginPopup("export")) return;
    mutedText(ctx, "The plays the filter shows, in the learning stack's formats.");
    const char* formats[] = {"csv", "json", "xapi"};
    const char* names[] = {"CSV (one row per criterion)", "JSON", "xAPI statements"};
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(names[i], d.exportFormat == formats[i])) {
            // The proposed name follows the format until the person types their own.
            if (d.exportPath == defaultExportPath(ctx, d.exportFormat)) d.exportPath = defaultExportPath(ctx, formats[i]);
            d.exportFormat = formats[i];
        }
    }
    ImGui::SetNextItemWidth(std::min(560 * ctx.scale, ImGui::GetMainViewport()->WorkSize.x * 0.8f));
    ImGui::InputText("##export-path", &d.exportPath);
    probe(ctx, "dash-export-path");
    if (primaryButton(ctx, "Export")) model.exportDashboard();
    probe(ctx, "dash-export");
    if (!d.exportedTo.empty()) mutedText(ctx, "Wrote %s", d.exportedTo.c_str());
    ImGui::EndPopup();
}

// ---- score trend -------------------------------------------------------------------------------

/// At most this many points per line: a chart is a few hundred pixels wide, and a frame draws every
/// point, so a trainee with thousands of plays costs a frame no more than one with two hundred.
constexpr size_t kMaxLinePoints = 240;

LineSeries seriesOf(const insights::TrendSeries& s, size_t colour, bool team, const DashboardFilter& applied) {
    LineSeries out{team ? teamTrendLabel(applied) : s.who, {}, colour};
    std::vector<double> xs, ys, plays;
    for (const auto& p : s.points) xs.push_back(static_cast<double>(p.at)), ys.push_back(p.percent), plays.push_back(p.plays);
    for (const auto& g : groupPoints(xs, ys, plays, kMaxLinePoints)) {
        const auto& p = s.points[g.first];
        std::string tip;
        if (g.first == g.last) {
            tip = isoDate(p.at) + " · " + format("%.1f%%", p.percent) + (p.passed || team ? "" : " · not passed");
            if (p.plays > 1) tip += " · " + std::to_string(p.plays) + " plays";
            if (p.sessionId) tip += " · session #" + std::to_string(p.sessionId);
        } else {
            // Merged points: their days, how many plays and their mean.
            tip = isoDate(p.at) + " to " + isoDate(s.points[g.last].at) + " · " + format("%.0f plays", g.weight) + " · mean " +
                  format("%.1f%%", g.y);
        }
        out.points.push_back({g.x, g.y, tip});
    }
    return out;
}

/// The trend's lines, made once per set of figures (and team label), never per frame.
struct TrendLines {
    const AppModel* model = nullptr;
    uint64_t generation = 0;
    std::string team;
    bool ownOnly = false;
    std::vector<LineSeries> exam, practice;
};

const TrendLines& trendLines(const AppModel& model) {
    static TrendLines cache;
    const DashboardState& d = model.dashboard();
    if (cache.model == &model && cache.generation == d.figures.generation && cache.team == d.applied.team && cache.ownOnly == d.ownOnly)
        return cache;
    cache = {&model, d.figures.generation, d.applied.team, d.ownOnly, {}, {}};
    for (const char* mode : {"exam", "practice"}) {
        auto& series = mode == std::string("exam") ? cache.exam : cache.practice;
        size_t colour = 0;
        if (!d.ownOnly)
            for (const auto& s : d.figures.trends.team)
                if (s.mode == mode) series.push_back(seriesOf(s, colour++, true, d.applied));
        for (const auto& s : d.figures.trends.trainees)
            if (s.mode == mode) series.push_back(seriesOf(s, colour++, false, d.applied));
    }
    return cache;
}

void drawTrend(const AppModel& model, FrameContext& ctx, const ChartStyle& style) {
    const auto& t = model.dashboard().figures.trends;
    if (t.trainees.empty()) return mutedText(ctx, "No finished, scored plays match the filter.");
    mutedText(ctx, "Official scores (reviewers' re-ratings applied), practice and exam apart. Hover a point for its play.");
    const TrendLines& lines = trendLines(model);
    for (const char* mode : {"exam", "practice"}) {
        const auto& series = mode == std::string("exam") ? lines.exam : lines.practice;
        if (series.empty()) continue;
        ImGui::Spacing();
        heading(ctx, mode == std::string("exam") ? "Exam" : "Practice");
        LineChartSpec spec{"Day played (UTC)", "Score (%)", 0, 100, "%", t.passMark, "Pass mark " + format("%.0f%%", t.passMark), true};
        const float height = std::clamp(ImGui::GetContentRegionAvail().y * 0.5f, 200 * ctx.scale, 320 * ctx.scale);
        lineChart(mode, series, spec, ImVec2(-1, height), style);
    }
}

// ---- weakest criteria ----------------------------------------------------------------------------

void drawCriteria(const DashboardState& d, FrameContext& ctx, const ChartStyle& style) {
    const auto& list = d.figures.criteria;
    if (list.empty()) return mutedText(ctx, "No scored plays match the filter.");
    mutedText(ctx, "Mean official level as a share of each criterion's scale, weakest first; plays behind each bar.");
    std::vector<BarRow> rows;
    for (const auto& c : list)
        rows.push_back({c.title + " · " + std::to_string(c.plays) + (c.plays == 1 ? " play" : " plays"),
                        {{c.meanShare, std::nullopt, format("%.0f%% of the scale", c.meanShare * 100) + " over " + std::to_string(c.plays) + " plays", false}},
                        false});
    barChart("criteria", rows, {"Mean level (% of scale)", {}, 0, 1, "%", 100, std::nullopt, ""}, -1, style);
}

// ---- choices -------------------------------------------------------------------------------------

std::string scenarioTitle(const AppModel& model, const std::string& id) {
    auto s = model.library().findScenario(id);
    return s ? s->title : id;
}

/// A typed reply offered as a choice spans lines; a bar's label is one line (the whole on hover).
std::string oneLine(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::string out;
    for (char c : text)
        if (c != ' ' || out.empty() || out.back() != ' ') out += c;
    return out;
}

void drawNode(const insights::NodeChoices& node, const ChartStyle& style, const FrameContext& ctx) {
    textWrappedWords(node.prompt);
    std::vector<BarRow> rows;
    double most = 1;
    for (const auto& c : node.choices) {
        most = std::max<double>(most, std::max(c.firstAttempt, c.laterAttempts));
        // Tempting: a wrong choice more than half the first-timers took (as `simdesk report choices` flags it).
        const bool tempting = !c.best && node.firstTrainees > 0 && c.firstAttempt * 2 > node.firstTrainees;
        rows.push_back({oneLine(c.text) + (tempting ? "  (tempting)" : ""),
                        {{double(c.firstAttempt), std::nullopt, std::to_string(c.firstAttempt) + " of " + std::to_string(node.firstTrainees) + " trainees", false},
                         {double(c.laterAttempts), std::nullopt, std::to_string(c.laterAttempts) + " of " + std::to_string(node.laterTrainees) + " trainees", false}},
                        c.best});
    }
    barChart(node.nodeId.c_str(), rows, {"Trainees who picked it (★ the analysed best choice)", {"First attempt", "Later attempts"}, 0, most, "", 1, std::nullopt, ""}, -1, style);
    (void)ctx;
}

void drawChoices(AppModel& model, FrameContext& ctx, const ChartStyle& style) {
    DashboardState& d = model.dashboard();
    const auto& all = d.figures.choices;
    if (all.empty()) return mutedText(ctx, "No plays of a scenario with choices match the filter.");
    auto shown = std::find_if(all.begin(), all.end(), [&](const auto& s) { return s.scenarioId == d.choiceScenario; });
    if (shown == all.end()) shown = all.begin();
    std::vector<std::pair<std::string, std::string>> options;
    for (const auto& s : all) options.emplace_back(s.scenarioId, scenarioTitle(model, s.scenarioId) + " · " + std::to_string(s.plays) + " plays");
    std::string pick = shown->scenarioId;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 520 * ctx.scale));
    if (ImGui::BeginCombo("##choice-scenario", (scenarioTitle(model, pick) + " · " + std::to_string(shown->plays) + " plays").c_str())) {
        for (const auto& [id, label] : options) {
            ImGui::PushID(id.c_str());
            if (ImGui::Selectable(label.c_str(), id == pick)) d.choiceScenario = id;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    probe(ctx, "dash-choice-scenario");
    mutedText(ctx, "%d trainee%s, %d play%s. A trainee counts once per choice on their first play and once on later plays.",
              shown->trainees, shown->trainees == 1 ? "" : "s", shown->plays, shown->plays == 1 ? "" : "s");
    for (const auto& node : shown->nodes) {
        ImGui::PushID(node.nodeId.c_str());
        ImGui::Separator();
        drawNode(node, style, ctx);
        ImGui::PopID();
    }
}

// ---- certification ---------------------------------------------------------------------------------

std::string days(const std::optional<double>& value) { return value ? format("%.1f", *value) : std::string("—"); }

void drawTrackPeople(const insights::TrackCertification& track, FrameContext& ctx) {
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("people", 5, flags)) return;
    ImGui::TableSetupColumn("Trainee", 0, 1.2f);
    ImGui::TableSetupColumn("Levels", 0, 0.6f);
    ImGui::TableSetupColumn("Days so far", 0, 0.7f);
    ImGui::TableSetupColumn("To certify", 0, 0.8f);
    ImGui::TableSetupColumn("Status", 0, 2.2f);
    ImGui::TableHeadersRow();
    for (const auto& p : track.people) {
        ImGui::PushID(p.trainee.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        textEllipsized(p.trainee);
        ImGui::TableNextColumn();
        ImGui::Text("%d of %d", p.levelsPassed, p.levels);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", p.daysElapsed);
        ImGui::TableNextColumn();
        textEllipsized(p.daysToCertify ? days(p.daysToCertify) + " days" : p.projectedDays ? "~" + days(p.projectedDays) + " days" : "—");
        ImGui::TableNextColumn();
        if (p.atRisk) ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.bad);
        textWordsOrEllipsis(p.daysToCertify ? "certified" : p.atRisk ? "at risk: " + p.why : p.daysLeft ? days(p.daysLeft) + " days left" : "no deadline");
        if (p.atRisk) ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void drawCertification(const DashboardState& d, FrameContext& ctx, const ChartStyle& style) {
    const auto& tracks = d.figures.certification;
    if (tracks.empty()) return mutedText(ctx, "No trainee has a certification track assigned.");
    mutedText(ctx, "Days from the clock's start to the certificate, or projected at the current pace (levels passed per day).");
    for (const auto& t : tracks) {
        ImGui::PushID(t.trackId.c_str());
        ImGui::Spacing();
        heading(ctx, t.trackTitle.c_str());
        mutedText(ctx, "%d trainee%s · %d certified · mean %s days, median %s days · %d at risk", t.trainees, t.trainees == 1 ? "" : "s",
                  t.certified, days(t.meanDaysToCertify).c_str(), days(t.medianDaysToCertify).c_str(), t.atRisk);
        std::vector<BarRow> rows;
        double most = 30;
        for (const auto& p : t.people) {
            const auto value = p.daysToCertify ? p.daysToCertify : p.projectedDays;
            Bar bar{value.value_or(0), std::nullopt, value ? days(value) + " days" + (p.daysToCertify ? " (certified)" : " (projected)") : "no level passed yet: no pace", !value};
            most = std::max(most, std::min(value.value_or(0), 365.0));
            rows.push_back({p.trainee + (p.atRisk ? "  (at risk)" : ""), {bar}, false});
        }
        barChart("pace", rows, {"Days to certify", {}, 0, most, "", 1, 30.0, "Deadline (30 days)"}, -1, style);
        drawTrackPeople(t, ctx);
        ImGui::PopID();
    }
}

// ---- calibration -------------------------------------------------------------------------------------

void drawCalibration(const DashboardState& d, FrameContext& ctx, const ChartStyle& style) {
    const auto& list = d.figures.calibration;
    if (list.empty()) return mutedText(ctx, "No revealed calibration rounds yet: alpha needs reviewers who graded the same conversation blind.");
    mutedText(ctx, "Krippendorff's alpha per criterion over %d revealed round%s, with its 95%% interval; 0.667 is the lowest for tentative "
                   "conclusions.", d.figures.revealedRounds, d.figures.revealedRounds == 1 ? "" : "s");
    std::map<std::string, int> rubrics;
    for (const auto& a : list) ++rubrics[a.rubricId];
    std::vector<BarRow> rows;
    double low = 0;
    for (const auto& a : list) {
        Bar bar{a.alpha.value_or(0), a.interval, a.alpha ? format("alpha %.2f", *a.alpha) : a.note, !a.alpha};
        if (a.alpha && a.interval) bar.tip += format(", 95%% %.2f", a.interval->first) + format(" to %.2f", a.interval->second);
        if (a.alpha) bar.tip += " · " + std::to_string(a.pairable) + " grades in " + std::to_string(a.conversations) + " conversations";
        low = std::min({low, a.alpha.value_or(0), a.interval ? a.interval->first : 0.0});
        rows.push_back({(rubrics.size() > 1 ? a.rubricId + ": " : "") + a.title, {bar}, false});
    }
    barChart("alpha", rows, {"Krippendorff's alpha", {}, std::max(-1.0, low), 1, "", 1, kTentativeAlpha, "Tentative agreement (0.667)"}, -1, style);
}

} // namespace

void drawDashboards(AppModel& model, FrameContext& ctx) {
    DashboardState& d = model.dashboard();
    heading(ctx, d.ownOnly ? "My dashboards" : "Dashboards");
    drawDashboardFilters(model, ctx);
    drawExport(model, ctx);
    if (d.exportedTo.empty())
        mutedText(ctx, "%d play%s match%s.", d.figures.plays, d.figures.plays == 1 ? "" : "s", d.figures.plays == 1 ? "es" : "");
    else
        mutedText(ctx, "%d play%s match%s. Last export: %s", d.figures.plays, d.figures.plays == 1 ? "" : "s",
                  d.figures.plays == 1 ? "es" : "", d.exportedTo.c_str());
    const ChartStyle style = chartStyle(ctx);
    if (!ImGui::BeginTabBar("dashboards")) return;
    const char* names[] = {"Score trend", "Weakest criteria", "Choices", "Certification", "Calibration"};
    const int tabs = d.ownOnly ? 4 : 5;  // calibration is about reviewers, not a trainee's own figures
    for (int i = 0; i < tabs; ++i) {
        ImGuiTabItemFlags flags = 0;
        if (d.openTab == i) flags = ImGuiTabItemFlags_SetSelected;
        const bool open = ImGui::BeginTabItem(names[i], nullptr, flags);
        probe(ctx, "dash-tab-" + std::to_string(i));
        if (!open) continue;
        switch (i) {
        case 0: drawTrend(model, ctx, style); break;
        case 1: drawCriteria(d, ctx, style); break;
        case 2: drawChoices(model, ctx, style); break;
        case 3: drawCertification(d, ctx, style); break;
        default: drawCalibration(d, ctx, style); break;
        }
        ImGui::EndTabItem();
    }
    d.openTab = -1;
    ImGui::EndTabBar();
}

} // namespace simdesk::app
