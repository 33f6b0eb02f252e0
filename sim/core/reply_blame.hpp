// Blame said by structure rather than by a stock phrase. A cause is put on the customer or a third
// party over a clause ("you deleted the seats"), by framing ("he shouldn't have promised that") or
// by attribution ("that's on the bank's side"). Naming a cause is blame only when the reply pushes
// the problem away with it; when it goes on to help, the finding is kept, not counted, to explain.
#pragma once

#include "lexicon.hpp"
#include "reply_signals.hpp"

#include <vector>

namespace simdesk {

/// Blame stated over a clause rather than in a stock phrase: a "blame-actor" (you, your admin, the
/// bank) followed in the same clause by a "blame-act" (deleted, forgot, caused), not negated.
std::vector<Signal> findBlameByClause(const AnalyzedText& text, const LexiconHits& hits);

/// Blame framed rather than named: a modal perfect said of someone other than us ("he shouldn't
/// have promised that", "your team might have checked") and a causal phrase naming an actor or
/// "your" ("caused by something on your own machine", "the error lies with whoever approved it").
std::vector<Signal> findBlameByFraming(const AnalyzedText& text, const LexiconHits& hits);

/// Blame that no stock phrase names: a cause put on the customer or a third party (by clause, by
/// framing or by attribution) or a deflection. Naming a cause is blame when the reply pushes the
/// problem away with it ("…your bank. You'll need to take it up with them"), not when it goes on to
/// help ("your IT team manages SSO, so I've written the steps for them"): those are kept, not
/// counted, to explain.
void addBlameByStructure(const AnalyzedText& text, const LexiconHits& hits, ReplySignals& out);

/// Blame the lexicon found ("this isn't our error"), and the problem pushed onto someone else in the
/// same reply ("allow 30 business days for your bank to sort it out"): a second finding that backs
/// the first, so one reading of the learned model does not undo both.
void addDeflectionBesideBlame(const AnalyzedText& text, const LexiconHits& hits, ReplySignals& out);

} // namespace simdesk
