#include "reply_signals.hpp"

#include "reply_blame.hpp"
#include "reply_lists.hpp"
#include "reply_offers.hpp"
#include "reply_tone.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <span>

namespace simdesk {

bool ReplySignals::has(std::string_view name) const {
    return std::any_of(signals.begin(), signals.end(), [&](const Signal& s) { return s.counts && s.name == name; });
}

std::vector<const Signal*> ReplySignals::all(std::string_view name) const {
    std::vector<const Signal*> out;
    for (const auto& s : signals)
        if (s.name == name) out.push_back(&s);
    return out;
}

const std::vector<LexiconSignal>& lexiconSignals() {
    static const std::vector<LexiconSignal> list = {
        {"apology", "apology"},     {"empathy", "empathy"},         {"ownership", "ownership"},
        {"blame", "blame"},         {"condescension", "condescension"}, {"profanity", "profanity"},
        {"jargon", "jargon"},       {"filler", "filler"},           {"overpromise", "promises"},
        {"guarantee", "guarantees"}, {"condescension", "name-calling", true, "calls a person names"},
        // "I'm sorry for your loss" is sympathy whoever reads it, though a model that learned
        // "sorry for" as an apology reads no empathy in it.
        {"empathy", "condolence", true, "a condolence"},
    };
    return list;
}

ChannelBounds channelBounds(Channel channel) {
    // Chat and social replies are read on a small screen between other tasks; an email can carry
    // the full structure (greeting, acknowledgement, next steps with a timeline, sign-off).
    switch (channel) {
    // Reading grades are Flesch-Kincaid's, which reads a short professional reply naming a product
    // or two at grade 9; the bounds flag replies that are genuinely dense, not every careful one.
    case Channel::Chat: return {80, 10};
    case Channel::Social: return {50, 10};
    case Channel::Phone: return {120, 10};
    case Channel::Email: return {300, 12};
    }
    return {300, 12};
}

namespace {

std::string_view slice(const AnalyzedText& text, TextSpan span) { return text.text.substr(span.begin, span.end - span.begin); }

/// Swearing in the forms a word list does not hold. Masked letters ("sh*t", "f***ing", "a**hole"):
/// a word of letters and at least one * or #, starting with a letter, that agrees with a one-word
/// profanity entry of the same length at every letter it shows; masking the word does not make it
/// polite. A compound that starts with one ("shitshow", "sh*tstorm"), and the spoken forms a
/// tokeniser keeps whole: "feck's sake", "a feckin' nightmare".
void findProfanityForms(const AnalyzedText& text, const Lexicon& profanity, std::vector<Signal>& out) {
    auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    auto mask = [](char c) { return c == '*' || c == '#'; };
    // A letter agrees with an entry's letter, or is masked.
    auto agrees = [&](std::string_view word, std::string_view entry) {
        for (size_t k = 0; k < entry.size(); ++k)
            if (!mask(word[k]) && std::tolower(static_cast<unsigned char>(word[k])) != static_cast<unsigned char>(entry[k])) return false;
        return true;
    };
    // A brand is no compound: "Hellmann's". Capitals throughout are shouting, not a name.
    auto capitalisedName = [](std::string_view word) {
        return std::isupper(static_cast<unsigned char>(word[0])) && std::islower(static_cast<unsigned char>(word.back()));
    };
    // What follows a stem and still leaves an ordinary word: "feckless", "hellish", "hello".
    static constexpr std::array<std::string_view, 6> kSuffixes = {"less", "ish", "ness", "ful", "er", "ers"};
    std::string_view s = text.text;
    for (size_t i = 0; i < s.size();) {
        if (!letter(s[i]) || (i > 0 && (letter(s[i - 1]) || mask(s[i - 1])))) {
            ++i;
            continue;
        }
        size_t end = i;
        bool masked = false;
        for (; end < s.size() && (letter(s[end]) || mask(s[end])); ++end) masked = masked || mask(s[end]);
        const std::string_view word = s.substr(i, end - i);
        i = end;
        const bool apostrophe = end < s.size() && (s[end] == '\'' || s.substr(end).starts_with("\u2019"));
        if (!masked && !apostrophe && word.size() < 7) continue;  // a plain word: the lexicon reads it
        if (end < s.size() && s[end] == '@') continue;             // "r***@gmail.com": an address shown in part
        // The whole word first ("f*cking" is "fucking", not "fuck" and more), then a dropped g,
        // then a compound.
        const std::string* matched = nullptr;
        std::string_view note;
        for (int form = 0; form < 3 && !matched; ++form)
            for (const auto& entry : profanity.entries) {
                const std::string_view e = entry.text;
                if (e.find(' ') != std::string_view::npos || word.size() + 1 < e.size()) continue;
                if (form == 0 && word.size() == e.size() && agrees(word, e))
                    note = masked ? "masked swearing" : "swearing";  // "feck's", "sh*t"
                else if (form == 1 && apostrophe && word.size() + 1 == e.size() && e.ends_with('g') && agrees(word, e.substr(0, word.size())))
                    note = "swearing";  // "feckin'"
                else if (form == 2 && e.size() >= 4 && word.size() >= e.size() + 3 && agrees(word, e) &&
                         !oneOf(word.substr(e.size()), kSuffixes) && !capitalisedName(word))
                    note = "swearing in a compound";
                else continue;
                matched = &entry.text;
                break;
            }
        if (!matched || (!masked && !apostrophe && word.size() == matched->size())) continue;  // the lexicon reads a plain word
        const TextSpan span{end - word.size(), end};
        if (std::none_of(out.begin(), out.end(), [&](const Signal& x) { return x.name == "profanity" && x.span.begin == span.begin; }))
            out.push_back({"profanity", *matched, span, true, std::string(note)});
    }
}

} // namespace

size_t wordCount(const AnalyzedText& text) { return text.tokens.size(); }

double readabilityGrade(const AnalyzedText& text) {
    size_t words = 0, syllableCount = 0;
    for (const auto& t : text.tokens) {
        if (t.letters == 0) continue;
        ++words;
        syllableCount += static_cast<size_t>(syllables(t.folded));
    }
    if (words < 3 || text.sentences.empty()) return 0;
    double grade = 0.39 * static_cast<double>(words) / static_cast<double>(text.sentences.size()) +
                   11.8 * static_cast<double>(syllableCount) / static_cast<double>(words) - 15.59;
    return std::max(0.0, grade);
}

namespace {

/// Tokens lying wholly inside `span`. Tokens are in text order and do not overlap, so both ends
/// are binary searches: a reply with m matches costs m log n, not m × n (a 1 MB reply of matches
/// took minutes when every match walked every token).
size_t tokensWithin(const AnalyzedText& text, TextSpan span) {
    auto first = std::lower_bound(text.tokens.begin(), text.tokens.end(), span.begin,
                                  [](const auto& t, size_t at) { return t.span.begin < at; });
    auto last = std::upper_bound(first, text.tokens.end(), span.end,
                                 [](size_t at, const auto& t) { return at < t.span.end; });
    return static_cast<size_t>(last - first);
}

} // namespace

std::optional<std::string> keywordStuffing(const AnalyzedText& text, const std::vector<std::vector<TextSpan>>& groups,
                                           std::optional<size_t> functionWords) {
    size_t words = std::max<size_t>(1, wordCount(text));
    size_t hits = 0, covered = 0, busiest = 0;
    std::map<std::string, size_t> repeats;
    for (const auto& group : groups) {
        hits += group.size();
        busiest = std::max(busiest, group.size());
        for (const auto& span : group) {
            covered += tokensWithin(text, span);
            std::string folded = foldText(slice(text, span));
            ++repeats[folded];
        }
    }
    for (const auto& [phrase, count] : repeats)
        if (count >= 3 && count * 3 >= words)
            return "\"" + phrase + "\" " + std::to_string(count) + " times in " + std::to_string(words) + " words";
    if (busiest >= 3 && busiest * 3 >= words)
        return std::to_string(busiest) + " matches of one kind in " + std::to_string(words) + " words";
    // Prose is some two words in five function words; a keyword list under one in five.
    const bool prose = functionWords && *functionWords * 4 >= words;
    if (hits >= 4 && covered * 2 >= words && !prose)
        return std::to_string(covered) + " of " + std::to_string(words) + " words are matched keywords";
    return std::nullopt;
}

ReplyAnalyzer::ReplyAnalyzer(LexiconSet lexicons, std::shared_ptr<const SpellChecker> spelling, SignalModelPtr model)
    : lexicons_(std::move(lexicons)), spelling_(std::move(spelling)), model_(std::move(model)), index_(lexicons_) {}

namespace {

/// Whether an apology was cancelled for being about the customer's view, or what they chose or
/// failed to do, rather than what happened: by markSofteningApologies for those reasons, or by one
/// of the apology lexicon's excluded phrases about the view ("sorry you feel", "sorry you have
/// that impression").
bool regretsTheCustomersView(std::string_view cancelledBy) {
    if (cancelledBy == kRegretsCustomersView || cancelledBy == kRegretsCustomersChoice) return true;
    static constexpr std::array<std::string_view, 10> kViews = {"you feel", "you think", "impression", "you see it", "you believe",
                                                               "you perceive", "you consider", "you regard", "you found", "you felt"};
    return std::any_of(kViews.begin(), kViews.end(), [&](std::string_view v) { return cancelledBy.find(v) != std::string_view::npos; });
}

/// "I hear you, madam, but if your team had followed the guide…": in a reply that blames or talks
/// down, an acknowledgement followed by "but" or "however" in its sentence is the set-up for what
/// follows, not empathy.
void undoAcknowledgements(const AnalyzedText& text, ReplySignals& out) {
    for (auto& s : out.signals) {
        if (s.name != "empathy" || !s.counts) continue;
        auto sentence = std::find_if(text.sentences.begin(), text.sentences.end(),
                                     [&](const TextSpan& x) { return x.begin <= s.span.begin && s.span.begin < x.end; });
        if (sentence == text.sentences.end()) continue;
        bool turned = std::any_of(text.tokens.begin(), text.tokens.end(), [&](const Token& t) {
            return t.span.begin >= s.span.end && t.span.end <= sentence->end && (t.folded == "but" || t.folded == "however");
        });
        if (!turned) continue;
        s.counts = false;
        s.note = "an acknowledgement the reply turns against the customer (\"…, but\")";
    }
}

/// An unsafe act is not ownership: "send me the CVV and I'll retry the payment" or "I'll give you
/// what I gave Mrs Patel" takes no responsibility for the problem. Only ownership in the sentence
/// of the act is discounted, so "I've refunded it" beside an overpromise still counts.
void discountUnsafeOwnership(const AnalyzedText& text, ReplySignals& out) {
    std::vector<TextSpan> unsafe;
    for (const auto& s : out.signals)
        if (s.counts && (s.name == "personal_data" || s.name == "overpromise" || s.name == "guarantee" || s.name == "other_customer"))
            for (size_t i = 0; i < text.sentences.size(); ++i) {
                const TextSpan& sentence = text.sentences[i];
                if (!(sentence.begin < s.span.end && s.span.begin < sentence.end)) continue;
                unsafe.push_back(sentence);
                // What the agent offers to do with a secret asked for is part of the act: "What's
                // your password? I'll change it back after."
                if (s.name == "personal_data" && s.kind.starts_with("asks_for") && i + 1 < text.sentences.size())
                    unsafe.push_back(text.sentences[i + 1]);
            }
    if (unsafe.empty()) return;
    for (auto& s : out.signals) {
        if (!s.counts || s.name != "ownership") continue;
        bool inUnsafeSentence = std::any_of(unsafe.begin(), unsafe.end(), [&](const TextSpan& u) {
            return u.begin < s.span.end && s.span.begin < u.end;
        });
        if (inUnsafeSentence) {
            s.counts = false;
            s.note = "part of an unsafe act (a secret, an overpromise or another customer), not ownership";
        }
    }
}

/// "I've passed this on to the network team and someone will be in touch": the agent's only act
/// hands the case on, and the next step is someone else's with no time given. Ownership says what
/// we did or will do, and when; this promises nothing and is not counted. A time anywhere in the
/// hand-off ("they'll call you by Friday", "within 2 hours") or an act of ours outside it keeps it.
void discountHandOffs(const AnalyzedText& text, const LexiconHits& hits, ReplySignals& out) {
    static constexpr std::array<std::string_view, 11> kTheirNextStep = {
        "get", "be", "contact", "reach", "respond", "follow", "call", "come", "look", "review", "reply"};
    const auto& t = text.tokens;
    std::vector<Signal*> ownership;
    for (auto& s : out.signals)
        if (s.counts && s.name == "ownership") ownership.push_back(&s);
    if (ownership.empty()) return;
    // Whether someone else's next step follows: "someone will be in touch", "they'll get back to you".
    std::optional<size_t> theirsNext;  // its sentence
    for (size_t k = 0; k < t.size() && !theirsNext; ++k) {
        if (!oneOf(t[k].folded, {"someone", "somebody", "they", "they'll", "someone'll"})) continue;
        for (size_t j = k + 1; j < t.size() && j <= k + 4 && t[j].sentence == t[k].sentence; ++j)
            if (oneOf(t[j].folded, kTheirNextStep) && (t[k].folded.ends_with("'ll") || t[j - 1].folded == "will" ||
                                                      t[j - 1].folded == "should" || t[j - 1].folded == "shall"))
                theirsNext = t[k].sentence;
    }
    if (!theirsNext) return;
    // Each finding's act is a hand-off: in its words or within three words after ("I have
    // escalated this", "I've | passed it on"); "I've refunded the fee and passed…" acted first.
    const auto handOffs = hitsOf(hits, "hand-offs");
    for (const Signal* s : ownership) {
        const auto handsOn = std::any_of(handOffs.begin(), handOffs.end(), [&](const LexiconHit& h) {
            if (h.span.end <= s->span.begin) return false;
            size_t after = 0;  // words between the finding's end and the hand-off, the hand-off included
            for (size_t k = 0; k <= h.firstToken; ++k)
                if (t[k].span.begin >= s->span.end) ++after;
            return after <= 3;
        });
        if (!handsOn) return;
    }
    // A time in the hand-off keeps it: a word of the timeline lexicon or a figure ("within 2 hours",
    // "by Friday", "3pm") in the sentence of our act or of theirs. "Right before a deadline" in
    // the acknowledgement is not when anyone will act.
    std::vector<size_t> handOffSentences = {*theirsNext};
    for (const Signal* s : ownership)
        for (size_t i = 0; i < text.sentences.size(); ++i)
            if (text.sentences[i].begin <= s->span.begin && s->span.begin < text.sentences[i].end) handOffSentences.push_back(i);
    const auto inHandOff = [&](size_t token) {
        return std::find(handOffSentences.begin(), handOffSentences.end(), t[token].sentence) != handOffSentences.end();
    };
    for (const auto& h : hitsOf(hits, "timeline"))
        if (inHandOff(h.firstToken)) return;
    for (size_t k = 0; k < t.size(); ++k)
        if (!t[k].folded.empty() && std::isdigit(static_cast<unsigned char>(t[k].folded.front())) && inHandOff(k)) return;
    for (Signal* s : ownership) {
        s->counts = false;
        s->note = "a hand-off: the next step is someone else's, with no time given";
        s->judgedInContext = true;
    }
}

} // namespace

namespace {

std::string probabilityText(double p) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.2f", p);
    return buffer;
}

} // namespace

