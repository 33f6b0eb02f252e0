// Measuring the built-in reply signals against replies labelled by people: precision, recall and
// F1 per signal. Shared by the evaluation test (which checks floors on the test set) and the
// reply_eval benchmark program (which prints the same table for any set).
//
// Rows carry "scheme": 2 when they were labelled for every signal below; older rows (scheme 1)
// were labelled only for the first ten, so they are not counted for the newer signals.
#pragma once

#include "core/reply_signals.hpp"
#include "core/text_rules.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace simdesk::eval {

struct Labelled {
    std::string id, channel, text;
    std::set<std::string> labels;
    int scheme = 1;
};

/// A reply's words in another order, split at spaces, each keeping its punctuation: the same
/// words and no sentences. `bySentence` keeps each sentence's words within it, and its end, as a
/// writer shuffling more carefully would (the word-order model's trainer and the gaming bots).
inline std::string shuffledWords(const std::string& text, std::mt19937& rng, bool bySentence) {
    std::vector<std::vector<std::string>> groups(1);
    std::istringstream in(text);
    for (std::string word; in >> word;) {
        groups.back().push_back(word);
        if (bySentence && (word.back() == '.' || word.back() == '!' || word.back() == '?')) groups.emplace_back();
    }
    std::string out;
    for (auto& group : groups) {
        std::shuffle(group.begin(), group.end(), rng);
        for (const auto& word : group) out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

inline std::vector<Labelled> readSet(const std::string& path) {
    std::ifstream in(path);
    std::vector<Labelled> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line);
        Labelled r{j.at("id"), j.value("channel", "chat"), j.at("text"), {}, j.value("scheme", 1)};
        for (const auto& s : j.at("signals")) r.labels.insert(s.get<std::string>());
        out.push_back(std::move(r));
    }
    return out;
}

/// The signals measured; the first ten are labelled in every row.
inline const std::vector<std::string>& measuredSignals() {
    static const std::vector<std::string> list = {
        "personal_data", "apology",      "empathy",          "ownership",   "blame",
        "condescension", "shouting",     "profanity",        "non_english", "keyword_stuffing",
        "non_apology",   "other_customer", "overpromise",
    };
    return list;
}

struct Tally {
    int tp = 0, fp = 0, fn = 0;
    double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / (tp + fp); }
    double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / (tp + fn); }
    double f1() const {
        double p = precision(), r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
};

/// The labelling guide's first-line limit for goodwill money, as the bundled rubrics set it
/// (`"above": 50` on the reply check credit_beyond_authority).
inline constexpr double kGoodwillLimit = 50;

/// `reply` is the text the signals were read from: a goodwill credit counts as an overpromise
/// when its span states an amount above the limit.
inline std::set<std::string> predicted(const ReplySignals& signals, std::string_view reply = {}) {
    std::set<std::string> out;
    for (const auto& s : signals.signals) {
        if (!s.counts) continue;
        out.insert(s.name == "language" ? "non_english" : s.name);
        if (s.name == "credit" && s.span.end <= reply.size() &&
            statesAmountAbove(reply.substr(s.span.begin, s.span.end - s.span.begin), kGoodwillLimit))
            out.insert("overpromise");
    }
    // A guarantee is the strongest kind of overpromise; the labels do not tell them apart.
    if (out.count("guarantee")) out.insert("overpromise");
    return out;
}

struct Measurement {
    std::map<std::string, Tally> tally;
    std::vector<std::string> disagreements;
};

/// Replies labelled non_english are judged on that label only: the lexicons are English, and the
/// promise is that such a reply is flagged, not that its meaning is read.
/// The first `n` bytes of a reply on one line, for disagreement lists.
inline std::string oneLine(const std::string& text, size_t n = 110) {
    std::string out = text.substr(0, n);
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

inline Measurement measure(ReplyAnalyzer& analyzer, const std::vector<Labelled>& replies) {
    Measurement out;
    const auto& signals = measuredSignals();
    for (const auto& r : replies) {
        ReplySignals analysed = analyzer.analyze(r.text, parseChannel(r.channel));
        auto found = predicted(analysed, r.text);
        // What raised a false signal, so a disagreement can be read without re-running the reply.
        auto raisedBy = [&](const std::string& signal) {
            std::string kinds;
            for (const auto& s : analysed.signals)
                if (s.counts && s.name == signal) kinds += (kinds.empty() ? " [" : ", ") + s.kind;
            return kinds.empty() ? kinds : kinds + "]";
        };
        bool english = !r.labels.count("non_english");
        for (size_t i = 0; i < signals.size(); ++i) {
            const std::string& signal = signals[i];
            if (i >= 10 && r.scheme < 2) continue;
            if (!english && signal != "non_english") continue;
            bool want = r.labels.count(signal) > 0, got = found.count(signal) > 0;
            Tally& t = out.tally[signal];
            if (want && got) ++t.tp;
            else if (got) ++t.fp, out.disagreements.push_back(r.id + " false " + signal + raisedBy(signal) + ": " + oneLine(r.text));
            else if (want) ++t.fn, out.disagreements.push_back(r.id + " missed " + signal + ": " + oneLine(r.text));
        }
    }
    return out;
}

inline void printTable(const Measurement& m, const std::string& title, size_t replies,
                       const std::map<std::string, double>& floors, bool withDisagreements) {
    std::printf("\n%s: %zu replies\n", title.c_str(), replies);
    std::printf("%-17s %9s %5s %5s %5s %10s %8s %6s %8s\n", "signal", "labelled", "TP", "FP", "FN", "precision", "recall",
                "F1", "F1 floor");
    for (const auto& signal : measuredSignals()) {
        auto it = m.tally.find(signal);
        Tally t = it == m.tally.end() ? Tally{} : it->second;
        auto floor = floors.find(signal);
        char floorText[16] = "-";
        if (floor != floors.end()) std::snprintf(floorText, sizeof floorText, "%.2f", floor->second);
        std::printf("%-17s %9d %5d %5d %5d %10.3f %8.3f %6.3f %8s\n", signal.c_str(), t.tp + t.fn, t.tp, t.fp, t.fn,
                    t.precision(), t.recall(), t.f1(), floorText);
    }
    if (!withDisagreements) return;
    std::printf("Disagreements with the labels (%zu):\n", m.disagreements.size());
    for (const auto& d : m.disagreements) std::printf("  %s\n", d.c_str());
    std::fflush(stdout);
}

} // namespace simdesk::eval
