// One progress line for long commands (rescore --all, export): done of total, the rate, and the
// time left, redrawn in place at most five times a second. Only on a terminal: a script or a
// test reading stderr gets nothing from it.
#pragma once

#include <chrono>
#include <cstdio>
#include <ostream>
#include <string>

namespace simdesk::cli {

class ProgressLine {
  public:
    ProgressLine(std::ostream& out, std::string label, std::string unit, bool enabled)
        : out_(out), label_(std::move(label)), unit_(std::move(unit)), enabled_(enabled) {}
    bool enabled() const { return enabled_; }
    void update(size_t done, size_t total) {
        if (!enabled_ || total == 0) return;
        auto now = std::chrono::steady_clock::now();
        if (done < total && now - shown_ < std::chrono::milliseconds(200)) return;
        shown_ = now;
        double seconds = std::chrono::duration<double>(now - start_).count();
        double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
        char line[160];
        if (done >= total)
            std::snprintf(line, sizeof line, "\r%s: %zu of %zu %s, %.0f/s, done in %.1f s\033[K\n", label_.c_str(), done,
                          total, unit_.c_str(), rate, seconds);
        else if (rate > 0)
            std::snprintf(line, sizeof line, "\r%s: %zu of %zu %s, %.0f/s, about %.0f s left\033[K", label_.c_str(), done,
                          total, unit_.c_str(), rate, static_cast<double>(total - done) / rate);
        else
            std::snprintf(line, sizeof line, "\r%s: %zu of %zu %s\033[K", label_.c_str(), done, total, unit_.c_str());
        out_ << line << std::flush;
    }

  private:
    std::ostream& out_;
    std::string label_, unit_;
    bool enabled_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), shown_{};
};

} // namespace simdesk::cli
