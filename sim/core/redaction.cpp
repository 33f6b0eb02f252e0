#include "redaction.hpp"

#include "text_normalize.hpp"

#include <algorithm>
#include <array>

namespace simdesk {

std::string_view secretKindName(SecretKind kind) {
    switch (kind) {
    case SecretKind::CardNumber: return "card_number";
    case SecretKind::Ssn: return "ssn";
    case SecretKind::Password: return "password";
    case SecretKind::CardCode: return "card_security_code";
    }
    return "?";
}

bool luhnValid(std::string_view digits) {
    int sum = 0, n = 0;
    for (size_t i = digits.size(); i-- > 0;) {
        char c = digits[i];
        if (c < '0' || c > '9') continue;  // separators (spaces, dashes) do not count
        int d = c - '0';
        if (n % 2 == 1) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        ++n;
    }
    return n > 0 && sum % 10 == 0;
}

namespace {

// Everything below reads FoldedText::folded: lower case, ASCII digits, ' ' for every space,
// '-' for every dash, '\n' for line breaks.

bool isFoldedDigit(char c) { return c >= '0' && c <= '9'; }
// ASCII only: a curly quote or other non-ASCII byte next to a number must not hide it.
bool isFoldedLetter(char c) { return c >= 'a' && c <= 'z'; }
bool isFoldedWordChar(char c) { return isFoldedDigit(c) || isFoldedLetter(c); }
bool isFoldedBlank(char c) { return c == ' ' || c == '\t'; }
bool isFoldedSpace(char c) { return isFoldedBlank(c) || c == '\n' || c == '\r'; }
bool in(std::string_view word, std::initializer_list<std::string_view> words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

struct Word {
    size_t begin = 0, end = 0;
    std::string_view text;
};

std::vector<Word> wordsOf(std::string_view s) {
    std::vector<Word> words;
    for (size_t i = 0; i < s.size();) {
        if (!isFoldedWordChar(s[i])) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < s.size() && isFoldedWordChar(s[j])) ++j;
        words.push_back({i, j, s.substr(i, j - i)});
        i = j;
    }
    return words;
}

/// Only blanks between two positions: the words are one phrase, on one line, in one clause.
bool blanksOnly(std::string_view s, size_t from, size_t to) {
    for (size_t k = from; k < to; ++k)
        if (!isFoldedBlank(s[k])) return false;
    return true;
}

class Detector {
public:
    explicit Detector(std::string_view original) : f_(foldWithOrigins(original)), s_(f_.folded), words_(wordsOf(s_)) {}

    std::vector<SecretFound> run() {
        findMarkers();
        findNumbers();
        for (size_t i = 0; i < words_.size(); ++i) {
            findPassword(i);
            findPasswordApart(i);
            findCardCode(i);
        }
        return withoutOverlaps();
    }

private:
    FoldedText f_;
    std::string_view s_;
    std::vector<Word> words_;
    std::vector<SecretFound> found_;

    void add(SecretKind kind, size_t begin, size_t end, size_t phraseBegin) {
        TextSpan secret = f_.originOf(begin, end);
        found_.push_back(SecretFound{kind, secret.begin, secret.end, f_.originOf(phraseBegin, end).begin});
    }

    /// The masks redactSecrets writes, so a stored (masked) reply is scored like the original.
    void findMarkers() {
        static constexpr std::pair<std::string_view, SecretKind> markers[] = {
            {"[ssn removed]", SecretKind::Ssn},
            {"[password removed]", SecretKind::Password},
            {"[card security code removed]", SecretKind::CardCode},
        };
        for (size_t at = s_.find('['); at != std::string_view::npos; at = s_.find('[', at + 1)) {
            for (const auto& [marker, kind] : markers)
                if (s_.substr(at, marker.size()) == marker) add(kind, at, at + marker.size(), at);
            std::string_view card = "[card number ending ";
            if (s_.substr(at, card.size()) == card) {
                size_t p = at + card.size();
                while (p < s_.size() && isFoldedDigit(s_[p])) ++p;
                std::string_view tail = " removed]";
                if (p > at + card.size() && s_.substr(p, tail.size()) == tail)
                    add(SecretKind::CardNumber, at, p + tail.size(), at);
            }
        }
    }

    // --- numbers -------------------------------------------------------------------------------

    struct Group {
        size_t begin = 0, end = 0;
        std::string_view separatorBefore;  ///< what joins it to the group before ("" for the first)
    };

