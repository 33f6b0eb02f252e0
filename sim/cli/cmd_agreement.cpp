// simdesk agreement FILE: an agreement statistic over a units × raters matrix a QA lead exported
// from a spreadsheet (CSV) or wrote as JSON. Input formats and every statistic: docs/calibration.md.
//
// Bad input never crashes: every problem prints `file:line:col: error: …` and exits 1.
#include "report.hpp"
#include "cli.hpp"
#include "core/agreement.hpp"
#include "core/json_source.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <filesystem>
#include <iterator>
#include <set>
#include <variant>

namespace simdesk::cli {

using nlohmann::json;

namespace {

/// Files larger than this are refused before they are read whole.
constexpr std::uintmax_t kMaxAgreementBytes = 16 * 1024 * 1024;

struct InputError {
    int line = 0, column = 0;
    std::string message;
};

/// A cell as read: its text, or nothing (missing), and where it starts.
struct Cell {
    std::optional<std::string> text;
    int line = 1, column = 1;
};

struct Table {
    std::vector<std::string> raters;
    std::vector<std::string> unitIds;
    std::vector<std::vector<Cell>> rows;  ///< units × raters
};

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
    for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool isMissingText(const std::string& t) {
    std::string l = lower(t);
    return l.empty() || l == "na" || l == "n/a" || l == "null";
}

std::optional<double> number(const std::string& t) {
    double v = 0;
    const char* b = t.data();
    const char* e = b + t.size();
    if (b != e && *b == '+') ++b;
    auto [end, ec] = std::from_chars(b, e, v);
    if (ec != std::errc() || end != e || !std::isfinite(v)) return std::nullopt;
    return v;
}

/// RFC 4180 records: quoted fields ("" inside for a quote), CRLF, LF or CR line ends.
std::variant<std::vector<std::vector<Cell>>, InputError> parseCsv(std::string_view text, char delimiter) {
    std::vector<std::vector<Cell>> records;
    std::vector<Cell> record;
    size_t i = 0;
    int line = 1, column = 1;
    auto advance = [&](size_t n) {
        for (size_t k = 0; k < n && i < text.size(); ++k, ++i) {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
                ++line;
                column = 1;
            } else if (text[i] != '\r' && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
                ++column;  // columns count characters: UTF-8 continuation bytes do not start one
            }
        }
    };
    bool atRecordStart = true;
    while (i < text.size() || !atRecordStart) {
        Cell cell{std::nullopt, line, column};
        std::string value;
        if (i < text.size() && text[i] == '"') {
            int qLine = line, qColumn = column;
            advance(1);
            bool closed = false;
            while (i < text.size()) {
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        value += '"';
                        advance(2);
                        continue;
                    }
                    advance(1);
                    closed = true;
                    break;
                }
                value += text[i];
                advance(1);
            }
            if (!closed) return InputError{qLine, qColumn, "a quoted field is never closed (a \" is missing)"};
            while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) advance(1);
            if (i < text.size() && text[i] != delimiter && text[i] != '\r' && text[i] != '\n')
                return InputError{line, column, std::string("unexpected '") + text[i] + "' after a closing quote; expected '" +
                                                    delimiter + "' or the end of the line"};
            cell.text = value;
        } else {
            size_t start = i;
            while (i < text.size() && text[i] != delimiter && text[i] != '\r' && text[i] != '\n') {
                if (text[i] == '"')
                    return InputError{line, column, "a quote inside an unquoted field; quote the whole field and double the quote"};
                advance(1);
            }
            cell.text = trim(text.substr(start, i - start));
        }
        if (cell.text && isMissingText(*cell.text)) cell.text.reset();
        record.push_back(std::move(cell));
        atRecordStart = false;
        if (i < text.size() && text[i] == delimiter) {
            advance(1);
            continue;
        }
        // End of record.
        if (i < text.size() && text[i] == '\r') advance(i + 1 < text.size() && text[i + 1] == '\n' ? 2 : 1);
        else if (i < text.size()) advance(1);
        // A blank line, or a row of empty cells (spreadsheets export trailing ",,,"), is no unit.
        bool blank = std::none_of(record.begin(), record.end(), [](const Cell& c) { return c.text.has_value(); });
        if (!blank) records.push_back(std::move(record));
        record.clear();
        atRecordStart = true;
    }
    return records;
}

