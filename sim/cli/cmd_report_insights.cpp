// `simdesk report trends|criteria|choices|certification`: the dashboards' figures in the terminal,
// in text a lead reads at a glance or as JSON for programs. The store sums them in SQL; core/insights
// turns the sums into the figures.
#include "cli.hpp"
#include "records_source.hpp"
#include "report.hpp"

#include "core/analysis.hpp"
#include "core/calendar.hpp"

#include <cstdio>
#include <ostream>

namespace simdesk::cli {

using nlohmann::json;
using namespace insights;

namespace {

/// A bar of `width` cells for a share 0..1, so a column of them reads as a chart.
std::string bar(double share, int width = 20) {
    int filled = static_cast<int>(share * width + 0.5);
    filled = std::max(0, std::min(width, filled));
    std::string out;
    for (int i = 0; i < width; ++i) out += i < filled ? "█" : "·";
    return out;
}

json seriesJson(const TrendSeries& s) {
    json points = json::array();
    for (const auto& p : s.points) {
        json j = {{"date", isoDate(p.at)}, {"percent", p.percent}, {"passed", p.passed}, {"plays", p.plays}};
        if (p.sessionId) j["session"] = p.sessionId;
        points.push_back(std::move(j));
    }
    return {{"who", s.who}, {"mode", s.mode}, {"first", s.first}, {"last", s.last}, {"mean", s.mean},
            {"change", s.change}, {"points", std::move(points)}};
}

void printSeries(std::ostream& out, const TrendSeries& s, double passMark, bool team) {
    int plays = 0;
    for (const auto& p : s.points) plays += p.plays;
    out << "  " << shownName(s.who) << " · " << s.mode << ": ";
    if (team) out << s.points.size() << " day" << (s.points.size() == 1 ? "" : "s") << ", ";
    out << plays << " play" << (plays == 1 ? "" : "s") << ", " << formatPercent(s.first) << " → " << formatPercent(s.last) << " ("
        << (s.change >= 0 ? "+" : "") << fixedPoint(s.change, 1) << " points), mean " << formatPercent(s.mean) << "\n";
    for (const auto& p : s.points)
        out << "      " << isoDate(p.at) << "  " << bar(p.percent / 100) << " " << formatPercent(p.percent)
            << (p.percent + 1e-9 >= passMark ? "" : "  below the pass mark")
            << (p.plays > 1 ? "  (" + std::to_string(p.plays) + " plays)" : std::string()) << "\n";
}

int trends(const Trends& t, bool asJson, Io io) {
    if (asJson) {
        json trainees = json::array(), team = json::array();
        for (const auto& s : t.trainees) trainees.push_back(seriesJson(s));
        for (const auto& s : t.team) team.push_back(seriesJson(s));
        io.out << json{{"pass_mark", t.passMark}, {"trainees", trainees}, {"team", team}}.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (t.trainees.empty()) {
        io.out << "No finished, scored plays match.\n";
        return kExitOk;
    }
    io.out << "Score trends (official scores; practice and exam apart; pass mark " << formatPercent(t.passMark) << ")\n\n";
    io.out << "Team, by day:\n";
    for (const auto& s : t.team) printSeries(io.out, s, t.passMark, true);
    io.out << "\nTrainees:\n";
    for (const auto& s : t.trainees) printSeries(io.out, s, t.passMark, false);
    return kExitOk;
}

int criteria(const std::vector<CriterionStrength>& weakest, bool asJson, Io io) {
    if (asJson) {
        json list = json::array();
        for (const auto& c : weakest)
            list.push_back({{"criterion", c.id}, {"title", c.title}, {"mean_share", c.meanShare}, {"plays", c.plays}});
        io.out << json{{"criteria", list}}.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (weakest.empty()) {
        io.out << "No scored plays match.\n";
        return kExitOk;
    }
    io.out << "Weakest criteria first (mean official level as a share of the scale; plays behind each)\n\n";
    size_t width = 0;
    for (const auto& c : weakest) width = std::max(width, c.title.size());
    for (const auto& c : weakest) {
        std::string title = shownName(c.title);
        title.append(width > c.title.size() ? width - c.title.size() : 0, ' ');
        io.out << "  " << title << "  " << bar(c.meanShare) << " " << formatPercent(c.meanShare * 100) << "  ("
               << c.plays << " play" << (c.plays == 1 ? "" : "s") << ")\n";
    }
    return kExitOk;
}


int choices(const ContentLibrary& library, const std::map<std::string, ChoiceTally>& tallies, bool asJson, Io io) {
    json list = json::array();
    if (tallies.empty() && !asJson) io.out << "No plays match.\n";
    for (const auto& [id, tally] : tallies) {  // by scenario id
        auto scenario = library.findScenario(id);
        if (!scenario) {
            if (!asJson) io.out << id << ": not in the content any more; its choices cannot be shown\n\n";
            continue;
        }
        auto rubric = library.findRubric(scenario->rubricId);
        ScenarioChoices sc = scenarioChoices(*scenario, rubric.get(), tally);
        if (asJson) {
            json nodes = json::array();
            for (const auto& n : sc.nodes) {
                json cs = json::array();
                for (const auto& c : n.choices)
                    cs.push_back({{"choice", c.choiceId}, {"text", c.text}, {"first_attempt", c.firstAttempt},
                                  {"later_attempts", c.laterAttempts}, {"best", c.best}});
                nodes.push_back({{"node", n.nodeId}, {"prompt", n.prompt}, {"first_trainees", n.firstTrainees},
                                 {"later_trainees", n.laterTrainees}, {"choices", cs}});
            }
            list.push_back({{"scenario", id}, {"trainees", sc.trainees}, {"plays", sc.plays}, {"nodes", nodes}});
            continue;
        }
        io.out << scenario->title << " (" << id << "): " << sc.trainees << " trainee" << (sc.trainees == 1 ? "" : "s") << ", "
               << sc.plays << " play" << (sc.plays == 1 ? "" : "s") << "\n";
        io.out << "  trainees who picked each choice: first play / later plays; ★ the analysed best choice\n";
        for (const auto& n : sc.nodes) {
            io.out << "  " << n.nodeId << " — reached by " << n.firstTrainees << " on a first play, " << n.laterTrainees
                   << " later\n";
            for (const auto& c : n.choices) {
                char counts[32];
                std::snprintf(counts, sizeof counts, "%4d / %-4d", c.firstAttempt, c.laterAttempts);
                std::string tempting = !c.best && c.firstAttempt * 2 > n.firstTrainees && n.firstTrainees > 0
                                           ? "  ← tempts most first-timers" : "";
                io.out << "    " << (c.best ? "★ " : "  ") << counts << " " << c.choiceId << tempting << "\n";
            }
        }
        io.out << "\n";
    }
    if (asJson) io.out << json{{"scenarios", list}}.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return kExitOk;
}

std::string days(const std::optional<double>& d) { return d ? fixedPoint(*d, 1) : std::string("—"); }

int certification(const std::vector<TrackStandingRecord>& standings, int64_t now, bool asJson, Io io) {
    auto summary = certificationSummary(standings, now);
    if (asJson) {
        json list = json::array();
        for (const auto& t : summary) {
            json people = json::array();
            for (const auto& p : t.people) {
                json j = {{"trainee", p.trainee}, {"levels", p.levels}, {"levels_passed", p.levelsPassed},
                          {"days_elapsed", p.daysElapsed}, {"at_risk", p.atRisk}};
                j["days_to_certify"] = p.daysToCertify ? json(*p.daysToCertify) : json(nullptr);
                j["projected_days"] = p.projectedDays ? json(*p.projectedDays) : json(nullptr);
                j["days_left"] = p.daysLeft ? json(*p.daysLeft) : json(nullptr);
                if (p.atRisk) j["why"] = p.why;
                people.push_back(std::move(j));
            }
            json j = {{"track", t.trackId}, {"title", t.trackTitle}, {"trainees", t.trainees}, {"certified", t.certified},
                      {"at_risk", t.atRisk}, {"people", people}};
            j["mean_days_to_certify"] = t.meanDaysToCertify ? json(*t.meanDaysToCertify) : json(nullptr);
            j["median_days_to_certify"] = t.medianDaysToCertify ? json(*t.medianDaysToCertify) : json(nullptr);
            list.push_back(std::move(j));
        }
        io.out << json{{"as_of", isoDate(now)}, {"tracks", list}}.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    if (summary.empty()) {
        io.out << "No trainee has a track assigned.\n";
        return kExitOk;
    }
    io.out << "Certification as of " << isoDate(now) << "\n";
    for (const auto& t : summary) {
        io.out << "\n" << t.trackTitle << " (" << t.trackId << "): " << t.certified << " of " << t.trainees
               << " certified, " << t.atRisk << " at risk; days to certify: median " << days(t.medianDaysToCertify)
               << ", mean " << days(t.meanDaysToCertify) << "\n";
        for (const auto& p : t.people) {
            io.out << "  " << (p.atRisk ? "AT RISK " : "        ") << shownName(p.trainee) << ": " << p.levelsPassed << "/"
                   << p.levels << " levels, day " << fixedPoint(p.daysElapsed, 0);
            if (p.daysToCertify) io.out << ", certified in " << fixedPoint(*p.daysToCertify, 1) << " days";
            else if (p.daysLeft && *p.daysLeft >= 0) io.out << ", " << fixedPoint(*p.daysLeft, 0) << " days left";  // overdue: the reason says so
            if (p.atRisk) io.out << " — " << p.why;
            io.out << "\n";
        }
    }
    return kExitOk;
}

} // namespace

int insightsReport(const GlobalOptions& global, const InsightsOptions& options, Io io) {
    const std::string command = "report " + options.kind;
    auto source = openRecords(global, options.query, io);
    if (!source) return storeError(io, command, source.error());
    auto& store = source->store;
    const ContentLibrary& library = source->library;
    if (options.kind == "certification") {
        int64_t now = wallClock();
        if (!options.asOf.empty()) {
            auto day = parseIsoDate(options.asOf);
            if (!day) return storeError(io, command, Error{"--as-of expects a date as YYYY-MM-DD, got \"" + options.asOf + "\""});
            now = *day + 12 * 3600;  // noon, as `simdesk progress --as-of` reads a day
        }
        auto standings = readTrackStandings(*store, library, options.query.trainee, options.query.track, now, options.query.team);
        if (!standings) return storeError(io, command, standings.error());
        return certification(*standings, now, options.json, io);
    }
    // Summed by the store in SQL, only the part this report prints.
    store::InsightParts parts{options.kind == "trends", options.kind == "criteria", options.kind == "choices"};
    auto figures = store::readInsightFigures(*store, library, source->filter, parts);
    if (!figures) return storeError(io, command, figures.error());
    if (options.kind == "trends") return trends(figures->trends, options.json, io);
    if (options.kind == "criteria") return criteria(figures->criteria, options.json, io);
    return choices(library, figures->choices, options.json, io);
}

} // namespace simdesk::cli
