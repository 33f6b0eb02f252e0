#include "player.hpp"

#include <cstdint>
#include <utility>

namespace simdesk {

using nlohmann::json;

namespace {
// A message chain longer than this is a cycle the validator would have reported (SD023).
constexpr int kMaxAutomaticSteps = 10000;
} // namespace

Value PlaySession::lookup(std::string_view name) const {
    if (name == "mood") return Value(int64_t{mood_});
    auto it = variables_.find(name);
    return it == variables_.end() ? Value(false) : it->second;
}

bool PlaySession::choiceAvailable(const Choice& choice) const {
    if (!choice.condition) return true;
    return evaluateCondition(*choice.condition, [this](std::string_view n) { return lookup(n); });
}

size_t PlaySession::firstTrue(const std::vector<Transition>& transitions) const {
    for (const auto& t : transitions)
        if (!t.condition || evaluateCondition(*t.condition, [this](std::string_view n) { return lookup(n); }))
            return t.target;
    return kNoNode;
}

Result<PlaySession> PlaySession::start(ScenarioPtr scenario, int64_t now) {
    if (!scenario) return fail("no scenario to play");
    PlaySession session(scenario);
    session.variables_ = scenario->initialVariables();
    session.mood_ = clampMood(scenario->persona.startingMood);
    auto& t = session.transcript_;
    t.scenarioId = scenario->id;
    t.scenarioVersion = scenario->version;
    t.scenarioHash = scenario->contentHash;
    t.rubricId = scenario->rubricId;
    t.startedAt = now;
    session.promptReachedAt_ = now;
    std::vector<TranscriptEntry> produced;
    if (auto status = session.advance(scenario->start, now, produced); !status) return status.error();
    return session;
}

Status PlaySession::advance(size_t target, int64_t now, std::vector<TranscriptEntry>& produced) {
    for (int step = 0; step < kMaxAutomaticSteps; ++step) {
        if (target == kNoNode) return fail("the conversation reached a dead end at node \"" +
                                           (current_ == kNoNode ? std::string("?") : scenario_->node(current_).id) +
                                           "\" (no exit's condition holds)");
        current_ = target;
        const Node& node = scenario_->node(current_);
        auto emit = [&](EntryKind kind, const std::string& text) {
            TranscriptEntry e;
            e.kind = kind;
            e.nodeId = node.id;
            e.text = text;
            e.at = now + simulatedDelay_;
            e.moodAfter = mood_;
            e.handoffTo = kind == EntryKind::Handoff ? node.handoffTo : "";
            transcript_.entries.push_back(e);
            produced.push_back(std::move(e));
        };
        switch (node.kind) {
        case NodeKind::Message:
            simulatedDelay_ += node.waitSeconds;
            mood_ = clampMood(mood_ + node.moodDelta);
            emit(EntryKind::Customer, node.text);
            target = firstTrue(node.next);
            break;
        case NodeKind::Handoff:
            emit(EntryKind::Handoff, node.text);
            target = firstTrue(node.next);
            break;
        case NodeKind::Ending:
            if (!node.text.empty()) emit(EntryKind::Customer, node.text);
            emit(EntryKind::Ending, node.outcome);
            transcript_.endingId = node.id;
            return Ok{};
        case NodeKind::Choice:
        case NodeKind::FreeText:
            if (!node.text.empty()) emit(EntryKind::Customer, node.text);
            if (node.kind == NodeKind::Choice &&
                std::none_of(node.choices.begin(), node.choices.end(),
                             [&](const Choice& c) { return choiceAvailable(c); }))
                return fail("the conversation reached a dead end at node \"" + node.id +
                            "\" (no choice's condition holds)");
            return Ok{};
        }
    }
    return fail("the conversation loops through customer messages without ever reaching a decision");
}

TurnPrompt PlaySession::prompt() const {
    TurnPrompt p;
    if (finished() || current_ == kNoNode) return p;
    const Node& node = scenario_->node(current_);
    p.nodeId = node.id;
    p.prompt = node.prompt;
    if (node.kind == NodeKind::FreeText) {
        p.kind = TurnPrompt::Kind::FreeText;
        return p;
    }
    p.kind = TurnPrompt::Kind::Choice;
    for (const auto& c : node.choices) {
        bool available = choiceAvailable(c);
        if (!available && c.hideWhenUnavailable) continue;
        p.choices.push_back(ChoiceView{c.id, c.text, available, available ? "" : c.unavailableReason});
    }
    return p;
}

Result<StepResult> PlaySession::choose(std::string_view choiceId, double seconds, int64_t now) {
    if (finished()) return fail("the conversation has already ended");
    const Node& node = scenario_->node(current_);
    if (node.kind != NodeKind::Choice)
        return fail("node \"" + node.id + "\" expects a typed reply, not a choice");
    auto it = std::find_if(node.choices.begin(), node.choices.end(), [&](const Choice& c) { return c.id == choiceId; });
    if (it == node.choices.end()) return fail("node \"" + node.id + "\" has no choice \"" + std::string(choiceId) + "\"");
    if (!choiceAvailable(*it)) return fail("choice \"" + it->id + "\" is not available now");
    if (!(seconds >= 0)) return fail("response time must be zero or more seconds");

    for (const auto& effect : it->effects) {
        const VariableDecl* decl = scenario_->findVariable(effect.variable);
        variables_[effect.variable] = applyEffect(*decl, variables_[effect.variable], effect);
    }
    mood_ = clampMood(mood_ + it->moodDelta);

    StepResult result;
    TranscriptEntry entry;
    entry.kind = EntryKind::TraineeChoice;
    entry.nodeId = node.id;
    entry.choiceId = it->id;
    entry.text = it->text;
    entry.at = now + simulatedDelay_;
    entry.seconds = seconds;
    entry.moodAfter = mood_;
    transcript_.entries.push_back(entry);
    result.entries.push_back(std::move(entry));
    result.feedback.push_back(TurnFeedback{it->feedback, it->cite, it->critical.has_value()});
    if (auto status = advance(it->next, now, result.entries); !status) return status.error();
    promptReachedAt_ = now;
    result.finished = finished();
    return result;
}

Result<StepResult> PlaySession::reply(std::string_view text, double seconds, int64_t now) {
    if (finished()) return fail("the conversation has already ended");
    const Node& node = scenario_->node(current_);
    if (node.kind != NodeKind::FreeText) return fail("node \"" + node.id + "\" expects a choice, not a typed reply");
    if (!(seconds >= 0)) return fail("response time must be zero or more seconds");
    if (text.size() > kMaxReplyBytes)
        return fail("the reply is " + std::to_string(text.size()) + " bytes; replies are limited to " +
                    std::to_string(kMaxReplyBytes) + " bytes");

    StepResult result;
    result.ruleMatches = evaluateRules(node.rules, text, node.writtenFor.value_or(scenario_->channel));
    for (size_t i = 0; i < node.rules.size(); ++i) {
        const TextRule& rule = node.rules[i];
        bool matched = result.ruleMatches[i].matched;
        mood_ = clampMood(mood_ + (matched ? rule.mood : rule.moodIfMissing));
        const std::string& feedback = matched ? rule.feedback : rule.feedbackIfMissing;
        bool critical = matched && rule.critical;
        if (!feedback.empty() || critical)
            result.feedback.push_back(TurnFeedback{critical && feedback.empty() ? *rule.critical : feedback, rule.cite,
                                                   critical});
    }
    TranscriptEntry entry;
    entry.kind = EntryKind::TraineeReply;
    entry.nodeId = node.id;
    entry.text = std::string(text);
    entry.at = now + simulatedDelay_;
    entry.seconds = seconds;
    entry.moodAfter = mood_;
    transcript_.entries.push_back(entry);
    result.entries.push_back(std::move(entry));
    if (auto status = advance(chooseBranch(node, result.ruleMatches), now, result.entries); !status)
        return status.error();
    promptReachedAt_ = now;
    result.finished = finished();
    return result;
}

json PlaySession::save() const {
    return {{"format", "simdesk-session/1"}, {"transcript", transcriptToJson(transcript_)}};
}

Result<PlaySession> PlaySession::restore(ScenarioPtr scenario, const json& saved) {
    if (!saved.is_object() || saved.value("format", "") != "simdesk-session/1")
        return fail("not a saved simdesk session (expected \"format\": \"simdesk-session/1\")");
    auto transcript = transcriptFromJson(saved.contains("transcript") ? saved["transcript"] : json());
    if (!transcript) return transcript.error();
    return replay(std::move(scenario), *transcript);
}

namespace {

/// Entries as replayed match entries as stored; what a store masked out of a reply is bookkeeping.
bool sameEntry(const TranscriptEntry& replayed, const TranscriptEntry& stored) {
    TranscriptEntry e = replayed;
    e.redacted = stored.redacted;
    return e == stored;
}

/// replayed[from, to) equals stored[from, to).
bool sameRange(const std::vector<TranscriptEntry>& replayed, const std::vector<TranscriptEntry>& stored, size_t from,
               size_t to) {
    for (size_t i = from; i < to; ++i)
        if (!sameEntry(replayed[i], stored[i])) return false;
    return true;
}

const char* const kNotTheSame = "the saved session does not replay to the same transcript; it was edited or is corrupt";

} // namespace

Result<PlaySession> PlaySession::replay(ScenarioPtr scenario, const Transcript& t) {
    auto replayed = replayCompleteActions(std::move(scenario), t);
    if (!replayed) return replayed.error();
    if (replayed->cutShort) return fail(kNotTheSame);
    return std::move(replayed->session);
}

Result<ReplayedSession> PlaySession::replayCompleteActions(ScenarioPtr scenario, const Transcript& t) {
    if (t.scenarioId != scenario->id)
        return fail("the saved session is of scenario \"" + t.scenarioId + "\", not \"" + scenario->id + "\"");
    if (t.scenarioHash != scenario->contentHash)
        return fail("scenario \"" + t.scenarioId + "\" changed since the session was saved (" + t.scenarioHash +
                    " then, " + scenario->contentHash + " now)");
    auto session = start(scenario, t.startedAt);
    if (!session) return session.error();
    const auto& stored = t.entries;
    // Each action's entries are checked as it is replayed, so an action whose entries run past the
    // end of the stored ones is known to be the incomplete last one.
    // `from`: where the incomplete part starts; the stored entries after it are a strict prefix of what
    // replaying produced. Kept: `before` (the session without the incomplete action) and the stored
    // entries it shares.
    std::vector<StepResult> actions;  // each complete action's result, in order
    auto cutShortAt = [&](const PlaySession& before, size_t from, size_t keptEntries) -> Result<ReplayedSession> {
        if (!sameRange(session->transcript_.entries, stored, from, stored.size())) return fail(kNotTheSame);
        ReplayedSession kept{before, keptEntries, true, actions};
        for (size_t i = 0; i < keptEntries; ++i) kept.session.transcript_.entries[i].redacted = stored[i].redacted;
        return kept;
    };
    size_t consumed = session->transcript_.entries.size();
    // The opening messages themselves were cut short: start again, keeping the stored ones.
    if (consumed > stored.size()) return cutShortAt(*session, 0, stored.size());
    if (!sameRange(session->transcript_.entries, stored, 0, consumed)) return fail(kNotTheSame);
    while (consumed < stored.size()) {
        const TranscriptEntry& e = stored[consumed];
        PlaySession before = *session;
        Result<StepResult> step = fail("");
        if (e.kind == EntryKind::TraineeChoice) step = session->choose(e.choiceId, e.seconds, e.at - session->simulatedDelay_);
        else if (e.kind == EntryKind::TraineeReply) step = session->reply(e.text, e.seconds, e.at - session->simulatedDelay_);
        else return fail(kNotTheSame);
        if (!step) return fail("cannot replay the saved session: " + step.error().message);
        size_t produced = session->transcript_.entries.size();
        if (produced > stored.size()) return cutShortAt(before, consumed, consumed);
        if (!sameRange(session->transcript_.entries, stored, consumed, produced)) return fail(kNotTheSame);
        actions.push_back(std::move(*step));
        consumed = produced;
    }
    for (size_t i = 0; i < stored.size(); ++i) session->transcript_.entries[i].redacted = stored[i].redacted;
    return ReplayedSession{std::move(*session), stored.size(), false, std::move(actions)};
}

std::vector<size_t> presentationOrder(const Transcript& transcript, const TurnPrompt& prompt) {
    std::vector<size_t> order(prompt.choices.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (order.size() < 2) return order;
    uint64_t seed = static_cast<uint64_t>(transcript.startedAt) * 1000003u + transcript.entries.size() * 7919u;
    for (char c : prompt.nodeId) seed = seed * 131 + static_cast<unsigned char>(c);
    for (size_t i = order.size() - 1; i > 0; --i) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;  // a 64-bit LCG step: portable, no <random>
        size_t j = static_cast<size_t>((seed >> 33) % (i + 1));
        std::swap(order[i], order[j]);
    }
    return order;
}

} // namespace simdesk
