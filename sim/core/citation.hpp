// Citations as a trainee reads them. Content cites its sources for authors and QA leads
// ("kb:kb-billing-duplicate-charges (step 2); seed 004: email 4 business hours"); on screen that is
// authoring jargon, so each part is named by what it is: the article's title, and the standard's
// name instead of a seed number.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

struct CitationPart {
    std::string text;       ///< what the reader sees
    std::string articleId;  ///< the knowledge-base article the part opens; empty: not an article
};

/// The title of a knowledge-base article, or empty when there is no such article.
using ArticleTitle = std::function<std::string(std::string_view id)>;

/// The name a trainee knows a service-standard document by ("Service standards" for seed 004).
std::string standardName(std::string_view seedNumber);

/// `cite` cut at ';' into readable parts, in order: "kb:ID (detail)" becomes the article's title and
/// its detail, "seed NNN: detail" and "… (seed NNN)" name the standard. Text it does not recognise is
/// kept as written.
std::vector<CitationPart> readableCitation(std::string_view cite, const ArticleTitle& articleTitle);

/// The parts joined with "; ".
std::string readableCitationText(std::string_view cite, const ArticleTitle& articleTitle);

} // namespace simdesk
