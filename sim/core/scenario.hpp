// The scenario model: an immutable, validated branching customer conversation.
//
// Scenarios are built only by the loader (scenario_loader.hpp) from JSON that passed the schema;
// once built they are shared read-only (std::shared_ptr<const Scenario>) by players, scorers and
// screens. Node ids are resolved to indices at load time, so nothing downstream looks up strings.
#pragma once

#include "expression.hpp"
#include "lexicon.hpp"
#include "value.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace simdesk {

enum class Channel { Email, Chat, Phone, Social };
enum class Priority { P1, P2, P3, P4 };
enum class NodeKind { Message, Choice, FreeText, Handoff, Ending };
enum class Resolution { Resolved, Escalated, Pending, Unresolved, Lost };

std::string_view channelName(Channel channel);
std::string_view priorityName(Priority priority);
std::string_view nodeKindName(NodeKind kind);
std::string_view resolutionName(Resolution resolution);
std::optional<Channel> parseChannel(std::string_view name);
std::optional<Priority> parsePriority(std::string_view name);

inline constexpr int kMinMood = 0;
inline constexpr int kMaxMood = 100;
inline constexpr size_t kNoNode = static_cast<size_t>(-1);

struct Persona {
    std::string name, company, role, tier, temperament, background;
    int startingMood = 50;
};

struct VariableDecl {
    std::string name;
    ValueType type = ValueType::Bool;
    Value initial;
    int64_t min = 0, max = 100;  ///< int variables are clamped to [min, max]
    std::string description;
};

/// Criterion id → level reached (0 = lowest level of that criterion's scale).
using Points = std::map<std::string, int, std::less<>>;

struct Effect {
    enum class Op { Set, Add } op = Op::Set;
    std::string variable;
    Value value;
};

/// A guarded edge: taken when `condition` is absent or true.
struct Transition {
    ExpressionPtr condition;
    std::string conditionText;
    size_t target = kNoNode;
};

struct Choice {
    std::string id, text, feedback, cite;
    ExpressionPtr condition;
    std::string conditionText;
    bool hideWhenUnavailable = true;
    std::string unavailableReason;
    std::vector<Effect> effects;
    int moodDelta = 0;
    Points points;
    std::optional<std::string> critical;  ///< reason, when choosing this is a critical error
    size_t next = kNoNode;
};

/// A free-text rule (docs/scenario-format.md#free-text-rules). The kind decides which fields
/// matter; everything a rule needs to match (lexicons, compiled patterns) is resolved at load
/// time, so evaluating a rule never looks anything up by name.
class ReplyAnalyzer;
class RegexPrefilter;

struct TextRule {
    std::string id, kind, description;
    std::vector<std::string> any, all, none;   ///< phrases
    std::string lexiconId;                     ///< lexicon
    LexiconPtr lexicon;                        ///< lexicon (resolved), or `any` as stems for "stem" matching
    LexiconPtr negation;                       ///< the "negation" lexicon, when loaded
    LexiconPtr functionWords;                  ///< "function-words-en", when loaded: tells prose from a keyword list
    std::string pattern;                       ///< regex
    bool caseSensitive = false;                ///< regex
    std::shared_ptr<const re2::RE2> regex;     ///< regex (compiled; owned by `prefilter`)
    std::shared_ptr<const RegexPrefilter> prefilter;  ///< regex: words it cannot match without
    std::vector<size_t> refs;                  ///< order (first, then), proximity: earlier rules of the node
    int withinWords = 0;                       ///< proximity
    int minWords = 0, maxWords = 0;            ///< length (0 = no bound)
    double maxGrade = 0;                       ///< length: Flesch-Kincaid grade (0 = no bound)
    std::vector<std::string> parts;            ///< structure: greeting, acknowledgement, next_steps, timeline, sign_off
    std::vector<LexiconPtr> partLexicons;      ///< structure (resolved, same order as parts)
    std::vector<std::string> dataKinds;        ///< privacy, signal: which kinds count (empty = all)
    LexiconSet privacyLexicons;                ///< privacy: the lexicons requests are detected with
    std::string signal;                        ///< signal: the built-in signal's name ("blame", "personal_data")
    int minCount = 1;                          ///< signal: how many counting occurrences it takes
    std::optional<double> above;               ///< signal: only occurrences stating an amount above this count
    std::shared_ptr<const ReplyAnalyzer> analyzer;  ///< signal: raises the built-in signals (resolved at load)
    std::vector<std::string> caseNames;        ///< signal: whom the case is about (persona name, company, people its background names): no other customer
    std::vector<LexiconPtr> clauseGroups;      ///< claim: a clause with a word of every group states it
    LexiconPtr contradictions;                 ///< claim: phrases that state the opposite (stem-matched)
    std::string figureUnit;                    ///< claim: "days", "hours", "amount", "percent" or "date" ("" = no figures)
    std::vector<double> figuresAllowed;        ///< claim: the figures the facts allow (dates as yyyymmdd)
    std::vector<double> figuresAlsoRight;      ///< claim: true figures that do not state it alone ("$38 a seat")
    bool figureNeeded = true;                  ///< claim: only a right figure states it (false: its words do too)
    bool caps = false;         ///< when matched, its levels cap the criteria on this turn instead of joining the mean
    bool negatable = false;    ///< regex: a negation earlier in a match's clause cancels that match; claim: it states the opposite (default)
    bool inherited = false;    ///< added from the rubric's reply checks, not written in the scenario
    bool noSubstance = false;  ///< when matched, the reply has no substance and the turn fails (a list of terms)
    Points points, pointsIfMissing;
    int mood = 0, moodIfMissing = 0;
    std::string feedback, feedbackIfMissing, cite;
    std::optional<std::string> critical;
};

