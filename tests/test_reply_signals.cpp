// Built-in reply signals and `simdesk reply-check`: personal data of each kind, shouting,
// language, readability, questions, and the spans printed for each.
#include "test_support.hpp"

#include "core/reply_signals.hpp"
#include "core/reply_tone.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace simdesk;

namespace {

std::vector<std::string> found(ReplyAnalyzer& analyzer, std::string_view reply, std::string_view name) {
    std::vector<std::string> out;
    ReplySignals signals = analyzer.analyze(reply);
    for (const auto* s : signals.all(name))
        if (s->counts) out.push_back(s->kind + "=" + std::string(reply.substr(s->span.begin, s->span.end - s->span.begin)));
    return out;
}

/// Whether `reply` raises a counted `name` signal of `kind` (of any kind when empty).
bool raises(ReplyAnalyzer& analyzer, std::string_view reply, std::string_view name, std::string_view kind = "") {
    for (const auto& s : analyzer.analyze(reply).signals)
        if (s.counts && s.name == name && (kind.empty() || s.kind == kind)) return true;
    return false;
}

/// Runs `check` with the rules alone and with the learned model too: what the rules judged in
/// context must hold whatever the model reads.
template <class Check>
void withAndWithoutModel(Check&& check) {
    ReplyAnalyzer rules(test::bundledLexicons());
    ReplyAnalyzer full(test::bundledLexicons(), nullptr, test::bundledSignalModel());
    for (ReplyAnalyzer* analyzer : {&rules, &full}) {
        CAPTURE(analyzer == &full);
        check(*analyzer);
    }
}

} // namespace

TEST_CASE("normalisation folds case and width and keeps spans on the original bytes") {
    Stemmer stemmer;
    std::string text = "ＳＯＲＲＹ — we’ve refunded it";
    AnalyzedText a = analyzeText(text, stemmer);
    REQUIRE(a.tokens.size() == 4);
    CHECK(a.tokens[0].folded == "sorry");
    CHECK(a.tokens[1].folded == "we've");
    CHECK(a.tokens[3].stem == "it");
    CHECK(a.tokens[2].stem == "refund");
    CHECK(text.substr(a.tokens[1].span.begin, a.tokens[1].span.end - a.tokens[1].span.begin) == "we’ve");
}

TEST_CASE("card numbers count when Luhn-valid, or shaped like one after a word that names a card") {
    CHECK(luhnValid("4111 1111 1111 1111"));
    CHECK_FALSE(luhnValid("4111 1111 1111 1112"));
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(found(analyzer, "Card 4111-1111-1111-1111 was charged.", "personal_data") ==
          std::vector<std::string>{"card_number=4111-1111-1111-1111"});
    // A number that fails the check is no card number on its own...
    CHECK(found(analyzer, "Ref 4111 1111 1111 1112 was logged.", "personal_data").empty());
    CHECK(found(analyzer, "Order 4111111111111111A shipped.", "personal_data").empty());
    // ...but four groups of four after "card" are one, as a QA lead reads a note: a mistyped
    // digit does not make a written-out card number safe.
    CHECK(found(analyzer, "Card used: 4111 1111 1111 4417", "personal_data") ==
          std::vector<std::string>{"card_number=4111 1111 1111 4417"});
    CHECK(found(analyzer, "Her Visa is 4000-1234-5678-9011.", "personal_data") ==
          std::vector<std::string>{"card_number=4000-1234-5678-9011"});
    // The same shape with no card named stays a reference.
    CHECK(found(analyzer, "Tracking 9400 1000 0000 0012 is on its way.", "personal_data").empty());
}

TEST_CASE("SSNs, passwords and requests for them are personal data, partial data is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(found(analyzer, "SSN on file: 123-45-6789.", "personal_data") == std::vector<std::string>{"ssn=123-45-6789"});
    CHECK(found(analyzer, "Call 555-123-4567 anytime.", "personal_data").empty());
    CHECK(found(analyzer, "Your temporary password is Blue-Fox-22!", "personal_data") ==
          std::vector<std::string>{"password=password is Blue-Fox-22!"});
    CHECK(found(analyzer, "Your password is not visible to us.", "personal_data").empty());
    CHECK(found(analyzer, "What's your password?", "personal_data") ==
          std::vector<std::string>{"asks_for_password=What's your password"});
    CHECK(found(analyzer, "We will never ask for your password.", "personal_data").empty());
    CHECK(found(analyzer, "Can you confirm the last four digits of your card number?", "personal_data").empty());
}

TEST_CASE("shouting, questions, readability and language") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    ReplySignals s = analyzer.analyze("PLEASE READ THE EMAIL. Is the API down? Thanks.");
    CHECK(s.has("shouting"));
    CHECK_FALSE(analyzer.analyze("The API and the SSO page are fine.").has("shouting"));
    CHECK(s.questions == 1);
    CHECK(s.sentences == 3);
    CHECK(s.words == 9);
    CHECK(s.english);

    ReplySignals es = analyzer.analyze("Lo siento mucho, ya hemos procesado el reembolso de su pedido.");
    CHECK_FALSE(es.english);
    CHECK(es.language == "es");
    CHECK(es.has("language"));

    // Languages that share no function word with the first seven lexicons, each its own: an
    // Indonesian wallet's chat, a Danish pharmacy's e-mail, a Swedish delivery note, a Polish
    // order note. A reply in English that borrows a word or two ("Maaf ya Kak") stays English.
    CHECK(analyzer.analyze("Mohon maaf Kak, dana sudah kembali ke saldo Kakak ya. Silakan dicek.").language == "id");
    CHECK(analyzer.analyze("Kære Mette, tak for din besked. Jeg har ringet til fragtfirmaet, og pakken er på vej.").language == "da");
    CHECK(analyzer.analyze("Hej! Vi ber om ursäkt för förseningen, och din leverans kommer på onsdag.").language == "sv");
    CHECK(analyzer.analyze("Dzień dobry, pani zamówienie zostało wysłane i już jest w drodze.").language == "pl");
    CHECK(analyzer.analyze("Habari, tumepokea malipo yako ya KES 1,000. Asante kwa kutumia huduma yetu.").language == "sw");
    CHECK(analyzer.analyze("Dia duit! Tá brón orm faoin moill. Tá cárta nua eisithe agam duit inniu.").language == "ga");
    CHECK(analyzer.analyze("Maaf ya Kak for the trouble, I've refunded the 129.000 to your wallet just now.").english);

    // With no English function word, the dictionary tells English words listed from another language.
    ReplyAnalyzer speller(test::bundledLexicons(), test::bundledSpelling());
    CHECK(speller.analyze("Apologies, inconvenience, reservation, refund, upgrade, welcome gift, satisfaction.").english);
    CHECK_FALSE(speller.analyze("Habari, pole kwa usumbufu. Pesa yako imerudishwa kwenye akaunti yako leo.").english);

    ReplySignals empty = analyzer.analyze("   ");
    CHECK(empty.words == 0);
    CHECK(empty.has("empty"));

    std::string ninety;
    for (int i = 0; i < 30; ++i) ninety += "we are here. ";
    CHECK(analyzer.analyze(ninety, Channel::Chat).has("too_long"));   // chat replies stay within 80 words
    CHECK_FALSE(analyzer.analyze(ninety, Channel::Email).has("too_long"));
}

TEST_CASE("reply-check prints each signal with its span, --json gives the same as data") {
    auto r = test::runCli({"reply-check", "I'm not sorry. CALM DOWN RIGHT NOW, I will refund it."});
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("apology (sorry) [8,13) \"sorry\" - does not count: negated by \"not\"") != std::string::npos);
    CHECK(r.out.find("condescension (calm down) [15,24) \"CALM DOWN\"") != std::string::npos);
    CHECK(r.out.find("shouting (capitals) [15,34) \"CALM DOWN RIGHT NOW\"") != std::string::npos);
    CHECK(r.out.find("ownership (i will) [36,42) \"I will\"") != std::string::npos);

    auto j = test::runCli({"reply-check", "--json", "--channel", "chat", "-"}, "Card 4111 1111 1111 1111, ok?");
    REQUIRE(j.exitCode == 0);
    auto data = nlohmann::json::parse(j.out);
    CHECK(data["channel"] == "chat");
    CHECK(data["questions"] == 1);
    bool card = false;
    for (const auto& s : data["signals"])
        if (s.value("kind", "") == "card_number") card = s["begin"] == 5 && s["end"] == 24 && s["text"] == "4111 1111 1111 1111";
    CHECK(card);

    CHECK(test::runCli({"reply-check", "--channel", "fax", "hi"}).exitCode == 2);
}

TEST_CASE("reply-check: acronyms are not shouting, 'nothing is wrong on your side' is not blame, misspellings get suggestions") {
    auto run = [](const std::string& text) {
        auto r = test::runCli({"reply-check", "--json", text, "--content", test::sourcePath("")});
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
        const auto parsed = nlohmann::json::parse(r.out);
        std::set<std::string> names;
        for (const auto& s : parsed["signals"])
            if (s["counts"].get<bool>()) names.insert(s["signal"].get<std::string>());
        return std::make_pair(names, parsed);
    };
    CHECK_FALSE(run("The EU REST API is back: requests from the EU region succeed again.").first.count("shouting"));
    CHECK(run("PLEASE STOP SENDING THE SAME TICKET.").first.count("shouting"));
    CHECK_FALSE(run("Nothing is wrong on your side; the fault was in our gateway and it is fixed.").first.count("blame"));
    CHECK(run("The import failed because your admin deleted the field mapping.").first.count("blame"));
    auto [names, j] = run("I have recieved your mesage and refunded the charge.");
    CHECK(names.count("misspelling"));
    bool suggested = false;
    for (const auto& s : j["signals"])
        if (s["signal"] == "misspelling" && s["text"] == "recieved")
            suggested = s["note"].get<std::string>().find("received") != std::string::npos;
    CHECK(suggested);
    // The content's own words are spelled right here as in play, at a sentence's start too.
    CHECK_FALSE(run("Shopify orders sync every hour, and Northwind Desk shows them in the sidebar.")
                    .first.count("misspelling"));
    // British spelling is spelling: an agent who writes "apologise" and "colour" is not marked down.
    CHECK_FALSE(run("I apologise: the colour of your organisation's licence badge was wrong, and I've cancelled the order.")
                    .first.count("misspelling"));
}

TEST_CASE("an apology that only softens a refusal is a non-apology; one that goes on to help is an apology") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    auto isNonApology = [&](std::string_view reply) {
        ReplySignals s = analyzer.analyze(reply);
        return s.has("non_apology") && !s.has("apology");
    };
    auto isApology = [&](std::string_view reply) {
        ReplySignals s = analyzer.analyze(reply);
        return s.has("apology") && !s.has("non_apology");
    };
    // A "but" past the customer's title, and a "however" a few words on.
    CHECK(isNonApology("Sorry ma'am, but the upgrade price is what it is."));
    CHECK(isNonApology("We are sorry for any inconvenience, however road repairs are handled by the county."));
    // A refusal in the apology's sentence, before an apology that closes it, or beside one said alone.
    CHECK(isNonApology("Sorry, once the order has shipped I can't cancel it."));
    CHECK(isNonApology("We regret that we are unable to ship wine abroad."));
    CHECK(isNonApology("Annual plans are non-refundable after 14 days, sorry."));
    CHECK(isNonApology("Can't rush it. Sorry."));
    // Sorry for how the customer sees it.
    CHECK(isNonApology("We're sorry you found the invoice hard to follow. It is explained on page 2."));
    // Still apologies: help follows the "but"; the customer, not the agent, could not do something;
    // the agent could not find something; the refund that has not come is the problem.
    CHECK(isApology("I'm sorry for the wait, but I've refunded the duplicate charge today."));
    CHECK(isApology("We are sorry that you have been unable to log in since Monday; the fix is live now."));
    CHECK(isApology("Sorry, I can't see that invoice on my side. Could you send its number?"));
    CHECK(isApology("So sorry, three weeks and still no refund is not good enough. I've chased finance and it goes out today."));
    CHECK(isApology("Sorry you saw that error on the export page; I've fixed it and it works now."));
    // What we do not do at all, and a "Sorry about that." after a refusal, only soften it; "we
    // don't worry" refuses nothing.
    CHECK(isNonApology("That's a Rogers issue if it's your home internet, we don't do home internet, sorry."));
    CHECK(isNonApology("Hi, I don't do refunds on personalised items as they're made to order, sorry."));
    CHECK(isApology("We don't want you waiting, so sorry for the delay! It ships today."));
    // "Not something I can honour" refuses; "not something you did" clears.
    CHECK(isNonApology("The agent shouldn't have promised that refund. Not something I can honour, sorry."));
    CHECK(isApology("It's not something you did, sorry: our sync broke it and I've fixed it."));
    // Regret on hearing the customer is unhappy with a decision is no apology for anything we did,
    // and no brush-off either; regret on reading how our colleague treated them is an apology.
    ReplySignals decision = analyzer.analyze("We are sorry to hear that you are unhappy with our decision. However, "
                                             "following a full review, the exclusion applies.");
    CHECK(decision.has("non_apology"));
    CHECK_FALSE(decision.has("apology"));
    CHECK_FALSE(decision.has("condescension"));
    CHECK(isApology("I was sorry to read that you felt rushed by my colleague. I have booked a fresh session for Wednesday."));
}

