// Certification tracks: the schema and loader, references to scenarios, and the pure progress
// logic (deadline, cool-down, attempts, recertification), with dates computed by hand.
#include "test_support.hpp"

#include "core/track.hpp"

#include <doctest/doctest.h>

using namespace simdesk;

namespace {

constexpr int64_t kHour = 3600, kDay = 86400;
constexpr int64_t kStart = 1793610000;        // 2026-11-02 09:00:00 UTC, the trainee's first day
constexpr int64_t kDue = 1796202000;          // 2026-12-02 09:00:00 UTC = start + 30 days
constexpr int64_t kCertExpiry = 1825664400;   // 2027-11-08 09:00:00 UTC = start + 6 days + 12 months

const char* const kTrackText = R"({
  "format": 1, "id": "new-hire-foundations", "title": "New-hire foundations", "description": "D",
  "due_days_from_start": 30, "recertify_months": 12,
  "levels": [
    {"id": "level-1", "title": "First contact", "scenarios": ["a", "b"],
     "pass_rule": {"min_percent": 80, "no_critical_errors": true, "mode": "exam"}, "max_attempts": 2, "cooldown_hours": 24},
    {"id": "level-2", "title": "Escalations", "scenarios": ["c"],
     "pass_rule": {"min_percent": 80}, "max_attempts": 3, "cooldown_hours": 0}
  ]
})";

TrackPtr buildFromText(const std::string& text, std::vector<Diagnostic>* diagnostics = nullptr) {
    SchemaChecker schemas;
    JsonLoad load = parseJsonDocument("tracks/t.json", text);
    REQUIRE(load.document);
    TrackLoad built = buildTrack(*load.document, schemas);
    if (diagnostics) *diagnostics = built.diagnostics;
    return built.track;
}

TrackAttempt attempt(std::string scenario, std::string level, int64_t at, double percent, int critical = 0) {
    return TrackAttempt{std::move(scenario), std::move(level), at, percent, critical, percent >= 80 && critical == 0, "exam"};
}

/// The trainee of the worked example: one failed attempt, one inside the cool-down (ignored), then
/// passes; a critical error on b; level 1 passed on day 5, level 2 on day 6.
std::vector<TrackAttempt> goodTrainee() {
    return {attempt("a", "level-1", kStart + 1 * kDay, 70),
            attempt("a", "level-1", kStart + 1 * kDay + 2 * kHour, 90),  // cool-down runs to day 2
            attempt("a", "level-1", kStart + 2 * kDay + kHour, 85),
            attempt("b", "level-1", kStart + 3 * kDay, 92, 1),             // critical error: fails the rule
            attempt("b", "level-1", kStart + 5 * kDay, 95),
            attempt("c", "level-2", kStart + 6 * kDay, 81)};
}

} // namespace

TEST_CASE("a track file builds with defaults for the optional pass-rule fields") {
    auto track = buildFromText(kTrackText);
    REQUIRE(track);
    CHECK(track->id == "new-hire-foundations");
    CHECK(track->dueDaysFromStart == 30);
    CHECK(track->recertifyMonths == 12);
    REQUIRE(track->levels.size() == 2);
    CHECK(track->levels[0].scenarios == std::vector<std::string>{"a", "b"});
    CHECK(track->levels[0].maxAttempts == 2);
    CHECK(track->levels[0].cooldownHours == 24);
    CHECK(track->levels[1].passRule.noCriticalErrors);     // default
    CHECK(track->levels[1].passRule.mode == "exam");       // default
    CHECK(track->levels[1].pointer == "/levels/1");
    CHECK(track->findLevel("level-2") == &track->levels[1]);

    std::string noDeadline = kTrackText;
    noDeadline.replace(noDeadline.find("\"due_days_from_start\": 30"), 25, "\"due_days_from_start\": null");
    auto open = buildFromText(noDeadline);
    REQUIRE(open);
    CHECK_FALSE(open->dueDaysFromStart);
}

