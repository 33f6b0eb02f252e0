#include "lexicon.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <filesystem>

namespace simdesk {

using nlohmann::json;

LexiconPtr LexiconSet::find(std::string_view id) const {
    auto it = byId.find(id);
    return it == byId.end() ? nullptr : it->second;
}

std::vector<std::string> LexiconSet::ids() const {
    std::vector<std::string> out;
    for (const auto& [id, lexicon] : byId) out.push_back(id);
    return out;
}

namespace {

std::vector<std::string> phraseWords(const std::string& phrase, bool byStem, Stemmer& stemmer) {
    AnalyzedText analyzed = analyzeText(phrase, stemmer);
    std::vector<std::string> words;
    for (auto& t : analyzed.tokens) words.push_back(byStem ? t.stem : t.folded);
    return words;
}

void addPhrases(const std::vector<std::string>& texts, bool byStem, Stemmer& stemmer,
                std::vector<Lexicon::Phrase>& phrases, std::unordered_map<std::string, std::vector<size_t>>& index) {
    for (const auto& text : texts) {
        auto words = phraseWords(text, byStem, stemmer);
        if (words.empty()) continue;
        index[words.front()].push_back(phrases.size());
        const size_t last = text.find_last_not_of(' ');
        phrases.push_back({text, std::move(words), last != std::string::npos && text[last] == ','});
    }
    // Longest first, so "i am sorry" wins over "sorry" at the same word.
    for (auto& [first, list] : index)
        std::stable_sort(list.begin(), list.end(),
                         [&](size_t a, size_t b) { return phrases[a].words.size() > phrases[b].words.size(); });
}

void index(Lexicon& lexicon, const std::vector<std::string>& entries, const std::vector<std::string>& exclude) {
    Stemmer stemmer;
    addPhrases(entries, lexicon.byStem, stemmer, lexicon.entries, lexicon.entriesByFirst);
    addPhrases(exclude, lexicon.byStem, stemmer, lexicon.exclude, lexicon.excludeByFirst);
}

struct RawHit {
    size_t first, last;
    const Lexicon::Phrase* phrase;
};

} // namespace

bool isIntensifier(std::string_view folded) {
    // Sorted: every word of a reply is looked up, some twice, so a binary search.
    static constexpr std::array<std::string_view, 20> kIntensifiers = {
        "absolutely", "certainly", "completely", "dead",   "deeply",   "definitely", "entirely",
        "extremely",  "fully",     "genuinely",  "honestly", "incredibly", "quite",  "really",
        "sincerely",  "so",        "terribly",   "totally", "truly",   "very"};
    static_assert(std::is_sorted(kIntensifiers.begin(), kIntensifiers.end()));
    return std::binary_search(kIntensifiers.begin(), kIntensifiers.end(), folded);
}

namespace {

/// The last word of a phrase of `length` words where it occurs from word `i` (its first word
/// already known to match), within one sentence; nullopt where it does not. `same(k, at)`: the
/// phrase's word k is the reply's word at. Up to two words that only add force may come before
/// each later word.
template <class Same, class Intensifier>
std::optional<size_t> phraseEnd(const std::vector<Token>& tokens, size_t length, size_t i, Same&& same,
                                Intensifier&& intensifier) {
    size_t at = i;
    for (size_t k = 1; k < length; ++k) {
        for (int skipped = 0;; ++skipped) {
            if (++at >= tokens.size() || tokens[at].sentence != tokens[i].sentence) return std::nullopt;
            if (same(k, at)) break;
            if (skipped == 2 || !intensifier(at)) return std::nullopt;
        }
    }
    return at;
}

/// Whether the reply has the punctuation `phrase` was written with after its last word `last`.
bool punctuationFits(const Lexicon::Phrase& phrase, const AnalyzedText& text, size_t last) {
    if (!phrase.commaAfter) return true;
    const size_t after = text.text.find_first_not_of(' ', text.tokens[last].span.end);
    return after != std::string_view::npos && text.text[after] == ',';
}

std::optional<size_t> matchEnd(const Lexicon::Phrase& phrase, bool byStem, const AnalyzedText& text, size_t i) {
    const auto& tokens = text.tokens;
    auto end = phraseEnd(
        tokens, phrase.words.size(), i,
        [&](size_t k, size_t at) { return (byStem ? tokens[at].stem : tokens[at].folded) == phrase.words[k]; },
        [&](size_t at) { return isIntensifier(tokens[at].folded); });
    if (end && !punctuationFits(phrase, text, *end)) return std::nullopt;
    return end;
}

std::vector<RawHit> scan(const std::vector<Lexicon::Phrase>& phrases,
                         const std::unordered_map<std::string, std::vector<size_t>>& byFirst, bool byStem,
                         const AnalyzedText& text) {
    std::vector<RawHit> hits;
    const auto& tokens = text.tokens;
    for (size_t i = 0; i < tokens.size();) {
        auto it = byFirst.find(byStem ? tokens[i].stem : tokens[i].folded);
        bool found = false;
        if (it != byFirst.end()) {
            for (size_t p : it->second) {
                auto end = matchEnd(phrases[p], byStem, text, i);
                if (!end) continue;
                hits.push_back({i, *end, &phrases[p]});
                i = *end + 1;
                found = true;
                break;
            }
        }
        if (!found) ++i;
    }
    return hits;
}

bool endsInNt(const std::string& folded) {
    return folded.size() > 3 && folded.compare(folded.size() - 3, 3, "n't") == 0;
}

} // namespace

LexiconPtr makeLexicon(std::string id, const std::vector<std::string>& entries, const std::vector<std::string>& exclude,
                       bool negatable) {
    auto lexicon = std::make_shared<Lexicon>();
    lexicon->id = std::move(id);
    lexicon->negatable = negatable;
    index(*lexicon, entries, exclude);
    return lexicon;
}

LexiconLoad buildLexicon(const JsonDocument& doc, const SchemaChecker& schemas) {
    LexiconLoad out;
    out.diagnostics = schemas.check(doc, ContentKind::Lexicon);
    if (hasErrors(out.diagnostics)) return out;
    const json& root = doc.value;
    auto lexicon = std::make_shared<Lexicon>();
    lexicon->id = root["id"];
    lexicon->description = root["description"];
    lexicon->language = root.value("language", "en");
    lexicon->byStem = root.value("match", "stem") == "stem";
    lexicon->negatable = root.value("negatable", false);
    const std::string scope = root.value("negation_scope", "before");
    if (scope == "clause") lexicon->negationScope = Lexicon::NegationScope::Clause;
    if (scope == "earlier_in_clause") lexicon->negationScope = Lexicon::NegationScope::EarlierInClause;
    lexicon->sourcePath = doc.path;
    index(*lexicon, root["entries"].get<std::vector<std::string>>(),
          root.value("exclude", std::vector<std::string>{}));
    out.lexicon = lexicon;
    return out;
}

namespace {

std::string quoted(const AnalyzedText& text, size_t first, size_t last) {
    return quoteSpan(text.text, {text.tokens[first].span.begin, text.tokens[last].span.end});
}

} // namespace

LexiconHit hitOver(const AnalyzedText& text, size_t first, size_t last) {
    LexiconHit h;
    h.span = {text.tokens[first].span.begin, text.tokens[last].span.end};
    h.firstToken = first;
    h.lastToken = last;
    h.entry = std::string(text.text.substr(h.span.begin, h.span.end - h.span.begin));
    return h;
}

bool exceptionBetween(const std::vector<Token>& tokens, size_t from, size_t to) {
    for (size_t k = from + 1; k < to && k < tokens.size(); ++k) {
        const std::string& w = tokens[k].folded;
        if (w == "beyond" || w == "except" || w == "besides" || w == "but" ||
            ((w == "apart" || w == "other") && k + 1 < to && (tokens[k + 1].folded == "from" || tokens[k + 1].folded == "than")))
            return true;
    }
    return false;
}

namespace {

/// A conjunction that starts another clause without a comma: "…before so I'll escalate it".
bool startsAClause(std::string_view word) {
    static constexpr std::array<std::string_view, 7> kConjunctions = {"and", "so", "because", "then", "which", "while", "as"};
    return std::find(kConjunctions.begin(), kConjunctions.end(), word) != kConjunctions.end();
}

/// A word that opens a subordinate clause with its own subject and verb ("…why it isn't showing",
/// "…so it doesn't get declined"): a negation past it is about that clause's subject.
bool opensASubordinate(std::string_view word) {
    static constexpr std::array<std::string_view, 14> kSubordinators = {
        "why", "whether", "because", "so", "if", "when", "where", "while", "since", "until", "unless", "although", "though", "once"};
    return std::find(kSubordinators.begin(), kSubordinators.end(), word) != kSubordinators.end();
}

/// A subject pronoun, alone or contracted ("I", "we'll", "they're"): what opens a clause.
bool startsWithSubject(std::string_view word) {
    static constexpr std::array<std::string_view, 8> kSubjects = {"i", "we", "you", "he", "she", "they", "it", "someone"};
    const size_t apostrophe = word.find('\'');
    return std::find(kSubjects.begin(), kSubjects.end(), word.substr(0, apostrophe)) != kSubjects.end();
}

/// The word that negates `hit`, within `scope` and its clause: one ending in n't, or inside a hit
/// of the "negation" lexicon, with no exception between them ("not cancelled but reversed").
std::optional<size_t> negationOf(Lexicon::NegationScope scope, const RawHit& hit, const AnalyzedText& text,
                                 const std::vector<LexiconHit>* negations) {
    const auto& tokens = text.tokens;
    const size_t clause = tokens[hit.first].clause;
    auto negates = [&](size_t k) {
        if (tokens[k].clause != clause) return false;
        if (endsInNt(tokens[k].folded)) return true;
        return negations && std::any_of(negations->begin(), negations->end(),
                                        [&](const LexiconHit& n) { return n.firstToken <= k && k <= n.lastToken; });
    };
    if (scope == Lexicon::NegationScope::Before) {  // up to three words before: "not sorry", "don't understand"
        for (size_t k = hit.first - std::min<size_t>(hit.first, 3); k < hit.first; ++k)
            if (negates(k) && !exceptionBetween(tokens, k, hit.first)) return k;
        return std::nullopt;
    }
    // The whole clause, nearest first before the hit, then after it (a clause is a run of words).
    // Earlier in the clause: up to six words before ("nothing I can change on our side"), and not
    // past a word that starts another clause unmarked ("never seen this before so I'll escalate it").
    const bool earlierOnly = scope == Lexicon::NegationScope::EarlierInClause;
    // Past an "and" that joins two verbs, only a "never" or "won't" reaches: it negates both ("we
    // will never call you and ask for your PIN"), where "don't worry and send it" asks. An "and"
    // before a subject starts another clause ("I won't keep you waiting and I'll call"). "Or" joins
    // what one negation covers ("don't read it out or paste it").
    bool pastAnd = false;
    for (size_t k = hit.first; k-- > 0 && tokens[k].clause == clause && !(earlierOnly && hit.first - k > 6);) {
        const std::string& word = tokens[k].folded;
        if (word == "and" && !startsWithSubject(tokens[k + 1].folded)) {
            pastAnd = true;
            continue;
        }
        if (earlierOnly && startsAClause(word)) break;
        if (pastAnd && negates(k) && word != "never" && word != "won't" && word != "wouldn't") break;
        if (negates(k)) return exceptionBetween(tokens, k, hit.first) ? std::nullopt : std::optional<size_t>(k);
    }
    if (earlierOnly) return std::nullopt;
    // Later in the clause, up to a word that opens a clause of its own: "send me your login and
    // password and I can check why your upload isn't showing" negates the upload, not the request.
    for (size_t k = hit.last + 1; k < tokens.size() && tokens[k].clause == clause && !opensASubordinate(tokens[k].folded); ++k)
        if (negates(k)) return exceptionBetween(tokens, hit.last, k) ? std::nullopt : std::optional<size_t>(k);
    return std::nullopt;
}

/// Turns raw matches into hits: exclusions and negation applied, cancelled ones kept and marked.
std::vector<LexiconHit> resolve(const Lexicon& lexicon, const std::vector<RawHit>& raw,
                                const std::vector<RawHit>& excluded, const AnalyzedText& text,
                                const std::vector<LexiconHit>* negations) {
    std::vector<LexiconHit> out;
    const auto& tokens = text.tokens;
    for (const RawHit& h : raw) {
        LexiconHit hit;
        hit.firstToken = h.first;
        hit.lastToken = h.last;
        hit.span = {tokens[h.first].span.begin, tokens[h.last].span.end};
        hit.entry = h.phrase->text;
        for (const RawHit& x : excluded)
            if (x.first <= h.last && h.first <= x.last) {
                hit.excluded = true;
                hit.cancelledBy = quoted(text, x.first, x.last);
                break;
            }
        // An excluded negation ("no cap", "no doubt", "not only") negates nothing: it is no hit.
        if (hit.excluded && lexicon.id == "negation") continue;
        if (lexicon.negatable && !hit.excluded)
            if (auto k = negationOf(lexicon.negationScope, h, text, negations)) {
                hit.negated = true;
                hit.cancelledBy = quoted(text, *k, *k);
            }
        out.push_back(std::move(hit));
    }
    return out;
}

/// Greedy, like scan(): at each word the longest candidate, then continue after it.
std::vector<RawHit> greedy(std::vector<RawHit> candidates) {
    std::sort(candidates.begin(), candidates.end(), [](const RawHit& a, const RawHit& b) {
        // Ties (two phrases over the same words) go to the phrase listed first in its lexicon,
        // whatever order the candidates were found in.
        if (a.first != b.first) return a.first < b.first;
        if (a.last != b.last) return a.last > b.last;
        return std::less<const Lexicon::Phrase*>()(a.phrase, b.phrase);
    });
    std::vector<RawHit> out;
    size_t next = 0;
    for (const auto& c : candidates)
        if (c.first >= next) {
            out.push_back(c);
            next = c.last + 1;
        }
    return out;
}

} // namespace

std::vector<LexiconHit> findLexicon(const Lexicon& lexicon, const AnalyzedText& text,
                                    const std::vector<LexiconHit>* negations) {
    auto raw = scan(lexicon.entries, lexicon.entriesByFirst, lexicon.byStem, text);
    if (raw.empty()) return {};
    auto excluded = lexicon.exclude.empty() ? std::vector<RawHit>{}
                                            : scan(lexicon.exclude, lexicon.excludeByFirst, lexicon.byStem, text);
    return resolve(lexicon, raw, excluded, text, negations);
}

uint32_t LexiconIndex::Vocabulary::number(std::string_view word) {
    auto [at, added] = words.add(word);
    if (added) buckets.emplace_back();
    return static_cast<uint32_t>(at);
}

LexiconIndex::LexiconIndex(const LexiconSet& lexicons) {
    for (const auto& [id, lexicon] : lexicons.byId) {
        auto l = static_cast<uint32_t>(lexicons_.size());
        lexicons_.push_back(lexicon);
        Vocabulary& vocabulary = lexicon->byStem ? byStem_ : byWord_;
        auto add = [&](const Lexicon::Phrase& phrase, uint32_t p, bool exclude) {
            Ref ref{l, p, exclude, static_cast<uint32_t>(vocabulary.phraseWords.size())};
            for (const auto& word : phrase.words) vocabulary.phraseWords.push_back(vocabulary.number(word));
            const uint32_t* words = &vocabulary.phraseWords[ref.wordsAt];
            Bucket& bucket = vocabulary.buckets[words[0]];
            if (phrase.words.size() == 1) {
                bucket.oneWord.push_back(ref);
                return;
            }
            auto at = std::lower_bound(bucket.seconds.begin(), bucket.seconds.end(), std::pair<uint32_t, uint32_t>{words[1], 0});
            if (at == bucket.seconds.end() || at->first != words[1]) {
                at = bucket.seconds.insert(at, {words[1], static_cast<uint32_t>(bucket.bySecond.size())});
                bucket.bySecond.emplace_back();
            }
            bucket.bySecond[at->second].push_back(ref);
        };
        for (uint32_t p = 0; p < lexicon->entries.size(); ++p) add(lexicon->entries[p], p, false);
        for (uint32_t p = 0; p < lexicon->exclude.size(); ++p) add(lexicon->exclude[p], p, true);
    }
}

LexiconHits LexiconIndex::find(const AnalyzedText& text) const {
    const auto& tokens = text.tokens;
    constexpr uint32_t kUnknown = UINT32_MAX;  // a word no phrase has
    // Each word of the reply looked up once in each vocabulary.
    std::vector<uint32_t> stems(tokens.size()), words(tokens.size());
    std::vector<bool> intensifier(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
        size_t stem = byStem_.words.find(tokens[i].stem), word = byWord_.words.find(tokens[i].folded);
        stems[i] = stem == StringTable::npos ? kUnknown : static_cast<uint32_t>(stem);
        words[i] = word == StringTable::npos ? kUnknown : static_cast<uint32_t>(word);
        intensifier[i] = isIntensifier(tokens[i].folded);
    }
    std::vector<std::vector<RawHit>> entries(lexicons_.size()), excludes(lexicons_.size());
    std::vector<const Ref*> tried;  // at this word: a phrase is tried once, however it was reached
    auto collect = [&](const Vocabulary& vocabulary, const std::vector<uint32_t>& numbers, const std::vector<Ref>& refs,
                       size_t i) {
        for (const Ref& ref : refs) {
            if (std::find(tried.begin(), tried.end(), &ref) != tried.end()) continue;
            tried.push_back(&ref);
            const Lexicon& lexicon = *lexicons_[ref.lexicon];
            const Lexicon::Phrase& phrase = ref.exclude ? lexicon.exclude[ref.phrase] : lexicon.entries[ref.phrase];
            const uint32_t* wanted = &vocabulary.phraseWords[ref.wordsAt];
            auto end = phraseEnd(
                tokens, phrase.words.size(), i, [&](size_t k, size_t at) { return numbers[at] == wanted[k]; },
                [&](size_t at) { return intensifier[at]; });
            if (end && punctuationFits(phrase, text, *end)) (ref.exclude ? excludes : entries)[ref.lexicon].push_back({i, *end, &phrase});
        }
    };
    // Phrases of one word are indexed by it, longer ones by their first two words: a common first
    // word ("I", "we", "you") starts hundreds of phrases, and trying each was most of the search.
    // The second word may sit after up to two intensifiers, as phraseEnd allows.
    auto search = [&](const Vocabulary& vocabulary, const std::vector<uint32_t>& numbers, size_t i) {
        if (numbers[i] == kUnknown) return;
        const Bucket& bucket = vocabulary.buckets[numbers[i]];
        collect(vocabulary, numbers, bucket.oneWord, i);
        if (bucket.seconds.empty()) return;
        for (size_t j = i + 1, skipped = 0; j < tokens.size() && tokens[j].sentence == tokens[i].sentence; ++j) {
            if (numbers[j] != kUnknown) {
                auto at = std::lower_bound(bucket.seconds.begin(), bucket.seconds.end(), std::pair<uint32_t, uint32_t>{numbers[j], 0});
                if (at != bucket.seconds.end() && at->first == numbers[j]) collect(vocabulary, numbers, bucket.bySecond[at->second], i);
            }
            if (!intensifier[j] || ++skipped > 2) break;
        }
    };
    for (size_t i = 0; i < tokens.size(); ++i) {
        tried.clear();
        search(byStem_, stems, i);
        search(byWord_, words, i);
    }
    LexiconHits out;
    const std::vector<LexiconHit>* negations = nullptr;
    for (size_t l = 0; l < lexicons_.size(); ++l)
        if (lexicons_[l]->id == "negation") {
            out["negation"] = resolve(*lexicons_[l], greedy(entries[l]), greedy(excludes[l]), text, nullptr);
            negations = &out["negation"];
        }
    for (size_t l = 0; l < lexicons_.size(); ++l) {
        if (lexicons_[l]->id == "negation" || entries[l].empty()) continue;
        out[lexicons_[l]->id] = resolve(*lexicons_[l], greedy(entries[l]), greedy(excludes[l]), text, negations);
    }
    return out;
}

LexiconHits findLexicons(const LexiconSet& lexicons, const std::vector<std::string_view>& ids, const AnalyzedText& text) {
    LexiconHits out;
    auto negation = lexicons.find("negation");
    if (negation) out["negation"] = findLexicon(*negation, text);
    const std::vector<LexiconHit>* negations = negation ? &out["negation"] : nullptr;
    for (auto id : ids)
        if (auto lexicon = lexicons.find(id); lexicon && id != "negation") out[std::string(id)] = findLexicon(*lexicon, text, negations);
    return out;
}

LexiconSet loadLexiconFolder(const std::string& folder, const SchemaChecker& schemas,
                             std::vector<Diagnostic>* diagnostics) {
    namespace fs = std::filesystem;
    LexiconSet set;
    std::error_code ec;
    std::vector<fs::path> files;
    for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".json") files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        JsonLoad load = loadJsonFile(file, file.generic_string());
        if (diagnostics) diagnostics->insert(diagnostics->end(), load.diagnostics.begin(), load.diagnostics.end());
        if (!load.document || hasErrors(load.diagnostics)) continue;
        LexiconLoad built = buildLexicon(*load.document, schemas);
        if (diagnostics) diagnostics->insert(diagnostics->end(), built.diagnostics.begin(), built.diagnostics.end());
        if (built.lexicon) set.byId.emplace(built.lexicon->id, built.lexicon);
    }
    return set;
}

} // namespace simdesk
