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
    return nullptr;
}

RubricPtr ContentLibrary::findRubric(std::string_view id) const {
    for (const auto& r : rubrics)
        if (r->id == id) return r;
    return nullptr;
}

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

} // namespace

ContentLibrary loadContent(const std::vector<fs::path>& paths, const SchemaChecker& schemas) {
    ContentLibrary library;
    std::vector<FoundFile> files;
    for (const auto& p : paths) collectFiles(p, files, library.diagnostics);

    std::vector<PendingScenario> pending;
    std::map<std::string, std::string> scenarioFiles, rubricFiles, lexiconFiles;  // id → first file
    // Lexicons first: scenarios resolve their lexicon rules while they are built.
    std::vector<JsonDocument> documents;
    for (const auto& file : files) {
        ++library.filesRead;
        JsonLoad load = loadJsonFile(file.path, file.display);
        library.diagnostics.insert(library.diagnostics.end(), load.diagnostics.begin(), load.diagnostics.end());
        if (!load.document || hasErrors(load.diagnostics)) continue;
        documents.push_back(std::move(*load.document));
    }
    auto has = [](const JsonDocument& doc, const char* member) {
        return doc.value.is_object() && doc.value.contains(member);
    };
    std::stable_partition(documents.begin(), documents.end(), [&](const JsonDocument& d) { return has(d, "entries"); });
    for (auto& doc : documents) {
        int kinds = int(has(doc, "nodes")) + int(has(doc, "sections")) + int(has(doc, "entries"));
        bool isRubric = has(doc, "sections");
        if (kinds != 1) {
            library.diagnostics.push_back(doc.diagnostic(
                "SD010", Severity::Error, "",
                "cannot tell what this file is; expected a scenario (with \"nodes\"), a rubric (with \"sections\") "
                "or a lexicon (with \"entries\")"));
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
        if (has(doc, "entries")) {
            LexiconLoad built = buildLexicon(doc, schemas);
            library.diagnostics.insert(library.diagnostics.end(), built.diagnostics.begin(), built.diagnostics.end());
            if (built.lexicon && !duplicate(lexiconFiles, built.lexicon->id, "lexicon"))
                library.lexicons.byId.emplace(built.lexicon->id, built.lexicon);
        } else if (isRubric) {
            RubricLoad built = buildRubric(doc, schemas);
            library.diagnostics.insert(library.diagnostics.end(), built.diagnostics.begin(), built.diagnostics.end());
            if (built.rubric && !duplicate(rubricFiles, built.rubric->id, "rubric"))
                library.rubrics.push_back(built.rubric);
        } else {
            ScenarioLoad built = buildScenario(doc, schemas, &library.lexicons);
            library.diagnostics.insert(library.diagnostics.end(), built.diagnostics.begin(), built.diagnostics.end());
            if (built.scenario && !duplicate(scenarioFiles, built.scenario->id, "scenario"))
                pending.push_back({std::move(doc), built.scenario});
        }
    }

    // Scenarios are checked once every rubric is known, wherever the rubric's file came in the order.
    std::vector<std::string> rubricIds;
    for (const auto& r : library.rubrics) rubricIds.push_back(r->id);
    for (auto& p : pending) {
        RubricPtr rubric = library.findRubric(p.scenario->rubricId);
        auto diagnostics = validateScenario(*p.scenario, p.doc, rubric.get(), rubricIds);
        bool ok = !hasErrors(diagnostics);
        library.diagnostics.insert(library.diagnostics.end(), diagnostics.begin(), diagnostics.end());
        if (ok) library.scenarios.push_back(p.scenario);
    }
    auto byId = [](const auto& a, const auto& b) { return a->id < b->id; };
    std::sort(library.scenarios.begin(), library.scenarios.end(), byId);
    std::sort(library.rubrics.begin(), library.rubrics.end(), byId);
    return library;
}

} // namespace simdesk