TEST_CASE("the track schema names what is wrong") {
    std::string text = kTrackText;
    text.replace(text.find("\"max_attempts\": 2"), 17, "\"max_attempts\": 0");
    std::vector<Diagnostic> diagnostics;
    CHECK_FALSE(buildFromText(text, &diagnostics));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].code == "SD010");
    CHECK(diagnostics[0].pointer == "/levels/0/max_attempts");

    std::string badId = kTrackText;
    badId.replace(badId.find("\"level-2\""), 9, "\"Level 2\"");
    CHECK_FALSE(buildFromText(badId, &diagnostics));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].code == "SD011");
}

TEST_CASE("a track over a passable scenario loads with the library") {
    SchemaChecker schemas;
    ContentLibrary library =
        loadContent({"tests/fixtures/valid/mini.json", "tests/fixtures/rubrics", "tests/fixtures/track"}, schemas);
    // The fixture's typed turn states no must-have points (SD076); nothing else is reported.
    for (const auto& d : library.diagnostics) CHECK_MESSAGE(d.code == "SD076", d.format());
    REQUIRE(library.tracks.size() == 1);
    CHECK(library.findTrack("test-new-hire"));
    // Without the scenario the track cannot load.
    ContentLibrary alone = loadContent({"tests/fixtures/rubrics", "tests/fixtures/track"}, schemas);
    CHECK(alone.tracks.empty());
    REQUIRE(alone.diagnostics.size() == 1);
    CHECK(alone.diagnostics[0].code == "SD092");
}

TEST_CASE("calendar months: the day is clamped to the end of a shorter month") {
    CHECK(addMonths(1769860800, 1) == 1772280000);  // 2026-01-31 12:00 → 2026-02-28 12:00
    CHECK(addMonths(1706659200, 1) == 1709164800);  // 2024-01-31 → 2024-02-29 (leap year)
    CHECK(addMonths(kStart + 6 * kDay, 12) == kCertExpiry);
}

TEST_CASE("progress of a trainee who certifies on day 6") {
    auto track = buildFromText(kTrackText);
    REQUIRE(track);
    TrackProgress p = computeTrackProgress(*track, kStart, kStart + 10 * kDay, goodTrainee());
    CHECK(p.cycle == 1);
    CHECK(p.dueAt == kDue);
    CHECK_FALSE(p.overdue);
    REQUIRE(p.levels.size() == 2);

    const LevelProgress& one = p.levels[0];
    CHECK(one.status == LevelStatus::Passed);
    CHECK(one.attemptsUsed == 4);  // a: 70, 85; b: 92 with a critical error, 95 — the attempt in the cool-down does not count
    CHECK(one.ignoredAttempts == std::vector<size_t>{1});
    CHECK(one.passedAt == kStart + 5 * kDay);
    CHECK(one.dueAt == kDue);
    CHECK_FALSE(one.overdue);
    REQUIRE(one.scenarios.size() == 2);
    CHECK(one.scenarios[0].attemptsUsed == 2);
    CHECK(one.scenarios[0].attemptsLeft == 0);
    CHECK(one.scenarios[0].bestPercent == 85);
    CHECK(one.scenarios[1].bestPercent == 95);

    const LevelProgress& two = p.levels[1];
    CHECK(two.status == LevelStatus::Passed);
    CHECK(two.attemptsUsed == 1);
    CHECK(two.passedAt == kStart + 6 * kDay);

    CHECK(p.certifiedAt == kStart + 6 * kDay);
    CHECK(p.expiresAt == kCertExpiry);
    CHECK(p.certified);
}

