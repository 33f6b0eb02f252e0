// A reviewer's re-rating, and the official score it makes (core/official_score.hpp).
#pragma once

#include "store.hpp"

#include "core/library.hpp"

namespace simdesk::store {

/// Stores the re-rating and, in the same transaction, a scoring run ("review") of the session as it
/// was played, scored on the rubric of its latest score, with all of its re-ratings applied: every
/// list, standing and report that shows the latest score shows the official one from then on.
/// Refused for a session that has no score yet, a criterion that rubric lacks, or a level outside
/// its scale; nothing is stored then. Certificates already awarded are never taken back.
Result<ScoreCard> addRerating(const ContentLibrary& library, TrainingStore& store, const Review& review, int64_t now,
                              const SchemaChecker* schemas = nullptr);

} // namespace simdesk::store
