#include "cli.hpp"

#include <ostream>

namespace simdesk::cli {

int kbSearch(const GlobalOptions& global, const KbSearchOptions& options, Io io) {
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas, ContentUse::ReadOnly);
    if (library.articles.empty()) {
        printDiagnostics(io.err, library.diagnostics);
        io.err << "simdesk kb search: no knowledge base is loaded (expected knowledge/*.json in the content folder)\n";
        return kExitFailure;
    }
    std::string query;
    for (const auto& word : options.query) query += (query.empty() ? "" : " ") + word;
    auto hits = searchKnowledge(library.articles, query, options.limit);
    if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& hit : hits)
            list.push_back({{"id", hit.article->id}, {"title", hit.article->title}, {"category", hit.article->category},
                            {"summary", hit.article->summary}, {"score", hit.score}, {"matched", hit.matchedTerms}});
        io.out << nlohmann::json{{"query", query}, {"terms", searchTerms(query)}, {"results", list}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return hits.empty() ? kExitFailure : kExitOk;
    }
    if (hits.empty()) {
        io.out << "No article matches \"" << query << "\".\n";
        return kExitFailure;
    }
    for (size_t i = 0; i < hits.size(); ++i) {
        const auto& a = *hits[i].article;
        std::string matched;
        for (const auto& t : hits[i].matchedTerms) matched += (matched.empty() ? "" : ", ") + t;
        io.out << i + 1 << ". " << a.title << "  [" << a.id << "]\n"
               << "   " << a.category << " · updated " << a.updated << " · matched: " << matched << "\n"
               << "   " << a.summary << "\n";
    }
    return kExitOk;
}

} // namespace simdesk::cli
