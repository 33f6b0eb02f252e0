// The compact stored score card (card_codec.hpp): rescore writes one per session, so the encoder
// appends to one string and allocates nothing else; the reader is only on the way to a screen.
#include "card_codec.hpp"

#include "db_copy.hpp"

#include <charconv>
#include <cstring>

namespace simdesk::store {
namespace {

constexpr std::string_view kTag = "c1,";

/// Appends `text` with invalid UTF-8 sequences and NUL bytes replaced by U+FFFD.
void appendCleanUtf8(std::string& out, std::string_view text) {
    static constexpr char kReplacement[] = "\xEF\xBF\xBD";
    size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c != 0 && c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        size_t length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        bool valid = length > 0 && i + length <= text.size();
        for (size_t k = 1; valid && k < length; ++k)
            valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (valid && length >= 3) {  // no overlong forms, surrogates or code points past U+10FFFF
            auto c1 = static_cast<unsigned char>(text[i + 1]);
            valid = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 > 0x9F) && !(c == 0xF0 && c1 < 0x90) &&
                    !(c == 0xF4 && c1 > 0x8F);
        }
        if (valid) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out += kReplacement;
            ++i;
        }
    }
}

bool cleanUtf8(std::string_view text) {
    for (char ch : text)
        if (ch == 0 || static_cast<unsigned char>(ch) >= 0x80) return false;
    return true;
}

class Writer {
  public:
    explicit Writer(std::string& out) : out_(out) {}
    void integer(int64_t value) {
        char buffer[24];
        auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        out_.append(buffer, end);
        out_ += ',';
    }
    void flag(bool value) { out_ += value ? "1," : "0,"; }
    void real(double value) {
        char buffer[32];
        auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;  // shortest exact form
        out_.append(buffer, end);
        out_ += ',';
    }
    void text(std::string_view value) {
        if (cleanUtf8(value)) {
            integer(static_cast<int64_t>(value.size()));
            out_.back() = ':';
            out_.append(value);
        } else {
            std::string clean;
            appendCleanUtf8(clean, value);
            integer(static_cast<int64_t>(clean.size()));
            out_.back() = ':';
            out_.append(clean);
        }
        out_ += ',';
    }
    void texts(const std::vector<std::string>& values) {
        integer(static_cast<int64_t>(values.size()));
        for (const auto& v : values) text(v);
    }

  private:
    std::string& out_;
};

/// Thrown inside decode only, and turned into a failed Result there.
struct Malformed {};

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}
    int64_t integer() {
        int64_t value = 0;
        auto [end, ec] = std::from_chars(in_.data() + at_, in_.data() + in_.size(), value);
        if (ec != std::errc()) throw Malformed{};
        at_ = static_cast<size_t>(end - in_.data());
        expect(',');
        return value;
    }
    int small() {
        int64_t value = integer();
        if (value < -(1 << 30) || value > (1 << 30)) throw Malformed{};
        return static_cast<int>(value);
    }
    /// A count of items that follow: each takes at least two bytes, which bounds it by what is left.
    size_t count() {
        int64_t value = integer();
        if (value < 0 || static_cast<size_t>(value) > (in_.size() - at_) / 2 + 1) throw Malformed{};
        return static_cast<size_t>(value);
    }
    bool flag() { return integer() != 0; }
    double real() {
        double value = 0;
        auto [end, ec] = std::from_chars(in_.data() + at_, in_.data() + in_.size(), value);
        if (ec != std::errc()) throw Malformed{};
        at_ = static_cast<size_t>(end - in_.data());
        expect(',');
        return value;
    }
    std::string text() {
        size_t length = 0;
        auto [end, ec] = std::from_chars(in_.data() + at_, in_.data() + in_.size(), length);
        if (ec != std::errc()) throw Malformed{};
        at_ = static_cast<size_t>(end - in_.data());
        expect(':');
        if (length > in_.size() - at_) throw Malformed{};
        std::string value(in_.substr(at_, length));
        at_ += length;
        expect(',');
        return value;
    }
    std::vector<std::string> texts() {
        std::vector<std::string> values(count());
        for (auto& v : values) v = text();
        return values;
    }
    bool done() const { return at_ == in_.size(); }

  private:
    void expect(char c) {
        if (at_ >= in_.size() || in_[at_] != c) throw Malformed{};
        ++at_;
    }
    std::string_view in_;
    size_t at_ = kTag.size();
};

