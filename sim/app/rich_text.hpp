// Styled text laid out by words: knowledge-base articles (Markdown read by core/markdown) and
// citations whose article names are links. The layout is plain code over a measuring function, so
// its line breaks are tested without a window; drawing places the pieces it computed.
#pragma once

#include "core/markdown.hpp"
#include "text_wrap.hpp"

#include <string>
#include <vector>

struct ImVec4;

namespace simdesk::app {

struct FrameContext;

/// Height of `spans` drawn by drawRich at `width` with the current font.
float richHeight(const MarkdownLine& spans, float width);

/// Draws `spans` at the cursor in `colour` (strong as bold, emphasis slanted by colour, code on a
/// tinted box, links underlined in the accent colour), and advances the cursor past them. Returns
/// the target of a link clicked this frame, or empty. Links are probed as "link:<target>".
std::string drawRich(FrameContext& ctx, const MarkdownLine& spans, float width, const ImVec4& colour);

/// A knowledge-base article's body, block by block, at the current width. Returns the target of a
/// link clicked this frame (another article's "kb:id"), or empty.
std::string drawMarkdown(FrameContext& ctx, const std::vector<MarkdownBlock>& blocks);

} // namespace simdesk::app
