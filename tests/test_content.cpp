// Every bundled scenario, played along the analysis's best and worst paths: the best path passes
// and ends resolved or escalated, the worst path fails. Free-text turns are answered with the
// node's model answer on the best path and "ok" on the worst; when that reply does not match the
// rules the analysis assumed, a reply built from those rules' own phrases is tried, and if that
// does not match either the replay stops there and the test checks the analysis figures instead,
// saying so.
#include "test_support.hpp"

#include "core/agent_name.hpp"
#include "core/analysis.hpp"
#include "core/content_loader.hpp"
#include "core/json_source.hpp"
#include "core/player.hpp"
#include "core/scoring.hpp"

#include "core/text_rules.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

using namespace simdesk;

namespace {

constexpr int64_t kClock = 1793610000;  // 2026-11-02 09:00 UTC

struct Replay {
    bool followed = false;  ///< every step went as the analysis said
    std::string divergence;
    std::optional<ScoreCard> card;
};

std::set<std::string> matchedRules(const Node& node, const std::string& reply) {
    std::set<std::string> out;
    for (const auto& m : evaluateRules(node.rules, reply))
        if (m.matched) out.insert(m.ruleId);
    return out;
}

/// A reply containing every phrase of `all` and the first of `any` of each wanted rule.
std::string replyMatching(const Node& node, const std::set<std::string>& wanted) {
    std::string reply;
    for (const auto& rule : node.rules) {
        if (!wanted.count(rule.id)) continue;
        for (const auto& phrase : rule.all) reply += phrase + ". ";
        if (!rule.any.empty()) reply += rule.any.front() + ". ";
    }
    return reply.empty() ? "ok" : reply;
}

/// Plays `path` turn by turn. Best: replies take 10 s (within every channel's standard); worst: 2 days.
Replay replay(const ScenarioPtr& scenario, const Rubric& rubric, const ScoreEstimate& path, bool best) {
    Replay out;
    auto session = PlaySession::start(scenario, kClock);
    REQUIRE(session.ok());
    int64_t now = kClock;
    double seconds = best ? 10 : 2 * 86400;
    for (const auto& step : path.path) {
        TurnPrompt prompt = session->prompt();
        if (prompt.nodeId != step.nodeId) {
            out.divergence = "expected node \"" + step.nodeId + "\", the session is at \"" + prompt.nodeId + "\"";
            return out;
        }
        now += static_cast<int64_t>(seconds);
        if (!step.freeText) {
            auto result = session->choose(step.choiceId, seconds, now);
            REQUIRE_MESSAGE(result.ok(), step.nodeId, "/", step.choiceId);
            continue;
        }
        const Node& node = scenario->node(*scenario->findNode(step.nodeId));
        std::string reply = best ? fillAgentName(node.modelAnswer, kDefaultAgentName) : "ok";
        if (reply.empty()) {
            out.divergence = "free-text node \"" + step.nodeId + "\" has no model_answer";
            return out;
        }
        std::set<std::string> wanted(step.rulesMatched.begin(), step.rulesMatched.end());
        if (matchedRules(node, reply) != wanted) {
            // Not the reply the path assumed: try one made of the wanted rules' own phrases.
            std::string built = replyMatching(node, wanted);
            if (matchedRules(node, built) == wanted) reply = built;
        }
        auto result = session->reply(reply, seconds, now);
        REQUIRE(result.ok());
        std::set<std::string> matched;
        for (const auto& m : result->ruleMatches)
            if (m.matched) matched.insert(m.ruleId);
        if (matched != wanted) {
            std::string got, want;
            for (const auto& id : matched) got += " " + id;
            for (const auto& id : wanted) want += " " + id;
            out.divergence = "at \"" + step.nodeId + "\" the reply \"" + reply.substr(0, 60) + "…\" matched [" + got +
                             " ] but the path needs [" + want + " ]";
            return out;
        }
    }
    REQUIRE(session->finished());
    auto card = scoreTranscript(*scenario, rubric, session->transcript());
    REQUIRE(card.ok());
    out.card = *card;
    out.followed = true;
    return out;
}

bool goodEnding(Resolution r) { return r == Resolution::Resolved || r == Resolution::Escalated; }

} // namespace

