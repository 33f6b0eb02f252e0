// The knowledge base: schema-checked article files, kb: references and deterministic search.
#include "test_support.hpp"

#include "core/knowledge.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {

const char* const kArticles = R"({
  "$schema": "../schemas/knowledge.schema.json",
  "format": 1,
  "articles": [
    {"id": "kb-billing-duplicate-charges", "title": "Duplicate charges on your card", "category": "Billing",
     "updated": "2026-10-01", "summary": "Why a card shows two charges and how the duplicate is refunded.",
     "body": "A pending authorisation can look like a second charge. Refunds reach the card in 5-10 business days.",
     "tags": ["refund", "card"], "related": ["kb-billing-refund-times"]},
    {"id": "kb-billing-refund-times", "title": "How long refunds take", "category": "Billing",
     "updated": "2026-09-12", "summary": "Card refunds take 5-10 business days; invoices are credited at once.",
     "body": "Refund to card: 5-10 business days. Refund refund refund to account credit: immediate.", "tags": ["refund"]},
    {"id": "kb-api-rate-limits", "title": "API rate limits by plan", "category": "API",
     "updated": "2026-08-30", "summary": "Requests per minute on Starter, Team, Business and Enterprise.",
     "body": "Starter 60 requests per minute, Team 300, Business 1200, Enterprise by contract."}
  ]
})";

std::vector<ArticlePtr> articles() {
    SchemaChecker schemas;
    JsonLoad load = parseJsonDocument("knowledge/test.json", kArticles);
    REQUIRE(load.document);
    KnowledgeLoad built = buildKnowledge(*load.document, schemas);
    for (const auto& d : built.diagnostics) INFO(d.format());
    REQUIRE(built.diagnostics.empty());
    return built.articles;
}

std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h.article->id);
    return out;
}

} // namespace

TEST_CASE("a knowledge file builds its articles with every field") {
    auto list = articles();
    REQUIRE(list.size() == 3);
    const auto& a = *list[0];
    CHECK(a.id == "kb-billing-duplicate-charges");
    CHECK(a.category == "Billing");
    CHECK(a.updated == "2026-10-01");
    CHECK(a.tags == std::vector<std::string>{"refund", "card"});
    CHECK(a.related == std::vector<std::string>{"kb-billing-refund-times"});
    CHECK(a.pointer == "/articles/0");
    CHECK(a.sourcePath == "knowledge/test.json");
}

TEST_CASE("the knowledge schema rejects a bad date and an unknown member, with positions") {
    SchemaChecker schemas;
    JsonLoad load = parseJsonDocument("kb.json", R"({"format": 1, "articles": [
  {"id": "kb-x", "title": "T", "category": "C", "updated": "1 Oct 2026", "summary": "S", "body": "B", "tag": []}]})");
    REQUIRE(load.document);
    KnowledgeLoad built = buildKnowledge(*load.document, schemas);
    CHECK(built.articles.empty());
    std::vector<std::string> lines;
    for (const auto& d : built.diagnostics) lines.push_back(d.format());
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "kb.json:2:60: error: /articles/0/updated: \"1 Oct 2026\" does not have the expected form; "
                      "expected a date written YYYY-MM-DD (when the article was last reviewed) [SD010]");
    CHECK(lines[1] == "kb.json:2:110: error: /articles/0/tag: unknown member \"tag\" (did you mean \"tags\"?); expected "
                      "one of body, category, id, related, summary, tags, title, updated [SD010]");
}

TEST_CASE("kb: references are found in cite text, punctuation and words around them left out") {
    CHECK(kbReferences("kb:kb-billing-refund-times") == std::vector<std::string>{"kb-billing-refund-times"});
    CHECK(kbReferences("seed 001: refunds; kb:kb-a, kb:kb-b.") == std::vector<std::string>{"kb-a", "kb-b"});
    CHECK(kbReferences("see kb:kb-a- and (kb:kb_b)") == std::vector<std::string>{"kb-a", "kb_b"});
    CHECK(kbReferences("seed 004: no article here").empty());
    CHECK(kbReferences("abkb:not-a-ref kb:").empty());
}

TEST_CASE("search ranks by how many query words match, then by where they match, ties by id") {
    auto list = articles();
    // "refund" is in both billing titles/tags; "card" narrows to the duplicate-charges article.
    auto hits = searchKnowledge(list, "How do I refund a card charge?");
    REQUIRE(hits.size() == 2);
    CHECK(ids(hits) == std::vector<std::string>{"kb-billing-duplicate-charges", "kb-billing-refund-times"});
    CHECK(hits[0].matchedTerms == std::vector<std::string>{"refund", "card", "charge"});
    CHECK(hits[1].matchedTerms == std::vector<std::string>{"refund", "card"});

    // Prefix matching: "limit" finds "limits"; filler words are ignored.
    auto api = searchKnowledge(list, "what is the rate limit");
    REQUIRE(api.size() == 1);
    CHECK(api[0].article->id == "kb-api-rate-limits");
    CHECK(api[0].matchedTerms == std::vector<std::string>{"rate", "limit"});

    CHECK(searchKnowledge(list, "the of and").empty());
    CHECK(searchKnowledge(list, "zebra").empty());
    CHECK(searchKnowledge(list, "refund", 1).size() == 1);
    // Deterministic: the same query gives the same order every time.
    CHECK(ids(searchKnowledge(list, "refund business days")) == ids(searchKnowledge(list, "refund business days")));
}

TEST_CASE("the library classifies knowledge files and finds articles by id") {
    SchemaChecker schemas;
    ContentLibrary library = loadContent({"tests/fixtures/knowledge"}, schemas);
    for (const auto& d : library.diagnostics) INFO(d.format());
    CHECK(library.diagnostics.empty());
    REQUIRE(library.articles.size() == 2);
    CHECK(library.findArticle("kb-test-refunds"));
    CHECK_FALSE(library.findArticle("kb-missing"));
}

TEST_CASE("kb search on the command line prints ranked articles with what matched") {
    auto r = test::runCli({"kb", "search", "refund", "card", "--content", "tests/fixtures"});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("1. Refunds to a card  [kb-test-refunds]") == 0);
    CHECK(r.out.find("matched: refund, card") != std::string::npos);
    auto none = test::runCli({"kb", "search", "zebra", "--content", "tests/fixtures"});
    CHECK(none.exitCode == 1);
    CHECK(none.out.find("No article matches \"zebra\"") != std::string::npos);
    auto json = test::runCli({"kb", "search", "refund", "--json", "--content", "tests/fixtures"});
    CHECK(json.exitCode == 0);
    CHECK(nlohmann::json::parse(json.out)["results"][0]["id"] == "kb-test-refunds");
}
