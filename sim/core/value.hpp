// Typed scenario variables: the values conditions read and effects write.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>

namespace simdesk {

enum class ValueType { Bool, Int, String };

using Value = std::variant<bool, int64_t, std::string>;

std::string_view valueTypeName(ValueType type);
ValueType typeOf(const Value& value);
/// Human-readable form used in messages: true, 3, "pro".
std::string describeValue(const Value& value);

/// Variable name → current value; `mood` is not in here (the player keeps it apart).
using Variables = std::map<std::string, Value, std::less<>>;

} // namespace simdesk