TEST_CASE("a reply of hashtags is a list of keywords, and apologises to no one") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    ReplySignals tags = analyzer.analyze("#handmade #sorry #shipping #delay #refund #customerservice #smallbusiness");
    CHECK(tags.has("keyword_stuffing"));
    CHECK_FALSE(tags.has("apology"));
    // A tag inside a sentence is still a sentence.
    ReplySignals sentence = analyzer.analyze("Sorry for the #delay, I've refunded your shipping and it's on its way.");
    CHECK_FALSE(sentence.has("keyword_stuffing"));
    CHECK(sentence.has("apology"));
}

TEST_CASE("a list of terms is a list of keywords whatever the terms; a terse note of pairs or a sentence naming products is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK(analyzer.analyze("Hi Tom, 429, limit, 300, Retry-After, polling, webhooks. Sam").has("keyword_stuffing"));
    CHECK(analyzer.analyze("Hi Tom,\n- Retry-After\n- webhooks\n- batching\n- 300/min\n- backoff\nSam").has("keyword_stuffing"));
    // Stock service words strung together, "sorry" and "thanks" among them.
    CHECK(analyzer.analyze("refund sorry understand apologize problem solved thanks feedback").has("keyword_stuffing"));
    CHECK(analyzer.analyze("Sorry!! Refund, replacement, apologies, understand, family business, valued customer, thank you").has("keyword_stuffing"));

    // A terse note's items are pairs that say something; a web address is one item.
    CHECK_FALSE(analyzer.analyze("Ticket #4471, Priya Shah, double charge, $49, refund RF-88213, 5-10 days, customer happy.").has("keyword_stuffing"));
    CHECK_FALSE(analyzer.analyze("We're aware. Email ingestion delayed ~20 min. Fix in progress. Updates: status.northwinddesk.com").has("keyword_stuffing"));
    // A form-style note is fields, each a label and its value.
    CHECK_FALSE(analyzer.analyze("Caller: Elena Ruiz, owner. Plan: Team, 5 seats. Question: proration. Answer: prorated, "
                                 "$190/month after. Callback: none needed.").has("keyword_stuffing"));
    CHECK_FALSE(analyzer.analyze("We support Shopify, WooCommerce, Magento, BigCommerce, Wix, Squarespace and Etsy.").has("keyword_stuffing"));
    CHECK_FALSE(analyzer.analyze("Hi Tom, yes, that's right, thanks, see you.").has("keyword_stuffing"));
    // Service words in brackets inside a sentence, or a sign-off after the last one, are no list.
    CHECK_FALSE(analyzer.analyze("Added a $50 goodwill credit (reason: Goodwill, complaint) to her next invoice.").has("keyword_stuffing"));
    CHECK_FALSE(analyzer.analyze("I have passed your complaint to the relevant department and someone will be in touch.\n\n"
                                 "Yours sincerely,\nCustomer Services").has("keyword_stuffing"));
}

TEST_CASE("a bag of words with no sentence in it is a list of keywords, figures and all") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    auto stuffed = [&](const char* reply) { return analyzer.analyze(reply).has("keyword_stuffing"); };
    // Seven words or more and not one function word, three of them service words.
    CHECK(stuffed("sorry delay rider Lekki today refund ₦2,500 voucher escalate"));
    CHECK(stuffed("cancelled weather southerly rebook refund credit sorry sailing 8am"));
    CHECK_FALSE(analyzer.analyze("cancelled weather southerly rebook refund credit sorry sailing 8am").has("apology"));
    // A terse note says something in each of its clauses.
    CHECK_FALSE(stuffed("Refund of ₦2,500 issued today. Rider delayed by rain, voucher sent, sorry again."));
    // Seven words and not one function word are terms, service words or not: a bag of them in one
    // clause, or items two in five of which are one term alone.
    CHECK(stuffed("kyc aml verification queue pending docs compliance review tier 2"));
    CHECK(stuffed("claim, deductible $250, 90% reimbursement, waiting period 14 days, pre-existing, appeal"));
    CHECK(stuffed("ETF, device balance, $287, port-out, 30 days, final bill, SIM lock"));
    // Four short reports are a note, and "Path:" points the way.
    CHECK_FALSE(stuffed("Credit note 9011873 issued today, EUR 412.50, offset against invoice 7720931. Confirmation attached."));
    CHECK_FALSE(stuffed("Password reset link sent. Check spam folder, junk folder too."));
    // A function word inside a term is part of it, and one before a colon introduces a list rather
    // than labelling a field.
    CHECK(stuffed("Re: Account 7732019 - deductible, coinsurance, EOB, out-of-network, balance $1,284, payment plan."));
    CHECK(stuffed("Okay, so: forbearance, deferment, IDR, capitalized interest, ten years, PSLF, consolidation. Any questions?"));
    // A greeting and a sign-off around the list are no sentence, and their items are not terms;
    // a terse note in that frame still says something.
    CHECK(stuffed("Hi,\n\nDirect debit, failed, dishonour fee, $15, bank, retry 28th, account number, update.\n\nRegards Josh"));
    CHECK(stuffed("Hi,  MFA Okta authenticator reset enrolment QR code push notification Service Desk.  Regards"));
    CHECK_FALSE(stuffed("Hi.  2FA reset requires ID verification. Form attached.  Regards, Security Team"));
    CHECK_FALSE(stuffed("Hi, refund issued today, $15 back on your card, bank takes 3 days. Thanks, Josh"));
    // The comma of a figure does not part a clause: "₦2,500" stands in one.
    Stemmer stemmer;
    AnalyzedText figure = analyzeText("refund ₦2,500 voucher", stemmer);
    REQUIRE(figure.tokens.size() == 4);
    CHECK(figure.tokens.front().clause == figure.tokens.back().clause);
}

TEST_CASE("a menu path written with commas is where to click, not a list of keywords") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    auto stuffed = [&](const char* reply) { return analyzer.analyze(reply).has("keyword_stuffing"); };
    // The screens in the order a customer clicks them, after a word that points the way.
    CHECK_FALSE(stuffed("Here is how to reconnect. Steps: Settings, Integrations, Shopify, Connect, Authorize."));
    CHECK_FALSE(stuffed("Sure! Path: Settings, Integrations, Shopify, Connect, Authorize. Done."));
    // The service's own words stay keywords, capitalised or behind a label, and so does a list that
    // points nowhere.
    CHECK(stuffed("Steps: Sorry, Refund, Apologize, Understand, Escalate."));
    CHECK(stuffed("Here: sorry, refund, apologize, understand, escalate."));
    CHECK(stuffed("Here: Settings, Integrations, Shopify, Connect, Authorize."));
}

TEST_CASE("a reply's words out of order are no sentences; prose that strands a preposition or names Plan A is") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    // A model answer's words shuffled: every term is there, and "the to", "your is", "we the" and
    // "for will" are not English anywhere.
    ReplySignals salad = analyzer.analyze("limit the to 300 Hi your is Tom requests per minute we the webhooks polling "
                                          "Retry-After for will header wait a and then retry, instead of use.");
    CHECK(salad.has("keyword_stuffing"));
    REQUIRE(salad.all("keyword_stuffing").size() == 1);
    CHECK(salad.all("keyword_stuffing")[0]->note.find("\"the to\"") != std::string::npos);
    // English: a preposition at a clause's end or before "is", "log in to", "to not", Plan A, a to-do.
    CHECK_FALSE(analyzer.analyze("What it comes down to is the limit: 300 requests a minute on the Team plan. Log in to "
                                 "your dashboard, open the to-do list and pick Plan A. Try to not poll; that's what "
                                 "webhooks are for.").has("keyword_stuffing"));
    CHECK_FALSE(analyzer.analyze("Options: a) refund, b) credit. I can in the meantime hold the order for you, as we "
                                 "did last time with your account. Thanks, Sam").has("keyword_stuffing"));
}

TEST_CASE("calling a person names is condescension the learned model cannot overrule; quoting the customer's words is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling(), test::bundledSignalModel());
    // Internal notes read nothing like the replies the model learned from: the rules stand.
    CHECK(analyzer.analyze("Typical drama queen. Told her the refund is done, RF-88213, 5-10 days.").has("condescension"));
    CHECK(analyzer.analyze("Clueless store admin broke the integration again. Reconnected it. Closed.").has("condescension"));
    CHECK(analyzer.analyze("Entitled customer, total nightmare. Refund issued.").has("condescension"));
    // "Entitled to" is a right, and the customer's own words quoted back are theirs.
    CHECK_FALSE(analyzer.analyze("You are entitled to a refund of $76, which I have issued today.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("You said 'your team is clueless', and after the week you've had I understand why. "
                                 "I've refunded the $49 today.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("I'm not calling you clueless: the setting is hard to find, and I've changed it for you.").has("condescension"));
}

TEST_CASE("'…, not me' disowns the problem; knowing what it costs the customer is empathy") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK(analyzer.analyze("The courier lost it, not me. Call them.").has("blame"));
    CHECK(analyzer.analyze("That was the weekend team, not us.").has("blame"));
    // Help that follows makes it a cause, not blame.
    CHECK_FALSE(analyzer.analyze("The courier lost it, not me, but I've already sent a replacement by express.").has("blame"));

    CHECK(analyzer.analyze("I know a week without hot water is a real hassle with a newborn.").has("empathy"));
    CHECK(analyzer.analyze("We can imagine how stressful a frozen account is before rent is due.").has("empathy"));
    CHECK_FALSE(analyzer.analyze("I know, but the hassle is on your side.").has("empathy"));
    CHECK_FALSE(analyzer.analyze("I get asked that a lot. The plan includes five seats.").has("empathy"));
}

TEST_CASE("non-apologies, another customer's name and a card photo request are flagged, warnings are not") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK(analyzer.analyze("I'm sorry you feel that way, but the policy is clear.").has("non_apology"));
    CHECK(analyzer.analyze("I'm not sorry: the invoice was right.").has("non_apology"));
    CHECK_FALSE(analyzer.analyze("I'm so sorry about the double charge.").has("non_apology"));
    CHECK(analyzer.analyze("Another customer, Smile Bright Dental on Elm Street, was also affected.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Other customers on the Business plan were affected too.").has("other_customer"));
    CHECK(analyzer.analyze("Could you send a photo of your card, front and back?").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Please never send your password or card number by email; we will never ask for them.").has("personal_data"));
    CHECK(analyzer.analyze("Wow, what a shock, another customer who didn't read the email.").has("condescension"));
}

TEST_CASE("a reply at the size limit made of service words is a list of keywords, whatever its length") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    std::string reply;
    while (reply.size() + 40 <= kMaxReplyBytes) reply += "sorry refund apologise understand thanks ";
    ReplySignals signals = analyzer.analyze(reply);
    REQUIRE(signals.keywordStuffing);
    // Every apology in it is part of the list, so none counts as an apology.
    for (const auto* s : signals.all("apology")) CHECK_FALSE(s->counts);
}

TEST_CASE("blame framed as what someone should have done, or as a named cause, and its owned opposites") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    // Modal perfect said of someone else, with no subject, or of us (which owns the fault).
    CHECK(found(analyzer, "Well, he shouldn't have promised that.", "blame") ==
          std::vector<std::string>{"modal perfect=shouldn't have promised"});
    CHECK(found(analyzer, "Your procurement team might have checked before signing.", "blame") ==
          std::vector<std::string>{"modal perfect=might have checked"});
    CHECK(found(analyzer, "We should have caught it before the renewal.", "blame").empty());
    CHECK(found(analyzer, "You should have received a reminder on the 1st.", "blame").empty());
    CHECK(found(analyzer, "It should have gone through on the 3rd.", "blame").empty());
    // A causal phrase whose cause is a named actor, "your", or someone capitalised; ours is owned.
    CHECK(found(analyzer, "This is almost always caused by something on your own machine.", "blame") ==
          std::vector<std::string>{"causal=caused by something on your own"});
    CHECK(found(analyzer, "The error lies with whoever approved the seats.", "blame") ==
          std::vector<std::string>{"causal=lies with whoever"});
    CHECK(found(analyzer, "The outage was caused by a change our team made.", "blame").empty());
    // Blame phrases are negatable: saying it is nothing on their side is reassurance.
    CHECK(found(analyzer, "That came from a fault in our billing run, not anything on your side.", "blame").empty());
    // The customer as the one who feels, or our own subject between them, names no cause of theirs.
    CHECK(found(analyzer, "Your IT team broke the sync last night.", "blame") ==
          std::vector<std::string>{"your it team ... broke=Your IT team broke"});
    CHECK(found(analyzer, "I'm sorry you feel the response time was slow.", "blame").empty());
    // What a "caused by" names may be an event, which is no one's act.
    CHECK(found(analyzer, "We apologise for the inconvenience caused by the delay of flight SB214.", "blame").empty());
    CHECK_FALSE(found(analyzer, "The outage was caused by the bank, so there's nothing we can do.", "blame").empty());
    CHECK(found(analyzer, "Sorry if you think we ignored your emails.", "blame").empty());
}

