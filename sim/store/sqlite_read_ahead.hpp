// Reading a whole-history pass (SqliteStore::forEachTranscript) ahead of its visitor, on a second
// connection and a thread of its own.
//
// Why: in a rescore the store's thread reads sessions and turns, then writes each scored run, and
// the reads were a third of its time. WAL lets a read-only connection read the file while the
// store's connection writes, so the reads move to a thread of their own and overlap the writes.
// The reader holds one read transaction for the whole pass: it sees the history as it was when
// the pass began, never the runs the visitor is adding (which the pass does not read anyway).
#pragma once

#include "store.hpp"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

struct sqlite3;

namespace simdesk::store {

class StatementCache;

/// Sessions of a pass, in id order, and their transcripts (same index).
struct TranscriptBatch {
    std::vector<SessionInfo> infos;
    std::vector<Transcript> transcripts;
};

/// Reads the sessions after id `after` (a batch of them, in id order) and their turns with
/// `cache`'s connection; an empty batch means the pass is over (sqlite_sessions.cpp).
Status readTranscriptBatch(StatementCache& cache, int64_t after, TranscriptBatch& batch);

class TranscriptReadAhead {
public:
    /// Starts reading `path` on a second connection, or nothing when that cannot help or cannot
    /// be done (the file is not in WAL mode, or the second connection does not open): the caller
    /// then reads on its own connection, as before.
    static std::unique_ptr<TranscriptReadAhead> start(const std::filesystem::path& path);
    /// Stops the reader (a visitor that stopped early) and closes its connection.
    ~TranscriptReadAhead();
    TranscriptReadAhead(const TranscriptReadAhead&) = delete;
    TranscriptReadAhead& operator=(const TranscriptReadAhead&) = delete;

    /// The next batch, waiting for it if need be; an empty batch at the end of the pass, or the
    /// error that stopped the reader.
    Result<TranscriptBatch> next();

private:
    explicit TranscriptReadAhead(sqlite3* reader);
    void read();

    sqlite3* reader_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Result<TranscriptBatch>> ready_;  ///< read, not yet taken; the last may be an error
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace simdesk::store
