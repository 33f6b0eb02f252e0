#include "schema_check.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <set>

namespace simdesk {

// Defined in the file CMake generates from schemas/*.schema.json.
extern const char* const kScenarioSchemaText;
extern const char* const kRubricSchemaText;
extern const char* const kKnowledgeSchemaText;
extern const char* const kTrackSchemaText;
extern const char* const kLexiconSchemaText;
extern const char* const kSignalModelSchemaText;

std::string_view shippedSchema(ContentKind kind) {
    switch (kind) {
    case ContentKind::Scenario: return kScenarioSchemaText;
    case ContentKind::Rubric: return kRubricSchemaText;
    case ContentKind::Knowledge: return kKnowledgeSchemaText;
    case ContentKind::Track: return kTrackSchemaText;
    case ContentKind::Lexicon: return kLexiconSchemaText;
    case ContentKind::SignalModel: return kSignalModelSchemaText;
    }
    return kScenarioSchemaText;
}

struct SchemaChecker::Compiled {
    nlohmann::json document;
    valijson::Schema schema;

    explicit Compiled(std::string_view text) : document(nlohmann::json::parse(text)) {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter adapter(document);
        parser.populateSchema(adapter, schema);
    }
};

SchemaChecker::SchemaChecker()
    : scenario_(std::make_unique<Compiled>(kScenarioSchemaText)),
      rubric_(std::make_unique<Compiled>(kRubricSchemaText)),
      knowledge_(std::make_unique<Compiled>(kKnowledgeSchemaText)),
      track_(std::make_unique<Compiled>(kTrackSchemaText)),
      lexicon_(std::make_unique<Compiled>(kLexiconSchemaText)),
      signalModel_(std::make_unique<Compiled>(kSignalModelSchemaText)) {}

const SchemaChecker::Compiled& SchemaChecker::compiled(ContentKind kind) const {
    switch (kind) {
    case ContentKind::Rubric: return *rubric_;
    case ContentKind::Knowledge: return *knowledge_;
    case ContentKind::Track: return *track_;
    case ContentKind::Lexicon: return *lexicon_;
    case ContentKind::SignalModel: return *signalModel_;
    case ContentKind::Scenario: break;
    }
    return *scenario_;
}

SchemaChecker::~SchemaChecker() = default;

namespace {

using nlohmann::json;

/// The subschemas that apply at one place of the instance, with $ref, allOf, if/then and oneOf opened up.
class SchemaWalker {
public:
    explicit SchemaWalker(const json& root) : root_(root) {}

    std::vector<const json*> at(const json& instance, const std::vector<std::string>& tokens) const {
        std::vector<const json*> current;
        expand(root_, &instance, current, 0);
        const json* value = &instance;
        for (const auto& token : tokens) {
            const json* child = nullptr;
            if (value && value->is_object() && value->contains(token)) child = &(*value)[token];
            else if (value && value->is_array() && std::all_of(token.begin(), token.end(), ::isdigit) &&
                     std::stoul(token) < value->size())
                child = &(*value)[std::stoul(token)];
            std::vector<const json*> next;
            for (const json* s : current) {
                if (!s->is_object()) continue;
                if (s->contains("properties") && (*s)["properties"].contains(token))
                    expand((*s)["properties"][token], child, next, 0);
                else if (s->contains("additionalProperties") && (*s)["additionalProperties"].is_object())
                    expand((*s)["additionalProperties"], child, next, 0);
                if (s->contains("items") && (*s)["items"].is_object()) expand((*s)["items"], child, next, 0);
            }
            current = std::move(next);
            value = child;
        }
        return current;
    }

private:
    const json& root_;

    const json* resolve(const std::string& ref) const {
        if (ref.rfind("#/", 0) != 0) return nullptr;
        try {
            return &root_.at(json::json_pointer(ref.substr(1)));
        } catch (const json::exception&) {
            return nullptr;
        }
    }

    static bool ifMatches(const json& condition, const json* instance) {
        // The schemas only use `if: {properties: {type: {const: X}}}` to pick a node's shape.
        if (!instance || !instance->is_object() || !condition.contains("properties")) return false;
        for (const auto& [key, sub] : condition["properties"].items()) {
            if (!sub.contains("const")) return false;
            if (!instance->contains(key) || (*instance)[key] != sub["const"]) return false;
        }
        return true;
    }

