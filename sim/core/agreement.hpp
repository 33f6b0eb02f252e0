// Inter-rater agreement statistics over a units × raters matrix of values, some missing.
//
// Pure and deterministic: a matrix (and, for the bootstrap, a seed) comes in, figures come out;
// failures are values (Result), never exceptions. Each statistic follows the publication named
// beside it; tests/test_agreement.cpp checks every one against that publication's worked example.
//
//  * Krippendorff's alpha, nominal, ordinal, interval and ratio metrics, by the coincidence matrix
//    (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"), with his bootstrap interval
//    (Krippendorff 2006/2011, "Algorithm for bootstrapping a distribution of alpha"; Hayes &
//    Krippendorff 2007);
//  * percent agreement: per unit, the share of rater pairs that agree, averaged over units rated
//    twice or more (Gwet 2014, ch. 2);
//  * Cohen's kappa for two raters, unweighted (Cohen 1960) or weighted (Cohen 1968);
//  * Fleiss' kappa for a fixed number of ratings per unit (Fleiss 1971);
//  * Gwet's AC1 (unweighted) and AC2 (weighted) (Gwet 2014);
//  * the intraclass correlations of Shrout & Fleiss (1979), models 1, 2 and 3, single or average.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace simdesk {

/// Units (rows) × raters (columns). A missing value is std::nullopt. Rows may be shorter than
/// others: absent cells are missing.
using RatingMatrix = std::vector<std::vector<std::optional<double>>>;

enum class AlphaMetric { Nominal, Ordinal, Interval, Ratio };
enum class KappaWeights { None, Linear, Quadratic };

std::string_view metricName(AlphaMetric metric);
std::string_view weightsName(KappaWeights weights);

/// Below this many pairable values (values in units that at least two raters rated) the report
/// says "not enough data" instead of a figure. Reason in docs/calibration.md: with fewer than ten
/// values — five units graded by two people — one changed grade moves alpha by more than its whole
/// "reliable" band, and the bootstrap interval spans most of [-1, 1].
inline constexpr int kMinPairableValues = 10;

struct AlphaResult {
    double alpha = 0;
    double observed = 0;  ///< D_o: mean metric difference within units
    double expected = 0;  ///< D_e: mean metric difference between all pairable values
    int pairable = 0;     ///< n: values in units with two or more values
    int units = 0;        ///< units with two or more values
};

/// Krippendorff's alpha. Fails when fewer than two values are pairable or when every pairable
/// value is the same (D_e = 0: nothing varies, alpha is undefined).
Result<AlphaResult> krippendorffAlpha(const RatingMatrix& data, AlphaMetric metric);

struct AlphaInterval {
    double low = 0, high = 0;  ///< 2.5th and 97.5th percentiles of the bootstrapped alphas
    int samples = 0;
    int draws = 0;             ///< M: value pairs drawn per sample
};

/// Krippendorff's bootstrap: `samples` resamples of M value pairs drawn with replacement from the
/// coincidence matrix (probability o_ck / n each), D_e held fixed. M is the number of value pairs
/// within units, Σ_u m_u(m_u − 1)/2. Deterministic: std::mt19937_64 seeded with `seed`, and a
/// uniform draw of its own (no std::*_distribution, whose output differs between libraries).
Result<AlphaInterval> krippendorffBootstrap(const RatingMatrix& data, AlphaMetric metric, int samples, uint64_t seed);

/// A chance-corrected coefficient: (observed − expected) / (1 − expected).
struct KappaResult {
    double value = 0;
    double observed = 0;  ///< p_a (or p_o): observed (weighted) agreement
    double expected = 0;  ///< p_e: agreement expected by chance
    int units = 0;        ///< units the coefficient used
    int categories = 0;
};

/// Percent agreement (Gwet 2014): over units with two or more values, the mean share of pairs of
/// values that are equal. `expected` is 0.
Result<KappaResult> percentAgreement(const RatingMatrix& data);

/// Cohen's kappa for exactly two raters (columns); units either rater left out are dropped.
/// Weighted forms use agreement weights 1 − |i − j|/(q − 1) (linear) or 1 − (i − j)²/(q − 1)²
/// (quadratic) over the q categories in order (Cohen 1968, with disagreement weights v = 1 − w).
Result<KappaResult> cohenKappa(const RatingMatrix& data, KappaWeights weights);

/// Fleiss' kappa (Fleiss 1971). Every unit must have the same number (two or more) of values.
Result<KappaResult> fleissKappa(const RatingMatrix& data);

/// Gwet's AC1 (weights None) or AC2 (Linear, Quadratic), missing values allowed (Gwet 2014).
/// `categories` lists the possible values (e.g. every level of a scale); empty: the values seen.
Result<KappaResult> gwetAC(const RatingMatrix& data, KappaWeights weights, const std::vector<double>& categories = {});

enum class IccModel { OneWay = 1, TwoWayRandom = 2, TwoWayMixed = 3 };

struct IccResult {
    double value = 0;
    double bms = 0, wms = 0, jms = 0, ems = 0;  ///< between-targets, within-target, between-judges, residual mean squares
    int targets = 0, judges = 0;
};

/// ICC(model, 1) or, with `average`, ICC(model, k) (Shrout & Fleiss 1979). Needs a complete
/// matrix: units with a missing value are dropped; two or more targets and judges must remain.
Result<IccResult> intraclassCorrelation(const RatingMatrix& data, IccModel model, bool average);

/// Values in units with two or more values.
int pairableValues(const RatingMatrix& data);

/// Why a figure should not be printed for this data, or none when it may be: fewer than
/// kMinPairableValues pairable values.
std::optional<std::string_view> notEnoughData(const RatingMatrix& data);

} // namespace simdesk
