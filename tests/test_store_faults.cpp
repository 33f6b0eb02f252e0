// Failed writes, as a trainee meets them: every write of a play can fail and the session still
// resumes and replays to the same conversation; a session an older simdesk left half-way through an
// action resumes from the last complete one; a lock, a full disk, a database deleted or truncated
// mid-play make `play` exit non-zero and say what was kept; a full disk is never called damage; and
// commands that only read never create a database.
#include "test_support.hpp"

#include "core/player.hpp"
#include "store/recorder.hpp"
#include "store/sqlite_store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <unistd.h>

using namespace simdesk;
using namespace simdesk::store;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kT0 = 1767603600;

/// Runs SQL on its own connection (another program, as far as simdesk can tell); "" or the error.
std::string sql(const fs::path& db, const std::string& text) {
    sqlite3* handle = nullptr;
    sqlite3_open(db.string().c_str(), &handle);
    char* message = nullptr;
    std::string out;
    if (sqlite3_exec(handle, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) out = message ? message : "error";
    sqlite3_free(message);
    sqlite3_close(handle);
    return out;
}

std::string query(const fs::path& db, const std::string& text) {
    sqlite3* handle = nullptr;
    sqlite3_open(db.string().c_str(), &handle);
    sqlite3_stmt* stmt = nullptr;
    std::string out = "no row";
    if (sqlite3_prepare_v2(handle, text.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        out = sqlite3_column_text(stmt, 0) ? reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)) : "";
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return out;
}

std::unique_ptr<SqliteStore> openOrFail(const fs::path& p) {
    auto store = SqliteStore::open(p, {kT0});
    if (!store) FAIL(store.error().message);
    return std::move(*store);
}

// ---- a play of mini through the store API --------------------------------------------------------

/// verify, stall (two customer messages follow it), refund, a typed reply: actions of 1 to 3 entries.
struct Action {
    const char* choice;
    const char* reply;
};
const std::vector<Action> kActions = {
    {"verify", nullptr}, {"stall", nullptr}, {"refund", nullptr}, {nullptr, "Sorry, the duplicate charge is refunded."}};

Result<StepResult> act(PlaySession& play, size_t i) {
    int64_t at = kT0 + 20 * static_cast<int64_t>(i + 1);
    return kActions[i].choice ? play.choose(kActions[i].choice, 20, at) : play.reply(kActions[i].reply, 20, at);
}
int64_t actedAt(size_t i) { return kT0 + 20 * static_cast<int64_t>(i + 1); }

/// The uninterrupted play as stored, and where each action's entries end.
struct Reference {
    std::vector<TranscriptEntry> entries;
    std::vector<size_t> boundaries;  ///< entries stored after the opening, after action 1, 2, ...
};

Reference playUninterrupted() {
    test::TempDir dir{"simdesk-faults"};
    auto store = openOrFail(dir.path / "reference.db");
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto play = PlaySession::start(test::miniScenario(), kT0);
    auto rubric = test::testRubric();
    auto recorder = SessionRecorder::begin(*store, ana->id, *play, *rubric, "practice", kT0);
    REQUIRE(recorder);
    Reference ref;
    ref.boundaries.push_back(play->transcript().entries.size());
    for (size_t i = 0; i < kActions.size(); ++i) {
        REQUIRE(act(*play, i));
        REQUIRE(recorder->sync(*play, *rubric, actedAt(i)));
        ref.boundaries.push_back(play->transcript().entries.size());
    }
    REQUIRE(play->finished());
    ref.entries = store->transcript(recorder->sessionId())->entries;
    return ref;
}

/// Resumes the only session of `store` as the app and `play --resume` do, plays the actions it
/// has not stored, and checks the stored conversation is the uninterrupted one, finished and scored.
void resumeAndFinish(SqliteStore& store, const Reference& ref, size_t expectTurnsKept, bool expectCutShort) {
    auto sessions = store.sessions(std::nullopt);
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 1);
    int64_t id = sessions->front().id;
    CHECK(sessions->front().status == SessionStatus::Active);
    auto stored = store.transcript(id);
    REQUIRE(stored);
    auto replayed = PlaySession::replayCompleteActions(test::miniScenario(), *stored);
    REQUIRE_MESSAGE(replayed, replayed.error().message);
    CHECK(replayed->cutShort == expectCutShort);
    size_t kept = replayed->session.transcript().traineeTurnCount();
    CHECK(kept == expectTurnsKept);
    if (expectCutShort)
        CHECK(cutShortNotice(*replayed).rfind("the last action was not fully saved; continuing from turn " +
                                                  std::to_string(kept + 1), 0) == 0);
    auto rubric = test::testRubric();
    auto recorder = SessionRecorder::resume(store, id, *replayed);
    PlaySession play = replayed->session;
    for (size_t i = kept; i < kActions.size(); ++i) {
        REQUIRE(act(play, i));
        auto synced = recorder.sync(play, *rubric, actedAt(i));
        REQUIRE_MESSAGE(synced, synced.error().message);
    }
    CHECK(store.transcript(id)->entries == ref.entries);
    CHECK(store.session(id)->status == SessionStatus::Finished);
    CHECK(store.scoringRuns(id)->size() == 1);
    CHECK(PlaySession::replay(test::miniScenario(), *store.transcript(id)));
}

