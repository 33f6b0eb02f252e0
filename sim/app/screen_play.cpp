// Play: the conversation as a help-desk console shows it. Customer card, mood meter and response
// clock on top; message bubbles (virtualised, so a 500-turn transcript scrolls smoothly); the
// choices (1–9) or a reply box (Ctrl+Enter sends); the knowledge base on the right.
#include "ui.hpp"

#include "core/knowledge.hpp"
#include "core/standards.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace simdesk::app {

namespace {

constexpr float kCustomerColumns[] = {2.2f, 1.2f, 1.6f};  // who, mood, response clock

/// Height of the customer card at this width, measured the way it is drawn, so long names, large
/// text or a narrow window wrap inside the card instead of scrolling it.
float customerCardHeight(const FrameContext& ctx, const std::string& who, const std::string& title, float pillsWidth,
                         const char* moodText, const ResponseClock& rc) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 padding = cardPadding(ctx);
    float inner = ImGui::GetContentRegionAvail().x - padding.x * 2 - style.CellPadding.x * 6;
    float total = kCustomerColumns[0] + kCustomerColumns[1] + kCustomerColumns[2];
    auto column = [&](int i) { return inner * kCustomerColumns[i] / total * 0.97f; };  // wrap a little early: never short
    auto wrapped = [](const std::string& text, float width) { return ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y; };
    float line = ImGui::GetTextLineHeight(), spacing = style.ItemSpacing.y;
    float large = ctx.largeFont ? ctx.largeFont->FontSize : ImGui::GetFontSize();
    float whoHeight = large + spacing + wrapped(who, column(0)) + spacing +
                      std::max(line + 4, wrapped(title, std::max(40.0f, column(0) - pillsWidth)));
    float moodHeight = line + spacing + (moodText ? wrapped(moodText, column(1)) : ImGui::GetFrameHeight());
    float clockHeight = line + spacing + (rc.target > 0 ? ImGui::GetFrameHeight() + spacing : 0) + wrapped(rc.standard, column(2));
    return std::max({whoHeight, moodHeight, clockHeight}) + padding.y * 2 + style.CellPadding.y * 2 + spacing;
}

