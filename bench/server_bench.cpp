// Benchmark: 50 simulated clients playing turns at once, on a PostgreSQL server and, in the same
// run, on one SQLite file. Each client is a thread with a connection of its own (its own store):
// it adds its trainee, starts a session and records TURNS turns with appendTurn, timing each one
// from call to acknowledgement. Prints turns per second (all clients together) and the p50 and
// p99 latency of one turn, for each backend, and the ratios. Asserts nothing.
//   server_bench [CLIENTS [TURNS]]     default 50 clients, 40 turns each
// The server is a throwaway cluster of its own (scripts/pg-test-cluster.sh: Unix socket only,
// fsync off), committing synchronously (synchronous_commit on, as a real server does; with fsync
// off that is a write to the OS, not to the disk). SQLite is the desktop file in WAL mode, as the
// app opens it.
#include "../tests/server_faults_support.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace simdesk;
namespace fs = std::filesystem;

namespace {
using Clock = std::chrono::steady_clock;
using Opener = std::function<Result<std::unique_ptr<store::TrainingStore>>()>;

struct Figures {
    double turnsPerSecond = 0, p50Ms = 0, p99Ms = 0;
    int turns = 0, failures = 0;
    std::string firstError;
};

Figures runLoad(const Opener& open, int clients, int turns) {
    std::vector<std::unique_ptr<store::TrainingStore>> stores;
    std::vector<int64_t> sessions;
    Figures f;
    // Connect and start every session first: the timed part is play only.
    for (int c = 0; c < clients; ++c) {
        auto s = open();
        if (!s) {
            std::fprintf(stderr, "open: %s\n", s.error().message.c_str());
            std::exit(1);
        }
        auto person = (*s)->addPerson("Client " + std::to_string(c), store::Role::Trainee, "2026-11-02", {});
        store::NewSession n;
        n.personId = person ? person->id : 0;
        n.startedAt = 1767603600;
        n.scenario = {"scenario", "bench", "1", "fnv1a64:bench", "{}"};
        n.rubric = {"rubric", "bench-rubric", "1", "fnv1a64:bench-rubric", "{}"};
        auto session = (*s)->startSession(n);
        if (!session) {
            std::fprintf(stderr, "session: %s\n", session.error().message.c_str());
            std::exit(1);
        }
        sessions.push_back(*session);
        stores.push_back(std::move(*s));
    }
    std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
    std::vector<std::string> errors(static_cast<size_t>(clients));
    std::atomic<int> failures{0};
    auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            auto& store = *stores[static_cast<size_t>(c)];
            for (int i = 1; i <= turns; ++i) {
                TranscriptEntry e;
                e.kind = EntryKind::TraineeReply;
                e.nodeId = "reply";
                e.text = "Client " + std::to_string(c) + " says sorry, the refund is on its way (turn " + std::to_string(i) + ")";
                e.at = 1767603600 + i;
                auto t0 = Clock::now();
                auto stored = store.appendTurn(sessions[static_cast<size_t>(c)], e, 1767603600 + i);
                latencies[static_cast<size_t>(c)].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (!stored) {
                    ++failures;
                    if (errors[static_cast<size_t>(c)].empty()) errors[static_cast<size_t>(c)] = stored.error().message;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    f.turns = static_cast<int>(all.size());
    f.failures = failures;
    for (auto& e : errors)
        if (!e.empty()) {
            f.firstError = e;
            break;
        }
    f.turnsPerSecond = (f.turns - f.failures) / seconds;
    auto at = [&](double q) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(q * all.size()))]; };
    f.p50Ms = at(0.50);
    f.p99Ms = at(0.99);
    return f;
}

void print(const char* name, const Figures& f) {
    std::printf("%-11s %8.0f turns/s   p50 %7.2f ms   p99 %7.2f ms   (%d turns, %d failed)\n", name, f.turnsPerSecond, f.p50Ms,
                f.p99Ms, f.turns, f.failures);
    if (!f.firstError.empty()) std::printf("            first failure: %s\n", f.firstError.c_str());
}
} // namespace

int main(int argc, char** argv) {
    int clients = argc > 1 ? std::atoi(argv[1]) : 50;
    int turns = argc > 2 ? std::atoi(argv[2]) : 40;
    if (clients < 1 || turns < 1) {
        std::fprintf(stderr, "usage: server_bench [CLIENTS [TURNS]]\n");
        return 2;
    }
    test::ThrowawayCluster cluster;
    if (!cluster.running()) {
        std::fprintf(stderr, "server_bench: cannot start a throwaway PostgreSQL cluster (scripts/pg-test-cluster.sh)\n");
        return 1;
    }
    std::string uri = cluster.database("bench");
    {
        PGconn* conn = PQconnectdb(uri.c_str());
        PQclear(PQexec(conn, "ALTER SYSTEM SET synchronous_commit = on"));
        PQclear(PQexec(conn, "SELECT pg_reload_conf()"));
        PQfinish(conn);
    }
    char folder[] = "/tmp/simdesk-bench-XXXXXX";
    if (!mkdtemp(folder)) return 1;
    fs::path file = fs::path(folder) / "bench.db";

    std::printf("%d clients, %d turns each, every client on its own connection, one session each\n", clients, turns);
    Figures server = runLoad(
        [&]() -> Result<std::unique_ptr<store::TrainingStore>> {
            auto s = store::PgStore::open(uri);
            if (!s) return s.error();
            return std::unique_ptr<store::TrainingStore>(std::move(*s));
        },
        clients, turns);
    Figures sqlite = runLoad(
        [&]() -> Result<std::unique_ptr<store::TrainingStore>> {
            auto s = store::SqliteStore::open(file, {});
            if (!s) return s.error();
            return std::unique_ptr<store::TrainingStore>(std::move(*s));
        },
        clients, turns);
    print("PostgreSQL", server);
    print("SQLite", sqlite);
    if (sqlite.turnsPerSecond > 0 && sqlite.p50Ms > 0 && sqlite.p99Ms > 0)
        std::printf("PostgreSQL / SQLite: throughput x%.2f, p50 x%.2f, p99 x%.2f\n", server.turnsPerSecond / sqlite.turnsPerSecond,
                    server.p50Ms / sqlite.p50Ms, server.p99Ms / sqlite.p99Ms);
    fs::remove_all(folder);
    return server.failures + sqlite.failures > 0 ? 1 : 0;
}
