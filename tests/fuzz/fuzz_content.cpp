// Fuzz harness: content loading and analysis. An input is a JSON file as an author would write
// it: parsed with positions (json_source), checked against the schema, built as a scenario (or a
// rubric), validated against the bundled rubric it names (graph analysis included), then played
// by taking the first choice shown and typing a fixed reply, and scored.
#include "fuzz_support.hpp"

#include "core/content_loader.hpp"
#include "core/player.hpp"
#include "core/scoring.hpp"
#include "core/validator.hpp"

using namespace simdesk;

namespace {

void checkDiagnostics(const std::vector<Diagnostic>& diagnostics, const JsonDocument* doc) {
    for (const auto& d : diagnostics) {
        FUZZ_CHECK(!d.format().empty());
        if (doc && d.line > 0) FUZZ_CHECK(static_cast<size_t>(d.line) <= doc->text.size() + 1);
    }
}

/// Plays at most `maxSteps` turns: the first enabled choice, or a reply that matches common rules.
void playThrough(const ScenarioPtr& scenario, const Rubric* rubric) {
    auto session = PlaySession::start(scenario, 1767603600);
    if (!session) return;
    int64_t now = 1767603600;
    for (int step = 0; step < 60 && !session->finished(); ++step) {
        TurnPrompt prompt = session->prompt();
        now += 10;
        if (prompt.kind == TurnPrompt::Kind::FreeText) {
            if (!session->reply("Sorry about that: I have refunded the $42 today; it takes 5-10 business days.", 10, now)) break;
            continue;
        }
        const ChoiceView* pick = nullptr;
        for (const auto& c : prompt.choices)
            if (c.enabled) {
                pick = &c;
                break;
            }
        if (!pick || !session->choose(pick->id, 10, now)) break;
    }
    if (rubric) (void)scoreTranscript(*scenario, *rubric, session->transcript());
}

RubricPtr bundledRubric(const std::string& id) {
    for (const auto& r : fuzz::bundledRubrics())
        if (r->id == id) return r;
    return nullptr;
}

const std::vector<std::string>& bundledRubricIds() {
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> out;
        for (const auto& r : fuzz::bundledRubrics()) out.push_back(r->id);
        return out;
    }();
    return ids;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    FUZZ_CHECK(!bundledRubricIds().empty() && !fuzz::bundledLexicons().byId.empty());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > fuzz::kMaxFuzzInput) return 0;
    const SchemaChecker& schemas = fuzz::schemas();

    JsonLoad load = parseJsonDocument("fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
    checkDiagnostics(load.diagnostics, load.document ? &*load.document : nullptr);
    if (!load.document) return 0;
    const JsonDocument& doc = *load.document;
    if (doc.value.is_object() && doc.value.contains("criteria")) {
        RubricLoad rubric = buildRubric(doc, schemas);
        checkDiagnostics(rubric.diagnostics, &doc);
        return 0;
    }
    ScenarioLoad built = buildScenario(doc, schemas, &fuzz::bundledLexicons());
    checkDiagnostics(built.diagnostics, &doc);
    if (!built.scenario) return 0;
    RubricPtr rubric = bundledRubric(built.scenario->rubricId);
    auto found = validateScenario(*built.scenario, doc, rubric.get(), bundledRubricIds());
    checkDiagnostics(found, &doc);
    if (!hasErrors(found)) playThrough(built.scenario, rubric.get());
    return 0;
}
