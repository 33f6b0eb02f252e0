// Typed replies scored for what they say: the QA lead's table of issue 12, one case per row.
//
// Each reply is typed at one typed turn of a bundled scenario, on the analysed best path (the model
// answer at every other typed turn), and the turn is judged as a QA lead judged it: facts that are
// contradicted lose their criterion, the rubric's reply checks catch what no scenario rule names,
// good practice ("not as an attachment", "never send your password") is not punished, and a natural
// reply earns what a keyword bag cannot.
#include "test_support.hpp"

#include "core/agent_name.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace simdesk;

namespace {

struct TurnResult {
    test::Played played;
    const TypedTurnCheck* turn = nullptr;
    int number = 0;
};

TurnResult replyAt(const ContentLibrary& library, const ScenarioPtr& scenario, const std::string& nodeId, const std::string& reply) {
    REQUIRE(scenario);
    RubricPtr rubric = library.findRubric(scenario->rubricId);
    REQUIRE(rubric);
    test::ReplyWriter write = [&](const PlaySession& s) {
        const std::string at = s.prompt().nodeId;
        return at == nodeId ? reply : fillAgentName(s.scenario().node(*s.scenario().findNode(at)).modelAnswer, kDefaultAgentName);
    };
    TurnResult out{test::play(scenario, *rubric, test::followBestPath(*scenario, *rubric), write), nullptr, 0};
    for (const auto& t : out.played.card.typedTurns)
        if (t.nodeId == nodeId) out.turn = &t, out.number = t.turn;
    REQUIRE_MESSAGE(out.turn, "the best path does not reach ", nodeId);
    return out;
}

TurnResult replyAt(const ContentLibrary& library, const std::string& scenarioId, const std::string& nodeId, const std::string& reply) {
    return replyAt(library, library.findScenario(scenarioId), nodeId, reply);
}

/// The levels a criterion was given on one turn.
std::vector<int> levelsOn(const TurnResult& r, const std::string& criterion) {
    std::vector<int> out;
    for (const auto& c : r.played.card.criteria)
        if (c.id == criterion)
            for (const auto& e : c.evidence)
                if (e.turn == r.number && e.source == Evidence::Source::Rule) out.push_back(e.level);
    return out;
}

bool allZero(const std::vector<int>& levels) {
    return !levels.empty() && std::all_of(levels.begin(), levels.end(), [](int l) { return l == 0; });
}

bool criticalFrom(const TurnResult& r, const std::string& source) {
    return std::any_of(r.played.card.criticalErrors.begin(), r.played.card.criticalErrors.end(),
                       [&](const CriticalError& e) { return e.turn == r.number && e.sourceId == source; });
}

bool matchedRule(const TurnResult& r, const std::string& criterion, const std::string& rule) {
    for (const auto& c : r.played.card.criteria)
        if (c.id == criterion)
            for (const auto& e : c.evidence)
                if (e.turn == r.number && e.sourceId == rule) return true;
    return false;
}

/// Some evidence of the turn says `text` (a rule's reason or feedback).
bool evidenceSays(const TurnResult& r, std::string_view text) {
    for (const auto& c : r.played.card.criteria)
        for (const auto& e : c.evidence)
            if (e.turn == r.number && e.note.find(text) != std::string::npos) return true;
    return false;
}

const ContentLibrary& library() {
    static SchemaChecker schemas;
    static ContentLibrary shared = test::bundledLibrary(schemas);
    return shared;
}

} // namespace

TEST_CASE("a refund reply that denies the refund, blames the bank and gives 30 days loses accuracy and fails its turn") {
    auto r = replyAt(library(), "refund-double-charge", "write_reply",
                     "Hi Priya, I checked and our records show no duplicate charge. Nothing was reversed or refunded, "
                     "as this isn't our error; please allow 30 business days for your bank to sort it out. Best regards, Sam");
    CHECK_FALSE(r.turn->passed);
    CHECK(allZero(levelsOn(r, "accuracy")));
    CHECK(allZero(levelsOn(r, "resolution")));
    CHECK(matchedRule(r, "empathy", "check:blame"));
    CHECK(allZero(levelsOn(r, "empathy")));
    CHECK_FALSE(r.played.card.passed);
}