void applySignalModel(const SignalModel& model, const AnalyzedText& text, ReplySignals& out, bool onlyServiceWords) {
    // A reply of a few words gives the model too little to rule out what the rules found ("Sorry.
    // Logged it.", "That's on us. Refunded now."): on development replies under nine words its
    // veto was wrong 12 times and right 7, where from nine words on it was right 421 times and
    // wrong 16. So a short reply's finding stands, and a person confirms it; but not a few service
    // words listed, which the veto keeps from earning the acts they name.
    constexpr size_t kMinWordsToVeto = 9;
    const auto words = std::count_if(text.tokens.begin(), text.tokens.end(), [](const Token& t) { return t.letters > 0; });
    const bool tooShortToVeto = !onlyServiceWords && static_cast<size_t>(words) < kMinWordsToVeto;
    for (const SignalReading& reading : readSignals(model, text)) {
        const std::string& name = reading.signal;
        const double p = reading.probability;
        const SignalModel::Lines lines = model.linesFor(name);
        std::vector<Signal*> found;
        for (auto& s : out.signals)
            if (s.counts && s.name == name) found.push_back(&s);
        // A firm finding stands whatever the model says: it learned from replies to customers, and
        // "clueless store admin" in an internal note is nothing like them.
        if (std::erase_if(found, [](const Signal* s) { return s->firm; }) > 0 && found.empty()) continue;
        if (!found.empty()) {
            // The rules found it: it stands unless the model all but rules it out. Blame found twice,
            // apart (a fault disowned and the problem pushed onto someone), takes a surer reading to
            // undo: half the model-wide line, whatever blame's own line (held-out writers chose that
            // for single findings; no development reply falls between the two).
            const bool backed = name == "blame" && found.size() >= 2 && std::any_of(found.begin() + 1, found.end(), [&](const Signal* s) {
                return s->span.begin >= found.front()->span.end || s->span.end <= found.front()->span.begin;
            });
            const double veto = backed ? std::min(lines.withRule, model.withRule) / 2 : lines.withRule;
            if (p < veto && !tooShortToVeto)
                for (Signal* s : found) {
                    s->counts = false;
                    s->note = "the learned model reads no " + name + " in this reply (probability " + probabilityText(p) + ")";
                }
            if (p < lines.withRule + model.reviewMargin)
                out.doubts.push_back({name, "the rules found " + name + " and the learned model " +
                                                (p < veto ? "does not" : "barely agrees") + " (probability " +
                                                probabilityText(p) + (tooShortToVeto ? ", from a few words" : "") + ")"});
            continue;
        }
        // A list of service words does none of the acts it names (see keyword stuffing); and a reply
        // the rules read as clearing the customer ("nothing is wrong on your side") does not blame
        // them on the model's word alone.
        bool act = name == "apology" || name == "empathy" || name == "ownership";
        bool cleared = name == "blame" && std::any_of(out.signals.begin(), out.signals.end(), [](const Signal& s) {
                           return s.name == "empathy" && s.kind == kClearsTheCustomer;
                       });
        // A phrase the lexicon's authors excluded here ("obviously this shouldn't have happened")
        // was judged in its context: the model's word alone does not undo that judgement.
        // Likewise an apology the rules read as negated ("we're not sorry for the maintenance
        // window") is a non-apology, the "sorry" of a condolence no apology at all, and a hand-off
        // with no time no ownership. (A deflecting apology is left to the model: the rules that find
        // deflection also catch "I am really sorry, this is not acceptable", and the model saves it.)
        bool judged = std::any_of(out.signals.begin(), out.signals.end(),
                                  [&](const Signal& s) { return s.judgedInContext && s.name == name; });
        if (cleared || judged) continue;
        if (p >= lines.alone && !(act && out.keywordStuffing)) {
            std::string because;
            for (const auto& span : reading.evidence) because += (because.empty() ? "" : ", ") + quoteSpan(text.text, span);
            TextSpan where = reading.evidence.empty() ? TextSpan{0, text.text.size()} : reading.evidence.front();
            out.signals.push_back({name, "learned", where, true,
                                   "read as " + name + " by the learned model (probability " + probabilityText(p) + ")" +
                                       (because.empty() ? "" : ", above all for " + because)});
        }
        if (std::fabs(p - lines.alone) < model.reviewMargin)
            out.doubts.push_back({name, "the learned model is unsure whether this is " + name + " (probability " +
                                            probabilityText(p) + ")"});
    }
}