// Enumerations are stored by their position in these lists, which only ever grow at the end.
constexpr NaRule kNaRules[] = {NaRule::Exclude, NaRule::CountAsPass};
constexpr CriticalRule kCriticalRules[] = {CriticalRule::ZeroScore, CriticalRule::FailKeepScore};
constexpr Resolution kResolutions[] = {Resolution::Resolved, Resolution::Escalated, Resolution::Pending,
                                       Resolution::Unresolved, Resolution::Lost};
constexpr Evidence::Source kSources[] = {Evidence::Source::Choice, Evidence::Source::Rule, Evidence::Source::ResponseTime};

template <typename E, size_t N>
int64_t positionOf(E value, const E (&values)[N]) {
    for (size_t i = 0; i < N; ++i)
        if (values[i] == value) return static_cast<int64_t>(i);
    return 0;
}

template <typename E, size_t N>
E valueAt(int64_t position, const E (&values)[N]) {
    if (position < 0 || static_cast<size_t>(position) >= N) throw Malformed{};
    return values[position];
}

} // namespace

std::string encodeStoredCard(const ScoreCard& card) {
    std::string out;
    out.reserve(512);
    out += kTag;
    Writer w(out);
    w.text(card.scenarioId), w.text(card.scenarioVersion), w.text(card.rubricId), w.text(card.rubricVersion);
    w.flag(card.finished), w.flag(card.passed);
    w.real(card.computedPercent), w.real(card.finalPercent), w.real(card.threshold);
    w.integer(positionOf(card.naRule, kNaRules)), w.integer(positionOf(card.criticalRule, kCriticalRules));
    w.flag(card.automaticPercent.has_value());
    if (card.automaticPercent) w.real(*card.automaticPercent), w.flag(card.automaticPassed.value_or(false));
    w.flag(!card.endingId.empty());
    if (!card.endingId.empty())
        w.text(card.endingId), w.text(card.outcome), w.integer(positionOf(card.resolution, kResolutions));
    w.texts(card.notes);

    w.integer(static_cast<int64_t>(card.criticalErrors.size()));
    for (const auto& e : card.criticalErrors)
        w.integer(e.turn), w.text(e.nodeId), w.text(e.sourceId), w.text(e.criterionId), w.text(e.reason), w.text(e.explanation);
    w.integer(static_cast<int64_t>(card.responseTimes.size()));
    for (const auto& t : card.responseTimes) w.integer(t.turn), w.real(t.seconds), w.integer(t.targetSeconds), w.flag(t.withinStandard);
    w.integer(static_cast<int64_t>(card.typedTurns.size()));
    for (const auto& t : card.typedTurns) {
        // Two decimals, as the JSON card always kept it: a judgement's confidence, not a measurement.
        w.integer(t.turn), w.text(t.nodeId), w.flag(t.passed), w.real(std::round(t.confidence * 100) / 100);
        w.texts(t.doubts), w.flag(t.needsReview), w.text(t.noSubstance), w.texts(t.missedPoints);
    }
    w.integer(static_cast<int64_t>(card.criteria.size()));
    for (const auto& c : card.criteria) {
        w.text(c.id), w.text(c.title), w.text(c.sectionTitle), w.real(c.weight), w.integer(c.levels), w.flag(c.applicable);
        if (c.applicable) w.real(c.fraction), w.integer(c.level);
        w.flag(c.rerated);
        if (c.rerated) w.flag(c.automaticApplicable), w.integer(c.automaticLevel), w.text(c.reratedBy);
        w.integer(static_cast<int64_t>(c.evidence.size()));
        for (const auto& e : c.evidence) {
            w.integer(positionOf(e.source, kSources)), w.integer(e.turn), w.integer(e.level), w.integer(e.maxLevel);
            w.text(e.nodeId), w.text(e.sourceId);
            w.integer(static_cast<int64_t>(e.spans.size()));
            for (const auto& s : e.spans) w.integer(static_cast<int64_t>(s.begin)), w.integer(static_cast<int64_t>(s.end));
        }
    }
    return out;
}

