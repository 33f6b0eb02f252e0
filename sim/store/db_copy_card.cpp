// A stored score card read back: the inverse of scoreCardToJson(card, false), so db copy can hand
// a scoring run to addScoringRun and the target stores the very same card.
#include "db_copy.hpp"

namespace simdesk::store {
namespace {

using nlohmann::json;

template <typename E, size_t N>
E enumNamed(const std::string& name, const E (&values)[N], std::string_view (*nameOf)(E)) {
    for (E v : values)
        if (nameOf(v) == name) return v;
    return values[0];
}

Evidence evidenceFrom(const json& j) {
    Evidence e;
    std::string source = j.value("source", "choice");
    e.source = source == "rule" ? Evidence::Source::Rule
             : source == "response_time" ? Evidence::Source::ResponseTime : Evidence::Source::Choice;
    e.turn = j.value("turn", 0);
    e.level = j.value("level", 0);
    e.maxLevel = j.value("max_level", 1);
    e.nodeId = j.value("node", "");
    e.sourceId = j.value("id", "");
    if (j.contains("spans"))
        for (const auto& s : j["spans"]) e.spans.push_back({s.at(0).get<size_t>(), s.at(1).get<size_t>()});
    return e;
}

CriterionResult criterionFrom(const json& j) {
    CriterionResult c;
    c.id = j.value("id", ""), c.title = j.value("title", ""), c.sectionTitle = j.value("section", "");
    c.weight = j.value("weight", 1.0);
    c.levels = j.value("levels", 2);
    c.applicable = j.value("applicable", false);
    for (const auto& e : j.value("evidence", json::array())) c.evidence.push_back(evidenceFrom(e));
    if (c.applicable) c.fraction = j.value("score", 0.0), c.level = j.value("level", 0);
    if (j.contains("rerated_by")) {
        c.rerated = true;
        c.reratedBy = j.value("rerated_by", "");
        c.automaticApplicable = j.contains("automatic_level") && !j["automatic_level"].is_null();
        if (c.automaticApplicable) c.automaticLevel = j["automatic_level"].get<int>();
    }
    return c;
}

TypedTurnCheck typedTurnFrom(const json& j) {
    TypedTurnCheck t;
    t.turn = j.value("turn", 0);
    t.nodeId = j.value("node", "");
    t.passed = j.value("passed", true);
    t.confidence = j.value("confidence", 1.0);
    t.doubts = j.value("doubts", std::vector<std::string>{});
    t.needsReview = j.value("needs_review", false);
    t.noSubstance = j.value("no_substance", "");
    t.missedPoints = j.value("missed_points", std::vector<std::string>{});
    return t;
}

void readLists(const json& j, ScoreCard& card) {
    for (const auto& c : j.value("criteria", json::array())) card.criteria.push_back(criterionFrom(c));
    for (const auto& e : j.value("critical_errors", json::array()))
        card.criticalErrors.push_back({e.value("turn", 0), e.value("node", ""), e.value("id", ""),
                                       e.value("criterion", ""), e.value("reason", ""), e.value("explanation", "")});
    for (const auto& t : j.value("response_times", json::array()))
        card.responseTimes.push_back({t.value("turn", 0), t.value("seconds", 0.0), t.value("target_seconds", int64_t{0}),
                                      t.value("within_standard", true)});
    for (const auto& t : j.value("typed_turns", json::array())) card.typedTurns.push_back(typedTurnFrom(t));
    card.notes = j.value("notes", std::vector<std::string>{});
}

} // namespace

Result<ScoreCard> scoreCardFromStoredJson(const nlohmann::json& j) {
    if (!j.is_object()) return fail("a stored score card is not a JSON object");
    try {
        ScoreCard card;
        card.scenarioId = j.value("scenario", ""), card.scenarioVersion = j.value("scenario_version", "");
        card.rubricId = j.value("rubric", ""), card.rubricVersion = j.value("rubric_version", "");
        card.finished = j.value("finished", false);
        card.passed = j.value("passed", false);
        card.computedPercent = j.value("computed_percent", 0.0);
        card.finalPercent = j.value("final_percent", 0.0);
        card.threshold = j.value("threshold", 80.0);
        card.naRule = enumNamed(j.value("na_rule", ""), {NaRule::Exclude, NaRule::CountAsPass}, naRuleName);
        card.criticalRule = enumNamed(j.value("critical_rule", ""), {CriticalRule::ZeroScore, CriticalRule::FailKeepScore}, criticalRuleName);
        readLists(j, card);
        if (j.contains("automatic_percent"))
            card.automaticPercent = j["automatic_percent"].get<double>(), card.automaticPassed = j.value("automatic_passed", false);
        if (j.contains("ending")) {
            card.endingId = j.value("ending", ""), card.outcome = j.value("outcome", "");
            card.resolution = enumNamed(j.value("resolution", ""),
                                        {Resolution::Resolved, Resolution::Escalated, Resolution::Pending, Resolution::Unresolved, Resolution::Lost},
                                        resolutionName);
        }
        return card;
    } catch (const nlohmann::json::exception& e) {
        return fail(std::string("a stored score card cannot be read: ") + e.what());
    }
}

} // namespace simdesk::store
