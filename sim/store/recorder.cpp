#include "recorder.hpp"

namespace simdesk::store {

Result<SessionRecorder> SessionRecorder::begin(TrainingStore& store, int64_t personId, const PlaySession& play,
                                               const Rubric& rubric, const std::string& mode, int64_t now) {
    const Scenario& s = play.scenario();
    NewSession session;
    session.personId = personId;
    session.mode = mode;
    session.startedAt = play.transcript().startedAt;
    session.scenario = ContentSnapshot{"scenario", s.id, s.version, s.contentHash, s.sourceText};
    session.rubric = ContentSnapshot{"rubric", rubric.id, rubric.version, rubric.contentHash, rubric.sourceText};
    auto id = store.startSession(session);
    if (!id) return id.error();
    SessionRecorder recorder(store, *id, 0);
    if (auto status = recorder.sync(play, rubric, now); !status) return status.error();
    return recorder;
}

SessionRecorder SessionRecorder::resume(TrainingStore& store, int64_t sessionId, size_t alreadyStored) {
    return SessionRecorder(store, sessionId, alreadyStored);
}

Status SessionRecorder::sync(const PlaySession& play, const Rubric& rubric, int64_t now) {
    const auto& entries = play.transcript().entries;
    for (; stored_ < entries.size(); ++stored_)
        if (auto stored = store_->appendTurn(sessionId_, entries[stored_], now); !stored) return stored.error();
    if (!play.finished()) return Ok{};
    if (auto status = store_->finishSession(sessionId_, *play.transcript().endingId, now); !status) return status;
    auto stored = store_->transcript(sessionId_);
    if (!stored) return stored.error();
    auto card = scoreAndStore(*store_, sessionId_, play.scenario(), rubric, *stored, "played", now);
    if (!card) return card.error();
    return Ok{};
}

Result<ScoreCard> scoreAndStore(TrainingStore& store, int64_t sessionId, const Scenario& scenario, const Rubric& rubric,
                                const Transcript& transcript, const std::string& reason, int64_t now) {
    auto card = scoreTranscript(scenario, rubric, transcript);
    if (!card) return card.error();
    if (auto id = store.addScoringRun(sessionId, *card, rubric.contentHash, reason, now); !id) return id.error();
    return card;
}

} // namespace simdesk::store
