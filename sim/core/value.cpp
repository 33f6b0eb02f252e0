#include "value.hpp"

namespace simdesk {

std::string_view valueTypeName(ValueType type) {
    switch (type) {
    case ValueType::Bool: return "bool";
    case ValueType::Int: return "int";
    case ValueType::String: return "string";
    }
    return "?";
}

ValueType typeOf(const Value& value) { return static_cast<ValueType>(value.index()); }

std::string describeValue(const Value& value) {
    if (auto b = std::get_if<bool>(&value)) return *b ? "true" : "false";
    if (auto i = std::get_if<int64_t>(&value)) return std::to_string(*i);
    return "\"" + std::get<std::string>(value) + "\"";
}

} // namespace simdesk
