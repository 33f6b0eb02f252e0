// Word wrapping for the app's bubbles, cells and reply box, with a fixed-width "font" (one unit a
// character), so every expected line is worked out by hand.
#include "app/text_wrap.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace simdesk::app;

namespace {

/// One unit a character (a UTF-8 code point), like a monospaced font.
const MeasureText kMono = [](std::string_view text) { return static_cast<float>(countCharacters(text)); };

std::vector<std::string> lines(std::string_view text, float width) {
    std::vector<std::string> out;
    for (auto line : wrapWords(text, width, kMono)) out.emplace_back(line);
    return out;
}

} // namespace

TEST_CASE("an amount stays on one line: lines break between words, never after a comma or a point inside a number") {
    // "refund of" is 9 wide; with " $2,280.00" it would be 19 > 12, so the amount starts line 2 whole.
    CHECK(lines("refund of $2,280.00 today", 12) == std::vector<std::string>{"refund of", "$2,280.00", "today"});
    CHECK(lines("INV-20432, $2,280.00, RF-88213.", 11) == std::vector<std::string>{"INV-20432,", "$2,280.00,", "RF-88213."});
}

TEST_CASE("newlines are kept, an empty paragraph is an empty line, and a word wider than the line is cut to fit") {
    CHECK(lines("Hi Priya,\n\nthanks", 20) == std::vector<std::string>{"Hi Priya,", "", "thanks"});
    CHECK(lines("", 10) == std::vector<std::string>{""});
    CHECK(lines("acknowledgement", 6) == std::vector<std::string>{"acknow", "ledgem", "ent"});
    CHECK(lines("a acknowledgement", 6) == std::vector<std::string>{"a", "acknow", "ledgem", "ent"});
}

TEST_CASE("words and characters are counted as a reader counts them") {
    CHECK(countWords("Hi Priya,\n\nthe refund of $2,280.00 is done.") == 8);
    CHECK(countWords("  \n ") == 0);
    CHECK(countWords("") == 0);
    CHECK(countCharacters("café") == 4);  // é is two bytes, one character
}

TEST_CASE("the reply box wraps at spaces, keeps the draft's spaces, and never changes the length") {
    SoftWrap wrap;
    const std::string draft = "Hi Priya thank you";
    // "Hi Priya" is 8 wide; "thank you" (9) does not fit in 8, so "you" goes on a line of its own.
    wrap.reset(draft, 8, kMono);
    CHECK(wrap.shown == "Hi Priya\nthank\nyou");
    CHECK(wrap.soft == std::vector<size_t>{8, 14});
    CHECK(wrap.text() == draft);

    SUBCASE("typing at the end keeps the breaks") {
        std::string edited = wrap.shown + "!";
        wrap.edit(edited, kMono);
        wrap.shown = edited;  // as ImGui copies the box's text back
        CHECK(edited == "Hi Priya\nthank\nyou!");
        CHECK(wrap.text() == "Hi Priya thank you!");
    }
    SUBCASE("the trainee's own Enter is a newline of the draft") {
        std::string edited = wrap.shown + "\nSam";
        wrap.edit(edited, kMono);
        wrap.shown = edited;  // as ImGui copies the box's text back
        CHECK(wrap.text() == "Hi Priya thank you\nSam");
        CHECK(edited == "Hi Priya\nthank\nyou\nSam");
    }
    SUBCASE("a word typed in the middle wraps the rest again") {
        // "Hi Priya," is 9 > 8, so "Priya," starts line 2; "Priya, thank" is 12 > 8, so "thank" keeps line 3.
        std::string edited = wrap.shown;
        edited.insert(8, ",");
        wrap.edit(edited, kMono);
        wrap.shown = edited;  // as ImGui copies the box's text back
        CHECK(wrap.text() == "Hi Priya, thank you");
        CHECK(edited == "Hi\nPriya,\nthank\nyou");
        CHECK(edited.size() == wrap.text().size());
    }
    SUBCASE("deleting a soft break deletes the space it stands for") {
        std::string edited = wrap.shown;
        edited.erase(8, 1);  // backspace at the start of "thank"
        wrap.edit(edited, kMono);
        wrap.shown = edited;  // as ImGui copies the box's text back
        CHECK(wrap.text() == "Hi Priyathank you");
    }
    SUBCASE("a narrower box wraps the same draft again") {
        wrap.reset(wrap.text(), 5, kMono);
        CHECK(wrap.shown == "Hi\nPriya\nthank\nyou");
        CHECK(wrap.text() == draft);
    }
}

TEST_CASE("styled text breaks between words, and a word split across styles moves as one") {
    // Spans: "Refund " | "INV" (bold) | "-20432 now." | " Then call." — the word "INV-20432" is two
    // spans. Width 12, one unit a character:
    //   line 0: "Refund " (x 0..7), then "INV-20432" is 9 wide: 7 + 9 = 16 > 12, so it starts line 1;
    //   line 1: "INV" at 0, "-20432" at 3, " " at 9, "now." would end at 14 > 12, so it starts line 2;
    //   line 2: "now." at 0, " " at 4, "Then" at 5 (ends 9), " " at 9, "call." would end at 15: line 3.
    simdesk::MarkdownSpan bold = simdesk::textSpan("INV");
    bold.strong = true;
    simdesk::MarkdownLine spans{simdesk::textSpan("Refund "), bold, simdesk::textSpan("-20432 now."), simdesk::textSpan(" Then call.")};
    RichLayout layout = layoutRich(spans, 12, kMono);
    CHECK(layout.lines == 4);
    std::vector<std::string> words;
    for (const auto& p : layout.pieces)
        words.push_back(std::to_string(p.line) + "@" + std::to_string(static_cast<int>(p.x)) + ":" +
                        spans[p.span].text.substr(p.begin, p.end - p.begin));
    CHECK(words == std::vector<std::string>{"0@0:Refund", "1@0:INV", "1@3:-20432", "2@0:now.", "2@4: ", "2@5:Then", "3@0:call."});
    // Nothing at all is one empty line, as a paragraph with no text still takes its line.
    CHECK(layoutRich({}, 12, kMono).lines == 1);
}
