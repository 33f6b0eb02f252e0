#include "library.hpp"
#include "content_loader.hpp"
#include "validator.hpp"

#include <algorithm>
#include <map>

namespace simdesk {

namespace fs = std::filesystem;

ScenarioPtr ContentLibrary::findScenario(std::string_view id) const {
    for (const auto& s : scenarios)
        if (s->id == id) return s;
    for (const auto& s : variants)
        if (s->id == id) return s;
    return nullptr;
}

ScenarioPtr ContentLibrary::examVariant(std::string_view scenarioId, int attempt) const {
    ScenarioPtr base = findScenario(scenarioId);
    if (!base || !base->variantOf.empty()) return base;
    std::vector<ScenarioPtr> valid;
    for (const auto& v : base->variantIds)
        if (auto found = findScenario(base->id + "--" + v)) valid.push_back(found);
    if (valid.empty()) return base;
    return valid[static_cast<size_t>(std::max(0, attempt)) % valid.size()];
}

RubricPtr ContentLibrary::findRubric(std::string_view id) const {
    for (const auto& r : rubrics)
        if (r->id == id) return r;
    return nullptr;
}

namespace {

template <typename Ptr>
Ptr findById(const std::vector<Ptr>& items, std::string_view id) {
    // Sorted by id once loaded.
    auto it = std::lower_bound(items.begin(), items.end(), id, [](const Ptr& p, std::string_view v) { return p->id < v; });
    return it != items.end() && (*it)->id == id ? *it : nullptr;
}

} // namespace

ArticlePtr ContentLibrary::findArticle(std::string_view id) const { return findById(articles, id); }
TrackPtr ContentLibrary::findTrack(std::string_view id) const { return findById(tracks, id); }

ScenarioPtr ContentLibrary::findScenarioByIdOrPath(std::string_view idOrPath) const {
    if (auto s = findScenario(idOrPath)) return s;
    std::error_code ec;
    auto wanted = fs::weakly_canonical(fs::path(idOrPath), ec);
    for (const auto& s : scenarios) {
        if (s->sourcePath == idOrPath) return s;
        if (!ec && fs::weakly_canonical(fs::path(s->sourcePath), ec) == wanted) return s;
    }
    return nullptr;
}

namespace {

struct FoundFile {
    fs::path path;
    std::string display;
};

void fileError(std::vector<Diagnostic>& out, const std::string& display, std::string message) {
    out.push_back(Diagnostic{"SD007", Severity::Error, display, 0, 0, "", std::move(message)});
}

/// Lists .json files, refusing links that lead outside the folder being walked.
void collectFiles(const fs::path& root, std::vector<FoundFile>& files, std::vector<Diagnostic>& out) {
    std::error_code ec;
    std::string rootDisplay = root.generic_string();
    auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
        fileError(out, rootDisplay, "no such file or folder");
        return;
    }
    if (!fs::is_directory(status)) {
        files.push_back({root, rootDisplay});
        return;
    }
    fs::path canonicalRoot = fs::canonical(root, ec);
    std::vector<FoundFile> found;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it.depth() > 16) {
            it.disable_recursion_pending();
            continue;
        }
        const fs::path& p = it->path();
        if (p.extension() != ".json" || it->is_directory(ec)) continue;
        if (it->is_symlink(ec)) {
            fs::path target = fs::canonical(p, ec);
            auto rel = target.lexically_relative(canonicalRoot);
            if (ec || rel.empty() || *rel.begin() == "..") {
                fileError(out, p.generic_string(), "refusing a link that leads outside " + rootDisplay);
                continue;
            }
        }
        if (found.size() >= kMaxContentFiles) {
            fileError(out, rootDisplay, "more than " + std::to_string(kMaxContentFiles) + " files; the rest were not read");
            break;
        }
        found.push_back({p, p.generic_string()});
    }
    if (ec) fileError(out, rootDisplay, "cannot read folder: " + ec.message());
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.display < b.display; });
    files.insert(files.end(), found.begin(), found.end());
}

struct PendingScenario {
    JsonDocument doc;
    ScenarioPtr scenario;
};

ScenarioPtr findScenarioIn(const std::vector<PendingScenario>& pending, const std::string& id) {
    for (const auto& p : pending)
        if (p.scenario->id == id) return p.scenario;
    return nullptr;
}

struct PendingKnowledge {
    JsonDocument doc;
    std::vector<ArticlePtr> articles;
};

struct PendingTrack {
    JsonDocument doc;
    TrackPtr track;
};

