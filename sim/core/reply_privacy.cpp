// Privacy in a typed reply: secrets written out or asked for (card numbers, security codes,
// passwords, one-time codes, SSNs); another customer named is reply_other_customer.cpp. Both are
// critical errors on a typed turn, so a false alarm costs a trainee a pass as surely as a miss lets
// a leak through: a warning not to send a password, or a quoted scam message, must not count.
#include "reply_signals.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <span>

namespace simdesk {

namespace {

/// The lexicons personal-data detection reads.
const std::vector<std::string_view>& privacyLexiconIds() {
    static const std::vector<std::string_view> ids = {"data-request", "partial-data", "sensitive-card",
                                                      "sensitive-password", "sensitive-ssn"};
    return ids;
}

/// Secrets written out: exactly what redaction.hpp's findSecrets finds (the store masks the same
/// spans), each reported from the words that name it ("password is ...") to its end.
void findWrittenSecrets(const AnalyzedText& text, std::vector<Signal>& out) {
    for (const auto& secret : findSecrets(text.text)) {
        std::string note;
        switch (secret.kind) {
        case SecretKind::CardNumber: note = "a card number written out"; break;
        case SecretKind::Ssn: note = "SSN-like number"; break;
        case SecretKind::Password: note = "a password written out"; break;
        case SecretKind::CardCode: note = "a card security code written out"; break;
        }
        out.push_back({"personal_data", std::string(secretKindName(secret.kind)), {secret.phraseBegin, secret.end}, true, note});
    }
}

/// The secrets a reply may ask for, by lexicon, and the kind each request is reported as.
constexpr std::pair<std::string_view, std::string_view> kSecretKinds[] = {
    {"sensitive-card", "asks_for_card_number"},
    {"sensitive-password", "asks_for_password"},
    {"sensitive-ssn", "asks_for_ssn"},
};

/// By token: whether someone else is named before it in its sentence, or a message asks from it on.
/// "If anyone rings and asks for your PIN, put the phone down", "whoever called you asking for your
/// login code wasn't us", "if you get a text asking for your card number": a request someone else
/// makes is the warning about it.
std::vector<bool> afterSomeoneElse(const AnalyzedText& text) {
    static constexpr std::array<std::string_view, 9> kSomeoneElse = {
        "anyone", "anybody", "someone", "somebody", "whoever", "scammer", "scammers", "fraudster", "fraudsters"};
    // "a message asking for your card number", "an email that asks you to confirm your password":
    // what a message asks is what a scam asks.
    // A page or a link that asks is a place the customer types into, ours or a scam's: "a link
    // asking for your card details", "the payment page, which will ask for the card details".
    static constexpr std::array<std::string_view, 22> kMessages = {
        "message", "messages", "email", "emails", "e-mail", "text", "texts", "sms", "smses", "call", "calls", "caller",
        "website", "popup", "pop-up", "letter", "link", "links", "page", "form", "site", "portal"};
    static constexpr std::array<std::string_view, 6> kAsking = {"asking", "asks", "asked", "requesting", "requests", "demanding"};
    const auto& t = text.tokens;
    auto messageAsks = [&](size_t k) {
        if (k == 0 || !oneOf(t[k].folded, kAsking)) return false;
        size_t noun = oneOf(t[k - 1].folded, {"that", "which"}) && k >= 2 ? k - 2 : k - 1;
        return t[noun].sentence == t[k].sentence && oneOf(t[noun].folded, kMessages);
    };
    // "the new provider will ask for your PIN", "your bank may ask for", "they'll ask you for": the
    // asker a third party, not us or the customer.
    auto thirdPartyAsks = [&](size_t k) {
        if (!oneOf(t[k].folded, {"ask", "asks"})) return false;
        size_t j = k;
        while (j > 0 && t[j - 1].clause == t[k].clause &&
               oneOf(t[j - 1].folded, {"will", "may", "might", "could", "would", "can", "should", "usually", "also", "then"}))
            --j;
        if (j == 0 || j == k || t[j - 1].clause != t[k].clause) return false;
        const std::string_view subject = t[j - 1].folded;
        if (oneOf(subject, {"they", "he", "she", "they'll", "he'll", "she'll"})) return true;
        // "…the secure page, which will ask for": the thing "which" stands for asks.
        if (oneOf(subject, {"which", "that"}) && j >= 2 && oneOf(t[j - 2].folded, kMessages)) return true;
        return j >= 2 && t[j - 2].clause == t[k].clause && !oneOf(subject, {"i", "we", "you", "us"}) &&
               oneOf(t[j - 2].folded, {"the", "your", "their", "a", "an", "new", "other"});
    };
    std::vector<bool> out(t.size());
    bool named = false;
    for (size_t k = 0; k < t.size(); ++k) {
        if (k > 0 && t[k].sentence != t[k - 1].sentence) named = false;
        named = named || messageAsks(k) || thirdPartyAsks(k);
        out[k] = named;
        named = named || oneOf(t[k].folded, kSomeoneElse);
    }
    return out;
}

/// Whether a request of `kind` already found covers byte `at`: one request asking for two things
/// is one finding.
bool alreadyAsked(const std::vector<Signal>& found, std::string_view kind, size_t at) {
    return std::any_of(found.begin(), found.end(), [&](const Signal& s) {
        return s.name == "personal_data" && s.kind == kind && s.span.begin <= at && at < s.span.end;
    });
}

/// What the request readers ask of each word of a reply, worked out once per reply: whether it is
/// quoted, and whether someone else is named before it in its sentence (the scammer asking).
struct WordContext {
    std::vector<bool> quoted, someoneElseAsks;
    explicit WordContext(const AnalyzedText& text) : quoted(quotedTokens(text)), someoneElseAsks(afterSomeoneElse(text)) {}
};

/// A request for "it" to be given to us ("paste it here", "read it back to me"; not "enter it on
/// the login page").
bool asksForItBack(const AnalyzedText& text, const LexiconHit& request) {
    static constexpr std::array<std::string_view, 6> kToUs = {"here", "back", "me", "us", "chat", "over"};
    const auto& t = text.tokens;
    auto pronoun = [&](size_t k) { return k < t.size() && (t[k].folded == "it" || t[k].folded == "them"); };
    // The pronoun may sit inside the request ("read it out to me") or right after it ("paste it").
    bool aboutIt = false;
    for (size_t k = request.firstToken; k <= request.lastToken + 1; ++k) aboutIt = aboutIt || pronoun(k);
    if (!aboutIt) return false;
    for (size_t k = request.lastToken; k < t.size() && k <= request.lastToken + 4 && t[k].sentence == t[request.firstToken].sentence; ++k)
        if (oneOf(t[k].folded, kToUs)) return true;
    return false;
}

/// A question that opens with "did", "have", "is" and their kin asks whether, not for something.
bool asksYesOrNo(const AnalyzedText& text, size_t sentence) {
    static constexpr std::array<std::string_view, 10> kWhether = {"did", "do", "does", "have", "has", "had",
                                                                   "is",  "are", "was", "were"};
    auto first = std::find_if(text.tokens.begin(), text.tokens.end(), [&](const Token& t) { return t.sentence == sentence; });
    return first != text.tokens.end() && oneOf(first->folded, kWhether);
}

/// Whether the sentence is a statement with a question tagged on ("…put the phone down, ja?",
/// "…hang up, okay?"): its last clause is a tag word or two, so its question mark asks for nothing.
bool endsInQuestionTag(const AnalyzedText& text, size_t sentence) {
    static constexpr std::array<std::string_view, 16> kTags = {"ja", "right", "ok", "okay", "yeah", "yes", "eh", "alright",
                                                               "innit", "no", "yah", "sure", "lah", "na", "hey", "k"};
    const auto& t = text.tokens;
    auto last = std::find_if(t.rbegin(), t.rend(), [&](const Token& token) { return token.sentence == sentence; });
    if (last == t.rend()) return false;
    size_t words = 0;
    for (auto k = last; k != t.rend() && k->sentence == sentence && k->clause == last->clause; ++k, ++words)
        if (!oneOf(k->folded, kTags)) return false;
    // A whole sentence of tags ("Okay?") is no statement to tag.
    auto first = std::find_if(t.begin(), t.end(), [&](const Token& token) { return token.sentence == sentence; });
    return words <= 2 && first->clause != last->clause;
}

/// Whether a request to type `data` (the verb at token `verb`) sends the customer to type it
/// somewhere of their own: "enter your card details on the secure payment page", "in the app",
/// "via the link". Asking what is there is still asking: "What's the OTP on your screen?".
bool enteredElsewhere(const AnalyzedText& text, size_t verb, const LexiconHit& data) {
    static constexpr std::array<std::string_view, 8> kType = {"enter", "type", "input", "fill", "key", "update", "add", "save"};
    static constexpr std::array<std::string_view, 14> kPlaces = {"page", "portal", "site", "website", "app", "form", "link",
                                                                 "screen", "settings", "dashboard", "keypad", "reader",
                                                                 "terminal", "atm"};
    // Into the place, not about it: "the code from your authenticator app" and "the password for
    // the router admin page" still ask for the code and the password.
    static constexpr std::array<std::string_view, 6> kInto = {"on", "in", "into", "via", "through", "using"};
    const auto& t = text.tokens;
    if (!oneOf(t[verb].folded, kType)) return false;
    size_t into = t.size();
    for (size_t i = data.lastToken + 1; i < t.size() && i <= data.lastToken + 8 && t[i].clause == t[data.lastToken].clause; ++i) {
        if (into == t.size() && oneOf(t[i].folded, kInto)) into = i;
        if (into < i && i <= into + 4 && oneOf(t[i].folded, kPlaces)) return true;
    }
    return false;
}

/// A secret named as what to keep out of what is sent: "a screenshot, but please cover any card
/// numbers", "blur out the CVV first", "with the card number hidden". Asking for it hidden is the
/// good practice a QA lead looks for, not a request for it.
bool toBeHidden(const AnalyzedText& text, const LexiconHit& secret) {
    static constexpr std::array<std::string_view, 14> kHide = {
        "cover", "hide", "blur", "redact", "mask", "remove", "crop", "obscure", "black", "blank", "cross", "exclude", "omit", "censor"};
    static constexpr std::array<std::string_view, 12> kHidden = {
        "covered", "hidden", "blurred", "redacted", "masked", "removed", "cropped", "obscured", "blacked", "blanked", "crossed", "censored"};
    const auto& t = text.tokens;
    const size_t clause = t[secret.firstToken].clause;
    for (size_t k = secret.firstToken; k-- > 0 && k + 5 >= secret.firstToken && t[k].clause == clause;)
        if (oneOf(t[k].folded, kHide)) return true;
    for (size_t k = secret.lastToken + 1; k < t.size() && k <= secret.lastToken + 3 && t[k].clause == clause; ++k)
        if (oneOf(t[k].folded, kHidden)) return true;
    return false;
}

/// Requests for a secret in the secret's own sentence: a request phrase before it ("please send
/// your card number"), or a question about it ("what's the OTP?"). Not when quoted, refused ("we
/// will never ask for your password"), asked by someone else, or only partial ("the last four
/// digits of your card").
void findRequestsInSentence(const AnalyzedText& text, const LexiconHits& hits, const WordContext& words,
                            std::vector<Signal>& out) {
    auto requests = hitsOf(hits, "data-request");
    auto partial = hitsOf(hits, "partial-data");
    for (const auto& [lexicon, kind] : kSecretKinds) {
        for (const auto& hit : hitsOf(hits, lexicon)) {
            if (!hit.counts()) continue;  // negated anywhere in its clause (the lexicons' negation scope)
            size_t sentence = text.tokens[hit.firstToken].sentence;
            const TextSpan& sentenceSpan = text.sentences[sentence];
            // A question asks for the secret ("Your PIN?", "can you read that out to me?") unless
            // it asks whether something happened or holds ("Did the code we sent arrive?", "Have
            // you turned on 2FA codes?", "Is your PIN working?").
            bool question = sentenceSpan.end > 0 && text.text[sentenceSpan.end - 1] == '?' &&
                            !asksYesOrNo(text, sentence) && !endsInQuestionTag(text, sentence);
            const LexiconHit* request = nullptr;
            bool refused = false;
            for (const auto& r : requests) {
                if (text.tokens[r.firstToken].sentence != sentence || r.firstToken > hit.firstToken) continue;
                // "a message asking you to 'confirm your card details' is a scam": words quoted
                // are reported, not asked.
                if (words.quoted[r.firstToken] || words.someoneElseAsks[r.firstToken]) continue;
                if (r.counts()) request = &r;
                else refused = true;
            }
            if (refused && !request) continue;
            bool isPartial = std::any_of(partial.begin(), partial.end(), [&](const LexiconHit& p) {
                return text.tokens[p.firstToken].sentence == sentence && p.firstToken < hit.firstToken;
            });
            if (isPartial || (!request && !question) || (request && enteredElsewhere(text, request->firstToken, hit)) ||
                toBeHidden(text, hit))
                continue;
            TextSpan span = request ? TextSpan{request->span.begin, hit.span.end} : hit.span;
            // "I'll need the card number and the security code" is one request for card data.
            if (request && alreadyAsked(out, kind, span.begin)) continue;
            out.push_back({"personal_data", std::string(kind), span, true, "asks the customer for " + hit.entry});
        }
    }
}

/// Where a reply asks the customer to give something, whatever verb it asks with: "kindly share",
/// "please enter", "could you call out", "I'll need", "I need you to confirm". The request lexicon
/// lists phrases ("send me", "share your"); this reads the clause's shape, so "share the card
/// number" asks as surely as "share your card number". Token k is the verb (or "need").
bool asksToGiveAt(const AnalyzedText& text, size_t k) {
    // Verbs that are rarely nouns at a clause's start: not "email", "text", "post" or "list"
    // ("Email in the first box, password in the second"), nor "put", which is also its past.
    static constexpr std::array<std::string_view, 22> kGive = {
        "send", "share", "give", "provide", "confirm", "enter", "type", "read", "pop", "drop", "paste",
        "snap", "take", "upload", "attach", "tell", "spell", "forward", "dm", "include", "submit", "reply"};
    // A title addressing the customer leads in too: "Sir share the OTP here".
    static constexpr std::array<std::string_view, 20> kLeadIns = {
        "please", "pls", "plz", "kindly", "just", "now", "so", "then", "and", "also", "simply", "first", "ok", "okay", "quickly",
        "quick", "sir", "madam", "ma'am", "maam"};
    static constexpr std::array<std::string_view, 7> kModals = {"can", "could", "would", "will", "may", "might", "pls"};
    static constexpr std::array<std::string_view, 8> kWe = {"i", "we", "i'll", "we'll", "i'd", "we'd", "i'm", "we're"};
    const auto& t = text.tokens;
    const auto sameClause = [&](size_t i) { return t[i].clause == t[k].clause; };
    // "I'll need the long number", "we require your CVV": need with us as its subject.
    if (t[k].folded == "need" || t[k].folded == "require") {
        for (size_t i = k; i-- > 0 && i + 3 >= k && sameClause(i);)
            // "If we do need to check an SSN, I'll send a secure link": a need we may have one day,
            // and how we would ask then, is no request now.
            if (oneOf(t[i].folded, kWe)) return !(i > 0 && sameClause(i - 1) && t[i - 1].folded == "if");
        return false;
    }
    // "call out the digits", "write me the number" and "let us know the CVV" give; "write it down
    // somewhere safe" does not.
    static constexpr std::array<std::string_view, 4> kToUs = {"me", "us", "back", "here"};
    const bool next = k + 1 < t.size();
    const bool callOut = t[k].folded == "call" && next && t[k + 1].folded == "out";
    // "email us a copy of…", "text me the code": a way of sending, aimed at us.
    bool writeToUs = oneOf(t[k].folded, {"write", "email", "e-mail", "text", "message", "whatsapp"}) && next &&
                     oneOf(t[k + 1].folded, kToUs);
    // "write your card number … in your reply": written back to us, later in the clause.
    for (size_t i = k + 1; t[k].folded == "write" && !writeToUs && i < t.size() && i <= k + 15 && sameClause(i); ++i)
        writeToUs = oneOf(t[i].folded, {"reply", "response", "here", "back"});
    const bool letUsKnow = t[k].folded == "let" && k + 2 < t.size() && (t[k + 1].folded == "me" || t[k + 1].folded == "us") &&
                           t[k + 2].folded == "know";
    if (!oneOf(t[k].folded, kGive) && !callOut && !writeToUs && !letUsKnow) return false;
    // Imperative: the verb opens its clause, after nothing but lead-ins ("so, please just send").
    size_t i = k;
    while (i > 0 && sameClause(i - 1) && oneOf(t[i - 1].folded, kLeadIns)) --i;
    if (i == 0 || !sameClause(i - 1)) return true;
    // "please" right before the verb asks, whatever came before ("To pay out the claim please send").
    if (t[k - 1].folded == "please" || t[k - 1].folded == "kindly") return true;
    // "can you send", "could you please confirm"; "I need you to call out", "you need to send me".
    size_t j = k;
    while (j > 0 && sameClause(j - 1) && oneOf(t[j - 1].folded, kLeadIns)) --j;
    if (j >= 2 && t[j - 1].folded == "you" && oneOf(t[j - 2].folded, kModals)) return true;
    if (j >= 3 && t[j - 1].folded == "to" && (t[j - 2].folded == "you" || t[j - 2].folded == "need") &&
        (t[j - 3].folded == "need" || t[j - 3].folded == "want" || t[j - 3].folded == "like" || t[j - 3].folded == "you"))
        return true;
    return false;
}

/// "the long number on the front of your card", "a photo of both sides of your bank card": a part
/// of a payment card named by what it is, not by a fixed phrase. The part comes a few words before
/// "card" in its clause, and "card" is someone's card ("your", "the", "credit"), not a gift card.
/// Where on the card ("front", "back") is not a part: "the member ID on the front of your card"
/// asks for the ID.
std::vector<LexiconHit> cardPartsNamed(const AnalyzedText& text) {
    static constexpr std::array<std::string_view, 20> kParts = {
        "number", "numbers", "digits", "digit", "details", "photo", "photos", "picture", "pictures", "pic",
        "pics", "image", "scan", "screenshot", "snapshot", "copy", "code", "cvv", "cvc", "cvv2"};
    static constexpr std::array<std::string_view, 11> kWhose = {"your", "the", "this", "that", "credit", "debit", "bank",
                                                                "payment", "visa", "mastercard", "amex"};
    const auto& t = text.tokens;
    std::vector<LexiconHit> out;
    for (size_t c = 1; c < t.size(); ++c) {
        if ((t[c].folded != "card" && t[c].folded != "cards") || !oneOf(t[c - 1].folded, kWhose)) continue;
        // "the 3 digits printed on the reverse side of the credit card": eight words back.
        for (size_t p = c - 1, steps = 0; p-- > 0 && steps < 8 && t[p].clause == t[c].clause; ++steps) {
            if (!oneOf(t[p].folded, kParts)) continue;
            out.push_back(hitOver(text, p, c));
            break;
        }
    }
    // "We need to check the card. Please write me the long number on the front and the small code
    // at the back": a part named by its side of a card named in its sentence or the one before.
    for (size_t p = 0; p + 3 < t.size(); ++p) {
        if (!oneOf(t[p].folded, kParts) || !oneOf(t[p + 1].folded, {"on", "at"}) || t[p + 2].folded != "the" ||
            !oneOf(t[p + 3].folded, {"front", "back", "reverse"}) || t[p + 3].clause != t[p].clause)
            continue;
        // A payment card ("the card", "your credit card"), not "your library card".
        bool cardNamed = false;
        for (size_t c = 1; c < p && !cardNamed; ++c)
            cardNamed = (t[c].folded == "card" || t[c].folded == "cards") && oneOf(t[c - 1].folded, kWhose) &&
                        t[c].sentence + 1 >= t[p].sentence;
        // "…of your library card" after the side names the card itself.
        const bool otherCard = p + 6 < t.size() && t[p + 4].folded == "of" && t[p + 6].folded != "card" &&
                               t[p + 6].clause == t[p].clause && oneOf(t[p + 5].folded, {"your", "the", "this", "that"}) &&
                               (p + 7 < t.size() && t[p + 7].folded == "card");
        if (cardNamed && !otherCard) out.push_back(hitOver(text, p, p + 3));
    }
    return out;
}

/// "the 6-digit Google Auth code", "the code of 6 digits that arrived in your SMS": a one-time code
/// named by what marks it as one, a few words either side of "code" in its clause, not by a fixed
/// phrase. "That code" or "the code" after one was named, in its sentence or the one before, is
/// the same code ("I sent a verification code. Can you read that code back to me?"), and so are
/// its digits ("please type the 6 digits here"). Not a booking, promo or tracking code, as the
/// words right before "code" say: nothing marks those as sent to prove who the customer is.
std::vector<LexiconHit> oneTimeCodesNamed(const AnalyzedText& text, const LexiconHits& hits) {
    static constexpr std::array<std::string_view, 13> kMarks = {"digit", "digits", "sms", "text", "texted", "auth", "authenticator",
                                                                "verification", "otp", "2fa", "mfa", "totp", "one-time"};
    static constexpr std::array<std::string_view, 15> kOtherCodes = {
        "promo", "voucher", "discount", "coupon", "gift", "tracking", "reference", "booking", "confirmation",
        "referral", "error", "postal", "zip", "qr", "bar"};
    const auto& t = text.tokens;
    std::vector<LexiconHit> out;
    // The last sentence that named a one-time code, by the lexicon or by its marks.
    std::optional<size_t> namedIn;
    const std::vector<bool> passwordAt = [&] {
        std::vector<bool> at(t.size(), false);
        for (const auto& p : hitsOf(hits, "sensitive-password"))
            if (p.counts()) at[p.firstToken] = true;
        return at;
    }();
    for (size_t c = 0; c < t.size(); ++c) {
        if (passwordAt[c]) namedIn = t[c].sentence;
        // "I just sent you a code by SMS, please type the 6 digits here": the code's digits.
        if (oneOf(t[c].folded, {"digits", "numbers"}) && c > 0 && namedIn && *namedIn + 1 >= t[c].sentence &&
            (t[c - 1].letters == 0 || oneOf(t[c - 1].folded, {"the", "those", "these", "six", "four", "eight"}))) {
            out.push_back(hitOver(text, c - 1, c));
            continue;
        }
        // "The 6 digit number you received by SMS", "a text with a little number in it": a number
        // marked as a code is one, but not an account, order or phone number, which the word right
        // before "number" names.
        const bool number = t[c].folded == "number" && c > 0 &&
                            (oneOf(t[c - 1].folded, {"digit", "digits"}) ||
                             oneOf(t[c - 1].folded, {"a", "the", "that", "this", "little", "short", "new"}));
        if (t[c].folded != "code" && t[c].folded != "codes" && !number) continue;
        // What kind of code the words right before it say: "the booking code", "promo code".
        bool other = false;
        for (size_t m = c >= 2 ? c - 2 : 0; m < c; ++m) other = other || (t[m].clause == t[c].clause && oneOf(t[m].folded, kOtherCodes));
        if (other) continue;
        std::optional<size_t> mark;
        for (size_t m = c >= 4 ? c - 4 : 0; m < t.size() && m <= c + 6 && !mark; ++m)
            if (t[m].clause == t[c].clause && oneOf(t[m].folded, kMarks)) mark = m;
        if (mark) {
            out.push_back(hitOver(text, std::min(*mark, c), std::max(*mark, c)));
            namedIn = t[c].sentence;
        } else if (c > 0 && oneOf(t[c - 1].folded, {"that", "this", "the"}) && namedIn && *namedIn + 1 >= t[c].sentence) {
            out.push_back(hitOver(text, c - 1, c));
        }
    }
    return out;
}

/// Requests read by their shape (asksToGiveAt) for a secret named after the verb in its clause:
/// a secret the lexicons name, or a card part (cardPartsNamed). Partial data, a negation before the
/// secret, quoted words and a request someone else makes are not requests, as in
/// findRequestsInSentence; neither is typing it into a page of the customer's own.
void findRequestsByShape(const AnalyzedText& text, const LexiconHits& hits, const WordContext& words,
                         std::vector<Signal>& out) {
    const auto& t = text.tokens;
    auto partial = hitsOf(hits, "partial-data");
    auto negations = hitsOf(hits, "negation");
    auto requests = hitsOf(hits, "data-request");
    std::vector<std::pair<const LexiconHit*, std::string_view>> secrets;
    for (const auto& [lexicon, kind] : kSecretKinds)
        for (const auto& hit : hitsOf(hits, lexicon))
            if (hit.counts()) secrets.emplace_back(&hit, kind);
    const std::vector<LexiconHit> cardParts = cardPartsNamed(text);
    for (const auto& part : cardParts) secrets.emplace_back(&part, "asks_for_card_number");
    const std::vector<LexiconHit> codes = oneTimeCodesNamed(text, hits);
    for (const auto& code : codes) secrets.emplace_back(&code, "asks_for_password");
    for (const auto& [secret, kind] : secrets) {
        const size_t sentence = t[secret->firstToken].sentence;
        bool reported = std::any_of(out.begin(), out.end(), [&](const Signal& s) {
            return s.name == "personal_data" && s.span.begin < secret->span.end && secret->span.begin < s.span.end;
        });
        if (reported) continue;
        // "The last four digits of the card" is partial; "the last four digits of the card and the
        // 3-digit security code" asks for a second, whole thing after "and".
        bool isPartial = std::any_of(partial.begin(), partial.end(), [&](const LexiconHit& p) {
            if (t[p.firstToken].sentence != sentence || p.firstToken > secret->lastToken + 3) return false;
            for (size_t k = p.lastToken + 1; k < secret->firstToken; ++k)
                if (oneOf(t[k].folded, {"and", "plus", "&"})) return false;
            return true;
        });
        if (isPartial || toBeHidden(text, *secret)) continue;
        // The verb asks for what is in its own clause: "Please take out the tank, dry the little
        // metal pins" asks for no PIN.
        for (size_t k = secret->firstToken; k-- > 0 && t[k].clause == t[secret->firstToken].clause;) {
            // A request phrase counts here too ("What's the code on the back of your card?").
            const bool phrase = std::any_of(requests.begin(), requests.end(), [&](const LexiconHit& r) { return r.counts() && r.firstToken == k; });
            if (!phrase && !asksToGiveAt(text, k)) continue;
            bool negated = std::any_of(negations.begin(), negations.end(), [&](const LexiconHit& n) {
                return t[n.firstToken].clause == t[k].clause || (n.firstToken > k && n.firstToken < secret->firstToken);
            });
            // One request asking for two things is one finding ("I'll need the card number and
            // the security code").
            if (alreadyAsked(out, kind, t[k].span.begin)) break;
            if (negated || words.quoted[k] || words.someoneElseAsks[k] ||
                enteredElsewhere(text, k, *secret))
                break;
            out.push_back({"personal_data", std::string(kind), {t[k].span.begin, secret->span.end}, true,
                           "asks the customer for " + secret->entry});
            break;
        }
    }
}

/// "I've sent a 6-digit code to your phone. Paste it here": a request for "it" right after a secret
/// was named, in its sentence or the one before, asks for that secret.
std::optional<Signal> findSecretAskedAsIt(const AnalyzedText& text, const LexiconHits& hits, const WordContext& words) {
    const auto& t = text.tokens;
    for (const auto& r : hitsOf(hits, "data-request")) {
        if (!r.counts() || words.someoneElseAsks[r.firstToken] || !asksForItBack(text, r)) continue;
        size_t sentence = t[r.firstToken].sentence;
        // The sentence before, or the one before that past a word or two ("…your PIN, ok? Never.
        // But I need it, so just read it to me").
        size_t reach = 1;
        if (sentence >= 2) {
            const auto [first, end] = sentenceOf(t, r.firstToken);
            size_t before = first;
            while (before > 0 && t[before - 1].sentence + 1 == sentence) --before;
            if (first - before <= 2) reach = 2;
        }
        for (const auto& [lexicon, kind] : kSecretKinds)
            for (const auto& hit : hitsOf(hits, lexicon)) {
                size_t at = t[hit.firstToken].sentence;
                // A secret warned about is still what "it" stands for: "Don't tell anybody your PIN.
                // … read it to me".
                if (hit.excluded || hit.firstToken > r.firstToken || at + reach < sentence) continue;
                return Signal{"personal_data", std::string(kind), {hit.span.begin, r.span.end}, true,
                              "asks the customer for " + hit.entry};
            }
    }
    return std::nullopt;
}


} // namespace


/// Whether each token lies between an opening and a closing quotation mark within its sentence.
/// An opening mark follows a space or the sentence start; a closing one is followed by a space,
/// punctuation or the end, so the apostrophes of "we'd" and "customer's" are neither. One pass
/// over the reply: asking this of each request in turn, from its sentence's start, took 15 s on
/// a 60 KB reply that was one long sentence of requests.
std::vector<bool> quotedTokens(const AnalyzedText& analyzed) {
    const std::string_view text = analyzed.text;
    auto isQuote = [&](size_t i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\'' || c == '"') return 1;
        // UTF-8 curly quotes: E2 80 98/99 (single), E2 80 9C/9D (double)
        if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
            unsigned char d = static_cast<unsigned char>(text[i + 2]);
            if (d == 0x98 || d == 0x99 || d == 0x9C || d == 0x9D) return 3;
        }
        return 0;
    };
    auto wordChar = [&](size_t i) { return std::isalnum(static_cast<unsigned char>(text[i])) != 0; };
    std::vector<bool> out(analyzed.tokens.size());
    size_t sentence = analyzed.sentences.size(), at = 0;  // where the walk through the sentence is
    bool open = false;
    for (size_t k = 0; k < analyzed.tokens.size(); ++k) {
        const Token& token = analyzed.tokens[k];
        if (token.sentence >= analyzed.sentences.size()) continue;
        const TextSpan& span = analyzed.sentences[token.sentence];
        if (token.sentence != sentence) {
            sentence = token.sentence;
            at = span.begin;
            open = false;
        }
        while (at < span.end && at < token.span.begin) {
            int width = isQuote(at);
            if (width == 0) {
                ++at;
                continue;
            }
            bool before = at > span.begin && wordChar(at - 1);
            bool after = at + width < text.size() && wordChar(at + width);
            if (!open && !before && after) open = true;
            else if (open && before && !after) open = false;
            at += width;
        }
        out[k] = open;
    }
    return out;
}


