#include "core/markdown.hpp"

#include <cctype>

namespace simdesk {
namespace {

bool isInlineWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool isInlineSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view trimLine(std::string_view s) {
    while (!s.empty() && (isInlineSpace(s.front()) || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (isInlineSpace(s.back()) || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

/// Collects plain characters, and spans in the style they are written in.
class InlineBuilder {
public:
    explicit InlineBuilder(MarkdownLine& out) : out_(out) {}
    void text(const MarkdownSpan& style, std::string_view s) {
        if (s.empty()) return;
        if (!out_.empty()) {
            MarkdownSpan& last = out_.back();
            if (last.strong == style.strong && last.emphasis == style.emphasis && last.code == style.code &&
                last.link == style.link) {
                last.text += s;
                return;
            }
        }
        MarkdownSpan span = style;
        span.text = std::string(s);
        out_.push_back(std::move(span));
    }

private:
    MarkdownLine& out_;
};

/// Where an emphasis run opened at `open` (by `marker`, one character) closes, or npos. An emphasis
/// must hug its text (`*a*`, not `* a *`), and `_` only opens and closes at word boundaries, so
/// snake_case and "2 * 3 * 4" stay text.
size_t emphasisClose(std::string_view s, size_t open, char marker) {
    if (open + 1 >= s.size() || isInlineSpace(s[open + 1])) return std::string_view::npos;
    if (marker == '_' && open > 0 && isInlineWordChar(s[open - 1])) return std::string_view::npos;
    for (size_t j = open + 2; j < s.size(); ++j) {
        if (s[j] != marker || isInlineSpace(s[j - 1])) continue;
        if (marker == '*' && j + 1 < s.size() && s[j + 1] == '*') { ++j; continue; }  // part of **
        if (marker == '_' && j + 1 < s.size() && isInlineWordChar(s[j + 1])) continue;
        return j;
    }
    return std::string_view::npos;
}

/// The id of a bare "kb:article-id" reference starting at `at` (empty if there is none): letters,
/// digits and hyphens, without a trailing hyphen.
std::string_view kbReference(std::string_view s, size_t at) {
    if (s.substr(at, 3) != "kb:" || (at > 0 && (isInlineWordChar(s[at - 1]) || s[at - 1] == '-'))) return {};
    size_t end = at + 3;
    while (end < s.size() && (std::islower(static_cast<unsigned char>(s[end])) || std::isdigit(static_cast<unsigned char>(s[end])) ||
                              s[end] == '-'))
        ++end;
    while (end > at + 3 && s[end - 1] == '-') --end;
    return end > at + 3 ? s.substr(at, end - at) : std::string_view{};
}

void parseInto(std::string_view s, const MarkdownSpan& style, InlineBuilder& out, int depth) {
    size_t plainStart = 0;
    auto flush = [&](size_t upTo) { out.text(style, s.substr(plainStart, upTo - plainStart)); };
    size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '`') {
            size_t close = s.find('`', i + 1);
            if (close != std::string_view::npos && close > i + 1) {
                flush(i);
                MarkdownSpan code = style;
                code.code = true;
                out.text(code, s.substr(i + 1, close - i - 1));
                i = plainStart = close + 1;
                continue;
            }
        } else if (depth < 8 && c == '*' && s.substr(i, 2) == "**") {
            size_t close = s.find("**", i + 2);
            if (close != std::string_view::npos && close > i + 2 && !isInlineSpace(s[i + 2])) {
                flush(i);
                MarkdownSpan strong = style;
                strong.strong = true;
                parseInto(s.substr(i + 2, close - i - 2), strong, out, depth + 1);
                i = plainStart = close + 2;
                continue;
            }
        } else if (depth < 8 && (c == '*' || c == '_')) {
            size_t close = emphasisClose(s, i, c);
            if (close != std::string_view::npos) {
                flush(i);
                MarkdownSpan emphasis = style;
                emphasis.emphasis = true;
                parseInto(s.substr(i + 1, close - i - 1), emphasis, out, depth + 1);
                i = plainStart = close + 1;
                continue;
            }
        } else if (depth < 8 && c == '[') {
            size_t mid = s.find("](", i + 1);
            size_t close = mid == std::string_view::npos ? mid : s.find(')', mid + 2);
            if (close != std::string_view::npos && mid > i + 1 && s.substr(i + 1, mid - i - 1).find('[') == std::string_view::npos) {
                flush(i);
                MarkdownSpan link = style;
                link.link = std::string(trimLine(s.substr(mid + 2, close - mid - 2)));
                parseInto(s.substr(i + 1, mid - i - 1), link, out, depth + 1);
                i = plainStart = close + 1;
                continue;
            }
        } else if (c == 'k' && style.link.empty()) {
            std::string_view ref = kbReference(s, i);
            if (!ref.empty()) {
                flush(i);
                MarkdownSpan link = style;
                link.link = std::string(ref);
                out.text(link, ref);
                i = plainStart = i + ref.size();
                continue;
            }
        }
        ++i;
    }
    flush(s.size());
}

// ---- blocks ---------------------------------------------------------------------------------------

size_t indentOf(std::string_view line) {
    size_t n = 0;
    for (char c : line) {
        if (c == ' ') ++n;
        else if (c == '\t') n += 4;
        else break;
    }
    return n;
}

bool isRule(std::string_view line) {
    line = trimLine(line);
    if (line.size() < 3) return false;
    const char marker = line.front();
    if (marker != '-' && marker != '*' && marker != '_') return false;
    size_t count = 0;
    for (char c : line) {
        if (c == marker) ++count;
        else if (!isInlineSpace(c)) return false;
    }
    return count >= 3;
}

int headingLevel(std::string_view line) {
    int level = 0;
    while (level < static_cast<int>(line.size()) && line[level] == '#') ++level;
    if (level == 0 || level > 6) return 0;
    return level == static_cast<int>(line.size()) || isInlineSpace(line[level]) ? level : 0;
}

/// The text after a bullet marker ("- ", "* ", "+ "), or npos.
size_t bulletText(std::string_view line) {
    std::string_view t = trimLine(line);
    if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && isInlineSpace(t[1])) return line.find(t[0]) + 2;
    return std::string_view::npos;
}

/// The length of a numbered item's marker ("12." or "3)") after the indent, or 0.
size_t numberMarker(std::string_view line) {
    size_t i = line.find_first_not_of(" \t");
    if (i == std::string_view::npos) return 0;
    size_t j = i;
    while (j < line.size() && j - i < 9 && std::isdigit(static_cast<unsigned char>(line[j]))) ++j;
    if (j == i || j >= line.size() || (line[j] != '.' && line[j] != ')')) return 0;
    if (j + 1 < line.size() && !isInlineSpace(line[j + 1])) return 0;
    return j + 1;
}

std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::vector<std::string_view> tableCells(std::string_view line) {
    line = trimLine(line);
    if (!line.empty() && line.front() == '|') line.remove_prefix(1);
    if (!line.empty() && line.back() == '|') line.remove_suffix(1);
    std::vector<std::string_view> cells;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
        if (i < line.size() && line[i] == '\\') { ++i; continue; }
        if (i == line.size() || line[i] == '|') {
            cells.push_back(trimLine(line.substr(start, i - start)));
            start = i + 1;
        }
    }
    return cells;
}

bool isTableSeparator(std::string_view line) {
    if (trimLine(line).empty() || trimLine(line).front() != '|') return false;
    for (std::string_view cell : tableCells(line)) {
        if (cell.empty()) return false;
        for (char c : cell)
            if (c != '-' && c != ':' && !isInlineSpace(c)) return false;
    }
    return true;
}

bool startsTable(const std::vector<std::string_view>& lines, size_t i) {
    return i + 1 < lines.size() && trimLine(lines[i]).starts_with("|") && isTableSeparator(lines[i + 1]);
}

class BlockReader {
public:
    explicit BlockReader(std::string_view text) : lines_(splitLines(text)) {}

