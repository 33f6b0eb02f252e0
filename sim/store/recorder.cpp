#include "recorder.hpp"

#include "core/official_score.hpp"

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
    // The session and its opening messages together: a session is never stored without them.
    std::optional<SessionRecorder> recorder;
    auto status = store.inTransaction([&]() -> Status {
        auto id = store.startSession(session);
        if (!id) return id.error();
        recorder = SessionRecorder(store, *id, 0, false);
        return recorder->storeNewEntries(play, rubric, now);
    });
    if (!status) return status.error();
    return *recorder;
}

SessionRecorder SessionRecorder::resume(TrainingStore& store, int64_t sessionId, size_t alreadyStored) {
    return SessionRecorder(store, sessionId, alreadyStored, false);
}

SessionRecorder SessionRecorder::resume(TrainingStore& store, int64_t sessionId, const ReplayedSession& replayed) {
    return SessionRecorder(store, sessionId, replayed.entriesKept, replayed.cutShort);
}

Status SessionRecorder::sync(const PlaySession& play, const Rubric& rubric, int64_t now) {
    if (stored_ == play.transcript().entries.size() && !replaceTail_ && !play.finished()) return Ok{};  // nothing new
    size_t stored = stored_;
    bool replaceTail = replaceTail_;
    auto status = store_->inTransaction([&] { return storeNewEntries(play, rubric, now); });
    if (!status) {
        // Rolled back: the store holds what it held before, so the next sync writes it all again.
        stored_ = stored;
        replaceTail_ = replaceTail;
    }
    return status;
}

Status SessionRecorder::storeNewEntries(const PlaySession& play, const Rubric& rubric, int64_t now) {
    if (replaceTail_) {
        if (auto status = store_->discardTurnsAfter(sessionId_, stored_); !status) return status;
        replaceTail_ = false;
    }
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

size_t traineeTurnsIn(const Transcript& transcript, size_t entries) {
    size_t turns = 0;
    for (size_t i = 0; i < entries && i < transcript.entries.size(); ++i) {
        EntryKind kind = transcript.entries[i].kind;
        if (kind == EntryKind::TraineeChoice || kind == EntryKind::TraineeReply) ++turns;
    }
    return turns;
}

std::string cutShortNotice(const ReplayedSession& replayed) {
    if (!replayed.cutShort) return "";
    size_t kept = replayed.session.transcript().traineeTurnCount();
    std::string keptTurns = kept == 0   ? ""
                            : kept == 1 ? " (turn 1 is kept)"
                                        : " (turns 1–" + std::to_string(kept) + " are kept)";
    return "the last action was not fully saved; continuing from turn " + std::to_string(kept + 1) + keptTurns;
}

std::vector<Rerating> reratingsOf(const std::vector<Review>& reviews) {
    std::vector<Rerating> out;
    out.reserve(reviews.size());
    for (const auto& r : reviews) out.push_back({r.criterionId, r.level, r.authorName, r.reason, r.createdAt});
    return out;
}

Result<ScoreCard> scoreAndStore(TrainingStore& store, int64_t sessionId, const Scenario& scenario, const Rubric& rubric,
                                const Transcript& transcript, const std::string& reason, int64_t now) {
    // Reviewers' re-ratings count: every run stored is the official score, the automatic one beside it.
    auto reviews = store.reviews(sessionId);
    if (!reviews) return reviews.error();
    return scoreAndStore(store, sessionId, scenario, rubric, transcript, *reviews, reason, now);
}

Result<ScoreCard> officialScoreOf(const Scenario& scenario, const Rubric& rubric, const Transcript& transcript,
                                  const std::vector<Review>& reviews) {
    auto automatic = scoreTranscript(scenario, rubric, transcript);
    if (!automatic) return automatic.error();
    return applyReratings(*automatic, rubric, reratingsOf(reviews));
}

Result<ScoreCard> scoreAndStore(TrainingStore& store, int64_t sessionId, const Scenario& scenario, const Rubric& rubric,
                                const Transcript& transcript, const std::vector<Review>& reviews, const std::string& reason,
                                int64_t now) {
    auto scored = officialScoreOf(scenario, rubric, transcript, reviews);
    if (!scored) return scored.error();
    const ScoreCard& card = *scored;
    if (auto id = store.addScoringRun(sessionId, card, rubric.contentHash, reason, now); !id) return id.error();
    return scored;
}

} // namespace simdesk::store
