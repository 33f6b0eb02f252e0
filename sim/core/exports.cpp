#include "exports.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <ostream>

namespace simdesk::exports {

using nlohmann::json;
using insights::PlayRecord;

namespace {

constexpr size_t kProgressStep = 500;

/// Stored text may hold invalid UTF-8 (records written before names were checked): it is written
/// with U+FFFD in its place rather than failing the whole export.
std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void report(const Progress& progress, size_t done, size_t total) {
    if (progress && (done % kProgressStep == 0 || done == total)) progress(done, total);
}

std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

const char* boolText(bool value) { return value ? "true" : "false"; }

/// An id as one IRI path segment: RFC 3986 unreserved characters stay, everything else is %XX.
std::string iriSegment(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char code[4];
            std::snprintf(code, sizeof code, "%%%02X", c);
            out += code;
        }
    }
    return out;
}

std::string base(const XapiOptions& options) {
    std::string home = options.homePage;
    while (!home.empty() && home.back() == '/') home.pop_back();
    return home;
}

uint64_t fnv1a(std::string_view text, uint64_t hash) {
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
    return hash;
}

/// A statement id that is the same every time the same record is exported (so an LRS that sees a
/// statement twice keeps one), shaped as an RFC 9562 version-8 UUID.
std::string stableUuid(std::string_view key) {
    uint64_t hi = fnv1a(key, 14695981039346656037ULL);
    uint64_t lo = fnv1a(key, hi ^ 0x9E3779B97F4A7C15ULL);
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000008000ULL;  // version 8
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(hi >> 32), static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(hi & 0xFFFF), static_cast<unsigned long long>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    return buffer;
}

json actor(const std::string& name, const XapiOptions& options) {
    return {{"objectType", "Agent"}, {"name", name}, {"account", {{"homePage", options.homePage}, {"name", name}}}};
}

json verb(std::string_view name) { return {{"id", verbIri(name)}, {"display", {{"en-US", std::string(name)}}}}; }

json activity(const std::string& iri, const std::string& name, const std::string& type) {
    json definition = {{"type", type}};
    if (!name.empty()) definition["name"] = {{"en-US", name}};
    return {{"objectType", "Activity"}, {"id", iri}, {"definition", std::move(definition)}};
}

json criteriaJson(const PlayRecord& play) {
    json list = json::array();
    for (const auto& c : play.criteria) {
        json j = {{"id", c.id}, {"title", c.title}, {"max_level", c.maxLevel}, {"weight", c.weight},
                  {"critical", c.critical}, {"applicable", c.applicable}};
        if (c.applicable) {
            j["automatic_level"] = c.automaticLevel;
            j["official_level"] = c.officialLevel;
        }
        list.push_back(std::move(j));
    }
    return list;
}

} // namespace

