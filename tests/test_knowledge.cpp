// The knowledge base: schema-checked article files, kb: references and deterministic search.
#include "test_support.hpp"

#include "core/citation.hpp"
#include "core/knowledge.hpp"
#include "core/markdown.hpp"

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

// ---- Markdown in article bodies (issue 13, bug 9: articles showed "# Duplicate charges" and "**…**") ----

TEST_CASE("an article body reads as headings, paragraphs, lists, quotes and tables, not raw Markdown") {
    const char* body = "# Duplicate charges\n"
                       "\n"
                       "A retry can charge **twice**.\n"
                       "It shows as *pending* first.\n"
                       "\n"
                       "## Steps\n"
                       "\n"
                       "1. Check `INV-20432`.\n"
                       "2. Refund it\n"
                       "   on the same card.\n"
                       "- one\n"
                       "  - nested\n"
                       "> Hi [name], sorry.\n"
                       "---\n"
                       "| Channel | Verification |\n"
                       "| --- | --- |\n"
                       "| Email | **invoice** number |\n";
    auto blocks = parseMarkdown(body);
    REQUIRE(blocks.size() == 10);
    CHECK(blocks[0].kind == MarkdownBlockKind::Heading);
    CHECK(blocks[0].level == 1);
    CHECK(plainText(blocks[0].spans) == "Duplicate charges");
    // The two lines of the paragraph are one paragraph, joined by a space.
    CHECK(blocks[1].kind == MarkdownBlockKind::Paragraph);
    CHECK(plainText(blocks[1].spans) == "A retry can charge twice. It shows as pending first.");
    REQUIRE(blocks[1].spans.size() == 5);
    CHECK(blocks[1].spans[1] == MarkdownSpan{"twice", true, false, false, ""});
    CHECK(blocks[1].spans[3] == MarkdownSpan{"pending", false, true, false, ""});
    CHECK(blocks[2].kind == MarkdownBlockKind::Heading);
    CHECK(blocks[2].level == 2);
    CHECK(blocks[3].kind == MarkdownBlockKind::Numbered);
    CHECK(blocks[3].marker == "1.");
    CHECK(blocks[3].spans[1] == MarkdownSpan{"INV-20432", false, false, true, ""});
    // An indented line continues the list item it follows.
    CHECK(blocks[4].marker == "2.");
    CHECK(plainText(blocks[4].spans) == "Refund it on the same card.");
    CHECK(blocks[5].kind == MarkdownBlockKind::Bullet);
    CHECK(blocks[5].level == 0);
    CHECK(blocks[6].kind == MarkdownBlockKind::Bullet);
    CHECK(blocks[6].level == 1);
    CHECK(blocks[7].kind == MarkdownBlockKind::Quote);
    // "[name]" without "(target)" is a template slot, not a link.
    CHECK(plainText(blocks[7].spans) == "Hi [name], sorry.");
    CHECK(blocks[7].spans.size() == 1);
    CHECK(blocks[8].kind == MarkdownBlockKind::Rule);
    REQUIRE(blocks[9].kind == MarkdownBlockKind::Table);
    REQUIRE(blocks[9].rows.size() == 2);  // the header and one row; the --- row is not content
    CHECK(plainText(blocks[9].rows[0][1]) == "Verification");
    CHECK(blocks[9].rows[1][1][0] == MarkdownSpan{"invoice", true, false, false, ""});
    CHECK(plainText(blocks[9].rows[1][1]) == "invoice number");
}

TEST_CASE("inline Markdown: links, kb references, and markers that are only characters") {
    auto spans = parseMarkdownInline("See [refund times](kb:kb-billing-refund-times) or kb:kb-api-rate-limits.");
    REQUIRE(spans.size() == 5);
    CHECK(spans[1] == MarkdownSpan{"refund times", false, false, false, "kb:kb-billing-refund-times"});
    // A bare reference is a link to its article; the full stop after it is not part of the id.
    CHECK(spans[3] == MarkdownSpan{"kb:kb-api-rate-limits", false, false, false, "kb:kb-api-rate-limits"});
    CHECK(spans[4].text == ".");
    // Unclosed or spaced markers, snake_case and arithmetic stay as written.
    for (const char* literal : {"2 * 3 * 4", "a **b", "user_id and team_id", "`open", "[x](y"}) {
        auto plain = parseMarkdownInline(literal);
        REQUIRE(plain.size() == 1);
        CHECK(plain[0] == MarkdownSpan{literal, false, false, false, ""});
    }
    // Every bundled article parses, and no heading marker or bold marker survives as text.
    SchemaChecker schemas;
    ContentLibrary library = test::bundledLibrary(schemas);
    REQUIRE_FALSE(library.articles.empty());
    for (const auto& a : library.articles) {
        for (const auto& block : parseMarkdown(a->body)) {
            INFO(a->id);
            CHECK_FALSE(plainText(block.spans).starts_with("#"));
            CHECK(plainText(block.spans).find("**") == std::string::npos);
        }
    }
}

TEST_CASE("citations on screen name the article and the standard, never kb:kb- or a seed number") {
    auto title = [](std::string_view id) -> std::string {
        return id == "kb-rewards-disputes" ? "Points disputes" : "";
    };
    auto parts = readableCitation("kb:kb-rewards-disputes (step 1-2); seed 004: chat 60 s", title);
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].text == "Points disputes (step 1-2)");
    CHECK(parts[0].articleId == "kb-rewards-disputes");
    CHECK(parts[1].text == "Service standards: chat 60 s");
    CHECK(parts[1].articleId.empty());
    // The response clock's standard, and an article the library does not have.
    CHECK(readableCitationText("live chat: respond within 60 seconds (seed 004)", title) ==
          "live chat: respond within 60 seconds (Service standards)");
    CHECK(readableCitationText("kb:kb-gone; seeds 000-004", title) == "Knowledge base: gone; the service standards");
    CHECK(readableCitationText("seed 001: complaint handling", title) == "Service policies: complaint handling");
    CHECK(readableCitationText("", title).empty());
}
