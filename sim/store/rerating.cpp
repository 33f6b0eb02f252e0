#include "rerating.hpp"

#include "as_played.hpp"
#include "recorder.hpp"

namespace simdesk::store {

namespace {

Status checkScale(const Rubric& rubric, const Review& review) {
    for (const auto& c : rubric.criteria) {
        if (c.id != review.criterionId) continue;
        if (review.level < 0 || review.level > c.maxLevel())
            return fail("level " + std::to_string(review.level) + " is outside the scale of \"" + c.id + "\"; expected 0 to " +
                        std::to_string(c.maxLevel()));
        return Ok{};
    }
    return fail("rubric \"" + rubric.id + "\" has no criterion \"" + review.criterionId + "\"");
}

} // namespace

Result<ScoreCard> addRerating(const ContentLibrary& library, TrainingStore& store, const Review& review, int64_t now,
                              const SchemaChecker* schemas) {
    ScoreCard official;
    auto status = store.inTransaction([&]() -> Status {
        auto info = store.session(review.sessionId);
        if (!info) return info.error();
        if (info->latestRubricHash.empty())
            return fail("session #" + std::to_string(info->id) + " has no score yet");
        auto rubric = rubricAsScored(library, store, info->rubricId, info->latestRubricHash, schemas);
        if (!rubric) return rubric.error();
        if (auto s = checkScale(**rubric, review); !s) return s;
        auto scenario = scenarioAsPlayed(library, store, *info, schemas);
        if (!scenario) return scenario.error();
        auto transcript = store.transcript(info->id);
        if (!transcript) return transcript.error();
        if (auto id = store.addReview(review); !id) return id.error();
        auto card = scoreAndStore(store, info->id, **scenario, **rubric, *transcript, "review", now);
        if (!card) return card.error();
        official = std::move(*card);
        return Ok{};
    });
    if (!status) return status.error();
    return official;
}

} // namespace simdesk::store
