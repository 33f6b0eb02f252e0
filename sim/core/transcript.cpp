#include "transcript.hpp"

namespace simdesk {

using nlohmann::json;

std::string_view entryKindName(EntryKind kind) {
    static constexpr std::string_view names[] = {"customer", "choice", "reply", "handoff", "ending"};
    return names[static_cast<int>(kind)];
}

size_t Transcript::traineeTurnCount() const {
    size_t n = 0;
    for (const auto& e : entries)
        if (e.kind == EntryKind::TraineeChoice || e.kind == EntryKind::TraineeReply) ++n;
    return n;
}

json transcriptToJson(const Transcript& t) {
    json entries = json::array();
    for (const auto& e : t.entries) {
        json j = {{"kind", entryKindName(e.kind)}, {"node", e.nodeId}, {"at", e.at}, {"mood", e.moodAfter}};
        if (!e.text.empty()) j["text"] = e.text;
        if (!e.choiceId.empty()) j["choice"] = e.choiceId;
        if (e.kind == EntryKind::TraineeChoice || e.kind == EntryKind::TraineeReply) j["seconds"] = e.seconds;
        if (!e.handoffTo.empty()) j["to"] = e.handoffTo;
        if (!e.redacted.empty()) j["redacted"] = e.redacted;
        entries.push_back(std::move(j));
    }
    json out = {{"format", "simdesk-transcript/1"},
                {"scenario", {{"id", t.scenarioId}, {"version", t.scenarioVersion}, {"hash", t.scenarioHash}}},
                {"rubric", t.rubricId},
                {"started_at", t.startedAt},
                {"entries", std::move(entries)}};
    if (t.endingId) out["ending"] = *t.endingId;
    return out;
}

Result<Transcript> transcriptFromJson(const json& j) {
    try {
        if (j.value("format", "") != "simdesk-transcript/1")
            return fail("not a simdesk transcript (expected \"format\": \"simdesk-transcript/1\")");
        Transcript t;
        t.scenarioId = j.at("scenario").at("id");
        t.scenarioVersion = j.at("scenario").at("version");
        t.scenarioHash = j.at("scenario").at("hash");
        t.rubricId = j.at("rubric");
        t.startedAt = j.at("started_at");
        for (const auto& e : j.at("entries")) {
            TranscriptEntry entry;
            std::string kind = e.at("kind");
            bool known = false;
            for (auto k : {EntryKind::Customer, EntryKind::TraineeChoice, EntryKind::TraineeReply, EntryKind::Handoff,
                           EntryKind::Ending})
                if (entryKindName(k) == kind) {
                    entry.kind = k;
                    known = true;
                }
            if (!known) return fail("transcript entry has unknown kind \"" + kind + "\"");
            entry.nodeId = e.at("node");
            entry.at = e.at("at");
            entry.moodAfter = e.at("mood");
            entry.text = e.value("text", "");
            entry.choiceId = e.value("choice", "");
            entry.seconds = e.value("seconds", 0.0);
            entry.handoffTo = e.value("to", "");
            entry.redacted = e.value("redacted", std::vector<std::string>{});
            t.entries.push_back(std::move(entry));
        }
        if (j.contains("ending")) t.endingId = j["ending"].get<std::string>();
        return t;
    } catch (const json::exception& e) {
        return fail(std::string("malformed transcript: ") + e.what());
    }
}

} // namespace simdesk