TEST_CASE("every bundled scenario: the best path passes and ends well, the worst path fails") {
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    REQUIRE(library.scenarios.size() >= 3);
    for (const auto& scenario : library.scenarios) {
        INFO("scenario ", scenario->id);
        RubricPtr rubric = library.findRubric(scenario->rubricId);
        REQUIRE(rubric);
        ScenarioAnalysis analysis = analyzeScenario(*scenario, rubric.get());
        REQUIRE(analysis.best);
        REQUIRE(analysis.worst);

        Replay best = replay(scenario, *rubric, *analysis.best, true);
        if (best.followed) {
            INFO("best path: ", best.card->verdict(), " ending ", best.card->endingId);
            CHECK(best.card->passed);
            CHECK(best.card->criticalErrors.empty());
            CHECK(goodEnding(best.card->resolution));
        } else {
            MESSAGE(scenario->id, ": best path checked on the analysis only: ", best.divergence);
            CHECK(analysis.best->pathScore + 1e-9 >= rubric->passThreshold);
            CHECK_FALSE(analysis.best->critical);
            const Node& ending = scenario->node(*scenario->findNode(analysis.best->endingId));
            CHECK(goodEnding(ending.resolution));
        }

        Replay worst = replay(scenario, *rubric, *analysis.worst, false);
        if (worst.followed) {
            INFO("worst path: ", worst.card->verdict());
            CHECK_FALSE(worst.card->passed);
        } else {
            MESSAGE(scenario->id, ": worst path checked on the analysis only: ", worst.divergence);
            CHECK((analysis.worst->critical || analysis.worst->pathScore < rubric->passThreshold));
        }
    }
}

TEST_CASE("every bundled scenario is a real branching conversation") {
    // Issue 4's floor for the library: 12 nodes, 3 endings, 3 decisions, a typed turn, and
    // feedback that says why on every choice.
    SchemaChecker schemas;
    ContentLibrary library = loadContent({"scenarios", "rubrics", "knowledge"}, schemas);
    REQUIRE(library.scenarios.size() >= 20);
    for (const auto& s : library.scenarios) {
        INFO("scenario ", s->id);
        size_t endings = 0, decisions = 0, freeText = 0;
        for (const auto& node : s->nodes) {
            endings += node.kind == NodeKind::Ending ? 1 : 0;
            decisions += node.kind == NodeKind::Choice && node.choices.size() >= 2 ? 1 : 0;
            freeText += node.kind == NodeKind::FreeText ? 1 : 0;
            for (const auto& choice : node.choices) CHECK(choice.feedback.size() >= 30);  // a sentence that says why, not "Good."
        }
        CHECK(s->nodes.size() >= 12);
        CHECK(endings >= 3);
        CHECK(decisions >= 3);
        CHECK(freeText >= 1);
    }
}

TEST_CASE("every bundled scenario has a brief for the library that does not give the answer away") {
    // The summary names the right moves and the tempting mistakes; the library shows the brief
    // instead, before a practice or an exam.
    SchemaChecker schemas;
    ContentLibrary library = loadContent({"scenarios", "rubrics", "knowledge"}, schemas);
    for (const auto& s : library.scenarios) {
        INFO("scenario ", s->id, ": ", s->brief);
        CHECK_FALSE(s->brief.empty());
        CHECK(s->brief != s->summary);
        for (const char* spoiler : {"The trainee", "trainee", "Tempting", "mistakes", "(critical)"})
            CHECK(s->brief.find(spoiler) == std::string::npos);
    }
}

TEST_CASE("every bundled scenario has two exam variants that change the case, not the conversation's structure") {
    // Exams draw from variants (docs/scenario-format.md#exam-variants): another customer, other
    // figures, facts in another order. They keep the scenario's graph, points and rule wiring, so
    // loading reuses the scenario's graph checks for them instead of analysing each again.
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    for (const auto& s : library.scenarios) {
        INFO("scenario ", s->id);
        CHECK(s->variantIds.size() >= 2);
        for (const auto& v : s->variantIds) {
            ScenarioPtr variant = library.findScenario(s->id + "--" + v);
            REQUIRE(variant);
            CHECK(variant->persona.name != s->persona.name);
            bool caseChanged = false;  // some customer line tells another customer's case
            for (size_t n = 0; n < s->nodes.size(); ++n) caseChanged = caseChanged || variant->nodes[n].text != s->nodes[n].text;
            CHECK(caseChanged);
            CHECK(variant->structure == s->structure);
        }
    }
}

