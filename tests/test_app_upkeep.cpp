// The app's upkeep of its records (AppModel, no window): the daily whole-file check on the store
// worker, and a lead's "Rescore all…" with its progress and Cancel. Jobs are held until the test
// runs them (HeldWorker), so a test sees the app as it is while the worker is busy; the clock
// moves only when the test moves it.
#include "app/model.hpp"
#include "held_worker.hpp"
#include "store/sqlite_store.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace simdesk;
using namespace simdesk::app;
namespace fs = std::filesystem;
using test::HeldWorker;

namespace {

constexpr int64_t kMonday = 1767603600;  // 2026-01-05 09:00 UTC

/// The first column of the first row, read beside the store with the plain SQLite API ("" for none).
std::string query(const fs::path& db, const std::string& sql) {
    sqlite3* handle = nullptr;
    sqlite3_open(db.string().c_str(), &handle);
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW &&
        sqlite3_column_text(stmt, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return out;
}

std::string lastCheck(const fs::path& db) { return query(db, "SELECT value FROM settings WHERE key = 'last_quick_check'"); }

std::unique_ptr<store::SqliteStore> openStore(const fs::path& path) {
    auto opened = store::SqliteStore::open(path, {kMonday});
    INFO((opened ? std::string() : opened.error().message));
    REQUIRE(opened);
    return std::move(*opened);
}

ContentLibrary workspaceLibrary(const test::ContentWorkspace& w) {
    SchemaChecker schemas;
    return loadContent({(w.root / "scenarios").string(), (w.root / "rubrics").string()}, schemas);
}

// verify, stall, stall on the mini scenario: empathy 1/4 (weight 2), accuracy 2/2 (1), response
// time on time (1) → 62.5 % (the hand-checked figure of test_records.cpp).
const std::string kStallTwice = R"([{"choice": "verify", "seconds": 20}, {"choice": "stall", "seconds": 20}, {"choice": "stall"}])";

} // namespace

TEST_CASE("the daily check runs on the worker a little after start, once a day, and a sound file shows no banner") {
    test::TempDir dir{"simdesk-upkeep"};
    fs::path db = dir.path / "simdesk.db";
    auto store = openStore(db);
    HeldWorker worker(store.get());
    AppModel model(ContentLibrary{}, worker, {});
    worker.runAll();
    model.update();
    Clock clock{kMonday, 100.0};

    // At start nothing is asked: the profiles come first.
    model.checkHealthIfDue(clock);
    CHECK(worker.held() == 0);
    clock = {kMonday + 9, 109.0};
    model.checkHealthIfDue(clock);
    CHECK(worker.held() == 0);
    // Ten seconds in, the check is posted to the worker; the frame goes on while it is held.
    clock = {kMonday + 10, 110.0};
    model.checkHealthIfDue(clock);
    CHECK(worker.held() == 1);
    CHECK(lastCheck(db).empty());
    worker.runAll();
    model.update();
    CHECK(lastCheck(db) == std::to_string(kMonday + 10));
    CHECK(model.healthProblem().empty());
    CHECK(model.banner(clock).empty());

    // Every frame until the next hour asks nothing; an hour later the store is asked, but a day
    // has not passed, so the file is not read again.
    clock = {kMonday + 3000, 3100.0};
    model.checkHealthIfDue(clock);
    CHECK(worker.held() == 0);
    clock = {kMonday + 3610, 3710.0};
    model.checkHealthIfDue(clock);
    CHECK(worker.held() == 1);
    worker.runAll();
    CHECK(lastCheck(db) == std::to_string(kMonday + 10));

    // A day after the last check, the next ask runs it again.
    clock = {kMonday + 10 + 24 * 3600, 7400.0};
    model.checkHealthIfDue(clock);
    worker.runAll();
    model.update();
    CHECK(lastCheck(db) == std::to_string(kMonday + 10 + 24 * 3600));
    CHECK(model.healthProblem().empty());

    // The time is kept in the file: a new start within the day does not check again.
    HeldWorker next(store.get());
    AppModel restarted(ContentLibrary{}, next, {});
    next.runAll();
    restarted.checkHealthIfDue({kMonday + 30 * 3600, 0.0});
    restarted.checkHealthIfDue({kMonday + 30 * 3600 + 10, 10.0});
    next.runAll();
    CHECK(lastCheck(db) == std::to_string(kMonday + 10 + 24 * 3600));
}

TEST_CASE("a daily check that finds damage shows a banner saying what to do, and is not marked done") {
    test::TempDir dir{"simdesk-upkeep"};
    fs::path db = dir.path / "simdesk.db";
    {
        auto store = openStore(db);
        auto ana = store->addPerson("Ana", store::Role::Trainee, "2026-11-02", {});
        REQUIRE(ana);
        // Enough rows for the damage to sit in pages a normal open does not read.
        REQUIRE(store->inTransaction([&]() -> Status {
            for (int i = 0; i < 400; ++i)
                if (auto id = store->startSession({ana->id, "practice", kMonday + i, {"scenario", "mini", "1", "h", "{}"},
                                                   {"rubric", "test-rubric", "1", "r", "{}"}});
                    !id)
                    return id.error();
            return Ok{};
        }));
    }
    test::damageLastPage(db);
    auto store = openStore(db);  // closed cleanly before: opened without the whole-file check
    CHECK_FALSE(store->checkedOnOpen());
    HeldWorker worker(store.get());
    AppModel model(ContentLibrary{}, worker, {});
    worker.runAll();
    model.update();
    Clock clock{kMonday, 0.0};
    model.checkHealthIfDue(clock);
    clock = {kMonday + 10, 10.0};
    model.checkHealthIfDue(clock);
    worker.runAll();
    model.update();
    const std::string& problem = model.healthProblem();
    CHECK(problem.rfind("The records file failed its daily check (", 0) == 0);
    CHECK(problem.find("run `simdesk db check`") != std::string::npos);
    CHECK(problem.find("restore the latest backup") != std::string::npos);
    CHECK(model.banner(clock) == problem);
    // Not remembered as checked: the next start checks (and warns) again.
    CHECK(lastCheck(db).empty());
}

TEST_CASE("Rescore all: for leads, with progress; Cancel keeps every official score, and running it to the end rescores") {
    test::ContentWorkspace w("simdesk-upkeep");
    auto played = w.run({"play", "mini", "--script", "-", "--trainee", "Ana Lima"}, kStallTwice);
    INFO(played.err);
    REQUIRE(played.exitCode == 0);
    REQUIRE(w.run({"people", "add", "Eva Marsh", "--role", "lead"}).exitCode == 0);
    ContentLibrary library = workspaceLibrary(w);
    auto store = openStore(w.db);
    // A later score on an older rubric (as before a rubric change): the one a rescore replaces.
    ScoreCard stale;
    stale.rubricId = "test-rubric";
    stale.rubricVersion = "0.9.0";
    stale.computedPercent = stale.finalPercent = 12.5;
    REQUIRE(store->addScoringRun(1, stale, "fnv1a64:older", "played", kMonday + 100));
    auto official = [&] { return store->session(1)->latestPercent.value_or(-1); };
    auto runs = [&] { return store->scoringRuns(1)->size(); };
    REQUIRE(official() == 12.5);
    REQUIRE(runs() == 2);

    HeldWorker worker(store.get());
    AppModel model(library, worker, {});
    worker.runAll();
    model.update();
    Clock clock{kMonday + 1000, 50.0};
    auto person = store->findPerson("Ana Lima");
    REQUIRE(person);
    REQUIRE(*person);
    model.selectProfile((*person)->id);
    worker.runAll();
    model.update();
    // A trainee cannot.
    model.askRescoreAll();
    CHECK_FALSE(model.confirmation());
    CHECK(model.message() == "Re-scoring is for leads.");

    auto lead = store->findPerson("Eva Marsh");
    REQUIRE(*lead);
    model.selectProfile((*lead)->id);
    worker.runAll();
    model.update();
    model.showTeam(clock);
    worker.runAll();
    model.update();
    model.askRescoreAll();
    REQUIRE(model.confirmation());
    CHECK(model.confirmation()->confirmLabel == "Rescore");
    model.confirm(clock);
    CHECK(model.rescoring());
    CHECK(model.rescoreProgress(clock) == "Reading the sessions…");

    // Cancel before the worker reaches it: the job stops at its first session, inside its
    // transaction, so nothing of it is kept.
    model.cancelRescore();
    CHECK(model.rescoreProgress(clock) == "Cancelling…");
    worker.runAll();
    model.update();
    CHECK_FALSE(model.rescoring());
    CHECK(model.notice() == "Rescore cancelled: no score was changed.");
    CHECK(official() == 12.5);
    CHECK(runs() == 2);

    // Run to the end: while its result waits for the next frame, the progress says 1 of 1, at 2 a
    // second (half a second in), with nothing left.
    model.askRescoreAll();
    model.confirm(clock);
    worker.runAll();
    Clock later{clock.wall, clock.steady + 0.5};
    CHECK(model.rescoreProgress(later) == "1 of 1 sessions · 2/s · about 0 s left");
    CHECK(model.rescoreFraction() == 1.0f);
    model.update();
    CHECK_FALSE(model.rescoring());
    CHECK(model.notice() == "Re-scored 1 session (old scores kept beside the new); 0 already scored with the current rubric.");
    CHECK(runs() == 3);
    CHECK(official() == 62.5);
    CHECK(store->scoringRuns(1)->back().reason == "rescore");
}
