// A table of strings to the numbers 0, 1, 2, ... in the order they were added, for lookups on
// every word of every reply (the learned model's features, the lexicon index's words).
//
// Why not std::unordered_map: it keeps a node per key, so a lookup among tens of thousands of keys
// was a chain of cache misses. Here a lookup probes one array of numbers, then compares one string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace simdesk {

class StringTable {
public:
    static constexpr size_t npos = static_cast<size_t>(-1);
    size_t size() const { return names_.size(); }
    bool empty() const { return names_.empty(); }
    /// The number of `name`, or npos.
    size_t find(std::string_view name) const;
    /// The number of `name`, added as the next number when new; and whether it was added.
    std::pair<size_t, bool> add(std::string_view name);
    const std::string& name(size_t number) const { return names_[number]; }
    /// Forgets every name (a bounded memo starts again).
    void clear() {
        names_.clear();
        slots_.clear();
    }

private:
    size_t slotOf(std::string_view name) const;  ///< where `name` is, or the empty slot it would take
    void grow();
    std::vector<std::string> names_;  ///< by number
    std::vector<uint32_t> slots_;     ///< number + 1, 0 for empty; a power of two, at most half full
};

} // namespace simdesk
