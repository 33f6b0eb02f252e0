#include "signal_model.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

namespace simdesk {

using nlohmann::json;

SignalModelLoad buildSignalModel(const JsonDocument& doc, const SchemaChecker& schemas) {
    SignalModelLoad out;
    out.diagnostics = schemas.check(doc, ContentKind::SignalModel);
    if (hasErrors(out.diagnostics)) return out;
    const json& root = doc.value;
    auto model = std::make_shared<SignalModel>();
    model->id = root["id"];
    model->description = root["description"];
    model->trainedOn = root["trained_on"];
    model->sourcePath = doc.path;
    model->withRule = root["with_rule"];
    model->alone = root["alone"];
    model->reviewMargin = root.value("review_margin", 0.1);
    if (model->withRule > model->alone)
        out.diagnostics.push_back(doc.diagnostic("SD095", Severity::Error, "/with_rule",
                                                 "with_rule is above alone, so a rule's finding would need more than "
                                                 "none at all; expected with_rule <= alone"));
    if (root.contains("thresholds"))
        for (const auto& [signal, body] : root["thresholds"].items()) {
            SignalModel::Lines lines{body["with_rule"], body["alone"]};
            const std::string at = "/thresholds/" + signal;
            if (!root["models"].contains(signal))
                out.diagnostics.push_back(doc.diagnostic("SD095", Severity::Error, at,
                                                         "thresholds for \"" + signal + "\", which the file has no model for"));
            else if (lines.withRule > lines.alone)
                out.diagnostics.push_back(doc.diagnostic("SD095", Severity::Error, at + "/with_rule",
                                                         "with_rule is above alone, so a rule's finding would need more than "
                                                         "none at all; expected with_rule <= alone"));
            model->linesBySignal[signal] = lines;
        }
    for (const auto& [signal, body] : root["models"].items()) {
        SignalWeights w;
        w.bias = body["bias"];
        for (const auto& [feature, weight] : body["weights"].items()) w.weights.emplace(feature, weight.get<double>());
        addSignal(*model, signal, w);
    }
    if (root.contains("word_order")) {
        const json& section = root["word_order"];
        WordOrderModel order;
        order.minWords = section["min_words"];
        order.below = section["below"];
        order.belowWithGrammar = section.value("below_with_grammar", order.below);
        order.mix = section["mix"];
        if (section.contains("short")) {
            const json& lines = section["short"];
            order.shortMinWords = lines["min_words"];
            order.shortBelow = lines["below"];
            order.shortBelowWithGrammar = lines.value("below_with_grammar", order.shortBelow);
        }
        for (const auto& [key, count] : section["pairs"].items()) {
            const size_t space = key.find(' ');
            if (space == std::string::npos || space == 0 || space + 1 == key.size() || key.find(' ', space + 1) != std::string::npos) {
                out.diagnostics.push_back(doc.diagnostic("SD095", Severity::Error, "/word_order/pairs/" + key,
                                                         "a word pair is two symbols with one space between them; got \"" + key + "\""));
                continue;
            }
            addWordPair(order, std::string_view(key).substr(0, space), std::string_view(key).substr(space + 1), count.get<uint32_t>());
        }
        model->wordOrder = std::move(order);
    }
    if (!hasErrors(out.diagnostics)) out.model = model;
    return out;
}

SignalModelLoad loadSignalModelFile(const std::string& path, const SchemaChecker& schemas) {
    JsonLoad load = loadJsonFile(path, path);
    if (!load.document || hasErrors(load.diagnostics)) return {nullptr, std::move(load.diagnostics)};
    SignalModelLoad built = buildSignalModel(*load.document, schemas);
    built.diagnostics.insert(built.diagnostics.begin(), load.diagnostics.begin(), load.diagnostics.end());
    return built;
}

namespace {

/// Calls word(i) for each word that is a feature and pair(i) for each pair of words i, i + 1, in
/// the order replyFeatures lists them: the one definition of what a feature is.
template <class Word, class Pair>
void visitFeatures(const AnalyzedText& text, Word&& word, Pair&& pair) {
    const auto& tokens = text.tokens;
    // Names say who, not how: a capitalised word inside a sentence or in the signature ("Hi
    // Karine", "Best, Sam") is no feature, so a reply reads the same whoever signs it or is greeted.
    const size_t signature = signatureStart(text.text);
    auto isWord = [&](size_t i) {
        const Token& t = tokens[i];
        if (t.letters == 0) return false;
        bool capitalised = isCapitalised(text, t) && t.letters > 1;
        bool sentenceStart = i == 0 || tokens[i - 1].sentence != t.sentence;
        return !(capitalised && (!sentenceStart || t.span.begin >= signature));
    };
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (!isWord(i)) continue;
        word(i);
        if (i + 1 < tokens.size() && isWord(i + 1) && tokens[i + 1].clause == tokens[i].clause) pair(i);
    }
}

} // namespace

