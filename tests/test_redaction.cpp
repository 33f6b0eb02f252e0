// Secrets are found by one detector (core/redaction.hpp) for scoring and for masking, in every
// format a keyboard or a paste produces, and none reaches the database, its WAL, a saved
// transcript or the output of `simdesk play`.
#include "test_support.hpp"

#include "core/redaction.hpp"
#include "core/reply_signals.hpp"
#include "store/sqlite_store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace simdesk;
namespace fs = std::filesystem;

namespace {

std::string masked(std::string_view text) { return redactSecrets(text).text; }

/// The secret kinds the scorer's personal-data signal reports, with the end of each span.
std::set<std::pair<std::string, size_t>> scorerSecrets(ReplyAnalyzer& analyzer, std::string_view text) {
    std::set<std::pair<std::string, size_t>> out;
    ReplySignals signals = analyzer.analyze(text);
    for (const auto* s : signals.all("personal_data"))
        if (s->counts && !s->kind.starts_with("asks_for_")) out.insert({s->kind, s->span.end});
    return out;
}

std::set<std::pair<std::string, size_t>> maskerSecrets(std::string_view text) {
    std::set<std::pair<std::string, size_t>> out;
    for (const auto& s : redactSecrets(text).found) out.insert({std::string(secretKindName(s.kind)), s.end});
    return out;
}

/// A deterministic generator (a 64-bit LCG: the same numbers on every platform and library).
struct Random {
    uint64_t state;
    uint32_t next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<uint32_t>(state >> 33);
    }
    size_t below(size_t n) { return next() % n; }
    template <typename T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }
};

/// A secret as written into a reply, and strings that must never appear where it was written to.
struct PlantedSecret {
    std::string written;
    std::vector<std::string> needles;
};

const std::vector<std::string> kSeparators = {
    " ", "-", ".", "", " - ",
    "\xC2\xA0",      // no-break space
    "\xE2\x80\xAF",  // narrow no-break space
    "\xE2\x80\x8B",  // zero-width space
    "\xE2\x80\x8D",  // zero-width joiner
    "\xE2\x81\xA0",  // word joiner
    "\xE2\x80\x91",  // non-breaking hyphen
    "\xE2\x80\x93",  // en dash
    "\xEF\xBC\x8D",  // full-width hyphen-minus
};

std::string fullWidth(char digit) {
    std::string out = "\xEF\xBC";
    out += static_cast<char>(0x90 + (digit - '0'));
    return out;
}

/// Digits grouped as `groups` and joined by `separator`, in ASCII or full-width digits.
std::string writeDigits(const std::string& digits, const std::vector<size_t>& groups, const std::string& separator, bool wide) {
    std::string out;
    size_t at = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
        if (g) out += separator;
        for (size_t k = 0; k < groups[g]; ++k) out += wide ? fullWidth(digits[at + k]) : std::string(1, digits[at + k]);
        at += groups[g];
    }
    return out;
}

std::string randomDigits(Random& r, size_t n) {
    std::string out;
    for (size_t k = 0; k < n; ++k) out += static_cast<char>('0' + r.below(10));
    return out;
}

PlantedSecret cardNumber(Random& r) {
    bool amex = r.below(4) == 0;
    std::string digits = amex ? "37" : r.below(2) ? "4" : "5" + std::to_string(1 + r.below(5));
    digits += randomDigits(r, (amex ? 14 : 15) - digits.size());
    for (char check = '0'; check <= '9'; ++check)
        if (luhnValid(digits + check)) {
            digits += check;
            break;
        }
    std::vector<size_t> groups = amex ? std::vector<size_t>{4, 6, 5} : std::vector<size_t>{4, 4, 4, 4};
    std::string sep = r.pick(kSeparators);
    bool wide = r.below(4) == 0;
    std::string written = writeDigits(digits, groups, sep, wide);
    // Written up to its eighth digit: a number masked only in part still fails.
    size_t cut = 0;
    for (size_t seen = 0; cut < written.size() && seen < 8; ++cut)
        if ((written[cut] >= '0' && written[cut] <= '9') || (cut > 0 && static_cast<unsigned char>(written[cut]) >= 0x90 && written[cut - 1] == '\xBC'))
            ++seen;
    static const std::vector<std::string> lead = {"Card ", "The card number is ", "card: ", "I see ", "Charged to "};
    return {r.pick(lead) + written, {written, written.substr(0, cut), digits}};
}