namespace {
/// "PLEASE READ THE PINNED POST": a secret's one-word name matched by its stem in a verb's form
/// ("pinned", "pinning") names no secret.
bool inflectedAway(const AnalyzedText& text, const LexiconHit& hit) {
    if (hit.firstToken != hit.lastToken) return false;
    const std::string& word = text.tokens[hit.firstToken].folded;
    return word != hit.entry && (word.ends_with("ed") || word.ends_with("ing")) && !hit.entry.ends_with("ed") &&
           !hit.entry.ends_with("ing");
}

/// `hits` with the secrets that are verbs' forms set aside; a copy only when there are any.
const LexiconHits& withoutVerbForms(const AnalyzedText& text, const LexiconHits& hits, LexiconHits& trimmed) {
    auto verbForm = [&](const LexiconHit& h) { return h.counts() && inflectedAway(text, h); };
    bool any = false;
    for (const auto& [lexicon, kind] : kSecretKinds)
        for (const auto& hit : hitsOf(hits, lexicon)) any = any || verbForm(hit);
    if (!any) return hits;
    trimmed = hits;
    for (const auto& [lexicon, kind] : kSecretKinds)
        if (auto it = trimmed.find(lexicon); it != trimmed.end())
            for (auto& hit : it->second)
                if (verbForm(hit)) {
                    hit.excluded = true;
                    hit.cancelledBy = text.tokens[hit.firstToken].folded;
                }
    return trimmed;
}
} // namespace

std::vector<Signal> findPersonalData(const AnalyzedText& text, const LexiconHits& allHits) {
    LexiconHits trimmed;
    const LexiconHits& hits = withoutVerbForms(text, allHits, trimmed);
    std::vector<Signal> out;
    findWrittenSecrets(text, out);
    size_t before = out.size();
    const WordContext words(text);
    findRequestsInSentence(text, hits, words, out);
    findRequestsByShape(text, hits, words, out);
    if (out.size() == before)
        if (auto asked = findSecretAskedAsIt(text, hits, words)) out.push_back(std::move(*asked));
    return out;
}

std::vector<Signal> findPersonalData(const AnalyzedText& text, const LexiconSet& lexicons) {
    return findPersonalData(text, findLexicons(lexicons, privacyLexiconIds(), text));
}

} // namespace simdesk
