#include "model.hpp"

#include "core/agent_name.hpp"
#include "core/knowledge.hpp"
#include "core/redaction.hpp"
#include "core/citation.hpp"
#include "core/standards.hpp"
#include "store/as_played.hpp"
#include "store/recorder.hpp"
#include "store/rerating.hpp"
#include "store/standing.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

namespace simdesk::app {

namespace {

constexpr std::array kScreenNames{"start", "library", "play", "debrief", "tracks", "reviews", "team", "plays", "dashboards", "sign-in"};
constexpr std::array kThemeNames{"dark", "light", "high-contrast"};

/// Email and social run on simulated time: the channel's whole standard passes in two real
/// minutes, so a trainee feels the clock without waiting hours.
constexpr double kSimulatedStandardRealSeconds = 120;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view text) {
    size_t b = text.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    size_t e = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(b, e - b + 1));
}

void addUnique(std::vector<std::string>& list, const std::string& value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

bool isSimulated(Channel channel) { return channel == Channel::Email || channel == Channel::Social; }

double simulatedScale(Channel channel) {
    return isSimulated(channel) ? static_cast<double>(channelStandard(channel).perReplySeconds) / kSimulatedStandardRealSeconds
                                : 1.0;
}

const Node* findNode(const Scenario& scenario, std::string_view id) {
    auto index = scenario.findNode(id);
    return index ? &scenario.node(*index) : nullptr;
}

const Choice* findChoice(const Node& node, std::string_view id) {
    for (const auto& c : node.choices)
        if (c.id == id) return &c;
    return nullptr;
}

std::string promptOf(const Scenario& scenario, std::string_view nodeId) {
    const Node* node = findNode(scenario, nodeId);
    if (!node) return std::string(nodeId);
    return node->prompt.empty() ? std::string(nodeId) : node->prompt;
}

/// What reviewers added to a stored session: re-ratings, coaching notes, decisions on queued turns.
struct FeedbackSources {
    std::vector<store::Review> reviews;
    std::vector<store::CoachingNote> notes;
    std::vector<store::TurnReview> decisions;
    std::vector<DisputeRow> disputes;
};

Result<FeedbackSources> readFeedback(const ContentLibrary& library, store::TrainingStore& store, int64_t sessionId) {
    auto reviews = store.reviews(sessionId);
    auto notes = store.coachingNotes(sessionId);
    auto decisions = store.turnReviews(sessionId);
    auto disputes = store.disputes(sessionId);
    if (!reviews || !notes || !decisions || !disputes) return fail("Cannot read the reviews of that session.");
    return FeedbackSources{std::move(*reviews), std::move(*notes), std::move(*decisions), disputeRows(library, store, *disputes)};
}

/// Reviews, coaching notes and turn decisions, oldest first, with each re-rated criterion named as
/// the card names it.
std::vector<ReviewerFeedback> reviewerFeedback(const ScoreCard& card, const FeedbackSources& sources) {
    const auto& reviews = sources.reviews;
    const auto& notes = sources.notes;
    std::vector<std::pair<int64_t, ReviewerFeedback>> timed;
    for (const auto& d : sources.decisions)
        timed.emplace_back(d.createdAt, ReviewerFeedback{d.reviewerName, isoDate(d.createdAt), "", 0, 0, std::nullopt,
                                                         "turn " + std::to_string(d.turn) + ": the automatic judgement " +
                                                             (d.decision == "confirmed" ? "is confirmed" : "is overturned") +
                                                             " (" + d.reason + ")"});
    for (const auto& r : reviews) {
        ReviewerFeedback f{r.authorName, isoDate(r.createdAt), r.criterionId, r.level, 0, std::nullopt, r.reason};
        for (const auto& c : card.criteria)
            if (c.id == r.criterionId) {
                f.criterionTitle = c.title;
                f.maxLevel = c.levels - 1;
                // The card is the official one: a re-rated criterion keeps the scorer's level aside.
                if (c.rerated ? c.automaticApplicable : c.applicable) f.automaticLevel = c.rerated ? c.automaticLevel : c.level;
            }
        timed.emplace_back(r.createdAt, std::move(f));
    }
    for (const auto& n : notes) timed.emplace_back(n.createdAt, ReviewerFeedback{n.authorName, isoDate(n.createdAt), "", 0, 0, std::nullopt, n.text});
    std::stable_sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<ReviewerFeedback> out;
    for (auto& [at, f] : timed) out.push_back(std::move(f));
    return out;
}

/// The profile's coaching plans, newest first, each named by the scenario of its session.
std::vector<CoachingPlanRow> coachingPlanRows(const ContentLibrary& library, store::TrainingStore& store, int64_t personId,
                                              const std::vector<store::SessionInfo>& sessions) {
    std::vector<CoachingPlanRow> rows;
    auto plans = store.coachingPlans(personId);
    if (!plans) return rows;
    for (auto p = plans->rbegin(); p != plans->rend(); ++p) {
        CoachingPlanRow row{p->id, p->authorName, isoDate(p->createdAt), p->plan, "", ""};
        for (const auto& s : sessions)
            if (p->sessionId && s.id == *p->sessionId) {
                auto scenario = library.findScenario(s.scenarioId);
                row.scenarioTitle = scenario ? scenario->title : s.scenarioId;
            }
        if (p->acknowledgedAt) row.acknowledgedOn = isoDate(*p->acknowledgedAt);
        if (p->sessionId) row.sessionId = *p->sessionId;
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string handoffLabel(const Scenario& scenario, const Node& node, const Choice& choice) {
    if (choice.next == kNoNode) return {};
    const Node& next = scenario.node(choice.next);
    if (next.kind != NodeKind::Handoff) return {};
    std::string team = next.handoffTeam.empty() ? next.handoffTo : next.handoffTeam;
    bool transfer = next.handoffTo == "external" || next.handoffTo.empty();
    (void)node;
    return std::string(transfer ? "Transfer" : "Escalate") + (team.empty() ? "" : " to " + team);
}

} // namespace

namespace {

/// An entry's text as a reader sees it: content (customer lines, choices, hand-off notes, last words)
/// with {agent} filled in; a typed reply exactly as the trainee wrote it.
std::string shownText(const TranscriptEntry& e, std::string_view agentName) {
    return e.kind == EntryKind::TraineeReply ? e.text : fillAgentName(e.text, agentName);
}

} // namespace

Bubble bubbleFor(const Scenario& scenario, const TranscriptEntry& e, std::string_view agentName) {
    Bubble b;
    b.at = e.at;
    b.moodAfter = e.moodAfter;
    b.text = shownText(e, agentName);
    switch (e.kind) {
    case EntryKind::Customer: b.side = Bubble::Side::Customer; b.author = scenario.persona.name; break;
    case EntryKind::TraineeChoice:
    case EntryKind::TraineeReply:
        b.side = Bubble::Side::Trainee;
        b.author = "You";
        if (!e.redacted.empty()) b.note = "secrets masked before saving";
        break;
    case EntryKind::Handoff:
        b.side = Bubble::Side::System;
        b.author = "Hand-off";
        b.note = e.handoffTo.empty() ? "" : "to " + e.handoffTo;
        break;
    case EntryKind::Ending: b.side = Bubble::Side::System; b.author = "Conversation ended"; break;
    }
    return b;
}

std::string scoreText(double percent) {
    const double tenths = std::round(percent * 10.0);
    char text[32];
    if (std::fmod(tenths, 10.0) == 0) std::snprintf(text, sizeof text, "%.0f%%", tenths / 10.0);
    else std::snprintf(text, sizeof text, "%.1f%%", tenths / 10.0);
    return text;
}

std::string categoryLabel(std::string_view category) {
    std::string label(category);
    std::replace(label.begin(), label.end(), '_', ' ');
    if (label.starts_with("vip")) label.replace(0, 3, "VIP");
    if (!label.empty() && label[0] >= 'a' && label[0] <= 'z') label[0] = static_cast<char>(label[0] - 'a' + 'A');
    return label;
}

std::string_view screenName(Screen screen) { return kScreenNames[static_cast<size_t>(screen)]; }

std::optional<Screen> parseScreen(std::string_view name) {
    for (size_t i = 0; i < kScreenNames.size(); ++i)
        if (name == kScreenNames[i]) return static_cast<Screen>(i);
    return std::nullopt;
}

std::string_view themeName(Theme theme) { return kThemeNames[static_cast<size_t>(theme)]; }

std::optional<Theme> parseTheme(std::string_view name) {
    for (size_t i = 0; i < kThemeNames.size(); ++i)
        if (name == kThemeNames[i]) return static_cast<Theme>(i);
    return std::nullopt;
}

// ---- construction and store results ---------------------------------------------------------------

AppModel::AppModel(const ContentLibrary& library, StoreWorker& worker, Preferences prefs)
    : library_(&library), worker_(&worker), prefs_(std::move(prefs)) {
    for (const auto& track : library.tracks) options_.tracks.push_back(track->id);
    for (const auto& s : library.scenarios) {
        addUnique(options_.categories, s->category);
        addUnique(options_.channels, std::string(channelName(s->channel)));
        addUnique(options_.priorities, std::string(priorityName(s->priority)));
    }
    std::sort(options_.categories.begin(), options_.categories.end());
    std::sort(options_.priorities.begin(), options_.priorities.end());
    for (const auto& track : library.tracks) newProfile_.tracks.push_back(track->id);
    rebuildRows();
    loadProfiles();
}

bool AppModel::update() { return worker_->collect(); }

void AppModel::announce(const std::string& what) {
    message_ = {};
    notice_ = {what, screen_, profileId_};
}

void AppModel::fail(const std::string& what) {
    message_ = {what, screen_, profileId_};
    notice_ = {};
}

const std::string& AppModel::shown(const StatusLine& line) const {
    static const std::string none;
    return line.screen == screen_ && line.personId == profileId_ ? line.text : none;
}

void AppModel::go(Screen screen) {
    if (screen == screen_) return;
    screen_ = screen;
    if (message_.screen != screen) message_ = {};
    if (notice_.screen != screen) notice_ = {};
    confirmation_.reset();
}

void AppModel::loadProfiles() {
    ++loading_;
    worker_->post([this](store::TrainingStore* store) -> StoreWorker::Apply {
        std::vector<store::Person> people;
        std::string error;
        bool mask = true;
        if (store) {
            if (auto found = store->people()) people = std::move(*found);
            else error = found.error().message;
            mask = store->maskSecrets();
        }
        return [this, people = std::move(people), error, mask] {
            --loading_;
            maskSecrets_ = mask;
            if (!error.empty()) fail("Cannot read the profiles: " + error);
            profiles_.clear();
            for (const auto& p : people)
                profiles_.push_back({p.id, p.name, std::string(store::roleName(p.role)), p.startDate, p.tracks, p.enrolledOn,
                                     p.archived, p.team});
            // The last profile used comes first, so Enter on the start screen continues as it.
            std::stable_partition(profiles_.begin(), profiles_.end(),
                                  [&](const ProfileRow& r) { return r.name == prefs_.lastProfile; });
            // The pick stays on its person wherever the list puts them; with none, the first listed.
            auto listed = pickerProfiles();
            if (std::none_of(listed.begin(), listed.end(), [&](const ProfileRow* r) { return r->id == picked_; }))
                picked_ = listed.empty() ? 0 : listed.front()->id;
        };
    });
}

const ProfileRow* AppModel::profile() const {
    for (const auto& p : profiles_)
        if (p.id == profileId_) return &p;
    return nullptr;
}

void AppModel::createProfile(const std::string& rawName, const std::string& roleName,
                             const std::vector<std::string>& tracks, const Clock& clock) {
    std::string name = trim(rawName);
    auto role = store::parseRole(roleName);
    if (auto problem = nameProblem(name)) return fail(*problem);
    if (!role) return fail("A profile is a trainee, a reviewer or a lead.");
    now_ = clock.wall;
    std::string start = isoDate(clock.wall);
    ++loading_;
    worker_->post([this, name, role = *role, start, tracks](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; fail("No database is open, so profiles cannot be created."); };
        auto added = store->addPerson(name, role, start, tracks);
        return [this, added] {
            --loading_;
            if (!added) return fail("Cannot create the profile: " + added.error().message);
            profiles_.insert(profiles_.begin(), {added->id, added->name, std::string(store::roleName(added->role)),
                                                 added->startDate, added->tracks, added->enrolledOn, false});
            // The form starts empty again: the next name typed is not appended to this one.
            newProfile_ = NewProfileDraft{};
            for (const auto& track : library_->tracks) newProfile_.tracks.push_back(track->id);
            selectProfile(added->id);
            announce("Welcome, " + added->name + ". Your certification deadlines count from today.");
        };
    });
}

std::optional<std::string> AppModel::nameProblem(const std::string& name, int64_t self) const {
    if (name.empty()) return self ? "Type the new name." : "Type a name for the new profile.";
    if (name.size() > 80) return "A profile name can be at most 80 characters.";
    // The store's own rule (control characters), said before anything is sent to it.
    if (auto problem = store::personNameProblem(name)) {
        std::string sentence = *problem + ".";
        sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
        return sentence;
    }
    for (const auto& p : profiles_)
        if (p.id != self && lower(p.name) == lower(name))
            return "There is already a profile named " + p.name + (p.archived ? " (archived)." : ": pick it from the list.");
    return std::nullopt;
}

std::vector<const ProfileRow*> AppModel::pickerProfiles() const {
    std::vector<const ProfileRow*> rows;
    for (const auto& p : profiles_)
        if (!p.archived || showArchived_) rows.push_back(&p);
    return rows;
}

int64_t AppModel::pickedProfile() const {
    auto rows = pickerProfiles();
    for (const ProfileRow* r : rows)
        if (r->id == picked_) return picked_;
    return rows.empty() ? 0 : rows.front()->id;
}

void AppModel::pickProfile(int64_t personId) { picked_ = personId; }

void AppModel::setShowArchived(bool on) { showArchived_ = on; }

void AppModel::renameProfile(int64_t personId, const std::string& rawName) {
    std::string name = trim(rawName);
    message_ = {};  // an earlier problem is not this one's
    auto row = std::find_if(profiles_.begin(), profiles_.end(), [&](const ProfileRow& p) { return p.id == personId; });
    if (row == profiles_.end()) return fail("That profile no longer exists.");
    if (auto problem = nameProblem(name, personId)) return fail(*problem);
    if (name == row->name) return;
    ++loading_;
    worker_->post([this, personId, name, old = row->name](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; fail("No database is open, so profiles cannot be renamed."); };
        auto renamed = store->renamePerson(personId, name);
        return [this, renamed, personId, name, old] {
            --loading_;
            if (!renamed) return fail("Cannot rename the profile: " + renamed.error().message);
            for (auto& p : profiles_)
                if (p.id == personId) p.name = name;
            if (prefs_.lastProfile == old) {
                prefs_.lastProfile = name;
                prefsDirty_ = true;
            }
            announce("Renamed " + old + " to " + name + "; their sessions, scores and plans follow.");
        };
    });
}

