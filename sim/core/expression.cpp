#include "expression.hpp"

#include <cctype>
#include <charconv>

namespace simdesk {

namespace {

struct ExprToken {
    enum class Kind { End, Identifier, Integer, String, True, False, LParen, RParen, Not, And, Or, Op } kind;
    std::string text;
    size_t offset = 0;
};

class ExpressionParser {
public:
    explicit ExpressionParser(std::string_view text) : text_(text) {}

    ParsedExpression run() {
        ParsedExpression out;
        if (text_.size() > kMaxExpressionLength) {
            out.error = ExpressionError{"condition is longer than " + std::to_string(kMaxExpressionLength) +
                                            " characters",
                                        0};
            return out;
        }
        advance();
        out.root = parseOr(0);
        if (!error_ && current_.kind != ExprToken::Kind::End) fail("expected '&&', '||' or the end of the condition");
        if (error_) {
            out.root.reset();
            out.error = error_;
        }
        return out;
    }

private:
    std::string_view text_;
    size_t pos_ = 0;
    ExprToken current_{ExprToken::Kind::End, "", 0};
    std::optional<ExpressionError> error_;

    void fail(const std::string& message) {
        if (error_) return;
        std::string found = current_.kind == ExprToken::Kind::End ? "the end" : "'" + current_.text + "'";
        error_ = ExpressionError{message + ", found " + found + " at character " + std::to_string(current_.offset + 1),
                                 current_.offset};
    }

