#include "json_source.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <system_error>

namespace simdesk {

std::string pointerToken(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string childPointer(std::string_view parent, std::string_view key) {
    return std::string(parent) + "/" + pointerToken(key);
}

std::string childPointer(std::string_view parent, size_t index) {
    return std::string(parent) + "/" + std::to_string(index);
}

namespace {
/// Advances `pos` over text[from, to): lines by '\n', columns by character (not UTF-8 continuation byte).
void advancePosition(SourcePosition& pos, std::string_view text, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++pos.column;
        }
    }
}
} // namespace

void JsonDocument::indexPositions() {
    positionCheckpoints.clear();
    positionCheckpoints.reserve(text.size() / kPositionStride + 1);
    SourcePosition pos;
    for (size_t offset = 0; offset <= text.size(); offset += kPositionStride) {
        positionCheckpoints.push_back(pos);
        advancePosition(pos, text, offset, std::min(offset + kPositionStride, text.size()));
    }
}

SourcePosition JsonDocument::positionOfOffset(size_t offset, size_t* bytesScanned) const {
    offset = std::min(offset, text.size());
    SourcePosition pos;
    size_t from = 0;
    if (!positionCheckpoints.empty()) {  // a document built by hand may have no index: scan from the start
        size_t index = std::min(offset / kPositionStride, positionCheckpoints.size() - 1);
        pos = positionCheckpoints[index];
        from = index * kPositionStride;
    }
    advancePosition(pos, text, from, offset);
    if (bytesScanned) *bytesScanned += offset - from;
    return pos;
}

SourcePosition JsonDocument::positionOf(std::string_view pointer) const {
    std::string current(pointer);
    while (true) {
        auto it = valueOffsets.find(current);
        if (it != valueOffsets.end()) return positionOfOffset(it->second);
        if (current.empty()) return {};
        current.erase(current.rfind('/'));
    }
}

Diagnostic JsonDocument::diagnostic(std::string code, Severity severity, std::string pointer,
                                    std::string message) const {
    SourcePosition pos = positionOf(pointer);
    return Diagnostic{std::move(code), severity, path, pos.line, pos.column, std::move(pointer), std::move(message)};
}

