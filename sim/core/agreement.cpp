#include "core/agreement.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace simdesk {

namespace {

/// The values present in one unit.
std::vector<double> present(const std::vector<std::optional<double>>& row) {
    std::vector<double> out;
    for (const auto& v : row)
        if (v) out.push_back(*v);
    return out;
}

/// Sorted distinct values over the given units.
std::vector<double> distinctValues(const std::vector<std::vector<double>>& units) {
    std::vector<double> values;
    for (const auto& u : units) values.insert(values.end(), u.begin(), u.end());
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

size_t indexOf(const std::vector<double>& sorted, double v) {
    return size_t(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
}

/// Krippendorff's coincidence matrix over the pairable units (Krippendorff 2011, section C):
/// o_ck = Σ_u (number of c–k pairs of values in u) / (m_u − 1), over ordered pairs.
struct Coincidences {
    std::vector<double> values;  ///< the distinct pairable values, sorted
    std::vector<double> o;       ///< v × v, row-major
    std::vector<double> nc;      ///< marginal n_c
    double n = 0;
    int units = 0;
    long long valuePairs = 0;    ///< Σ_u m_u(m_u − 1)/2

    size_t size() const { return values.size(); }
    double at(size_t c, size_t k) const { return o[c * values.size() + k]; }
};

/// The v × v matrices of alpha and the kappas stay small: more distinct values than this are
/// measurements, not categories or levels.
constexpr size_t kMaxCategories = 2000;

Error tooManyValues(size_t count) {
    return fail(std::to_string(count) + " distinct values; agreement statistics here take at most " +
                std::to_string(kMaxCategories) + " (categories or levels), so round measurements or use --stat icc");
}

Coincidences coincidences(const RatingMatrix& data) {
    std::vector<std::vector<double>> units;
    for (const auto& row : data)
        if (auto u = present(row); u.size() >= 2) units.push_back(std::move(u));
    Coincidences m;
    m.values = distinctValues(units);
    if (m.values.size() > kMaxCategories) return m;  // refused by alphaParts
    size_t v = m.values.size();
    m.o.assign(v * v, 0.0);
    m.nc.assign(v, 0.0);
    for (const auto& u : units) {
        std::map<size_t, double> count;  // the values present in this unit only: work stays O(m_u²)
        for (double x : u) count[indexOf(m.values, x)] += 1;
        double mu = double(u.size());
        for (const auto& [c, nc] : count)
            for (const auto& [k, nk] : count) {
                double pairs = c == k ? nc * (nc - 1) : nc * nk;
                m.o[c * v + k] += pairs / (mu - 1);
            }
        ++m.units;
        m.valuePairs += (long long)(u.size()) * (long long)(u.size() - 1) / 2;
    }
    for (size_t c = 0; c < v; ++c)
        for (size_t k = 0; k < v; ++k) m.nc[c] += m.at(c, k);
    for (double x : m.nc) m.n += x;
    return m;
}

/// The squared metric difference δ²(c, k) of Krippendorff (2011), section C.
std::vector<double> metricDifferences(const Coincidences& m, AlphaMetric metric) {
    size_t v = m.size();
    std::vector<double> d(v * v, 0.0);
    std::vector<double> cumulative(v + 1, 0.0);  // cumulative[g] = n_0 + … + n_{g−1}
    for (size_t g = 0; g < v; ++g) cumulative[g + 1] = cumulative[g] + m.nc[g];
    for (size_t c = 0; c < v; ++c)
        for (size_t k = 0; k < v; ++k) {
            double a = m.values[c], b = m.values[k], delta = 0;
            switch (metric) {
            case AlphaMetric::Nominal: delta = c == k ? 0 : 1; break;
            case AlphaMetric::Ordinal: {
                // (Σ_{g=c..k} n_g − (n_c + n_k)/2)², ranks by the marginal frequencies
                size_t lo = std::min(c, k), hi = std::max(c, k);
                double sum = cumulative[hi + 1] - cumulative[lo];
                double r = c == k ? 0 : sum - (m.nc[c] + m.nc[k]) / 2;
                delta = r * r;
                break;
            }
            case AlphaMetric::Interval: delta = (a - b) * (a - b); break;
            case AlphaMetric::Ratio: delta = a + b == 0 ? 0 : ((a - b) / (a + b)) * ((a - b) / (a + b)); break;
            }
            d[c * v + k] = delta;
        }
    return d;
}

struct AlphaParts {
    Coincidences m;
    std::vector<double> delta;
    AlphaResult result;
};

Result<AlphaParts> alphaParts(const RatingMatrix& data, AlphaMetric metric) {
    AlphaParts p{coincidences(data), {}, {}};
    if (p.m.values.size() > kMaxCategories) return tooManyValues(p.m.values.size());
    if (p.m.n < 2) return fail("fewer than two pairable values: no unit has two or more values");
    if (metric == AlphaMetric::Ratio && p.m.values.front() < 0)
        return fail("the ratio metric needs values of zero or more");
    p.delta = metricDifferences(p.m, metric);
    size_t v = p.m.size();
    double within = 0, between = 0;
    for (size_t c = 0; c < v; ++c)
        for (size_t k = 0; k < v; ++k) {
            within += p.m.at(c, k) * p.delta[c * v + k];
            between += p.m.nc[c] * p.m.nc[k] * p.delta[c * v + k];
        }
    double n = p.m.n;
    AlphaResult& r = p.result;
    r.observed = within / n;
    r.expected = between / (n * (n - 1));
    r.pairable = int(std::lround(n));
    r.units = p.m.units;
    if (r.expected <= 0) return fail("every pairable value is the same: alpha is undefined when nothing varies");
    r.alpha = 1 - r.observed / r.expected;
    return p;
}

/// A uniform double in [0, 1) from the top 53 bits of one draw: the same on every platform.
double uniformUnit(std::mt19937_64& rng) { return double(rng() >> 11) * 0x1.0p-53; }

/// Agreement weights over sorted categories: identity, linear or quadratic in the values.
std::vector<double> agreementWeights(const std::vector<double>& categories, KappaWeights weights) {
    size_t q = categories.size();
    double range = q ? categories.back() - categories.front() : 0;
    std::vector<double> w(q * q, 0.0);
    for (size_t i = 0; i < q; ++i)
        for (size_t j = 0; j < q; ++j) {
            double d = range > 0 ? std::fabs(categories[i] - categories[j]) / range : (i == j ? 0 : 1);
            switch (weights) {
            case KappaWeights::None: w[i * q + j] = i == j ? 1 : 0; break;
            case KappaWeights::Linear: w[i * q + j] = 1 - d; break;
            case KappaWeights::Quadratic: w[i * q + j] = 1 - d * d; break;
            }
        }
    return w;
}

Result<KappaResult> chanceCorrected(double observed, double expected, int units, int categories) {
    if (expected >= 1 - 1e-12) return fail("agreement expected by chance is 1 (one category only): the coefficient is undefined");
    KappaResult r;
    r.observed = observed;
    r.expected = expected;
    r.value = (observed - expected) / (1 - expected);
    r.units = units;
    r.categories = categories;
    return r;
}

} // namespace

std::string_view metricName(AlphaMetric metric) {
    switch (metric) {
    case AlphaMetric::Nominal: return "nominal";
    case AlphaMetric::Ordinal: return "ordinal";
    case AlphaMetric::Interval: return "interval";
    case AlphaMetric::Ratio: break;
    }
    return "ratio";
}

std::string_view weightsName(KappaWeights weights) {
    switch (weights) {
    case KappaWeights::None: return "unweighted";
    case KappaWeights::Linear: return "linear";
    case KappaWeights::Quadratic: break;
    }
    return "quadratic";
}

int pairableValues(const RatingMatrix& data) {
    int n = 0;
    for (const auto& row : data)
        if (auto u = present(row); u.size() >= 2) n += int(u.size());
    return n;
}

std::optional<std::string_view> notEnoughData(const RatingMatrix& data) {
    if (pairableValues(data) < kMinPairableValues) return "not enough data";
    return std::nullopt;
}

Result<AlphaResult> krippendorffAlpha(const RatingMatrix& data, AlphaMetric metric) {
    auto parts = alphaParts(data, metric);
    if (!parts) return parts.error();
    return parts->result;
}

Result<AlphaInterval> krippendorffBootstrap(const RatingMatrix& data, AlphaMetric metric, int samples, uint64_t seed) {
    if (samples < 1) return fail("the bootstrap needs one or more samples");
    auto parts = alphaParts(data, metric);
    if (!parts) return parts.error();
    const Coincidences& m = parts->m;
    // Krippendorff's first step: segment [0, 1) by p_ck = o_ck / n, each segment carrying δ²_ck.
    std::vector<double> upper, delta;
    double cumulative = 0;
    size_t v = m.size();
    for (size_t c = 0; c < v; ++c)
        for (size_t k = 0; k < v; ++k) {
            if (m.at(c, k) <= 0) continue;
            cumulative += m.at(c, k) / m.n;
            upper.push_back(cumulative);
            delta.push_back(parts->delta[c * v + k]);
        }
    upper.back() = 1.0;  // rounding must not leave a gap at the top
    long long draws = std::max<long long>(1, m.valuePairs);
    // Bounded work: 200 million draws take a few seconds; beyond that ask for fewer samples.
    if (double(draws) * samples > 2e8)
        return fail("the bootstrap would draw " + std::to_string(draws) + " pairs " + std::to_string(samples) +
                    " times; ask for fewer samples (at most " + std::to_string(std::max<long long>(1, (long long)(2e8) / draws)) + ")");
    double expected = parts->result.expected;
    std::mt19937_64 rng(seed);
    std::vector<double> alphas;
    alphas.reserve(size_t(samples));
    for (int s = 0; s < samples; ++s) {
        double sum = 0;
        for (long long d = 0; d < draws; ++d) {
            double r = uniformUnit(rng);
            size_t at = size_t(std::upper_bound(upper.begin(), upper.end(), r) - upper.begin());
            sum += delta[std::min(at, delta.size() - 1)];
        }
        alphas.push_back(1 - (sum / double(draws)) / expected);
    }
    std::sort(alphas.begin(), alphas.end());
    AlphaInterval out;
    out.samples = samples;
    out.draws = int(draws);
    size_t lo = size_t(std::floor(0.025 * samples));
    size_t hi = size_t(std::max(1.0, std::ceil(0.975 * samples))) - 1;
    out.low = alphas[std::min(lo, alphas.size() - 1)];
    out.high = alphas[std::min(hi, alphas.size() - 1)];
    return out;
}

Result<KappaResult> percentAgreement(const RatingMatrix& data) {
    double sum = 0;
    int units = 0;
    for (const auto& row : data) {
        auto u = present(row);
        if (u.size() < 2) continue;
        std::map<double, double> count;
        for (double x : u) count[x] += 1;
        double same = 0, m = double(u.size());
        for (const auto& [value, c] : count) same += c * (c - 1);
        sum += same / (m * (m - 1));
        ++units;
    }
    if (units == 0) return fail("no unit has two or more values");
    KappaResult r;
    r.value = r.observed = sum / units;
    r.units = units;
    return r;
}

Result<KappaResult> cohenKappa(const RatingMatrix& data, KappaWeights weights) {
    std::vector<std::pair<double, double>> pairs;
    for (const auto& row : data) {
        for (size_t c = 2; c < row.size(); ++c)
            if (row[c]) return fail("Cohen's kappa compares exactly two raters; this data has more (use fleiss, ac1 or alpha)");
        if (row.size() >= 2 && row[0] && row[1]) pairs.emplace_back(*row[0], *row[1]);
    }
    if (pairs.empty()) return fail("no unit was rated by both raters");
    std::vector<double> categories;
    for (auto [a, b] : pairs) {
        categories.push_back(a);
        categories.push_back(b);
    }
    std::sort(categories.begin(), categories.end());
    categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
    size_t q = categories.size();
    if (q > kMaxCategories) return tooManyValues(q);
    std::vector<double> table(q * q, 0.0), rows(q, 0.0), cols(q, 0.0);
    double n = double(pairs.size());
    for (auto [a, b] : pairs) {
        size_t i = indexOf(categories, a), j = indexOf(categories, b);
        table[i * q + j] += 1 / n;
        rows[i] += 1 / n;
        cols[j] += 1 / n;
    }
    auto w = agreementWeights(categories, weights);
    double observed = 0, expected = 0;
    for (size_t i = 0; i < q; ++i)
        for (size_t j = 0; j < q; ++j) {
            observed += w[i * q + j] * table[i * q + j];
            expected += w[i * q + j] * rows[i] * cols[j];
        }
    return chanceCorrected(observed, expected, int(pairs.size()), int(q));
}

Result<KappaResult> fleissKappa(const RatingMatrix& data) {
    std::vector<std::vector<double>> units;
    for (const auto& row : data)
        if (auto u = present(row); !u.empty()) units.push_back(std::move(u));
    if (units.empty()) return fail("no values");
    size_t m = units.front().size();
    for (const auto& u : units)
        if (u.size() != m)
            return fail("Fleiss' kappa needs the same number of values in every unit; this data has " +
                        std::to_string(m) + " and " + std::to_string(u.size()) + " (use ac1 or alpha with missing values)");
    if (m < 2) return fail("Fleiss' kappa needs two or more values per unit");
    auto categories = distinctValues(units);
    size_t q = categories.size();
    if (q > kMaxCategories) return tooManyValues(q);
    std::vector<double> share(q, 0.0);
    double agreement = 0, N = double(units.size()), mm = double(m);
    for (const auto& u : units) {
        std::map<size_t, double> count;
        for (double x : u) count[indexOf(categories, x)] += 1;
        double same = 0;
        for (const auto& [j, c] : count) {
            same += c * (c - 1);
            share[j] += c / (N * mm);
        }
        agreement += same / (mm * (mm - 1)) / N;
    }
    double expected = 0;
    for (double p : share) expected += p * p;
    return chanceCorrected(agreement, expected, int(units.size()), int(q));
}

Result<KappaResult> gwetAC(const RatingMatrix& data, KappaWeights weights, const std::vector<double>& categoriesIn) {
    std::vector<std::vector<double>> units;
    for (const auto& row : data)
        if (auto u = present(row); !u.empty()) units.push_back(std::move(u));
    if (units.empty()) return fail("no values");
    std::vector<double> categories = categoriesIn;
    std::sort(categories.begin(), categories.end());
    categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
    for (double seen : distinctValues(units)) {
        if (categoriesIn.empty()) categories.push_back(seen);
        else if (!std::binary_search(categories.begin(), categories.end(), seen))
            return fail("a value is not one of the given categories");
    }
    std::sort(categories.begin(), categories.end());
    categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
    size_t q = categories.size();
    if (q > kMaxCategories) return tooManyValues(q);
    if (q < 2) return fail("only one category: Gwet's AC is undefined");
    auto w = agreementWeights(categories, weights);
    double weightTotal = 0;
    for (double x : w) weightTotal += x;
    std::vector<double> pi(q, 0.0);
    double pa = 0;
    int rated2 = 0;
    double n = double(units.size());
    for (const auto& u : units) {
        std::map<size_t, double> r;  // r_ik for the categories present in this unit
        for (double x : u) r[indexOf(categories, x)] += 1;
        double ri = double(u.size());
        for (const auto& [k, rk] : r) pi[k] += rk / ri / n;
        if (u.size() < 2) continue;
        double sum = 0;
        for (const auto& [k, rk] : r) {
            double weighted = 0;  // r*_ik = Σ_l w_kl r_il
            for (const auto& [l, rl] : r) weighted += w[k * q + l] * rl;
            sum += rk * (weighted - 1);
        }
        pa += sum / (ri * (ri - 1));
        ++rated2;
    }
    if (rated2 == 0) return fail("no unit has two or more values");
    pa /= rated2;
    double spread = 0;
    for (double p : pi) spread += p * (1 - p);
    double pe = weightTotal * spread / (double(q) * double(q - 1));
    return chanceCorrected(pa, pe, rated2, int(q));
}

Result<IccResult> intraclassCorrelation(const RatingMatrix& data, IccModel model, bool average) {
    size_t k = 0;
    for (const auto& row : data) k = std::max(k, row.size());
    std::vector<std::vector<double>> rows;
    for (const auto& row : data) {
        auto u = present(row);
        if (u.size() == k && k > 0) rows.push_back(std::move(u));
    }
    size_t n = rows.size();
    if (n < 2 || k < 2) return fail("the intraclass correlation needs two or more targets rated by every one of two or more judges");
    double grand = 0;
    std::vector<double> targetMean(n, 0.0), judgeMean(k, 0.0);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < k; ++j) {
            grand += rows[i][j] / double(n * k);
            targetMean[i] += rows[i][j] / double(k);
            judgeMean[j] += rows[i][j] / double(n);
        }
    double total = 0, bss = 0, jss = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < k; ++j) total += (rows[i][j] - grand) * (rows[i][j] - grand);
    for (double t : targetMean) bss += double(k) * (t - grand) * (t - grand);
    for (double j : judgeMean) jss += double(n) * (j - grand) * (j - grand);
    double wss = total - bss, ess = wss - jss;
    IccResult r;
    r.targets = int(n);
    r.judges = int(k);
    double dn = double(n), dk = double(k);
    r.bms = bss / (dn - 1);
    r.wms = wss / (dn * (dk - 1));
    r.jms = jss / (dk - 1);
    r.ems = ess / ((dn - 1) * (dk - 1));
    double num = 0, den = 0;
    switch (model) {
    case IccModel::OneWay:
        num = r.bms - r.wms;
        den = average ? r.bms : r.bms + (dk - 1) * r.wms;
        break;
    case IccModel::TwoWayRandom:
        num = r.bms - r.ems;
        den = average ? r.bms + (r.jms - r.ems) / dn : r.bms + (dk - 1) * r.ems + dk * (r.jms - r.ems) / dn;
        break;
    case IccModel::TwoWayMixed:
        num = r.bms - r.ems;
        den = average ? r.bms : r.bms + (dk - 1) * r.ems;
        break;
    }
    if (std::fabs(den) < 1e-12) return fail("the intraclass correlation is undefined: the ratings do not vary");
    r.value = num / den;
    return r;
}

} // namespace simdesk
