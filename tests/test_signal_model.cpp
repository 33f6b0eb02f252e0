// The learned reply signals (sim/core/signal_model.hpp): features, reading, training, loading,
// and how the analyzer combines the model with the rules.
#include "test_support.hpp"

#include "core/reply_signals.hpp"
#include "core/reply_tone.hpp"
#include "core/signal_model.hpp"
#include "eval_measure.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

using namespace simdesk;

namespace {

SignalModelPtr modelOf(const std::string& signal, double bias, const std::map<std::string, double>& weights,
                       double withRule = 0.1, double alone = 0.5) {
    auto model = std::make_shared<SignalModel>();
    model->withRule = withRule;
    model->alone = alone;
    addSignal(*model, signal, SignalWeights{bias, weights});
    return model;
}

bool hasFeature(const std::vector<ReplyFeature>& features, const std::string& name) {
    return std::any_of(features.begin(), features.end(), [&](const ReplyFeature& f) { return f.name == name; });
}

const Signal* counting(const ReplySignals& signals, std::string_view name) {
    for (const auto& s : signals.signals)
        if (s.counts && s.name == name) return &s;
    return nullptr;
}

} // namespace

TEST_CASE("a reply's features are its words' stems and pairs of words within a clause") {
    Stemmer stemmer;
    std::string reply = "Your bank refunded it, sadly.";
    AnalyzedText text = analyzeText(reply, stemmer);
    auto features = replyFeatures(text);
    CHECK(hasFeature(features, "w:your"));
    CHECK(hasFeature(features, "w:refund"));
    CHECK(hasFeature(features, "b:your bank"));
    CHECK(hasFeature(features, "b:bank refund"));
    CHECK(hasFeature(features, "w:sad"));
    CHECK_FALSE(hasFeature(features, "b:it sad"));  // the comma ends the clause
    // Each feature knows its words: "bank refund" covers "bank refunded".
    auto pair = std::find_if(features.begin(), features.end(), [](const ReplyFeature& f) { return f.name == "b:bank refund"; });
    REQUIRE(pair != features.end());
    CHECK(reply.substr(text.tokens[pair->first].span.begin, text.tokens[pair->last].span.end - text.tokens[pair->first].span.begin) ==
          "bank refunded");
}

TEST_CASE("the string table numbers names in the order they came, finds every one, and no other") {
    StringTable table;
    CHECK(table.find("w:sorri") == StringTable::npos);  // empty: nothing to find
    bool numbered = true;
    for (int i = 0; i < 5000; ++i) numbered = numbered && table.add("w:" + std::to_string(i)) == std::pair<size_t, bool>{size_t(i), true};
    CHECK(numbered);
    CHECK(table.size() == 5000);
    CHECK(table.add("w:17") == std::pair<size_t, bool>{17, false});  // already there: its number, not a new one
    bool all = true;
    for (int i = 0; i < 5000; ++i) all = all && table.find("w:" + std::to_string(i)) == size_t(i) && table.name(size_t(i)) == "w:" + std::to_string(i);
    CHECK(all);
    CHECK(table.find("w:5000") == StringTable::npos);
    CHECK(table.find("") == StringTable::npos);
    CHECK(table.find("w:1 ") == StringTable::npos);
    // Cleared (a full memo starts again), it knows nothing and numbers from 0 once more.
    table.clear();
    CHECK(table.size() == 0);
    CHECK(table.find("w:17") == StringTable::npos);
    CHECK(table.add("w:4999") == std::pair<size_t, bool>{0, true});
    CHECK(table.find("w:4999") == 0);
}

