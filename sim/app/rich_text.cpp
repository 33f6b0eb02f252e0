#include "rich_text.hpp"

#include "ui.hpp"

#include <imgui.h>

#include <algorithm>

namespace simdesk::app {
float richHeight(const MarkdownLine& spans, float width) {
    return static_cast<float>(layoutRich(spans, width, fontMeasure()).lines) * ImGui::GetTextLineHeight();
}

std::string drawRich(FrameContext& ctx, const MarkdownLine& spans, float width, const ImVec4& colour) {
    const RichLayout layout = layoutRich(spans, width, fontMeasure());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float lineHeight = ImGui::GetTextLineHeight();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    std::string clicked;
    ImGui::PushID(&spans);
    for (size_t i = 0; i < layout.pieces.size(); ++i) {
        const PlacedPiece& piece = layout.pieces[i];
        const MarkdownSpan& span = spans[piece.span];
        std::string_view text = pieceText(spans, piece);
        const ImVec2 at(origin.x + piece.x, origin.y + static_cast<float>(piece.line) * lineHeight);
        const ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
        const ImVec2 to(at.x + size.x, at.y + size.y);
        ImVec4 ink = span.link.empty() ? colour : ctx.palette.accent;
        if (span.code) {
            ImVec4 tint = ctx.palette.muted;
            tint.w = 0.18f;
            draw->AddRectFilled(ImVec2(at.x - 1, at.y), ImVec2(to.x + 1, to.y), ImGui::GetColorU32(tint), 3.0f);
        }
        const ImU32 inkColour = ImGui::GetColorU32(ink);
        draw->AddText(at, inkColour, text.data(), text.data() + text.size());
        // No bold face at body size: strong text is drawn twice, one pixel apart.
        if (span.strong || span.emphasis)
            draw->AddText(ImVec2(at.x + std::max(1.0f, ctx.scale * 0.75f), at.y), inkColour, text.data(), text.data() + text.size());
        if (span.link.empty() || isSpacePiece(text)) continue;
        draw->AddLine(ImVec2(at.x, to.y - 1), ImVec2(to.x, to.y - 1), inkColour);
        ImGui::SetCursorScreenPos(at);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::InvisibleButton("##link", ImVec2(std::max(size.x, 1.0f), size.y))) clicked = span.link;
        probe(ctx, "link:" + span.link);
        if (ImGui::IsItemHovered()) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            ImGui::SetTooltip("%s", span.link.starts_with("kb:") ? "Open this article in the knowledge base" : span.link.c_str());
        }
        ImGui::PopID();
    }
    ImGui::PopID();
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(width, static_cast<float>(layout.lines) * lineHeight));
    return clicked;
}

namespace {

MarkdownLine allStrong(MarkdownLine spans) {
    for (auto& s : spans) s.strong = true;
    return spans;
}

/// A list item or quote: the marker in the gutter, the text beside it.
std::string drawIndented(FrameContext& ctx, const MarkdownLine& spans, float indent, const char* marker, const ImVec4& colour) {
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = std::max(ImGui::GetContentRegionAvail().x - indent, ImGui::GetFontSize() * 4);
    if (marker) {
        float markerWidth = ImGui::CalcTextSize(marker).x;
        ImGui::GetWindowDrawList()->AddText(ImVec2(start.x + indent - markerWidth - ImGui::GetFontSize() * 0.4f, start.y),
                                            ImGui::GetColorU32(ctx.palette.muted), marker);
    }
    ImGui::SetCursorScreenPos(ImVec2(start.x + indent, start.y));
    return drawRich(ctx, spans, width, colour);
}

std::string drawTable(FrameContext& ctx, const MarkdownBlock& table, int id) {
    size_t columns = 0;
    for (const auto& row : table.rows) columns = std::max(columns, row.size());
    if (columns == 0 || columns > 64) return {};
    std::string clicked;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable(("##md-table" + std::to_string(id)).c_str(), static_cast<int>(columns), flags)) return {};
    for (size_t r = 0; r < table.rows.size(); ++r) {
        ImGui::TableNextRow(r == 0 ? ImGuiTableRowFlags_Headers : 0);
        for (size_t c = 0; c < table.rows[r].size(); ++c) {
            ImGui::TableSetColumnIndex(static_cast<int>(c));
            ImGui::PushID(static_cast<int>(r * columns + c));
            const MarkdownLine& cell = table.rows[r][c];
            std::string hit = drawRich(ctx, r == 0 ? allStrong(cell) : cell, ImGui::GetContentRegionAvail().x, ctx.palette.text);
            if (!hit.empty()) clicked = hit;
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    return clicked;
}

} // namespace

std::string drawMarkdown(FrameContext& ctx, const std::vector<MarkdownBlock>& blocks) {
    std::string clicked;
    const float step = ImGui::GetFontSize() * 1.3f;
    for (size_t i = 0; i < blocks.size(); ++i) {
        const MarkdownBlock& block = blocks[i];
        ImGui::PushID(static_cast<int>(i));
        std::string hit;
        const float width = ImGui::GetContentRegionAvail().x;
        switch (block.kind) {
        case MarkdownBlockKind::Heading:
            if (i > 0) ImGui::Spacing();
            if (block.level == 1 && ctx.largeFont) ImGui::PushFont(ctx.largeFont);
            hit = drawRich(ctx, allStrong(block.spans), width, block.level <= 2 ? ctx.palette.accent : ctx.palette.text);
            if (block.level == 1 && ctx.largeFont) ImGui::PopFont();
            break;
        case MarkdownBlockKind::Paragraph:
            hit = drawRich(ctx, block.spans, width, ctx.palette.text);
            ImGui::Spacing();
            break;
        case MarkdownBlockKind::Bullet:
            hit = drawIndented(ctx, block.spans, step * static_cast<float>(std::min(block.level, 6) + 1), "•", ctx.palette.text);
            break;
        case MarkdownBlockKind::Numbered:
            hit = drawIndented(ctx, block.spans, step * static_cast<float>(std::min(block.level, 6) + 1) + step * 0.5f,
                               block.marker.c_str(), ctx.palette.text);
            break;
        case MarkdownBlockKind::Quote: {
            const ImVec2 top = ImGui::GetCursorScreenPos();
            hit = drawIndented(ctx, block.spans, step * 0.8f, nullptr, ctx.palette.muted);
            const float bottom = ImGui::GetItemRectMax().y;
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(top.x + step * 0.2f, top.y), ImVec2(top.x + step * 0.2f + 3, bottom),
                                                      ImGui::GetColorU32(ctx.palette.cardBorder));
            ImGui::Spacing();
            break;
        }
        case MarkdownBlockKind::Table:
            hit = drawTable(ctx, block, static_cast<int>(i));
            ImGui::Spacing();
            break;
        case MarkdownBlockKind::Rule:
            ImGui::Separator();
            break;
        }
        if (!hit.empty()) clicked = hit;
        ImGui::PopID();
    }
    return clicked;
}

} // namespace simdesk::app
