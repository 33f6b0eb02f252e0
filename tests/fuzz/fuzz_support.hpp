// Shared by the fuzz harnesses: the bundled content they run inputs against, loaded once (in
// LLVMFuzzerInitialize, outside the per-input timeout), and a check that aborts (so libFuzzer and
// the corpus replayer both report it as a crash).
#pragma once

#include "core/content_loader.hpp"
#include "core/lexicon.hpp"
#include "core/reply_signals.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

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

template <typename T>
struct BuiltValue {
    T value;
    std::vector<Diagnostic> diagnostics;
};

inline std::string sourcePath(const std::string& relative) { return std::string(SIMDESK_SOURCE_DIR) + "/" + relative; }

inline const SchemaChecker& schemas() {
    static const SchemaChecker checker;
    return checker;
}

/// The bundled lexicons (rubrics/lexicons/), loaded on first use.
inline const LexiconSet& bundledLexicons() {
    static const LexiconSet lexicons = loadLexiconFolder(sourcePath("rubrics/lexicons"), schemas(), nullptr);
    return lexicons;
}

/// Every bundled file of a folder that builds without errors, built by `build` (no graph analysis:
/// loading stays a second or two even instrumented, below libFuzzer's per-input timeout).
template <typename Built, typename Build>
std::vector<Built> bundledFolder(const std::string& folder, Build build) {
    std::vector<Built> out;
    for (const auto& entry : std::filesystem::directory_iterator(sourcePath(folder))) {
        if (entry.path().extension() != ".json") continue;
        JsonLoad load = loadJsonFile(entry.path(), entry.path().string());
        if (!load.document) continue;
        auto built = build(*load.document);
        if (!hasErrors(built.diagnostics) && built.value) out.push_back(built.value);
    }
    return out;
}

inline const std::vector<RubricPtr>& bundledRubrics() {
    static const std::vector<RubricPtr> rubrics = bundledFolder<RubricPtr>("rubrics", [](const JsonDocument& doc) {
        RubricLoad load = buildRubric(doc, schemas());
        return BuiltValue<RubricPtr>{load.rubric, std::move(load.diagnostics)};
    });
    return rubrics;
}

/// The built-in reply signals over the bundled lexicons (no spelling: Hunspell is slow to fuzz).
inline std::shared_ptr<const ReplyAnalyzer> bundledAnalyzer() {
    static const auto analyzer = std::make_shared<const ReplyAnalyzer>(bundledLexicons());
    return analyzer;
}

/// The bundled scenarios with their rubric's reply checks, as the library builds them.
inline const std::vector<ScenarioPtr>& bundledScenarios() {
    static const std::vector<ScenarioPtr> scenarios = bundledFolder<ScenarioPtr>("scenarios", [](const JsonDocument& doc) {
        ScenarioLoad load = buildScenario(doc, schemas(), &bundledLexicons());
        if (!load.scenario) return BuiltValue<ScenarioPtr>{nullptr, std::move(load.diagnostics)};
        auto withChecks = std::make_shared<Scenario>(*load.scenario);
        RubricPtr rubric;
        for (const auto& r : bundledRubrics())
            if (r->id == withChecks->rubricId) rubric = r;
        applyReplyChecks(*withChecks, rubric.get(), bundledAnalyzer());
        return BuiltValue<ScenarioPtr>{withChecks, std::move(load.diagnostics)};
    });
    return scenarios;
}

} // namespace simdesk::fuzz
