// Shared pieces of the ImGui screens: the theme's palette, the per-frame context and a few widgets
// every screen uses, so spacing and colours stay the same everywhere.
#pragma once

#include "model.hpp"
#include "text_wrap.hpp"

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
    struct Probe {
        std::string name;
        ImVec4 rect;         ///< x, y, width, height of the part a click can reach
        bool whole = false;  ///< the item is entirely in view
    };
    std::vector<Probe> probes;
};

/// Records under `name` the part of the last item a click can reach (nothing if it is scrolled out of
/// view), when probing.
void probe(FrameContext& ctx, const std::string& name);

void drawStart(AppModel& model, FrameContext& ctx);
void drawSignIn(AppModel& model, FrameContext& ctx);
void drawLibrary(AppModel& model, FrameContext& ctx);
void drawPlay(AppModel& model, FrameContext& ctx);
void drawDebrief(AppModel& model, FrameContext& ctx);
void drawTracks(AppModel& model, FrameContext& ctx);
void drawReviews(AppModel& model, FrameContext& ctx);
// Parts of the Reviews screen's report (screen_reviews_report.cpp).
/// Each criterion's reliability: alpha with its 95 % interval drawn on a shared axis, agreement,
/// AC1/AC2 and the automatic scorer's row; "not enough data" below the minimum; values on hover.
void drawReliability(FrameContext& ctx, const std::vector<CriterionReliability>& rows);
/// Each grader's alignment with the session's benchmark, overall as a bar and per criterion.
void drawAlignment(FrameContext& ctx, const std::string& benchmark, const std::vector<GraderAlignment>& alignment);
/// One line on each figure of the reliability report, as docs/calibration.md explains them.
void drawReliabilityExplanations(const FrameContext& ctx);
void drawTeam(AppModel& model, FrameContext& ctx);
void drawPlays(AppModel& model, FrameContext& ctx);
void drawDashboards(AppModel& model, FrameContext& ctx);

/// The whole frame: top bar, the current screen, the status bar.
void drawFrame(AppModel& model, FrameContext& ctx);

// ---- widgets ------------------------------------------------------------------------------------
void heading(const FrameContext& ctx, const char* text);
void mutedText(const FrameContext& ctx, const char* format, ...) IM_FMTARGS(2);
/// A muted note on the line of the button just drawn, on the label's baseline (one line, unwrapped).
void noteBesideButton(const FrameContext& ctx, const char* text);
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
/// The current font's width of a piece of text, for wrapWords.
MeasureText fontMeasure();
/// Height of `text` wrapped at word boundaries (wrapWords) to `width` at the current font.
float wrappedHeight(std::string_view text, float width);
/// Draws `text` wrapped at word boundaries to `width`, its first line's top-left at `pos`.
void drawWrapped(ImDrawList* draw, ImVec2 pos, ImU32 colour, std::string_view text, float width);
/// TextWrapped, but breaking only between words: never inside a number such as "$2,280.00".
void textWrappedWords(std::string_view text);
/// For narrow table cells: wrapped between words, or, when a word alone is wider than the cell, one
/// line cut with "…" and the whole text on hover (a word is never broken in the middle). True when cut.
bool textWordsOrEllipsis(const std::string& text);
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
/// The same with its own padding (a one-line card).
bool beginCard(const FrameContext& ctx, const char* id, ImVec2 size, ImVec2 padding);
void endCard();
ImVec4 scoreColour(const FrameContext& ctx, double fraction);

/// Heights of the bubbles at the current width, so only the visible ones are drawn.
struct BubbleLayout {
    float width = -1;
    const void* source = nullptr;  ///< the bubble list measured (another list: measure again)
    std::vector<float> tops;       ///< tops[i] = y of bubble i; tops.back() = total height
    size_t shown = 0;              ///< bubbles drawn last time: more means scroll to the newest
    /// New messages scroll the newest customer message to the top of the view (or the end into view
    /// when it is short), as Play follows a conversation; false: stay where the reader is (a transcript).
    bool follow = true;
    static constexpr size_t kNoScroll = static_cast<size_t>(-1);
    size_t scrollTo = kNoScroll;  ///< bubble to scroll to the top of the view (size(): the end), until reached
};
/// A scrolling conversation of message bubbles in a bordered child of `size`: customer left,
/// trainee right, system lines centred. A long transcript draws only what is in view.
/// `footer`, when given, is drawn after the last bubble (Play's coach's note) and is `footerHeight` tall.
void drawBubbles(const FrameContext& ctx, const char* id, const std::vector<Bubble>& bubbles, BubbleLayout& layout, ImVec2 size,
                 const std::function<void()>& footer = {}, float footerHeight = 0);

} // namespace simdesk::app
