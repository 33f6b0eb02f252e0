// Secrets in typed text: payment card numbers (Luhn-valid digit runs), SSNs, card security codes
// and passwords. This is the one detector: the store masks what it finds before a reply is
// written, `simdesk play` masks it before a reply enters the session, and the scorer counts each
// find as a critical privacy error (reply_signals' personal data reports the same spans). So
// whatever is scored as a secret is masked, and whatever is masked is scored.
//
// The text is folded first (text_normalize's foldWithOrigins: NFKC, full-width digits, NBSP and
// other spaces, non-breaking hyphens and dashes, zero-width characters), so a number hidden
// behind any of those is found like a plain one; spans always refer to the original bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

enum class SecretKind { CardNumber, Ssn, Password, CardCode };

/// "card_number", "ssn", "password", "card_security_code"
std::string_view secretKindName(SecretKind kind);

struct SecretFound {
    SecretKind kind;
    size_t begin = 0, end = 0;  ///< bytes [begin, end) of the text searched: the secret itself
    size_t phraseBegin = 0;     ///< where the words naming it start ("password is ..."); == begin for numbers
};

/// Every secret in `text`, in order, not overlapping. Masks written by redactSecrets count as the
/// secret they replaced, so masked text scores the same as the original.
std::vector<SecretFound> findSecrets(std::string_view text);

struct RedactedText {
    std::string text;                 ///< with each secret replaced by a marker
    std::vector<SecretFound> found;   ///< spans refer to the original text
};

/// Replaces card numbers with "[card number ending 4242 removed]", SSNs with "[SSN removed]",
/// card security codes with "[card security code removed]" and passwords with "[password removed]".
/// Masking masked text changes nothing.
RedactedText redactSecrets(std::string_view text);

/// True when the digits pass the Luhn check; spaces, dashes and other separators are skipped.
bool luhnValid(std::string_view digits);

} // namespace simdesk
