// The rubric model: a QA scorecard of weighted criteria, as QA teams already write them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace simdesk {

enum class NaRule { Exclude, CountAsPass };
enum class CriticalRule { ZeroScore, FailKeepScore };
enum class AutoRating { None, ResponseTime };

struct Criterion {
    std::string id, title, sectionId, sectionTitle, help, standard;
    double weight = 1;
    int levels = 2;                    ///< 2 (binary), 3, 4 or 5
    std::vector<std::string> anchors;  ///< one per level, lowest first
    bool critical = false;             ///< lowest level is a critical error
    AutoRating autoRating = AutoRating::None;

    int maxLevel() const { return levels - 1; }
    /// The anchor for a level (clamped into range).
    const std::string& anchor(int level) const;
};

/// A check every typed turn gets unless the turn opts out (docs/rubric-format.md#reply-checks):
/// when the reply raises `signal` (of one of `kinds`, stating an amount `above` the limit when one
/// is set, at least `minCount` times), the listed
/// criteria are capped at the given levels for that turn, and `critical` makes it a critical error
/// as the matching choice would be.
struct ReplyCheck {
    std::string id, signal, description;
    std::vector<std::string> kinds;
    int minCount = 1;
    std::optional<double> above;  ///< only occurrences whose text states an amount above this count
    std::map<std::string, int, std::less<>> levels;  ///< criterion → the level it is capped at
    std::optional<std::string> critical;
    bool noSubstance = false;  ///< a reply it matches says nothing: the turn fails ("a list of terms")
    int mood = 0;
    std::string feedback, cite;
};

struct RubricSection {
    std::string id, title;
};

struct Rubric {
    std::string id, version, title, description;
    double passThreshold = 80;  ///< percent
    NaRule naRule = NaRule::Exclude;
    CriticalRule criticalRule = CriticalRule::ZeroScore;
    std::vector<RubricSection> sections;
    std::vector<Criterion> criteria;  ///< in section order
    std::vector<ReplyCheck> replyChecks;  ///< applied to every typed turn of its scenarios
    std::string sourcePath, contentHash;
    std::string sourceText;  ///< the file's bytes (see Scenario::sourceText)

    const Criterion* findCriterion(std::string_view id) const;
    std::vector<std::string> criterionIds() const;
};

using RubricPtr = std::shared_ptr<const Rubric>;

std::string_view naRuleName(NaRule rule);
std::string_view criticalRuleName(CriticalRule rule);
/// Levels for a scale name ("binary" → 2, "3-point" → 3 …); 0 if unknown.
int scaleLevels(std::string_view scale);

} // namespace simdesk
