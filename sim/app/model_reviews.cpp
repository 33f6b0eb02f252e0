// AppModel's reviewer side: blind calibration rounds (open, grade, reveal, read the report), and
// the trainee's coaching plans. Same rules as `simdesk calibrate` and `simdesk coach`: the store
// keeps a round blind, so this screen cannot show another grader's level before the reveal.
#include "model.hpp"

#include "core/agent_name.hpp"

#include "core/calendar.hpp"
#include "core/calibration_sampling.hpp"
#include "store/as_played.hpp"

#include <algorithm>
#include <tuple>

namespace simdesk::app {

namespace {

std::string scenarioTitle(const ContentLibrary& library, const std::string& id) {
    auto scenario = library.findScenario(id);
    return scenario ? scenario->title : id;
}

std::vector<GradeDraft> draftsFor(const Rubric& rubric, const std::vector<store::CalibrationGrade>& mine) {
    std::vector<GradeDraft> drafts;
    for (const auto& c : rubric.criteria) {
        GradeDraft d{c.id, c.title, c.sectionTitle, c.help, c.anchors, -1, ""};
        for (const auto& g : mine)
            if (g.criterionId == c.id) {
                d.level = g.level;
                d.note = g.note;
            }
        drafts.push_back(std::move(d));
    }
    return drafts;
}

/// A session's round: the session, who may reveal it (its creator or a lead, as for a round),
/// and once revealed the figures pooled over all its conversations.
Status readSessionOfRound(const ContentLibrary& library, store::TrainingStore& store, const store::CalibrationRound& round,
                          int64_t viewerId, bool viewerIsLead, RoundView& view) {
    auto session = store.calibrationSession(*round.calibrationSessionId);
    if (!session) return session.error();
    view.canReveal = !round.revealedAt && (session->createdBy == viewerId || viewerIsLead);
    auto at = std::find(session->roundIds.begin(), session->roundIds.end(), round.id);
    view.sessionPosition = int(at - session->roundIds.begin()) + 1;
    if (round.revealedAt) {
        std::vector<CalibrationReport> batch;
        for (int64_t id : session->roundIds) {
            auto member = store.calibrationRound(id);
            if (!member) return member.error();
            auto report = store::calibrationReport(library, store, *member);
            if (!report) return report.error();
            batch.push_back(std::move(*report));
        }
        view.sessionReliability = criterionReliability(batch);
        if (session->benchmarkId) view.alignment = benchmarkAlignment(batch, session->benchmarkName);
    } else if (session->peersAfterSubmit && view.submitted) {
        auto peers = store.calibrationPeerGrades(round.id, viewerId);
        if (!peers) return peers.error();
        for (auto& g : *peers)
            if (g.graderId != viewerId) view.peerGrades.push_back(std::move(g));
    }
    view.session = std::move(*session);
    return Ok{};
}

/// Reads everything the round screen shows, on the store worker. Another grader's levels are
/// read only when the round is revealed (the store refuses them before).
Result<RoundView> readRound(const ContentLibrary& library, store::TrainingStore& store, int64_t roundId,
                            int64_t viewerId, bool viewerIsLead) {
    auto round = store.calibrationRound(roundId);
    if (!round) return round.error();
    auto basis = store::latestScore(library, store, round->sessionId);
    if (!basis) return basis.error();
    auto transcript = store.transcript(round->sessionId);
    if (!transcript) return transcript.error();
    auto scenario = store::scenarioAsPlayed(library, store, basis->session);
    if (!scenario) return scenario.error();
    auto progress = store.calibrationProgress(roundId);
    auto mine = store.calibrationGradesBy(roundId, viewerId);
    if (!progress || !mine) return fail("cannot read the round's grades");

    RoundView view;
    view.row = {round->id, round->sessionId, round->title, basis->session.personName, (*scenario)->title,
                round->createdByName, isoDate(round->createdAt), round->revealedAt.has_value(), int(progress->size())};
    for (const auto& e : transcript->entries) {
        Bubble b = bubbleFor(**scenario, e, agentFirstName(basis->session.personName));
        if (b.side == Bubble::Side::Trainee) b.author = basis->session.personName;
        view.conversation.push_back(std::move(b));
    }
    for (const auto& p : *progress) view.progress.emplace_back(p.graderName, p.criteriaGraded);
    view.criteria = int(basis->rubric->criteria.size());
    view.drafts = draftsFor(*basis->rubric, *mine);
    view.submitted = !mine->empty();
    view.canReveal = !round->revealedAt && (round->createdBy == viewerId || viewerIsLead);
    if (round->revealedAt) {
        auto report = store::calibrationReport(*basis, store, *round);
        if (!report) return report.error();
        view.report = std::move(*report);
    }
    if (round->calibrationSessionId)
        if (auto s = readSessionOfRound(library, store, *round, viewerId, viewerIsLead, view); !s) return s.error();
    return view;
}

} // namespace

bool AppModel::canReview() const {
    const ProfileRow* p = profile();
    return p && (p->role == "reviewer" || p->role == "lead");
}

bool AppModel::isLead() const {
    const ProfileRow* p = profile();
    return p && p->role == "lead";
}

void AppModel::showReviews() {
    if (!canReview()) return fail("Calibration rounds are for reviewers and leads.");
    go(Screen::Reviews);
    // The round open on the right is read again too: grades submitted elsewhere show.
    if (reviews_.open) openRound(reviews_.open->row.id);
    ++loading_;
    worker_->post([this](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto rounds = store->calibrationRounds();
        auto sessions = store->sessions(std::nullopt);
        if (!rounds || !sessions) return [this] { --loading_; fail("Cannot read the calibration rounds."); };
        std::vector<RoundRow> rows;
        for (const auto& r : *rounds) {
            auto info = store->session(r.sessionId);
            auto progress = store->calibrationProgress(r.id);
            rows.push_back({r.id, r.sessionId, r.title, info ? info->personName : "?",
                            info ? scenarioTitle(*library_, info->scenarioId) : "?", r.createdByName, isoDate(r.createdAt),
                            r.revealedAt.has_value(), progress ? int(progress->size()) : 0});
        }
        std::reverse(rows.begin(), rows.end());
        std::vector<SessionPick> picks;
        for (auto s = sessions->rbegin(); s != sessions->rend(); ++s) {
            if (s->status != store::SessionStatus::Finished || !s->latestPercent) continue;
            picks.push_back({s->id, "#" + std::to_string(s->id) + " " + s->personName + " · " +
                                        scenarioTitle(*library_, s->scenarioId) + " · " +
                                        scoreText(*s->latestPercent)});
        }
        auto trends = store::reviewerTrendsFromStore(*library_, *store);
        auto queue = store::reviewQueue(*store);
        std::vector<store::Dispute> open;
        if (auto all = store->disputes(std::nullopt))
            for (auto& d : *all)
                if (!d.resolution) open.push_back(std::move(d));
        auto disputes = disputeRows(*library_, *store, open);
        return [this, rows = std::move(rows), picks = std::move(picks), trends = std::move(trends), queue = std::move(queue),
                disputes = std::move(disputes)] {
            --loading_;
            if (queue) reviews_.queue = *queue;
            else fail("Cannot read the review queue: " + queue.error().message);
            reviews_.disputes = disputes;
            reviews_.rounds = rows;
            reviews_.sessions = picks;
            if (trends) std::tie(reviews_.trends, reviews_.revealedRounds) = *trends;
            if (reviews_.pickedSession == 0 && !picks.empty()) reviews_.pickedSession = picks.front().id;
        };
    });
}

void AppModel::decideTurn(int64_t sessionId, int turn, const std::string& decision, const Clock& clock) {
    const ProfileRow* p = profile();
    if (!p || !canReview()) return fail("Review decisions are for reviewers and leads.");
    std::string reason = reviews_.decisionReasons[{sessionId, turn}];
    if (reason.find_first_not_of(" \t\n") == std::string::npos)
        return fail("Say why: a decision needs a reason the trainee and the next reviewer can read.");
    ++loading_;
    worker_->post([this, sessionId, turn, decision, reason, by = p->id, at = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto id = store::decideTurn(*store, sessionId, turn, decision, reason, by, at);
        return [this, id, sessionId, turn, decision] {
            --loading_;
            if (!id) return fail("Cannot record the decision: " + id.error().message);
            announce("Turn " + std::to_string(turn) + " of session #" + std::to_string(sessionId) + " " + decision + ".");
            reviews_.decisionReasons.erase({sessionId, turn});
            showReviews();
        };
    });
}

void AppModel::openRound(int64_t roundId) {
    const ProfileRow* p = profile();
    if (!p) return;
    ++loading_;
    worker_->post([this, roundId, viewer = p->id, lead = p->role == "lead"](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto view = readRound(*library_, *store, roundId, viewer, lead);
        return [this, view = std::move(view)] {
            --loading_;
            if (!view) return fail("Cannot open that round: " + view.error().message);
            reviews_.open = *view;
            reviews_.showQueue = false;
            reviews_.showDisputes = false;
        };
    });
}

void AppModel::createRound(int64_t sessionId, const std::string& rawTitle, const Clock& clock) {
    const ProfileRow* p = profile();
    if (!p || !canReview()) return fail("Calibration rounds are for reviewers and leads.");
    if (sessionId == 0) return fail("Pick a finished session to calibrate on.");
    std::string title = rawTitle;
    title.erase(0, title.find_first_not_of(" \t"));
    if (title.empty()) title = "Calibration on session #" + std::to_string(sessionId);
    ++loading_;
    worker_->post([this, sessionId, title, by = p->id, at = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto basis = store::latestScore(*library_, *store, sessionId);
        auto id = basis ? store->createCalibrationRound({0, sessionId, by, title, at, std::nullopt, ""})
                        : Result<int64_t>(basis.error());
        return [this, id] {
            --loading_;
            if (!id) return fail("Cannot open a round: " + id.error().message);
            announce("Round opened. Grades stay blind until it is revealed.");
            reviews_.newTitle.clear();
            showReviews();
            openRound(*id);
        };
    });
}

void AppModel::createCalibrationSession(const Clock& clock) {
    const ProfileRow* p = profile();
    if (!p || !isLead()) return fail("Calibration sessions are opened by leads.");
    const ReviewsState& r = reviews_;
    auto day = parseIsoDate(r.batchDeadline);
    if (!day) return fail("Give the last day of grading as YYYY-MM-DD.");
    if (r.sampleSize == 0 && r.batchPicked.empty()) return fail("Tick the conversations to calibrate, or sample some.");
    auto stratum = parseStratum(r.sampleStratum);
    if (!stratum) return fail("Sample across scenario, track or band.");
    store::CalibrationSession batch;
    batch.name = r.batchName;
    batch.createdBy = p->id;
    batch.createdAt = clock.wall;
    batch.deadline = *day + 86400 - 1;  // the end of that day, UTC, as on the command line
    batch.graderIds = r.batchInvited;
    batch.peersAfterSubmit = r.batchPeers;
    ++loading_;
    worker_->post([this, batch, picked = r.batchPicked, size = r.sampleSize, seed = r.sampleSeed,
                   by = *stratum](store::TrainingStore* store) mutable -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        Result<std::vector<int64_t>> chosen = picked;
        batch.sampling = "picked";
        if (size > 0) {
            auto pool = store::calibrationSamplePool(*library_, *store);
            chosen = pool ? sampleConversations(*pool, size, uint64_t(seed), by) : Result<std::vector<int64_t>>(pool.error());
            if (pool) batch.sampling = samplingDescription(size, pool->size(), uint64_t(seed), by);
        }
        auto id = chosen ? store->createCalibrationSession(batch, *chosen) : Result<int64_t>(chosen.error());
        auto created = id ? store->calibrationSession(*id) : Result<store::CalibrationSession>(id.error());
        return [this, created] {
            --loading_;
            if (!created) return fail("Cannot open the session: " + created.error().message);
            announce("Session opened: " + std::to_string(created->roundIds.size()) +
                     " conversations, blind until the whole session is revealed.");
            reviews_.batchName.clear();
            reviews_.batchPicked.clear();
            reviews_.collapseNewSession = true;
            showReviews();
            if (!created->roundIds.empty()) openRound(created->roundIds.front());
        };
    });
}

