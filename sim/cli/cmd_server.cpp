#include "cmd_server.hpp"

#include "store/pg.hpp"
#include "store/pg_server.hpp"

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

} // namespace simdesk::cli
