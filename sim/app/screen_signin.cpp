// Sign in to a team server: server, name and password. The password box is masked, its text goes
// to the model's form only, and the model wipes it when Sign in is pressed; connecting happens on
// the store worker, so this screen keeps drawing (with "Connecting…") however long the server takes.
#include "ui.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace simdesk::app {

void drawSignIn(AppModel& model, FrameContext& ctx) {
    SignInState& form = model.signInForm();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float width = std::min(avail.x, 560 * ctx.scale);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail.x - width) / 2);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, 20 * ctx.scale));
    heading(ctx, "Sign in to your team server");
    ImGui::Spacing();
    float height = std::max(ImGui::GetFrameHeightWithSpacing() * 12, std::min(avail.y - 80 * ctx.scale, 560 * ctx.scale));
    if (beginCard(ctx, "sign-in", ImVec2(width, height))) {
        mutedText(ctx, "Your sessions, scores and reviews are kept on your team's server. Sign in with the name and "
                       "password your lead gave you.");
        ImGui::Spacing();
        const bool busy = form.connecting;
        if (busy) ImGui::BeginDisabled();
        ImGui::TextUnformatted("Server");
        ImGui::SetNextItemWidth(-1);
        bool enter = ImGui::InputTextWithHint("##server", "postgresql://db.example.com/simdesk", &form.server,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
        probe(ctx, "signin-server");
        ImGui::Spacing();
        ImGui::TextUnformatted("Name");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::IsWindowAppearing() && !form.server.empty()) ImGui::SetKeyboardFocusHere();
        enter |= ImGui::InputTextWithHint("##name", "e.g. Ana Lima", &form.name, ImGuiInputTextFlags_EnterReturnsTrue);
        probe(ctx, "signin-name");
        ImGui::Spacing();
        ImGui::TextUnformatted("Password");
        ImGui::SetNextItemWidth(-1);
        // Masked, and never in ImGui's undo history or the clipboard (NoUndoRedo; Password forbids copy).
        enter |= ImGui::InputTextWithHint("##password", "empty: your ~/.pgpass is used", &form.password,
                                          ImGuiInputTextFlags_Password | ImGuiInputTextFlags_NoUndoRedo |
                                              ImGuiInputTextFlags_EnterReturnsTrue);
        probe(ctx, "signin-password");
        ImGui::Spacing();
        bool go = primaryButton(ctx, busy ? "Connecting…###signin-go" : "Sign in  (Enter)###signin-go", ImVec2(-1, 0));
        probe(ctx, "signin-go");
        if (busy) ImGui::EndDisabled();
        if ((go || enter) && !busy) model.signIn();
        if (!form.error.empty()) {
            ImGui::Spacing();
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(ctx.palette.bad, "%s", form.error.c_str());
            ImGui::PopTextWrapPos();
            probe(ctx, "signin-error");
        } else if (busy) {
            ImGui::Spacing();
            mutedText(ctx, "Connecting to the server…");
        }
        if (!form.serverOnly) {
            ImGui::Spacing();
            ImGui::Separator();
            if (busy) ImGui::BeginDisabled();
            if (ImGui::Button("Back to this computer's profiles")) model.cancelSignIn();
            probe(ctx, "signin-back");
            if (busy) ImGui::EndDisabled();
        }
    }
    endCard();
    ImGui::EndGroup();
}

} // namespace simdesk::app
