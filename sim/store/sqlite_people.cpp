// People on SQLite: adding, listing, renaming, archiving, and a person's team and tracks.
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "store_rules.hpp"

namespace simdesk::store {

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

// personNameProblem: store.cpp, shared by every backend.

Result<Person> SqliteStore::addPerson(const std::string& name, Role role, const std::string& startDate,
                                      const std::vector<std::string>& tracks) {
    if (auto problem = personNameProblem(name))
        return fail(*problem);
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + describeError(db_));
    Statement insert = cache_->prepare("INSERT INTO people (name, role, start_date) VALUES (?, ?, ?)");
    insert.bind(1, name).bind(2, roleName(role)).bind(3, startDate);
    if (!insert.run()) {
        if (insert.error().find("UNIQUE") != std::string::npos)
            return fail("there is already a person named \"" + name + "\"");
        return fail(insert.error());
    }
    Person person{sqlite3_last_insert_rowid(db_), name, role, startDate, tracks, {}};
    Statement track =
        cache_->prepare("INSERT OR IGNORE INTO person_tracks (person_id, track_id, enrolled_on) VALUES (?, ?, date('now'))");
    for (const auto& t : tracks) {
        track.reset();
        track.bind(1, person.id).bind(2, t);
        if (!track.run())
            return fail(track.error());
    }
    if (auto s = scope.commit(); !s)
        return s.error();
    return person;
}

namespace {
constexpr const char* kPersonByName = SIMDESK_PERSON_COLUMNS "WHERE name = ?";
constexpr const char* kAllPeople = SIMDESK_PERSON_COLUMNS "ORDER BY name";

Result<std::vector<Person>> selectPeople(StatementCache& cache, const std::optional<std::string>& name) {
    Statement select = cache.prepare(name ? kPersonByName : kAllPeople);
    if (name)
        select.bind(1, *name);
    std::vector<Person> out;
    while (select.step())
        out.push_back(Person{select.integer(0),
                             select.text(1),
                             parseRole(select.text(2)).value_or(Role::Trainee),
                             select.text(3),
                             {},
                             {},
                             select.integer(4) != 0,
                             select.text(5)});
    if (select.failed())
        return fail(select.error());
    Statement tracks =
        cache.prepare("SELECT track_id, enrolled_on FROM person_tracks WHERE person_id = ? ORDER BY track_id");
    for (auto& p : out) {
        tracks.reset();
        tracks.bind(1, p.id);
        while (tracks.step()) {
            p.tracks.push_back(tracks.text(0));
            if (!tracks.text(1).empty()) p.enrolledOn[tracks.text(0)] = tracks.text(1);
        }
    }
    return out;
}
} // namespace

Result<std::vector<Person>> SqliteStore::people() {
    return selectPeople(*cache_, std::nullopt);
}

Result<std::optional<Person>> SqliteStore::findPerson(const std::string& name) {
    auto found = selectPeople(*cache_, name);
    if (!found)
        return found.error();
    if (found->empty())
        return std::optional<Person>();
    return std::optional<Person>(found->front());
}

Status SqliteStore::renamePerson(int64_t personId, const std::string& newName) {
    if (auto problem = personNameProblem(newName))
        return fail(*problem);
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + describeError(db_));
    // Names are told apart without regard to (ASCII) case: "ana lima" and "Ana Lima" are one person to a reader.
    Statement taken = cache_->prepare("SELECT name FROM people WHERE lower(name) = lower(?) AND id <> ?");
    taken.bind(1, newName).bind(2, personId);
    if (taken.step())
        return fail("there is already a person named \"" + taken.text(0) + "\"");
    if (taken.failed())
        return fail(taken.error());
    Statement update = cache_->prepare("UPDATE people SET name = ? WHERE id = ?");
    update.bind(1, newName).bind(2, personId);
    if (!update.run()) {
        if (update.error().find("UNIQUE") != std::string::npos)
            return fail("there is already a person named \"" + newName + "\"");
        return fail(update.error());
    }
    if (sqlite3_changes(db_) == 0)
        return fail("no person with id " + std::to_string(personId));
    return scope.commit();
}

Status SqliteStore::setPersonArchived(int64_t personId, bool archived, int64_t at) {
    WriteScope scope(db_, transactionDepth_);
    if (!scope.begun())
        return fail("cannot write: " + describeError(db_));
    // Archiving twice keeps the first date.
    Statement update = cache_->prepare(
        "UPDATE people SET archived_at = CASE WHEN ?1 THEN coalesce(archived_at, ?2) ELSE NULL END WHERE id = ?3");
    update.bind(1, int64_t{archived}).bind(2, at).bind(3, personId);
    if (!update.run())
        return fail(update.error());
    Statement exists = cache_->prepare("SELECT count(*) FROM people WHERE id = ?");
    exists.bind(1, personId);
    exists.step();
    if (exists.integer(0) == 0)
        return fail("no person with id " + std::to_string(personId));
    return scope.commit();
}

Status SqliteStore::setPersonTeam(int64_t personId, const std::string& team) {
    if (auto problem = teamNameProblem(team))
        return fail(*problem);
    Statement update = cache_->prepare("UPDATE people SET team = ? WHERE id = ?");
    update.bind(1, trimmedTeam(team)).bind(2, personId);
    if (!update.run())
        return fail(update.error());
    if (sqlite3_changes(db_) == 0)
        return fail("no person with id " + std::to_string(personId));
    return Ok{};
}
} // namespace simdesk::store
