#include "substance.hpp"
#include "text_normalize.hpp"

#include <algorithm>
#include <set>

namespace simdesk {

namespace {

/// Words that carry no facts about a case: function words, courtesy, service boilerplate.
const std::set<std::string, std::less<>>& genericWords() {
    static const std::set<std::string, std::less<>> words = {
        "a", "an", "the", "and", "or", "but", "so", "if", "then", "than", "that", "this", "these", "those", "there",
        "here", "it", "its", "it's", "i", "i'm", "i've", "i'll", "i'd", "me", "my", "mine", "we", "we're", "we've",
        "we'll", "us", "our", "ours", "you", "you're", "you've", "you'll", "your", "yours", "he", "she", "they",
        "them", "their", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done",
        "have", "has", "had", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "to",
        "of", "in", "on", "at", "by", "for", "with", "about", "as", "from", "into", "onto", "up", "down", "out",
        "over", "off", "all", "any", "some", "each", "every", "very", "really", "just", "also", "too", "more",
        "most", "much", "many", "such", "not", "no", "yes", "ok", "okay", "oh", "well", "what", "which", "who",
        "whom", "how", "why", "when", "where", "again", "please", "thanks", "thank", "hi", "hello", "hey", "dear",
        "regards", "best", "kind", "cheers", "sincerely", "team", "support", "customer", "customers", "service",
        "sir", "madam", "mr", "mrs", "ms", "good", "great", "morning", "afternoon", "evening", "day", "today",
        "now", "soon", "sure", "certainly", "absolutely", "glad", "happy", "help", "helps", "helping", "assist",
        "assistance", "reach", "reaching", "contact", "contacting", "touch", "get", "got", "getting", "let", "know",
        "understand", "understanding", "sorry", "apologise", "apologize", "apologies", "apology", "inconvenience",
        "frustration", "frustrating", "patience", "patient", "appreciate", "appreciated", "concern", "concerns",
        "issue", "issues", "problem", "problems", "matter", "situation", "request", "query", "question",
        "questions", "feel", "feeling", "free", "further", "anything", "else", "look", "looking", "rest", "assured",
        "priority", "top", "value", "valued", "important", "experience", "hear", "sounds", "see", "note", "noted",
        "team's", "ensure", "make", "making", "possible", "asap", "quickly", "shortly", "promptly", "working",
        "work", "resolve", "resolved", "resolution", "resolving", "solution", "information", "details", "regarding",
        "re", "fw", "fwd", "subject", "hope", "wonderful", "nice", "one", "thing", "things", "way", "like", "need",
        "needs", "want", "wanted", "keep", "take", "taking", "care", "back", "go", "going", "come", "still",
        "always", "ever", "never", "time", "everything", "something", "nothing", "okey", "k", "kk", "agent",
        "representative", "ticket", "case", "continue", "follow", "following", "update", "updates", "once",
        "message", "reply", "email", "chat", "call", "calling", "try", "trying", "ll", "ve", "s", "d",
    };
    return words;
}

/// A word made of letters or digits (digits are figures: always case-specific).
bool hasDigit(std::string_view word) {
    return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

SubstanceCheck assessSubstance(std::string_view reply, const std::vector<std::string_view>& customerTexts) {
    Stemmer stemmer;
    SubstanceCheck check;
    AnalyzedText text = analyzeText(reply, stemmer);
    check.words = static_cast<int>(text.tokens.size());

    // Four-word sequences of the customer's messages: a reply built of them is a copy.
    std::set<std::string> customerGrams;
    std::set<std::string, std::less<>> customerWords;
    for (auto customer : customerTexts) {
        AnalyzedText c = analyzeText(customer, stemmer);
        for (const auto& t : c.tokens) customerWords.insert(t.stem);
        for (size_t i = 0; i + 4 <= c.tokens.size(); ++i)
            customerGrams.insert(c.tokens[i].folded + ' ' + c.tokens[i + 1].folded + ' ' + c.tokens[i + 2].folded +
                                 ' ' + c.tokens[i + 3].folded);
    }
    size_t grams = 0, copied = 0;
    for (size_t i = 0; i + 4 <= text.tokens.size(); ++i) {
        ++grams;
        std::string gram = text.tokens[i].folded + ' ' + text.tokens[i + 1].folded + ' ' + text.tokens[i + 2].folded +
                           ' ' + text.tokens[i + 3].folded;
        if (customerGrams.count(gram)) ++copied;
    }

    const auto& generic = genericWords();
    std::set<std::string, std::less<>> specific;  // distinct, so repeating a word does not add substance
    for (const auto& t : text.tokens) {
        if (t.letters == 0 && !hasDigit(t.folded)) continue;
        if (generic.count(t.folded) || generic.count(t.stem)) continue;
        if (t.letters < 2 && !hasDigit(t.folded)) continue;
        specific.insert(t.stem);
    }
    // Words the customer used count only when the reply adds words of its own around them.
    int own = 0;
    for (const auto& word : specific)
        if (!customerWords.count(word)) ++own;
    check.specificWords = static_cast<int>(specific.size());

    if (grams >= 3 && static_cast<double>(copied) >= kEchoShare * static_cast<double>(grams)) {
        check.substantive = false;
        check.reason = "it mostly repeats the customer's own message";
    } else if (check.specificWords < kMinSubstantiveWords) {
        check.substantive = false;
        check.onlyTooFew = own >= 2;
        check.reason = check.words <= 3 ? "it is too short to say anything about the case"
                                        : "it says almost nothing about this case: courtesy and stock phrases, not the facts or what happens next";
    } else if (own < 2) {
        check.substantive = false;
        check.reason = "it adds nothing to the customer's own words";
    }
    return check;
}

} // namespace simdesk
