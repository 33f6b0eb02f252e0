// AppModel, continued: turns a team server did not acknowledge, kept on this computer between runs
// (unsent_turns.hpp). A failed write of a play keeps its file, the write that lands deletes it; at
// the next sign-in to the same server as the same person, what the server lacks is sent (never
// twice: the server's copy of the conversation is read first) and the conversation goes on.
#include "model.hpp"

#include "store/recorder.hpp"

#include <algorithm>

namespace simdesk::app {

namespace {

/// The same entry, as far as sending it again goes: text is left out, as the server may mask it.
bool sameEntry(const TranscriptEntry& a, const TranscriptEntry& b) {
    return a.kind == b.kind && a.nodeId == b.nodeId && a.choiceId == b.choiceId && a.at == b.at;
}

std::string turnsSent(size_t turns) {
    if (turns == 0) return "The turn kept on this computer was already on the server; nothing was sent twice.";
    return std::to_string(turns) + (turns == 1 ? " turn you wrote while the server was unreachable was sent."
                                               : " turns you wrote while the server was unreachable were sent.");
}

} // namespace

AppModel::Reopened AppModel::reopenKept(store::TrainingStore& store, PendingSync& pending) {
    const Transcript& mine = pending.snapshot.transcript();
    int64_t id = pending.resumeSessionId;
    if (id == 0) {
        // Its start was not acknowledged; it may have landed all the same.
        auto sessions = store.sessions(std::nullopt);
        if (!sessions) return {sessions.error(), false, false};
        for (const auto& s : *sessions)
            if (s.personId == pending.personId && s.scenarioId == mine.scenarioId && s.startedAt == mine.startedAt) id = s.id;
        if (id == 0) return {};  // not there: started now, with every entry
    }
    auto info = store.session(id);
    if (!info) return {info.error(), false, false};
    auto theirs = store.transcript(id);
    if (!theirs) return {theirs.error(), false, false};
    const auto& stored = theirs->entries;
    const bool prefix = stored.size() <= mine.entries.size() &&
                        std::equal(stored.begin(), stored.end(), mine.entries.begin(), sameEntry);
    if (!prefix) return {simdesk::fail("the conversation on the server went on without these turns"), true, false};
    const bool ended = info->status != store::SessionStatus::Active;
    const bool all = stored.size() == mine.entries.size() && ended == mine.finished();
    if (ended && !all) return {simdesk::fail("the conversation was ended on the server before these turns"), true, false};
    // Goes on after what the server has (all of it: a write that landed unacknowledged).
    pending.box->emplace(store::SessionRecorder::resume(store, id, stored.size()));
    return {Ok{}, false, all};
}

std::string AppModel::keepOrDrop(const PendingSync& pending, bool acknowledged) {
    if (pending.keepIn.empty()) return "";
    const Transcript& t = pending.snapshot.transcript();
    if (acknowledged) {
        auto dropped = dropUnsent(pending.keepIn, t);
        return dropped ? "" : dropped.error().message;
    }
    UnsentPlay play;
    play.sessionId = pending.box->has_value() ? (*pending.box)->sessionId() : pending.resumeSessionId;
    play.mode = pending.mode;
    play.transcript = t;
    if (pending.attempt) play.trackId = pending.attempt->trackId, play.levelId = pending.attempt->levelId;
    play.now = pending.now;
    auto kept = keepUnsent(pending.keepIn, pending.owner, play);
    return kept ? "" : kept.error().message;
}

void AppModel::restoreUnsent(const UnsentRead& kept, const store::Person& person) {
    std::vector<std::string> problems = kept.problems;
    const std::filesystem::path folder = unsentFolder(unsentRoot_, unsentOwner_);
    for (const auto& found : kept.plays) {
        const Transcript& t = found.play.transcript;
        auto refuse = [&](const std::string& why) {
            problems.push_back("A conversation kept on this computer cannot be sent: " + why + ". Its file is left where it is: " +
                               found.file.string() + ".");
        };
        ScenarioPtr scenario = library_->findScenario(t.scenarioId);
        if (!scenario) {
            refuse("its scenario \"" + t.scenarioId + "\" is not in the library");
            continue;
        }
        RubricPtr rubric = library_->findRubric(scenario->rubricId);
        auto replayed = PlaySession::replay(scenario, t);  // refuses a changed scenario or a transcript it did not make
        if (!rubric || !replayed) {
            refuse(rubric ? replayed.error().message : "its rubric \"" + scenario->rubricId + "\" is not loaded");
            continue;
        }
        std::optional<store::CertificationAttempt> attempt;
        std::optional<store::Person> player;
        if (replayed->finished()) {
            player = person;
            if (!found.play.trackId.empty())
                attempt = store::CertificationAttempt{0, person.id, 0, found.play.trackId, found.play.levelId, false, found.play.now};
        }
        // Generation -1: never the play on screen; resent() opens it once the server has it.
        auto pending = std::make_shared<PendingSync>(PendingSync{std::make_shared<std::optional<store::SessionRecorder>>(),
                                                                 std::move(*replayed), rubric, found.play.mode, person.id, attempt,
                                                                 player, found.play.now, -1});
        pending->keepIn = folder;
        pending->owner = unsentOwner_;
        pending->restored = true;
        pending->resumeSessionId = found.play.sessionId;
        postSync(pending);
    }
    if (!problems.empty()) {
        std::string text;
        for (const auto& p : problems) text += (text.empty() ? "" : " ") + p;
        fail(text);
    }
}

void AppModel::resent(const PendingSync& pending, int64_t sessionId, size_t turns) {
    const PlaySession& play = pending.snapshot;
    if (play.finished() || screen_ == Screen::Play) return announce(turnsSent(turns));
    // The conversation it belongs to goes on from it (at the next tick, which has the clock).
    resumeAfterResend_ = ResumeOffer{sessionId, play.scenario().id, play.scenario().title, pending.mode, play.transcript().startedAt};
    resumeNotice_ = turnsSent(turns);
}

} // namespace simdesk::app
