// Shared by the fuzz harnesses: the bundled content they run inputs against, loaded once, and a
// check that aborts (so libFuzzer and the corpus replayer both report it as a crash).
#pragma once

#include "core/library.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

#ifndef SIMDESK_SOURCE_DIR
#error "SIMDESK_SOURCE_DIR must name the source tree (the harnesses read its bundled content)"
#endif

#define FUZZ_CHECK(condition)                                                                   \
    do {                                                                                        \
        if (!(condition)) {                                                                     \
            std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                       \
        }                                                                                       \
    } while (0)

namespace simdesk::fuzz {

/// Inputs above this are skipped: every real limit (replies 64 KB, content 2 MB) is checked by
/// size first, and small inputs keep each run fast enough for millions of executions.
inline constexpr size_t kMaxFuzzInput = 128 * 1024;

inline std::string sourcePath(const std::string& relative) { return std::string(SIMDESK_SOURCE_DIR) + "/" + relative; }

/// The bundled scenarios and rubrics (with their lexicons), loaded on first use.
inline const ContentLibrary& bundledContent() {
    static const SchemaChecker schemas;
    static const ContentLibrary library = loadContent({sourcePath("scenarios"), sourcePath("rubrics")}, schemas);
    return library;
}

} // namespace simdesk::fuzz
