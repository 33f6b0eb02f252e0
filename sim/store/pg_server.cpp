#include "pg_server.hpp"
#include "pg.hpp"
#include "pg_store.hpp"

namespace simdesk::store {

namespace {
// One constant statement per role: role names are identifiers, which cannot be parameters, and
// SQL is never built from text. CREATE ROLE has no IF NOT EXISTS, hence the DO blocks; roles are
// the whole cluster's, so another database's init may create one at the same moment (the handler).
constexpr const char* kCreateRole[] = {
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'simdesk_trainee') THEN "
    "CREATE ROLE simdesk_trainee NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'simdesk_reviewer') THEN "
    "CREATE ROLE simdesk_reviewer NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'simdesk_lead') THEN "
    "CREATE ROLE simdesk_lead NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
};
static_assert(std::size(kCreateRole) == std::size(kServerGroupRoles));
} // namespace

Result<std::vector<std::string>> initServer(const std::string& conninfo) {
    std::vector<std::string> done;
    {
        auto store = PgStore::open(conninfo);  // creates or migrates the schema, or refuses the database
        if (!store) return store.error();
        done.push_back("schema: simdesk schema version " + std::to_string((*store)->schemaVersion()) + " on " + (*store)->shown());
    }
    std::string shown = pg::isServerUri(conninfo) ? pg::withoutPassword(conninfo) : "the server";
    auto db = pg::Connection::connect(conninfo, shown);
    if (!db) return db.error();
    for (size_t i = 0; i < std::size(kCreateRole); ++i) {
        pg::Rows existed = db->run("SELECT count(*) FROM pg_roles WHERE rolname = $1", pg::Params().add(kServerGroupRoles[i]));
        if (!existed.ok()) return fail("cannot read the roles of " + shown + ": " + existed.error());
        if (existed.integer(0, 0) > 0) {
            done.push_back(std::string("role ") + kServerGroupRoles[i] + ": already there");
            continue;
        }
        if (auto s = db->exec(kCreateRole[i]); !s)
            return fail(std::string("cannot create the group role ") + kServerGroupRoles[i] + " on " + shown + ": " +
                        s.error().message + " (creating roles needs a role with CREATEROLE, such as the server's administrator)");
        done.push_back(std::string("role ") + kServerGroupRoles[i] + ": created");
    }
    // The schema's policies hold already; the grants need the roles (pg_schema.cpp, version 3).
    if (pg::Rows granted = db->run("SELECT simdesk_grant_roles(), simdesk_grant_calibration_sessions(), simdesk_grant_drafts(), simdesk_grant_run_summaries()"); !granted.ok())
        return fail("cannot grant the group roles their privileges on " + shown + ": " + granted.error());
    done.push_back("privileges: granted to simdesk_trainee, simdesk_reviewer and simdesk_lead");
    return done;
}

} // namespace simdesk::store
