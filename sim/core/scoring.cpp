#include "scoring.hpp"
#include "redaction.hpp"
#include "standards.hpp"
#include "reply_signals.hpp"
#include "substance.hpp"

#include <set>

#include <cmath>
#include <cstdio>

namespace simdesk {

using nlohmann::json;

std::string_view evidenceSourceName(Evidence::Source source) {
    static constexpr std::string_view names[] = {"choice", "rule", "response_time"};
    return names[static_cast<int>(source)];
}

std::string ScoreCard::verdict() const {
    char buffer[160];
    if (!finished) {
        std::snprintf(buffer, sizeof buffer, "Not finished: %.1f%% so far (needs %.0f%%)", finalPercent, threshold);
        return buffer;
    }
    if (!criticalErrors.empty()) {
        std::snprintf(buffer, sizeof buffer, "Failed: %zu critical error%s, score %.1f%%%s", criticalErrors.size(),
                      criticalErrors.size() == 1 ? "" : "s", finalPercent,
                      criticalRule == CriticalRule::ZeroScore ? " (zeroed by the rubric)" : " (kept, attempt failed)");
        return buffer;
    }
    if (auto failed = failedTypedTurns(); !failed.empty()) {
        std::snprintf(buffer, sizeof buffer, "Failed: %zu typed repl%s missed what %s must achieve, score %.1f%%",
                      failed.size(), failed.size() == 1 ? "y" : "ies", failed.size() == 1 ? "it" : "they", finalPercent);
        return buffer;
    }
    std::snprintf(buffer, sizeof buffer, "%s: %.1f%% (needs %.0f%%)", passed ? "Passed" : "Failed", finalPercent,
                  threshold);
    return buffer;
}

std::string describeFailedTurn(const TypedTurnCheck& check) {
    std::string out = "Turn " + std::to_string(check.turn) + ": ";
    if (!check.noSubstance.empty()) return out + "the reply has no substance (" + check.noSubstance + ")";
    return out + "the reply missed what it must achieve:";
}

std::vector<const TypedTurnCheck*> ScoreCard::failedTypedTurns() const {
    std::vector<const TypedTurnCheck*> out;
    for (const auto& t : typedTurns)
        if (!t.passed) out.push_back(&t);
    return out;
}

double aggregatePercent(NaRule rule, const std::vector<std::pair<double, std::optional<double>>>& criteria) {
    double earned = 0, possible = 0;
    for (const auto& [weight, fraction] : criteria) {
        if (!fraction && rule == NaRule::Exclude) continue;
        earned += weight * fraction.value_or(1.0);
        possible += weight;
    }
    return possible > 0 ? 100.0 * earned / possible : 0.0;
}

namespace {

/// `capped`: the reply was keyword stuffing, so no level reaches the top of its scale.
/// `forAbsence`: the points reward what a reply left out, which never earns the top of a scale of
/// three levels or more (on a yes/no scale, "no breach" is the top and stays so).
void award(std::map<std::string, std::vector<Evidence>, std::less<>>& byCriterion, const Points& points,
           Evidence base, const Rubric& rubric, bool capped = false, bool forAbsence = false) {
    for (const auto& [criterion, level] : points) {
        const Criterion* c = rubric.findCriterion(criterion);
        if (!c) continue;  // the validator reports points on unknown criteria (SD040)
        Evidence e = base;
        e.level = std::min(level, c->maxLevel());
        if (capped) e.level = std::min(e.level, std::max(0, c->maxLevel() - 1));
        if (forAbsence && c->maxLevel() > 1) e.level = std::min(e.level, c->maxLevel() - 1);
        e.maxLevel = c->maxLevel();
        byCriterion[criterion].push_back(std::move(e));
    }
}

/// A secret typed into a reply is a critical privacy error, whether it is still in the text or
/// was masked out before the reply was stored (the entry then lists what was removed).
void addPrivacyErrors(const TranscriptEntry& entry, int turn, ScoreCard& card) {
    std::set<std::string> kinds(entry.redacted.begin(), entry.redacted.end());
    for (const auto& s : findSecrets(entry.text)) kinds.insert(std::string(secretKindName(s.kind)));
    for (const auto& kind : kinds) {
        std::string what = kind == "card_number"          ? "a full payment card number"
                           : kind == "ssn"                ? "a social security number"
                           : kind == "card_security_code" ? "a card security code"
                                                          : "a password";
        card.criticalErrors.push_back(CriticalError{turn, entry.nodeId, "privacy:" + kind, "",
                                                    "typed " + what + " in a reply; personal data is never repeated "
                                                    "or written into a conversation (privacy and security policy)",
                                                    ""});
    }
}

/// Why an automatic judgement of a typed turn may be wrong, and whether a person should confirm it.
void assessConfidence(const Node& node, std::string_view reply, std::optional<Channel> channel,
                      const std::vector<RuleMatch>& matches, int turn, const ScoreCard& card, TypedTurnCheck& check) {
    for (size_t r = 0; r < matches.size(); ++r) {
        const RuleMatch& m = matches[r];
        if (!m.contradiction.empty())
            check.doubts.push_back("\"" + node.rules[r].id + "\" was read as contradicted (" + m.contradiction + ")");
        else if (!m.matched && m.reason.find(" is negated by ") != std::string::npos && !node.rules[r].points.empty())
            check.doubts.push_back("\"" + node.rules[r].id + "\" was found next to a negation (" + m.reason + ")");
        if (!m.capped.empty()) check.doubts.push_back("read as a list of keywords (" + m.capped + ")");
    }
    // The reply's language and spelling, from the analyzer the turn's reply checks use.
    auto withAnalyzer = std::find_if(node.rules.begin(), node.rules.end(), [](const TextRule& r) { return r.analyzer != nullptr; });
    if (withAnalyzer != node.rules.end()) {
        Stemmer stemmer;
        ReplySignals signals = withAnalyzer->analyzer->analyze(analyzeText(reply, stemmer), channel, withAnalyzer->caseNames);
        if (!signals.english)
            check.doubts.push_back("written in another language (" + signals.language + "): the English rules cannot judge it");
        size_t misspelled = signals.all("misspelling").size();
        if (misspelled >= 3 && misspelled * 10 >= std::max<size_t>(signals.words, 1))
            check.doubts.push_back(std::to_string(misspelled) + " misspelled words in " + std::to_string(signals.words) +
                                   ": the rules may have missed what was meant");
        // A close call of the learned model, or a disagreement with the rules, on a signal this
        // turn scores (blame, condescension…): a person decides.
        for (const auto& [signal, why] : signals.doubts)
            if (std::any_of(node.rules.begin(), node.rules.end(),
                            [&](const TextRule& r) { return r.kind == "signal" && r.signal == signal; }))
                check.doubts.push_back(why);
    }
    std::sort(check.doubts.begin(), check.doubts.end());
    check.doubts.erase(std::unique(check.doubts.begin(), check.doubts.end()), check.doubts.end());
    check.confidence = std::max(0.1, 1.0 - 0.3 * static_cast<double>(check.doubts.size()));
    bool critical = std::any_of(card.criticalErrors.begin(), card.criticalErrors.end(),
                                [&](const CriticalError& e) { return e.turn == turn; });
    check.needsReview = check.confidence < kReviewConfidence || critical;
}

/// Scores one typed reply: every rule's points, then the turn as a whole. A reply with no substance
/// earns 0 on everything its rules rate; a missed must-have point rates its criterion 0 on this turn.
void scoreTypedReply(const Node& node, std::optional<Channel> channel, const TranscriptEntry& entry, size_t entryIndex, int turn,
                     const std::vector<std::string_view>& customerSoFar, const Rubric& rubric,
                     std::map<std::string, std::vector<Evidence>, std::less<>>& byCriterion, ScoreCard& card) {
    auto matches = evaluateRules(node.rules, entry.text, node.writtenFor ? node.writtenFor : channel);
    TypedTurnCheck check;
    check.turn = turn;
    check.nodeId = node.id;
    SubstanceCheck substance = assessSubstance(entry.text, customerSoFar);
    std::set<std::string, std::less<>> zeroed;  // criteria a missed point rates 0 on this turn
    for (const MustHave& must : node.mustHave) {
        bool contradicted = std::any_of(must.unless.begin(), must.unless.end(), [&](size_t u) { return matches[u].matched; });
        if (matches[must.rule].matched && !contradicted) continue;
        check.missedPoints.push_back(must.point);
        zeroed.insert(must.criterion);
    }
    // A short reply that states every must-have fact of the turn says enough, however few its
    // words ("It's prorated: just the days left, then $190 monthly."). Not a copy of the
    // customer's words, and not a turn without must-have points, where the count is all there is.
    if (!substance.substantive && substance.onlyTooFew && !node.mustHave.empty() && check.missedPoints.empty())
        substance.substantive = true;
    // A list of terms names what a reply would say without saying it ("429, limit, Retry-After,
    // webhooks"), and words out of order only hold its terms: a rubric check that says so (its
    // keyword-list check, `no_substance`) found one, so the reply has no substance.
    for (size_t r = 0; r < node.rules.size() && substance.substantive; ++r)
        if (matches[r].matched && node.rules[r].noSubstance) {
            substance.substantive = false;
            const std::string& why = matches[r].reason;  // "keyword_stuffing: 6 bare terms in a row…"
            const size_t note = why.find(": ");
            substance.reason = "words, not sentences (" + why.substr(note == std::string::npos ? 0 : note + 2) + ")";
        }
    if (!substance.substantive) check.noSubstance = substance.reason;
    check.passed = substance.substantive && check.missedPoints.empty();

    std::map<std::string, std::vector<Evidence>, std::less<>> turnEvidence;
    std::map<std::string, int, std::less<>> caps;  // criterion → the most a matched capping rule allows this turn
    for (size_t r = 0; r < node.rules.size(); ++r) {
        const TextRule& rule = node.rules[r];
        const RuleMatch& m = matches[r];
        Evidence base{Evidence::Source::Rule, entryIndex, turn, node.id, rule.id, 0, 1,
                      (m.matched ? rule.feedback : rule.feedbackIfMissing), rule.cite, m.spans};
        if (base.note.empty()) base.note = rule.id + ": " + m.reason;
        if (!m.capped.empty()) base.note += " (" + m.capped + "; capped below the top level)";
        if (!m.contradiction.empty()) {
            // A contradicted claim is an error, not an omission: the customer was told something false.
            base.note = "Contradicts the facts: " + m.contradiction + (rule.feedbackIfMissing.empty() ? "" : ". " + rule.feedbackIfMissing);
            Points zero;
            for (const auto& [criterion, level] : rule.points) zero[criterion] = 0;
            award(turnEvidence, zero, base, rubric);
            // The error rates its criteria 0 on the turn, as a missed must-have point does: a
            // wrong amount is not outvoted by the reply's right timeline.
            for (const auto& [criterion, level] : zero) caps[criterion] = 0;
        } else {
            award(turnEvidence, m.matched ? rule.points : rule.pointsIfMissing, base, rubric, !m.capped.empty(), !m.matched);
        }
        if (m.matched && rule.caps)
            for (const auto& [criterion, level] : rule.points) {
                auto [it, inserted] = caps.emplace(criterion, level);
                if (!inserted) it->second = std::min(it->second, level);
            }
        if (m.matched && rule.critical)
            card.criticalErrors.push_back(CriticalError{turn, node.id, rule.id, "", *rule.critical, rule.feedback});
    }
    for (const MustHave& must : node.mustHave) {
        if (!zeroed.count(must.criterion) || !rubric.findCriterion(must.criterion)) continue;
        auto& list = turnEvidence[must.criterion];
        bool noted = std::any_of(list.begin(), list.end(), [&](const Evidence& e) { return e.sourceId == "must_have:" + must.ruleId; });
        if (noted) continue;
        Evidence missed{Evidence::Source::Rule, entryIndex, turn, node.id, "must_have:" + must.ruleId, 0,
                        rubric.findCriterion(must.criterion)->maxLevel(), "Missed a must-have point: " + must.point,
                        node.rules[must.rule].cite, {}};
        list.push_back(std::move(missed));
    }
    for (auto& [criterion, list] : turnEvidence) {
        // A reply with nothing in it breaks no policy by itself: it leaves critical criteria unrated
        // rather than breaching them (the turn fails either way).
        const Criterion* c = rubric.findCriterion(criterion);
        if (!check.noSubstance.empty() && c && c->critical) continue;
        for (auto& e : list) {
            if (!check.noSubstance.empty()) {
                e.level = 0;
                e.note = "No substance (" + check.noSubstance + "): " + e.note;
            } else if (zeroed.count(criterion)) {
                e.level = 0;
            } else if (auto cap = caps.find(criterion); cap != caps.end()) {
                e.level = std::min(e.level, cap->second);
            }
            byCriterion[criterion].push_back(std::move(e));
        }
    }
    assessConfidence(node, entry.text, channel, matches, turn, card, check);
    card.typedTurns.push_back(std::move(check));
}

/// A critical choice or rule that also rates a critical criterion 0 is one error, not two: the
/// criterion is attached to the error already listed for that turn and source.
void addCriterionBreach(ScoreCard& card, const Criterion& c, const Evidence& e) {
    for (auto& listed : card.criticalErrors)
        if (listed.turn == e.turn && listed.sourceId == e.sourceId && listed.criterionId.empty()) {
            listed.criterionId = c.id;
            return;
        }
    card.criticalErrors.push_back(CriticalError{e.turn, e.nodeId, e.sourceId, c.id, c.title + " rated at its lowest level", e.note});
}

} // namespace

void settleVerdict(ScoreCard& card, const Rubric& rubric) {
    std::vector<std::pair<double, std::optional<double>>> weighted;
    for (const auto& c : card.criteria)
        weighted.emplace_back(c.weight, c.applicable ? std::optional<double>(c.fraction) : std::nullopt);
    card.computedPercent = aggregatePercent(rubric.naRule, weighted);
    bool critical = !card.criticalErrors.empty();
    card.finalPercent = critical && rubric.criticalRule == CriticalRule::ZeroScore ? 0.0 : card.computedPercent;
    // Compare with a little tolerance so 79.99999 from float sums does not fail an 80% threshold.
    card.passed = card.finished && !critical && card.failedTypedTurns().empty() &&
                  card.finalPercent + 1e-9 >= rubric.passThreshold;
}

Result<ScoreCard> scoreTranscript(const Scenario& scenario, const Rubric& rubric, const Transcript& transcript) {
    ScoreCard card;
    card.scenarioId = scenario.id;
    card.scenarioVersion = scenario.version;
    card.rubricId = rubric.id;
    card.rubricVersion = rubric.version;
    card.threshold = rubric.passThreshold;
    card.naRule = rubric.naRule;
    card.criticalRule = rubric.criticalRule;
    card.finished = transcript.finished();
    if (transcript.scenarioId != scenario.id)
        return fail("the transcript is of scenario \"" + transcript.scenarioId + "\", not \"" + scenario.id + "\"");
    if (!transcript.scenarioHash.empty() && transcript.scenarioHash != scenario.contentHash)
        card.notes.push_back("scenario file changed since this conversation was recorded (" + transcript.scenarioHash +
                             " then, " + scenario.contentHash + " now); scored against the current file");

    std::map<std::string, std::vector<Evidence>, std::less<>> byCriterion;
    int turn = 0;
    bool firstReply = true;
    for (size_t i = 0; i < transcript.entries.size(); ++i) {
        const TranscriptEntry& entry = transcript.entries[i];
        if (entry.kind != EntryKind::TraineeChoice && entry.kind != EntryKind::TraineeReply) continue;
        ++turn;
        auto nodeIndex = scenario.findNode(entry.nodeId);
        if (!nodeIndex) return fail("the transcript names node \"" + entry.nodeId + "\", which the scenario lacks");
        const Node& node = scenario.node(*nodeIndex);

        if (!node.internal) {
            int64_t target = firstReply ? firstReplyTargetSeconds(scenario.channel, scenario.priority)
                                        : channelStandard(scenario.channel).perReplySeconds;
            firstReply = false;
            card.responseTimes.push_back(ResponseTimeCheck{turn, entry.seconds, target, entry.seconds <= target});
        }

        if (entry.kind == EntryKind::TraineeChoice) {
            auto it = std::find_if(node.choices.begin(), node.choices.end(),
                                   [&](const Choice& c) { return c.id == entry.choiceId; });
            if (it == node.choices.end())
                return fail("the transcript names choice \"" + entry.choiceId + "\" at node \"" + node.id +
                            "\", which the scenario lacks");
            Evidence base{Evidence::Source::Choice, i, turn, node.id, it->id, 0, 1, it->feedback, it->cite, {}};
            award(byCriterion, it->points, base, rubric);
            if (it->critical)
                card.criticalErrors.push_back(CriticalError{turn, node.id, it->id, "", *it->critical, it->feedback});
        } else {
            if (node.kind != NodeKind::FreeText)
                return fail("the transcript has a typed reply at node \"" + node.id + "\", which is not a free-text turn");
            addPrivacyErrors(entry, turn, card);
            std::vector<std::string_view> customerSoFar;
            for (size_t k = 0; k < i; ++k)
                if (transcript.entries[k].kind == EntryKind::Customer) customerSoFar.push_back(transcript.entries[k].text);
            scoreTypedReply(node, scenario.channel, entry, i, turn, customerSoFar, rubric, byCriterion, card);
        }
    }

    for (const Criterion& c : rubric.criteria) {
        CriterionResult result;
        result.id = c.id;
        result.title = c.title;
        result.sectionTitle = c.sectionTitle;
        result.weight = c.weight;
        result.levels = c.levels;
        result.critical = c.critical;
        if (c.autoRating == AutoRating::ResponseTime) {
            for (const auto& check : card.responseTimes) {
                Evidence e;
                e.source = Evidence::Source::ResponseTime;
                e.turn = check.turn;
                e.level = check.withinStandard ? c.maxLevel() : 0;
                e.maxLevel = c.maxLevel();
                e.note = "replied in " + formatDuration(check.seconds) + " against a target of " +
                         formatDuration(static_cast<double>(check.targetSeconds)) +
                         (check.withinStandard ? "" : " (late)");
                e.cite = channelStandard(scenario.channel).text;
                result.evidence.push_back(std::move(e));
            }
        } else if (auto it = byCriterion.find(c.id); it != byCriterion.end()) {
            result.evidence = it->second;
        }
        result.applicable = !result.evidence.empty();
        if (result.applicable) {
            double sum = 0;
            for (const auto& e : result.evidence) sum += static_cast<double>(e.level) / e.maxLevel;
            result.fraction = sum / static_cast<double>(result.evidence.size());
            result.level = static_cast<int>(std::lround(result.fraction * c.maxLevel()));
            bool breached = false;
            if (c.critical)
                for (const auto& e : result.evidence)
                    if (e.level == 0) {
                        breached = true;
                        addCriterionBreach(card, c, e);
                    }
            // A breach of a critical criterion is not averaged away by compliant turns around it:
            // the card must not say "compliant" beside the critical error.
            if (breached) result.fraction = 0, result.level = 0;
            result.anchor = c.anchor(result.level);
        }
        card.criteria.push_back(std::move(result));
    }

    // Every critical error on a typed turn goes to a person, whatever the confidence.
    for (auto& t : card.typedTurns)
        if (std::any_of(card.criticalErrors.begin(), card.criticalErrors.end(), [&](const CriticalError& e) { return e.turn == t.turn; }))
            t.needsReview = true;
    settleVerdict(card, rubric);

    if (transcript.endingId) {
        card.endingId = *transcript.endingId;
        if (auto index = scenario.findNode(card.endingId)) {
            card.outcome = scenario.node(*index).outcome;
            card.resolution = scenario.node(*index).resolution;
        }
    }
    return card;
}

json scoreCardToJson(const ScoreCard& card, bool withTexts) {
    json criteria = json::array();
    for (const auto& c : card.criteria) {
        json evidence = json::array();
        for (const auto& e : c.evidence) {
            json j = {{"source", evidenceSourceName(e.source)}, {"turn", e.turn}, {"level", e.level},
                      {"max_level", e.maxLevel}};
            if (withTexts) j["note"] = e.note;
            if (!e.nodeId.empty()) j["node"] = e.nodeId;
            if (!e.sourceId.empty()) j["id"] = e.sourceId;
            if (withTexts && !e.cite.empty()) j["cite"] = e.cite;
            if (!e.spans.empty()) {
                j["spans"] = json::array();
                for (const auto& s : e.spans) j["spans"].push_back({s.begin, s.end});
            }
            evidence.push_back(std::move(j));
        }
        json j = {{"id", c.id}, {"title", c.title}, {"section", c.sectionTitle}, {"weight", c.weight},
                  {"levels", c.levels}, {"applicable", c.applicable}, {"evidence", std::move(evidence)}};
        if (c.applicable) {
            j["score"] = c.fraction;
            j["level"] = c.level;
            if (withTexts) j["anchor"] = c.anchor;
        }
        if (c.rerated) {
            j["automatic_level"] = c.automaticApplicable ? json(c.automaticLevel) : json(nullptr);
            j["rerated_by"] = c.reratedBy;
            if (withTexts) j["rerating_reason"] = c.reratingReason;
        }
        criteria.push_back(std::move(j));
    }
    json critical = json::array();
    for (const auto& e : card.criticalErrors) {
        json j = {{"turn", e.turn}, {"node", e.nodeId}, {"id", e.sourceId}, {"reason", e.reason}};
        if (!e.criterionId.empty()) j["criterion"] = e.criterionId;
        if (!e.explanation.empty()) j["explanation"] = e.explanation;
        critical.push_back(std::move(j));
    }
    json times = json::array();
    for (const auto& t : card.responseTimes)
        times.push_back({{"turn", t.turn}, {"seconds", t.seconds}, {"target_seconds", t.targetSeconds},
                         {"within_standard", t.withinStandard}});
    json typed = json::array();
    for (const auto& t : card.typedTurns) {
        json j = {{"turn", t.turn}, {"node", t.nodeId}, {"passed", t.passed}, {"confidence", std::round(t.confidence * 100) / 100}};
        if (!t.doubts.empty()) j["doubts"] = t.doubts;
        if (t.needsReview) j["needs_review"] = true;
        if (!t.noSubstance.empty()) j["no_substance"] = t.noSubstance;
        if (!t.missedPoints.empty()) j["missed_points"] = t.missedPoints;
        typed.push_back(std::move(j));
    }
    json out = {{"scenario", card.scenarioId},
                {"scenario_version", card.scenarioVersion},
                {"rubric", card.rubricId},
                {"rubric_version", card.rubricVersion},
                {"finished", card.finished},
                {"passed", card.passed},
                {"verdict", card.verdict()},
                {"computed_percent", card.computedPercent},
                {"final_percent", card.finalPercent},
                {"threshold", card.threshold},
                {"na_rule", naRuleName(card.naRule)},
                {"critical_rule", criticalRuleName(card.criticalRule)},
                {"critical_errors", std::move(critical)},
                {"response_times", std::move(times)},
                {"typed_turns", std::move(typed)},
                {"criteria", std::move(criteria)},
                {"notes", card.notes}};
    if (card.automaticPercent) {
        out["automatic_percent"] = *card.automaticPercent;
        out["automatic_passed"] = card.automaticPassed.value_or(false);
    }
    if (!card.endingId.empty()) {
        out["ending"] = card.endingId;
        out["outcome"] = card.outcome;
        out["resolution"] = resolutionName(card.resolution);
    }
    return out;
}

} // namespace simdesk
