// PlaySession: a deterministic state machine that plays one scenario.
//
// The caller passes the clock (seconds since the epoch) and, for each trainee action, how many
// seconds it took; nothing here reads the time, the disk or a screen. A session can be saved as
// JSON and restored: restoring replays the saved trainee actions against the scenario, so a
// restored session is exactly the one that was saved, or the restore fails with the reason
// (for instance, the scenario changed underneath it).
#pragma once

#include "result.hpp"
#include "scenario.hpp"
#include "text_rules.hpp"
#include "transcript.hpp"

namespace simdesk {

struct ChoiceView {
    std::string id, text;
    bool enabled = true;           ///< false: shown disabled (its condition is false)
    std::string unavailableReason;
};

/// What the trainee faces now.
struct TurnPrompt {
    enum class Kind { Choice, FreeText, Finished } kind = Kind::Finished;
    std::string nodeId, prompt;
    std::vector<ChoiceView> choices;  ///< visible choices only; hidden ones are left out
};

/// Feedback on one trainee action, for practice mode and the debrief.
struct TurnFeedback {
    std::string text, cite;
    bool critical = false;
};

struct StepResult {
    std::vector<TranscriptEntry> entries;  ///< everything the action produced, the trainee's entry first
    std::vector<TurnFeedback> feedback;
    std::vector<RuleMatch> ruleMatches;    ///< free-text replies only
    bool finished = false;
};

/// A stored session rebuilt up to its last complete action (see PlaySession::replayCompleteActions).
struct ReplayedSession;

class PlaySession {
public:
    /// Starts at the scenario's start node and runs customer messages up to the first decision.
    static Result<PlaySession> start(ScenarioPtr scenario, int64_t now);
    /// Rebuilds a saved session by replaying its trainee actions.
    static Result<PlaySession> restore(ScenarioPtr scenario, const nlohmann::json& saved);
    /// Rebuilds a session from a transcript (e.g. a stored one) by replaying its trainee actions.
    static Result<PlaySession> replay(ScenarioPtr scenario, const Transcript& transcript);
    /// Like replay, but tolerates a transcript whose last action was cut short by a failed write
    /// (its entries are a strict prefix of what that action produces): the session is rebuilt up
    /// to the last complete action instead. Anything else that does not replay still fails.
    static Result<ReplayedSession> replayCompleteActions(ScenarioPtr scenario, const Transcript& transcript);

    TurnPrompt prompt() const;
    Result<StepResult> choose(std::string_view choiceId, double seconds, int64_t now);
    Result<StepResult> reply(std::string_view text, double seconds, int64_t now);

    nlohmann::json save() const;

    const Transcript& transcript() const { return transcript_; }
    /// The caller's clock (`now`) when the current prompt was reached: the start, or the last
    /// action. A replayed session has it from the stored transcript, so a resumed turn's response
    /// clock can go on from when the prompt first appeared.
    int64_t promptReachedAt() const { return promptReachedAt_; }
    const Variables& variables() const { return variables_; }
    int mood() const { return mood_; }
    bool finished() const { return transcript_.finished(); }
    const Scenario& scenario() const { return *scenario_; }
    ScenarioPtr scenarioPtr() const { return scenario_; }

private:
    explicit PlaySession(ScenarioPtr scenario) : scenario_(std::move(scenario)) {}

    Status advance(size_t target, int64_t now, std::vector<TranscriptEntry>& produced);
    bool choiceAvailable(const Choice& choice) const;
    Value lookup(std::string_view name) const;
    size_t firstTrue(const std::vector<Transition>& transitions) const;

    ScenarioPtr scenario_;
    size_t current_ = kNoNode;
    Variables variables_;
    int mood_ = 50;
    int64_t simulatedDelay_ = 0;  ///< sum of wait_seconds so far, added to the caller's clock
    int64_t promptReachedAt_ = 0; ///< see promptReachedAt()
    Transcript transcript_;
};

/// The order a turn's choices are shown to a trainee in: order[position] is an index into
/// prompt.choices. Shuffled in every mode, because authors tend to list the best answer first and a
/// trainee would soon learn to press 1; seeded by the session's start, the turn and the node, so a
/// session shows the same order every time it is drawn, resumed or replayed.
std::vector<size_t> presentationOrder(const Transcript& transcript, const TurnPrompt& prompt);

struct ReplayedSession {
    PlaySession session;
    /// How many leading entries of session.transcript() the replayed transcript holds. Fewer than the
    /// session's only when the opening messages were cut short.
    size_t entriesKept = 0;
    /// True when the replayed transcript's last action (or its opening) was incomplete and left out:
    /// its entries after entriesKept belong to no complete action.
    bool cutShort = false;
    /// What each complete action replayed produced, in order (one per trainee turn kept): its
    /// feedback and rule matches as when it was played, so a resumed session can show its coach
    /// notes again. The incomplete action left out by cutShort has none here.
    std::vector<StepResult> actions;
};

} // namespace simdesk
