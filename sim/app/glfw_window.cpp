// GLFW, the OpenGL context, frame pacing, textures and screenshots: the only file that knows them.
#include "app.hpp"

#define GL_GLEXT_PROTOTYPES
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <cfloat>
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

float contentScale(GLFWwindow* window) {
    float x = 1, y = 1;
    glfwGetWindowContentScale(window, &x, &y);
    return std::clamp(x, 0.5f, 4.0f);
}

void rebuildFonts(const WindowHooks& hooks, GLFWwindow* window) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui::GetIO().Fonts->Clear();
    hooks.setup(contentScale(window));
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void renderFrame(GLFWwindow* window) {
    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    glViewport(0, 0, width, height);
    ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

} // namespace

namespace {
/// The store worker may finish a job before the window exists or after it is gone; GLFW must
/// only be woken in between.
std::atomic<bool> glfwReady{false};
} // namespace

void wakeWindow() {
    if (glfwReady.load()) glfwPostEmptyEvent();
}

unsigned int uploadTexture(const Image& image) {
    if (image.width <= 0 || image.height <= 0) return 0;
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    return texture;
}

void deleteTexture(unsigned int texture) {
    if (texture) glDeleteTextures(1, &texture);
}

int runWindow(const WindowConfig& config, const WindowHooks& hooks) {
    glfwSetErrorCallback(glfwError);
    if (!glfwInit()) {
        std::fprintf(stderr, "simdesk: cannot open a window (no display?). The subcommands work without one: simdesk --help\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(config.width, config.height, config.title.c_str(), nullptr, nullptr);
    if (!window) {
        glfwTerminate();
        std::fprintf(stderr, "simdesk: cannot create an OpenGL 3.3 window\n");
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    glfwReady = true;

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // the app saves the layout itself, off the frame
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // Tab, arrows and Space reach every control
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    rebuildFonts(hooks, window);

    // vsync does nothing under Xvfb, so frames are paced here (at most 60 a second), and an idle
    // window sleeps in glfwWaitEventsTimeout until input, a store result, or the next clock tick.
    constexpr auto kFrameBudget = std::chrono::microseconds(16667);
    int frame = 0, status = 0, settleFrames = 3;  // first frames: let the layout settle
    double nextChange = 0;
    while (!glfwWindowShouldClose(window)) {
        auto frameStart = std::chrono::steady_clock::now();
        if (config.quitAfterFrames > 0 || settleFrames > 0) {
            glfwPollEvents();
            --settleFrames;
        } else {
            // Woken before the timeout means input arrived. ImGui shows some of its effects a frame
            // later (a clicked tab's page, a new hover), so two more frames follow right away rather
            // than at the next tick, up to a second later.
            double timeout = std::clamp(nextChange, 0.0, 1.0);
            glfwWaitEventsTimeout(timeout);
            auto waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - frameStart).count();
            if (waited < timeout) settleFrames = 2;
        }
        if (hooks.rebuild && hooks.rebuild()) rebuildFonts(hooks, window);
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        // A screenshot shows the screen as it is, not a tooltip for wherever Xvfb's pointer sits.
        if (!config.screenshotPath.empty()) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        ImGui::NewFrame();
        nextChange = hooks.frame();
        renderFrame(window);
        ++frame;
        if (config.quitAfterFrames > 0 && frame >= config.quitAfterFrames) {
            if (!config.screenshotPath.empty() && !writeScreenshot(window, config.screenshotPath)) {
                std::fprintf(stderr, "simdesk: cannot write %s\n", config.screenshotPath.c_str());
                status = 1;
            }
            break;
        }
        glfwSwapBuffers(window);
        std::this_thread::sleep_until(frameStart + kFrameBudget);
    }
    int width = 0, height = 0;
    glfwGetWindowSize(window, &width, &height);
    if (hooks.closing) hooks.closing(width, height);  // drains the store worker, which may still wake us
    glfwReady = false;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}

} // namespace simdesk::app
