// Gaming bots: players that do not read the content must fail every exam.
//
// Every bundled scenario, and every exam variant of it, is played as an exam would be played by
// bots that never read what the customer says:
//   * choice bots pick the longest, the shortest, the first shown, or a random option (fixed
//     seeds), and type a content-blind reply at typed turns;
//   * reply bots follow the analysed best path, so only their typed replies can fail them, and type
//     "ok", ".", a 300-word bag of stock service phrases, or a copy of the customer's own message.
// A certificate means skill only if every one of them fails. The README states these results.
#include "test_support.hpp"

#include "core/agent_name.hpp"
#include "core/analysis.hpp"
#include "core/player.hpp"
#include "core/scoring.hpp"
#include "eval_measure.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <fstream>
#include <random>

using namespace simdesk;
using test::Played;
using test::ReplyWriter;
using test::ChoicePicker;
using test::play;
using test::followBestPath;
using test::bestChoices;

namespace {

/// Scenarios a length bot typing model answers may still pass (measured; README "Scoring validity").
constexpr size_t kLengthBotCeiling = 10;  // within every channel's standard: bots get the time points

/// Shuffled model answers that may still pass their turn (measured; README "Words out of order"):
/// the four shuffles of one internal note of terse fields ("Verified: order no. NW-50231 + order
/// email …"), whose pairs are mostly names and figures in any order and whose shuffles leave no
/// place grammar forbids. It was two (that note once, another note once) until round twenty-three,
/// when a non-native writer's plain reply ("You can open locker also from app") read lower than
/// the old line: the line moved under it, and grammar now has to agree for the readings between.
constexpr size_t kShuffledPassCeiling = 4;

/// Written once, without looking at any scenario: what a reply looks like when it is made only of
/// the phrases every support reply contains (300 words).
const char* const kStockBag =
    "Hello and thank you so much for reaching out to us today. I completely understand your frustration and I "
    "sincerely apologise for any inconvenience this may have caused. Please rest assured that your satisfaction "
    "is our top priority and we truly value you as a customer. I have taken ownership of this matter and I will "
    "personally make sure that it is looked into by the appropriate team as soon as possible. We appreciate your "
    "patience and understanding while we investigate. I understand how important this is to you and I am here to "
    "help every step of the way. Our team is working hard to resolve this for you and we will keep you updated on "
    "any progress. Thank you for bringing this to our attention, as your feedback helps us improve our service. "
    "If you have any further questions or concerns, please do not hesitate to contact us again, we are always "
    "happy to help. I want to assure you that we take these matters very seriously and we will do everything we "
    "can to make things right. I apologise once again for the trouble and I appreciate you giving us the "
    "opportunity to look into this. Please know that I have noted all of the details and escalated where "
    "appropriate so that the right people are aware. We will be in touch shortly with an update and next steps. "
    "In the meantime, if there is anything else I can do for you, just let me know and I will be glad to assist. "
    "Thank you again for your patience, your understanding and your loyalty, we really appreciate your business. "
    "Have a wonderful day and take care. Kind regards, the Support Team. I hope this helps and I am sorry again "
    "for the inconvenience. Your case is important to us and will be handled with the utmost care and attention "
    "by our dedicated specialists. Thank you for choosing us.";

size_t byLength(const TurnPrompt& prompt, const std::vector<size_t>& shown, bool longest) {
    return *std::max_element(shown.begin(), shown.end(), [&](size_t a, size_t b) {
        size_t la = prompt.choices[a].text.size(), lb = prompt.choices[b].text.size();
        return longest ? la < lb : la > lb;
    });
}

/// The customer's own words so far, sent back.
std::string copyOfCustomer(const PlaySession& session) {
    std::string text;
    for (const auto& e : session.transcript().entries)
        if (e.kind == EntryKind::Customer) text += e.text + "\n";
    return text.empty() ? "ok" : text;
}

/// Every scenario and every exam variant: what an exam can put in front of a trainee.
std::vector<ScenarioPtr> examScenarios(const ContentLibrary& library) {
    std::vector<ScenarioPtr> out = library.scenarios;
    out.insert(out.end(), library.variants.begin(), library.variants.end());
    return out;
}

} // namespace

