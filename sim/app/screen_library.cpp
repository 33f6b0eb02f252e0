// Library: every scenario with filters, the customer it puts you in front of, and your best score.
// Rows have a fixed height so ImGuiListClipper draws only the visible ones (500+ scenarios scroll
// smoothly).
#include "ui.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <ctime>

namespace simdesk::app {

namespace {

std::string asIs(std::string_view option) { return std::string(option); }

bool filterCombo(const char* label, std::string& value, const std::vector<std::string>& options, const char* any,
                 std::string (*shown)(std::string_view) = asIs) {
    bool changed = false;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo(label, value.empty() ? any : shown(value).c_str())) {
        if (ImGui::Selectable(any, value.empty())) value.clear(), changed = true;
        for (const auto& o : options)
            if (ImGui::Selectable(shown(o).c_str(), value == o)) value = o, changed = true;
        ImGui::EndCombo();
    }
    return changed;
}

void drawSearch(LibraryFilter& f, FrameContext& ctx) {
    ImGui::InputTextWithHint("##search", "title, customer, tag…", &f.search);
    probe(ctx, "library-search");
}

/// The filters other than the search: type, channel, priority, track, difficulty, and Clear.
void drawFilterCombos(AppModel& model, LibraryFilter& f) {
    const FilterOptions& o = model.filterOptions();
    ImGui::TextUnformatted("Type");
    filterCombo("##category", f.category, o.categories, "Any type", categoryLabel);
    ImGui::TextUnformatted("Channel");
    filterCombo("##channel", f.channel, o.channels, "Any channel");
    ImGui::TextUnformatted("Priority");
    filterCombo("##priority", f.priority, o.priorities, "Any priority");
    ImGui::TextUnformatted("Certification track");
    std::vector<std::string> trackTitles;
    std::string track;
    for (const auto& t : model.library().tracks) {
        trackTitles.push_back(t->title);
        if (t->id == f.track) track = t->title;
    }
    if (filterCombo("##track", track, trackTitles, "Any track")) {
        f.track.clear();
        for (const auto& t : model.library().tracks)
            if (t->title == track) f.track = t->id;
    }
    ImGui::TextUnformatted("Difficulty");
    ImGui::SetNextItemWidth(-1);
    const char* levels[] = {"Any difficulty", "1 · introductory", "2", "3", "4", "5 · expert"};
    ImGui::Combo("##difficulty", &f.difficulty, levels, 6);
    ImGui::Spacing();
    if (ImGui::Button("Clear filters", ImVec2(-1, 0))) f = LibraryFilter{};
}

int activeFilters(const LibraryFilter& f) {
    return !f.category.empty() + !f.channel.empty() + !f.priority.empty() + !f.track.empty() + (f.difficulty != 0);
}

/// Wide windows: the filters as a column beside the table.
void drawFilterColumn(AppModel& model, FrameContext& ctx) {
    LibraryFilter f = model.filter();
    ImGui::TextUnformatted("Search");
    ImGui::SetNextItemWidth(-1);
    drawSearch(f, ctx);
    drawFilterCombos(model, f);
    model.setFilter(f);
    ImGui::Spacing();
    mutedText(ctx, "%zu of %zu scenarios", model.visibleRows().size(), model.rows().size());
}

/// Narrow windows and large text: one line above the table (search, a Filters button that opens
/// the rest, the count), so the table gets the whole width and titles stay readable.
void drawFilterBar(AppModel& model, FrameContext& ctx) {
    LibraryFilter f = model.filter();
    int active = activeFilters(f);
    std::string button = active ? "Filters · " + std::to_string(active) + "###filters" : std::string("Filters###filters");
    char count[64];
    std::snprintf(count, sizeof count, "%zu of %zu scenarios", model.visibleRows().size(), model.rows().size());
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float right = buttonWidth("Filters · 5") + spacing + ImGui::CalcTextSize(count).x + spacing;
    ImGui::SetNextItemWidth(std::max(120 * ctx.scale, ImGui::GetContentRegionAvail().x - right));
    drawSearch(f, ctx);
    ImGui::SameLine();
    if (active ? primaryButton(ctx, button.c_str()) : ImGui::Button(button.c_str())) ImGui::OpenPopup("library-filters");
    probe(ctx, "library-filters");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(ctx.palette.muted, "%s", count);  // one line, level with the button
    ImGui::SetNextWindowSizeConstraints(ImVec2(260 * ctx.scale, 0), ImVec2(FLT_MAX, FLT_MAX));
    if (ImGui::BeginPopup("library-filters")) {
        drawFilterCombos(model, f);
        ImGui::EndPopup();
    }
    model.setFilter(f);
}

/// "today 14:05", "2026-11-28 09:30": when an unfinished conversation was started, in local time.
std::string startedWhen(int64_t startedAt, int64_t now) {
    std::time_t started = static_cast<std::time_t>(startedAt), current = static_cast<std::time_t>(now);
    std::tm at{}, today{};
    localtime_r(&started, &at);
    localtime_r(&current, &today);
    char text[32];
    bool sameDay = at.tm_year == today.tm_year && at.tm_yday == today.tm_yday;
    std::strftime(text, sizeof text, sameDay ? "today %H:%M" : "%Y-%m-%d %H:%M", &at);
    return text;
}

void drawResumeBanner(AppModel& model, FrameContext& ctx) {
    const auto& offer = model.resumeOffer();
    if (!offer) return;
    const ImGuiStyle& style = ImGui::GetStyle();
    float height = ImGui::GetFrameHeight() + cardPadding(ctx).y * 2 + style.ItemSpacing.y + style.CellPadding.y * 2;
    float buttons = buttonWidth("Resume") + buttonWidth("Discard") + style.ItemSpacing.x;
    if (beginCard(ctx, "resume", ImVec2(0, height)) && ImGui::BeginTable("resume-layout", 2)) {
        // The text gives way (cut with "…", whole on hover) so Resume and Discard always show.
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthFixed, buttons);
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(ctx.palette.warn, "Unfinished conversation:");
        ImGui::SameLine();
        std::string what = offer->scenarioTitle + " (" + offer->mode + ") · started " +
                           startedWhen(offer->startedAt, ctx.clock.wall) + " · every turn you sent is saved";
        if (textEllipsized(what) && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", what.c_str());
        ImGui::TableNextColumn();
        if (primaryButton(ctx, "Resume")) model.resume(ctx.clock);
        probe(ctx, "resume");
        ImGui::SameLine();
        if (ImGui::Button("Discard")) model.dismissResume(ctx.clock);
        ImGui::EndTable();
    }
    endCard();
}

void difficultyDots(const FrameContext& ctx, int difficulty) {
    std::string dots;
    for (int i = 1; i <= 5; ++i) dots += i <= difficulty ? "●" : "○";
    ImGui::TextColored(ctx.palette.warn, "%s", dots.c_str());
}

void drawRow(AppModel& model, FrameContext& ctx, const LibraryRow& r, bool compact) {
    ImGui::TableNextColumn();
    bool cut = textEllipsized(r.title);  // one line, so every row has the same height for the clipper
    if (ImGui::IsItemHovered() && (cut || !r.brief.empty())) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(420 * ctx.scale);
        if (cut) ImGui::TextUnformatted(r.title.c_str());
        if (!r.brief.empty()) mutedText(ctx, "%s", r.brief.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (compact) {  // no room for a difficulty column: the dots lead the second line
        difficultyDots(ctx, r.difficulty);
        ImGui::SameLine();
    }
    mutedLine(ctx, "%s · ~%d min", categoryLabel(r.category).c_str(), r.minutes);
    ImGui::TableNextColumn();
    textEllipsized(r.personaName);
    std::string who = r.personaCompany + " · " + r.personaTier + " · " + r.personaTemperament;
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.muted);
    if (textEllipsized(who) && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", who.c_str());
    ImGui::PopStyleColor();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.channel.c_str());
    mutedLine(ctx, "%s", r.priority.c_str());
    ImGui::TableNextColumn();
    difficultyDots(ctx, r.difficulty);
    ImGui::TableNextColumn();
    if (r.bestPercent) {
        std::string overlay = scoreText(*r.bestPercent) + (r.bestAutomaticPercent ? " re-rated" : "");
        scoreBar(ctx, static_cast<float>(*r.bestPercent / 100), overlay.c_str(), -1, ImGui::GetTextLineHeight());
        if (r.bestAutomaticPercent && ImGui::IsItemHovered())
            ImGui::SetTooltip("Official score: a reviewer re-rated this play. Automatic score: %s", scoreText(*r.bestAutomaticPercent).c_str());
        // One play opens its debrief; more list them all (My plays), each with its own debrief.
        std::string plays = r.plays == 1 ? "1 play · debrief##" + r.id : std::to_string(r.plays) + " plays · debriefs##" + r.id;
        if (ImGui::SmallButton(plays.c_str())) {
            if (r.plays == 1) model.openStoredDebrief(r.lastSessionId);
            else model.showPlays(r.id);
        }
        probe(ctx, "debrief:" + r.id);
    } else {
        mutedLine(ctx, "not played");
    }
    ImGui::TableNextColumn();
    ImGui::PushID(r.id.c_str());
    // Compact: the two buttons stacked, as tall as a line each, so the column is half as wide.
    if (compact) ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0));
    ImVec2 size(compact ? -1 : 0, 0);
    if (primaryButton(ctx, "Practice", size)) model.startScenario(r.id, "practice", ctx.clock);
    probe(ctx, "practice:" + r.id);
    if (!compact) ImGui::SameLine();
    if (ImGui::Button("Exam", size)) model.startScenario(r.id, "exam", ctx.clock);
    probe(ctx, "exam:" + r.id);
    if (compact) ImGui::PopStyleVar();
    ImGui::PopID();
}