TEST_CASE("talking down by structure: saying it again, echoing a figure back, spelling it out, a tag question, rolling eyes") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(found(analyzer, "I'm saying it again: five to ten business days.", "condescension") ==
          std::vector<std::string>{"repeating oneself=saying it again"});
    CHECK(found(analyzer, "The renewal email went out thirty days ago. Thirty.", "condescension") ==
          std::vector<std::string>{"echo=Thirty."});
    CHECK(found(analyzer, "It is in the terms. It. Is. Documented.", "condescension") ==
          std::vector<std::string>{"spelled out=Documented."});
    CHECK(found(analyzer, "Mate, it's the weather. Can't do much about that, can we?", "condescension") ==
          std::vector<std::string>{"tag question=can we?"});
    CHECK(found(analyzer, "If you book a room for 400 pesos you cannot expect the Ritz, no?", "condescension") ==
          std::vector<std::string>{"tag question=no?"});
    // A question that is no tag, or a tag with no statement before it, presses nothing.
    CHECK(found(analyzer, "Which plan are you on, and can you see the Billing tab?", "condescension").empty());
    CHECK(found(analyzer, "Is it?", "condescension").empty());
    CHECK(found(analyzer, "The refund left us on the 2nd \xF0\x9F\x99\x84", "condescension") ==
          std::vector<std::string>{"dismissive emoji=\xF0\x9F\x99\x84"});
    // The customer asked to say something new, a follow-up we promise, a sign-off's short lines and
    // a short answer that repeats nothing are not talking down.
    CHECK(found(analyzer, "Could you try again in two minutes and tell me what you see?", "condescension").empty());
    CHECK(found(analyzer, "I shall write again by Friday with confirmation.", "condescension").empty());
    CHECK(found(analyzer, "I've refunded the $89.\nThanks,\nSam\nL2", "condescension").empty());
    CHECK(found(analyzer, "Refunded. Anything else I can do?", "condescension").empty());
}

TEST_CASE("a named cause is blame when the reply pushes the problem away, not when it goes on to help") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(found(analyzer, "Any delay after dispatch sits with the courier, so you will need to contact them.", "blame").size() == 1);
    CHECK(found(analyzer, "The extra seats were added by one of your admins on the 12th.", "blame") ==
          std::vector<std::string>{"causal=by one of your"});
    // The same cause with help from us: kept to explain, not counted.
    std::string helped = "The extra seats were added by one of your admins on the 12th. I've sent them the steps to remove them.";
    CHECK(found(analyzer, helped, "blame").empty());
    bool explained = false;
    for (const auto& s : analyzer.analyze(helped).signals)
        explained = explained || (s.name == "blame" && !s.counts && s.note.find("goes on to help") != std::string::npos);
    CHECK(explained);
    // A passive "by" that names us, a date or another team of ours is no cause put on anyone else.
    CHECK(found(analyzer, "The refund was approved by our billing team.", "blame").empty());
    CHECK(found(analyzer, "Your data export will be ready by Friday.", "blame").empty());
    // A clause that only sends the customer to someone else pushes the problem away too.
    CHECK(analyzer.analyze("The doors on the AM96 aren't our drivers' fault, complain to the manufacturer.").has("blame"));
    CHECK(analyzer.analyze("Packing is done by the restaurant, we only deliver. Kindly contact Biryani Blues directly.").has("blame"));
    // Not with help of ours, nor when the customer is sent to us.
    CHECK_FALSE(analyzer.analyze("The courier lost it. I've sent a replacement today; call them if you want the report too.").has("blame"));
    CHECK_FALSE(analyzer.analyze("The courier lost it, so please contact us and we'll sort it.").has("blame"));
}

TEST_CASE("a problem put with a partner by name and then pushed away is blame; ours, or one with a workaround, is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    // The problem said to be the partner's is the cause, and explains the finding best.
    CHECK(found(analyzer, "That's a Shopify limitation, so there's nothing we can change on our end.", "blame") ==
          std::vector<std::string>{"someone else's=That's a Shopify limitation"});
    CHECK(raises(analyzer, "We can't fix that. It's a Microsoft problem. Talk to them.", "blame"));
    CHECK(raises(analyzer, "Sorry, but spilling coffee on it isn't covered, that's user damage.", "blame"));
    // "A known issue" names no one; a name of ours is no one else's.
    CHECK_FALSE(raises(analyzer, "It's a known issue and there's nothing we can change on our end yet.", "blame"));
    // A partner no lexicon lists is named by its capital.
    CHECK(raises(analyzer, "Sounds like an Openreach fault. Nothing we can change here.", "blame"));
    // Our own product's limitation is no one else's; a named limitation with a workaround helps.
    CHECK_FALSE(raises(analyzer, "That's a Northwind limitation, so there's nothing we can change on our end.", "blame"));
    CHECK_FALSE(raises(analyzer, "It's a known Shopify limitation; here's the workaround I'd suggest: export the orders first.", "blame"));
    // A partner's name is still no customer's.
    CHECK_FALSE(raises(analyzer, "Your Google Workspace admin can switch on SSO for Microsoft Teams.", "other_customer"));
    // Whom the customer is sent to names the partner: a capitalised name, "them", "the shop".
    CHECK(raises(analyzer, "Unfortunately we can't help with this one, you'll need to contact Google directly.", "blame"));
    CHECK(raises(analyzer, "The reader is with PostNord now. Ask them.", "blame"));
    // Not when we do the contacting, or warn against it.
    CHECK_FALSE(raises(analyzer, "The courier lost the scan. I contact them this morning and will tell you.", "blame"));
    CHECK_FALSE(raises(analyzer, "We've already warned them. Please don't contact them directly.", "blame"));
}

TEST_CASE("a refusal earlier in the clause cancels ownership; a negation after it, or in another clause, does not") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    // "on our side" said of what we will not do takes nothing on.
    CHECK(found(analyzer, "Your IT folks set the wrong URL. Nothing I can change on our side.", "ownership").empty());
    CHECK_FALSE(found(analyzer, "I'll make sure it doesn't happen again.", "ownership").empty());
    CHECK_FALSE(found(analyzer, "Nothing to worry about, I'll sort it on our end today.", "ownership").empty());
    // A conjunction starts another clause without a comma.
    CHECK_FALSE(found(analyzer, "We've never seen this before so I'll escalate it now.", "ownership").empty());
    CHECK_FALSE(found(analyzer, "Nothing was refunded yet and I'll look into it today.", "ownership").empty());
    // An emoji ends a clause: the "not" before it negates nothing after it.
    CHECK_FALSE(found(analyzer, "The Cancel button is the grey one, not the blue one 😊 I've reverted it for you.", "ownership").empty());
    // A terse report in a clause of its own, followed only by where and when; not someone else's
    // act with its object, a button's label, or what was sent before without us in it.
    CHECK_FALSE(found(analyzer, "Credit of $20 applied to acct ending 4471. Reflects on next bill.", "ownership").empty());
    CHECK_FALSE(found(analyzer, "Double charge reversed \xE2\x9C\x85 $18.75 back to Apple Pay in 1-3 days.", "ownership").empty());
    CHECK(found(analyzer, "The supplier sent us the wrong model.", "ownership").empty());
    CHECK(found(analyzer, "To reset your progress: Profile > Settings > Course > Reset.", "ownership").empty());
    CHECK(found(analyzer, "The reset email was sent. Check spam.", "ownership").empty());
    // An act under way, said as it starts, with no subject; not a question or advice.
    CHECK_FALSE(found(analyzer, "Double charge. Reversing it now.", "ownership").empty());
    CHECK(found(analyzer, "Restarting the router usually fixes it.", "ownership").empty());
    // Owning it in other words.
    CHECK_FALSE(found(analyzer, "That one's on me, I gave you the wrong date.", "ownership").empty());
    CHECK_FALSE(found(analyzer, "Consider it done: the refund went out this morning.", "ownership").empty());
    CHECK_FALSE(found(analyzer, "I won't close this ticket until you confirm it works.", "ownership").empty());
    // "No worries" and "never mind" are not negations of what follows them, nor empathy.
    CHECK_FALSE(found(analyzer, "No worries I have refunded it on our side", "ownership").empty());
    CHECK_FALSE(raises(analyzer, "No worries at all.", "empathy"));
}

TEST_CASE("blame, talking down and empathy said in words the lexicons lacked") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(raises(analyzer, "Our system worked fine; the error came from your integration.", "blame"));
    CHECK(raises(analyzer, "The problem is on your side. You'll need to take it up with them.", "blame"));
    CHECK(raises(analyzer, "Your power's on. Flickering lights are a you problem, get an electrician.", "blame"));
    CHECK_FALSE(raises(analyzer, "Don't worry, this is not a you problem: our update broke it, and I've rolled it back.", "blame"));
    CHECK(raises(analyzer, "I'm sure even you can manage to reset the password with these steps.", "condescension"));
    CHECK(raises(analyzer, "As any user should know, passwords are case-sensitive.", "condescension"));
    // "Anyone would be upset" sides with the customer; "anyone would know" talks down.
    CHECK(raises(analyzer, "Anyone would be frustrated after waiting two weeks.", "empathy"));
    CHECK_FALSE(raises(analyzer, "Anyone would be frustrated after waiting two weeks.", "condescension"));
    CHECK(raises(analyzer, "Anyone would know that passwords are case-sensitive.", "condescension"));
    CHECK(raises(analyzer, "That's a lot to deal with on top of a busy week.", "empathy"));
    CHECK(raises(analyzer, "I'd feel exactly the same in your shoes.", "empathy"));
    CHECK(raises(analyzer, "It was a 20 minute outage, there's really no need for all the drama.", "condescension"));
    CHECK(raises(analyzer, "Wow, a bug in an early-access game, who could have seen that coming.", "condescension"));
    CHECK(raises(analyzer, "Okay, I'll go through it nice and slow for you.", "condescension"));
    // Scolding the customer for getting in touch.
    CHECK(raises(analyzer, "We have your ticket. Please stop tagging us in every post.", "condescension"));
    CHECK(raises(analyzer, "Refund will come, no need to message every hour.", "condescension"));
}

TEST_CASE("a condolence is empathy the model cannot undo, and its 'sorry' is neither an apology nor a non-apology") {
    withAndWithoutModel([](ReplyAnalyzer& analyzer) {
        ReplySignals s = analyzer.analyze("I'm so sorry for your loss. I'll close the line today and waive the fee.");
        CHECK(s.has("empathy"));
        CHECK_FALSE(s.has("apology"));
        CHECK_FALSE(s.has("non_apology"));
        // An apology for our act beside it is still one.
        CHECK(analyzer.analyze("Please accept my condolences, and I'm sorry we sent that letter. I've stopped them.").has("apology"));
    });
}

TEST_CASE("a hand-off whose next step is someone else's, with no time, is not ownership") {
    withAndWithoutModel([](ReplyAnalyzer& analyzer) {
        CHECK_FALSE(analyzer.analyze("I've forwarded your email to the relevant department. Someone should be in touch.").has("ownership"));
        CHECK_FALSE(analyzer.analyze("I've escalated to R&D, they'll get back to you.").has("ownership"));
        // A time, or an act of our own beside the hand-off, is ownership.
        CHECK(analyzer.analyze("I've passed this to the network team and they'll call you by 3 pm today.").has("ownership"));
        CHECK(analyzer.analyze("I've refunded the fee and passed the fault to the network team; they'll be in touch.").has("ownership"));
        CHECK(analyzer.analyze("I've escalated this. Someone will contact you within the hour.").has("ownership"));
        // A time elsewhere in the reply is not when anyone will act.
        CHECK_FALSE(analyzer.analyze("Thanks for reaching out. I've passed your request along to the returns team, and someone "
                                     "should be in touch soon. Have a great day!").has("ownership"));
    });
}

