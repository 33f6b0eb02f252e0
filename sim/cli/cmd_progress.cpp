// `simdesk progress [TRAINEE]`: where each trainee stands on their certification tracks — levels
// passed, the last day to finish, overdue or certified — and the coaching plans they have not yet
// acknowledged. What a training lead checks before a one-to-one.
#include "cli.hpp"
#include "report.hpp"

#include "core/calendar.hpp"
#include "store/standing.hpp"

#include <ostream>

namespace simdesk::cli {

using nlohmann::json;

namespace {

int levelsPassed(const TrackProgress& p) {
    int passed = 0;
    for (const auto& l : p.levels) passed += l.status == LevelStatus::Passed;
    return passed;
}

/// "due 2026-12-30 (12 days left)", "overdue: was due 2026-12-01", "certified 2026-11-20, valid until 2027-11-20".
std::string standingLine(const store::TrackStanding& s) {
    if (s.progress.certified) return "certified " + s.certifiedOn + ", valid until " + s.expiresOn;
    std::string levels = std::to_string(levelsPassed(s.progress)) + " of " + std::to_string(s.progress.levels.size()) + " levels";
    if (s.dueDate.empty() || !s.daysLeft) return levels + (s.assigned ? ", no deadline" : ", not assigned: no deadline");
    if (*s.daysLeft < 0) return levels + ", OVERDUE: was due " + s.dueDate;
    return levels + ", due " + s.dueDate + " (" + (*s.daysLeft == 0 ? std::string("last day") : std::to_string(*s.daysLeft) + " day" + (*s.daysLeft == 1 ? "" : "s") + " left") + ")";
}

json standingJson(const store::TrackStanding& s) {
    json j = {{"track", s.track->id}, {"title", s.track->title}, {"levels_passed", levelsPassed(s.progress)},
              {"levels", s.progress.levels.size()}, {"certified", s.progress.certified}, {"assigned", s.assigned}};
    j["due"] = s.dueDate.empty() ? json(nullptr) : json(s.dueDate);
    j["days_left"] = s.daysLeft ? json(*s.daysLeft) : json(nullptr);
    j["overdue"] = !s.progress.certified && s.daysLeft && *s.daysLeft < 0;
    if (s.progress.certified) j["certified_on"] = s.certifiedOn, j["valid_until"] = s.expiresOn;
    return j;
}

} // namespace

int progress(const GlobalOptions& global, const ProgressOptions& options, Io io) {
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, "progress", store.error());
    std::vector<store::Person> people;
    if (!options.trainee.empty()) {
        auto person = namedPerson(**store, options.trainee);
        if (!person) return storeError(io, "progress", person.error());
        people.push_back(*person);
    } else {
        auto all = (*store)->people();
        if (!all) return storeError(io, "progress", all.error());
        for (const auto& p : *all)
            if (p.role == store::Role::Trainee && !p.archived) people.push_back(p);  // archived: left the team
    }
    int64_t now = wallClock();
    if (!options.asOf.empty()) {
        auto day = parseIsoDate(options.asOf);
        if (!day) {
            io.err << "simdesk progress: --as-of expects a date as YYYY-MM-DD, got \"" << options.asOf << "\"\n";
            return kExitUsage;
        }
        now = *day + 12 * 3600;  // noon: "as of that day", well inside it in every reading
    }
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas);
    json list = json::array();
    for (const auto& person : people) {
        auto sessions = (*store)->sessions(person.name);
        auto plans = (*store)->coachingPlans(person.id);
        auto read = store::readStandings(library, **store, person, now);
        if (!sessions || !plans || !read) return storeError(io, "progress", Error{"cannot read " + person.name + "'s records"});
        const auto& standings = *read;
        int waiting = 0;
        for (const auto& p : *plans) waiting += !p.acknowledgedAt;
        if (options.json) {
            json tracks = json::array();
            for (const auto& s : standings) tracks.push_back(standingJson(s));
            list.push_back({{"name", person.name}, {"role", store::roleName(person.role)}, {"start_date", person.startDate},
                            {"sessions", sessions->size()}, {"plans_waiting", waiting}, {"tracks", tracks}});
            continue;
        }
        io.out << shownName(person.name) << " · " << store::roleName(person.role) << " · started " << person.startDate << " · "
               << sessions->size() << " session" << (sessions->size() == 1 ? "" : "s") << "\n";
        for (const auto& s : standings) io.out << "  " << s.track->title << ": " << standingLine(s) << "\n";
        if (waiting) io.out << "  coaching plans not yet acknowledged: " << waiting << "\n";
    }
    if (options.json) io.out << list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else if (people.empty()) io.out << "No trainees yet: simdesk people add NAME --track TRACK\n";
    return kExitOk;
}

} // namespace simdesk::cli