TEST_CASE("content-blind choice bots fail every exam") {
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    REQUIRE(library.scenarios.size() >= 20);
    const ReplyWriter blind = [](const PlaySession&) { return std::string(kStockBag); };
    std::map<std::string, ChoicePicker> bots = {
        {"longest choice", [](const TurnPrompt& p, const std::vector<size_t>& s) { return byLength(p, s, true); }},
        {"shortest choice", [](const TurnPrompt& p, const std::vector<size_t>& s) { return byLength(p, s, false); }},
        {"first choice shown", [](const TurnPrompt&, const std::vector<size_t>& s) { return s.front(); }},
    };
    int plays = 0;
    for (const auto& scenario : examScenarios(library)) {
        RubricPtr rubric = library.findRubric(scenario->rubricId);
        REQUIRE(rubric);
        for (const auto& [name, pick] : bots) {
            Played played = play(scenario, *rubric, pick, blind);
            INFO(scenario->id, " with the ", name, " bot:", played.path, " → ", played.card.verdict());
            CHECK_FALSE(played.card.passed);
            ++plays;
        }
        for (unsigned seed : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u}) {
            std::mt19937 rng(seed);
            ChoicePicker random = [&](const TurnPrompt&, const std::vector<size_t>& s) {
                return s[std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng)];
            };
            Played played = play(scenario, *rubric, random, blind);
            INFO(scenario->id, " with the random bot, seed ", seed, ":", played.path, " → ", played.card.verdict());
            CHECK_FALSE(played.card.passed);
            ++plays;
        }
    }
    MESSAGE(plays, " bot exams played, none passed");
}

TEST_CASE("the best path with content-free typed replies fails every exam") {
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    std::map<std::string, ReplyWriter> writers = {
        {"ok", [](const PlaySession&) { return std::string("ok"); }},
        {".", [](const PlaySession&) { return std::string("."); }},
        {"a bag of stock phrases", [](const PlaySession&) { return std::string(kStockBag); }},
        {"a copy of the customer's message", copyOfCustomer},
    };
    for (const auto& scenario : examScenarios(library)) {
        RubricPtr rubric = library.findRubric(scenario->rubricId);
        REQUIRE(rubric);
        ChoicePicker follow = followBestPath(*scenario, *rubric);
        for (const auto& [name, write] : writers) {
            Played played = play(scenario, *rubric, follow, write);
            INFO(scenario->id, " on the best path typing ", name, ":", played.path, " → ", played.card.verdict());
            CHECK_FALSE(played.card.passed);
            CHECK_FALSE(played.card.failedTypedTurns().empty());  // failed for what it typed, and says so
        }
    }
}

namespace {

struct ReplyResult {
    int passed = 0, total = 0;
};

/// Plays each reply of a JSON-lines file ({"scenario", "node", "reply"}) at its typed turn, on the
/// analysed best path with the model answer at every other typed turn. `check` is told each result.
ReplyResult playReplies(const std::string& file, const std::function<void(bool, const std::string&)>& check) {
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    std::ifstream in(test::sourcePath(file));
    REQUIRE(in);
    ReplyResult result;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto entry = nlohmann::json::parse(line);
        const std::string scenarioId = entry["scenario"], nodeId = entry["node"], reply = entry["reply"];
        ScenarioPtr scenario = library.findScenario(scenarioId);
        REQUIRE_MESSAGE(scenario, scenarioId);
        RubricPtr rubric = library.findRubric(scenario->rubricId);
        ReplyWriter write = [&](const PlaySession& s) {
            const std::string at = s.prompt().nodeId;
            return at == nodeId ? reply : fillAgentName(s.scenario().node(*s.scenario().findNode(at)).modelAnswer, kDefaultAgentName);
        };
        Played played = play(scenario, *rubric, followBestPath(*scenario, *rubric), write);
        auto turn = std::find_if(played.card.typedTurns.begin(), played.card.typedTurns.end(),
                                 [&](const TypedTurnCheck& t) { return t.nodeId == nodeId; });
        REQUIRE_MESSAGE(turn != played.card.typedTurns.end(), scenarioId, " at ", nodeId, ": the best path does not reach the turn");
        std::string why = scenarioId + " at " + nodeId + ": " + describeFailedTurn(*turn);
        for (const auto& point : turn->missedPoints) why += " [" + point + "]";
        check(turn->passed, why + "\n  " + reply);
        ++result.total;
        result.passed += turn->passed ? 1 : 0;
    }
    return result;
}

} // namespace

TEST_CASE("natural excellent replies pass their typed turns (tests/eval/excellent_replies.jsonl)") {
    // The development set: written blind by QA leads who never saw the rules, then the rules were
    // widened where a reply stated a point in words they did not accept. Every reply must pass. It
    // includes the first held-out set (96 replies), moved here when the rules were tuned on it.
    auto result = playReplies("tests/eval/excellent_replies.jsonl", [](bool passed, const std::string& why) {
        CHECK_MESSAGE(passed, why);
    });
    CHECK(result.total >= 237);
}

