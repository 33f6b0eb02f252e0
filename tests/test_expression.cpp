// Conditions: parsing, typing and evaluation, as authors write them in scenarios.
#include "core/expression.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {

std::optional<ValueType> types(std::string_view name) {
    if (name == "verified") return ValueType::Bool;
    if (name == "attempts" || name == "mood") return ValueType::Int;
    if (name == "plan") return ValueType::String;
    return std::nullopt;
}

bool eval(const std::string& text, bool verified, int64_t attempts, const std::string& plan) {
    auto parsed = parseExpression(text);
    REQUIRE_FALSE(parsed.error);
    REQUIRE(checkCondition(*parsed.root, types).empty());
    return evaluateCondition(*parsed.root, [&](std::string_view n) -> Value {
        if (n == "verified") return verified;
        if (n == "attempts") return attempts;
        if (n == "mood") return int64_t{50};
        return plan;
    });
}

} // namespace

TEST_CASE("precedence: && binds tighter than ||, ! tighter than both") {
    CHECK(eval("verified && attempts < 3 || plan == \"pro\"", false, 0, "pro"));
    CHECK_FALSE(eval("verified && (attempts < 3 || plan == \"pro\")", false, 0, "pro"));
    CHECK(eval("!verified && mood >= 50", false, 9, "x"));
    CHECK(eval("attempts != 2 && attempts <= -1 || attempts > 8", false, 9, "x"));
}

TEST_CASE("syntax errors say what was expected and where") {
    auto parsed = parseExpression("verified ==");
    REQUIRE(parsed.error);
    CHECK(parsed.error->message == "expected a value after '==', found the end at character 12");
    parsed = parseExpression("verified && && x");
    REQUIRE(parsed.error);
    CHECK(parsed.error->message == "expected a variable, a value or '(', found '&&' at character 13");
    parsed = parseExpression("plan == \"pro");
    REQUIRE(parsed.error);
    CHECK(parsed.error->message == "unterminated string; expected a closing '\"', found '\"pro' at character 9");
}

TEST_CASE("type errors name the variable and the types involved") {
    auto problems = checkCondition(*parseExpression("verified == 3").root, types);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "cannot compare bool \"verified\" with int 3");
    problems = checkCondition(*parseExpression("plan < 3").root, types);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "an ordering comparison needs int, but \"plan\" is string");
    problems = checkCondition(*parseExpression("verifed").root, types);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == TypeProblem::Kind::UnknownVariable);
    problems = checkCondition(*parseExpression("attempts").root, types);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "a condition must be true or false, but \"attempts\" is int");
}

TEST_CASE("hostile conditions are bounded, not recursed into without limit") {
    CHECK(parseExpression(std::string(5000, '(')).error);
    CHECK(parseExpression(std::string(900, '!') + "verified").error);
    CHECK(parseExpression(std::string(400, '(') + "verified" + std::string(400, ')')).error);
}
