// Files that hold training records or a person's settings are the owner's alone: created 0600 in
// folders created 0700, whatever the umask (a desktop often runs with 022, which would leave
// replies and scores readable by every account on the machine).
#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <string_view>

namespace simdesk::store {

/// Creates `folder` and its missing parents, each 0700. Folders that already exist are left as
/// they are: they may be shared on purpose (/tmp, a team drive). `purpose` ends the message of
/// a failure: "cannot create the folder X for the database: Not a directory".
Status createPrivateFolders(const std::filesystem::path& folder, std::string_view purpose = "");

/// Creates `path` empty and 0600 if it does not exist (its missing folders 0700), so a program
/// that opens it next (SQLite, and SQLite's WAL and shared-memory files, which copy the database's
/// mode) never makes it readable by others. An existing file is left as it is.
Status createPrivateFile(const std::filesystem::path& path);

/// Writes `text` to `path` as a 0600 file, replacing what was there (an existing file is made 0600).
Status writePrivateFile(const std::filesystem::path& path, std::string_view text);

} // namespace simdesk::store