void AppModel::setProfileArchived(int64_t personId, bool archived, const Clock& clock) {
    auto row = std::find_if(profiles_.begin(), profiles_.end(), [&](const ProfileRow& p) { return p.id == personId; });
    if (row == profiles_.end()) return fail("That profile no longer exists.");
    ++loading_;
    worker_->post([this, personId, archived, name = row->name, at = clock.wall](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; fail("No database is open, so profiles cannot be archived."); };
        auto set = store->setPersonArchived(personId, archived, at);
        return [this, set, personId, archived, name] {
            --loading_;
            if (!set) return fail(std::string(archived ? "Cannot archive " : "Cannot restore ") + name + ": " + set.error().message);
            for (auto& p : profiles_)
                if (p.id == personId) p.archived = archived;
            if (archived && picked_ == personId && !showArchived_) picked_ = 0;  // pickedProfile() falls to the first listed
            announce(archived ? "Archived " + name + ": hidden from the list and the team, with every record kept. "
                                "\"Show archived\" brings it back."
                              : "Restored " + name + " to the list.");
        };
    });
}

void AppModel::addTrainee(const Clock& clock) {
    if (!isLead()) return fail("Adding trainees is for leads.");
    NewTraineeDraft draft = newTrainee_;
    draft.name = trim(draft.name);
    if (auto problem = nameProblem(draft.name)) return fail(*problem);
    if (!parseIsoDate(draft.startDate)) return fail("Give the start date as YYYY-MM-DD, e.g. " + isoDate(clock.wall) + ".");
    if (draft.tracks.empty()) return fail("Assign at least one certification track: the deadlines come from it.");
    ++loading_;
    worker_->post([this, draft](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; fail("No database is open, so trainees cannot be added."); };
        // The trainee and their team together: a refused team leaves nobody half-added.
        Result<store::Person> added = Error{"not added"};
        Status done = store->inTransaction([&]() -> Status {
            added = store->addPerson(draft.name, store::Role::Trainee, draft.startDate, draft.tracks);
            if (!added) return added.error();
            if (store::trimmedTeam(draft.team).empty()) return Ok{};
            added->team = store::trimmedTeam(draft.team);
            return store->setPersonTeam(added->id, draft.team);
        });
        if (!done) added = done.error();
        return [this, added] {
            --loading_;
            if (!added) return fail("Cannot add the trainee: " + added.error().message);
            profiles_.push_back({added->id, added->name, "trainee", added->startDate, added->tracks, added->enrolledOn, false,
                                 added->team});
            announce("Added " + added->name + ": their deadlines count from " + added->startDate + ".");
            newTrainee_ = NewTraineeDraft{};
            showTeam(Clock{now_, 0});
        };
    });
}