TEST_CASE("a link or page that asks for a secret, and a need we may have one day, are no request of ours") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK_FALSE(analyzer.analyze("We've seen SMSes going around with a link asking for your card details and the OTP. "
                                 "We never ask for these by SMS.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Please don't send your card number by email. Use the secure payment link on your order page, "
                                 "which will ask for the card details there.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Please don't paste any SSNs here. If we do need to check an SSN I'll send you a secure upload "
                                 "link inside the app.").has("personal_data"));
    // A secret warned about and then asked for as "it" two short sentences on is asked for; a card
    // part named by its side of a payment card named the sentence before is too.
    CHECK(analyzer.analyze("Don't tell anybody your PIN, ok? Never. But I need it to do the transfer, so just read it to me quick.")
              .has("personal_data"));
    CHECK(analyzer.analyze("For the deposit we need to check the card. Please write me the long number on the front and the "
                           "small code at the back.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Thanks, the card is on file. Please read me the number on the back of your library card.")
                    .has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Your member ID card arrived. Please read me the number on the front.").has("personal_data"));
    // We still ask when we say we need it now, or ask for it ourselves.
    CHECK(analyzer.analyze("We need to check your SSN, please type it here.").has("personal_data"));
    CHECK(analyzer.analyze("Could you send me your card details so I can retry the payment?").has("personal_data"));
}

TEST_CASE("an apology made conditional is a non-apology") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto s = analyzer.analyze("Sorry if that was confusing on the website. No refunds after thirty days.");
    CHECK_FALSE(s.has("apology"));
    CHECK(s.has("non_apology"));
    CHECK(analyzer.analyze("I'm sorry you were charged twice; I've refunded the second charge.").has("apology"));
    // A "sorry" that only softens the problem pushed away in its sentence.
    auto pushed = analyzer.analyze("Your card was declined. Sorry, it's out of our hands, you'll need to ring them.");
    CHECK_FALSE(pushed.has("apology"));
    CHECK(pushed.has("non_apology"));
    CHECK(analyzer.analyze("Sorry, that's between you and the seller. We only provide the platform.").has("non_apology"));
    // A slip-up owned "on our side" pushes nothing away.
    CHECK(analyzer.analyze("I'm sorry the gift note was missing; that's a packing slip-up on our side.").has("apology"));
    // Not when we then act for the customer.
    CHECK(analyzer.analyze("Sorry, it's out of our hands at the bank, but I've called them and I'll update you by 5 pm.").has("apology"));
}

TEST_CASE("a point restated as itself talks down; a condition on what the customer failed to do is blame") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(found(analyzer, "Five to ten business days means five to ten business days.", "condescension") ==
          std::vector<std::string>{"tautology=Five to ten business days means five to ten business days"});
    CHECK(found(analyzer, "A business day means a weekday that is not a public holiday.", "condescension").empty());
    CHECK(found(analyzer, "If your team had followed the onboarding guide, this would not have happened.", "blame") ==
          std::vector<std::string>{"counterfactual=If your team had followed"});
    CHECK(found(analyzer, "If you had received the code, please ignore this message.", "blame").empty());
}

TEST_CASE("masked swearing is swearing, markdown stars and ordinary words are not") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(found(analyzer, "Honestly that router is a piece of sh*t.", "profanity") == std::vector<std::string>{"shit=sh*t"});
    CHECK(found(analyzer, "For f***'s sake, it's a courtesy car.", "profanity") == std::vector<std::string>{"fuck=f***"});
    CHECK(found(analyzer, "it's not our f*cking fault", "profanity") == std::vector<std::string>{"fucking=f*cking"});
    CHECK(found(analyzer, "**Note** your refund is on its way.", "profanity").empty());
    CHECK(found(analyzer, "Plan B* includes the add-on.", "profanity").empty());
    CHECK(found(analyzer, "I've sent a fresh login link to r***@gmail.com.", "profanity").empty());
}

TEST_CASE("a secret named in a warning, a quoted scam or a negated clause is not asked for") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    // Reported speech: the scam's words in quotes, then our promise never to ask.
    CHECK_FALSE(analyzer.analyze("You're right, that message asking you to 'confirm your card details' is a scam. "
                                 "We'd never ask for your card number.")
                    .has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Please DM us your name as it appears on the account (no card numbers or PIN, please!).")
                    .has("personal_data"));
    CHECK_FALSE(analyzer.analyze("The OTP didn't come through? That's a network fault, I'll resend it.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Whoever rang you asking for your login code, that was not us. I've signed out every device.").has("personal_data"));
    // The same requests unquoted and not negated still are.
    CHECK(analyzer.analyze("Please confirm your card details here so I can process it.").has("personal_data"));
    CHECK(analyzer.analyze("Please DM us your card number and PIN.").has("personal_data"));
    CHECK(analyzer.analyze("What's the OTP on your screen?").has("personal_data"));
    // Asked for in other words: any length of code, pasting it, a copy of it.
    CHECK(analyzer.analyze("Kindly read me the 4-digit code we have just sent to your phone.").has("personal_data"));
    CHECK(analyzer.analyze("Just paste your 2FA code here and I'll get you in.").has("personal_data"));
    CHECK(analyzer.analyze("We need a copy of your ID and your full Social Security number.").has("personal_data"));
    CHECK(analyzer.analyze("Please reply with the 24-word recovery phrase from your emergency kit.").has("personal_data"));
    // A secret named, then asked for as "it".
    CHECK(analyzer.analyze("I just sent a 6-digit code to your phone. Paste it here and I'll fix it.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("I'm sending a verification code to your phone; enter it on the login page.").has("personal_data"));
    // A warning whose list of secrets runs past a comma still refuses them all; what the customer
    // will need for a step of their own is not asked of them.
    CHECK_FALSE(analyzer.analyze("Nobody at LumaPay will ever ask for your OTP, your app passcode or your card's CVV.")
                    .has("personal_data"));
    CHECK_FALSE(analyzer.analyze("To set a new PIN, go to Card > Settings. You'll need your passcode and an OTP.")
                    .has("personal_data"));
    CHECK(analyzer.analyze("Just read me the code that pops up on your phone and I'll reverse it.").has("personal_data"));
    // Secrets by other names, and a request that opens by addressing the customer.
    CHECK(analyzer.analyze("What's your disarm code? I'll need it to run the test from here.").has("personal_data"));
    CHECK(analyzer.analyze("Paste your secret API key here and I'll check which scopes it has.").has("personal_data"));
    CHECK(analyzer.analyze("Sir share the delivery OTP here, I will mark it delivered.").has("personal_data"));
    // Read back or read out to us, the pronoun inside the request.
    CHECK(analyzer.analyze("I'm going to send an OTP to your phone now. Please read it back to me.").has("personal_data"));
    CHECK(analyzer.analyze("You will receive one OTP on your mobile now. Kindly read it out to me.").has("personal_data"));
    CHECK(analyzer.analyze("For the payment please write your card number and security code in reply mail.").has("personal_data"));
    // A question about whether something happened asks about the secret, not for it.
    CHECK_FALSE(analyzer.analyze("Did the code we just sent arrive?").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Have you turned on 2FA for your account yet?").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Is your PIN working again?").has("personal_data"));
    CHECK(analyzer.analyze("Thank you. And can I take the three digits on the back of the card, please?").has("personal_data"));
    // Someone else asking is the warning.
    CHECK_FALSE(analyzer.analyze("If anyone rings saying they're from us and asks for your PIN, put the phone down.")
                    .has("personal_data"));
    // What a message asks is what a scam asks; a request sent by message is still ours.
    CHECK_FALSE(analyzer.analyze("If you get a message asking for your card number, please don't reply; it isn't us.")
                    .has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Ignore any email that asks you to confirm your password.").has("personal_data"));
    CHECK(analyzer.analyze("Please reply to this email with your card number.").has("personal_data"));
}

TEST_CASE("a request for card data is read by its shape: any asking verb, and a card part named by what it is") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto asks = [&](std::string_view reply) { return raises(analyzer, reply, "personal_data", "asks_for_card_number"); };
    // A verb the request phrases do not list, asking for what the card lexicon names.
    CHECK(asks("For the renewal, kindly share the card number, expiry and CVV here."));
    CHECK(asks("Before I can help I will need you to confirm the full long card number."));
    CHECK(asks("Please enter the full card number, expiry date and CVV below."));
    // A card part named by what it is, with where it sits on the card in between.
    CHECK(asks("Could you pop the long number on the front of your card into this chat?"));
    CHECK(asks("Please snap a photo of both sides of your card and send it over."));
    CHECK(asks("Take a pic of the front of your card and upload it here."));
    CHECK(asks("I'll need the long number across the front of your card."));
    CHECK(asks("I need you to read out the numbers on your bank card."));
    CHECK(asks("What's the code on the back of your card?"));
    CHECK(asks("Just let us know the CVV and we'll push the payment through."));
    // One request for two parts of the card is one finding, however the readers reach it.
    for (std::string_view reply : {"To process this I'll need the card number and the security code.",
                                   "Please send the card number and the CVV."})
        CHECK(analyzer.analyze(reply).all("personal_data").size() == 1);
    // Not asked: a location on another card, a partial number, a refusal, a photo of something
    // else, the customer's own secure page, and a card we send.
    CHECK_FALSE(asks("I just need the member ID on the front of your card."));
    CHECK_FALSE(asks("Could you confirm the last four digits of your card?"));
    // A partial number beside a whole secret asked for after "and" is still a request, and "reply
    // this email with" asks as "reply with" does.
    CHECK(asks("Can you confirm the last four digits of the card you paid with and the 3-digit security code on the back?"));
    CHECK(asks("To validate your new card please reply this email with the 3 digits in the back of the card (CVV)."));
    CHECK_FALSE(asks("Please confirm the last 4 digits of your card number and the expiry date."));
    CHECK_FALSE(asks("Please don't send photos of your card here, they are not secure."));
    CHECK_FALSE(asks("You don't need to send your card number; I can find the payment by email."));
    CHECK_FALSE(asks("Can you send me a photo of the damaged headset and the receipt?"));
    CHECK_FALSE(asks("Please enter your card details on our secure payment page, never in this chat."));
    CHECK_FALSE(asks("Type your card number into the payment form at the link below, not here."));
    CHECK_FALSE(asks("We'll send a new card to your home address within 5 days."));
    // A noun at a clause's start is no command, and a verb asks for what is in its own clause.
    CHECK_FALSE(analyzer.analyze("It's a login page. Email in the first box, password in the second.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Please take out the tank, dry the little metal pins on the bottom, and put it back.")
                    .has("personal_data"));
    // Typed where the customer keeps it, or written down for themselves, it is not given to us.
    CHECK_FALSE(analyzer.analyze("Please enter your PIN on the card reader as usual.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Please write your password down somewhere safe, not in this chat.").has("personal_data"));
    CHECK(analyzer.analyze("Please share your login password so I can check the account settings.").has("personal_data"));
}

TEST_CASE("\"make sure you\" is advice, \"surely you\" talks down: the same stems, told apart") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK_FALSE(analyzer.analyze("Make sure you never share your password, even with our staff.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("I'll make sure your package arrives tomorrow morning.").has("condescension"));
    CHECK(analyzer.analyze("Surely you can see the button at the top of the page?").has("condescension"));
}

TEST_CASE("service time given away is an offer beyond authority, however it is put") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto offers = [&](std::string_view reply) { return raises(analyzer, reply, "guarantee"); };
    CHECK(offers("I've added a year of free service to your account."));
    CHECK(offers("To make up for it, your next three months are on us."));
    CHECK(offers("I'll waive your subscription fee for the next six months."));
    CHECK(offers("Since you've been with us so long, I'll give you the Premium plan free for one whole year."));
    // Given for good rather than for a count of months.
    CHECK(offers("I'll waive every fee on your account going forward."));
    CHECK(offers("I've added a voucher to your account and you'll get free delivery for the rest of the year."));
    CHECK_FALSE(offers("I've cancelled the add-on so you won't be charged for it going forward."));
    CHECK_FALSE(offers("Shipping is free from now on for orders over $50."));
    // Not an offer: a trial, a free replacement (no service time), a cancelled renewal, a date,
    // and a free week's pass or course, which are gestures rather than the subscription.
    CHECK_FALSE(offers("Your 14-day free trial ends on Friday."));
    CHECK_FALSE(offers("We'll replace the headset for free and send a prepaid label."));
    CHECK_FALSE(offers("I've turned off auto-renew so you won't be charged again on the 12th of next month."));
    CHECK_FALSE(offers("As a thank you, we'd love to offer you a free week pass any time in the next 6 months."));
    // Said as an offer we cannot make, or one we asked someone else about.
    CHECK_FALSE(offers("We can't give a whole year of service for free, but I've refunded the duplicate charge."));
    CHECK_FALSE(offers("I've asked my manager to approve a year of free service for you."));
}

