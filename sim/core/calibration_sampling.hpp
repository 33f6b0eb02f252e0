// Choosing the conversations of a calibration session: a lead picks them, or samples them at
// random or stratified (by scenario, track or score band) from the finished, scored ones.
// Pure and deterministic: the same pool, count and seed always give the same sample, on every
// platform (std::mt19937_64 is specified bit for bit; the draws avoid std::*_distribution, whose
// output differs between standard libraries), so a session's sampling can be reproduced later.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

/// A finished, scored conversation that could be calibrated.
struct SampleCandidate {
    int64_t id = 0;
    std::string scenario, track;   ///< track: empty when the scenario is on none
    std::optional<double> percent; ///< the official score; none when unscored
};

enum class Stratum { None, Scenario, Track, Band };
std::optional<Stratum> parseStratum(std::string_view name);  ///< "scenario", "track", "band"
std::string_view stratumName(Stratum by);

/// The score band a conversation falls in: "below 60", "60-79", "80-89", "90-100" or "unscored".
/// Bands follow where coaching decisions change (a fail, a pass, a strong pass, near perfect).
std::string scoreBand(std::optional<double> percent);

/// The stratum of a candidate for `by` (the scenario, the track, or the band; "" for None).
std::string stratumOf(const SampleCandidate& candidate, Stratum by);

/// How many of `count` each stratum gets, strata in name order: proportional to its size, floors
/// first, then the remaining places to the largest remainders (ties: the earlier name). Every
/// stratum's share is at most its size.
std::vector<std::pair<std::string, int>> stratumQuotas(const std::vector<SampleCandidate>& pool, int count, Stratum by);

/// `count` conversation ids from `pool`, ascending. Random (Stratum::None) or stratified by
/// stratumQuotas, then random within each stratum. The pool's order does not matter. Fails for a
/// count below 1 or above the pool's size, or a pool with the same id twice.
Result<std::vector<int64_t>> sampleConversations(const std::vector<SampleCandidate>& pool, int count, uint64_t seed,
                                                 Stratum by);

/// "random 5 of 40, seed 7" or "5 of 40 stratified by track, seed 7": how a session was sampled.
std::string samplingDescription(int count, size_t poolSize, uint64_t seed, Stratum by);

/// A session's deadline is the end (UTC) of its last day of grading: "grade by the end of that day".
std::optional<int64_t> endOfGradingDay(std::string_view date);

/// The new deadline when a lead extends a session's grading to `date` ("YYYY-MM-DD"): refused, with
/// a sentence saying why, when it is not a date, when that day is already over at `now`, or when it
/// does not close after the session's `current` deadline.
Result<int64_t> extendedDeadline(std::string_view date, int64_t current, int64_t now);

} // namespace simdesk
