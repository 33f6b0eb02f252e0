// PgStore, continued: who is signed in, and giving a person a login role. On a server each
// person connects as their own role (people.login), and the server's grants and row-level
// security decide what that role may read and write (pg_schema.cpp, version 3).
#include "pg.hpp"
#include "pg_server.hpp"
#include "pg_store.hpp"

namespace simdesk::store {

Result<std::optional<Person>> PgStore::signedIn() {
    pg::Rows me = db_->run("SELECT name FROM people WHERE login = current_user");
    if (!me.ok()) return fail("cannot read who is signed in to " + db_->shown() + ": " + me.error());
    if (me.size() == 0) return std::optional<Person>{};
    return findPerson(me.text(0, 0));
}

Status PgStore::addLogin(const Person& person, const std::string& login, const std::string& password) {
    if (auto problem = loginNameProblem(login)) return fail(*problem);
    if (password.empty()) return fail("a login needs a password");
    auto verifier = db_->scramVerifier(password, login);
    if (!verifier) return verifier.error();
    std::string group = std::string("simdesk_") + std::string(roleName(person.role));
    return atomically([&]() -> Status {
        pg::Rows made = db_->run("SELECT simdesk_add_login($1, $2, $3)", pg::Params().add(login).add(*verifier).add(group));
        if (!made.ok()) {
            if (made.sqlstate() == "42710") return fail("there is already a role named \"" + login + "\" on " + db_->shown());
            if (made.sqlstate() == "42501")
                return fail("only a lead (or the database owner) may add people's logins on " + db_->shown() + ": " + made.error());
            return fail("cannot create the login \"" + login + "\" on " + db_->shown() + ": " + made.error());
        }
        pg::Rows linked = db_->run("UPDATE people SET login = $1 WHERE id = $2", pg::Params().add(login).add(person.id));
        if (!linked.ok()) return fail("cannot link " + person.name + " to the login \"" + login + "\": " + linked.error());
        return Ok{};
    });
}

std::optional<std::string> loginNameProblem(const std::string& login) {
    bool ok = !login.empty() && login.size() <= 63 && !(login[0] >= '0' && login[0] <= '9');
    for (char c : login) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!ok) return "a login name is 1 to 63 lowercase letters, digits and _, not starting with a digit (got \"" + login + "\")";
    if (login.rfind("simdesk_", 0) == 0 || login.rfind("pg_", 0) == 0)
        return "a login name may not start with simdesk_ or pg_ (\"" + login + "\")";
    return std::nullopt;
}

std::string loginNameFor(const std::string& personName) {
    std::string out;
    for (unsigned char c : personName) {
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
        else if (!out.empty() && out.back() != '_') out += '_';
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    if (!out.empty() && out[0] >= '0' && out[0] <= '9') out = "p_" + out;
    return out.substr(0, 63);
}

} // namespace simdesk::store
