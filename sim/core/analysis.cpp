#include "analysis.hpp"
#include "scoring.hpp"
#include "text_rules.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>
#include <queue>
#include <set>
#include <unordered_map>

namespace simdesk {

namespace {

// ---------------------------------------------------------------------------------------------
// The state graph
// ---------------------------------------------------------------------------------------------

struct Observation {
    int criterion;    ///< index into the rubric's criteria
    double fraction;  ///< level / top level
    bool operator==(const Observation&) const = default;
};

struct Edge {
    uint32_t from = 0, to = 0;
    int choice = -1;        ///< choice index, or -1
    uint32_t ruleMask = 0;  ///< free-text turns: bit i set when rule i matches
    bool trainee = false;   ///< a decision the trainee makes
    bool timed = false;     ///< a reply held to the response-time standard (not an internal action)
    bool critical = false;
    bool reachOnly = false; ///< sampled typed turns: a way to a branch no sampled reply takes, for reachability only
    std::vector<Observation> observations;
};

struct StateGraph {
    std::vector<size_t> nodeOf;  ///< state → node index
    std::vector<Edge> edges;
    std::vector<std::vector<uint32_t>> out, in;
    bool approximate = false;
};

constexpr int kMaxEnumeratedRules = 8;  // 2^8 reply outcomes per free-text turn at most

class GraphBuilder {
public:
    GraphBuilder(const Scenario& scenario, const Rubric* rubric, AnalysisPrecision precision)
        : s_(scenario), rubric_(rubric), abstract_(precision != AnalysisPrecision::Exact),
          sampleReplies_(precision == AnalysisPrecision::RepliesSampled) {
        if (!abstract_) findRelevantVariables();
    }

    /// False when the state graph is over either cap; it stops growing there, so memory stays bounded.
    bool build(StateGraph& g) {
        State initial;
        initial.node = s_.start;
        initial.mood = moodRelevant_ ? clampMood(s_.persona.startingMood) : 0;
        for (const auto& name : relevant_) initial.vars[name] = s_.findVariable(name)->initial;
        intern(initial, g);
        for (size_t i = 0; i < states_.size(); ++i) {
            // Sampled typed turns give a graph no larger than the content itself, so no cap applies.
            if (!sampleReplies_ && overCaps(g)) return false;
            expand(static_cast<uint32_t>(i), g);
        }
        g.out.assign(states_.size(), {});
        g.in.assign(states_.size(), {});
        for (uint32_t e = 0; e < g.edges.size(); ++e) {
            g.out[g.edges[e].from].push_back(e);
            g.in[g.edges[e].to].push_back(e);
        }
        return true;
    }

private:
    /// A state holds a value per relevant variable, so the state cap counts values as well.
    bool overCaps(const StateGraph& g) const {
        return states_.size() > kMaxAnalysisStates || g.edges.size() > kMaxAnalysisEdges ||
               states_.size() * (1 + relevant_.size()) > kMaxAnalysisStateValues;
    }

    struct State {
        size_t node = 0;
        int mood = 0;
        Variables vars;
    };

    const Scenario& s_;
    const Rubric* rubric_;
    bool abstract_;
    bool sampleReplies_;
    std::set<std::string, std::less<>> relevant_;
    bool moodRelevant_ = false;
    std::vector<State> states_;
    std::unordered_map<std::string, uint32_t> index_;

    void findRelevantVariables() {
        std::vector<std::string> names;
        auto visit = [&](const ExpressionPtr& e) {
            if (e) collectVariables(*e, names);
        };
        for (const auto& node : s_.nodes) {
            for (const auto& t : node.next) visit(t.condition);
            for (const auto& c : node.choices) visit(c.condition);
        }
        for (const auto& n : names) {
            if (n == "mood") moodRelevant_ = true;
            else if (s_.findVariable(n)) relevant_.insert(n);
        }
    }

    std::string key(const State& st) const {
        std::string k = std::to_string(st.node) + ":" + std::to_string(st.mood);
        for (const auto& [name, value] : st.vars) k += "|" + describeValue(value);
        return k;
    }

