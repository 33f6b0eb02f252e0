// Free-text rules of every kind on replies a trainee might type: what matches, the spans the
// debrief highlights, the reason shown, branching on the new kinds, and the keyword-stuffing cap.
#include "test_support.hpp"

#include "core/agent_name.hpp"
#include "core/player.hpp"
#include "core/scoring.hpp"
#include "core/lexicon.hpp"
#include "core/text_rules.hpp"
#include "core/regex_prefilter.hpp"
#include "eval_measure.hpp"

#include <re2/re2.h>

#include <doctest/doctest.h>

using namespace simdesk;

namespace {

constexpr int64_t kT0 = 1767603600;

/// A scenario whose free-text turn "write" has `rules` (JSON) and `branches` (JSON).
ScenarioPtr withRules(const std::string& rules, const std::string& branches = "[]",
                      std::vector<Diagnostic>* diagnostics = nullptr) {
    return test::scenarioFromText(R"({
  "format": 1, "id": "rules", "version": "1", "title": "T", "summary": "S",
  "category": "complaint", "channel": "email", "priority": "P2", "difficulty": 1,
  "persona": {"name": "N", "company": "C", "tier": "free", "temperament": "calm", "starting_mood": 50},
  "rubric": "test-rubric", "start": "write",
  "nodes": {
    "write": {"type": "free_text", "prompt": "Reply.", "rules": )" + rules + R"(, "branches": )" + branches +
                                      R"(, "next": "other"},
    "good": {"type": "ending", "outcome": "O", "resolution": "resolved"},
    "other": {"type": "ending", "outcome": "O", "resolution": "unresolved"}
  }
})",
                                  diagnostics);
}

std::vector<RuleMatch> run(const ScenarioPtr& s, std::string_view reply) {
    return evaluateRules(s->node(*s->findNode("write")).rules, reply);
}

std::string spanText(std::string_view reply, const TextSpan& span) {
    return std::string(reply.substr(span.begin, span.end - span.begin));
}

} // namespace

TEST_CASE("a lexicon rule matches stems and case, and not negated or excluded apologies") {
    auto s = withRules(R"([{"id": "apology", "kind": "lexicon", "lexicon": "apology", "points": {"empathy": 4}}])");
    std::string reply = "We APOLOGISED twice already.";
    auto m = run(s, reply);
    CHECK(m[0].matched);
    REQUIRE(m[0].spans.size() == 1);
    CHECK(spanText(reply, m[0].spans[0]) == "We APOLOGISED");  // the longest entry, "we apologise"

    reply = "I'm not sorry, you should have read the terms.";
    m = run(s, reply);
    CHECK_FALSE(m[0].matched);
    CHECK(m[0].reason == "\"sorry\" is negated by \"not\"");
    REQUIRE(m[0].spans.size() == 1);  // points at the word that looked like an apology
    CHECK(spanText(reply, m[0].spans[0]) == "sorry");

    m = run(s, "I'm sorry you feel that way.");
    CHECK_FALSE(m[0].matched);
    CHECK(m[0].reason == "\"sorry\" is part of \"sorry you feel\"");

    // A negation in another clause does not reach the apology.
    CHECK(run(s, "I never meant to upset you, and I'm sorry I did.")[0].matched);
}

