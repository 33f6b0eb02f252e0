// Disputes in the app: a trainee disputes a criterion on their own debrief; reviewers and leads
// see the open ones beside the review queue and uphold or overturn them. The rules (who, when,
// what an overturn does) are store/disputes.hpp's, the same as `simdesk dispute`.
#include "model.hpp"

#include "core/calendar.hpp"
#include "store/disputes.hpp"

namespace simdesk::app {

std::vector<DisputeRow> disputeRows(const ContentLibrary& library, store::TrainingStore& store,
                                    const std::vector<store::Dispute>& disputes) {
    std::vector<DisputeRow> rows;
    for (const auto& d : disputes) {
        DisputeRow row{d.id, d.sessionId, d.traineeName, d.criterionId, d.criterionId, d.reason, isoDate(d.openedAt),
                       2, "open", "", "", std::nullopt};
        if (auto info = store.session(d.sessionId))
            if (RubricPtr rubric = library.findRubric(info->rubricId))
                if (const Criterion* c = rubric->findCriterion(d.criterionId)) {
                    row.criterionTitle = c->title;
                    row.levels = c->levels;
                }
        if (d.resolution) {
            row.status = d.resolution->outcome;
            row.resolvedBy = d.resolution->resolverName;
            row.resolution = d.resolution->reason;
            row.level = d.resolution->level;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

bool AppModel::canDispute() const {
    const ProfileRow* p = profile();
    return p && screen_ == Screen::Debrief && debrief_.sessionId != 0 && debrief_.traineeId == p->id;
}

void AppModel::sendDispute(const Clock& clock) {
    const ProfileRow* p = profile();
    if (!p || !canDispute()) return fail("A trainee disputes a score on their own stored session.");
    DisputeDraft draft = debrief_.dispute;
    if (draft.criterionId.empty()) return fail("Pick the criterion you dispute.");
    if (draft.reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return fail("Say why: what in the conversation earned a different level.");
    store::Person trainee{p->id, p->name, store::Role::Trainee, p->startDate, p->tracks, p->enrolledOn, false};
    int64_t sessionId = debrief_.sessionId;
    ++loading_;
    worker_->post([this, trainee, sessionId, draft, now = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto id = store::fileDispute(*store, trainee, sessionId, draft.criterionId, draft.reason, now);
        auto all = store->disputes(sessionId);
        auto rows = all ? disputeRows(*library_, *store, *all) : std::vector<DisputeRow>{};
        return [this, id, rows = std::move(rows), sessionId] {
            --loading_;
            if (!id) return fail("Cannot send the dispute: " + id.error().message);
            if (debrief_.sessionId != sessionId) return;
            debrief_.disputes = rows;
            debrief_.dispute = {};
            announce("Dispute sent: a reviewer or lead will uphold or overturn it, with a reason.");
        };
    });
}

void AppModel::resolveDispute(int64_t disputeId, bool uphold, const Clock& clock) {
    const ProfileRow* p = profile();
    if (!p || !canReview()) return fail("Disputes are resolved by reviewers and leads.");
    std::string reason = reviews_.disputeReasons[disputeId];
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return fail("Say why: the trainee reads your reason beside the score.");
    std::optional<int> level;
    if (!uphold) {
        auto picked = reviews_.disputeLevels.find(disputeId);
        if (picked == reviews_.disputeLevels.end() || picked->second < 0) return fail("Pick the level you re-rate it to.");
        level = picked->second;
    }
    store::Person resolver{p->id, p->name, store::parseRole(p->role).value_or(store::Role::Reviewer), p->startDate, p->tracks,
                           p->enrolledOn, false};
    ++loading_;
    worker_->post([this, resolver, disputeId, uphold, level, reason, now = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto settled = store::settleDispute(*library_, *store, resolver, disputeId, uphold ? "upheld" : "overturned", level, reason, now);
        return [this, settled, disputeId, uphold] {
            --loading_;
            if (!settled) return fail("Cannot resolve the dispute: " + settled.error().message);
            reviews_.disputeReasons.erase(disputeId);
            reviews_.disputeLevels.erase(disputeId);
            if (uphold) {
                announce("Dispute #" + std::to_string(disputeId) + " upheld: the score stands.");
            } else {
                announce("Dispute #" + std::to_string(disputeId) + " overturned: the official score is now " +
                         scoreText((*settled)->finalPercent) + ".");
            }
            showReviews();
        };
    });
}

} // namespace simdesk::app
