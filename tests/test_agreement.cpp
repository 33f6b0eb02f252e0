// Agreement statistics against published worked examples. Every expected figure below is the one
// printed in the cited source; where the source's data allow it, the exact fraction was worked out
// by hand (with exact rational arithmetic) and must round to the printed figure.
#include "core/agreement.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {

constexpr std::nullopt_t na = std::nullopt;

/// Columns of values as rows of units: `byRater[r][u]` becomes matrix[u][r].
RatingMatrix transpose(const std::vector<std::vector<std::optional<double>>>& byRater) {
    RatingMatrix m(byRater.front().size(), std::vector<std::optional<double>>(byRater.size()));
    for (size_t r = 0; r < byRater.size(); ++r)
        for (size_t u = 0; u < byRater[r].size(); ++u) m[u][r] = byRater[r][u];
    return m;
}

RatingMatrix matrixOf(const std::vector<std::vector<double>>& rows) {
    RatingMatrix m;
    for (const auto& row : rows) {
        m.emplace_back();
        for (double v : row) m.back().push_back(v);
    }
    return m;
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
/// 12 units, values 1–5, missing values (page numbers differ between the paper's revisions). The same matrix is
/// Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., p. 120 (irrCAC's cac.raw4raters).
RatingMatrix krippendorffC() {
    return transpose({{1, 2, 3, 3, 2, 1, 4, 1, 2, na, na, na},
                      {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, na, 3},
                      {na, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, na},
                      {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, na}});
}

/// Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological Bulletin
/// 76(5), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (1 depression, 2 personality
/// disorder, 3 schizophrenia, 4 neurosis, 5 other). Rater-by-rater layout as in R irr::diagnoses;
/// its category counts agree with Fleiss' table (and with irrCAC's distrib.6raters, rows 1–15).
RatingMatrix fleiss1971() {
    return matrixOf({{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5}, {2, 2, 2, 4, 4, 4},
                     {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4}, {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5},
                     {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4}, {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5},
                     {3, 3, 3, 3, 3, 5}, {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
                     {5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4}, {1, 4, 4, 4, 4, 5},
                     {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5}});
}

/// Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
/// Psychological Bulletin 86(2), 420–428, Table 2: 6 targets, 4 judges. (Table and page numbers
/// below are as remembered, not checked against a scan; the data reproduce every printed figure.)
RatingMatrix shroutFleiss() {
    return matrixOf({{9, 2, 5, 8}, {6, 1, 3, 2}, {8, 4, 6, 8}, {7, 1, 2, 6}, {10, 5, 6, 9}, {6, 2, 4, 7}});
}

/// Two raters' units from a contingency table: `table[i][j]` units rated category i+1 by the
/// first rater and j+1 by the second.
RatingMatrix fromTable(const std::vector<std::vector<int>>& table) {
    RatingMatrix m;
    for (size_t i = 0; i < table.size(); ++i)
        for (size_t j = 0; j < table[i].size(); ++j)
            for (int c = 0; c < table[i][j]; ++c) m.push_back({double(i + 1), double(j + 1)});
    return m;
}

} // namespace

TEST_CASE("Krippendorff 2011 section C: nominal alpha is 0.743") {
    // n = 40 pairable values (unit 12 has one value). D_o = 1/5, D_e = 152/195 by hand:
    // alpha = 1 − (1/5)/(152/195) = 113/152 = 0.74342 (printed .743).
    auto a = krippendorffAlpha(krippendorffC(), AlphaMetric::Nominal);
    REQUIRE(a.ok());
    CHECK(a->pairable == 40);
    CHECK(a->units == 11);
    CHECK(a->observed == doctest::Approx(1.0 / 5));
    CHECK(a->expected == doctest::Approx(152.0 / 195));
    CHECK(a->alpha == doctest::Approx(113.0 / 152));
    CHECK(a->alpha == doctest::Approx(0.743).epsilon(0.001));
}

TEST_CASE("Krippendorff 2011 section C: ordinal alpha is 0.815") {
    // n_1..n_5 = 9, 13, 10, 5, 3. Ordinal δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)².
    // By hand alpha = 108577/133160 = 0.81539 (printed .815).
    auto a = krippendorffAlpha(krippendorffC(), AlphaMetric::Ordinal);
    REQUIRE(a.ok());
    CHECK(a->alpha == doctest::Approx(108577.0 / 133160));
    CHECK(a->alpha == doctest::Approx(0.815).epsilon(0.001));
}

TEST_CASE("Krippendorff 2011 section C: interval alpha is 0.849") {
    // D_o = 13/30, D_e = 112/39 by hand: alpha = 951/1120 = 0.84911 (printed .849).
    auto a = krippendorffAlpha(krippendorffC(), AlphaMetric::Interval);
    REQUIRE(a.ok());
    CHECK(a->observed == doctest::Approx(13.0 / 30));
    CHECK(a->expected == doctest::Approx(112.0 / 39));
    CHECK(a->alpha == doctest::Approx(951.0 / 1120));
    CHECK(a->alpha == doctest::Approx(0.849).epsilon(0.001));
}

TEST_CASE("Krippendorff 2011 section C: ratio alpha is 0.797") {
    // δ²_ck = ((c − k)/(c + k))². By hand alpha = 18222619/22852465 = 0.79740 (printed .797).
    auto a = krippendorffAlpha(krippendorffC(), AlphaMetric::Ratio);
    REQUIRE(a.ok());
    CHECK(a->alpha == doctest::Approx(18222619.0 / 22852465));
    CHECK(a->alpha == doctest::Approx(0.797).epsilon(0.001));
}

TEST_CASE("alpha is undefined without variation or without pairs") {
    CHECK_FALSE(krippendorffAlpha(matrixOf({{1, 1}, {1, 1}}), AlphaMetric::Nominal).ok());
    CHECK_FALSE(krippendorffAlpha(transpose({{1, na}, {na, 2}}), AlphaMetric::Interval).ok());
    CHECK_FALSE(krippendorffAlpha({}, AlphaMetric::Ordinal).ok());
    CHECK_FALSE(krippendorffAlpha(matrixOf({{-1, 2}, {1, 3}}), AlphaMetric::Ratio).ok());
    // Perfect agreement with variation between units is 1.
    CHECK(krippendorffAlpha(matrixOf({{0, 0, 0}, {1, 1, 1}}), AlphaMetric::Nominal)->alpha == doctest::Approx(1.0));
}

TEST_CASE("the bootstrap interval is deterministic for a seed and brackets alpha") {
    auto data = krippendorffC();
    auto a = krippendorffBootstrap(data, AlphaMetric::Nominal, 2000, 42);
    auto b = krippendorffBootstrap(data, AlphaMetric::Nominal, 2000, 42);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->low == b->low);
    CHECK(a->high == b->high);
    CHECK(a->samples == 2000);
    // M = Σ_u m_u(m_u − 1)/2: units with 3, 4 (×8), 3 and 2 values → 3 + 48 + 3 + 1 = 55 pairs.
    CHECK(a->draws == 55);
    double alpha = krippendorffAlpha(data, AlphaMetric::Nominal)->alpha;
    CHECK(a->low < alpha);
    CHECK(a->high > alpha);
    CHECK(a->high <= 1.0);
    // 8 of the 40 coincidences disagree (o_ck off the diagonal sums to 8): the interval is wide.
    CHECK(a->high - a->low > 0.05);
    // Another seed gives another resample of the same distribution: nominal differences are 0 or 1
    // and M = 55, so alphas come in steps of 1/(55 D_e) and the percentiles may well coincide.
    auto other = krippendorffBootstrap(data, AlphaMetric::Nominal, 2000, 7);
    REQUIRE(other.ok());
    CHECK(other->low == doctest::Approx(a->low).epsilon(0.1));
    // No disagreement at all: every resample has D_o = 0.
    auto perfect = krippendorffBootstrap(matrixOf({{0, 0}, {1, 1}, {1, 1}, {0, 0}, {2, 2}}), AlphaMetric::Ordinal, 100, 1);
    REQUIRE(perfect.ok());
    CHECK(perfect->low == doctest::Approx(1.0));
    CHECK_FALSE(krippendorffBootstrap(data, AlphaMetric::Nominal, 0, 1).ok());
}