TEST_CASE("free months and 'I guarantee this will never happen again' are critical, as the choice close_guarantee is") {
    auto r = replyAt(library(), "refund-double-charge", "write_reply",
                     "Hi Priya, I'm sorry, this was our error: our payment system charged you twice. I have refunded the "
                     "duplicate charge INV-20432 ($2,280.00) to your card ending 4417 today, reference RF-88213; it takes "
                     "5 to 10 business days to appear. To make up for it I've added three free months to your account, "
                     "and I guarantee this will never happen again. Best regards, Sam");
    CHECK(criticalFrom(r, "check:guarantee"));
    CHECK_FALSE(r.played.card.passed);
}

TEST_CASE("goodwill above the $50 L1 limit is critical; within it, or asked of L2, it is not") {
    const std::string refund = "Hi Priya, I'm sorry, this was our error: our payment system charged you twice. I have refunded the "
                               "duplicate charge INV-20432 ($2,280.00) to your card ending 4417 today, reference RF-88213; it takes "
                               "5 to 10 business days to appear. ";
    auto above = replyAt(library(), "refund-double-charge", "write_reply",
                         refund + "I've also added a $200 credit to your account for the trouble. Best regards, Sam");
    CHECK(criticalFrom(above, "check:credit_beyond_authority"));
    CHECK_FALSE(above.played.card.passed);
    // The rubric's limit, not the detector, decides: $40 is within L1 authority.
    auto within = replyAt(library(), "refund-double-charge", "write_reply",
                          refund + "I've also added a $40 credit to your account for the trouble. Best regards, Sam");
    CHECK_FALSE(criticalFrom(within, "check:credit_beyond_authority"));
    // Asking L2 Billing for it is the escalation the policy wants.
    auto asked = replyAt(library(), "refund-double-charge", "write_reply",
                         refund + "I've asked L2 Billing to approve a $200 credit for the trouble. Best regards, Sam");
    CHECK_FALSE(criticalFrom(asked, "check:credit_beyond_authority"));
    // The refund itself, $2,280, is a correction, not goodwill.
    auto plain = replyAt(library(), "refund-double-charge", "write_reply", refund + "Best regards, Sam");
    CHECK_FALSE(criticalFrom(plain, "check:credit_beyond_authority"));
    // Said as people say it before what it buys: "a two hundred dollar credit" is $200 too.
    auto spoken = replyAt(library(), "refund-double-charge", "write_reply",
                          refund + "I've also added a two hundred dollar credit to your account for the trouble. Best regards, Sam");
    CHECK(criticalFrom(spoken, "check:credit_beyond_authority"));
}

TEST_CASE("an amount said in the singular before what it pays for states the figure: 'a seventy-six dollar overcharge'") {
    auto reply = [](const std::string& amount) {
        return "Hi Margaret, I'm sorry about the overcharge: that was our error. I have set your account to 6 seats and "
               "refunded the " + amount + " dollar overcharge on INV-30877; it will reach your card in 5 to 10 business "
               "days. Best regards, Sam";
    };
    auto right = replyAt(library(), "seat-overcharge-complaint-email", "write_apology", reply("seventy-six"));
    CHECK(right.turn->passed);
    CHECK(matchedRule(right, "accuracy", "refund_amount"));
    // The same words with a wrong amount name it, and the amount claim gives accuracy nothing.
    auto wrong = replyAt(library(), "seat-overcharge-complaint-email", "write_apology", reply("ninety-six"));
    CHECK(evidenceSays(wrong, "ninety-six dollar"));
    CHECK(allZero(levelsOn(wrong, "accuracy")));
}

TEST_CASE("naming another customer as also affected is a critical privacy error") {
    auto r = replyAt(library(), "refund-double-charge", "write_reply",
                     "Hi Priya, I'm sorry, this was our error. I have refunded the duplicate charge INV-20432 to your card "
                     "ending 4417, reference RF-88213, within 5 to 10 business days. You are not alone: another customer, "
                     "Smile Bright Dental on Elm Street, was also affected by the same retry. Best regards, Sam");
    CHECK(criticalFrom(r, "check:other_customer"));
    CHECK_FALSE(r.played.card.passed);
}

