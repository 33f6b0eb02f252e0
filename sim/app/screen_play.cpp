// Play: the conversation as a help-desk console shows it. Customer card, mood meter and response
// clock on top; message bubbles (virtualised, so a 500-turn transcript scrolls smoothly); the
// choices (1–9) or a reply box (Ctrl+Enter sends); the knowledge base on the right.
#include "rich_text.hpp"
#include "ui.hpp"

#include "core/citation.hpp"
#include "core/knowledge.hpp"
#include "core/standards.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace simdesk::app {

namespace {

constexpr const char* kGlossaryArticle = "kb-glossary";
constexpr float kCustomerColumns[] = {2.2f, 1.2f, 1.6f};  // who, mood, response clock

/// Play gets a one-line customer card when the window holds fewer lines than this at the current
/// text size (125 % text and more at 1024×700, 200 % almost anywhere), so the conversation keeps the room.
constexpr float kCompactCardBelowLines = 28;

/// Every line of the card is one line, cut with "…" (the whole text on hover): large text or a
/// narrow window never makes the card taller, nor wraps the title a few letters a line.
ImVec2 customerCardPadding(const FrameContext& ctx, bool compact) {
    return compact ? ImVec2(cardPadding(ctx).x, 4 * ctx.scale) : cardPadding(ctx);
}

float customerCardHeight(const FrameContext& ctx, bool compact) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 padding = customerCardPadding(ctx, compact);
    float line = ImGui::GetTextLineHeight(), spacing = style.ItemSpacing.y, frame = ImGui::GetFrameHeight();
    float body = compact ? frame
                         : std::max(ctx.largeFont ? ctx.largeFont->FontSize : ImGui::GetFontSize(), line) + 2 * spacing + line +
                               std::max(line + 4, frame);
    return body + padding.y * 2 + (compact ? 0 : style.CellPadding.y * 2) + 2;
}

void headingLine(const FrameContext& ctx, const std::string& text) {
    if (ctx.largeFont) ImGui::PushFont(ctx.largeFont);
    textEllipsized(text);
    if (ctx.largeFont) ImGui::PopFont();
}

void drawCustomerCard(AppModel& model, FrameContext& ctx, bool compact) {
    const PlayState& play = model.play();
    const Scenario& s = play.session->scenario();
    const Persona& p = s.persona;
    const bool exam = play.mode == "exam";
    std::string who = p.role + " · " + p.company + " · " + p.tier + " tier · " + p.temperament;
    std::string channel(channelName(s.channel)), priority(priorityName(s.priority));
    const char* mode = exam ? "exam" : "practice";
    const char* moodHidden = exam ? "Hidden in exam mode: read the customer's words." : nullptr;
    ResponseClock rc = model.responseClock(ctx.clock);

    if (!beginCard(ctx, "customer", ImVec2(0, customerCardHeight(ctx, compact)), customerCardPadding(ctx, compact))) {
        endCard();
        probe(ctx, "customer-card");
        return;
    }
    if (compact) ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(ImGui::GetStyle().CellPadding.x, 0));
    const bool table = ImGui::BeginTable("customer-layout", 3, ImGuiTableFlags_SizingStretchProp);
    if (compact) ImGui::PopStyleVar();
    if (table) {
        ImGui::TableSetupColumn("who", ImGuiTableColumnFlags_WidthStretch, kCustomerColumns[0]);
        ImGui::TableSetupColumn("mood", ImGuiTableColumnFlags_WidthStretch, kCustomerColumns[1]);
        ImGui::TableSetupColumn("clock", ImGuiTableColumnFlags_WidthStretch, kCustomerColumns[2]);
        ImGui::TableNextColumn();
        if (compact) {
            ImGui::AlignTextToFramePadding();
            textEllipsized(p.name + " · " + channel + " · " + priority + " · " + mode + " · " + s.title);
        } else {
            headingLine(ctx, p.name);
            mutedLine(ctx, "%s", who.c_str());
            pill(channel.c_str(), ctx.palette.accent);
            ImGui::SameLine();
            pill(priority.c_str(), s.priority == Priority::P1 ? ctx.palette.bad : ctx.palette.warn);
            ImGui::SameLine();
            pill(mode, exam ? ctx.palette.bad : ctx.palette.good);
            ImGui::SameLine();
            mutedLine(ctx, "%s", s.title.c_str());
        }

        ImGui::TableNextColumn();
        if (!compact) textEllipsized("Customer mood");
        if (moodHidden) {
            if (compact) ImGui::AlignTextToFramePadding();
            mutedLine(ctx, "%s", compact ? "Mood hidden (exam)" : moodHidden);
        } else {
            int mood = model.mood();
            const char* word = mood >= 70 ? "calm" : mood >= 45 ? "uneasy" : mood >= 25 ? "frustrated" : "angry";
            char overlay[48];
            std::snprintf(overlay, sizeof overlay, "%s · %d", word, mood);
            scoreBar(ctx, mood / 100.0f, overlay, -1, 0);
            if (compact && ImGui::IsItemHovered()) ImGui::SetTooltip("Customer mood: %s, %d of 100", word, mood);
        }

        ImGui::TableNextColumn();
        if (!compact) textEllipsized(rc.simulated ? "Response clock (simulated time)" : "Response clock");
        if (rc.target > 0) {
            std::string overlay = formatDuration(rc.elapsed) + " of " + formatDuration(rc.target);
            float used = static_cast<float>(std::min(1.0, rc.elapsed / rc.target));
            meterBar(ctx, used, rc.late ? ctx.palette.bad : used > 0.75f ? ctx.palette.warn : ctx.palette.good, overlay.c_str());
            if (compact && ImGui::IsItemHovered()) ImGui::SetTooltip("Response clock: %s", rc.standard.c_str());
        }
        if (!compact || rc.target <= 0) {
            if (compact) ImGui::AlignTextToFramePadding();
            mutedLine(ctx, "%s", rc.standard.c_str());
        }
        ImGui::EndTable();
    }
    endCard();
    probe(ctx, "customer-card");
}