TEST_CASE("the pair table numbers pairs in the order they came; a pair's order matters") {
    PairTable table;
    CHECK(table.find(0, 0) == PairTable::npos);  // empty: nothing to find
    bool numbered = true;
    for (uint32_t a = 0; a < 100; ++a)
        for (uint32_t b = 0; b < 50; ++b) numbered = numbered && table.add(a, b) == std::pair<size_t, bool>{a * 50 + b, true};
    CHECK(numbered);
    CHECK(table.size() == 5000);
    CHECK(table.add(3, 7) == std::pair<size_t, bool>{157, false});  // already there: its number
    bool all = true;
    for (uint32_t a = 0; a < 100; ++a)
        for (uint32_t b = 0; b < 50; ++b)
            all = all && table.find(a, b) == a * 50 + b && table.pair(a * 50 + b) == std::pair<uint32_t, uint32_t>{a, b};
    CHECK(all);
    CHECK(table.find(7, 60) == PairTable::npos);  // never added
    CHECK(table.find(UINT32_MAX, 0) == PairTable::npos);
    // "the refund" is not "refund the": (1, 2) and (2, 1) are two pairs.
    CHECK(table.find(1, 2) == 52);
    CHECK(table.find(2, 1) == 101);
}

TEST_CASE("the model's probability is the logistic of its bias and the weights present, each counted once") {
    auto model = modelOf("blame", -1.0, {{"w:bank", 2.0}, {"b:your bank", 1.5}, {"w:sorri", -3.0}});
    Stemmer stemmer;
    std::string reply = "your bank your bank";
    AnalyzedText text = analyzeText(reply, stemmer);
    auto readings = readSignals(*model, replyFeatures(text), text);
    REQUIRE(readings.size() == 1);
    CHECK(readings[0].signal == "blame");
    // z = -1 + 2 + 1.5 = 2.5 (the repeated words add nothing); 1 / (1 + e^-2.5) = 0.924142.
    CHECK(readings[0].probability == doctest::Approx(0.924142).epsilon(1e-5));
    // The strongest feature is quoted at its first place; "your bank" overlaps it and is left out.
    REQUIRE(readings[0].evidence.size() == 1);
    CHECK(readings[0].evidence[0].begin == 5);
    CHECK(readings[0].evidence[0].end == 9);
}

TEST_CASE("a reply is read the same by its words' stems as by its features' names") {
    // A pair can carry weight when neither of its words does alone ("bank refund" here).
    auto small = modelOf("blame", -0.5, {{"b:bank refund", 1.2}, {"w:your", 0.3}, {"w:sorri", -2.0}});
    Stemmer stemmer;
    std::string reply = "Your bank refunded it. The bank, refund";  // the second pair spans a comma
    AnalyzedText text = analyzeText(reply, stemmer);
    auto byStems = readSignals(*small, text);
    REQUIRE(byStems.size() == 1);
    // z = -0.5 + 1.2 + 0.3 = 1.0, counted once though "bank refund" comes twice; 1 / (1 + e^-1).
    CHECK(byStems[0].probability == doctest::Approx(0.731059).epsilon(1e-5));
    REQUIRE(byStems[0].evidence.size() == 2);
    CHECK(quoteSpan(reply, byStems[0].evidence[0]) == "\"bank refunded\"");
    CHECK(quoteSpan(reply, byStems[0].evidence[1]) == "\"Your\"");

    // And the bundled model reads a thousand development replies the same both ways.
    auto model = test::bundledSignalModel();
    auto replies = eval::readSet(test::sourcePath("tests/eval/dev.jsonl"));
    size_t read = 0, differ = 0;
    for (size_t i = 0; i < replies.size() && i < 1000; ++i, ++read) {
        AnalyzedText t = analyzeText(replies[i].text, stemmer);
        auto a = readSignals(*model, replyFeatures(t), t), b = readSignals(*model, t);
        bool same = a.size() == b.size();
        for (size_t k = 0; same && k < a.size(); ++k)
            same = a[k].probability == b[k].probability && a[k].evidence == b[k].evidence;
        if (!same) ++differ;
    }
    CHECK(read == 1000);
    CHECK(differ == 0);
}

