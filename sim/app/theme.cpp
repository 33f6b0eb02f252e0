// Themes and the small widgets every screen shares.
#include "ui.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>

namespace simdesk::app {

namespace {

Palette darkPalette() {
    return {ImVec4(0.92f, 0.93f, 0.95f, 1), ImVec4(0.62f, 0.65f, 0.70f, 1), ImVec4(0.35f, 0.62f, 0.98f, 1),
            ImVec4(0.30f, 0.78f, 0.47f, 1), ImVec4(0.94f, 0.36f, 0.36f, 1), ImVec4(0.96f, 0.72f, 0.26f, 1),
            ImVec4(0.20f, 0.22f, 0.27f, 1), ImVec4(0.16f, 0.33f, 0.58f, 1), ImVec4(0.25f, 0.22f, 0.14f, 1),
            ImVec4(0.95f, 0.96f, 0.98f, 1), ImVec4(0.14f, 0.15f, 0.18f, 1), ImVec4(0.26f, 0.28f, 0.33f, 1),
            ImVec4(0.10f, 0.11f, 0.13f, 1)};
}

Palette lightPalette() {
    return {ImVec4(0.10f, 0.11f, 0.14f, 1), ImVec4(0.38f, 0.40f, 0.45f, 1), ImVec4(0.10f, 0.40f, 0.85f, 1),
            ImVec4(0.10f, 0.55f, 0.27f, 1), ImVec4(0.80f, 0.15f, 0.15f, 1), ImVec4(0.70f, 0.45f, 0.00f, 1),
            ImVec4(0.90f, 0.91f, 0.93f, 1), ImVec4(0.82f, 0.89f, 0.99f, 1), ImVec4(0.99f, 0.94f, 0.80f, 1),
            ImVec4(0.08f, 0.09f, 0.12f, 1), ImVec4(1.00f, 1.00f, 1.00f, 1), ImVec4(0.80f, 0.82f, 0.86f, 1),
            ImVec4(0.95f, 0.96f, 0.97f, 1)};
}

/// Black, white and saturated accents: every text/background pair is above WCAG AAA contrast.
Palette highContrastPalette() {
    return {ImVec4(1, 1, 1, 1),       ImVec4(0.90f, 0.90f, 0.90f, 1), ImVec4(1.00f, 0.85f, 0.00f, 1),
            ImVec4(0.30f, 1.00f, 0.40f, 1), ImVec4(1.00f, 0.45f, 0.45f, 1), ImVec4(1.00f, 0.85f, 0.00f, 1),
            ImVec4(0, 0, 0, 1),       ImVec4(0.00f, 0.15f, 0.35f, 1), ImVec4(0.20f, 0.15f, 0.00f, 1),
            ImVec4(1, 1, 1, 1),       ImVec4(0, 0, 0, 1),             ImVec4(1, 1, 1, 1),
            ImVec4(0, 0, 0, 1)};
}

void baseStyle(float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(16, 14);
    style.FramePadding = ImVec2(10, 6);
    style.CellPadding = ImVec2(8, 6);
    style.ItemSpacing = ImVec2(10, 8);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 16;
    style.WindowRounding = 0;
    style.ChildRounding = 6;
    style.FrameRounding = 5;
    style.PopupRounding = 6;
    style.GrabRounding = 5;
    style.TabRounding = 5;
    style.ScaleAllSizes(scale);
}

} // namespace

Palette applyTheme(Theme theme, float scale) {
    baseStyle(scale);
    ImGuiStyle& style = ImGui::GetStyle();
    Palette p;
    switch (theme) {
    case Theme::Dark:
        ImGui::StyleColorsDark();
        p = darkPalette();
        break;
    case Theme::Light:
        ImGui::StyleColorsLight();
        p = lightPalette();
        // Fields and combos are white on a near-white window: a frame and a grey fill show where they are.
        style.FrameBorderSize = 1;
        style.Colors[ImGuiCol_Border] = ImVec4(0.62f, 0.65f, 0.70f, 1);
        style.Colors[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_FrameBgHovered] = ImVec4(0.93f, 0.95f, 1.00f, 1);
        style.Colors[ImGuiCol_FrameBgActive] = ImVec4(0.88f, 0.92f, 1.00f, 1);
        break;
    case Theme::HighContrast:
        ImGui::StyleColorsDark();
        p = highContrastPalette();
        style.FrameBorderSize = 1;
        style.ChildBorderSize = 2;
        style.Colors[ImGuiCol_Border] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_FrameBg] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_Button] = ImVec4(0.0f, 0.0f, 0.0f, 1);
        style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.25f, 0.25f, 0.0f, 1);
        style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.45f, 0.40f, 0.0f, 1);
        style.Colors[ImGuiCol_Header] = ImVec4(0.30f, 0.28f, 0.0f, 1);
        style.Colors[ImGuiCol_HeaderHovered] = ImVec4(0.40f, 0.36f, 0.0f, 1);
        style.Colors[ImGuiCol_TextDisabled] = p.muted;
        break;
    }
    style.Colors[ImGuiCol_Text] = p.text;
    style.Colors[ImGuiCol_WindowBg] = p.clearColour;
    style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    style.Colors[ImGuiCol_PlotHistogram] = p.accent;
    // Menus, combos and tooltips are opaque in every theme: the screen must not show through them.
    style.Colors[ImGuiCol_PopupBg] = p.card;
    style.Colors[ImGuiCol_PopupBg].w = 1;
    style.PopupBorderSize = 1;
    return p;
}