PlantedSecret ssn(Random& r) {
    size_t area = 1 + r.below(899);
    if (area == 666) area = 667;
    std::string digits = (area < 10 ? "00" : area < 100 ? "0" : "") + std::to_string(area);
    std::string group = std::to_string(1 + r.below(99)), serial = std::to_string(1 + r.below(9999));
    digits += std::string(2 - group.size(), '0') + group + std::string(4 - serial.size(), '0') + serial;
    std::string sep = r.below(5) == 0 ? "" : r.pick(kSeparators);
    if (sep == " - ") sep = "-";
    std::string written = writeDigits(digits, {3, 2, 4}, sep, r.below(4) == 0);
    static const std::vector<std::string> lead = {"SSN ", "Your SSN is ", "social security number: ", "SSN on file: "};
    return {r.pick(lead) + written, {written, digits}};
}

PlantedSecret password(Random& r) {
    static const std::string letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    std::string token;
    for (int k = 0; k < 9; ++k) token += letters[r.below(letters.size())];
    token.insert(2 + r.below(6), std::to_string(r.below(10)));
    if (r.below(3) == 0) token += "!";
    static const std::vector<std::string> phrasing = {
        "Your new password will be %.",    "the password for the admin account is \"%\"", "password\n%",
        "pwd %",                           "Password: %",                                  "your password is %.",
        "Your password has been reset to %", "Password is now \xE2\x80\x9C%\xE2\x80\x9D",   "passcode = %",
        "The password for your portal login will be %, please change it.",
    };
    std::string text = r.pick(phrasing);
    text.replace(text.find('%'), 1, token);
    return {text, {token}};
}

PlantedSecret cardCode(Random& r) {
    std::string digits = randomDigits(r, 3 + r.below(2));
    bool wide = r.below(3) == 0;
    std::string written = writeDigits(digits, {digits.size()}, "", wide);
    static const std::vector<std::string> lead = {"CVV: ", "the CVV is ", "cvc ", "security code ", "CVV2 = "};
    std::string phrase = r.pick(lead) + written;
    return {phrase, {phrase}};
}

/// A reply with several secrets among ordinary sentences and a warning that is not a secret.
std::pair<std::string, std::vector<PlantedSecret>> plantedReply(Random& r) {
    std::vector<PlantedSecret> secrets = {cardNumber(r), ssn(r), password(r), cardCode(r), cardNumber(r), password(r)};
    std::string reply = "Sorry about the double charge. ";
    for (const auto& s : secrets) reply += s.written + (r.below(2) ? ". " : "\n");
    reply += "Never share your password with anyone.";
    return {reply, secrets};
}

} // namespace

TEST_CASE("the phrasings and formats from issue 14 are masked") {
    CHECK(masked("Your new password will be hunter2") == "Your new password will be [password removed]");
    CHECK(masked("the password for the admin account is \"hunter2\"") ==
          "the password for the admin account is \"[password removed]\"");
    CHECK(masked("password\nhunter2") == "password\n[password removed]");
    CHECK(masked("pwd hunter2") == "pwd [password removed]");
    CHECK(masked("Card 4111.1111.1111.1111 ok") == "Card [card number ending 1111 removed] ok");
    CHECK(masked("Card 4111\xC2\xA0" "1111\xC2\xA0" "1111\xC2\xA0" "1111") == "Card [card number ending 1111 removed]");
    CHECK(masked("Card 4111\xE2\x80\x8B" "1111\xE2\x80\x8B" "1111\xE2\x80\x8B" "1111.") == "Card [card number ending 1111 removed].");
    CHECK(masked("Card \xEF\xBC\x94\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91 1111 1111 1111") == "Card [card number ending 1111 removed]");
    CHECK(masked("SSN 123.45.6789") == "SSN [SSN removed]");
    CHECK(masked("SSN 123456789") == "SSN [SSN removed]");
    CHECK(masked("SSN 123\xC2\xA0" "45\xC2\xA0" "6789") == "SSN [SSN removed]");
    CHECK(masked("It is 123\xE2\x80\x91" "45\xE2\x80\x91" "6789.") == "It is [SSN removed].");
    CHECK(masked("The CVV is 123.") == "The CVV is [card security code removed].");
    // Replies with no digit, no '[' and no password word skip the detector: capitals must not hide one.
    CHECK(masked("My PASSWORD is Tr0ub4dor!") == "My PASSWORD is [password removed]");
    CHECK(masked("PWD: Hunter!x") == "PWD: [password removed]");
    CHECK(masked("Passphrase: correct-horse-battery!") == "Passphrase: [password removed]");
    // A password a few words from its keyword, when the value looks made up.
    CHECK(masked("I reset the FTP password, the new one is Kf8#pqL2vW, please change it.") ==
          "I reset the FTP password, the new one is [password removed], please change it.");
    CHECK(masked("Reusing 'Summer2023!' as your password everywhere is risky.") ==
          "Reusing '[password removed]' as your password everywhere is risky.");
    // A card number followed by its code in one run of digits is still a card number.
    CHECK(masked("4111 1111 1111 1111 123") == "[card number ending 1111 removed] 123");
}