TEST_CASE("training finds the words that tell a signal apart, and gives the same weights every time") {
    std::vector<TrainingReply> replies;
    for (int i = 0; i < 20; ++i) {
        replies.push_back({{"w:bank", "w:fault", "w:your"}, true});
        replies.push_back({{"w:thank", "w:your", "w:refund"}, false});
    }
    replies.push_back({{"w:once"}, true});  // seen once: below the minimum count, never a feature
    SignalWeights first = trainSignal(replies, 0.001);
    SignalWeights second = trainSignal(replies, 0.001);
    CHECK(first.weights == second.weights);
    CHECK(first.bias == second.bias);
    CHECK(first.weights.at("w:bank") > 0.5);
    CHECK(first.weights.at("w:thank") < -0.5);
    CHECK(first.weights.count("w:once") == 0);
    // Read back, the two kinds of reply come out on their own sides of the line.
    auto probability = [&](const std::vector<std::string>& features) {
        double z = first.bias;
        for (const auto& f : features)
            if (first.weights.count(f)) z += first.weights.at(f);
        return 1 / (1 + std::exp(-z));
    };
    CHECK(probability({"w:bank", "w:fault", "w:your"}) > 0.9);
    CHECK(probability({"w:thank", "w:your", "w:refund"}) < 0.1);
}

TEST_CASE("a rule's finding stands unless the model all but rules it out, and the disagreement is a doubt") {
    std::string reply = "Your bank made this mistake, not us. Take it up with them.";
    ReplyAnalyzer rulesOnly(test::bundledLexicons());
    REQUIRE(counting(rulesOnly.analyze(reply), "blame"));

    ReplyAnalyzer confident(test::bundledLexicons(), nullptr, modelOf("blame", 3.0, {}));
    ReplySignals kept = confident.analyze(reply);
    CHECK(counting(kept, "blame"));
    CHECK(kept.doubts.empty());

    ReplyAnalyzer doubtful(test::bundledLexicons(), nullptr, modelOf("blame", -8.0, {}));
    ReplySignals vetoed = doubtful.analyze(reply);
    CHECK_FALSE(counting(vetoed, "blame"));
    auto cancelled = vetoed.all("blame");
    REQUIRE_FALSE(cancelled.empty());
    CHECK(cancelled.front()->note.find("learned model reads no blame") != std::string::npos);
    REQUIRE(vetoed.doubts.size() == 1);
    CHECK(vetoed.doubts[0].first == "blame");
}

TEST_CASE("a reply of a few words is too short for the model to rule out what the rules found; a person confirms it") {
    // Eight words: the model's "no" is only a doubt. Nine: it rules the finding out, as above.
    ReplyAnalyzer doubtful(test::bundledLexicons(), nullptr, modelOf("ownership", -8.0, {}));
    ReplySignals shortReply = doubtful.analyze("Sorry, that's on us. Refunded it just now.");
    CHECK(counting(shortReply, "ownership"));
    REQUIRE(shortReply.doubts.size() == 1);
    CHECK(shortReply.doubts[0].first == "ownership");
    CHECK(shortReply.doubts[0].second.find("from a few words") != std::string::npos);

    ReplySignals nineWords = doubtful.analyze("Sorry, that's on us. I refunded it just now.");
    CHECK_FALSE(counting(nineWords, "ownership"));
    REQUIRE(nineWords.doubts.size() == 1);
    CHECK(nineWords.doubts[0].second.find("from a few words") == std::string::npos);

    // Service words listed name acts and do none: however short, the model may still rule them out.
    ReplyAnalyzer noApology(test::bundledLexicons(), nullptr, modelOf("apology", -8.0, {}));
    CHECK(counting(noApology.analyze("Sorry about that. Fixed it."), "apology"));
    CHECK_FALSE(counting(noApology.analyze("Sorry, refund, understand, escalate."), "apology"));
}

