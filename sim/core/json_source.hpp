// JsonDocument: a JSON file parsed with the position of every value, for diagnostics that name
// file:line:col and a JSON pointer.
//
// nlohmann::json (3.11) does not record positions and keeps the last of duplicate keys silently,
// so content files go through this small strict parser instead. It refuses, with a diagnostic and
// never a crash: files over kMaxContentBytes, non-UTF-8 bytes, nesting deeper than kMaxJsonDepth,
// duplicate keys, and anything that is not RFC 8259 JSON.
#pragma once

#include "diagnostics.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace simdesk {

inline constexpr size_t kMaxContentBytes = 2 * 1024 * 1024;
inline constexpr int kMaxJsonDepth = 64;
/// Duplicate keys reported one by one per file; the rest are summed up in one more diagnostic
/// ("and N more"), so a generated file with 100 000 of them reads as a handful of lines.
inline constexpr size_t kMaxDuplicateKeyReports = 20;
/// A line and column is remembered every this many bytes, so finding one scans at most this many.
inline constexpr size_t kPositionStride = 64;

struct SourcePosition {
    int line = 1;
    int column = 1;
};

/// Escapes one reference token for a JSON pointer ("~" → "~0", "/" → "~1").
std::string pointerToken(std::string_view key);
std::string childPointer(std::string_view parent, std::string_view key);
std::string childPointer(std::string_view parent, size_t index);

class JsonDocument {
public:
    std::string path;   ///< as shown in diagnostics
    std::string text;   ///< the raw bytes
    nlohmann::json value;

    /// Position of the value at `pointer`, or of its nearest recorded ancestor.
    SourcePosition positionOf(std::string_view pointer) const;
    /// Line and column of a byte offset; adds the bytes it had to scan to `*bytesScanned` when given.
    SourcePosition positionOfOffset(size_t offset, size_t* bytesScanned = nullptr) const;
    /// Remembers the position at every kPositionStride-th byte of `text`, so that positionOfOffset
    /// costs O(kPositionStride) instead of O(offset): a file with many diagnostics stays linear.
    void indexPositions();
    /// A diagnostic located at `pointer` in this document.
    Diagnostic diagnostic(std::string code, Severity severity, std::string pointer, std::string message) const;

    std::unordered_map<std::string, size_t> valueOffsets;  ///< pointer → byte offset where the value starts
    std::vector<SourcePosition> positionCheckpoints;       ///< position at offset k × kPositionStride
};

struct JsonLoad {
    std::optional<JsonDocument> document;  ///< empty when the file could not be parsed
    std::vector<Diagnostic> diagnostics;   ///< syntax errors and duplicate keys
    size_t positionBytesScanned = 0;       ///< work spent locating the parser's diagnostics (kept linear)
};

/// Parses `text` as the content of `path` (the path is only used in diagnostics).
JsonLoad parseJsonDocument(std::string path, std::string text);

/// Reads and parses a file, refusing files over kMaxContentBytes before reading them whole.
JsonLoad loadJsonFile(const std::filesystem::path& file, std::string displayPath);

} // namespace simdesk
