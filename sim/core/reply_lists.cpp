#include "reply_lists.hpp"

#include "reply_signals.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <string>

namespace simdesk {

bool joinedToPrevious(const AnalyzedText& text, size_t k) {
    const auto& t = text.tokens;
    return k > 0 && k < t.size() &&
           text.text.substr(t[k - 1].span.end, t[k].span.begin - t[k - 1].span.end).find_first_of(" \t\r\n") == std::string_view::npos;
}

namespace {
/// A reply read as list items: each clause is an item, and the items that make a menu path are
/// marked.
struct ListItems {
    struct Item { size_t terms = 0; bool plain = true; size_t clause = 0; size_t first = 0; bool named = true; };
    std::vector<Item> items;
    std::vector<bool> inPath;  // by item
};

/// `function` and `service` are by token: English function words that are not service words
/// ("sorry", "thanks" are both), and the service vocabulary.
ListItems readListItems(const AnalyzedText& text, const std::vector<bool>& function, const std::vector<bool>& service) {
    const auto& t = text.tokens;
    // Clauses as items: each is a run of tokens with one clause number (commas, semicolons, line
    // and sentence ends part them). Tokens with no space between them are one term
    // ("Retry-After", "300/min", "status.example.com"), and a function word inside a term is part
    // of its name. An item is bare when it is at most three terms and no function word stands in
    // it alone ("we support Shopify" is a clause, "family business" an item).
    ListItems out;
    auto& items = out.items;
    auto joined = [&](size_t k) { return joinedToPrevious(text, k); };
    // A field's label and its value are one item ("Plan: Team", "Answer: prorated"): a form-style
    // note is fields, not a list. A function word before the colon introduces what follows
    // ("Okay, so: forbearance, deferment…") and labels no field.
    auto afterLabel = [&](size_t k) {
        return k > 0 && !function[k - 1] &&
               text.text.substr(t[k - 1].span.end, t[k].span.begin - t[k - 1].span.end).find(':') != std::string_view::npos;
    };
    for (size_t k = 0; k < t.size(); ++k) {
        bool inTerm = joined(k), termGoesOn = k + 1 < t.size() && joined(k + 1);
        if (items.empty() || (items.back().clause != t[k].clause && !inTerm && !afterLabel(k)))
            items.push_back({0, true, t[k].clause, k, true});
        items.back().clause = t[k].clause;
        if (!inTerm) ++items.back().terms;
        // A label's own word ("Steps:") does not name the screen its item goes to.
        bool label = k + 1 < t.size() && afterLabel(k + 1);
        if (!inTerm && !label && (!isCapitalised(text, t[k]) || service[k])) items.back().named = false;
        if (function[k] && !inTerm && !termGoesOn && !label) items.back().plain = false;
    }
    // A menu path written with commas ("Steps: Settings, Integrations, Shopify, Connect") names the
    // screens a customer clicks through: three or more items of one or two capitalised names, none
    // a word of the service vocabulary, after a word that points the way ("go to", "open",
    // "Steps:"). A keyword list is the service's own vocabulary, and points nowhere.
    auto pathFrom = [&](size_t i) {  // where the path starting at item i ends; i when it is none
        size_t j = i;
        while (j < items.size() && items[j].plain && items[j].named && items[j].terms <= 2) ++j;
        if (j - i < 3) return i;
        const size_t first = items[i].first;
        for (size_t k = first >= 3 ? first - 3 : 0; k <= first + 1 && k < t.size(); ++k)
            if (t[k].sentence == t[first].sentence &&
                oneOf(t[k].folded, {"go", "open", "click", "tap", "select", "navigate", "head", "steps", "path", "menu", "under"}))
                return j;
        return i;
    };
    auto& inPath = out.inPath;
    inPath.assign(items.size(), false);
    for (size_t i = 0; i < items.size();) {
        const size_t end = pathFrom(i);
        if (end == i) ++i;
        for (; i < end; ++i) inPath[i] = true;
    }
    return out;
}
} // namespace

std::optional<std::string> bareTermList(const AnalyzedText& text, const LexiconHits& hits) {
    constexpr size_t kMinItems = 5, kMaxItemTerms = 3;
    if (text.tokens.empty()) return std::nullopt;
    // "sorry", "thanks": function words to tell the language by, terms in a list.
    std::vector<bool> function = tokensIn(text.tokens.size(), hits, "function-words-en"), service = tokensIn(text.tokens.size(), hits, "service-words");
    for (size_t k = 0; k < function.size(); ++k) function[k] = function[k] && !service[k];
    const auto [items, inPath] = readListItems(text, function, service);
    auto bare = [&](size_t i) { return items[i].plain && items[i].terms <= kMaxItemTerms && !inPath[i]; };
    // The longest run of bare items, the terms in it and how many are single terms: a terse note's
    // items are pairs ("double charge, refund issued, customer happy"), a keyword list's single
    // terms ("429, limit, 300, Retry-After, polling").
    size_t best = 0, bestTerms = 0, bestSingles = 0, allTerms = 0;
    for (const auto& item : items) allTerms += item.terms;
    for (size_t i = 0; i < items.size();) {
        size_t j = i, terms = 0, singles = 0;
        while (j < items.size() && bare(j)) {
            terms += items[j].terms;
            singles += items[j].terms == 1 ? 1 : 0;
            ++j;
        }
        if (j - i > best) best = j - i, bestTerms = terms, bestSingles = singles;
        i = j == i ? i + 1 : j;
    }
    if (best >= kMinItems && bestSingles + 1 >= kMinItems && bestSingles * 5 >= best * 3 && bestTerms * 2 >= allTerms)
        return std::to_string(best) + " bare terms in a row and no sentence around them";
    return std::nullopt;
}

std::optional<std::string> functionlessReply(const AnalyzedText& text, const LexiconHits& hits) {
    constexpr size_t kMinWords = 7, kMinItems = 5;
    const auto& t = text.tokens;
    // Nearly every reply has a function word standing alone, and its first hit settles it. "sorry"
    // and "thanks" are listed as function words to tell the language by; in a reply they are service
    // words, which a list is made of. One inside a term is part of its name ("out-of-network").
    const auto services = hitsOf(hits, "service-words");
    auto standsAlone = [&](size_t k) { return !joinedToPrevious(text, k) && !joinedToPrevious(text, k + 1); };
    // The frame around a list is no sentence either: "Hi," opening it, "Thank you" closing it.
    std::vector<LexiconHit> frame;
    for (const auto& h : hitsOf(hits, "greeting"))
        if (t[h.firstToken].clause == t.front().clause) frame.push_back(h);
    for (const auto& h : hitsOf(hits, "sign-off"))
        if (t[h.firstToken].sentence == t.back().sentence) frame.push_back(h);
    bool framed = false;  // a function word only in the frame
    for (const auto& h : hitsOf(hits, "function-words-en")) {
        if (t[h.firstToken].letters == 0 || !standsAlone(h.firstToken) || insideAny(services, h.firstToken)) continue;
        if (!insideAny(frame, h.firstToken)) return std::nullopt;
        framed = true;
    }
    const std::vector<bool> service = tokensIn(t.size(), hits, "service-words");
    // Words, and the most of them in one clause.
    size_t words = 0, longest = 0, inClause = 0;
    for (size_t k = 0; k < t.size(); ++k) {
        if (t[k].letters == 0) continue;
        ++words;
        inClause = k > 0 && t[k - 1].clause == t[k].clause ? inClause + 1 : 1;
        longest = std::max(longest, inClause);
    }
    if (words < kMinWords) return std::nullopt;
    const std::string says = std::to_string(words) + " words and not one \"the\", \"is\" or \"you\" among them: ";
    // Five words in one clause with nothing to join them are a bag of words
    // ("kyc aml verification queue pending docs compliance review tier 2").
    // A terse note in a frame is terms too ("Hi. 2FA reset requires ID verification. Regards"):
    // inside one, a bag is a word longer.
    if (longest >= kMinItems + (framed ? 1 : 0)) return says + "a bag of terms";
    // Items, two in five of them one term alone ("claim, deductible $250, 90% reimbursement, waiting
    // period 14 days, pre-existing, appeal"). A terse note's items are pairs that say something
    // ("double charge, $49, customer happy"), and a menu path is where to click.
    const auto [items, inPath] = readListItems(text, std::vector<bool>(t.size(), false), service);
    size_t listed = 0, singles = 0;
    for (size_t i = 0; i < items.size(); ++i)
        if (!inPath[i] && !insideAny(frame, items[i].first)) ++listed, singles += items[i].terms == 1 ? 1 : 0;
    if (listed >= kMinItems && singles * 5 >= listed * 2) return says + "terms listed, not sentences";
    return std::nullopt;
}

namespace {

/// The closed word classes that decide whether two English words can stand side by side.
enum class WordClass { Other, Determiner, Subject, Modal, Finite, Preposition, Conjunction, Negation };

WordClass wordClass(std::string_view w) {
    if (w.size() > 7) return WordClass::Other;  // "because" is the longest word of a closed class here
    // Determiners that are only determiners: "this", "that", "his", "her" and "its" also stand alone.
    if (oneOf(w, {"the", "a", "an", "your", "our", "my", "their", "every"})) return WordClass::Determiner;
    if (oneOf(w, {"i", "we", "he", "she", "they"})) return WordClass::Subject;
    // Not "may" (the month) nor "must" ("a must").
    if (oneOf(w, {"will", "would", "can", "could", "should", "might", "shall"})) return WordClass::Modal;
    // Finite forms only: "to be", "to have" and "to do" are English.
    if (oneOf(w, {"is", "are", "was", "were", "am", "been", "has", "had", "does", "did"})) return WordClass::Finite;
    if (oneOf(w, {"to", "of", "for", "with", "from", "at", "by", "into", "about", "in", "on"})) return WordClass::Preposition;
    if (oneOf(w, {"and", "or", "but", "because", "if"})) return WordClass::Conjunction;
    if (w == "not") return WordClass::Negation;
    return WordClass::Other;
}

/// Whether English can put word class `b` right after `a` (b is None at a clause's end).
bool fitsAfter(WordClass a, std::optional<WordClass> b) {
    using C = WordClass;
    switch (a) {
    case C::Determiner: return b && *b == C::Other;  // "the refund", never "the to", "your is", "a."
    case C::Subject: return !b || (*b != C::Determiner && *b != C::Subject);  // never "we the", "I we"
    case C::Modal: return !b || (*b != C::Modal && *b != C::Preposition);      // never "will can", "can to"
    // "log in to", "for about", "to not", "to and from" are English; "to will", "for we", "of is" not.
    case C::Preposition: return !b || (*b != C::Modal && *b != C::Subject && *b != C::Finite);
    default: return true;
    }
}

} // namespace

std::optional<std::string> wordsOutOfOrder(const AnalyzedText& text, const std::vector<std::string>& places) {
    constexpr size_t kMinPlaces = 3, kWordsPerPlace = 20;
    size_t words = 0;
    for (const Token& token : text.tokens) words += token.letters > 0 ? 1 : 0;
    if (places.size() < kMinPlaces || places.size() * kWordsPerPlace < words) return std::nullopt;
    std::string out = std::to_string(places.size()) + " places where English cannot put its words side by side: ";
    for (size_t i = 0; i < places.size() && i < 3; ++i) out += (i ? ", " : "") + places[i];
    return out;
}

std::vector<std::string> ungrammaticalPlaces(const AnalyzedText& text) {
    const auto& t = text.tokens;
    auto joined = [&](size_t k) { return joinedToPrevious(text, k); };
    std::vector<std::string> places;
    std::vector<WordClass> classes(t.size());
    for (size_t k = 0; k < t.size(); ++k) classes[k] = wordClass(t[k].folded);
    for (size_t k = 0; k < t.size(); ++k) {
        const WordClass a = classes[k];
        // A word inside a compound ("to-do", "I/O", "in-app") is part of a name, not of the grammar.
        if (a == WordClass::Other || joined(k) || joined(k + 1)) continue;
        const bool clauseEnds = k + 1 >= t.size() || t[k + 1].clause != t[k].clause;
        if (!clauseEnds && joined(k + 2)) continue;
        const std::optional<WordClass> b = clauseEnds ? std::nullopt : std::optional(classes[k + 1]);
        if (fitsAfter(a, b)) continue;
        // "Plan A.", "option A," and "oh my!" end a clause on a determiner's spelling.
        if (clauseEnds && (text.text[t[k].span.begin] == 'A' || (k > 0 && t[k - 1].folded == "oh"))) continue;
        places.push_back(clauseEnds ? "\"" + t[k].folded + "\" ending a clause"
                                    : "\"" + t[k].folded + " " + t[k + 1].folded + "\"");
    }
    return places;
}

std::optional<std::string> serviceWordList(const AnalyzedText& text, const LexiconHits& hits) {
    constexpr size_t kMinRun = 5, kLongRun = 8, kBagRun = 7, kBagServiceWords = 3;
    const auto& t = text.tokens;
    // A reply of hashtags ("#sorry #refund #customerservice") tags a post; it says nothing to anyone.
    size_t words = 0, tags = 0;
    for (const Token& token : t)
        if (token.letters > 0) {
            ++words;
            tags += token.span.begin > 0 && text.text[token.span.begin - 1] == '#' ? 1 : 0;
        }
    if (tags >= 3 && tags * 5 >= words * 4) return std::to_string(tags) + " hashtags and no sentence";
    const std::vector<bool> function = tokensIn(text.tokens.size(), hits, "function-words-en"), service = tokensIn(text.tokens.size(), hits, "service-words");
    // The longest run of words with no function word between them, and how many are service words.
    size_t run = 0, inRun = 0;
    for (size_t k = 0; k <= t.size(); ++k) {
        // "sorry", "thanks" and "please" are function words to tell the language by, and service
        // words in a list ("refund sorry understand apologize problem solved thanks").
        bool word = k < t.size() && (!function[k] || service[k]) && t[k].letters > 0;
        // A figure inside a run is one more item of it ("refund ₦2,500 voucher"), not a word.
        bool figure = k < t.size() && t[k].letters == 0;
        // A run stays in one sentence: a sign-off after the last sentence ("…in touch. Yours
        // sincerely, Customer Services") is no list.
        bool continues = (word || figure) && run > 0 && t[k].clause == t[k - 1].clause;
        if (!continues) {
            // Three in five service words, or two in five in a run of eight or more: prose has a
            // function word every few words whatever its subject. Seven words with not one function
            // word among them are a bag of words even when most are the case's own ("cancelled
            // weather southerly rebook refund credit sorry sailing 8am"), once three are service words.
            if ((run >= kMinRun && inRun * 5 >= run * 3) || (run >= kLongRun && inRun * 5 >= run * 2) ||
                (run >= kBagRun && inRun >= kBagServiceWords))
                return std::to_string(inRun) + " service words in a row with no sentence around them";
            run = inRun = 0;
        }
        if (figure) continue;
        if (word) {
            ++run;
            inRun += service[k] ? 1 : 0;
        }
    }
    return std::nullopt;
}

} // namespace simdesk
