#include "validator.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace simdesk {

namespace {

void checkPoints(const Points& points, const std::string& pointer, const Rubric& rubric, const JsonDocument& doc,
                 std::vector<Diagnostic>& out) {
    for (const auto& [id, level] : points) {
        std::string p = pointer + "/" + pointerToken(id);
        const Criterion* c = rubric.findCriterion(id);
        if (!c) {
            std::string message = "rubric \"" + rubric.id + "\" has no criterion \"" + id + "\"";
            if (auto guess = closestMatch(id, rubric.criterionIds())) message += " (did you mean \"" + *guess + "\"?)";
            out.push_back(doc.diagnostic("SD040", Severity::Error, p, message + "; expected one of its criteria"));
        } else if (c->autoRating != AutoRating::None) {
            out.push_back(doc.diagnostic("SD040", Severity::Error, p,
                                         "criterion \"" + id +
                                             "\" is rated automatically from reply times; expected no points on it"));
        } else if (level > c->maxLevel()) {
            out.push_back(doc.diagnostic("SD042", Severity::Error, p,
                                         std::to_string(level) + " points on a " + std::to_string(c->levels) +
                                             "-level scale; expected 0 to " + std::to_string(c->maxLevel())));
        }
    }
}

/// P(X >= observed) for X the number of successes in independent trials with these
/// probabilities (a Poisson-binomial tail), by dynamic programming over the count.
double tailProbability(const std::vector<double>& probabilities, size_t observed) {
    std::vector<double> dist(probabilities.size() + 1, 0.0);
    dist[0] = 1;
    for (size_t i = 0; i < probabilities.size(); ++i)
    {
        for (size_t k = i + 1; k > 0; --k) dist[k] = dist[k] * (1 - probabilities[i]) + dist[k - 1] * probabilities[i];
        dist[0] *= 1 - probabilities[i];
    }
    double tail = 0;
    for (size_t k = observed; k < dist.size(); ++k) tail += dist[k];
    return tail;
}

/// SD052: a trainee who picks the longest (or shortest) option at every turn should do no better
/// than chance. On the analysed best path, count the choice turns whose best option is the
/// longest (shortest) of those shown, and warn when chance would rarely give as many.
std::string approximationMessage(const ScenarioAnalysis& analysis) {
    std::string message = "the conversation has more than " + std::to_string(kMaxAnalysisStates) + " states or " +
                          std::to_string(kMaxAnalysisEdges) + " transitions; reachability was checked ignoring conditions";
    if (analysis.precision == AnalysisPrecision::RepliesSampled)
        message += " and typed turns were sampled (no rule, every rule, each branch's rules)";
    return message + ", and the scores reported are proven bounds";
}

void checkLengthCues(const Scenario& s, const ScenarioAnalysis& analysis, const JsonDocument& doc,
                     std::vector<Diagnostic>& out) {
    if (!analysis.best) return;
    std::vector<double> chance;
    size_t longest = 0, shortest = 0;
    for (const PathStep& step : analysis.best->path) {
        if (step.freeText || step.choiceId.empty()) continue;
        auto index = s.findNode(step.nodeId);
        if (!index) continue;
        const auto& choices = s.node(*index).choices;
        if (choices.size() < 2) continue;
        auto best = std::find_if(choices.begin(), choices.end(), [&](const Choice& c) { return c.id == step.choiceId; });
        if (best == choices.end()) continue;
        size_t length = best->text.size(), longer = 0, shorter = 0;
        for (const Choice& c : choices) {
            longer += c.text.size() > length;
            shorter += c.text.size() < length;
        }
        chance.push_back(1.0 / static_cast<double>(choices.size()));
        longest += longer == 0;
        shortest += shorter == 0;
    }
    if (chance.empty()) return;
    double expected = 0;
    for (double p : chance) expected += p;
    for (auto [count, what, strategy] : {std::tuple{longest, "longest", "picks the longest option"},
                                         std::tuple{shortest, "shortest", "picks the shortest option"}}) {
        if (count < 2) continue;
        double p = tailProbability(chance, count);
        if (p >= kLengthCueSignificance) continue;
        char figures[96];
        std::snprintf(figures, sizeof figures, "(chance gives %.1f; p = %.3f)", expected, p);
        out.push_back(doc.diagnostic("SD052", Severity::Warning, "",
                                     "the best choice is the " + std::string(what) + " at " + std::to_string(count) +
                                         " of " + std::to_string(chance.size()) +
                                         " choice turns on the best path " + figures + ": a trainee who " + strategy +
                                         " passes without reading"));
    }
}

} // namespace

