#include "coverage.hpp"

#include <algorithm>

namespace simdesk {

const std::vector<std::string>& scenarioTypes() {
    static const std::vector<std::string> types = {"product_question", "technical_issue", "usage_optimization",
                                                   "success_challenge", "expansion_inquiry"};
    return types;
}

const std::vector<std::string>& policyAreas() {
    static const std::vector<std::string> areas = {
        "response_time",      "escalation",       "privacy_security", "complaint_handling",
        "refund_return",      "cancellation_modification", "product_knowledge", "feedback",
        "social_media",       "multichannel",     "qa_monitoring",    "loyalty_program",
        "crisis_communication", "accessibility",  "language_support", "after_hours",
        "vip_handling",       "proactive_outreach", "self_service",   "onboarding"};
    return areas;
}

const std::vector<std::string>& escalationLevels() {
    static const std::vector<std::string> levels = {"L1", "L2", "L3", "management", "executive", "external"};
    return levels;
}

namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool hasHandoffTo(const Scenario& s, std::string_view level) {
    return std::any_of(s.nodes.begin(), s.nodes.end(),
                       [&](const Node& n) { return n.kind == NodeKind::Handoff && n.handoffTo == level; });
}

/// Scenarios satisfying `member` for each key, in the keys' order.
template <typename Member>
CoverageCounts count(const std::vector<ScenarioPtr>& scenarios, const std::vector<std::string>& keys, Member member) {
    CoverageCounts out;
    for (const auto& key : keys)
        out.emplace_back(key, static_cast<size_t>(std::count_if(scenarios.begin(), scenarios.end(),
                                                                [&](const ScenarioPtr& s) { return member(*s, key); })));
    return out;
}

void requireAll(const CoverageCounts& counts, const std::string& dimension, std::vector<std::string>& missing,
                const std::vector<std::string>& only = {}) {
    for (const auto& [key, n] : counts)
        if (n == 0 && (only.empty() || contains(only, key))) missing.push_back(dimension + ": " + key);
}

} // namespace

CoverageReport computeCoverage(const std::vector<ScenarioPtr>& scenarios) {
    CoverageReport r;
    r.scenarios = scenarios.size();
    std::vector<std::string> channels, priorities, categories;
    for (auto c : {Channel::Email, Channel::Chat, Channel::Phone, Channel::Social})
        channels.emplace_back(channelName(c));
    for (auto p : {Priority::P1, Priority::P2, Priority::P3, Priority::P4}) priorities.emplace_back(priorityName(p));
    for (const auto& s : scenarios)
        if (!contains(categories, s->category)) categories.push_back(s->category);
    std::sort(categories.begin(), categories.end());

    auto isCategory = [](const Scenario& s, const std::string& key) { return s.category == key; };
    auto hasArea = [](const Scenario& s, const std::string& key) { return contains(s.policyAreas, key); };
    r.channels = count(scenarios, channels, [](const Scenario& s, const std::string& k) { return channelName(s.channel) == k; });
    r.priorities = count(scenarios, priorities, [](const Scenario& s, const std::string& k) { return priorityName(s.priority) == k; });
    r.types = count(scenarios, scenarioTypes(), isCategory);
    r.categories = count(scenarios, categories, isCategory);
    r.areas = count(scenarios, policyAreas(), hasArea);
    r.escalation = count(scenarios, escalationLevels(), [](const Scenario& s, const std::string& k) { return hasHandoffTo(s, k); });

    auto row = [&](const std::string& key, auto member) {
        std::map<std::string, size_t> cells;
        for (const auto& channel : channels) cells[channel] = 0;
        for (const auto& s : scenarios)
            if (member(*s, key)) ++cells[std::string(channelName(s->channel))];
        r.categoryByChannel.emplace_back(key, std::move(cells));
    };
    for (const auto& type : scenarioTypes()) row(type, isCategory);
    for (const auto& area : policyAreas()) row(area, hasArea);

    requireAll(r.types, "scenario type", r.missing);
    requireAll(r.areas, "policy area", r.missing);
    requireAll(r.channels, "channel", r.missing);
    requireAll(r.priorities, "priority", r.missing);
    requireAll(r.escalation, "escalation", r.missing, {"L2", "L3", "management", "executive"});
    return r;
}

} // namespace simdesk
