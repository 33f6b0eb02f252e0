// Trains the word-order model (sim/core/word_order.hpp) on the development set and writes it into
// the learned signal model's file, leaving the signals' weights as they are.
//
//   ./build/rel/word_order_train rubrics/models/reply-signals.json [--show]
//
// The threshold is chosen on replies the counts did not see: the development set is cut in two,
// each half is read by a model counted on the other, and `below` is set a margin under the lowest
// of those natural replies; `below_with_grammar` a margin under the lowest of those with a place
// English grammar cannot put two words side by side (ungrammaticalPlaces), so a reply that reads
// low only because its writer drops articles is not caught, and a shuffled one mostly is. The
// same replies with their words shuffled (in whole, and within each sentence) show what the lines
// catch; --show lists the lowest natural replies and what other lines would catch. The scenarios'
// excellent replies (tests/eval/excellent_replies.jsonl), counted in neither half, are natural
// replies the lines must pass too. The test set is never read.
// Deterministic: the same replies give the same file.
#include "../tests/eval_measure.hpp"
#include "core/library.hpp"
#include "core/reply_tone.hpp"
#include "core/signal_model.hpp"
#include "core/word_order.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace simdesk;

namespace {

// The commonest words: in a first trial on the development set, 100 or 300 caught fewer shuffles
// at the same false alarms, and with none (function words only) a bigram model caught few.
constexpr size_t kVocabulary = 1000;
constexpr size_t kMinWords = 20;         // from here a reply's mean is steady enough for the first lines
// Shorter replies down to this are judged by lines of their own, set on short natural replies: a
// shuffled chat line ("modem the reboot please and light check green the is if") is as empty as a
// long one. Under eight words even natural replies read anywhere ("MA'AM. THE. BALANCE. IS. DUE.").
constexpr size_t kShortMinWords = 8;
constexpr double kMix = 0.8;
constexpr uint32_t kMinPairCount = 1;  // pairs seen once kept: dropping them lost a tenth of the shuffles within sentences
// The line sits this far under the lowest natural reply read by the other half's counts: a
// technical how-to full of names ("…from the 'Manager - Limited' template…") read -0.05, and a
// reply that loses its turn must not be one a lead would pass.
constexpr double kMargin = 0.05;

WordOrderModel counted(const std::vector<AnalyzedText>& texts, size_t skipHalf) {
    std::vector<const AnalyzedText*> use;
    for (size_t i = 0; i < texts.size(); ++i)
        if (i % 2 != skipHalf) use.push_back(&texts[i]);
    WordOrderModel model = trainWordOrder(use, kVocabulary, kMinPairCount);
    model.minWords = kMinWords;
    model.shortMinWords = kShortMinWords;
    model.mix = kMix;
    return model;
}

} // namespace

