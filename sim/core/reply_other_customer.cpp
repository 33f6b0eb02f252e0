// Another customer named in a typed reply: a title and a name, a role before a name, a company or a
// family named as someone else's case. A critical error on a typed turn, so a false alarm costs a
// trainee a pass as surely as a miss lets a leak through: the vet's own doctor, the customer's own
// address or the greeted customer named again must not count.
#include "reply_signals.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <set>
#include <span>
#include <utility>

namespace simdesk {

namespace {

bool isHonorific(std::string_view folded) {
    static constexpr std::array<std::string_view, 7> kHonorifics = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir"};
    return oneOf(folded, kHonorifics);
}

/// Words that open a greeting: "Dear Mr Peeters,", "Hi Tom,".
constexpr std::array<std::string_view, 10> kGreetings = {"dear", "hi", "hello", "hey", "hiya", "morning",
                                                         "afternoon", "evening", "day", "bonjour"};

/// Whether token i is in the reply's greeting ("Dear Mr. Haddad, …"): whom it is written to.
bool inGreeting(const AnalyzedText& text, size_t i) {
    const auto& t = text.tokens;
    return i < t.size() && t[i].clause == t[0].clause && (oneOf(t[0].folded, kGreetings) || isHonorific(t[0].folded));
}

/// The lower-case words inside a surname: "Mr de Vries", "Pieter van der Berg".
constexpr std::array<std::string_view, 12> kNameParticles = {"de", "van", "von", "der", "den", "da", "di", "du", "del", "la", "le", "ter"};

/// Whether `span` holds the name the reply greets: "Hello Pieter, … the user
/// pieter.smit@vanleeuwen.nl" is the customer's own address.
bool namesTheGreeted(const AnalyzedText& text, TextSpan span) {
    // The span's words: an address splits at anything but a letter or digit ("pieter.smit@vanleeuwen.nl"
    // holds "pieter"); a name keeps its hyphen, so "Reyes-Dunn" is a surname of its own, not the
    // greeted Ms Reyes.
    const std::string named = foldText(text.text.substr(span.begin, span.end - span.begin));
    const bool address = named.find('@') != std::string::npos;
    std::set<std::string, std::less<>> words;
    std::string word;
    for (char c : named + " ") {
        if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) || (!address && (c == '-' || c == '\''))) word += c;
        else if (!word.empty()) {
            if (word.ends_with("'s")) word.resize(word.size() - 2);  // "Pieter's order" is Pieter's
            words.insert(std::exchange(word, ""));
        }
    }
    for (size_t i = 1; i < text.tokens.size() && inGreeting(text, i); ++i) {
        const Token& token = text.tokens[i];
        if (token.folded.size() >= 3 && isCapitalised(text, token) && !isHonorific(token.folded) && words.count(token.folded))
            return true;
    }
    return false;
}

/// Words that make a named person one of ours: "our engineer Dr. Shah", "my colleague Sam from
/// Billing", "the technician Tom Price, room 4".
constexpr std::array<std::string_view, 11> kOurPeople = {"our", "my", "colleague", "teammate", "manager", "engineer",
                                                         "technician", "driver", "agent", "nurse", "doctor"};

/// Teams a named person may be in, which make them one of ours: "Sam from Billing".
constexpr std::array<std::string_view, 32> kDepartments = {
    "accounts", "finance", "it", "hr", "legal", "product", "marketing", "operations", "ops", "logistics", "warehouse",
    "dispatch", "returns", "payroll", "compliance", "facilities", "reception", "management", "qa", "design",
    "onboarding", "training", "technical", "tech", "billing", "support", "sales", "security", "engineering",
    "privacy", "success", "l2"};

