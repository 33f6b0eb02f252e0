#include "word_order.hpp"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>

namespace simdesk {

namespace {

size_t numberSymbol(WordOrderModel& model, std::string_view name) {
    auto [number, added] = model.symbols.add(name);
    if (added) {
        model.counts.push_back(0);
        model.follows.push_back(0);
    }
    return number;
}

} // namespace

namespace {

/// What a reply's symbol is: one of the special symbols, or a word of the vocabulary.
enum class SymbolKind { SentenceStart, SentenceEnd, ClauseBreak, Number, OtherWord, OtherName, Word };
constexpr std::string_view kSpecialNames[] = {kSentenceStart, kSentenceEnd, kClauseBreak, kNumber, kOtherWord, kOtherName};

/// The one definition of a reply's symbols: calls emit(kind, token, number in `vocabulary`) for
/// each in order (token and number mean something for a Word only; with no vocabulary every word
/// is a Word numbered npos).
template <class Emit>
void visitSymbols(const AnalyzedText& text, const StringTable* vocabulary, Emit&& emit) {
    const auto& t = text.tokens;
    for (size_t k = 0; k < t.size(); ++k) {
        const bool sentenceStarts = k == 0 || t[k - 1].sentence != t[k].sentence;
        if (sentenceStarts) {
            if (k > 0) emit(SymbolKind::SentenceEnd, k, StringTable::npos);
            emit(SymbolKind::SentenceStart, k, StringTable::npos);
        } else if (t[k - 1].clause != t[k].clause) {
            emit(SymbolKind::ClauseBreak, k, StringTable::npos);
        }
        if (t[k].letters == 0) {
            emit(SymbolKind::Number, k, StringTable::npos);
            continue;
        }
        const size_t number = vocabulary ? vocabulary->find(t[k].folded) : StringTable::npos;
        if (!vocabulary || number != StringTable::npos)
            emit(SymbolKind::Word, k, number);
        else  // a name is a name wherever it stands, and a sentence's first word is capitalised anyway
            emit(isCapitalised(text, t[k]) && !sentenceStarts ? SymbolKind::OtherName : SymbolKind::OtherWord, k, StringTable::npos);
    }
    if (!t.empty()) emit(SymbolKind::SentenceEnd, t.size(), StringTable::npos);
}

} // namespace

std::vector<std::string_view> wordOrderSymbols(const AnalyzedText& text, const StringTable* vocabulary) {
    std::vector<std::string_view> out;
    out.reserve(text.tokens.size() * 5 / 4 + 2);
    visitSymbols(text, vocabulary, [&](SymbolKind kind, size_t token, size_t) {
        out.push_back(kind == SymbolKind::Word ? std::string_view(text.tokens[token].folded) : kSpecialNames[static_cast<size_t>(kind)]);
    });
    return out;
}

void addWordPair(WordOrderModel& model, std::string_view first, std::string_view second, uint32_t count) {
    const size_t a = numberSymbol(model, first), b = numberSymbol(model, second);
    auto [pair, added] = model.pairs.add(static_cast<uint32_t>(a), static_cast<uint32_t>(b));
    if (added) model.pairCounts.push_back(0);
    model.pairCounts[pair] += count;
    model.counts[b] += count;
    model.follows[a] += count;
    model.total += count;
}

WordOrderModel trainWordOrder(const std::vector<const AnalyzedText*>& texts, size_t vocabularySize, uint32_t minPairCount) {
    std::map<std::string_view, size_t> frequency;
    for (const AnalyzedText* text : texts)
        for (const Token& token : text->tokens)
            if (token.letters > 0) ++frequency[token.folded];
    std::vector<std::pair<std::string_view, size_t>> ranked(frequency.begin(), frequency.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    StringTable vocabulary;
    for (size_t k = 0; k < ranked.size() && k < vocabularySize; ++k) vocabulary.add(ranked[k].first);
    WordOrderModel all;
    for (const AnalyzedText* text : texts)
        forEachWordPair(wordOrderSymbols(*text, &vocabulary),
                        [&](std::string_view first, std::string_view second) { addWordPair(all, first, second, 1); });
    if (minPairCount <= 1) return all;
    // The kept pairs alone, counted again, so the model read is the model written.
    WordOrderModel kept;
    for (const auto& [pair, count] : wordPairCounts(all))
        if (count >= minPairCount) {
            const size_t space = pair.find(' ');
            addWordPair(kept, std::string_view(pair).substr(0, space), std::string_view(pair).substr(space + 1), count);
        }
    return kept;
}

std::vector<std::pair<std::string, uint32_t>> wordPairCounts(const WordOrderModel& model) {
    std::vector<std::pair<std::string, uint32_t>> out;
    out.reserve(model.pairs.size());
    for (size_t pair = 0; pair < model.pairs.size(); ++pair) {
        const auto [a, b] = model.pairs.pair(pair);
        out.emplace_back(model.symbols.name(a) + " " + model.symbols.name(b), model.pairCounts[pair]);
    }
    return out;
}

std::optional<WordOrderReading> readWordOrder(const WordOrderModel& model, const AnalyzedText& text) {
    WordOrderReading reading;
    for (const Token& token : text.tokens) reading.words += token.letters > 0 ? 1 : 0;
    const size_t fewest = model.shortMinWords > 0 ? std::min(model.shortMinWords, model.minWords) : model.minWords;
    if (reading.words < fewest || model.total == 0) return std::nullopt;
    // Each symbol looked up once, as its number in the model (npos: never counted).
    size_t special[std::size(kSpecialNames)];
    for (size_t k = 0; k < std::size(kSpecialNames); ++k) special[k] = model.symbols.find(kSpecialNames[k]);
    struct Symbol {
        size_t number;
        bool endsSentence;
    };
    std::vector<Symbol> symbols;
    symbols.reserve(text.tokens.size() * 5 / 4 + 2);
    visitSymbols(text, &model.symbols, [&](SymbolKind kind, size_t, size_t number) {
        symbols.push_back({kind == SymbolKind::Word ? number : special[static_cast<size_t>(kind)], kind == SymbolKind::SentenceEnd});
    });
    const double vocabulary = static_cast<double>(model.symbols.size()) + 1;
    double sum = 0;
    for (size_t k = 0; k + 1 < symbols.size(); ++k) {
        if (symbols[k].endsSentence) continue;  // no pair across sentences, as forEachWordPair counts them
        const size_t a = symbols[k].number, b = symbols[k + 1].number;
        const double countB = b == StringTable::npos ? 0 : static_cast<double>(model.counts[b]);
        const double alone = (countB + 0.5) / (static_cast<double>(model.total) + 0.5 * vocabulary);
        double after = 0;
        if (a != StringTable::npos && b != StringTable::npos && model.follows[a] > 0) {
            const size_t pair = model.pairs.find(static_cast<uint32_t>(a), static_cast<uint32_t>(b));
            after = pair == PairTable::npos ? 0 : model.pairCounts[pair] / static_cast<double>(model.follows[a]);
        }
        sum += std::log((model.mix * after + (1 - model.mix) * alone) / alone);
        ++reading.pairs;
    }
    if (reading.pairs == 0) return std::nullopt;
    reading.mean = sum / static_cast<double>(reading.pairs);
    return reading;
}

std::optional<std::string> shuffledWordsFinding(const WordOrderModel& model, const AnalyzedText& text,
                                                const std::vector<std::string>& ungrammatical) {
    auto reading = readWordOrder(model, text);
    if (!reading) return std::nullopt;
    const bool isShort = reading->words < model.minWords;
    const double below = isShort ? model.shortBelow : model.below;
    const double belowWithGrammar = isShort ? model.shortBelowWithGrammar : model.belowWithGrammar;
    if (reading->mean >= std::max(below, belowWithGrammar)) return std::nullopt;
    const char* prose = isShort ? "short prose" : "prose";
    char figures[112];
    if (reading->mean < below) {
        std::snprintf(figures, sizeof figures, "%.2f, where %s reads %.2f or more", reading->mean, prose, below);
        return std::string("its words stand in an order writers do not put them in: word order ") + figures;
    }
    // Low, though not that low: it counts when grammar agrees, at a place no writer puts two words.
    if (ungrammatical.empty()) return std::nullopt;
    std::snprintf(figures, sizeof figures, "%.2f, where %s with such a place reads %.2f or more", reading->mean, prose,
                  belowWithGrammar);
    return "its words stand in an order writers do not put them in (" + ungrammatical.front() + "): word order " + figures;
}

} // namespace simdesk
