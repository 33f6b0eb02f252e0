// Helpers for the server-fault, end-to-end and benchmark programs: a child process talked to over
// pipes, and a throwaway PostgreSQL cluster of a test's own (scripts/pg-test-cluster.sh), for the
// tests that restart or reconfigure a server and so must not touch the cluster other tests share.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace simdesk::test {

/// A child process: its stdin and stdout are pipes, its stderr goes to a file read by errors().
class Child {
public:
    /// argv[0] is the program's path; `env` is added to this process's environment.
    static Child start(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});
    Child(Child&& other) noexcept;
    Child& operator=(Child&&) = delete;
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child();

    bool started() const { return pid_ > 0; }
    void send(const std::string& text);
    void closeInput();
    /// The next line of its stdout without the newline; "" at its end (it exited or closed it).
    std::string readLine();
    /// Every line until its stdout ends (closes its stdin first).
    std::vector<std::string> readAll();
    /// Its whole stdout from here on (closes stdin first), as one string.
    std::string readRest();
    /// Waits for it to exit: its exit code, or 128 + the signal that ended it.
    int wait();
    std::string errors() const;

private:
    Child() = default;
    pid_t pid_ = -1;
    int in_ = -1;
    FILE* out_ = nullptr;
    std::string errFile_;
};

/// A PostgreSQL cluster of this test's own, in a fresh folder /tmp/simdesk-pg-…, started by
/// scripts/pg-test-cluster.sh and stopped (folder and all) when this goes out of scope, also when
/// the test fails.
class ThrowawayCluster {
public:
    ThrowawayCluster();
    ~ThrowawayCluster();
    ThrowawayCluster(const ThrowawayCluster&) = delete;
    ThrowawayCluster& operator=(const ThrowawayCluster&) = delete;

    bool running() const { return running_; }
    const std::string& folder() const { return dir_; }
    /// The base URI, as the superuser postgres, without a database.
    std::string baseUri() const;
    /// Creates database `name` and returns its URI (as the superuser).
    std::string database(const std::string& name) const;
    /// pg_ctl restart -m immediate, waiting until the server answers again.
    bool restart() const;
    /// Passwords from now on: pg_hba.conf trusts only the superuser, every other role signs in
    /// with SCRAM (reloaded; sessions already open are unaffected).
    bool requirePasswords() const;

private:
    std::string dir_;
    bool running_ = false;
};

/// `text` cut at every `separator` ("" gives no parts).
std::vector<std::string> split(const std::string& text, char separator);

} // namespace simdesk::test
