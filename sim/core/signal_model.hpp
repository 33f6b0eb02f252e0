// Learned reply signals: a logistic model per signal over a reply's word stems and pairs of stems,
// kept as content (rubrics/models/*.json, schemas/signal_model.schema.json) and trained on the
// labelled development replies by bench/signal_train, never on the test set.
//
// Why: the rules read structure and stock phrases, and writers they had not seen slipped past
// them (blame and condescension above all). Measured on replies neither had seen, the rules
// confirmed by the model, or the model alone when it is sure, found far more of what QA leads
// label (README "Measured honestly"). The rules still explain most findings; a finding of the
// model alone names the words that weighed most.
#pragma once

#include "diagnostics.hpp"
#include "json_source.hpp"
#include "schema_check.hpp"
#include "string_table.hpp"
#include "text_normalize.hpp"
#include "word_order.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

/// One signal's weights: the probability is 1 / (1 + e^-(bias + the weights of the features present)).
struct SignalWeights {
    double bias = 0;
    std::map<std::string, double> weights;
};

struct SignalModel {
    std::string id, description, trainedOn, sourcePath;
    double withRule = 0.1;      ///< a rule's finding counts when the model gives it at least this
    double alone = 0.5;         ///< the model alone raises a signal from this probability
    double reviewMargin = 0.1;  ///< this close to the deciding line, a person should confirm
    /// A signal's own two lines, where writers held out of training chose them (the file's
    /// "thresholds", written by bench/signal_train --choose-thresholds); with_rule and alone for
    /// any other signal.
    struct Lines {
        double withRule = 0.1, alone = 0.5;
    };
    std::map<std::string, Lines, std::less<>> linesBySignal;
    Lines linesFor(std::string_view signal) const {
        auto it = linesBySignal.find(signal);
        return it == linesBySignal.end() ? Lines{withRule, alone} : it->second;
    }
    std::vector<std::string> signals;  ///< in the order of `biases` and of each feature's weights
    std::vector<double> biases;
    /// Each feature's row of `weights`: its weight for every signal, in order (0 where it has
    /// none). A reply's features are looked up once for all the signals, in one flat table.
    StringTable rows;  ///< each feature's name to its row of `weights`
    std::vector<double> weights;  ///< rows.size() x signals.size()
    double weight(size_t row, size_t signal) const { return weights[row * signals.size() + signal]; }
    /// The same rows by the stems they name, so a reply is read by looking up each word's stem once
    /// rather than building and looking up a name per word and per pair (kept by addSignal).
    StringTable stems;                ///< every stem a feature names
    std::vector<uint32_t> wordRows;   ///< by stem: row + 1 of "w:<stem>", 0 for none
    PairTable stemPairs;              ///< pairs of two stems' numbers
    std::vector<uint32_t> pairRows;   ///< by pair: its row of "b:<stem> <stem>"
    /// Whether a reply's words stand in an order prose puts them in (the file's "word_order").
    std::optional<WordOrderModel> wordOrder;
};

/// Adds (or replaces) one signal's weights.
void addSignal(SignalModel& model, const std::string& signal, const SignalWeights& weights);
using SignalModelPtr = std::shared_ptr<const SignalModel>;

struct SignalModelLoad {
    SignalModelPtr model;
    std::vector<Diagnostic> diagnostics;
};

/// Schema check, then build.
SignalModelLoad buildSignalModel(const JsonDocument& doc, const SchemaChecker& schemas);
/// Reads and builds one model file (tools and tests; the library finds it among the content).
SignalModelLoad loadSignalModelFile(const std::string& path, const SchemaChecker& schemas);

/// Where the bundled content keeps its model, under the content root.
inline constexpr const char* kSignalModelPath = "rubrics/models/reply-signals.json";

/// A feature of a reply and the tokens it covers: "w:<stem>" for a word, "b:<stem> <stem>" for two
/// words in a row within a clause. Numbers, punctuation and names (capitalised inside a sentence or
/// in the signature) are not features.
struct ReplyFeature {
    std::string name;
    size_t first = 0, last = 0;
};
std::vector<ReplyFeature> replyFeatures(const AnalyzedText& text);

/// The model's reading of one signal in a reply.
struct SignalReading {
    std::string signal;
    double probability = 0;
    /// The features present that pushed the probability up most, strongest first (at most three),
    /// as spans of the reply: what an explanation quotes.
    std::vector<TextSpan> evidence;
};
/// The model's reading of every signal it has, in the order of `model.signals`.
std::vector<SignalReading> readSignals(const SignalModel& model, const AnalyzedText& text);
/// The same from features already taken (training, held-out measurement).
std::vector<SignalReading> readSignals(const SignalModel& model, const std::vector<ReplyFeature>& features,
                                       const AnalyzedText& text);

/// One labelled reply for training: its distinct feature names, and whether it shows the signal.
struct TrainingReply {
    std::vector<std::string> features;
    bool positive = false;
};

/// Logistic regression with an L2 penalty `lambda`, by full-batch gradient descent with momentum
/// from zero weights, features in sorted order: the same replies give the same weights. Features
/// seen in fewer than `minCount` replies are left out; weights smaller than `keepAbove` are dropped.
SignalWeights trainSignal(const std::vector<TrainingReply>& replies, double lambda, int minCount = 2,
                          double keepAbove = 0.002, int iterations = 600);

/// The feature names of `text` as training wants them: distinct and sorted.
std::vector<std::string> featureNames(const std::vector<ReplyFeature>& features);

/// The model as its content file says it (weights rounded to 4 decimals, keys sorted).
std::string signalModelToJson(const SignalModel& model);

} // namespace simdesk
