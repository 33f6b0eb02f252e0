// Reply-scoring benchmark: replies analysed per second with every bundled lexicon, against the
// time to only tokenise (fold, stem, split) the same replies in the same run. Prints figures; it
// is not a test, so a slow shared machine cannot fail the build. Aim: scoring <= 3x tokenising.
//
//   ./build/dev/reply_bench [rounds]     (replies come from tests/eval/dev.jsonl)
#include "core/reply_signals.hpp"
#include "core/text_rules.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace simdesk;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    int rounds = argc > 1 ? std::atoi(argv[1]) : 20;
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
    ReplyAnalyzer analyzer(loadLexiconFolder(source + "/rubrics/lexicons", schemas));
    size_t bytes = 0;
    for (const auto& r : replies) bytes += r.size();

    size_t sink = 0;
    auto t0 = Clock::now();
    for (int round = 0; round < rounds; ++round)
        for (const auto& r : replies) sink += analyzer.tokenize(r).tokens.size();
    auto t1 = Clock::now();
    for (int round = 0; round < rounds; ++round)
        for (const auto& r : replies) sink += analyzer.analyze(r).signals.size();
    auto t2 = Clock::now();

    double tokenise = std::chrono::duration<double>(t1 - t0).count();
    double score = std::chrono::duration<double>(t2 - t1).count();
    double n = static_cast<double>(replies.size()) * rounds;
    std::printf("replies: %zu (%zu bytes), rounds: %d, lexicons: %zu\n", replies.size(), bytes, rounds,
                analyzer.lexicons().byId.size());
    std::printf("tokenise only:       %10.0f replies/s  (%.3f s)\n", n / tokenise, tokenise);
    std::printf("signals, all lexicons: %8.0f replies/s  (%.3f s)\n", n / score, score);
    std::printf("ratio scoring/tokenising: %.2fx (aim: at most 3x)\n", score / tokenise);
    return sink == 0 ? 1 : 0;
}
