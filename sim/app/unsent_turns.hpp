// Turns a team server did not acknowledge, kept on this computer so closing the app loses none.
//
// One file per conversation, `<folder>/<started>-<scenario>.json`, in a folder of the person's own
// per server (under the user's data folder, 0700; each file 0600: it holds what the trainee wrote).
// A failed write of a play writes (or rewrites) its file; the write that lands deletes it. At the
// next sign-in to the same server as the same person the app sends what the server lacks and
// goes on with the conversation (model_unsent.cpp). A file that cannot be read is reported and
// left where it is: it may be the only copy of someone's reply.
#pragma once

#include "core/result.hpp"
#include "core/transcript.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace simdesk::app {

/// One conversation with turns the server has not acknowledged.
struct UnsentPlay {
    int64_t sessionId = 0;   ///< the server's session; 0: its start was not acknowledged either
    std::string mode;        ///< "practice" or "exam"
    Transcript transcript;   ///< every entry so far: those the server has, then the unsent ones
    std::string trackId, levelId;  ///< a finished certification attempt; empty otherwise
    int64_t now = 0;         ///< when it was played: the turns' recorded time
};

/// Who the unsent turns belong to: the server (its URI without a password) and the person signed in.
struct UnsentOwner {
    std::string server;
    int64_t personId = 0;
    std::string personName;
};

/// $XDG_DATA_HOME/simdesk/unsent, else ~/.local/share/simdesk/unsent: beside the desktop's records.
std::filesystem::path defaultUnsentRoot();
/// The owner's folder under `root`, named from a hash of the server and the person's id.
std::filesystem::path unsentFolder(const std::filesystem::path& root, const UnsentOwner& owner);
/// The play's file in `folder`.
std::filesystem::path unsentFile(const std::filesystem::path& folder, const Transcript& transcript);

/// Writes (or replaces) the play's file, atomically; its folder is created private.
Status keepUnsent(const std::filesystem::path& folder, const UnsentOwner& owner, const UnsentPlay& play);
/// Deletes the play's file, if there is one.
Status dropUnsent(const std::filesystem::path& folder, const Transcript& transcript);

struct UnsentFound {
    std::filesystem::path file;
    UnsentPlay play;
};
/// What `folder` keeps for `owner`: the plays read, and a sentence for each file that could not be.
struct UnsentRead {
    std::vector<UnsentFound> plays;
    std::vector<std::string> problems;
};
UnsentRead readUnsent(const std::filesystem::path& folder, const UnsentOwner& owner);

} // namespace simdesk::app
