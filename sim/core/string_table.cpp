// StringTable (string_table.hpp): open addressing with linear probing.
#include "string_table.hpp"

#include <algorithm>
#include <functional>

namespace simdesk {

namespace {
uint64_t hashOf(std::string_view name) { return std::hash<std::string_view>{}(name); }
} // namespace

size_t StringTable::slotOf(std::string_view name, uint64_t hash) const {
    const size_t mask = slots_.size() - 1;
    const uint32_t top = static_cast<uint32_t>(hash >> 32);
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const uint64_t at = slots_[slot];
        if (at == 0 || (hashIn(at) == top && names_[numberIn(at) - 1] == name)) return slot;
    }
}

size_t StringTable::find(std::string_view name) const {
    if (slots_.empty()) return npos;
    const uint64_t at = slots_[slotOf(name, hashOf(name))];
    return at == 0 ? npos : numberIn(at) - 1;
}

void StringTable::grow() {
    slots_.assign(std::max<size_t>(16, slots_.size() * 2), 0);
    const size_t mask = slots_.size() - 1;
    // Names are distinct, so each goes in the first empty slot from where its hash points.
    for (size_t number = 0; number < names_.size(); ++number) {
        const uint64_t hash = hashOf(names_[number]);
        size_t slot = hash & mask;
        while (slots_[slot] != 0) slot = (slot + 1) & mask;
        slots_[slot] = slotFor(hash, number);
    }
}

std::pair<size_t, bool> StringTable::add(std::string_view name) {
    if (2 * (names_.size() + 1) > slots_.size()) grow();
    const uint64_t hash = hashOf(name);
    const size_t slot = slotOf(name, hash);
    if (slots_[slot] != 0) return {numberIn(slots_[slot]) - 1, false};
    names_.emplace_back(name);
    slots_[slot] = slotFor(hash, names_.size() - 1);
    return {names_.size() - 1, true};
}

namespace {
/// SplitMix64's finaliser: numbers that differ in a few low bits land far apart.
uint64_t mixed(uint64_t key) {
    key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ULL;
    key = (key ^ (key >> 27)) * 0x94d049bb133111ebULL;
    return key ^ (key >> 31);
}
} // namespace

size_t PairTable::slotOf(uint64_t key) const {
    const size_t mask = slots_.size() - 1;
    for (size_t slot = mixed(key) & mask;; slot = (slot + 1) & mask)
        if (slots_[slot].number == 0 || slots_[slot].key == key) return slot;
}

size_t PairTable::find(uint32_t first, uint32_t second) const {
    if (slots_.empty()) return npos;
    const Slot& slot = slots_[slotOf(keyOf(first, second))];
    return slot.number == 0 ? npos : slot.number - 1;
}

void PairTable::grow() {
    slots_.assign(std::max<size_t>(16, slots_.size() * 2), Slot{});
    for (size_t number = 0; number < pairs_.size(); ++number)
        slots_[slotOf(pairs_[number])] = {pairs_[number], static_cast<uint32_t>(number + 1)};
}

std::pair<size_t, bool> PairTable::add(uint32_t first, uint32_t second) {
    if (2 * (pairs_.size() + 1) > slots_.size()) grow();
    const uint64_t key = keyOf(first, second);
    Slot& slot = slots_[slotOf(key)];
    if (slot.number != 0) return {slot.number - 1, false};
    pairs_.push_back(key);
    slot = {key, static_cast<uint32_t>(pairs_.size())};
    return {pairs_.size() - 1, true};
}

} // namespace simdesk