/// The delimiter of a spreadsheet export: ',' unless the first line has more ';' or tabs.
char detectDelimiter(std::string_view text) {
    size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        comma += c == ',';
        semicolon += c == ';';
        tab += c == '\t';
    }
    if (tab > comma && tab >= semicolon) return '\t';
    if (semicolon > comma) return ';';
    return ',';
}

bool idLikeName(const std::string& name) {
    static const std::set<std::string> names = {"", "id", "unit", "units", "unit id", "unit_id", "item", "items",
                                                "subject", "subjects", "target", "targets", "case", "conversation", "session"};
    return names.count(lower(trim(name))) > 0;
}

std::variant<Table, InputError> tableFromCsv(std::string_view text) {
    auto parsed = parseCsv(text, detectDelimiter(text));
    if (auto* e = std::get_if<InputError>(&parsed)) return *e;
    auto& records = std::get<std::vector<std::vector<Cell>>>(parsed);
    if (records.empty()) return InputError{1, 1, "the file has no rows"};
    // The first row is a header unless every cell of it is a number or empty.
    bool header = std::any_of(records[0].begin(), records[0].end(), [](const Cell& c) { return c.text && !number(*c.text); });
    bool idColumn = header && idLikeName(records[0][0].text.value_or(""));
    Table t;
    size_t first = idColumn ? 1 : 0;
    size_t width = records[0].size();
    if (header) {
        for (size_t c = first; c < width; ++c) t.raters.push_back(records[0][c].text.value_or("rater " + std::to_string(c - first + 1)));
    } else {
        for (const auto& r : records) width = std::max(width, r.size());
        for (size_t c = 0; c < width; ++c) t.raters.push_back("rater " + std::to_string(c + 1));
    }
    for (size_t r = header ? 1 : 0; r < records.size(); ++r) {
        auto& rec = records[r];
        if (rec.size() > width)
            return InputError{rec[width].line, rec[width].column,
                              "this row has " + std::to_string(rec.size()) + " cells; the header has " + std::to_string(width)};
        t.unitIds.push_back(idColumn ? rec[0].text.value_or("") : std::to_string(t.unitIds.size() + 1));
        std::vector<Cell> row(rec.begin() + std::ptrdiff_t(std::min(first, rec.size())), rec.end());
        row.resize(width - first, Cell{std::nullopt, rec.back().line, rec.back().column});
        t.rows.push_back(std::move(row));
    }
    if (t.rows.empty()) return InputError{records[0][0].line, records[0][0].column, "the file has a header but no units"};
    return t;
}

