// simdesk dispute open|list|resolve|window: a trainee contests a criterion's score on their own
// session; a reviewer or lead upholds it or overturns it (a re-rating: the official score
// changes). The rules about who and when are store/disputes.hpp's, shared with the app.
#include "cli.hpp"
#include "report.hpp"

#include "core/content_loader.hpp"
#include "store/disputes.hpp"

#include <ostream>

namespace simdesk::cli {

using nlohmann::json;

namespace {

json disputeJson(const store::Dispute& d) {
    json j = {{"id", d.id},         {"session", d.sessionId}, {"trainee", d.traineeName}, {"criterion", d.criterionId},
              {"reason", d.reason}, {"opened_at", d.openedAt}, {"status", d.resolution ? d.resolution->outcome : "open"}};
    if (d.resolution) {
        json r = {{"by", d.resolution->resolverName}, {"reason", d.resolution->reason}, {"resolved_at", d.resolution->resolvedAt}};
        if (d.resolution->level) r["level"] = *d.resolution->level;
        j["resolution"] = std::move(r);
    }
    return j;
}

void printDispute(std::ostream& out, const store::Dispute& d) {
    out << "#" << d.id << "  session #" << d.sessionId << "  " << shownName(d.traineeName) << "  " << d.criterionId << "  opened "
        << isoTime(d.openedAt) << "\n    " << d.reason << "\n";
    if (!d.resolution) {
        out << "    open: waiting for a reviewer\n";
        return;
    }
    const auto& r = *d.resolution;
    out << "    " << r.outcome << " by " << shownName(r.resolverName) << " on " << isoTime(r.resolvedAt);
    if (r.level) out << " (re-rated to level " << *r.level << ")";
    out << ": " << r.reason << "\n";
}

int openOne(store::TrainingStore& store, const DisputeOptions& o, Io io) {
    auto trainee = byPerson(store, o.by);
    if (!trainee) return storeError(io, "dispute open", trainee.error());
    auto id = store::fileDispute(store, *trainee, o.id, o.criterion, o.reason, wallClock());
    if (!id) return storeError(io, "dispute open", id.error());
    io.out << "Dispute #" << *id << " opened on session #" << o.id << " (" << o.criterion
           << "); a reviewer or lead will uphold or overturn it\n";
    return kExitOk;
}

int listAll(store::TrainingStore& store, const DisputeOptions& o, Io io) {
    auto all = store.disputes(std::nullopt);
    if (!all) return storeError(io, "dispute list", all.error());
    std::vector<store::Dispute> shown;
    for (auto& d : *all)
        if ((!o.openOnly || !d.resolution) && (o.trainee.empty() || d.traineeName == o.trainee)) shown.push_back(std::move(d));
    if (o.json) {
        json out = json::array();
        for (const auto& d : shown) out.push_back(disputeJson(d));
        io.out << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (shown.empty()) io.out << (o.openOnly ? "No dispute is waiting.\n" : "No disputes.\n");
    for (const auto& d : shown) printDispute(io.out, d);
    return kExitOk;
}

int resolveOne(const GlobalOptions& global, store::TrainingStore& store, const DisputeOptions& o, Io io) {
    if (o.uphold == o.overturn) {
        io.err << "simdesk dispute resolve: say --uphold (the score stands) or --overturn --level N (re-rate)\n";
        return kExitUsage;
    }
    if (o.uphold && o.level) {
        io.err << "simdesk dispute resolve: --level goes with --overturn; an upheld score keeps its level\n";
        return kExitUsage;
    }
    if (o.overturn && !o.level) {
        io.err << "simdesk dispute resolve: --overturn needs --level N, the level the criterion is re-rated to\n";
        return kExitUsage;
    }
    auto resolver = byPerson(store, o.by);
    if (!resolver) return storeError(io, "dispute resolve", resolver.error());
    SchemaChecker schemas;
    ContentLibrary library = loadLibrary(global, {}, schemas, ContentUse::ReadOnly);
    auto official = store::settleDispute(library, store, *resolver, o.id, o.uphold ? "upheld" : "overturned", o.level, o.reason,
                                         wallClock());
    if (!official) return storeError(io, "dispute resolve", official.error());
    if (!*official) {
        io.out << "Dispute #" << o.id << " upheld: the score stands\n";
        return kExitOk;
    }
    io.out << "Dispute #" << o.id << " overturned: re-rated to level " << *o.level << "\nOfficial score: " << (*official)->verdict()
           << "; automatic " << formatPercent((*official)->automaticPercent.value_or((*official)->finalPercent))
           << " kept beside it\n";
    return kExitOk;
}

int window(store::TrainingStore& store, const DisputeOptions& o, Io io) {
    if (!o.days) {
        auto days = store.disputeWindowDays();
        if (!days) return storeError(io, "dispute window", days.error());
        io.out << "Trainees can dispute a score for " << *days << " days after a session ends\n";
        return kExitOk;
    }
    auto lead = byPerson(store, o.by);
    if (!lead) return storeError(io, "dispute window", o.by.empty() ? Error{"say who changes it: --by NAME (a lead)"} : lead.error());
    if (lead->role != store::Role::Lead)
        return storeError(io, "dispute window", Error{lead->name + " is not a lead; the dispute window is a lead's setting"});
    if (auto s = store.setDisputeWindowDays(*o.days); !s) return storeError(io, "dispute window", s.error());
    io.out << "Trainees can now dispute a score for " << *o.days << " days after a session ends\n";
    return kExitOk;
}

} // namespace

int dispute(const GlobalOptions& global, const DisputeOptions& options, Io io) {
    auto store = openExistingStore(global, io);
    if (!store) return storeError(io, "dispute " + options.action, store.error());
    if (options.action == "open") return openOne(**store, options, io);
    if (options.action == "list") return listAll(**store, options, io);
    if (options.action == "resolve") return resolveOne(global, **store, options, io);
    return window(**store, options, io);
}

} // namespace simdesk::cli