void AppModel::selectProfile(int64_t personId) {
    auto row = std::find_if(profiles_.begin(), profiles_.end(), [&](const ProfileRow& p) { return p.id == personId; });
    if (row == profiles_.end()) return fail("That profile no longer exists.");
    if (row->archived) return fail(row->name + " is archived: restore the profile to train as it.");
    profileId_ = personId;
    picked_ = personId;
    const ProfileRow* p = profile();
    if (prefs_.lastProfile != p->name) {
        prefs_.lastProfile = p->name;
        prefsDirty_ = true;
    }
    message_ = {};
    notice_ = {};  // raised for no one or for the profile before: never shown to this one
    go(Screen::Library);
    loadProfileRecords();
}

void AppModel::switchProfile() {
    if (onServer_) return signOut();
    go(Screen::Start);
    message_ = {};
    notice_ = {};
    forgetSignedInPerson();
    loadProfiles();
}

void AppModel::forgetSignedInPerson() {
    profileId_ = 0;
    sessions_.clear();
    criticalCounts_.clear();
    awards_.clear();
    plans_.clear();
    reviews_ = ReviewsState{};
    team_.clear();
    teamEdit_ = {};
    dashboard_ = DashboardState{};  // one person's figures never show to the next
    resumeOffer_.reset();
    confirmation_.reset();
    rebuildRows();
}

void AppModel::loadProfileRecords() {
    const ProfileRow* p = profile();
    if (!p) return;
    ++loading_;
    worker_->post([this, name = p->name, id = p->id](store::TrainingStore* store) -> StoreWorker::Apply {
        std::vector<store::SessionInfo> sessions;
        std::vector<std::pair<int64_t, int>> critical;
        std::vector<CoachingPlanRow> plans;
        std::vector<store::Certification> awards;
        std::string error;
        if (store) {
            if (auto found = store->sessions(name)) sessions = std::move(*found);
            else error = found.error().message;
            if (auto stored = store->certifications(id)) awards = std::move(*stored);
            plans = coachingPlanRows(*library_, *store, id, sessions);
            critical = store::criticalCounts(sessions);
        }
        return [this, id, sessions = std::move(sessions), critical = std::move(critical), plans = std::move(plans),
                awards = std::move(awards), error] {
            --loading_;
            if (id != profileId_) return;  // the profile changed while this was read
            if (!error.empty()) fail("Cannot read your sessions: " + error);
            plans_ = plans;
            awards_ = awards;
            applySessions(sessions, critical);
        };
    });
}