    std::vector<MarkdownBlock> read() {
        for (size_t i = 0; i < lines_.size();) i = readAt(i);
        finishParagraph();
        return std::move(blocks_);
    }

private:
    std::vector<std::string_view> lines_;
    std::vector<MarkdownBlock> blocks_;
    std::string pending_;  ///< the open paragraph, list item or quote's text, lines joined
    bool open_ = false;

    void finishParagraph() {
        if (open_) blocks_.back().spans = parseMarkdownInline(pending_);
        open_ = false;
        pending_.clear();
    }
    void openBlock(MarkdownBlockKind kind, int level, std::string marker, std::string_view text) {
        finishParagraph();
        MarkdownBlock block;
        block.kind = kind;
        block.level = level;
        block.marker = std::move(marker);
        blocks_.push_back(std::move(block));
        pending_ = std::string(trimLine(text));
        open_ = true;
    }
    void continueBlock(std::string_view text) {
        if (!pending_.empty()) pending_ += ' ';
        pending_ += trimLine(text);
    }

    size_t readAt(size_t i) {
        std::string_view line = lines_[i];
        if (trimLine(line).empty()) {
            finishParagraph();
            return i + 1;
        }
        if (startsTable(lines_, i)) return readTable(i);
        if (int level = headingLevel(line)) {
            openBlock(MarkdownBlockKind::Heading, level, "", std::string_view(line).substr(level));
            finishParagraph();
            return i + 1;
        }
        if (isRule(line)) {
            finishParagraph();
            blocks_.push_back(MarkdownBlock{MarkdownBlockKind::Rule, 0, "", {}, {}});
            return i + 1;
        }
        const int depth = static_cast<int>(indentOf(line) / 2);
        if (size_t at = bulletText(line); at != std::string_view::npos) {
            openBlock(MarkdownBlockKind::Bullet, depth, "", line.substr(at));
            return i + 1;
        }
        if (size_t end = numberMarker(line)) {
            size_t begin = line.find_first_not_of(" \t");
            openBlock(MarkdownBlockKind::Numbered, depth, std::string(line.substr(begin, end - begin)), line.substr(end));
            return i + 1;
        }
        std::string_view t = trimLine(line);
        if (t.front() == '>') {
            t.remove_prefix(1);
            if (open_ && blocks_.back().kind == MarkdownBlockKind::Quote) continueBlock(t);
            else openBlock(MarkdownBlockKind::Quote, 0, "", t);
            return i + 1;
        }
        // A plain line continues what is open (a paragraph, or a list item's wrapped line).
        if (open_ && blocks_.back().kind != MarkdownBlockKind::Heading) continueBlock(line);
        else openBlock(MarkdownBlockKind::Paragraph, 0, "", line);
        return i + 1;
    }

    size_t readTable(size_t i) {
        finishParagraph();
        MarkdownBlock table;
        table.kind = MarkdownBlockKind::Table;
        auto addRow = [&](std::string_view line) {
            std::vector<MarkdownLine> row;
            for (std::string_view cell : tableCells(line)) row.push_back(parseMarkdownInline(cell));
            table.rows.push_back(std::move(row));
        };
        addRow(lines_[i]);
        size_t j = i + 2;  // the separator row is not content
        while (j < lines_.size() && trimLine(lines_[j]).starts_with("|")) addRow(lines_[j++]);
        blocks_.push_back(std::move(table));
        return j;
    }
};

} // namespace

MarkdownLine parseMarkdownInline(std::string_view text) {
    MarkdownLine spans;
    InlineBuilder builder(spans);
    parseInto(text, MarkdownSpan{}, builder, 0);
    return spans;
}

std::vector<MarkdownBlock> parseMarkdown(std::string_view text) { return BlockReader(text).read(); }

std::string plainText(const MarkdownLine& spans) {
    std::string out;
    for (const auto& s : spans) out += s.text;
    return out;
}

} // namespace simdesk
