// The player: branching, conditions (hidden and disabled choices), effects, mood, free-text
// branching, and save/restore — all on tests/fixtures/valid/mini.json.
#include "test_support.hpp"

#include "core/player.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {
constexpr int64_t kT0 = 1767603600;

std::vector<std::string> choiceIds(const TurnPrompt& p) {
    std::vector<std::string> ids;
    for (const auto& c : p.choices) ids.push_back(c.id + (c.enabled ? "" : "(disabled)"));
    return ids;
}
} // namespace

TEST_CASE("starting runs the opening message and stops at the first decision") {
    auto session = PlaySession::start(test::miniScenario(), kT0);
    REQUIRE(session);
    REQUIRE(session->transcript().entries.size() == 1);
    CHECK(session->transcript().entries[0].text == "Hi, I was charged twice.");
    CHECK(session->mood() == 35);  // 40 at the start, -5 on the message
    TurnPrompt prompt = session->prompt();
    CHECK(prompt.kind == TurnPrompt::Kind::Choice);
    CHECK(prompt.prompt == "How do you open?");
    // refund_now is disabled (not verified), secret is hidden (plan is not "pro").
    CHECK(choiceIds(prompt) == std::vector<std::string>{"verify", "refund_now(disabled)", "card"});
    CHECK(prompt.choices[1].unavailableReason == "Verify first");
}

TEST_CASE("a disabled choice cannot be taken, effects make it available") {
    auto session = PlaySession::start(test::miniScenario(), kT0);
    auto refused = session->choose("refund_now", 5, kT0 + 5);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "choice \"refund_now\" is not available now");
    CHECK_FALSE(session->choose("nope", 5, kT0 + 5));

    auto step = session->choose("verify", 12, kT0 + 12);
    REQUIRE(step);
    CHECK(std::get<bool>(session->variables().at("verified")));
    CHECK(std::get<int64_t>(session->variables().at("attempts")) == 1);
    CHECK(session->mood() == 40);
    // The trainee's entry first, then the customer's line on arriving at ask2.
    REQUIRE(step->entries.size() == 2);
    CHECK(step->entries[0].kind == EntryKind::TraineeChoice);
    CHECK(step->entries[0].seconds == 12);
    CHECK(step->entries[1].text == "It's INV-1.");
    CHECK(step->feedback.at(0).text == "Verify first.");
    CHECK(choiceIds(session->prompt()) == std::vector<std::string>{"refund", "stall"});
}

TEST_CASE("mood drives a conditional branch: stalling twice loses the customer") {
    auto session = PlaySession::start(test::miniScenario(), kT0);
    REQUIRE(session->choose("verify", 10, kT0 + 10));
    REQUIRE(session->choose("stall", 10, kT0 + 20));  // mood 40 → 30: not below 30, back to ask2
    CHECK_FALSE(session->finished());
    CHECK(session->prompt().nodeId == "ask2");
    auto step = session->choose("stall", 10, kT0 + 30);  // mood 20 → the customer leaves
    REQUIRE(step);
    CHECK(step->finished);
    CHECK(session->transcript().endingId == "angry");
}

TEST_CASE("typed replies branch on the rules they match") {
    auto play = [](const std::string& reply) {
        auto session = PlaySession::start(test::miniScenario(), kT0);
        REQUIRE(session->choose("verify", 10, kT0 + 10));
        REQUIRE(session->choose("refund", 10, kT0 + 20));
        CHECK(session->prompt().kind == TurnPrompt::Kind::FreeText);
        CHECK_FALSE(session->choose("refund", 1, kT0 + 21));  // a choice where a reply is expected
        auto step = session->reply(reply, 40, kT0 + 60);
        REQUIRE(step);
        return std::make_pair(*session->transcript().endingId, session->mood());
    };
    CHECK(play("I'm so sorry, it's refunded.") == std::make_pair(std::string("refunded"), 50));
    CHECK(play("Refunded. Ask your bank.") == std::make_pair(std::string("angry"), 10));
    // Whole words only: "sorrynot" is not "sorry".
    CHECK(play("sorrynot refunded") == std::make_pair(std::string("refunded"), 40));
}

TEST_CASE("a finished conversation takes no more actions") {
    auto session = PlaySession::start(test::miniScenario(), kT0);
    REQUIRE(session->choose("card", 3, kT0 + 3));
    CHECK(session->finished());
    CHECK(session->prompt().kind == TurnPrompt::Kind::Finished);
    CHECK_FALSE(session->choose("verify", 3, kT0 + 6));
}

TEST_CASE("a saved session restores to the same state and carries on identically") {
    auto scenario = test::miniScenario();
    auto session = PlaySession::start(scenario, kT0);
    REQUIRE(session->choose("verify", 10, kT0 + 10));
    REQUIRE(session->choose("stall", 25, kT0 + 35));
    auto saved = session->save();

    auto restored = PlaySession::restore(scenario, nlohmann::json::parse(saved.dump()));
    REQUIRE(restored);
    CHECK(restored->transcript().entries == session->transcript().entries);
    CHECK(restored->mood() == session->mood());
    CHECK(restored->variables() == session->variables());
    REQUIRE(session->choose("refund", 5, kT0 + 40));
    REQUIRE(restored->choose("refund", 5, kT0 + 40));
    CHECK(restored->transcript().entries == session->transcript().entries);
}

TEST_CASE("restoring refuses a changed scenario or an edited transcript") {
    auto scenario = test::miniScenario();
    auto session = PlaySession::start(scenario, kT0);
    REQUIRE(session->choose("verify", 10, kT0 + 10));
    auto saved = session->save();

    auto changed = std::make_shared<Scenario>(*scenario);
    changed->contentHash = "fnv1a64:0000000000000000";
    auto r1 = PlaySession::restore(changed, saved);
    REQUIRE_FALSE(r1);
    CHECK(r1.error().message.find("changed since the session was saved") != std::string::npos);

    auto edited = saved;
    edited["transcript"]["entries"][1]["mood"] = 99;
    auto r2 = PlaySession::restore(scenario, edited);
    REQUIRE_FALSE(r2);
    CHECK(r2.error().message == "the saved session does not replay to the same transcript; it was edited or is corrupt");

    CHECK_FALSE(PlaySession::restore(scenario, nlohmann::json::parse(R"({"format": "other"})")));
}

TEST_CASE("one reply-size limit: the player refuses a reply past it and says the limit") {
    auto scenario = test::miniScenario();
    auto session = PlaySession::start(scenario, 0);
    REQUIRE(session);
    REQUIRE(session->choose("verify", 5, 1));
    REQUIRE(session->choose("refund", 5, 2));
    REQUIRE(session->prompt().kind == TurnPrompt::Kind::FreeText);
    auto tooLong = session->reply(std::string(kMaxReplyBytes + 1, 'a'), 5, 3);
    REQUIRE_FALSE(tooLong);
    CHECK(tooLong.error().message.find("65536") != std::string::npos);
    CHECK(session->prompt().kind == TurnPrompt::Kind::FreeText);  // nothing was taken: the turn is still open
    CHECK(session->reply(std::string(kMaxReplyBytes, 'a'), 5, 3));
}