void AppModel::markBenchmark() {
    const ProfileRow* p = profile();
    if (!p || !isLead() || !reviews_.open || !reviews_.open->session) return fail("A lead marks their grades as a session's benchmark.");
    ++loading_;
    worker_->post([this, sessionId = reviews_.open->session->id, roundId = reviews_.open->row.id,
                   by = p->id](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto s = store->setCalibrationBenchmark(sessionId, by);
        return [this, s, roundId] {
            --loading_;
            if (!s) return fail("Cannot mark the benchmark: " + s.error().message);
            announce("Your grades are the session's benchmark: each grader's alignment is measured against them.");
            openRound(roundId);
        };
    });
}

void AppModel::extendSessionDeadline(const Clock& clock) {
    const ProfileRow* p = profile();
    if (!p || !isLead() || !reviews_.open || !reviews_.open->session)
        return fail("A lead extends a calibration session's deadline.");
    const store::CalibrationSession& session = *reviews_.open->session;
    if (session.revealedAt) return fail("Session \"" + session.name + "\" is revealed; grading is over.");
    std::string date = reviews_.newDeadline;
    date.erase(0, date.find_first_not_of(" \t"));
    date.erase(date.find_last_not_of(" \t") + 1);
    auto deadline = extendedDeadline(date, session.deadline, clock.wall);
    if (!deadline) return fail("Cannot extend the deadline: " + deadline.error().message + ".");
    ++loading_;
    worker_->post([this, sessionId = session.id, roundId = reviews_.open->row.id, name = session.name, date,
                   to = *deadline](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto s = store->extendCalibrationSession(sessionId, to);
        return [this, s, roundId, name, date] {
            --loading_;
            if (!s) return fail("Cannot extend the deadline: " + s.error().message + ".");
            announce("Session \"" + name + "\": grading now closes at the end of " + date + " (UTC).");
            reviews_.newDeadline.clear();
            openRound(roundId);
        };
    });
}

