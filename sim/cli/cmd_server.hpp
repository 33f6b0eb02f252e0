// `simdesk server init URI` (cmd_server.cpp): kept out of cli.hpp, which every command includes.
#pragma once

#include "cli.hpp"

namespace simdesk::cli {

/// Creates simdesk's schema and group roles on a team's server; run once by the database owner.
int serverInit(const std::string& uri, Io io);

} // namespace simdesk::cli
