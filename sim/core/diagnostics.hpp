// Diagnostics: what the loader and validator tell a content author, with stable codes.
//
// Every diagnostic names the file, line:column and JSON pointer of what it is about, and says what
// was expected. Codes (SD001…) never change meaning once shipped; docs/diagnostics.md documents
// each with an example, and `simdesk explain CODE` prints the catalogue entry.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace simdesk {

enum class Severity { Error, Warning };

std::string_view severityName(Severity severity);

struct Diagnostic {
    std::string code;     ///< stable code, e.g. "SD020"
    Severity severity = Severity::Error;
    std::string file;     ///< path as given by the caller
    int line = 0;         ///< 1-based; 0 when the file itself is the subject
    int column = 0;       ///< 1-based, in characters
    std::string pointer;  ///< JSON pointer ("" for the whole document)
    std::string message;  ///< what is wrong and what was expected

    /// `file:line:col: error: /pointer: message [SD020]`
    std::string format() const;
};

/// One entry of the catalogue: the code's meaning, default severity and a worked example.
struct DiagnosticInfo {
    std::string_view code;
    Severity severity;
    std::string_view title;
    std::string_view example;  ///< a message as an author would see it
    std::string_view fix;      ///< what to do about it
};

/// All codes the loader and validator can emit, in code order.
const std::vector<DiagnosticInfo>& diagnosticCatalogue();
std::optional<DiagnosticInfo> findDiagnostic(std::string_view code);

bool hasErrors(const std::vector<Diagnostic>& diagnostics);
size_t countSeverity(const std::vector<Diagnostic>& diagnostics, Severity severity);

/// A score for a message: "87.5%".
std::string percentText(double value);

/// Edit distance, used for "did you mean" suggestions.
size_t editDistance(std::string_view a, std::string_view b);
/// The candidate closest to `name`, if it is close enough to be a plausible typo.
std::optional<std::string> closestMatch(std::string_view name, const std::vector<std::string>& candidates);
/// ` (did you mean "x"?)` for the closest candidate, or "" when none is close.
std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates);

} // namespace simdesk