void AppModel::submitGrades(const Clock& clock) {
    const ProfileRow* p = profile();
    if (!p || !reviews_.open) return;
    RoundView& view = *reviews_.open;
    if (view.submitted) return fail("You have already graded this round.");
    if (view.row.revealed) return fail("This round is revealed; grading is closed.");
    std::vector<store::CalibrationGrade> grades;
    for (const auto& d : view.drafts)
        if (d.level >= 0) grades.push_back({view.row.id, p->id, "", d.criterionId, d.note, d.level, clock.wall});
    if (grades.empty()) return fail("Pick a level on at least one criterion (leave out only those that do not apply).");
    ++loading_;
    worker_->post([this, grades, roundId = view.row.id](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        for (const auto& g : grades)
            if (auto s = store->addCalibrationGrade(g); !s)
                return [this, e = s.error().message] { --loading_; fail("Cannot save your grades: " + e); };
        return [this, roundId, count = grades.size()] {
            --loading_;
            announce("Your " + std::to_string(count) + " grades are in. They stay hidden from the others until the reveal.");
            // The list's grader count too, not only the open round (showReviews reads both again).
            if (reviews_.open && reviews_.open->row.id == roundId) showReviews();
            else openRound(roundId);
        };
    });
}

void AppModel::revealRound(const Clock&) {
    if (!reviews_.open || !reviews_.open->canReveal) return;
    if (reviews_.open->progress.size() < 2) return fail("A calibration needs at least two graders before it is revealed.");
    const RoundView& view = *reviews_.open;
    std::string who;
    for (const auto& [name, count] : view.progress) who += (who.empty() ? "" : ", ") + name;
    const size_t batch = view.session ? view.session->roundIds.size() : 1;
    const std::string scope = view.session ? "the " + std::to_string(batch) + (batch == 1 ? " conversation" : " conversations") +
                                                 " of session \"" + view.session->name + "\""
                                           : "\"" + view.row.title + "\" (" + who + ")";
    confirmation_ = Confirmation{Confirmation::Act::RevealRound, view.row.id, "Reveal the grades?",
                                 "Every grade and note in " + scope +
                                     " becomes visible to the graders, and grading closes. A revealed round cannot be "
                                     "made blind again.",
                                 "Reveal"};
}