TEST_CASE("words the lexicons lacked: login details, 'our client', 'with respect,' and a 'but' that turns to policy") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(raises(analyzer, "Send over your login details and I'll take a look from my end.", "personal_data", "asks_for_password"));
    CHECK_FALSE(analyzer.analyze("Please never share your login details with anyone, including us.").has("personal_data"));
    CHECK(raises(analyzer, "Could you share your login so I can check the settings myself?", "personal_data", "asks_for_password"));
    CHECK(raises(analyzer, "Please send me your credentials and I'll check.", "personal_data", "asks_for_password"));
    CHECK_FALSE(analyzer.analyze("Can you send me your login email so I can find the account?").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("You shared your login with a friend, which the terms do not allow.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Log in with your usual login details and open Billing.").has("personal_data"));
    CHECK(analyzer.analyze("Our client Harbor Freight Dental was also double-billed, so you're in good company.").has("other_customer"));
    CHECK(analyzer.analyze("With respect, you're wrong about the seat count.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("You deserved to be treated with respect, and I understand why you're upset.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("With respect to your invoice, I've corrected the seat count.").has("condescension"));
    CHECK(analyzer.analyze("Oh great, another password reset request. Love those.").has("condescension"));
    // Dismissing the customer's upset, the negation is the put-down itself.
    CHECK(analyzer.analyze("There's no need to get worked up about a $5 fee.").has("condescension"));
    CHECK(analyzer.analyze("Per my previous message, the refund takes 5-10 business days.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("I can see why you're worked up about this; I would be too.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("Perfect, another step done: your domain is verified.").has("condescension"));
    // An apology the sentence turns to the rules is no apology; one it turns to a fix still is.
    ReplySignals policy = analyzer.analyze("Sorry for any inconvenience this may have caused, but that's our policy.");
    CHECK(policy.has("non_apology"));
    CHECK_FALSE(policy.has("apology"));
    CHECK(analyzer.analyze("Sorry for the trouble this caused, but I've now refunded the charge under our policy.").has("apology"));
}

TEST_CASE("a lasting discount offered to this customer is a guarantee; a refused guarantee or a promotion is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto guarantee = [&](std::string_view reply) { return raises(analyzer, reply, "guarantee"); };
    CHECK(guarantee("80% off for three years if you sign today."));
    CHECK(guarantee("I give you a lifetime discount of 50 % on everything."));
    CHECK(guarantee("I can offer you 30% off your next three months."));
    CHECK(guarantee("We'll take 25 percent off your next 6 invoices."));
    // "All your next orders" are this customer's, not a group's.
    CHECK(guarantee("For your trouble we will give you 50% discount on all your next orders forever."));
    // Said to every member, asked of L2, or a plan's own terms: no offer to this customer.
    CHECK_FALSE(guarantee("Before you cancel, we're offering all returning members 50% off for six months."));
    CHECK_FALSE(guarantee("I've asked L2 Billing to approve a one-month 20 % discount for you."));
    CHECK_FALSE(guarantee("The 20% discount applies to annual plans only."));
    // Refusing a guarantee is good practice, not a guarantee ("can't" within three words).
    CHECK_FALSE(guarantee("I'm afraid I can't offer free months, but I've refunded the duplicate charge."));
    CHECK_FALSE(guarantee("I can't guarantee it will never happen again, but we've added a check."));
    CHECK_FALSE(analyzer.analyze("I can't promise it'll be fixed today, but I'll update you by 5 pm.").has("overpromise"));
    // A guarantee named is not one given: a product's, a scheme's, a claim under one.
    CHECK_FALSE(guarantee("Both cartridges are covered by the printer's 2-year guarantee."));
    CHECK_FALSE(guarantee("Under the Direct Debit Guarantee, your bank can refund it immediately."));
    CHECK_FALSE(guarantee("I'll review your guarantee claim personally and reply by Friday."));
    CHECK_FALSE(guarantee("A 2:1 is a minimum requirement rather than a guarantee of admission."));
    CHECK(guarantee("We can guarantee delivery by Friday."));
    CHECK(guarantee("I'm confident enough to guarantee you the same result by the end of Q3."));
    CHECK(guarantee("Northwind Desk hereby guarantees that no further outage will affect your account."));
    // "Never … again" promised however it is put; not advice, a rule of ours, or a condition.
    CHECK(guarantee("Oh no! I'll make sure this never, ever happens to you again, promise!"));
    CHECK(guarantee("I've reinstated your account and I'll personally make sure you're never suspended again."));
    CHECK_FALSE(guarantee("What I can do is help make sure it never catches you out again."));
    CHECK_FALSE(guarantee("We'll never ask you for your password again by email."));
    CHECK_FALSE(guarantee("If you turn on auto-pay, you'll never need to enter your card again."));
    // A promise referred to is not one made.
    CHECK_FALSE(analyzer.analyze("Sorry, the credit I promised last week didn't go through; it is issued now.").has("overpromise"));
    CHECK_FALSE(analyzer.analyze("Sorry it took longer than we promised.").has("overpromise"));
    CHECK(analyzer.analyze("I promise it will be fixed today.").has("overpromise"));
    // Vouching for what is already done is no promise beyond the agent's power; the future is.
    auto overpromise = [&](std::string_view reply) { return analyzer.analyze(reply).has("overpromise"); };
    CHECK_FALSE(overpromise("I can guarantee the refund has been issued; it shows on our side as sent."));
    CHECK_FALSE(overpromise("I'm 100% sure the refund went through this morning."));
    CHECK_FALSE(overpromise("I promise the refund has already been sent."));
    CHECK(overpromise("I promise the refund was sent and you'll have it by Friday."));
    CHECK(overpromise("I can guarantee it's been fixed for good."));
    CHECK(overpromise("I guarantee it has been fixed and it will never happen again."));
    CHECK(overpromise("Three free months have been added to your account."));
    // Promising one's own next contact is a commitment the agent controls; an outcome beside it is not.
    CHECK_FALSE(overpromise("I promise I'll call you back tomorrow."));
    CHECK_FALSE(overpromise("You have my word I'll follow up on Monday."));
    CHECK_FALSE(overpromise("I promise to update you by 5pm."));
    CHECK_FALSE(overpromise("I'll ring you at 3, I promise."));
    CHECK(overpromise("I promise I'll call you tomorrow and it will be fixed."));
    CHECK(overpromise("I promise I'll get you a full refund."));
    CHECK(overpromise("I promise I'll call you back and you'll never have this problem again."));
    // "No cap" and "no doubt" negate nothing.
    CHECK(guarantee("no cap this will NEVER happen again we promise"));
    CHECK(guarantee("No doubt this will never happen again."));
}

TEST_CASE("money given as a gesture is a goodwill credit whose span holds the amount; a correction is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto gift = [&](std::string_view reply) -> std::string {
        for (const auto& s : analyzer.analyze(reply).signals)
            if (s.counts && s.name == "credit" && s.kind == "goodwill") return std::string(reply.substr(s.span.begin, s.span.end - s.span.begin));
        return "";
    };
    // A note leaves its subject out; the gift is still ours. Someone else's, named, is not.
    CHECK(gift("$150 goodwill credit added to the next invoice.") == "$150 goodwill");
    CHECK(gift("Also gave her a $150 goodwill credit.") == "$150 goodwill");
    CHECK(gift("Billing added a $150 goodwill credit last month.").empty());
    CHECK(gift("A $150 goodwill credit was added by L2 Billing in March.").empty());
    CHECK(gift("I've added a $150 credit to your account for the trouble.") == "$150 credit");
    CHECK(gift("I can offer you a $75 voucher.") == "$75 voucher");
    CHECK(gift("We will give you a $500 credit as compensation.") == "$500 credit");
    CHECK(gift("I'll take $100 off your next bill to make up for it.") == "$100 off");
    // An apology beside a correction does not make the correction a gift; money given as one is.
    CHECK(gift("I've credited the difference of $120 back to your account, and I'm sorry for the bother.").empty());
    CHECK(gift("My apologies for the wait; I've credited the $120 difference.").empty());
    CHECK(gift("By way of apology, I've added $120 to your account.") == "$120");
    CHECK(gift("I'm so sorry for the trouble, so I've added a $120 credit to your account.") == "$120 credit");
    // An aside after the amount may say what it corrects.
    CHECK(gift("I've credited $120, the amount you were overcharged, and sorry for the hassle.").empty());
    CHECK(gift("I've credited $120, which is what we overcharged you.").empty());
    CHECK(gift("I've credited $120 to your account, the most I can do for the trouble.") == "credited $120");
    CHECK(gift("A $100 credit has been added to your account.") == "$100 credit");
    // The gesture a clause away, the amount between commas, and the nearer of two amounts.
    CHECK(gift("As a gesture of goodwill, I've applied $120 to your account.") == "gesture of goodwill, I've applied $120");
    CHECK(gift("I have credited one night, €470, to your folio.") == "credited one night, €470");
    CHECK(gift("I've refunded the delivery charge of $95 and added a $150 credit to your account.") == "$150 credit");
    CHECK(gift("I've refunded $249 and, for the inconvenience, added a $25 credit.") == "$25 credit");
    CHECK(gift("To say sorry, we'll cover next month's $99 fee.") == "$99");
    CHECK(gift("As a thank-you for your patience, I've added 120 dollars to your balance.") == "120 dollars");
    CHECK(gift("I can waive the whole $900 permit fee for you, no problem.") == "waive the whole $900");
    CHECK(gift("Don't worry about it, I'll just write off the whole balance, all $9,400.") == "write off the whole balance, all $9,400");
    // Putting right what the customer paid, a credit card, a limit, asking, refusing, policy.
    CHECK(gift("I've credited the $30 difference to your account.").empty());
    CHECK(gift("The refund of $1,185 will be credited to your account within 5 business days.").empty());
    CHECK(gift("Your credit card ending 4417 will see the $249 within 5 days.").empty());
    CHECK(gift("I can offer up to $50 as a goodwill credit.").empty());
    CHECK(gift("I've asked my manager to approve a $200 credit.").empty());
    CHECK(gift("I can't give you a $200 credit, but I've refunded the $89.").empty());
    CHECK(gift("The standard compensation of $35 will be paid automatically.").empty());
    CHECK(gift("I've voided the second $23.10, it'll drop off your statement in a few days.").empty());
    CHECK(gift("Customers who refer a friend get a $100 credit.").empty());
    CHECK(gift("We'll cover the $99 return shipping on defective items.").empty());
    CHECK(gift("I'm sorry, but the Council is unable to waive the $70 court costs.").empty());
    CHECK(gift("With our general manager's approval, I have waived the late-cancellation charge of $1,650.").empty());
    CHECK(gift("Thanks for your patience, I've refunded the $249 to your card.").empty());
}

TEST_CASE("a lexicon phrase written with a comma after it matches only where the reply has one") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    // The filler lexicon's "like, ": the verbal tic, not the verb or the preposition.
    CHECK(found(analyzer, "So like, the card got charged twice.", "filler") == std::vector<std::string>{"like, =like"});
    CHECK(found(analyzer, "It was, like , a glitch.", "filler") == std::vector<std::string>{"like, =like"});
    CHECK(found(analyzer, "I would like to help you with the refund.", "filler").empty());
    CHECK(found(analyzer, "Looks like the card was charged twice.", "filler").empty());
}

TEST_CASE("another customer is named when a named party's case is likened to this one, however it is put") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(analyzer.analyze("Funny, Tom at Cobalt Physio had this exact thing yesterday.").has("other_customer"));
    CHECK(analyzer.analyze("Acme Logistics Ltd and Halden Foods are on the same Business plan.").has("other_customer"));
    CHECK(analyzer.analyze("We had exactly this with Meridian Veterinary Group last month.").has("other_customer"));
    CHECK(analyzer.analyze("A comparable concern was raised by Meridian Legal LLP last month.").has("other_customer"));
    CHECK(analyzer.analyze("Tom at Cobalt Physio had the same problem as you yesterday.").has("other_customer"));
    // A titled name the opening words point at is not the addressee.
    CHECK(analyzer.analyze("Another customer, Mr de Vries from Amersfoort, had exactly the same problem last week.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Dear Mr de Vries, other customers were affected too, and I'm sorry.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Other customers were affected too. Mr Smith, I've refunded you today.").has("other_customer"));
    CHECK(analyzer.analyze("Hi Janet, it was your neighbour at no. 14, Mrs Gill, who got your bags.").has("other_customer"));
    // The addressee is the titled name the reply speaks to, set off by commas or a greeting,
    // wherever it stands; a titled name inside a sentence is someone else.
    CHECK(analyzer.analyze("Your order's in the same batch as Mr Patel's over at Greenleaf, and his arrived today.").has("other_customer"));
    CHECK(analyzer.analyze("That one's out with Mr Pryce on Elm Road at the moment.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Hi there! Mr Patel, thanks for waiting, the refund is done.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("I completely understand, Mr. Whitaker; not seeing your points is frustrating.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Dear Mr and Mrs Kaminski, I'm sorry you have waited six weeks.").has("other_customer"));
    // A couple spoken about, not to: their first title does not open the reply or a clause.
    CHECK(analyzer.analyze("Hi Tom, your room was given to the group travelling with Mr and Mrs Benali, who arrived early.")
              .has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Don't worry Ms Teo, I've booked the upgrade for your trip.").has("other_customer"));
    // A surname after a particle is still a name.
    CHECK(analyzer.analyze("Hi Anna, don't worry. Mr de Vries from Amersfoort had this exact issue too.").has("other_customer"));
    // The likening is about the customer's own case, a date or a price, or names our own products.
    CHECK_FALSE(analyzer.analyze("Hi Lena, you've had to email four times about the same refund, and I'm sorry.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("We booked you at the Avenida Palace for the same nights, same price.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Microsoft Teams has the same bug on Mac, so it isn't your setup.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Open Console > Limits; it is usually approved the same day.").has("other_customer"));
    // A greeting's name and the next clause's first word are not one name.
    CHECK_FALSE(analyzer.analyze("Hi Tom, Chrome and Firefox show exactly this message when cookies are blocked.")
                    .has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Dear Ms Grant, Stripe had a similar outage last night.").has("other_customer"));
}

TEST_CASE("an accountant is a person, not an account: 'your account was blocked' blames no one") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(analyzer.analyze("Your accountant set up the wrong tax rate, so take it up with them.").has("blame"));
    CHECK_FALSE(analyzer.analyze("Your account was blocked for security. The responsible team will review it today.").has("blame"));
    CHECK_FALSE(analyzer.analyze("Your account is deleted.").has("blame"));
    Stemmer stemmer;
    CHECK(stemmer.stem("accountants") == "accountant");
    CHECK(stemmer.stem("assistant") != stemmer.stem("assist"));
}

TEST_CASE("a bank named as where money went is no cause: a stem drops the possessive, so 'the bank's' alone read as 'the bank'") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK_FALSE(analyzer.analyze("We can't change a payroll once it's gone to the bank, so I've opened a reversal request for you.").has("blame"));
    CHECK_FALSE(analyzer.analyze("The refund left us today and the bank will show it within 5 days.").has("blame"));
    // The bank's part named as the cause still is.
    CHECK(analyzer.analyze("The delay is your bank's processing, not us. Take it up with them.").has("blame"));
    CHECK(analyzer.analyze("That's the bank's problem, not ours.").has("blame"));
}

TEST_CASE("words that only look like blame or a secret: an idiom, a verb's form, a point made once more in passing") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    // "Pinned" is no PIN, and "break the bank" names no bank.
    CHECK_FALSE(analyzer.analyze("PLEASE READ THE PINNED POST. ALL sailings today are CANCELLED.").has("personal_data"));
    CHECK(analyzer.analyze("What's your PIN?").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("A five dollar fee won't break the bank, but I've waived it anyway.").has("blame"));
    // Billed once more is a fact; opening with "Once more:" restates a point.
    CHECK_FALSE(analyzer.analyze("Cancellation needs 30 days notice, so you'll be billed once more on the 1st.").has("condescension"));
    CHECK(analyzer.analyze("Once more: the tracking code is in your email.").has("condescension"));
    CHECK(analyzer.analyze("AGAIN: THE TRACKING CODE IS IN YOUR EMAIL.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("Again, my apologies for the wait.").has("condescension"));
    // Whoever follows "between you and" is the other party; "between you and me" is an aside.
    CHECK(analyzer.analyze("Sorry, toll road charges are between you and NZTA. We just pass them on.").has("blame"));
    CHECK_FALSE(analyzer.analyze("Between you and me, the new release fixes it; I've switched it on for you.").has("blame"));
    // What the customer signed or initialled, given as the reason, is blame like what they agreed to.
    CHECK(analyzer.analyze("The 12-month minimum term was in section 4, which you initialled.").has("blame"));
}

TEST_CASE("a 'sorry' beside 'aren't something we do' or 'that's just how it is' softens a refusal") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    for (const char* reply : {"Sorry! Refunds for unused hours aren't something we do.",
                              "Warranty's the manufacturer's call. Sorry, that's just how it is."}) {
        ReplySignals s = analyzer.analyze(reply);
        CHECK_FALSE(s.has("apology"));
        CHECK(s.has("non_apology"));
    }
    CHECK(analyzer.analyze("Sorry! I've refunded the unused hours to your card.").has("apology"));
}

TEST_CASE("round twenty-five's second pair: whom a reply opens on, codes by what they are for, a closing 'Next.'") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto has = [&](const char* reply, const char* signal) { return analyzer.analyze(reply).has(signal); };
    // A titled name that opens the reply is whom it speaks to, comma or not.
    CHECK_FALSE(has("Mrs. Laila sorry about this, the system charged you two times. I cancelled the second charge now.", "other_customer"));
    CHECK(has("Hi Anna, Mrs. Laila had the same double charge yesterday.", "other_customer"));
    // What we reported is no other customer reporting it.
    CHECK_FALSE(has("The water is from a highway gully. I have reported it to Kent County Council today.", "other_customer"));
    // "The booking" earlier in the sentence does not make the SMS code a booking code.
    CHECK(has("To confirm the booking I need the code that comes on your SMS.", "personal_data"));
    CHECK(has("To update your payment just reply here with the card # + the 3 digits on back", "personal_data"));
    CHECK_FALSE(has("If anyone calls, hang up and ring the number on the back of your card.", "personal_data"));
    // "Next." to close a reply calls in the next customer.
    CHECK(has("Lag is your ISP. Not us. Next.", "condescension"));
    CHECK_FALSE(has("Step one done. Next, open Settings and tap Sync.", "condescension"));
}

TEST_CASE("who asks, who explains and whose handle: a third party's request, the customer's ordeal, a handle mid-reply") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto has = [&](const char* reply, const char* signal) { return analyzer.analyze(reply).has(signal); };
    // What another provider will ask for is no request of ours; our own "ask for" still is.
    CHECK_FALSE(has("If you're leaving, the new provider will ask for your account number and transfer PIN.", "personal_data"));
    CHECK(has("I will ask for your PIN now: what is it?", "personal_data"));
    // The code's digits, right after the code was sent.
    CHECK(has("Ok I just sent you a code by SMS, please type the 6 digits here so I can cancel it.", "personal_data"));
    CHECK_FALSE(has("We texted a code. Please confirm the last 4 digits of your card.", "personal_data"));
    // Explaining again is the customer's ordeal when they are the one who explains.
    CHECK_FALSE(has("I've set it up so you won't have to explain it all again.", "condescension"));
    CHECK(has("As I have explained twice already, the OTP goes to your phone.", "condescension"));
    // A handle mid-reply is someone else; the one a reply opens with is whom it answers.
    CHECK(has("We've seen this before, @nanayaw_gh had the same MoMo reversal issue last week.", "other_customer"));
    CHECK_FALSE(has("@nanayaw_gh had the same reversal issue last week? We're on it now.", "other_customer"));
    // When the customer should have the thing sent is no blame; what they should have done is.
    CHECK_FALSE(has("I mailed the certified copies this morning. You should have them by Thursday.", "blame"));
    CHECK(has("You should have checked the size chart.", "blame"));
}

TEST_CASE("a customer's role right before a name names another customer; the greeted customer's own address does not") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto names = [&](const char* reply) { return analyzer.analyze(reply).has("other_customer"); };
    CHECK(names("Hi Paul, we already refunded your colleague @MaryOB_Cork for that train, so you'll get yours too."));
    CHECK(names("We sorted this for the client Fernanda Lima last week in two days."));
    // A surname's particles stand inside the name.
    CHECK(names("Other user Pieter de Vries also had a flat tyre on this bike yesterday."));
    // A role written as a title is a job, and the greeted customer's address is theirs.
    CHECK_FALSE(names("I have referred the matter to the Customer Experience Manager Ana Reyes."));
    CHECK_FALSE(names("Hello Pieter, please ask IT to check that the user pieter.smit@vanleeuwen.nl is assigned to our app."));
}

TEST_CASE("a person or household named with their own details is another customer; a place's label or our own address is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK(analyzer.analyze("Hi Mr. Lee, attached is the EOB for claim 4471 (member: Sandra Whitcomb, DOB 04/12/1961).").has("other_customer"));
    CHECK(analyzer.analyze("Dear Ms Laurent, the noise was from the wedding party of the Moreau family in rooms 4 to 6.").has("other_customer"));
    // The customer's own details, a capitalised office label and our own address name nobody else.
    CHECK_FALSE(analyzer.analyze("Hi Anna Berg, your room 204 is ready from 2 pm.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("You can request it on Form SW-3, online or at City Hall, Room 104.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Our engineer Tom Price is in room 12 on the second floor if you drop by.").has("other_customer"));
    CHECK(analyzer.analyze("Hi Janet, we had several alarms on your street last night: the Hendersons at no. 14 had a break-in.")
              .has("other_customer"));
    CHECK(analyzer.analyze("Dear Ms Laurent, the noise came from the Van der Berg family in rooms 4 to 6.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Please meet our driver at no. 14 on Main Street at 9 am.").has("other_customer"));
    // Another patient set off by a comma, whose double-barrelled surname only contains the greeted one.
    CHECK(analyzer.analyze("Hi Ms. Reyes, the statement wasn't yours. It belongs to another patient, Gloria Reyes-Dunn, "
                           "who shares part of your surname.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Good news: the housekeeper at Riad Anya found your charger and sunglasses in room 3.").has("other_customer"));
    // A member of the customer's family has an account of their own, named by a first name alone.
    CHECK(analyzer.analyze("Hi Priya, I can see your husband Rahul's policy lapsed in June as well.").has("other_customer"));
    CHECK(analyzer.analyze("Your ex-wife Dana rang this morning asking about the same account.").has("other_customer"));
    // Not the customer's colleague, who works where they do, nor a family member spoken of by comma.
    CHECK_FALSE(analyzer.analyze("Your colleague Sanjay already has the admin rights, he can add you.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("I'm so sorry about your mum, Fiona. I've paused the membership.").has("other_customer"));
}

TEST_CASE("a household named by its surname is another customer; a capitalised plural word is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK(analyzer.analyze("The Hendersons in Bristol had exactly the same problem this week.").has("other_customer"));
    CHECK(analyzer.analyze("The Jenkins family on Orchard Road had the same install as you.").has("other_customer"));
    CHECK(analyzer.analyze("I've checked and the Hendersons' order also went to your address by mistake.").has("other_customer"));
    CHECK(analyzer.analyze("The customer before you, Mr. Alvarez, got a full refund for this.").has("other_customer"));
    // "term" and "report" are words the dictionary knows in lower case: no surname.
    CHECK_FALSE(analyzer.analyze("Please read the Terms, the same issue is covered there.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Check the Reports tab; the same error shows there.").has("other_customer"));
    // Whatever the household's thing is: a pet, a house.
    CHECK(analyzer.analyze("That was our mix-up. The Hendersons' cat was booked in at the same time as Tigger.").has("other_customer"));
    CHECK(analyzer.analyze("We did the Nguyens' place two doors down and they're getting 30 kWh a day.").has("other_customer"));
    // Other people in the customer's role, named: "other students like Ankit Sharma".
    CHECK(analyzer.analyze("Other students like Ankit Sharma from your batch have completed it without any issue.").has("other_customer"));
    // The greeting's name is whom the reply is written to, not another guest.
    CHECK_FALSE(analyzer.analyze("Dear Mr. Haddad, I apologise: your room number was read aloud within earshot of other guests.")
                    .has("other_customer"));
    // Without a dictionary no household is guessed at.
    ReplyAnalyzer noSpelling(test::bundledLexicons());
    CHECK_FALSE(noSpelling.analyze("The Hendersons in Bristol had exactly the same problem this week.").has("other_customer"));
}

TEST_CASE("a person named in full with where they are from is another customer; our people, sign-offs and things are not") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK(analyzer.analyze("Funny, Mike Russo from Bay Ridge bought the same lens and he's fine.").has("other_customer"));
    CHECK(analyzer.analyze("The domain is registered with us by Jiri Novak from Brno.").has("other_customer"));
    CHECK(analyzer.analyze("You're not the only one. Alasdair McKenzie up in Perth had a cracked cork too.").has("other_customer"));
    CHECK(analyzer.analyze("The set that went out Tuesday was for Brian Kowalczuk on Lakeshore Drive.").has("other_customer"));
    // Our own people, the agent's own name and a sign-off line.
    CHECK_FALSE(analyzer.analyze("Our engineer Tomasz Wrobel from Leeds will call you at 3 pm.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Hi, this is Priya Raman from Kestrel Energy. I've fixed the bill.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("I've refunded the fee.\nPriya Raman from Kestrel Energy").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Sanjay Kapoor from Billing will confirm the refund today.").has("other_customer"));
    // Things are named in capitals too, and the greeted customer is whom the reply is written to.
    CHECK_FALSE(analyzer.analyze("I've upgraded your Parking Permit from Zone B to Zone A.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("The Wi-Fi in Hadley Hall went down at 2:10 pm.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Hi Dana Whitlock, your order for Dana Whitlock at Lisbon Airport is ready.").has("other_customer"));
}

TEST_CASE("a security question's answer is asked for as a password is") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(analyzer.analyze("What's your mother's maiden name and date of birth?").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Never tell anyone your mother's maiden name, not even us.").has("personal_data"));
}

TEST_CASE("a template's placeholder in capitals is not shouting") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK_FALSE(analyzer.analyze("Hi {NAME}, thanks for reaching out about your order.").has("shouting"));
    CHECK_FALSE(analyzer.analyze("Hello %PLAYER%. Lost items cannot be restored after 30 days.").has("shouting"));
    CHECK(analyzer.analyze("Refunds are NEVER issued after thirty days.").has("shouting"));
}

TEST_CASE("a doctor and a customer's own report are not another customer, but another customer who reported it is") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK_FALSE(analyzer.analyze("I've got a slot at 10:20 with Dr Okoro, she'll see him first.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("We have reviewed your report and acted in line with our Community Guidelines.")
                    .has("other_customer"));
    CHECK(analyzer.analyze("Thanks for flagging it. Mrs Doherty has reported the same fault on her line this week.")
              .has("other_customer"));
    CHECK(analyzer.analyze("Two other customers, Harbour Lane Dental and Fenwick Optics, also reported it.").has("other_customer"));
}

TEST_CASE("a plain word of ours is not talking down when it is about our own doing or an offer to help") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK_FALSE(analyzer.analyze("It's a simple fix, and I've already done it for you.").has("condescension"));
    CHECK(analyzer.analyze("It's a simple fix: just clear your cache and sign in again.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("Obviously this shouldn't have happened, and I'm sorry.").has("condescension"));
    CHECK(analyzer.analyze("Obviously you ordered twice.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("Please read the attached summary when you have a moment.").has("condescension"));
    CHECK_FALSE(analyzer.analyze("I'm happy to explain again if anything is unclear.").has("condescension"));
    CHECK(analyzer.analyze("I'm happy to explain it again, more slowly.").has("condescension"));
    // The learned model does not raise on its own what a lexicon's exclusion judged in context.
    ReplyAnalyzer withModel(test::bundledLexicons(), test::bundledSpelling(), test::bundledSignalModel());
    CHECK_FALSE(withModel.analyze("It's a simple fix, and I've already done it for you.").has("condescension"));
}

TEST_CASE("what a thing of ours should have done owns a failure; what a person should have done, or chose wrongly, is blame") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK_FALSE(analyzer.analyze("You're not wrong, the invoice should have shown the discount.").has("blame"));
    CHECK_FALSE(analyzer.analyze("Our export should have included those rows.").has("blame"));
    CHECK_FALSE(analyzer.analyze("That's a lot of hassle for something that should have just worked.").has("blame"));
    CHECK(analyzer.analyze("The driver should have called you before leaving it.").has("blame"));
    CHECK(analyzer.analyze("Your accountant set up the wrong tax rate.").has("blame"));
    CHECK(analyzer.analyze("You selected an incorrect plan at checkout.").has("blame"));
    CHECK_FALSE(analyzer.analyze("We sent you the wrong size, sorry.").has("blame"));
}

TEST_CASE("having only looked is not help that excuses a cause named on the customer") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(analyzer.analyze("I've checked and the problem is on your side.").has("blame"));
    CHECK(analyzer.analyze("I checked the logs: the error came from your integration.").has("blame"));
    CHECK_FALSE(analyzer.analyze("I've checked, refunded the fee, and the error came from your bank.").has("blame"));
}

TEST_CASE("what the customer is going through, said to be hard, is empathy; a process's length is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    auto named = [&](const std::string& reply) {
        for (const auto& s : analyzer.analyze(reply).signals)
            if (s.name == "empathy" && s.kind == "a burden named") return true;
        return false;
    };
    CHECK(named("Missing your mum's 70th is gutting, and I wish I had better news for you."));
    CHECK(named("Losing a companion of fourteen years is heartbreaking."));
    CHECK(named("hey mate, sorry for the runaround, must be a pain. had a look, your panels are fine."));
    CHECK(analyzer.analyze("That sounds really stressful with the move on Friday.").has("empathy"));
    CHECK_FALSE(named("Shipping is long this time of year."));
    CHECK_FALSE(named("It's hard to say when the part will arrive."));
    CHECK_FALSE(named("I am sorry that this is upsetting for you. But the decision is final."));
    // Telling the customer they made no mistake clears them.
    CHECK(analyzer.analyze("You didn't make a mistake - the hotel changed its prices after your booking.").has("empathy"));
}

TEST_CASE("holding or keeping something for the customer is the agent's own next step") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK(analyzer.analyze("Your booking is fine; I am holding the room for you for 24 hours while your bank approves the charge.")
              .has("ownership"));
    CHECK(analyzer.analyze("We've reserved the 9:40 sailing for you and kept your original fare.").has("ownership"));
}

TEST_CASE("saying the customer's feeling is understandable is empathy") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(analyzer.analyze("It's completely understandable to feel let down here.").has("empathy"));
    CHECK(analyzer.analyze("I'd feel the same in your position.").has("empathy"));
}

TEST_CASE("asking for a screenshot with the card number covered does not ask for the card number") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK_FALSE(analyzer.analyze("Send me a screenshot of the error, but please cover any card numbers.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Please send a photo of the receipt with the card number blurred.").has("personal_data"));
    CHECK(analyzer.analyze("Please send the full card number, I'll cover the fee.").has("personal_data"));
    CHECK(analyzer.analyze("Please send your card number and the CVV.").has("personal_data"));
}

TEST_CASE("a secret asked for by e-mail, by its digit count or as a banking username is asked for") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(analyzer.analyze("Please email us a copy of your passport and your social security number.").has("personal_data"));
    CHECK(analyzer.analyze("Can I get the full 16 digits please?").has("personal_data"));
    CHECK(analyzer.analyze("Send over your online banking username so I can look at the transfer.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Email us if the code doesn't arrive, and never share it with anyone.").has("personal_data"));
}

TEST_CASE("a one-time code is known by what marks it, a few words from 'code', and by 'that code' after it") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto asks = [&](const char* reply) { return analyzer.analyze(reply).has("personal_data"); };
    CHECK(asks("Send me the 6-digit Google Auth code so I can verify it's you."));
    CHECK(asks("To unlock I need the code of 6 digits that arrived in your SMS now, please send here."));
    CHECK(asks("I just sent a verification code to your phone. Can you read that code back to me?"));
    // Typed where it belongs, warned about, or a code of something else.
    CHECK_FALSE(asks("We've texted you a 6-digit code; enter it in the app to finish."));
    CHECK_FALSE(asks("I sent a verification code. Type the code into the app and you're in."));
    CHECK_FALSE(asks("Send me the tracking code from your SMS and I'll check where it is."));
    CHECK_FALSE(asks("Please read me the booking code from the confirmation text."));
}

TEST_CASE("a fault word inside a sentence that clears the customer blames no one") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK_FALSE(analyzer.analyze("There's no way this was your fault.").has("blame"));
    CHECK_FALSE(analyzer.analyze("Sorry for the wait. There's no chance it was your fault.").has("blame"));
    CHECK(analyzer.analyze("It's your fault for not reading the email.").has("blame"));
}

TEST_CASE("'not from anything your team did' clears the customer, so the learned model alone does not call it blame") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling(), test::bundledSignalModel());
    ReplySignals cleared = analyzer.analyze("Those 503s come from us, not from anything your team did.");
    CHECK_FALSE(cleared.has("blame"));
    bool clears = false;
    for (const auto& s : cleared.signals) clears = clears || (s.name == "empathy" && s.kind == kClearsTheCustomer);
    CHECK(clears);
    // What the customer missed, said not to be theirs, clears them too; not knowing what they did
    // does not.
    auto clearing = [&](const char* reply) {
        for (const auto& s : analyzer.analyze(reply).signals)
            if (s.name == "empathy" && s.kind == kClearsTheCustomer) return true;
        return false;
    };
    CHECK(clearing("This wasn't anything you missed. Our system flagged the claim by mistake."));
    CHECK_FALSE(clearing("I'm not sure what you did there."));
    // Not sure what they did is no clearing.
    for (const auto& s : analyzer.analyze("I'm not sure what your team did, but it broke the sync.").signals)
        CHECK_FALSE(s.kind == kClearsTheCustomer);
}

