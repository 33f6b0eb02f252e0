#include "standards.hpp"

#include <algorithm>
#include <cmath>

namespace simdesk {

ResponseStandard channelStandard(Channel channel) {
    switch (channel) {
    case Channel::Email: return {4 * 3600, "email: reply within 4 business hours (seed 004)"};
    case Channel::Chat: return {60, "live chat: respond within 60 seconds (seed 004)"};
    case Channel::Phone: return {120, "phone: no more than 2 minutes on hold (seed 004)"};
    case Channel::Social: return {2 * 3600, "social media: respond within 2 hours (seed 004)"};
    }
    return {60, ""};
}

int64_t priorityFirstResponseSeconds(Priority priority) {
    switch (priority) {
    case Priority::P1: return 1 * 3600;
    case Priority::P2: return 4 * 3600;
    case Priority::P3: return 24 * 3600;
    case Priority::P4: return 72 * 3600;
    }
    return 24 * 3600;
}

int64_t firstReplyTargetSeconds(Channel channel, Priority priority) {
    return std::min(channelStandard(channel).perReplySeconds, priorityFirstResponseSeconds(priority));
}

std::string formatDuration(double seconds) {
    auto total = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
    int64_t h = total / 3600, m = (total % 3600) / 60, s = total % 60;
    if (h > 0) return std::to_string(h) + " h" + (m ? " " + std::to_string(m) + " min" : "");
    if (m > 0) return std::to_string(m) + " min" + (s ? " " + std::to_string(s) + " s" : "");
    return std::to_string(s) + " s";
}

} // namespace simdesk