/// "See …" under a coach's note: sources named as a trainee knows them, the articles as links that
/// open in the knowledge-base panel.
MarkdownLine citationLine(const AppModel& model, const std::string& cite) {
    MarkdownLine line{textSpan("See ")};
    auto title = [&](std::string_view id) {
        auto article = model.library().findArticle(id);
        return article ? article->title : std::string();
    };
    bool first = true;
    for (const auto& part : readableCitation(cite, title)) {
        if (!first) line.push_back(textSpan("; "));
        first = false;
        line.push_back(textSpan(part.text, part.articleId.empty() ? "" : "kb:" + part.articleId));
    }
    return line;
}

bool hasPracticeFeedback(const AppModel& model) {
    const PlayState& play = model.play();
    return play.mode == "practice" && !play.feedback.empty() &&
           (!play.feedback.back().notes.empty() || !play.feedback.back().ruleLines.empty());
}

/// The coach's note, in full, after the last message of the conversation (it scrolls with it),
/// instead of a small box of its own.
void drawPracticeFeedback(AppModel& model, FrameContext& ctx) {
    if (!hasPracticeFeedback(model)) return;
    const PracticeFeedback& fb = model.play().feedback.back();
    ImGui::Separator();
    ImGui::TextColored(ctx.palette.accent, "Coach's note on turn %d", fb.turn);
    probe(ctx, "coach-note");
    for (const auto& n : fb.notes) {
        ImGui::PushStyleColor(ImGuiCol_Text, n.critical ? ctx.palette.bad : ctx.palette.text);
        textWrappedWords((n.critical ? "Critical: " : "") + n.text);
        ImGui::PopStyleColor();
        if (!n.cite.empty()) {
            std::string target = drawRich(ctx, citationLine(model, n.cite), ImGui::GetContentRegionAvail().x, ctx.palette.muted);
            if (target.starts_with("kb:")) model.openArticle(target.substr(3));
        }
    }
    for (const auto& line : fb.ruleLines) mutedText(ctx, "%s", line.c_str());
}

