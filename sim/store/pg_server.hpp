// Setting up a team's server once, by the database owner (`simdesk server init URI`).
#pragma once

#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace simdesk::store {

/// The group roles a team's people will belong to, one per simdesk role.
inline constexpr const char* kServerGroupRoles[] = {"simdesk_trainee", "simdesk_reviewer", "simdesk_lead"};

/// Creates simdesk's schema on the server (or migrates it) and the group roles that do not exist
/// yet (NOLOGIN: people log in with their own roles, members of one of these). Safe to run again:
/// what exists is left as it is. Returns what it did, one line each.
Result<std::vector<std::string>> initServer(const std::string& conninfo);

/// Why `login` cannot be a person's login role: only lowercase letters, digits and _ (so it needs
/// no quoting anywhere and a person types it as is), and not a name simdesk or PostgreSQL keeps.
std::optional<std::string> loginNameProblem(const std::string& login);
/// The default login for a person: their name lowercased, other characters as _ ("Ana Lima" →
/// "ana_lima"); empty when nothing is left (then --login is needed).
std::string loginNameFor(const std::string& personName);

} // namespace simdesk::store
