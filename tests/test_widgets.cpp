// The shared widgets of the screens, in a headless ImGui context (a font atlas, no window or GPU):
// what a trainee sees when a title is too long for its column.
#include "app/ui.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <string>

using namespace simdesk::app;

namespace {

/// One ImGui frame, 1280x800, with the default font.
struct HeadlessFrame {
    HeadlessFrame() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
    }
    ~HeadlessFrame() {
        ImGui::EndFrame();
        ImGui::DestroyContext();
    }
};

float width(const std::string& text) { return ImGui::CalcTextSize(text.c_str()).x; }

bool endsWithEllipsis(const std::string& text) {
    const std::string e = "…";
    return text.size() >= e.size() && text.compare(text.size() - e.size(), e.size(), e) == 0;
}

/// True when `text` is whole UTF-8: no sequence cut short.
bool wholeUtf8(const std::string& text) {
    for (size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > text.size()) return false;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

} // namespace

TEST_CASE("a title that fits is shown whole") {
    HeadlessFrame frame;
    std::string title = "Charged twice";
    CHECK(ellipsize(title, width(title)) == title);
    CHECK(ellipsize(title, 1000) == title);
}

TEST_CASE("a title too long for its column is cut at a word's letter, ends in an ellipsis and fits") {
    HeadlessFrame frame;
    std::string title = "Charged twice for the annual Team plan renewal, and nobody answered for three days";
    for (float room : {40.0f, 120.0f, width(title) / 2, width(title) - 1}) {
        CAPTURE(room);
        std::string shown = ellipsize(title, room);
        REQUIRE(endsWithEllipsis(shown));
        CHECK(width(shown) <= room);
        std::string kept = shown.substr(0, shown.size() - std::string("…").size());
        CHECK(title.compare(0, kept.size(), kept) == 0);  // the start of the title, unchanged
        CHECK((kept.empty() || kept.back() != ' '));      // no space before the ellipsis
    }
}

TEST_CASE("cutting never splits a character in two") {
    HeadlessFrame frame;
    std::string title = "„Bitte löschen Sie alle meine Daten“ – Überprüfung für München";
    for (float room = 10; room < width(title); room += 3) {
        CAPTURE(room);
        std::string shown = ellipsize(title, room);
        CHECK(wholeUtf8(shown));
    }
}

TEST_CASE("a one-line date in a narrow column ends in an ellipsis instead of being clipped mid-date") {
    HeadlessFrame frame;
    FrameContext ctx;
    std::string line = "3 graders · opened 2026-12-02";
    ImGui::SetNextWindowSize(ImVec2(width(line) * 0.6f, 200));
    ImGui::Begin("narrow", nullptr, ImGuiWindowFlags_NoDecoration);
    float room = ImGui::GetContentRegionAvail().x;
    CHECK(mutedLine(ctx, "%d graders · opened %s", 3, "2026-12-02"));  // cut with "…", the whole line on hover
    CHECK(ImGui::GetItemRectSize().x <= room);
    CHECK(colouredLine(ImVec4(1, 0, 0, 1), "due %s · %d days left", "2026-12-24", 21));
    ImGui::End();
    ImGui::SetNextWindowSize(ImVec2(width(line) * 2, 200));
    ImGui::Begin("wide", nullptr, ImGuiWindowFlags_NoDecoration);
    CHECK_FALSE(mutedLine(ctx, "%d graders · opened %s", 3, "2026-12-02"));  // fits: shown whole
    ImGui::End();
}

TEST_CASE("every theme draws menus opaque, and the light theme frames its text fields") {
    HeadlessFrame frame;
    for (Theme theme : {Theme::Dark, Theme::Light, Theme::HighContrast}) {
        CAPTURE(static_cast<int>(theme));
        applyTheme(theme, 1.0f);
        // The View menu is a popup: the screen under it must not show through.
        CHECK(ImGui::GetStyle().Colors[ImGuiCol_PopupBg].w == 1.0f);
    }
    applyTheme(Theme::Light, 1.0f);
    const ImGuiStyle& style = ImGui::GetStyle();
    CHECK(style.FrameBorderSize >= 1.0f);
    // The frame's border differs clearly from the white field and the window: at least 0.25 in every channel.
    for (ImGuiCol behind : {ImGuiCol_FrameBg, ImGuiCol_WindowBg}) {
        ImVec4 a = style.Colors[ImGuiCol_Border], b = style.Colors[behind];
        CHECK(b.x - a.x >= 0.25f);
        CHECK(b.y - a.y >= 0.25f);
        CHECK(b.z - a.z >= 0.25f);
        CHECK(style.Colors[ImGuiCol_Border].w == 1.0f);
    }
}

TEST_CASE("text wrapped between words keeps an amount on one line where ImGui would split it after the comma") {
    HeadlessFrame frame;
    const std::string text = "I have refunded the duplicate charge $2,280.00 today";
    // A width that ends just after "$2," on the first line: ImGui's own wrap breaks there.
    const float width = ImGui::CalcTextSize("I have refunded the duplicate charge $2,").x + 1;
    const char* imguiEnd = ImGui::GetFont()->CalcWordWrapPositionA(1.0f, text.c_str(), text.c_str() + text.size(), width);
    CHECK(std::string(text.c_str(), imguiEnd).find("$2,") != std::string::npos);  // what bubbles did before
    auto lines = wrapWords(text, width, fontMeasure());
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "I have refunded the duplicate charge");
    CHECK(lines[1] == "$2,280.00 today");
    CHECK(wrappedHeight(text, width) == 2 * ImGui::GetFontSize());
}