TEST_CASE("warnings, prose and ordinary numbers are not secrets") {
    for (std::string_view text : {
             "Never share your password with anyone.",
             "Please never send your password or card number by email; we will never ask for them.",
             "Your password is not visible to us.",
             "Your password will be reset tomorrow.",
             "Your password will be emailed to you shortly.",
             "The password for your account is case-sensitive.",
             "Set a password for your account that is at least 12 characters long.",
             "Please reset your password\nThanks, Ann",
             "This page is password-protected.",
             "Order 123456789 has shipped.",
             "Call us on 415-555-0132.",
             "The CVV is the 3 digits on the back of your card.",
             "Invoice INV-2024-0042 is paid.",
             "Your password was reset, the new one is on its way by email.",
             "I changed the password and it is now in your inbox.",
             "Use a passphrase as your password, not a single word.",
         }) {
        INFO(text);
        CHECK(redactSecrets(text).found.empty());
        CHECK(masked(text) == text);
    }
}

TEST_CASE("masking is idempotent and a masked reply counts the same secrets") {
    std::string text = "Card 4111-1111-1111-1111, SSN 123-45-6789, CVV 123, password: Tr0ub4dor!";
    std::string once = masked(text);
    CHECK(once == "Card [card number ending 1111 removed], SSN [SSN removed], CVV [card security code removed], "
                  "password: [password removed]");
    CHECK(masked(once) == once);
    std::vector<std::string> kinds, kindsMasked;
    for (const auto& s : findSecrets(text)) kinds.emplace_back(secretKindName(s.kind));
    for (const auto& s : findSecrets(once)) kindsMasked.emplace_back(secretKindName(s.kind));
    CHECK(kinds == std::vector<std::string>{"card_number", "ssn", "card_security_code", "password"});
    CHECK(kindsMasked == kinds);
}

TEST_CASE("fuzz: every planted secret is masked, and the scorer flags exactly what the masker masks") {
    ReplyAnalyzer analyzer(test::bundledLexicons());
    Random r{20261202};
    for (int round = 0; round < 200; ++round) {
        auto [reply, secrets] = plantedReply(r);
        INFO(reply);
        std::string out = masked(reply);
        for (const auto& s : secrets)
            for (const auto& needle : s.needles) {
                INFO(needle);
                CHECK(out.find(needle) == std::string::npos);
            }
        CHECK(out.find("Never share your password with anyone.") != std::string::npos);
        auto describe = [](const std::set<std::pair<std::string, size_t>>& set) {
            std::string out;
            for (const auto& [kind, end] : set) out += kind + "@" + std::to_string(end) + " ";
            return out;
        };
        std::string scorer = describe(scorerSecrets(analyzer, reply)), masker = describe(maskerSecrets(reply));
        INFO("scorer: " << scorer << "\nmasker: " << masker);
        CHECK(scorer == masker);
        CHECK(scorerSecrets(analyzer, reply).size() == secrets.size());
    }
}

// ---- simdesk play, the database and the files it writes ----------------------------------------