enum class FileKind { Unknown, Scenario, Rubric, Knowledge, Track, Lexicon, SignalModel };

/// What a file is, by the one member that marks each kind; Unknown when none or several are present.
FileKind classify(const JsonDocument& doc) {
    if (!doc.value.is_object()) return FileKind::Unknown;
    FileKind kind = FileKind::Unknown;
    int found = 0;
    for (auto [member, k] : {std::pair{"nodes", FileKind::Scenario}, std::pair{"sections", FileKind::Rubric},
                             std::pair{"articles", FileKind::Knowledge}, std::pair{"levels", FileKind::Track},
                             std::pair{"entries", FileKind::Lexicon}, std::pair{"models", FileKind::SignalModel}})
        if (doc.value.contains(member)) {
            kind = k;
            ++found;
        }
    return found == 1 ? kind : FileKind::Unknown;
}

} // namespace

namespace {

/// The words of the content a spelling check must accept: product, plan and feature names in the
/// knowledge base, the scenarios' people and companies.
std::vector<std::string> contentWords(const std::vector<ArticlePtr>& articles, const std::vector<PendingScenario>& scenarios) {
    std::vector<std::string> words;
    for (const auto& a : articles) {
        collectContentWords(a->title, words);
        collectContentWords(a->body, words);
    }
    for (const auto& p : scenarios) {
        collectContentWords(p.scenario->persona.name, words);
        collectContentWords(p.scenario->persona.company, words);
        collectContentWords(p.scenario->title, words);
    }
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    return words;
}

} // namespace