TEST_CASE("naming the case's own customer, or a person the case is about, is no other customer") {
    // An internal note speaks of the customer in the third person; the persona is Gareth Lloyd.
    auto note = replyAt(library(), "call-recording-promise-phone", "billing_note",
                        "Exception request: on the recorded call of 14 October an agent promised Mr Lloyd a refund of his "
                        "annual renewal, $1,824, 14 days after renewal. Outside the 30-day policy, so L1 can't refund. "
                        "Evidence: call recording 14 Oct. I've told Mr Lloyd he'll have your answer by end of day tomorrow.");
    CHECK_FALSE(criticalFrom(note, "check:other_customer"));
    // The account owner the persona's background names.
    auto handoff = replyAt(library(), "sso-plan-question-email", "write_handoff",
                           "Plan changes require the account owner, Ms Fiona Hart. Owen asked about SSO on Business.");
    CHECK_FALSE(criticalFrom(handoff, "check:other_customer"));
    // Someone the case does not know is still another customer.
    auto other = replyAt(library(), "call-recording-promise-phone", "billing_note",
                         "Exception request: on the recorded call of 14 October an agent promised Mr Lloyd a refund of his "
                         "annual renewal, $1,824. Evidence: call recording 14 Oct. Mrs Dunmore was promised the same last year.");
    CHECK(criticalFrom(other, "check:other_customer"));
}

TEST_CASE("asking for the full card number and the CVV is critical") {
    auto r = replyAt(library(), "seat-overcharge-complaint-email", "write_apology",
                     "Hi Margaret, I'm sorry about the overcharge. I have set your account to 6 seats and refunded the $76 "
                     "on INV-30877; it will reach your card in 5 to 10 business days. To process the refund please reply "
                     "with your full card number and the CVV on the back. Best regards, Sam");
    CHECK(criticalFrom(r, "check:asks_for_secrets"));
    CHECK(r.played.card.finalPercent == 0);  // the written-reply rubric zeroes a critical error
}

TEST_CASE("a wrong refund timeline is named as a wrong figure, and the turn misses its timeline point") {
    auto r = replyAt(library(), "seat-overcharge-complaint-email", "write_apology",
                     "Hi Margaret, I'm sorry about the overcharge: that was our error. I have set your account to 6 seats "
                     "and refunded the $76 on INV-30877; it will reach your card in 3 to 5 business days. Best regards, Sam");
    CHECK_FALSE(r.turn->passed);
    CHECK(allZero(levelsOn(r, "timeline")));
    CHECK(evidenceSays(r, "wrong figure \"3 to 5 business days\""));
}

TEST_CASE("the rubric check's no_substance makes a matched reply one with no substance, whatever its signal") {
    const char* list = "Hi Tom, 429, limit, 300, Retry-After, polling, webhooks. Sam";
    // The same content with the keyword-list check's flag off: the list still costs its levels,
    // but the turn is judged on its points, not failed for want of substance.
    auto copy = std::make_shared<Scenario>(*library().findScenario("rate-limit-proactive-email"));
    size_t flagged = 0;
    for (auto& node : copy->nodes)
        for (auto& rule : node.rules)
            if (rule.id == "check:keyword_list") {
                flagged += rule.noSubstance ? 1 : 0;
                rule.noSubstance = false;
            }
    CHECK(flagged >= 2);  // every typed turn inherits the bundled rubric's flag
    auto r = replyAt(library(), copy, "explain_429", list);
    CHECK(r.turn->noSubstance.empty());
    CHECK(matchedRule(r, "accuracy", "check:keyword_list"));
}

TEST_CASE("a list of the case's own terms has no substance: it fails its turn and earns nothing there") {
    // Every term is right (the Team limit, the header, the fix), and nothing is explained.
    auto r = replyAt(library(), "rate-limit-proactive-email", "explain_429", "Hi Tom, 429, limit, 300, Retry-After, polling, webhooks. Sam");
    CHECK_FALSE(r.turn->passed);
    CHECK(r.turn->noSubstance.find("words, not sentences") != std::string::npos);
    CHECK(matchedRule(r, "accuracy", "check:keyword_list"));
    CHECK(allZero(levelsOn(r, "accuracy")));
    CHECK(allZero(levelsOn(r, "next_steps")));
    // The same facts in sentences pass.
    auto prose = replyAt(library(), "rate-limit-proactive-email", "explain_429",
                         "Hi Tom, this isn't aimed at you: every plan has a per-minute limit, 300 requests on Team. Above it the "
                         "API answers 429 with a Retry-After header; retrying at once counts against the limit too, which is why "
                         "it got worse. If your client waits for Retry-After, and you move from polling to webhooks, it stops. Sam");
    CHECK(prose.turn->passed);
    CHECK_FALSE(matchedRule(prose, "accuracy", "check:keyword_list"));
}

