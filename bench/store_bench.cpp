// Benchmark: `simdesk rescore --all` over 100 000 stored sessions, as a ratio to a plain SELECT
// scan of the same rows (sessions and their turns) in the same run. Prints figures; asserts nothing.
//   store_bench [SESSIONS]
#include "cli/cli.hpp"
#include "core/player.hpp"
#include "store/recorder.hpp"
#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <unistd.h>

using namespace simdesk;
namespace fs = std::filesystem;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Fills the database with `count` finished sessions of the mini scenario, four different plays.
void populate(store::SqliteStore& db, const ContentLibrary& library, int count) {
    auto scenario = library.findScenario("mini");
    auto rubric = library.findRubric("test-rubric");
    auto person = db.addPerson("Bench Trainee", store::Role::Trainee, "2026-11-02", {});
    const std::vector<std::vector<std::pair<std::string, std::string>>> plays = {
        {{"choice", "verify"}, {"choice", "refund"}, {"reply", "Sorry, refunded."}},
        {{"choice", "verify"}, {"choice", "refund"}, {"reply", "Refunded. Ask your bank."}},
        {{"choice", "verify"}, {"choice", "stall"}, {"choice", "stall"}},
        {{"choice", "card"}}};
    auto status = db.inTransaction([&]() -> Status {
        for (int i = 0; i < count; ++i) {
            int64_t t0 = 1767603600 + i * 600;
            auto play = PlaySession::start(scenario, t0);
            for (const auto& [kind, value] : plays[static_cast<size_t>(i) % plays.size()]) {
                auto step = kind == "choice" ? play->choose(value, 20, t0 + 20) : play->reply(value, 40, t0 + 40);
                if (!step) return step.error();
            }
            auto recorder = store::SessionRecorder::begin(db, person->id, *play, *rubric, "practice", t0 + 60);
            if (!recorder) return recorder.error();
        }
        return Ok{};
    });
    if (!status) {
        std::cerr << "populate: " << status.error().message << "\n";
        std::exit(1);
    }
}

/// The baseline: read every session row and every turn row, touching each column.
size_t scan(const fs::path& path) {
    sqlite3* handle = nullptr;
    sqlite3_open(path.string().c_str(), &handle);
    size_t bytes = 0;
    {
        store::Statement sessions(handle, "SELECT id, person_id, scenario_id, scenario_version, scenario_hash, rubric_id, "
                                          "rubric_hash, mode, started_at, ended_at, ending_id, status FROM sessions ORDER BY id");
        store::Statement turns(handle, "SELECT kind, node_id, choice_id, text, seconds, at, mood_after, handoff_to, redacted "
                                       "FROM turns WHERE session_id = ? ORDER BY seq");
        while (sessions.step()) {
            bytes += sessions.text(2).size() + sessions.text(4).size();
            turns.reset();
            turns.bind(1, sessions.integer(0));
            while (turns.step()) bytes += turns.text(0).size() + turns.text(3).size();
        }
    }
    sqlite3_close(handle);
    return bytes;
}

} // namespace

int main(int argc, char** argv) {
    int count = argc > 1 ? std::atoi(argv[1]) : 100000;
    std::string pattern = (fs::temp_directory_path() / "simdesk-bench-XXXXXX").string();
    fs::path dir = mkdtemp(pattern.data());
    fs::path db = dir / "bench.db";
    std::string fixtures = std::string(SIMDESK_SOURCE_DIR) + "/tests/fixtures";
    SchemaChecker schemas;
    ContentLibrary library = loadContent({fixtures + "/valid", fixtures + "/rubrics"}, schemas);

    auto start = std::chrono::steady_clock::now();
    {
        auto store = store::SqliteStore::open(db, {});
        populate(**store, library, count);
    }
    std::printf("populated %d sessions in %.2f s\n", count, secondsSince(start));

    start = std::chrono::steady_clock::now();
    size_t bytes = scan(db);
    double scanSeconds = secondsSince(start);

    // Re-score through the real command, as a lead would run it after a rubric change.
    std::ostringstream out, err;
    std::istringstream in;
    std::string dbArg = db.string(), contentArg = fixtures;
    const char* args[] = {"simdesk", "rescore", "--all", "--force", "--db", dbArg.c_str(), "--content", contentArg.c_str()};
    start = std::chrono::steady_clock::now();
    int rc = cli::run(8, args, cli::Io{out, err, in, false}, [](const cli::GlobalOptions&) { return 0; });
    double rescoreSeconds = secondsSince(start);

    std::printf("plain SELECT scan of sessions and turns: %.3f s (%zu bytes read)\n", scanSeconds, bytes);
    std::printf("rescore --all (exit %d): %.3f s — %s", rc, rescoreSeconds, out.str().c_str());
    std::printf("ratio rescore / scan: %.2fx (target: at most 2x)\n", rescoreSeconds / scanSeconds);
    std::error_code ec;
    fs::remove_all(dir, ec);
    return rc;
}
