// SqliteStore's dashboard sums: the shared SQL (insight_sql.cpp) run on the file.
#include "sqlite_store.hpp"
#include "sqlite.hpp"
#include "insight_sql.hpp"

namespace simdesk::store {

namespace {
class SqliteRow final : public insight_sql::RowView {
  public:
    explicit SqliteRow(const Statement& row) : row_(row) {}
    int64_t integer(int column) const override { return row_.integer(column); }
    double real(int column) const override { return row_.real(column); }
    std::string text(int column) const override { return row_.text(column); }
    bool isNull(int column) const override { return row_.isNull(column); }

  private:
    const Statement& row_;
};
} // namespace

Result<InsightSums> SqliteStore::insightSums(const insights::Filter& filter, InsightParts parts) {
    const insight_sql::FilterParams p = insight_sql::filterParams(filter);
    return insight_sql::sumInsights(insight_sql::Dialect::Sqlite, parts,
                                    [&](const char* sql, const std::function<void(const insight_sql::RowView&)>& each) -> Status {
        Statement select = cache_->prepare(sql);
        select.bindOptional(1, p.since).bindOptional(2, p.until);
        select.bind(3, std::string_view(p.trainee)).bind(4, std::string_view(p.scenario));
        select.bind(5, std::string_view(p.team)).bind(6, std::string_view(p.scenarios));
        while (select.step()) each(SqliteRow(select));
        if (select.failed()) return fail("cannot read the dashboards' figures: " + select.error());
        return Ok{};
    });
}

} // namespace simdesk::store
