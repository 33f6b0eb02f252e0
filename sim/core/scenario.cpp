#include "scenario.hpp"

#include <algorithm>
#include <cstdio>

namespace simdesk {

std::string_view channelName(Channel channel) {
    switch (channel) {
    case Channel::Email: return "email";
    case Channel::Chat: return "chat";
    case Channel::Phone: return "phone";
    case Channel::Social: return "social";
    }
    return "?";
}

std::string_view priorityName(Priority priority) {
    static constexpr std::string_view names[] = {"P1", "P2", "P3", "P4"};
    return names[static_cast<int>(priority)];
}

std::string_view nodeKindName(NodeKind kind) {
    static constexpr std::string_view names[] = {"message", "choice", "free_text", "handoff", "ending"};
    return names[static_cast<int>(kind)];
}

std::string_view resolutionName(Resolution resolution) {
    static constexpr std::string_view names[] = {"resolved", "escalated", "pending", "unresolved", "lost"};
    return names[static_cast<int>(resolution)];
}

std::optional<Channel> parseChannel(std::string_view name) {
    for (auto c : {Channel::Email, Channel::Chat, Channel::Phone, Channel::Social})
        if (channelName(c) == name) return c;
    return std::nullopt;
}

std::optional<Priority> parsePriority(std::string_view name) {
    for (auto p : {Priority::P1, Priority::P2, Priority::P3, Priority::P4})
        if (priorityName(p) == name) return p;
    return std::nullopt;
}

std::optional<size_t> Scenario::findNode(std::string_view id) const {
    auto it = nodeIndex.find(id);
    if (it == nodeIndex.end()) return std::nullopt;
    return it->second;
}

const VariableDecl* Scenario::findVariable(std::string_view name) const {
    for (const auto& v : variables)
        if (v.name == name) return &v;
    return nullptr;
}

Variables Scenario::initialVariables() const {
    Variables vars;
    for (const auto& v : variables) vars[v.name] = v.initial;
    return vars;
}

std::string contentHash(std::string_view bytes) {
    uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    char out[32];
    std::snprintf(out, sizeof out, "fnv1a64:%016llx", static_cast<unsigned long long>(hash));
    return out;
}

Value applyEffect(const VariableDecl& decl, const Value& current, const Effect& effect) {
    if (effect.op == Effect::Op::Set) {
        if (auto i = std::get_if<int64_t>(&effect.value)) return std::clamp(*i, decl.min, decl.max);
        return effect.value;
    }
    int64_t base = std::get<int64_t>(current);
    int64_t delta = std::get<int64_t>(effect.value);
    // Saturate rather than overflow: values are clamped to the declared range anyway.
    int64_t sum = 0;
    if (__builtin_add_overflow(base, delta, &sum)) sum = delta > 0 ? decl.max : decl.min;
    return std::clamp(sum, decl.min, decl.max);
}

int clampMood(int mood) { return std::clamp(mood, kMinMood, kMaxMood); }

std::string_view baseScenarioId(std::string_view id) {
    size_t cut = id.rfind("--");
    if (cut == std::string_view::npos || cut == 0 || id.size() - cut - 2 == 0 || id.size() - cut - 2 > 8) return id;
    for (char c : id.substr(cut + 2))
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return id;
    return id.substr(0, cut);
}

} // namespace simdesk