void drawTable(AppModel& model, FrameContext& ctx, bool compact) {
    const auto& visible = model.visibleRows();
    if (visible.empty()) {
        mutedText(ctx, model.rows().empty() ? "No valid scenarios were loaded. Run 'simdesk validate scenarios rubrics' to see why."
                                            : "No scenario matches these filters.");
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable;
    if (!ImGui::BeginTable("library", 6, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Scenario", ImGuiTableColumnFlags_WidthStretch, 4.0f);
    ImGui::TableSetupColumn("Customer", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("Channel", ImGuiTableColumnFlags_WidthFixed,
                            std::max(ImGui::CalcTextSize("Channel").x, ImGui::CalcTextSize("social").x));
    ImGui::TableSetupColumn("Difficulty", ImGuiTableColumnFlags_WidthFixed | (compact ? ImGuiTableColumnFlags_Disabled : 0),
                            84 * ctx.scale);
    ImGui::TableSetupColumn("Your best", ImGuiTableColumnFlags_WidthFixed, 130 * ctx.scale);
    float play = compact ? buttonWidth("Practice") : buttonWidth("Practice") + buttonWidth("Exam") + ImGui::GetStyle().ItemSpacing.x;
    ImGui::TableSetupColumn("Play", ImGuiTableColumnFlags_WidthFixed, play);
    // TableHeadersRow's loop, so the Scenario header's width (the title room) reaches the probe.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int column = 0; column < ImGui::TableGetColumnCount(); ++column) {
        if (!ImGui::TableSetColumnIndex(column)) continue;
        ImGui::PushID(column);
        ImGui::TableHeader(ImGui::TableGetColumnName(column));
        ImGui::PopID();
        if (column == 0) probe(ctx, "library-scenario-column");
    }
    float rowHeight = std::max(ImGui::GetTextLineHeightWithSpacing() * 2, ImGui::GetFrameHeightWithSpacing() + ImGui::GetTextLineHeight()) +
                      ImGui::GetStyle().CellPadding.y * 2;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(visible.size()), rowHeight);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            ImGui::TableNextRow(ImGuiTableRowFlags_None, rowHeight);
            drawRow(model, ctx, model.rows()[visible[static_cast<size_t>(i)]], compact);
        }
    }
    ImGui::EndTable();
}

} // namespace

void drawLibrary(AppModel& model, FrameContext& ctx) {
    drawResumeBanner(model, ctx);
    // With large text or a narrow window the filters take less room and the difficulty column
    // folds into the scenario's second line, so titles and customers stay readable.
    // Narrower still (1024 px at 150 %), the filters move to a bar above the table.
    float avail = ImGui::GetContentRegionAvail().x;
    float filterWidth = std::min(230 * ctx.scale, avail * 0.24f);
    bool narrow = avail - filterWidth < 700 * ctx.scale;
    bool compact = (narrow ? avail : avail - filterWidth) < 900 * ctx.scale;
    if (narrow) {
        drawFilterBar(model, ctx);
    } else {
        if (beginCard(ctx, "filters", ImVec2(filterWidth, 0))) drawFilterColumn(model, ctx);
        endCard();
        ImGui::SameLine();
    }
    ImGui::BeginChild("table", ImVec2(0, 0));
    drawTable(model, ctx, compact);
    ImGui::EndChild();
}

} // namespace simdesk::app