void probe(FrameContext& ctx, const std::string& name) {
    if (!ctx.probing) return;
    // Only the part a click can reach: clipped to the window, child or table cell it is drawn in;
    // an item scrolled out of view is left out.
    const ImVec2 itemMin = ImGui::GetItemRectMin(), itemMax = ImGui::GetItemRectMax();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 clipMin = draw->GetClipRectMin(), clipMax = draw->GetClipRectMax();
    ImVec2 min(std::max(itemMin.x, clipMin.x), std::max(itemMin.y, clipMin.y));
    ImVec2 max(std::min(itemMax.x, clipMax.x), std::min(itemMax.y, clipMax.y));
    if (max.x - min.x < 1 || max.y - min.y < 1) return;
    // Whole: nothing of it cut by its window or by the screen's edge (layout tests ask for that).
    const ImVec2 screen = ImGui::GetIO().DisplaySize;
    bool whole = min.x <= itemMin.x + 0.5f && min.y <= itemMin.y + 0.5f && max.x >= itemMax.x - 0.5f && max.y >= itemMax.y - 0.5f &&
                 itemMin.x >= 0 && itemMin.y >= 0 && itemMax.x <= screen.x + 0.5f && itemMax.y <= screen.y + 0.5f;
    ctx.probes.push_back({name, ImVec4(min.x, min.y, max.x - min.x, max.y - min.y), whole});
}

void heading(const FrameContext& ctx, const char* text) {
    if (ctx.largeFont) ImGui::PushFont(ctx.largeFont);
    ImGui::TextUnformatted(text);
    if (ctx.largeFont) ImGui::PopFont();
}

void noteBesideButton(const FrameContext& ctx, const char* text) {
    ImGui::SameLine();
    // Plain text: mutedText draws at the line's top, above the label's baseline.
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.muted);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

void mutedText(const FrameContext& ctx, const char* format, ...) {
    va_list args;
    va_start(args, format);
    // Wrapped between words (a number such as "$2,280.00" stays on one line), like TextWrapped else.
    va_list copy;
    va_copy(copy, args);
    int size = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    std::string text(static_cast<size_t>(std::max(0, size)), '\0');
    std::vsnprintf(text.data(), text.size() + 1, format, args);
    va_end(args);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.muted);
    textWrappedWords(text);
    ImGui::PopStyleColor();
}

namespace {
bool colouredLineV(ImVec4 colour, const char* format, va_list args) {
    char buffer[1024];
    std::vsnprintf(buffer, sizeof buffer, format, args);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    bool cut = textEllipsized(buffer);
    ImGui::PopStyleColor();
    return cut;
}
} // namespace

bool mutedLine(const FrameContext& ctx, const char* format, ...) {
    va_list args;
    va_start(args, format);
    bool cut = colouredLineV(ctx.palette.muted, format, args);
    va_end(args);
    return cut;
}

