// GLFW, the OpenGL context, frame pacing and screenshots: the only file that knows about them.
#include "app.hpp"

#define GL_GLEXT_PROTOTYPES
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace simdesk::app {

namespace {

void glfwError(int code, const char* description) { std::fprintf(stderr, "simdesk: GLFW error %d: %s\n", code, description); }

bool writeScreenshot(GLFWwindow* window, const std::string& path) {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    stbi_flip_vertically_on_write(1);  // OpenGL's origin is bottom-left
    return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

} // namespace

int runWindow(const AppOptions& options, const std::function<void()>& setupFonts, const FrameFunction& drawFrame) {
    glfwSetErrorCallback(glfwError);
    if (!glfwInit()) {
        std::fprintf(stderr, "simdesk: cannot open a window (no display?). The subcommands work without one: simdesk --help\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(1280, 800, options.title.c_str(), nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        std::fprintf(stderr, "simdesk: cannot create an OpenGL 3.3 window\n");
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    setupFonts();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    // vsync does nothing under Xvfb, so pace frames ourselves; idle waits for input instead of spinning.
    constexpr auto kFrameBudget = std::chrono::milliseconds(16);
    int frame = 0;
    int status = 0;
    while (!glfwWindowShouldClose(window)) {
        auto frameStart = std::chrono::steady_clock::now();
        if (options.quitAfterFrames > 0) glfwPollEvents();
        else glfwWaitEventsTimeout(0.5);
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        drawFrame();
        ImGui::Render();
        int width = 0, height = 0;
        glfwGetFramebufferSize(window, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(0.11f, 0.12f, 0.14f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++frame;
        if (options.quitAfterFrames > 0 && frame >= options.quitAfterFrames) {
            if (!options.screenshotPath.empty() && !writeScreenshot(window, options.screenshotPath)) {
                std::fprintf(stderr, "simdesk: cannot write %s\n", options.screenshotPath.c_str());
                status = 1;
            }
            break;
        }
        glfwSwapBuffers(window);
        std::this_thread::sleep_until(frameStart + kFrameBudget);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}

} // namespace simdesk::app