TEST_CASE("a regex rule reports every match as a span, a bad pattern is SD072 at the pattern") {
    auto s = withRules(R"([{"id": "days", "kind": "regex", "pattern": "\\b\\d+(-\\d+)? business days\\b"}])");
    std::string reply = "Refunds take 5-10 Business Days, sometimes 3 business days.";
    auto m = run(s, reply);
    CHECK(m[0].matched);
    REQUIRE(m[0].spans.size() == 2);
    CHECK(spanText(reply, m[0].spans[0]) == "5-10 Business Days");
    CHECK(spanText(reply, m[0].spans[1]) == "3 business days");
    CHECK_FALSE(run(s, "It takes a few business days.")[0].matched);

    SchemaChecker schemas;
    JsonLoad load = parseJsonDocument("bad.json", R"({
  "format": 1, "id": "rules", "version": "1", "title": "T", "summary": "S",
  "category": "complaint", "channel": "email", "priority": "P2", "difficulty": 1,
  "persona": {"name": "N", "company": "C", "tier": "free", "temperament": "calm", "starting_mood": 50},
  "rubric": "test-rubric", "start": "write",
  "nodes": {
    "write": {"type": "free_text", "prompt": "Reply.", "rules": [{"id": "r", "kind": "regex", "pattern": "a{1000}{1000}"}], "next": "done"},
    "done": {"type": "ending", "outcome": "O", "resolution": "resolved"}
  }
})");
    REQUIRE(load.document);
    ScenarioLoad built = buildScenario(*load.document, schemas);
    CHECK_FALSE(built.scenario);
    // The turn also states no must-have points (SD076, a warning); the pattern is the one error.
    std::vector<Diagnostic> errors;
    for (const auto& d : built.diagnostics)
        if (d.severity == Severity::Error) errors.push_back(d);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "SD072");
    CHECK(errors[0].pointer == "/nodes/write/rules/0/pattern");
    CHECK(errors[0].line == 7);
}

TEST_CASE("order and proximity compare the spans of earlier rules") {
    auto s = withRules(R"([
      {"id": "apology", "kind": "lexicon", "lexicon": "apology"},
      {"id": "fix", "kind": "phrases", "any": ["refunded"]},
      {"id": "first", "kind": "order", "first": "apology", "then": "fix"},
      {"id": "near", "kind": "proximity", "rules": ["apology", "fix"], "within_words": 3}])");
    std::string good = "I'm sorry, I have refunded you.";
    auto m = run(s, good);
    CHECK(m[2].matched);
    CHECK(m[3].matched);
    CHECK(m[3].reason == "\"sorry\" and \"refunded\" are 2 words apart (within 3 needed)");

    std::string late = "I have refunded the duplicate charge for your annual plan today. Sorry.";
    m = run(s, late);
    CHECK_FALSE(m[2].matched);
    CHECK(m[2].reason == "\"refunded\" comes before \"Sorry\"; expected \"apology\" first");
    CHECK_FALSE(m[3].matched);
}

TEST_CASE("length, structure and privacy rules") {
    auto s = withRules(R"([
      {"id": "short", "kind": "length", "max_words": 12},
      {"id": "shape", "kind": "structure", "require": ["greeting", "timeline", "sign_off"]},
      {"id": "pii", "kind": "privacy", "critical": "Asked for card data"}])");
    std::string email = "Hi Priya,\nYour refund arrives within 5 business days.\nBest regards,\nSam";
    auto m = run(s, email);
    CHECK(m[0].matched);
    CHECK(m[0].reason.rfind("12 words, reading grade ", 0) == 0);
    CHECK(m[1].matched);
    REQUIRE(m[1].spans.size() == 3);
    CHECK(spanText(email, m[1].spans[0]) == "Hi");
    CHECK(spanText(email, m[1].spans[2]) == "Best regards");
    CHECK_FALSE(m[2].matched);

    std::string bad = "Please send me your full card number so I can check the refund today.";
    m = run(s, bad);
    CHECK_FALSE(m[0].matched);
    CHECK(m[1].reason == "missing greeting, sign_off");
    CHECK(m[2].matched);
    CHECK(m[2].reason == "asks_for_card_number: \"Please send me your full card number\"");
}

TEST_CASE("a free-text turn branches on lexicon and regex rules") {
    auto s = withRules(R"([
      {"id": "apology", "kind": "lexicon", "lexicon": "apology"},
      {"id": "days", "kind": "regex", "pattern": "\\d+ business days"}])",
                       R"([{"when": ["apology", "days"], "next": "good"}])");
    auto play = [&](const std::string& reply) {
        auto session = PlaySession::start(s, kT0);
        REQUIRE(session);
        REQUIRE(session->reply(reply, 30, kT0 + 30));
        return session->transcript().entries.back().nodeId;
    };
    CHECK(play("So sorry! The refund arrives in 5 business days.") == "good");
    CHECK(play("I'm not sorry. The refund arrives in 5 business days.") == "other");
    CHECK(play("Sorry, the refund arrives in a few business days.") == "other");
}

