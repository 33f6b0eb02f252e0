// Calibration statistics: several reviewers grade the same conversation blind against the same
// rubric, then see how far they agree and where. Pure: the grades come in, a report comes out.
//
// Why these figures:
//  * per criterion, every grader's level beside the automatic score, the spread (highest minus
//    lowest level) and the median — what a calibration meeting talks through, criterion by
//    criterion, most disputed first;
//  * exact agreement — the share of grader pairs that gave the same level — is what QA teams
//    already quote ("we agree 80 % of the time");
//  * Krippendorff's alpha (interval metric) corrects that for chance and works with any number of
//    graders and missing grades; 1 is perfect agreement, 0 no better than chance;
//  * each grader's lean: the mean distance of their levels from the group's median, as a share of
//    each criterion's scale, so a lenient or harsh grader shows up even when the group agrees.
// Levels are compared as a share of the criterion's scale (level / top level) wherever criteria
// with different scales are pooled, so a binary miss weighs as much as a 5-point 0-versus-4.
#pragma once

#include "core/agreement.hpp"
#include "core/rubric.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace simdesk {

/// One grader's level for one criterion. A criterion a grader left out counts as not graded (N/A).
struct CalibrationMark {
    std::string grader, criterionId;
    int level = 0;
    std::string note;
};

struct CriterionAgreement {
    std::string criterionId, title;
    int levels = 2;
    std::vector<CalibrationMark> marks;  ///< graders' levels, by grader name
    std::optional<int> automaticLevel;   ///< the automatic scorer's level; none when N/A or unscored
    int lowest = 0, highest = 0;         ///< meaningful when marks is not empty
    double median = 0;
    double exactAgreement = 1;  ///< share of grader pairs with the same level (1 with fewer than two graders)
    /// The spread covers at least half the scale (any split on a binary criterion): talk about it.
    bool disputed = false;

    int spread() const { return highest - lowest; }
    /// Spread as a share of the scale, 0..1 — how the report orders criteria.
    double spreadShare() const { return levels > 1 ? double(spread()) / (levels - 1) : 0; }
};

/// One criterion's reliability across a batch of conversations (each conversation one unit, each
/// grader one rater). The statistic follows the scale: Krippendorff's alpha with the nominal
/// metric for yes/no criteria and the ordinal metric for levelled ones, Gwet's AC1 (yes/no) or
/// AC2 with quadratic weights (levelled), and percent agreement. Every figure is withheld below
/// kMinPairableValues pairable grades ("not enough data"); see docs/calibration.md.
struct CriterionReliability {
    std::string criterionId, title;
    int levels = 2;
    AlphaMetric metric = AlphaMetric::Nominal;
    int conversations = 0;  ///< conversations two or more graders graded on this criterion
    int pairable = 0;       ///< grades in those conversations
    bool enoughData = false;
    std::optional<AlphaResult> alpha;       ///< none below the minimum, or when nothing varied
    std::optional<AlphaInterval> interval;  ///< Krippendorff's bootstrap, 95 %, seed kCalibrationSeed
    std::optional<double> percentAgreement;
    std::optional<KappaResult> gwet;        ///< AC1 or AC2; none below the minimum or when undefined
    std::string alphaNote;                  ///< why alpha is missing when enoughData holds ("nothing varied")

    /// The automatic scorer as one more rater: in each conversation it rated and two or more people
    /// graded, its level beside the people's consensus (their median, rounded half up). Alpha (the
    /// criterion's metric) over those pairs, withheld below kMinPairableValues like every figure.
    int automaticPairable = 0;
    std::optional<double> automaticAlpha;
    /// Mean of (automatic − consensus) / top level: + the scorer is more lenient than the people.
    std::optional<double> automaticLean;
    /// The scorer disagrees with the calibrated people: alpha below kTentativeAlpha, or a lean of
    /// kLeanThreshold or more. The rubric's rule for this criterion needs a look.
    bool automaticFlagged = false;
};

/// Krippendorff's lowest alpha for tentative conclusions (0.8 for reliable ones).
inline constexpr double kTentativeAlpha = 0.667;

/// The bootstrap of every calibration alpha: fixed, so a report reads the same every time.
inline constexpr uint64_t kCalibrationSeed = 17;
inline constexpr int kCalibrationBootstrapSamples = 1000;

