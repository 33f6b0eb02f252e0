#include "knowledge.hpp"
#include "content_loader.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace simdesk {

using nlohmann::json;

KnowledgeLoad buildKnowledge(const JsonDocument& doc, const SchemaChecker& schemas) {
    KnowledgeLoad load;
    load.diagnostics = schemas.check(doc, ContentKind::Knowledge);
    if (hasErrors(load.diagnostics)) return load;
    const json& articles = doc.value["articles"];
    std::vector<ArticlePtr> built;
    for (size_t i = 0; i < articles.size(); ++i) {
        const json& a = articles[i];
        auto article = std::make_shared<KnowledgeArticle>();
        article->pointer = childPointer("/articles", i);
        article->sourcePath = doc.path;
        article->id = a["id"];
        checkId(doc, article->id, article->pointer + "/id", load.diagnostics);
        article->title = a["title"];
        article->category = a["category"];
        article->updated = a["updated"];
        article->summary = a["summary"];
        article->body = a["body"];
        article->tags = a.value("tags", std::vector<std::string>{});
        article->related = a.value("related", std::vector<std::string>{});
        built.push_back(std::move(article));
    }
    if (!hasErrors(load.diagnostics)) load.articles = std::move(built);
    return load;
}

namespace {

bool isIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

} // namespace

std::vector<std::string> kbReferences(std::string_view text) {
    std::vector<std::string> out;
    for (size_t at = text.find("kb:"); at != std::string_view::npos; at = text.find("kb:", at + 3)) {
        if (at > 0 && isWordChar(text[at - 1])) continue;  // "...kb:" inside a word is not a reference
        size_t end = at + 3;
        while (end < text.size() && isIdChar(text[end])) ++end;
        // A trailing '-' or '_' is punctuation ("see kb:foo-"), not part of the id.
        while (end > at + 3 && (text[end - 1] == '-' || text[end - 1] == '_')) --end;
        if (end > at + 3) out.emplace_back(text.substr(at + 3, end - at - 3));
    }
    return out;
}

std::vector<Diagnostic> checkKnowledgeReferences(const Scenario& scenario, const JsonDocument& doc,
                                                 const std::vector<std::string>& articleIds) {
    std::vector<Diagnostic> out;
    std::set<std::string, std::less<>> known(articleIds.begin(), articleIds.end());
    auto check = [&](const std::string& id, const std::string& pointer, const char* where) {
        if (known.count(id)) return;
        out.push_back(doc.diagnostic("SD090", Severity::Error, pointer,
                                     std::string(where) + " names no knowledge-base article \"" + id + "\"" +
                                         didYouMean(id, articleIds) + "; expected the id of an article in knowledge/"));
    };
    for (size_t i = 0; i < scenario.knowledge.size(); ++i)
        check(scenario.knowledge[i], childPointer("/knowledge", i), "the scenario");
    for (const auto& node : scenario.nodes) {
        for (size_t i = 0; i < node.choices.size(); ++i)
            for (const auto& id : kbReferences(node.choices[i].cite))
                check(id, childPointer(node.pointer + "/choices", i) + "/cite", "the cite");
        for (size_t i = 0; i < node.rules.size(); ++i)
            for (const auto& id : kbReferences(node.rules[i].cite))
                check(id, childPointer(node.pointer + "/rules", i) + "/cite", "the cite");
    }
    return out;
}

namespace {

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    for (char c : text) {
        if (isWordChar(c)) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) out.push_back(std::move(word));
    return out;
}

/// How many words of `field` start with `term`.
int hits(const std::vector<std::string>& field, const std::string& term) {
    int n = 0;
    for (const auto& w : field)
        if (w.compare(0, term.size(), term) == 0) ++n;
    return n;
}

} // namespace

std::vector<std::string> searchTerms(std::string_view query) {
    static const std::set<std::string, std::less<>> filler = {
        "a", "an", "and", "are", "can", "do", "does", "for", "how", "i", "in", "is", "it", "my",
        "of", "on", "or", "the", "to", "what", "when", "with"};
    std::vector<std::string> out;
    for (auto& w : words(query))
        if (!filler.count(w) && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
    return out;
}

std::vector<SearchHit> searchKnowledge(const std::vector<ArticlePtr>& articles, std::string_view query, size_t limit) {
    auto terms = searchTerms(query);
    std::vector<SearchHit> out;
    if (terms.empty()) return out;
    for (const auto& article : articles) {
        std::string tagText;
        for (const auto& t : article->tags) tagText += t + " ";
        const std::vector<std::pair<std::vector<std::string>, double>> fields = {
            {words(article->title), 5}, {words(tagText), 4},  {words(article->id), 3},
            {words(article->category), 2}, {words(article->summary), 2}, {words(article->body), 1}};
        SearchHit hit{article, 0, {}};
        for (const auto& term : terms) {
            double termScore = 0;
            for (const auto& [field, weight] : fields) termScore += weight * std::min(hits(field, term), 3);
            if (termScore > 0) {
                hit.score += termScore;
                hit.matchedTerms.push_back(term);
            }
        }
        if (hit.matchedTerms.empty()) continue;
        out.push_back(std::move(hit));
    }
    std::sort(out.begin(), out.end(), [](const SearchHit& a, const SearchHit& b) {
        if (a.matchedTerms.size() != b.matchedTerms.size()) return a.matchedTerms.size() > b.matchedTerms.size();
        if (a.score != b.score) return a.score > b.score;
        return a.article->id < b.article->id;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
}

} // namespace simdesk