TEST_CASE("keyword stuffing never earns the top level") {
    auto s = withRules(R"([
      {"id": "apology", "kind": "lexicon", "lexicon": "apology", "points": {"empathy": 4}, "points_if_missing": {"empathy": 1}},
      {"id": "empathy", "kind": "lexicon", "lexicon": "empathy", "points": {"empathy": 4}, "points_if_missing": {"empathy": 1}}])");
    auto levelFor = [&](const std::string& reply) {
        auto session = PlaySession::start(s, kT0);
        REQUIRE(session->reply(reply, 30, kT0 + 30));
        auto card = scoreTranscript(*s, *test::testRubric(), session->transcript());
        REQUIRE(card);
        for (const auto& c : card->criteria)
            if (c.id == "empathy") return c.evidence.at(0).level;
        return -1;
    };
    CHECK(levelFor("I'm so sorry this happened. I understand how frustrating a double charge is. The second $42 "
                   "payment is refunded to your card today.") == 4);
    // Nothing but courtesy words: no substance, so the turn earns nothing at all (not even the capped level).
    CHECK(levelFor("sorry sorry apologise understand frustrating sorry understand") == 0);
    auto m = run(s, "I understand I understand I understand I understand");
    CHECK(m[1].capped == "keyword stuffing: \"i understand\" 4 times in 8 words");
}

TEST_CASE("a dense answer in sentences is not keyword stuffing; the same facts as a list are") {
    auto s = withRules(R"([
      {"id": "cause", "kind": "regex", "pattern": "deactivated|login", "points": {"accuracy": 3}},
      {"id": "fix", "kind": "regex", "pattern": "reconnect|active user|api enabled", "points": {"accuracy": 3}},
      {"id": "safe", "kind": "regex", "pattern": "nothing('s| is) lost|come across|sync", "points": {"accuracy": 3}}])");
    // Half its words are matched, as a short answer of facts has; a third of them are "the", "who", "with".
    auto prose = run(s, "Alex's login was deactivated. Reconnect with an active user who has API Enabled, and the sync "
                        "catches up: nothing is lost.");
    CHECK(prose[0].matched);
    CHECK(prose[0].capped.empty());
    auto list = run(s, "Deactivated. Reconnect active user API Enabled. Sync. Nothing's lost. Deactivated.");
    CHECK(list[0].matched);
    CHECK(list[0].capped.find("keyword stuffing") == 0);
}

TEST_CASE("no bundled model answer is capped as keyword stuffing") {
    // The content's own best answer at each typed turn is what a trainee is told to write: if the
    // cap caught it, a dense case note or a short factual answer would be marked down for doing
    // the job well.
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    size_t answers = 0;
    for (const auto& scenario : library.scenarios)
        for (const auto& node : scenario->nodes) {
            if (node.kind != NodeKind::FreeText) continue;
            ++answers;
            for (const auto& m : evaluateRules(node.rules, fillAgentName(node.modelAnswer, kDefaultAgentName))) {
                INFO(scenario->id, " at ", node.id, ": ", m.ruleId, " ", m.capped);
                CHECK(m.capped.empty());
            }
        }
    CHECK(answers >= 40);
}

TEST_CASE("a regex rule's prefilter never turns away a reply its pattern matches: every bundled pattern, every development reply") {
    // The prefilter (regex_prefilter.hpp) decides from the words a pattern cannot match without;
    // a wrong "cannot match" would silently drop a rule's evidence, a safety rule's among them.
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    std::vector<const TextRule*> regexRules;
    for (const auto& scenario : library.scenarios)
        for (const auto& node : scenario->nodes)
            for (const auto& rule : node.rules)
                if (rule.kind == "regex" && rule.regex) regexRules.push_back(&rule);
    REQUIRE(regexRules.size() > 100);
    std::vector<std::string> replies;
    for (const auto& row : eval::readSet(test::sourcePath("tests/eval/dev.jsonl"))) replies.push_back(row.text);
    replies.push_back("PLEASE SEND YOUR FULL CARD NUMBER AND THE CVV");   // capitals: lower-cased for the words
    replies.push_back("Ihr Rückerstattung ist unterwegs, Frau Müller");  // not ASCII: the pattern always runs
    size_t matches = 0, turnedAway = 0;
    for (const TextRule* rule : regexRules) {
        REQUIRE(rule->prefilter);
        for (size_t i = 0; i < replies.size(); ++i) {
            const std::string& reply = replies[i];
            bool may = rule->prefilter->mayMatch(PrefilterText(reply));
            bool matches_ = RE2::PartialMatch(reply, *rule->regex);
            matches += matches_;
            turnedAway += !may;
            if (matches_) CHECK_MESSAGE(may, rule->id << " matches \"" << reply << "\" but its prefilter turned it away");
        }
    }
    // The pairs sketch only ever sends a word on to the search: a word it lets by is still looked for.
    PrefilterText text("Your REFUND is on its way.");
    CHECK(text.contains("refund"));
    CHECK(text.contains("s way"));
    CHECK_FALSE(text.contains("refunded"));
    CHECK_FALSE(text.contains("refur"));   // every pair is in the reply ("your", "refund"), the word is not
    CHECK(PrefilterText("Ihr Rückerstattung").lowered().empty());
    CHECK(matches > 100);                // the patterns do match replies here
    CHECK(turnedAway > matches * 10);    // and most replies that cannot match are told apart cheaply
}

