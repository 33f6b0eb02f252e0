// A plain flowing document drawn to PDF with Cairo and the DejaVu fonts: headings, paragraphs,
// bullets and quoted lines that wrap at word boundaries (a word wider than the column is broken
// between characters) and break onto new pages, so nothing is cut at a page edge. Used for the
// coaching report (`simdesk report session N --pdf FILE`).
#pragma once

#include "core/result.hpp"

#include <string>
#include <vector>

namespace simdesk::cli {

struct PdfBlock {
    enum class Kind { Title, Heading, Subheading, Text, Bullet, Quote, Small, Gap } kind = Kind::Text;
    std::string text;
    int indent = 0;  ///< extra indent steps
};

struct PdfDocument {
    std::string title;   ///< the PDF's metadata title
    std::string footer;  ///< printed at the foot of every page, beside "page N"
    std::vector<PdfBlock> blocks;

    void title1(std::string text) { blocks.push_back({PdfBlock::Kind::Title, std::move(text), 0}); }
    void heading(std::string text) { blocks.push_back({PdfBlock::Kind::Heading, std::move(text), 0}); }
    void subheading(std::string text, int indent = 0) { blocks.push_back({PdfBlock::Kind::Subheading, std::move(text), indent}); }
    void text(std::string text, int indent = 0) { blocks.push_back({PdfBlock::Kind::Text, std::move(text), indent}); }
    void bullet(std::string text, int indent = 0) { blocks.push_back({PdfBlock::Kind::Bullet, std::move(text), indent}); }
    void quote(std::string text, int indent = 1) { blocks.push_back({PdfBlock::Kind::Quote, std::move(text), indent}); }
    void small(std::string text, int indent = 0) { blocks.push_back({PdfBlock::Kind::Small, std::move(text), indent}); }
    void gap() { blocks.push_back({PdfBlock::Kind::Gap, "", 0}); }
};

/// Draws the document to a PDF file (A4). Fails with a sentence when the file cannot be written.
/// Returns the number of pages.
Result<int> writePdf(const PdfDocument& document, const std::string& path);

} // namespace simdesk::cli