void AppModel::doRevealRound(int64_t roundId, const Clock& clock) {
    ++loading_;
    worker_->post([this, roundId, at = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        // A session's round is revealed with the whole session: the store refuses it alone.
        auto round = store->calibrationRound(roundId);
        auto s = round && round->calibrationSessionId ? store->revealCalibrationSession(*round->calibrationSessionId, at)
                                                      : store->revealCalibrationRound(roundId, at);
        return [this, s, roundId] {
            --loading_;
            if (!s) return fail("Cannot reveal the round: " + s.error().message);
            announce("Revealed: here is where the graders agree and where they split.");
            if (reviews_.open && reviews_.open->row.id == roundId) showReviews();  // the list and the open round
            else openRound(roundId);
        };
    });
}

void AppModel::showTeam(const Clock& clock) {
    if (!canReview()) return fail("The team view is for reviewers and leads.");
    if (clock.wall) now_ = clock.wall;
    go(Screen::Team);
    if (newTrainee_.startDate.empty()) newTrainee_.startDate = isoDate(now_);
    ++loading_;
    worker_->post([this, now = now_](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto people = store->people();
        if (!people) return [this] { --loading_; fail("Cannot read the team."); };
        std::vector<TeamRow> rows;
        for (const auto& person : *people) {
            if (person.role != store::Role::Trainee || person.archived) continue;  // archived: left the team
            auto sessions = store->sessions(person.name);
            auto plans = store->coachingPlans(person.id);
            auto standings = store::readStandings(*library_, *store, person, now);
            if (!sessions || !plans || !standings) continue;
            TeamRow row{person.name, person.startDate, *standings, 0, "", std::nullopt, 0, false, person.team};
            int64_t latest = 0;
            for (const auto& s : *sessions) {
                if (s.status != store::SessionStatus::Finished || !s.endedAt) continue;
                ++row.sessions;
                if (*s.endedAt < latest) continue;  // the latest by when it ended, not by when it was recorded
                latest = *s.endedAt;
                row.lastPlayed = isoDate(*s.endedAt);
                row.latestPercent = s.latestPercent;
            }
            for (const auto& p : *plans) row.plansWaiting += !p.acknowledgedAt;
            for (const auto& t : row.tracks) row.overdue = row.overdue || (!t.progress.certified && t.daysLeft && *t.daysLeft < 0);
            rows.push_back(std::move(row));
        }
        // Who needs the lead first: overdue trainees, then by name.
        std::stable_sort(rows.begin(), rows.end(), [](const TeamRow& a, const TeamRow& b) { return a.overdue && !b.overdue; });
        return [this, rows = std::move(rows)] {
            --loading_;
            team_ = rows;
        };
    });
}