// ---- the terminal, scripted: a hook runs before a given line is read ----------------------------

/// What `play` reads from a terminal, a line at a time; `beforeLine(n)` runs when the play asks
/// for line n (0-based), i.e. after everything the previous line caused has been stored or failed.
class TerminalInput : public std::streambuf {
public:
    TerminalInput(std::vector<std::string> lines, std::function<void(size_t)> beforeLine)
        : lines_(std::move(lines)), beforeLine_(std::move(beforeLine)) {}

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (next_ >= lines_.size()) return traits_type::eof();
        if (beforeLine_) beforeLine_(next_);
        current_ = lines_[next_++] + "\n";
        setg(current_.data(), current_.data(), current_.data() + current_.size());
        return traits_type::to_int_type(*gptr());
    }

private:
    std::vector<std::string> lines_;
    std::function<void(size_t)> beforeLine_;
    size_t next_ = 0;
    std::string current_;
};

/// Content root with mini and its rubric, and a database path, in a fresh folder.
struct Workspace {
    test::TempDir dir{"simdesk-faults"};
    fs::path root, db;
    Workspace() : root(dir.path), db(dir.path / "records.db") {
        fs::create_directories(root / "scenarios");
        fs::create_directories(root / "rubrics");
        fs::copy_file(test::fixture("valid/mini.json"), root / "scenarios" / "mini.json");
        fs::copy_file(test::fixture("rubrics/test-rubric.json"), root / "rubrics" / "test-rubric.json");
    }
    std::vector<std::string> withPaths(std::vector<std::string> args) const {
        args.insert(args.end(), {"--content", root.string(), "--db", db.string()});
        return args;
    }
    test::CliResult run(std::vector<std::string> args, const std::string& input = "") const {
        return test::runCli(withPaths(std::move(args)), input);
    }
    /// `simdesk play mini` at a terminal, typing `lines`.
    test::CliResult playAtTerminal(std::vector<std::string> lines, std::function<void(size_t)> beforeLine) const {
        auto args = withPaths({"play", "mini", "--trainee", "Ana"});
        std::vector<const char*> argv{"simdesk"};
        for (const auto& a : args) argv.push_back(a.c_str());
        TerminalInput terminal(std::move(lines), std::move(beforeLine));
        std::istream in(&terminal);
        std::ostringstream out, err;
        test::CliResult result;
        result.exitCode = cli::run(static_cast<int>(argv.size()), argv.data(), cli::Io{out, err, in, true},
                                   [](const cli::GlobalOptions&) { return 99; });
        result.out = out.str();
        result.err = err.str();
        return result;
    }
};