std::vector<ReplyFeature> replyFeatures(const AnalyzedText& text) {
    std::vector<ReplyFeature> out;
    const auto& tokens = text.tokens;
    visitFeatures(
        text, [&](size_t i) { out.push_back({"w:" + tokens[i].stem, i, i}); },
        [&](size_t i) { out.push_back({"b:" + tokens[i].stem + " " + tokens[i + 1].stem, i, i + 1}); });
    return out;
}

std::vector<std::string> featureNames(const std::vector<ReplyFeature>& features) {
    std::set<std::string> names;
    for (const auto& f : features) names.insert(f.name);
    return {names.begin(), names.end()};
}

namespace {

double logistic(double z) { return 1 / (1 + std::exp(-std::clamp(z, -40.0, 40.0))); }

/// Files the row of "w:<stem>" or "b:<stem> <stem>" under its stems' numbers; other names are no
/// feature a reply has, and are only kept.
void indexByStems(SignalModel& model, std::string_view feature, size_t row) {
    auto stemNumber = [&](std::string_view stem) {
        auto [number, added] = model.stems.add(stem);
        if (added) model.wordRows.push_back(0);
        return static_cast<uint32_t>(number);
    };
    if (feature.starts_with("w:")) {
        model.wordRows[stemNumber(feature.substr(2))] = static_cast<uint32_t>(row + 1);
    } else if (feature.starts_with("b:")) {
        std::string_view words = feature.substr(2);
        size_t space = words.find(' ');
        if (space == std::string_view::npos) return;
        uint32_t first = stemNumber(words.substr(0, space)), second = stemNumber(words.substr(space + 1));
        auto [pair, added] = model.stemPairs.add(first, second);
        if (added) model.pairRows.push_back(0);
        model.pairRows[pair] = static_cast<uint32_t>(row);
    }
}

} // namespace

void addSignal(SignalModel& model, const std::string& signal, const SignalWeights& weights) {
    auto at = std::find(model.signals.begin(), model.signals.end(), signal);
    const size_t k = static_cast<size_t>(at - model.signals.begin());
    if (at == model.signals.end()) {
        // One more column: copy the table at its new width.
        const size_t before = model.signals.size();
        std::vector<double> wider(model.rows.size() * (before + 1), 0.0);
        for (size_t r = 0; r < model.rows.size(); ++r)
            for (size_t c = 0; c < before; ++c) wider[r * (before + 1) + c] = model.weights[r * before + c];
        model.weights = std::move(wider);
        model.signals.push_back(signal);
        model.biases.push_back(0);
    }
    const size_t width = model.signals.size();
    model.biases[k] = weights.bias;
    for (size_t r = 0; r < model.rows.size(); ++r) model.weights[r * width + k] = 0;
    for (const auto& [feature, weight] : weights.weights) {
        auto [row, added] = model.rows.add(feature);
        if (added) {
            model.weights.resize(model.weights.size() + width, 0.0);
            indexByStems(model, feature, row);
        }
        model.weights[row * width + k] = weight;
    }
}