TEST_CASE("the model raises a signal the rules missed only when sure, and names the words that weighed most") {
    // A made-up weight on a word no lexicon knows, so the rules certainly find nothing.
    std::string reply = "The zebra crossed the road this morning.";
    ReplyAnalyzer rulesOnly(test::bundledLexicons());
    REQUIRE_FALSE(counting(rulesOnly.analyze(reply), "condescension"));

    ReplyAnalyzer sure(test::bundledLexicons(), nullptr, modelOf("condescension", -2.0, {{"w:zebra", 4.0}}));
    ReplySignals raised = sure.analyze(reply);
    const Signal* learned = counting(raised, "condescension");
    REQUIRE(learned);
    CHECK(learned->kind == "learned");
    CHECK(reply.substr(learned->span.begin, learned->span.end - learned->span.begin) == "zebra");
    CHECK(learned->note.find("probability 0.88") != std::string::npos);  // 1 / (1 + e^-2) = 0.881
    CHECK(raised.doubts.empty());

    // At 0.45 (bias -0.2) it is not raised, and being that close to the line is a doubt.
    ReplyAnalyzer unsure(test::bundledLexicons(), nullptr, modelOf("condescension", -0.2, {}));
    ReplySignals close = unsure.analyze(reply);  // 1 / (1 + e^0.2) = 0.450
    CHECK_FALSE(counting(close, "condescension"));
    REQUIRE(close.doubts.size() == 1);
    CHECK(close.doubts[0].second.find("unsure") != std::string::npos);

    // Another language is not read by an English model.
    ReplySignals spanish = sure.analyze("Lo siento mucho, su reembolso ya fue procesado hoy por el banco.");
    CHECK_FALSE(counting(spanish, "condescension"));
}

TEST_CASE("names are not features, and a reply that clears the customer is not blamed on the model's word") {
    Stemmer stemmer;
    std::string reply = "Hi Karine, I checked with Marco today.\n\nBest,\nSam";
    AnalyzedText text = analyzeText(reply, stemmer);
    auto features = replyFeatures(text);
    CHECK(hasFeature(features, "w:hi"));
    CHECK(hasFeature(features, "w:check"));
    CHECK_FALSE(hasFeature(features, "w:karin"));
    CHECK_FALSE(hasFeature(features, "w:karine"));
    CHECK_FALSE(hasFeature(features, "w:marco"));
    CHECK_FALSE(hasFeature(features, "w:sam"));
    CHECK_FALSE(hasFeature(features, "b:with marco"));

    // Sure of blame from "side", yet the rules read "nothing is wrong on your side" as clearing.
    ReplyAnalyzer sure(test::bundledLexicons(), nullptr, modelOf("blame", -2.0, {{"w:side", 4.0}}));
    ReplySignals cleared = sure.analyze("Nothing is wrong on your side; the fault was in our gateway and it is fixed.");
    CHECK(counting(cleared, "empathy"));
    CHECK_FALSE(counting(cleared, "blame"));
}

TEST_CASE("a model file that is malformed, or breaks the schema, is refused with file:line:col") {
    test::TempDir temp("signal-model");
    const auto& folder = temp.path;
    SchemaChecker schemas;
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(folder / name) << text;
        return (folder / name).string();
    };
    auto broken = loadSignalModelFile(write("broken.json", "{\n  \"models\": {\n    \"blame\": [1,\n"), schemas);
    CHECK_FALSE(broken.model);
    REQUIRE_FALSE(broken.diagnostics.empty());
    CHECK(broken.diagnostics[0].format().find("broken.json:") != std::string::npos);

    std::string header = R"({"format": 1, "id": "m", "description": "d", "trained_on": "dev", )";
    auto wrongWeight = loadSignalModelFile(
        write("weight.json", header + "\"with_rule\": 0.1, \"alone\": 0.5,\n\"models\": {\"blame\": {\"bias\": 0, \"weights\": {\"w:x\": \"heavy\"}}}}"),
        schemas);
    CHECK_FALSE(wrongWeight.model);
    REQUIRE_FALSE(wrongWeight.diagnostics.empty());
    CHECK(wrongWeight.diagnostics[0].format().find("weight.json:2:") != std::string::npos);

    auto backwards = loadSignalModelFile(
        write("backwards.json", header + "\"with_rule\": 0.7, \"alone\": 0.5, \"models\": {}}"), schemas);
    CHECK_FALSE(backwards.model);
    REQUIRE(backwards.diagnostics.size() == 1);
    CHECK(backwards.diagnostics[0].code == "SD095");
}

