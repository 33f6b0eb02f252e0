// Test helper: writes turns to a store as fast as it can, printing each turn's number once
// appendTurn has returned (the store's promise that it is durable). test_store kills it at
// random moments and checks that every acknowledged turn survived.
//   store_writer DB NAME COUNT [--go] [--step] [--grade]   (DB: an SQLite file, or a postgresql:// URI)
// --go:    after printing "session N", waits for one line on stdin before the first turn (the
//          concurrency test starts every writer's turns at once, without sleeps)
// --step:  waits for one line on stdin before each turn, and stops at the end of stdin (the
//          server-restart test restarts the server between two turns)
// --grade: then finishes the session, stores a score (COUNT percent) and a reviewer's review,
//          printing "graded"
#include "store/pg.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace simdesk;

int main(int argc, char** argv) {
    bool go = false, step = false, grade = false;
    for (int i = 4; i < argc; ++i) {
        std::string flag = argv[i];
        go |= flag == "--go";
        step |= flag == "--step";
        grade |= flag == "--grade";
        if (flag != "--go" && flag != "--step" && flag != "--grade") argc = 0;
    }
    if (argc < 4) {
        std::fprintf(stderr, "usage: store_writer DB NAME COUNT [--go] [--step] [--grade]\n");
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
    auto awaitLine = []() {
        char line[64];
        return std::fgets(line, sizeof line, stdin) != nullptr;
    };
    if (go && !awaitLine()) return 1;
    for (int i = 1; i <= count; ++i) {
        if (step && !awaitLine()) return 0;
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
    if (grade) {
        if (auto s = (*store)->finishSession(*session, "end", 1767603600 + count + 1); !s) {
            std::fprintf(stderr, "finish: %s\n", s.error().message.c_str());
            return 1;
        }
        ScoreCard card;
        card.scenarioId = "writer";
        card.scenarioVersion = "1";
        card.rubricId = "writer-rubric";
        card.rubricVersion = "1";
        card.computedPercent = card.finalPercent = count;
        card.finished = true;
        if (auto s = (*store)->addScoringRun(*session, card, "fnv1a64:writer-rubric", "play", 1767603600 + count + 2); !s) {
            std::fprintf(stderr, "score: %s\n", s.error().message.c_str());
            return 1;
        }
        std::string reviewerName = name + " reviewer";
        auto reviewer = (*store)->addPerson(reviewerName, store::Role::Reviewer, "2026-11-02", {});
        if (!reviewer) {
            std::fprintf(stderr, "reviewer: %s\n", reviewer.error().message.c_str());
            return 1;
        }
        store::Review review;
        review.sessionId = *session;
        review.criterionId = "empathy";
        review.level = count % 4;
        review.reason = "review of " + name;
        review.authorId = reviewer->id;
        review.createdAt = 1767603600 + count + 3;
        if (auto s = (*store)->addReview(review); !s) {
            std::fprintf(stderr, "review: %s\n", s.error().message.c_str());
            return 1;
        }
        std::printf("graded\n");
        std::fflush(stdout);
    }
    return 0;
}