TEST_CASE("free months asked for, refused or named as a plan's terms are no guarantee; a bill on us or a cut on the renewal is") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto guarantees = [&](std::string_view reply) { return analyzer.analyze(reply).has("guarantee"); };
    CHECK_FALSE(guarantees("Free months are beyond what I can give, but I've passed your request to my manager."));
    CHECK_FALSE(guarantees("Jordan asked for free months; declined as beyond L1."));
    CHECK_FALSE(guarantees("Three free months are outside my authority, so I've asked my team lead."));
    CHECK_FALSE(guarantees("She asked about the Business plan's guaranteed 99.9% uptime."));
    CHECK_FALSE(guarantees("The Business plan includes a guaranteed 99.9% uptime."));
    // Given, they still are, even after the customer asked.
    CHECK(guarantees("You asked, so I've given you three free months."));
    CHECK(guarantees("I've added two free months to your account."));
    CHECK(guarantees("December is on us."));
    CHECK(guarantees("This month's invoice is on us, for the trouble."));
    CHECK(guarantees("We'll take 15% off your renewal."));
    // "outside" as a place refuses nothing.
    CHECK(guarantees("The Council will guarantee you a bay outside your property going forward."));
    // An admission is not a gift.
    CHECK_FALSE(guarantees("That mistake is on us, and I've fixed it."));
}