std::variant<Table, InputError> tableFromJson(const std::string& path, std::string text) {
    JsonLoad load = parseJsonDocument(path, std::move(text));
    if (!load.document) {
        for (const auto& d : load.diagnostics)
            if (d.severity == Severity::Error) return InputError{std::max(1, d.line), std::max(1, d.column), d.message};
        return InputError{1, 1, "not valid JSON"};
    }
    const JsonDocument& doc = *load.document;
    auto at = [&](const std::string& pointer, std::string message) {
        SourcePosition p = doc.positionOf(pointer);
        return InputError{p.line, p.column, std::move(message)};
    };
    Table t;
    const json* units = &doc.value;
    std::string unitsPointer;
    if (doc.value.is_object()) {
        for (const auto& [key, v] : doc.value.items())
            if (key != "raters" && key != "units") return at("/" + pointerToken(key), "unknown key \"" + key + "\"; expected \"raters\" and \"units\"");
        if (!doc.value.contains("units")) return at("", "an object needs \"units\": [{\"id\": …, \"values\": […]}, …]");
        units = &doc.value["units"];
        unitsPointer = "/units";
        if (doc.value.contains("raters")) {
            const json& raters = doc.value["raters"];
            if (!raters.is_array()) return at("/raters", "\"raters\" must be an array of names");
            for (size_t r = 0; r < raters.size(); ++r) {
                if (!raters[r].is_string()) return at(childPointer("/raters", r), "a rater's name must be text");
                t.raters.push_back(raters[r].get<std::string>());
            }
        }
    }
    if (!units->is_array()) return at(unitsPointer, "expected an array of units");
    size_t width = t.raters.size();
    for (size_t u = 0; u < units->size(); ++u) {
        std::string unitPointer = childPointer(unitsPointer, u);
        const json& unit = (*units)[u];
        const json* values = &unit;
        std::string valuesPointer = unitPointer;
        std::string id = std::to_string(u + 1);
        if (unit.is_object()) {
            if (!unit.contains("values")) return at(unitPointer, "a unit needs \"values\": [...]");
            for (const auto& [key, v] : unit.items())
                if (key != "id" && key != "values") return at(childPointer(unitPointer, key), "unknown key \"" + key + "\"; a unit has \"id\" and \"values\"");
            if (unit.contains("id")) {
                const json& i = unit["id"];
                if (i.is_string()) id = i.get<std::string>();
                else if (i.is_number()) id = i.dump();
                else return at(childPointer(unitPointer, "id"), "a unit's id must be text or a number");
            }
            values = &unit["values"];
            valuesPointer = childPointer(unitPointer, "values");
        }
        if (!values->is_array()) return at(valuesPointer, "expected an array of values (null for missing)");
        if (!t.raters.empty() && values->size() > t.raters.size())
            return at(valuesPointer, "this unit has " + std::to_string(values->size()) + " values for " + std::to_string(t.raters.size()) + " raters");
        std::vector<Cell> row;
        for (size_t r = 0; r < values->size(); ++r) {
            const json& v = (*values)[r];
            std::string p = childPointer(valuesPointer, r);
            SourcePosition pos = doc.positionOf(p);
            Cell cell{std::nullopt, pos.line, pos.column};
            if (v.is_number()) {
                double d = v.get<double>();
                if (!std::isfinite(d)) return at(p, "a value must be a finite number");
                char buffer[64];
                std::snprintf(buffer, sizeof buffer, "%.17g", d);
                cell.text = buffer;
            } else if (v.is_string()) {
                std::string s = trim(v.get<std::string>());
                if (!isMissingText(s)) cell.text = s;
            } else if (!v.is_null()) {
                return at(p, "a value must be a number, text or null (missing)");
            }
            row.push_back(std::move(cell));
        }
        width = std::max(width, row.size());
        t.unitIds.push_back(id);
        t.rows.push_back(std::move(row));
    }
    if (t.rows.empty()) return at(unitsPointer, "there are no units");
    for (size_t c = t.raters.size(); c < width; ++c) t.raters.push_back("rater " + std::to_string(c + 1));
    for (auto& row : t.rows) row.resize(width, Cell{std::nullopt, 1, 1});
    return t;
}

/// Numbers stay numbers; when any value is text, every value is a category, coded in sorted order.
struct Coded {
    RatingMatrix matrix;
    std::vector<std::string> categories;  ///< text labels by code; empty for numeric data
    std::optional<Cell> firstText;
};

Coded code(const Table& t) {
    Coded c;
    std::set<std::string> labels;
    for (const auto& row : t.rows)
        for (const auto& cell : row)
            if (cell.text) {
                labels.insert(*cell.text);
                if (!number(*cell.text) && !c.firstText) c.firstText = cell;
            }
    if (c.firstText) c.categories.assign(labels.begin(), labels.end());
    for (const auto& row : t.rows) {
        c.matrix.emplace_back();
        for (const auto& cell : row) {
            if (!cell.text) c.matrix.back().push_back(std::nullopt);
            else if (c.firstText) c.matrix.back().push_back(double(std::distance(labels.begin(), labels.find(*cell.text))));
            else c.matrix.back().push_back(number(*cell.text));
        }
    }
    return c;
}

