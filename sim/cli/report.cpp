#include "report.hpp"

#include "core/standards.hpp"

#include <cstdio>
#include <ostream>

namespace simdesk::cli {

using nlohmann::json;

std::string formatPercent(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", value);
    return buffer;
}

std::string fixedPoint(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    // A value that rounds to zero is "0.0000", not "-0.0000" (a mean square of -1e-17 from rounding).
    std::string text = buffer;
    if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
    return text;
}

std::string shownName(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (size_t i = 0; i < name.size(); ++i) {
        auto byte = static_cast<unsigned char>(name[i]);
        bool c1 = byte == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) >= 0x80 &&
                  static_cast<unsigned char>(name[i + 1]) <= 0x9F;
        if (byte >= 0x20 && byte != 0x7F && !c1) {
            out += name[i];
            continue;
        }
        char code[8];
        std::snprintf(code, sizeof code, "\\x%02x", c1 ? static_cast<unsigned char>(name[++i]) : byte);
        out += code;
    }
    return out;
}

namespace {

std::string padRight(std::string text, size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
}

/// The first sentence or so of a long feedback text, so evidence lines stay scannable.
std::string brief(const std::string& text, size_t limit = 110) {
    if (text.size() <= limit) return text;
    size_t cut = text.rfind(' ', limit);
    return text.substr(0, cut == std::string::npos ? limit : cut) + " …";
}

std::string formatCount(double count) {
    char buffer[48];
    if (count < 1e15) std::snprintf(buffer, sizeof buffer, "%.0f", count);
    else std::snprintf(buffer, sizeof buffer, "%.3g", count);
    return buffer;
}

void printPath(std::ostream& out, const std::vector<PathStep>& path) {
    for (size_t i = 0; i < path.size(); ++i) {
        const PathStep& step = path[i];
        out << "    " << (i + 1) << ". " << step.nodeId << " → ";
        if (!step.freeText) {
            out << step.choiceId << "\n";
            continue;
        }
        out << "a reply matching ";
        if (step.rulesMatched.empty()) out << "no rule";
        for (size_t r = 0; r < step.rulesMatched.size(); ++r) out << (r ? ", " : "") << step.rulesMatched[r];
        out << "\n";
    }
}

} // namespace

void printScenarioHeader(std::ostream& out, const Scenario& s) {
    out << s.title << "  (" << s.id << " " << s.version << " · " << channelName(s.channel) << " · "
        << priorityName(s.priority) << " · " << s.category << ")\n";
    out << "Customer: " << s.persona.name << ", " << s.persona.company << " (" << s.persona.tier << ", "
        << s.persona.temperament << "), mood " << s.persona.startingMood << "/100\n";
    out << "Standard: " << channelStandard(s.channel).text << "; first reply within "
        << formatDuration(static_cast<double>(firstReplyTargetSeconds(s.channel, s.priority))) << " for "
        << priorityName(s.priority) << "\n\n";
}

void printEntry(std::ostream& out, const Scenario& s, const TranscriptEntry& e, std::string_view agentName) {
    const std::string text = e.kind == EntryKind::TraineeReply ? e.text : fillAgentName(e.text, agentName);
    switch (e.kind) {
    case EntryKind::Customer:
        out << "[" << s.persona.name << "] " << text << "   (mood " << e.moodAfter << ")\n";
        break;
    case EntryKind::TraineeChoice:
    case EntryKind::TraineeReply:
        out << "[you · " << formatDuration(e.seconds) << "] " << text << "\n";
        break;
    case EntryKind::Handoff:
        out << "[hand-off to " << e.handoffTo << "] " << text << "\n";
        break;
    case EntryKind::Ending:
        if (auto index = s.findNode(e.nodeId))
            out << "[ending: " << resolutionName(s.node(*index).resolution) << "] " << text << "\n";
        break;
    }
}

void printFeedback(std::ostream& out, const std::vector<TurnFeedback>& feedback) {
    for (const auto& f : feedback) {
        out << "    " << (f.critical ? "CRITICAL: " : "feedback: ") << f.text;
        if (!f.cite.empty()) out << " [" << f.cite << "]";
        out << "\n";
    }
}

void printTranscript(std::ostream& out, const Scenario& scenario, const Transcript& transcript,
                     std::string_view agentName) {
    for (const auto& e : transcript.entries) printEntry(out, scenario, e, agentName);
}