TEST_CASE("held-out excellent replies: the pass rate on replies no rule was tuned on") {
    // The held-out sets are written blind by QA leads (from the scenarios and knowledge base with the
    // rules and model answers removed) and are never used to tune a rule (README, "Scoring
    // validity"). Their pass rate is the honest measure of how well must-have points accept
    // paraphrases; the floor keeps it from getting worse. Once tuned on, a set's rows move to the
    // development set and a fresh set is written.
    //  * excellent_replies_heldout.jsonl: passed 90 of 96 (93.75 %) when first measured;
    //  * excellent_replies_heldout_2.jsonl, by another writer: 92 of 96 (95.8 %) when first measured.
    for (const char* set : {"tests/eval/excellent_replies_heldout.jsonl", "tests/eval/excellent_replies_heldout_2.jsonl"}) {
        CAPTURE(set);
        auto result = playReplies(set, [](bool passed, const std::string& why) {
            if (!passed) MESSAGE("held-out reply failed: ", why);
        });
        REQUIRE(result.total >= 90);
        MESSAGE(std::string(set), ": ", result.passed, " of ", result.total, " pass");
        CHECK(static_cast<double>(result.passed) / result.total >= 0.90);
    }
}

TEST_CASE("choices alone fail an exam: length bots fail even when they type each turn's model answer") {
    // The bots above fail on their typed turns alone; these type the model answer, so only their
    // choices can fail them: the wrong options a length bot takes must cost what they really cost.
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    const ReplyWriter model = [](const PlaySession& s) {
        const Node& node = s.scenario().node(*s.scenario().findNode(s.prompt().nodeId));
        return node.modelAnswer.empty() ? std::string("ok") : fillAgentName(node.modelAnswer, kDefaultAgentName);
    };
    for (const auto& scenario : examScenarios(library)) {
        RubricPtr rubric = library.findRubric(scenario->rubricId);
        REQUIRE(rubric);
        for (bool longest : {true, false}) {
            Played played = play(scenario, *rubric,
                                 [&](const TurnPrompt& p, const std::vector<size_t>& s) { return byLength(p, s, longest); },
                                 model);
            INFO(scenario->id, ": the ", std::string(longest ? "longest" : "shortest"),
                 "-choice bot typing model answers:", played.path, " → ", played.card.verdict());
            CHECK_FALSE(played.card.passed);
        }
    }
}

TEST_CASE("the model answer with its words shuffled fails its typed turn") {
    // A content-aware bot: it knows what the best reply says, and types its words out of order.
    // Word salad keeps the must-have words and figures, so only reading sentences can fail it.
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    size_t turns = 0, typedShuffled = 0, passed = 0;
    for (const auto& scenario : library.scenarios) {
        RubricPtr rubric = library.findRubric(scenario->rubricId);
        REQUIRE(rubric);
        ChoicePicker follow = followBestPath(*scenario, *rubric);
        auto modelAnswer = [](const PlaySession& s) {
            return fillAgentName(s.scenario().node(*s.scenario().findNode(s.prompt().nodeId)).modelAnswer, kDefaultAgentName);
        };
        // The typed turns the best path reaches, each then typed shuffled in turn.
        Played reference = play(scenario, *rubric, follow, modelAnswer);
        for (const auto& target : reference.card.typedTurns) {
            for (bool bySentence : {false, true})
                for (uint32_t seed : {1u, 2u}) {
                    std::string typed;
                    ReplyWriter write = [&](const PlaySession& s) {
                        if (s.prompt().nodeId != target.nodeId) return modelAnswer(s);
                        std::mt19937 rng(seed);
                        return typed = eval::shuffledWords(modelAnswer(s), rng, bySentence);
                    };
                    Played played = play(scenario, *rubric, follow, write);
                    auto turn = std::find_if(played.card.typedTurns.begin(), played.card.typedTurns.end(),
                                             [&](const TypedTurnCheck& t) { return t.nodeId == target.nodeId; });
                    REQUIRE(turn != played.card.typedTurns.end());
                    INFO(scenario->id, " at ", target.nodeId, std::string(bySentence ? ", shuffled by sentence" : ", shuffled"),
                         " (seed ", seed, "): ", typed);
                    if (turn->passed) {
                        MESSAGE("a shuffled model answer passed: ", scenario->id, " at ", target.nodeId);
                        ++passed;
                    }
                    ++typedShuffled;
                }
            ++turns;
        }
    }
    MESSAGE(turns, " typed turns, ", typedShuffled, " shuffled model answers typed, ", passed, " passed");
    CHECK(turns >= 40);
    CHECK(passed <= kShuffledPassCeiling);
}