void AppModel::setTraineeTeam(const std::string& name, const std::string& team) {
    if (!isLead()) return fail("Changing a person's team is for leads.");
    auto row = std::find_if(profiles_.begin(), profiles_.end(), [&](const ProfileRow& p) { return p.name == name; });
    if (row == profiles_.end()) return fail(name + " is not in the team any more.");
    if (auto problem = store::teamNameProblem(team)) return fail("Cannot change the team: " + *problem + ".");
    const int64_t id = row->id;
    const std::string trimmed = store::trimmedTeam(team);
    ++loading_;
    // On a server the database checks it is a lead's login (people is a lead's to update).
    worker_->post([this, id, name, trimmed](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; fail("No database is open, so teams cannot be changed."); };
        Status done = store->setPersonTeam(id, trimmed);
        return [this, done, id, name, trimmed] {
            --loading_;
            if (!done) return fail("Cannot change " + name + "'s team: " + done.error().message);
            for (auto& p : profiles_)
                if (p.id == id) p.team = trimmed;
            for (auto& r : team_)
                if (r.name == name) r.team = trimmed;
            teamEdit_ = {};
            announce(trimmed.empty() ? name + " is in no team now." : name + " is in team " + trimmed + " now.");
        };
    });
}

void AppModel::acknowledgePlan(int64_t planId, const Clock& clock) {
    ++loading_;
    worker_->post([this, planId, at = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto s = store->acknowledgePlan(planId, at);
        return [this, s, planId, at] {
            --loading_;
            if (!s) return fail("Cannot acknowledge the plan: " + s.error().message);
            for (auto& plan : plans_)
                if (plan.id == planId) plan.acknowledgedOn = isoDate(at);
            announce("Plan acknowledged; your coach can see it.");
        };
    });
}

} // namespace simdesk::app