ReplySignals ReplyAnalyzer::analyze(std::string_view reply, std::optional<Channel> channel) {
    AnalyzedText text = analyzeText(reply, stemmer_);
    return analyze(text, channel);
}

namespace {
/// Whether the text has a letter from Latin-1's or Latin Extended-A's accented range (UTF-8 lead
/// bytes C3 to C5: "ü", "é", "ł"), which English words rarely carry.
bool accentedLatin(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        auto b = static_cast<unsigned char>(c);
        return b >= 0xC3 && b <= 0xC5;
    });
}

/// Whether a reply no function-word lexicon claims is still in another language, by how many of
/// its `lettered` words the English dictionary knows. With no English function word in eight
/// words it is, unless most words are English ones listed ("Apologies, inconvenience, refund,
/// upgrade…") or codes and names ("SPF, DKIM, Seznam, port 587"): a list, not a language. So is a
/// language with no lexicon (Welsh, Gaelic, Māori, romanised Hindi) whose short words English
/// shares ("a", "i", "am", "do"): most words unknown, a third of them lower-case words as a
/// language's own are (names, codes and #tags are capitalised or marked), and few English function
/// words. Without a dictionary, only the first test is made, on function words alone.
bool unlistedLanguage(const AnalyzedText& text, const SpellChecker* spelling, size_t lettered, size_t english) {
    if (!spelling || !spelling->ok()) return lettered >= 8 && english == 0;
    // Both tests want five words at least and few English function words (a quarter at most);
    // English prose is a third or more of them, so most replies are settled here, before the
    // dictionary is asked about every word.
    if (lettered < 5 || english * 4 > lettered) return false;
    size_t words = 0, known = 0, unknownLowerCase = 0;
    for (const auto& t : text.tokens) {
        if (t.letters == 0) continue;
        ++words;
        const std::string_view word = text.text.substr(t.span.begin, t.span.end - t.span.begin);
        const auto first = static_cast<unsigned char>(word.front());
        if (spelling->knows(word)) ++known;
        else if (!std::isupper(first) && !std::isdigit(first) && first != '#' && first != '@') ++unknownLowerCase;
    }
    const bool noEnglishWords = lettered >= 8 && english == 0 && known * 4 < words * 3 && unknownLowerCase * 4 >= words;
    const bool mostlyUnknownWords = known * 2 < words && unknownLowerCase * 3 >= words;
    return noEnglishWords || mostlyUnknownWords;
}

} // namespace