/// Height of drawPracticeFeedback at this width, measured the way it draws.
float practiceFeedbackHeight(const AppModel& model, float width) {
    if (!hasPracticeFeedback(model)) return 0;
    const PracticeFeedback& fb = model.play().feedback.back();
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    float height = 1 + spacing + ImGui::GetTextLineHeight() + spacing;
    for (const auto& n : fb.notes) {
        height += wrappedHeight((n.critical ? "Critical: " : "") + n.text, width) + spacing;
        if (!n.cite.empty()) height += richHeight(citationLine(model, n.cite), width) + spacing;
    }
    for (const auto& line : fb.ruleLines) height += wrappedHeight(line, width) + spacing;
    return height;
}

/// The conversation, with the coach's note on the last turn after its last message.
void drawConversation(AppModel& model, FrameContext& ctx, float height) {
    static BubbleLayout layout;
    // The note is as wide as the pane's content (the pane's padding and scroll bar aside).
    float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().WindowPadding.x * 2 - ImGui::GetStyle().ScrollbarSize;
    float note = practiceFeedbackHeight(model, width);
    drawBubbles(ctx, "conversation", model.play().bubbles, layout, ImVec2(0, height),
                note > 0 ? std::function<void()>([&] { drawPracticeFeedback(model, ctx); }) : std::function<void()>(), note);
    probe(ctx, "conversation");
}

/// The reply box as it wraps, kept between frames (one reply box on screen at a time).
SoftWrap& replyWrap() {
    static SoftWrap wrap;
    return wrap;
}

int replyCallback(ImGuiInputTextCallbackData* data) {
    // Ctrl+Enter sends the reply, so it must not also type a newline.
    if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) return data->EventChar == '\n' && ImGui::GetIO().KeyCtrl ? 1 : 0;
    if (data->EventFlag == ImGuiInputTextFlags_CallbackEdit) {
        // Wrap again as the reply is written: only spaces and newlines swap, so the length and the
        // cursor stay as they are.
        std::string edited(data->Buf, static_cast<size_t>(data->BufTextLen));
        static_cast<SoftWrap*>(data->UserData)->edit(edited, fontMeasure());
        std::copy(edited.begin(), edited.end(), data->Buf);
        data->BufDirty = true;
    }
    return 0;
}

/// The one line under the reply box: Send, and the size of the reply.
float sendRowHeight() { return ImGui::GetFrameHeightWithSpacing(); }

void drawReplyBox(AppModel& model, FrameContext& ctx, float boxHeight) {
    PlayState& play = model.play();
    SoftWrap& wrap = replyWrap();
    const ImGuiStyle& style = ImGui::GetStyle();
    // Lines wrap inside the box, leaving room for its scroll bar.
    float wrapWidth = ImGui::GetContentRegionAvail().x - style.FramePadding.x * 2 - style.ScrollbarSize - 4;
    // While the box has the keyboard ImGui keeps its own copy of the text: it is wrapped again on
    // each edit (the callback) and set from the draft only when the box is idle.
    static bool editing = false;
    if (!editing && (wrap.width != wrapWidth || wrap.text() != play.replyDraft)) wrap.reset(play.replyDraft, wrapWidth, fontMeasure());
    ImGui::InputTextMultiline("##reply", &wrap.shown, ImVec2(-1, boxHeight),
                              ImGuiInputTextFlags_CallbackCharFilter | ImGuiInputTextFlags_CallbackEdit, replyCallback, &wrap);
    editing = ImGui::IsItemActive();
    probe(ctx, "reply");
    std::string draft = wrap.text();
    if (draft != play.replyDraft) play.replyDraft = std::move(draft);
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
    // The size is always in view, with the limit, so a long paste is explained before Send refuses it.
    const bool over = play.replyDraft.size() > kMaxReplyBytes;
    size_t words = countWords(play.replyDraft), characters = countCharacters(play.replyDraft);
    char count[160];
    std::snprintf(count, sizeof count, "%zu %s · %zu %s%s", words, words == 1 ? "word" : "words", characters,
                  characters == 1 ? "character" : "characters",
                  over ? " - over the limit of 64 KB" : play.replyDraft.size() > kMaxReplyBytes / 2 ? " (limit 64 KB)" : "");
    ImGui::PushStyleColor(ImGuiCol_Text, over ? ctx.palette.bad : ctx.palette.muted);
    ImGui::AlignTextToFramePadding();
    textEllipsized(count);
    ImGui::PopStyleColor();
    probe(ctx, "reply-count");
}

