#include "cmd_server.hpp"

#include "store/pg.hpp"
#include "store/pg_server.hpp"
#include "store/pg_store.hpp"

#include <termios.h>
#include <unistd.h>

#include <istream>
#include <optional>

namespace simdesk::cli {

int serverInit(const std::string& uri, Io io) {
    if (!store::pg::isServerUri(uri)) {
        io.err << "simdesk server init: expected a postgresql:// or postgres:// URI, e.g. postgresql://owner@db.example.com/simdesk\n";
        return kExitUsage;
    }
    auto done = store::initServer(uri);
    if (!done) return storeError(io, "server init", done.error());
    for (const auto& line : *done) io.out << line << "\n";
    return kExitOk;
}

namespace {

/// Echo off while the password is typed, restored whatever happens (RAII).
class NoEcho {
public:
    NoEcho() : on_(tcgetattr(STDIN_FILENO, &saved_) == 0) {
        if (!on_) return;
        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        on_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    ~NoEcho() {
        if (on_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    }
    NoEcho(const NoEcho&) = delete;
    NoEcho& operator=(const NoEcho&) = delete;

private:
    termios saved_{};
    bool on_ = false;
};

Result<std::string> readLine(std::istream& in) {
    std::string line;
    if (!std::getline(in, line)) return fail("no password given");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

/// The new person's password: stdin's first line (--password-stdin, for scripts), or typed twice
/// at the terminal without echo. Never an argument: arguments show in `ps` and shell history.
Result<std::string> newPassword(const PeopleOptions& options, const std::string& login, Io io) {
    if (options.passwordStdin) return readLine(io.in);
    if (!io.interactive)
        return fail("a login on a server needs a password: type it at a terminal, or pipe it in with --password-stdin");
    NoEcho quiet;
    io.err << "Password for " << login << ": " << std::flush;
    auto first = readLine(io.in);
    io.err << "\nAgain: " << std::flush;
    auto second = readLine(io.in);
    io.err << "\n";
    if (!first) return first.error();
    if (!second || *second != *first) return fail("the two passwords differ; nothing was added");
    return first;
}

} // namespace

namespace {
/// The login for `name` (--login, else derived) and its password, or the exit code to return.
std::optional<int> loginAndPassword(const PeopleOptions& options, const std::string& name, std::string& login,
                                    std::string& password, Io io) {
    login = options.login.empty() ? store::loginNameFor(name) : options.login;
    if (auto problem = store::loginNameProblem(login)) {
        io.err << "simdesk people " << options.action << ": " << *problem << (options.login.empty() ? "; choose one with --login NAME" : "") << "\n";
        return kExitUsage;
    }
    auto typed = newPassword(options, login, io);
    if (!typed) return storeError(io, "people " + options.action, typed.error());
    if (typed->empty()) return storeError(io, "people " + options.action, Error{"the password is empty; nothing was added"});
    password = *typed;
    return std::nullopt;
}
} // namespace

int peopleLoginOnServer(store::TrainingStore& base, const store::Person& person, const PeopleOptions& options, Io io) {
    auto* server = dynamic_cast<store::PgStore*>(&base);
    if (!server) return storeError(io, "people login", Error{"expected records on a server"});
    std::string login, password;
    if (auto exit = loginAndPassword(options, person.name, login, password, io)) return *exit;
    if (auto done = server->addLogin(person, login, password); !done) return storeError(io, "people login", done.error());
    io.out << person.name << " signs in as " << login << " (group simdesk_" << store::roleName(person.role) << ")\n";
    return kExitOk;
}

int peopleAddOnServer(store::TrainingStore& base, const PeopleOptions& options, store::Role role, const std::string& start, Io io) {
    auto* server = dynamic_cast<store::PgStore*>(&base);
    if (!server) return storeError(io, "people add", Error{"expected records on a server"});
    std::string login, password;
    if (auto exit = loginAndPassword(options, options.name, login, password, io)) return *exit;
    store::Person added;
    Status done = server->inTransaction([&]() -> Status {
        auto person = server->addPerson(options.name, role, start, options.tracks);
        if (!person) return person.error();
        added = *person;
        if (!options.team.empty())
            if (auto team = server->setPersonTeam(added.id, options.team); !team) return team;
        return server->addLogin(added, login, password);
    });
    if (!done) return storeError(io, "people add", done.error());
    io.out << "Added " << added.name << " (" << store::roleName(added.role) << ", started " << added.startDate << "), signing in as "
           << login << " (group simdesk_" << store::roleName(added.role) << ")\n";
    return kExitOk;
}

} // namespace simdesk::cli