    void expand(const json& schema, const json* instance, std::vector<const json*>& out, int depth) const {
        if (depth > 16 || !schema.is_object()) return;
        if (schema.contains("$ref")) {
            if (const json* target = resolve(schema["$ref"].get<std::string>())) expand(*target, instance, out, depth + 1);
        }
        out.push_back(&schema);
        if (schema.contains("allOf"))
            for (const auto& sub : schema["allOf"]) {
                if (sub.contains("if")) {
                    if (ifMatches(sub["if"], instance) && sub.contains("then"))
                        expand(sub["then"], instance, out, depth + 1);
                } else {
                    expand(sub, instance, out, depth + 1);
                }
            }
        for (const char* key : {"oneOf", "anyOf"})
            if (schema.contains(key))
                for (const auto& sub : schema[key]) expand(sub, instance, out, depth + 1);
    }
};

std::string jsonTypeName(const json& value) {
    switch (value.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::null: return "null";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    default: return "a number";
    }
}

std::string schemaTypeName(const std::string& type) {
    if (type == "object") return "an object";
    if (type == "array") return "an array";
    if (type == "integer") return "an integer";
    if (type == "boolean") return "a boolean";
    return "a " + type;
}

std::string joinQuoted(const std::vector<std::string>& items, size_t limit = 12) {
    std::string out;
    for (size_t i = 0; i < items.size() && i < limit; ++i) {
        if (i) out += ", ";
        out += items[i];
    }
    if (items.size() > limit) out += ", …";
    return out;
}

std::string shortValue(const json& value) {
    std::string text = value.dump();
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return text;
}

std::string describeExpected(const std::vector<const json*>& schemas) {
    for (const json* s : schemas)
        if (s->contains("description") && (s->contains("oneOf") || s->contains("anyOf")))
            return (*s)["description"].get<std::string>();
    std::vector<std::string> types;
    for (const json* s : schemas) {
        if (!s->contains("type")) continue;
        const json& t = (*s)["type"];
        if (t.is_string()) types.push_back(schemaTypeName(t.get<std::string>()));
        else
            for (const auto& each : t) types.push_back(schemaTypeName(each.get<std::string>()));
    }
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    std::string out;
    for (size_t i = 0; i < types.size(); ++i) out += (i ? " or " : "") + types[i];
    return out.empty() ? "a value of the documented form" : out;
}

bool isWrapperMessage(const std::string& message) {
    static const char* const wrappers[] = {
        "Failed to validate against schema associated with",
        "Failed to validate item #",
        "Failed to validate against additional properties schema",
        "Failed to validate against a conditional schema",
        "Failed to validate against all child schemas",
        "Failed to validate against child schema",
        "Failed to validate against any schemas allowed by anyOf",
        "Cannot validate item #",
    };
    return std::any_of(std::begin(wrappers), std::end(wrappers),
                       [&](const char* w) { return message.rfind(w, 0) == 0; });
}

} // namespace

std::vector<Diagnostic> SchemaChecker::check(const JsonDocument& doc, ContentKind kind) const {
    const Compiled& compiled = this->compiled(kind);
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(doc.value);
    if (validator.validate(compiled.schema, target, &results)) return {};

    SchemaWalker walker(compiled.document);
    std::vector<Diagnostic> out;
    std::set<std::string> seen;
    std::set<std::string> oneOfPointers;
    std::vector<std::pair<std::vector<std::string>, std::string>> errors;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        std::vector<std::string> tokens;
        for (const auto& part : error.context) {
            if (part == "<root>") continue;
            tokens.push_back(part.size() >= 2 && part.front() == '[' ? part.substr(1, part.size() - 2) : part);
        }
        if (error.description.find("oneOf") != std::string::npos ||
            error.description.find("exactly one child") != std::string::npos) {
            std::string pointer;
            for (const auto& t : tokens) pointer = childPointer(pointer, t);
            oneOfPointers.insert(pointer);
        }
        errors.emplace_back(std::move(tokens), error.description);
    }