    /// Digits joined by up to three spaces, dashes or dots: "4111 1111-1111.1111", "123 - 45 - 6789".
    std::vector<Group> digitGroups(size_t i) const {
        std::vector<Group> groups;
        size_t end = i;
        while (end < s_.size() && isFoldedDigit(s_[end])) ++end;
        groups.push_back({i, end, {}});
        for (;;) {
            size_t p = groups.back().end, q = p;
            while (q < s_.size() && q - p < 3 && (s_[q] == ' ' || s_[q] == '-' || s_[q] == '.')) ++q;
            if (q == p || q >= s_.size() || !isFoldedDigit(s_[q])) break;
            size_t e = q;
            while (e < s_.size() && isFoldedDigit(s_[e])) ++e;
            groups.push_back({q, e, s_.substr(p, q - p)});
        }
        return groups;
    }

    /// "SSN", "social security" shortly before: nine digits in any grouping are then an SSN.
    bool ssnNamedBefore(size_t at) const {
        size_t from = at > 40 ? at - 40 : 0;
        std::string_view before = s_.substr(from, at - from);
        return before.find("ssn") != std::string_view::npos || before.find("social security") != std::string_view::npos ||
               before.find("social-security") != std::string_view::npos;
    }

    /// "card", "Visa", "Mastercard", "Amex" shortly before: a number shaped like a card's
    /// (4-4-4-4, or Amex's 4-6-5) is then one, whether or not it passes the Luhn check; a note
    /// with a mistyped card number still holds a card number.
    bool cardNamedBefore(size_t at) const {
        size_t from = at > 40 ? at - 40 : 0;
        std::string_view before = s_.substr(from, at - from);
        for (std::string_view word : {"card", "visa", "mastercard", "amex", "cc "})
            if (before.find(word) != std::string_view::npos) return true;
        return false;
    }

    static bool cardShaped(const std::vector<Group>& g, size_t a, size_t b) {
        auto width = [&](size_t k) { return g[k].end - g[k].begin; };
        if (b == a + 3) return width(a) == 4 && width(a + 1) == 4 && width(a + 2) == 4 && width(b) == 4;
        return b == a + 2 && width(a) == 4 && width(a + 1) == 6 && width(b) == 5;
    }