TEST_CASE("a lexicon whose negation scope is the clause is cancelled by a negation after it too, not by one in the next clause") {
    SchemaChecker schemas;
    auto build = [&](const std::string& scope) {
        JsonLoad load = parseJsonDocument("secret.json", R"({"format": 1, "id": "secret", "description": "d",
            "negatable": true, )" + scope + R"("entries": ["pin"]})");
        REQUIRE(load.document);
        LexiconLoad built = buildLexicon(*load.document, schemas);
        REQUIRE(built.lexicon);
        return built.lexicon;
    };
    auto clause = build(R"("negation_scope": "clause", )"), before = build("");
    Stemmer stemmer;
    auto negationHits = [&](const AnalyzedText& text) { return findLexicon(*makeLexicon("negation", {"no", "not", "never"}), text); };
    auto cancelled = [&](const LexiconPtr& lexicon, std::string_view reply) {
        AnalyzedText text = analyzeText(reply, stemmer);
        auto negations = negationHits(text);
        auto hits = findLexicon(*lexicon, text, &negations);
        REQUIRE(hits.size() == 1);
        return hits[0].negated ? hits[0].cancelledBy : std::string();
    };
    // After the entry, in its clause: only the clause scope reaches it.
    CHECK(cancelled(clause, "Your PIN didn't arrive?") == "\"didn't\"");
    CHECK(cancelled(before, "Your PIN didn't arrive?").empty());
    // Far before it in its clause: the nearest negation is the one named.
    CHECK(cancelled(clause, "We will never ask a customer over chat for their PIN") == "\"never\"");
    CHECK(cancelled(before, "We will never ask a customer over chat for their PIN").empty());
    // Three words before: both scopes.
    CHECK(cancelled(before, "Please do not share the PIN") == "\"not\"");
    CHECK(cancelled(clause, "Please do not share the PIN") == "\"not\"");
    // A negation in another sentence reaches neither.
    CHECK(cancelled(clause, "No worries at all. What is your PIN?").empty());
    // A scope the schema does not know is refused at the file.
    JsonLoad bad = parseJsonDocument("bad.json", R"({"format": 1, "id": "x", "description": "d", "negation_scope": "sentence", "entries": ["a"]})");
    REQUIRE(bad.document);
    LexiconLoad refused = buildLexicon(*bad.document, schemas);
    CHECK_FALSE(refused.lexicon);
    CHECK(hasErrors(refused.diagnostics));
}

