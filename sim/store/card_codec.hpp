// The stored score card: a compact, versioned encoding of what a score is (levels, critical errors,
// typed-turn judgements, evidence references: rule or choice id, turn, spans), written straight
// from a ScoreCard without building a JSON tree. Texts the rubric and the stored content rebuild
// (evidence notes, citations, anchors, the verdict sentence) are not stored; scoreCardToJson
// rebuilds the verdict when a card is read back. Internal to sim/store.
//
// Format "c1": the characters "c1," and then one token per field, each ended by ','. A number is
// written in decimal (a double in its shortest exact form, so it reads back bit for bit); a string
// is its byte length, ':', and its bytes, so no byte needs escaping. The fields' order is fixed by
// encodeStoredCard below; a later version changes the tag. A stored value starting with '{' is a
// card from before schema 11 (SQLite) / 6 (server) in JSON, still read.
#pragma once

#include "core/result.hpp"
#include "core/scoring.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace simdesk::store {

/// The card as stored (format c1). Invalid UTF-8 and NUL bytes in its strings (a reply from a
/// hand-made script) are replaced by U+FFFD, so both backends' TEXT columns take it.
std::string encodeStoredCard(const ScoreCard& card);

/// A stored card read back (format c1, or a JSON card from an older schema), or why not.
Result<ScoreCard> decodeStoredCard(std::string_view stored);

/// A stored card as scoreCardToJson(card, false) writes it, for the readers of ScoringRun::card;
/// a value that cannot be read gives a discarded JSON value, as a parse failure always did.
nlohmann::json storedCardAsJson(std::string_view stored);

} // namespace simdesk::store
