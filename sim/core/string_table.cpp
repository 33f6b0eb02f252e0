// StringTable (string_table.hpp): open addressing with linear probing.
#include "string_table.hpp"

#include <algorithm>
#include <functional>

namespace simdesk {

size_t StringTable::slotOf(std::string_view name) const {
    const size_t mask = slots_.size() - 1;
    for (size_t slot = std::hash<std::string_view>{}(name) & mask;; slot = (slot + 1) & mask)
        if (slots_[slot] == 0 || names_[slots_[slot] - 1] == name) return slot;
}

size_t StringTable::find(std::string_view name) const {
    if (slots_.empty()) return npos;
    const uint32_t at = slots_[slotOf(name)];
    return at == 0 ? npos : at - 1;
}

void StringTable::grow() {
    slots_.assign(std::max<size_t>(16, slots_.size() * 2), 0);
    for (size_t number = 0; number < names_.size(); ++number) slots_[slotOf(names_[number])] = static_cast<uint32_t>(number + 1);
}

std::pair<size_t, bool> StringTable::add(std::string_view name) {
    if (2 * (names_.size() + 1) > slots_.size()) grow();
    const size_t slot = slotOf(name);
    if (slots_[slot] != 0) return {slots_[slot] - 1, false};
    names_.emplace_back(name);
    slots_[slot] = static_cast<uint32_t>(names_.size());
    return {names_.size() - 1, true};
}

} // namespace simdesk