namespace {

/// Length of the UTF-8 sequence starting at text[i], or 0 if it is not valid UTF-8.
size_t utf8SequenceLength(std::string_view text, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t length;
    uint32_t codepoint;
    if ((c & 0xE0) == 0xC0) { length = 2; codepoint = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { length = 3; codepoint = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { length = 4; codepoint = c & 0x07; }
    else return 0;
    if (i + length > text.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        codepoint = (codepoint << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (codepoint < minimum[length] || codepoint > 0x10FFFF || (codepoint >= 0xD800 && codepoint <= 0xDFFF)) return 0;
    return length;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Recursive-descent parser over validated UTF-8. Depth is bounded, so recursion is too.
class Parser {
public:
    Parser(JsonDocument& doc, JsonLoad& load) : doc_(doc), text_(doc.text), diagnostics_(load.diagnostics), load_(load) {}

    bool parseDocument() {
        if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // tolerate a BOM
        skipWhitespace();
        if (!parseValue(doc_.value, "", 1)) return false;
        skipWhitespace();
        if (pos_ < text_.size()) return syntaxError("expected the end of the file after the top-level value, found " +
                                                    describeHere());
        return true;
    }

    /// One diagnostic for the duplicate keys past kMaxDuplicateKeyReports, at the first of them.
    void summariseUnreportedDuplicates() {
        if (duplicateKeys_ <= kMaxDuplicateKeyReports) return;
        size_t more = duplicateKeys_ - kMaxDuplicateKeyReports;
        SourcePosition p = locate(firstUnreported_.offset);
        diagnostics_.push_back(Diagnostic{"SD006", Severity::Error, doc_.path, p.line, p.column, firstUnreported_.pointer,
                                          "and " + std::to_string(more) + " more duplicate key" + (more == 1 ? "" : "s") +
                                              " (the first of them here, \"" + firstUnreported_.key +
                                              "\"); expected each key once"});
    }

private:
    struct Unreported {
        size_t offset = 0;
        std::string pointer, key;
    };
    JsonDocument& doc_;
    std::string_view text_;
    std::vector<Diagnostic>& diagnostics_;
    JsonLoad& load_;
    size_t pos_ = 0;
    size_t duplicateKeys_ = 0;
    Unreported firstUnreported_;

    SourcePosition locate(size_t offset) { return doc_.positionOfOffset(offset, &load_.positionBytesScanned); }

    void reportDuplicate(const std::string& key, const std::string& memberPointer, size_t firstOffset, size_t offset) {
        if (++duplicateKeys_ > kMaxDuplicateKeyReports) {
            if (duplicateKeys_ == kMaxDuplicateKeyReports + 1) firstUnreported_ = {offset, memberPointer, key};
            return;
        }
        // Keep the first definition (what an author reading top-down expects) and report the second.
        SourcePosition first = locate(firstOffset);
        SourcePosition here = locate(offset);
        diagnostics_.push_back(Diagnostic{"SD006", Severity::Error, doc_.path, here.line, here.column, memberPointer,
                                          "duplicate key \"" + key + "\" (first at line " + std::to_string(first.line) +
                                              "); expected each key once"});
    }

    bool syntaxError(std::string message, std::string code = "SD001") {
        SourcePosition p = locate(pos_);
        diagnostics_.push_back(Diagnostic{std::move(code), Severity::Error, doc_.path, p.line, p.column, "",
                                          std::move(message)});
        return false;
    }

    std::string describeHere() const {
        if (pos_ >= text_.size()) return "the end of the file";
        size_t length = std::max<size_t>(1, utf8SequenceLength(text_, pos_));
        return "'" + std::string(text_.substr(pos_, length)) + "'";
    }

    void skipWhitespace() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }

    bool parseValue(nlohmann::json& out, const std::string& pointer, int depth) {
        if (depth > kMaxJsonDepth)
            return syntaxError("nesting deeper than " + std::to_string(kMaxJsonDepth) +
                                   " levels; expected a flatter structure",
                               "SD005");
        doc_.valueOffsets[pointer] = pos_;
        if (pos_ >= text_.size()) return syntaxError("expected a value, found the end of the file");
        char c = text_[pos_];
        switch (c) {
        case '{': return parseObject(out, pointer, depth);
        case '[': return parseArray(out, pointer, depth);
        case '"': {
            std::string s;
            if (!parseString(s)) return false;
            out = std::move(s);
            return true;
        }
        case 't': return parseLiteral("true", out, true);
        case 'f': return parseLiteral("false", out, false);
        case 'n': return parseLiteral("null", out, nullptr);
        default:
            if (c == '-' || (c >= '0' && c <= '9')) return parseNumber(out);
            return syntaxError("expected a value (object, array, string, number, true, false or null), found " +
                               describeHere());
        }
    }

    template <typename T>
    bool parseLiteral(std::string_view word, nlohmann::json& out, T value) {
        if (text_.substr(pos_, word.size()) != word)
            return syntaxError("expected a value (object, array, string, number, true, false or null), found " +
                               describeHere());
        pos_ += word.size();
        out = value;
        return true;
    }

    bool parseObject(nlohmann::json& out, const std::string& pointer, int depth) {
        out = nlohmann::json::object();
        ++pos_;  // '{'
        skipWhitespace();
        if (pos_ < text_.size() && text_[pos_] == '}') {
            ++pos_;
            return true;
        }
        std::unordered_map<std::string, size_t> keyOffsets;
        while (true) {
            if (pos_ >= text_.size() || text_[pos_] != '"')
                return syntaxError("expected a member name in double quotes, found " + describeHere());
            size_t keyOffset = pos_;
            std::string key;
            if (!parseString(key)) return false;
            skipWhitespace();
            if (pos_ >= text_.size() || text_[pos_] != ':')
                return syntaxError("expected ':' after the member name \"" + key + "\", found " + describeHere());
            ++pos_;
            skipWhitespace();
            std::string memberPointer = childPointer(pointer, key);
            auto [it, inserted] = keyOffsets.emplace(key, keyOffset);
            if (!inserted) {
                reportDuplicate(key, memberPointer, it->second, keyOffset);
                nlohmann::json ignored;
                auto saved = doc_.valueOffsets[memberPointer];
                if (!parseValue(ignored, memberPointer + "\x01dup", depth + 1)) return false;
                doc_.valueOffsets[memberPointer] = saved;
            } else {
                nlohmann::json member;
                if (!parseValue(member, memberPointer, depth + 1)) return false;
                out[key] = std::move(member);
            }
            skipWhitespace();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                skipWhitespace();
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == '}') {
                ++pos_;
                return true;
            }
            return syntaxError("expected ',' or '}' after an object member, found " + describeHere());
        }
    }

    bool parseArray(nlohmann::json& out, const std::string& pointer, int depth) {
        out = nlohmann::json::array();
        ++pos_;  // '['
        skipWhitespace();
        if (pos_ < text_.size() && text_[pos_] == ']') {
            ++pos_;
            return true;
        }
        for (size_t index = 0;; ++index) {
            nlohmann::json element;
            if (!parseValue(element, childPointer(pointer, index), depth + 1)) return false;
            out.push_back(std::move(element));
            skipWhitespace();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                skipWhitespace();
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == ']') {
                ++pos_;
                return true;
            }
            return syntaxError("expected ',' or ']' after an array element, found " + describeHere());
        }
    }

    bool parseHex4(uint32_t& out) {
        if (pos_ + 4 > text_.size()) return syntaxError("expected four hex digits after \\u");
        out = 0;
        for (int k = 0; k < 4; ++k) {
            char h = text_[pos_++];
            out <<= 4;
            if (h >= '0' && h <= '9') out |= static_cast<uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f') out |= static_cast<uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') out |= static_cast<uint32_t>(h - 'A' + 10);
            else {
                --pos_;
                return syntaxError("expected four hex digits after \\u, found " + describeHere());
            }
        }
        return true;
    }

    bool parseString(std::string& out) {
        ++pos_;  // opening quote
        while (true) {
            if (pos_ >= text_.size()) return syntaxError("unterminated string; expected a closing '\"'");
            unsigned char c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (c < 0x20) return syntaxError("control character in a string; expected it escaped (\\n, \\t, \\u00XX)");
            if (c != '\\') {
                size_t length = utf8SequenceLength(text_, pos_);  // already validated for the whole file
                out.append(text_.substr(pos_, length));
                pos_ += length;
                continue;
            }
            ++pos_;
            if (pos_ >= text_.size()) return syntaxError("unterminated string; expected a closing '\"'");
            char e = text_[pos_++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                uint32_t cp;
                if (!parseHex4(cp)) return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t low;
                    if (text_.substr(pos_, 2) != "\\u") return syntaxError("expected a low surrogate \\uDC00-\\uDFFF");
                    pos_ += 2;
                    if (!parseHex4(low)) return false;
                    if (low < 0xDC00 || low > 0xDFFF) return syntaxError("expected a low surrogate \\uDC00-\\uDFFF");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return syntaxError("unpaired low surrogate in \\u escape");
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                --pos_;
                return syntaxError("invalid escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found " +
                                   describeHere());
            }
        }
    }

    bool parseNumber(nlohmann::json& out) {
        size_t start = pos_;
        auto digits = [&] {
            size_t from = pos_;
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
            return pos_ - from;
        };
        bool integral = true;
        if (text_[pos_] == '-') ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '0') {
            ++pos_;
        } else if (digits() == 0) {
            return syntaxError("expected a digit in the number, found " + describeHere());
        }
        if (pos_ < text_.size() && text_[pos_] == '.') {
            integral = false;
            ++pos_;
            if (digits() == 0) return syntaxError("expected a digit after the decimal point, found " + describeHere());
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            integral = false;
            ++pos_;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
            if (digits() == 0) return syntaxError("expected a digit in the exponent, found " + describeHere());
        }
        std::string_view token = text_.substr(start, pos_ - start);
        if (integral) {
            int64_t value = 0;
            auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
            if (ec == std::errc() && end == token.data() + token.size()) {
                out = value;
                return true;
            }
        }
        double value = std::strtod(std::string(token).c_str(), nullptr);
        if (!std::isfinite(value)) {
            pos_ = start;
            return syntaxError("number out of range; expected a finite number");
        }
        out = value;
        return true;
    }
};

} // namespace