/// Someone named who is not the person the reply is written to: a title and a name ("Mrs. Dunmore",
/// "Mr. Ralf Keller") other than the greeting's, or an @handle after the reply's opening one. Our
/// own people ("our engineer Dr. Shah", "my colleague Mr. Lee") are not customers.
std::optional<Signal> findNamedThirdPerson(const AnalyzedText& text, const LexiconHits& hits, std::span<const std::string> caseNames) {
    const auto& t = text.tokens;
    const NobodysNames nobodys(hits);
    // The name after a title at i: capitalised, after at most one particle ("Mr de Vries", "Mrs van
    // der Berg" by its "Berg"); t.size() when there is none.
    auto surnameAfter = [&](size_t i) {
        if (!isHonorific(t[i].folded)) return t.size();
        for (size_t j = i + 1; j < t.size() && j <= i + 3 && t[j].sentence == t[i].sentence; ++j) {
            if (isCapitalised(text, t[j])) return j;
            if (!oneOf(t[j].folded, kNameParticles)) break;
        }
        return t.size();
    };
    // The addressee: the first title-and-name the reply speaks to, not one an other-customer phrase
    // points at ("Another customer, Mr de Vries, had the same problem").
    auto pointers = hitsOf(hits, "other-customer");
    auto pointedAt = [&](size_t i) {
        return std::any_of(pointers.begin(), pointers.end(), [&](const LexiconHit& h) {
            // In its sentence, or across the break "no. 14" makes: "your neighbour at no. 14, Mrs Gill".
            if (!h.counts() || h.lastToken >= i) return false;
            if (t[h.lastToken].sentence == t[i].sentence) return true;
            const size_t opens = sentenceOf(t, i).first;
            return opens > 0 && t[opens - 1].folded == "no" && t[h.lastToken].sentence + 1 == t[i].sentence && h.lastToken + 8 >= i;
        });
    };
    std::string greeted;
    size_t greeting = t.size();  // where the addressee's title is
    // Whom a reply speaks to is set off from the sentence: "Dear Mr Peeters, …", "Thank you, Mr
    // Alvarez.", "Okay, Mr. Brennan, I've…"; "the same batch as Mr Patel's over at…" is not.
    auto spokenTo = [&](size_t title, size_t name) {
        // "Dear Mr and Mrs Kaminski", "Kia ora Mr Patel", "Don't worry Ms Teo,": a title among the
        // reply's first words, or after another title and "and".
        // The couple's first title opens as a single one would: "travelling with Mr and Mrs Benali" is
        // about them.
        const auto opensAt = [&](size_t k) { return k <= 2 || t[k - 1].clause != t[k].clause || oneOf(t[k - 1].folded, kGreetings); };
        const bool couple = title >= 2 && (t[title - 1].folded == "and" || t[title - 1].folded == "&") && isHonorific(t[title - 2].folded) &&
                            opensAt(title - 2);
        const bool opens = couple || opensAt(title);
        size_t last = name;
        if (last + 1 < t.size() && t[last + 1].clause == t[name].clause && isCapitalised(text, t[last + 1])) ++last;
        // The reply's first words, comma or not: "Mr. Karim please do not send…", "Mrs. Laila sorry
        // about this".
        if (title == 0) return true;
        return opens && (last + 1 >= t.size() || t[last + 1].clause != t[last].clause);
    };
    for (size_t i = 0; i + 1 < t.size() && greeted.empty(); ++i)
        if (size_t name = surnameAfter(i); name < t.size() && !pointedAt(i) && spokenTo(i, name)) {
            greeted = t[name].folded;
            greeting = i;
        }
    auto ours = [&](size_t i) {
        for (size_t k = i >= 4 ? i - 4 : 0; k < t.size() && k <= i + 4; ++k)
            if (t[k].sentence == t[i].sentence && oneOf(t[k].folded, kOurPeople)) return true;
        return nobodys.contain(i);
    };
    for (size_t i = 0; i + 1 < t.size(); ++i) {
        const size_t name = surnameAfter(i);
        if (name == t.size()) continue;
        // Anyone but the addressee, also in the opening sentence ("Dear Mr Fitzgerald, your neighbour,
        // Mrs Kerr, …").
        // A doctor named in a reply is a clinician (ours, or the customer's own GP or vet), not
        // another customer.
        if (t[i].folded == "sir" || t[i].folded == "dr" || t[name].folded == greeted || i == greeting || ours(name)) continue;
        TextSpan span{t[i].span.begin, t[name].span.end};
        if (name + 1 < t.size() && isCapitalised(text, t[name + 1]) && t[name + 1].sentence == t[i].sentence)
            span.end = t[name + 1].span.end;
        if (namesOnlyTheCase(text, span, caseNames)) continue;  // "I've told Mr Lloyd" in a note about him
        return Signal{"other_customer", "named", span, true, "names someone other than the customer: " + quoteSpan(text.text, span)};
    }
    // @handles: the first one is whom a social reply answers; another is someone else.
    size_t handles = 0;
    for (size_t at = text.text.find('@'); at != std::string_view::npos; at = text.text.find('@', at + 1)) {
        bool opensWord = at == 0 || std::isspace(static_cast<unsigned char>(text.text[at - 1]));
        if (!opensWord || at + 1 >= text.text.size() || !std::isalnum(static_cast<unsigned char>(text.text[at + 1]))) continue;
        bool opening = text.sentences.empty() || at < text.sentences.front().end;
        if (++handles == 1 && opening) continue;  // whom the reply answers
        size_t end = at + 1;
        while (end < text.text.size() && !std::isspace(static_cast<unsigned char>(text.text[end]))) ++end;
        std::string_view handle = text.text.substr(at, end - at);
        while (!handle.empty() && std::ispunct(static_cast<unsigned char>(handle.back()))) handle.remove_suffix(1);
        // "…an address @brightlane.io": a domain, not a person.
        static constexpr std::array<std::string_view, 8> kDomains = {".com", ".io", ".org", ".net", ".co", ".uk", ".de", ".eu"};
        if (std::any_of(kDomains.begin(), kDomains.end(), [&](std::string_view d) { return handle.ends_with(d); })) continue;
        TextSpan span{at, at + handle.size()};
        return Signal{"other_customer", "named", span, true, "names someone other than the customer: " + quoteSpan(text.text, span)};
    }
    return std::nullopt;
}

