// AppModel, continued: signing in to a team server, and what the app says while the store is slow
// or away. Connecting runs on the store worker like every other store job, so a server that does
// not answer never holds up a frame; the password is handed to that job and wiped from the form.
#include "model.hpp"

#include "store/pg.hpp"
#include "store/pg_server.hpp"
#include "store/pg_store.hpp"
#include "store/recorder.hpp"

#include <algorithm>
#include <utility>
#include <cstring>

namespace simdesk::app {

namespace {

/// Seconds a store job may take before the app says the store is not answering.
constexpr double kSlowSeconds = 3.0;
/// Seconds between two attempts to send turns the store did not acknowledge.
constexpr double kRetrySeconds = 5.0;

std::string trimmed(const std::string& text) {
    size_t b = text.find_first_not_of(" \t\r\n"), e = text.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : text.substr(b, e - b + 1);
}

/// Overwrites the whole buffer (its spare capacity too, which an earlier, longer value used)
/// before emptying it: a password does not linger in the heap after it was used.
void wipe(std::string& secret) {
    secret.resize(secret.capacity());
    if (!secret.empty()) explicit_bzero(secret.data(), secret.size());
    secret.clear();
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

} // namespace

std::optional<std::string> serverUri(const std::string& typed) {
    std::string s = trimmed(typed);
    if (s.empty()) return std::nullopt;
    if (store::pg::isServerUri(s)) return s;
    if (s.find_first_of(" \t\"'@?#") != std::string::npos) return std::nullopt;
    size_t slash = s.find('/');
    std::string host = slash == std::string::npos ? s : s.substr(0, slash);
    std::string db = slash == std::string::npos ? "simdesk" : s.substr(slash + 1);
    if (host.empty() || db.empty() || db.find('/') != std::string::npos) return std::nullopt;
    return "postgresql://" + host + "/" + db;
}

std::string signInProblem(const std::string& error, const std::string& server) {
    if (contains(error, "password authentication failed") || contains(error, "SCRAM authentication failed"))
        return "Wrong name or password for " + server + ".";
    if (contains(error, "no password supplied") || contains(error, "fe_sendauth"))
        return server + " asks for a password: type yours (or keep it in ~/.pgpass).";
    if (contains(error, "role \"") && contains(error, "does not exist"))
        return "No one of that name may sign in to " + server + ": check the name, or ask your lead to add you.";
    if (contains(error, "database \"") && contains(error, "does not exist"))
        return server + " has no such database: check the part of the address after the last /.";
    if (contains(error, "could not translate host name") || contains(error, "Name or service not known"))
        return "Unknown server: no computer answers to the name in " + server + ". Check the address.";
    if (contains(error, "Connection refused") || contains(error, "timeout expired") || contains(error, "No such file or directory") ||
        contains(error, "No route to host") || contains(error, "Network is unreachable"))
        return server + " is not answering: is it running, and is the address right?";
    if (contains(error, "no pg_hba.conf entry"))
        return server + " does not let this computer or this name in (its pg_hba.conf): ask whoever runs it.";
    return "Cannot sign in to " + server + ": " + error;
}

ServerConnector serverConnector(int timeoutSeconds) {
    return [timeoutSeconds](const std::string& uri, const std::string& login, const std::string& password)
               -> Result<std::unique_ptr<store::TrainingStore>> {
        auto opened = store::PgStore::openAs(uri, login, password, timeoutSeconds);
        if (!opened) return opened.error();
        return std::unique_ptr<store::TrainingStore>(std::move(*opened));
    };
}

void AppModel::setServerConnector(ServerConnector connector, LocalOpener local) {
    connector_ = std::move(connector);
    localOpener_ = std::move(local);
}

void AppModel::showSignIn(const std::string& server, bool serverOnly) {
    signIn_.server = !server.empty() ? server : prefs_.lastServer;
    signIn_.serverOnly = signIn_.serverOnly || serverOnly;
    signIn_.error.clear();
    message_ = {};
    notice_ = {};
    go(Screen::SignIn);
}

void AppModel::cancelSignIn() {
    if (signIn_.serverOnly || signIn_.connecting) return;
    wipe(signIn_.password);
    signIn_.error.clear();
    switchProfile();
}

void AppModel::signIn() {
    if (signIn_.connecting) return;
    std::string typed = trimmed(signIn_.server), name = trimmed(signIn_.name);
    auto uri = serverUri(typed);
    if (!uri) {
        signIn_.error = typed.empty() ? "Type the team server's address: postgresql://host/database, or host/database."
                                      : "That is not a server address: type postgresql://host/database, or host/database.";
        return;
    }
    if (name.empty()) {
        signIn_.error = "Type your name, as your lead added you.";
        return;
    }
    // The password leaves the form now: the job has the only copy, and wipes it once used.
    auto password = std::make_shared<std::string>(signIn_.password);
    wipe(signIn_.password);
    signIn_.connecting = true;
    signIn_.error.clear();
    const std::string shown = store::pg::withoutPassword(*uri);
    // A name as the lead typed it ("Ana Lima") is the login people add made of it (ana_lima).
    const std::string login = store::loginNameProblem(name) ? store::loginNameFor(name) : name;
    ++loading_;
    worker_->postAttach([this, connector = connector_, uri = *uri, shown, login, password, typed, root = unsentRoot_](
                            std::unique_ptr<store::TrainingStore>& slot) -> StoreWorker::Apply {
        auto opened = connector ? connector(uri, login, *password)
                                : Result<std::unique_ptr<store::TrainingStore>>(simdesk::fail("this simdesk cannot connect to servers"));
        wipe(*password);
        auto refuse = [this](std::string why) -> StoreWorker::Apply {
            return [this, why] {
                --loading_;
                signIn_.connecting = false;
                signIn_.error = why;
            };
        };
        if (!opened) return refuse(signInProblem(opened.error().message, shown));
        auto me = (*opened)->signedIn();
        if (!me) return refuse("Signed in to " + shown + ", but cannot read who you are: " + me.error().message);
        if (!*me)
            return refuse("The login \"" + login + "\" belongs to no one on " + shown +
                          ": ask your lead to run simdesk people login for you.");
        store::Person person = **me;
        bool mask = (*opened)->maskSecrets();
        slot = std::move(*opened);  // the store before (the desktop's file) closes here, on the worker
        // Turns this person wrote on this server that it had not acknowledged when simdesk closed.
        UnsentOwner owner{shown, person.id, person.name};
        UnsentRead kept;
        if (!root.empty()) kept = readUnsent(unsentFolder(root, owner), owner);
        return [this, person, mask, typed, owner, kept] {
            --loading_;
            signIn_.connecting = false;
            signIn_.error.clear();
            onServer_ = true;
            maskSecrets_ = mask;
            // On a server the signed-in person is the profile: their role decides the screens.
            profiles_ = {ProfileRow{person.id, person.name, std::string(store::roleName(person.role)), person.startDate,
                                    person.tracks, person.enrolledOn, person.archived}};
            if (prefs_.lastServer != typed) {
                prefs_.lastServer = typed;
                prefsDirty_ = true;
            }
            unsentOwner_ = owner;
            selectProfile(person.id);
            restoreUnsent(kept, person);
        };
    });
}

void AppModel::signOut() {
    if (!unsent_.empty())
        return fail("Your last turn is not on the server yet. It is kept and sent when the server answers; sign out after that.");
    onServer_ = false;
    unsentOwner_ = {};
    resumeAfterResend_.reset();
    profiles_.clear();  // the server's people; the picker reads the desktop's again
    forgetSignedInPerson();
    // The connection closes; from the profile picker the desktop's own records open again.
    worker_->postAttach([local = signIn_.serverOnly ? LocalOpener{} : localOpener_](std::unique_ptr<store::TrainingStore>& slot)
                            -> StoreWorker::Apply {
        slot.reset();
        if (local)
            if (auto opened = local()) slot = std::move(*opened);
        return {};
    });
    showSignIn();
    announce("Signed out.");
}

std::string AppModel::banner(const Clock& clock) const {
    if (!unsent_.empty())
        return onServer_ ? "Server not answering — your reply is kept and will be sent when it is back."
                         : "Cannot save to the records file — your reply is kept and will be saved when it can be.";
    if (auto since = worker_->busySince(); since && clock.steady - *since >= kSlowSeconds) {
        if (signIn_.connecting) return "Server not answering yet — still trying to reach it.";
        return onServer_ ? "Server not answering — waiting for it. Nothing you did is lost."
                         : "The records file is slow to answer — waiting for it.";
    }
    return healthProblem_;
}

void AppModel::tick(const Clock& clock) {
    // A conversation kept on this computer, now on the server: it goes on where it stopped.
    // Only from the library, where signing in lands: a person already elsewhere is not pulled away
    // (the library offers the conversation as any interrupted one).
    if (auto offer = std::exchange(resumeAfterResend_, std::nullopt)) {
        if (screen_ == Screen::Library && !confirmation_) {
            resumeOffer_ = offer;
            resume(clock);
        } else {
            announce(std::exchange(resumeNotice_, ""));
        }
    }
    if (unsent_.empty() || syncing_ > 0) return;
    if (retryAt_ < 0) {
        retryAt_ = clock.steady + kRetrySeconds;
        return;
    }
    if (clock.steady < retryAt_) return;
    retryAt_ = -1;
    sendUnsentNow();
}

void AppModel::sendUnsentNow() {
    if (syncing_ > 0) return;  // a write in flight carries them already
    auto pending = unsent_;  // each retry's result puts it back if it fails again
    for (auto& p : pending) postSync(p);
}

} // namespace simdesk::app
