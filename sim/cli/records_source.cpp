#include "records_source.hpp"

#include "core/calendar.hpp"
#include "store/standing.hpp"

#include <map>
#include <set>

namespace simdesk::cli {

using nlohmann::json;

namespace {

Result<std::optional<int64_t>> parseDay(const std::string& text, const char* option) {
    if (text.empty()) return std::optional<int64_t>{};
    auto day = parseIsoDate(text);
    if (!day) return Error{std::string(option) + " expects a date as YYYY-MM-DD, got \"" + text + "\""};
    return std::optional<int64_t>{*day};
}

/// Refuses a --team nobody is in (a typo would otherwise print an empty report), naming the teams.
Status knownTeam(store::TrainingStore& store, const std::string& team) {
    if (team.empty()) return Ok{};
    auto people = store.people();
    if (!people) return people.error();
    std::set<std::string> teams;
    for (const auto& p : *people)
        if (!p.team.empty()) teams.insert(p.team);
    if (teams.contains(team)) return Ok{};
    std::string known;
    for (const auto& t : teams) known += (known.empty() ? "" : ", ") + t;
    return Error{"no team \"" + team + "\"; " + (known.empty() ? "nobody is in a team (simdesk people set-team NAME TEAM)" : "teams: " + known)};
}

} // namespace

Result<RecordsSource> openRecords(const GlobalOptions& global, const RecordQuery& query, Io io) {
    auto store = openExistingStore(global, io);
    if (!store) return store.error();
    if (!query.trainee.empty())
        if (auto person = namedPerson(**store, query.trainee); !person) return person.error();
    if (auto team = knownTeam(**store, query.team); !team) return team.error();
    RecordsSource source;
    source.store = std::move(*store);
    source.schemas = std::make_unique<SchemaChecker>();
    source.library = loadLibrary(global, {}, *source.schemas, ContentUse::ReadOnly);
    auto filter = makeFilter(query, source.library);
    if (!filter) return filter.error();
    source.filter = std::move(*filter);
    return source;
}

Result<insights::Filter> makeFilter(const RecordQuery& query, const ContentLibrary& library) {
    insights::Filter filter;
    auto since = parseDay(query.since, "--since");
    if (!since) return since.error();
    auto until = parseDay(query.until, "--until");
    if (!until) return until.error();
    filter.since = *since;
    filter.until = *until;
    if (filter.since && filter.until && *filter.until <= *filter.since)
        return Error{"--until " + query.until + " is not after --since " + query.since};
    filter.trainee = query.trainee;
    filter.scenario = query.scenario;
    filter.team = query.team;
    if (!query.track.empty()) {
        auto track = library.findTrack(query.track);
        if (!track) return Error{"no track \"" + query.track + "\" in the content"};
        for (const auto& level : track->levels)
            filter.scenarios.insert(filter.scenarios.end(), level.scenarios.begin(), level.scenarios.end());
    }
    return filter;
}

} // namespace simdesk::cli
