// Fuzz harness: the `simdesk play --script` format. An input is a script; when it parses, it is
// played against the mini fixture as `simdesk play --script` plays it (the clock starts at the
// script's start and moves by each action's seconds), then scored. UBSan catches clock overflow.
#include "fuzz_support.hpp"

#include "cli/play_script.hpp"
#include "core/library.hpp"
#include "core/player.hpp"
#include "core/scoring.hpp"

#include <fstream>
#include <iterator>

using namespace simdesk;

namespace {

struct Mini {
    ScenarioPtr scenario;
    RubricPtr rubric;
};

const Mini& mini() {
    static const Mini loaded = [] {
        ContentLibrary library = loadContent({fuzz::sourcePath("tests/fixtures/valid/mini.json"),
                                              fuzz::sourcePath("tests/fixtures/rubrics")},
                                             fuzz::schemas());
        FUZZ_CHECK(!library.scenarios.empty() && !library.rubrics.empty());
        return Mini{library.scenarios.front(), library.findRubric(library.scenarios.front()->rubricId)};
    }();
    return loaded;
}

void play(const cli::Script& script) {
    auto session = PlaySession::start(mini().scenario, script.start);
    FUZZ_CHECK(session);
    int64_t now = script.start;
    for (const auto& action : script.actions) {
        if (session->finished()) break;
        FUZZ_CHECK(action.seconds >= 0 && action.seconds <= cli::kMaxActionSeconds);
        now += static_cast<int64_t>(action.seconds);  // as cmd_play does
        TurnPrompt prompt = session->prompt();
        if (action.reply) {
            (void)session->reply(*action.reply, action.seconds, now);
        } else if (action.choiceNumber) {
            int n = *action.choiceNumber;
            if (n >= 1 && n <= static_cast<int>(prompt.choices.size()))
                (void)session->choose(prompt.choices[static_cast<size_t>(n - 1)].id, action.seconds, now);
        } else if (action.choiceId) {
            (void)session->choose(*action.choiceId, action.seconds, now);
        }
    }
    if (mini().rubric) (void)scoreTranscript(*mini().scenario, *mini().rubric, session->transcript());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)mini();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > fuzz::kMaxFuzzInput) return 0;
    auto script = cli::parseScript(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    if (!script) {
        FUZZ_CHECK(script.error().message.rfind("fuzz: ", 0) == 0);  // every refusal says where
        return 0;
    }
    FUZZ_CHECK(script->start >= 0 && script->start <= cli::kMaxScriptStart);
    play(*script);
    return 0;
}