    void advance() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
        current_ = ExprToken{ExprToken::Kind::End, "", pos_};
        if (pos_ >= text_.size()) return;
        size_t start = pos_;
        char c = text_[pos_];
        auto two = text_.substr(pos_, 2);
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
                ++pos_;
            std::string word(text_.substr(start, pos_ - start));
            auto kind = word == "true" ? ExprToken::Kind::True : word == "false" ? ExprToken::Kind::False : ExprToken::Kind::Identifier;
            current_ = ExprToken{kind, word, start};
        } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && pos_ + 1 < text_.size() &&
                                                                 std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
            ++pos_;
            while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
            current_ = ExprToken{ExprToken::Kind::Integer, std::string(text_.substr(start, pos_ - start)), start};
        } else if (c == '"') {
            ++pos_;
            while (pos_ < text_.size() && text_[pos_] != '"') ++pos_;
            if (pos_ >= text_.size()) {
                current_ = ExprToken{ExprToken::Kind::String, std::string(text_.substr(start)), start};
                fail("unterminated string; expected a closing '\"'");
                return;
            }
            current_ = ExprToken{ExprToken::Kind::String, std::string(text_.substr(start + 1, pos_ - start - 1)), start};
            ++pos_;
        } else if (two == "&&" || two == "||" || two == "==" || two == "!=" || two == "<=" || two == ">=") {
            pos_ += 2;
            auto kind = two == "&&" ? ExprToken::Kind::And : two == "||" ? ExprToken::Kind::Or : ExprToken::Kind::Op;
            current_ = ExprToken{kind, std::string(two), start};
        } else if (c == '<' || c == '>') {
            ++pos_;
            current_ = ExprToken{ExprToken::Kind::Op, std::string(1, c), start};
        } else if (c == '!') {
            ++pos_;
            current_ = ExprToken{ExprToken::Kind::Not, "!", start};
        } else if (c == '(' || c == ')') {
            ++pos_;
            current_ = ExprToken{c == '(' ? ExprToken::Kind::LParen : ExprToken::Kind::RParen, std::string(1, c), start};
        } else {
            ++pos_;
            current_ = ExprToken{ExprToken::Kind::Op, std::string(1, c), start};
            fail("unexpected character");
        }
    }

    static ExpressionPtr binary(Expression::Kind kind, ExpressionPtr l, ExpressionPtr r) {
        auto e = std::make_shared<Expression>();
        e->kind = kind;
        e->left = std::move(l);
        e->right = std::move(r);
        return e;
    }

    bool tooDeep(int depth) {
        if (depth <= kMaxExpressionDepth) return false;
        fail("condition nested deeper than " + std::to_string(kMaxExpressionDepth) + " levels");
        return true;
    }

    ExpressionPtr parseOr(int depth) {
        if (tooDeep(depth)) return nullptr;
        auto left = parseAnd(depth + 1);
        while (!error_ && current_.kind == ExprToken::Kind::Or) {
            advance();
            left = binary(Expression::Kind::Or, left, parseAnd(depth + 1));
        }
        return left;
    }

    ExpressionPtr parseAnd(int depth) {
        auto left = parseNot(depth + 1);
        while (!error_ && current_.kind == ExprToken::Kind::And) {
            advance();
            left = binary(Expression::Kind::And, left, parseNot(depth + 1));
        }
        return left;
    }

    ExpressionPtr parseNot(int depth) {
        if (tooDeep(depth)) return nullptr;
        if (current_.kind == ExprToken::Kind::Not) {
            advance();
            return binary(Expression::Kind::Not, parseNot(depth + 1), nullptr);
        }
        return parseComparison(depth + 1);
    }

    ExpressionPtr parseComparison(int depth) {
        auto left = parseAtom(depth + 1);
        if (error_ || current_.kind != ExprToken::Kind::Op) return left;
        static const std::pair<std::string_view, Expression::Kind> ops[] = {
            {"==", Expression::Kind::Equal}, {"!=", Expression::Kind::NotEqual},
            {"<", Expression::Kind::Less},   {"<=", Expression::Kind::LessEqual},
            {">", Expression::Kind::Greater}, {">=", Expression::Kind::GreaterEqual}};
        for (auto [symbol, kind] : ops) {
            if (current_.text == symbol) {
                advance();
                if (current_.kind == ExprToken::Kind::End) {
                    fail("expected a value after '" + std::string(symbol) + "'");
                    return nullptr;
                }
                return binary(kind, left, parseAtom(depth + 1));
            }
        }
        fail("expected a comparison operator");
        return nullptr;
    }

    ExpressionPtr parseAtom(int depth) {
        if (tooDeep(depth) || error_) return nullptr;
        auto e = std::make_shared<Expression>();
        switch (current_.kind) {
        case ExprToken::Kind::LParen: {
            advance();
            auto inner = parseOr(depth + 1);
            if (!error_ && current_.kind != ExprToken::Kind::RParen) fail("expected ')'");
            advance();
            return inner;
        }
        case ExprToken::Kind::True:
        case ExprToken::Kind::False:
            e->literal = current_.kind == ExprToken::Kind::True;
            break;
        case ExprToken::Kind::Integer: {
            int64_t v = 0;
            auto [ptr, ec] = std::from_chars(current_.text.data(), current_.text.data() + current_.text.size(), v);
            if (ec != std::errc()) {
                fail("integer out of range");
                return nullptr;
            }
            e->literal = v;
            break;
        }
        case ExprToken::Kind::String:
            e->literal = current_.text;
            break;
        case ExprToken::Kind::Identifier:
            e->kind = Expression::Kind::Variable;
            e->name = current_.text;
            break;
        default:
            fail("expected a variable, a value or '('");
            return nullptr;
        }
        advance();
        return e;
    }
};

std::optional<ValueType> typeCheck(const Expression& e, const TypeLookup& lookup, std::vector<TypeProblem>& problems);

std::string describeOperand(const Expression& e) {
    if (e.kind == Expression::Kind::Variable) return "\"" + e.name + "\"";
    if (e.kind == Expression::Kind::Literal) return describeValue(e.literal);
    return "the sub-expression";
}

std::optional<ValueType> expectType(const Expression& e, ValueType wanted, const char* where, const TypeLookup& lookup,
                                    std::vector<TypeProblem>& problems) {
    auto type = typeCheck(e, lookup, problems);
    if (type && *type != wanted)
        problems.push_back({TypeProblem::Kind::Mismatch, "",
                            std::string(where) + " needs " + std::string(valueTypeName(wanted)) + ", but " +
                                describeOperand(e) + " is " + std::string(valueTypeName(*type))});
    return wanted;
}