namespace {

/// A feature of the reply that the model has: its row, its tokens, and its place in the order
/// replyFeatures lists features (ties in evidence go to the earlier).
struct PresentFeature {
    size_t row, order, first, last;
};

std::vector<SignalReading> readPresent(const SignalModel& model, std::vector<PresentFeature> present,
                                       const AnalyzedText& text) {
    // Each feature counts once, however often it occurs, as in training; its first place is quoted.
    std::sort(present.begin(), present.end(),
              [](const PresentFeature& a, const PresentFeature& b) { return a.row != b.row ? a.row < b.row : a.order < b.order; });
    present.erase(std::unique(present.begin(), present.end(), [](const auto& a, const auto& b) { return a.row == b.row; }),
                  present.end());
    // Feature by feature, all signals at once: a feature's weights for every signal sit together,
    // so each row of the table is fetched once. Each signal keeps the few features that raise it
    // most, strongest first (the earlier feature first among equals): enough to find three that
    // do not overlap.
    constexpr size_t kFew = 8;
    const size_t width = model.signals.size();
    std::vector<double> z(model.biases);
    struct Push {
        double weight;
        const PresentFeature* feature;
        bool before(const Push& other) const {
            return weight > other.weight || (weight == other.weight && feature->order < other.feature->order);
        }
    };
    std::vector<Push> strongest(width * kFew);
    std::vector<size_t> kept(width, 0);
    for (const auto& f : present) {
        const double* row = &model.weights[f.row * width];
        for (size_t k = 0; k < width; ++k) {
            z[k] += row[k];
            if (row[k] <= 0) continue;
            Push push{row[k], &f};
            Push* few = &strongest[k * kFew];
            size_t at = kept[k];
            if (at == kFew && !push.before(few[kFew - 1])) continue;
            if (at < kFew) ++kept[k];
            else at = kFew - 1;
            for (; at > 0 && push.before(few[at - 1]); --at) few[at] = few[at - 1];
            few[at] = push;
        }
    }
    std::vector<SignalReading> out(width);
    for (size_t k = 0; k < width; ++k) {
        SignalReading& reading = out[k];
        reading.signal = model.signals[k];
        reading.probability = logistic(z[k]);
        for (size_t i = 0; i < kept[k] && reading.evidence.size() < 3; ++i) {
            const PresentFeature* f = strongest[k * kFew + i].feature;
            TextSpan span{text.tokens[f->first].span.begin, text.tokens[f->last].span.end};
            bool overlaps = std::any_of(reading.evidence.begin(), reading.evidence.end(),
                                        [&](const TextSpan& e) { return e.begin < span.end && span.begin < e.end; });
            if (!overlaps) reading.evidence.push_back(span);
        }
    }
    return out;
}

} // namespace

std::vector<SignalReading> readSignals(const SignalModel& model, const std::vector<ReplyFeature>& features,
                                       const AnalyzedText& text) {
    std::vector<PresentFeature> present;
    for (size_t order = 0; order < features.size(); ++order)
        if (size_t row = model.rows.find(features[order].name); row != StringTable::npos)
            present.push_back({row, order, features[order].first, features[order].last});
    return readPresent(model, std::move(present), text);
}

std::vector<SignalReading> readSignals(const SignalModel& model, const AnalyzedText& text) {
    const auto& tokens = text.tokens;
    // Each word's stem looked up once (npos: no feature names it); a pair needs both stems known.
    std::vector<size_t> stemOf(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) stemOf[i] = model.stems.find(tokens[i].stem);
    std::vector<PresentFeature> present;
    size_t order = 0;
    visitFeatures(
        text,
        [&](size_t i) {
            if (stemOf[i] != StringTable::npos && model.wordRows[stemOf[i]] != 0)
                present.push_back({model.wordRows[stemOf[i]] - 1, order, i, i});
            ++order;
        },
        [&](size_t i) {
            if (stemOf[i] != StringTable::npos && stemOf[i + 1] != StringTable::npos) {
                if (size_t pair = model.stemPairs.find(static_cast<uint32_t>(stemOf[i]), static_cast<uint32_t>(stemOf[i + 1]));
                    pair != PairTable::npos)
                    present.push_back({model.pairRows[pair], order, i, i + 1});
            }
            ++order;
        });
    return readPresent(model, std::move(present), text);
}

