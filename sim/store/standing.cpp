#include "standing.hpp"

#include "core/calendar.hpp"

#include <algorithm>
#include <unordered_map>

namespace simdesk::store {

CriticalCounts criticalCounts(const std::vector<SessionInfo>& sessions) {
    // From the summary column the session list already carries: no stored card is parsed.
    // A failed typed reply fails an attempt whatever its score, as a critical error does.
    CriticalCounts counts;
    for (const auto& s : sessions) {
        if (s.status != SessionStatus::Finished || !s.latestPercent) continue;
        counts.emplace_back(s.id, s.latestCriticalCount.value_or(0));
    }
    return counts;
}

CriticalCounts criticalCounts(TrainingStore& /*store*/, const std::vector<SessionInfo>& sessions) {
    return criticalCounts(sessions);
}

namespace {

std::vector<TrackAttempt> attemptsOn(const Track& track, const std::vector<SessionInfo>& sessions, const CriticalCounts& critical) {
    std::vector<TrackAttempt> attempts;
    // By id once (the last count of an id wins, as the list was read), not a scan per session: a
    // trainee with thousands of plays would otherwise cost millions of steps per standing.
    std::unordered_map<int64_t, int> errorsOf;
    for (const auto& [id, count] : critical) errorsOf[id] = count;
    for (const auto& s : sessions) {
        if (s.status != SessionStatus::Finished || !s.latestPercent || !s.endedAt) continue;
        auto found = errorsOf.find(s.id);
        int errors = found != errorsOf.end() ? found->second : 0;
        // An exam variant's attempt counts for the scenario it varies.
        std::string scenarioId(baseScenarioId(s.scenarioId));
        for (const auto& level : track.levels)
            if (std::find(level.scenarios.begin(), level.scenarios.end(), scenarioId) != level.scenarios.end())
                attempts.push_back({scenarioId, level.id, *s.endedAt, *s.latestPercent, errors, s.latestPassed.value_or(false), s.mode});
    }
    return attempts;
}

/// The newest stored certificate of the track still valid at `now` makes the track certified.
void keepAward(TrackProgress& progress, const std::string& trackId, const std::vector<Certification>& awards, int64_t now) {
    const Certification* kept = nullptr;
    for (const auto& a : awards)
        if (a.trackId == trackId && a.awardedAt <= now && now < a.expiresAt && (!kept || a.awardedAt > kept->awardedAt)) kept = &a;
    if (!kept) return;
    progress.certified = true;
    progress.certifiedAt = kept->awardedAt;
    progress.expiresAt = kept->expiresAt;
    progress.overdue = false;
}

} // namespace

Result<std::vector<TrackStanding>> readStandings(const ContentLibrary& library, TrainingStore& store, const Person& person,
                                                 int64_t now) {
    auto sessions = store.sessions(person.name);
    if (!sessions) return sessions.error();
    auto awards = store.certifications(person.id);
    if (!awards) return awards.error();
    return trackStandings(library, person.startDate, person.tracks, *sessions, criticalCounts(*sessions), now, *awards,
                          person.enrolledOn);
}

Result<std::vector<std::string>> awardEarnedCertificates(const ContentLibrary& library, TrainingStore& store,
                                                         const Person& person, int64_t now) {
    auto sessions = store.sessions(person.name);
    if (!sessions) return sessions.error();
    auto awards = store.certifications(person.id);
    if (!awards) return awards.error();
    // Standings from the sessions alone: an award is made for what the plays earned.
    auto earned = trackStandings(library, person.startDate, person.tracks, *sessions, criticalCounts(*sessions), now, {},
                                 person.enrolledOn);
    std::vector<std::string> awarded;
    for (const auto& s : earned) {
        if (!s.progress.certified || !s.progress.certifiedAt || !s.progress.expiresAt) continue;
        bool stored = std::any_of(awards->begin(), awards->end(), [&](const Certification& a) {
            return a.trackId == s.track->id && a.awardedAt == *s.progress.certifiedAt;
        });
        if (stored) continue;
        auto id = store.awardCertification({0, person.id, s.track->id, *s.progress.certifiedAt, *s.progress.expiresAt});
        if (!id) return id.error();
        awarded.push_back(s.track->title);
    }
    return awarded;
}

std::vector<TrackStanding> trackStandings(const ContentLibrary& library, const std::string& startDate,
                                          const std::vector<std::string>& assignedTracks,
                                          const std::vector<SessionInfo>& sessions, const CriticalCounts& critical,
                                          int64_t now, const std::vector<Certification>& awards,
                                          const std::map<std::string, std::string>& enrolledOn) {
    std::vector<TrackStanding> out;
    int64_t start = parseIsoDate(startDate).value_or(now);
    // A person with no tracks assigned (a reviewer, say) may still work through any of them, but
    // nobody set them a deadline: their standing shows progress without one, never "overdue".
    const bool assigned = !assignedTracks.empty();
    for (const auto& track : library.tracks) {
        if (assigned && std::find(assignedTracks.begin(), assignedTracks.end(), track->id) == assignedTracks.end()) continue;
        TrackStanding standing;
        standing.track = track;
        standing.assigned = assigned;
        Track rules = *track;
        if (!assigned) rules.dueDaysFromStart.reset();
        // A refresher's clock starts when the person was enrolled on it, not at a hire date years back.
        int64_t clockStart = start;
        if (track->deadlineFromEnrolment)
            if (auto it = enrolledOn.find(track->id); it != enrolledOn.end())
                clockStart = std::max(start, parseIsoDate(it->second).value_or(start));
        standing.progress = computeTrackProgress(rules, clockStart, now, attemptsOn(*track, sessions, critical));
        if (!standing.progress.certified) keepAward(standing.progress, track->id, awards, now);
        if (standing.progress.dueAt) {
            // The deadline is the start of a day, so the last day to finish is the one before it:
            // 30 days from 1 December is "due 30 December", not 31 (when it would already be overdue).
            standing.dueDate = isoDate(*standing.progress.dueAt - 1);
            // Whole days, rounded down: 0 on the last day, -1 on the first day past it.
            int64_t left = *standing.progress.dueAt - now;
            standing.daysLeft = static_cast<int>(left >= 0 ? left / 86400 : -((-left + 86399) / 86400));
        }
        if (standing.progress.certifiedAt) standing.certifiedOn = isoDate(*standing.progress.certifiedAt);
        if (standing.progress.expiresAt) standing.expiresOn = isoDate(*standing.progress.expiresAt);
        out.push_back(std::move(standing));
    }
    return out;
}

} // namespace simdesk::store
