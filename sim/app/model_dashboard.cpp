// The dashboards' view model: the filter bar turned into a records filter, the figures summed by the
// store in SQL on the store worker, through the same reader `simdesk report` uses, and the
// Export button writing through core/exports. A trainee's filter is always held to their own name.
#include "model.hpp"

#include "store/as_played.hpp"
#include "store/insight_records.hpp"

#include "core/calendar.hpp"
#include "core/exports.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace simdesk::app {

namespace {

/// Alpha per criterion over the revealed rounds, each rubric's criteria on their own (two rubrics
/// may both have an "empathy"). Rubrics in id order, criteria in the order first seen.
std::vector<CriterionAlpha> calibrationAlphas(const std::vector<CalibrationReport>& reports) {
    std::map<std::string, std::vector<CalibrationReport>> byRubric;
    for (const auto& r : reports) byRubric[r.rubricId].push_back(r);
    std::vector<CriterionAlpha> out;
    for (const auto& [rubricId, batch] : byRubric)
        for (const auto& r : criterionReliability(batch)) {
            CriterionAlpha a{rubricId, r.criterionId, r.title, std::nullopt, std::nullopt, r.pairable, r.conversations, ""};
            if (r.alpha) a.alpha = r.alpha->alpha;
            if (r.interval) a.interval = std::make_pair(r.interval->low, r.interval->high);
            if (!r.enoughData) a.note = "not enough data (" + std::to_string(r.pairable) + " grades)";
            else if (!r.alpha) a.note = r.alphaNote.empty() ? "nothing varied" : r.alphaNote;
            out.push_back(std::move(a));
        }
    return out;
}

/// Every played scenario's choices, the most played first, so the panel opens on the one with the
/// most evidence behind it.
std::vector<insights::ScenarioChoices> allChoices(const ContentLibrary& library, const std::map<std::string, insights::ChoiceTally>& tallies) {
    std::vector<insights::ScenarioChoices> out;
    for (const auto& [id, tally] : tallies) {
        auto scenario = library.findScenario(id);
        if (!scenario) continue;  // content removed since it was played
        auto rubric = library.findRubric(scenario->rubricId);
        out.push_back(insights::scenarioChoices(*scenario, rubric.get(), tally));
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.plays > b.plays; });
    return out;
}

/// The figures, summed by the store in SQL (insightSums): a filter over 100 000 sessions reads a
/// few thousand rows, never every card and transcript.
Result<DashboardFigures> readFigures(const ContentLibrary& library, store::TrainingStore& store,
                                     const insights::Filter& filter, const std::string& track, bool withCalibration, int64_t now) {
    auto sums = store::readInsightFigures(store, library, filter);
    if (!sums) return sums.error();
    auto standings = store::readTrackStandings(store, library, filter.trainee, track, now, filter.team);
    if (!standings) return standings.error();
    DashboardFigures f;
    f.plays = sums->plays;
    f.trends = std::move(sums->trends);
    f.criteria = std::move(sums->criteria);
    f.choices = allChoices(library, sums->choices);
    f.certification = insights::certificationSummary(*standings, now);
    if (withCalibration) {
        auto reports = store::revealedCalibrationReports(library, store);
        if (!reports) return reports.error();
        f.revealedRounds = static_cast<int>(reports->size());
        f.calibration = calibrationAlphas(*reports);
    }
    return f;
}

std::optional<int64_t> parseDay(const std::string& text, bool& bad) {
    if (text.empty()) return std::nullopt;
    auto day = parseIsoDate(text);
    bad = bad || !day;
    return day;
}

} // namespace

std::string teamTrendLabel(const DashboardFilter& applied) {
    if (applied.team.empty()) return "Team (daily mean)";
    // A team named "Team North" is not called "Team Team North".
    const bool named = applied.team.size() > 5 && (applied.team.starts_with("Team ") || applied.team.starts_with("team "));
    return (named ? applied.team : "Team " + applied.team) + " (daily mean)";
}

