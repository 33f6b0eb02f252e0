// The parts of the store contract that hold for every backend (see store_rules.hpp).
#include "store.hpp"
#include "store_rules.hpp"
#include "card_codec.hpp"

#include "core/redaction.hpp"

#include <algorithm>
#include <cstdio>

namespace simdesk::store {

std::string_view roleName(Role role) {
    static constexpr std::string_view names[] = {"trainee", "reviewer", "lead"};
    return names[static_cast<int>(role)];
}

std::optional<Role> parseRole(std::string_view name) {
    for (auto r : {Role::Trainee, Role::Reviewer, Role::Lead})
        if (roleName(r) == name)
            return r;
    return std::nullopt;
}

std::string_view sessionStatusName(SessionStatus status) {
    static constexpr std::string_view names[] = {"active", "finished", "abandoned"};
    return names[static_cast<int>(status)];
}

SessionStatus sessionStatusFromName(const std::string& name) {
    return name == "finished" ? SessionStatus::Finished : name == "abandoned" ? SessionStatus::Abandoned : SessionStatus::Active;
}

/// C1 controls are U+0080-U+009F.
std::optional<std::string> personNameProblem(const std::string& name) {
    if (name.find_first_not_of(" \t\r\n\f\v") == std::string::npos)
        return name.empty() ? "a person needs a name" : "a person needs a name, not only spaces";
    for (size_t i = 0; i < name.size(); ++i) {
        auto byte = static_cast<unsigned char>(name[i]);
        bool c1 = byte == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) <= 0x9F &&
                  static_cast<unsigned char>(name[i + 1]) >= 0x80;
        if (byte < 0x20 || byte == 0x7F || c1) {
            char code[8];
            std::snprintf(code, sizeof code, "\\x%02x", c1 ? static_cast<unsigned char>(name[i + 1]) : byte);
            return "a name cannot contain control characters (found " + std::string(code) + " at byte " +
                   std::to_string(i + 1) + ")";
        }
    }
    return std::nullopt;
}

std::string trimmedTeam(const std::string& team) {
    constexpr const char* kSpace = " \t\r\n\f\v";
    size_t first = team.find_first_not_of(kSpace);
    if (first == std::string::npos) return {};
    return team.substr(first, team.find_last_not_of(kSpace) - first + 1);
}

std::optional<std::string> teamNameProblem(const std::string& team) {
    std::string trimmed = trimmedTeam(team);
    if (trimmed.empty()) return std::nullopt;  // no team
    // A control character is refused as in a name (a terminal would act on it in `people list`).
    if (auto problem = personNameProblem(trimmed)) return "a team name cannot contain control characters";
    if (trimmed.size() > 100) return "a team name is at most 100 bytes (got " + std::to_string(trimmed.size()) + ")";
    return std::nullopt;
}

TranscriptEntry maskedForStorage(const TranscriptEntry& entry, bool mask) {
    TranscriptEntry stored = entry;
    if (mask && entry.kind == EntryKind::TraineeReply) {
        RedactedText redacted = redactSecrets(entry.text);
        stored.text = redacted.text;
        for (const auto& f : redacted.found) {
            std::string kind(secretKindName(f.kind));
            if (std::find(stored.redacted.begin(), stored.redacted.end(), kind) == stored.redacted.end())
                stored.redacted.push_back(kind);
        }
    }
    return stored;
}

std::string maskedDraftText(const std::string& text, bool mask) {
    return mask ? redactSecrets(text).text : text;
}

std::string joinRedacted(const std::vector<std::string>& kinds) {
    std::string out;
    for (const auto& k : kinds)
        out += (out.empty() ? "" : ",") + k;
    return out;
}