ContentLibrary loadContent(const std::vector<fs::path>& paths, const SchemaChecker& schemas, const LoadOptions& options) {
    ContentLibrary library;
    RegexBudget regexBudget;  // shared by every scenario and variant: SD078 past it
    std::vector<FoundFile> files;
    for (const auto& p : paths) collectFiles(p, files, library.diagnostics);

    std::vector<PendingScenario> pending;
    std::vector<PendingTrack> pendingTracks;
    std::vector<PendingKnowledge> pendingKnowledge;
    std::map<std::string, std::string> scenarioFiles, rubricFiles, trackFiles, lexiconFiles;  // id → first file
    std::map<std::string, std::pair<std::string, std::string>> articleFiles;   // id → first file, pointer
    std::vector<JsonDocument> documents;
    for (const auto& file : files) {
        ++library.filesRead;
        JsonLoad load = loadJsonFile(file.path, file.display);
        library.diagnostics.insert(library.diagnostics.end(), load.diagnostics.begin(), load.diagnostics.end());
        if (!load.document || hasErrors(load.diagnostics)) continue;
        documents.push_back(std::move(*load.document));
    }
    // Lexicons first: scenarios resolve their lexicon rules while they are built.
    std::stable_partition(documents.begin(), documents.end(),
                          [](const JsonDocument& d) { return classify(d) == FileKind::Lexicon; });
    for (auto& doc : documents) {
        FileKind kind = classify(doc);
        if (kind == FileKind::Unknown) {
            library.diagnostics.push_back(doc.diagnostic(
                "SD010", Severity::Error, "",
                "cannot tell what this file is; expected a scenario (with \"nodes\"), a rubric (with \"sections\"), "
                "a knowledge-base file (with \"articles\"), a track (with \"levels\"), a lexicon (with \"entries\") "
                "or a learned signal model (with \"models\")"));
            continue;
        }
        auto duplicate = [&](std::map<std::string, std::string>& seen, const std::string& id, const char* what) {
            auto [it, inserted] = seen.emplace(id, doc.path);
            if (!inserted)
                library.diagnostics.push_back(doc.diagnostic("SD080", Severity::Error, "/id",
                                                             std::string(what) + " id \"" + id +
                                                                 "\" is also used by " + it->second +
                                                                 "; expected ids unique across the library"));
            return !inserted;
        };
        auto keep = [&](std::vector<Diagnostic>& diagnostics) {
            library.diagnostics.insert(library.diagnostics.end(), diagnostics.begin(), diagnostics.end());
        };
        // A variant repeats its scenario's findings; only what is new to the variant is news.
        auto keepVariant = [&](std::vector<Diagnostic>& diagnostics, const std::string& variant,
                               const std::vector<Diagnostic>& ofScenario) {
            for (auto& d : diagnostics) {
                bool repeated = std::any_of(ofScenario.begin(), ofScenario.end(), [&](const Diagnostic& o) {
                    return o.code == d.code && o.pointer == d.pointer && o.message == d.message;
                });
                if (repeated) continue;
                d.message = "exam variant \"" + variant + "\": " + d.message;
                library.diagnostics.push_back(d);
            }
        };
        if (kind == FileKind::Lexicon) {
            LexiconLoad built = buildLexicon(doc, schemas);
            keep(built.diagnostics);
            if (built.lexicon && !duplicate(lexiconFiles, built.lexicon->id, "lexicon"))
                library.lexicons.byId.emplace(built.lexicon->id, built.lexicon);
        } else if (kind == FileKind::SignalModel) {
            SignalModelLoad built = buildSignalModel(doc, schemas);
            keep(built.diagnostics);
            if (built.model && library.signalModel)
                library.diagnostics.push_back(doc.diagnostic(
                    "SD095", Severity::Error, "/id",
                    "a second learned signal model (the first is " + library.signalModel->sourcePath +
                        "); expected one model, retrained rather than added to"));
            else if (built.model)
                library.signalModel = built.model;
        } else if (kind == FileKind::Rubric) {
            RubricLoad built = buildRubric(doc, schemas);
            keep(built.diagnostics);
            if (built.rubric && !duplicate(rubricFiles, built.rubric->id, "rubric"))
                library.rubrics.push_back(built.rubric);
        } else if (kind == FileKind::Scenario) {
            ScenarioLoad built = buildScenario(doc, schemas, &library.lexicons, {}, &regexBudget);
            keep(built.diagnostics);
            if (built.scenario && !duplicate(scenarioFiles, built.scenario->id, "scenario")) {
                pending.push_back({doc, built.scenario});
                for (const auto& v : built.scenario->variantIds) {
                    ScenarioLoad variant = buildVariant(doc, &library.lexicons, v, &regexBudget);
                    keepVariant(variant.diagnostics, v, built.diagnostics);
                    if (variant.scenario && !duplicate(scenarioFiles, variant.scenario->id, "scenario"))
                        pending.push_back({doc, variant.scenario});
                }
            }
        } else if (kind == FileKind::Track) {
            TrackLoad built = buildTrack(doc, schemas);
            keep(built.diagnostics);
            if (built.track && !duplicate(trackFiles, built.track->id, "track"))
                pendingTracks.push_back({std::move(doc), built.track});
        } else {
            KnowledgeLoad built = buildKnowledge(doc, schemas);
            keep(built.diagnostics);
            for (const auto& article : built.articles) {
                auto [it, inserted] = articleFiles.emplace(article->id, std::pair{doc.path, article->pointer});
                if (!inserted) {
                    library.diagnostics.push_back(doc.diagnostic(
                        "SD091", Severity::Error, article->pointer + "/id",
                        "article id \"" + article->id + "\" is also used by " + it->second.first + " at " +
                            it->second.second + "; expected article ids unique across the knowledge base"));
                    continue;
                }
                library.articles.push_back(article);
            }
            pendingKnowledge.push_back({std::move(doc), built.articles});
        }
    }

    // Related articles name articles of the whole knowledge base, whichever file they are in.
    std::vector<std::string> articleIds;
    for (const auto& [id, where] : articleFiles) articleIds.push_back(id);
    for (const auto& p : pendingKnowledge)
        for (const auto& article : p.articles)
            for (size_t i = 0; i < article->related.size(); ++i) {
                const std::string& id = article->related[i];
                if (articleFiles.count(id)) continue;
                library.diagnostics.push_back(p.doc.diagnostic(
                    "SD090", Severity::Error, childPointer(article->pointer + "/related", i),
                    "related article \"" + id + "\" is not in the knowledge base" + didYouMean(id, articleIds) +
                        "; expected an article id"));
            }

    // Scenarios are checked once every rubric and article is known, wherever their files came in the order.
    std::vector<std::string> rubricIds;
    for (const auto& r : library.rubrics) rubricIds.push_back(r->id);
    // Each analysis is made once and shared: by the scenario's graph checks, by the tracks' pass
    // rules, and by any scenario with the same bytes and rubric.
    std::map<std::string, std::shared_ptr<const ScenarioAnalysis>> analysisById, analysisByContent;
    auto analysisOf = [&](const Scenario& scenario, const Rubric* rubric) {
        std::string key = scenario.contentHash + "|" + (rubric ? rubric->contentHash : std::string("-"));
        auto& cached = analysisByContent[key];
        if (!cached) cached = std::make_shared<const ScenarioAnalysis>(analyzeScenario(scenario, rubric));
        return cached;
    };
    std::vector<std::string> invalidScenarios;
    std::map<std::string, bool> validScenarios;  // scenario id → passed its graph checks (for its variants)
    auto spelling = std::make_shared<const SpellChecker>(options.dictionary, contentWords(library.articles, pending));
    library.replyAnalyzer =
        std::make_shared<const ReplyAnalyzer>(library.lexicons, spelling->ok() ? spelling : nullptr, library.signalModel);
    auto checkScenario = [&](const Scenario& scenario, const JsonDocument& doc, const Rubric* rubric,
                             const std::vector<std::string>& ids) {
        std::vector<Diagnostic> found = checkScenarioReferences(scenario, doc, rubric, ids);
        if (!options.checkGraphs) return found;
        const Rubric* usable = rubric && !hasErrors(found) ? rubric : nullptr;
        auto analysis = analysisOf(scenario, usable);
        if (usable) analysisById[scenario.id] = analysis;
        auto graph = checkScenarioGraph(scenario, doc, usable, *analysis);
        found.insert(found.end(), graph.begin(), graph.end());
        return found;
    };
    for (auto& p : pending) {
        RubricPtr rubric = library.findRubric(p.scenario->rubricId);
        {
            auto withChecks = std::make_shared<Scenario>(*p.scenario);
            applyReplyChecks(*withChecks, rubric.get(), library.replyAnalyzer);
            p.scenario = withChecks;
        }
        // A variant that changed only text has its scenario's graph, points and rules: the graph
        // checks (the costly part of loading) would find what they found for the scenario.
        const std::string& base = p.scenario->variantOf;
        ScenarioPtr original = base.empty() ? nullptr : findScenarioIn(pending, base);
        std::vector<Diagnostic> diagnostics;
        bool baseFailed = false;  // the scenario's own errors are reported once, under its name
        if (original && original->structure == p.scenario->structure && validScenarios.count(base))
            baseFailed = !validScenarios[base];
        else
            diagnostics = checkScenario(*p.scenario, p.doc, rubric.get(), rubricIds);
        if (!articleIds.empty()) {
            auto references = checkKnowledgeReferences(*p.scenario, p.doc, articleIds);
            diagnostics.insert(diagnostics.end(), references.begin(), references.end());
        }
        bool ok = !hasErrors(diagnostics) && !baseFailed;
        if (base.empty()) validScenarios[p.scenario->id] = ok;
        const bool variant = !base.empty();
        for (auto& d : diagnostics) {
            if (variant) {
                if (d.severity == Severity::Warning) continue;  // the scenario's own warnings say it
                d.message = "exam variant \"" + p.scenario->variantId + "\": " + d.message;
            }
            library.diagnostics.push_back(d);
        }
        if (ok) (variant ? library.variants : library.scenarios).push_back(p.scenario);
        else invalidScenarios.push_back(p.scenario->id);
    }

    std::vector<std::string> scenarioIds;
    for (const auto& s : library.scenarios) scenarioIds.push_back(s->id);
    auto lookup = [&](const std::string& id) -> TrackScenarioInfo {
        auto it = std::find_if(library.scenarios.begin(), library.scenarios.end(),
                               [&](const ScenarioPtr& s) { return s->id == id; });
        if (it == library.scenarios.end()) return {};
        // Without graph checks the tracks' pass rules are not checked either (no analysis).
        auto cached = analysisById.find(id);
        if (cached == analysisById.end()) return {it->get(), nullptr};
        return {it->get(), cached->second.get()};
    };
    for (auto& p : pendingTracks) {
        auto diagnostics = validateTrack(*p.track, p.doc, lookup, scenarioIds, invalidScenarios);
        bool ok = !hasErrors(diagnostics);
        library.diagnostics.insert(library.diagnostics.end(), diagnostics.begin(), diagnostics.end());
        if (ok) library.tracks.push_back(p.track);
    }
    auto byId = [](const auto& a, const auto& b) { return a->id < b->id; };
    std::sort(library.scenarios.begin(), library.scenarios.end(), byId);
    std::sort(library.variants.begin(), library.variants.end(), byId);
    std::sort(library.rubrics.begin(), library.rubrics.end(), byId);
    std::sort(library.articles.begin(), library.articles.end(), byId);
    std::sort(library.tracks.begin(), library.tracks.end(), byId);
    return library;
}

} // namespace simdesk
