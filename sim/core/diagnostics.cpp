#include "diagnostics.hpp"

#include <algorithm>
#include <cstdio>

namespace simdesk {

std::string_view severityName(Severity severity) {
    return severity == Severity::Error ? "error" : "warning";
}

std::string Diagnostic::format() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
    out += ": ";
    out += severityName(severity);
    out += ": ";
    if (!pointer.empty()) out += pointer + ": ";
    out += message;
    out += " [" + code + "]";
    return out;
}

const std::vector<DiagnosticInfo>& diagnosticCatalogue() {
    using S = Severity;
    static const std::vector<DiagnosticInfo> catalogue = {
        {"SD001", S::Error, "JSON syntax error",
         "scenarios/refund.json:12:5: error: expected ',' or '}' after an object member, found '\"' [SD001]",
         "Fix the JSON at the position given: usually a missing comma, quote or bracket."},
        {"SD002", S::Error, "Empty file", "scenarios/new.json: error: the file is empty; expected a JSON object [SD002]",
         "Write the scenario or rubric object, or remove the file."},
        {"SD003", S::Error, "File too large",
         "scenarios/huge.json: error: the file is 5242880 bytes; content files are limited to 2097152 bytes [SD003]",
         "Split the content; a single scenario never needs megabytes."},
        {"SD004", S::Error, "Not UTF-8 text",
         "scenarios/photo.json:1:1: error: byte 0x89 is not UTF-8 text; expected a JSON text file [SD004]",
         "Save the file as UTF-8 JSON; binary files do not belong in scenarios/ or rubrics/."},
        {"SD005", S::Error, "Nesting too deep",
         "scenarios/deep.json:1:65: error: nesting deeper than 64 levels; expected a flatter structure [SD005]",
         "Content never needs this depth; the limit protects the loader."},
        {"SD006", S::Error, "Duplicate key or id",
         "scenarios/refund.json:40:5: error: /nodes/ask_order: duplicate key \"ask_order\" (first at line 22) [SD006]",
         "Give each node, choice, variable and criterion its own id."},
        {"SD007", S::Error, "Cannot read file", "scenarios/locked.json: error: cannot open file: Permission denied [SD007]",
         "Check the path and its permissions."},
        {"SD010", S::Error, "Does not match the schema",
         "scenarios/refund.json:5:15: error: /channel: \"fax\" is not allowed; expected one of \"email\", \"chat\", "
         "\"phone\", \"social\" [SD010]",
         "Follow schemas/scenario.schema.json or schemas/rubric.schema.json; an editor that reads $schema completes "
         "the fields."},
        {"SD011", S::Error, "Invalid id",
         "scenarios/refund.json:14:5: error: /nodes/Ask Order: id \"Ask Order\" has characters outside a-z, 0-9, "
         "'_', '-' [SD011]",
         "Ids are 1-64 lower-case letters, digits, '_' or '-', so they stay stable in records and URLs."},
        {"SD012", S::Error, "Unknown placeholder",
         "scenarios/refund.json:40:31: error: /nodes/done/text: unknown placeholder \"{agnet}\" (did you mean "
         "\"{agent}\"?); expected {agent} (the trainee's name) or no braces [SD012]",
         "Content may name the trainee only as {agent}, which the app fills with the signed-in person's first name. "
         "Fix the spelling, or reword text that needs braces of its own."},
        {"SD020", S::Error, "Reference to a missing node",
         "scenarios/refund.json:41:17: error: /nodes/ask_order/choices/2/next: no node \"confirm_refund\" (did you "
         "mean \"confirm_refunds\"?) [SD020]",
         "Point the reference at an existing node id."},
        {"SD021", S::Warning, "Unreachable node",
         "scenarios/refund.json:88:5: warning: /nodes/old_offer: node \"old_offer\" can never be reached from the "
         "start node [SD021]",
         "Link it from a choice or remove it."},
        {"SD022", S::Error, "Dead end",
         "scenarios/refund.json:60:5: error: /nodes/wait: node \"wait\" is not an ending but can be reached with no "
         "way out (every exit's condition is false) [SD022]",
         "Add an unconditional exit or make sure one condition always holds."},
        {"SD023", S::Error, "Cycle that cannot be left",
         "scenarios/loop.json:30:5: error: /nodes/ask_again: from node \"ask_again\" no ending can be reached; the "
         "conversation would loop forever [SD023]",
         "Give the loop an exit that leads to an ending."},
        {"SD024", S::Warning, "Ending never reached",
         "scenarios/refund.json:99:5: warning: /nodes/goodwill_end: ending \"goodwill_end\" can never be reached "
         "[SD024]",
         "Link the ending from the conversation, or fix the conditions that block it."},
        {"SD025", S::Warning, "Analysis approximated",
         "scenarios/big.json: warning: the conversation has more than 200000 states or 400000 transitions; "
         "reachability was checked ignoring conditions, and the scores reported are proven bounds [SD025]",
         "Use fewer or narrower variables (declare min and max), or fewer rules per typed turn (each turn with k "
         "rules has up to 2^k outcomes; beyond the caps typed turns are sampled)."},
        {"SD030", S::Error, "Condition syntax error",
         "scenarios/refund.json:33:24: error: /nodes/offer/choices/1/condition: expected a value after '==' at "
         "character 10 of \"verified ==\" [SD030]",
         "Conditions look like: verified && attempts < 3 || plan == \"pro\""},
        {"SD031", S::Error, "Unknown variable",
         "scenarios/refund.json:33:24: error: /nodes/offer/choices/1/condition: no variable \"verifed\" (did you mean "
         "\"verified\"?) [SD031]",
         "Declare the variable under \"variables\" or fix its name."},
        {"SD032", S::Error, "Type mismatch",
         "scenarios/refund.json:33:24: error: /nodes/offer/choices/1/condition: cannot compare bool \"verified\" with "
         "int 3 [SD032]",
         "Compare a variable with a value of its declared type."},
        {"SD033", S::Error, "Invalid effect",
         "scenarios/refund.json:35:20: error: /nodes/offer/choices/1/effects/add/verified: \"add\" needs an int "
         "variable; \"verified\" is bool [SD033]",
         "Use set for bool and string variables, add for int variables, within their declared range."},
        {"SD040", S::Error, "Criterion not in the rubric",
         "scenarios/refund.json:36:21: error: /nodes/offer/choices/1/points/empathie: rubric \"core-support\" has no "
         "criterion \"empathie\" (did you mean \"empathy\"?) [SD040]",
         "Score only criteria the scenario's rubric defines."},
        {"SD041", S::Error, "Rubric not found",
         "scenarios/refund.json:9:13: error: /rubric: no rubric \"core-suport\" is loaded (did you mean "
         "\"core-support\"?) [SD041]",
         "Name a rubric from rubrics/ and validate both folders together."},
        {"SD042", S::Error, "Points outside the scale",
         "scenarios/refund.json:36:30: error: /nodes/offer/choices/1/points/empathy: 7 points on a 5-point scale; "
         "expected 0 to 4 [SD042]",
         "Points are the level reached on the criterion's scale, from 0 (lowest) to levels-1."},
        {"SD050", S::Error, "No passing path",
         "scenarios/refund.json: error: no path through the conversation can pass: the best possible score is 62.5% "
         "and rubric \"core-support\" needs 80% [SD050]",
         "Make sure the best choices earn enough points and avoid critical errors."},
        {"SD051", S::Warning, "Passing path not proven",
         "scenarios/refund.json: warning: could not prove a passing path exists (best path found scores 71.0%, "
         "bound 85.0%) [SD051]",
         "Simplify the graph or make the best path explicit."},
        {"SD052", S::Warning, "Choice length gives the answer away",
         "scenarios/refund.json: warning: the best choice is the longest at 5 of 5 choice turns on the best path "
         "(chance gives 1.8; p = 0.004): a trainee who picks the longest option passes without reading [SD052]",
         "Rewrite the choices so length, polish and tone do not mark the best one: wrong options as long and fluent "
         "as the right one, some short correct options (docs/scenario-format.md#writing-choices-without-cues)."},
        {"SD060", S::Error, "Weight not positive",
         "rubrics/core.json:20:19: error: /sections/0/criteria/1/weight: weight 0 must be greater than 0 [SD060]",
         "Give each criterion a positive weight; drop a criterion rather than weighting it 0."},
        {"SD061", S::Error, "Duplicate criterion id",
         "rubrics/core.json:31:17: error: /sections/1/criteria/0/id: criterion \"empathy\" is already defined at "
         "/sections/0/criteria/2 [SD061]",
         "Criterion ids are unique across the whole rubric."},
        {"SD062", S::Error, "Anchors do not match the scale",
         "rubrics/core.json:25:20: error: /sections/0/criteria/1/anchors: 3 anchors for a 5-point scale; expected "
         "one per level (5) [SD062]",
         "Write one behavioural anchor per level, lowest first."},
        {"SD063", S::Error, "Duplicate reply check",
         "rubrics/core.json:60:13: error: /reply_checks/1/id: reply check \"blame\" is listed twice; expected ids unique [SD063]",
         "Give each reply check its own id: turns skip checks by id (skip_reply_checks)."},
        {"SD064", S::Error, "Reply check rates an unknown criterion or level",
         "rubrics/core.json:58:21: error: /reply_checks/0/levels/empaty: no criterion \"empaty\" in this rubric (did you "
         "mean \"empathy\"?); expected a criterion id [SD064]",
         "A reply check caps criteria of its own rubric, at a level on the criterion's scale."},
        {"SD070", S::Error, "Unknown rule in a branch",
         "scenarios/complaint.json:50:24: error: /nodes/apology_reply/branches/0/when/0: no rule \"apology\" in this "
         "turn (did you mean \"apologise\"?) [SD070]",
         "Branch on the ids of rules defined in the same free-text turn."},
        {"SD071", S::Warning, "Free-text turn scores nothing",
         "scenarios/complaint.json:48:5: warning: /nodes/apology_reply: free-text turn has no rules, so nothing the "
         "trainee types is scored [SD071]",
         "Add rules that award points for what a good reply contains."},
        {"SD072", S::Error, "Regular expression does not compile",
         "scenarios/refund.json:61:48: error: /nodes/write_reply/rules/3/pattern: the pattern does not compile: "
         "missing ): (refund|credit; expected an RE2 regular expression [SD072]",
         "Fix the pattern. Rules use RE2 syntax: no backreferences or lookaround, so matching stays linear in the "
         "reply's length; a pattern needing more than 1 MiB to compile is refused too."},
        {"SD073", S::Error, "Unknown lexicon",
         "scenarios/refund.json:58:52: error: /nodes/write_reply/rules/0/lexicon: no lexicon \"apologyy\" is loaded "
         "(did you mean \"apology\"?); expected the id of a lexicon in rubrics/lexicons/ [SD073]",
         "Use the id of a lexicon file in rubrics/lexicons/ (structure and privacy rules need theirs too), and "
         "validate the scenarios together with rubrics/."},
        {"SD074", S::Error, "Order or proximity rule refers to a missing or later rule",
         "scenarios/refund.json:64:40: error: /nodes/write_reply/rules/4/then: no earlier rule \"solutoin\" in this "
         "turn (did you mean \"solution\"?); expected the id of a rule listed before this one [SD074]",
         "List the rules an order or proximity rule compares before it in the same turn."},
        {"SD075", S::Error, "Must-have point refers to a missing rule",
         "scenarios/refund.json:70:19: error: /nodes/write_reply/must_have/0/rule: no rule \"refund_done\" in this "
         "turn (did you mean \"refund_don\"?); expected the id of one of the turn's rules [SD075]",
         "A must-have point names a rule of the same free-text turn that detects it (and, in `unless`, rules that "
         "contradict it)."},
        {"SD076", S::Warning, "Typed turn states no must-have points",
         "scenarios/refund.json:48:5: warning: /nodes/write_reply: free-text turn states no must-have points, so a "
         "reply with nothing the customer needs can pass it; expected \"must_have\" with what the reply must "
         "achieve [SD076]",
         "Add `must_have`: the facts and actions the reply cannot do without (refund done, the timeline, the next "
         "step), each detected by a rule of the turn."},
        {"SD077", S::Error, "Exam variant cannot be built",
         "scenarios/refund.json:9:3: error: /variants: exam variant \"b\": the variant is missing, or its "
         "replacements grow the scenario past 2097152 bytes [SD077]",
         "Keep replacements short and literal; each variant is the same scenario with other names and figures."},
        {"SD078", S::Error, "Regular expressions too large in total",
         "scenarios/letters.json:39:68: error: /nodes/write/rules/30/pattern: this pattern compiles to 65728 "
         "instructions, past what is left of the 2000000 all regex rules loaded together may use (28160); expected "
         "fewer or simpler patterns (bounded repeats of \\pL and \\w are the costly part) [SD078]",
         "Each regex rule is compiled once for the whole library, and together they may use 2 000 000 RE2 "
         "instructions. Prefer phrases, lexicon and signal rules; keep repeats such as \\pL{1,55} short or drop them."},
        {"SD080", S::Error, "Duplicate scenario, rubric, track or lexicon id",
         "scenarios/refund-v2.json:3:9: error: /id: scenario id \"refund-late\" is also used by "
         "scenarios/refund.json [SD080]",
         "Ids identify content in training records; give each file its own."},
        {"SD090", S::Error, "Unknown knowledge-base article",
         "scenarios/refund.json:42:21: error: /nodes/ask/choices/0/cite: the cite names no knowledge-base article "
         "\"kb-billing-duplicate-charge\" (did you mean \"kb-billing-duplicate-charges\"?); expected the id of an "
         "article in knowledge/ [SD090]",
         "A scenario's \"knowledge\" list, a `kb:<id>` in a choice's or rule's cite, and an article's \"related\" "
         "list must name articles of the knowledge base. Fix the id, or write the article. Validate knowledge/ "
         "together with scenarios/ so the references can be checked."},
        {"SD091", S::Error, "Duplicate article id",
         "knowledge/api.json:30:13: error: /articles/2/id: article id \"kb-api-rate-limits\" is also used by "
         "knowledge/billing.json at /articles/0; expected article ids unique across the knowledge base [SD091]",
         "Article ids are cited from scenarios, so each must name one article, whichever file it is in."},
        {"SD092", S::Error, "Unknown scenario in a track",
         "tracks/new-hire.json:14:22: error: /levels/0/scenarios/1: no scenario \"refund-double-charg\" is loaded "
         "(did you mean \"refund-double-charge\"?); expected the id of a scenario in the folders being loaded "
         "[SD092]",
         "Name scenarios by their id, and validate tracks/ together with scenarios/ and rubrics/."},
        {"SD093", S::Error, "Track level cannot be passed",
         "tracks/new-hire.json:14:22: error: /levels/0/scenarios/0: scenario \"api-outage-chat\" cannot be passed at "
         "level \"level-1\": its best possible score is 92.0% and the pass rule needs 95.0% [SD093]",
         "A level's pass rule must be reachable on every scenario it requires: lower min_percent, allow critical "
         "errors, or choose a scenario whose best path scores enough (simdesk analyze shows it)."},
        {"SD094", S::Error, "Duplicate level id",
         "tracks/new-hire.json:30:13: error: /levels/1/id: level \"level-1\" is already defined at /levels/0; "
         "expected level ids unique in the track [SD094]",
         "Attempts are recorded against a level id; give each level its own."},
        {"SD095", S::Error, "Learned signal model cannot be used",
         "rubrics/models/reply-signals.json:7:15: error: /with_rule: with_rule is above alone, so a rule's finding "
         "would need more than none at all; expected with_rule <= alone [SD095]",
         "The learned reply signals (rubrics/models/) confirm what the rules find and add what they miss when sure. "
         "Keep with_rule at or below alone, and load one model: retrain it with bench/signal_train rather than "
         "editing weights by hand. Each key of word_order.pairs is two symbols with one space between them (\"the "
         "refund\"); recount them with bench/word_order_train."},
    };
    return catalogue;
}

std::optional<DiagnosticInfo> findDiagnostic(std::string_view code) {
    for (const auto& info : diagnosticCatalogue())
        if (info.code == code) return info;
    return std::nullopt;
}

bool hasErrors(const std::vector<Diagnostic>& diagnostics) {
    return countSeverity(diagnostics, Severity::Error) > 0;
}

size_t countSeverity(const std::vector<Diagnostic>& diagnostics, Severity severity) {
    return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                             [&](const Diagnostic& d) { return d.severity == severity; }));
}

std::string percentText(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", value);
    return buffer;
}

size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates) {
    auto guess = closestMatch(name, candidates);
    return guess ? " (did you mean \"" + *guess + "\"?)" : "";
}

std::optional<std::string> closestMatch(std::string_view name, const std::vector<std::string>& candidates) {
    // A typo is a few characters off; anything further is a different name, not a suggestion.
    size_t limit = std::max<size_t>(2, name.size() / 3);
    std::optional<std::string> best;
    size_t bestDistance = limit + 1;
    for (const auto& candidate : candidates) {
        size_t d = editDistance(name, candidate);
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

} // namespace simdesk