void AppModel::applySessions(const std::vector<store::SessionInfo>& sessions,
                             const std::vector<std::pair<int64_t, int>>& criticalCounts) {
    sessions_ = sessions;
    criticalCounts_ = criticalCounts;
    rebuildRows();
    resumeOffer_.reset();
    for (const auto& s : sessions_) {
        if (s.status != store::SessionStatus::Active) continue;
        auto scenario = library_->findScenario(s.scenarioId);
        if (!scenario) continue;
        if (resumeOffer_ && resumeOffer_->startedAt >= s.startedAt) continue;
        resumeOffer_ = ResumeOffer{s.id, s.scenarioId, scenario->title, s.mode, s.startedAt};
    }
    if (resumeOffer_ && play_.session && play_.sessionId == resumeOffer_->sessionId && screen_ == Screen::Play)
        resumeOffer_.reset();  // it is the conversation on screen
    if (screen_ == Screen::Tracks) rebuildTrackCards();
}

void AppModel::rebuildRows() {
    rows_.clear();
    for (const auto& s : library_->scenarios) {
        LibraryRow row;
        row.id = s->id;
        row.title = s->title;
        row.brief = s->brief;  // never the summary: it names the right moves and the tempting mistakes
        row.category = s->category;
        row.channel = std::string(channelName(s->channel));
        row.priority = std::string(priorityName(s->priority));
        row.personaName = s->persona.name;
        row.personaCompany = s->persona.company;
        row.personaTier = s->persona.tier;
        row.personaTemperament = s->persona.temperament;
        row.difficulty = s->difficulty;
        row.minutes = s->estimatedMinutes;
        for (const auto& t : library_->tracks)
            for (const auto& level : t->levels)
                if (std::find(level.scenarios.begin(), level.scenarios.end(), s->id) != level.scenarios.end())
                    addUnique(row.trackIds, t->id);
        for (const auto& session : sessions_) {
            if (session.scenarioId != s->id || session.status != store::SessionStatus::Finished || !session.latestPercent)
                continue;
            ++row.plays;
            if (!row.bestPercent || *session.latestPercent > *row.bestPercent) {
                row.bestPercent = session.latestPercent;
                row.bestPassed = session.latestPassed.value_or(false);
                row.bestAutomaticPercent = session.latestAutomaticPercent;
            }
            row.lastSessionId = std::max(row.lastSessionId, session.id);
        }
        rows_.push_back(std::move(row));
    }
    applyFilter();
}

// ---- library ----------------------------------------------------------------------------------------

void AppModel::setFilter(const LibraryFilter& filter) {
    if (filter == filter_) return;
    filter_ = filter;
    applyFilter();
}

void AppModel::applyFilter() {
    std::vector<std::string> words;
    std::string query = lower(filter_.search);
    for (size_t i = 0; i < query.size();) {
        size_t j = query.find(' ', i);
        if (j == std::string::npos) j = query.size();
        if (j > i) words.push_back(query.substr(i, j - i));
        i = j + 1;
    }
    visible_.clear();
    for (size_t i = 0; i < rows_.size(); ++i) {
        const LibraryRow& r = rows_[i];
        if (!filter_.category.empty() && r.category != filter_.category) continue;
        if (!filter_.channel.empty() && r.channel != filter_.channel) continue;
        if (!filter_.priority.empty() && r.priority != filter_.priority) continue;
        if (filter_.difficulty && r.difficulty != filter_.difficulty) continue;
        if (!filter_.track.empty() &&
            std::find(r.trackIds.begin(), r.trackIds.end(), filter_.track) == r.trackIds.end())
            continue;
        std::string haystack = lower(r.id + " " + r.title + " " + r.brief + " " + r.category + " " + categoryLabel(r.category) + " " + r.personaName +
                                     " " + r.personaCompany + " " + r.personaTemperament);
        if (auto s = library_->findScenario(r.id))
            for (const auto& tag : s->tags) haystack += " " + lower(tag);
        bool all = std::all_of(words.begin(), words.end(),
                               [&](const std::string& w) { return haystack.find(w) != std::string::npos; });
        if (all) visible_.push_back(i);
    }
}

void AppModel::showLibrary() {
    go(profile() ? Screen::Library : Screen::Start);
    // Plays recorded elsewhere (the terminal, another window) show as soon as the library does.
    loadProfileRecords();
}

void AppModel::startScenario(const std::string& scenarioId, const std::string& mode, const Clock& clock) {
    ScenarioPtr scenario = library_->findScenario(scenarioId);
    if (!scenario) return fail("No scenario \"" + scenarioId + "\" in the library.");
    play_ = PlayState{};
    beginPlay(scenario, mode == "exam" ? "exam" : "practice", clock);
}

void AppModel::beginPlay(ScenarioPtr scenario, const std::string& requestedMode, const Clock& clock) {
    // A copy: retry() passes play_.mode itself, which the reset of play_ below clears.
    const std::string mode = requestedMode;
    // Exams draw from the scenario's exam variants, never the version practice shows: each exam
    // attempt of the profile takes the next variant in turn.
    if (mode == "exam") {
        std::string base(baseScenarioId(scenario->id));
        int attempts = static_cast<int>(std::count_if(sessions_.begin(), sessions_.end(), [&](const store::SessionInfo& s) {
            return s.mode == "exam" && baseScenarioId(s.scenarioId) == base;
        }));
        if (auto variant = library_->examVariant(base, attempts)) scenario = variant;
    }
    RubricPtr rubric = library_->findRubric(scenario->rubricId);
    if (!rubric) return fail("The scenario's rubric \"" + scenario->rubricId + "\" is not loaded.");
    auto started = PlaySession::start(scenario, clock.wall);
    if (!started) return fail("Cannot start \"" + scenario->title + "\": " + started.error().message);
    ++generation_;
    now_ = clock.wall;
    std::string trackId = play_.trackId, levelId = play_.levelId;
    play_ = PlayState{};
    play_.trackId = trackId;
    play_.levelId = levelId;
    play_.agentName = signedInAgentName();
    play_.session = std::move(*started);
    resetDraft();
    play_.rubric = rubric;
    play_.mode = mode;
    play_.recorded = profile() != nullptr;
    appendBubbles(play_.session->transcript().entries);
    shuffleChoices();
    play_.promptShownAt = clock.steady;
    go(Screen::Play);
    message_ = {};
    notice_ = {};
    if (resumeOffer_) resumeOffer_.reset();
    if (!play_.recorded) return;

    recorder_ = std::make_shared<std::optional<store::SessionRecorder>>();
    postSync(std::make_shared<PendingSync>(
        PendingSync{recorder_, *play_.session, rubric, mode, profileId_, std::nullopt, std::nullopt, clock.wall, generation_}));
}

void AppModel::confirm(const Clock& clock) {
    if (!confirmation_) return;
    Confirmation c = *confirmation_;
    confirmation_.reset();
    switch (c.act) {
    case Confirmation::Act::RevealRound: return doRevealRound(c.target, clock);
    case Confirmation::Act::AbandonSession: return abandonSession(c.target, clock);
    case Confirmation::Act::RescoreAll: return rescoreAll(clock);
    }
}

// ---- play -------------------------------------------------------------------------------------------