    uint32_t intern(const State& st, StateGraph& g) {
        auto [it, inserted] = index_.emplace(key(st), static_cast<uint32_t>(states_.size()));
        if (inserted) {
            states_.push_back(st);
            g.nodeOf.push_back(st.node);
        }
        return it->second;
    }

    /// nullopt: unknown (abstract mode).
    std::optional<bool> holds(const ExpressionPtr& condition, const State& st) const {
        if (!condition) return true;
        if (abstract_) return std::nullopt;
        return evaluateCondition(*condition, [&](std::string_view name) -> Value {
            if (name == "mood") return Value(int64_t{st.mood});
            auto it = st.vars.find(name);
            return it == st.vars.end() ? Value(false) : it->second;
        });
    }

    void addObservations(const Points& points, Edge& edge) const {
        if (!rubric_) return;
        for (const auto& [id, level] : points) {
            for (size_t c = 0; c < rubric_->criteria.size(); ++c) {
                const Criterion& criterion = rubric_->criteria[c];
                if (criterion.id != id || criterion.autoRating != AutoRating::None) continue;
                int clamped = std::clamp(level, 0, criterion.maxLevel());
                edge.observations.push_back({static_cast<int>(c), double(clamped) / criterion.maxLevel()});
                if (criterion.critical && clamped == 0) edge.critical = true;
            }
        }
    }

    void addEdge(StateGraph& g, uint32_t from, const State& target, Edge edge) {
        edge.from = from;
        edge.to = intern(target, g);
        g.edges.push_back(std::move(edge));
    }

    void expand(uint32_t id, StateGraph& g) {
        const State st = states_[id];  // copy: interning may reallocate states_
        const Node& node = s_.node(st.node);
        switch (node.kind) {
        case NodeKind::Ending: return;
        case NodeKind::Message:
        case NodeKind::Handoff: {
            State next = st;
            if (node.kind == NodeKind::Message && moodRelevant_) next.mood = clampMood(st.mood + node.moodDelta);
            for (const auto& t : node.next) {
                auto h = holds(t.condition, next);
                if (h == false || t.target == kNoNode) continue;
                State to = next;
                to.node = t.target;
                addEdge(g, id, to, Edge{});
                if (h == true) break;  // first true transition wins
            }
            return;
        }
        case NodeKind::Choice:
            for (size_t c = 0; c < node.choices.size(); ++c) {
                const Choice& choice = node.choices[c];
                if (holds(choice.condition, st) == false || choice.next == kNoNode) continue;
                State to = st;
                to.node = choice.next;
                if (moodRelevant_) to.mood = clampMood(st.mood + choice.moodDelta);
                for (const auto& effect : choice.effects)
                    if (relevant_.count(effect.variable))
                        to.vars[effect.variable] =
                            applyEffect(*s_.findVariable(effect.variable), to.vars[effect.variable], effect);
                Edge edge;
                edge.choice = static_cast<int>(c);
                edge.trainee = true;
                edge.timed = !node.internal;
                edge.critical = choice.critical.has_value();
                addObservations(choice.points, edge);
                addEdge(g, id, to, std::move(edge));
            }
            return;
        case NodeKind::FreeText:
            expandFreeText(id, st, node, g);
            return;
        }
    }

