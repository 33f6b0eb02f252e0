// Reply-signal evaluation: precision, recall and F1 per signal on a labelled set, with the
// analyzer the app uses (bundled lexicons, Hunspell with the content's words).
//
//   ./build/rel/reply_eval [set.jsonl ...] [--disagreements]
//
// Default: the test set, tests/eval/test.jsonl. Rules are tuned on tests/eval/dev.jsonl only;
// printing the test set's disagreements is looking at it, and README "Measured honestly" says what
// that costs (the test set is retired and replaced by fresh replies).
#include "../tests/eval_measure.hpp"
#include "core/library.hpp"

#include <cstring>

using namespace simdesk;

int main(int argc, char** argv) {
    std::string source = SIMDESK_SOURCE_DIR;
    std::vector<std::string> files;
    bool disagreements = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--disagreements") == 0) disagreements = true;
        else files.push_back(argv[i]);
    }
    if (files.empty()) files.push_back(source + "/tests/eval/test.jsonl");
    SchemaChecker schemas;
    ContentLibrary library = loadContent({source + "/scenarios", source + "/rubrics", source + "/knowledge"}, schemas);
    if (!library.replyAnalyzer) {
        std::fprintf(stderr, "reply_eval: the bundled content did not load\n");
        return 1;
    }
    ReplyAnalyzer analyzer(library.lexicons, library.replyAnalyzer->spellingShared(), library.signalModel);
    for (const auto& file : files) {
        auto replies = eval::readSet(file);
        if (replies.empty()) {
            std::fprintf(stderr, "reply_eval: no replies in %s\n", file.c_str());
            return 1;
        }
        auto m = eval::measure(analyzer, replies);
        eval::printTable(m, file, replies.size(), {}, disagreements);
    }
    return 0;
}