    static bool plausibleSsn(std::string_view digits) {
        int area = std::stoi(std::string(digits.substr(0, 3))), group = std::stoi(std::string(digits.substr(3, 2))),
            serial = std::stoi(std::string(digits.substr(5)));
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    /// Groups [a, b] as a secret: a Luhn-valid card number of 13-19 digits, one shaped like a card
    /// number after a word naming a card, or an SSN (shaped
    /// 3-2-4 with one kind of separator, or nine digits in a sentence that names an SSN).
    bool numberSecret(const std::vector<Group>& g, size_t a, size_t b) {
        std::string digits;
        for (size_t k = a; k <= b; ++k) digits += s_.substr(g[k].begin, g[k].end - g[k].begin);
        if ((digits.size() >= 13 && digits.size() <= 19 && luhnValid(digits)) || (cardShaped(g, a, b) && cardNamedBefore(g[a].begin))) {
            add(SecretKind::CardNumber, g[a].begin, g[b].end, g[a].begin);
            return true;
        }
        if (digits.size() != 9 || !plausibleSsn(digits)) return false;
        bool shaped = b == a + 2 && g[a].end - g[a].begin == 3 && g[a + 1].end - g[a + 1].begin == 2 &&
                      g[a + 1].separatorBefore.size() == 1 && g[b].separatorBefore == g[a + 1].separatorBefore;
        if (!shaped && !ssnNamedBefore(g[a].begin)) return false;
        add(SecretKind::Ssn, g[a].begin, g[b].end, g[a].begin);
        return true;
    }

    void findNumbers() {
        for (size_t i = 0; i < s_.size();) {
            if (!isFoldedDigit(s_[i]) || (i > 0 && isFoldedWordChar(s_[i - 1]))) {
                ++i;
                continue;
            }
            std::vector<Group> g = digitGroups(i);
            // Glued to letters ("4111111111111111A") it is a reference, not a number.
            bool glued = g.back().end < s_.size() && isFoldedLetter(s_[g.back().end]);
            // The whole run first, then the longest stretch of whole groups from each start, so a
            // card number followed by its security code ("4111 1111 1111 1111 123") is still found.
            for (size_t a = 0; a < g.size();) {
                size_t next = a + 1;
                for (size_t b = g.size(); b-- > a;) {
                    if (glued && b + 1 == g.size()) continue;
                    if (numberSecret(g, a, b)) {
                        next = b + 1;
                        break;
                    }
                }
                a = next;
            }
            i = g.back().end;
        }
    }

    // --- passwords -----------------------------------------------------------------------------

    /// Words that follow "password is" without being one: "your password is not stored".
    static bool proseWord(std::string_view w) {
        static constexpr std::string_view words[] = {
            "not", "never", "incorrect", "wrong", "invalid", "expired", "reset", "required", "case", "case-sensitive",
            "the", "your", "a", "an", "too", "still", "now", "being", "something", "safe", "secure", "private", "only",
            "stored", "encrypted", "hidden", "known", "needed", "changed", "updated", "sent", "correct", "strong",
            "weak", "shown", "visible", "yours", "in", "on", "at", "for", "what", "whatever", "unique", "personal",
            "confidential", "protected", "sensitive", "temporary", "same", "different", "blank", "empty", "long",
            "short", "easy", "hard", "simple", "complex", "locked", "valid", "active", "fine", "okay", "good", "there",
            "here", "below", "above", "attached", "included", "this", "that", "these", "those", "also", "just", "very",
            "more", "less", "longer", "shorter", "then", "about", "ready", "due", "set", "saved", "managed", "handled",
            "password", "passcode", "passwd", "pwd", "passphrase", "removed", "working", "with", "from", "into",
            // pronouns: "keep your password to yourself", "the password to anyone"
            "yourself", "myself", "ourselves", "anyone", "anybody", "nobody", "someone", "somebody", "us", "me",
            "them", "him", "her", "you"};
        // "don't post your password here!": an exclamation mark ends the sentence, not a secret.
        while (w.size() > 1 && w.back() == '!') w.remove_suffix(1);
        return std::find(std::begin(words), std::end(words), w) != std::end(words);
    }

    static bool isQuote(std::string_view s, size_t at, size_t& length) {
        static constexpr std::string_view quotes[] = {"\"", "'", "`", "(", "[", "{", ")", "]", "}", "<", ">",
                                                      "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98",
                                                      "\xE2\x80\x99", "\xC2\xAB", "\xC2\xBB"};
        for (auto q : quotes)
            if (s.substr(at, q.size()) == q) {
                length = q.size();
                return true;
            }
        return false;
    }

    /// The value starting at `at`: to the next space, without quotes around it or sentence
    /// punctuation after it ("hunter2".), but with a final '!' (passwords end in one often).
    std::pair<size_t, size_t> valueAt(size_t at) const {
        size_t begin = at, n = 0;
        while (begin < s_.size() && isQuote(s_, begin, n)) begin += n;
        size_t end = begin;
        while (end < s_.size() && !isFoldedSpace(s_[end])) ++end;
        for (bool trimmed = true; trimmed && end > begin;) {
            trimmed = false;
            char c = s_[end - 1];
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '?') {
                --end;
                trimmed = true;
            }
            for (size_t len = 1; len <= 3 && len <= end - begin && !trimmed; ++len)
                if (isQuote(s_, end - len, n) && n == len) {
                    end -= len;
                    trimmed = true;
                }
        }
        return {begin, end};
    }

    static bool looksLikeSecret(std::string_view value) {
        return std::any_of(value.begin(), value.end(), [](char c) { return !isFoldedLetter(c) && c != '-' && c != '\''; });
    }

    static bool connector(std::string_view w) {
        return in(w, {"is", "was", "will", "would", "be", "has", "have", "been", "now", "set", "reset", "changed", "to",
                      "remains", "becomes", "became", "stays", "should"});
    }
    static bool finalConnector(std::string_view w) { return in(w, {"is", "was", "be", "to", "now", "remains", "becomes", "became"}); }

    /// After "password for the admin account": the word index of the connector that follows, if any.
    size_t skipQualifier(size_t j) const {
        if (j >= words_.size() || !in(words_[j].text, {"for", "of", "on", "at", "in"})) return j;
        for (size_t m = j + 1; m < words_.size() && m <= j + 6; ++m) {
            if (!blanksOnly(s_, words_[m - 1].end, words_[m].begin)) return j;
            if (connector(words_[m].text)) return m;
        }
        return j;
    }