const std::string kFinishMini = R"({"start": 1767610000, "actions": [{"choice": "refund"}, {"reply": "Sorry, it is refunded."}]})";

// ---- a VFS that fails like a full disk ----------------------------------------------------------

/// Wraps the default VFS; while `writesFail`, every write reports SQLITE_FULL (as the unix VFS does
/// on ENOSPC); while `sharedMemoryFails`, mapping the WAL index fails as it does when its file
/// cannot grow (SQLITE_IOERR_SHMSIZE). Registered as the default VFS of this test program.
struct FullDisk {
    static inline std::atomic<bool> writesFail{false}, sharedMemoryFails{false};

    struct File {
        sqlite3_file base;
        sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
    };
    static File* cast(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
    static const sqlite3_io_methods* realMethods(sqlite3_file* f) { return cast(f)->real()->pMethods; }

    static inline sqlite3_vfs* real = nullptr;
    static inline sqlite3_vfs vfs{};
    static inline sqlite3_io_methods methods{};

    static void install() {
        if (real) return;
        real = sqlite3_vfs_find(nullptr);
        vfs = *real;
        vfs.zName = "simdesk-full-disk";
        vfs.szOsFile = static_cast<int>(sizeof(File)) + real->szOsFile;
        vfs.xOpen = open;
        sqlite3_vfs_register(&vfs, 1);
    }

    static int open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* outFlags) {
        File* f = cast(file);
        f->base.pMethods = nullptr;
        int rc = real->xOpen(real, name, f->real(), flags, outFlags);
        if (f->real()->pMethods) {
            if (!methods.xClose) buildMethods(*f->real()->pMethods);
            f->base.pMethods = &methods;
        }
        return rc;
    }

    static void buildMethods(const sqlite3_io_methods& r) {
        methods.iVersion = r.iVersion;
        methods.xClose = [](sqlite3_file* f) { return realMethods(f)->xClose(cast(f)->real()); };
        methods.xRead = [](sqlite3_file* f, void* p, int n, sqlite3_int64 o) { return realMethods(f)->xRead(cast(f)->real(), p, n, o); };
        methods.xWrite = [](sqlite3_file* f, const void* p, int n, sqlite3_int64 o) {
            return writesFail ? SQLITE_FULL : realMethods(f)->xWrite(cast(f)->real(), p, n, o);
        };
        methods.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) { return realMethods(f)->xTruncate(cast(f)->real(), size); };
        methods.xSync = [](sqlite3_file* f, int flags) { return realMethods(f)->xSync(cast(f)->real(), flags); };
        methods.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) { return realMethods(f)->xFileSize(cast(f)->real(), size); };
        methods.xLock = [](sqlite3_file* f, int lock) { return realMethods(f)->xLock(cast(f)->real(), lock); };
        methods.xUnlock = [](sqlite3_file* f, int lock) { return realMethods(f)->xUnlock(cast(f)->real(), lock); };
        methods.xCheckReservedLock = [](sqlite3_file* f, int* out) { return realMethods(f)->xCheckReservedLock(cast(f)->real(), out); };
        methods.xFileControl = [](sqlite3_file* f, int op, void* arg) { return realMethods(f)->xFileControl(cast(f)->real(), op, arg); };
        methods.xSectorSize = [](sqlite3_file* f) { return realMethods(f)->xSectorSize(cast(f)->real()); };
        methods.xDeviceCharacteristics = [](sqlite3_file* f) { return realMethods(f)->xDeviceCharacteristics(cast(f)->real()); };
        methods.xShmMap = [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
            return sharedMemoryFails ? SQLITE_IOERR_SHMSIZE : realMethods(f)->xShmMap(cast(f)->real(), page, size, extend, out);
        };
        methods.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) { return realMethods(f)->xShmLock(cast(f)->real(), offset, n, flags); };
        methods.xShmBarrier = [](sqlite3_file* f) { realMethods(f)->xShmBarrier(cast(f)->real()); };
        methods.xShmUnmap = [](sqlite3_file* f, int deleteFlag) { return realMethods(f)->xShmUnmap(cast(f)->real(), deleteFlag); };
        methods.xFetch = [](sqlite3_file* f, sqlite3_int64 o, int n, void** p) { return realMethods(f)->xFetch(cast(f)->real(), o, n, p); };
        methods.xUnfetch = [](sqlite3_file* f, sqlite3_int64 o, void* p) { return realMethods(f)->xUnfetch(cast(f)->real(), o, p); };
    }
};

