// Scoring: a transcript against its rubric, with the evidence behind every point.
//
// Aggregation (documented for authors in docs/rubric-format.md):
//  * each choice or free-text rule awards a level on one or more criteria; a criterion's score is
//    the mean of the levels it was awarded divided by its top level (0..1); the level reported is
//    that mean rounded to the nearest level, with the rubric's anchor for it;
//  * a criterion nothing rated is N/A: left out of the denominator (na_rule "exclude") or counted
//    as full marks ("count_as_pass");
//  * auto "response_time" criteria are rated per reply against the channel standard, the first
//    reply also against the priority's first-response target (seed 004); choices at nodes marked
//    "internal" (tool actions the customer does not wait on) are not timed;
//  * overall = weighted mean of criterion scores, in percent;
//  * critical errors (a choice or rule marked critical, or a critical criterion awarded its lowest
//    level on any turn) either zero the score or fail the attempt keeping the computed score, as
//    the rubric says; they are listed separately either way.
#pragma once

#include "result.hpp"
#include "rubric.hpp"
#include "scenario.hpp"
#include "text_rules.hpp"
#include "transcript.hpp"

namespace simdesk {

struct Evidence {
    enum class Source { Choice, Rule, ResponseTime } source = Source::Choice;
    size_t entryIndex = 0;   ///< index into the transcript's entries
    int turn = 0;            ///< 1-based trainee turn
    std::string nodeId, sourceId;
    int level = 0, maxLevel = 1;
    std::string note;        ///< feedback or reason
    std::string cite;
    std::vector<TextSpan> spans;  ///< for rules: where in the reply
};

std::string_view evidenceSourceName(Evidence::Source source);

struct CriterionResult {
    std::string id, title, sectionTitle;
    double weight = 1;
    int levels = 2;
    bool applicable = false;  ///< false: N/A
    bool critical = false;    ///< the rubric marks the criterion critical
    double fraction = 0;      ///< 0..1
    int level = 0;
    std::string anchor;
    std::vector<Evidence> evidence;
    /// A reviewer re-rated the criterion (official_score.hpp): `level` is then the reviewer's, and
    /// the automatic fields keep what the scorer gave.
    bool rerated = false;
    bool automaticApplicable = false;
    int automaticLevel = 0;
    std::string reratedBy, reratingReason;
};

struct CriticalError {
    int turn = 0;
    std::string nodeId, sourceId, criterionId, reason;
    std::string explanation;  ///< the choice's or rule's feedback: why it is critical and what to do instead
};

struct ResponseTimeCheck {
    int turn = 0;
    double seconds = 0;
    int64_t targetSeconds = 0;
    bool withinStandard = true;
};

/// A typed turn judged as a whole: a reply with no substance, or one that misses a must-have point,
/// fails its turn, and a failed typed turn fails the attempt (docs/scenario-format.md#must-have-points).
struct TypedTurnCheck {
    int turn = 0;
    std::string nodeId;
    bool passed = true;
    std::string noSubstance;                 ///< why the reply has no substance ("" when it has)
    std::vector<std::string> missedPoints;   ///< the must-have points it missed, as the content states them
    /// How sure the automatic judgement is (README "Needs review"): 1 with nothing to doubt, lower
    /// for each reason in `doubts` (a match next to a negation, a contradicted claim, another
    /// language, many misspellings, a capped keyword list, a close call or a disagreement of the
    /// learned signals on a signal the turn scores).
    double confidence = 1;
    std::vector<std::string> doubts;
    /// A person should confirm this turn's judgement: low confidence, or a critical error on it.
    bool needsReview = false;
};

/// Below this confidence a typed turn is queued for a reviewer.
inline constexpr double kReviewConfidence = 0.75;

/// "Turn 4: the reply has no substance (it is too short …)" or "Turn 4: the reply missed what it
/// must achieve:", as the debrief and the terminal say it; the missed points are listed under it.
std::string describeFailedTurn(const TypedTurnCheck& check);

/// What a failed typed turn does to the attempt, in one sentence for the debrief.
inline constexpr const char* kTypedTurnRule =
    "A typed reply must say what the customer needs: one with no substance, or one that misses a must-have point, "
    "fails the attempt whatever the score.";

struct ScoreCard {
    std::string scenarioId, scenarioVersion, rubricId, rubricVersion;
    std::vector<CriterionResult> criteria;
    double computedPercent = 0;  ///< before the critical-error rule
    double finalPercent = 0;     ///< after it
    double threshold = 80;
    bool finished = false;
    bool passed = false;
    NaRule naRule = NaRule::Exclude;
    CriticalRule criticalRule = CriticalRule::ZeroScore;
    std::vector<CriticalError> criticalErrors;
    std::vector<ResponseTimeCheck> responseTimes;
    std::vector<TypedTurnCheck> typedTurns;
    std::string endingId, outcome;
    Resolution resolution = Resolution::Unresolved;
    std::vector<std::string> notes;  ///< e.g. the scenario changed since the transcript was recorded
    /// Set on an official card reviewers re-rated: the automatic score, kept beside the official one.
    std::optional<double> automaticPercent;
    std::optional<bool> automaticPassed;

    /// One sentence: "Passed: 86.0% (needs 80%)" / "Failed: critical error — …".
    std::string verdict() const;
    /// Typed turns that failed, in turn order.
    std::vector<const TypedTurnCheck*> failedTypedTurns() const;
};

/// The percent (weighted criteria, the N/A rule), the critical-error rule and the verdict, from the
/// card's criteria, critical errors and typed turns: the last step of scoring, and of applying
/// reviewers' re-ratings (official_score.hpp).
void settleVerdict(ScoreCard& card, const Rubric& rubric);

/// Scores a transcript. Fails if the transcript names nodes or choices the scenario does not have.
Result<ScoreCard> scoreTranscript(const Scenario& scenario, const Rubric& rubric, const Transcript& transcript);

/// `withTexts` false leaves out evidence notes, citations and anchors — text a reader can rebuild
/// from the scenario and rubric — for compact storage of many scoring runs.
nlohmann::json scoreCardToJson(const ScoreCard& card, bool withTexts = true);

/// Weighted mean as the rubric defines it, over (weight, fraction or nullopt for N/A).
double aggregatePercent(NaRule rule, const std::vector<std::pair<double, std::optional<double>>>& criteria);

} // namespace simdesk
