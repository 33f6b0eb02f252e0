// Benchmark: `simdesk rescore --all` against two baselines measured in the same run, at several
// sizes, so the ratios and the per-session cost show whether rescore stays flat as history grows:
//  * the plain scan: every session row and every turn row read with SELECTs, each column touched;
//  * the I/O floor: the same scan plus, in one transaction, one inserted scoring_runs row per
//    session carrying a card of the stored cards' average size (on a copy of the database).
// Prints figures; asserts nothing.
//   store_bench [SESSIONS...]          default 5000 20000 100000
//   SIMDESK_BENCH_SIZES=500,2000 store_bench   the same, from the environment (for a quick run)
//   SIMDESK_BENCH_KEEP=DIR store_bench         also keeps each database (rescored) in DIR, for profiling
#include "cli/cli.hpp"
#include "core/player.hpp"
#include "store/recorder.hpp"
#include "store/sqlite.hpp"
#include "bench_support.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <vector>
#include <cstdlib>
#include <unistd.h>

using namespace simdesk;
namespace fs = std::filesystem;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Opens a connection set up as the store sets up its own (WAL, synchronous FULL).
sqlite3* openLikeTheStore(const fs::path& path) {
    sqlite3* handle = nullptr;
    sqlite3_open(path.string().c_str(), &handle);
    sqlite3_exec(handle, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
    return handle;
}

/// Reads every session row and every turn row, touching each column: one query for the sessions,
/// one ordered scan of the turns, as rescore reads them. Calls `perSession` after each session.
template <typename PerSession>
size_t scanSessions(sqlite3* handle, PerSession perSession) {
    size_t bytes = 0;
    store::Statement sessions(handle, "SELECT id, person_id, scenario_id, scenario_version, scenario_hash, rubric_id, "
                                      "rubric_hash, mode, started_at, ended_at, ending_id, status FROM sessions ORDER BY id");
    store::Statement turns(handle, "SELECT session_id, kind, node_id, choice_id, text, seconds, at, mood_after, handoff_to, "
                                   "redacted FROM turns ORDER BY session_id, seq");
    bool more = turns.step();
    while (sessions.step()) {
        int64_t id = sessions.integer(0);
        bytes += sessions.text(2).size() + sessions.text(4).size() + sessions.text(7).size() + sessions.text(11).size();
        for (; more && turns.integer(0) <= id; more = turns.step())
            bytes += turns.text(1).size() + turns.text(2).size() + turns.text(3).size() + turns.text(4).size() +
                     turns.text(8).size() + turns.text(9).size();
        perSession(id);
    }
    return bytes;
}

/// The plain scan.
size_t scan(const fs::path& path) {
    sqlite3* handle = openLikeTheStore(path);
    size_t bytes = scanSessions(handle, [](int64_t) {});
    sqlite3_close(handle);
    return bytes;
}

/// The I/O floor: the scan, plus one scoring_runs row per session with a card of `cardBytes`
/// bytes, in one transaction (the least a rescore that stores its results must do).
size_t ioFloor(const fs::path& path, size_t cardBytes) {
    sqlite3* handle = openLikeTheStore(path);
    const std::string card(cardBytes, 'c');
    sqlite3_exec(handle, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    size_t bytes = 0;
    {
        store::Statement insert(handle, "INSERT INTO scoring_runs (session_id, rubric_id, rubric_version, rubric_hash, reason, "
                                        "scored_at, computed_percent, final_percent, passed, card_json, critical_count) "
                                        "VALUES (?, 'test-rubric', '1.0.0', 'fnv1a64:0123456789abcdef', 'rescore', 1767603600, "
                                        "87.5, 87.5, 1, ?, 0)");
        bytes = scanSessions(handle, [&](int64_t id) {
            insert.reset();
            insert.bind(1, id).bind(2, std::string_view(card));
            if (!insert.run()) {
                std::cerr << "floor insert: " << insert.error() << "\n";
                std::exit(1);
            }
        });
    }
    sqlite3_exec(handle, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(handle);
    return bytes;
}

/// The average size of the stored cards, in bytes.
size_t averageCardBytes(const fs::path& path) {
    sqlite3* handle = nullptr;
    sqlite3_open(path.string().c_str(), &handle);
    size_t bytes = 0;
    {
        store::Statement average(handle, "SELECT coalesce(avg(length(card_json)), 0) FROM scoring_runs");
        if (average.step()) bytes = static_cast<size_t>(average.real(0));
    }
    sqlite3_close(handle);
    return bytes;
}

struct Figures {
    int sessions = 0;
    double scan = 0, floor = 0, rescore = 0;
    size_t cardBytes = 0;
    int exitCode = 0;
};

Figures measure(int count, const ContentLibrary& library, const std::string& fixtures) {
    std::string pattern = (fs::temp_directory_path() / "simdesk-bench-XXXXXX").string();
    fs::path dir = mkdtemp(pattern.data());
    fs::path db = dir / "bench.db";
    Figures f;
    f.sessions = count;

    auto start = std::chrono::steady_clock::now();
    {
        auto store = store::SqliteStore::open(db, {});
        if (!store) {
            std::cerr << "open: " << store.error().message << "\n";
            std::exit(1);
        }
        bench::populate(**store, library, count);
    }
    std::printf("%6d sessions: populated in %.2f s\n", count, secondsSince(start));
    f.cardBytes = averageCardBytes(db);

    // The floor writes to a copy, so the rescore below starts from the same file the scan read.
    fs::path copy = dir / "floor.db";
    fs::copy_file(db, copy);

    start = std::chrono::steady_clock::now();
    size_t bytes = scan(db);
    f.scan = secondsSince(start);

    start = std::chrono::steady_clock::now();
    ioFloor(copy, f.cardBytes);
    f.floor = secondsSince(start);

    // Re-score through the real command, as a lead would run it after a rubric change.
    std::ostringstream out, err;
    std::istringstream in;
    std::string dbArg = db.string(), contentArg = fixtures;
    const char* args[] = {"simdesk", "rescore", "--all", "--force", "--db", dbArg.c_str(), "--content", contentArg.c_str()};
    start = std::chrono::steady_clock::now();
    f.exitCode = cli::run(8, args, cli::Io{out, err, in, false}, [](const cli::GlobalOptions&) { return 0; });
    f.rescore = secondsSince(start);
    if (f.exitCode != 0) std::cerr << err.str();

    std::printf("        scan %.3f s (%zu bytes read) · I/O floor %.3f s (cards of %zu bytes) · rescore %.3f s — %s", f.scan, bytes,
                f.floor, f.cardBytes, f.rescore, out.str().c_str());
    // The rescore must give the scores stored when each session was played (same cards too).
    sqlite3* check = openLikeTheStore(db);
    {
        store::Statement differ(check, "SELECT count(*), sum(a.final_percent <> b.final_percent OR a.passed <> b.passed OR "
                                        "a.critical_count <> b.critical_count OR a.card_json <> b.card_json) "
                                        "FROM scoring_runs a JOIN scoring_runs b ON b.session_id = a.session_id "
                                        "WHERE a.reason = 'played' AND b.reason = 'rescore'");
        if (differ.step())
            std::printf("        rescored %lld sessions; %lld differ from their score when played\n",
                        static_cast<long long>(differ.integer(0)), static_cast<long long>(differ.integer(1)));
        if (differ.integer(0) != count || differ.integer(1) != 0) f.exitCode = 1;
    }
    sqlite3_close(check);
    std::error_code ec;
    if (const char* keep = std::getenv("SIMDESK_BENCH_KEEP"); keep && *keep) {
        // For profiling a step alone (sqlite3, perf): the database as the rescore left it.
        fs::copy_file(db, fs::path(keep) / ("bench-" + std::to_string(count) + ".db"), fs::copy_options::overwrite_existing, ec);
    }
    fs::remove_all(dir, ec);
    return f;
}

std::vector<int> sizesFrom(int argc, char** argv) {
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i)
        if (int n = std::atoi(argv[i]); n > 0) sizes.push_back(n);
    if (sizes.empty())
        if (const char* env = std::getenv("SIMDESK_BENCH_SIZES"); env && *env) {
            std::stringstream list(env);
            for (std::string item; std::getline(list, item, ',');)
                if (int n = std::atoi(item.c_str()); n > 0) sizes.push_back(n);
        }
    if (sizes.empty()) sizes = {5000, 20000, 100000};
    return sizes;
}

} // namespace

int main(int argc, char** argv) {
    cli::tuneAllocator();  // as simdesk's main does: the floor and the rescore both run with it
    std::vector<int> sizes = sizesFrom(argc, argv);
    std::string fixtures = std::string(SIMDESK_SOURCE_DIR) + "/tests/fixtures";
    SchemaChecker schemas;
    ContentLibrary library = loadContent({fixtures + "/valid", fixtures + "/rubrics"}, schemas);

    std::vector<Figures> all;
    for (int count : sizes) all.push_back(measure(count, library, fixtures));

    std::printf("\n%9s %9s %9s %9s %13s %14s %15s %13s\n", "sessions", "scan s", "floor s", "rescore s", "rescore/scan",
                "rescore/floor", "rescore µs/sess", "floor µs/sess");
    int rc = 0;
    for (const auto& f : all) {
        std::printf("%9d %9.3f %9.3f %9.3f %12.2fx %13.2fx %15.1f %13.1f\n", f.sessions, f.scan, f.floor, f.rescore,
                    f.rescore / f.scan, f.rescore / f.floor, 1e6 * f.rescore / f.sessions, 1e6 * f.floor / f.sessions);
        rc = rc != 0 ? rc : f.exitCode;
    }
    std::printf("targets (issue 15): rescore at most 1.5x the I/O floor and 3x the scan at 100 000 sessions; "
                "per-session cost flat across sizes\n");
    return rc;
}