TEST_CASE("certainty about an outcome no agent controls is a guarantee, however it is put") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(analyzer.analyze("There is zero chance this happens again.").has("guarantee"));
    CHECK(analyzer.analyze("Your package will absolutely arrive before Christmas.").has("guarantee"));
    CHECK_FALSE(analyzer.analyze("We will absolutely look into this for you.").has("guarantee"));
}

TEST_CASE("a person named by their organisation who had this too is another customer; our own departments are not") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(analyzer.analyze("Don't worry, Dave from Brightline had this too and it was fixed in a day.").has("other_customer"));
    CHECK(analyzer.analyze("Dave at Brightline Dental had it too last week.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("My colleague Sam from Billing had this too and fixed it.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Priya from Logistics had it too.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Hi Dave, I had this too on my Mac.").has("other_customer"));
    // At a sentence's start as well; our own teams there are still ours.
    CHECK(analyzer.analyze("Dave from Brightline had this too.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Sam from Billing had this too, and fixed it.").has("other_customer"));
    // Companies going through the same thing are named customers; our engineers, or the customer
    // themselves, are not.
    CHECK(analyzer.analyze("Harlow Outdoor and Pinecrest Foods are seeing the same 503s.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("Our engineers are seeing the same errors across the EU region.").has("other_customer"));
    CHECK_FALSE(analyzer.analyze("You are seeing the same error as yesterday.").has("other_customer"));
}

TEST_CASE("admitting our own mistake is ownership; denying it is not") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK(analyzer.analyze("We made a mistake with your invoice, and I've corrected it.").has("ownership"));
    CHECK(analyzer.analyze("We dropped the ball on your order.").has("ownership"));
    CHECK(analyzer.analyze("I should have checked the address before sending it.").has("ownership"));
    CHECK_FALSE(analyzer.analyze("We never made a mistake with your invoice.").has("ownership"));
    CHECK_FALSE(analyzer.analyze("It was not our fault, the courier lost it.").has("ownership"));
}

TEST_CASE("a sarcastic apology for existing apologises for nothing and talks down") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto signals = analyzer.analyze("Well, sorry for existing, I guess.");
    CHECK_FALSE(signals.has("apology"));
    CHECK(signals.has("non_apology"));
    CHECK(signals.has("condescension"));
}

TEST_CASE("a title and a name that are the case's own customer name no other customer") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    AnalyzedText text = analyzer.tokenize("I've told Mr Lloyd he'll have your answer by end of day tomorrow.");
    CHECK(analyzer.analyze(text).has("other_customer"));
    const std::vector<std::string> caseNames = {"Gareth Lloyd", "Lloyd & Daughters Plumbing"};
    CHECK_FALSE(analyzer.analyze(text, std::nullopt, caseNames).has("other_customer"));
    AnalyzedText possessive = analyzer.tokenize("The agent promised Mr Lloyd's refund on the recorded call.");
    CHECK_FALSE(analyzer.analyze(possessive, std::nullopt, caseNames).has("other_customer"));
    AnalyzedText other = analyzer.tokenize("I've told Mr Lloyd that Mrs Dunmore had the same refund last year.");
    CHECK(analyzer.analyze(other, std::nullopt, caseNames).has("other_customer"));
}

