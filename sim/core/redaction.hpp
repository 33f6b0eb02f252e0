// Secrets in typed text: payment card numbers (Luhn-valid digit runs, with spaces or dashes),
// SSN-like numbers and passwords. Found before a reply is stored, so the store can mask them,
// and by the scorer, so typing one is a critical privacy error even after masking.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

enum class SecretKind { CardNumber, Ssn, Password };

std::string_view secretKindName(SecretKind kind);  ///< "card_number", "ssn", "password"

struct SecretFound {
    SecretKind kind;
    size_t begin = 0, end = 0;  ///< bytes [begin, end) of the text searched
};

/// Every secret in `text`, in order. Linear in the text's length.
std::vector<SecretFound> findSecrets(std::string_view text);

struct RedactedText {
    std::string text;                 ///< with each secret replaced by a marker
    std::vector<SecretFound> found;   ///< spans refer to the original text
};

/// Replaces card numbers with "[card number ending 4242 removed]", SSNs with "[SSN removed]"
/// and passwords with "[password removed]".
RedactedText redactSecrets(std::string_view text);

/// True when the digits pass the Luhn check; spaces, dashes and other separators are skipped.
bool luhnValid(std::string_view digits);

} // namespace simdesk