    std::vector<uint32_t> replyOutcomes(const Node& node) const {
        // Reply checks added from the rubric only take points away and never choose a branch:
        // the analysis of what a scenario can award leaves them unmatched.
        size_t k = static_cast<size_t>(std::count_if(node.rules.begin(), node.rules.end(), [](const TextRule& r) { return !r.inherited; }));
        std::vector<uint32_t> masks;
        if (k <= kMaxEnumeratedRules && !sampleReplies_) {
            for (uint32_t m = 0; m < (1u << k); ++m) masks.push_back(m);
            return masks;
        }
        // Too many rules to try every combination: nothing, everything, each branch's own, and the
        // best and the worst reply on the way to each branch (every rule that earns matched, or
        // every rule that costs), so the best and worst scores are among the outcomes tried.
        const size_t n = std::min<size_t>(k, 32);
        uint32_t good = 0, bad = 0;
        for (size_t r = 0; r < n; ++r) (earnsWhenMatched(node.rules[r]) ? good : bad) |= 1u << r;
        auto bitsOf = [&](const std::vector<std::string>& ids) {
            uint32_t m = 0;
            for (const auto& id : ids)
                for (size_t r = 0; r < n; ++r)
                    if (node.rules[r].id == id) m |= 1u << r;
            return m;
        };
        masks = {0, good, bad};
        if (k > 0) masks.push_back(0xFFFFFFFFu >> (32 - n));
        for (const auto& b : node.branches) {
            uint32_t required = bitsOf(b.required), forbidden = bitsOf(b.forbidden);
            masks.push_back(required);
            masks.push_back((required | good) & ~forbidden);
            masks.push_back((required | bad) & ~forbidden);
        }
        std::sort(masks.begin(), masks.end());
        masks.erase(std::unique(masks.begin(), masks.end()), masks.end());
        return masks;
    }

    /// Whether a reply that matches `rule` scores at least as well as one that does not: no
    /// critical error, and on each criterion its level is at least the level for missing it (or,
    /// with none for missing it, at least half the criterion's scale).
    bool earnsWhenMatched(const TextRule& rule) const {
        if (rule.critical || !rubric_) return false;
        for (const auto& [id, level] : rule.points) {
            const Criterion* criterion = rubric_->findCriterion(id);
            if (!criterion) continue;
            auto missing = rule.pointsIfMissing.find(id);
            if (missing != rule.pointsIfMissing.end() ? level < missing->second : 2 * level < criterion->maxLevel()) return false;
        }
        return true;
    }

    void expandFreeText(uint32_t id, const State& st, const Node& node, StateGraph& g) {
        std::set<std::tuple<uint32_t, bool, std::vector<std::pair<int, double>>>> seen;
        // One match per rule, built once: each outcome only flips `matched`. Building the vector
        // (and copying every rule id) per outcome was two thirds of loading the bundled library.
        std::vector<RuleMatch> matches;
        matches.reserve(node.rules.size());
        for (const TextRule& rule : node.rules) matches.push_back(RuleMatch{rule.id, false, {}, "", "", ""});
        for (uint32_t mask : replyOutcomes(node)) {
            Edge edge;
            edge.trainee = true;
            edge.timed = true;
            edge.ruleMask = mask;
            int mood = st.mood;
            for (size_t r = 0; r < node.rules.size(); ++r) {
                const TextRule& rule = node.rules[r];
                bool matched = !rule.inherited && r < 32 && (mask >> r) & 1u;
                matches[r].matched = matched;
                mood += matched ? rule.mood : rule.moodIfMissing;
                mood = clampMood(mood);
                addObservations(matched ? rule.points : rule.pointsIfMissing, edge);
                if (matched && rule.critical) edge.critical = true;
            }
            size_t target = chooseBranch(node, matches);
            if (target == kNoNode) continue;
            State to = st;
            to.node = target;
            if (moodRelevant_) to.mood = mood;
            uint32_t toId = intern(to, g);
            std::vector<std::pair<int, double>> signature;
            for (const auto& o : edge.observations) signature.emplace_back(o.criterion, o.fraction);
            if (!seen.insert({toId, edge.critical, signature}).second) continue;  // same outcome, fewer edges
            edge.from = id;
            edge.to = toId;
            g.edges.push_back(std::move(edge));
        }
        if (sampleReplies_) addReachOnlyEdges(id, st, node, g);
    }

