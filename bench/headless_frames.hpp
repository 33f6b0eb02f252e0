// Frames of the real screens built headless for the UI benchmarks: ImGui without a window or GPU
// (draw lists built, not rasterised), so a benchmark times exactly what a frame costs the app.
#pragma once

#include "app/model.hpp"
#include "app/ui.hpp"

#include <imgui.h>

#include <chrono>

namespace simdesk::bench {

/// Microseconds per frame of `model`'s screen at 1280×800, over `frames` frames; `vertices` gets
/// the last frame's vertex count, which shows the frame really drew the screen.
inline double microsPerFrame(app::AppModel& model, app::FrameContext& ctx, int frames, int& vertices) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < frames; ++i) {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        app::drawFrame(model, ctx);
        ImGui::Render();
    }
    double micros = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / frames;
    vertices = ImGui::GetDrawData()->TotalVtxCount;
    return micros;
}

} // namespace simdesk::bench