bool colouredLine(ImVec4 colour, const char* format, ...) {
    va_list args;
    va_start(args, format);
    bool cut = colouredLineV(colour, format, args);
    va_end(args);
    return cut;
}

void sameLineIfFits(float width) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

std::string ellipsize(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    // The longest prefix that fits with the ellipsis, in one pass: the font stops measuring at the
    // first character past the width (always on a character boundary).
    float ellipsis = ImGui::CalcTextSize("…").x;
    const char* cut = text.c_str();
    ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), std::max(0.0f, width - ellipsis), 0.0f, text.c_str(),
                                    text.c_str() + text.size(), &cut);
    std::string shown(text.c_str(), cut);
    // Measured whole, the text rounds up to the next pixel: drop characters while it overflows.
    auto dropLastCharacter = [&] {
        while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();
        if (!shown.empty()) shown.pop_back();
    };
    while (!shown.empty() && ImGui::CalcTextSize((shown + "…").c_str()).x > width) dropLastCharacter();
    while (!shown.empty() && shown.back() == ' ') shown.pop_back();
    return shown + "…";
}

bool textEllipsized(const std::string& text) {
    std::string shown = ellipsize(text, ImGui::GetContentRegionAvail().x);
    ImGui::TextUnformatted(shown.c_str());
    bool cut = shown != text;
    if (cut && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());  // what the "…" stands for
    return cut;
}

void pill(const char* text, ImVec4 colour) {
    ImVec2 size = ImGui::CalcTextSize(text);
    ImVec2 pad(7, 2);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImVec4 fill = colour;
    fill.w = 0.22f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, ImVec2(pos.x + size.x + pad.x * 2, pos.y + size.y + pad.y * 2), ImGui::GetColorU32(fill), 9);
    draw->AddRect(pos, ImVec2(pos.x + size.x + pad.x * 2, pos.y + size.y + pad.y * 2), ImGui::GetColorU32(colour), 9);
    draw->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), ImGui::GetColorU32(colour), text);
    ImGui::Dummy(ImVec2(size.x + pad.x * 2, size.y + pad.y * 2));
}

ImVec4 scoreColour(const FrameContext& ctx, double fraction) {
    if (fraction >= 0.8) return ctx.palette.good;
    if (fraction >= 0.5) return ctx.palette.warn;
    return ctx.palette.bad;
}

namespace {
/// White on a dark fill, black on a bright one (the high-contrast yellow, the green of a pass).
ImVec4 readableTextOn(ImVec4 fill) {
    float luminance = 0.2126f * fill.x + 0.7152f * fill.y + 0.0722f * fill.z;
    return luminance > 0.55f ? ImVec4(0, 0, 0, 1) : ImVec4(1, 1, 1, 1);
}
} // namespace

void meterBar(const FrameContext& ctx, float fraction, ImVec4 fill, const char* overlay, float width, float height) {
    fraction = std::clamp(fraction, 0.0f, 1.0f);
    ImVec2 size(width > 0 ? width : ImGui::GetContentRegionAvail().x, height > 0 ? height : ImGui::GetFrameHeight());
    ImVec2 min = ImGui::GetCursorScreenPos();
    ImVec2 max(min.x + size.x, min.y + size.y);
    ImGui::Dummy(size);
    if (!ImGui::IsItemVisible()) return;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float rounding = ImGui::GetStyle().FrameRounding;
    float split = min.x + size.x * fraction;
    draw->AddRectFilled(min, max, ImGui::GetColorU32(ImGuiCol_FrameBg), rounding);
    if (fraction > 0)
        draw->AddRectFilled(min, ImVec2(split, max.y), ImGui::GetColorU32(fill), rounding,
                            fraction < 1 ? ImDrawFlags_RoundCornersLeft : ImDrawFlags_RoundCornersAll);
    // The outline shows the whole track where the empty part is as pale as the card (light themes).
    draw->AddRect(min, max, ImGui::GetColorU32(ImGuiCol_Border), rounding);
    // The label is centred and drawn twice, each half clipped to its side of the fill, so every
    // letter is readable whether it sits on the fill or on the empty track.
    ImVec2 textSize = ImGui::CalcTextSize(overlay);
    ImVec2 at(min.x + std::max(0.0f, (size.x - textSize.x) / 2), min.y + (size.y - textSize.y) / 2);
    draw->PushClipRect(min, ImVec2(split, max.y), true);
    draw->AddText(at, ImGui::GetColorU32(readableTextOn(fill)), overlay);
    draw->PopClipRect();
    draw->PushClipRect(ImVec2(split, min.y), max, true);
    draw->AddText(at, ImGui::GetColorU32(ctx.palette.text), overlay);
    draw->PopClipRect();
}