void drawCustomerCard(AppModel& model, FrameContext& ctx) {
    const PlayState& play = model.play();
    const Scenario& s = play.session->scenario();
    const Persona& p = s.persona;
    const bool exam = play.mode == "exam";
    std::string who = p.role + " · " + p.company + " · " + p.tier + " tier · " + p.temperament;
    std::string channel(channelName(s.channel)), priority(priorityName(s.priority));
    const char* mode = exam ? "exam" : "practice";
    const char* moodHidden = exam ? "Hidden in exam mode: read the customer's words." : nullptr;
    ResponseClock rc = model.responseClock(ctx.clock);
    float pillsWidth = 0;
    for (const std::string& label : {channel, priority, std::string(mode)})
        pillsWidth += ImGui::CalcTextSize(label.c_str()).x + 14 + ImGui::GetStyle().ItemSpacing.x;

    if (!beginCard(ctx, "customer", ImVec2(0, customerCardHeight(ctx, who, s.title, pillsWidth, moodHidden, rc)))) return endCard();
    if (ImGui::BeginTable("customer-layout", 3, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("who", ImGuiTableColumnFlags_WidthStretch, kCustomerColumns[0]);
        ImGui::TableSetupColumn("mood", ImGuiTableColumnFlags_WidthStretch, kCustomerColumns[1]);
        ImGui::TableSetupColumn("clock", ImGuiTableColumnFlags_WidthStretch, kCustomerColumns[2]);
        ImGui::TableNextColumn();
        heading(ctx, p.name.c_str());
        mutedText(ctx, "%s", who.c_str());
        pill(channel.c_str(), ctx.palette.accent);
        ImGui::SameLine();
        pill(priority.c_str(), s.priority == Priority::P1 ? ctx.palette.bad : ctx.palette.warn);
        ImGui::SameLine();
        pill(mode, exam ? ctx.palette.bad : ctx.palette.good);
        ImGui::SameLine();
        mutedText(ctx, "%s", s.title.c_str());

        ImGui::TableNextColumn();
        ImGui::TextUnformatted("Customer mood");
        if (moodHidden) {
            mutedText(ctx, "%s", moodHidden);
        } else {
            int mood = model.mood();
            const char* word = mood >= 70 ? "calm" : mood >= 45 ? "uneasy" : mood >= 25 ? "frustrated" : "angry";
            char overlay[40];
            std::snprintf(overlay, sizeof overlay, "%s · %d", word, mood);
            scoreBar(ctx, mood / 100.0f, overlay, -1, 0);
        }

        ImGui::TableNextColumn();
        ImGui::Text("Response clock%s", rc.simulated ? " (simulated time)" : "");
        if (rc.target > 0) {
            std::string overlay = formatDuration(rc.elapsed) + " of " + formatDuration(rc.target);
            float used = static_cast<float>(std::min(1.0, rc.elapsed / rc.target));
            meterBar(ctx, used, rc.late ? ctx.palette.bad : used > 0.75f ? ctx.palette.warn : ctx.palette.good, overlay.c_str());
        }
        mutedText(ctx, "%s", rc.standard.c_str());
        ImGui::EndTable();
    }
    endCard();
}

void drawConversation(AppModel& model, FrameContext& ctx, float height) {
    static BubbleLayout layout;
    drawBubbles(ctx, "conversation", model.play().bubbles, layout, ImVec2(0, height));
}

bool hasPracticeFeedback(const AppModel& model) {
    const PlayState& play = model.play();
    return play.mode == "practice" && !play.feedback.empty() &&
           (!play.feedback.back().notes.empty() || !play.feedback.back().ruleLines.empty());
}

void drawPracticeFeedback(AppModel& model, FrameContext& ctx) {
    if (!hasPracticeFeedback(model)) return;
    const PracticeFeedback& fb = model.play().feedback.back();
    // Its own scroll area, so the prompt and the reply box below it always stay in view.
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ctx.palette.systemBubble);
    ImGui::BeginChild("coach", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 4.5f), false,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::TextColored(ctx.palette.accent, "Coach's note on turn %d", fb.turn);
    for (const auto& n : fb.notes) {
        ImGui::PushStyleColor(ImGuiCol_Text, n.critical ? ctx.palette.bad : ctx.palette.text);
        ImGui::TextWrapped("%s%s", n.critical ? "Critical: " : "", n.text.c_str());
        ImGui::PopStyleColor();
        if (!n.cite.empty()) mutedText(ctx, "See %s", n.cite.c_str());
    }
    for (const auto& line : fb.ruleLines) mutedText(ctx, "%s", line.c_str());
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

int dropNewlineWithCtrl(ImGuiInputTextCallbackData* data) {
    // Ctrl+Enter sends the reply, so it must not also type a newline.
    return data->EventChar == '\n' && ImGui::GetIO().KeyCtrl ? 1 : 0;
}

void drawReplyBox(AppModel& model, FrameContext& ctx) {
    PlayState& play = model.play();
    float boxHeight = ImGui::GetTextLineHeight() * 4.5f;
    ImGui::InputTextMultiline("##reply", &play.replyDraft, ImVec2(-1, boxHeight),
                              ImGuiInputTextFlags_CallbackCharFilter, dropNewlineWithCtrl);
    probe(ctx, "reply");
    // Ctrl+Enter also makes ImGui 1.86 deactivate the box in this very frame, so the box counts
    // when it was active until this press.
    bool ctrlEnter = (ImGui::IsItemActive() || ImGui::IsItemDeactivated()) && ImGui::GetIO().KeyCtrl &&
                     (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere(-1);
    bool send = primaryButton(ctx, "Send  (Ctrl+Enter)");
    probe(ctx, "send");
    if (send || ctrlEnter) model.sendReply(ctx.clock);
    ImGui::SameLine();
    // The limit is shown with the count, so a long paste is explained before Send refuses it.
    const bool over = play.replyDraft.size() > kMaxReplyBytes;
    mutedText(ctx, "%zu characters%s", play.replyDraft.size(),
              over ? " - over the limit of 64 KB" : play.replyDraft.size() > kMaxReplyBytes / 2 ? " of at most 65 536" : "");
}

std::string choiceLabel(const ChoiceButton& b, size_t i) {
    return (i < 9 ? std::to_string(i + 1) + "   " : "    ") + (b.action.empty() ? "" : "[" + b.action + "]  ") + b.text;
}

/// The turn on screen, worked out once a frame (choice conditions are evaluated once, not per use).
struct TurnView {
    TurnPrompt prompt;
    std::vector<ChoiceButton> buttons;
};

void drawChoices(AppModel& model, FrameContext& ctx, const std::vector<ChoiceButton>& buttons) {
    for (size_t i = 0; i < buttons.size(); ++i) {
        const ChoiceButton& b = buttons[i];
        std::string label = choiceLabel(b, i);
        ImGui::PushID(static_cast<int>(i));
        if (!b.enabled) ImGui::BeginDisabled();
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0, 0.5f));
        if (!b.action.empty()) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(ctx.palette.warn.x, ctx.palette.warn.y, ctx.palette.warn.z, 0.25f));
        float wrap = ImGui::GetContentRegionAvail().x - 24;
        float h = ImGui::CalcTextSize(label.c_str(), nullptr, false, wrap).y + ImGui::GetStyle().FramePadding.y * 2;
        ImVec2 pos = ImGui::GetCursorScreenPos();
        bool pressed = ImGui::Button("##choice", ImVec2(-1, h));
        probe(ctx, "choice-" + std::to_string(i + 1));
        ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                                            ImVec2(pos.x + ImGui::GetStyle().FramePadding.x, pos.y + ImGui::GetStyle().FramePadding.y),
                                            ImGui::GetColorU32(ImGuiCol_Text), label.c_str(), nullptr, wrap);
        if (!b.action.empty()) ImGui::PopStyleColor();
        ImGui::PopStyleVar();
        if (!b.enabled) {
            ImGui::EndDisabled();
            if (!b.unavailableReason.empty()) mutedText(ctx, "Unavailable: %s", b.unavailableReason.c_str());
        }
        if (pressed) model.choose(i, ctx.clock);
        ImGui::PopID();
    }
    // 1–9 pick a choice, unless the trainee is typing somewhere.
    if (!ImGui::GetIO().WantTextInput)
        for (int k = 0; k < 9; ++k)
            if (ImGui::IsKeyPressed('1' + k, false)) model.choose(static_cast<size_t>(k), ctx.clock);
}