void AppModel::appendBubbles(const std::vector<TranscriptEntry>& entries) {
    for (const auto& e : entries) play_.bubbles.push_back(bubbleFor(play_.session->scenario(), e, play_.agentName));
}

std::string AppModel::signedInAgentName() const {
    const ProfileRow* p = profile();
    return agentFirstName(p ? p->name : "");
}

void AppModel::shuffleChoices() {
    play_.choiceOrder.clear();
    if (play_.session) play_.choiceOrder = presentationOrder(play_.session->transcript(), play_.session->prompt());
}

TurnPrompt AppModel::prompt() const { return play_.session ? play_.session->prompt() : TurnPrompt{}; }

std::vector<ChoiceButton> AppModel::choiceButtons() const {
    std::vector<ChoiceButton> buttons;
    if (!play_.session) return buttons;
    TurnPrompt p = play_.session->prompt();
    const Scenario& scenario = play_.session->scenario();
    const Node* node = findNode(scenario, p.nodeId);
    for (size_t position = 0; position < play_.choiceOrder.size() && position < p.choices.size(); ++position) {
        const ChoiceView& view = p.choices[play_.choiceOrder[position]];
        ChoiceButton b{view.id, fillAgentName(view.text, play_.agentName), view.enabled, view.unavailableReason, {}};
        if (node)
            if (const Choice* c = findChoice(*node, view.id)) b.action = handoffLabel(scenario, *node, *c);
        buttons.push_back(std::move(b));
    }
    return buttons;
}

int AppModel::mood() const { return play_.session ? play_.session->mood() : 50; }

ResponseClock AppModel::responseClock(const Clock& clock) const {
    ResponseClock rc;
    if (!play_.session || play_.session->finished()) return rc;
    const Scenario& s = play_.session->scenario();
    const Node* node = findNode(s, play_.session->prompt().nodeId);
    if (node && node->internal) {
        rc.standard = "Tool action: the customer is not waiting on this step.";
        return rc;
    }
    // As scoring counts it: the first reply the customer waits on; internal steps before it do not count.
    bool firstReply = true;
    for (const auto& e : play_.session->transcript().entries) {
        if (e.kind != EntryKind::TraineeChoice && e.kind != EntryKind::TraineeReply) continue;
        const Node* answered = findNode(s, e.nodeId);
        if (answered && !answered->internal) firstReply = false;
    }
    rc.simulated = isSimulated(s.channel);
    rc.target = static_cast<double>(firstReply ? firstReplyTargetSeconds(s.channel, s.priority)
                                               : channelStandard(s.channel).perReplySeconds);
    rc.elapsed = std::max(0.0, clock.steady - play_.promptShownAt) * simulatedScale(s.channel);
    rc.late = rc.elapsed > rc.target;
    rc.standard = readableCitationText(channelStandard(s.channel).text, {});
    if (firstReply) rc.standard += " · first response for " + std::string(priorityName(s.priority)) + ": " + formatDuration(rc.target);
    return rc;
}

void AppModel::choose(size_t position, const Clock& clock) {
    if (!play_.session || play_.session->finished()) return;
    auto buttons = choiceButtons();
    if (position >= buttons.size()) return;  // a number key past the last choice does nothing
    const ChoiceButton& b = buttons[position];
    if (!b.enabled) return fail(b.unavailableReason.empty() ? "That option is not available now." : b.unavailableReason);
    double seconds = responseClock(clock).elapsed;
    auto step = play_.session->choose(b.id, seconds, clock.wall);
    afterStep(step, clock);
}

void AppModel::sendReply(const Clock& clock) {
    if (!play_.session || play_.session->finished()) return;
    if (prompt().kind != TurnPrompt::Kind::FreeText) return;
    std::string text = trim(play_.replyDraft);
    if (text.empty()) return fail("Type a reply first (Ctrl+Enter sends it).");
    if (text.size() > kMaxReplyBytes)
        return fail("That reply is too long: replies are limited to " + std::to_string(kMaxReplyBytes / 1024) + " KB.");
    // Masked before the conversation holds it, as `simdesk play` does: a card number a trainee
    // typed is then neither on screen, nor in the store, nor in a screenshot of the debrief.
    if (maskSecrets_) text = redactSecrets(text).text;
    double seconds = responseClock(clock).elapsed;
    auto step = play_.session->reply(text, seconds, clock.wall);
    if (step) {
        // Sent: the store deletes the draft as the turn is appended.
        play_.replyDraft.clear();
        resetDraft();
    }
    afterStep(step, clock);
}

void AppModel::afterStep(const Result<StepResult>& step, const Clock& clock) {
    if (!step) return fail(step.error().message);
    message_ = {};
    now_ = clock.wall;
    appendBubbles(step->entries);
    refreshDelivery();  // shown as sent only once the store acknowledges it
    if (play_.mode == "practice")
        play_.feedback.push_back(practiceFeedbackFor(*step, static_cast<int>(play_.session->transcript().traineeTurnCount())));
    recordProgress(clock);
    if (play_.session->finished()) return enterDebrief();
    shuffleChoices();
    play_.promptShownAt = clock.steady;
}

void AppModel::recordProgress(const Clock& clock) {
    if (!play_.recorded || !recorder_) return;
    bool finished = play_.session->finished();
    std::optional<store::CertificationAttempt> attempt;
    if (finished && !play_.trackId.empty()) attempt = store::CertificationAttempt{0, profileId_, 0, play_.trackId, play_.levelId, false, clock.wall};
    std::optional<store::Person> player;
    if (const ProfileRow* p = profile(); p && finished)
        player = store::Person{p->id, p->name, store::parseRole(p->role).value_or(store::Role::Trainee), p->startDate, p->tracks, p->enrolledOn, false, p->team};
    postSync(std::make_shared<PendingSync>(
        PendingSync{recorder_, *play_.session, play_.rubric, play_.mode, profileId_, attempt, player, clock.wall, generation_}));
}

