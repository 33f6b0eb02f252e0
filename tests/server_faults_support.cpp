#include "server_faults_support.hpp"

#include <libpq-fe.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace simdesk::test {

namespace {
std::string script() { return std::string(SIMDESK_SOURCE_DIR) + "/scripts/pg-test-cluster.sh"; }

int runScript(const std::string& action, const std::string& dir) {
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, 1);
        execl("/bin/bash", "bash", script().c_str(), action.c_str(), dir.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string percentEncoded(const std::string& path) {
    std::string out;
    for (char c : path) out += c == '/' ? std::string("%2F") : std::string(1, c);
    return out;
}
} // namespace

// ---- Child ----------------------------------------------------------------------------------

Child Child::start(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
    Child child;
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return child;
    char errTemplate[] = "/tmp/simdesk-child-err-XXXXXX";
    int err = mkstemp(errTemplate);
    if (err < 0) return child;
    child.errFile_ = errTemplate;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err, 2);
        for (int fd : {in[0], in[1], out[0], out[1], err}) close(fd);
        for (const auto& [key, value] : env) setenv(key.c_str(), value.c_str(), 1);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err);
    child.pid_ = pid;
    child.in_ = in[1];
    child.out_ = fdopen(out[0], "r");
    return child;
}

Child::Child(Child&& other) noexcept
    : pid_(other.pid_), in_(other.in_), out_(other.out_), errFile_(std::move(other.errFile_)) {
    other.pid_ = -1;
    other.in_ = -1;
    other.out_ = nullptr;
    other.errFile_.clear();
}

Child::~Child() {
    closeInput();
    if (pid_ > 0) {
        kill(pid_, SIGKILL);  // a test that failed half-way leaves no process behind
        wait();
    }
    if (out_) fclose(out_);
    if (!errFile_.empty()) std::remove(errFile_.c_str());
}

void Child::send(const std::string& text) {
    if (in_ < 0) return;
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = write(in_, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<size_t>(n);
    }
}

void Child::closeInput() {
    if (in_ >= 0) close(in_);
    in_ = -1;
}

std::string Child::readLine() {
    std::string line;
    if (!out_) return line;
    for (int c; (c = std::fgetc(out_)) != EOF && c != '\n';) line += static_cast<char>(c);
    return line;
}

std::vector<std::string> Child::readAll() {
    return split(readRest(), '\n');
}

std::string Child::readRest() {
    closeInput();
    std::string all;
    if (!out_) return all;
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, out_)) > 0;) all.append(buffer, n);
    return all;
}

int Child::wait() {
    if (pid_ <= 0) return -1;
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Child::errors() const {
    std::ifstream in(errFile_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// ---- ThrowawayCluster -----------------------------------------------------------------------

ThrowawayCluster::ThrowawayCluster() {
    // A short path: the server's socket path must fit in 107 bytes.
    char dir[] = "/tmp/simdesk-pg-own-XXXXXX";
    if (!mkdtemp(dir)) return;
    dir_ = dir;
    running_ = runScript("start", dir_) == 0;
}

ThrowawayCluster::~ThrowawayCluster() {
    if (!dir_.empty()) runScript("stop", dir_);
}

std::string ThrowawayCluster::baseUri() const { return "postgresql://postgres@" + percentEncoded(dir_); }

std::string ThrowawayCluster::database(const std::string& name) const {
    PGconn* conn = PQconnectdb((baseUri() + "/postgres").c_str());
    PQclear(PQexec(conn, ("CREATE DATABASE " + name).c_str()));
    PQfinish(conn);
    return baseUri() + "/" + name;
}

bool ThrowawayCluster::restart() const { return runScript("restart", dir_) == 0; }

bool ThrowawayCluster::requirePasswords() const {
    // Only the superuser (the test's own hand) keeps trust; everyone else signs in with SCRAM.
    std::string hba = dir_ + "/data/pg_hba.conf";
    {
        std::ofstream out(hba, std::ios::trunc);
        out << "local all postgres trust\nlocal all all scram-sha-256\n";
        if (!out) return false;
    }
    PGconn* conn = PQconnectdb((baseUri() + "/postgres").c_str());
    PGresult* reloaded = PQexec(conn, "SELECT pg_reload_conf()");
    bool ok = PQresultStatus(reloaded) == PGRES_TUPLES_OK;
    PQclear(reloaded);
    PQfinish(conn);
    return ok;
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    if (text.empty()) return parts;
    std::string part;
    for (char c : text) {
        if (c == separator) {
            parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    if (!part.empty()) parts.push_back(part);
    return parts;
}

} // namespace simdesk::test