TEST_CASE("an internal note that calls the customer names rates the turn's empathy 0, however complete it is") {
    auto r = replyAt(library(), "refund-double-charge", "case_note",
                     "Typical drama queen, clueless about her own bank statement. Priya Shah (verified: sender address, "
                     "invoice INV-20432, card ending 4417) was charged $2,280 twice; I refunded the second charge, INV-20432, "
                     "today, reference RF-88213, 5-10 business days. Nothing else pending.");
    CHECK(matchedRule(r, "empathy", "check:condescension"));
    CHECK(allZero(levelsOn(r, "empathy")));
}

TEST_CASE("a wrong refund amount rates the turn's accuracy 0 and names the figure, in the scenario and in its exam variant") {
    auto r = replyAt(library(), "refund-double-charge", "write_reply",
                     "Hi Priya, I'm sorry, this was our error. I have refunded the duplicate charge of $2,820 (INV-20432), "
                     "reference RF-88213; it takes 5-10 business days to reach your card. Best regards, Sam");
    CHECK(allZero(levelsOn(r, "accuracy")));
    CHECK(evidenceSays(r, "wrong figure \"$2,820\""));
    // Variant b's duplicate is $1,710: the claim's figure follows the variant's text.
    auto b = replyAt(library(), "refund-double-charge--b", "write_reply",
                     "Hi Helen, I'm sorry, this was our error. I have refunded the duplicate charge of $1,170 (INV-31878), "
                     "reference RF-90546; it takes 5-10 business days to reach your card. Best regards, Sam");
    CHECK(allZero(levelsOn(b, "accuracy")));
    auto right = replyAt(library(), "refund-double-charge--b", "write_reply",
                         "Hi Helen, I'm sorry, this was our error: of the $3,420 taken, I have refunded the duplicate $1,710 "
                         "(INV-31878), reference RF-90546; it takes 5-10 business days to reach your card. Best regards, Sam");
    CHECK_FALSE(allZero(levelsOn(right, "accuracy")));
    CHECK_FALSE(evidenceSays(right, "wrong figure"));
}

TEST_CASE("'I'm not sorry, our records were right' rates the turn's tone 0") {
    auto r = replyAt(library(), "seat-overcharge-complaint-email", "write_apology",
                     "Hi Margaret, I'm not sorry, our records were right to bill 8 seats because nobody removed them in "
                     "time. I have set the account to 6 seats now and refunded the $76 on INV-30877, 5 to 10 business "
                     "days. Best regards, Sam");
    CHECK(matchedRule(r, "tone", "check:non_apology"));
    CHECK(allZero(levelsOn(r, "tone")));
}

TEST_CASE("'it's not prorated: you'll pay the full $190' is an accuracy error, not a match for prorating") {
    auto r = replyAt(library(), "upgrade-inquiry-phone", "invoice_question",
                     "It's not prorated, I'm afraid: you'll pay the full $190 for this month, and from then on five Team "
                     "seats are $190 a month.");
    CHECK_FALSE(r.turn->passed);
    CHECK(allZero(levelsOn(r, "accuracy")));
}

TEST_CASE("a terse phone answer that states every fact the turn needs passes it; saying what she won't pay is no free month") {
    // Few words, all of them the case: the must-have facts stated are substance enough.
    auto terse = replyAt(library(), "upgrade-inquiry-phone", "invoice_question", "It's prorated: just the days left, then $190 monthly.");
    CHECK(terse.turn->passed);
    CHECK(terse.turn->noSubstance.empty());
    auto bare = replyAt(library(), "upgrade-inquiry-phone", "invoice_question", "Sure, happy to help with that.");
    CHECK_FALSE(bare.turn->passed);
    CHECK_FALSE(bare.turn->noSubstance.empty());
    // "You won't be charged for a full month" is the proration; "first month free" is the promise.
    auto fullMonth = replyAt(library(), "upgrade-inquiry-phone", "invoice_question",
                             "You won't be charged for a full month: it's prorated to the days left, then it's $190 a month.");
    const auto fullMonthLevels = levelsOn(fullMonth, "accuracy");
    CHECK(fullMonth.turn->passed);
    CHECK(std::count(fullMonthLevels.begin(), fullMonthLevels.end(), 0) == 0);
    auto free = replyAt(library(), "upgrade-inquiry-phone", "invoice_question",
                        "It's prorated to the days left, and you won't be charged this month at all; then $190 a month.");
    CHECK(evidenceSays(free, "There is no free month on an upgrade"));
    const auto freeLevels = levelsOn(free, "accuracy");
    CHECK(std::count(freeLevels.begin(), freeLevels.end(), 0) == 1);
}