void AppModel::postSync(std::shared_ptr<PendingSync> pending) {
    ++loading_;
    ++syncing_;
    // On a server, what it does not acknowledge is kept on this computer too (unsent_turns.hpp).
    if (onServer_ && !unsentRoot_.empty() && pending->keepIn.empty()) {
        pending->keepIn = unsentFolder(unsentRoot_, unsentOwner_);
        pending->owner = unsentOwner_;
    }
    worker_->post([this, pending](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; --syncing_; };
        auto& box = *pending->box;
        const PlaySession& snapshot = pending->snapshot;
        const bool starting = !box.has_value();
        Reopened reopened;
        if (starting && pending->restored) reopened = reopenKept(*store, *pending);
        Status status = reopened.status;
        const size_t before = box ? box->storedEntries() : 0;
        // A session whose start failed (the server was away) is started now, with every entry so far.
        if (status && !box.has_value()) {
            auto begun = store::SessionRecorder::begin(*store, pending->personId, snapshot, *pending->rubric, pending->mode, pending->now);
            if (begun) box = *begun;
            else status = begun.error();
        }
        if (status && !reopened.alreadyThere) status = box->sync(snapshot, *pending->rubric, pending->now);
        const bool permanent = reopened.permanent;
        std::string fileProblem = permanent ? "" : keepOrDrop(*pending, bool(status));
        int64_t sessionId = box ? box->sessionId() : 0;
        size_t stored = box ? box->storedEntries() : 0;
        const size_t sentTurns = status ? store::traineeTurnsIn(snapshot.transcript(), stored) -
                                              store::traineeTurnsIn(snapshot.transcript(), before)
                                        : 0;
        // A kept play the server already had came with its attempt and certificates then.
        if (status && pending->attempt && !reopened.alreadyThere) {
            auto card = scoreTranscript(snapshot.scenario(), *pending->rubric, snapshot.transcript());
            store::CertificationAttempt a = *pending->attempt;
            a.sessionId = sessionId;
            a.passed = card && card->passed;
            (void)store->addCertificationAttempt(a);
        }
        // A finished play may complete a track: the certificate is stored now, so it stays earned.
        std::vector<std::string> certified;
        if (status && snapshot.finished() && pending->player && !reopened.alreadyThere)
            if (auto awarded = store::awardEarnedCertificates(*library_, *store, *pending->player, pending->now)) certified = *awarded;
        return [this, pending, status, starting, sessionId, stored, certified, permanent, fileProblem, sentTurns] {
            --loading_;
            --syncing_;
            // The latest write of a session stands for the ones before it: it carries all they carried.
            std::erase_if(unsent_, [&](const auto& u) { return u->box == pending->box; });
            const bool current = pending->generation == generation_;
            if (permanent)
                return fail("A conversation kept on this computer could not be sent: " + status.error().message +
                            ". Its file is left where it is: " + unsentFile(pending->keepIn, pending->snapshot.transcript()).string());
            const std::string notKept = fileProblem.empty() ? "" : " It could not be kept on this computer: " + fileProblem + ".";
            if (!status) {
                unsent_.push_back(pending);
                retryAt_ = -1;  // the next tick schedules the retry
                if (current) refreshDelivery();
                if (starting && !pending->box->has_value())
                    return fail("This conversation is not being saved yet: " + status.error().message +
                                ". It is kept and tried again every few seconds." + notKept);
                return fail("Could not save the last turn: " + status.error().message + ". It is kept and tried again every few seconds." +
                            notKept);
            }
            if (pending->restored) resent(*pending, sessionId, sentTurns);
            if (current) {
                if (play_.sessionId == 0) play_.sessionId = sessionId;
                play_.ackedEntries = std::max(play_.ackedEntries, stored);
                refreshDelivery();
            }
            for (const auto& title : certified) announce("Certificate earned: " + title + ". It is on My tracks (F3).");
            if (pending->snapshot.finished()) loadProfileRecords();  // new best scores and track progress
        };
    });
}

void AppModel::refreshDelivery() {
    const bool kept = std::any_of(unsent_.begin(), unsent_.end(), [&](const auto& u) { return u->box == recorder_; });
    for (size_t i = 0; i < play_.bubbles.size(); ++i) {
        Bubble& b = play_.bubbles[i];
        if (b.side != Bubble::Side::Trainee || !play_.recorded || i < play_.ackedEntries) b.delivery.clear();
        else b.delivery = kept ? "not sent yet, kept" : "sending…";
    }
}

void AppModel::searchKnowledge(const std::string& query) {
    play_.kbQuery = query;
    play_.kbHits = simdesk::searchKnowledge(library_->articles, query, 8);
}

void AppModel::openArticle(const std::string& id) { play_.openArticle = library_->findArticle(id) ? id : ""; }

void AppModel::leavePlay() {
    bool unfinished = play_.session && !play_.session->finished() && play_.recorded;
    flushDraft(Clock{now_, 0});  // the reply being typed waits with the conversation
    go(Screen::Library);
    if (unfinished) announce("Saved. The conversation is waiting for you in the library.");
    loadProfileRecords();  // runs after the pending turn writes, so the resume offer sees them
}

// ---- debrief ----------------------------------------------------------------------------------------

namespace {

std::string quoteSpans(const std::string& text, const std::vector<TextSpan>& spans) {
    std::string out;
    for (const auto& span : spans) {
        if (span.begin >= span.end || span.end > text.size()) continue;
        if (!out.empty()) out += " … ";
        out += text.substr(span.begin, span.end - span.begin);
    }
    return out;
}

std::vector<DebriefTurn> debriefTurns(const Scenario& scenario, const Transcript& transcript, const ScoreCard& card,
                                      std::string_view agentName) {
    std::vector<DebriefTurn> turns;
    int turn = 0;
    for (const auto& e : transcript.entries) {
        if (e.kind != EntryKind::TraineeChoice && e.kind != EntryKind::TraineeReply) continue;
        DebriefTurn t;
        t.turn = ++turn;
        t.prompt = promptOf(scenario, e.nodeId);
        t.yours = shownText(e, agentName);
        t.typed = e.kind == EntryKind::TraineeReply;
        t.seconds = e.seconds;
        for (const auto& c : card.criteria)
            for (const auto& ev : c.evidence) {
                if (ev.turn != turn || ev.source == Evidence::Source::ResponseTime) continue;
                t.lines.push_back({c.title, ev.note, quoteSpans(e.text, ev.spans), ev.level, ev.maxLevel,
                                   ev.level >= ev.maxLevel});
            }
        for (const auto& rt : card.responseTimes)
            if (rt.turn == turn) t.onTime = rt.withinStandard;
        turns.push_back(std::move(t));
    }
    return turns;
}

std::string bestStepText(const Scenario& scenario, const PathStep& step, std::string_view agentName) {
    const Node* node = findNode(scenario, step.nodeId);
    if (!node) return step.nodeId;
    if (!step.freeText) {
        const Choice* c = findChoice(*node, step.choiceId);
        return c ? fillAgentName(c->text, agentName) : step.choiceId;
    }
    if (!node->modelAnswer.empty()) return fillAgentName(node->modelAnswer, agentName);
    std::string rules;
    for (const auto& r : step.rulesMatched) rules += (rules.empty() ? "" : ", ") + r;
    return "A typed reply that meets: " + rules;
}

} // namespace

