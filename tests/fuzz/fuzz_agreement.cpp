// Fuzz harness: `simdesk agreement`, the one command that reads a file a QA lead made by hand (a
// spreadsheet's CSV, or JSON). An input's first byte picks the statistic and its options (metric,
// weights, ICC model, a small bootstrap, JSON or text output); the rest is the file, read from
// stdin. Every input must end in a result or a `<stdin>:line:col: error:` line with exit code 1:
// never a crash, a hang or a figure outside what the statistic can be.
#include "fuzz_support.hpp"

#include "cli/cli.hpp"

#include <array>
#include <cmath>
#include <sstream>

using namespace simdesk;

namespace {

constexpr std::array<const char*, 7> kStats = {"alpha", "cohen", "fleiss", "ac1", "ac2", "icc", "percent"};
constexpr std::array<const char*, 4> kMetrics = {"nominal", "ordinal", "interval", "ratio"};
/// Each bootstrap draw is a pass over the pairable values: a few keep a run fast, and still go
/// through every line of the resampling.
constexpr int kFuzzBootstrapSamples = 20;

cli::AgreementOptions optionsFor(uint8_t pick) {
    cli::AgreementOptions o;
    o.file = "-";
    o.stat = kStats[pick % kStats.size()];
    o.json = (pick & 0x80) != 0;
    uint8_t rest = static_cast<uint8_t>(pick / kStats.size());
    if (o.stat == "alpha") {
        o.metric = kMetrics[rest % kMetrics.size()];
        if (rest & 0x4) o.bootstrap = kFuzzBootstrapSamples;
        o.seed = rest;
    } else if (o.stat == "cohen" || o.stat == "ac2") {
        o.weights = (rest & 1) ? "linear" : ((rest & 2) ? "quadratic" : "");
    } else if (o.stat == "icc") {
        o.model = 1 + rest % 3;
        o.average = (rest & 0x4) != 0;
    }
    return o;
}

/// Every statistic here is at most 1 (perfect agreement); below, it can be any finite number.
void checkValue(const nlohmann::json& value) {
    if (value.is_null()) return;
    FUZZ_CHECK(value.is_number());
    double v = value.get<double>();
    FUZZ_CHECK(std::isfinite(v));
    FUZZ_CHECK(v <= 1.0 + 1e-9);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0 || size > fuzz::kMaxFuzzInput) return 0;
    cli::AgreementOptions options = optionsFor(data[0]);
    std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    std::ostringstream out, err;
    int code = cli::agreement(options, cli::Io{out, err, in, false});
    if (code != 0) {
        FUZZ_CHECK(code == 1);
        FUZZ_CHECK(out.str().empty());
        const std::string message = err.str();
        FUZZ_CHECK(message.rfind("<stdin>:", 0) == 0 || message.rfind("simdesk agreement: ", 0) == 0);
        FUZZ_CHECK(!message.empty() && message.back() == '\n');
        return 0;
    }
    FUZZ_CHECK(err.str().empty());
    if (!options.json) {
        FUZZ_CHECK(!out.str().empty() && out.str().back() == '\n');
        return 0;
    }
    nlohmann::json result = nlohmann::json::parse(out.str(), nullptr, false);
    FUZZ_CHECK(!result.is_discarded());
    FUZZ_CHECK(result.contains("enough_data") && result.contains("value"));
    // Below the minimum the figure is still printed (under a warning), so it obeys the same bounds.
    FUZZ_CHECK(result["enough_data"].is_boolean());
    checkValue(result["value"]);
    if (result.contains("interval")) {
        const auto& interval = result["interval"];
        FUZZ_CHECK(interval["low"].get<double>() <= interval["high"].get<double>());
        checkValue(interval["high"]);
    }
    return 0;
}