    for (const auto& [tokens, description] : errors) {
        if (isWrapperMessage(description)) continue;
        std::string pointer;
        for (const auto& t : tokens) pointer = childPointer(pointer, t);
        const json* value = nullptr;
        try {
            value = &doc.value.at(json::json_pointer(pointer));
        } catch (const json::exception&) {
        }
        auto schemas = walker.at(doc.value, tokens);
        std::string message;
        bool underOneOf = false;
        for (const auto& p : oneOfPointers)
            if (pointer == p || pointer.rfind(p + "/", 0) == 0) underOneOf = true;
        if (underOneOf) {
            std::string oneOfPointer = *std::find_if(oneOfPointers.begin(), oneOfPointers.end(), [&](const auto& p) {
                return pointer == p || pointer.rfind(p + "/", 0) == 0;
            });
            pointer = oneOfPointer;
            std::vector<std::string> oneTokens;
            for (size_t start = 1; start <= oneOfPointer.size() && !oneOfPointer.empty();) {
                size_t end = oneOfPointer.find('/', start);
                if (end == std::string::npos) end = oneOfPointer.size();
                oneTokens.push_back(oneOfPointer.substr(start, end - start));
                start = end + 1;
            }
            value = &doc.value.at(json::json_pointer(oneOfPointer));
            message = shortValue(*value) + " is not of an allowed form; expected " +
                      describeExpected(walker.at(doc.value, oneTokens));
        } else if (description.rfind("Missing required property '", 0) == 0) {
            std::string name = description.substr(27, description.size() - 29);
            message = "missing required member \"" + name + "\"";
        } else if (description.rfind("Object contains a property that could not be validated", 0) == 0) {
            size_t open = description.rfind(": '");
            std::string name = description.substr(open + 3, description.size() - open - 5);
            std::vector<std::string> allowed;
            for (const json* s : schemas)
                if (s->contains("properties"))
                    for (const auto& [key, sub] : (*s)["properties"].items()) allowed.push_back(key);
            std::sort(allowed.begin(), allowed.end());
            allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
            message = "unknown member \"" + name + "\"";
            if (auto guess = closestMatch(name, allowed)) message += " (did you mean \"" + *guess + "\"?)";
            message += "; expected one of " + joinQuoted(allowed);
            pointer = childPointer(pointer, name);
        } else if (description.rfind("Failed to match against any enum values", 0) == 0) {
            std::vector<std::string> options;
            for (const json* s : schemas)
                if (s->contains("enum"))
                    for (const auto& v : (*s)["enum"]) options.push_back(v.dump());
            message = (value ? shortValue(*value) : std::string("the value")) + " is not allowed; expected one of " +
                      joinQuoted(options, 30);
        } else if (description.rfind("Value type not permitted", 0) == 0) {
            message = "found " + (value ? jsonTypeName(*value) : std::string("a value")) + "; expected " +
                      describeExpected(schemas);
        } else if (description.rfind("Failed to match regex", 0) == 0) {
            std::string expected;
            for (const json* s : schemas)
                if (s->contains("pattern") && s->contains("description")) expected = (*s)["description"].get<std::string>();
            if (!expected.empty() && expected.back() == '.') expected.pop_back();
            message = (value ? shortValue(*value) : std::string("the value")) + " does not have the expected form" +
                      (expected.empty() ? std::string() : "; expected " + expected);
        } else if (description.rfind("Failed to match expected value set by 'const'", 0) == 0) {
            std::string expected;
            for (const json* s : schemas)
                if (s->contains("const")) expected = (*s)["const"].dump();
            message = (value ? shortValue(*value) : std::string("the value")) + " is not allowed; expected " + expected;
        } else {
            message = description;
            if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
            if (!message.empty() && message.back() == '.') message.pop_back();
        }
        if (!seen.insert(pointer + "\n" + message).second) continue;
        out.push_back(doc.diagnostic("SD010", Severity::Error, pointer, message));
    }
    std::sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.line, a.column, a.message) < std::tie(b.line, b.column, b.message);
    });
    return out;
}

} // namespace simdesk
