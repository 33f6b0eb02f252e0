// simdesk reply-check: the built-in signals of a typed reply, with the span of each.
#include "cli.hpp"
#include "core/library.hpp"
#include "core/reply_signals.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <istream>

namespace simdesk::cli {

using nlohmann::json;

int replyCheck(const GlobalOptions& global, const ReplyCheckOptions& options, Io io) {
    std::string text = options.text;
    if (text == "-") {
        // One byte past the limit is enough to refuse: the rest of a huge stdin is never read.
        text.resize(kMaxReplyBytes + 1);
        io.in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<size_t>(io.in.gcount()));
    }
    if (text.size() > kMaxReplyBytes) {
        io.err << "simdesk reply-check: the reply is " << (options.text == "-" ? "more than " : "")
               << (options.text == "-" ? kMaxReplyBytes : text.size()) << " bytes; replies are limited to "
               << kMaxReplyBytes << "\n";
        return kExitFailure;
    }
    std::optional<Channel> channel;
    if (!options.channel.empty()) channel = parseChannel(options.channel);

    // The analyzer a typed turn uses: the content's lexicons and learned signals, and spelling
    // that knows the content's own words (product names such as "Shopify", personas, companies),
    // so a name the knowledge base uses is never shown as a misspelling here and accepted in play.
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas, ContentUse::ReadOnly);
    // Only the files the signals come from can stop it (lexicons, the learned model): a broken
    // scenario or article does not change how a reply reads.
    std::vector<Diagnostic> ruleErrors;
    for (const auto& d : library.diagnostics) {
        const auto folder = std::filesystem::path(d.file).parent_path().filename();
        if (d.severity == Severity::Error && (folder == "lexicons" || folder == "models")) ruleErrors.push_back(d);
    }
    if (!ruleErrors.empty() || !library.replyAnalyzer || library.lexicons.byId.empty()) {
        printDiagnostics(io.err, ruleErrors);
        std::filesystem::path root = global.contentRoot.empty() ? defaultContentRoot() : global.contentRoot;
        io.err << "simdesk reply-check: no usable lexicons in " << (root / "rubrics" / "lexicons").string() << "\n";
        return kExitFailure;
    }
    // The library's own analyzer, read-only; the reply is tokenised once, for it and for spelling.
    const ReplyAnalyzer& analyzer = *library.replyAnalyzer;
    Stemmer stemmer;
    const AnalyzedText analysed = analyzeText(text, stemmer);
    ReplySignals signals = analyzer.analyze(analysed, channel);
    if (const SpellChecker* spelling = analyzer.spelling()) {
        // Suggestions are left out while scoring (they are slow); here a person reads them.
        auto misspelled = spelling->check(analysed, true);
        for (auto& s : signals.signals)
            for (const auto& m : misspelled)
                if (s.name == "misspelling" && s.span == m.span && !m.suggestions.empty()) {
                    s.note = "not in the dictionary; did you mean";
                    for (size_t k = 0; k < m.suggestions.size(); ++k) s.note += (k ? ", " : " ") + m.suggestions[k];
                    s.note += "?";
                }
    }
    auto slice = [&](const TextSpan& s) { return text.substr(s.begin, s.end - s.begin); };

    if (options.json) {
        json j = {{"words", signals.words},         {"sentences", signals.sentences},
                  {"questions", signals.questions}, {"reading_grade", std::round(signals.grade * 10) / 10},
                  {"language", signals.language},   {"english", signals.english},
                  {"signals", json::array()}};
        if (channel) j["channel"] = channelName(*channel);
        for (const auto& s : signals.signals) {
            json e = {{"signal", s.name}, {"begin", s.span.begin}, {"end", s.span.end},
                      {"text", slice(s.span)}, {"counts", s.counts}};
            if (!s.kind.empty()) e["kind"] = s.kind;
            if (!s.note.empty()) e["note"] = s.note;
            j["signals"].push_back(std::move(e));
        }
        for (const auto& [signal, why] : signals.doubts) j["doubts"].push_back({{"signal", signal}, {"why", why}});
        io.out << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    char grade[32];
    std::snprintf(grade, sizeof grade, "%.1f", signals.grade);
    io.out << signals.words << " words, " << signals.sentences << " sentences, " << signals.questions
           << (signals.questions == 1 ? " question" : " questions") << ", reading grade " << grade << ", language "
           << signals.language << (signals.english ? "" : " (not English: the lexicons cannot judge it)") << "\n";
    if (signals.signals.empty()) io.out << "no signals\n";
    for (const auto& s : signals.signals) {
        std::string shown = slice(s.span);
        if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
        io.out << "  " << s.name;
        if (!s.kind.empty() && s.kind != s.name) io.out << " (" << s.kind << ")";
        io.out << " [" << s.span.begin << "," << s.span.end << ") \"" << shown << "\"";
        if (!s.counts) io.out << " - does not count";
        if (!s.note.empty()) io.out << ": " << s.note;
        io.out << "\n";
    }
    for (const auto& [signal, why] : signals.doubts) io.out << "  doubt: " << why << "\n";
    return kExitOk;
}

} // namespace simdesk::cli