JsonLoad parseJsonDocument(std::string path, std::string text) {
    JsonLoad load;
    JsonDocument doc;
    doc.path = std::move(path);
    doc.text = std::move(text);
    auto fileError = [&](std::string code, std::string message, int line = 0, int column = 0) {
        load.diagnostics.push_back(Diagnostic{std::move(code), Severity::Error, doc.path, line, column, "",
                                              std::move(message)});
        return load;
    };
    if (doc.text.size() > kMaxContentBytes)
        return fileError("SD003", "the file is " + std::to_string(doc.text.size()) +
                                      " bytes; content files are limited to " + std::to_string(kMaxContentBytes) +
                                      " bytes");
    if (doc.text.find_first_not_of(" \t\r\n") == std::string::npos)
        return fileError("SD002", "the file is empty; expected a JSON object");
    for (size_t i = 0; i < doc.text.size();) {
        size_t length = utf8SequenceLength(doc.text, i);
        if (length == 0 || doc.text[i] == '\0') {
            SourcePosition p = doc.positionOfOffset(i);
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(doc.text[i]));
            return fileError("SD004", std::string("byte ") + hex + " is not UTF-8 text; expected a JSON text file",
                             p.line, p.column);
        }
        i += length;
    }
    doc.indexPositions();
    Parser parser(doc, load);
    bool parsed = parser.parseDocument();
    parser.summariseUnreportedDuplicates();
    if (parsed) {
        // Offsets recorded under a duplicate key's shadow pointer are of no use to anyone.
        std::erase_if(doc.valueOffsets, [](const auto& entry) { return entry.first.find('\x01') != std::string::npos; });
        load.document = std::move(doc);
    }
    return load;
}

JsonLoad loadJsonFile(const std::filesystem::path& file, std::string displayPath) {
    std::error_code ec;
    auto size = std::filesystem::file_size(file, ec);
    auto readError = [&](std::string message) {
        JsonLoad load;
        load.diagnostics.push_back(Diagnostic{"SD007", Severity::Error, displayPath, 0, 0, "", std::move(message)});
        return load;
    };
    if (ec) return readError("cannot read file: " + ec.message());
    if (size > kMaxContentBytes) {
        JsonLoad load;
        load.diagnostics.push_back(Diagnostic{"SD003", Severity::Error, displayPath, 0, 0, "",
                                              "the file is " + std::to_string(size) +
                                                  " bytes; content files are limited to " +
                                                  std::to_string(kMaxContentBytes) + " bytes"});
        return load;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return readError("cannot open file");
    std::string text(static_cast<size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<size_t>(in.gcount()));
    return parseJsonDocument(std::move(displayPath), std::move(text));
}

} // namespace simdesk
