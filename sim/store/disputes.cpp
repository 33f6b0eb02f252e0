#include "disputes.hpp"

#include "rerating.hpp"

#include "core/calendar.hpp"

#include <algorithm>

namespace simdesk::store {

namespace {

constexpr int64_t kDay = 86400;

Result<Dispute> findDispute(TrainingStore& store, int64_t disputeId) {
    auto all = store.disputes(std::nullopt);
    if (!all) return all.error();
    auto it = std::find_if(all->begin(), all->end(), [&](const Dispute& d) { return d.id == disputeId; });
    if (it == all->end()) return fail("there is no dispute #" + std::to_string(disputeId));
    return *it;
}

/// The criteria of the session's latest score, as stored with it.
Result<std::vector<std::string>> scoredCriteria(TrainingStore& store, int64_t sessionId) {
    auto runs = store.scoringRuns(sessionId);
    if (!runs) return runs.error();
    if (runs->empty()) return fail("session #" + std::to_string(sessionId) + " has no score yet");
    std::vector<std::string> ids;
    for (const auto& c : runs->back().card.value("criteria", nlohmann::json::array()))
        if (c.is_object()) ids.push_back(c.value("id", ""));
    return ids;
}

} // namespace

std::string disputeDeadline(int64_t endedAt, int days) { return isoDate(endedAt + int64_t{days} * kDay); }

Result<int64_t> fileDispute(TrainingStore& store, const Person& trainee, int64_t sessionId, const std::string& criterionId,
                            const std::string& reason, int64_t now) {
    auto info = store.session(sessionId);
    if (!info) return info.error();
    if (info->personId != trainee.id)
        return fail("session #" + std::to_string(sessionId) + " is " + info->personName + "'s; only the trainee who played it can dispute its score");
    if (info->status != SessionStatus::Finished || !info->endedAt)
        return fail("session #" + std::to_string(sessionId) + " is not finished; a score is disputed once it is final");
    auto criteria = scoredCriteria(store, sessionId);
    if (!criteria) return criteria.error();
    if (std::find(criteria->begin(), criteria->end(), criterionId) == criteria->end())
        return fail("rubric \"" + info->rubricId + "\" has no criterion \"" + criterionId + "\"");
    auto days = store.disputeWindowDays();
    if (!days) return days.error();
    if (now > *info->endedAt + int64_t{*days} * kDay)
        return fail("the dispute window of session #" + std::to_string(sessionId) + " closed on " +
                    disputeDeadline(*info->endedAt, *days) + " (" + std::to_string(*days) + " days after it ended)");
    return store.openDispute({0, sessionId, trainee.id, trainee.name, criterionId, reason, now, std::nullopt});
}

Result<std::optional<ScoreCard>> settleDispute(const ContentLibrary& library, TrainingStore& store, const Person& resolver,
                                               int64_t disputeId, const std::string& outcome, std::optional<int> level,
                                               const std::string& reason, int64_t now) {
    if (resolver.role == Role::Trainee)
        return fail(resolver.name + " is a trainee; disputes are resolved by reviewers and leads");
    auto dispute = findDispute(store, disputeId);
    if (!dispute) return dispute.error();
    if (dispute->traineeId == resolver.id) return fail("nobody resolves their own dispute");
    std::optional<ScoreCard> official;
    auto status = store.inTransaction([&]() -> Status {
        if (auto s = store.resolveDispute(disputeId, {resolver.id, resolver.name, outcome, level, reason, now}); !s) return s;
        if (outcome != "overturned") return Ok{};
        Review rerating{0, dispute->sessionId, dispute->criterionId, *level,
                        "dispute #" + std::to_string(disputeId) + " overturned: " + reason, resolver.id, resolver.name, now};
        auto card = addRerating(library, store, rerating, now);
        if (!card) return card.error();
        official = std::move(*card);
        return Ok{};
    });
    if (!status) return status.error();
    return official;
}

} // namespace simdesk::store