void printScoreCard(std::ostream& out, const ScoreCard& card, const Scenario& scenario, const Transcript& transcript) {
    out << "\nScore (rubric " << card.rubricId << " " << card.rubricVersion << "): " << card.verdict() << "\n";
    if (!card.outcome.empty()) out << "Outcome: " << card.outcome << " (" << resolutionName(card.resolution) << ")\n";
    for (const auto& note : card.notes) out << "Note: " << note << "\n";
    if (card.criticalErrors.empty()) {
        out << "Critical errors: none\n";
    } else {
        out << "Critical errors:\n";
        for (const auto& e : card.criticalErrors) {
            out << "  turn " << e.turn << " (" << e.nodeId << " → " << e.sourceId << "): " << e.reason << "\n";
            if (!e.explanation.empty()) out << "      " << e.explanation << "\n";
        }
    }
    if (auto failed = card.failedTypedTurns(); !failed.empty()) {
        out << "Typed replies that failed (" << kTypedTurnRule << "):\n";
        for (const TypedTurnCheck* t : failed) {
            out << "  " << describeFailedTurn(*t) << "\n";
            if (t->noSubstance.empty())
                for (const auto& point : t->missedPoints) out << "    - " << point << "\n";
        }
    }
    out << "\nCriteria:\n";
    for (const auto& c : card.criteria) {
        char weight[16];
        std::snprintf(weight, sizeof weight, "w%g", c.weight);
        out << "  " << padRight(c.title, 34) << padRight(weight, 5);
        if (!c.applicable) {
            out << "N/A (" << (card.naRule == NaRule::Exclude ? "left out of the score" : "counted as a pass")
                << ")\n";
            continue;
        }
        out << "level " << c.level << "/" << (c.levels - 1) << "  " << formatPercent(100 * c.fraction) << "\n";
        out << "      \"" << c.anchor << "\"\n";
        for (const auto& e : c.evidence) {
            out << "      turn " << e.turn << " " << evidenceSourceName(e.source);
            if (!e.sourceId.empty()) out << " " << e.sourceId;
            out << ": " << e.level << "/" << e.maxLevel << " — " << brief(e.note);
            if (!e.spans.empty() && e.entryIndex < transcript.entries.size()) {
                const std::string& text = transcript.entries[e.entryIndex].text;
                out << " [";
                for (size_t i = 0; i < e.spans.size(); ++i)
                    out << (i ? ", " : "") << "\"" << text.substr(e.spans[i].begin, e.spans[i].end - e.spans[i].begin)
                        << "\"@" << e.spans[i].begin;
                out << "]";
            }
            out << "\n";
        }
    }
    size_t onTime = 0;
    for (const auto& t : card.responseTimes) onTime += t.withinStandard ? 1 : 0;
    out << "\nResponse times: " << onTime << " of " << card.responseTimes.size() << " replies within "
        << channelStandard(scenario.channel).text << "\n";
}

