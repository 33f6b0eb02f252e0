#include "as_played.hpp"

#include "core/content_loader.hpp"
#include "core/json_source.hpp"

#include <optional>

namespace simdesk::store {

Result<ScenarioPtr> scenarioAsPlayed(const ContentLibrary& library, TrainingStore& store, const SessionInfo& info,
                                     const SchemaChecker* schemas) {
    if (auto current = library.findScenario(info.scenarioId); current && current->contentHash == info.scenarioHash)
        return current;
    auto snapshot = store.snapshot(info.scenarioHash);
    if (!snapshot) return snapshot.error();
    JsonLoad load = parseJsonDocument("stored copy of " + info.scenarioId, snapshot->text);
    if (!load.document) return fail("the stored copy of scenario \"" + info.scenarioId + "\" no longer parses");
    std::optional<SchemaChecker> compiled;
    if (!schemas) schemas = &compiled.emplace();
    ScenarioLoad built = buildScenario(*load.document, *schemas, &library.lexicons);
    if (!built.scenario) return fail("the stored copy of scenario \"" + info.scenarioId + "\" no longer loads");
    return built.scenario;
}

} // namespace simdesk::store
