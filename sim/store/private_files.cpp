#include "private_files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace simdesk::store {

namespace fs = std::filesystem;

Status createPrivateFolders(const fs::path& folder, std::string_view purpose) {
    if (folder.empty()) return Ok{};
    std::error_code ec;
    if (fs::is_directory(folder, ec)) return Ok{};
    if (auto parent = createPrivateFolders(folder.parent_path() == folder ? fs::path() : folder.parent_path(), purpose); !parent)
        return parent;
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
        return fail("cannot create the folder " + folder.string() + (purpose.empty() ? "" : " ") + std::string(purpose) + ": " +
                    std::strerror(errno));
    // mkdir's mode is filtered by the umask; chmod is not.
    if (::chmod(folder.c_str(), 0700) != 0)
        return fail("cannot make the folder " + folder.string() + " private: " + std::strerror(errno));
    return Ok{};
}

namespace {

Status openPrivate(const fs::path& path, int flags, int& fd) {
    if (auto folders = createPrivateFolders(path.parent_path()); !folders) return folders;
    fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
    if (fd < 0) return fail("cannot create " + path.string() + ": " + std::strerror(errno));
    if (::fchmod(fd, 0600) != 0) {
        std::string why = std::strerror(errno);
        ::close(fd);
        return fail("cannot make " + path.string() + " private: " + why);
    }
    return Ok{};
}

} // namespace

Status createPrivateFile(const fs::path& path) {
    int fd = -1;
    if (auto s = openPrivate(path, O_WRONLY | O_CREAT | O_EXCL, fd); !s) {
        std::error_code ec;
        if (errno == EEXIST || fs::exists(path, ec)) return Ok{};  // someone else created it: left as it is
        return s;
    }
    ::close(fd);
    return Ok{};
}

Status writePrivateFile(const fs::path& path, std::string_view text) {
    int fd = -1;
    if (auto s = openPrivate(path, O_WRONLY | O_CREAT | O_TRUNC, fd); !s) return s;
    for (size_t done = 0; done < text.size();) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::string why = std::strerror(errno);
            ::close(fd);
            return fail("cannot write " + path.string() + ": " + why);
        }
        done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) return fail("cannot write " + path.string() + ": " + std::strerror(errno));
    return Ok{};
}

} // namespace simdesk::store