TEST_CASE("the bundled model was trained on the development set as it stands") {
    auto model = test::bundledSignalModel();
    for (const char* signal : {"apology", "empathy", "ownership", "blame", "condescension"})
        CHECK(std::find(model->signals.begin(), model->signals.end(), signal) != model->signals.end());
    CHECK(model->withRule < model->alone);
    for (const auto& [signal, lines] : model->linesBySignal) CHECK(lines.withRule < lines.alone);
    // Retrain (bench/signal_train --write) whenever replies join the set: the file names how many
    // English replies it learned from, and that must be all of them.
    size_t english = 0;
    for (const auto& r : eval::readSet(test::sourcePath("tests/eval/dev.jsonl"))) english += r.labels.count("non_english") == 0;
    CHECK(model->trainedOn == "tests/eval/dev.jsonl, " + std::to_string(english) + " English replies");
}

TEST_CASE("word order: a pair counted after its first word reads as prose, the same words turned round do not") {
    // Counted by hand: "<s> the", "the refund" and "refund </s>", twice each. Six pairs, and four
    // symbols with one more for any unseen, so a symbol alone is (2 + 0.5) / (6 + 0.5 * 5) =
    // 2.5 / 8.5, and a counted pair's second word is certain after its first:
    // log((0.8 * 1 + 0.2 * 2.5/8.5) / (2.5/8.5)) = 1.0716.
    // An unseen pair keeps only the word alone's share: log(0.2) = -1.6094.
    WordOrderModel model;
    model.minWords = 2;
    model.mix = 0.8;
    for (auto [first, second] : {std::pair{"<s>", "the"}, {"the", "refund"}, {"refund", "</s>"}}) addWordPair(model, first, second, 2);
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    std::string prose = "The refund.", turned = "Refund the.";
    auto read = readWordOrder(model, analyzer.tokenize(prose));
    REQUIRE(read);
    CHECK(read->pairs == 3);
    CHECK(read->mean == doctest::Approx(1.0716).epsilon(1e-3));
    auto backwards = readWordOrder(model, analyzer.tokenize(turned));
    REQUIRE(backwards);
    CHECK(backwards->mean == doctest::Approx(-1.6094).epsilon(1e-3));
    // Too short to tell: no reading.
    model.minWords = 3;
    CHECK_FALSE(readWordOrder(model, analyzer.tokenize(prose)));
}

TEST_CASE("word order: the model file keeps its pairs, and a pair that is not two symbols is refused") {
    test::TempDir temp("word-order");
    SchemaChecker schemas;
    std::string header = R"({"format": 1, "id": "m", "description": "d", "trained_on": "dev", "with_rule": 0.1, "alone": 0.5, "models": {}, )";
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(temp.path / name) << text;
        return (temp.path / name).string();
    };
    auto good = loadSignalModelFile(
        write("good.json", header + R"("word_order": {"min_words": 20, "below": -0.1, "mix": 0.8, "pairs": {"<s> the": 3, "the refund": 2}}})"),
        schemas);
    REQUIRE(good.model);
    REQUIRE(good.model->wordOrder);
    CHECK(good.model->wordOrder->total == 5);
    CHECK(good.model->wordOrder->below == doctest::Approx(-0.1));
    CHECK(good.model->wordOrder->belowWithGrammar == doctest::Approx(-0.1));  // absent: the same line
    // Written and read again, the same pairs.
    auto again = loadSignalModelFile(write("again.json", signalModelToJson(*good.model)), schemas);
    REQUIRE(again.model);
    CHECK(wordPairCounts(*again.model->wordOrder) == wordPairCounts(*good.model->wordOrder));

    auto joined = loadSignalModelFile(
        write("joined.json", header + "\n\"word_order\": {\"min_words\": 20, \"below\": -0.1, \"mix\": 0.8, \"pairs\": {\"therefund\": 2}}}"),
        schemas);
    CHECK_FALSE(joined.model);
    REQUIRE(joined.diagnostics.size() == 1);
    CHECK(joined.diagnostics[0].code == "SD095");
    CHECK(joined.diagnostics[0].format().find("joined.json:2:") != std::string::npos);
}