void printAnalysis(std::ostream& out, const Scenario& s, const Rubric* rubric, const ScenarioAnalysis& a) {
    size_t endings = 0, reachable = 0;
    for (size_t i = 0; i < s.nodes.size(); ++i) {
        endings += s.nodes[i].kind == NodeKind::Ending ? 1 : 0;
        reachable += a.nodeReachable[i] ? 1 : 0;
    }
    out << s.title << " (" << s.id << " " << s.version << ")\n";
    out << "Nodes: " << s.nodes.size() << " (" << reachable << " reachable), states explored: " << a.stateCount
        << ", transitions: " << a.edgeCount
        << (a.precision == AnalysisPrecision::ConditionsIgnored ? " (too many: conditions ignored; scores are bounds)"
            : a.precision == AnalysisPrecision::RepliesSampled
                ? " (too many: conditions ignored and typed turns sampled; scores are bounds)"
                : "")
        << "\n";
    out << "Endings: " << a.reachableEndings.size() << " of " << endings << " reachable";
    for (size_t i : a.reachableEndings)
        out << (i == a.reachableEndings.front() ? ": " : ", ") << s.nodes[i].id << " ("
            << resolutionName(s.nodes[i].resolution) << ")";
    out << "\n";
    for (size_t i : a.unreachableEndings) out << "  never reached: " << s.nodes[i].id << "\n";
    out << "Paths to an ending: " << (a.pathCountUnbounded ? "unbounded (the conversation can loop); " : "")
        << (a.pathCountUnbounded ? "loop-free paths counted: " : "") << formatCount(a.pathCount) << "\n";
    if (!rubric || !a.best) {
        out << "Scores: not estimated (no usable rubric or no reachable ending)\n";
        return;
    }
    auto range = [&](const ScoreEstimate& e, const char* name, const char* side) {
        out << name << " score: " << formatPercent(e.pathScore);
        if (e.exact) out << " (exact)";
        else out << " on the path below; proven " << side << " " << formatPercent(e.bound) << " (bound)";
        if (e.critical) out << ", with a critical error";
        out << " → ending " << e.endingId << "\n";
    };
    range(*a.best, "Best", "at most");
    range(*a.worst, "Worst", "at least");
    out << "Passing (" << formatPercent(rubric->passThreshold) << "): "
        << (a.passing == PassingPath::Exists ? "possible" : a.passing == PassingPath::Impossible ? "impossible" : "not proven")
        << "\n";
    out << "Best path:\n";
    printPath(out, a.best->path);
    out << "Worst path:\n";
    printPath(out, a.worst->path);
    out << "Criteria (best / worst achievable on paths that rate them):\n";
    for (size_t c = 0; c < a.criteria.size(); ++c) {
        const CriterionRange& r = a.criteria[c];
        const Criterion& criterion = rubric->criteria[c];
        out << "  " << padRight(criterion.title, 34);
        if (!r.rateable) {
            out << "never rated (always N/A)\n";
            continue;
        }
        out << "best level " << r.bestLevel << "/" << criterion.maxLevel() << (r.bestExact ? "" : " (bound)")
            << ", worst level " << r.worstLevel << "/" << criterion.maxLevel() << (r.worstExact ? "" : " (bound)")
            << (r.avoidable ? ", N/A on some paths" : "") << "\n";
    }
}

json analysisToJson(const Scenario& s, const ScenarioAnalysis& a) {
    auto ids = [&](const std::vector<size_t>& nodes) {
        json list = json::array();
        for (size_t i : nodes) list.push_back(s.nodes[i].id);
        return list;
    };
    auto pathJson = [](const std::vector<PathStep>& path) {
        json list = json::array();
        for (const auto& step : path) {
            json j = {{"node", step.nodeId}};
            if (step.freeText) j["rules_matched"] = step.rulesMatched;
            else j["choice"] = step.choiceId;
            list.push_back(std::move(j));
        }
        return list;
    };
    auto estimateJson = [&](const ScoreEstimate& e) {
        return json{{"path_score", e.pathScore}, {"bound", e.bound}, {"exact", e.exact}, {"critical", e.critical},
                    {"ending", e.endingId}, {"path", pathJson(e.path)}};
    };
    std::vector<size_t> unreachable;
    for (size_t i = 0; i < s.nodes.size(); ++i)
        if (!a.nodeReachable[i]) unreachable.push_back(i);
    json out = {{"scenario", s.id},
                {"version", s.version},
                {"nodes", s.nodes.size()},
                {"states", a.stateCount},
                {"transitions", a.edgeCount},
                {"approximate", a.approximate},
                {"precision", a.precision == AnalysisPrecision::Exact               ? "exact"
                              : a.precision == AnalysisPrecision::ConditionsIgnored ? "conditions_ignored"
                                                                                    : "replies_sampled"},
                {"reachable_endings", ids(a.reachableEndings)},
                {"unreachable_endings", ids(a.unreachableEndings)},
                {"unreachable_nodes", ids(unreachable)},
                {"dead_ends", ids(a.deadEnds)},
                {"trapped", ids(a.trapped)},
                {"path_count", a.pathCount},
                {"path_count_unbounded", a.pathCountUnbounded}};
    if (a.best) {
        out["best"] = estimateJson(*a.best);
        out["worst"] = estimateJson(*a.worst);
        out["passing"] = a.passing == PassingPath::Exists ? "possible"
                         : a.passing == PassingPath::Impossible ? "impossible" : "not_proven";
        json criteria = json::array();
        for (const auto& r : a.criteria)
            criteria.push_back({{"id", r.id}, {"rateable", r.rateable}, {"avoidable", r.avoidable}, {"best", r.best},
                                {"worst", r.worst}, {"best_level", r.bestLevel}, {"worst_level", r.worstLevel},
                                {"best_exact", r.bestExact}, {"worst_exact", r.worstExact}});
        out["criteria"] = std::move(criteria);
    }
    return out;
}

} // namespace simdesk::cli