int main(int argc, char** argv) {
    const bool show = argc == 3 && std::string(argv[2]) == "--show";
    if (argc != 2 && !show) {
        std::fprintf(stderr, "usage: word_order_train rubrics/models/reply-signals.json [--show]\n");
        return 2;
    }
    const std::string source = SIMDESK_SOURCE_DIR, modelPath = argv[1];
    SchemaChecker schemas;
    SignalModelLoad load = loadSignalModelFile(modelPath, schemas);
    if (!load.model) {
        for (const auto& d : load.diagnostics) std::fprintf(stderr, "%s\n", d.format().c_str());
        return 1;
    }
    ContentLibrary library = loadContent({source + "/scenarios", source + "/rubrics", source + "/knowledge"}, schemas);
    if (!library.replyAnalyzer) return 1;
    ReplyAnalyzer analyzer(library.lexicons, library.replyAnalyzer->spellingShared());

    std::vector<std::string> replies;
    // Whether a labeller called the reply a list of keywords: not prose, so it sets no line (a
    // short list of service words reads lower than any sentence).
    std::vector<bool> listed;
    for (auto& l : eval::readSet(source + "/tests/eval/dev.jsonl"))
        if (!l.labels.count("non_english")) {
            listed.push_back(l.labels.count("keyword_stuffing") > 0);
            replies.push_back(std::move(l.text));
        }
    std::vector<AnalyzedText> texts;
    texts.reserve(replies.size());  // AnalyzedText points into the reply's text
    for (const auto& r : replies) texts.push_back(analyzer.tokenize(r));
    std::vector<std::string> answers;
    {
        std::ifstream in(source + "/tests/eval/excellent_replies.jsonl");
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) answers.push_back(nlohmann::json::parse(line).at("reply").get<std::string>());
    }
    std::vector<AnalyzedText> answerTexts;
    answerTexts.reserve(answers.size());
    for (const auto& a : answers) answerTexts.push_back(analyzer.tokenize(a));

    // Each half read by the other half's counts: natural replies, and the same words shuffled,
    // each reading with whether grammar finds a place no writer puts two words.
    struct Read {
        double mean;
        bool ungrammatical;
    };
    // Long replies (kMinWords or more) and short ones, each with its own lines.
    struct Group {
        std::vector<Read> natural, shuffled, bySentence;
        std::vector<std::pair<double, std::string_view>> lowest;  // the natural replies that read least like prose
    };
    Group groups[2];  // [0] long, [1] short
    std::mt19937 rng(20261206);
    for (size_t half : {0u, 1u}) {
        WordOrderModel model = counted(texts, half);
        // The scenarios' excellent replies (tests/eval/excellent_replies.jsonl) are natural too, and
        // counted in no half: terse ticket notes among them must stay above the lines.
        for (size_t i = 0; i < answerTexts.size(); ++i)
            if (auto reading = readWordOrder(model, answerTexts[i])) {
                Group& group = groups[reading->words < kMinWords ? 1 : 0];
                group.natural.push_back({reading->mean, !ungrammaticalPlaces(answerTexts[i]).empty()});
                group.lowest.emplace_back(reading->mean, answers[i]);
            }
        for (size_t i = half; i < texts.size(); i += 2) {
            auto reading = readWordOrder(model, texts[i]);
            if (!reading || listed[i]) continue;
            Group& group = groups[reading->words < kMinWords ? 1 : 0];
            group.natural.push_back({reading->mean, !ungrammaticalPlaces(texts[i]).empty()});
            group.lowest.emplace_back(reading->mean, replies[i]);
            for (bool sentence : {false, true}) {
                std::string words = eval::shuffledWords(replies[i], rng, sentence);
                const AnalyzedText text = analyzer.tokenize(words);
                if (auto r = readWordOrder(model, text))
                    (sentence ? group.bySentence : group.shuffled).push_back({r->mean, !ungrammaticalPlaces(text).empty()});
            }
        }
    }
    // Each group's lines: the lowest natural reading, and the lowest of those with a place grammar
    // forbids, each less a margin.
    struct Lines {
        double below, belowWithGrammar;
    };
    auto linesOf = [&](Group& group, const char* what, size_t fromWords) {
        const std::vector<Read>& natural = group.natural;
        // No natural reply of this length: nothing to set a line by, so it catches nothing.
        if (natural.empty()) return Lines{-10, -10};
        double lowestNatural = natural.front().mean, highestNatural = natural.front().mean;
        for (const Read& r : natural) {
            lowestNatural = std::min(lowestNatural, r.mean);
            highestNatural = std::max(highestNatural, r.mean);
        }
        double lowestUngrammatical = highestNatural;
        for (const Read& r : natural)
            if (r.ungrammatical) lowestUngrammatical = std::min(lowestUngrammatical, r.mean);
        const double below = lowestNatural - kMargin;
        const double belowWithGrammar = std::max(below, lowestUngrammatical - kMargin);
        auto count = [](const std::vector<Read>& v, auto&& caught) { return static_cast<size_t>(std::count_if(v.begin(), v.end(), caught)); };
        auto share = [&](const std::vector<Read>& v, auto&& caught) { return static_cast<double>(count(v, caught)) / static_cast<double>(v.size()); };
        auto underFirst = [&](const Read& r) { return r.mean < below; };
        auto underEither = [&](const Read& r) { return r.mean < below || (r.mean < belowWithGrammar && r.ungrammatical); };
        std::printf("%s, held-out halves: %zu natural replies of %zu words or more, mean below %.4f flags %zu of them; "
                    "caught shuffled %.3f, shuffled within sentences %.3f\n",
                    what, natural.size(), fromWords, below, count(natural, underFirst), share(group.shuffled, underFirst),
                    share(group.bySentence, underFirst));
        std::printf("%s, with a place grammar cannot allow, mean below %.4f: flags %zu natural replies; caught shuffled %.3f, "
                    "shuffled within sentences %.3f\n",
                    what, belowWithGrammar, count(natural, underEither), share(group.shuffled, underEither),
                    share(group.bySentence, underEither));
        if (show) {
            // What sits next to the line: the natural replies that read least like prose.
            std::sort(group.lowest.begin(), group.lowest.end());
            for (size_t k = 0; k < group.lowest.size() && k < 10; ++k)
                std::printf("%8.4f  %.*s\n", group.lowest[k].first, static_cast<int>(group.lowest[k].second.size()),
                            group.lowest[k].second.data());
            for (double line : {0.0, -0.03, -0.06, -0.08, -0.1, -0.12, -0.15, -0.2}) {
                auto under = [&](const Read& r) { return r.mean < line; };
                std::printf("below %6.3f: natural %.4f, shuffled %.3f, within sentences %.3f\n", line, share(natural, under),
                            share(group.shuffled, under), share(group.bySentence, under));
            }
        }
        return Lines{below, belowWithGrammar};
    };
    const Lines longLines = linesOf(groups[0], "long", kMinWords);
    const Lines shortLines = linesOf(groups[1], "short", kShortMinWords);

    std::vector<const AnalyzedText*> all;
    for (const auto& t : texts) all.push_back(&t);
    WordOrderModel model = trainWordOrder(all, kVocabulary, kMinPairCount);
    model.minWords = kMinWords;
    model.mix = kMix;
    model.below = longLines.below;
    model.belowWithGrammar = longLines.belowWithGrammar;
    model.shortMinWords = kShortMinWords;
    model.shortBelow = shortLines.below;
    model.shortBelowWithGrammar = shortLines.belowWithGrammar;
    SignalModel out = *load.model;
    out.wordOrder = std::move(model);
    std::ofstream file(modelPath, std::ios::binary);
    file << signalModelToJson(out);
    if (!file) {
        std::fprintf(stderr, "word_order_train: cannot write %s\n", modelPath.c_str());
        return 1;
    }
    std::printf("wrote %s: %zu symbols, %zu pairs\n", modelPath.c_str(), out.wordOrder->symbols.size(), out.wordOrder->pairs.size());
    return 0;
}
