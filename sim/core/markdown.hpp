// The small Markdown subset knowledge-base articles are written in, read into blocks and styled
// spans so a screen (or a report) can lay them out instead of showing `# Heading` and `**bold**`.
//
// Supported: ATX headings (#..######), paragraphs (lines joined), bullet lists (- or *), numbered
// lists (1.), block quotes (>), pipe tables with a --- separator row, horizontal rules, and inline
// **strong**, *emphasis* / _emphasis_, `code`, [text](target) links and bare kb:article-id
// references. Anything else is plain text: an article is untrusted content, so nothing here can
// fail, and an unclosed marker is kept as the characters it is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

struct MarkdownSpan {
    std::string text;
    bool strong = false;
    bool emphasis = false;
    bool code = false;
    std::string link;  ///< a link's target ("kb:kb-billing-refunds", "https://…"); empty: not a link

    bool operator==(const MarkdownSpan&) const = default;
};

using MarkdownLine = std::vector<MarkdownSpan>;

/// A span of unstyled text, a link when `link` is given: for code that builds a line itself.
inline MarkdownSpan textSpan(std::string text, std::string link = {}) {
    MarkdownSpan span;
    span.text = std::move(text);
    span.link = std::move(link);
    return span;
}

enum class MarkdownBlockKind { Heading, Paragraph, Bullet, Numbered, Quote, Table, Rule };

struct MarkdownBlock {
    MarkdownBlockKind kind = MarkdownBlockKind::Paragraph;
    int level = 0;            ///< heading level 1..6; list nesting depth (0 = top) for list items
    std::string marker;       ///< a numbered item's own number as written ("3.")
    MarkdownLine spans;       ///< the text of every kind but Table and Rule
    std::vector<std::vector<MarkdownLine>> rows;  ///< a table's cells, its header row first
};

/// The blocks of an article body, in order. Never fails: text it does not recognise is a paragraph.
std::vector<MarkdownBlock> parseMarkdown(std::string_view text);

/// Inline styles of one line of text (no block markers).
MarkdownLine parseMarkdownInline(std::string_view text);

/// The text of spans without their styles (for search, measuring, a plain-text fallback).
std::string plainText(const MarkdownLine& spans);

} // namespace simdesk