AlphaMetric metricOf(const std::string& m) {
    if (m == "ordinal") return AlphaMetric::Ordinal;
    if (m == "interval") return AlphaMetric::Interval;
    if (m == "ratio") return AlphaMetric::Ratio;
    return AlphaMetric::Nominal;
}

KappaWeights weightsOf(const std::string& w) {
    if (w == "linear") return KappaWeights::Linear;
    if (w == "quadratic") return KappaWeights::Quadratic;
    return KappaWeights::None;
}

} // namespace

int agreement(const AgreementOptions& options, Io io) {
    const std::string shown = options.file == "-" ? "<stdin>" : options.file;
    auto failAt = [&](int line, int column, const std::string& message) {
        io.err << shown << ":" << line << ":" << column << ": error: " << message << "\n";
        return kExitFailure;
    };
    // Usage combinations CLI11 cannot express.
    bool weighted = !options.weights.empty() && options.weights != "none";
    if (weighted && options.stat != "cohen" && options.stat != "ac2") {
        io.err << "simdesk agreement: --weights applies to --stat cohen and ac2\n";
        return kExitUsage;
    }
    if ((options.model || options.average) && options.stat != "icc") {
        io.err << "simdesk agreement: --model and --average apply to --stat icc\n";
        return kExitUsage;
    }
    if (options.bootstrap > 0 && options.stat != "alpha") {
        io.err << "simdesk agreement: --bootstrap applies to --stat alpha (Krippendorff's bootstrap)\n";
        return kExitUsage;
    }

    std::string text;
    if (options.file == "-") {
        text.assign(std::istreambuf_iterator<char>(io.in), std::istreambuf_iterator<char>());
    } else {
        std::error_code ec;
        auto size = std::filesystem::file_size(options.file, ec);
        if (ec) return failAt(1, 1, "cannot read the file: " + ec.message());
        if (size > kMaxAgreementBytes) return failAt(1, 1, "the file is over 16 MiB; agreement data is a table of ratings");
        std::ifstream in(options.file, std::ios::binary);
        if (!in) return failAt(1, 1, "cannot open the file");
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (text.size() > kMaxAgreementBytes) return failAt(1, 1, "the input is over 16 MiB");
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a spreadsheet's byte-order mark
    size_t firstChar = text.find_first_not_of(" \t\r\n");
    bool isJson = firstChar != std::string::npos && (text[firstChar] == '{' || text[firstChar] == '[');
    auto read = isJson ? tableFromJson(shown, text) : tableFromCsv(text);
    if (auto* e = std::get_if<InputError>(&read)) return failAt(e->line, e->column, e->message);
    const Table& table = std::get<Table>(read);
    Coded coded = code(table);

    // Text categories have no order or distance: only nominal statistics take them.
    bool nominalStat = (options.stat == "alpha" && options.metric == "nominal") || options.stat == "fleiss" ||
                       options.stat == "ac1" || options.stat == "percent" || (options.stat == "cohen" && !weighted);
    if (coded.firstText && !nominalStat)
        return failAt(coded.firstText->line, coded.firstText->column,
                      "\"" + *coded.firstText->text + "\" is not a number; text categories (yes/no, labels) only work with "
                      "nominal statistics: --stat alpha --metric nominal, cohen without --weights, fleiss, ac1 or percent");

    json out = {{"statistic", options.stat}, {"units", table.rows.size()}, {"raters", table.raters}};
    if (!coded.categories.empty()) out["categories"] = coded.categories;
    std::string line;
    auto failed = [&](const Error& e) {
        io.err << "simdesk agreement: " << e.message << "\n";
        return kExitFailure;
    };
    int pairable = pairableValues(coded.matrix);
    out["pairable"] = pairable;
    if (options.stat == "alpha") {
        AlphaMetric metric = metricOf(options.metric);
        auto a = krippendorffAlpha(coded.matrix, metric);
        if (!a) return failed(a.error());
        out["metric"] = metricName(metric);
        out["value"] = a->alpha;
        out["D_o"] = a->observed;
        out["D_e"] = a->expected;
        out["pairable"] = a->pairable;
        line = "Krippendorff's alpha (" + std::string(metricName(metric)) + ") " + fixedPoint(a->alpha, 4) + "   D_o " +
               fixedPoint(a->observed, 4) + ", D_e " + fixedPoint(a->expected, 4) + ", " + std::to_string(a->pairable) + " pairable values in " +
               std::to_string(a->units) + " units";
        if (options.bootstrap > 0) {
            auto b = krippendorffBootstrap(coded.matrix, metric, options.bootstrap, options.seed);
            if (!b) return failed(b.error());
            out["interval"] = {{"low", b->low}, {"high", b->high}, {"level", 0.95}, {"samples", b->samples}, {"draws", b->draws}, {"seed", options.seed}};
            line += "\n95% bootstrap interval " + fixedPoint(b->low, 3) + " to " + fixedPoint(b->high, 3) + " (" + std::to_string(b->samples) +
                    " samples of " + std::to_string(b->draws) + " pairs, seed " + std::to_string(options.seed) + ")";
        }
    } else if (options.stat == "icc") {
        int model = options.model ? options.model : 2;
        auto r = intraclassCorrelation(coded.matrix, static_cast<IccModel>(model), options.average);
        if (!r) return failed(r.error());
        std::string form = "ICC(" + std::to_string(model) + "," + (options.average ? std::to_string(r->judges) : std::string("1")) + ")";
        out["form"] = form;
        out["value"] = r->value;
        out["BMS"] = r->bms;
        out["WMS"] = r->wms;
        out["JMS"] = r->jms;
        out["EMS"] = r->ems;
        out["targets"] = r->targets;
        out["judges"] = r->judges;
        line = form + " " + fixedPoint(r->value, 4) + "   BMS " + fixedPoint(r->bms, 4) + ", WMS " + fixedPoint(r->wms, 4) + ", JMS " + fixedPoint(r->jms, 4) +
               ", EMS " + fixedPoint(r->ems, 4) + "; " + std::to_string(r->targets) + " targets × " + std::to_string(r->judges) + " judges";
    } else {
        Result<KappaResult> k = Error{};
        std::string name;
        KappaWeights w = weightsOf(options.weights);
        if (options.stat == "percent") k = percentAgreement(coded.matrix), name = "percent agreement";
        else if (options.stat == "cohen") k = cohenKappa(coded.matrix, w), name = std::string("Cohen's kappa (") + std::string(weightsName(w)) + ")";
        else if (options.stat == "fleiss") k = fleissKappa(coded.matrix), name = "Fleiss' kappa";
        else if (options.stat == "ac1") k = gwetAC(coded.matrix, KappaWeights::None), name = "Gwet's AC1";
        else {
            if (w == KappaWeights::None) w = KappaWeights::Quadratic;
            k = gwetAC(coded.matrix, w), name = std::string("Gwet's AC2 (") + std::string(weightsName(w)) + " weights)";
        }
        if (!k) return failed(k.error());
        out["value"] = k->value;
        out["observed"] = k->observed;
        out["expected"] = k->expected;
        out["units_used"] = k->units;
        if (options.stat == "cohen" || options.stat == "ac2") out["weights"] = weightsName(w);
        line = name + " " + fixedPoint(k->value, 4);
        if (options.stat != "percent") line += "   observed " + fixedPoint(k->observed, 4) + ", expected by chance " + fixedPoint(k->expected, 4);
        line += "; " + std::to_string(k->units) + " units";
    }
    // Below the minimum the figure is still the file's, so it is printed, but under a warning a
    // reader cannot miss: the calibration reports, which people act on, withhold it instead.
    bool tooFew = pairable < kMinPairableValues;
    out["enough_data"] = !tooFew;
    if (options.json) {
        io.out << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    io.out << line << "\n";
    if (tooFew)
        io.out << "  not enough data: " << pairable << " pairable values (values in units rated twice or more), fewer than "
               << kMinPairableValues << ": the figure is unstable, read it with care (see docs/calibration.md)\n";
    return kExitOk;
}

} // namespace simdesk::cli
