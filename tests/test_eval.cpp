// Reply signals measured honestly (README "Measured honestly").
//
// tests/eval/dev.jsonl is the development set: realistic replies across channels and scenario
// types (good, mediocre, bad and adversarial: keyword stuffing, sarcasm, negation, typos, other
// languages), each labelled with the signals a QA lead would mark. Lexicons and rules are tuned on
// it, and only on it.
//
// tests/eval/test.jsonl is the test set: replies written afterwards by four authors' styles (terse,
// chatty, non-native English, templated) without sight of the lexicons or rules, and never tuned
// on. CI checks the F1 floors the product promises on it. tests/eval/reserve/ holds the next test
// set, unread, for the day this one has to be retired.
#include "eval_measure.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {

ReplyAnalyzer& analyzer() {
    static ReplyAnalyzer shared(test::bundledLexicons(), test::bundledSpelling(), test::bundledSignalModel());
    return shared;
}

using Floors = std::map<std::string, double>;

/// Measures a set, prints its table (with the disagreements only where reading them is allowed)
/// and checks each signal's F1 against its floor.
void checkFloors(const std::vector<eval::Labelled>& replies, const std::string& title, const Floors& floors,
                 bool showDisagreements) {
    auto m = eval::measure(analyzer(), replies);
    eval::printTable(m, title, replies.size(), floors, showDisagreements);
    for (const auto& [signal, floor] : floors) {
        INFO(signal);
        CHECK(m.tally[signal].f1() >= floor);
    }
}

} // namespace

TEST_CASE("development set: the signals agree with the labels where the rules were tuned") {
    auto replies = eval::readSet(test::sourcePath("tests/eval/dev.jsonl"));
    REQUIRE(replies.size() >= 200);
    // Measured after the thirteenth round, over 7 431 replies by twenty-six writers (README
    // "Measured honestly"). The learned signals (rubrics/models/) are trained on this very set, so
    // apology, empathy, ownership, blame and condescension are in-sample here (0.92 to 0.96) and say
    // little about new writers: the held-out rounds and the test set do. The floors guard against a
    // retrained model or a rule change that loses what the set teaches. They moved down as rounds
    // 9 to 13 (3 600 replies by twelve more writers) joined: with more voices to fit, an equally
    // regularised model fits each less closely (empathy 0.96 -> 0.949, blame 0.94 -> 0.918,
    // condescension 0.95 -> 0.924) while it gained on every writer held out of it.
    const Floors floors = {{"personal_data", 0.92}, {"apology", 0.95}, {"empathy", 0.94},
                           {"ownership", 0.95},     {"blame", 0.91},   {"condescension", 0.92}};
    checkFloors(replies, "Development set (tests/eval/dev.jsonl; tuned on)", floors, true);
}

TEST_CASE("test set: F1 floors on replies no rule was tuned on") {
    auto replies = eval::readSet(test::sourcePath("tests/eval/test.jsonl"));
    REQUIRE(replies.size() >= 200);
    std::set<std::string> styles;
    for (const auto& r : replies) styles.insert(r.id.substr(0, r.id.find('-')));
    CHECK(styles.size() >= 4);  // terse, chatty, non-native English, templated
    // The product's targets are F1 >= 0.95 for personal data and >= 0.90 for the rest. Personal data
    // and apology meet them; empathy, ownership, blame and condescension do not yet (README
    // "Measured honestly" gives the figures), so CI holds them where they are measured today and
    // fails on any regression. Raise a floor only after measuring, never by tuning on this set.
    // Fifth read, after the third round of tuning: blame 0.465 -> 0.571, condescension 0.432 ->
    // 0.462, apology 0.916 -> 0.938, ownership 0.882 -> 0.872, empathy 0.806 -> 0.794. Sixth, after
    // the fourth: blame 0.619, condescension 0.439, the rest unchanged. Where a floor moved down
    // (empathy 0.80 -> 0.79, condescension 0.45 -> 0.43) the change that cost it here was chosen on
    // the development set, where it gained far more (README), and is not undone on this set's word.
    // Seventh and eighth reads, during and after the fifth round: apology 0.960, ownership 0.883,
    // blame 0.650, condescension 0.533, empathy 0.776 (down one false alarm from 0.794 while the
    // round raised it from 0.803 to 0.872 on the development set), personal data unchanged.
    // Ninth read, after the sixth round: ownership 0.883 -> 0.912 (an unsafe act's "I'll" is not
    // ownership), blame 0.650 -> 0.634 (the round's blame phrases gained 19 replies on the
    // development set and cost one here; not undone on this set's word), the rest unchanged.
    // Tenth and eleventh reads, during and after the seventh round: apology 0.960 -> 0.959
    // (softened refusals are non-apologies: +0.032 on the development set, one apology fewer
    // here), condescension 0.533 -> 0.565 (a brush-off "sorry you feel that way" with nothing
    // done), the rest unchanged.
    // Twelfth and thirteenth reads, with the learned signals (rubrics/models/; settings chosen on
    // rounds of the development set held out of training, never on this set), before and after
    // names stopped being features (so that a reply scores the same whoever signs it): empathy
    // 0.776 -> 0.812 -> 0.841, ownership 0.912 -> 0.942 -> 0.920, blame 0.634 -> 0.727 -> 0.711,
    // condescension 0.565 -> 0.643 -> 0.632, apology 0.959 -> 0.952 (the model helped apology on
    // one held-out round and cost it a little on the other; kept on their word).
    // Fourteenth read (by mistake: `reply_eval` with no file reads this set; two rows seen, personal
    // data 0.960 and apology 0.952, both unchanged) and fifteenth, after rounds 9 to 13 joined the
    // development set and the model was retrained on it: apology 0.952 -> 0.968, blame 0.711 ->
    // 0.744, condescension 0.632 -> 0.680, empathy 0.841, ownership 0.920 and personal data 0.960
    // unchanged.
    const Floors floors = {{"personal_data", 0.95}, {"apology", 0.96}, {"empathy", 0.84},
                           {"ownership", 0.92},     {"blame", 0.74},   {"condescension", 0.68}};
    // Only the table: reading the test set's disagreements would be tuning on it.
    checkFloors(replies, "Test set (tests/eval/test.jsonl; never tuned on)", floors, false);
}