TEST_CASE("answers put in other words pass their turns: a refund that 'isn't possible', 'the difference for the time left'") {
    auto passesWithEveryPoint = [](const std::string& scenario, const std::string& node, const std::string& reply) {
        auto r = replyAt(library(), scenario, node, reply);
        CHECK(r.turn->passed);
        CHECK(r.turn->missedPoints.empty());
    };
    passesWithEveryPoint("missing-emails-forwarding-email", "refund_ask",
                         "Hi Oliver, I get why you'd ask after a stressful week. A refund for the month isn't possible here, since "
                         "the service itself was running while Google waited for the confirmation. To stop it happening again: "
                         "whenever you switch email providers, open Admin > Channels > Email > Forwarding verification and confirm "
                         "the link. I'll check your log tomorrow morning. You'll get a short survey too; I'd value your feedback. "
                         "Best, Sam");
    passesWithEveryPoint("sso-plan-question-email", "write_billing",
                         "Hi Owen, if you upgrade today you'll just pay the difference for the time left until your 1 June renewal. "
                         "A downgrade would wait until that renewal, and you wouldn't get money back for the months on Business. "
                         "Fiona Hart, as account owner, needs to approve it, so I've emailed her. Best, Sam");
    // The same claim denied is an accuracy error, not a match.
    auto denied = replyAt(library(), "sso-plan-question-email", "write_billing",
                          "Hi Owen, the upgrade is not prorated. A downgrade waits for the 1 June renewal with no partial refund. "
                          "Fiona Hart, the account owner, must approve it. Best, Sam");
    CHECK_FALSE(denied.turn->passed);
    CHECK(evidenceSays(denied, "Contradicts the facts"));
}

TEST_CASE("'a secure download link, not as an email attachment' is good practice, not a critical error") {
    auto r = replyAt(library(), "gdpr-access-request-email", "write_confirmation",
                     "Hi Sofia,\n\nThank you for confirming, and for your patience. Your request for a copy of your personal "
                     "data and its erasure is logged with our Privacy team under reference PRV-20931.\n\nWhat happens next: "
                     "the Privacy team will contact you from privacy@northwinddesk.com at this Gmail address. They will send "
                     "your data through a secure download link, not as an email attachment, and then erase it, no later than "
                     "24 December 2026. Invoices are kept for 10 years because tax law requires it.\n\nIf you have any "
                     "questions in the meantime, just reply to this email.\n\nBest regards,\nSam, Northwind Desk Support");
    CHECK(r.played.card.criticalErrors.empty());
    CHECK(r.turn->passed);
    CHECK(r.played.card.passed);
}

TEST_CASE("the GDPR deadline as '30 days of your request' is the deadline; '30 days after you closed' or the wrong year is not") {
    const std::string opening = "Hi Sofia, thank you for confirming. Your request for a copy of your data and its erasure is "
                                "logged with our Privacy team, reference PRV-20931. They will contact you from "
                                "privacy@northwinddesk.com";
    // 24 November plus 30 days is 24 December: the same day as "one month", put as agents often put it.
    auto stated = replyAt(library(), "gdpr-access-request-email", "write_confirmation",
                          opening + " and must respond within 30 days of your request. Invoices are kept for 10 years by "
                                    "tax law. Best regards, Sam");
    CHECK(evidenceSays(stated, "You gave the legal deadline"));
    CHECK(stated.turn->passed);
    auto other = replyAt(library(), "gdpr-access-request-email", "write_confirmation",
                         opening + ". Your workspace content was deleted 30 days after you closed the account, and "
                                   "invoices are kept for 10 years by tax law. Best regards, Sam");
    CHECK(evidenceSays(other, "Give her the legal deadline"));
    CHECK_FALSE(other.turn->passed);
    // The right day in the wrong year is a wrong deadline, named as one.
    auto misdated = replyAt(library(), "gdpr-access-request-email", "write_confirmation",
                            opening + " and must respond no later than 24 December 2025. Invoices are kept for 10 "
                                      "years by tax law. Best regards, Sam");
    CHECK(evidenceSays(misdated, "wrong figure \"24 December 2025\" (the facts say 24 December 2026)"));
    CHECK_FALSE(misdated.turn->passed);
}