    /// Where the value after the keyword at word `i` starts, and whether words introduce it
    /// ("password: X", "password is X", a "Password" label on its own line) or it follows bare
    /// ("pwd X"), when it must look like a secret (a digit or a symbol) to count.
    bool valueStart(size_t i, size_t& at, bool& introduced) const {
        size_t p = words_[i].end;
        while (p < s_.size() && isFoldedBlank(s_[p])) ++p;
        if (p < s_.size() && (s_[p] == ':' || s_[p] == '=')) {
            at = p + 1;
            while (at < s_.size() && isFoldedSpace(s_[at])) ++at;
            introduced = true;
            return true;
        }
        if (p < s_.size() && (s_[p] == '\n' || s_[p] == '\r')) {
            size_t lineStart = s_.rfind('\n', words_[i].begin);
            lineStart = lineStart == std::string_view::npos ? 0 : lineStart + 1;
            size_t wordsBefore = 0;
            for (size_t k = i; k-- > 0 && words_[k].begin >= lineStart;) ++wordsBefore;
            at = p;
            while (at < s_.size() && isFoldedSpace(s_[at])) ++at;
            introduced = wordsBefore <= 2;  // "Password" or "New password" as a label
            return true;
        }
        size_t j = i + 1;
        if (j < words_.size() && blanksOnly(s_, words_[i].end, words_[j].begin)) {
            size_t c = skipQualifier(j), k = c;
            while (k < words_.size() && k < c + 5 && connector(words_[k].text) &&
                   blanksOnly(s_, words_[k - 1].end, words_[k].begin))
                ++k;
            if (k > c) {
                if (!finalConnector(words_[k - 1].text)) return false;
                at = words_[k - 1].end;
                while (at < s_.size() && (isFoldedBlank(s_[at]) || s_[at] == ':')) ++at;
                introduced = true;
                return at < s_.size() && s_[at] != '\n';
            }
        }
        if (p == words_[i].end || p >= s_.size()) return false;
        at = p;
        introduced = false;
        return true;
    }

    void findPassword(size_t i) {
        if (!in(words_[i].text, {"password", "passcode", "passwd", "pwd", "passphrase"})) return;
        if (words_[i].end < s_.size() && (s_[words_[i].end] == '-' || s_[words_[i].end] == '\'')) return;  // "password-protected"
        size_t at = 0;
        bool introduced = false;
        if (!valueStart(i, at, introduced)) return;
        auto [begin, end] = valueAt(at);
        if (end < begin + 4) return;  // "password is ok" style prose, or nothing at all
        std::string_view value = s_.substr(begin, end - begin);
        if (proseWord(value)) return;
        bool participle = !looksLikeSecret(value) && (value.ends_with("ed") || value.ends_with("ing"));
        if (introduced ? participle : !looksLikeSecret(value)) return;
        add(SecretKind::Password, begin, end, words_[i].begin);
    }

    /// A value that looks made up rather than written: six characters or more, letters and digits
    /// together ("Kf8#pqL2vW", "Summer2023!"). Prose after "the new one is" ("on its way") is not.
    static bool madeUp(std::string_view value) {
        return value.size() >= 6 && std::any_of(value.begin(), value.end(), isFoldedLetter) &&
               std::any_of(value.begin(), value.end(), isFoldedDigit);
    }

    /// Whether a sentence ends between two positions.
    bool sentenceBreak(size_t from, size_t to) const {
        for (size_t k = from; k < to; ++k)
            if (s_[k] == '.' || s_[k] == '!' || s_[k] == '?' || s_[k] == '\n') return true;
        return false;
    }

    /// A password written a few words from its keyword: "I reset the FTP password, the new one is
    /// Kf8#pqL2vW", "reusing 'Summer2023!' as your password". Only a made-up value counts here.
    void findPasswordApart(size_t i) {
        if (!in(words_[i].text, {"password", "passcode", "passwd", "pwd", "passphrase"})) return;
        // After it, in its sentence: "…, the new one is X", "…, it is now X".
        for (size_t k = i + 2; k < words_.size() && k <= i + 8 && !sentenceBreak(words_[k - 1].end, words_[k].begin); ++k) {
            if (words_[k].text != "is" || !in(words_[k - 1].text, {"one", "it"})) continue;
            size_t at = words_[k].end;
            if (k + 1 < words_.size() && words_[k + 1].text == "now" && blanksOnly(s_, at, words_[k + 1].begin)) at = words_[k + 1].end;
            while (at < s_.size() && (isFoldedBlank(s_[at]) || s_[at] == ':')) ++at;
            auto [begin, end] = valueAt(at);
            if (madeUp(s_.substr(begin, end - begin))) add(SecretKind::Password, begin, end, words_[i].begin);
            return;
        }
        // Before it: "X as your password", "'X' as the password".
        if (i < 2 || words_[i - 2].text != "as" || !in(words_[i - 1].text, {"your", "the", "a", "my", "our"})) return;
        size_t end = words_[i - 2].begin;
        while (end > 0 && isFoldedBlank(s_[end - 1])) --end;
        size_t begin = end;
        while (begin > 0 && !isFoldedSpace(s_[begin - 1])) --begin;
        auto [from, to] = valueAt(begin);
        if (to > end) to = end;
        if (from < to && madeUp(s_.substr(from, to - from))) add(SecretKind::Password, from, to, from);
    }