void AppModel::enterDebrief(const std::vector<Rerating>& reratings) {
    const PlaySession& session = *play_.session;
    const Scenario& scenario = session.scenario();
    auto card = scoreTranscript(scenario, *play_.rubric, session.transcript());
    if (!card) return fail("Cannot score this conversation: " + card.error().message);
    debrief_ = DebriefState{};
    debrief_.card = applyReratings(*card, *play_.rubric, reratings);
    debrief_.scenarioId = scenario.id;
    debrief_.scenarioTitle = scenario.title;
    debrief_.mode = play_.mode;
    debrief_.rubricTitle = play_.rubric->title;
    debrief_.sessionId = play_.sessionId;
    debrief_.turns = debriefTurns(scenario, session.transcript(), debrief_.card, play_.agentName);
    // The scorer already rates a breached critical criterion at level 0; say on which turn.
    for (auto& c : debrief_.card.criteria)
        for (const auto& e : debrief_.card.criticalErrors)
            if (e.criterionId == c.id) {
                c.anchor = "Critical error on turn " + std::to_string(e.turn) + ". " + c.anchor;
                break;
            }

    ScenarioAnalysis analysis = analyzeScenario(scenario, play_.rubric.get());
    std::set<std::pair<std::string, std::string>> bestMoves;
    if (analysis.best) {
        // The path found is not always the best one (its score is then below the proven bound); the
        // bound is what "best possible" can honestly claim, since no play scores above it.
        debrief_.bestPossible = std::max(analysis.best->pathScore, analysis.best->bound);
        for (const auto& step : analysis.best->path) {
            debrief_.bestPath.push_back({promptOf(scenario, step.nodeId), bestStepText(scenario, step, play_.agentName), true});
            bestMoves.insert({step.nodeId, step.freeText ? "" : step.choiceId});
        }
    }
    for (const auto& e : session.transcript().entries) {
        if (e.kind != EntryKind::TraineeChoice && e.kind != EntryKind::TraineeReply) continue;
        bool same = bestMoves.count({e.nodeId, e.kind == EntryKind::TraineeReply ? "" : e.choiceId}) > 0;
        debrief_.yourPath.push_back({promptOf(scenario, e.nodeId), shownText(e, play_.agentName), same});
    }
    go(Screen::Debrief);
}

void AppModel::retry(const Clock& clock) {
    if (!play_.session) return;
    ScenarioPtr scenario = library_->findScenario(play_.session->scenario().id);
    if (!scenario) return fail("That scenario is no longer in the library.");
    beginPlay(scenario, play_.mode, clock);
}

void AppModel::openStoredDebrief(int64_t sessionId) {
    ++loading_;
    worker_->post([this, sessionId](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto info = store->session(sessionId);
        auto transcript = info ? store->transcript(sessionId) : Result<Transcript>(info.error());
        if (!transcript) return [this, e = transcript.error().message] { --loading_; fail("Cannot open that session: " + e); };
        // Played on an older version of the scenario file: the debrief explains it as it was, from
        // the copy stored with the session (parsed here, off the UI thread).
        auto asPlayed = store::scenarioAsPlayed(*library_, *store, *info);
        if (!asPlayed) return [this, e = asPlayed.error().message] { --loading_; fail("Cannot open that session: " + e); };
        auto sources = readFeedback(*library_, *store, sessionId);
        if (!sources) return [this] { --loading_; fail("Cannot read the reviews of that session."); };
        return [this, info = *info, transcript = *transcript, scenario = *asPlayed, sources = std::move(*sources)] {
            --loading_;
            auto restored = PlaySession::replay(scenario, transcript);
            if (!restored) return fail("Cannot replay that session: " + restored.error().message);
            ++generation_;
            play_ = PlayState{};
            play_.session = std::move(*restored);
            play_.agentName = agentFirstName(info.personName);
            play_.rubric = library_->findRubric(scenario->rubricId);
            play_.mode = info.mode;
            play_.sessionId = info.id;
            play_.recorded = false;  // already stored; replaying it writes nothing
            appendBubbles(play_.session->transcript().entries);
            if (!play_.rubric) return fail("The scenario's rubric is not loaded.");
            enterDebrief(store::reratingsOf(sources.reviews));
            if (screen_ != Screen::Debrief) return;
            debrief_.feedback = reviewerFeedback(debrief_.card, sources);
            debrief_.disputes = sources.disputes;
            debrief_.traineeName = info.personName;
            debrief_.traineeId = info.personId;
        };
    });
}

bool AppModel::reviewingOthers() const {
    return screen_ == Screen::Debrief && debrief_.sessionId != 0 && debrief_.traineeId != 0 && debrief_.traineeId != profileId_;
}

void AppModel::refreshReviewerFeedback(int64_t sessionId) {
    ++loading_;
    worker_->post([this, sessionId](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto sources = readFeedback(*library_, *store, sessionId);
        if (!sources) return [this] { --loading_; fail("Cannot read the reviews of that session."); };
        return [this, sessionId, sources = std::move(*sources)] {
            --loading_;
            if (debrief_.sessionId != sessionId) return;
            debrief_.feedback = reviewerFeedback(debrief_.card, sources);
            debrief_.disputes = sources.disputes;
        };
    });
}

void AppModel::saveReRating(const Clock& clock) {
    const ProfileRow* p = profile();
    if (!p || !canReview() || debrief_.sessionId == 0) return fail("Re-ratings come from reviewers and leads, on a stored session.");
    CoachingDraft& draft = debrief_.coaching;
    const CriterionResult* criterion = nullptr;
    for (const auto& c : debrief_.card.criteria)
        if (c.id == draft.criterionId) criterion = &c;
    if (!criterion) return fail("Pick the criterion to re-rate.");
    if (draft.level < 0 || draft.level >= criterion->levels) return fail("Pick the level you would give.");
    std::string reason = trim(draft.reason);
    if (reason.empty()) return fail("A re-rating needs its reason: what in the conversation earned this level.");
    store::Review review{0, debrief_.sessionId, draft.criterionId, draft.level, reason, p->id, "", clock.wall};
    ++loading_;
    worker_->post([this, review](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        // The re-rating and the official score it makes are stored together (store/rerating.hpp).
        auto official = store::addRerating(*library_, *store, review, review.createdAt);
        return [this, official, review] {
            --loading_;
            if (!official) return fail("Cannot save the re-rating: " + official.error().message);
            debrief_.coaching.criterionId.clear();
            debrief_.coaching.level = -1;
            debrief_.coaching.reason.clear();
            announce("Re-rating saved: the official score is now " + scoreText(official->finalPercent) + " (automatic " +
                     scoreText(official->automaticPercent.value_or(official->finalPercent)) + ").");
            openStoredDebrief(review.sessionId);
        };
    });
}

void AppModel::sendCoachingPlan(const Clock& clock) {
    const ProfileRow* p = profile();
    if (!p || !canReview() || debrief_.sessionId == 0 || debrief_.traineeId == 0)
        return fail("Coaching plans come from reviewers and leads, on a stored session.");
    std::string text = trim(debrief_.coaching.plan);
    if (text.empty()) return fail("Write the plan first: what to practise, and how.");
    store::CoachingPlan plan{0, debrief_.traineeId, p->id, debrief_.sessionId, "", text, clock.wall, std::nullopt};
    ++loading_;
    worker_->post([this, plan](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto id = store->addCoachingPlan(plan);
        return [this, id] {
            --loading_;
            if (!id) return fail("Cannot save the plan: " + id.error().message);
            debrief_.coaching.plan.clear();
            announce("Plan sent to " + debrief_.traineeName + ": it is on their My tracks screen to acknowledge.");
        };
    });
}