namespace {

const std::vector<std::string> kPlay = {"play", "tests/fixtures/valid/mini.json", "--script", "-"};

std::string scriptFor(const std::string& reply) {
    nlohmann::json script = {{"actions", {{{"choice", "verify"}}, {{"choice", "refund"}}, {{"reply", reply}}}}};
    return script.dump();
}

test::CliResult playReply(const fs::path& db, const std::string& reply, std::vector<std::string> extra) {
    std::vector<std::string> args = kPlay;
    args.insert(args.end(), extra.begin(), extra.end());
    for (std::string a : {"--trainee", "Ana", "--content", "tests/fixtures", "--db"}) args.push_back(a);
    args.push_back(db.string());
    return test::runCli(args, scriptFor(reply));
}

std::unique_ptr<store::SqliteStore> openOrFail(const fs::path& db) {
    auto opened = store::SqliteStore::open(db);
    INFO((opened ? std::string() : opened.error().message));
    REQUIRE(opened);
    return std::move(*opened);
}

fs::perms permsOf(const fs::path& path) { return fs::status(path).permissions() & fs::perms::all; }
constexpr fs::perms kPrivateFile = fs::perms::owner_read | fs::perms::owner_write;

} // namespace

TEST_CASE("fuzz: no planted secret reaches the database, its WAL, a saved transcript or play's output") {
    test::TempDir dir{"simdesk-redaction"};
    fs::path db = dir.path / "records.db";
    // A second connection held open keeps SQLite from folding the WAL into the file and deleting
    // it when play closes its own, so the WAL can be read as play left it.
    auto holder = openOrFail(db);
    Random r{14};
    std::vector<PlantedSecret> planted;
    std::string output;
    for (int round = 0; round < 12; ++round) {
        auto [reply, secrets] = plantedReply(r);
        planted.insert(planted.end(), secrets.begin(), secrets.end());
        fs::path saved = dir.path / ("saved-" + std::to_string(round) + ".json");
        auto text = playReply(db, reply, {"--save", saved.string()});
        auto json = playReply(db, reply, {"--json", "--mode", "exam"});
        INFO(text.err << json.err);
        REQUIRE(text.exitCode == 0);
        REQUIRE(json.exitCode == 0);
        output += text.out + text.err + json.out + json.err + test::readBytes(saved);
        // The scorer still sees every secret: each kind is a critical privacy error.
        std::set<std::string> critical;
        nlohmann::json card = nlohmann::json::parse(json.out)["score"];
        for (const auto& c : card["critical_errors"]) critical.insert(c["id"]);
        CHECK(critical.count("privacy:card_number"));
        CHECK(critical.count("privacy:ssn"));
        CHECK(critical.count("privacy:password"));
        CHECK(critical.count("privacy:card_security_code"));
    }
    REQUIRE(fs::exists(fs::path(db.string() + "-wal")));
    std::string files = test::readBytes(db) + test::readBytes(db.string() + "-wal");
    CHECK(output.find("[password removed]") != std::string::npos);  // the play did print the replies
    for (const auto& s : planted)
        for (const auto& needle : s.needles) {
            INFO(s.written << " / " << needle);
            CHECK(output.find(needle) == std::string::npos);
            CHECK(files.find(needle) == std::string::npos);
        }
}

TEST_CASE("play: the issue's password is a critical error and is stored, printed and saved masked") {
    test::TempDir dir{"simdesk-redaction"};
    fs::path db = dir.path / "s.db", saved = dir.path / "t.json";
    auto r = playReply(db, "Sorry! Your new password will be hunter2", {"--json", "--save", saved.string()});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["score"]["critical_errors"][0]["id"] == "privacy:password");
    CHECK(j["transcript"]["entries"][4]["text"] == "Sorry! Your new password will be [password removed]");
    CHECK(test::readBytes(saved).find("hunter2") == std::string::npos);
    auto store = openOrFail(db);
    auto transcript = store->transcript(j["session_id"].get<int64_t>());
    REQUIRE(transcript);
    CHECK(transcript->entries[4].text == "Sorry! Your new password will be [password removed]");
}

