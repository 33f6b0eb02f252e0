// Builds Scenario and Rubric models from parsed JSON, checking what the schema cannot express:
// id syntax, references between nodes, condition syntax and types, effects, rule references.
// Checks that need the rubric or the whole graph live in validator.hpp.
#pragma once

#include "json_source.hpp"
#include "lexicon.hpp"
#include "regex_prefilter.hpp"
#include "rubric.hpp"
#include "scenario.hpp"
#include "schema_check.hpp"

namespace simdesk {

/// Memory one `regex` rule may use (RE2 max_mem): content files are untrusted.
inline constexpr int64_t kMaxRegexMemory = 1 << 20;
/// Instructions all `regex` rules loaded together may compile to (RE2 program size). Each rule's
/// memory is capped above; this caps their number times their size (SD078): 1 920 rules of
/// `\pL{1,55}` (65 673 instructions each) would otherwise take a gigabyte. A typical rule
/// compiles to 10-50 instructions.
inline constexpr int64_t kMaxRegexProgramTotal = 2'000'000;

/// A `regex` rule's pattern compiled: its prefilter, which owns the program the rule matches with;
/// or, where it does not compile, RE2's reason.
struct CompiledRegex {
    std::shared_ptr<const RegexPrefilter> prefilter;
    std::shared_ptr<const re2::RE2> regex;
    std::string error;
};

/// What is left of kMaxRegexProgramTotal while a library loads, and the patterns compiled so far;
/// shared by all its files. A scenario's exam variants repeat its rules, and compiling each
/// pattern once rather than per variant was most of the time loading the bundled content took.
/// Every rule still draws its program's size on the budget, shared or not.
struct RegexBudget {
    int64_t remaining = kMaxRegexProgramTotal;
    std::map<std::pair<std::string, bool>, CompiledRegex> compiled;  ///< by pattern and case sensitivity
};

struct ScenarioLoad {
    ScenarioPtr scenario;  ///< null when errors made it impossible to build
    std::vector<Diagnostic> diagnostics;
};

struct RubricLoad {
    RubricPtr rubric;
    std::vector<Diagnostic> diagnostics;
};

/// An exam variant of a scenario whose document already passed the schema (buildScenario checked
/// it): the library builds a scenario's variants without checking the same file again.
ScenarioLoad buildVariant(const JsonDocument& doc, const LexiconSet* lexicons, std::string_view variant,
                          RegexBudget* budget = nullptr);

/// The scenario document with its reader-facing text blanked: two documents with the same
/// fingerprint have the same graph, conditions, effects, points and rule wiring, so a variant whose
/// replacements changed only text has its scenario's graph checks (library.cpp).
std::string structuralFingerprint(const nlohmann::json& value, std::string_view field = {});

/// Schema check, then build. The document must have parsed (see parseJsonDocument). Rules of
/// kind lexicon, structure and privacy need `lexicons` (SD073 names any that is missing).
/// With `variant`, builds that exam variant of the scenario (docs/scenario-format.md#exam-variants).
/// With `budget`, its regex rules draw on the library's shared budget (SD078 beyond it).
ScenarioLoad buildScenario(const JsonDocument& doc, const SchemaChecker& schemas, const LexiconSet* lexicons = nullptr,
                           std::string_view variant = {}, RegexBudget* budget = nullptr);
RubricLoad buildRubric(const JsonDocument& doc, const SchemaChecker& schemas);

/// Adds the rubric's reply checks (docs/rubric-format.md#reply-checks) to every typed turn of
/// `scenario` that does not skip them, as "signal" rules with ids "check:<id>" that cap their
/// criteria, and points every signal rule at `analyzer`. Called wherever a scenario meets its
/// rubric: the library, and a stored session's content rebuilt as played.
void applyReplyChecks(Scenario& scenario, const Rubric* rubric, const std::shared_ptr<const ReplyAnalyzer>& analyzer);

/// True when `id` is 1-64 characters of a-z, 0-9, '_' or '-'.
bool isValidId(std::string_view id);
/// Adds an SD011 error at `pointer` when `id` is not a valid id; returns whether it was valid.
bool checkId(const JsonDocument& doc, const std::string& id, const std::string& pointer, std::vector<Diagnostic>& out);

} // namespace simdesk
