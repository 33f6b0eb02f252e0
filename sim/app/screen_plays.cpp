// My plays: every finished session of the signed-in person, newest first, each opening its own
// debrief (with its reviewers' re-ratings and notes), so a coach's word on an earlier play is seen.
#include "ui.hpp"

#include <cstdio>

namespace simdesk::app {

void drawPlays(AppModel& model, FrameContext& ctx) {
    const std::vector<PlayRow> rows = model.myPlays();
    heading(ctx, "My plays");
    if (!model.playsScenario().empty()) {
        std::string title = rows.empty() ? model.playsScenario() : rows.front().scenarioTitle;
        mutedLine(ctx, "Only \"%s\"", title.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Show every play")) model.showPlays();
        probe(ctx, "plays-all");
    }
    if (rows.empty()) {
        mutedText(ctx, "No finished plays yet. Finish a conversation from the library and it is listed here, newest first.");
        return;
    }
    mutedText(ctx, "Newest first. A score marked \"re-rated\" was changed by a reviewer; its debrief says why.");
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("plays", 5, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("2026-12-31").x);
    ImGui::TableSetupColumn("Scenario", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Mode", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("Score", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, buttonWidth("Debrief"));
    ImGui::TableHeadersRow();
    // One line a row, so a long history scrolls cheaply: only the rows in view are drawn.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const PlayRow& r = rows[static_cast<size_t>(i)];
            ImGui::PushID(static_cast<int>(r.sessionId));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            textEllipsized(r.date);
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            textEllipsized(r.scenarioTitle);
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            mutedLine(ctx, "%s", r.mode.c_str());
            ImGui::TableNextColumn();
            if (r.percent) {
                std::string overlay = scoreText(*r.percent) + (r.passed ? " · passed" : "") + (r.automaticPercent ? " · re-rated" : "");
                scoreBar(ctx, static_cast<float>(*r.percent / 100), overlay.c_str());
                if (r.automaticPercent && ImGui::IsItemHovered())
                    ImGui::SetTooltip("Official score: a reviewer re-rated this play. Automatic score: %s", scoreText(*r.automaticPercent).c_str());
            } else {
                mutedLine(ctx, "not scored");
            }
            ImGui::TableNextColumn();
            if (ImGui::Button("Debrief")) model.openStoredDebrief(r.sessionId);
            probe(ctx, "play-debrief:" + std::to_string(r.sessionId));
            ImGui::PopID();
        }
    ImGui::EndTable();
}

} // namespace simdesk::app
