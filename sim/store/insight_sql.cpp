// The dashboards' sums in SQL (insight_sql.hpp). Written once with PostgreSQL's $N parameters;
// SQLite reads the same text with ?N, and the one list parameter (a track's scenarios, as a JSON
// array) is unpacked by each dialect's own JSON function.
#include "insight_sql.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cctype>
#include <set>
#include <tuple>

namespace simdesk::store::insight_sql {

namespace {

// The sessions the filter keeps. CASTs give PostgreSQL the parameters' types (it is sent text)
// and are no-ops in SQLite. @SCENARIOS@ is the dialect's way to read a JSON array of ids.
constexpr const char* kFiltered =
    "WITH f AS (SELECT s.id, s.person_id, p.name, s.scenario_id, s.rubric_id, s.mode, s.started_at, s.status "
    "FROM sessions s JOIN people p ON p.id = s.person_id "
    "WHERE (CAST($1 AS BIGINT) IS NULL OR s.started_at >= CAST($1 AS BIGINT)) "
    "AND (CAST($2 AS BIGINT) IS NULL OR s.started_at < CAST($2 AS BIGINT)) "
    "AND (CAST($3 AS TEXT) = '' OR p.name = CAST($3 AS TEXT)) "
    "AND (CAST($4 AS TEXT) = '' OR s.scenario_id = CAST($4 AS TEXT)) "
    "AND (CAST($5 AS TEXT) = '' OR p.team = CAST($5 AS TEXT)) "
    "AND (CAST($6 AS TEXT) = '[]' OR s.scenario_id IN (@SCENARIOS@))) ";

// The latest scoring run of a finished session: what every figure of a score reads. Found through
// its session (the unary + keeps SQLite off the id's own index), so the covering index
// scoring_runs_summary answers without reading the row, whose stored card is most of its bytes.
#define SIMDESK_LATEST_RUN \
    "JOIN scoring_runs r ON r.session_id = f.id AND +r.id = (SELECT max(id) FROM scoring_runs WHERE session_id = f.id) "

enum Query { kCount, kScored, kDays, kCriteria, kPicked, kScenarios, kQueries };

constexpr const char* kBodies[kQueries] = {
    "SELECT count(*) FROM f",
    // Trend points: one per finished, scored play, in play order.
    "SELECT f.name, f.mode, f.started_at, f.id, r.final_percent, r.passed, r.pass_mark, "
    "coalesce(nullif(r.rubric_id, ''), f.rubric_id) FROM f " SIMDESK_LATEST_RUN
    "WHERE f.status = 'finished' ORDER BY f.started_at, f.id",
    // The team's days: midnight UTC by floor division (a start before 1970 keeps its own day).
    "SELECT f.mode, f.started_at - ((f.started_at % 86400) + 86400) % 86400 AS day, sum(r.final_percent), count(*) "
    "FROM f " SIMDESK_LATEST_RUN "WHERE f.status = 'finished' GROUP BY f.mode, day ORDER BY f.mode, day",
    // Per criterion: official level / max level summed over the plays it applied in. The level is
    // the run's own (a re-rated run's level is the reviewer's); a run stored before re-ratings
    // counted takes the reviewers' latest level, as the official score does.
    "SELECT c.criterion_id, c.title, "
    "sum(CAST(CASE WHEN c.rerated = 1 THEN c.level WHEN v.id IS NOT NULL THEN v.level ELSE c.level END AS DOUBLE PRECISION) "
    "/ CASE WHEN c.levels > 2 THEN c.levels - 1 ELSE 1 END), count(*), min(f.id) "
    "FROM f " SIMDESK_LATEST_RUN "JOIN scoring_run_criteria c ON c.run_id = r.id "
    "LEFT JOIN reviews v ON c.rerated = 0 AND v.id = "
    "(SELECT max(id) FROM reviews WHERE session_id = f.id AND criterion_id = c.criterion_id) "
    "WHERE f.status = 'finished' AND (c.rerated = 1 OR c.applicable = 1 OR v.id IS NOT NULL) "
    "GROUP BY c.criterion_id, c.title",
    // Choices: who picked what, once per trainee, node, choice and first play or later (a trainee's
    // first play of a scenario is their earliest, by start then id, that the filter keeps). At most
    // trainees × choices × 2 rows: the counts of choices and of trainees reaching a node come from them.
    "SELECT DISTINCT o.scenario_id, t.node_id, t.choice_id, o.first, o.person_id FROM "
    "(SELECT f.id, f.person_id, f.scenario_id, CASE WHEN row_number() OVER "
    "(PARTITION BY f.person_id, f.scenario_id ORDER BY f.started_at, f.id) = 1 THEN 1 ELSE 0 END AS first FROM f) o "
    "JOIN turns t ON t.session_id = o.id WHERE t.kind = 'choice'",
    "SELECT scenario_id, count(DISTINCT person_id), count(*) FROM f GROUP BY scenario_id",
};
#undef SIMDESK_LATEST_RUN

/// `text` with every $N written ?N (SQLite's numbered parameter).
std::string sqliteParameters(std::string text) {
    for (size_t i = 0; i + 1 < text.size(); ++i)
        if (text[i] == '$' && std::isdigit(static_cast<unsigned char>(text[i + 1]))) text[i] = '?';
    return text;
}

std::string dialectText(Dialect dialect, const char* body) {
    std::string text = std::string(kFiltered) + body;
    const std::string marker = "@SCENARIOS@";
    text.replace(text.find(marker), marker.size(),
                 dialect == Dialect::Sqlite ? "SELECT value FROM json_each($6)"
                                            : "SELECT json_array_elements_text(CAST($6 AS JSON))");
    return dialect == Dialect::Sqlite ? sqliteParameters(std::move(text)) : text;
}

/// The texts, made once: SQLite's statement cache is keyed by the text's address.
const char* sql(Dialect dialect, Query query) {
    static const auto texts = [] {
        std::array<std::array<std::string, kQueries>, 2> out;
        for (int q = 0; q < kQueries; ++q) {
            out[0][q] = dialectText(Dialect::Sqlite, kBodies[q]);
            out[1][q] = dialectText(Dialect::Postgres, kBodies[q]);
        }
        return out;
    }();
    return texts[dialect == Dialect::Sqlite ? 0 : 1][query].c_str();
}

} // namespace

FilterParams filterParams(const insights::Filter& filter) {
    FilterParams p{filter.since, filter.until, filter.trainee, filter.scenario, filter.team, "[]"};
    if (!filter.scenarios.empty()) p.scenarios = nlohmann::json(filter.scenarios).dump();
    return p;
}

Result<InsightSums> sumInsights(Dialect dialect, InsightParts parts, const RunQuery& run) {
    InsightSums sums;
    if (auto s = run(sql(dialect, kCount), [&](const RowView& row) { sums.plays = static_cast<int>(row.integer(0)); }); !s)
        return s.error();
    if (parts.trends) {
        auto s = run(sql(dialect, kScored), [&](const RowView& row) {
            InsightSums::Play p;
            p.play = {row.text(0), row.text(1), row.integer(2), row.integer(3), row.real(4), row.integer(5) != 0,
                      row.isNull(6) ? 80.0 : row.real(6)};
            p.passMarkKnown = !row.isNull(6);
            p.rubricId = row.text(7);
            sums.scored.push_back(std::move(p));
        });
        if (!s) return s.error();
        s = run(sql(dialect, kDays), [&](const RowView& row) {
            sums.days.push_back({row.text(0), row.integer(1), row.real(2), static_cast<int>(row.integer(3))});
        });
        if (!s) return s.error();
    }
    if (parts.criteria) {
        // A criterion whose title changed between plays comes in one group per title: summed
        // together here, under the title of its first play (lowest session id), as the records give it.
        std::map<std::string, std::pair<insights::CriterionTally, int64_t>> byId;
        auto s = run(sql(dialect, kCriteria), [&](const RowView& row) {
            auto& [tally, firstSession] = byId[row.text(0)];
            const int64_t first = row.integer(4);
            if (tally.plays == 0 || first < firstSession) tally.title = row.text(1), firstSession = first;
            tally.id = row.text(0);
            tally.shareSum += row.real(2);
            tally.plays += static_cast<int>(row.integer(3));
        });
        if (!s) return s.error();
        for (auto& [id, entry] : byId) sums.criteria.push_back(std::move(entry.first));
    }
    if (parts.choices) {
        auto s = run(sql(dialect, kScenarios), [&](const RowView& row) {
            auto& tally = sums.choices[row.text(0)];
            tally.trainees = static_cast<int>(row.integer(1));
            tally.plays = static_cast<int>(row.integer(2));
        });
        if (!s) return s.error();
        std::set<std::tuple<std::string, std::string, bool, int64_t>> reached;  // (scenario, node, first play?, trainee)
        s = run(sql(dialect, kPicked), [&](const RowView& row) {
            const bool first = row.integer(3) != 0;
            auto& counts = sums.choices[row.text(0)].picked[{row.text(1), row.text(2)}];
            ++(first ? counts.first : counts.second);
            if (reached.emplace(row.text(0), row.text(1), first, row.integer(4)).second) {
                auto& at = sums.choices[row.text(0)].reached[row.text(1)];
                ++(first ? at.first : at.second);
            }
        });
        if (!s) return s.error();
    }
    return sums;
}

} // namespace simdesk::store::insight_sql
