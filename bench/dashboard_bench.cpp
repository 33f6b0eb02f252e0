// dashboard_bench: do the dashboards stay fast as the records grow? Populates SQLite databases of
// 100, 1 000 and 100 000 finished sessions (20 trainees, four kinds of play of the fixtures' mini
// scenario, over 200 days) and prints, measured in the same run:
//  * the aggregate query time (the store's SQL sums, TrainingStore::insightSums through
//    readInsightFigures) at 1 000 and at 100 000 sessions, and their ratio; beside it the old way
//    (every session's card and transcript read, summed in memory) as the baseline it replaced;
//  * the frame cost of the dashboard screen (the score trend, the heaviest tab) with 100 and with
//    100 000 sessions behind it, headless ImGui (draw lists built, not rasterised), and the ratio.
// Prints figures; asserts nothing.
//   dashboard_bench            100, 1 000 and 100 000 sessions
//   SIMDESK_BENCH_LARGE=20000 dashboard_bench   a smaller large size, for a quick run
#include "app/model.hpp"
#include "app/store_worker.hpp"
#include "app/ui.hpp"
#include "headless_frames.hpp"

#include "core/player.hpp"
#include "store/insight_records.hpp"
#include "store/recorder.hpp"
#include "store/sqlite_store.hpp"

#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>

using namespace simdesk;
using namespace simdesk::app;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kT0 = 1767603600;  // 2026-01-05 09:00 UTC
constexpr int kTrainees = 20;

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void check(const Status& s, const char* what) {
    if (s) return;
    std::cerr << what << ": " << s.error().message << "\n";
    std::exit(1);
}

/// `count` finished sessions spread over 200 days and `kTrainees` trainees in two teams, and a lead.
void populate(store::SqliteStore& db, const ContentLibrary& library, int count) {
    auto scenario = library.findScenario("mini");
    auto rubric = library.findRubric("test-rubric");
    std::vector<int64_t> trainees;
    for (int i = 0; i < kTrainees; ++i) {
        auto person = db.addPerson("Trainee " + std::to_string(100 + i), store::Role::Trainee, "2026-01-05", {});
        if (!person) check(person.error(), "add a trainee");
        check(db.setPersonTeam(person->id, i % 2 ? "North" : "South"), "set a team");
        trainees.push_back(person->id);
    }
    if (auto lead = db.addPerson("Eva Lead", store::Role::Lead, "2025-01-05", {}); !lead) check(lead.error(), "add the lead");
    const std::vector<std::vector<std::pair<std::string, std::string>>> plays = {
        {{"choice", "verify"}, {"choice", "refund"}, {"reply", "Sorry, refunded."}},
        {{"choice", "verify"}, {"choice", "refund"}, {"reply", "Refunded. Ask your bank."}},
        {{"choice", "verify"}, {"choice", "stall"}, {"choice", "stall"}},
        {{"choice", "card"}}};
    const int64_t spacing = 200 * 86400 / count;
    check(db.inTransaction([&]() -> Status {
              for (int i = 0; i < count; ++i) {
                  int64_t t0 = kT0 + i * spacing;
                  auto play = PlaySession::start(scenario, t0);
                  for (const auto& [kind, value] : plays[static_cast<size_t>(i * 7 / 3) % plays.size()]) {
                      auto step = kind == "choice" ? play->choose(value, 20, t0 + 20) : play->reply(value, 40, t0 + 40);
                      if (!step) return step.error();
                  }
                  auto recorder = store::SessionRecorder::begin(db, trainees[static_cast<size_t>(i) % trainees.size()], *play, *rubric,
                                                                i % 5 ? "practice" : "exam", t0 + 60);
                  if (!recorder) return recorder.error();
              }
              return Ok{};
          }),
          "populate");
}

struct Database {
    fs::path dir, file;
    std::unique_ptr<store::SqliteStore> store;
};

Database make(const ContentLibrary& library, int count) {
    std::string pattern = (fs::temp_directory_path() / "simdesk-dashboard-bench-XXXXXX").string();
    Database d;
    d.dir = mkdtemp(pattern.data());
    d.file = d.dir / "bench.db";
    auto opened = store::SqliteStore::open(d.file, {});
    if (!opened) check(opened.error(), "open");
    d.store = std::move(*opened);
    auto start = std::chrono::steady_clock::now();
    populate(*d.store, library, count);
    std::printf("%7d sessions: populated in %.2f s\n", count, secondsSince(start));
    return d;
}

/// Seconds per read of the dashboards' sums in SQL (the best of `runs`: the first warms the cache).
double sqlSeconds(store::TrainingStore& store, const ContentLibrary& library, int runs) {
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        auto figures = store::readInsightFigures(store, library, {});
        best = std::min(best, secondsSince(start));
        if (!figures) check(figures.error(), "sum in SQL");
    }
    return best;
}

