// Fuzz harness: reply scoring and masking. An input is a typed reply; its first byte picks one of
// the bundled scenarios' typed turns and a channel. The reply goes through the secret finder and
// masker (redaction), the turn's free-text rules (text_rules: phrases, lexicons, regexes, order,
// proximity, claims, structure, privacy) and the built-in reply signals.
#include "fuzz_support.hpp"

#include "core/redaction.hpp"
#include "core/reply_signals.hpp"
#include "core/text_rules.hpp"

using namespace simdesk;

namespace {

struct TypedTurn {
    const std::vector<TextRule>* rules;
    Channel channel;
};

const std::vector<TypedTurn>& typedTurns() {
    static const std::vector<TypedTurn> turns = [] {
        std::vector<TypedTurn> out;
        for (const auto& scenario : fuzz::bundledScenarios())
            for (const auto& node : scenario->nodes)
                if (node.kind == NodeKind::FreeText) out.push_back({&node.rules, scenario->channel});
        return out;
    }();
    return turns;
}

void checkSpans(const std::vector<SecretFound>& found, size_t textSize) {
    size_t previousEnd = 0;
    for (const auto& s : found) {
        FUZZ_CHECK(s.begin < s.end && s.end <= textSize);
        FUZZ_CHECK(s.begin >= previousEnd);  // in order, not overlapping
        previousEnd = s.end;
    }
}

void checkMasking(std::string_view reply) {
    std::vector<SecretFound> found = findSecrets(reply);
    checkSpans(found, reply.size());
    RedactedText masked = redactSecrets(reply);
    checkSpans(masked.found, reply.size());
    FUZZ_CHECK(masked.found.size() == found.size());
    if (found.empty()) FUZZ_CHECK(masked.text == reply);
}

void checkRules(const TypedTurn& turn, std::string_view reply, std::optional<Channel> channel) {
    std::vector<RuleMatch> matches = evaluateRules(*turn.rules, reply, channel);
    FUZZ_CHECK(matches.size() == turn.rules->size());
    for (const auto& m : matches)
        for (const auto& span : m.spans) FUZZ_CHECK(span.begin <= span.end && span.end <= reply.size());
}

ReplyAnalyzer& analyzer() {
    static ReplyAnalyzer shared(fuzz::bundledLexicons());
    return shared;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    FUZZ_CHECK(!typedTurns().empty());
    (void)analyzer();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0 || size > fuzz::kMaxFuzzInput) return 0;
    const auto& turns = typedTurns();
    const TypedTurn& turn = turns[data[0] % turns.size()];
    std::optional<Channel> channel;
    if (data[0] & 0x80) channel = turn.channel;
    std::string_view reply(reinterpret_cast<const char*>(data) + 1, size - 1);

    checkMasking(reply);
    checkRules(turn, reply, channel);
    ReplySignals signals = analyzer().analyze(reply, channel);
    for (const auto& s : signals.signals) FUZZ_CHECK(s.span.begin <= s.span.end && s.span.end <= reply.size());
    return 0;
}