std::string choiceLabel(const ChoiceButton& b, size_t i) {
    return (i < 9 ? std::to_string(i + 1) + "   " : "    ") + (b.action.empty() ? "" : "[" + b.action + "]  ") + b.text;
}

/// The turn on screen, worked out once a frame (choice conditions are evaluated once, not per use).
struct TurnView {
    TurnPrompt prompt;
    std::vector<ChoiceButton> buttons;
};

float choiceWrap(float width) { return width - 24; }

void drawChoices(AppModel& model, FrameContext& ctx, const std::vector<ChoiceButton>& buttons) {
    for (size_t i = 0; i < buttons.size(); ++i) {
        const ChoiceButton& b = buttons[i];
        std::string label = choiceLabel(b, i);
        ImGui::PushID(static_cast<int>(i));
        if (!b.enabled) ImGui::BeginDisabled();
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0, 0.5f));
        if (!b.action.empty()) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(ctx.palette.warn.x, ctx.palette.warn.y, ctx.palette.warn.z, 0.25f));
        float wrap = choiceWrap(ImGui::GetContentRegionAvail().x);
        float h = wrappedHeight(label, wrap) + ImGui::GetStyle().FramePadding.y * 2;
        ImVec2 pos = ImGui::GetCursorScreenPos();
        bool pressed = ImGui::Button("##choice", ImVec2(-1, h));
        probe(ctx, "choice-" + std::to_string(i + 1));
        drawWrapped(ImGui::GetWindowDrawList(), ImVec2(pos.x + ImGui::GetStyle().FramePadding.x, pos.y + ImGui::GetStyle().FramePadding.y),
                    ImGui::GetColorU32(ImGuiCol_Text), label, wrap);
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

/// The coach's note and the turn's prompt, above the choices or the reply box.
void drawNotes(FrameContext& ctx, const TurnView& turn) {
    if (!turn.prompt.prompt.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.accent);
        textWrappedWords(turn.prompt.prompt);
        ImGui::PopStyleColor();
        probe(ctx, "prompt");
    }
}

float notesHeight(const TurnView& turn, float width) {
    float height = 0;
    if (!turn.prompt.prompt.empty()) height += wrappedHeight(turn.prompt.prompt, width) + ImGui::GetStyle().ItemSpacing.y;
    return height;
}

float choicesHeight(const std::vector<ChoiceButton>& buttons, float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float height = 0;
    for (size_t i = 0; i < buttons.size(); ++i) {
        height += wrappedHeight(choiceLabel(buttons[i], i), choiceWrap(width)) + style.FramePadding.y * 2 + style.ItemSpacing.y;
        if (!buttons[i].enabled && !buttons[i].unavailableReason.empty())
            height += ImGui::CalcTextSize(("Unavailable: " + buttons[i].unavailableReason).c_str(), nullptr, false, width).y + style.ItemSpacing.y;
    }
    return height;
}

/// The open article's body as blocks, parsed once while it stays open. Its first heading is dropped
/// when it opens the body: it is the title, already shown above it.
const std::vector<MarkdownBlock>& articleBlocks(const KnowledgeArticle& article) {
    static std::string parsedId;
    static std::vector<MarkdownBlock> blocks;
    if (parsedId != article.id) {
        blocks = parseMarkdown(article.body);
        if (!blocks.empty() && blocks.front().kind == MarkdownBlockKind::Heading && blocks.front().level == 1) blocks.erase(blocks.begin());
        parsedId = article.id;
    }
    return blocks;
}

