// Golden transcripts: a scripted play of each sample scenario must produce exactly the recorded
// transcript and score (tests/golden/<id>.expected.json). The scores in those files were checked
// by hand against the rubric's weights; see tests/golden/README.md.
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace simdesk;

namespace {
nlohmann::json readJson(const std::filesystem::path& path) {
    std::ifstream in(path);
    REQUIRE(in);
    return nlohmann::json::parse(in);
}
} // namespace

TEST_CASE("scripted plays reproduce their golden transcripts and scores") {
    size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test::sourcePath("tests/golden"))) {
        std::string name = entry.path().filename().string();
        if (name.size() < 12 || name.substr(name.size() - 12) != ".script.json") continue;
        std::string id = name.substr(0, name.size() - 12);
        std::filesystem::path expectedPath = entry.path().parent_path() / (id + ".expected.json");
        SUBCASE(id.c_str()) {}
        INFO("golden ", id);
        auto result = test::runCli({"play", id, "--script", entry.path().string(), "--json", "--no-record"});
        INFO(result.err);
        REQUIRE(result.exitCode == 0);
        auto actual = nlohmann::json::parse(result.out);
        auto expected = readJson(expectedPath);
        CHECK(actual["transcript"] == expected["transcript"]);
        CHECK(actual["score"] == expected["score"]);
        ++checked;
    }
    CHECK(checked >= 3);
}