Result<ScoreCard> decodeStoredCard(std::string_view stored) {
    if (!stored.empty() && stored.front() == '{') {
        nlohmann::json j = nlohmann::json::parse(stored, nullptr, false);
        if (j.is_discarded()) return fail("a stored score card is neither a card nor JSON");
        return scoreCardFromStoredJson(j);
    }
    if (stored.substr(0, kTag.size()) != kTag)
        return fail("a stored score card is in a format this simdesk does not know (a newer simdesk wrote it?)");
    try {
        Reader r(stored);
        ScoreCard card;
        card.scenarioId = r.text(), card.scenarioVersion = r.text(), card.rubricId = r.text(), card.rubricVersion = r.text();
        card.finished = r.flag(), card.passed = r.flag();
        card.computedPercent = r.real(), card.finalPercent = r.real(), card.threshold = r.real();
        card.naRule = valueAt(r.integer(), kNaRules), card.criticalRule = valueAt(r.integer(), kCriticalRules);
        if (r.flag()) card.automaticPercent = r.real(), card.automaticPassed = r.flag();
        if (r.flag()) card.endingId = r.text(), card.outcome = r.text(), card.resolution = valueAt(r.integer(), kResolutions);
        card.notes = r.texts();

        card.criticalErrors.resize(r.count());
        for (auto& e : card.criticalErrors)
            e.turn = r.small(), e.nodeId = r.text(), e.sourceId = r.text(), e.criterionId = r.text(), e.reason = r.text(),
            e.explanation = r.text();
        card.responseTimes.resize(r.count());
        for (auto& t : card.responseTimes) t.turn = r.small(), t.seconds = r.real(), t.targetSeconds = r.integer(), t.withinStandard = r.flag();
        card.typedTurns.resize(r.count());
        for (auto& t : card.typedTurns) {
            t.turn = r.small(), t.nodeId = r.text(), t.passed = r.flag(), t.confidence = r.real();
            t.doubts = r.texts(), t.needsReview = r.flag(), t.noSubstance = r.text(), t.missedPoints = r.texts();
        }
        card.criteria.resize(r.count());
        for (auto& c : card.criteria) {
            c.id = r.text(), c.title = r.text(), c.sectionTitle = r.text(), c.weight = r.real(), c.levels = r.small();
            c.applicable = r.flag();
            if (c.applicable) c.fraction = r.real(), c.level = r.small();
            c.rerated = r.flag();
            if (c.rerated) c.automaticApplicable = r.flag(), c.automaticLevel = r.small(), c.reratedBy = r.text();
            c.evidence.resize(r.count());
            for (auto& e : c.evidence) {
                e.source = valueAt(r.integer(), kSources), e.turn = r.small(), e.level = r.small(), e.maxLevel = r.small();
                e.nodeId = r.text(), e.sourceId = r.text();
                e.spans.resize(r.count());
                for (auto& s : e.spans) {
                    int64_t begin = r.integer(), end = r.integer();
                    if (begin < 0 || end < begin) throw Malformed{};
                    s.begin = static_cast<size_t>(begin), s.end = static_cast<size_t>(end);
                }
            }
        }
        if (!r.done()) throw Malformed{};
        return card;
    } catch (const Malformed&) {
        return fail("a stored score card is damaged (it does not read as a c1 card)");
    }
}

nlohmann::json storedCardAsJson(std::string_view stored) {
    auto card = decodeStoredCard(stored);
    if (!card) return nlohmann::json(nlohmann::json::value_t::discarded);
    return scoreCardToJson(*card, false);
}

} // namespace simdesk::store