/// A plural possessive: "Hendersons'" or "Hendersons’" (the apostrophe after the word's end).
bool possessivePlural(const AnalyzedText& text, const Token& token) {
    const std::string_view after = text.text.substr(token.span.end);
    return token.folded.ends_with("s") && (after.starts_with("'") || after.starts_with("\u2019"));
}

/// A household named by its surname at token i: "the Hendersons", "the Müllers'", "the Jenkins
/// family". Not a capitalised plural word ("the Terms", "the Reports"): the dictionary knows
/// "term" in lower case and no surname, so a word it knows is no household.
bool namesAFamily(const AnalyzedText& text, const NobodysNames& nobodys, const SpellChecker& spelling, size_t i) {
    const auto& t = text.tokens;
    if (i == 0 || t[i - 1].folded != "the" || !isCapitalised(text, t[i]) || nobodys.contain(i)) return false;
    // "the Van der Berg family": the surname past its particles.
    size_t surname = i;
    while (surname + 1 < t.size() && surname < i + 2 && oneOf(t[surname].folded, kNameParticles) && t[surname + 1].clause == t[i].clause)
        ++surname;
    if (surname != i) {
        const bool family = surname + 1 < t.size() && t[surname + 1].folded == "family" && t[surname + 1].clause == t[i].clause;
        return family && isCapitalised(text, t[surname]) && !spelling.knows(t[surname].folded);
    }
    const std::string_view word = t[i].folded;
    const bool family = i + 1 < t.size() && t[i + 1].folded == "family" && t[i + 1].clause == t[i].clause;
    if (!family && !(word.size() >= 5 && word.ends_with("s") && !word.ends_with("ss"))) return false;
    const std::string_view singular = family ? word : word.substr(0, word.size() - 1);
    return !spelling.knows(singular) && !spelling.knows(word);
}

