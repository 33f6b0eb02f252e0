// ContentLibrary: every scenario, rubric, knowledge-base article and certification track loaded
// from files and folders, validated, immutable.
//
// Files are classified by content: a "nodes" member makes a scenario, "sections" a rubric,
// "articles" a knowledge-base file, "levels" a certification track, "entries" a lexicon.
// Folders are walked without following links out of them, with bounded file counts, so a content
// folder cannot make simdesk read elsewhere on the machine.
#pragma once

#include "diagnostics.hpp"
#include "knowledge.hpp"
#include "lexicon.hpp"
#include "reply_signals.hpp"
#include "rubric.hpp"
#include "scenario.hpp"
#include "schema_check.hpp"
#include "signal_model.hpp"
#include "track.hpp"

#include <filesystem>

namespace simdesk {

inline constexpr size_t kMaxContentFiles = 5000;

struct ContentLibrary {
    std::vector<ScenarioPtr> scenarios;  ///< only those without errors, sorted by id
    std::vector<ScenarioPtr> variants;   ///< exam variants without errors, sorted by id; never offered for practice
    std::vector<RubricPtr> rubrics;      ///< only those without errors, sorted by id
    std::vector<ArticlePtr> articles;    ///< knowledge base: files without errors, sorted by id
    std::vector<TrackPtr> tracks;        ///< only those without errors, sorted by id
    LexiconSet lexicons;                 ///< only those without errors
    SignalModelPtr signalModel;          ///< the learned reply signals (rubrics/models/), if loaded without errors
    /// Built-in reply signals over `lexicons`, with spelling checked against the dictionary and the
    /// content's own words; every typed turn's reply checks use it.
    std::shared_ptr<const ReplyAnalyzer> replyAnalyzer;
    std::vector<Diagnostic> diagnostics; ///< everything found, file by file
    size_t filesRead = 0;

    /// A scenario or an exam variant by id.
    ScenarioPtr findScenario(std::string_view id) const;
    /// The exam variant an attempt plays: the `attempt`-th (0-based, cycling) of the scenario's
    /// variants, or the scenario itself when it has none.
    ScenarioPtr examVariant(std::string_view scenarioId, int attempt) const;
    RubricPtr findRubric(std::string_view id) const;
    ArticlePtr findArticle(std::string_view id) const;
    TrackPtr findTrack(std::string_view id) const;
    /// A scenario by id, or by the path of its file as it was given.
    ScenarioPtr findScenarioByIdOrPath(std::string_view idOrPath) const;
};

/// Hunspell's US and British English dictionaries, ':'-separated (see SpellChecker).
inline constexpr const char* kDefaultDictionary = "/usr/share/hunspell/en_US:/usr/share/hunspell/en_GB";

struct LoadOptions {
    /// Hunspell's files without their extension, ':'-separated; when none is installed, replies
    /// are not spell-checked.
    std::string dictionary = kDefaultDictionary;
    /// The analysis of every path (reachability, loops, passing paths, track pass rules) is the
    /// costly part of loading. Commands that only read records or the knowledge base skip it: their
    /// scenarios are then checked for references and points, not for their graphs.
    bool checkGraphs = true;
};

/// Loads every .json file under `paths` (files or folders) and validates each scenario against
/// its rubric and its graph. When knowledge articles are loaded, the scenarios' `knowledge` ids and
/// `kb:` cites must name them; tracks must name loaded scenarios that can pass under their rules.
ContentLibrary loadContent(const std::vector<std::filesystem::path>& paths, const SchemaChecker& schemas,
                           const LoadOptions& options = {});

} // namespace simdesk