void scoreBar(const FrameContext& ctx, float fraction, const char* overlay, float width, float height) {
    meterBar(ctx, fraction, scoreColour(ctx, fraction), overlay, width, height);
}

bool primaryButton(const FrameContext& ctx, const char* label, ImVec2 size) {
    ImVec4 base = ctx.palette.accent;
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(base.x * 0.75f, base.y * 0.75f, base.z * 0.75f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, base);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(base.x * 0.6f, base.y * 0.6f, base.z * 0.6f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, readableTextOn(base));
    bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(4);
    return pressed;
}

float buttonWidth(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

ImVec2 cardPadding(const FrameContext& ctx) { return ImVec2(14 * ctx.scale, 12 * ctx.scale); }

bool beginCard(const FrameContext& ctx, const char* id, ImVec2 size) { return beginCard(ctx, id, size, cardPadding(ctx)); }

bool beginCard(const FrameContext& ctx, const char* id, ImVec2 size, ImVec2 padding) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ctx.palette.card);
    ImGui::PushStyleColor(ImGuiCol_Border, ctx.palette.cardBorder);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
    bool open = ImGui::BeginChild(id, size, true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    return open;
}

void endCard() {
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
}

MeasureText fontMeasure() {
    ImFont* font = ImGui::GetFont();
    float size = ImGui::GetFontSize();
    return [font, size](std::string_view text) {
        return font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
    };
}

float wrappedHeight(std::string_view text, float width) {
    return static_cast<float>(wrapWords(text, width, fontMeasure()).size()) * ImGui::GetFontSize();
}

void drawWrapped(ImDrawList* draw, ImVec2 pos, ImU32 colour, std::string_view text, float width) {
    for (std::string_view line : wrapWords(text, width, fontMeasure())) {
        if (!line.empty()) draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), pos, colour, line.data(), line.data() + line.size());
        pos.y += ImGui::GetFontSize();
    }
}

void textWrappedWords(std::string_view text) {
    float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float height = wrappedHeight(text, width);
    ImGui::Dummy(ImVec2(width, height));
    if (ImGui::IsItemVisible()) drawWrapped(ImGui::GetWindowDrawList(), pos, ImGui::GetColorU32(ImGuiCol_Text), text, width);
}

bool textWordsOrEllipsis(const std::string& text) {
    float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
    auto measure = fontMeasure();
    for (size_t start = 0; start < text.size();) {
        size_t end = text.find_first_of(" \n", start);
        if (end == std::string::npos) end = text.size();
        if (measure(std::string_view(text).substr(start, end - start)) > width) return textEllipsized(text);
        start = end + 1;
    }
    textWrappedWords(text);
    return false;
}

// ---- conversation ------------------------------------------------------------------------------