TEST_CASE("warning the customer never to send a password or card number is good practice, not a privacy error") {
    auto r = replyAt(library(), "refund-double-charge", "write_reply",
                     "Hi Priya, I'm sorry: this was our error. I have refunded the duplicate charge INV-20432 to your card "
                     "ending 4417, reference RF-88213; it takes 5 to 10 business days to appear. Please never send your "
                     "password or full card number by email: we will never ask for them. Best regards, Sam");
    CHECK(r.played.card.criticalErrors.empty());
    CHECK(r.turn->passed);
}

TEST_CASE("a natural refund reply earns top marks, and the customer does not ask whether it is refunded") {
    auto r = replyAt(library(), "refund-double-charge", "write_reply",
                     "Hi Priya, that second charge was on us, and I'm sorry for the worry it caused. It's already on its "
                     "way back to your card ending 4417, reference RF-88213, and should show within 5 to 10 business days "
                     "depending on your bank. INV-20431 stays your valid invoice for the year. Best regards, Sam");
    CHECK(r.turn->passed);
    auto resolution = levelsOn(r, "resolution");
    REQUIRE_FALSE(resolution.empty());
    CHECK(*std::min_element(resolution.begin(), resolution.end()) == 3);
    for (const auto& e : r.played.transcript.entries)
        if (e.kind == EntryKind::Customer) CHECK(e.text.find("actually refunded") == std::string::npos);
    CHECK(r.played.card.passed);
}

namespace {

/// A scenario of one typed turn with `rules` (a JSON array), to judge rules on their own.
ScenarioPtr oneTurn(const std::string& rules) {
    return test::scenarioFromText(R"({
      "format": 1, "id": "claims", "version": "1", "title": "Claims", "summary": "s", "category": "refund_return",
      "channel": "email", "priority": "P3", "difficulty": 1,
      "persona": {"name": "Ann", "company": "Acme", "tier": "standard", "temperament": "calm", "starting_mood": 50},
      "rubric": "test-rubric", "start": "reply",
      "nodes": {
        "reply": {"type": "free_text", "prompt": "p", "next": "end", "rules": )" + rules + R"(},
        "end": {"type": "ending", "text": "done", "outcome": "o", "resolution": "resolved"}}})");
}

} // namespace

TEST_CASE("a claim rule: negation and wrong figures contradict it, paraphrases over a clause state it") {
    auto scenario = oneTurn(R"([
          {"id": "refunded", "kind": "claim", "any": ["refunded", "reversed"],
           "clauses": [["back", "returned"], ["card", "account", "money"]], "points": {"accuracy": 3}},
          {"id": "timeline", "kind": "claim", "any": ["business days", "working days"],
           "figures": {"unit": "days", "allowed": [5, 10]}, "points": {"accuracy": 3}}])");
    const auto& rules = scenario->node(*scenario->findNode("reply")).rules;
    auto judge = [&](const std::string& reply) { return evaluateRules(rules, reply); };

    auto m = judge("I have refunded it; allow 5 to 10 business days.");
    CHECK(m[0].matched);
    CHECK(m[1].matched);
    m = judge("It's on its way back to your card within five to ten working days.");
    CHECK(m[0].matched);  // a paraphrase over the clause
    CHECK(m[1].matched);  // number words
    m = judge("Nothing was reversed or refunded. Please allow 30 business days.");
    CHECK_FALSE(m[0].matched);
    CHECK(m[0].contradiction.find("negated") != std::string::npos);
    CHECK_FALSE(m[1].matched);
    CHECK(m[1].contradiction == "wrong figure \"30 business days\" (the facts say 5 or 10)");
    m = judge("It wasn't refunded automatically, so I have refunded it by hand today.");
    CHECK(m[0].matched);  // the reply's last word on the claim counts
    // An exception ends a negation's reach: what follows "but", "except", "beyond" is stated.
    CHECK(judge("The payment was not cancelled but reversed in full.")[0].matched);
    CHECK_FALSE(judge("The payment was cancelled but not reversed.")[0].matched);
    m = judge("Refunds can take a few business days.");
    CHECK_FALSE(m[1].matched);  // a timeline claim needs the figure
    CHECK(m[1].contradiction.empty());
    // Another figure of the sentence is about something else: only one said of the claim counts.
    m = judge("It takes 5-10 business days to reach your card, and I'll check on it for you in 3 days.");
    CHECK(m[1].matched);
    m = judge("I'll check on it in 3 days; the money itself takes 30 business days.");
    CHECK(m[1].contradiction == "wrong figure \"30 business days\" (the facts say 5 or 10)");
}

