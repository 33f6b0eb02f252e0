// Setting up a team's server once, by the database owner (`simdesk server init URI`).
#pragma once

#include "core/result.hpp"

#include <string>
#include <vector>

namespace simdesk::store {

/// The group roles a team's people will belong to, one per simdesk role.
inline constexpr const char* kServerGroupRoles[] = {"simdesk_trainee", "simdesk_reviewer", "simdesk_lead"};

/// Creates simdesk's schema on the server (or migrates it) and the group roles that do not exist
/// yet (NOLOGIN: people log in with their own roles, members of one of these). Safe to run again:
/// what exists is left as it is. Returns what it did, one line each.
Result<std::vector<std::string>> initServer(const std::string& conninfo);

} // namespace simdesk::store
