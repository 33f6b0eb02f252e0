// Sign in to a team server: server, name and password. The password box is masked, its text goes
// to the model's form only, and the model wipes it when Sign in is pressed; connecting happens on
// the store worker, so this screen keeps drawing (with "Connecting…") however long the server takes.
#include "ui.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace simdesk::app {

namespace {

/// Muted text wrapped at `width` from the cursor (the form is narrower than the window).
void mutedWrapped(const FrameContext& ctx, const char* text, float width) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.muted);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
}

} // namespace

void drawSignIn(AppModel& model, FrameContext& ctx) {
    SignInState& form = model.signInForm();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    // One column, no card: at large text in a small window the whole form still fits.
    const float width = std::min(avail.x, 560 * ctx.scale);
    const float left = ImGui::GetCursorPosX() + (avail.x - width) / 2;
    auto row = [&] { ImGui::SetCursorPosX(left); };
    row();
    heading(ctx, "Sign in to your team server");
    row();
    mutedWrapped(ctx, "Your sessions, scores and reviews are kept on your team's server. Sign in with the name and "
                      "password your lead gave you.", width);
    ImGui::Spacing();
    const bool busy = form.connecting;
    if (busy) ImGui::BeginDisabled();
    row();
    ImGui::TextUnformatted("Server");
    row();
    ImGui::SetNextItemWidth(width);
    bool enter = ImGui::InputTextWithHint("##server", "postgresql://db.example.com/simdesk", &form.server,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    probe(ctx, "signin-server");
    row();
    ImGui::TextUnformatted("Name");
    row();
    ImGui::SetNextItemWidth(width);
    if (ImGui::IsWindowAppearing() && !form.server.empty()) ImGui::SetKeyboardFocusHere();
    enter |= ImGui::InputTextWithHint("##name", "e.g. Ana Lima", &form.name, ImGuiInputTextFlags_EnterReturnsTrue);
    probe(ctx, "signin-name");
    row();
    ImGui::TextUnformatted("Password");
    row();
    ImGui::SetNextItemWidth(width);
    // Masked, and kept out of ImGui's undo history (the Password flag already forbids copying it).
    enter |= ImGui::InputTextWithHint("##password", "empty: your ~/.pgpass is used", &form.password,
                                      ImGuiInputTextFlags_Password | ImGuiInputTextFlags_NoUndoRedo |
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    probe(ctx, "signin-password");
    ImGui::Spacing();
    row();
    // Back to the picker beside Sign in (not under it), so the form fits a small window at large text.
    const char* back = "Back to this computer's profiles";
    const float backWidth = form.serverOnly ? 0 : buttonWidth(back) + ImGui::GetStyle().ItemSpacing.x;
    bool go = primaryButton(ctx, busy ? "Connecting…###signin-go" : "Sign in  (Enter)###signin-go",
                            ImVec2(std::max(width * 0.4f, width - backWidth), 0));
    probe(ctx, "signin-go");
    bool leave = false;
    if (!form.serverOnly) {
        ImGui::SameLine();
        leave = ImGui::Button(back);
        probe(ctx, "signin-back");
    }
    if (busy) ImGui::EndDisabled();
    if ((go || enter) && !busy) model.signIn();
    if (leave && !busy) model.cancelSignIn();
    if (!form.error.empty()) {
        row();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
        ImGui::TextColored(ctx.palette.bad, "%s", form.error.c_str());
        ImGui::PopTextWrapPos();
        probe(ctx, "signin-error");
    } else if (busy) {
        row();
        mutedWrapped(ctx, "Connecting to the server…", width);
    }
}

} // namespace simdesk::app