TEST_CASE("Fleiss 1971 Table 1: kappa is .430") {
    // P̄ = 5/9 and P̄_e = 3563/16200 by hand: kappa = 5437/12637 = 0.43024 (printed .430).
    auto k = fleissKappa(fleiss1971());
    REQUIRE(k.ok());
    CHECK(k->observed == doctest::Approx(5.0 / 9));
    CHECK(k->expected == doctest::Approx(3563.0 / 16200));
    CHECK(k->value == doctest::Approx(5437.0 / 12637));
    CHECK(k->value == doctest::Approx(0.430).epsilon(0.001));
    CHECK(k->units == 30);
    CHECK(k->categories == 5);
    // Unequal numbers of ratings per unit are refused, not miscounted.
    CHECK_FALSE(fleissKappa(krippendorffC()).ok());
}

TEST_CASE("Cohen 1960 Table 1: kappa is .49") {
    // Cohen (1960), "A coefficient of agreement for nominal scales", Educational and Psychological
    // Measurement 20(1), 37–46, Table 1: 200 units, 3 categories, proportions (recalled, not checked
    // against a scan; they reproduce the printed p_o, p_c and kappa)
    //   .44 .07 .09 / .05 .20 .05 / .01 .03 .06;  p_o = .70, p_c = .41,
    // kappa = (.70 − .41)/(1 − .41) = 29/59 = .4915.
    auto k = cohenKappa(fromTable({{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}), KappaWeights::None);
    REQUIRE(k.ok());
    CHECK(k->observed == doctest::Approx(0.70));
    CHECK(k->expected == doctest::Approx(0.41));
    CHECK(k->value == doctest::Approx(29.0 / 59));
}

TEST_CASE("Cohen's kappa on Gwet's 3x3 abstractors table, unweighted and quadratic") {
    // Gwet (2014), Handbook, 4th ed., the ectopic-pregnancy abstractors table (irrCAC
    // cont3x3abstractors): 13 0 0 / 0 20 7 / 0 4 56. irrCAC (Gwet's package) prints
    // kappa 0.7964094 and, with quadratic weights, 0.8921569. By hand: 4303/5403 and 91/102.
    auto data = fromTable({{13, 0, 0}, {0, 20, 7}, {0, 4, 56}});
    auto plain = cohenKappa(data, KappaWeights::None);
    REQUIRE(plain.ok());
    CHECK(plain->value == doctest::Approx(4303.0 / 5403));
    CHECK(plain->value == doctest::Approx(0.7964094));
    auto quadratic = cohenKappa(data, KappaWeights::Quadratic);
    REQUIRE(quadratic.ok());
    CHECK(quadratic->value == doctest::Approx(91.0 / 102));
    CHECK(quadratic->value == doctest::Approx(0.8921569));
    // Gwet's AC1 on the same table: 0.8493305 (irrCAC README).
    CHECK(gwetAC(data, KappaWeights::None)->value == doctest::Approx(0.8493305));
}

TEST_CASE("weighted Cohen's kappa, linear weights: the SAS PROC FREQ example") {
    // SAS/STAT PROC FREQ "Kappa statistics" example (as recorded in statsmodels'
    // test_inter_rater.py): table 0 4 1 / 0 8 0 / 0 1 5, simple kappa 0.4842, weighted kappa
    // (Cicchetti–Allison, i.e. linear, weights) 0.4701. By hand 107/221 and 118/251.
    auto data = fromTable({{0, 4, 1}, {0, 8, 0}, {0, 1, 5}});
    CHECK(cohenKappa(data, KappaWeights::None)->value == doctest::Approx(107.0 / 221));
    CHECK(cohenKappa(data, KappaWeights::None)->value == doctest::Approx(0.4842).epsilon(0.0002));
    CHECK(cohenKappa(data, KappaWeights::Linear)->value == doctest::Approx(118.0 / 251));
    CHECK(cohenKappa(data, KappaWeights::Linear)->value == doctest::Approx(0.4701).epsilon(0.0002));
    // More than two raters, or no unit both rated, is an error.
    CHECK_FALSE(cohenKappa(krippendorffC(), KappaWeights::None).ok());
    CHECK_FALSE(cohenKappa(transpose({{1, na}, {na, 2}}), KappaWeights::None).ok());
}

TEST_CASE("Gwet 2014 handbook p. 120 data: AC1 is 0.7754 and percent agreement 9/11") {
    // irrCAC (Gwet's package) on cac.raw4raters: pa 0.8181818, pe 0.1903212, AC1 0.77544.
    // By hand pa = 9/11, pe = 877/4608, AC1 = 31825/41041.
    auto ac1 = gwetAC(krippendorffC(), KappaWeights::None);
    REQUIRE(ac1.ok());
    CHECK(ac1->observed == doctest::Approx(9.0 / 11));
    CHECK(ac1->expected == doctest::Approx(877.0 / 4608));
    CHECK(ac1->value == doctest::Approx(31825.0 / 41041));
    CHECK(ac1->value == doctest::Approx(0.77544).epsilon(0.0001));
    auto pa = percentAgreement(krippendorffC());
    REQUIRE(pa.ok());
    CHECK(pa->value == doctest::Approx(9.0 / 11));
    CHECK(pa->units == 11);
}

TEST_CASE("Gwet 2014 handbook p. 120 data: AC2 with quadratic weights is 0.914") {
    // irrCAC weighting vignette: gwet.ac1.raw(cac.raw4raters, weights = "quadratic"):
    // pa 0.9753788, pe 0.7137044, AC2 0.914. By hand 515/528, 4385/6144 and 17685/19349.
    auto ac2 = gwetAC(krippendorffC(), KappaWeights::Quadratic);
    REQUIRE(ac2.ok());
    CHECK(ac2->observed == doctest::Approx(515.0 / 528));
    CHECK(ac2->expected == doctest::Approx(4385.0 / 6144));
    CHECK(ac2->value == doctest::Approx(17685.0 / 19349));
    // Declaring the whole scale changes nothing when every level was used...
    CHECK(gwetAC(krippendorffC(), KappaWeights::Quadratic, {1, 2, 3, 4, 5})->value == doctest::Approx(17685.0 / 19349));
    // ...and a value outside the declared categories is an error.
    CHECK_FALSE(gwetAC(krippendorffC(), KappaWeights::None, {1, 2}).ok());
    CHECK_FALSE(gwetAC(matrixOf({{1, 1}, {1, 1}}), KappaWeights::None).ok());
}

TEST_CASE("Shrout and Fleiss 1979 Table 2: the six intraclass correlations") {
    // Table 3 (p. 423) gives the mean squares BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02 (by hand
    // 1349/120, 451/72, 2339/72, 367/360) and Table 4 the ICCs: (1,1) .17, (2,1) .29, (3,1) .71,
    // (1,4) .44, (2,4) .62, (3,4) .91. By hand: 448/2703 = .166, 184/635, 920/1287, 1792/4047,
    // 736/1187, 3680/4047.
    auto data = shroutFleiss();
    auto icc11 = intraclassCorrelation(data, IccModel::OneWay, false);
    REQUIRE(icc11.ok());
    CHECK(icc11->bms == doctest::Approx(1349.0 / 120));
    CHECK(icc11->wms == doctest::Approx(451.0 / 72));
    CHECK(icc11->jms == doctest::Approx(2339.0 / 72));
    CHECK(icc11->ems == doctest::Approx(367.0 / 360));
    CHECK(icc11->value == doctest::Approx(448.0 / 2703));
    CHECK(icc11->value == doctest::Approx(0.17).epsilon(0.03));
    CHECK(intraclassCorrelation(data, IccModel::TwoWayRandom, false)->value == doctest::Approx(184.0 / 635));
    CHECK(intraclassCorrelation(data, IccModel::TwoWayMixed, false)->value == doctest::Approx(920.0 / 1287));
    CHECK(intraclassCorrelation(data, IccModel::OneWay, true)->value == doctest::Approx(1792.0 / 4047));
    CHECK(intraclassCorrelation(data, IccModel::TwoWayRandom, true)->value == doctest::Approx(736.0 / 1187));
    CHECK(intraclassCorrelation(data, IccModel::TwoWayMixed, true)->value == doctest::Approx(3680.0 / 4047));
    CHECK(intraclassCorrelation(data, IccModel::TwoWayRandom, false)->value == doctest::Approx(0.29).epsilon(0.02));
    CHECK(intraclassCorrelation(data, IccModel::TwoWayMixed, false)->value == doctest::Approx(0.71).epsilon(0.01));
    CHECK(intraclassCorrelation(data, IccModel::OneWay, true)->value == doctest::Approx(0.44).epsilon(0.01));
    CHECK(intraclassCorrelation(data, IccModel::TwoWayRandom, true)->value == doctest::Approx(0.62).epsilon(0.01));
    CHECK(intraclassCorrelation(data, IccModel::TwoWayMixed, true)->value == doctest::Approx(0.91).epsilon(0.01));
    // A unit with a missing value is dropped; fewer than two complete targets is an error.
    CHECK_FALSE(intraclassCorrelation(transpose({{1, 2}, {na, 3}}), IccModel::OneWay, false).ok());
    CHECK_FALSE(intraclassCorrelation(matrixOf({{1, 1}, {1, 1}}), IccModel::OneWay, false).ok());
}

TEST_CASE("not enough data below ten pairable values") {
    // Four units graded by two people: 8 pairable values.
    CHECK(notEnoughData(matrixOf({{0, 1}, {1, 1}, {0, 0}, {1, 0}})).has_value());
    CHECK(pairableValues(matrixOf({{0, 1}, {1, 1}, {0, 0}, {1, 0}})) == 8);
    // Krippendorff's section C data: 40.
    CHECK_FALSE(notEnoughData(krippendorffC()).has_value());
}

// ---- simdesk agreement FILE ---------------------------------------------------------------------

#include "test_support.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace {

/// Writes `text` to a file of its own under the temporary folder and returns its path.
std::string writeTemp(const std::string& name, const std::string& text) {
    auto dir = std::filesystem::temp_directory_path() / ("simdesk-agreement-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
}

nlohmann::json jsonOut(const test::CliResult& r) {
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("agreement reads a spreadsheet CSV: BOM, CRLF, quoted fields, missing cells, text categories") {
    // Krippendorff's section C data with the values 1–5 written as words: nominal alpha does not
    // depend on the codes, so it must still be 113/152. The unit id column is detected by its name.
    std::string csv = "\xEF\xBB\xBF" "Conversation,Eva,\"Rui \"\"the harsh\"\"\",\"Tom, lead\",Ana\r\n"
                      "\"c-1, refund\",one,one,,one\r\n"
                      "c-2,two,two,three,two\r\n"
                      "c-3,three,three,three,three\r\n"
                      "c-4,three,three,three,three\r\n"
                      "c-5,two,two,two,two\r\n"
                      "c-6,one,two,three,four\r\n"
                      "c-7,four,four,four,four\r\n"
                      "c-8,one,one,two,one\r\n"
                      "c-9,two,two,two,two\r\n"
                      "c-10,,five,five,five\r\n"
                      "c-11,,,one,one\r\n"
                      "c-12, ,,three\r\n"  // a short row: the last rater's cell is missing
                      ",,,,\r\n";           // a spreadsheet's trailing empty row is no unit
    std::string file = writeTemp("words.csv", csv);
    auto out = jsonOut(test::runCli({"agreement", file, "--json"}));
    CHECK(out["raters"] == nlohmann::json({"Eva", "Rui \"the harsh\"", "Tom, lead", "Ana"}));
    CHECK(out["units"] == 12);
    CHECK(out["pairable"] == 40);
    CHECK(out["categories"] == nlohmann::json({"five", "four", "one", "three", "two"}));
    CHECK(out["value"].get<double>() == doctest::Approx(113.0 / 152));
    CHECK(out["D_o"].get<double>() == doctest::Approx(1.0 / 5));
    CHECK(out["D_e"].get<double>() == doctest::Approx(152.0 / 195));
    CHECK(out["enough_data"] == true);

    // Percent agreement and AC1 take text categories too (Gwet's figures for this data).
    CHECK(jsonOut(test::runCli({"agreement", file, "--stat", "percent", "--json"}))["value"].get<double>() == doctest::Approx(9.0 / 11));
    CHECK(jsonOut(test::runCli({"agreement", file, "--stat", "ac1", "--json"}))["value"].get<double>() == doctest::Approx(31825.0 / 41041));

    // Text has no order: ordinal alpha names the first text cell.
    auto ordinal = test::runCli({"agreement", file, "--metric", "ordinal"});
    CHECK(ordinal.exitCode == 1);
    CHECK(ordinal.err.find(file + ":2:15: error: \"one\" is not a number") != std::string::npos);
}

TEST_CASE("agreement: numbers without a header, a bootstrap interval and the human-readable line") {
    // Shrout & Fleiss (1979) Table 2 without a header row: six targets, four judges.
    std::string file = writeTemp("sf.csv", "9,2,5,8\n6,1,3,2\n8,4,6,8\n7,1,2,6\n10,5,6,9\n6,2,4,7\n");
    auto icc = jsonOut(test::runCli({"agreement", file, "--stat", "icc", "--model", "3", "--average", "--json"}));
    CHECK(icc["form"] == "ICC(3,4)");
    CHECK(icc["value"].get<double>() == doctest::Approx(3680.0 / 4047));
    auto single = test::runCli({"agreement", file, "--stat", "icc", "--model", "1"});
    CHECK(single.exitCode == 0);
    CHECK(single.out.rfind("ICC(1,1) 0.1657", 0) == 0);

    auto interval = jsonOut(test::runCli({"agreement", file, "--metric", "interval", "--bootstrap", "500", "--seed", "9", "--json"}));
    REQUIRE(interval["interval"].is_object());
    CHECK(interval["interval"]["samples"] == 500);
    CHECK(interval["interval"]["low"].get<double>() <= interval["value"].get<double>());
    // The same seed, the same interval.
    auto again = jsonOut(test::runCli({"agreement", file, "--metric", "interval", "--bootstrap", "500", "--seed", "9", "--json"}));
    CHECK(again["interval"] == interval["interval"]);
}

TEST_CASE("agreement reads JSON: an object with raters and units, or an array of arrays") {
    std::string object = writeTemp("units.json", R"({"raters": ["A", "B"],
      "units": [{"id": "t1", "values": [1, 1]}, {"id": 2, "values": [2, null]}, {"values": [1, 2]}, {"values": [2, 2]},
                {"values": [1, 1]}, {"values": [2, 2]}]})");
    auto cohen = jsonOut(test::runCli({"agreement", object, "--stat", "cohen", "--json"}));
    // Five units both rated: (1,1) (1,2) (2,2) (1,1) (2,2). p_o = 4/5, p_e = 3/5·2/5 + 2/5·3/5 = 12/25.
    // kappa = (4/5 − 12/25)/(13/25) = 8/13.
    CHECK(cohen["value"].get<double>() == doctest::Approx(8.0 / 13));
    CHECK(cohen["units_used"] == 5);
    CHECK(cohen["enough_data"] == true);

    std::string arrays = writeTemp("arrays.json", "[[1, 2], [2, 2], [\"\", 1]]");
    auto few = test::runCli({"agreement", arrays, "--stat", "percent"});
    CHECK(few.exitCode == 0);
    // A mean square that rounds to zero is printed without a minus sign.
    std::string perfect = writeTemp("perfect.csv", "a,b,c\n1,1,1\n2,2,2\n3,3,3\n");
    auto icc = test::runCli({"agreement", perfect, "--stat", "icc"});
    CHECK(icc.out.find("EMS 0.0000") != std::string::npos);
    CHECK(icc.out.find("-0.0000") == std::string::npos);
    // Two units both rated, (1,2) and (2,2): half agree. The figure is printed under a warning.
    CHECK(few.out.find("percent agreement 0.5000") != std::string::npos);
    CHECK(few.out.find("not enough data: 4 pairable values") != std::string::npos);
    auto fewJson = jsonOut(test::runCli({"agreement", arrays, "--stat", "percent", "--json"}));
    CHECK(fewJson["value"].get<double>() == doctest::Approx(0.5));
    CHECK(fewJson["enough_data"] == false);

    std::string broken = writeTemp("broken.json", "{\"units\": [\n  [1, 2],\n  [1, {\"x\": 1}]\n]}");
    auto bad = test::runCli({"agreement", broken});
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.find(broken + ":3:7: error: a value must be a number, text or null") != std::string::npos);
    std::string syntax = writeTemp("syntax.json", "[[1, 2],\n [1 2]]");
    auto syntaxError = test::runCli({"agreement", syntax});
    CHECK(syntaxError.exitCode == 1);
    CHECK(syntaxError.err.find(syntax + ":2:") != std::string::npos);
}

TEST_CASE("agreement: malformed CSV names the line and column and exits 1") {
    std::string unclosed = writeTemp("unclosed.csv", "unit,A,B\n1,yes,no\n2,\"yes,no\n3,no,no\n");
    auto a = test::runCli({"agreement", unclosed});
    CHECK(a.exitCode == 1);
    CHECK(a.err.find(unclosed + ":3:3: error: a quoted field is never closed") != std::string::npos);

    std::string afterQuote = writeTemp("after.csv", "unit,A,B\r\n1,\"yes\"x,no\r\n");
    auto b = test::runCli({"agreement", afterQuote});
    CHECK(b.exitCode == 1);
    CHECK(b.err.find(afterQuote + ":2:8: error: unexpected 'x' after a closing quote") != std::string::npos);

    // Columns count characters, not bytes: "é" is one.
    std::string stray = writeTemp("stray.csv", "unit,Zo\xC3\xAB,B\n1,\xC3\xA9\"x,2\n");
    auto quote = test::runCli({"agreement", stray});
    CHECK(quote.exitCode == 1);
    CHECK(quote.err.find(stray + ":2:4: error: a quote inside an unquoted field") != std::string::npos);

    std::string wide = writeTemp("wide.csv", "unit,A,B\n1,1,2\n2,1,2,3\n");
    auto c = test::runCli({"agreement", wide});
    CHECK(c.exitCode == 1);
    CHECK(c.err.find(wide + ":3:7: error: this row has 4 cells; the header has 3") != std::string::npos);

    auto missing = test::runCli({"agreement", "/nonexistent/ratings.csv"});
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.find("/nonexistent/ratings.csv:1:1: error: cannot read the file") != std::string::npos);
    auto empty = test::runCli({"agreement", writeTemp("empty.csv", "")});
    CHECK(empty.exitCode == 1);
}

TEST_CASE("agreement: bad usage exits 2") {
    std::string file = writeTemp("usage.csv", "unit,A,B\n1,1,2\n");
    CHECK(test::runCli({"agreement"}).exitCode == 2);
    CHECK(test::runCli({"agreement", file, "--stat", "kappa"}).exitCode == 2);
    CHECK(test::runCli({"agreement", file, "--metric", "circular"}).exitCode == 2);
    CHECK(test::runCli({"agreement", file, "--weights", "linear"}).exitCode == 2);  // alpha has no weights
    CHECK(test::runCli({"agreement", file, "--model", "2"}).exitCode == 2);         // not icc
    CHECK(test::runCli({"agreement", file, "--stat", "icc", "--model", "4"}).exitCode == 2);
    CHECK(test::runCli({"agreement", file, "--stat", "icc", "--single", "--average"}).exitCode == 2);
    CHECK(test::runCli({"agreement", file, "--stat", "cohen", "--bootstrap", "100"}).exitCode == 2);
}
