// Picking an interrupted conversation up again, with everything the trainee had on screen: the
// conversation, the coach's notes on the turns already played (practice), the response clock of
// the pending turn running from when its prompt first appeared, and the reply they were typing
// (kept in the store as a draft while they type; a draft is not a turn).
#include "model.hpp"

#include "core/calendar.hpp"
#include "core/redaction.hpp"
#include "store/recorder.hpp"

#include <algorithm>
#include <utility>

namespace simdesk::app {

namespace {

/// A draft is stored once typing pauses this long…
constexpr double kDraftIdleSeconds = 1.5;
/// …or at least this often while it goes on.
constexpr double kDraftMaxSeconds = 10;

} // namespace

PracticeFeedback practiceFeedbackFor(const StepResult& step, int turn) {
    PracticeFeedback fb;
    fb.turn = turn;
    for (const auto& f : step.feedback)
        if (!f.text.empty()) fb.notes.push_back(f);
    for (const auto& m : step.ruleMatches)
        fb.ruleLines.push_back(std::string(m.matched ? "✓ " : "✗ ") + m.ruleId + (m.reason.empty() ? "" : ": " + m.reason));
    return fb;
}

void AppModel::resume(const Clock& clock) {
    if (!resumeOffer_) return;
    ResumeOffer offer = *resumeOffer_;
    ScenarioPtr scenario = library_->findScenario(offer.scenarioId);
    if (!scenario) return fail("The scenario of that session is no longer in the library.");
    ++loading_;
    worker_->post([this, offer, scenario, now = clock.wall, steady = clock.steady](store::TrainingStore* store)
                      -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto info = store->session(offer.sessionId);
        auto transcript = info ? store->transcript(offer.sessionId) : Result<Transcript>(info.error());
        if (!transcript) return [this, e = transcript.error().message] { --loading_; fail("Cannot resume: " + e); };
        if (info->scenarioHash != scenario->contentHash)
            return [this] {
                --loading_;
                fail("The scenario changed since that session began, so it cannot be continued. Discard it to start again.");
            };
        // A session an older simdesk stopped writing half-way through an action goes on from the
        // last complete one; the next action played replaces what the incomplete one left.
        auto restored = PlaySession::replayCompleteActions(scenario, *transcript);
        if (!restored) return [this, e = restored.error().message] { --loading_; fail("Cannot resume: " + e); };
        auto box = std::make_shared<std::optional<store::SessionRecorder>>(
            store::SessionRecorder::resume(*store, offer.sessionId, *restored));
        std::string cutShort = store::cutShortNotice(*restored);
        // The reply being typed, when it is for the turn now waiting (a draft of another turn is stale).
        std::string draft;
        const TurnPrompt pending = restored->session.prompt();
        if (pending.kind == TurnPrompt::Kind::FreeText)
            if (auto stored = store->draft(offer.sessionId); stored && *stored &&
                (*stored)->nodeId == pending.nodeId &&
                (*stored)->turn == static_cast<int>(restored->session.transcript().traineeTurnCount()) + 1)
                draft = (*stored)->text;
        return [this, box, offer, session = std::move(restored->session), actions = std::move(restored->actions), now,
                steady, cutShort, draft]() mutable {
            --loading_;
            ++generation_;
            play_ = PlayState{};
            play_.session = std::move(session);
            play_.agentName = signedInAgentName();
            play_.rubric = library_->findRubric(play_.session->scenario().rubricId);
            play_.mode = offer.mode;
            play_.sessionId = offer.sessionId;
            recorder_ = box;
            appendBubbles(play_.session->transcript().entries);
            play_.ackedEntries = play_.session->transcript().entries.size();  // read back from the store
            shuffleChoices();
            // The coach's notes on the turns already played, as they were shown then.
            if (play_.mode == "practice")
                for (size_t i = 0; i < actions.size(); ++i)
                    play_.feedback.push_back(practiceFeedbackFor(actions[i], static_cast<int>(i + 1)));
            // The pending turn's clock runs from when its prompt first appeared, the time before the
            // interruption included (the customer was waiting all along). The wall clock bridges the
            // two runs; a clock set back since counts as no time passed.
            int64_t waited = std::max<int64_t>(0, now - play_.session->promptReachedAt());
            play_.promptShownAt = steady - static_cast<double>(waited);
            play_.replyDraft = draft;
            draftStored_ = draftSeen_ = draft;
            draftDirtySince_ = -1;
            now_ = now;
            resumeOffer_.reset();
            go(Screen::Play);
            std::string note = draft.empty() ? "" : " Your unsent reply is back in the box.";
            std::string before = std::exchange(resumeNotice_, "");  // the kept turns just sent, when it is theirs
            announce((before.empty() ? "" : before + " ") +
                     (cutShort.empty() ? "Picked up where you left off." : "Picked up where you left off: " + cutShort + ".") + note);
        };
    });
}

