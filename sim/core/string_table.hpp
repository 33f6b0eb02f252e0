// A table of strings to the numbers 0, 1, 2, ... in the order they were added, for lookups on
// every word of every reply (the learned model's features, the lexicon index's words).
//
// Why not std::unordered_map: it keeps a node per key, so a lookup among tens of thousands of keys
// was a chain of cache misses. Here a lookup probes one array of slots, each holding a number and
// 32 bits of its name's hash, and compares a string only where those bits agree: most lookups of a
// reply's words miss, and a miss then touches no string at all.
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
    /// Where `name`, of hash `hash`, is, or the empty slot it would take.
    size_t slotOf(std::string_view name, uint64_t hash) const;
    void grow();
    static uint32_t numberIn(uint64_t slot) { return static_cast<uint32_t>(slot); }
    static uint32_t hashIn(uint64_t slot) { return static_cast<uint32_t>(slot >> 32); }
    static uint64_t slotFor(uint64_t hash, size_t number) { return (hash >> 32) << 32 | static_cast<uint32_t>(number + 1); }
    std::vector<std::string> names_;  ///< by number
    /// (top 32 bits of the name's hash) << 32 | (number + 1), 0 for empty; a power of two, at most
    /// half full.
    std::vector<uint64_t> slots_;
};

/// A table of pairs of numbers (two names' numbers in a StringTable) to the numbers 0, 1, 2, ...
/// in the order they were added: the learned model's pairs of stems and the word-order model's
/// pairs of words, looked up for every two words in a row of every reply. The same open addressing
/// as StringTable, but a slot holds the whole key beside its number, so a lookup reads one slot
/// and compares one 64-bit word, where a pair kept as an 8-byte string cost a hash of bytes, a
/// second read for the name and a memcmp.
class PairTable {
public:
    static constexpr size_t npos = static_cast<size_t>(-1);
    size_t size() const { return pairs_.size(); }
    /// The number of the pair (first, second), or npos.
    size_t find(uint32_t first, uint32_t second) const;
    /// The number of the pair, added as the next number when new; and whether it was added.
    std::pair<size_t, bool> add(uint32_t first, uint32_t second);
    /// The pair numbered `number`.
    std::pair<uint32_t, uint32_t> pair(size_t number) const {
        return {static_cast<uint32_t>(pairs_[number] >> 32), static_cast<uint32_t>(pairs_[number])};
    }

private:
    struct Slot {
        uint64_t key = 0;
        uint32_t number = 0;  ///< number + 1, 0 for empty
    };
    static uint64_t keyOf(uint32_t first, uint32_t second) { return static_cast<uint64_t>(first) << 32 | second; }
    /// Where `key` is, or the empty slot it would take.
    size_t slotOf(uint64_t key) const;
    void grow();
    std::vector<uint64_t> pairs_;  ///< by number
    std::vector<Slot> slots_;      ///< a power of two, at most half full
};

} // namespace simdesk
