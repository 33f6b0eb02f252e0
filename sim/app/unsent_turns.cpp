#include "unsent_turns.hpp"

#include "core/scenario.hpp"
#include "store/private_files.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace simdesk::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kFormat = 1;
/// A conversation's transcript is a few kB; anything this large is not a file the app wrote.
constexpr std::uintmax_t kMaxFileBytes = 16u << 20;

std::string hexOf(std::string_view text) {
    std::string hash = contentHash(text);
    return hash.substr(hash.find(':') + 1);
}

/// A scenario id as part of a file name: letters, digits, '-' and '_' kept, anything else '_'.
std::string fileSafe(const std::string& id) {
    std::string out;
    for (char c : id.substr(0, 80)) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
    return out.empty() ? "_" : out;
}

Result<UnsentPlay> parse(const fs::path& file, const UnsentOwner& owner) {
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    if (ec) return fail("cannot read it: " + ec.message());
    if (size > kMaxFileBytes) return fail("it is too large to be one");
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail("cannot open it");
    std::stringstream text;
    text << in.rdbuf();
    json j = json::parse(text.str(), nullptr, false);
    if (!j.is_object()) return fail("it is not valid JSON");
    if (!j.contains("simdesk_unsent_turns") || !j["simdesk_unsent_turns"].is_number_integer())
        return fail("it is not a file of unsent turns");
    if (j["simdesk_unsent_turns"].get<int64_t>() != kFormat)
        return fail("it was written by another version of simdesk (format " + j["simdesk_unsent_turns"].dump() + ")");
    auto textField = [&](const char* key) -> const json* {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? &*it : nullptr;
    };
    auto numberField = [&](const char* key) -> const json* {
        auto it = j.find(key);
        return it != j.end() && it->is_number_integer() ? &*it : nullptr;
    };
    const json *server = textField("server"), *person = numberField("person_id"), *session = numberField("session_id");
    const json *mode = textField("mode"), *now = numberField("now"), *track = textField("track_id"), *level = textField("level_id");
    if (!server || !person || !session || !mode || !now || !track || !level || !j.contains("transcript"))
        return fail("a field is missing or of the wrong kind");
    if (server->get<std::string>() != owner.server || person->get<int64_t>() != owner.personId)
        return fail("it belongs to another server or person");
    auto transcript = transcriptFromJson(j["transcript"]);
    if (!transcript) return fail("its conversation cannot be read: " + transcript.error().message);
    UnsentPlay play;
    play.sessionId = session->get<int64_t>();
    play.mode = mode->get<std::string>();
    if (play.mode != "practice" && play.mode != "exam") return fail("its mode \"" + play.mode + "\" is neither practice nor exam");
    play.transcript = std::move(*transcript);
    play.trackId = track->get<std::string>();
    play.levelId = level->get<std::string>();
    play.now = now->get<int64_t>();
    return play;
}

} // namespace

fs::path defaultUnsentRoot() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "simdesk" / "unsent";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / ".local" / "share" / "simdesk" / "unsent";
}

fs::path unsentFolder(const fs::path& root, const UnsentOwner& owner) {
    return root / hexOf(owner.server + "\n" + std::to_string(owner.personId));
}

fs::path unsentFile(const fs::path& folder, const Transcript& transcript) {
    return folder / (std::to_string(transcript.startedAt) + "-" + fileSafe(transcript.scenarioId) + ".json");
}

Status keepUnsent(const fs::path& folder, const UnsentOwner& owner, const UnsentPlay& play) {
    json j = {{"simdesk_unsent_turns", kFormat},
              {"server", owner.server},
              {"person_id", owner.personId},
              {"person", owner.personName},
              {"session_id", play.sessionId},
              {"mode", play.mode},
              {"track_id", play.trackId},
              {"level_id", play.levelId},
              {"now", play.now},
              {"transcript", transcriptToJson(play.transcript)}};
    fs::path file = unsentFile(folder, play.transcript), temp = file;
    temp += ".tmp";
    // Written aside, then renamed over: a crash mid-write leaves the last good file, never half of one.
    if (auto written = store::writePrivateFile(temp, j.dump(1, ' ', false, json::error_handler_t::replace) + "\n"); !written)
        return written;
    std::error_code ec;
    fs::rename(temp, file, ec);
    if (ec) return fail("cannot replace " + file.string() + ": " + ec.message());
    return Ok{};
}

Status dropUnsent(const fs::path& folder, const Transcript& transcript) {
    std::error_code ec;
    fs::remove(unsentFile(folder, transcript), ec);
    if (ec) return fail("cannot delete " + unsentFile(folder, transcript).string() + ": " + ec.message());
    return Ok{};
}

UnsentRead readUnsent(const fs::path& folder, const UnsentOwner& owner) {
    UnsentRead read;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return read;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".json") files.push_back(it->path());
    if (ec) read.problems.push_back("The folder " + folder.string() + " of turns kept on this computer cannot be read: " + ec.message() + ".");
    std::sort(files.begin(), files.end());  // oldest conversation first: the names begin with when it started
    for (const auto& file : files) {
        auto play = parse(file, owner);
        if (play) read.plays.push_back({file, std::move(*play)});
        else
            read.problems.push_back("A conversation kept on this computer could not be read (" + file.string() + ": " +
                                    play.error().message + "); the file is left where it is.");
    }
    return read;
}

} // namespace simdesk::app
