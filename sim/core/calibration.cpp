#include "core/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace simdesk {

namespace {

double medianOf(std::vector<int> values) {
    std::sort(values.begin(), values.end());
    size_t n = values.size();
    if (n == 0) return 0;
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

/// Fills the spread, median and pair agreement of one criterion from its marks.
void summarise(CriterionAgreement& c) {
    std::vector<int> levels;
    for (const auto& m : c.marks) levels.push_back(m.level);
    if (levels.empty()) return;
    auto [lo, hi] = std::minmax_element(levels.begin(), levels.end());
    c.lowest = *lo;
    c.highest = *hi;
    c.median = medianOf(levels);
    int pairs = 0, same = 0;
    for (size_t i = 0; i < levels.size(); ++i)
        for (size_t j = i + 1; j < levels.size(); ++j) {
            ++pairs;
            same += levels[i] == levels[j];
        }
    c.exactAgreement = pairs ? double(same) / pairs : 1;
    c.disputed = c.marks.size() >= 2 && c.spreadShare() >= 0.5;
}

std::vector<CriterionAgreement> criteriaFromMarks(const Rubric& rubric, const std::vector<CalibrationMark>& marks,
                                                  const std::map<std::string, int>& automaticLevels,
                                                  std::vector<std::string>& unknown) {
    std::vector<CriterionAgreement> out;
    std::map<std::string, size_t> index;
    for (const auto& criterion : rubric.criteria) {
        index[criterion.id] = out.size();
        CriterionAgreement c;
        c.criterionId = criterion.id;
        c.title = criterion.title;
        c.levels = criterion.levels;
        if (auto a = automaticLevels.find(criterion.id); a != automaticLevels.end()) c.automaticLevel = a->second;
        out.push_back(std::move(c));
    }
    for (const auto& mark : marks) {
        auto at = index.find(mark.criterionId);
        if (at == index.end()) {
            if (std::find(unknown.begin(), unknown.end(), mark.criterionId) == unknown.end())
                unknown.push_back(mark.criterionId);
            continue;
        }
        out[at->second].marks.push_back(mark);
    }
    for (auto& c : out) {
        std::sort(c.marks.begin(), c.marks.end(),
                  [](const CalibrationMark& a, const CalibrationMark& b) { return a.grader < b.grader; });
        summarise(c);
    }
    return out;
}

std::vector<GraderSummary> graderSummaries(const std::vector<CriterionAgreement>& criteria, size_t criterionCount) {
    struct Sums {
        int graded = 0, matches = 0, compared = 0, automaticCompared = 0;
        double lean = 0, automatic = 0;
    };
    std::map<std::string, Sums> sums;
    for (const auto& c : criteria) {
        double top = std::max(1, c.levels - 1);
        for (const auto& m : c.marks) {
            Sums& s = sums[m.grader];
            ++s.graded;
            s.matches += m.level == c.median;
            if (c.marks.size() >= 2) {
                s.lean += (m.level - c.median) / top;
                ++s.compared;
            }
            if (c.automaticLevel) {
                s.automatic += (m.level - *c.automaticLevel) / top;
                ++s.automaticCompared;
            }
        }
    }
    std::vector<GraderSummary> out;
    for (const auto& [name, s] : sums) {
        GraderSummary g;
        g.grader = name;
        g.graded = s.graded;
        g.missing = int(criterionCount) - s.graded;
        g.matchesMedian = s.matches;
        g.leanShare = s.compared ? s.lean / s.compared : 0;
        if (s.automaticCompared) g.versusAutomatic = s.automatic / s.automaticCompared;
        g.lean = g.leanShare >= kLeanThreshold ? Lean::Lenient : g.leanShare <= -kLeanThreshold ? Lean::Harsh : Lean::InLine;
        out.push_back(std::move(g));
    }
    return out;
}

} // namespace

std::optional<double> krippendorffAlphaInterval(const std::vector<std::vector<double>>& units) {
    RatingMatrix matrix;
    for (const auto& unit : units) matrix.emplace_back(unit.begin(), unit.end());
    auto alpha = krippendorffAlpha(matrix, AlphaMetric::Interval);
    if (!alpha) return std::nullopt;
    return alpha->alpha;
}

namespace {

/// The people's consensus on one conversation: their median level, rounded half up.
double consensusLevel(const CriterionAgreement& c) {
    std::vector<int> levels;
    for (const auto& m : c.marks) levels.push_back(m.level);
    std::sort(levels.begin(), levels.end());
    size_t n = levels.size();
    double median = n % 2 ? levels[n / 2] : (levels[n / 2 - 1] + levels[n / 2]) / 2.0;
    return std::floor(median + 0.5);
}

void rateAutomaticScorer(const std::vector<CalibrationReport>& batch, CriterionReliability& r) {
    RatingMatrix pairs;
    double lean = 0;
    for (const auto& report : batch)
        for (const auto& c : report.criteria) {
            if (c.criterionId != r.criterionId || !c.automaticLevel || c.marks.size() < 2) continue;
            double consensus = consensusLevel(c);
            pairs.push_back({double(*c.automaticLevel), consensus});
            if (r.levels > 1) lean += (*c.automaticLevel - consensus) / (r.levels - 1);
        }
    r.automaticPairable = pairableValues(pairs);
    if (r.automaticPairable < kMinPairableValues) return;
    r.automaticLean = lean / double(pairs.size());
    if (auto alpha = krippendorffAlpha(pairs, r.metric)) r.automaticAlpha = alpha->alpha;
    r.automaticFlagged = (r.automaticAlpha && *r.automaticAlpha < kTentativeAlpha) || std::abs(*r.automaticLean) >= kLeanThreshold;
}

} // namespace

std::vector<CriterionReliability> criterionReliability(const std::vector<CalibrationReport>& batch, uint64_t seed, int samples) {
    // Criteria in the order first seen; graders are the union of names over the batch.
    std::vector<CriterionReliability> out;
    std::map<std::string, size_t> index;
    std::map<std::string, size_t> graderIndex;
    for (const auto& report : batch)
        for (const auto& c : report.criteria) {
            if (!index.count(c.criterionId)) {
                index[c.criterionId] = out.size();
                CriterionReliability r;
                r.criterionId = c.criterionId;
                r.title = c.title;
                r.levels = c.levels;
                r.metric = c.levels <= 2 ? AlphaMetric::Nominal : AlphaMetric::Ordinal;
                out.push_back(std::move(r));
            }
            for (const auto& m : c.marks) graderIndex.emplace(m.grader, graderIndex.size());
        }
    for (auto& r : out) {
        RatingMatrix matrix;
        for (const auto& report : batch)
            for (const auto& c : report.criteria) {
                if (c.criterionId != r.criterionId) continue;
                std::vector<std::optional<double>> row(graderIndex.size());
                for (const auto& m : c.marks) row[graderIndex[m.grader]] = double(m.level);
                matrix.push_back(std::move(row));
            }
        r.pairable = pairableValues(matrix);
        for (const auto& row : matrix)
            r.conversations += std::count_if(row.begin(), row.end(), [](const auto& v) { return v.has_value(); }) >= 2;
        r.enoughData = !notEnoughData(matrix);
        if (!r.enoughData) continue;
        if (auto pa = percentAgreement(matrix)) r.percentAgreement = pa->value;
        // Every level of the scale is a category, used or not: AC1/AC2's chance term counts them.
        std::vector<double> scale;
        for (int level = 0; level < r.levels; ++level) scale.push_back(level);
        if (auto g = gwetAC(matrix, r.levels <= 2 ? KappaWeights::None : KappaWeights::Quadratic, scale)) r.gwet = *g;
        auto alpha = krippendorffAlpha(matrix, r.metric);
        if (!alpha) {
            r.alphaNote = alpha.error().message;
            continue;
        }
        r.alpha = *alpha;
        if (auto interval = krippendorffBootstrap(matrix, r.metric, samples, seed)) r.interval = *interval;
    }
    for (auto& r : out) rateAutomaticScorer(batch, r);
    return out;
}

std::string automaticRaterLine(const CriterionReliability& r) {
    std::string line = r.title + ": scorer vs people ";
    std::string values = std::to_string(r.automaticPairable) + " value" + (r.automaticPairable == 1 ? "" : "s");
    if (r.automaticPairable < kMinPairableValues)
        return line + "not enough data (" + values + "; " + std::to_string(kMinPairableValues) + " needed)";
    char buffer[96];
    if (r.automaticAlpha) {
        std::snprintf(buffer, sizeof buffer, "alpha %.2f", *r.automaticAlpha);
        line += buffer;
    } else {
        line += "agree on every conversation";
    }
    if (r.automaticLean) {
        std::snprintf(buffer, sizeof buffer, " · lean %+.2f", *r.automaticLean);
        line += buffer;
        if (*r.automaticLean >= kLeanThreshold) line += " (more lenient)";
        if (*r.automaticLean <= -kLeanThreshold) line += " (harsher)";
    }
    line += " · " + values;
    if (r.automaticFlagged) line += " — check the rubric's rule for this criterion";
    return line;
}

std::string reliabilityLine(const CriterionReliability& r) {
    char buffer[160];
    std::string line = r.title + (r.levels <= 2 ? " (yes/no, nominal alpha): " : " (" + std::to_string(r.levels) + " levels, ordinal alpha): ");
    std::string counts = std::to_string(r.pairable) + " grade" + (r.pairable == 1 ? "" : "s") + " in " +
                         std::to_string(r.conversations) + " conversation" + (r.conversations == 1 ? "" : "s");
    if (!r.enoughData)
        return line + "not enough data (" + counts + "; " + std::to_string(kMinPairableValues) + " needed)";
    if (r.alpha) {
        std::snprintf(buffer, sizeof buffer, "alpha %.2f", r.alpha->alpha);
        line += buffer;
        if (r.interval) {
            std::snprintf(buffer, sizeof buffer, ", 95%% %.2f to %.2f", r.interval->low, r.interval->high);
            line += buffer;
        }
    } else {
        line += "alpha not defined (every grade the same)";
    }
    if (r.percentAgreement) {
        std::snprintf(buffer, sizeof buffer, " · agree %.0f%%", 100 * *r.percentAgreement);
        line += buffer;
    }
    if (r.gwet) {
        std::snprintf(buffer, sizeof buffer, " · %s %.2f", r.levels <= 2 ? "AC1" : "AC2", r.gwet->value);
        line += buffer;
    }
    return line + " · " + counts;
}

const std::vector<FigureExplanation>& reliabilityExplanations() {
    static const std::vector<FigureExplanation> lines = {
        {"alpha", "Krippendorff's alpha: agreement corrected for chance, 1 perfect, 0 chance, below 0 systematic "
                  "disagreement; nominal for yes/no criteria, ordinal for levelled ones; 0.8 reliable, 0.667 tentative."},
        {"95% interval", "where alpha would likely fall in a rerun of the calibration (Krippendorff's bootstrap, 1000 "
                         "resamples, fixed seed): a wide interval means too few conversations to be sure."},
        {"agree", "percent agreement: the share of grader pairs that gave the same level, averaged over conversations."},
        {"AC1/AC2", "Gwet's AC1 (yes/no) or AC2 (levels, quadratic weights): chance-corrected like alpha, but stays "
                    "meaningful when almost every conversation passes, where alpha and kappa collapse."},
        {"not enough data", "fewer than 10 grades in conversations that two or more people graded: any figure would "
                            "swing by more than its whole reliable band with one changed grade."},
    };
    return lines;
}

CalibrationReport analyseCalibration(const Rubric& rubric, const std::vector<CalibrationMark>& marks,
                                     const std::map<std::string, int>& automaticLevels) {
    CalibrationReport report;
    report.rubricId = rubric.id;
    report.criteria = criteriaFromMarks(rubric, marks, automaticLevels, report.unknownCriteria);
    report.graders = graderSummaries(report.criteria, rubric.criteria.size());

    int pairs = 0;
    double same = 0;
    std::vector<std::vector<double>> units;
    for (const auto& c : report.criteria) {
        int n = int(c.marks.size());
        int unitPairs = n * (n - 1) / 2;
        pairs += unitPairs;
        same += c.exactAgreement * unitPairs;
        std::vector<double> unit;
        for (const auto& m : c.marks) unit.push_back(double(m.level) / std::max(1, c.levels - 1));
        units.push_back(std::move(unit));
    }
    report.gradedPairs = pairs;
    report.exactAgreement = pairs ? same / pairs : 1;
    report.alpha = krippendorffAlphaInterval(units);
    for (const auto& unit : units) report.alphaPairable += unit.size() >= 2 ? int(unit.size()) : 0;
    report.reliability = criterionReliability({report});

    std::stable_sort(report.criteria.begin(), report.criteria.end(),
                     [](const CriterionAgreement& a, const CriterionAgreement& b) {
                         return a.spreadShare() > b.spreadShare();
                     });
    return report;
}

std::vector<ReviewerTrend> reviewerTrends(const std::vector<CalibrationReport>& reports) {
    std::map<std::string, ReviewerTrend> trends;
    std::map<std::string, int> same;
    for (const auto& report : reports) {
        for (const auto& g : report.graders) {
            ReviewerTrend& t = trends[g.grader];
            t.grader = g.grader;
            ++t.rounds;
            t.meanLean += g.leanShare;
            t.lenientRounds += g.lean == Lean::Lenient;
            t.harshRounds += g.lean == Lean::Harsh;
        }
        for (const auto& c : report.criteria)
            for (const auto& m : c.marks)
                for (const auto& other : c.marks) {
                    if (&other == &m) continue;
                    ++trends[m.grader].compared;
                    same[m.grader] += other.level == m.level;
                }
    }
    std::vector<ReviewerTrend> out;
    for (auto& [name, t] : trends) {
        t.meanLean /= std::max(1, t.rounds);
        t.exactAgreement = t.compared ? double(same[name]) / t.compared : 0;
        t.lean = t.meanLean >= kLeanThreshold ? Lean::Lenient : t.meanLean <= -kLeanThreshold ? Lean::Harsh : Lean::InLine;
        out.push_back(t);
    }
    return out;
}

std::string_view leanName(Lean lean) {
    switch (lean) {
    case Lean::Lenient: return "lenient";
    case Lean::Harsh: return "harsh";
    case Lean::InLine: break;
    }
    return "in line";
}

} // namespace simdesk
