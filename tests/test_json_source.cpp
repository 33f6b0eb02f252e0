// The loader's first line of defence: exact positions for syntax errors, and refusal (never a
// crash or hang) of empty, binary, deeply nested, oversized and duplicate-key input.
#include "core/json_source.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {
std::string firstDiagnostic(const std::string& text) {
    JsonLoad load = parseJsonDocument("x.json", text);
    REQUIRE_FALSE(load.diagnostics.empty());
    return load.diagnostics.front().format();
}
} // namespace

TEST_CASE("a trailing comma is reported where the member name was expected") {
    CHECK(firstDiagnostic(R"({"a": 1,})") ==
          "x.json:1:9: error: expected a member name in double quotes, found '}' [SD001]");
}

TEST_CASE("a missing comma is reported at the start of the next member, lines counted") {
    CHECK(firstDiagnostic("{\n  \"a\": 1\n  \"b\": 2\n}") ==
          "x.json:3:3: error: expected ',' or '}' after an object member, found '\"' [SD001]");
}

TEST_CASE("an unterminated document says the end of the file was reached") {
    CHECK(firstDiagnostic("{\"a\": [1, 2") ==
          "x.json:1:12: error: expected ',' or ']' after an array element, found the end of the file [SD001]");
}

TEST_CASE("text after the top-level value is an error") {
    CHECK(firstDiagnostic("{} x") ==
          "x.json:1:4: error: expected the end of the file after the top-level value, found 'x' [SD001]");
}

TEST_CASE("columns count characters, not UTF-8 bytes") {
    CHECK(firstDiagnostic("{\"\xC3\xA9\": x}") ==
          "x.json:1:7: error: expected a value (object, array, string, number, true, false or null), found 'x' [SD001]");
}

TEST_CASE("duplicate keys are errors and the first definition is kept") {
    JsonLoad load = parseJsonDocument("x.json", R"({"a": 1, "a": 2})");
    REQUIRE(load.diagnostics.size() == 1);
    CHECK(load.diagnostics[0].format() ==
          "x.json:1:10: error: /a: duplicate key \"a\" (first at line 1); expected each key once [SD006]");
    REQUIRE(load.document);
    CHECK(load.document->value["a"] == 1);
}

TEST_CASE("100 000 duplicate keys: the first 20 named with their place, the rest counted, in linear work") {
    // One key per line: "a" at line 2, and its duplicates at lines 3, 4, ... column 1.
    const size_t keys = 100000;
    std::string text = "{\n";
    for (size_t i = 0; i < keys; ++i) text += i + 1 < keys ? "\"a\": 0,\n" : "\"a\": 0\n";
    text += "}\n";
    JsonLoad load = parseJsonDocument("big.json", text);
    REQUIRE(load.diagnostics.size() == kMaxDuplicateKeyReports + 1);
    CHECK(load.diagnostics[0].format() ==
          "big.json:3:1: error: /a: duplicate key \"a\" (first at line 2); expected each key once [SD006]");
    CHECK(load.diagnostics[19].format() ==
          "big.json:22:1: error: /a: duplicate key \"a\" (first at line 2); expected each key once [SD006]");
    // 99 999 duplicates, 20 of them reported one by one; the 21st is at line 23.
    CHECK(load.diagnostics[20].format() == "big.json:23:1: error: /a: and 99979 more duplicate keys (the first of them "
                                           "here, \"a\"); expected each key once [SD006]");
    REQUIRE(load.document);
    CHECK(load.document->value == nlohmann::json{{"a", 0}});
    // Locating the 21 diagnostics scanned a few bytes each, not the ~800 KB before each of them
    // (before, a 1.2 MB file with 200 000 duplicates took 88 s to validate).
    CHECK(load.positionBytesScanned <= 2 * (kMaxDuplicateKeyReports + 1) * kPositionStride);
}

