// Text reports the command line prints: transcripts, score cards, analyses.
#pragma once

#include "core/agent_name.hpp"
#include "core/analysis.hpp"
#include "core/player.hpp"
#include "core/scoring.hpp"

#include <iosfwd>
#include <string_view>

namespace simdesk::cli {

void printScenarioHeader(std::ostream& out, const Scenario& scenario);
/// `agentName` fills the content's {agent} placeholder (the trainee's own replies are printed as typed).
void printEntry(std::ostream& out, const Scenario& scenario, const TranscriptEntry& entry,
                std::string_view agentName = kDefaultAgentName);
void printFeedback(std::ostream& out, const std::vector<TurnFeedback>& feedback);
void printTranscript(std::ostream& out, const Scenario& scenario, const Transcript& transcript,
                     std::string_view agentName = kDefaultAgentName);
void printScoreCard(std::ostream& out, const ScoreCard& card, const Scenario& scenario, const Transcript& transcript);
void printAnalysis(std::ostream& out, const Scenario& scenario, const Rubric* rubric, const ScenarioAnalysis& analysis);
nlohmann::json analysisToJson(const Scenario& scenario, const ScenarioAnalysis& analysis);
std::string formatPercent(double value);
/// `value` with exactly `decimals` digits after the point ("0.8125", "3.0").
std::string fixedPoint(double value, int decimals);
/// A stored name as a terminal shows it safely: control characters (C0, DEL, C1) as \xHH, so a
/// name written before they were refused cannot move the cursor or recolour the screen.
std::string shownName(std::string_view name);

} // namespace simdesk::cli