TEST_CASE("play --unmasked is refused while masking is on, and masking off needs a lead who is recorded") {
    test::TempDir dir{"simdesk-redaction"};
    fs::path db = dir.path / "s.db";
    std::string reply = "Sorry! Your new password will be hunter2";
    auto refused = playReply(db, reply, {"--unmasked", "--json"});
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.find("--unmasked is refused: mask-secrets is on") != std::string::npos);
    CHECK(refused.out.find("hunter2") == std::string::npos);

    std::vector<std::string> dbArgs = {"--db", db.string()};
    auto cli = [&](std::vector<std::string> args) {
        args.insert(args.end(), dbArgs.begin(), dbArgs.end());
        return test::runCli(args);
    };
    REQUIRE(cli({"people", "add", "Lea", "--role", "lead"}).exitCode == 0);
    REQUIRE(cli({"people", "add", "Rui", "--role", "reviewer"}).exitCode == 0);
    CHECK(cli({"settings", "mask-secrets", "off"}).exitCode == 2);
    auto notLead = cli({"settings", "mask-secrets", "off", "--by", "Rui"});
    CHECK(notLead.exitCode == 1);
    CHECK(notLead.err == "simdesk settings: Rui is a reviewer; only a lead can turn mask-secrets off\n");
    CHECK(cli({"settings"}).out == "mask-secrets on\n");
    auto off = cli({"settings", "mask-secrets", "off", "--by", "Lea"});
    CHECK(off.exitCode == 0);
    CHECK(off.out.starts_with("mask-secrets off (set by Lea on 20"));
    CHECK(cli({"settings"}).out == off.out);

    auto unmasked = playReply(db, reply, {"--unmasked", "--json"});
    INFO(unmasked.err);
    REQUIRE(unmasked.exitCode == 0);
    CHECK(unmasked.out.find("will be hunter2") != std::string::npos);
    CHECK(nlohmann::json::parse(unmasked.out)["score"]["critical_errors"][0]["id"] == "privacy:password");
    // Without --unmasked the play masks even when the store would keep secrets.
    auto masked = playReply(db, reply, {"--json"});
    CHECK(masked.out.find("hunter2") == std::string::npos);

    // Masking on again: the stored secret is counted, then masked in place on request.
    auto on = cli({"settings", "mask-secrets", "on"});
    CHECK(on.exitCode == 0);
    CHECK(on.out.find("1 stored reply still holds secrets typed while masking was off; mask them with: "
                      "simdesk settings mask-secrets on --mask-stored") != std::string::npos);
    CHECK(test::readBytes(db).find("hunter2") != std::string::npos);
    auto maskStored = cli({"settings", "mask-secrets", "on", "--mask-stored"});
    CHECK(maskStored.exitCode == 0);
    CHECK(maskStored.out.find("Masked secrets in 1 stored reply") != std::string::npos);
    CHECK(test::readBytes(db).find("hunter2") == std::string::npos);
    CHECK(test::readBytes(db.string() + "-wal").find("hunter2") == std::string::npos);
    auto store = openOrFail(db);
    auto id = nlohmann::json::parse(unmasked.out)["session_id"].get<int64_t>();
    CHECK(store->transcript(id)->entries[4].text == "Sorry! Your new password will be [password removed]");
    CHECK(store->transcript(id)->entries[4].redacted == std::vector<std::string>{"password"});
    CHECK(store->maskStoredSecrets(false).value() == 0);
    // Turns and scores stay append-only after the masking.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.string().c_str(), &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, "UPDATE turns SET text = 'x'", nullptr, nullptr, nullptr) != SQLITE_OK);
    CHECK(std::string(sqlite3_errmsg(raw)) == "turns are append-only");
    CHECK(sqlite3_exec(raw, "UPDATE scoring_runs SET card_json = '{}'", nullptr, nullptr, nullptr) != SQLITE_OK);
    sqlite3_close(raw);
}

TEST_CASE("the database, its WAL, its folder and a saved transcript are private whatever the umask") {
    test::TempDir dir{"simdesk-redaction"};
    fs::path db = dir.path / "data" / "simdesk" / "s.db", saved = dir.path / "out" / "t.json";
    mode_t before = ::umask(022);
    auto holder = openOrFail(db);  // keeps the WAL on disk after play closes its connection
    auto r = playReply(db, "Sorry about that, refunded.", {"--save", saved.string()});
    ::umask(before);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(permsOf(db) == kPrivateFile);
    CHECK(permsOf(db.string() + "-wal") == kPrivateFile);
    CHECK(permsOf(db.parent_path()) == fs::perms::owner_all);
    CHECK(permsOf(dir.path / "data") == fs::perms::owner_all);
    CHECK(permsOf(saved) == kPrivateFile);
    CHECK(permsOf(saved.parent_path()) == fs::perms::owner_all);
}