/// Someone by their full name and where they are from: "Mike Russo from Bay Ridge", "Jiří Novák
/// from Brno", "Alasdair McKenzie up in Perth". A first and last name with a place is a person
/// identified, whatever is said about them. Not our own people ("our engineer Tom Price from
/// Leeds"), not the agent introducing themselves ("this is Tom Harris from Kestrel") and not a
/// sign-off line that holds nothing else. Things are named in capitals too ("Parking Permit from
/// Zone B", "Comfort Inn on Main"): one of the two names at least is no word the dictionary knows
/// in lower case, as a surname rarely is.
template <typename OfThisCase>
std::optional<Signal> findPlacedName(const AnalyzedText& text, const NobodysNames& nobodys, const SpellChecker& spelling,
                                     OfThisCase ofThisCase) {
    const auto& t = text.tokens;
    const auto nameWord = [&](size_t k) {
        return isCapitalised(text, t[k]) && !t[k].allCaps && t[k].letters >= 2 && t[k].letters == static_cast<int>(t[k].folded.size()) &&
               !nobodys.contain(k) && !isHonorific(t[k].folded) && !oneOf(t[k].folded, kGreetings) && t[k].folded != "the";
    };
    for (size_t i = 0; i + 3 < t.size(); ++i) {
        // Two words, one space apart: "Wi-Fi" is no first and last name.
        const std::string_view between = text.text.substr(t[i].span.end, t[i + 1].span.begin - t[i].span.end);
        if (!nameWord(i) || !nameWord(i + 1) || between != " ") continue;
        size_t place = i + 3;
        if (!oneOf(t[i + 2].folded, {"from", "in", "of", "on", "at"})) {
            if (!oneOf(t[i + 2].folded, {"up", "down", "over", "out"}) || t[i + 3].folded != "in" || i + 4 >= t.size()) continue;
            place = i + 4;
        }
        if (t[place].clause != t[i].clause || !nameWord(place)) continue;
        // The dictionary is asked last: it is the dearest question here.
        if (spelling.knows(t[i].folded) && spelling.knows(t[i + 1].folded)) continue;
        // Ours, or the agent's own name: "our engineer Tom Price", "this is Tom Harris from…".
        bool ours = false;
        for (size_t k = i >= 4 ? i - 4 : 0; k < i; ++k)
            ours = ours || (t[k].sentence == t[i].sentence &&
                            (oneOf(t[k].folded, kOurPeople) || oneOf(t[k].folded, {"i'm", "im", "am", "name", "it's", "this"})));
        if (ours) continue;
        // A sign-off: the name and place are the whole sentence.
        const auto [opens, closes] = sentenceOf(t, i);
        size_t last = place;
        while (last + 1 < t.size() && t[last + 1].clause == t[place].clause && isCapitalised(text, t[last + 1])) ++last;
        if (opens == i && closes == last + 1) continue;
        // A team is where our people are: "Kay from Hopr Support".
        bool team = false;
        for (size_t k = place; k <= last; ++k) team = team || oneOf(t[k].folded, kDepartments);
        if (team) continue;
        const TextSpan span{t[i].span.begin, t[last].span.end};
        if (ofThisCase(span)) continue;
        return Signal{"other_customer", "named", span, true, "names someone by name and place: " + quoteSpan(text.text, span)};
    }
    return std::nullopt;
}

} // namespace

