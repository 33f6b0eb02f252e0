// TranscriptReadAhead (sqlite_read_ahead.hpp).
#include "sqlite_read_ahead.hpp"
#include "sqlite.hpp"

#include <sqlite3.h>

namespace simdesk::store {

namespace {
/// Batches read but not yet taken: one being visited while the next waits keeps both threads busy;
/// more would only hold more transcripts in memory.
constexpr size_t kBatchesAhead = 2;
/// As long as the store's own connection waits for a lock (a checkpoint by another process).
constexpr int kReadAheadBusyMs = 10000;

bool inWalMode(sqlite3* db) {
    Statement mode(db, "PRAGMA journal_mode");
    return mode.step() && mode.text(0) == "wal";
}
} // namespace

std::unique_ptr<TranscriptReadAhead> TranscriptReadAhead::start(const std::filesystem::path& path) {
    sqlite3* reader = nullptr;
    // NOMUTEX: only the reading thread ever uses this connection.
    if (sqlite3_open_v2(path.string().c_str(), &reader, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        sqlite3_close(reader);
        return nullptr;
    }
    // Closing this connection must never checkpoint: the store's connection owns the file.
    sqlite3_db_config(reader, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_busy_timeout(reader, kReadAheadBusyMs);
    // Without WAL a reader would block the store's writes (and they it), so read on one thread.
    if (!inWalMode(reader)) {
        sqlite3_close(reader);
        return nullptr;
    }
    return std::unique_ptr<TranscriptReadAhead>(new TranscriptReadAhead(reader));
}

TranscriptReadAhead::TranscriptReadAhead(sqlite3* reader) : reader_(reader) {
    thread_ = std::thread([this] { read(); });
}

TranscriptReadAhead::~TranscriptReadAhead() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
    sqlite3_close(reader_);  // an unfinished read transaction just ends
}

Result<TranscriptBatch> TranscriptReadAhead::next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty(); });
    // The end of the pass (or its error) stays, so asking again gives the same answer.
    if (!ready_.front() || ready_.front()->infos.empty()) return ready_.front();
    Result<TranscriptBatch> batch = std::move(ready_.front());
    ready_.pop_front();
    lock.unlock();
    changed_.notify_all();  // room for the reader's next batch
    return batch;
}

void TranscriptReadAhead::read() {
    StatementCache cache(reader_);  // finalized before the destructor closes the connection
    // One read transaction for the whole pass: every batch comes from the same snapshot.
    Status began = exec(reader_, "BEGIN");
    int64_t after = 0;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stopping_ || ready_.size() < kBatchesAhead; });
            if (stopping_) return;
        }
        Result<TranscriptBatch> batch = TranscriptBatch{};
        if (!began)
            batch = began.error();
        else if (auto s = readTranscriptBatch(cache, after, *batch); !s)
            batch = s.error();
        const bool last = !batch || batch->infos.empty();
        if (!last) after = batch->infos.back().id;
        {
            std::lock_guard lock(mutex_);
            ready_.push_back(std::move(batch));
        }
        changed_.notify_all();
        if (last) break;
    }
    (void)exec(reader_, "COMMIT");  // a read transaction: nothing to lose if it fails
}

} // namespace simdesk::store
