// Start: who is training today. Pick a profile (the last one used is first and pre-selected) or
// create one as a trainee, reviewer or lead.
#include "ui.hpp"

#include <imgui_stdlib.h>

namespace simdesk::app {

namespace {

struct NewProfileForm {
    std::string name;
    int role = 0;  // trainee, reviewer, lead
    std::vector<std::string> tracks;
    bool tracksInitialised = false;
};

constexpr const char* kRoles[] = {"trainee", "reviewer", "lead"};

void drawProfileList(AppModel& model, FrameContext& ctx, int& selected) {
    const auto& profiles = model.profiles();
    if (profiles.empty()) {
        mutedText(ctx, model.loading() ? "Reading profiles…" : "No profiles yet: create the first one on the right.");
        return;
    }
    if (selected >= static_cast<int>(profiles.size())) selected = 0;
    if (ImGui::BeginChild("profiles", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.6f), false)) {
        for (size_t i = 0; i < profiles.size(); ++i) {
            const ProfileRow& p = profiles[i];
            ImGui::PushID(static_cast<int>(p.id));
            std::string label = p.name + "##row";
            if (ImGui::Selectable(label.c_str(), selected == static_cast<int>(i), ImGuiSelectableFlags_AllowDoubleClick,
                                  ImVec2(0, ImGui::GetTextLineHeight() * 2.2f))) {
                selected = static_cast<int>(i);
                if (ImGui::IsMouseDoubleClicked(0)) model.selectProfile(p.id);
            }
            ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.45f);
            ImGui::BeginGroup();
            pill(p.role.c_str(), p.role == "trainee" ? ctx.palette.accent : ctx.palette.warn);
            ImGui::SameLine();
            mutedText(ctx, "started %s", p.startDate.c_str());
            ImGui::EndGroup();
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
    const ProfileRow& chosen = profiles[static_cast<size_t>(selected)];
    std::string label = "Continue as " + chosen.name + "  (Enter)";
    bool enter = !ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
    bool pressed = primaryButton(ctx, label.c_str(), ImVec2(-1, 0));
    probe(ctx, "continue");
    if (pressed || enter) model.selectProfile(chosen.id);
}

void drawNewProfile(AppModel& model, FrameContext& ctx, NewProfileForm& form) {
    if (!form.tracksInitialised) {
        for (const auto& t : model.library().tracks) form.tracks.push_back(t->id);
        form.tracksInitialised = true;
    }
    ImGui::TextUnformatted("Name");
    ImGui::SetNextItemWidth(-1);
    bool submitted = ImGui::InputTextWithHint("##name", "e.g. Priya Raman", &form.name, ImGuiInputTextFlags_EnterReturnsTrue);
    probe(ctx, "profile-name");
    ImGui::Spacing();
    ImGui::TextUnformatted("Role");
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        ImGui::RadioButton(kRoles[i], &form.role, i);
        probe(ctx, std::string("role-") + kRoles[i]);
    }
    ImGui::Spacing();
    ImGui::TextUnformatted("Certification tracks");
    for (const auto& t : model.library().tracks) {
        bool on = std::find(form.tracks.begin(), form.tracks.end(), t->id) != form.tracks.end();
        if (ImGui::Checkbox(t->title.c_str(), &on)) {
            if (on) form.tracks.push_back(t->id);
            else form.tracks.erase(std::remove(form.tracks.begin(), form.tracks.end(), t->id), form.tracks.end());
        }
    }
    mutedText(ctx, "Tracks are due 30–60 days from today, your start date.");
    ImGui::Spacing();
    bool create = primaryButton(ctx, "Create profile", ImVec2(-1, 0));
    probe(ctx, "create-profile");
    if (create || submitted)
        model.createProfile(form.name, kRoles[form.role], form.tracks, ctx.clock);
}

} // namespace

void drawStart(AppModel& model, FrameContext& ctx) {
    static NewProfileForm form;  // UI-only state: what is being typed
    static int selected = 0;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float width = std::min(avail.x, 980 * ctx.scale);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail.x - width) / 2);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, 20 * ctx.scale));
    heading(ctx, "Who is training today?");
    mutedText(ctx, "simdesk rehearses Northwind Desk customer conversations and scores them against the QA rubric. "
                   "Your sessions, scores and certificates are kept under your profile.");
    ImGui::Spacing();
    float column = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
    float height = std::min(avail.y - 140 * ctx.scale, 520 * ctx.scale);
    if (beginCard(ctx, "pick", ImVec2(column, height))) {
        ImGui::TextUnformatted("Pick your profile");
        ImGui::Separator();
        drawProfileList(model, ctx, selected);
    }
    endCard();
    ImGui::SameLine();
    if (beginCard(ctx, "create", ImVec2(column, height))) {
        ImGui::TextUnformatted("New profile");
        ImGui::Separator();
        drawNewProfile(model, ctx, form);
    }
    endCard();
    ImGui::EndGroup();
}

} // namespace simdesk::app
