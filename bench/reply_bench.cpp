// Reply-scoring benchmark: replies scored per second as a typed turn scores them — every bundled
// lexicon, the rubric's reply checks, Hunspell spelling, the learned signals and the turn's own
// rules (claims, regexes)
// — against the time to only tokenise (fold, stem, split) the same replies in the same run.
// Times are this thread's CPU time. Prints figures; it is not a test, so a slow shared machine cannot fail the build.
// Aim: scoring <= 3x tokenising.
//
//   ./build/dev/reply_bench [rounds]     (replies come from tests/eval/dev.jsonl)
#include "core/library.hpp"
#include "core/reply_signals.hpp"
#include "core/text_rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <time.h>
#include <vector>

using namespace simdesk;

namespace {
/// CPU time of this thread, not the wall clock: both figures of a ratio then count only the work
/// measured, so a busy shared machine (a build beside it) shifts them less.
struct Clock {
    using time_point = std::chrono::duration<double>;
    static time_point now() {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return time_point(static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec));
    }
};
} // namespace

int main(int argc, char** argv) {
    int rounds = argc > 1 ? std::atoi(argv[1]) : 20;
    if (rounds <= 0 || argc > 2) return std::fprintf(stderr, "usage: reply_bench [ROUNDS]\n"), 2;
    std::string source = SIMDESK_SOURCE_DIR;
    std::vector<std::string> replies;
    std::ifstream in(source + "/tests/eval/dev.jsonl");
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) replies.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
    if (replies.empty()) {
        std::fprintf(stderr, "reply_bench: no replies in tests/eval/dev.jsonl\n");
        return 1;
    }
    SchemaChecker schemas;
    ContentLibrary library = loadContent({source + "/scenarios", source + "/rubrics", source + "/knowledge"}, schemas);
    if (!library.replyAnalyzer) {
        std::fprintf(stderr, "reply_bench: the bundled content did not load\n");
        return 1;
    }
    // Every typed turn of the bundled scenarios, with its reply checks: replies take turns at them.
    std::vector<const std::vector<TextRule>*> turns;
    for (const auto& scenario : library.scenarios)
        for (const auto& node : scenario->nodes)
            if (node.kind == NodeKind::FreeText) turns.push_back(&node.rules);
    ReplyAnalyzer analyzer(library.lexicons, library.replyAnalyzer->spellingShared(), library.signalModel);
    size_t bytes = 0;
    for (const auto& r : replies) bytes += r.size();

    // Rounds alternate the two passes, and each keeps its fastest round: this machine's speed drifts
    // by a fifth between runs, and a slow spell then slows both passes alike or neither figure.
    size_t sink = 0;
    double tokenise = 1e300, score = 1e300, signals = 1e300;
    for (int round = 0; round < rounds; ++round) {
        size_t turn = 0;  // every round the same work: each reply at the same turn
        auto t0 = Clock::now();
        for (const auto& r : replies) sink += analyzer.tokenize(r).tokens.size();
        auto t1 = Clock::now();
        for (const auto& r : replies) sink += evaluateRules(*turns[turn++ % turns.size()], r).size();
        auto t2 = Clock::now();
        // The reply signals alone (tokenising included), to say where the rest of the cost lies.
        for (const auto& r : replies) sink += analyzer.analyze(r).signals.size();
        auto t3 = Clock::now();
        tokenise = std::min(tokenise, (t1 - t0).count());
        score = std::min(score, (t2 - t1).count());
        signals = std::min(signals, (t3 - t2).count());
    }
    double n = static_cast<double>(replies.size());
    std::printf("replies: %zu (%zu bytes), rounds: %d, lexicons: %zu, typed turns: %zu, spelling: %s\n", replies.size(),
                bytes, rounds, analyzer.lexicons().byId.size(), turns.size(), analyzer.spelling() ? "Hunspell" : "off");
    std::printf("tokenise only:            %10.0f replies/s  (fastest round %.3f s)\n", n / tokenise, tokenise);
    std::printf("scored as a typed turn:   %10.0f replies/s  (fastest round %.3f s)\n", n / score, score);
    std::printf("ratio scoring/tokenising: %.2fx (aim: at most 3x)\n", score / tokenise);
    std::printf("  of which the reply signals (tokenising included): %.2fx; the turn's own rules: %.2fx\n",
                signals / tokenise, (score - signals) / tokenise);

    // Long replies: the dev replies run together up to 4 KB and up to the 64 KB limit, scored at
    // the first typed turn. Linear scoring costs the same per byte at both sizes.
    auto joined = [&](size_t limit) {
        std::string text;
        for (size_t i = 0; text.size() < limit; ++i) {
            const std::string& r = replies[i % replies.size()];
            if (text.size() + r.size() + 1 > limit) break;
            text += r + " ";
        }
        return text;
    };
    auto secondsPerByte = [&](const std::string& text, int repeat) {
        auto start = Clock::now();
        for (int i = 0; i < repeat; ++i) sink += evaluateRules(*turns[0], text).size();
        return (Clock::now() - start).count() / (double(text.size()) * repeat);
    };
    std::string small = joined(4 * 1024), large = joined(kMaxReplyBytes);
    // Both warmed first: a single cold run of the large reply paid for first touches (the spelling
    // memo, the allocator growing) and read up to 2.7x here when ten runs read 0.9x.
    secondsPerByte(small, 1);
    secondsPerByte(large, 1);
    double perByteSmall = secondsPerByte(small, 16), perByteLarge = secondsPerByte(large, 4);
    std::printf("a %zu-byte reply scored in %.3f s; per byte %.2fx the cost at %zu bytes (linear: about 1x)\n",
                large.size(), perByteLarge * double(large.size()), perByteLarge / perByteSmall, small.size());
    return sink == 0 ? 1 : 0;
}
