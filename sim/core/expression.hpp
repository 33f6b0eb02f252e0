// Conditions: a tiny, typed boolean language over scenario variables and the customer's mood.
//
//   verified && attempts < 3 || plan == "pro"
//   !escalated && mood >= 40
//
// Grammar (lowest precedence first):  or: and ('||' and)* ; and: not ('&&' not)* ;
// not: '!' not | cmp ; cmp: atom (('=='|'!='|'<'|'<='|'>'|'>=') atom)? ;
// atom: '(' or ')' | true | false | integer | "string" | identifier.
// Parsing is linear and bounded (kMaxExpressionLength, kMaxExpressionDepth): content is untrusted.
#pragma once

#include "result.hpp"
#include "value.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace simdesk {

inline constexpr size_t kMaxExpressionLength = 1000;
inline constexpr int kMaxExpressionDepth = 128;

struct Expression;
using ExpressionPtr = std::shared_ptr<const Expression>;

struct Expression {
    enum class Kind { Literal, Variable, Not, And, Or, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual };
    Kind kind = Kind::Literal;
    Value literal;                 ///< Kind::Literal
    std::string name;              ///< Kind::Variable
    ExpressionPtr left, right;     ///< operands (Not uses left only)
};

/// A syntax error with the 0-based character offset it was found at.
struct ExpressionError {
    std::string message;
    size_t offset = 0;
};

struct ParsedExpression {
    ExpressionPtr root;
    std::optional<ExpressionError> error;
};

ParsedExpression parseExpression(std::string_view text);

/// Looks up a variable's declared type; nullopt if it is not declared.
using TypeLookup = std::function<std::optional<ValueType>(std::string_view)>;

struct TypeProblem {
    enum class Kind { UnknownVariable, Mismatch } kind;
    std::string variable;  ///< for UnknownVariable
    std::string message;
};

/// Type-checks a parsed condition; the whole condition must be bool. Empty when it is well typed.
std::vector<TypeProblem> checkCondition(const Expression& root, const TypeLookup& lookup);

/// Names every variable a condition reads.
void collectVariables(const Expression& root, std::vector<std::string>& out);

/// Evaluates a well-typed condition. `lookup` returns the current value of a variable.
using ValueLookup = std::function<Value(std::string_view)>;
bool evaluateCondition(const Expression& root, const ValueLookup& lookup);

} // namespace simdesk
