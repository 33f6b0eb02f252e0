// Benchmark: does the app start slower as history grows? Starts the real desktop app (the simdesk
// binary, to its first drawn frame, then closed: --frames 1) on an empty database and on one
// holding SESSIONS finished sessions, several times each, alternating, and prints the median of
// each and their ratio (issue 15: within 1.3x at 100 000 sessions). Needs a display: run it under
// Xvfb, e.g.
//   LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1280x800x24" build/rel/startup_bench [SESSIONS] [ROUNDS]
// The time includes what the store worker was given at start (the app finishes its jobs before it
// exits), so work that grows with history shows whether or not it blocks a frame. Prints figures;
// asserts nothing.
#include "bench_support.hpp"

#include "core/content_loader.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace simdesk;
namespace fs = std::filesystem;

namespace {

/// Seconds from starting the app on `db` to its exit after the first frame; -1 when it failed.
double startOnce(const fs::path& db, const fs::path& config) {
    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        setenv("SIMDESK_DB", db.c_str(), 1);
        setenv("SIMDESK_CONFIG", config.c_str(), 1);
        const char* args[] = {SIMDESK_BINARY, "--frames", "1", nullptr};
        execv(SIMDESK_BINARY, const_cast<char* const*>(args));
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? seconds : -1;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    int sessions = argc > 1 ? std::atoi(argv[1]) : 100000;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 7;
    if (sessions <= 0 || rounds <= 0) return std::fprintf(stderr, "usage: startup_bench [SESSIONS] [ROUNDS]\n"), 2;
    if (!std::getenv("DISPLAY")) return std::fprintf(stderr, "startup_bench: no DISPLAY; run it under xvfb-run\n"), 2;

    std::string pattern = (fs::temp_directory_path() / "simdesk-startup-XXXXXX").string();
    fs::path dir = mkdtemp(pattern.data());
    fs::path empty = dir / "empty.db", full = dir / "full.db", config = dir / "app.json";
    std::ofstream(config) << R"({"theme":"light","ui_scale":1.0})";
    std::string fixtures = std::string(SIMDESK_SOURCE_DIR) + "/tests/fixtures";
    SchemaChecker schemas;
    ContentLibrary library = loadContent({fixtures + "/valid", fixtures + "/rubrics"}, schemas);
    {
        auto store = store::SqliteStore::open(empty, {});
        if (!store) return std::fprintf(stderr, "open: %s\n", store.error().message.c_str()), 1;
        // The same start screen as the full one: one trainee.
        if (auto added = (*store)->addPerson("Bench Trainee", store::Role::Trainee, "2026-11-02", {}); !added)
            return std::fprintf(stderr, "add: %s\n", added.error().message.c_str()), 1;
    }
    auto populateStart = std::chrono::steady_clock::now();
    {
        auto store = store::SqliteStore::open(full, {});
        if (!store) return std::fprintf(stderr, "open: %s\n", store.error().message.c_str()), 1;
        bench::populate(**store, library, sessions);
    }
    std::printf("%d sessions populated in %.1f s\n",
                sessions, std::chrono::duration<double>(std::chrono::steady_clock::now() - populateStart).count());

    startOnce(empty, config);  // warms the page cache and the font cache for both
    startOnce(full, config);
    std::vector<double> emptyTimes, fullTimes;
    for (int i = 0; i < rounds; ++i) {
        emptyTimes.push_back(startOnce(empty, config));
        fullTimes.push_back(startOnce(full, config));
        if (emptyTimes.back() < 0 || fullTimes.back() < 0) return std::fprintf(stderr, "the app did not start\n"), 1;
    }
    double e = median(emptyTimes), f = median(fullTimes);
    std::printf("start-up to the first frame (median of %d): empty database %.3f s · %d sessions %.3f s · ratio %.2fx "
                "(target: at most 1.3x)\n",
                rounds, e, sessions, f, f / e);
    std::error_code ec;
    fs::remove_all(dir, ec);
    return 0;
}
