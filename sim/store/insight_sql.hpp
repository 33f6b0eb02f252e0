// The dashboards' sums in SQL, one text for both backends (as store_rules.hpp's column lists):
// each query starts from the sessions the filter keeps and sums what the figures need from the
// summary columns (scoring_runs.final_percent, passed, pass_mark) and the per-criterion rows
// (scoring_run_criteria), never a stored card. Each backend runs the texts its own way and hands
// the rows back through RowView, so the summing is written once. Internal to sim/store.
#pragma once

#include "store.hpp"

#include <functional>
#include <string>

namespace simdesk::store::insight_sql {

enum class Dialect { Sqlite, Postgres };

/// One row of a result, as either backend reads it.
class RowView {
  public:
    virtual ~RowView() = default;
    virtual int64_t integer(int column) const = 0;
    virtual double real(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual bool isNull(int column) const = 0;
};

/// The filter as the six parameters every query takes, in order: since, until (seconds or none),
/// trainee, scenario, team ('' for any), and the track's scenarios as a JSON array ('[]' for any).
struct FilterParams {
    std::optional<int64_t> since, until;
    std::string trainee, scenario, team, scenarios;
};
FilterParams filterParams(const insights::Filter& filter);

/// Runs one query (a constant text of `dialect`, with the filter's six parameters) and calls
/// `each` for every row; an error is the backend's sentence.
using RunQuery = std::function<Status(const char* sql, const std::function<void(const RowView&)>& each)>;

/// Every part asked for, each one query through `run`.
Result<InsightSums> sumInsights(Dialect dialect, InsightParts parts, const RunQuery& run);

} // namespace simdesk::store::insight_sql