enum class Lean { InLine, Lenient, Harsh };

struct GraderSummary {
    std::string grader;
    int graded = 0;   ///< criteria this grader gave a level
    int missing = 0;  ///< rubric criteria they left out
    int matchesMedian = 0;  ///< criteria where their level equals the group's median
    /// Mean of (level − median) / top level over criteria two or more graders graded; + is lenient.
    double leanShare = 0;
    /// Mean of (level − automatic level) / top level where the automatic score has a level.
    std::optional<double> versusAutomatic;
    Lean lean = Lean::InLine;
};

struct CalibrationReport {
    std::string rubricId;
    std::vector<CriterionAgreement> criteria;  ///< most disputed first, then rubric order
    std::vector<GraderSummary> graders;        ///< by name
    int gradedPairs = 0;                       ///< grader pairs compared over all criteria
    double exactAgreement = 1;                 ///< over all those pairs
    /// Krippendorff's alpha (interval metric) pooling every criterion as a share of its scale; none
    /// when undefined (no variation at all, or no pairs). Shown only with alphaPairable at or above
    /// kMinPairableValues; the per-criterion `reliability` is the figure to act on.
    std::optional<double> alpha;
    int alphaPairable = 0;
    std::vector<CriterionReliability> reliability;  ///< per criterion, rubric order; this round as a batch of one
    std::vector<std::string> unknownCriteria;  ///< marks naming criteria the rubric does not have (ignored)
};

/// How far a grader's mean lean must go, as a share of the scale, before it is called lenient or harsh.
inline constexpr double kLeanThreshold = 0.15;

/// Builds the report. `automaticLevels` maps criterion id to the automatic score's level (leave out N/A).
CalibrationReport analyseCalibration(const Rubric& rubric, const std::vector<CalibrationMark>& marks,
                                     const std::map<std::string, int>& automaticLevels);

/// One reviewer across many revealed rounds: do they agree with their peers, and do they lean?
struct ReviewerTrend {
    std::string grader;
    int rounds = 0;             ///< revealed rounds they graded
    int compared = 0;           ///< their level set beside another grader's on the same criterion
    double exactAgreement = 0;  ///< share of those comparisons with the same level (0 when none)
    double meanLean = 0;        ///< mean of their per-round lean share
    int lenientRounds = 0, harshRounds = 0;
    Lean lean = Lean::InLine;   ///< of meanLean, by kLeanThreshold
};

/// Trends by grader name, over the reports of revealed rounds.
std::vector<ReviewerTrend> reviewerTrends(const std::vector<CalibrationReport>& reports);

/// Per criterion across a batch of revealed rounds (one conversation each), criteria matched by id
/// in the order first seen. `seed` and `samples` drive the bootstrap.
std::vector<CriterionReliability> criterionReliability(const std::vector<CalibrationReport>& batch,
                                                       uint64_t seed = kCalibrationSeed,
                                                       int samples = kCalibrationBootstrapSamples);

/// The automatic scorer's row for a criterion, e.g. "Policy: scorer vs people alpha 0.41 · lean
/// +0.30 (more lenient) · 12 values — check the rubric's rule", or "… not enough data (4 values)".
std::string automaticRaterLine(const CriterionReliability& r);

/// One criterion's reliability as one line of a report, e.g. "Policy (yes/no, nominal alpha):
/// alpha 0.57, 95% 0.21 to 0.86 · agree 80% · AC1 0.66 · 10 grades in 5 conversations", or
/// "… not enough data (4 grades in 2 conversations; 10 needed)".
std::string reliabilityLine(const CriterionReliability& r);

/// One line explaining each figure of the reliability report, as docs/calibration.md does.
struct FigureExplanation {
    std::string_view figure, meaning;
};
const std::vector<FigureExplanation>& reliabilityExplanations();

/// Krippendorff's alpha with the interval metric over units of values (each unit: one criterion's
/// values, any count), by krippendorffAlpha (agreement.hpp). Units with fewer than two values are
/// not pairable and are left out. None when fewer than two pairable values exist or all pairable
/// values are equal.
std::optional<double> krippendorffAlphaInterval(const std::vector<std::vector<double>>& units);

std::string_view leanName(Lean lean);

} // namespace simdesk