std::vector<Signal> findOtherCustomer(const AnalyzedText& text, const LexiconHits& hits, const SpellChecker* spelling,
                                     std::span<const std::string> caseNames) {
    std::vector<Signal> out;
    const auto& t = text.tokens;
    const NobodysNames nobodys(hits);
    // What points at another customer: the lexicon's phrases anywhere in the name's sentence, and
    // a word that likens a named party's case to this one a few words from the name ("Tom at
    // Cobalt Physio had this exact thing", "on the same Business plan", "a comparable concern was
    // raised by Meridian Legal"), said in more ways than a list of phrases holds. Not where the
    // likening is about the customer's own case ("you reported the same fault twice").
    struct Pointer {
        LexiconHit hit;
        size_t reach;         ///< how many words from it the name may be
        bool detail = false;  ///< a person's own detail, not a likening: our staff have rooms too
        bool role = false;    ///< a role right before the name: one capitalised word names them
    };
    std::vector<Pointer> pointers;
    auto lexiconHits = hitsOf(hits, "other-customer");
    for (const auto& hit : lexiconHits)
        if (hit.counts()) pointers.push_back({hit, t.size()});
    static constexpr std::array<std::string_view, 7> kLikened = {"same", "exact", "exactly", "identical", "similar", "comparable", "likewise"};
    static constexpr std::array<std::string_view, 6> kYou = {"you", "your", "you've", "you're", "you'd", "yours"};
    // Likened as a case: "the same issue", "a comparable concern", "had exactly this", "this exact
    // thing"; not "the same day", "the exact attribute it needs" or "exactly the right thing".
    static constexpr std::array<std::string_view, 32> kCase = {
        "issue", "issues", "problem", "problems", "thing", "fault", "bug", "error", "complaint", "concern", "request", "plan",
        "setup", "configuration", "setting", "model", "tariff", "case", "situation", "glitch", "outage", "trouble", "this",
        "charge", "fee", "adjustment", "install", "installation", "delay", "damage", "leak", "noise"};
    auto likenedCase = [&](size_t i) {
        if (i > 0 && (t[i - 1].folded == "this" || t[i - 1].folded == "that")) return true;
        // What someone else is going through: "Harlow Outdoor are seeing the same 503s".
        if (i > 1 && t[i - 1].folded == "the" && t[i - 2].clause == t[i].clause &&
            oneOf(t[i - 2].folded, {"seeing", "having", "getting", "hitting", "experiencing", "reporting", "reported", "saw", "hit"}))
            return true;
        for (size_t k = i + 1; k < t.size() && k <= i + 3 && t[k].clause == t[i].clause; ++k)
            if (oneOf(t[k].folded, kCase)) return true;
        return false;
    };
    for (size_t i = 0; i < t.size(); ++i) {
        if (!oneOf(t[i].folded, kLikened) || insideAny(lexiconHits, i) || !likenedCase(i)) continue;
        // "You reported the same fault", not "had the same problem as you".
        bool aboutYou = false;
        for (size_t k = i; k-- > 0 && t[k].clause == t[i].clause && !aboutYou;) aboutYou = oneOf(t[k].folded, kYou);
        if (aboutYou) continue;
        pointers.push_back({hitOver(text, i, i), 6});
    }
    // A customer's role right before a name: "the client Fernanda Lima", "your colleague
    // @MaryOB_Cork", "other user Pieter de Vries". A role of ours ("our engineer") is no customer.
    // Family and housemates are people of their own too: "your husband Mark's account", "your
    // roommate Kevin Zhao came in".
    static constexpr std::array<std::string_view, 40> kRoles = {
        "client", "customer", "user", "member", "passenger", "patient", "guest", "subscriber", "cardholder", "tenant",
        "resident", "policyholder", "colleague", "neighbour", "neighbor", "rider", "student", "learner", "buyer",
        "shopper", "traveller", "traveler", "owner", "holder", "husband", "wife", "partner",
        "spouse", "son", "daughter", "brother", "sister", "mother", "father", "mum", "mom", "dad", "roommate", "flatmate",
        "housemate"};
    for (size_t i = 1; i + 1 < t.size(); ++i) {
        // A role written as a title is a job or a team: "the Customer Experience Manager".
        if (!oneOf(t[i].folded, kRoles) || isCapitalised(text, t[i]) || !oneOf(t[i - 1].folded, {"the", "another", "other", "your", "a", "ex"}) ||
            insideAny(lexiconHits, i))
            continue;
        // Or set off by a comma, when the role says it is someone else: "another patient, Gloria
        // Reyes-Dunn".
        const bool setOff = t[i - 1].folded == "another" && i + 2 < t.size() && t[i + 1].clause != t[i].clause &&
                            text.text.substr(t[i].span.end, t[i + 1].span.begin - t[i].span.end).find(',') != std::string_view::npos &&
                            isCapitalised(text, t[i + 1]) && isCapitalised(text, t[i + 2]) && t[i + 2].clause == t[i + 1].clause;
        if (t[i + 1].clause != t[i].clause && !setOff) continue;
        // A first name alone after the role names someone, but not after the customer's colleague,
        // who works where they do: "loop your colleague Mark in".
        pointers.push_back({hitOver(text, i - 1, i), setOff ? size_t{2} : size_t{1}, false, t[i].folded != "colleague"});
    }
    // "Dave from Northwind had this too", "she had the same thing as well": the case again, as
    // "had <it> too".
    for (size_t i = 2; i < t.size(); ++i) {
        const bool again = oneOf(t[i].folded, {"too", "also"}) || (t[i].folded == "well" && t[i - 1].folded == "as");
        const size_t it = t[i].folded == "well" ? i - 2 : i - 1;
        if (!again || it == 0 || !oneOf(t[it].folded, {"this", "it", "that"}) || !oneOf(t[it - 1].folded, {"had", "has", "got"}))
            continue;
        pointers.push_back({hitOver(text, it - 1, i), 6});
    }
    // A person's own details beside a name: "Sandra Whitcomb, DOB 04/12/1961", "the Moreau family
    // in rooms 4 to 6". Someone named with when they were born or where they sleep is identified,
    // whether or not their case is likened to this one. The customer's own ("your room") is not.
    // A detail is written with its figure ("room 204", "DOB 04/12/1961", "born 1979"); a capitalised
    // "Room 104" beside "City Hall" is a place's label.
    static constexpr std::array<std::string_view, 8> kDetails = {"dob", "birth", "born", "room", "rooms", "apartment", "apt", "flat"};
    for (size_t i = 0; i + 1 < t.size(); ++i) {
        // A house by its number: "the Hendersons at no. 14", "at number 9".
        const bool house = oneOf(t[i].folded, {"no", "number"}) && i > 0 && t[i - 1].folded == "at";
        if ((!house && !oneOf(t[i].folded, kDetails)) || insideAny(lexiconHits, i) || (isCapitalised(text, t[i]) && !t[i].allCaps)) continue;
        if (i > 0 && oneOf(t[i - 1].folded, {"your", "my", "our", "his", "her", "their", "a", "any", "the", "this", "that"})) continue;
        const std::string& figure = t[i + 1].folded;
        const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
        if (house ? !std::all_of(figure.begin(), figure.end(), digit) : std::none_of(figure.begin(), figure.end(), digit)) continue;
        // Within five words of the name ("Sandra Whitcomb, DOB …", "the Van der Berg family in
        // rooms …"): a room further on is where a thing was ("the housekeeper at Riad Anya found
        // your charger and sunglasses in room 3").
        pointers.push_back({hitOver(text, i, i), 5, true});
    }
    // This case's own people, or whom the reply is written to.
    auto ofThisCase = [&](TextSpan span) { return namesOnlyTheCase(text, span, caseNames) || namesTheGreeted(text, span); };
    for (const auto& [hit, reach, detail, role] : pointers) {
        size_t sentence = t[hit.firstToken].sentence;
        std::optional<TextSpan> named;
        const size_t from = hit.firstToken > reach ? hit.firstToken - reach : 0;
        const size_t to = std::min(t.size(), hit.lastToken + reach + 1);
        for (size_t i = from; i < to && !named; ++i) {
            if (t[i].sentence != sentence || (i >= hit.firstToken && i <= hit.lastToken) || inGreeting(text, i)) continue;
            // A title and a name beside a likening word may be the addressee ("Dear Ms Grant, Stripe
            // had a similar outage"): titled names are left to findNamedThirdPerson, which knows whom
            // the reply is written to.
            const bool likened = reach < t.size();
            if (likened && (isHonorific(t[i].folded) || (i > 0 && isHonorific(t[i - 1].folded)))) continue;
            std::string_view word = text.text.substr(t[i].span.begin, t[i].span.end - t[i].span.begin);
            size_t begin = t[i].span.begin, end = t[i].span.end;
            while (end < text.text.size() && !std::isspace(static_cast<unsigned char>(text.text[end]))) ++end;
            while (end > t[i].span.end && std::strchr(",.;:!?)", text.text[end - 1])) --end;  // "@nanayaw," ends at the name
            if (begin > 0 && text.text[begin - 1] == '@') --begin;  // an @handle: the word after the "@"
            if (text.text.substr(begin, end - begin).find('@') != std::string_view::npos && word.size() > 0) {
                // The handle a social reply opens with is whom it answers.
                const bool opening = text.text.find_first_not_of(" \t\r\n") == begin;
                if (opening || ofThisCase(TextSpan{begin, end})) continue;
                named = TextSpan{begin, end};
                break;
            }
            bool first = i == 0 || t[i - 1].sentence != sentence;
            if (!first && spelling && namesAFamily(text, nobodys, *spelling, i)) {
                named = t[i].span;
                break;
            }
            // Right after a role, a first name alone is someone: "your husband Mark's account".
            if (role && i == hit.lastToken + 1 && isCapitalised(text, t[i]) && !nobodys.contain(i) && t[i].folded != "i") {
                named = t[i].span;
                if (i + 1 < t.size() && t[i + 1].clause == t[i].clause && isCapitalised(text, t[i + 1]) && !nobodys.contain(i + 1))
                    named->end = t[i + 1].span.end;
                break;
            }
            // Two capitalised words in a row, neither opening the sentence nor one of our own names,
            // and in one clause: "Hi Tom, Chrome shows this" names no "Tom Chrome". A surname's
            // particles may stand between them ("Pieter de Vries").
            size_t last = i + 1;
            while (last + 1 < t.size() && last <= i + 2 && oneOf(t[last].folded, kNameParticles)) ++last;
            if (last >= t.size() || t[last].clause != t[i].clause) continue;
            if (!first && isCapitalised(text, t[i]) && isCapitalised(text, t[last]) && !nobodys.contain(i) && !nobodys.contain(last) &&
                t[i].folded != "i" && t[last].folded != "i")
                named = TextSpan{t[i].span.begin, t[last].span.end};
            // A person by their organisation: "Dave from Northwind", "Tom at Cobalt", at a sentence's
            // start too. Not one of ours ("my colleague Sam from Billing", "Sam from Billing").
            const bool ours = (i > 0 && oneOf(t[i - 1].folded, kOurPeople)) ||
                              (i + 2 < t.size() && oneOf(t[i + 2].folded, kDepartments));
            if (!named && !ours && i + 2 < t.size() && oneOf(t[i + 1].folded, {"from", "at"}) && t[i + 2].clause == t[i].clause &&
                isCapitalised(text, t[i]) && isCapitalised(text, t[i + 2]) && !nobodys.contain(i) && !nobodys.contain(i + 2) &&
                t[i].folded != "i")
                named = TextSpan{t[i].span.begin, t[i + 2].span.end};
            // Our own people have rooms and dates too: "our engineer Tom Price, room 4".
            if (named && detail && i >= 1 &&
                std::any_of(t.begin() + static_cast<std::ptrdiff_t>(i >= 3 ? i - 3 : 0), t.begin() + static_cast<std::ptrdiff_t>(i), [](const Token& w) {
                    return oneOf(w.folded, kOurPeople);
                }))
                named.reset();
            if (named && ofThisCase(*named)) named.reset();
        }
        if (!named) continue;
        out.push_back({"other_customer", "named", {std::min(hit.span.begin, named->begin), std::max(hit.span.end, named->end)}, true,
                       "names another customer: " + quoteSpan(text.text, *named)});
    }
    // A household's own things named, with no likening needed: "the Hendersons' order went to
    // your address", "the Hendersons' cat was booked in at the same time", "the Nguyens' place two
    // doors down". Whatever the thing is: a family named by its belongings is a customer.
    for (size_t i = 1; i + 1 < t.size() && out.empty() && spelling; ++i)
        if (possessivePlural(text, t[i]) && t[i + 1].letters > 0 && !isCapitalised(text, t[i + 1]) && !t[i + 1].allCaps &&
            t[i - 1].sentence == t[i].sentence && t[i + 1].clause == t[i].clause && namesAFamily(text, nobodys, *spelling, i) &&
            !namesOnlyTheCase(text, t[i].span, caseNames)) {
            const TextSpan span{t[i].span.begin, t[i + 1].span.end};
            out.push_back({"other_customer", "named", span, true, "names another household's " + t[i + 1].folded + ": " + quoteSpan(text.text, span)});
        }
    if (out.empty())
        if (auto s = spelling ? findPlacedName(text, nobodys, *spelling, ofThisCase) : std::nullopt) out.push_back(std::move(*s));
    if (out.empty())
        if (auto s = findNamedThirdPerson(text, hits, caseNames)) out.push_back(std::move(*s));
    return out;
}

bool namesOnlyTheCase(const AnalyzedText& text, TextSpan span, std::span<const std::string> caseNames) {
    if (caseNames.empty()) return false;
    // The case's names word by word, folded as the reply's words are ("Lloyd & Daughters" → "lloyd",
    // "daughters").
    std::set<std::string, std::less<>> own;
    for (const auto& name : caseNames) {
        std::string folded = foldText(name), word;
        for (char c : folded + " ") {
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '\'' || c == '-' || (c & 0x80)) word += c;
            else if (!word.empty()) own.insert(std::exchange(word, ""));
        }
    }
    size_t names = 0;
    for (const auto& t : text.tokens) {
        if (t.span.begin < span.begin || t.span.end > span.end || !isCapitalised(text, t) || isHonorific(t.folded)) continue;
        std::string_view word = t.folded;  // "Mr Lloyd's renewal": the name without its possessive
        if (word.ends_with("'s")) word.remove_suffix(2);
        else if (word.ends_with('\'')) word.remove_suffix(1);
        if (!own.count(word)) return false;
        ++names;
    }
    return names > 0;
}


} // namespace simdesk
