// Copying records between stores through TrainingStore alone: load both sides, key every record
// naturally, refuse on conflicts, write what is missing in one transaction, then compare hashes.
#include "db_copy.hpp"

#include "core/scenario.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace simdesk::store {
namespace {

using nlohmann::json;

/// The canonical text of a record's content: invalid UTF-8 (a reply from a hand-made script) is
/// replaced, never thrown, alike on both sides.
std::string canonical(const json& content) {
    return content.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// A record's key part for the record it refers to; one the store did not list (a server's policies
/// hide it from this role) gets a key no target holds, so its copy is refused rather than thrown.
std::string keyOf(const std::map<int64_t, std::string>& keys, int64_t id) {
    auto it = keys.find(id);
    return it == keys.end() ? "(unlisted #" + std::to_string(id) + ")" : it->second;
}

/// Everything one store holds, read through the interface.
struct Loaded {
    std::vector<Person> people;
    std::map<int64_t, std::string> personName;
    std::vector<SessionInfo> sessions;
    std::map<int64_t, std::string> sessionKey;  ///< session id → natural key
    std::map<int64_t, Transcript> transcripts;
    std::map<int64_t, std::vector<ScoringRun>> runs;
    std::map<int64_t, std::vector<Review>> reviews;
    std::map<int64_t, std::vector<CoachingNote>> notes;
    std::vector<TurnReview> turnReviews;
    std::vector<CoachingPlan> plans;
    std::vector<CertificationAttempt> attempts;
    std::vector<Certification> certifications;
    std::vector<CalibrationRound> rounds;
    std::map<int64_t, std::string> roundKey;
    std::map<int64_t, std::vector<CalibrationGrade>> grades;
    std::vector<CalibrationSession> calibrationSessions;
    std::map<int64_t, std::string> calibrationSessionKey;
    std::vector<Dispute> disputes;
    std::vector<ReplyDraft> drafts;  ///< of active sessions: a finished one has none
};

/// "key", then "key#2", "key#3" for records that share one (two sessions started the same second).
std::string numbered(std::map<std::string, int>& seen, const std::string& key) {
    int n = ++seen[key];
    return n == 1 ? key : key + "#" + std::to_string(n);
}

template <typename T, typename F>
Status append(std::vector<T>& into, F&& read) {
    auto got = read();
    if (!got) return got.error();
    into.insert(into.end(), got->begin(), got->end());
    return Ok{};
}

Status loadPeople(TrainingStore& store, Loaded& out) {
    auto people = store.people();
    if (!people) return people.error();
    out.people = *people;
    for (const auto& p : out.people) {
        out.personName[p.id] = p.name;
        if (auto s = append(out.plans, [&] { return store.coachingPlans(p.id); }); !s) return s;
        if (auto s = append(out.attempts, [&] { return store.certificationAttempts(p.id); }); !s) return s;
        if (auto s = append(out.certifications, [&] { return store.certifications(p.id); }); !s) return s;
    }
    return Ok{};
}

Status loadSession(TrainingStore& store, const SessionInfo& info, Loaded& out) {
    auto transcript = store.transcript(info.id);
    if (!transcript) return transcript.error();
    out.transcripts[info.id] = *transcript;
    auto runs = store.scoringRuns(info.id);
    if (!runs) return runs.error();
    out.runs[info.id] = *runs;
    auto reviews = store.reviews(info.id);
    if (!reviews) return reviews.error();
    out.reviews[info.id] = *reviews;
    auto notes = store.coachingNotes(info.id);
    if (!notes) return notes.error();
    out.notes[info.id] = *notes;
    return Ok{};
}

/// A round's grades, blind or not: each grader's own, as calibrationGradesBy allows at any time.
Status loadGrades(TrainingStore& store, const CalibrationRound& round, Loaded& out) {
    auto progress = store.calibrationProgress(round.id);
    if (!progress) return progress.error();
    auto& grades = out.grades[round.id];
    for (const auto& g : *progress)
        if (auto s = append(grades, [&] { return store.calibrationGradesBy(round.id, g.graderId); }); !s) return s;
    return Ok{};
}

Result<Loaded> load(TrainingStore& store) {
    Loaded out;
    if (auto s = loadPeople(store, out); !s) return s.error();
    auto sessions = store.sessions(std::nullopt);
    if (!sessions) return sessions.error();
    out.sessions = *sessions;
    std::sort(out.sessions.begin(), out.sessions.end(), [](auto& a, auto& b) { return a.id < b.id; });
    std::map<std::string, int> seen;
    for (const auto& s : out.sessions) {
        out.sessionKey[s.id] = numbered(seen, s.personName + " | " + s.scenarioId + " | " + std::to_string(s.startedAt));
        if (auto st = loadSession(store, s, out); !st) return st.error();
    }
    if (auto s = append(out.turnReviews, [&] { return store.turnReviews(std::nullopt); }); !s) return s.error();
    if (auto s = append(out.disputes, [&] { return store.disputes(std::nullopt); }); !s) return s.error();
    if (auto s = append(out.rounds, [&] { return store.calibrationRounds(); }); !s) return s.error();
    seen.clear();
    for (const auto& r : out.rounds) {
        out.roundKey[r.id] = numbered(seen, keyOf(out.sessionKey, r.sessionId) + " | " + r.title + " | " + std::to_string(r.createdAt));
        if (auto s = loadGrades(store, r, out); !s) return s.error();
    }
    if (auto s = append(out.calibrationSessions, [&] { return store.calibrationSessions(); }); !s) return s.error();
    seen.clear();
    for (const auto& c : out.calibrationSessions)
        out.calibrationSessionKey[c.id] = numbered(seen, c.name + " | " + c.createdByName + " | " + std::to_string(c.createdAt));
    for (const auto& s : out.sessions) {
        if (s.status != SessionStatus::Active) continue;
        auto draft = store.draft(s.id);
        if (!draft) return draft.error();
        if (*draft) out.drafts.push_back(**draft);
    }
    return out;
}

/// Target ids by natural key, filled from the target and grown as records are copied.
struct Ids {
    TrainingStore& target;
    int64_t now = 0;
    std::map<std::string, int64_t> person, session, round, calibrationSession;
    std::vector<std::function<Status()>> last;  ///< archiving and revealing, after every other write
    int64_t of(const std::map<std::string, int64_t>& ids, const std::string& key) const {
        auto it = ids.find(key);
        return it == ids.end() ? 0 : it->second;
    }
};

struct Row {
    std::string key;
    json content;
    std::function<Status(Ids&)> copy;
};
using Tables = std::vector<std::pair<std::string, std::vector<Row>>>;

json entryJson(const TranscriptEntry& e) {
    return {entryKindName(e.kind), e.nodeId, e.text, e.choiceId, e.at, e.seconds, e.moodAfter, e.handoffTo, e.redacted};
}

std::vector<Row> peopleRows(const Loaded& l) {
    std::vector<Row> rows;
    for (const auto& p : l.people) {
        // enrolledOn is left out: addPerson dates every enrolment the day it runs (see the docs).
        json content = {roleName(p.role), p.startDate, p.tracks, p.archived};
        // The team only when there is one, so a copy made before teams still matches its source.
        if (!p.team.empty()) content.push_back(p.team);
        rows.push_back({p.name, content, [p](Ids& ids) -> Status {
                            auto added = ids.target.addPerson(p.name, p.role, p.startDate, p.tracks);
                            if (!added) return added.error();
                            ids.person[p.name] = added->id;
                            if (!p.team.empty())
                                if (auto team = ids.target.setPersonTeam(added->id, p.team); !team) return team;
                            if (p.archived)
                                ids.last.push_back([&ids, id = added->id] { return ids.target.setPersonArchived(id, true, ids.now); });
                            return Ok{};
                        }});
    }
    return rows;
}

Status copySession(Ids& ids, TrainingStore& source, const SessionInfo& s, const Transcript& t, const std::string& key) {
    NewSession n;
    n.personId = ids.of(ids.person, s.personName);
    n.mode = s.mode;
    n.startedAt = s.startedAt;
    auto scenario = source.snapshot(s.scenarioHash);
    if (!scenario) return scenario.error();
    auto rubric = source.snapshot(s.rubricHash);
    if (!rubric) return rubric.error();
    n.scenario = *scenario, n.rubric = *rubric;
    auto id = ids.target.startSession(n);
    if (!id) return id.error();
    ids.session[key] = *id;
    for (const auto& e : t.entries)
        if (auto added = ids.target.appendTurn(*id, e, e.at); !added) return added.error();
    if (s.status == SessionStatus::Finished) return ids.target.finishSession(*id, s.endingId, s.endedAt.value_or(0));
    if (s.status == SessionStatus::Abandoned) return ids.target.abandonSession(*id, s.endedAt.value_or(0));
    return Ok{};
}

std::vector<Row> sessionRows(const Loaded& l, TrainingStore& source) {
    std::vector<Row> rows;
    for (const auto& s : l.sessions) {
        const auto& t = l.transcripts.at(s.id);
        json entries = json::array();
        for (const auto& e : t.entries) entries.push_back(entryJson(e));
        std::string key = keyOf(l.sessionKey, s.id);
        json content = {s.scenarioVersion, s.scenarioHash, s.rubricId, s.rubricHash, s.mode,
                        s.endedAt ? json(*s.endedAt) : json(nullptr), s.endingId, sessionStatusName(s.status), entries};
        rows.push_back({key, content, [&source, s, t, key](Ids& ids) { return copySession(ids, source, s, t, key); }});
    }
    return rows;
}

std::vector<Row> runRows(const Loaded& l) {
    std::vector<Row> rows;
    std::map<std::string, int> seen;
    for (const auto& [sessionId, runs] : l.runs)
        for (const auto& r : runs) {
            std::string session = keyOf(l.sessionKey, sessionId);
            std::string key = numbered(seen, session + " | " + std::to_string(r.scoredAt) + " | " + r.reason);
            json content = {r.rubricId, r.rubricVersion, r.rubricHash, r.computedPercent, r.finalPercent, r.passed,
                            canonical(r.card), r.criticalCount};
            rows.push_back({key, content, [r, session](Ids& ids) -> Status {
                                auto card = scoreCardFromStoredJson(r.card);
                                if (!card) return card.error();
                                auto id = ids.target.addScoringRun(ids.of(ids.session, session), *card, r.rubricHash, r.reason, r.scoredAt);
                                if (!id) return id.error();
                                return Ok{};
                            }});
        }
    return rows;
}

std::vector<Row> reviewRows(const Loaded& l) {
    std::vector<Row> rows;
    std::map<std::string, int> seen;
    for (const auto& [sessionId, reviews] : l.reviews)
        for (const auto& r : reviews) {
            std::string session = keyOf(l.sessionKey, sessionId);
            std::string key = numbered(seen, session + " | " + r.authorName + " | " + r.criterionId + " | " + std::to_string(r.createdAt));
            rows.push_back({key, json{r.level, r.reason}, [r, session](Ids& ids) -> Status {
                                Review copy = r;
                                copy.sessionId = ids.of(ids.session, session);
                                copy.authorId = ids.of(ids.person, r.authorName);
                                auto id = ids.target.addReview(copy);
                                if (!id) return id.error();
                                return Ok{};
                            }});
        }
    return rows;
}

std::vector<Row> turnReviewRows(const Loaded& l) {
    std::vector<Row> rows;
    for (const auto& r : l.turnReviews) {
        std::string session = keyOf(l.sessionKey, r.sessionId);
        std::string key = session + " | turn " + std::to_string(r.turn);  // one decision per turn
        rows.push_back({key, json{r.decision, r.reason, r.reviewerName, r.createdAt}, [r, session](Ids& ids) -> Status {
                            TurnReview copy = r;
                            copy.sessionId = ids.of(ids.session, session);
                            copy.reviewerId = ids.of(ids.person, r.reviewerName);
                            auto id = ids.target.addTurnReview(copy);
                            if (!id) return id.error();
                            return Ok{};
                        }});
    }
    return rows;
}

std::vector<Row> noteRows(const Loaded& l) {
    std::vector<Row> rows;
    std::map<std::string, int> seen;
    for (const auto& [sessionId, notes] : l.notes)
        for (const auto& n : notes) {
            std::string session = keyOf(l.sessionKey, sessionId);
            std::string key = numbered(seen, session + " | " + n.authorName + " | " + std::to_string(n.createdAt));
            rows.push_back({key, json{n.text}, [n, session](Ids& ids) -> Status {
                                CoachingNote copy = n;
                                copy.sessionId = ids.of(ids.session, session);
                                copy.authorId = ids.of(ids.person, n.authorName);
                                auto id = ids.target.addCoachingNote(copy);
                                if (!id) return id.error();
                                return Ok{};
                            }});
        }
    return rows;
}

std::vector<Row> planRows(const Loaded& l) {
    std::vector<Row> rows;
    std::map<std::string, int> seen;
    for (const auto& p : l.plans) {
        std::string trainee = keyOf(l.personName, p.traineeId);
        std::string session = p.sessionId ? keyOf(l.sessionKey, *p.sessionId) : "";
        std::string key = numbered(seen, trainee + " | " + p.authorName + " | " + std::to_string(p.createdAt));
        json content = {session, p.plan, p.acknowledgedAt ? json(*p.acknowledgedAt) : json(nullptr)};
        rows.push_back({key, content, [p, trainee, session](Ids& ids) -> Status {
                            CoachingPlan copy = p;
                            copy.traineeId = ids.of(ids.person, trainee);
                            copy.authorId = ids.of(ids.person, p.authorName);
                            if (p.sessionId) copy.sessionId = ids.of(ids.session, session);
                            copy.acknowledgedAt.reset();
                            auto id = ids.target.addCoachingPlan(copy);
                            if (!id) return id.error();
                            if (p.acknowledgedAt) return ids.target.acknowledgePlan(*id, *p.acknowledgedAt);
                            return Ok{};
                        }});
    }
    return rows;
}

std::vector<Row> attemptRows(const Loaded& l) {
    std::vector<Row> rows;
    std::map<std::string, int> seen;
    for (const auto& a : l.attempts) {
        std::string person = keyOf(l.personName, a.personId), session = keyOf(l.sessionKey, a.sessionId);
        std::string key = numbered(seen, session + " | " + a.trackId + " | " + a.levelId);
        rows.push_back({key, json{person, a.passed, a.at}, [a, person, session](Ids& ids) -> Status {
                            CertificationAttempt copy = a;
                            copy.personId = ids.of(ids.person, person);
                            copy.sessionId = ids.of(ids.session, session);
                            auto id = ids.target.addCertificationAttempt(copy);
                            if (!id) return id.error();
                            return Ok{};
                        }});
    }
    return rows;
}

std::vector<Row> certificationRows(const Loaded& l) {
    std::vector<Row> rows;
    std::map<std::string, int> seen;
    for (const auto& c : l.certifications) {
        std::string person = keyOf(l.personName, c.personId);
        std::string key = numbered(seen, person + " | " + c.trackId + " | " + std::to_string(c.awardedAt));
        rows.push_back({key, json{c.expiresAt}, [c, person](Ids& ids) -> Status {
                            Certification copy = c;
                            copy.personId = ids.of(ids.person, person);
                            auto id = ids.target.awardCertification(copy);
                            if (!id) return id.error();
                            return Ok{};
                        }});
    }
    return rows;
}

/// A calibration session's conversations and rounds, as natural keys in round order (the order the
/// batch was opened in, which createCalibrationSession keeps).
struct SessionBatch {
    std::vector<std::string> conversations, rounds;
};

SessionBatch batchOf(const Loaded& l, const CalibrationSession& c) {
    std::map<int64_t, const CalibrationRound*> byId;
    for (const auto& r : l.rounds) byId[r.id] = &r;
    SessionBatch batch;
    for (int64_t id : c.roundIds) {
        auto it = byId.find(id);
        batch.conversations.push_back(it == byId.end() ? "(unlisted round #" + std::to_string(id) + ")"
                                                       : keyOf(l.sessionKey, it->second->sessionId));
        batch.rounds.push_back(keyOf(l.roundKey, id));
    }
    return batch;
}

/// Opens the session on the target with its invitations and rounds, once: by its first round to be
/// copied (so rounds keep their order, the source's oldest first), or by its own row.
Status copyCalibrationSession(Ids& ids, const CalibrationSession& c, const SessionBatch& batch, const std::string& key) {
    if (ids.calibrationSession.count(key)) return Ok{};
    CalibrationSession copy = c;
    copy.createdBy = ids.of(ids.person, c.createdByName);
    copy.graderIds.clear();
    for (const auto& name : c.graderNames) copy.graderIds.push_back(ids.of(ids.person, name));
    copy.revealedAt.reset();
    copy.benchmarkId.reset();
    std::vector<int64_t> conversations;
    for (const auto& key : batch.conversations) conversations.push_back(ids.of(ids.session, key));
    // Its rounds are made with it (one per conversation, in this order): the rounds table then finds them.
    auto id = ids.target.createCalibrationSession(copy, conversations);
    if (!id) return id.error();
    ids.calibrationSession[key] = *id;
    auto created = ids.target.calibrationSession(*id);
    if (!created) return created.error();
    if (created->roundIds.size() != batch.rounds.size())
        return fail("the copy of calibration session \"" + c.name + "\" has " + std::to_string(created->roundIds.size()) +
                    " rounds, its source " + std::to_string(batch.rounds.size()));
    for (size_t i = 0; i < batch.rounds.size(); ++i) ids.round[batch.rounds[i]] = created->roundIds[i];
    if (!c.benchmarkName.empty())
        if (auto s = ids.target.setCalibrationBenchmark(*id, ids.of(ids.person, c.benchmarkName)); !s) return s;
    // Revealed (with every round of it) after the grades are copied: a revealed round takes no more.
    if (c.revealedAt)
        ids.last.push_back([&ids, id = *id, at = *c.revealedAt] { return ids.target.revealCalibrationSession(id, at); });
    return Ok{};
}

std::vector<Row> calibrationSessionRows(const Loaded& l) {
    std::vector<Row> rows;
    for (const auto& c : l.calibrationSessions) {
        SessionBatch batch = batchOf(l, c);
        std::vector<std::string> graders = c.graderNames;
        std::sort(graders.begin(), graders.end());
        // The deadline as it stands: the extensions before it are not kept, by either backend.
        json content = {c.createdByName, c.sampling, c.deadline, c.peersAfterSubmit,
                        c.revealedAt ? json(*c.revealedAt) : json(nullptr), c.benchmarkName, graders, batch.conversations};
        std::string key = keyOf(l.calibrationSessionKey, c.id);
        rows.push_back({key, content, [c, batch, key](Ids& ids) { return copyCalibrationSession(ids, c, batch, key); }});
    }
    return rows;
}

std::vector<Row> roundRows(const Loaded& l) {
    std::map<int64_t, const CalibrationSession*> batches;
    for (const auto& c : l.calibrationSessions) batches[c.id] = &c;
    std::vector<Row> rows;
    for (const auto& r : l.rounds) {
        std::string key = keyOf(l.roundKey, r.id), session = keyOf(l.sessionKey, r.sessionId);
        json content = {r.createdByName, r.revealedAt ? json(*r.revealedAt) : json(nullptr)};
        // A round of a calibration session names it (a round of its own, as before sessions, does not).
        if (r.calibrationSessionId) {
            std::string batchKey = keyOf(l.calibrationSessionKey, *r.calibrationSessionId);
            content.push_back(batchKey);
            auto it = batches.find(*r.calibrationSessionId);
            std::optional<CalibrationSession> c;
            if (it != batches.end()) c = *it->second;
            SessionBatch batch = c ? batchOf(l, *c) : SessionBatch{};
            // Made with its session, which the first of its rounds to be copied opens.
            rows.push_back({key, content, [key, c, batch, batchKey](Ids& ids) -> Status {
                                if (c)
                                    if (auto s = copyCalibrationSession(ids, *c, batch, batchKey); !s) return s;
                                if (ids.round.count(key)) return Ok{};
                                return fail("round " + key + " belongs to calibration session " + batchKey +
                                            ", which the target holds without it");
                            }});
            continue;
        }
        rows.push_back({key, content, [r, key, session](Ids& ids) -> Status {
                            CalibrationRound copy = r;
                            copy.sessionId = ids.of(ids.session, session);
                            copy.createdBy = ids.of(ids.person, r.createdByName);
                            copy.revealedAt.reset();
                            auto id = ids.target.createCalibrationRound(copy);
                            if (!id) return id.error();
                            ids.round[key] = *id;
                            // Revealed after its grades are copied: a revealed round takes no more.
                            if (r.revealedAt)
                                ids.last.push_back([&ids, id = *id, at = *r.revealedAt] { return ids.target.revealCalibrationRound(id, at); });
                            return Ok{};
                        }});
    }
    return rows;
}

std::vector<Row> gradeRows(const Loaded& l) {
    std::vector<Row> rows;
    for (const auto& [roundId, grades] : l.grades)
        for (const auto& g : grades) {
            std::string round = keyOf(l.roundKey, roundId);
            std::string key = round + " | " + g.graderName + " | " + g.criterionId;
            rows.push_back({key, json{g.level, g.note, g.createdAt}, [g, round](Ids& ids) -> Status {
                                CalibrationGrade copy = g;
                                copy.roundId = ids.of(ids.round, round);
                                copy.graderId = ids.of(ids.person, g.graderName);
                                return ids.target.addCalibrationGrade(copy);
                            }});
        }
    return rows;
}

json resolutionJson(const std::optional<DisputeResolution>& r) {
    if (!r) return nullptr;
    return {r->resolverName, r->outcome, r->level ? json(*r->level) : json(nullptr), r->reason, r->resolvedAt};
}

std::vector<Row> disputeRows(const Loaded& l) {
    std::vector<Row> rows;
    std::map<std::string, int> seen;
    for (const auto& d : l.disputes) {
        std::string session = keyOf(l.sessionKey, d.sessionId);
        std::string key = numbered(seen, session + " | " + d.criterionId + " | " + std::to_string(d.openedAt));
        json content = {d.traineeName, d.reason, resolutionJson(d.resolution)};
        rows.push_back({key, content, [d, session](Ids& ids) -> Status {
                            Dispute copy = d;
                            copy.sessionId = ids.of(ids.session, session);
                            copy.traineeId = ids.of(ids.person, d.traineeName);
                            copy.resolution.reset();
                            auto id = ids.target.openDispute(copy);
                            if (!id) return id.error();
                            if (!d.resolution) return Ok{};
                            DisputeResolution resolution = *d.resolution;
                            resolution.resolverId = ids.of(ids.person, resolution.resolverName);
                            return ids.target.resolveDispute(*id, resolution);
                        }});
    }
    return rows;
}

std::vector<Row> draftRows(const Loaded& l) {
    std::vector<Row> rows;
    for (const auto& d : l.drafts) {
        std::string session = keyOf(l.sessionKey, d.sessionId);  // one draft per session
        rows.push_back({session, json{d.turn, d.nodeId, d.text, d.savedAt}, [d, session](Ids& ids) -> Status {
                            ReplyDraft copy = d;
                            copy.sessionId = ids.of(ids.session, session);
                            return ids.target.saveDraft(copy);
                        }});
    }
    return rows;
}

/// Every table in the order it is copied: people and sessions before what refers to them.
Tables tablesOf(const Loaded& l, TrainingStore& store) {
    Tables t;
    t.emplace_back("people", peopleRows(l));
    t.emplace_back("sessions", sessionRows(l, store));
    t.emplace_back("scoring_runs", runRows(l));
    t.emplace_back("reviews", reviewRows(l));
    t.emplace_back("turn_reviews", turnReviewRows(l));
    t.emplace_back("coaching_notes", noteRows(l));
    t.emplace_back("coaching_plans", planRows(l));
    t.emplace_back("certification_attempts", attemptRows(l));
    t.emplace_back("certifications", certificationRows(l));
    t.emplace_back("calibration_rounds", roundRows(l));  // a session's first round opens the session
    t.emplace_back("calibration_sessions", calibrationSessionRows(l));
    t.emplace_back("calibration_grades", gradeRows(l));
    t.emplace_back("disputes", disputeRows(l));
    // After the sessions' turns: appending a trainee turn deletes its session's draft.
    t.emplace_back("turn_drafts", draftRows(l));
    return t;
}

/// FNV-1a 64 over the records' keys and contents, in key order, as one canonical text.
std::string hashOf(std::vector<std::pair<std::string, std::string>> records) {
    std::sort(records.begin(), records.end());
    std::string text;
    for (const auto& [key, content] : records) text += key + "\n" + content + "\n";
    return contentHash(text);
}

std::map<std::string, const Row*> byKey(const std::vector<Row>& rows) {
    std::map<std::string, const Row*> out;
    for (const auto& r : rows) out[r.key] = &r;
    return out;
}

/// Target ids of the records the target already holds, by natural key.
void knownIds(const Loaded& to, Ids& ids) {
    for (const auto& p : to.people) ids.person[p.name] = p.id;
    for (const auto& [id, key] : to.sessionKey) ids.session[key] = id;
    for (const auto& [id, key] : to.roundKey) ids.round[key] = id;
    for (const auto& [id, key] : to.calibrationSessionKey) ids.calibrationSession[key] = id;
}

/// Writes the missing rows in one transaction, masking off meanwhile: the source's turns are
/// copied as stored (already masked, or deliberately kept), never masked a second time.
Status write(TrainingStore& target, const std::vector<const Row*>& missing, Ids& ids, const CopyProgress& progress) {
    return target.inTransaction([&]() -> Status {
        bool masked = target.maskSecrets();
        if (masked)
            if (auto s = target.setMaskSecrets(false); !s) return s;
        for (size_t i = 0; i < missing.size(); ++i) {
            if (auto s = missing[i]->copy(ids); !s) return fail("copying " + missing[i]->key + ": " + s.error().message);
            if (progress) progress(i + 1, missing.size());
        }
        for (const auto& step : ids.last)
            if (auto s = step(); !s) return s;
        return masked ? target.setMaskSecrets(true) : Status(Ok{});
    });
}

/// Counts and hashes, per table, of the source's records beside the target's under the same keys.
Status check(const Tables& source, TrainingStore& target, CopyReport& report) {
    auto reloaded = load(target);
    if (!reloaded) return fail("reading the target back: " + reloaded.error().message);
    Tables after = tablesOf(*reloaded, target);
    for (size_t i = 0; i < source.size(); ++i) {
        auto there = byKey(after[i].second);
        std::vector<std::pair<std::string, std::string>> from, to;
        for (const auto& row : source[i].second) {
            from.emplace_back(row.key, canonical(row.content));
            if (auto it = there.find(row.key); it != there.end()) to.emplace_back(row.key, canonical(it->second->content));
        }
        auto& table = report.tables[i];
        table.targetMatched = to.size();
        table.sourceHash = hashOf(from);
        table.targetHash = hashOf(to);
    }
    return Ok{};
}

} // namespace

size_t CopyReport::copied() const {
    size_t n = 0;
    for (const auto& t : tables) n += t.copied;
    return n;
}

bool CopyReport::checked() const {
    return std::all_of(tables.begin(), tables.end(), [](const CopyTable& t) { return t.matches(); });
}

Result<CopyReport> copyRecords(TrainingStore& source, TrainingStore& target, int64_t now, const CopyProgress& progress) {
    auto from = load(source);
    if (!from) return fail("reading the source: " + from.error().message);
    auto to = load(target);
    if (!to) return fail("reading the target: " + to.error().message);
    Tables src = tablesOf(*from, source), dst = tablesOf(*to, target);
    CopyReport report;
    std::vector<const Row*> missing;
    for (size_t i = 0; i < src.size(); ++i) {
        CopyTable table;
        table.name = src[i].first, table.sourceCount = src[i].second.size();
        auto there = byKey(dst[i].second);
        for (const auto& row : src[i].second) {
            auto it = there.find(row.key);
            if (it == there.end())
                missing.push_back(&row), ++table.copied;
            else if (it->second->content == row.content)
                ++table.present;
            else
                report.conflicts.push_back({table.name, row.key});
        }
        report.tables.push_back(table);
    }
    if (!report.conflicts.empty()) return report;
    if (!missing.empty()) {
        Ids ids{target, now, {}, {}, {}, {}, {}};
        knownIds(*to, ids);
        if (auto s = write(target, missing, ids, progress); !s) return fail("nothing was copied: " + s.error().message);
    }
    if (auto s = check(src, target, report); !s) return s.error();
    return report;
}

} // namespace simdesk::store
