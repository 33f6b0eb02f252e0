// `simdesk db copy FROM TO`: every record one TrainingStore holds, copied into another through the
// interface alone, so SQLite → PostgreSQL and back share one code path.
//
// Records are matched by natural keys (docs/team-server.md#moving-a-desktops-records), never by
// id: ids differ between databases. A record the target already holds with the same content is
// skipped (a second run copies nothing); one it holds with different content is a conflict, and
// then nothing at all is written. Everything is written in one transaction on the target, then
// each table's count and content hash are compared between source and target.
#pragma once

#include "store.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace simdesk::store {

/// One table's tally: what the source holds, what was copied, what was already there, and the
/// hash of the source's records beside the target's records under the same keys.
struct CopyTable {
    std::string name;
    size_t sourceCount = 0, copied = 0, present = 0, targetMatched = 0;
    std::string sourceHash, targetHash;
    bool matches() const { return sourceCount == targetMatched && sourceHash == targetHash; }
};

struct CopyConflict {
    std::string table, key;
};

struct CopyReport {
    std::vector<CopyTable> tables;         ///< in copy order
    std::vector<CopyConflict> conflicts;   ///< non-empty: nothing was written
    size_t copied() const;
    bool checked() const;  ///< every table's count and hash agree (after a copy)
};

/// Called after each record written, with how many of the records to write are done.
using CopyProgress = std::function<void(size_t done, size_t total)>;

/// Copies what `source` holds and `target` lacks. Fails (writing nothing) when either store cannot
/// be read or a write is refused; conflicts are reported in the CopyReport, with nothing written.
/// `now` stamps what the interface cannot carry over (the time a person was archived).
Result<CopyReport> copyRecords(TrainingStore& source, TrainingStore& target, int64_t now,
                               const CopyProgress& progress = {});

/// A stored score card (scoreCardToJson without texts) read back, for addScoringRun.
Result<ScoreCard> scoreCardFromStoredJson(const nlohmann::json& json);

} // namespace simdesk::store