std::vector<std::string> splitRedacted(const std::string& column) {
    std::vector<std::string> out;
    for (size_t start = 0; start < column.size();) {
        size_t comma = column.find(',', start);
        if (comma == std::string::npos)
            comma = column.size();
        out.push_back(column.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

EntryKind entryKindFromName(const std::string& name) {
    for (auto k : {EntryKind::Customer, EntryKind::TraineeChoice, EntryKind::TraineeReply, EntryKind::Handoff, EntryKind::Ending})
        if (entryKindName(k) == name)
            return k;
    return EntryKind::Customer;
}

int64_t criticalCountOf(const ScoreCard& card) {
    return static_cast<int64_t>(card.criticalErrors.size() + card.failedTypedTurns().size());
}

bool isBlank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string noCalibrationSession(int64_t id) { return "no calibration session " + std::to_string(id); }

std::optional<std::string> calibrationSessionProblem(const CalibrationSession& session, const std::vector<int64_t>& conversations) {
    if (isBlank(session.name)) return "a calibration session needs a name";
    if (conversations.empty()) return "a calibration session needs at least one conversation";
    for (size_t i = 0; i < conversations.size(); ++i)
        if (std::count(conversations.begin(), conversations.end(), conversations[i]) > 1)
            return "session #" + std::to_string(conversations[i]) + " is in the batch twice";
    for (size_t i = 0; i < session.graderIds.size(); ++i)
        if (std::count(session.graderIds.begin(), session.graderIds.end(), session.graderIds[i]) > 1)
            return "the same grader is invited twice";
    // Agreement needs two people; a lead who grades too counts, but must be invited like anyone.
    if (session.graderIds.size() < 2) return "a calibration session needs at least two invited graders";
    return std::nullopt;
}

Status peerGradesAllowed(TrainingStore& store, const CalibrationRound& round, int64_t graderId) {
    const std::string blind = "calibration round " + std::to_string(round.id) + " is still blind";
    if (!round.calibrationSessionId) return fail(blind + "; its grades show once it is revealed");
    auto session = store.calibrationSession(*round.calibrationSessionId);
    if (!session) return session.error();
    if (!session->peersAfterSubmit) return fail(blind + "; its session shows peers' grades only once it is revealed");
    auto own = store.calibrationGradesBy(round.id, graderId);
    if (!own) return own.error();
    if (own->empty()) return fail(blind + "; peers' grades show after you submit your own");
    return Ok{};
}

std::optional<std::string> sessionGradeProblem(int64_t sessionId, bool invited, int64_t deadline, int64_t at) {
    if (!invited) return "this grader is not invited to calibration session " + std::to_string(sessionId);
    if (at > deadline)
        return "calibration session " + std::to_string(sessionId) + " closed at its deadline; a lead can extend it";
    return std::nullopt;
}

Transcript transcriptOf(const SessionInfo& info) {
    Transcript t;
    t.scenarioId = info.scenarioId;
    t.scenarioVersion = info.scenarioVersion;
    t.scenarioHash = info.scenarioHash;
    t.rubricId = info.rubricId;
    t.startedAt = info.startedAt;
    if (!info.endingId.empty()) t.endingId = info.endingId;
    return t;
}

std::vector<RunCriterion> runCriteriaOf(const ScoreCard& card) {
    std::vector<RunCriterion> rows;
    rows.reserve(card.criteria.size());
    for (const auto& c : card.criteria) rows.push_back({c.id, c.title, c.levels, c.applicable, c.applicable ? c.level : 0, c.rerated});
    return rows;
}

PreparedRun prepareRun(const ScoreCard& card) {
    PreparedRun run;
    run.rubricId = card.rubricId;
    run.rubricVersion = card.rubricVersion;
    run.computedPercent = card.computedPercent;
    run.finalPercent = card.finalPercent;
    run.threshold = card.threshold;
    run.automaticPercent = card.automaticPercent;
    run.passed = card.passed;
    // Compact (card_codec.hpp): evidence notes and anchors are left out, the snapshots rebuild them.
    run.encodedCard = encodeStoredCard(card);
    run.criticalCount = criticalCountOf(card);
    run.criteria = runCriteriaOf(card);
    return run;
}

Result<int64_t> TrainingStore::addScoringRun(int64_t sessionId, const ScoreCard& card, const std::string& rubricHash,
                                             const std::string& reason, int64_t scoredAt) {
    return addPreparedRun(sessionId, prepareRun(card), rubricHash, reason, scoredAt);
}

} // namespace simdesk::store
