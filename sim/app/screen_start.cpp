// Start: who is training today. Pick a profile (the last one used is first and pre-selected),
// rename or archive it, or create one as a trainee, reviewer or lead. What is picked and typed
// lives in the model (AppModel::pickedProfile, newProfileDraft), so it is tested without a window.
#include "ui.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace simdesk::app {

namespace {

constexpr const char* kRoles[] = {"trainee", "reviewer", "lead"};

/// Rename and archive of the picked profile: a "Rename…" modal with the new name, and Archive
/// (or Restore, for an archived one shown with "Show archived").
void drawProfileActions(AppModel& model, FrameContext& ctx, const ProfileRow& chosen) {
    static std::string newName;  // what is typed in the rename dialog; filled when it opens
    bool rename = ImGui::Button("Rename…");
    probe(ctx, "profile-rename");
    if (rename) {
        newName = chosen.name;
        ImGui::OpenPopup("Rename profile###rename");
    }
    ImGui::SameLine();
    if (chosen.archived) {
        if (ImGui::Button("Restore")) model.setProfileArchived(chosen.id, false, ctx.clock);
        probe(ctx, "profile-restore");
    } else {
        if (ImGui::Button("Archive")) model.setProfileArchived(chosen.id, true, ctx.clock);
        probe(ctx, "profile-archive");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hides %s from this list and the team; every record is kept.", chosen.name.c_str());
    }
    ImGui::SameLine();
    bool all = model.showArchived();
    if (ImGui::Checkbox("Show archived", &all)) model.setShowArchived(all);
    probe(ctx, "show-archived");

    ImGui::SetNextWindowSize(ImVec2(420 * ctx.scale, 0));
    if (ImGui::BeginPopupModal("Rename profile###rename", nullptr, ImGuiWindowFlags_NoResize)) {
        ImGui::TextWrapped("A new name for %s. Their sessions, scores and plans follow it.", chosen.name.c_str());
        ImGui::SetNextItemWidth(-1);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        bool enter = ImGui::InputText("##new-name", &newName, ImGuiInputTextFlags_EnterReturnsTrue);
        probe(ctx, "rename-name");
        if (!model.message().empty()) ImGui::TextColored(ctx.palette.bad, "%s", model.message().c_str());
        bool save = primaryButton(ctx, "Rename");
        probe(ctx, "rename-save");
        ImGui::SameLine();
        bool cancel = ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
        if (save || enter) {
            model.renameProfile(chosen.id, newName);
            // A name the model refuses keeps the dialog open with the reason; a good one closes it.
            if (model.message().empty()) ImGui::CloseCurrentPopup();
        }
        if (cancel) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

void drawProfileList(AppModel& model, FrameContext& ctx) {
    const auto profiles = model.pickerProfiles();
    if (profiles.empty()) {
        if (!model.profiles().empty()) {
            mutedText(ctx, "Every profile is archived.");
            bool all = model.showArchived();
            if (ImGui::Checkbox("Show archived", &all)) model.setShowArchived(all);
            probe(ctx, "show-archived");
            return;
        }
        mutedText(ctx, model.loading() ? "Reading profiles…" : "No profiles yet: create the first one on the right.");
        return;
    }
    // The highlight is a person, not a row: when the list re-sorts (the last one used first), it stays on them.
    const int64_t picked = model.pickedProfile();
    float footer = ImGui::GetFrameHeightWithSpacing() * 2.6f;
    if (ImGui::BeginChild("profiles", ImVec2(0, -footer), false)) {
        for (const ProfileRow* row : profiles) {
            const ProfileRow& p = *row;
            ImGui::PushID(static_cast<int>(p.id));
            std::string label = p.name + "##row";
            if (ImGui::Selectable(label.c_str(), picked == p.id, ImGuiSelectableFlags_AllowDoubleClick,
                                  ImVec2(0, ImGui::GetTextLineHeight() * 2.2f))) {
                model.pickProfile(p.id);
                if (ImGui::IsMouseDoubleClicked(0) && !p.archived) model.selectProfile(p.id);
            }
            probe(ctx, "profile:" + p.name);
            ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.45f);
            ImGui::BeginGroup();
            pill(p.role.c_str(), p.role == "trainee" ? ctx.palette.accent : ctx.palette.warn);
            ImGui::SameLine();
            if (p.archived) mutedText(ctx, "archived · started %s", p.startDate.c_str());
            else mutedText(ctx, "started %s", p.startDate.c_str());
            ImGui::EndGroup();
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
    const ProfileRow* chosen = nullptr;
    for (const ProfileRow* p : profiles)
        if (p->id == picked) chosen = p;
    if (!chosen) return;
    drawProfileActions(model, ctx, *chosen);
    if (chosen->archived) {
        ImGui::BeginDisabled();
        primaryButton(ctx, ("Continue as " + chosen->name + " (archived)").c_str(), ImVec2(-1, 0));
        ImGui::EndDisabled();
        return;
    }
    std::string label = "Continue as " + chosen->name + "  (Enter)";
    bool enter = !ImGui::GetIO().WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId) &&
                 ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
    bool pressed = primaryButton(ctx, label.c_str(), ImVec2(-1, 0));
    probe(ctx, "continue");
    if (pressed || enter) model.selectProfile(chosen->id);
}

void drawNewProfile(AppModel& model, FrameContext& ctx) {
    NewProfileDraft& form = model.newProfileDraft();
    ImGui::TextUnformatted("Name");
    ImGui::SetNextItemWidth(-1);
    bool submitted = ImGui::InputTextWithHint("##name", "e.g. Priya Raman", &form.name, ImGuiInputTextFlags_EnterReturnsTrue);
    probe(ctx, "profile-name");
    ImGui::Spacing();
    ImGui::TextUnformatted("Role");
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(kRoles[i], form.role == kRoles[i])) form.role = kRoles[i];
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
    if (create || submitted) {
        NewProfileDraft draft = form;  // the model clears the form once the profile exists
        model.createProfile(draft.name, draft.role, draft.tracks, ctx.clock);
    }
}

} // namespace

void drawStart(AppModel& model, FrameContext& ctx) {
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
    float height = std::min(avail.y - 140 * ctx.scale - ImGui::GetFrameHeightWithSpacing(), 520 * ctx.scale);
    if (beginCard(ctx, "pick", ImVec2(column, height))) {
        ImGui::TextUnformatted("Pick your profile");
        ImGui::Separator();
        drawProfileList(model, ctx);
    }
    endCard();
    ImGui::SameLine();
    if (beginCard(ctx, "create", ImVec2(column, height))) {
        ImGui::TextUnformatted("New profile");
        ImGui::Separator();
        drawNewProfile(model, ctx);
    }
    endCard();
    // A team keeps its records on a server: sign in there instead of picking a profile here.
    ImGui::Spacing();
    if (ImGui::Button("Sign in to a team server…")) model.showSignIn();
    probe(ctx, "sign-in-server");
    noteBesideButton(ctx, "for a team whose records are on a server");
    ImGui::EndGroup();
}

} // namespace simdesk::app
