// ui_bench: does a long list cost a frame more than a short one? Builds frames of the real
// screens headless (ImGui without a window or GPU: draw lists are built, not rasterised) and
// prints the time per frame of a 500-scenario library against the bundled 24, and of a 500-turn
// conversation against a 10-turn one, measured in the same run. Virtualised lists
// (ImGuiListClipper, the bubble layout) should keep both ratios near 1.
#include "app/model.hpp"
#include "app/ui.hpp"
#include "headless_frames.hpp"

#include "core/library.hpp"

#include <imgui.h>

#include <chrono>
#include <cstdio>

using namespace simdesk;
using namespace simdesk::app;

namespace {

int lastVertices = 0;

double microsPerFrame(AppModel& model, FrameContext& ctx, int frames) {
    return bench::microsPerFrame(model, ctx, frames, lastVertices);
}

ContentLibrary enlarged(const ContentLibrary& base, size_t count) {
    ContentLibrary big = base;
    big.scenarios.clear();
    for (size_t i = 0; i < count; ++i) {
        auto copy = std::make_shared<Scenario>(*base.scenarios[i % base.scenarios.size()]);
        char suffix[32];
        std::snprintf(suffix, sizeof suffix, "-%03zu", i);
        copy->id += suffix;
        big.scenarios.push_back(copy);
    }
    return big;
}

} // namespace

int main() {
    SchemaChecker schemas;
    ContentLibrary library = loadContent({SIMDESK_SOURCE_DIR "/scenarios", SIMDESK_SOURCE_DIR "/rubrics",
                                          SIMDESK_SOURCE_DIR "/knowledge", SIMDESK_SOURCE_DIR "/tracks"},
                                         schemas);
    if (library.scenarios.empty()) return std::puts("no scenarios loaded"), 1;
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the font atlas, no GPU needed
    FrameContext ctx;
    ctx.palette = applyTheme(Theme::Dark, 1);
    constexpr int kFrames = 400;
    InlineWorker worker(nullptr);
    Clock clock{1795600000, 1000};
    ctx.clock = clock;

    // Library: the bundled 24 scenarios against 500.
    ContentLibrary big = enlarged(library, 500);
    AppModel small(library, worker, {}), large(big, worker, {});
    small.loadSample(Screen::Library, clock);
    large.loadSample(Screen::Library, clock);
    microsPerFrame(small, ctx, 20);
    double librarySmall = microsPerFrame(small, ctx, kFrames);
    int librarySmallVertices = lastVertices;
    double libraryLarge = microsPerFrame(large, ctx, kFrames);
    int libraryLargeVertices = lastVertices;

    // Play: a 10-turn conversation against a 500-turn one.
    AppModel shortTalk(library, worker, {}), longTalk(library, worker, {});
    shortTalk.loadSample(Screen::Play, clock);
    longTalk.loadSample(Screen::Play, clock);
    auto& bubbles = longTalk.play().bubbles;
    for (size_t i = bubbles.size(); i < 500; ++i) bubbles.push_back(bubbles[i % 4]);
    microsPerFrame(longTalk, ctx, 20);
    double playShort = microsPerFrame(shortTalk, ctx, kFrames);
    int playShortVertices = lastVertices;
    double playLong = microsPerFrame(longTalk, ctx, kFrames);
    int playLongVertices = lastVertices;

    std::printf("ui_bench: %d frames each, headless ImGui (draw lists built, not rasterised)\n", kFrames);
    std::printf("  library  %4zu scenarios: %8.1f us/frame (baseline)    %6d vertices\n", library.scenarios.size(),
                librarySmall, librarySmallVertices);
    std::printf("  library   500 scenarios: %8.1f us/frame  ratio %.2f  %6d vertices\n", libraryLarge,
                libraryLarge / librarySmall, libraryLargeVertices);
    std::printf("  play     %4zu messages : %8.1f us/frame (baseline)    %6d vertices\n", shortTalk.play().bubbles.size(),
                playShort, playShortVertices);
    std::printf("  play      500 messages : %8.1f us/frame  ratio %.2f  %6d vertices\n", playLong, playLong / playShort,
                playLongVertices);
    ImGui::DestroyContext();
    return 0;
}