std::string csvField(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string isoTimestamp(int64_t seconds) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::string isoDuration(int64_t seconds) {
    if (seconds <= 0) return "PT0S";
    std::string out = "PT";
    if (seconds >= 3600) out += std::to_string(seconds / 3600) + "H";
    if (seconds % 3600 >= 60) out += std::to_string(seconds % 3600 / 60) + "M";
    if (seconds % 60 || out == "PT") out += std::to_string(seconds % 60) + "S";
    return out;
}

void writeCsv(std::ostream& out, const std::vector<PlayRecord>& plays, const Progress& progress) {
    out << "session,trainee,scenario,mode,started,finished,rubric,criterion,automatic_level,official_level,"
           "max_level,weight,passed,critical,team\r\n";
    size_t done = 0;
    for (const auto& p : plays) {
        std::string head = std::to_string(p.sessionId) + "," + csvField(p.trainee) + "," + csvField(p.scenarioId) + "," +
                           csvField(p.mode) + "," + isoTimestamp(p.startedAt) + "," +
                           (p.finishedAt ? isoTimestamp(*p.finishedAt) : "") + "," + csvField(p.rubricId) + ",";
        std::string passed = p.scored ? boolText(p.passed) : "";
        std::string team = "," + csvField(p.team);  // last, so readers of the columns before it are unchanged
        if (p.criteria.empty()) out << head << ",,,,," << passed << "," << team << "\r\n";
        for (const auto& c : p.criteria) {
            out << head << csvField(c.id) << ",";
            if (c.applicable) out << c.automaticLevel << "," << c.officialLevel;
            else out << ",";
            out << "," << c.maxLevel << "," << number(c.weight) << "," << passed << "," << boolText(c.critical) << team << "\r\n";
        }
        report(progress, ++done, plays.size());
    }
}

json playToJson(const PlayRecord& p) {
    json j = {{"session", p.sessionId}, {"trainee", p.trainee},   {"scenario", p.scenarioId},
              {"rubric", p.rubricId},   {"mode", p.mode},         {"started", isoTimestamp(p.startedAt)},
              {"finished", p.finishedAt ? json(isoTimestamp(*p.finishedAt)) : json(nullptr)},
              {"scored", p.scored},     {"team", p.team}};
    if (p.scored) {
        j["percent"] = p.percent;
        j["passed"] = p.passed;
        j["pass_mark"] = p.passMark;
        j["critical_count"] = p.criticalCount;
    }
    j["criteria"] = criteriaJson(p);
    return j;
}

void writeJson(std::ostream& out, const std::vector<PlayRecord>& plays, const Progress& progress) {
    out << "{\"format\":\"simdesk-export\",\"version\":1,\"sessions\":[";
    size_t done = 0;
    for (const auto& p : plays) {
        out << (done ? ",\n" : "\n") << dumped(playToJson(p));
        report(progress, ++done, plays.size());
    }
    out << "\n]}\n";
}

std::string verbIri(std::string_view verb) { return "http://adlnet.gov/expapi/verbs/" + std::string(verb); }

json attemptStatement(const PlayRecord& p, const XapiOptions& options) {
    bool judged = p.scored && p.finishedAt.has_value();
    std::string verbName = !judged ? "attempted" : p.passed ? "passed" : "failed";
    std::string home = base(options);
    json result = {{"completion", p.finishedAt.has_value()}};
    if (judged) {
        double scaled = std::clamp(p.percent / 100.0, 0.0, 1.0);
        result["score"] = {{"scaled", scaled}, {"raw", p.percent}, {"min", 0}, {"max", 100}};
        result["success"] = p.passed;
    }
    if (p.finishedAt) result["duration"] = isoDuration(*p.finishedAt - p.startedAt);
    json extensions = {{home + "/xapi/extensions/session", p.sessionId},
                       {home + "/xapi/extensions/mode", p.mode},
                       {home + "/xapi/extensions/rubric", p.rubricId},
                       {home + "/xapi/extensions/criteria", criteriaJson(p)}};
    if (judged) extensions[home + "/xapi/extensions/critical-count"] = p.criticalCount;
    if (!p.team.empty()) extensions[home + "/xapi/extensions/team"] = p.team;
    json statement = {
        {"id", stableUuid("attempt:" + std::to_string(p.sessionId) + ":" + home)},
        {"actor", actor(p.trainee, options)},
        {"verb", verb(verbName)},
        {"object", activity(home + "/xapi/scenarios/" + iriSegment(p.scenarioId),
                            p.scenarioTitle.empty() ? p.scenarioId : p.scenarioTitle,
                            "http://adlnet.gov/expapi/activities/simulation")},
        {"result", std::move(result)},
        {"context", {{"platform", "simdesk"}, {"extensions", std::move(extensions)}}},
        {"timestamp", isoTimestamp(p.finishedAt.value_or(p.startedAt))}};
    return statement;
}

json certificationStatement(const CertificationRecord& r, const XapiOptions& options) {
    std::string home = base(options);
    return {{"id", stableUuid("certification:" + r.trainee + ":" + r.trackId + ":" + std::to_string(r.awardedAt) + ":" + home)},
            {"actor", actor(r.trainee, options)},
            {"verb", verb("completed")},
            {"object", activity(home + "/xapi/tracks/" + iriSegment(r.trackId), r.trackTitle.empty() ? r.trackId : r.trackTitle,
                                "http://adlnet.gov/expapi/activities/course")},
            {"result", {{"completion", true}, {"success", true}}},
            {"context", r.team.empty() ? json{{"platform", "simdesk"}}
                                       : json{{"platform", "simdesk"}, {"extensions", {{home + "/xapi/extensions/team", r.team}}}}},
            {"timestamp", isoTimestamp(r.awardedAt)}};
}

void writeXapi(std::ostream& out, const std::vector<PlayRecord>& plays, const std::vector<CertificationRecord>& certifications,
               const XapiOptions& options, const Progress& progress) {
    out << "[";
    size_t done = 0;
    bool any = false;
    for (const auto& p : plays) {
        out << (any ? ",\n" : "\n") << dumped(attemptStatement(p, options));
        any = true;
        report(progress, ++done, plays.size());
    }
    for (const auto& c : certifications) {
        out << (any ? ",\n" : "\n") << dumped(certificationStatement(c, options));
        any = true;
    }
    out << "\n]\n";
}

} // namespace simdesk::exports