void AppModel::dismissResume(const Clock&) {
    if (!resumeOffer_) return;
    confirmation_ = Confirmation{Confirmation::Act::AbandonSession, resumeOffer_->sessionId, "Discard this conversation?",
                                 "\"" + resumeOffer_->scenarioTitle + "\", started " + isoDate(resumeOffer_->startedAt) +
                                     ", is marked abandoned and can no longer be continued. What was said stays in your "
                                     "records.",
                                 "Discard"};
}

void AppModel::abandonSession(int64_t id, const Clock& clock) {
    if (resumeOffer_ && resumeOffer_->sessionId == id) resumeOffer_.reset();
    // Abandoning deletes the session's draft too (in the store, with the status).
    worker_->post([this, id, now = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return {};
        auto status = store->abandonSession(id, now);
        if (status) return {};
        return [this, e = status.error().message] { fail("Cannot discard that session: " + e); };
    });
}

// ---- the reply draft ----------------------------------------------------------------------------

void AppModel::resetDraft() {
    draftStored_.clear();
    draftSeen_.clear();
    draftChangedAt_ = 0;
    draftDirtySince_ = -1;
}

bool AppModel::draftPending() const {
    // Called every frame: the cheap checks first, so a choice turn (empty box) never builds its prompt.
    return play_.replyDraft != draftStored_ && play_.recorded && play_.session && !play_.session->finished() &&
           play_.sessionId != 0 && play_.session->prompt().kind == TurnPrompt::Kind::FreeText;
}

void AppModel::keepDraft(const Clock& clock) {
    if (screen_ != Screen::Play || !draftPending()) {
        draftSeen_ = play_.replyDraft;
        draftDirtySince_ = -1;
        return;
    }
    if (play_.replyDraft != draftSeen_ || draftDirtySince_ < 0) {
        if (draftDirtySince_ < 0) draftDirtySince_ = clock.steady;
        draftSeen_ = play_.replyDraft;
        draftChangedAt_ = clock.steady;
    }
    if (clock.steady - draftChangedAt_ >= kDraftIdleSeconds || clock.steady - draftDirtySince_ >= kDraftMaxSeconds)
        storeDraft(clock.wall);
}

void AppModel::flushDraft(const Clock& clock) {
    if (draftPending()) storeDraft(clock.wall);
}

void AppModel::storeDraft(int64_t wall) {
    store::ReplyDraft draft;
    draft.sessionId = play_.sessionId;
    draft.turn = static_cast<int>(play_.session->transcript().traineeTurnCount()) + 1;
    draft.nodeId = play_.session->prompt().nodeId;
    // Masked before it leaves the screen, as a sent reply is (and the store masks it again).
    draft.text = maskSecrets_ ? redactSecrets(play_.replyDraft).text : play_.replyDraft;
    draft.savedAt = wall;
    draftStored_ = draftSeen_ = play_.replyDraft;
    draftDirtySince_ = -1;
    worker_->post([this, draft](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return {};
        auto saved = store->saveDraft(draft);
        if (saved) return {};
        return [this, e = saved.error().message] { fail("Your unsent reply could not be kept: " + e); };
    });
}

} // namespace simdesk::app