std::vector<Diagnostic> validateScenario(const Scenario& s, const JsonDocument& doc, const Rubric* rubric,
                                         const std::vector<std::string>& rubricIds) {
    std::vector<Diagnostic> out = checkScenarioReferences(s, doc, rubric, rubricIds);
    const Rubric* usable = rubric && !hasErrors(out) ? rubric : nullptr;
    auto graph = checkScenarioGraph(s, doc, usable, analyzeScenario(s, usable));
    out.insert(out.end(), graph.begin(), graph.end());
    return out;
}

std::vector<Diagnostic> checkScenarioReferences(const Scenario& s, const JsonDocument& doc, const Rubric* rubric,
                                                const std::vector<std::string>& rubricIds) {
    std::vector<Diagnostic> out;
    if (!rubric) {
        std::string message = "no rubric \"" + s.rubricId + "\" is loaded";
        if (auto guess = closestMatch(s.rubricId, rubricIds)) message += " (did you mean \"" + *guess + "\"?)";
        out.push_back(doc.diagnostic("SD041", Severity::Error, "/rubric",
                                     message + "; expected the id of a rubric in the folders being loaded"));
    } else {
        for (const Node& node : s.nodes) {
            for (size_t c = 0; c < node.choices.size(); ++c)
                checkPoints(node.choices[c].points, node.pointer + "/choices/" + std::to_string(c) + "/points", *rubric,
                            doc, out);
            for (size_t r = 0; r < node.rules.size(); ++r) {
                std::string base = node.pointer + "/rules/" + std::to_string(r);
                checkPoints(node.rules[r].points, base + "/points", *rubric, doc, out);
                checkPoints(node.rules[r].pointsIfMissing, base + "/points_if_missing", *rubric, doc, out);
            }
        }
    }
    return out;
}

std::vector<Diagnostic> checkScenarioGraph(const Scenario& s, const JsonDocument& doc, const Rubric* rubric,
                                           const ScenarioAnalysis& analysis) {
    std::vector<Diagnostic> out;
    const bool rubricUsable = rubric != nullptr;
    if (analysis.approximate)
        out.push_back(doc.diagnostic("SD025", Severity::Warning, "", approximationMessage(analysis)));
    for (size_t i = 0; i < s.nodes.size(); ++i) {
        const Node& node = s.nodes[i];
        if (analysis.nodeReachable[i]) continue;
        if (node.kind == NodeKind::Ending)
            out.push_back(doc.diagnostic("SD024", Severity::Warning, node.pointer,
                                         "ending \"" + node.id + "\" can never be reached"));
        else
            out.push_back(doc.diagnostic("SD021", Severity::Warning, node.pointer,
                                         "node \"" + node.id + "\" can never be reached from the start node"));
    }
    if (!analysis.approximate)
        for (size_t i : analysis.deadEnds)
            out.push_back(doc.diagnostic("SD022", Severity::Error, s.nodes[i].pointer,
                                         "node \"" + s.nodes[i].id +
                                             "\" is not an ending but can be reached with no way out (every exit's "
                                             "condition is false)"));
    for (size_t i : analysis.trapped)
        out.push_back(doc.diagnostic("SD023", Severity::Error, s.nodes[i].pointer,
                                     "from node \"" + s.nodes[i].id +
                                         "\" no ending can be reached; the conversation would loop forever"));
    if (analysis.reachableEndings.empty() && analysis.trapped.empty() && analysis.deadEnds.empty())
        out.push_back(doc.diagnostic("SD023", Severity::Error, "/start", "no ending can be reached from the start"));

    if (rubricUsable) checkLengthCues(s, analysis, doc, out);
    if (rubricUsable && analysis.best && !analysis.reachableEndings.empty()) {
        if (analysis.passing == PassingPath::Impossible)
            out.push_back(doc.diagnostic("SD050", Severity::Error, "",
                                         "no path through the conversation can pass: the best possible score is " +
                                             percentText(analysis.best->bound) + " without a critical error and rubric \"" +
                                             rubric->id + "\" needs " + percentText(rubric->passThreshold)));
        else if (analysis.passing == PassingPath::Unknown)
            out.push_back(doc.diagnostic("SD051", Severity::Warning, "",
                                         "could not prove a passing path exists (best path found scores " +
                                             percentText(analysis.best->pathScore) + ", bound " +
                                             percentText(analysis.best->bound) + ")"));
    }
    return out;
}

} // namespace simdesk
