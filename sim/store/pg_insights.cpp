// PgStore's dashboard sums: the shared SQL (insight_sql.cpp) run on the server, which keeps to the
// sessions this login may read (row-level security).
#include "pg_store.hpp"
#include "pg.hpp"
#include "insight_sql.hpp"

namespace simdesk::store {

namespace {
class PgRow final : public insight_sql::RowView {
  public:
    PgRow(const pg::Rows& rows, int row) : rows_(rows), row_(row) {}
    int64_t integer(int column) const override { return rows_.integer(row_, column); }
    double real(int column) const override { return rows_.real(row_, column); }
    std::string text(int column) const override { return rows_.text(row_, column); }
    bool isNull(int column) const override { return rows_.isNull(row_, column); }

  private:
    const pg::Rows& rows_;
    int row_;
};
} // namespace

Result<InsightSums> PgStore::insightSums(const insights::Filter& filter, InsightParts parts) {
    const insight_sql::FilterParams p = insight_sql::filterParams(filter);
    pg::Params params;
    params.add(p.since).add(p.until).add(p.trainee).add(p.scenario).add(p.team).add(p.scenarios);
    return insight_sql::sumInsights(insight_sql::Dialect::Postgres, parts,
                                    [&](const char* sql, const std::function<void(const insight_sql::RowView&)>& each) -> Status {
        pg::Rows rows = db_->run(sql, params);
        if (!rows.ok()) return fail("cannot read the dashboards' figures: " + rows.error());
        for (int i = 0; i < rows.size(); ++i) each(PgRow(rows, i));
        return Ok{};
    });
}

} // namespace simdesk::store