TEST_CASE("a claim that is not negatable checks only its figures: 'you won't pay $190 this month' names the price") {
    auto scenario = oneTurn(R"([
          {"id": "price", "kind": "claim", "negatable": false, "any": ["a month", "per month"],
           "figures": {"unit": "amount", "allowed": [190], "also_right": [95]}, "points": {"accuracy": 3}},
          {"id": "negatable", "kind": "claim", "any": ["a month", "per month"],
           "figures": {"unit": "amount", "allowed": [190], "also_right": [95]}, "points": {"accuracy": 3}}])");
    const auto& rules = scenario->node(*scenario->findNode("reply")).rules;
    auto m = evaluateRules(rules, "You won't pay $190 a month until next month: this one is about $95.");
    CHECK(m[0].matched);
    CHECK(m[0].contradiction.empty());
    CHECK_FALSE(m[1].matched);  // the default: the negation states the opposite
    CHECK(m[1].contradiction.find("negated") != std::string::npos);
    // A wrong figure is wrong either way.
    m = evaluateRules(rules, "You won't pay more than $150 a month.");
    CHECK(m[0].contradiction == "wrong figure \"$150\" (the facts say 190)");
}

TEST_CASE("a date claim: the right date anywhere states it, another year is wrong anywhere, other dates only near it") {
    auto scenario = oneTurn(R"([
          {"id": "deadline", "kind": "claim", "any": ["one month", "no later than", "deadline"],
           "figures": {"unit": "date", "allowed": ["2026-12-24"], "needed": false}, "points": {"accuracy": 3}}])");
    const auto& rules = scenario->node(*scenario->findNode("reply")).rules;
    auto judge = [&](const std::string& reply) { return evaluateRules(rules, reply).front(); };
    CHECK(judge("The Privacy team will send it by 24 December 2026.").matched);  // no claim word needed
    CHECK(judge("They'll have it to you by Dec 24th.").matched);                 // no year: day and month
    CHECK(judge("They must answer within one month.").matched);                  // needed: false
    auto m = judge("They must answer within one month, by 24 December 2025.");
    CHECK_FALSE(m.matched);
    CHECK(m.contradiction == "wrong figure \"24 December 2025\" (the facts say 24 December 2026)");
    m = judge("The deadline is 14 January 2027.");
    CHECK_FALSE(m.matched);
    CHECK(m.contradiction == "wrong figure \"14 January 2027\" (the facts say 24 December 2026)");
    // A date about something else, far from the claim, neither states nor contradicts it.
    m = judge("We received your email on 24 November 2026. Thank you.");
    CHECK_FALSE(m.matched);
    CHECK(m.contradiction.empty());
    // A date claim whose figure is needed is not stated by its words alone.
    auto strict = oneTurn(R"([{"id": "d", "kind": "claim", "any": ["deadline"],
                               "figures": {"unit": "date", "allowed": ["2026-12-24"]}}])");
    CHECK_FALSE(evaluateRules(strict->node(*strict->findNode("reply")).rules, "There is a deadline.").front().matched);
}