TEST_CASE("word order between the two lines counts only where grammar agrees") {
    test::TempDir temp("word-order-grammar");
    SchemaChecker schemas;
    // Any reading lies between these lines: "below" catches nothing alone, so only a reply with a
    // place English grammar forbids ("the to") is read as words out of order.
    const std::string file = (temp.path / "m.json").string();
    std::ofstream(file) << R"({"format": 1, "id": "m", "description": "d", "trained_on": "dev", "with_rule": 0.1, "alone": 0.5,
        "models": {}, "word_order": {"min_words": 5, "below": -9, "below_with_grammar": 9, "mix": 0.8,
        "pairs": {"<s> the": 3, "the refund": 2}}})";
    auto load = loadSignalModelFile(file, schemas);
    REQUIRE(load.model);
    REQUIRE(load.model->wordOrder);
    CHECK(load.model->wordOrder->belowWithGrammar == doctest::Approx(9));
    Stemmer stemmer;
    AnalyzedText salad = analyzeText("limit the to requests we minute per webhooks", stemmer);
    auto finding = shuffledWordsFinding(*load.model->wordOrder, salad, ungrammaticalPlaces(salad));
    REQUIRE(finding);
    CHECK(finding->find("\"the to\"") != std::string::npos);
    AnalyzedText dropped = analyzeText("You can open locker also from app when you stand near locker.", stemmer);
    CHECK_FALSE(shuffledWordsFinding(*load.model->wordOrder, dropped, ungrammaticalPlaces(dropped)));
}

TEST_CASE("the bundled word-order model was counted from the development set as it stands") {
    // Recount (bench/word_order_train) whenever replies join the set.
    auto model = test::bundledSignalModel();
    REQUIRE(model->wordOrder);
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    std::vector<std::string> replies;
    for (auto& r : eval::readSet(test::sourcePath("tests/eval/dev.jsonl")))
        if (!r.labels.count("non_english")) replies.push_back(std::move(r.text));
    std::vector<AnalyzedText> texts;
    texts.reserve(replies.size());
    for (const auto& r : replies) texts.push_back(analyzer.tokenize(r));
    std::vector<const AnalyzedText*> all;
    for (const auto& t : texts) all.push_back(&t);
    WordOrderModel recounted = trainWordOrder(all, 1000, 1);
    CHECK(recounted.total == model->wordOrder->total);
    CHECK(recounted.pairs.size() == model->wordOrder->pairs.size());
    // Prose reads above the line, by some way.
    CHECK(model->wordOrder->below < 0);
    CHECK(model->wordOrder->minWords == 20);
}

TEST_CASE("a short reply is judged by the short lines: a shuffled chat line is caught, a terse natural one is not") {
    test::TempDir temp("word-order-short");
    SchemaChecker schemas;
    // Long replies' lines catch everything (9), the short ones only what grammar agrees on: a
    // reply under min_words is read by the short lines, and one under short.min_words not at all.
    const std::string file = (temp.path / "m.json").string();
    std::ofstream(file) << R"({"format": 1, "id": "m", "description": "d", "trained_on": "dev", "with_rule": 0.1, "alone": 0.5,
        "models": {}, "word_order": {"min_words": 20, "below": 9, "mix": 0.8,
        "short": {"min_words": 8, "below": -9, "below_with_grammar": 9},
        "pairs": {"<s> the": 3, "the refund": 2}}})";
    auto load = loadSignalModelFile(file, schemas);
    REQUIRE(load.model);
    REQUIRE(load.model->wordOrder);
    const WordOrderModel& order = *load.model->wordOrder;
    CHECK(order.shortMinWords == 8);
    Stemmer stemmer;
    AnalyzedText salad = analyzeText("modem the reboot please and light check green the is if", stemmer);
    auto finding = shuffledWordsFinding(order, salad, ungrammaticalPlaces(salad));
    REQUIRE(finding);
    CHECK(finding->find("short prose") != std::string::npos);
    AnalyzedText terse = analyzeText("Uptime 41d. Reboot pls, patches pending. Ping me if still slow.", stemmer);
    CHECK_FALSE(shuffledWordsFinding(order, terse, ungrammaticalPlaces(terse)));
    AnalyzedText tiny = analyzeText("the is the to", stemmer);
    CHECK_FALSE(readWordOrder(order, tiny));
    // Written and read again, the short lines stay.
    std::ofstream((temp.path / "again.json").string()) << signalModelToJson(*load.model);
    auto again = loadSignalModelFile((temp.path / "again.json").string(), schemas);
    REQUIRE(again.model);
    CHECK(again.model->wordOrder->shortBelowWithGrammar == doctest::Approx(9));
}