TEST_CASE("figures are read from digits, ranges and words, amounts in words as one number") {
    auto values = [](std::string_view text, std::string_view unit) {
        std::vector<double> out;
        for (const auto& f : findFigures(text, unit)) out.insert(out.end(), f.values.begin(), f.values.end());
        return out;
    };
    CHECK(values("It takes 5-10 business days.", "days") == std::vector<double>{5, 10});
    CHECK(values("within five to ten working days", "days") == std::vector<double>{5, 10});
    CHECK(values("That's $2,280.00 back, and €40 off.", "amount") == std::vector<double>{2280, 40});
    // Said on the phone: "a hundred and ninety dollars" is 190, not 1 and 90.
    CHECK(values("It comes to a hundred and ninety dollars a month.", "amount") == std::vector<double>{190});
    CHECK(values("two thousand two hundred and eighty dollars", "amount") == std::vector<double>{2280});
    CHECK(values("about ninety-five dollars for the rest of the month", "amount") == std::vector<double>{95});
    CHECK(values("one hundred ninety dollars", "amount") == std::vector<double>{190});
    // Words that are no amount stay out: "a few dollars", "and dollars".
    CHECK(values("It's only a few dollars and dollars more.", "amount").empty());
    // Before what they pay for, in the singular: "a seventy-six dollar refund", "a 40-euro voucher".
    CHECK(values("I've issued a seventy-six dollar refund.", "amount") == std::vector<double>{76});
    CHECK(values("a 40-euro voucher and a 25 dollar credit", "amount") == std::vector<double>{40, 25});
    CHECK(values("It ships in a five pound box.", "amount").empty());  // a weight
    CHECK(statesAmountAbove("I've added a two hundred dollar credit.", 50));
    CHECK(statesAmountAbove("I've added a two hundred dollars credit.", 50));
    CHECK_FALSE(statesAmountAbove("I've added a forty dollars credit.", 50));
}

TEST_CASE("dates are read in the ways people write them; a day and month that read either way are not read") {
    auto values = [](std::string_view text) {
        std::vector<double> out;
        for (const auto& f : findFigures(text, "date")) out.insert(out.end(), f.values.begin(), f.values.end());
        return out;
    };
    // yyyymmdd with a year, mmdd without one.
    CHECK(values("They will reply by 24 December 2026.") == std::vector<double>{20261224});
    CHECK(values("no later than the 24th of Dec") == std::vector<double>{1224});
    CHECK(values("due December 24, 2026 at the latest") == std::vector<double>{20261224});
    CHECK(values("by Dec. 24th") == std::vector<double>{1224});
    CHECK(values("Received 2026-11-24, due 2026-12-24.") == std::vector<double>{20261124, 20261224});
    CHECK(values("Due 24/12/2026 or 24.12.26") == std::vector<double>{20261224, 20261224});
    CHECK(values("Due 12/24/2026 in the US way") == std::vector<double>{20261224});
    // Either way round it is a date, but which one is unknown: it is not read.
    CHECK(values("Due 03/04/2026.").empty());
    // Not dates: a service's hours, a decimal, a month alone.
    CHECK(values("We answer 24/7 and it costs 4.5 a seat.").empty());
    CHECK(values("It broke in release 3.14.").empty());  // dots are day first: no 14th month
    CHECK(values("Since March, we see it 2 or 3 times a week.").empty());
    CHECK(dateText(20261224) == "24 December 2026");
    CHECK(dateText(1224) == "24 December");
}

TEST_CASE("a negatable regex rule does not count a match its clause negates") {
    auto s = withRules(R"([{"id": "eta", "kind": "regex", "negatable": true, "pattern": "\\bfixed by \\d\\d?:\\d\\d\\b"},
                           {"id": "plain", "kind": "regex", "pattern": "\\bfixed by \\d\\d?:\\d\\d\\b"}])");
    // A refusal to guess states no time; the plain rule still sees the words.
    std::string refused = "I can't promise it'll be fixed by 14:45, but I'll update you at 15:00.";
    auto m = run(s, refused);
    CHECK_FALSE(m[0].matched);
    CHECK(m[0].reason.find("negated") != std::string::npos);
    CHECK(m[1].matched);
    // Stated, or negated only in another clause, it counts.
    CHECK(run(s, "It should be fixed by 14:45.")[0].matched);
    CHECK(run(s, "That's not a guess: it will be fixed by 14:45.")[0].matched);
    // One match negated and one stated: the stated one stands, and only it is highlighted.
    std::string both = "I won't say fixed by 14:00. Engineering says fixed by 15:30.";
    auto m2 = run(s, both);
    REQUIRE(m2[0].matched);
    REQUIRE(m2[0].spans.size() == 1);
    CHECK(spanText(both, m2[0].spans[0]) == "fixed by 15:30");
    CHECK(m2[0].reason.find("15:30") != std::string::npos);  // the reason quotes the match that stands
}