/// The same figures the way they were computed before: every session read whole, summed in memory.
double inMemorySeconds(store::TrainingStore& store, const ContentLibrary& library) {
    auto start = std::chrono::steady_clock::now();
    auto plays = store::readPlays(store, library, {}, {true});
    if (!plays) check(plays.error(), "read every play");
    auto trends = insights::scoreTrends(*plays);
    auto criteria = insights::weakestCriteria(*plays);
    auto choices = insights::scenarioChoices(*library.findScenario("mini"), library.findRubric("test-rubric").get(), *plays);
    (void)trends, (void)criteria, (void)choices;
    return secondsSince(start);
}

int lastVertices = 0;

double microsPerFrame(AppModel& model, FrameContext& ctx, int frames) {
    return bench::microsPerFrame(model, ctx, frames, lastVertices);
}

/// The lead's dashboards over `db`, figures loaded; then the frame cost.
double frameCost(store::SqliteStore& db, const ContentLibrary& library, FrameContext& ctx, int frames) {
    InlineWorker worker(&db);
    AppModel model(library, worker, {});
    model.update();
    for (const auto& p : model.profiles())
        if (p.name == "Eva Lead") model.selectProfile(p.id);
    model.update();
    model.showDashboards(ctx.clock);
    model.update();
    if (model.screen() != Screen::Dashboards || model.dashboard().figures.plays == 0) {
        std::cerr << "the dashboards did not open: " << model.message() << "\n";
        std::exit(1);
    }
    microsPerFrame(model, ctx, 20);  // the first frames lay out fonts and windows
    return microsPerFrame(model, ctx, frames);
}

} // namespace

int main() {
    int large = 100000;
    if (const char* env = std::getenv("SIMDESK_BENCH_LARGE"); env && std::atoi(env) > 1000) large = std::atoi(env);
    const std::string fixtures = std::string(SIMDESK_SOURCE_DIR) + "/tests/fixtures";
    SchemaChecker schemas;
    ContentLibrary library = loadContent({fixtures + "/valid/mini.json", fixtures + "/rubrics", fixtures + "/track"}, schemas);
    if (!library.findScenario("mini")) return std::puts("the fixtures' mini scenario did not load"), 1;

    Database tiny = make(library, 100), small = make(library, 1000), big = make(library, large);

    const double sqlSmall = sqlSeconds(*small.store, library, 5), sqlLarge = sqlSeconds(*big.store, library, 3);
    const double memorySmall = inMemorySeconds(*small.store, library), memoryLarge = inMemorySeconds(*big.store, library);

    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the font atlas, no GPU needed
    FrameContext ctx;
    ctx.palette = applyTheme(Theme::Dark, 1);
    ctx.clock = Clock{kT0 + 201 * 86400, 1000};
    constexpr int kFrames = 200;
    const double frameTiny = frameCost(*tiny.store, library, ctx, kFrames);
    const int tinyVertices = lastVertices;
    const double frameLarge = frameCost(*big.store, library, ctx, kFrames);
    const int largeVertices = lastVertices;
    ImGui::DestroyContext();

    std::printf("\ndashboard_bench: %d trainees; sums of every session (no filter)\n", kTrainees);
    std::printf("  aggregate query (SQL)    %7d sessions: %9.4f s\n", 1000, sqlSmall);
    std::printf("  aggregate query (SQL)    %7d sessions: %9.4f s   ratio %.1f for %dx the sessions\n", large, sqlLarge,
                sqlLarge / sqlSmall, large / 1000);
    std::printf("  every record read (old) %7d sessions: %9.4f s   (SQL is %.1fx faster)\n", 1000, memorySmall, memorySmall / sqlSmall);
    std::printf("  every record read (old) %7d sessions: %9.4f s   (SQL is %.1fx faster)\n", large, memoryLarge, memoryLarge / sqlLarge);
    std::printf("  dashboard frame          %7d sessions: %9.1f us/frame (baseline)   %6d vertices\n", 100, frameTiny, tinyVertices);
    std::printf("  dashboard frame          %7d sessions: %9.1f us/frame  ratio %.2f  %6d vertices\n", large, frameLarge,
                frameLarge / frameTiny, largeVertices);
    const bool keep = std::getenv("SIMDESK_BENCH_KEEP") != nullptr;  // to look at the query plans by hand
    for (auto* d : {&tiny, &small, &big}) {
        d->store.reset();
        std::error_code ec;
        if (keep) std::printf("  kept %s\n", d->file.c_str());
        else fs::remove_all(d->dir, ec);
    }
    return 0;
}
