// The knowledge base: help-centre articles of the fictional company (knowledge/*.json) that
// scenarios cite with `kb:<article-id>` and trainees search while they play.
//
// Articles are loaded and schema-checked per file; ids are unique across the whole knowledge base
// (checked by the library, which sees every file). Search is deterministic: the same query over
// the same articles always gives the same ranking.
#pragma once

#include "json_source.hpp"
#include "scenario.hpp"
#include "schema_check.hpp"

#include <memory>
#include <string>
#include <vector>

namespace simdesk {

struct KnowledgeArticle {
    std::string id, title, category, updated, summary, body;
    std::vector<std::string> tags, related;
    std::string sourcePath;  ///< file as given to the loader
    std::string pointer;     ///< "/articles/<index>", for diagnostics
};

using ArticlePtr = std::shared_ptr<const KnowledgeArticle>;

struct KnowledgeLoad {
    std::vector<ArticlePtr> articles;  ///< empty when the file has errors
    std::vector<Diagnostic> diagnostics;
};

/// Schema check, then build every article of one knowledge file.
KnowledgeLoad buildKnowledge(const JsonDocument& doc, const SchemaChecker& schemas);

/// The article ids referenced as `kb:<id>` in a text (e.g. a choice's cite), in order.
std::vector<std::string> kbReferences(std::string_view text);

/// SD090 for every knowledge id, `kb:` cite in a choice or rule, that names no article.
std::vector<Diagnostic> checkKnowledgeReferences(const Scenario& scenario, const JsonDocument& doc,
                                                 const std::vector<std::string>& articleIds);

struct SearchHit {
    ArticlePtr article;
    double score = 0;
    std::vector<std::string> matchedTerms;  ///< the query's terms this article matched, in query order
};

/// Lower-case words of a query (letters and digits), without duplicates and common filler words.
std::vector<std::string> searchTerms(std::string_view query);

/// Articles matching at least one term of `query`, best first (ties by id). A term matches a word
/// that starts with it; matches weigh title 5, tag 4, id 3, category and summary 2, body 1 (body
/// hits count up to three times). Articles matching more distinct terms always rank first.
std::vector<SearchHit> searchKnowledge(const std::vector<ArticlePtr>& articles, std::string_view query,
                                       size_t limit = 10);

} // namespace simdesk