/// Sets a failure for as long as it lives.
struct Failing {
    std::atomic<bool>& flag;
    explicit Failing(std::atomic<bool>& f) : flag(f) { flag = true; }
    ~Failing() { flag = false; }
};

} // namespace

// ---- finding: an action is stored whole or not at all -------------------------------------------

TEST_CASE("a failure at any write of a play leaves whole actions only, and the session resumes and replays to the same conversation") {
    const Reference ref = playUninterrupted();
    REQUIRE(ref.entries.size() == ref.boundaries.back());
    // Where each write fails: the n-th entry's insert, the finish, the score.
    std::vector<std::pair<std::string, std::string>> faults;
    for (size_t n = 0; n < ref.entries.size(); ++n)
        faults.push_back({"entry " + std::to_string(n + 1),
                          "CREATE TRIGGER inject BEFORE INSERT ON turns WHEN (SELECT count(*) FROM turns) >= " +
                              std::to_string(n) + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"});
    faults.push_back({"the finish", "CREATE TRIGGER inject BEFORE UPDATE ON sessions WHEN NEW.status = 'finished' "
                                    "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"});
    faults.push_back({"the score", "CREATE TRIGGER inject BEFORE INSERT ON scoring_runs BEGIN SELECT RAISE(ABORT, "
                                   "'injected failure'); END"});

    for (const auto& [where, trigger] : faults) {
        INFO("failing at ", where);
        test::TempDir dir{"simdesk-faults"};
        fs::path db = dir.path / "s.db";
        auto store = openOrFail(db);
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        REQUIRE(sql(db, trigger) == "");
        auto rubric = test::testRubric();
        auto play = PlaySession::start(test::miniScenario(), kT0);
        auto recorder = SessionRecorder::begin(*store, ana->id, *play, *rubric, "practice", kT0);
        if (!recorder) {
            // The opening failed: no session without its opening messages.
            CHECK(recorder.error().message.find("injected failure") != std::string::npos);
            CHECK(store->sessions(std::nullopt)->empty());
            continue;
        }
        size_t failedAction = kActions.size();
        for (size_t i = 0; i < kActions.size() && failedAction == kActions.size(); ++i) {
            REQUIRE(act(*play, i));
            auto synced = recorder->sync(*play, *rubric, actedAt(i));
            if (!synced) {
                CHECK(synced.error().message.find("injected failure") != std::string::npos);
                failedAction = i;
            }
        }
        REQUIRE(failedAction < kActions.size());
        // Exactly the actions before the failed one are stored, each whole.
        CHECK(store->transcript(recorder->sessionId())->entries.size() == ref.boundaries[failedAction]);
        CHECK(query(db, "PRAGMA integrity_check") == "ok");
        REQUIRE(sql(db, "DROP TRIGGER inject") == "");
        // ... the program stops here. Next time:
        resumeAndFinish(*store, ref, failedAction, false);
    }
}

TEST_CASE("after a failed write, the next sync stores the failed action with the new one") {
    test::TempDir dir{"simdesk-faults"};
    fs::path db = dir.path / "s.db";
    auto store = openOrFail(db);
    auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
    auto rubric = test::testRubric();
    auto play = PlaySession::start(test::miniScenario(), kT0);
    auto recorder = SessionRecorder::begin(*store, ana->id, *play, *rubric, "practice", kT0);
    REQUIRE(recorder);
    REQUIRE(act(*play, 0));
    REQUIRE(recorder->sync(*play, *rubric, actedAt(0)));
    REQUIRE(sql(db, "CREATE TRIGGER inject BEFORE INSERT ON turns WHEN (SELECT count(*) FROM turns) >= 4 "
                    "BEGIN SELECT RAISE(ABORT, 'injected failure'); END") == "");
    REQUIRE(act(*play, 1));  // stall: three entries; the second fails
    CHECK(!recorder->sync(*play, *rubric, actedAt(1)));
    CHECK(store->transcript(recorder->sessionId())->entries.size() == 3);
    REQUIRE(sql(db, "DROP TRIGGER inject") == "");
    REQUIRE(act(*play, 2));
    REQUIRE(recorder->sync(*play, *rubric, actedAt(2)));
    CHECK(store->transcript(recorder->sessionId())->entries == play->transcript().entries);
}

TEST_CASE("a session an older simdesk left half-way through an action resumes from the last complete action") {
    const Reference ref = playUninterrupted();
    // Older versions committed entry by entry: a failure could leave any number of them.
    for (size_t kept = 0; kept < ref.entries.size(); ++kept) {
        INFO(kept, " of ", ref.entries.size(), " entries were stored");
        test::TempDir dir{"simdesk-faults"};
        auto store = openOrFail(dir.path / "old.db");
        auto ana = store->addPerson("Ana", Role::Trainee, "2026-11-02", {});
        auto scenario = test::miniScenario();
        auto rubric = test::testRubric();
        NewSession s;
        s.personId = ana->id;
        s.startedAt = kT0;
        s.scenario = ContentSnapshot{"scenario", scenario->id, scenario->version, scenario->contentHash, scenario->sourceText};
        s.rubric = ContentSnapshot{"rubric", rubric->id, rubric->version, rubric->contentHash, rubric->sourceText};
        auto id = store->startSession(s);
        REQUIRE(id);
        for (size_t i = 0; i < kept; ++i) REQUIRE(store->appendTurn(*id, ref.entries[i], kT0));
        // The whole actions among them: the last boundary at or before `kept`.
        size_t wholeActions = 0;
        while (wholeActions + 1 < ref.boundaries.size() && ref.boundaries[wholeActions + 1] <= kept) ++wholeActions;
        bool atBoundary = kept == ref.boundaries[wholeActions];
        resumeAndFinish(*store, ref, wholeActions, !atBoundary);
    }
}

TEST_CASE("play --resume of a session whose last action was cut short says so and continues from the last complete one") {
    Workspace w;
    auto first = w.run({"play", "mini", "--trainee", "Ana", "--script", "-"},
                       R"([{"choice": "verify", "seconds": 20}, {"choice": "stall", "seconds": 20}])");
    REQUIRE(first.exitCode == 0);
    // verify stored 2 entries after the opening one; stall's three entries are cut to its first,
    // as an older simdesk could leave them on a full disk.
    REQUIRE(query(w.db, "SELECT count(*) FROM turns") == "6");
    REQUIRE(query(w.db, "SELECT kind || ' ' || choice_id FROM turns WHERE seq = 4") == "choice stall");
    REQUIRE(sql(w.db, "DELETE FROM turns WHERE seq > 4") == "");

    auto resumed = w.run({"play", "--resume", "1", "--script", "-"},
                         R"({"start": 1767610000, "actions": [{"choice": "stall"}, {"choice": "refund"}, {"reply": "Sorry, it is refunded."}]})");
    INFO(resumed.err);
    CHECK(resumed.exitCode == 0);
    CHECK(resumed.err.find("simdesk play: the last action was not fully saved; continuing from turn 2 (turn 1 is kept)\n") !=
          std::string::npos);
    auto shown = nlohmann::json::parse(w.run({"show", "1", "--json"}).out);
    std::vector<std::string> moves;
    for (const auto& e : shown["transcript"]["entries"])
        if (e.value("kind", "") == "choice" || e.value("kind", "") == "reply")
            moves.push_back(e.value("choice", e.value("text", "")));
    CHECK(moves == std::vector<std::string>{"verify", "stall", "refund", "Sorry, it is refunded."});
    CHECK(shown["session"]["status"] == "finished");
}

// ---- finding: failures are never reported as success ---------------------------------------------

TEST_CASE("play at a terminal exits 1 and says what was kept when another program holds the write lock") {
    Workspace w;
    sqlite3* other = nullptr;
    auto played = w.playAtTerminal({"verify", "stall"}, [&](size_t line) {
        if (line != 1) return;
        sqlite3_open(w.db.string().c_str(), &other);
        CHECK(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
    });
    REQUIRE(other);  // the play asked for its second line
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    INFO(played.err);
    CHECK(played.exitCode == 1);
    CHECK(played.err.find("simdesk play: turn 1 is stored as session #1; turn 2 was not stored: ") != std::string::npos);
    CHECK(played.err.find("database is locked") != std::string::npos);
    CHECK(played.err.find("Continue later with: simdesk play --resume 1") != std::string::npos);
    CHECK(played.out.find("Recorded as session") == std::string::npos);
    // What it said was kept is what is there, and it resumes.
    auto resumed = w.run({"play", "--resume", "1", "--script", "-"},
                         R"({"start": 1767610000, "actions": [{"choice": "stall"}, {"choice": "refund"}, {"reply": "Sorry, it is refunded."}]})");
    INFO(resumed.err);
    CHECK(resumed.exitCode == 0);
    CHECK(resumed.err.find("not fully saved") == std::string::npos);
}

TEST_CASE("play exits 1 when the database is deleted or truncated in the middle of it") {
    for (bool truncate : {false, true}) {
        INFO((truncate ? "truncated" : "deleted"));
        Workspace w;
        auto played = w.playAtTerminal({"verify", "stall"}, [&](size_t line) {
            if (line != 1) return;
            if (truncate) std::ofstream(w.db, std::ios::trunc | std::ios::binary);
            else fs::remove(w.db);
        });
        CHECK(played.exitCode == 1);
        CHECK(played.err.find(std::string("simdesk play: turn 2 was not stored: the database ") + w.db.string() + " was " +
                              (truncate ? "truncated or overwritten" : "deleted or moved") + " while simdesk was writing to it") !=
              std::string::npos);
        CHECK(played.err.find("session #1 and its turn 1 cannot be read back from there either") != std::string::npos);
        CHECK(played.out.find("Recorded as session") == std::string::npos);
    }
}

TEST_CASE("a full disk is named as such: play exits 1 saying what was kept, and a healthy database is never called damaged") {
    FullDisk::install();
    Workspace w;
    std::optional<Failing> full;
    auto played = w.playAtTerminal({"verify", "stall"}, [&](size_t line) {
        if (line == 1) full.emplace(FullDisk::writesFail);
    });
    full.reset();
    INFO(played.err);
    CHECK(played.exitCode == 1);
    CHECK(played.err.find("simdesk play: turn 1 is stored as session #1; turn 2 was not stored: ") != std::string::npos);
    CHECK(played.err.find("the disk is full") != std::string::npos);
    CHECK(played.out.find("Recorded as session") == std::string::npos);

    // Opening on a nearly full disk: the WAL index cannot be created. The file is fine and is said to be.
    REQUIRE(fs::exists(w.db));
    std::string before = test::readBytes(w.db);
    {
        Failing writes(FullDisk::writesFail), index(FullDisk::sharedMemoryFails);
        auto listed = w.run({"sessions"});
        INFO(listed.err);
        CHECK(listed.exitCode == 1);
        CHECK(listed.err.find("damaged") == std::string::npos);
        CHECK(listed.err.find("simdesk sessions: cannot read " + w.db.string() + ": the disk reported an I/O error") == 0);
        CHECK(listed.err.find("it was left untouched") != std::string::npos);
    }
    CHECK(test::readBytes(w.db) == before);
    auto listed = w.run({"sessions"});
    CHECK(listed.exitCode == 0);
    CHECK(listed.out.find("#1 ") == 0);

    // The turn the full disk refused is played again on resume.
    auto resumed = w.run({"play", "--resume", "1", "--script", "-"},
                         R"({"start": 1767610000, "actions": [{"choice": "stall"}, {"choice": "refund"}, {"reply": "Sorry, it is refunded."}]})");
    INFO(resumed.err);
    CHECK(resumed.exitCode == 0);
}

TEST_CASE("a scripted play exits 1 and says what was kept when a turn cannot be stored") {
    Workspace w;
    REQUIRE(w.run({"people", "add", "Ana"}).exitCode == 0);
    REQUIRE(sql(w.db, "CREATE TRIGGER inject BEFORE INSERT ON turns WHEN (SELECT count(*) FROM turns) >= 4 "
                      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END") == "");
    auto played = w.run({"play", "mini", "--trainee", "Ana", "--script", "-"},
                        R"([{"choice": "verify"}, {"choice": "stall"}, {"choice": "refund"}])");
    CHECK(played.exitCode == 1);
    CHECK(played.err.find("simdesk play: turn 1 is stored as session #1; turn 2 was not stored: ") != std::string::npos);
    CHECK(played.err.find("injected failure") != std::string::npos);
    CHECK(played.out.find("Recorded as session") == std::string::npos);
    CHECK(query(w.db, "SELECT count(*) FROM turns") == "3");

    // With --json the output is still JSON a program can read, and it says the record is incomplete.
    REQUIRE(sql(w.db, "DROP TRIGGER inject") == "");
    REQUIRE(sql(w.db, "CREATE TRIGGER inject BEFORE INSERT ON turns WHEN (SELECT count(*) FROM turns) >= 5 "
                      "BEGIN SELECT RAISE(ABORT, 'injected failure'); END") == "");
    auto asJson = w.run({"play", "mini", "--trainee", "Ana", "--json", "--script", "-"},
                        R"([{"choice": "verify"}, {"choice": "stall"}, {"choice": "refund"}])");
    CHECK(asJson.exitCode == 1);
    auto out = nlohmann::json::parse(asJson.out, nullptr, false);
    REQUIRE_FALSE(out.is_discarded());
    CHECK(out["stored"] == false);
    CHECK(out["store_error"].get<std::string>().find("injected failure") != std::string::npos);
    CHECK(out["transcript"]["entries"].size() >= 3);
    CHECK(out.contains("score"));
}

TEST_CASE("commands that only read never create a database or its folder") {
    Workspace w;  // its content only: the bundled library takes long to load
    test::TempDir dir{"simdesk-faults"};
    fs::path folder = dir.path / "not-yet";
    fs::path db = folder / "simdesk.db";
    std::vector<std::vector<std::string>> commands = {
        {"sessions"}, {"show", "1"}, {"people"}, {"people", "list"}, {"progress"}, {"review", "queue"},
        {"calibrate", "list"}, {"coach", "plans", "Ana"}, {"settings"}, {"rescore", "--all"}, {"abandon", "1"},
        {"play", "--resume", "1", "--script", "-"}};
    for (auto args : commands) {
        std::string command = args.front() == "people" || args.front() == "review" || args.front() == "calibrate" ||
                                      args.front() == "coach"
                                  ? args.front() + (args.size() > 1 ? " " + args[1] : "")
                                  : args.front();
        INFO(command);
        args.insert(args.end(), {"--content", w.root.string(), "--db", db.string()});
        auto result = test::runCli(args, "[]");
        CHECK(result.exitCode == 1);
        CHECK(result.err.find("no database at " + db.string() + "\n") != std::string::npos);
        CHECK(!fs::exists(folder));
    }
    // Commands that record still create it.
    CHECK(test::runCli({"people", "add", "Ana", "--db", db.string()}).exitCode == 0);
    CHECK(fs::exists(db));
}