TEST_CASE("the bundled short lines let no terse natural reply fall under them, and catch short shuffled ones") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling(), test::bundledSignalModel());
    CHECK(analyzer.analyze("card your the blocked have I new and mailed a one is days business seven").has("keyword_stuffing"));
    CHECK(analyzer.analyze("order your the delivered was neighbor to signature the courier").has("keyword_stuffing"));
    CHECK_FALSE(analyzer.analyze("Got plug in the power or not? Must plug in first then can work one ah.").has("keyword_stuffing"));
    CHECK_FALSE(analyzer.analyze("Webhooks are at-least-once. Dedupe on event ID.").has("keyword_stuffing"));
    CHECK_FALSE(analyzer.analyze("wow ok, didn't realise you were the IT expert here").has("keyword_stuffing"));
}

TEST_CASE("a signal's own lines replace the model's two for that signal only; lines set backwards are refused") {
    // Bias -1.2: a probability of about 0.23 for blame in every reply.
    const std::string reply = "You should have read the terms before you ordered.";
    auto model = std::const_pointer_cast<SignalModel>(modelOf("blame", -1.2, {}));
    ReplyAnalyzer shared(test::bundledLexicons(), nullptr, model);
    CHECK(counting(shared.analyze(reply), "blame"));  // 0.23 is above the model's with_rule, 0.1
    model->linesBySignal["blame"] = {0.3, 0.6};
    ReplyAnalyzer own(test::bundledLexicons(), nullptr, model);
    ReplySignals read = own.analyze(reply);
    CHECK_FALSE(counting(read, "blame"));  // and under blame's own, 0.3
    CHECK(model->linesFor("empathy").withRule == doctest::Approx(0.1));

    test::TempDir temp("signal-lines");
    SchemaChecker schemas;
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(temp.path / name) << text;
        return (temp.path / name).string();
    };
    std::string header = R"({"format": 1, "id": "m", "description": "d", "trained_on": "dev", "with_rule": 0.1, "alone": 0.5,
        "models": {"blame": {"bias": 0, "weights": {}}}, )";
    auto good = loadSignalModelFile(write("good.json", header + R"("thresholds": {"blame": {"with_rule": 0.2, "alone": 0.55}}})"), schemas);
    REQUIRE(good.model);
    CHECK(good.model->linesFor("blame").alone == doctest::Approx(0.55));
    auto again = loadSignalModelFile(write("again.json", signalModelToJson(*good.model)), schemas);
    REQUIRE(again.model);
    CHECK(again.model->linesFor("blame").withRule == doctest::Approx(0.2));
    auto backwards = loadSignalModelFile(write("backwards.json", header + R"("thresholds": {"blame": {"with_rule": 0.7, "alone": 0.5}}})"), schemas);
    CHECK_FALSE(backwards.model);
    REQUIRE(backwards.diagnostics.size() == 1);
    CHECK(backwards.diagnostics[0].code == "SD095");
    auto unknown = loadSignalModelFile(write("unknown.json", header + R"("thresholds": {"empathy": {"with_rule": 0.1, "alone": 0.5}}})"), schemas);
    CHECK_FALSE(unknown.model);
}
