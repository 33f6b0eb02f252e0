// Re-scoring every stored session against the rubrics loaded now (after a rubric change), for
// `simdesk rescore --all` and the app's "Rescore all…". One pass: the session list in one query,
// every review in one query, the turns streamed in session order, each session read once.
//
// The whole rescore is one transaction: it is stored entirely, or (on an error or a cancel) not at
// all, so the official scores are never a mix of a half-finished run and the old one.
#pragma once

#include "store.hpp"

#include "core/library.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace simdesk::store {

struct RescoreOptions {
    bool force = false;  ///< also sessions whose latest score already used the current rubric
    int64_t now = 0;     ///< stamped on every run stored
    const SchemaChecker* schemas = nullptr;  ///< for stored copies of changed scenarios
};

struct RescoreReport {
    size_t rescored = 0, unchanged = 0, skipped = 0;
    std::vector<std::string> problems;  ///< one sentence per skipped session ("#12: ...")
    bool cancelled = false;             ///< stopped by the caller: nothing of it was stored
};

/// Called after each session with how many of `total` are done; returning false cancels.
using RescoreProgress = std::function<bool(size_t done, size_t total)>;

/// Re-scores every stored session (those already scored with the current rubric only with
/// `force`), each run added beside the old ones with reason "rescore" and the session's reviews
/// applied. A session that cannot be scored is skipped with a problem, not an error. An error is
/// the store's (nothing stored); a cancel is a report with `cancelled` (nothing stored either).
Result<RescoreReport> rescoreAll(TrainingStore& store, const ContentLibrary& library, const RescoreOptions& options,
                                 const RescoreProgress& progress = {});

} // namespace simdesk::store
