// SchemaChecker: checks content files against the JSON Schemas shipped in schemas/.
//
// The schemas are the single source of truth for structure: they are compiled into the binary
// from schemas/*.schema.json at build time and validated with valijson (Draft 7), so what an
// author's editor checks and what simdesk checks cannot drift apart. valijson's messages are
// generic ("Failed to match against any enum values."), so each is rewritten with what the schema
// expected at that pointer, and wrapper errors (allOf, if/then, additionalProperties) are dropped
// in favour of the leaf error that caused them.
#pragma once

#include "json_source.hpp"

#include <memory>

namespace simdesk {

enum class ContentKind { Scenario, Rubric, Knowledge, Track, Lexicon, SignalModel };

/// The schema text shipped for a kind (compiled in from schemas/).
std::string_view shippedSchema(ContentKind kind);

class SchemaChecker {
public:
    SchemaChecker();
    ~SchemaChecker();
    SchemaChecker(const SchemaChecker&) = delete;
    SchemaChecker& operator=(const SchemaChecker&) = delete;

    /// SD010 diagnostics for every place `doc` departs from the schema; empty when it conforms.
    std::vector<Diagnostic> check(const JsonDocument& doc, ContentKind kind) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> scenario_, rubric_, knowledge_, track_, lexicon_, signalModel_;
    const Compiled& compiled(ContentKind kind) const;
};

} // namespace simdesk