TEST_CASE("positions are the same from the index as by counting from the start") {
    std::string text = "{\n  \"caf\xC3\xA9\": [1,\n\n   2, x]}";
    JsonLoad load = parseJsonDocument("x.json", text);
    REQUIRE(load.diagnostics.size() == 1);
    CHECK(load.diagnostics[0].line == 4);
    CHECK(load.diagnostics[0].column == 7);
    JsonDocument unindexed;
    unindexed.text = std::string(300, ' ') + "\n" + std::string(200, 'x');
    JsonDocument indexed = unindexed;
    indexed.indexPositions();
    for (size_t offset : {0, 63, 64, 65, 300, 301, 450, 501, 9999}) {
        INFO(offset);
        CHECK(indexed.positionOfOffset(offset).line == unindexed.positionOfOffset(offset).line);
        CHECK(indexed.positionOfOffset(offset).column == unindexed.positionOfOffset(offset).column);
    }
}

TEST_CASE("empty and blank files are refused as empty") {
    for (std::string text : {"", "  \n\t "}) {
        CHECK(firstDiagnostic(text) == "x.json: error: the file is empty; expected a JSON object [SD002]");
    }
}

TEST_CASE("binary junk is refused at the first byte that is not UTF-8") {
    CHECK(firstDiagnostic("{\"a\": \"\xFF\"}") ==
          "x.json:1:8: error: byte 0xFF is not UTF-8 text; expected a JSON text file [SD004]");
    CHECK(firstDiagnostic(std::string("\x89PNG\r\n\x1a\n\0\0", 10)) ==
          "x.json:1:1: error: byte 0x89 is not UTF-8 text; expected a JSON text file [SD004]");
    CHECK(firstDiagnostic(std::string("{\0}", 3)) ==
          "x.json:1:2: error: byte 0x00 is not UTF-8 text; expected a JSON text file [SD004]");
}

TEST_CASE("nesting deeper than the limit is refused without recursing further") {
    std::string deep(100000, '[');
    CHECK(firstDiagnostic(deep) == "x.json:1:65: error: nesting deeper than 64 levels; expected a flatter structure [SD005]");
}

TEST_CASE("files over the size limit are refused before parsing") {
    std::string huge(kMaxContentBytes + 1, ' ');
    CHECK(firstDiagnostic(huge) == "x.json: error: the file is 2097153 bytes; content files are limited to 2097152 bytes [SD003]");
}

TEST_CASE("a missing file is a read error, not a crash") {
    JsonLoad load = loadJsonFile("/nonexistent/simdesk/x.json", "x.json");
    REQUIRE(load.diagnostics.size() == 1);
    CHECK(load.diagnostics[0].code == "SD007");
    CHECK_FALSE(load.document);
}

TEST_CASE("every value's position is known by its JSON pointer") {
    JsonLoad load = parseJsonDocument("x.json", "{\n  \"nodes\": {\n    \"x\": {\"next\": \"y\"}\n  }\n}");
    REQUIRE(load.document);
    SourcePosition p = load.document->positionOf("/nodes/x/next");
    CHECK(p.line == 3);
    CHECK(p.column == 19);
    // A pointer to something absent falls back to its nearest ancestor.
    p = load.document->positionOf("/nodes/x/missing");
    CHECK(p.line == 3);
    CHECK(p.column == 10);
}

TEST_CASE("escapes decode, including surrogate pairs") {
    JsonLoad load = parseJsonDocument("x.json", R"({"s": "a\n\u00e9\ud83d\ude00"})");
    REQUIRE(load.document);
    CHECK(load.document->value["s"] == "a\n\xC3\xA9\xF0\x9F\x98\x80");
    CHECK(firstDiagnostic(R"({"s": "\ude00"})") == "x.json:1:14: error: unpaired low surrogate in \\u escape [SD001]");
}

TEST_CASE("numbers: integers stay integers, leading zeros and bare signs are errors") {
    JsonLoad load = parseJsonDocument("x.json", R"({"i": -12, "d": 1.5e2})");
    REQUIRE(load.document);
    CHECK(load.document->value["i"].is_number_integer());
    CHECK(load.document->value["d"] == 150.0);
    CHECK(firstDiagnostic(R"({"i": -})") == "x.json:1:8: error: expected a digit in the number, found '}' [SD001]");
    CHECK(firstDiagnostic(R"({"i": 1e999})") == "x.json:1:7: error: number out of range; expected a finite number [SD001]");
}
