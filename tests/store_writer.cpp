// Test helper: writes turns to a store as fast as it can, printing each turn's number once
// appendTurn has returned (the store's promise that it is durable). test_store kills it at
// random moments and checks that every acknowledged turn survived.
//   store_writer DB NAME COUNT      (DB: an SQLite file, or a postgresql:// URI)
#include "store/pg.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace simdesk;

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: store_writer DB NAME COUNT\n");
        return 2;
    }
    auto open = [](const std::string& target) -> Result<std::unique_ptr<store::TrainingStore>> {
        if (store::pg::isServerUri(target)) {
            auto server = store::PgStore::open(target);
            if (!server) return server.error();
            return std::unique_ptr<store::TrainingStore>(std::move(*server));
        }
        auto file = store::SqliteStore::open(target, {});
        if (!file) return file.error();
        return std::unique_ptr<store::TrainingStore>(std::move(*file));
    };
    auto store = open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "open: %s\n", store.error().message.c_str());
        return 1;
    }
    std::string name = argv[2];
    auto person = (*store)->findPerson(name);
    int64_t personId = 0;
    if (person && *person) {
        personId = (*person)->id;
    } else {
        auto added = (*store)->addPerson(name, store::Role::Trainee, "2026-11-02", {});
        if (!added) {
            std::fprintf(stderr, "person: %s\n", added.error().message.c_str());
            return 1;
        }
        personId = added->id;
    }
    store::NewSession s;
    s.personId = personId;
    s.startedAt = 1767603600;
    s.scenario = {"scenario", "writer", "1", "fnv1a64:writer", "{}"};
    s.rubric = {"rubric", "writer-rubric", "1", "fnv1a64:writer-rubric", "{}"};
    auto session = (*store)->startSession(s);
    if (!session) {
        std::fprintf(stderr, "session: %s\n", session.error().message.c_str());
        return 1;
    }
    std::printf("session %lld\n", static_cast<long long>(*session));
    std::fflush(stdout);
    int count = std::atoi(argv[3]);
    for (int i = 1; i <= count; ++i) {
        TranscriptEntry e;
        e.kind = EntryKind::TraineeReply;
        e.nodeId = "reply";
        e.text = "turn " + std::to_string(i);
        e.at = 1767603600 + i;
        auto stored = (*store)->appendTurn(*session, e, 1767603600 + i);
        if (!stored) {
            std::fprintf(stderr, "turn %d: %s\n", i, stored.error().message.c_str());
            return 1;
        }
        std::printf("%d\n", i);
        std::fflush(stdout);
    }
    return 0;
}