namespace {

float bubbleWidth(float avail) { return std::max(200.0f, avail * 0.72f); }

float measureBubble(const Bubble& b, float avail) {
    float wrap = bubbleWidth(avail) - 24;
    return wrappedHeight(b.text, wrap) + ImGui::GetTextLineHeight() + 30;
}

void drawBubble(const FrameContext& ctx, const Bubble& b, float avail, ImVec2 origin, float top) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float width = bubbleWidth(avail);
    float wrap = width - 24;
    auto lines = wrapWords(b.text, wrap, fontMeasure());
    float textWidth = 0;
    for (std::string_view line : lines) textWidth = std::max(textWidth, ImGui::CalcTextSize(line.data(), line.data() + line.size()).x);
    std::string header = b.author + (b.note.empty() ? "" : "  · " + b.note) + (b.delivery.empty() ? "" : "  · " + b.delivery);
    // The header is cut with "…" to the bubble's width rather than drawn past it.
    float w = std::min(width, std::max(textWidth, ImGui::CalcTextSize(b.author.c_str()).x + 80) + 24);
    float h = static_cast<float>(lines.size()) * ImGui::GetFontSize() + ImGui::GetTextLineHeight() + 18;
    float x = origin.x;
    ImVec4 fill = ctx.palette.customerBubble;
    if (b.side == Bubble::Side::Trainee) {
        x = origin.x + avail - w - 8;
        fill = ctx.palette.traineeBubble;
    } else if (b.side == Bubble::Side::System) {
        x = origin.x + (avail - w) / 2;
        fill = ctx.palette.systemBubble;
    }
    ImVec2 min(x, origin.y + top), max(x + w, origin.y + top + h);
    draw->AddRectFilled(min, max, ImGui::GetColorU32(fill), 10);
    draw->AddRect(min, max, ImGui::GetColorU32(ctx.palette.cardBorder), 10);  // keeps bubbles visible in high contrast
    ImU32 text = ImGui::GetColorU32(ctx.palette.bubbleText);
    ImU32 muted = ImGui::GetColorU32(ctx.palette.muted);
    std::string shownHeader = ellipsize(header, w - 24);
    draw->AddText(ImVec2(min.x + 12, min.y + 6), muted, shownHeader.c_str());
    ImVec2 at(min.x + 12, min.y + 8 + ImGui::GetTextLineHeight());
    for (std::string_view line : lines) {
        if (!line.empty()) draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, text, line.data(), line.data() + line.size());
        at.y += ImGui::GetFontSize();
    }
}

} // namespace

void drawBubbles(const FrameContext& ctx, const char* id, const std::vector<Bubble>& bubbles, BubbleLayout& layout, ImVec2 size,
                 const std::function<void()>& footer, float footerHeight) {
    ImGui::BeginChild(id, size, true);
    float avail = ImGui::GetContentRegionAvail().x;
    if (layout.width != avail || layout.source != bubbles.data() || layout.tops.size() != bubbles.size() + 1) {
        layout.width = avail;
        layout.source = bubbles.data();
        layout.tops.assign(1, 0.0f);
        for (const auto& b : bubbles) layout.tops.push_back(layout.tops.back() + measureBubble(b, avail));
    }
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float scroll = ImGui::GetScrollY(), view = ImGui::GetWindowHeight();
    auto first = std::upper_bound(layout.tops.begin(), layout.tops.end(), scroll) - layout.tops.begin();
    for (size_t i = first > 0 ? static_cast<size_t>(first - 1) : 0; i < bubbles.size(); ++i) {
        if (layout.tops[i] > scroll + view) break;
        drawBubble(ctx, bubbles[i], avail, origin, layout.tops[i]);
    }
    ImGui::Dummy(ImVec2(avail, layout.tops.back()));
    if (footer) footer();
    if (bubbles.size() < layout.shown) layout.shown = 0;  // another conversation
    if (bubbles.size() != layout.shown && layout.follow) {
        // New messages: show the newest customer message from its first line (a long e-mail is read
        // from the top), or the end of the conversation when that fits.
        layout.scrollTo = bubbles.size();
        for (size_t i = bubbles.size(); i-- > layout.shown;)
            if (bubbles[i].side == Bubble::Side::Customer) {
                layout.scrollTo = i;
                break;
            }
    }
    if (layout.scrollTo != BubbleLayout::kNoScroll) {
        float inner = view - ImGui::GetStyle().WindowPadding.y * 2;
        float end = std::max(0.0f, layout.tops.back() + (footer ? footerHeight + ImGui::GetStyle().ItemSpacing.y : 0) - inner);
        // The bubble's top a few pixels under the pane's edge, the gap above it (and the end of the
        // message before) out of view.
        float top = layout.scrollTo < bubbles.size() ? layout.tops[layout.scrollTo] + ImGui::GetStyle().WindowPadding.y - 4 : end;
        float y = std::min(top, end);
        ImGui::SetScrollY(y);
        // A child seen for the first time does not know its content's height yet, and clamps the
        // scroll to 0: ask again until the scroll can reach the place.
        if (ImGui::GetScrollMaxY() + 0.5f >= y) layout.scrollTo = BubbleLayout::kNoScroll;
    }
    layout.shown = bubbles.size();
    ImGui::EndChild();
}

} // namespace simdesk::app