    // --- card security codes -------------------------------------------------------------------

    void findCardCode(size_t i) {
        std::string_view w = words_[i].text;
        bool named = in(w, {"cvv", "cvv2", "cvc", "cvc2", "csc", "cvn"}) ||
                     (i + 1 < words_.size() && in(w, {"security", "card", "verification"}) &&
                      in(words_[i + 1].text, {"code", "value"}) && blanksOnly(s_, words_[i].end, words_[i + 1].begin));
        if (!named) return;
        size_t k = in(w, {"security", "card", "verification"}) ? i + 2 : i + 1;
        for (size_t hops = 0; k < words_.size() && hops < 4; ++k, ++hops) {
            for (size_t p = words_[k - 1].end; p < words_[k].begin; ++p)
                if (!isFoldedBlank(s_[p]) && s_[p] != ':' && s_[p] != '=' && s_[p] != '#' && s_[p] != '-') return;
            std::string_view v = words_[k].text;
            if (std::all_of(v.begin(), v.end(), isFoldedDigit)) {
                if (v.size() >= 3 && v.size() <= 4) add(SecretKind::CardCode, words_[k].begin, words_[k].end, words_[i].begin);
                return;
            }
            if (!in(v, {"is", "was", "of", "number", "code", "will", "be", "it's", "its", "the"})) return;
        }
    }

    std::vector<SecretFound> withoutOverlaps() {
        std::sort(found_.begin(), found_.end(), [](const SecretFound& a, const SecretFound& b) {
            return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
        });
        std::vector<SecretFound> out;
        for (const auto& s : found_)
            if (out.empty() || s.begin >= out.back().end) out.push_back(s);
        return out;
    }
};

/// The last four digits of a card number span, read through the fold (full-width digits too).
std::string lastFourDigits(std::string_view span) {
    std::string digits;
    for (char c : foldWithOrigins(span).folded)
        if (isFoldedDigit(c)) digits += c;
    return digits.size() > 4 ? digits.substr(digits.size() - 4) : digits;
}

/// Whether `text` can hold anything the detector finds: a digit (card numbers, SSNs, security
/// codes), a '[' (the masks), or a password word (all start "pas" or "pwd"). Exact for plain
/// ASCII, which most replies are; any other byte may fold into one of those, so the detector runs.
/// Folding every reply first was most of the cost of looking for secrets.
bool mayHoldSecret(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80 || isFoldedDigit(static_cast<char>(c)) || c == '[') return true;
        if ((c | 0x20) != 'p' || i + 2 >= text.size()) continue;
        const int a = text[i + 1] | 0x20, b = text[i + 2] | 0x20;
        if ((a == 'a' && b == 's') || (a == 'w' && b == 'd')) return true;
    }
    return false;
}

} // namespace

std::vector<SecretFound> findSecrets(std::string_view text) {
    if (!mayHoldSecret(text)) return {};
    return Detector(text).run();
}

RedactedText redactSecrets(std::string_view text) {
    RedactedText out;
    out.found = findSecrets(text);
    size_t at = 0;
    for (const auto& s : out.found) {
        out.text.append(text.substr(at, s.begin - at));
        switch (s.kind) {
        case SecretKind::CardNumber:
            out.text += "[card number ending " + lastFourDigits(text.substr(s.begin, s.end - s.begin)) + " removed]";
            break;
        case SecretKind::Ssn: out.text += "[SSN removed]"; break;
        case SecretKind::Password: out.text += "[password removed]"; break;
        case SecretKind::CardCode: out.text += "[card security code removed]"; break;
        }
        at = s.end;
    }
    out.text.append(text.substr(at));
    return out;
}

} // namespace simdesk