std::optional<ValueType> typeCheck(const Expression& e, const TypeLookup& lookup, std::vector<TypeProblem>& problems) {
    using K = Expression::Kind;
    switch (e.kind) {
    case K::Literal: return typeOf(e.literal);
    case K::Variable: {
        auto type = lookup(e.name);
        if (!type) problems.push_back({TypeProblem::Kind::UnknownVariable, e.name, "no variable \"" + e.name + "\""});
        return type;
    }
    case K::Not: return expectType(*e.left, ValueType::Bool, "'!'", lookup, problems);
    case K::And:
    case K::Or: {
        const char* op = e.kind == K::And ? "'&&'" : "'||'";
        expectType(*e.left, ValueType::Bool, op, lookup, problems);
        return expectType(*e.right, ValueType::Bool, op, lookup, problems);
    }
    case K::Equal:
    case K::NotEqual: {
        auto l = typeCheck(*e.left, lookup, problems);
        auto r = typeCheck(*e.right, lookup, problems);
        if (l && r && *l != *r)
            problems.push_back({TypeProblem::Kind::Mismatch, "",
                                "cannot compare " + std::string(valueTypeName(*l)) + " " + describeOperand(*e.left) +
                                    " with " + std::string(valueTypeName(*r)) + " " + describeOperand(*e.right)});
        return ValueType::Bool;
    }
    default:  // ordering comparisons
        expectType(*e.left, ValueType::Int, "an ordering comparison", lookup, problems);
        expectType(*e.right, ValueType::Int, "an ordering comparison", lookup, problems);
        return ValueType::Bool;
    }
}

Value evaluate(const Expression& e, const ValueLookup& lookup) {
    using K = Expression::Kind;
    auto asInt = [&](const ExpressionPtr& p) { return std::get<int64_t>(evaluate(*p, lookup)); };
    auto asBool = [&](const ExpressionPtr& p) { return std::get<bool>(evaluate(*p, lookup)); };
    switch (e.kind) {
    case K::Literal: return e.literal;
    case K::Variable: return lookup(e.name);
    case K::Not: return !asBool(e.left);
    case K::And: return asBool(e.left) && asBool(e.right);
    case K::Or: return asBool(e.left) || asBool(e.right);
    case K::Equal: return evaluate(*e.left, lookup) == evaluate(*e.right, lookup);
    case K::NotEqual: return evaluate(*e.left, lookup) != evaluate(*e.right, lookup);
    case K::Less: return asInt(e.left) < asInt(e.right);
    case K::LessEqual: return asInt(e.left) <= asInt(e.right);
    case K::Greater: return asInt(e.left) > asInt(e.right);
    case K::GreaterEqual: return asInt(e.left) >= asInt(e.right);
    }
    return false;
}

} // namespace

ParsedExpression parseExpression(std::string_view text) { return ExpressionParser(text).run(); }

std::vector<TypeProblem> checkCondition(const Expression& root, const TypeLookup& lookup) {
    std::vector<TypeProblem> problems;
    auto type = typeCheck(root, lookup, problems);
    if (problems.empty() && type && *type != ValueType::Bool)
        problems.push_back({TypeProblem::Kind::Mismatch, "",
                            "a condition must be true or false, but " + describeOperand(root) + " is " +
                                std::string(valueTypeName(*type))});
    return problems;
}

void collectVariables(const Expression& root, std::vector<std::string>& out) {
    if (root.kind == Expression::Kind::Variable) out.push_back(root.name);
    if (root.left) collectVariables(*root.left, out);
    if (root.right) collectVariables(*root.right, out);
}

bool evaluateCondition(const Expression& root, const ValueLookup& lookup) {
    auto v = evaluate(root, lookup);
    auto b = std::get_if<bool>(&v);
    return b && *b;
}

} // namespace simdesk