void drawTurn(AppModel& model, FrameContext& ctx, const TurnView& turn) {
    const TurnPrompt& prompt = turn.prompt;
    if (!prompt.prompt.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.accent);
        ImGui::TextWrapped("%s", prompt.prompt.c_str());
        ImGui::PopStyleColor();
    }
    if (prompt.kind == TurnPrompt::Kind::FreeText) drawReplyBox(model, ctx);
    else if (prompt.kind == TurnPrompt::Kind::Choice) drawChoices(model, ctx, turn.buttons);
}

void drawKnowledge(AppModel& model, FrameContext& ctx) {
    PlayState& play = model.play();
    ImGui::TextUnformatted("Knowledge base");
    std::string query = play.kbQuery;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##kb", "Search articles…", &query)) model.searchKnowledge(query);
    probe(ctx, "kb-search");
    ImGui::BeginChild("kb-results", ImVec2(0, 0));
    if (!play.openArticle.empty()) {
        if (auto a = model.library().findArticle(play.openArticle)) {
            if (ImGui::SmallButton("< Back to results")) model.openArticle("");
            ImGui::TextWrapped("%s", a->title.c_str());
            mutedText(ctx, "kb:%s · %s · updated %s", a->id.c_str(), a->category.c_str(), a->updated.c_str());
            ImGui::Separator();
            ImGui::TextWrapped("%s", a->body.c_str());
        }
        ImGui::EndChild();
        return;
    }
    auto articleRow = [&](const KnowledgeArticle& a) {
        // The title wraps (the panel is narrow) and the whole wrapped title opens the article.
        ImGui::PushID(a.id.c_str());
        float width = ImGui::GetContentRegionAvail().x;
        ImVec2 at = ImGui::GetCursorPos();
        float height = ImGui::CalcTextSize(a.title.c_str(), nullptr, false, width).y;
        if (ImGui::Selectable("##open", false, 0, ImVec2(width, height))) model.openArticle(a.id);
        probe(ctx, "kb:" + a.id);
        ImGui::SetCursorPos(at);
        ImGui::PushTextWrapPos(at.x + width);
        ImGui::TextColored(ctx.palette.accent, "%s", a.title.c_str());
        ImGui::PopTextWrapPos();
        mutedText(ctx, "%s", a.summary.c_str());
        ImGui::Spacing();
        ImGui::PopID();
    };
    if (!play.kbQuery.empty()) {
        if (play.kbHits.empty()) mutedText(ctx, "No article matches.");
        for (const auto& hit : play.kbHits) articleRow(*hit.article);
    } else if (play.mode == "practice") {
        mutedText(ctx, "Suggested for this case:");  // exam mode gives no hints: search only
        for (const auto& id : play.session->scenario().knowledge)
            if (auto a = model.library().findArticle(id)) articleRow(*a);
    } else {
        mutedText(ctx, "Search the help centre as you would on shift.");
    }
    ImGui::EndChild();
}