TEST_CASE("a regex a scenario and its variants share is compiled once per load, and matches the same") {
    // Compiling every variant's copy of each pattern was most of the time loading took.
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    size_t shared = 0, regexRules = 0;
    for (const auto& s : library.scenarios)
        for (const auto& v : s->variantIds) {
            ScenarioPtr variant = library.findScenario(s->id + "--" + v);
            REQUIRE(variant);
            for (size_t n = 0; n < s->nodes.size(); ++n)
                for (const auto& rule : s->nodes[n].rules) {
                    if (rule.kind != "regex") continue;
                    ++regexRules;
                    REQUIRE(rule.regex);
                    for (const auto& other : variant->nodes[n].rules)
                        if (other.id == rule.id && other.pattern == rule.pattern) {
                            shared += other.regex == rule.regex;
                            CHECK(other.prefilter == rule.prefilter);
                            CHECK(evaluateRules({other}, "Refunded: $49.00 back in 5-10 business days.").front().matched ==
                                  evaluateRules({rule}, "Refunded: $49.00 back in 5-10 business days.").front().matched);
                        }
                }
        }
    CHECK(regexRules > 100);
    CHECK(shared > 100);  // variants mostly keep their scenario's patterns
}

namespace {

/// `text` with the whole word "Sam" (never "Same" or "Samuel") replaced by `name`.
std::string signedAs(const std::string& text, const std::string& name) {
    auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    std::string out;
    for (size_t i = 0; i < text.size();) {
        bool word = text.compare(i, 3, "Sam") == 0 && (i == 0 || !letter(text[i - 1])) &&
                    (i + 3 >= text.size() || !letter(text[i + 3]));
        out += word ? name : std::string(1, text[i]);
        i += word ? 3 : 1;
    }
    return out;
}

} // namespace

TEST_CASE("a typed turn scores the same whoever signs it: Eva's reply matches the rules Sam's does") {
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    struct Case {
        std::string where, reply;
        const Node* node = nullptr;
    };
    std::vector<Case> cases;
    for (const auto& scenario : library.scenarios)
        for (const auto& node : scenario->nodes)
            if (!node.modelAnswer.empty())
                cases.push_back({scenario->id + "/" + node.id + " (model answer)",
                                 fillAgentName(node.modelAnswer, kDefaultAgentName), &node});
    for (const char* set : {"tests/eval/excellent_replies.jsonl", "tests/eval/excellent_replies_heldout.jsonl",
                            "tests/eval/excellent_replies_heldout_2.jsonl"}) {
        std::ifstream in(test::sourcePath(set));
        REQUIRE(in);
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            auto row = nlohmann::json::parse(line);
            ScenarioPtr scenario = library.findScenario(row["scenario"].get<std::string>());
            REQUIRE(scenario);
            auto index = scenario->findNode(row["node"].get<std::string>());
            REQUIRE(index);
            cases.push_back({std::string(set) + " " + scenario->id + "/" + row["node"].get<std::string>(),
                             row["reply"].get<std::string>(), &scenario->node(*index)});
        }
    }
    size_t signedBySam = 0;
    for (const auto& c : cases) {
        if (signedAs(c.reply, "Eva") == c.reply) continue;
        ++signedBySam;
        INFO(c.where);
        auto rules = [&](const std::string& reply) {
            std::string out;
            for (const auto& id : matchedRules(*c.node, reply)) out += id + " ";
            return out;
        };
        for (const char* name : {"Eva", "Anne-Marie", "Zoë"}) CHECK(rules(signedAs(c.reply, name)) == rules(c.reply));
    }
    CHECK(signedBySam > 50);  // the evaluation replies are signed as the content was written, by Sam
}