TEST_CASE("'sorry, that's the policy' refuses; 'no need to apologise' is neither apology nor refusal") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto policy = analyzer.analyze("Like I said, refunds are only available within 30 days. Sorry, that's the policy!");
    CHECK_FALSE(policy.has("apology"));
    CHECK(policy.has("non_apology"));
    CHECK(analyzer.analyze("Sorry, that's the policy, so I've refunded the fee as a one-off.").has("apology"));
    auto noNeed = analyzer.analyze("No need to apologise for chasing! I've updated the address.");
    CHECK_FALSE(noNeed.has("apology"));
    CHECK_FALSE(noNeed.has("non_apology"));
    CHECK_FALSE(analyzer.analyze("You have nothing to apologise for.").has("non_apology"));
    // The customer's own customers being unable to reach them is no refusal of ours.
    auto theirs = analyzer.analyze("I'm really sorry, I know that means your customers can't reach you at all right now.");
    CHECK(theirs.has("apology"));
    CHECK_FALSE(theirs.has("non_apology"));
}

TEST_CASE("what the agent offers to do with a secret just asked for is not ownership") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto ask = analyzer.analyze("Sure, I can log in as you and check! What's your password? I'll change it back after.");
    CHECK(ask.has("personal_data"));
    CHECK_FALSE(ask.has("ownership"));
    // A warning is no request, so the next step after it still counts.
    CHECK(analyzer.analyze("Please don't send your password here. I'll email you a reset link now.").has("ownership"));
}

TEST_CASE("one loan word makes no other language; one beside accented letters may") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto locked = analyzer.analyze("Account locked. Wait 30 minutes.");
    CHECK(locked.english);
    auto german = analyzer.analyze("Rückerstattung abgelehnt. Siehe AGB, Abschnitt 7.");
    CHECK_FALSE(german.english);
}

TEST_CASE("a language with no lexicon is told by words the dictionary does not know, not by typos or codes") {
    ReplyAnalyzer speller(test::bundledLexicons(), test::bundledSpelling());
    // Welsh and romanised Hindi share short words with English ("a", "am", "i", "do", "account"),
    // so English function words alone do not rule them out.
    CHECK_FALSE(speller.analyze("Bore da, diolch am eich neges. Rydym wedi trefnu ad-daliad i chi heddiw a bydd yn cyrraedd mewn tri diwrnod.").english);
    CHECK_FALSE(speller.analyze("Sir, aapka refund ho gaya hai, do din mein account mein aa jayega. Koi aur sawaal ho toh batayiye.").english);
    // A hurried English reply full of typos, and a list of codes and places, are English.
    CHECK(speller.analyze("hi sory for the dealy, ive refundd the mony to ur card, shud be ther by friday").english);
    CHECK(speller.analyze("PNR XK42LM, Heathrow T5, rebooked BA0117, 09:40, Amex, voucher, Terminal 3").english);
}

TEST_CASE("'must be you' blames and talks down; a negated apology stays one whatever the model reads") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    auto you = analyzer.analyze("Works fine. Must be you.");
    CHECK(you.has("blame"));
    CHECK(you.has("condescension"));
    ReplyAnalyzer learned(test::bundledLexicons(), test::bundledSpelling(), test::bundledSignalModel());
    auto notSorry = learned.analyze("We're not sorry for the maintenance window. It was announced two weeks ago.");
    CHECK_FALSE(notSorry.has("apology"));
    CHECK(notSorry.has("non_apology"));
}

TEST_CASE("one capital that warms thanks or stresses a safety warning is not shouting; a second one is") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK_FALSE(analyzer.analyze("Thank you SO much for the feedback, it really helps.").has("shouting"));
    CHECK_FALSE(analyzer.analyze("Please, do NOT send the full card number here; the last four digits are enough.").has("shouting"));
    CHECK(analyzer.analyze("We DID reply. Twice. Check your inbox.").has("shouting"));
    CHECK(analyzer.analyze("Refunds are NOT available. NOT available. It's on the pricing page.").has("shouting"));
}

TEST_CASE("'shouldn't have any more trouble' is a wish, and 'sad to see you go' is our feeling, not theirs") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    CHECK_FALSE(analyzer.analyze("Everything is back up now, so hopefully you shouldn't have any more trouble!").has("blame"));
    CHECK(analyzer.analyze("You shouldn't have deleted the workspace without exporting it first.").has("blame"));
    CHECK_FALSE(analyzer.analyze("Aw, sad to see you go! To cancel, head to Settings > Billing.").has("empathy"));
}

TEST_CASE("a capitalised label that starts a line is a heading, and whom the customer wrote to is no cause") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK_FALSE(analyzer.analyze("CASE NOTE: Customer called about the recording.\nNEXT STEP: legal to confirm by Friday.").has("shouting"));
    CHECK(analyzer.analyze("I TOLD YOU ALREADY: the refund is processing.").has("shouting"));
    ReplyAnalyzer rules(test::bundledLexicons());
    CHECK_FALSE(rules.analyze("The organisation you contacted is the data controller responsible for your personal data.").has("blame"));
    CHECK(rules.analyze("You emailed support instead of privacy, so it took longer. Not our problem.").has("blame"));
}

TEST_CASE("a 'not' in a later clause of its own is about that clause, not the request for a password") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK(analyzer.analyze("If you send me your portal login and password I can check why your upload isn't showing.").has("personal_data"));
    CHECK(analyzer.analyze("Send over the card number so it doesn't get declined again.").has("personal_data"));
    // The negation in the secret's own clause still refuses it.
    CHECK_FALSE(analyzer.analyze("Your password is something we will never ask for.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Please send the screenshot, but your password should not be in it.").has("personal_data"));
}

TEST_CASE("a warning that others may ask for a PIN, tagged 'ja?' or joined by 'never … and ask', asks for nothing") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK_FALSE(analyzer.analyze("If anyone phones you and asks for the PIN on your SMS, put the phone down, ja? We will never ask for that.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Just so you know, we will never call you and ask for your PIN or a code we text you.").has("personal_data"));
    // A real question still asks, and "don't worry" refuses nothing.
    CHECK(analyzer.analyze("What's the PIN on your card, please?").has("personal_data"));
    CHECK(analyzer.analyze("Don't worry, just send me your password and I'll sort it.").has("personal_data"));
    CHECK(analyzer.analyze("Don't log in yet and send me the code we texted you.").has("personal_data"));
}

TEST_CASE("a code's number, a secret word and the digits on the card's reverse side are secrets asked for") {
    ReplyAnalyzer analyzer(test::bundledLexicons(), test::bundledSpelling());
    CHECK(analyzer.analyze("For security verification pls share the 6 digit number which you received by SMS just now.").has("personal_data"));
    CHECK(analyzer.analyze("Please reply with the six-digit number that pops up in your Okta app.").has("personal_data"));
    CHECK(analyzer.analyze("Kindly reply with the secret word you set for your account.").has("personal_data"));
    CHECK(analyzer.analyze("Kindly reply with the 3 digits printed on the reverse side of the credit card used.").has("personal_data"));
    // Not an order, account or phone number.
    CHECK_FALSE(analyzer.analyze("Please reply with the order number from the text we sent you.").has("personal_data"));
    CHECK_FALSE(analyzer.analyze("Send me your account number and I'll check the SMS settings.").has("personal_data"));
}

TEST_CASE("'nothing I can do' and 'rules are rules' push the problem away; they blame only when someone is named") {
    ReplyAnalyzer rules(test::bundledLexicons());
    // No one named: a refusal, not blame.
    CHECK_FALSE(rules.analyze("Sorry, but all sales are final. There's nothing we can do.").has("blame"));
    CHECK_FALSE(rules.analyze("No guests on the intro offer, sorry. Rules are rules.").has("blame"));
    CHECK_FALSE(rules.analyze("Yeah, the new editor is crap, I know. Nothing I can do though.").has("blame"));
    // "Your" alone names no one: "your area", "your neighbours".
    CHECK_FALSE(rules.analyze("Tracking says delivered. Maybe check with your neighbours?").has("blame"));
    // Someone named as the cause, then pushed away.
    CHECK(rules.analyze("Sorry mate, but that's on your bank. Nothing I can do from here.").has("blame"));
    CHECK(rules.analyze("It's AWS that's down, not us, so honestly nothing we can do till Amazon sort themselves out.").has("blame"));
    CHECK(rules.analyze("Your W-2 has the wrong numbers, that's your employer's fault. Nothing we can do until they fix it.").has("blame"));
}

TEST_CASE("'like I wrote twice already' and 'answered your ticket 3 times' say it again; writing to someone else again does not") {
    ReplyAnalyzer rules(test::bundledLexicons());
    CHECK(rules.analyze("Ok. Like I wrote twice already, the campaign ended at midnight.").has("condescension"));
    CHECK(rules.analyze("We've answered your ticket 3 times now. There's nothing further to add.").has("condescension"));
    CHECK_FALSE(rules.analyze("I wrote to the warehouse again this morning and they confirmed the dispatch.").has("condescension"));
    CHECK(rules.analyze("Might I suggest that before logging a ticket you browse our FAQ?").has("condescension"));
    CHECK(rules.analyze("Doing payroll corrections by hand on a holiday weekend sounds miserable.").has("empathy"));
}

TEST_CASE("'Interesting.' said as a verdict of its own talks down; an interesting question or our own musing does not") {
    ReplyAnalyzer rules(test::bundledLexicons());
    CHECK(rules.analyze("Wow, so the phone jumped into the pool by itself? Interesting.").has("condescension"));
    CHECK(rules.analyze("Interesting how every small delay is suddenly fraud. Your transfer is pending.").has("condescension"));
    CHECK(rules.analyze("Closing your account over a $3 fee? Bold move.").has("condescension"));
    CHECK_FALSE(rules.analyze("Interesting question! The Pro plan includes 10 seats.").has("condescension"));
    CHECK_FALSE(rules.analyze("Interesting, I haven't seen that error before. Let me check with the team.").has("condescension"));
}

TEST_CASE("regret for what the customer chose or failed to do, or that they disagree, is a brush-off; 'sorry' then a redirection softens it") {
    ReplyAnalyzer rules(test::bundledLexicons());
    // An apology taken back: no apology counted, a non-apology found instead.
    auto takenBack = [&](const std::string& reply) {
        auto signals = rules.analyze(reply);
        return !signals.has("apology") && signals.has("non_apology");
    };
    // The customer's own choice or neglect as the thing regretted: sorry for nothing we did.
    CHECK(takenBack("We are sorry that you did not read the booking conditions before paying. The fee stands."));
    CHECK(rules.analyze("We are sorry that you did not read the booking conditions before paying.").has("condescension"));
    CHECK(takenBack("We regret that you chose to cancel so late. No refund is possible."));
    // Disagreement is a view, as "sorry you feel that way" is.
    CHECK(takenBack("We're sorry you disagree with the assessment, but the decision is final."));
    CHECK(rules.analyze("We're sorry you disagree with the assessment, but the decision is final.").has("condescension"));
    // Something that happened to the customer is still an apology.
    auto missed = rules.analyze("I'm sorry you didn't get a reply to your first email. I've answered it now.");
    CHECK(missed.has("apology"));
    CHECK_FALSE(missed.has("non_apology"));
    // "Sorry" before a clause that sends the customer elsewhere, with nothing done for them.
    CHECK(takenBack("Sorry, that blender is sold by a marketplace seller, take it up with them."));
}

TEST_CASE("swearing in a compound, a possessive or a dropped g is swearing; a brand or an ordinary word that starts alike is not") {
    ReplyAnalyzer rules(test::bundledLexicons());
    CHECK(rules.analyze("Honestly the whole migration was a shitstorm, we're rolling it back.").has("profanity"));
    CHECK(rules.analyze("Yeah the portal is a total sh*tstorm today, bear with us.").has("profanity"));
    CHECK(rules.analyze("Ah, feck's sake, the printer has jammed again.").has("profanity"));
    CHECK(rules.analyze("That courier is a fuckin' joke, I know.").has("profanity"));
    CHECK(rules.analyze("Merde, I sent the wrong invoice, please ignore it.").has("profanity"));
    CHECK_FALSE(rules.analyze("Hellmann's mayonnaise is back in stock at your store.").has("profanity"));
    CHECK_FALSE(rules.analyze("Hello Sam, the old plan was hellish to set up, the new one takes a minute.").has("profanity"));
    CHECK_FALSE(rules.analyze("The assessment found the shipment's seal intact.").has("profanity"));
}
