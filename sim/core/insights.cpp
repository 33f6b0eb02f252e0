#include "insights.hpp"

#include "analysis.hpp"
#include "scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

namespace simdesk::insights {

namespace {

constexpr int64_t kDay = 86400;

bool countsForScores(const PlayRecord& p) { return p.scored && p.finishedAt.has_value(); }

void summarise(TrendSeries& series) {
    if (series.points.empty()) return;
    double sum = 0;
    for (const auto& p : series.points) sum += p.percent;
    series.first = series.points.front().percent;
    series.last = series.points.back().percent;
    series.mean = sum / static_cast<double>(series.points.size());
    series.change = series.last - series.first;
}

/// Plays in the order a trainee made them: by start, then session id (ties on a fast clock).
std::vector<const PlayRecord*> inPlayOrder(const std::vector<PlayRecord>& plays) {
    std::vector<const PlayRecord*> out;
    out.reserve(plays.size());
    for (const auto& p : plays) out.push_back(&p);
    std::stable_sort(out.begin(), out.end(), [](const PlayRecord* a, const PlayRecord* b) {
        return std::tie(a->startedAt, a->sessionId) < std::tie(b->startedAt, b->sessionId);
    });
    return out;
}

/// Midnight UTC of the day `at` falls on. Floor division, so a play before 1970 still lands on its
/// own day.
int64_t dayOf(int64_t at) { return (at >= 0 ? at / kDay : (at - kDay + 1) / kDay) * kDay; }

} // namespace

bool matches(const Filter& filter, const PlayRecord& play) {
    if (filter.since && play.startedAt < *filter.since) return false;
    if (filter.until && play.startedAt >= *filter.until) return false;
    if (!filter.trainee.empty() && play.trainee != filter.trainee) return false;
    if (!filter.scenario.empty() && play.scenarioId != filter.scenario) return false;
    if (!filter.team.empty() && play.team != filter.team) return false;
    if (!filter.scenarios.empty() &&
        std::find(filter.scenarios.begin(), filter.scenarios.end(), play.scenarioId) == filter.scenarios.end())
        return false;
    return true;
}

std::vector<PlayRecord> filtered(const std::vector<PlayRecord>& plays, const Filter& filter) {
    std::vector<PlayRecord> out;
    for (const auto& p : plays)
        if (matches(filter, p)) out.push_back(p);
    return out;
}

Trends scoreTrends(const std::vector<PlayRecord>& plays) {
    std::vector<ScoredPlay> scored;
    std::map<std::pair<std::string, int64_t>, TeamDay> days;  // (mode, day), summed in play order
    for (const PlayRecord* p : inPlayOrder(plays)) {
        if (!countsForScores(*p)) continue;
        scored.push_back({p->trainee, p->mode, p->startedAt, p->sessionId, p->percent, p->passed, p->passMark});
        TeamDay& day = days[{p->mode, dayOf(p->startedAt)}];
        day.mode = p->mode;
        day.day = dayOf(p->startedAt);
        day.sum += p->percent;
        ++day.plays;
    }
    std::vector<TeamDay> list;
    for (auto& [key, day] : days) list.push_back(std::move(day));
    return scoreTrends(scored, list);
}

Trends scoreTrends(const std::vector<ScoredPlay>& plays, const std::vector<TeamDay>& days) {
    Trends trends;
    std::map<std::pair<std::string, std::string>, TrendSeries> byTrainee;  // (name, mode)
    std::map<double, int> passMarks;
    for (const ScoredPlay& p : plays) {
        ++passMarks[p.passMark];
        TrendSeries& series = byTrainee[{p.trainee, p.mode}];
        series.who = p.trainee;
        series.mode = p.mode;
        series.points.push_back({p.startedAt, p.sessionId, p.percent, p.passed, 1});
    }
    // The pass mark most plays were scored against (the highest on a tie: the stricter line).
    int most = 0;
    for (const auto& [mark, count] : passMarks)
        if (count >= most) most = count, trends.passMark = mark;
    for (auto& [key, series] : byTrainee) {
        summarise(series);
        trends.trainees.push_back(std::move(series));
    }
    for (const TeamDay& day : days) {
        if (day.plays <= 0) continue;
        if (trends.team.empty() || trends.team.back().mode != day.mode) trends.team.push_back({"team", day.mode, {}, 0, 0, 0, 0});
        double mean = day.sum / day.plays;
        trends.team.back().points.push_back({day.day, 0, mean, mean + 1e-9 >= trends.passMark, day.plays});
    }
    for (auto& series : trends.team) summarise(series);
    return trends;
}

std::vector<CriterionStrength> weakestCriteria(const std::vector<PlayRecord>& plays) {
    std::map<std::string, CriterionTally> byId;
    for (const auto& p : plays) {
        if (!countsForScores(p)) continue;
        for (const auto& c : p.criteria) {
            if (!c.applicable || c.maxLevel <= 0) continue;
            auto& s = byId[c.id];
            s.id = c.id;
            if (s.title.empty()) s.title = c.title;
            s.shareSum += static_cast<double>(c.officialLevel) / c.maxLevel;
            ++s.plays;
        }
    }
    std::vector<CriterionTally> tallies;
    for (auto& [id, s] : byId) tallies.push_back(std::move(s));
    return weakestCriteria(std::move(tallies));
}

std::vector<CriterionStrength> weakestCriteria(std::vector<CriterionTally> tallies) {
    std::vector<CriterionStrength> out;
    for (auto& t : tallies)
        if (t.plays > 0) out.push_back({std::move(t.id), std::move(t.title), t.shareSum / t.plays, t.plays});
    std::sort(out.begin(), out.end(), [](const CriterionStrength& a, const CriterionStrength& b) {
        // Shares a database summed in another order differ in the last bits: those are a tie.
        if (std::abs(a.meanShare - b.meanShare) > 1e-12) return a.meanShare < b.meanShare;
        if (a.plays != b.plays) return a.plays > b.plays;
        return a.id < b.id;
    });
    return out;
}

ChoiceTally tallyChoices(const std::string& scenarioId, const std::vector<PlayRecord>& plays) {
    ChoiceTally tally;
    // node → choice → trainees (first play / later plays); node → trainees who reached it.
    std::map<std::pair<std::string, std::string>, std::pair<std::set<std::string>, std::set<std::string>>> picked;
    std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> reached;
    std::set<std::string> seenTrainees;
    for (const PlayRecord* p : inPlayOrder(plays)) {
        if (p->scenarioId != scenarioId) continue;
        ++tally.plays;
        bool isFirst = seenTrainees.insert(p->trainee).second;
        for (const auto& c : p->choices) {
            auto& who = picked[{c.nodeId, c.choiceId}];
            (isFirst ? who.first : who.second).insert(p->trainee);
            auto& at = reached[c.nodeId];
            (isFirst ? at.first : at.second).insert(p->trainee);
        }
    }
    tally.trainees = static_cast<int>(seenTrainees.size());
    for (const auto& [key, who] : picked)
        tally.picked[key] = {static_cast<int>(who.first.size()), static_cast<int>(who.second.size())};
    for (const auto& [node, who] : reached)
        tally.reached[node] = {static_cast<int>(who.first.size()), static_cast<int>(who.second.size())};
    return tally;
}

ScenarioChoices choiceAnalytics(const std::string& scenarioId, const std::vector<DecisionNode>& decisionNodes,
                                const std::map<std::string, std::string>& best, const std::vector<PlayRecord>& plays) {
    return choiceAnalytics(scenarioId, decisionNodes, best, tallyChoices(scenarioId, plays));
}

ScenarioChoices choiceAnalytics(const std::string& scenarioId, const std::vector<DecisionNode>& decisionNodes,
                                const std::map<std::string, std::string>& best, const ChoiceTally& tally) {
    ScenarioChoices out;
    out.scenarioId = scenarioId;
    out.trainees = tally.trainees;
    out.plays = tally.plays;
    for (const auto& node : decisionNodes) {
        NodeChoices n;
        n.nodeId = node.nodeId;
        n.prompt = node.prompt;
        if (auto it = tally.reached.find(node.nodeId); it != tally.reached.end())
            n.firstTrainees = it->second.first, n.laterTrainees = it->second.second;
        auto bestIt = best.find(node.nodeId);
        for (const auto& [id, text] : node.choices) {
            ChoiceCount c;
            c.choiceId = id;
            c.text = text;
            if (auto it = tally.picked.find({node.nodeId, id}); it != tally.picked.end())
                c.firstAttempt = it->second.first, c.laterAttempts = it->second.second;
            c.best = bestIt != best.end() && bestIt->second == id;
            n.choices.push_back(std::move(c));
        }
        out.nodes.push_back(std::move(n));
    }
    return out;
}

std::vector<TrackCertification> certificationSummary(const std::vector<TrackStandingRecord>& standings, int64_t now) {
    std::map<std::string, TrackCertification> byTrack;
    std::map<std::string, std::vector<double>> certifyDays;
    for (const auto& s : standings) {
        auto& track = byTrack[s.trackId];
        track.trackId = s.trackId;
        if (track.trackTitle.empty()) track.trackTitle = s.trackTitle;
        ++track.trainees;
        TraineePace pace;
        pace.trainee = s.trainee;
        pace.levels = s.levels;
        pace.levelsPassed = s.levelsPassed;
        pace.daysElapsed = static_cast<double>(now - s.startAt) / kDay;
        if (s.dueAt) pace.daysLeft = static_cast<double>(*s.dueAt - now) / kDay;
        if (s.certifiedAt) {
            pace.daysToCertify = static_cast<double>(*s.certifiedAt - s.startAt) / kDay;
            certifyDays[s.trackId].push_back(*pace.daysToCertify);
            ++track.certified;
        } else if (s.levels > 0) {
            if (s.levelsPassed > 0 && pace.daysElapsed > 0)
                pace.projectedDays = pace.daysElapsed * s.levels / s.levelsPassed;
            if (s.dueAt) {
                double window = static_cast<double>(*s.dueAt - s.startAt) / kDay;
                char buffer[160];
                if (*pace.daysLeft < 0) {
                    pace.atRisk = true;
                    std::snprintf(buffer, sizeof buffer, "overdue by %.0f days with %d of %d levels passed",
                                  -*pace.daysLeft, s.levelsPassed, s.levels);
                    pace.why = buffer;
                } else if (pace.projectedDays && *pace.projectedDays > window) {
                    pace.atRisk = true;
                    std::snprintf(buffer, sizeof buffer, "at this pace finishes on day %.0f of a %.0f-day window",
                                  *pace.projectedDays, window);
                    pace.why = buffer;
                } else if (s.levelsPassed == 0 && pace.daysElapsed > window / s.levels) {
                    pace.atRisk = true;
                    std::snprintf(buffer, sizeof buffer, "no level passed after %.0f days (one level should take %.0f)",
                                  pace.daysElapsed, window / s.levels);
                    pace.why = buffer;
                }
            }
        }
        if (pace.atRisk) ++track.atRisk;
        track.people.push_back(std::move(pace));
    }
    std::vector<TrackCertification> out;
    for (auto& [id, track] : byTrack) {
        auto& days = certifyDays[id];
        if (!days.empty()) {
            std::sort(days.begin(), days.end());
            double sum = 0;
            for (double d : days) sum += d;
            track.meanDaysToCertify = sum / static_cast<double>(days.size());
            size_t mid = days.size() / 2;
            track.medianDaysToCertify = days.size() % 2 ? days[mid] : (days[mid - 1] + days[mid]) / 2;
        }
        std::sort(track.people.begin(), track.people.end(), [](const TraineePace& a, const TraineePace& b) {
            if (a.atRisk != b.atRisk) return a.atRisk;
            return a.trainee < b.trainee;
        });
        out.push_back(std::move(track));
    }
    return out;
}

namespace {

/// Node indexes in the order a trainee meets them: breadth first from the start, then any the
/// graph never reaches (content order), so the report reads like the conversation.
std::vector<size_t> conversationOrder(const Scenario& scenario) {
    std::vector<size_t> order;
    std::vector<bool> seen(scenario.nodes.size(), false);
    auto visit = [&](size_t index) {
        if (index < seen.size() && !seen[index]) seen[index] = true, order.push_back(index);
    };
    visit(scenario.start);
    for (size_t i = 0; i < order.size(); ++i) {
        const Node& n = scenario.nodes[order[i]];
        for (const auto& c : n.choices) visit(c.next);
        for (const auto& t : n.next) visit(t.target);
        for (const auto& b : n.branches) visit(b.next);
        visit(n.defaultNext);
    }
    for (size_t i = 0; i < seen.size(); ++i) visit(i);
    return order;
}
} // namespace

ScenarioChoices scenarioChoices(const Scenario& scenario, const Rubric* rubric, const std::vector<PlayRecord>& plays) {
    return scenarioChoices(scenario, rubric, tallyChoices(scenario.id, plays));
}

ScenarioChoices scenarioChoices(const Scenario& scenario, const Rubric* rubric, const ChoiceTally& tally) {
    std::vector<DecisionNode> nodes;
    for (size_t index : conversationOrder(scenario)) {
        const Node& n = scenario.nodes[index];
        if (n.kind != NodeKind::Choice) continue;
        DecisionNode d{n.id, n.prompt.empty() ? n.text : n.prompt, {}};
        for (const auto& c : n.choices) d.choices.emplace_back(c.id, c.text);
        nodes.push_back(std::move(d));
    }
    std::map<std::string, std::string> best;
    ScenarioAnalysis analysis = analyzeScenario(scenario, rubric);
    if (analysis.best)
        for (const auto& step : analysis.best->path)
            if (!step.freeText) best[step.nodeId] = step.choiceId;
    return choiceAnalytics(scenario.id, nodes, best, tally);
}

} // namespace simdesk::insights