std::optional<insights::Filter> AppModel::dashboardRecordFilter(const DashboardFilter& typed) {
    insights::Filter filter;
    bool bad = false;
    filter.since = parseDay(typed.since, bad);
    filter.until = parseDay(typed.until, bad);
    if (bad) {
        fail("Dates are written YYYY-MM-DD, e.g. 2026-11-01.");
        return std::nullopt;
    }
    if (filter.since && filter.until && *filter.until <= *filter.since) {
        fail("The end date " + typed.until + " is not after the start date " + typed.since + ".");
        return std::nullopt;
    }
    filter.scenario = typed.scenario;
    if (!typed.track.empty())
        if (auto track = library_->findTrack(typed.track))
            for (const auto& level : track->levels)
                filter.scenarios.insert(filter.scenarios.end(), level.scenarios.begin(), level.scenarios.end());
    // A trainee's dashboards are theirs alone: the name typed for another person is not read.
    filter.trainee = canReview() ? typed.trainee : (profile() ? profile()->name : std::string("\n"));
    if (canReview()) filter.team = typed.team;
    return filter;
}

void AppModel::showDashboards(const Clock& clock) {
    if (!profile()) return;
    go(Screen::Dashboards);
    dashboard_.ownOnly = !canReview();
    if (dashboard_.ownOnly) dashboard_.filter.trainee = profile()->name;
    dashboard_.trainees.clear();
    for (const auto& p : profiles_)
        if (p.role == "trainee" && !p.archived) dashboard_.trainees.push_back(p.name);
    std::sort(dashboard_.trainees.begin(), dashboard_.trainees.end());  // the picker puts the last profile first; a filter reads by name
    // The teams any active trainee is in, for the team filter; a team left empty is not offered.
    std::set<std::string> teams;
    for (const auto& p : profiles_)
        if (p.role == "trainee" && !p.archived && !p.team.empty()) teams.insert(p.team);
    dashboard_.teams.assign(teams.begin(), teams.end());
    if (!dashboard_.filter.team.empty() && !teams.contains(dashboard_.filter.team)) dashboard_.filter.team.clear();
    applyDashboardFilter(clock);
}

void AppModel::applyDashboardFilter(const Clock& clock) {
    if (clock.wall) now_ = clock.wall;
    auto filter = dashboardRecordFilter(dashboard_.filter);
    if (!filter) return;
    message_ = {};
    const DashboardFilter typed = dashboard_.filter;
    const bool withCalibration = canReview();
    ++loading_;
    worker_->post([this, filter = *filter, typed, withCalibration, now = now_](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; };
        auto figures = readFigures(*library_, *store, filter, typed.track, withCalibration, now);
        return [this, figures = std::move(figures), typed] {
            --loading_;
            if (!figures) return fail("Cannot read the figures: " + figures.error().message);
            dashboard_.figures = *figures;
            dashboard_.figures.generation = ++figureGenerations_;
            dashboard_.applied = typed;
        };
    });
}

void AppModel::exportDashboard() {
    auto filter = dashboardRecordFilter(dashboard_.applied);
    if (!filter) return;
    const std::string format = dashboard_.exportFormat, path = dashboard_.exportPath;
    if (path.empty()) return fail("Type where the export goes first.");
    ++loading_;
    worker_->post([this, filter = *filter, format, path](store::TrainingStore* store) -> StoreWorker::Apply {
        if (!store) return [this] { --loading_; fail("There are no records to export."); };
        auto plays = store::readPlays(*store, *library_, filter);
        std::vector<exports::CertificationRecord> awards;
        if (plays && format == "xapi")
            if (auto read = store::readCertifications(*store, *library_, filter.trainee, filter.team)) awards = std::move(*read);
        std::error_code ec;
        const std::filesystem::path target(path);
        if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
        std::ofstream out(target, std::ios::binary);
        bool ok = plays && !ec && out;
        if (ok) {
            if (format == "json") exports::writeJson(out, *plays);
            else if (format == "xapi") exports::writeXapi(out, *plays, awards, {});
            else exports::writeCsv(out, *plays);
            out.close();
            ok = !out.fail();
        }
        const size_t count = plays ? plays->size() : 0;
        std::string why = !plays ? plays.error().message : ec ? ec.message() : "cannot write the file";
        return [this, ok, count, path, why] {
            --loading_;
            if (!ok) return fail("Export failed: " + path + ": " + why);
            dashboard_.exportedTo = path;
            announce("Exported " + std::to_string(count) + " play" + (count == 1 ? "" : "s") + " to " + path);
        };
    });
}

} // namespace simdesk::app