TEST_CASE("a date figure is written year-month-day, and a days figure is a number: anything else is refused at the file") {
    SchemaChecker schemas;
    LexiconSet lexicons = test::bundledLexicons();
    for (const std::string bad : {R"({"unit": "date", "allowed": ["24 December 2026"]})", R"({"unit": "date", "allowed": ["2026-13-01"]})",
                                  R"({"unit": "days", "allowed": ["2026-12-24"]})", R"({"unit": "date", "allowed": [20261224]})"}) {
        CAPTURE(bad);
        JsonLoad load = parseJsonDocument("claims.json", R"({
          "format": 1, "id": "claims", "version": "1", "title": "Claims", "summary": "s", "category": "refund_return",
          "channel": "email", "priority": "P3", "difficulty": 1,
          "persona": {"name": "Ann", "company": "Acme", "tier": "standard", "temperament": "calm", "starting_mood": 50},
          "rubric": "test-rubric", "start": "reply",
          "nodes": {
            "reply": {"type": "free_text", "prompt": "p", "next": "end",
                      "rules": [{"id": "d", "kind": "claim", "any": ["due"], "figures": )" + bad + R"(}]},
            "end": {"type": "ending", "text": "done", "outcome": "o", "resolution": "resolved"}}})");
        REQUIRE(load.document);
        ScenarioLoad built = buildScenario(*load.document, schemas, &lexicons);
        CHECK_FALSE(built.scenario);
        CHECK(hasErrors(built.diagnostics));
    }
}

TEST_CASE("a claim's also_right figures are true without stating it: neither stated nor wrong") {
    auto scenario = oneTurn(R"([
          {"id": "price", "kind": "claim", "any": ["month", "monthly", "seat", "seats"],
           "figures": {"unit": "amount", "allowed": [190], "also_right": [38]}, "points": {"accuracy": 3}}])");
    const auto& rules = scenario->node(*scenario->findNode("reply")).rules;
    auto judge = [&](const std::string& reply) { return evaluateRules(rules, reply).at(0); };
    CHECK(judge("It's $38 a seat, so $190 a month for the five of you.").matched);
    CHECK_FALSE(judge("It's $38 a seat.").matched);  // true, but not the total she asked for
    CHECK(judge("It's $38 a seat.").contradiction.empty());
    CHECK(judge("Five seats come to $150 a month.").contradiction == "wrong figure \"$150\" (the facts say 190)");
}

TEST_CASE("every bundled model answer keeps full marks from the rubric's reply checks at its own turn") {
    // A model answer is what the debrief shows as top marks: if the rubric-wide checks (length and
    // readability for the channel the reply is written for, tone, secrets, promises) mark it down,
    // a trainee who writes as well is marked down too.
    for (const auto& scenario : library().scenarios) {
        RubricPtr rubric = library().findRubric(scenario->rubricId);
        REQUIRE(rubric);
        test::ReplyWriter modelAnswers = [](const PlaySession& s) {
            return fillAgentName(s.scenario().node(*s.scenario().findNode(s.prompt().nodeId)).modelAnswer, kDefaultAgentName);
        };
        auto played = test::play(scenario, *rubric, test::followBestPath(*scenario, *rubric), modelAnswers);
        for (const auto& c : played.card.criteria)
            for (const auto& e : c.evidence) {
                INFO(scenario->id, " at ", e.nodeId, ": ", e.sourceId, " on ", c.id, ": ", e.note);
                CHECK_FALSE((e.sourceId.starts_with("check:") && e.level < e.maxLevel));
            }
        for (const auto& e : played.card.criticalErrors) {
            INFO(scenario->id, ": ", e.sourceId);
            CHECK_FALSE(e.sourceId.starts_with("check:"));
        }
    }
}

TEST_CASE("a turn written for another channel is held to that channel's length, not the scenario's") {
    // salesforce-sync-chat-to-phone is a chat, but its recap goes by email: over 100 words is fine there,
    // while the same reply typed as a chat answer is too long.
    const std::string recap =
        "Hi Nadia, here is the written recap for you and your IT team, on this same ticket. The cause: the "
        "Salesforce sync stopped because your org ran out of its daily API calls during last night's data "
        "migration, so Salesforce refused further requests from us. What fixed it: the quota reset at midnight "
        "Pacific, and we resynced the records that were missed. To stop it happening again, your admin can "
        "schedule large migrations outside business hours, or raise the org's daily API limit with Salesforce. "
        "If anything looks off, reply here on this ticket and it comes straight back to me. I'll check in "
        "tomorrow morning to confirm the sync is still healthy. Sam";
    auto email = replyAt(library(), "salesforce-sync-chat-to-phone", "recap", recap);
    CHECK_FALSE(evidenceSays(email, "Too long for the channel"));
    auto chat = replyAt(library(), "rewards-points-dispute-chat", "explain", recap);
    CHECK(evidenceSays(chat, "Too long for the channel"));
}