/// What a typed reply must achieve (docs/scenario-format.md#must-have-points): when `rule` does not
/// match, or one of `unless` does, the point is missed, `criterion` is rated 0 for the turn and the
/// turn fails.
struct MustHave {
    std::string ruleId, criterion, point;
    size_t rule = 0;             ///< index into the node's rules
    std::vector<size_t> unless;  ///< rules that contradict the point
};

struct TextBranch {
    std::vector<std::string> required;   ///< rule ids that must match
    std::vector<std::string> forbidden;  ///< rule ids that must not match
    size_t next = kNoNode;
};

struct Node {
    std::string id;
    NodeKind kind = NodeKind::Message;
    std::string text;      ///< message text / customer line on arrival / hand-off note / last words
    std::string prompt;    ///< choice and free-text nodes
    std::string modelAnswer;
    bool internal = false; ///< choice nodes: a tool action, not a reply (no response-time standard)
    int moodDelta = 0;     ///< message nodes: mood change on arrival
    int64_t waitSeconds = 0;
    std::vector<Transition> next;  ///< message and hand-off nodes; first true transition wins
    std::vector<Choice> choices;
    std::vector<TextRule> rules;
    std::vector<TextBranch> branches;
    std::vector<MustHave> mustHave;  ///< free-text nodes
    std::vector<std::string> skipReplyChecks;  ///< free-text nodes: rubric reply checks that do not apply ("all": none)
    /// Free-text nodes: the channel the reply is written for when it is not the scenario's (a recap
    /// sent by email after a chat); its length and readability bounds apply. Timing stays the scenario's.
    std::optional<Channel> writtenFor;
    size_t defaultNext = kNoNode;  ///< free-text nodes
    std::string handoffTo, handoffTeam;
    std::string outcome;
    Resolution resolution = Resolution::Resolved;
    std::string pointer;   ///< "/nodes/<id>", for diagnostics
};

struct Scenario {
    std::string id, version, title, summary, category;
    std::string brief;  ///< the situation as the trainee meets it (the summary is for authors: it has the answer)
    Channel channel = Channel::Chat;
    Priority priority = Priority::P3;
    int difficulty = 1;
    int estimatedMinutes = 0;
    std::vector<std::string> tags, standards;
    std::vector<std::string> policyAreas;  ///< seed 001 areas it rehearses
    std::vector<std::string> knowledge;    ///< knowledge-base article ids it relies on
    Persona persona;
    std::string rubricId;
    std::vector<VariableDecl> variables;
    size_t start = 0;
    std::vector<Node> nodes;
    std::map<std::string, size_t, std::less<>> nodeIndex;
    std::string sourcePath;   ///< as given to the loader
    std::string contentHash;  ///< of the file's bytes; stored with every session
    std::string sourceText;   ///< the file's bytes, so a store can keep the exact content a session used
    std::string variantOf;    ///< exam variants: the id of the scenario they vary ("" for a scenario itself)
    std::string variantId;    ///< exam variants: their short id ("b"); the scenario id is "<variantOf>--<variantId>"
    std::vector<std::string> variantIds;  ///< a scenario with exam variants: their short ids, in file order
    std::string structure;    ///< structuralFingerprint of its document: equal for variants that change only text

    const Node& node(size_t index) const { return nodes.at(index); }
    std::optional<size_t> findNode(std::string_view id) const;
    const VariableDecl* findVariable(std::string_view name) const;
    Variables initialVariables() const;
};

using ScenarioPtr = std::shared_ptr<const Scenario>;

/// FNV-1a 64 of the bytes, as "fnv1a64:<16 hex digits>": cheap, stable, enough to tell versions apart.
std::string contentHash(std::string_view bytes);

/// The scenario an exam variant varies: "refund--b" → "refund"; any other id is returned as is.
std::string_view baseScenarioId(std::string_view id);

/// Clamps an int variable's new value into its declared range.
Value applyEffect(const VariableDecl& decl, const Value& current, const Effect& effect);
int clampMood(int mood);

} // namespace simdesk
