#include "text_wrap.hpp"

#include <algorithm>

namespace simdesk::app {

namespace {

/// Bytes of the UTF-8 character that starts with `c`.
size_t characterBytes(unsigned char c) { return c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1; }

/// The longest prefix of `word` (at least one character) no wider than `width`.
size_t fittingPrefix(std::string_view word, float width, const MeasureText& measure) {
    size_t end = std::min(word.size(), characterBytes(static_cast<unsigned char>(word[0])));
    for (size_t next = end; next < word.size(); end = next) {
        next = std::min(word.size(), next + characterBytes(static_cast<unsigned char>(word[next])));
        if (measure(word.substr(0, next)) > width) break;
    }
    return end;
}

void wrapParagraph(std::string_view text, float width, const MeasureText& measure, std::vector<std::string_view>& lines) {
    size_t start = 0;  // of the line being filled
    while (true) {
        while (start < text.size() && text[start] == ' ' && start > 0) ++start;  // a break eats its spaces
        size_t end = start;  // the line is text[start, end), ending after a whole word
        size_t at = start;
        bool broke = false;
        while (at < text.size()) {
            size_t wordStart = at;
            while (wordStart < text.size() && text[wordStart] == ' ') ++wordStart;
            size_t wordEnd = wordStart;
            while (wordEnd < text.size() && text[wordEnd] != ' ') ++wordEnd;
            if (wordEnd == wordStart) {  // only spaces left
                end = text.size();
                at = text.size();
                break;
            }
            if (measure(text.substr(start, wordEnd - start)) <= width) {
                end = at = wordEnd;
                continue;
            }
            if (end == start) {  // one word wider than the line: cut it
                end = wordStart + fittingPrefix(text.substr(wordStart, wordEnd - wordStart), width - measure(text.substr(start, wordStart - start)), measure);
            }
            broke = true;
            break;
        }
        std::string_view line = text.substr(start, end - start);
        while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
        lines.push_back(line);
        if (!broke || end >= text.size()) return;
        start = end;
        if (start < text.size() && text[start] == ' ') ++start;
        if (start >= text.size()) return;
    }
}

} // namespace

std::vector<std::string_view> wrapWords(std::string_view text, float width, const MeasureText& measure) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (true) {
        size_t newline = text.find('\n', start);
        std::string_view paragraph = text.substr(start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
        wrapParagraph(paragraph, width, measure, lines);
        if (newline == std::string_view::npos) break;
        start = newline + 1;
    }
    return lines;
}

size_t countWords(std::string_view text) {
    size_t words = 0;
    bool inWord = false;
    for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !inWord) ++words;
        inWord = !space;
    }
    return words;
}

size_t countCharacters(std::string_view text) {
    size_t n = 0;
    for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string SoftWrap::text() const {
    std::string out = shown;
    for (size_t at : soft)
        if (at < out.size()) out[at] = ' ';
    return out;
}

namespace {

/// Turns the spaces where `text` wraps into newlines, and returns their offsets.
std::vector<size_t> breakAtSpaces(std::string& text, float width, const MeasureText& measure) {
    std::vector<size_t> soft;
    if (width <= 0) return soft;
    auto lines = wrapWords(text, width, measure);
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
        size_t end = static_cast<size_t>(lines[i].data() - text.data()) + lines[i].size();
        // The line is followed by its trailing spaces and then the next line: a hard newline among
        // them stays; otherwise the first space becomes the soft break.
        size_t next = static_cast<size_t>(lines[i + 1].data() - text.data());
        bool hard = false;
        for (size_t k = end; k < next; ++k) hard = hard || text[k] == '\n';
        if (!hard && end < next && text[end] == ' ') {
            text[end] = '\n';
            soft.push_back(end);
        }
    }
    return soft;
}

} // namespace

void SoftWrap::reset(const std::string& draft, float wrapWidth, const MeasureText& measure) {
    width = wrapWidth;
    shown = draft;
    soft = breakAtSpaces(shown, width, measure);
}

void SoftWrap::edit(std::string& edited, const MeasureText& measure) {
    // The changed part: what lies between the common start and the common end of before and after.
    size_t prefix = 0, before = shown.size(), after = edited.size();
    while (prefix < before && prefix < after && shown[prefix] == edited[prefix]) ++prefix;
    size_t suffix = 0;
    while (suffix < before - prefix && suffix < after - prefix && shown[before - 1 - suffix] == edited[after - 1 - suffix]) ++suffix;
    std::string draft = edited;
    for (size_t at : soft) {
        if (at < prefix) draft[at] = ' ';
        else if (at >= before - suffix) draft[at + after - before] = ' ';
    }
    // `shown` is the box's own buffer, which ImGui is using: it is left alone, and becomes `edited`
    // when ImGui copies the text back.
    soft = breakAtSpaces(draft, width, measure);
    edited = std::move(draft);
}

namespace {

bool isBreak(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/// A run of spaces or of word characters inside one span.
struct Token {
    size_t span, begin, end;
    bool space;
};

std::vector<Token> tokenize(const MarkdownLine& spans) {
    std::vector<Token> tokens;
    for (size_t s = 0; s < spans.size(); ++s) {
        const std::string& text = spans[s].text;
        size_t i = 0;
        while (i < text.size()) {
            bool space = isBreak(text[i]);
            size_t j = i;
            while (j < text.size() && isBreak(text[j]) == space) ++j;
            tokens.push_back({s, i, j, space});
            i = j;
        }
    }
    return tokens;
}

std::string_view pieceText(const MarkdownLine& spans, size_t span, size_t begin, size_t end) {
    return std::string_view(spans[span].text).substr(begin, end - begin);
}

} // namespace

RichLayout layoutRich(const MarkdownLine& spans, float width, const MeasureText& measure) {
    RichLayout layout;
    const std::vector<Token> tokens = tokenize(spans);
    float x = 0;
    int line = 0;
    const Token* pendingSpace = nullptr;  // a space is placed only when a word follows it on its line
    for (size_t t = 0; t < tokens.size();) {
        if (tokens[t].space) {
            pendingSpace = &tokens[t++];
            continue;
        }
        // A word: every word token up to the next space, whatever span each is in.
        size_t end = t;
        float wordWidth = 0;
        while (end < tokens.size() && !tokens[end].space) {
            wordWidth += measure(pieceText(spans, tokens[end].span, tokens[end].begin, tokens[end].end));
            ++end;
        }
        float spaceWidth = pendingSpace && x > 0 ? measure(pieceText(spans, pendingSpace->span, pendingSpace->begin, pendingSpace->end)) : 0;
        if (x > 0 && x + spaceWidth + wordWidth > width) {
            ++line;
            x = 0;
        } else if (spaceWidth > 0) {
            layout.pieces.push_back({pendingSpace->span, pendingSpace->begin, pendingSpace->end, x, line});
            x += spaceWidth;
        }
        pendingSpace = nullptr;
        for (; t < end; ++t) {
            layout.pieces.push_back({tokens[t].span, tokens[t].begin, tokens[t].end, x, line});
            x += measure(pieceText(spans, tokens[t].span, tokens[t].begin, tokens[t].end));
        }
    }
    layout.lines = line + 1;
    return layout;
}

std::string_view pieceText(const MarkdownLine& spans, const PlacedPiece& piece) {
    return pieceText(spans, piece.span, piece.begin, piece.end);
}

bool isSpacePiece(std::string_view text) { return !text.empty() && isBreak(text.front()); }

} // namespace simdesk::app