TEST_CASE("a variant replaces text, never ids or wiring, one that changes a number is checked on its own") {
    std::string text = R"({"format": 1, "id": "v", "version": "1", "title": "T", "summary": "S", "category": "complaint",
      "channel": "chat", "priority": "P3", "difficulty": 1,
      "persona": {"name": "Ana", "company": "C", "tier": "free", "temperament": "calm", "starting_mood": 50},
      "rubric": "test-rubric",
      "variants": [{"id": "b", "replace": [["Ana", "Eva"]]}, {"id": "c", "persona": {"starting_mood": 10}, "replace": [["done", "lost"]]}],
      "start": "ask",
      "nodes": {
        "ask": {"type": "choice", "customer": "Hi, I am Ana.", "choices": [
          {"id": "ok", "text": "Hello Ana", "feedback": "F", "points": {"empathy": 4}, "next": "done"}]},
        "done": {"type": "ending", "outcome": "O", "resolution": "resolved"},
        "lost": {"type": "ending", "outcome": "O", "resolution": "lost"}
      }})";
    auto parsed = parseJsonDocument("v.json", text);
    REQUIRE(parsed.document);
    SchemaChecker schemas;
    auto base = buildScenario(*parsed.document, schemas);
    auto textOnly = buildVariant(*parsed.document, nullptr, "b");
    REQUIRE(base.scenario);
    REQUIRE(textOnly.scenario);
    CHECK(textOnly.scenario->id == "v--b");
    CHECK(textOnly.scenario->nodes.front().text == "Hi, I am Eva.");
    CHECK(textOnly.scenario->structure == base.scenario->structure);
    // "done" is a node id and a "next": replacements leave both alone. The starting mood is a number
    // the graph checks read, so this variant is checked as a scenario of its own.
    auto moody = buildVariant(*parsed.document, nullptr, "c");
    REQUIRE(moody.scenario);
    CHECK(moody.scenario->node(moody.scenario->start).choices.front().next == *base.scenario->findNode("done"));
    CHECK(moody.scenario->structure != base.scenario->structure);
}

TEST_CASE("a variant's claim figures follow its replaced figures, so a wrong amount is wrong in every variant") {
    std::string text = R"({"format": 1, "id": "v", "version": "1", "title": "T", "summary": "S", "category": "billing",
      "channel": "email", "priority": "P3", "difficulty": 1,
      "persona": {"name": "Ana", "company": "C", "tier": "free", "temperament": "calm", "starting_mood": 50},
      "rubric": "test-rubric",
      "variants": [{"id": "b", "replace": [["$2,280", "$1,710"], ["$4,560", "$3,420"], ["2,?280", "1,?710"], ["8 days ago", "6 days ago"]]},
                   {"id": "c", "replace": [["$2,280 was", "$3,420 was"], ["$2,280", "$1,999"]]}],
      "start": "write",
      "nodes": {
        "write": {"type": "free_text", "prompt": "The duplicate $2,280 was charged 8 days ago; both came to $4,560.", "rules": [
          {"id": "amount", "kind": "claim", "any": ["refunded"],
           "figures": {"unit": "amount", "allowed": [2280], "also_right": [4560, 38]}, "points": {"accuracy": 3}},
          {"id": "days", "kind": "claim", "any": ["business days"], "figures": {"unit": "days", "allowed": [5, 10]}, "points": {"accuracy": 3}}],
          "next": "done"},
        "done": {"type": "ending", "outcome": "O", "resolution": "resolved"}
      }})";
    auto parsed = parseJsonDocument("v.json", text);
    REQUIRE(parsed.document);
    auto b = buildVariant(*parsed.document, nullptr, "b");
    REQUIRE(b.scenario);
    const auto& rules = b.scenario->node(*b.scenario->findNode("write")).rules;
    CHECK(rules[0].figuresAllowed == std::vector<double>{1710});
    CHECK(rules[0].figuresAlsoRight == std::vector<double>{3420, 38});
    // A figure no replacement names, a policy timeline, stays as it is.
    CHECK(rules[1].figuresAllowed == std::vector<double>{5, 10});
    CHECK(evaluateRules(rules, "I have refunded the $1,710 today.")[0].matched);
    CHECK_FALSE(evaluateRules(rules, "I have refunded the $2,280 today.")[0].matched);
    // Two replacements that give one figure two new values leave it alone rather than guess.
    auto c = buildVariant(*parsed.document, nullptr, "c");
    REQUIRE(c.scenario);
    CHECK(c.scenario->node(*c.scenario->findNode("write")).rules[0].figuresAllowed == std::vector<double>{2280});
}

TEST_CASE("track descriptions, which trainees read on My tracks, cite no authoring sources such as 'seed 004'") {
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    REQUIRE(!library.tracks.empty());
    for (const auto& track : library.tracks) {
        CAPTURE(track->id);
        CHECK(track->description.find("seed ") == std::string::npos);
        CHECK(track->description.find("seeds ") == std::string::npos);
    }
}
