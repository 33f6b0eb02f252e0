// Shared pieces of the ImGui screens: the theme's palette, the per-frame context and a few widgets
// every screen uses, so spacing and colours stay the same everywhere.
#pragma once

#include "model.hpp"

#include <imgui.h>

#include <functional>
#include <string>

namespace simdesk::app {

struct Palette {
    ImVec4 text, muted, accent, good, bad, warn;
    ImVec4 customerBubble, traineeBubble, systemBubble, bubbleText;
    ImVec4 card, cardBorder, clearColour;
};

/// Sets ImGui's style for a theme at a scale (1 = 96 dpi) and returns the colours screens use.
Palette applyTheme(Theme theme, float scale);

/// What a screen needs besides the model: the clock, the palette and a few services of the window.
struct FrameContext {
    Clock clock;
    Palette palette;
    float scale = 1;
    ImFont* largeFont = nullptr;  ///< headings and the score
    /// A texture with the certificate of a track (0 if it cannot be made), cached by the window.
    std::function<ImTextureID(const std::string& trackId, ImVec2& size)> certificateTexture;
    std::string exportFolder, regularFont, boldFont;
    /// Test probe (SIMDESK_UI_PROBE): where named widgets were drawn this frame, so the end-to-end
    /// test can click real buttons by name instead of guessing coordinates.
    bool probing = false;
    std::vector<std::pair<std::string, ImVec4>> probes;
};

/// Records under `name` the part of the last item a click can reach (nothing if it is scrolled out of
/// view), when probing.
void probe(FrameContext& ctx, const std::string& name);

void drawStart(AppModel& model, FrameContext& ctx);
void drawLibrary(AppModel& model, FrameContext& ctx);
void drawPlay(AppModel& model, FrameContext& ctx);
void drawDebrief(AppModel& model, FrameContext& ctx);
void drawTracks(AppModel& model, FrameContext& ctx);
void drawReviews(AppModel& model, FrameContext& ctx);
void drawTeam(AppModel& model, FrameContext& ctx);

/// The whole frame: top bar, the current screen, the status bar.
void drawFrame(AppModel& model, FrameContext& ctx);

// ---- widgets ------------------------------------------------------------------------------------
void heading(const FrameContext& ctx, const char* text);
void mutedText(const FrameContext& ctx, const char* format, ...) IM_FMTARGS(2);
/// Muted text on one line, never wrapped, for rows that must keep a fixed height: cut with "…"
/// where it would overflow, the whole text on hover. True when it was cut.
bool mutedLine(const FrameContext& ctx, const char* format, ...) IM_FMTARGS(2);
/// The same in any colour (due dates, statuses).
bool colouredLine(ImVec4 colour, const char* format, ...) IM_FMTARGS(2);
/// The next item goes beside the last one when `width` still fits on the line, else below it.
void sameLineIfFits(float width);
/// `text` as it fits in `width` at the current font: whole, or cut at a character boundary and
/// ended with "…".
std::string ellipsize(const std::string& text, float width);
/// One line of text, cut with "…" where it would overflow the cell (the whole text on hover);
/// true when it was cut.
bool textEllipsized(const std::string& text);
/// A small rounded label, e.g. a channel or a status.
void pill(const char* text, ImVec4 colour);
/// A bar 0..1 filled in `fill`, with a centred label readable on the fill and off it.
void meterBar(const FrameContext& ctx, float fraction, ImVec4 fill, const char* overlay, float width = -1, float height = 0);
/// A meter bar coloured by how good the fraction is.
void scoreBar(const FrameContext& ctx, float fraction, const char* overlay, float width = -1, float height = 0);
bool primaryButton(const FrameContext& ctx, const char* label, ImVec2 size = ImVec2(0, 0));
/// The width a button with this label takes (for laying out before drawing).
float buttonWidth(const char* label);
/// The padding beginCard puts inside a card, so a screen can size a card to its content.
ImVec2 cardPadding(const FrameContext& ctx);
/// Begins a bordered card of the given height (0: fit the rest) that later widgets draw into.
bool beginCard(const FrameContext& ctx, const char* id, ImVec2 size);
void endCard();
ImVec4 scoreColour(const FrameContext& ctx, double fraction);

/// Heights of the bubbles at the current width, so only the visible ones are drawn.
struct BubbleLayout {
    float width = -1;
    const void* source = nullptr;  ///< the bubble list measured (another list: measure again)
    std::vector<float> tops;       ///< tops[i] = y of bubble i; tops.back() = total height
    size_t shown = 0;              ///< bubbles drawn last time: more means scroll to the newest
};
/// A scrolling conversation of message bubbles in a bordered child of `size`: customer left,
/// trainee right, system lines centred. A long transcript draws only what is in view.
void drawBubbles(const FrameContext& ctx, const char* id, const std::vector<Bubble>& bubbles, BubbleLayout& layout, ImVec2 size);

} // namespace simdesk::app
