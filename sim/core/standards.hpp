// Service standards from seed 004 that scoring needs as numbers: response times per channel and
// first-response targets per priority.
#pragma once

#include "scenario.hpp"

#include <string>

namespace simdesk {

struct ResponseStandard {
    int64_t perReplySeconds;  ///< the channel's standard for every reply
    std::string text;         ///< how the standard is worded, for feedback
};

/// Email: 4 business hours; chat: 60 s; phone: at most 2 minutes on hold; social: 2 hours.
ResponseStandard channelStandard(Channel channel);

/// P1 1 h, P2 4 h, P3 24 h, P4 72 h (first response).
int64_t priorityFirstResponseSeconds(Priority priority);

/// The first reply must meet both the channel standard and the priority target: the stricter wins.
int64_t firstReplyTargetSeconds(Channel channel, Priority priority);

/// "45 s", "3 min 20 s", "4 h 5 min".
std::string formatDuration(double seconds);

} // namespace simdesk