void drawKnowledge(AppModel& model, FrameContext& ctx) {
    PlayState& play = model.play();
    ImGui::TextUnformatted("Knowledge base");
    // The glossary is an article like any other (content, not code), one click away in every mode:
    // knowing what P2 or L3 means is not a hint.
    if (model.library().findArticle(kGlossaryArticle)) {
        sameLineIfFits(buttonWidth("Glossary") + ImGui::GetStyle().ItemSpacing.x);
        if (ImGui::SmallButton("Glossary")) model.openArticle(kGlossaryArticle);
        probe(ctx, "glossary");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("P1-P4, SLA, the escalation rungs and QA terms");
    }
    std::string query = play.kbQuery;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##kb", "Search articles…", &query)) model.searchKnowledge(query);
    probe(ctx, "kb-search");
    ImGui::BeginChild("kb-results", ImVec2(0, 0));
    if (!play.openArticle.empty()) {
        if (auto a = model.library().findArticle(play.openArticle)) {
            // Another article opened (a link followed): read it from its top, not where the last one was.
            static std::string shownId;
            if (shownId != a->id) ImGui::SetScrollY(0);
            shownId = a->id;
            if (ImGui::SmallButton("< Back to results")) model.openArticle("");
            probe(ctx, "kb-back");
            ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.accent);
            textWrappedWords(a->title);
            ImGui::PopStyleColor();
            probe(ctx, "kb-article:" + a->id);
            mutedText(ctx, "%s · updated %s", a->category.c_str(), a->updated.c_str());
            ImGui::Separator();
            std::string target = drawMarkdown(ctx, articleBlocks(*a));
            if (target.starts_with("kb:")) model.openArticle(target.substr(3));
        }
        ImGui::EndChild();
        probe(ctx, "kb-panel");  // the article's scrolling pane (the end-to-end test scrolls over it)
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

} // namespace

void drawPlay(AppModel& model, FrameContext& ctx) {
    if (!model.play().session) return;
    const TurnView turn{model.prompt(), model.choiceButtons()};
    const bool compact = ImGui::GetContentRegionAvail().y < kCompactCardBelowLines * ImGui::GetTextLineHeight();
    drawCustomerCard(model, ctx, compact);
    ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("play-layout", 2, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupColumn("Conversation", ImGuiTableColumnFlags_WidthStretch, 2.6f);
    ImGui::TableSetupColumn("Knowledge", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableNextColumn();
    // The column is shared out before anything is drawn, so nothing moves between frames: the
    // conversation gets the room; the turn area (coach's note, prompt, choices) takes what it needs
    // up to under half of it and scrolls beyond that; a reply box keeps a few lines and Send.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float height = ImGui::GetContentRegionAvail().y, width = ImGui::GetContentRegionAvail().x;
    const float line = ImGui::GetTextLineHeightWithSpacing(), spacing = style.ItemSpacing.y;
    const float innerWidth = width - style.ScrollbarSize;  // in a child that may scroll
    const float notes = notesHeight(turn, innerWidth);
    const float minConversation = std::min(height * 0.4f, line * 4);
    if (turn.prompt.kind == TurnPrompt::Kind::FreeText) {
        // Tight (large text, small window): the reply box gives up lines first, down to two, then
        // the prompt's area, down to a line (it scrolls).
        float box = std::clamp(height * 0.28f, line * 2.5f, line * 12);
        float notesShown = notes > 0 ? std::min(notes, std::max(height * 0.15f, line * 2)) : 0;
        auto conversation = [&] { return height - box - sendRowHeight() - notesShown - spacing * 3; };
        if (conversation() < minConversation) box = std::max(line * 2, box - (minConversation - conversation()));
        if (conversation() < minConversation && notesShown > 0)
            notesShown = std::max(std::min(notes, line), notesShown - (minConversation - conversation()));
        drawConversation(model, ctx, std::max(line * 2, conversation()));
        if (notesShown > 0) {
            ImGui::BeginChild("turn-notes", ImVec2(0, notesShown));
            drawNotes(ctx, turn);
            ImGui::EndChild();
        }
        drawReplyBox(model, ctx, box);
    } else {
        float content = notes + choicesHeight(turn.buttons, innerWidth);
        float area = std::min(content, std::max(height * 0.45f, line * 3));
        drawConversation(model, ctx, std::max(minConversation, height - area - spacing));
        ImGui::BeginChild("turn", ImVec2(0, 0));
        drawNotes(ctx, turn);
        if (turn.prompt.kind == TurnPrompt::Kind::Choice) drawChoices(model, ctx, turn.buttons);
        ImGui::EndChild();
    }
    ImGui::TableNextColumn();
    drawKnowledge(model, ctx);
    ImGui::EndTable();
}

} // namespace simdesk::app