TEST_CASE("cool-down: after a failed attempt the next is allowed 24 hours later") {
    auto track = buildFromText(kTrackText);
    REQUIRE(track);
    std::vector<TrackAttempt> attempts = {attempt("a", "level-1", kStart + kDay, 70)};
    TrackProgress during = computeTrackProgress(*track, kStart, kStart + kDay + 3 * kHour, attempts);
    const LevelProgress& one = during.levels[0];
    CHECK(one.status == LevelStatus::Open);
    CHECK(one.attemptsUsed == 1);
    CHECK(one.attemptsLeft == 1);  // a has 1 of 2 left; b has 2
    CHECK(one.nextAttemptAt == kStart + 2 * kDay);
    CHECK(during.levels[1].status == LevelStatus::Locked);
    CHECK_FALSE(during.certified);

    TrackProgress after = computeTrackProgress(*track, kStart, kStart + 2 * kDay, attempts);
    CHECK_FALSE(after.levels[0].nextAttemptAt);  // the cool-down is over

    // An attempt at level 2 while it is locked does not count.
    attempts.push_back(attempt("c", "level-2", kStart + kDay + 5 * kHour, 99));
    TrackProgress locked = computeTrackProgress(*track, kStart, kStart + 3 * kDay, attempts);
    CHECK(locked.levels[1].status == LevelStatus::Locked);
    CHECK(locked.levels[1].attemptsUsed == 0);
    CHECK(locked.levels[1].ignoredAttempts == std::vector<size_t>{1});
}

TEST_CASE("failing a scenario on every attempt fails the level out, the deadline passes") {
    auto track = buildFromText(kTrackText);
    REQUIRE(track);
    std::vector<TrackAttempt> attempts = {attempt("a", "level-1", kStart + kDay, 70),
                                          attempt("a", "level-1", kStart + 3 * kDay, 79.5)};
    TrackProgress p = computeTrackProgress(*track, kStart, kStart + 31 * kDay, attempts);
    CHECK(p.levels[0].status == LevelStatus::FailedOut);
    CHECK(p.levels[0].attemptsLeft == 0);
    CHECK_FALSE(p.levels[0].nextAttemptAt);
    CHECK(p.levels[0].overdue);
    CHECK(p.levels[1].status == LevelStatus::Locked);
    CHECK(p.overdue);  // day 31 > the 30-day deadline of seed 004
    TrackProgress onDay30 = computeTrackProgress(*track, kStart, kDue, attempts);
    CHECK_FALSE(onDay30.overdue);  // due at the deadline itself, overdue only after it
}

TEST_CASE("an expired certificate starts a recertification cycle at its expiry") {
    auto track = buildFromText(kTrackText);
    REQUIRE(track);
    auto attempts = goodTrainee();
    TrackProgress lastDay = computeTrackProgress(*track, kStart, kCertExpiry - 1, attempts);
    CHECK(lastDay.certified);
    CHECK(lastDay.cycle == 1);

    TrackProgress expired = computeTrackProgress(*track, kStart, kCertExpiry + kDay, attempts);
    CHECK(expired.cycle == 2);
    CHECK(expired.cycleStart == kCertExpiry);
    CHECK_FALSE(expired.certified);
    CHECK_FALSE(expired.certifiedAt);
    CHECK(expired.dueAt == kCertExpiry + 30 * kDay);
    CHECK(expired.levels[0].status == LevelStatus::Open);
    CHECK(expired.levels[0].attemptsUsed == 0);  // the first cycle's attempts do not count again
    CHECK(expired.levels[1].status == LevelStatus::Locked);

    // Recertifying: pass both levels again after the expiry.
    attempts.push_back(attempt("a", "level-1", kCertExpiry + 2 * kDay, 90));
    attempts.push_back(attempt("b", "level-1", kCertExpiry + 2 * kDay + kHour, 90));
    attempts.push_back(attempt("c", "level-2", kCertExpiry + 3 * kDay, 90));
    TrackProgress renewed = computeTrackProgress(*track, kStart, kCertExpiry + 4 * kDay, attempts);
    CHECK(renewed.cycle == 2);
    CHECK(renewed.certified);
    CHECK(renewed.certifiedAt == kCertExpiry + 3 * kDay);
    CHECK(renewed.expiresAt == addMonths(kCertExpiry + 3 * kDay, 12));
}

TEST_CASE("practice attempts do not count towards an exam level") {
    auto track = buildFromText(kTrackText);
    REQUIRE(track);
    auto practice = attempt("a", "level-1", kStart + kDay, 95);
    practice.mode = "practice";
    TrackProgress p = computeTrackProgress(*track, kStart, kStart + 2 * kDay, {practice});
    CHECK(p.levels[0].attemptsUsed == 0);
    CHECK(p.levels[0].scenarios[0].passed == false);
}