    /// Some reply reaches each branch unless the sampled ones missed it: keep every branch reachable
    /// (an over-approximation, as ignoring conditions is) so no ending is wrongly called unreachable.
    void addReachOnlyEdges(uint32_t id, const State& st, const Node& node, StateGraph& g) {
        std::set<size_t> targets{node.defaultNext};
        for (const auto& b : node.branches) targets.insert(b.next);
        for (size_t target : targets) {
            if (target == kNoNode) continue;
            State to = st;
            to.node = target;
            Edge edge;
            edge.trainee = true;
            edge.timed = true;
            edge.reachOnly = true;
            addEdge(g, id, to, std::move(edge));
        }
    }
};

// ---------------------------------------------------------------------------------------------
// Searches
// ---------------------------------------------------------------------------------------------

using EdgeFilter = std::function<bool(const Edge&)>;

std::vector<bool> forwardReach(const StateGraph& g, uint32_t from, const EdgeFilter& allowed) {
    std::vector<bool> seen(g.nodeOf.size(), false);
    std::deque<uint32_t> queue{from};
    seen[from] = true;
    while (!queue.empty()) {
        uint32_t s = queue.front();
        queue.pop_front();
        for (uint32_t e : g.out[s]) {
            const Edge& edge = g.edges[e];
            if (!allowed(edge) || seen[edge.to]) continue;
            seen[edge.to] = true;
            queue.push_back(edge.to);
        }
    }
    return seen;
}

std::vector<bool> backwardReach(const StateGraph& g, const std::vector<bool>& targets, const EdgeFilter& allowed) {
    std::vector<bool> seen = targets;
    std::deque<uint32_t> queue;
    for (uint32_t s = 0; s < targets.size(); ++s)
        if (targets[s]) queue.push_back(s);
    while (!queue.empty()) {
        uint32_t s = queue.front();
        queue.pop_front();
        for (uint32_t e : g.in[s]) {
            const Edge& edge = g.edges[e];
            if (!allowed(edge) || seen[edge.from]) continue;
            seen[edge.from] = true;
            queue.push_back(edge.from);
        }
    }
    return seen;
}

/// Cheapest path from `start` to a target state over allowed edges; empty if none (or start is a target).
std::vector<uint32_t> cheapestPath(const StateGraph& g, uint32_t start, const std::vector<bool>& isEnding,
                                   const std::function<double(const Edge&)>& cost, const EdgeFilter& allowed) {
    size_t n = g.nodeOf.size();
    std::vector<double> dist(n, std::numeric_limits<double>::infinity());
    std::vector<int64_t> via(n, -1);
    std::vector<uint32_t> hops(n, 0);
    using Item = std::tuple<double, uint32_t, uint32_t>;  // cost, hops (fewer wins ties), state
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    dist[start] = 0;
    queue.push({0, 0, start});
    while (!queue.empty()) {
        auto [d, h, s] = queue.top();
        queue.pop();
        if (d > dist[s] || (d == dist[s] && h > hops[s])) continue;
        if (isEnding[s]) {
            std::vector<uint32_t> path;
            for (int64_t at = s; via[at] >= 0; at = g.edges[via[at]].from) path.push_back(static_cast<uint32_t>(via[at]));
            std::reverse(path.begin(), path.end());
            return path;
        }
        for (uint32_t e : g.out[s]) {
            const Edge& edge = g.edges[e];
            if (!allowed(edge)) continue;
            double nd = d + cost(edge);
            uint32_t nh = h + 1;
            if (nd < dist[edge.to] - 1e-12 || (std::abs(nd - dist[edge.to]) <= 1e-12 && nh < hops[edge.to])) {
                dist[edge.to] = nd;
                hops[edge.to] = nh;
                via[edge.to] = e;
                queue.push({nd, nh, edge.to});
            }
        }
    }
    return {};
}

/// Scores a path the way scoreTranscript would, with response times all on time (or all late).
double scorePath(const StateGraph& g, const std::vector<uint32_t>& path, const Rubric& rubric, bool onTime,
                 bool& critical) {
    std::vector<double> sum(rubric.criteria.size(), 0);
    std::vector<int> count(rubric.criteria.size(), 0);
    critical = false;
    int turns = 0;
    for (uint32_t e : path) {
        const Edge& edge = g.edges[e];
        critical = critical || edge.critical;
        turns += edge.timed ? 1 : 0;
        for (const auto& o : edge.observations) {
            sum[o.criterion] += o.fraction;
            ++count[o.criterion];
        }
    }
    std::vector<std::pair<double, std::optional<double>>> weighted;
    for (size_t c = 0; c < rubric.criteria.size(); ++c) {
        const Criterion& criterion = rubric.criteria[c];
        std::optional<double> fraction;
        if (criterion.autoRating == AutoRating::ResponseTime) {
            if (turns > 0) fraction = onTime ? 1.0 : 0.0;
            if (turns > 0 && !onTime && criterion.critical) critical = true;
        } else if (count[c] > 0) {
            fraction = sum[c] / count[c];
        }
        weighted.emplace_back(criterion.weight, fraction);
    }
    double computed = aggregatePercent(rubric.naRule, weighted);
    return critical && rubric.criticalRule == CriticalRule::ZeroScore ? 0.0 : computed;
}

/// The best (or worst) weighted mean any path could reach if every criterion independently took
/// its extreme value: an upper (lower) bound on the real scores.
double scoreBound(const Rubric& rubric, const std::vector<CriterionRange>& ranges, bool best) {
    std::vector<std::pair<double, double>> mandatory, optional;  // weight, value
    for (size_t c = 0; c < ranges.size(); ++c) {
        const CriterionRange& r = ranges[c];
        double w = rubric.criteria[c].weight;
        double extreme = best ? r.best : r.worst;
        if (rubric.naRule == NaRule::CountAsPass) {
            // N/A counts as full marks: the best case can always take it where a path avoids the criterion.
            double value = !r.rateable ? 1.0 : r.avoidable ? (best ? 1.0 : std::min(1.0, extreme)) : extreme;
            mandatory.emplace_back(w, value);
        } else if (r.rateable) {
            (r.avoidable ? optional : mandatory).emplace_back(w, extreme);
        }
    }
    double weight = 0, earned = 0;
    for (auto [w, v] : mandatory) {
        weight += w;
        earned += w * v;
    }
    std::sort(optional.begin(), optional.end(), [&](auto a, auto b) { return best ? a.second > b.second : a.second < b.second; });
    for (auto [w, v] : optional) {
        double average = weight > 0 ? earned / weight : (best ? -1.0 : 2.0);
        if (best ? v > average : v < average) {
            weight += w;
            earned += w * v;
        }
    }
    if (weight <= 0) return 0;
    return 100.0 * earned / weight;
}

std::vector<PathStep> describePath(const Scenario& s, const StateGraph& g, const std::vector<uint32_t>& path) {
    std::vector<PathStep> steps;
    for (uint32_t e : path) {
        const Edge& edge = g.edges[e];
        const Node& node = s.node(g.nodeOf[edge.from]);
        if (!edge.trainee) continue;
        PathStep step;
        step.nodeId = node.id;
        if (node.kind == NodeKind::Choice) {
            step.choiceId = node.choices[static_cast<size_t>(edge.choice)].id;
        } else {
            step.freeText = true;
            for (size_t r = 0; r < node.rules.size() && r < 32; ++r)
                if ((edge.ruleMask >> r) & 1u) step.rulesMatched.push_back(node.rules[r].id);
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

void countPaths(const StateGraph& g, const std::vector<bool>& live, const std::vector<bool>& isEnding,
                ScenarioAnalysis& out) {
    // Iterative DFS over live states; a back edge means a loop that can be repeated.
    size_t n = g.nodeOf.size();
    std::vector<double> paths(n, 0);
    std::vector<uint8_t> colour(n, 0);  // 0 new, 1 on stack, 2 done
    std::vector<std::pair<uint32_t, size_t>> stack{{0, 0}};
    colour[0] = 1;
    while (!stack.empty()) {
        auto& [s, i] = stack.back();
        if (i < g.out[s].size()) {
            const Edge& edge = g.edges[g.out[s][i++]];
            if (!live[edge.to]) continue;
            if (colour[edge.to] == 1) {
                out.pathCountUnbounded = true;
            } else if (colour[edge.to] == 0) {
                colour[edge.to] = 1;
                stack.push_back({edge.to, 0});
            }
            continue;
        }
        double total = isEnding[s] ? 1 : 0;
        for (uint32_t e : g.out[s])
            if (live[g.edges[e].to]) total += paths[g.edges[e].to];
        paths[s] = total;
        colour[s] = 2;
        stack.pop_back();
    }
    out.pathCount = live[0] ? paths[0] : 0;
}

void analyseCriteria(const StateGraph& g, const Rubric& rubric, const std::vector<bool>& live,
                     const std::vector<bool>& isEnding, ScenarioAnalysis& out) {
    auto isLive = [&](const Edge& e) { return live[e.from] && live[e.to] && !e.reachOnly; };
    bool anyTimed = false;
    for (const Edge& e : g.edges) anyTimed = anyTimed || (isLive(e) && e.timed);
    for (size_t c = 0; c < rubric.criteria.size(); ++c) {
        const Criterion& criterion = rubric.criteria[c];
        CriterionRange r;
        r.id = criterion.id;
        auto observed = [&](const Edge& e) -> std::optional<double> {
            for (const auto& o : e.observations)
                if (o.criterion == static_cast<int>(c)) return o.fraction;
            return std::nullopt;
        };
        if (criterion.autoRating == AutoRating::ResponseTime) {
            r.rateable = anyTimed;
            r.best = 1;
            r.worst = 0;
            r.bestExact = r.worstExact = anyTimed;
            auto avoid = forwardReach(g, 0, [&](const Edge& e) { return isLive(e) && !e.timed; });
            r.avoidable = false;
            for (size_t s = 0; s < avoid.size(); ++s)
                if (avoid[s] && isEnding[s]) r.avoidable = true;
        } else {
            r.best = 0;
            r.worst = 1;
            for (const Edge& e : g.edges) {
                if (!isLive(e)) continue;
                if (auto f = observed(e)) {
                    r.rateable = true;
                    r.best = std::max(r.best, *f);
                    r.worst = std::min(r.worst, *f);
                }
            }
            if (!r.rateable) r.worst = 0;
            auto avoid = forwardReach(g, 0, [&](const Edge& e) { return isLive(e) && !observed(e); });
            r.avoidable = false;
            for (size_t s = 0; s < avoid.size(); ++s)
                if (avoid[s] && isEnding[s]) r.avoidable = true;
            // Exact when some complete path rates the criterion only at its extreme value.
            auto exactAt = [&](double extreme) {
                EdgeFilter allowed = [&](const Edge& e) {
                    auto f = observed(e);
                    return isLive(e) && (!f || std::abs(*f - extreme) < 1e-12);
                };
                auto from = forwardReach(g, 0, allowed);
                auto to = backwardReach(g, isEnding, allowed);
                for (const Edge& e : g.edges) {
                    auto f = observed(e);
                    if (f && allowed(e) && from[e.from] && to[e.to]) return true;
                }
                return false;
            };
            if (r.rateable) {
                r.bestExact = exactAt(r.best);
                r.worstExact = exactAt(r.worst);
            }
        }
        r.bestLevel = static_cast<int>(std::lround(r.best * criterion.maxLevel()));
        r.worstLevel = static_cast<int>(std::lround(r.worst * criterion.maxLevel()));
        out.criteria.push_back(std::move(r));
    }
}

/// Under zero_score any critical error gives 0%: the worst path is the shortest way through one.
/// Otherwise the path that collects the fewest weighted points.
std::vector<uint32_t> worstPath(const StateGraph& g, const Rubric& rubric, const std::vector<bool>& live,
                                const std::vector<bool>& isEnding, const std::function<double(const Edge&)>& gain) {
    auto isLive = [&](const Edge& e) { return live[e.from] && live[e.to] && !e.reachOnly; };
    if (rubric.criticalRule == CriticalRule::ZeroScore) {
        std::vector<bool> beforeCritical(g.nodeOf.size(), false);
        for (const Edge& e : g.edges)
            if (isLive(e) && e.critical) beforeCritical[e.from] = true;
        auto hop = [](const Edge&) { return 1.0; };
        auto prefix = cheapestPath(g, 0, beforeCritical, hop, isLive);
        uint32_t at = prefix.empty() ? 0 : g.edges[prefix.back()].to;
        if (beforeCritical[at]) {
            for (uint32_t e : g.out[at]) {
                if (!g.edges[e].critical || !isLive(g.edges[e])) continue;
                prefix.push_back(e);
                auto rest = cheapestPath(g, g.edges[e].to, isEnding, hop, isLive);
                prefix.insert(prefix.end(), rest.begin(), rest.end());
                return prefix;
            }
        }
    }
    return cheapestPath(g, 0, isEnding, gain, isLive);
}

ScoreEstimate estimate(const Scenario& s, const StateGraph& g, const Rubric& rubric, const std::vector<bool>& live,
                       const std::vector<bool>& isEnding, const std::vector<CriterionRange>& ranges, bool best) {
    auto isLive = [&](const Edge& e) { return live[e.from] && live[e.to] && !e.reachOnly; };
    double totalWeight = 0;
    for (const auto& c : rubric.criteria) totalWeight += c.weight;
    // A critical error outweighs any number of points.
    double criticalCost = 1000.0 * (totalWeight + 1) * static_cast<double>(g.edges.size() + 1);
    auto loss = [&](const Edge& e) {
        double cost = e.critical ? criticalCost : 0;
        for (const auto& o : e.observations) cost += rubric.criteria[o.criterion].weight * (1 - o.fraction);
        return cost;
    };
    auto gain = [&](const Edge& e) {
        double cost = 0;
        for (const auto& o : e.observations) cost += rubric.criteria[o.criterion].weight * o.fraction;
        return cost;
    };
    ScoreEstimate result;
    std::vector<uint32_t> path;
    if (best) path = cheapestPath(g, 0, isEnding, loss, isLive);
    else path = worstPath(g, rubric, live, isEnding, gain);
    result.pathScore = scorePath(g, path, rubric, best, result.critical);
    result.path = describePath(s, g, path);
    if (!path.empty()) result.endingId = s.node(g.nodeOf[g.edges[path.back()].to]).id;
    else result.endingId = s.node(g.nodeOf[0]).id;

    result.bound = scoreBound(rubric, ranges, best);
    if (!best && rubric.criticalRule == CriticalRule::ZeroScore) {
        bool criticalReachable = std::any_of(g.edges.begin(), g.edges.end(),
                                             [&](const Edge& e) { return isLive(e) && e.critical; });
        if (criticalReachable) result.bound = 0;
    }
    result.exact = best ? result.pathScore >= result.bound - 1e-9 : result.pathScore <= result.bound + 1e-9;
    if (result.exact) result.bound = result.pathScore;
    return result;
}


/// With typed turns sampled, a criterion's level on some path may never appear on a sampled edge:
/// widen each range to every level the content can award it, and to "avoidable", so the bounds
/// computed from the ranges stay proven (looser, never wrong).
void widenToContent(const Scenario& s, const Rubric& rubric, std::vector<CriterionRange>& ranges) {
    auto widen = [&](const Points& points) {
        for (const auto& [id, level] : points)
            for (size_t c = 0; c < rubric.criteria.size(); ++c) {
                const Criterion& criterion = rubric.criteria[c];
                if (criterion.id != id || criterion.autoRating != AutoRating::None) continue;
                double fraction = double(std::clamp(level, 0, criterion.maxLevel())) / criterion.maxLevel();
                CriterionRange& r = ranges[c];
                if (!r.rateable) r.best = r.worst = fraction;
                r.rateable = true;
                r.best = std::max(r.best, fraction);
                r.worst = std::min(r.worst, fraction);
            }
    };
    for (const Node& node : s.nodes) {
        for (const Choice& choice : node.choices) widen(choice.points);
        for (const TextRule& rule : node.rules) {
            widen(rule.points);
            widen(rule.pointsIfMissing);
        }
    }
    for (size_t c = 0; c < ranges.size(); ++c) {
        CriterionRange& r = ranges[c];
        r.avoidable = true;
        r.bestExact = r.worstExact = false;
        r.bestLevel = static_cast<int>(std::lround(r.best * rubric.criteria[c].maxLevel()));
        r.worstLevel = static_cast<int>(std::lround(r.worst * rubric.criteria[c].maxLevel()));
    }
}

bool hasCriticalAct(const Scenario& s) {
    for (const Node& node : s.nodes) {
        for (const Choice& choice : node.choices)
            if (choice.critical) return true;
        for (const TextRule& rule : node.rules)
            if (rule.critical) return true;
    }
    return false;
}

/// The most precise state graph within the caps.
StateGraph buildGraph(const Scenario& scenario, const Rubric* rubric, AnalysisPrecision& precision) {
    for (auto p : {AnalysisPrecision::Exact, AnalysisPrecision::ConditionsIgnored}) {
        StateGraph g;
        if (GraphBuilder(scenario, rubric, p).build(g)) {
            precision = p;
            return g;
        }
    }
    precision = AnalysisPrecision::RepliesSampled;
    StateGraph g;
    GraphBuilder(scenario, rubric, precision).build(g);
    return g;
}

} // namespace

ScenarioAnalysis analyzeScenario(const Scenario& scenario, const Rubric* rubric) {
    ScenarioAnalysis out;
    StateGraph g = buildGraph(scenario, rubric, out.precision);
    out.approximate = out.precision != AnalysisPrecision::Exact;
    out.stateCount = g.nodeOf.size();
    out.edgeCount = g.edges.size();
    size_t n = g.nodeOf.size();
    std::vector<bool> isEnding(n);
    for (size_t s = 0; s < n; ++s) isEnding[s] = scenario.node(g.nodeOf[s]).kind == NodeKind::Ending;

    EdgeFilter all = [](const Edge&) { return true; };
    auto reachable = forwardReach(g, 0, all);
    auto canFinish = backwardReach(g, isEnding, all);
    std::vector<bool> live(n);
    for (size_t s = 0; s < n; ++s) live[s] = reachable[s] && canFinish[s];

    out.nodeReachable.assign(scenario.nodes.size(), false);
    std::set<size_t> deadEnds, trapped, endings;
    for (size_t s = 0; s < n; ++s) {
        if (!reachable[s]) continue;
        size_t node = g.nodeOf[s];
        out.nodeReachable[node] = true;
        if (isEnding[s]) endings.insert(node);
        else if (g.out[s].empty()) deadEnds.insert(node);
        else if (!canFinish[s]) trapped.insert(node);
    }
    out.deadEnds.assign(deadEnds.begin(), deadEnds.end());
    out.trapped.assign(trapped.begin(), trapped.end());
    out.reachableEndings.assign(endings.begin(), endings.end());
    for (size_t i = 0; i < scenario.nodes.size(); ++i)
        if (scenario.nodes[i].kind == NodeKind::Ending && !endings.count(i)) out.unreachableEndings.push_back(i);

    countPaths(g, live, isEnding, out);

    if (!rubric || !live[0]) return out;
    analyseCriteria(g, *rubric, live, isEnding, out);
    if (out.precision == AnalysisPrecision::RepliesSampled) widenToContent(scenario, *rubric, out.criteria);
    out.best = estimate(scenario, g, *rubric, live, isEnding, out.criteria, true);
    out.worst = estimate(scenario, g, *rubric, live, isEnding, out.criteria, false);

    const bool sampled = out.precision == AnalysisPrecision::RepliesSampled;
    if (sampled && rubric->criticalRule == CriticalRule::ZeroScore && hasCriticalAct(scenario)) {
        // A critical act may lie on an unsampled reply: only 0 % is a proven lower bound.
        out.worst->bound = 0;
        out.worst->exact = out.worst->pathScore <= 1e-9;
    }

    bool bestPasses = !out.best->critical && out.best->pathScore + 1e-9 >= rubric->passThreshold;
    auto clean = forwardReach(g, 0, [&](const Edge& e) { return live[e.from] && live[e.to] && !e.critical; });
    bool cleanEnding = sampled;  // unsampled replies may avoid every critical act
    for (size_t s = 0; s < n; ++s) cleanEnding = cleanEnding || (clean[s] && isEnding[s]);
    if (bestPasses) out.passing = PassingPath::Exists;
    else if (!cleanEnding || out.best->bound + 1e-9 < rubric->passThreshold) out.passing = PassingPath::Impossible;
    else if (out.best->exact) out.passing = PassingPath::Impossible;
    else out.passing = PassingPath::Unknown;
    return out;
}

} // namespace simdesk