SignalWeights trainSignal(const std::vector<TrainingReply>& replies, double lambda, int minCount, double keepAbove,
                          int iterations) {
    // Features by name, in sorted order, so the weights do not depend on the replies' order.
    std::map<std::string, int> seen;
    for (const auto& r : replies)
        for (const auto& f : r.features) ++seen[f];
    std::map<std::string, int> index;
    std::vector<const std::string*> names;
    for (const auto& [name, count] : seen)
        if (count >= minCount) {
            index.emplace(name, static_cast<int>(names.size()));
            names.push_back(&index.find(name)->first);
        }
    std::vector<std::vector<int>> x;
    std::vector<double> y;
    for (const auto& r : replies) {
        std::vector<int> columns;
        for (const auto& f : r.features)
            if (auto it = index.find(f); it != index.end()) columns.push_back(it->second);
        std::sort(columns.begin(), columns.end());
        columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
        x.push_back(std::move(columns));
        y.push_back(r.positive ? 1.0 : 0.0);
    }
    const size_t n = std::max<size_t>(x.size(), 1), d = names.size();
    std::vector<double> w(d, 0), velocity(d, 0), gradient(d);
    double bias = 0, biasVelocity = 0;
    const double rate = 0.5, momentum = 0.9;
    for (int step = 0; step < iterations; ++step) {
        std::fill(gradient.begin(), gradient.end(), 0.0);
        double biasGradient = 0;
        for (size_t i = 0; i < x.size(); ++i) {
            double z = bias;
            for (int k : x[i]) z += w[static_cast<size_t>(k)];
            double error = logistic(z) - y[i];
            biasGradient += error;
            for (int k : x[i]) gradient[static_cast<size_t>(k)] += error;
        }
        for (size_t k = 0; k < d; ++k) {
            velocity[k] = momentum * velocity[k] - rate * (gradient[k] / static_cast<double>(n) + lambda * w[k]);
            w[k] += velocity[k];
        }
        biasVelocity = momentum * biasVelocity - rate * biasGradient / static_cast<double>(n);
        bias += biasVelocity;
    }
    SignalWeights out;
    out.bias = bias;
    for (size_t k = 0; k < d; ++k)
        if (std::fabs(w[k]) >= keepAbove) out.weights.emplace(*names[k], w[k]);
    return out;
}

std::string signalModelToJson(const SignalModel& model) {
    auto rounded = [](double v) { return std::round(v * 1e4) / 1e4; };
    json models = json::object();
    for (size_t k = 0; k < model.signals.size(); ++k) {
        json weights = json::object();  // nlohmann's object keeps keys sorted: a retrained file diffs well
        for (size_t row = 0; row < model.rows.size(); ++row)
            if (rounded(model.weight(row, k)) != 0) weights[model.rows.name(row)] = rounded(model.weight(row, k));
        models[model.signals[k]] = {{"bias", rounded(model.biases[k])}, {"weights", std::move(weights)}};
    }
    json root = {{"format", 1},
                 {"id", model.id},
                 {"description", model.description},
                 {"trained_on", model.trainedOn},
                 {"with_rule", model.withRule},
                 {"alone", model.alone},
                 {"review_margin", model.reviewMargin},
                 {"models", std::move(models)}};
    if (!model.linesBySignal.empty()) {
        json thresholds = json::object();
        for (const auto& [signal, lines] : model.linesBySignal)
            thresholds[signal] = {{"with_rule", rounded(lines.withRule)}, {"alone", rounded(lines.alone)}};
        root["thresholds"] = std::move(thresholds);
    }
    if (model.wordOrder) {
        const WordOrderModel& order = *model.wordOrder;
        json pairs = json::object();
        for (const auto& [key, count] : wordPairCounts(order)) pairs[key] = count;
        root["word_order"] = {{"min_words", order.minWords}, {"below", rounded(order.below)},
                              {"below_with_grammar", rounded(order.belowWithGrammar)}, {"mix", order.mix}, {"pairs", std::move(pairs)}};
        if (order.shortMinWords > 0)
            root["word_order"]["short"] = {{"min_words", order.shortMinWords}, {"below", rounded(order.shortBelow)},
                                           {"below_with_grammar", rounded(order.shortBelowWithGrammar)}};
    }
    return root.dump(1) + "\n";
}

} // namespace simdesk