ReplySignals ReplyAnalyzer::analyze(const AnalyzedText& text, std::optional<Channel> channel,
                                    std::span<const std::string> caseNames) const {
    ReplySignals out;
    out.words = wordCount(text);
    out.sentences = text.sentences.size();
    out.grade = readabilityGrade(text);

    // Language: which function-word lexicon covers most words. The lexicons are English, so a
    // reply in another language is flagged rather than scored as if it said nothing.
    LexiconHits hits = index_.find(text);
    size_t best = 0, english = 0, nonLatin = 0, lettered = 0;
    std::string bestLanguage = "en";
    for (const auto& t : text.tokens) {
        if (t.letters > 0) ++lettered;
        if (!t.latin) ++nonLatin;
    }
    for (const auto& [id, lexicon] : lexicons_.byId) {
        if (id.rfind("function-words-", 0) != 0) continue;
        size_t n = hitsOf(hits, id).size();
        if (lexicon->language == "en") english = n;
        if (n > best) {
            best = n;
            bestLanguage = lexicon->language;
        }
    }
    if (lettered > 0 && nonLatin * 2 > lettered) {
        out.language = "und";
        out.english = false;
    } else if (lettered >= 4 && bestLanguage != "en" && best > english && (best >= 2 || accentedLatin(text.text))) {
        // Two function words at least, or one beside accented letters ("Rückerstattung abgelehnt.
        // Siehe AGB"): one loan word alone ("Account locked.": "account" is Dutch too) is no language.
        out.language = bestLanguage;
        out.english = false;
    } else if (unlistedLanguage(text, spelling_.get(), lettered, english)) {
        out.language = "und";
        out.english = false;
    }
    if (!out.english)
        out.signals.push_back({"language", out.language, {0, text.text.size()}, true,
                               "not English: the English lexicons cannot judge this reply"});

    // The deflections are all found before the apologies are read: "Sorry, it's a third-party
    // lease, take it up with Canon" softens the redirection that follows it.
    markDeflectionsOfOurs(text, hits);
    addImperativeRedirections(text, hits);
    markSofteningApologies(text, hits);
    markGuaranteesAsThings(text, hits);
    std::vector<std::vector<TextSpan>> positive;
    std::optional<TextSpan> brushOff;  // "sorry you feel that way": regret for the customer's view
    std::optional<std::vector<bool>> quoted;  // by token, worked out only when a firm lexicon is found
    markApologiesOfCondolence(hits);
    for (const auto& [signal, lexiconId, firm, firmNote] : lexiconSignals()) {
        std::vector<TextSpan> counted;
        for (const auto& hit : hitsOf(hits, lexiconId)) {
            if (firm) {
                // Words quoted back to the customer are theirs, not ours.
                if (!quoted) quoted = quotedTokens(text);
                if ((*quoted)[hit.firstToken]) continue;
            }
            // A negated apology, a condolence's "sorry" and a talking-down phrase excluded here
            // were read in context; a softened apology ("sorry, but…") is left to the model.
            const bool judged = (signal == "apology" && (hit.negated || hit.cancelledBy == kCondolenceNotApology)) ||
                                (signal == "condescension" && !hit.negated && hit.excluded);
            out.signals.push_back({std::string(signal), hit.entry, hit.span, hit.counts(),
                                   hit.negated ? "negated by " + hit.cancelledBy
                                   : hit.excluded ? "not meant: " + hit.cancelledBy
                                   : std::string(firmNote),
                                   firm, judged});
            if (hit.counts()) counted.push_back(hit.span);
            // An apology that is negated or deflected is not neutral: "I'm not sorry", "sorry you
            // feel that way" and "sorry, but that's policy" tell the customer they are wrong.
            if (signal == "apology" && !hit.counts() && hit.cancelledBy != kCondolenceNotApology) {
                out.signals.push_back({"non_apology", hit.entry, hit.span, true,
                                       hit.negated ? "a negated apology (" + hit.cancelledBy + ")"
                                                   : "a conditional or deflecting apology (" + hit.cancelledBy + ")"});
                if (!hit.negated && regretsTheCustomersView(hit.cancelledBy)) brushOff = hit.span;
            }
        }
        if (signal == "apology" || signal == "empathy" || signal == "ownership") positive.push_back(std::move(counted));
    }
    if (!out.has("ownership"))
        for (auto& s : findOwnership(text)) out.signals.push_back(std::move(s));
    if (auto profanity = lexicons_.find("profanity")) findProfanityForms(text, *profanity, out.signals);
    out.keywordStuffing = keywordStuffing(text, positive);
    if (!out.keywordStuffing) out.keywordStuffing = serviceWordList(text, hits);
    if (!out.keywordStuffing) out.keywordStuffing = bareTermList(text, hits);
    // Word order is read by English grammar and English replies' pairs; the places grammar forbids
    // are found once, for both.
    if (!out.keywordStuffing && out.english) out.keywordStuffing = functionlessReply(text, hits);
    if (!out.keywordStuffing && out.english) {
        const std::vector<std::string> places = ungrammaticalPlaces(text);
        out.keywordStuffing = wordsOutOfOrder(text, places);
        // A learned judgement that takes a turn's substance away: a person confirms it.
        if (!out.keywordStuffing && model_ && model_->wordOrder)
            if ((out.keywordStuffing = shuffledWordsFinding(*model_->wordOrder, text, places)))
                out.doubts.push_back({"keyword_stuffing", "read as words out of order by the learned word-order model (" +
                                                              *out.keywordStuffing + ")"});
    }
    if (out.keywordStuffing) {
        out.signals.push_back({"keyword_stuffing", "", {0, text.text.size()}, true, *out.keywordStuffing});
        // A list of service words apologises to nobody: its apology, empathy and ownership words do
        // not count as those acts.
        for (auto& s : out.signals)
            if (s.counts && (s.name == "apology" || s.name == "empathy" || s.name == "ownership")) {
                s.counts = false;
                s.note = "part of a list of keywords, not a sentence that does it";
            }
    }

    for (auto& s : findPersonalData(text, hits)) out.signals.push_back(std::move(s));
    for (auto& s : findOtherCustomer(text, hits, spelling_.get(), caseNames)) out.signals.push_back(std::move(s));
    if (!out.has("guarantee"))
        for (auto& s : findFreePeriodOffers(text, hits)) out.signals.push_back(std::move(s));
    if (!out.has("guarantee"))
        for (auto& s : findDiscountOffers(text, hits)) out.signals.push_back(std::move(s));
    if (!out.has("guarantee"))
        for (auto& s : findNeverAgainPromises(text, hits)) out.signals.push_back(std::move(s));
    for (auto& s : findGoodwillCredits(text, hits)) out.signals.push_back(std::move(s));
    discountUnsafeOwnership(text, out);
    discountHandOffs(text, hits, out);
    if (!out.has("blame")) addBlameByStructure(text, hits, out);
    else addDeflectionBesideBlame(text, hits, out);
    // "There's no way this was your fault" clears the customer: the "your fault" inside it blames
    // no one, whatever else the reply says.
    for (auto& clearing : findClearing(text)) {
        for (auto& s : out.signals)
            if (s.counts && s.name == "blame" && s.span.begin >= clearing.span.begin && s.span.end <= clearing.span.end) {
                s.counts = false;
                s.note = "inside " + quoteSpan(text.text, clearing.span) + ", which clears the customer";
            }
        if (!out.has("empathy") && !out.keywordStuffing) out.signals.push_back(std::move(clearing));
    }
    // A list of keywords is not a point spelled out word by word to a slow reader.
    if (!out.has("condescension") && !out.keywordStuffing)
        for (auto& s : findCondescensionByPattern(text, hits)) out.signals.push_back(std::move(s));
    // Regret for how the customer sees it, or for what they chose to do, with nothing done about
    // it, closes the matter: the brush-off the labelling guide calls condescension ("sorry you feel
    // that way. Our policy is clear."). With an act of ownership it is only a clumsy apology.
    if (brushOff && !out.has("condescension") && !out.has("ownership"))
        out.signals.push_back({"condescension", quoteSpan(text.text, *brushOff), *brushOff, true,
                               "regrets how the customer sees it and does nothing about it: a brush-off"});
    if (model_ && out.english) {
        const std::vector<bool> service = tokensIn(text.tokens.size(), hits, "service-words");
        bool onlyServiceWords = true;
        for (size_t k = 0; k < text.tokens.size(); ++k) onlyServiceWords = onlyServiceWords && (service[k] || text.tokens[k].letters == 0);
        applySignalModel(*model_, text, out, onlyServiceWords);
    }
    if (out.has("blame") || out.has("condescension")) undoAcknowledgements(text, out);
    if (spelling_ && out.english)
        for (auto& m : spelling_->check(text, false)) {  // suggestions are slow: the debrief asks for them
            std::string note = "not in the dictionary";
            for (size_t k = 0; k < m.suggestions.size(); ++k) note += (k ? ", " : "; did you mean ") + m.suggestions[k];
            if (!m.suggestions.empty()) note += "?";
            out.signals.push_back({"misspelling", m.word, m.span, true, note});
        }

    // Shouting: three or more words in capitals in a row, or most of a reply of four or more words.
    // Acronyms ("EU", "API", "GDPR": capitals that are not an ordinary word in lower case) are how
    // those words are written, not emphasis.
    auto acronym = [&](const Token& t) {
        std::string_view word = text.text.substr(t.span.begin, t.span.end - t.span.begin);
        // Acronyms that are also words in lower case: "your IT team", "the PIN", "9 AM".
        static constexpr std::array<std::string_view, 29> kWordAcronyms = {
            "IT", "US", "PIN", "OK", "AM", "PM", "ID", "SIM", "VAT", "CAT", "TV", "PC", "HR", "PR",
            "IP", "CC", "GB", "MB", "KB", "TB", "UK", "EU", "SWIFT", "POST", "GET", "PUT", "PATCH", "DELETE", "REST"};
        if (oneOf(word, kWordAcronyms)) return true;
        // A name in code ("NORTHWIND_DESK_TOKEN", `DESK`) or a template's placeholder ("{NAME}",
        // "%PLAYER%", "<ISSUE>") is not emphasis.
        auto codeMark = [](char c) {
            return c == '_' || c == '`' || c == '$' || c == '=' || c == '{' || c == '}' || c == '%' || c == '<' || c == '>';
        };
        if ((t.span.begin > 0 && codeMark(text.text[t.span.begin - 1])) ||
            (t.span.end < text.text.size() && codeMark(text.text[t.span.end])))
            return true;
        return spelling_ && spelling_->ok() ? spelling_->isAcronym(word) : t.letters <= 3;
    };
    auto shouted = [&](const Token& t) { return t.allCaps && !acronym(t); };
    size_t capsWords = 0, letterWords = 0;
    std::vector<size_t> heading;  // tokens of line labels, "CASE NOTE:"
    for (size_t i = 0; i < text.tokens.size();) {
        const Token& t = text.tokens[i];
        if (t.letters > 0) ++letterWords;
        if (!t.allCaps) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < text.tokens.size() && (text.tokens[j].allCaps || text.tokens[j].letters == 0)) ++j;
        size_t run = 0;
        for (size_t k = i; k < j; ++k) run += shouted(text.tokens[k]) ? 1 : 0;
        // A heading that labels a line ("CASE NOTE:", "NEXT STEP:") in a note or template is a
        // label, not a raised voice: at most three words, at a line's start, ending in a colon.
        const size_t after = text.tokens[j - 1].span.end;
        const bool lineStart = t.span.begin == 0 || text.text[t.span.begin - 1] == '\n';
        if (run <= 3 && lineStart && after < text.text.size() && text.text[after] == ':') {
            for (size_t k = i; k < j; ++k) heading.push_back(k);
            run = 0;
        }
        capsWords += run;
        for (size_t k = i + 1; k < j; ++k)
            if (text.tokens[k].letters > 0) ++letterWords;
        if (run >= 3)
            out.signals.push_back({"shouting", "capitals", {t.span.begin, text.tokens[j - 1].span.end}, true,
                                   std::to_string(run) + " words in capitals"});
        i = j;
    }
    if (letterWords >= 4 && capsWords * 10 >= letterWords * 6 && !out.has("shouting"))
        out.signals.push_back({"shouting", "capitals", {0, text.text.size()}, true, "most of the reply in capitals"});
    // One ordinary word in capitals is emphasis too ("this will NEVER happen", "refunds are ONLY
    // issued…"), when the reply is otherwise written in ordinary case.
    // Short words only where they are the usual emphasis ("NOT", "SO", "WHY"): most two- and
    // three-letter capitals are acronyms a dictionary happens to know ("RAM", "AD", "NE").
    static constexpr std::array<std::string_view, 24> kShortEmphasis = {
        "not", "no", "so", "all", "do", "did", "why", "now", "any", "you", "we", "are",
        "was", "can", "has", "had", "too", "yes", "how", "who", "and", "our", "one", "own"};
    auto emphasis = [&](const Token& t) {
        // Beside an acronym it is part of a name ("REST API"), not emphasis.
        size_t k = static_cast<size_t>(&t - text.tokens.data());
        auto acronymAt = [&](size_t j) { return j < text.tokens.size() && text.tokens[j].allCaps && acronym(text.tokens[j]); };
        if ((k > 0 && acronymAt(k - 1)) || acronymAt(k + 1)) return false;
        if (t.letters >= 4) return shouted(t);
        return oneOf(t.folded, kShortEmphasis);
    };
    // A lone capital that warms a thank-you or an apology ("Thank you SO much", "I'm SO sorry") or
    // stresses a safety warning ("do NOT send the full card number", "we will NEVER ask for your
    // password") raises no voice at the customer; a second one does.
    auto gentle = [&](const Token& t) {
        size_t k = static_cast<size_t>(&t - text.tokens.data());
        const std::string_view next = k + 1 < text.tokens.size() ? std::string_view(text.tokens[k + 1].folded) : std::string_view();
        if (t.folded == "so")
            return oneOf(next, {"sorry", "much", "glad", "happy", "pleased", "grateful", "thankful", "excited", "sad"});
        if (t.folded != "not" && t.folded != "never") return false;
        for (const auto& w : text.tokens)
            if (w.sentence == t.sentence &&
                oneOf(w.folded, {"password", "passwords", "cvv", "cvc", "pin", "card", "ssn", "2fa", "code", "codes"}))
                return true;
        return false;
    };
    if (!out.has("shouting") && capsWords * 2 < letterWords) {
        std::vector<const Token*> stressed;
        for (const auto& t : text.tokens)
            if (t.allCaps && t.letters >= 2 && emphasis(t) &&
                std::find(heading.begin(), heading.end(), static_cast<size_t>(&t - text.tokens.data())) == heading.end())
                stressed.push_back(&t);
        if (!stressed.empty() && !(stressed.size() == 1 && gentle(*stressed.front())))
            out.signals.push_back({"shouting", "capitals", stressed.front()->span, true, "a word in capitals for emphasis"});
    }

    for (const auto& sentence : text.sentences)
        if (sentence.end > sentence.begin && text.text[sentence.end - 1] == '?') {
            ++out.questions;
            out.signals.push_back({"question", "", sentence, true, ""});
        }
    if (channel) {
        ChannelBounds bounds = channelBounds(*channel);
        if (out.words > bounds.maxWords)
            out.signals.push_back({"too_long", std::string(channelName(*channel)), {0, text.text.size()}, true,
                                   std::to_string(out.words) + " words; " + std::string(channelName(*channel)) +
                                       " replies stay within " + std::to_string(bounds.maxWords)});
        if (out.grade > bounds.maxGrade)
            out.signals.push_back({"hard_to_read", std::string(channelName(*channel)), {0, text.text.size()}, true,
                                   "reading grade above " + std::to_string(static_cast<int>(bounds.maxGrade))});
    }
    if (text.tokens.empty()) out.signals.push_back({"empty", "", {0, text.text.size()}, true, "no words"});
    std::stable_sort(out.signals.begin(), out.signals.end(),
                     [](const Signal& a, const Signal& b) { return a.span.begin < b.span.begin; });
    return out;
}

} // namespace simdesk
