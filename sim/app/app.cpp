#include "app.hpp"

#include <imgui.h>

#include <filesystem>

namespace simdesk::app {

LibraryView makeLibraryView(const ContentLibrary& library) {
    LibraryView view;
    for (const auto& s : library.scenarios) {
        LibraryView::Row row;
        row.id = s->id;
        row.title = s->title;
        row.category = s->category;
        row.channel = std::string(channelName(s->channel));
        row.priority = std::string(priorityName(s->priority));
        row.persona = s->persona.name + ", " + s->persona.company + " (" + s->persona.temperament + ")";
        row.rubric = s->rubricId;
        row.difficulty = s->difficulty;
        row.minutes = s->estimatedMinutes;
        view.rows.push_back(std::move(row));
    }
    for (const auto& d : library.diagnostics) view.problems.push_back(d.format());
    view.errorCount = countSeverity(library.diagnostics, Severity::Error);
    view.warningCount = countSeverity(library.diagnostics, Severity::Warning);
    return view;
}

namespace {

void setupFonts() {
    ImGuiIO& io = ImGui::GetIO();
    std::error_code ec;
    if (std::filesystem::exists(SIMDESK_FONT_PATH, ec)) io.Fonts->AddFontFromFileTTF(SIMDESK_FONT_PATH, 17.0f);
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = ImVec2(16, 14);
    style.FramePadding = ImVec2(8, 5);
    style.CellPadding = ImVec2(8, 6);
    style.ItemSpacing = ImVec2(10, 8);
    style.WindowRounding = 0;
    style.FrameRounding = 4;
}

void drawLibrary(const LibraryView& view) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("Scenario library", nullptr, flags)) {
        ImGui::Text("simdesk · scenario library");
        ImGui::TextDisabled("%zu scenarios loaded from the bundled content", view.rows.size());
        ImGui::Separator();
        if (view.rows.empty()) {
            ImGui::TextWrapped("No valid scenarios were found. Check the problems below, or run "
                               "'simdesk validate scenarios rubrics' in a terminal.");
        } else if (ImGui::BeginTable("scenarios", 6,
                                     ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                         ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable,
                                     ImVec2(0, view.problems.empty() ? 0 : ImGui::GetContentRegionAvail().y * 0.65f))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            ImGui::TableSetupColumn("Scenario", ImGuiTableColumnFlags_WidthStretch, 3.0f);
            ImGui::TableSetupColumn("Customer", ImGuiTableColumnFlags_WidthStretch, 2.5f);
            ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthStretch, 1.4f);
            ImGui::TableSetupColumn("Channel", ImGuiTableColumnFlags_WidthFixed, 80);
            ImGui::TableSetupColumn("Priority", ImGuiTableColumnFlags_WidthFixed, 70);
            ImGui::TableSetupColumn("Difficulty", ImGuiTableColumnFlags_WidthFixed, 90);
            ImGui::TableHeadersRow();
            for (const auto& row : view.rows) {
                ImGui::PushID(row.id.c_str());
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextWrapped("%s", row.title.c_str());  // long titles wrap instead of being cut off
                ImGui::TextDisabled("%s · ~%d min", row.id.c_str(), row.minutes);
                ImGui::TableNextColumn();
                ImGui::TextWrapped("%s", row.persona.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row.category.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row.channel.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row.priority.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%d / 5", row.difficulty);
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        if (!view.problems.empty()) {
            ImGui::Spacing();
            ImGui::Text("Content problems: %zu errors, %zu warnings", view.errorCount, view.warningCount);
            ImGui::BeginChild("problems", ImVec2(0, 0), true);
            for (const auto& p : view.problems) ImGui::TextWrapped("%s", p.c_str());
            ImGui::EndChild();
        }
    }
    ImGui::End();
}

} // namespace

int runApp(const LibraryView& view, const AppOptions& options) {
    return runWindow(options, setupFonts, [&] { drawLibrary(view); });
}

} // namespace simdesk::app
