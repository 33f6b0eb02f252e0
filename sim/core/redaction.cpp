#include "redaction.hpp"

#include <cctype>

namespace simdesk {

std::string_view secretKindName(SecretKind kind) {
    switch (kind) {
    case SecretKind::CardNumber: return "card_number";
    case SecretKind::Ssn: return "ssn";
    case SecretKind::Password: return "password";
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

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

/// A run of digits joined by single spaces or dashes, starting at `i`; returns its end and digits.
size_t digitRun(std::string_view text, size_t i, std::string& digits) {
    size_t end = i;
    while (end < text.size()) {
        if (isDigit(text[end])) {
            digits += text[end++];
        } else if ((text[end] == ' ' || text[end] == '-') && end + 1 < text.size() && isDigit(text[end + 1]) &&
                   end > i && isDigit(text[end - 1])) {
            ++end;
        } else {
            break;
        }
    }
    return end;
}

bool ssnShape(std::string_view run) {
    // ddd-dd-dddd or ddd dd dddd, with one kind of separator.
    if (run.size() != 11) return false;
    char sep = run[3];
    if ((sep != '-' && sep != ' ') || run[6] != sep) return false;
    for (size_t k : {0, 1, 2, 4, 5, 7, 8, 9, 10})
        if (!isDigit(run[k])) return false;
    return true;
}

bool startsWithWord(std::string_view text, size_t i, std::string_view word) {
    if (i + word.size() > text.size()) return false;
    for (size_t k = 0; k < word.size(); ++k)
        if (lower(text[i + k]) != word[k]) return false;
    return i == 0 || !isAlnum(text[i - 1]);
}

/// After "password", "passcode" or "pwd": optional " is", ":" or "=", then the secret token.
bool passwordAt(std::string_view text, size_t i, SecretFound& found) {
    size_t p = i;
    bool matched = false;
    for (std::string_view word : {"password", "passcode", "pwd"}) {
        if (startsWithWord(text, i, word)) {
            p = i + word.size();
            matched = true;
            break;
        }
    }
    if (!matched || (p < text.size() && isAlnum(text[p]))) return false;
    auto skipSpaces = [&] {
        while (p < text.size() && text[p] == ' ') ++p;
    };
    skipSpaces();
    bool introduced = false;
    if (p < text.size() && (text[p] == ':' || text[p] == '=')) {
        ++p;
        introduced = true;
    } else if (startsWithWord(text, p, "is") && p + 2 < text.size() && text[p + 2] == ' ') {
        p += 2;
        introduced = true;
    }
    if (!introduced) return false;
    skipSpaces();
    size_t begin = p;
    while (p < text.size() && !std::isspace(static_cast<unsigned char>(text[p]))) ++p;
    size_t end = p;
    while (end > begin && (text[end - 1] == '.' || text[end - 1] == ',')) --end;  // sentence punctuation
    if (end - begin < 4) return false;  // "password is set" style prose is not a secret
    std::string_view token = text.substr(begin, end - begin);
    static const std::string_view prose[] = {"required", "incorrect", "wrong", "correct", "reset", "expired",
                                             "changed", "invalid", "needed", "missing", "secure", "strong"};
    for (auto word : prose)
        if (token.size() == word.size() && startsWithWord(token, 0, word)) return false;
    found = SecretFound{SecretKind::Password, begin, end};
    return true;
}

} // namespace

std::vector<SecretFound> findSecrets(std::string_view text) {
    std::vector<SecretFound> found;
    size_t i = 0;
    while (i < text.size()) {
        SecretFound password{};
        if (passwordAt(text, i, password)) {
            found.push_back(password);
            i = password.end;
            continue;
        }
        if (isDigit(text[i]) && (i == 0 || !isAlnum(text[i - 1]))) {
            std::string digits;
            size_t end = digitRun(text, i, digits);
            bool boundary = end == text.size() || !isAlnum(text[end]);
            if (boundary && ssnShape(text.substr(i, end - i))) {
                found.push_back({SecretKind::Ssn, i, end});
            } else if (boundary && digits.size() >= 13 && digits.size() <= 19 && luhnValid(digits)) {
                found.push_back({SecretKind::CardNumber, i, end});
            }
            i = std::max(end, i + 1);
            continue;
        }
        ++i;
    }
    return found;
}

RedactedText redactSecrets(std::string_view text) {
    RedactedText out;
    out.found = findSecrets(text);
    size_t at = 0;
    for (const auto& s : out.found) {
        out.text.append(text.substr(at, s.begin - at));
        switch (s.kind) {
        case SecretKind::CardNumber: {
            std::string digits;
            for (size_t k = s.begin; k < s.end; ++k)
                if (isDigit(text[k])) digits += text[k];
            out.text += "[card number ending " + digits.substr(digits.size() - 4) + " removed]";
            break;
        }
        case SecretKind::Ssn: out.text += "[SSN removed]"; break;
        case SecretKind::Password: out.text += "[password removed]"; break;
        }
        at = s.end;
    }
    out.text.append(text.substr(at));
    return out;
}

} // namespace simdesk
