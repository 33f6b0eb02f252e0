// Transcript: the record of one played conversation, as the player writes it and the scorer,
// the store and the debrief read it.
#pragma once

#include "result.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace simdesk {

enum class EntryKind { Customer, TraineeChoice, TraineeReply, Handoff, Ending };

std::string_view entryKindName(EntryKind kind);

struct TranscriptEntry {
    EntryKind kind = EntryKind::Customer;
    std::string nodeId;
    std::string text;      ///< what was said (customer, trainee) or the hand-off note
    std::string choiceId;  ///< TraineeChoice only
    int64_t at = 0;        ///< clock time (seconds since the epoch) the entry happened
    double seconds = 0;    ///< trainee entries: how long the trainee took to respond
    int moodAfter = 50;    ///< customer mood once the entry took effect
    std::string handoffTo; ///< Handoff only
    std::vector<std::string> redacted;  ///< kinds of secret masked out of `text` before it was stored
    bool operator==(const TranscriptEntry&) const = default;
};

struct Transcript {
    std::string scenarioId, scenarioVersion, scenarioHash, rubricId;
    int64_t startedAt = 0;
    std::vector<TranscriptEntry> entries;
    std::optional<std::string> endingId;

    bool finished() const { return endingId.has_value(); }
    /// Index of the n-th trainee turn (0-based) among entries, for "turn 3" style evidence.
    size_t traineeTurnCount() const;
};

nlohmann::json transcriptToJson(const Transcript& transcript);
Result<Transcript> transcriptFromJson(const nlohmann::json& json);

} // namespace simdesk