// ---- tracks -----------------------------------------------------------------------------------------

void AppModel::showTracks(const Clock& clock) {
    if (clock.wall) now_ = clock.wall;
    go(Screen::Tracks);
    rebuildTrackCards();
    // What is shown now is what was read last; plays recorded since (from the terminal, say)
    // arrive with this read and redraw the cards.
    loadProfileRecords();
}

void AppModel::rebuildTrackCards() {
    trackCards_.clear();
    const ProfileRow* p = profile();
    if (!p) return;
    trackCards_ = store::trackStandings(*library_, p->startDate, p->tracks, sessions_, criticalCounts_, now_, awards_,
                                        p->enrolledOn);
}

void AppModel::startLevelScenario(const std::string& trackId, const std::string& levelId, const std::string& scenarioId,
                                  const Clock& clock) {
    ScenarioPtr scenario = library_->findScenario(scenarioId);
    TrackPtr track = library_->findTrack(trackId);
    const TrackLevel* level = track ? track->findLevel(levelId) : nullptr;
    if (!scenario || !level) return fail("That level or scenario is not in the library.");
    play_ = PlayState{};
    play_.trackId = trackId;
    play_.levelId = levelId;
    beginPlay(scenario, level->passRule.mode, clock);
}

std::optional<CertificateText> AppModel::certificateText(const std::string& trackId) const {
    const ProfileRow* p = profile();
    for (const auto& card : trackCards_) {
        if (card.track->id != trackId || !card.progress.certified || !p) continue;
        CertificateText text;
        text.traineeName = p->name;
        text.trackTitle = card.track->title;
        text.trackId = trackId;
        text.awardedOn = card.certifiedOn;
        text.expiresOn = card.expiresOn;
        for (const auto& level : card.track->levels) text.levels.push_back(level.title);
        std::string day = card.certifiedOn;
        day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
        text.certificateId = "SD-" + trackId + "-" + std::to_string(p->id) + "-" + day;
        return text;
    }
    return std::nullopt;
}

std::string AppModel::certificateDefaultPath(const std::string& trackId, const std::string& folder) const {
    auto text = certificateText(trackId);
    if (!text) return {};
    std::string name;
    // Letters of any script stay (UTF-8 bytes are kept whole); separators and path characters become '-'.
    for (char c : text->traineeName) {
        auto byte = static_cast<unsigned char>(c);
        name += byte >= 0x80 || std::isalnum(byte) ? c : '-';
    }
    return (std::filesystem::path(folder) / ("simdesk-certificate-" + trackId + "-" + name + ".png")).string();
}

void AppModel::exportCertificate(const std::string& trackId, const std::string& path, const std::string& regularFont,
                                 const std::string& boldFont) {
    auto text = certificateText(trackId);
    if (!text) return fail("That certificate has not been earned yet.");
    if (path.empty() || std::filesystem::path(path).filename().empty()) return fail("Choose a file name for the certificate.");
    ++loading_;
    // Rendering and writing happen on the worker: a frame never waits on the disk.
    worker_->post([this, text = *text, path, regularFont, boldFont](store::TrainingStore*) -> StoreWorker::Apply {
        std::error_code ec;
        const std::filesystem::path folder = std::filesystem::path(path).parent_path();
        if (!folder.empty()) std::filesystem::create_directories(folder, ec);
        auto image = renderCertificate(text, regularFont, boldFont);
        Status written = ec ? Status(simdesk::fail("cannot create " + folder.string() + ": " + ec.message()))
                         : image ? writePng(*image, path) : Status(image.error());
        return [this, written, path] {
            --loading_;
            if (!written) return fail("Cannot export the certificate: " + written.error().message);
            announce("Certificate saved to " + path);
        };
    });
}

// ---- appearance and samples ---------------------------------------------------------------------------

void AppModel::setTheme(Theme theme) {
    if (prefs_.theme == theme) return;
    prefs_.theme = theme;
    prefsDirty_ = true;
}

void AppModel::setUiScale(float scale) {
    scale = std::clamp(scale, 0.75f, 2.5f);
    if (prefs_.uiScale == scale) return;
    prefs_.uiScale = scale;
    prefsDirty_ = true;
}

void AppModel::loadSample(Screen screen, const Clock& clock, bool atChoice) {
    if (screen != Screen::Play && screen != Screen::Debrief) {
        go(screen);
        if (screen == Screen::Tracks) showTracks(clock);
        return;
    }
    ScenarioPtr scenario = library_->findScenario("refund-double-charge");
    if (!scenario && !library_->scenarios.empty()) scenario = library_->scenarios.front();
    if (!scenario) return fail("The library has no scenarios to show.");
    RubricPtr rubric = library_->findRubric(scenario->rubricId);
    ScenarioAnalysis analysis = analyzeScenario(*scenario, rubric.get());
    play_ = PlayState{};
    play_.agentName = signedInAgentName();
    auto started = PlaySession::start(scenario, clock.wall);
    if (!started || !rubric || !analysis.best) return fail("The sample scenario cannot be played.");
    ++generation_;
    play_.session = std::move(*started);
    resetDraft();
    play_.rubric = rubric;
    play_.recorded = false;  // a sample: nothing is written
    appendBubbles(play_.session->transcript().entries);
    const auto& path = analysis.best->path;
    size_t steps = screen == Screen::Play ? path.size() / 2 : path.size();
    Clock at = clock;
    // atChoice: on past the half-way point to the next choice (Play with its choices, not its reply box).
    for (size_t i = 0; (i < steps || (atChoice && i < path.size() && prompt().kind != TurnPrompt::Kind::Choice)) &&
                       !play_.session->finished();
         ++i) {
        at.wall += 40;
        at.steady = play_.promptShownAt + 25;
        const Node* node = findNode(*scenario, path[i].nodeId);
        if (path[i].freeText) play_.replyDraft = node && !node->modelAnswer.empty() ? fillAgentName(node->modelAnswer, play_.agentName) : "Thanks for your patience.";
        auto step = path[i].freeText ? play_.session->reply(play_.replyDraft, 25, at.wall)
                                     : play_.session->choose(path[i].choiceId, 25, at.wall);
        play_.replyDraft.clear();
        afterStep(step, at);
    }
    if (screen == Screen::Play && prompt().kind == TurnPrompt::Kind::FreeText) play_.replyDraft = "Hi " + scenario->persona.name + ", I'm sorry about the ";
    play_.promptShownAt = clock.steady - 38;  // the clock mid-turn, as a trainee would see it
    if (screen == Screen::Play) go(Screen::Play);
    else if (!play_.session->finished() || screen_ != Screen::Debrief) enterDebrief();
}

} // namespace simdesk::app
