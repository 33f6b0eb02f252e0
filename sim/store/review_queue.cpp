#include "review_queue.hpp"

#include <algorithm>
#include <map>

namespace simdesk::store {

using nlohmann::json;

namespace {

/// The text the trainee typed at their `turn`-th move (choices and replies count as turns).
std::string replyAt(const Transcript& transcript, int turn) {
    int count = 0;
    for (const auto& e : transcript.entries) {
        if (e.kind != EntryKind::TraineeChoice && e.kind != EntryKind::TraineeReply) continue;
        if (++count == turn) return e.kind == EntryKind::TraineeReply ? e.text : "";
    }
    return "";
}

/// The queued turns of one session's latest score.
Result<std::vector<QueuedTurn>> queuedIn(TrainingStore& store, const SessionInfo& info) {
    std::vector<QueuedTurn> out;
    auto runs = store.scoringRuns(info.id);
    if (!runs) return runs.error();
    if (runs->empty()) return out;
    const json& card = runs->back().card;
    for (const auto& t : card.value("typed_turns", json::array())) {
        if (!t.value("needs_review", false)) continue;
        QueuedTurn q;
        q.sessionId = info.id;
        q.trainee = info.personName;
        q.scenarioId = info.scenarioId;
        q.mode = info.mode;
        q.endedAt = info.endedAt.value_or(info.startedAt);
        q.turn = t.value("turn", 0);
        q.nodeId = t.value("node", "");
        q.confidence = t.value("confidence", 1.0);
        for (const auto& e : card.value("critical_errors", json::array()))
            if (e.value("turn", 0) == q.turn) q.reasons.push_back("critical: " + e.value("reason", std::string()));
        for (const auto& d : t.value("doubts", json::array())) q.reasons.push_back(d.get<std::string>());
        out.push_back(std::move(q));
    }
    if (out.empty()) return out;
    auto transcript = store.transcript(info.id);
    if (!transcript) return transcript.error();
    for (auto& q : out) q.reply = replyAt(*transcript, q.turn);
    return out;
}

} // namespace

Result<std::vector<QueuedTurn>> reviewQueue(TrainingStore& store, bool decidedToo) {
    auto sessions = store.sessions(std::nullopt);
    if (!sessions) return sessions.error();
    auto decisions = store.turnReviews(std::nullopt);
    if (!decisions) return decisions.error();
    std::map<std::pair<int64_t, int>, TurnReview> decided;
    for (const auto& d : *decisions) decided[{d.sessionId, d.turn}] = d;
    std::vector<QueuedTurn> out;
    for (const auto& info : *sessions) {
        if (info.status != SessionStatus::Finished) continue;
        auto turns = queuedIn(store, info);
        if (!turns) return turns.error();
        for (auto& q : *turns) {
            if (auto it = decided.find({q.sessionId, q.turn}); it != decided.end()) {
                if (!decidedToo) continue;
                q.decision = it->second;
            }
            out.push_back(std::move(q));
        }
    }
    return out;
}

Result<int64_t> decideTurn(TrainingStore& store, int64_t sessionId, int turn, const std::string& decision,
                           const std::string& reason, int64_t reviewerId, int64_t at) {
    auto info = store.session(sessionId);
    if (!info) return info.error();
    auto turns = queuedIn(store, *info);
    if (!turns) return turns.error();
    bool queued = std::any_of(turns->begin(), turns->end(), [&](const QueuedTurn& q) { return q.turn == turn; });
    if (!queued)
        return fail("turn " + std::to_string(turn) + " of session #" + std::to_string(sessionId) +
                    " is not waiting for review; `simdesk review queue` lists the turns that are");
    return store.addTurnReview({0, sessionId, turn, decision, reason, reviewerId, "", at});
}

} // namespace simdesk::store