/// Height of what drawPracticeFeedback and drawTurn will draw at this width, computed the same way.
float turnAreaHeight(const AppModel& model, const TurnView& turn, float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float height = style.ItemSpacing.y * 2;
    if (hasPracticeFeedback(model)) height += ImGui::GetTextLineHeightWithSpacing() * 4.5f + style.ItemSpacing.y;
    const TurnPrompt& prompt = turn.prompt;
    if (!prompt.prompt.empty())
        height += ImGui::CalcTextSize(prompt.prompt.c_str(), nullptr, false, width).y + style.ItemSpacing.y;
    if (prompt.kind == TurnPrompt::Kind::FreeText)
        return height + ImGui::GetTextLineHeight() * 4.5f + style.ItemSpacing.y + ImGui::GetFrameHeightWithSpacing();
    const auto& buttons = turn.buttons;
    for (size_t i = 0; i < buttons.size(); ++i) {
        std::string label = choiceLabel(buttons[i], i);
        height += ImGui::CalcTextSize(label.c_str(), nullptr, false, width - 24).y + style.FramePadding.y * 2 + style.ItemSpacing.y;
        if (!buttons[i].enabled && !buttons[i].unavailableReason.empty()) height += ImGui::GetTextLineHeightWithSpacing() * 2;
    }
    return height;
}

} // namespace

void drawPlay(AppModel& model, FrameContext& ctx) {
    if (!model.play().session) return;
    const TurnView turn{model.prompt(), model.choiceButtons()};
    drawCustomerCard(model, ctx);
    ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("play-layout", 2, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupColumn("Conversation", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    ImGui::TableSetupColumn("Knowledge", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableNextColumn();
    // The turn area (coach's note, prompt, choices or reply box) is measured before it is drawn,
    // so Send and every choice stay in view and nothing moves between frames; the conversation
    // scrolls in what is left.
    float conversation = std::max(160.0f * ctx.scale, ImGui::GetContentRegionAvail().y - turnAreaHeight(model, turn, ImGui::GetContentRegionAvail().x));
    drawConversation(model, ctx, conversation);
    ImGui::BeginChild("turn", ImVec2(0, 0));
    drawPracticeFeedback(model, ctx);
    drawTurn(model, ctx, turn);
    ImGui::EndChild();
    ImGui::TableNextColumn();
    drawKnowledge(model, ctx);
    ImGui::EndTable();
}

} // namespace simdesk::app
