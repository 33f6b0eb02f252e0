// Word wrapping without a window: where lines break in a bubble, a table cell or the reply box.
// Lines break at spaces and newlines only, so a word or a number such as "$2,280.00" is never split
// (ImGui's own wrap also breaks after ',' and '.'); a single word wider than the line is the one
// thing cut, at a character boundary, because it cannot fit any other way.
#pragma once

#include "core/markdown.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace simdesk::app {

/// The width of a piece of text at the current font (ImGui's, or a fixed-width one in tests).
using MeasureText = std::function<float(std::string_view)>;

/// `text` cut into lines no wider than `width` (trailing spaces of a line dropped). An empty text is
/// one empty line.
std::vector<std::string_view> wrapWords(std::string_view text, float width, const MeasureText& measure);

/// Words as a reader counts them: runs of characters between spaces, tabs and newlines.
size_t countWords(std::string_view text);
/// Characters (UTF-8 code points), not bytes.
size_t countCharacters(std::string_view text);

/// The reply box's soft wrap. ImGui 1.86's multi-line input does not wrap, so the box shows the
/// draft with some spaces turned into newlines ("soft" breaks, one byte for one byte: the cursor
/// never moves); the draft itself keeps its spaces, and only the trainee's own Enter is a newline.
struct SoftWrap {
    std::string shown;         ///< what the box holds
    std::vector<size_t> soft;  ///< offsets in `shown` of newlines that stand for spaces, ascending
    float width = -1;          ///< the width it was wrapped to

    /// The draft: `shown` with the soft breaks back to spaces.
    std::string text() const;
    /// Wraps `draft` afresh to `width` (a draft set from outside, or a new width).
    void reset(const std::string& draft, float width, const MeasureText& measure);
    /// After the box's content changed to `edited` (typing, a paste, a deletion): soft breaks
    /// outside the changed part are kept, the ones inside it are gone, and the whole is wrapped
    /// again. `edited` is rewritten, byte for byte. `shown` is not touched (it is the buffer ImGui is
    /// editing, which must not move): ImGui copies `edited` into it afterwards.
    void edit(std::string& edited, const MeasureText& measure);
};

// ---- styled text (rich_text draws it) ----

/// One piece of a span on one line: the words of span `span` from byte `begin` to `end`, at `x`.
struct PlacedPiece {
    size_t span = 0;
    size_t begin = 0, end = 0;
    float x = 0;
    int line = 0;
};

struct RichLayout {
    std::vector<PlacedPiece> pieces;
    int lines = 1;
};

/// `spans` broken into lines no wider than `width`, between words only: a word that runs across two
/// spans ("**INV**-20432") moves as one, and a word wider than the line stands alone on its line.
RichLayout layoutRich(const MarkdownLine& spans, float width, const MeasureText& measure);

/// The text a placed piece shows.
std::string_view pieceText(const MarkdownLine& spans, const PlacedPiece& piece);
/// A piece of spaces between words (drawn, but never a link to click).
bool isSpacePiece(std::string_view text);

} // namespace simdesk::app
