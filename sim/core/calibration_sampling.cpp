#include "core/calibration_sampling.hpp"

#include "core/calendar.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace simdesk {

namespace {

/// A uniform index below `n` from 53 random bits: the same on every standard library.
size_t drawIndex(std::mt19937_64& rng, size_t n) {
    double unit = double(rng() >> 11) * 0x1.0p-53;
    return std::min(n - 1, static_cast<size_t>(unit * double(n)));
}

/// `k` of `ids` (sorted), by a partial Fisher–Yates shuffle.
std::vector<int64_t> drawWithoutReplacement(std::vector<int64_t> ids, int k, std::mt19937_64& rng) {
    for (int i = 0; i < k; ++i) std::swap(ids[size_t(i)], ids[size_t(i) + drawIndex(rng, ids.size() - size_t(i))]);
    ids.resize(size_t(k));
    return ids;
}

std::map<std::string, std::vector<int64_t>> strata(const std::vector<SampleCandidate>& pool, Stratum by) {
    std::map<std::string, std::vector<int64_t>> groups;
    for (const auto& c : pool) groups[stratumOf(c, by)].push_back(c.id);
    for (auto& [name, ids] : groups) std::sort(ids.begin(), ids.end());  // the pool's order must not matter
    return groups;
}

} // namespace

std::optional<Stratum> parseStratum(std::string_view name) {
    if (name == "scenario") return Stratum::Scenario;
    if (name == "track") return Stratum::Track;
    if (name == "band") return Stratum::Band;
    if (name.empty() || name == "none") return Stratum::None;
    return std::nullopt;
}

std::string_view stratumName(Stratum by) {
    switch (by) {
    case Stratum::Scenario: return "scenario";
    case Stratum::Track: return "track";
    case Stratum::Band: return "band";
    case Stratum::None: break;
    }
    return "none";
}

std::string scoreBand(std::optional<double> percent) {
    if (!percent) return "unscored";
    if (*percent < 60) return "below 60";
    if (*percent < 80) return "60-79";
    if (*percent < 90) return "80-89";
    return "90-100";
}

std::string stratumOf(const SampleCandidate& candidate, Stratum by) {
    switch (by) {
    case Stratum::Scenario: return candidate.scenario;
    case Stratum::Track: return candidate.track.empty() ? "(no track)" : candidate.track;
    case Stratum::Band: return scoreBand(candidate.percent);
    case Stratum::None: break;
    }
    return "";
}

std::vector<std::pair<std::string, int>> stratumQuotas(const std::vector<SampleCandidate>& pool, int count, Stratum by) {
    std::vector<std::pair<std::string, int>> quotas;
    if (pool.empty() || count < 1) return quotas;
    const auto groups = strata(pool, by);
    const double total = double(pool.size());
    std::vector<std::pair<double, size_t>> remainders;  // (remainder, stratum index)
    int given = 0;
    for (const auto& [name, ids] : groups) {
        double exact = count * double(ids.size()) / total;
        int floor = std::min(int(exact), int(ids.size()));
        quotas.emplace_back(name, floor);
        given += floor;
        remainders.emplace_back(exact - floor, quotas.size() - 1);
    }
    // Largest remainder first; a stable sort keeps name order among equal remainders.
    std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; given < count && i < remainders.size(); ++i) {
        auto& quota = quotas[remainders[i].second];
        if (quota.second < int(groups.at(quota.first).size())) ++quota.second, ++given;
    }
    return quotas;
}

Result<std::vector<int64_t>> sampleConversations(const std::vector<SampleCandidate>& pool, int count, uint64_t seed,
                                                 Stratum by) {
    if (count < 1) return fail("a sample needs at least one conversation");
    if (size_t(count) > pool.size())
        return fail("cannot sample " + std::to_string(count) + " conversations from " + std::to_string(pool.size()) +
                    " finished, scored one" + (pool.size() == 1 ? "" : "s"));
    std::set<int64_t> seen;
    for (const auto& c : pool)
        if (!seen.insert(c.id).second) return fail("conversation #" + std::to_string(c.id) + " is in the pool twice");
    std::mt19937_64 rng(seed);
    const auto groups = strata(pool, by);
    std::vector<int64_t> picked;
    for (const auto& [name, quota] : stratumQuotas(pool, count, by)) {
        auto drawn = drawWithoutReplacement(groups.at(name), quota, rng);
        picked.insert(picked.end(), drawn.begin(), drawn.end());
    }
    std::sort(picked.begin(), picked.end());
    return picked;
}

std::string samplingDescription(int count, size_t poolSize, uint64_t seed, Stratum by) {
    std::string of = std::to_string(count) + " of " + std::to_string(poolSize);
    if (by == Stratum::None) return "random " + of + ", seed " + std::to_string(seed);
    return of + " stratified by " + std::string(stratumName(by)) + ", seed " + std::to_string(seed);
}

std::optional<int64_t> endOfGradingDay(std::string_view date) {
    auto midnight = parseIsoDate(date);
    if (!midnight) return std::nullopt;
    return *midnight + 86400 - 1;
}

Result<int64_t> extendedDeadline(std::string_view date, int64_t current, int64_t now) {
    auto end = endOfGradingDay(date);
    if (!end) return fail("\"" + std::string(date) + "\" is not a date; give the new last day as YYYY-MM-DD");
    if (*end < now) return fail(std::string(date) + " is already over; the new last day is today (" + isoDate(now) + ") or later");
    if (*end <= current)
        return fail("grading already runs until the end of " + isoDate(current) + "; an extension is a later day");
    return *end;
}

} // namespace simdesk
