#include "app/certificate.hpp"

// Debian's libstb compiles the stb implementations into libstb, so only the declarations are
// included here (defining STB_*_IMPLEMENTATION would clash with -lstb at link time).
#include <stb_image_write.h>
#include <stb_truetype.h>
#include <utf8proc.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <string_view>
#include <utility>

namespace simdesk::app {
namespace {

namespace L = certificate_layout;

constexpr std::uintmax_t kMaxFontBytes = 20u * 1024 * 1024;
constexpr float kMinTextPx = 18.0f;          // smaller than this stops being readable on a print
constexpr size_t kMaxLineCodepoints = 400;   // more never fits across the page at kMinTextPx

struct Rgb {
    unsigned char r, g, b;
};
constexpr Rgb kPaper{252, 249, 241};   // warm off-white, like laid paper
constexpr Rgb kNavy{22, 35, 66};       // main text
constexpr Rgb kSlate{72, 84, 110};     // secondary text, still dark enough to read in grey print
constexpr Rgb kGold{178, 142, 66};     // frame and ornaments only, never text that must be read

// ---- fonts ---------------------------------------------------------------------------------------

struct Font {
    std::vector<unsigned char> bytes;  // stbtt_fontinfo points into these: a Font is never moved
    stbtt_fontinfo info{};
    float capHeight = 0.73f;           // height of "H" as a fraction of the em, to place lines by their caps
};

Result<std::vector<unsigned char>> readFontFile(const std::string& path) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) return fail("cannot read font " + path + ": " + ec.message());
    if (size > kMaxFontBytes) return fail("font " + path + " is larger than 20 MB");
    std::vector<unsigned char> bytes(static_cast<size_t>(size));
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())))
        return fail("cannot read font " + path);
    return bytes;
}

// stb_truetype trusts the file: it reads the table directory without bounds checks. Checking the
// directory first turns a truncated or non-font file into an error instead of a wild read.
bool looksLikeTrueType(const std::vector<unsigned char>& b) {
    auto u16 = [&](size_t at) { return size_t{b[at]} << 8 | b[at + 1]; };
    auto u32 = [&](size_t at) { return u16(at) << 16 | u16(at + 2); };
    if (b.size() < 12) return false;
    const size_t tag = u32(0);
    if (tag != 0x00010000 && tag != 0x74727565 /* true */ && tag != 0x4F54544F /* OTTO */) return false;
    const size_t tables = u16(4);
    if (b.size() < 12 + tables * 16) return false;
    for (size_t i = 0; i < tables; ++i) {
        const size_t offset = u32(12 + i * 16 + 8), length = u32(12 + i * 16 + 12);
        if (offset > b.size() || length > b.size() - offset) return false;
    }
    return true;
}

Result<std::unique_ptr<Font>> loadFont(const std::string& path) {
    auto bytes = readFontFile(path);
    if (!bytes) return bytes.error();
    auto font = std::make_unique<Font>();
    font->bytes = std::move(*bytes);
    if (!looksLikeTrueType(font->bytes) || !stbtt_InitFont(&font->info, font->bytes.data(), 0))
        return fail("font " + path + " is not a TrueType font");
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    if (stbtt_GetCodepointBox(&font->info, 'H', &x0, &y0, &x1, &y1) && y1 > 0)
        font->capHeight = static_cast<float>(y1) * stbtt_ScaleForMappingEmToPixels(&font->info, 1.0f);
    return font;
}

// ---- text ----------------------------------------------------------------------------------------

/// Composes "e" + U+0308 into "ë": stb_truetype places each codepoint on its own, so a decomposed
/// name (as some keyboards and systems produce) would otherwise print its accents loosely.
std::string composed(std::string_view text) {
    utf8proc_uint8_t* mapped = nullptr;
    auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                          static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
    if (n < 0) return std::string(text);  // invalid UTF-8: decodeUtf8 shows U+FFFD for the bad bytes
    std::string out(reinterpret_cast<char*>(mapped), static_cast<size_t>(n));
    std::free(mapped);
    return out;
}

/// UTF-8 to codepoints; malformed, overlong and surrogate sequences become U+FFFD, control
/// characters a space (a name pasted with a line break still prints on one line).
std::u32string decodeUtf8(std::string_view s) {
    static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const int len = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 0;
        char32_t cp = len == 1 ? lead : lead & (0x7F >> len);
        bool ok = len > 0 && i + static_cast<size_t>(len) <= s.size();
        for (int k = 1; ok && k < len; ++k) {
            const auto c = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            ok = (c & 0xC0) == 0x80;
            cp = (cp << 6) | (c & 0x3F);
        }
        ok = ok && cp >= kSmallest[len] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
        out.push_back(!ok ? U'\uFFFD' : (cp < 0x20 || cp == 0x7F) ? U' ' : cp);
        i += ok ? static_cast<size_t>(len) : 1;
    }
    return out;
}

/// A line laid out at one size: glyphs with their pen positions, and the ink's horizontal extent
/// relative to an origin at x = 0 (ink, not advance, so centring and fitting match what is seen).
struct Line {
    struct Glyph {
        int index;
        float x;
    };
    std::vector<Glyph> glyphs;
    float scale = 0;
    int inkLeft = 0, inkRight = 0;
    int inkWidth() const { return inkRight - inkLeft; }
};

int glyphFor(const Font& font, char32_t cp) {
    const int index = stbtt_FindGlyphIndex(&font.info, static_cast<int>(cp));
    return index != 0 || cp == U' ' ? index : stbtt_FindGlyphIndex(&font.info, '?');
}

Line layoutLine(const Font& font, const std::u32string& text, float px) {
    Line line;
    line.scale = stbtt_ScaleForMappingEmToPixels(&font.info, px);
    line.inkLeft = std::numeric_limits<int>::max();
    line.inkRight = std::numeric_limits<int>::min();
    float pen = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const int index = glyphFor(font, text[i]);
        int advance = 0, bearing = 0, x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetGlyphHMetrics(&font.info, index, &advance, &bearing);
        stbtt_GetGlyphBitmapBoxSubpixel(&font.info, index, line.scale, line.scale, pen - std::floor(pen), 0, &x0, &y0,
                                        &x1, &y1);
        if (x1 > x0) {
            line.inkLeft = std::min(line.inkLeft, static_cast<int>(std::floor(pen)) + x0);
            line.inkRight = std::max(line.inkRight, static_cast<int>(std::floor(pen)) + x1);
        }
        line.glyphs.push_back({index, pen});
        pen += static_cast<float>(advance) * line.scale;
        if (i + 1 < text.size())
            pen += static_cast<float>(stbtt_GetGlyphKernAdvance(&font.info, index, glyphFor(font, text[i + 1]))) *
                   line.scale;
    }
    if (line.inkLeft > line.inkRight) line.inkLeft = line.inkRight = 0;  // nothing visible
    return line;
}

/// Cuts the line until it fits with a trailing "…" (the last resort, after shrinking).
Line ellipsized(const Font& font, std::u32string text, float px, int maxWidth) {
    while (!text.empty()) {
        text.pop_back();
        while (!text.empty() && text.back() == U' ') text.pop_back();
        Line line = layoutLine(font, text + U'\u2026', px);
        if (line.inkWidth() <= maxWidth) return line;
    }
    return layoutLine(font, U"\u2026", px);
}

/// The line at the largest size up to `px` whose ink fits `maxWidth`; below kMinTextPx it is cut.
Line fitLine(const Font& font, std::u32string text, float px, int maxWidth) {
    const bool tooLong = text.size() > kMaxLineCodepoints;
    if (tooLong) text.resize(kMaxLineCodepoints);
    Line line = layoutLine(font, text, px);
    const float smallest = std::min(px, kMinTextPx);
    float size = px;
    while (line.inkWidth() > maxWidth && size > smallest) {
        // Ink width is close to linear in size; aim straight at the fit, then creep down the rest.
        size = std::max(smallest, std::min(size * 0.98f, size * static_cast<float>(maxWidth) / line.inkWidth()));
        line = layoutLine(font, text, size);
    }
    return tooLong || line.inkWidth() > maxWidth ? ellipsized(font, text, size, maxWidth) : line;
}

/// Lines of one size that together fit a box; see fitBlock.
struct Block {
    std::vector<Line> lines;
    float px = 0;
};

constexpr float kLineSpacing = 1.3f;  // baseline to baseline, in ems

float blockHeight(const Font& font, size_t lines, float px) {
    return font.capHeight * px + static_cast<float>(lines > 0 ? lines - 1 : 0) * kLineSpacing * px;
}

/// Greedy wrap at item boundaries; the last allowed line takes whatever is left.
std::vector<std::u32string> wrapItems(const Font& font, const std::vector<std::u32string>& items,
                                      const std::u32string& separator, float px, int maxWidth, size_t maxLines) {
    std::vector<std::u32string> lines;
    for (const auto& item : items) {
        if (lines.empty()) {
            lines.push_back(item);
            continue;
        }
        if (lines.size() == maxLines && lines.back().size() > kMaxLineCodepoints) break;  // cut anyway
        std::u32string joined = lines.back() + separator + item;
        if (lines.size() == maxLines || layoutLine(font, joined, px).inkWidth() <= maxWidth)
            lines.back() = std::move(joined);
        else
            lines.push_back(item);
    }
    return lines;
}

/// The largest size up to `px` at which the items wrap onto at most `maxLines` lines that fit
/// `maxWidth` and `maxHeight` (first cap top to last baseline). If even kMinTextPx is too big,
/// each line is cut with "…" at that size: a certificate never overflows its frame.
Block fitBlock(const Font& font, const std::vector<std::u32string>& items, const std::u32string& separator,
               float px, size_t maxLines, int maxWidth, int maxHeight) {
    const float smallest = std::min(px, kMinTextPx);
    for (float size = px;; size = std::max(smallest, size * 0.96f)) {
        Block block{{}, size};
        bool fits = true;
        for (const auto& text : wrapItems(font, items, separator, size, maxWidth, maxLines)) {
            block.lines.push_back(layoutLine(font, text.substr(0, kMaxLineCodepoints), size));
            fits = fits && text.size() <= kMaxLineCodepoints && block.lines.back().inkWidth() <= maxWidth;
        }
        fits = fits && blockHeight(font, block.lines.size(), size) <= static_cast<float>(maxHeight);
        if (fits) return block;
        if (size <= smallest) break;
    }
    Block block{{}, smallest};
    for (const auto& text : wrapItems(font, items, separator, smallest, maxWidth, maxLines))
        block.lines.push_back(fitLine(font, text, smallest, maxWidth));
    return block;
}

/// Words of a UTF-8 text (split at spaces), for wrapping.
std::vector<std::u32string> words(std::string_view utf8) {
    std::vector<std::u32string> out;
    std::u32string word;
    for (char32_t cp : decodeUtf8(composed(utf8))) {
        if (cp != U' ') word.push_back(cp);
        else if (!word.empty()) out.push_back(std::exchange(word, {}));
    }
    if (!word.empty()) out.push_back(std::move(word));
    return out;
}

// ---- drawing -------------------------------------------------------------------------------------

class Canvas {
public:
    explicit Canvas(Image& image) : image_(image) {}

    /// Mixes `color` over the pixel by `coverage` (0..1); pixels off the image are ignored.
    void blend(int x, int y, Rgb color, float coverage) {
        if (x < 0 || y < 0 || x >= image_.width || y >= image_.height || coverage <= 0) return;
        const float a = std::min(coverage, 1.0f);
        unsigned char* p = &image_.rgba[(static_cast<size_t>(y) * static_cast<size_t>(image_.width) + static_cast<size_t>(x)) * 4];
        auto mix = [a](unsigned char under, unsigned char over) {
            return static_cast<unsigned char>(std::lround(under + (over - under) * a));
        };
        p[0] = mix(p[0], color.r);
        p[1] = mix(p[1], color.g);
        p[2] = mix(p[2], color.b);
        p[3] = 255;
    }

    void fillRect(int x0, int y0, int x1, int y1, Rgb color) {
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) blend(x, y, color, 1.0f);
    }

    /// A rectangle outline `inset` pixels in from the image edges.
    void frame(int inset, int thickness, Rgb color) {
        const int w = image_.width, h = image_.height;
        fillRect(inset, inset, w - inset, inset + thickness, color);
        fillRect(inset, h - inset - thickness, w - inset, h - inset, color);
        fillRect(inset, inset, inset + thickness, h - inset, color);
        fillRect(w - inset - thickness, inset, w - inset, h - inset, color);
    }

    /// An anti-aliased ring of the given radius and stroke width.
    void ring(int cx, int cy, float radius, float stroke, Rgb color) {
        const int reach = static_cast<int>(radius + stroke) + 2;
        for (int y = cy - reach; y <= cy + reach; ++y)
            for (int x = cx - reach; x <= cx + reach; ++x) {
                const float d = std::hypot(static_cast<float>(x - cx), static_cast<float>(y - cy));
                blend(x, y, color, stroke / 2 + 0.5f - std::fabs(d - radius));
            }
    }

    /// An anti-aliased diamond (a square on its point) with the given half-diagonal.
    void diamond(int cx, int cy, float half, Rgb color) {
        const int reach = static_cast<int>(half) + 2;
        for (int y = cy - reach; y <= cy + reach; ++y)
            for (int x = cx - reach; x <= cx + reach; ++x)
                blend(x, y, color, half + 0.5f - static_cast<float>(std::abs(x - cx) + std::abs(y - cy)));
    }

    void glyph(const Font& font, const Line& line, const Line::Glyph& g, int originX, int baseline, Rgb color) {
        const float shift = g.x - std::floor(g.x);
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetGlyphBitmapBoxSubpixel(&font.info, g.index, line.scale, line.scale, shift, 0, &x0, &y0, &x1, &y1);
        const int w = x1 - x0, h = y1 - y0;
        if (w <= 0 || h <= 0) return;
        std::vector<unsigned char> coverage(static_cast<size_t>(w) * static_cast<size_t>(h));
        stbtt_MakeGlyphBitmapSubpixel(&font.info, coverage.data(), w, h, w, line.scale, line.scale, shift, 0, g.index);
        const int left = originX + static_cast<int>(std::floor(g.x)) + x0, top = baseline + y0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                blend(left + x, top + y, color, coverage[static_cast<size_t>(y * w + x)] / 255.0f);
    }

    void line(const Font& font, const Line& line, int originX, int baseline, Rgb color) {
        for (const auto& g : line.glyphs) glyph(font, line, g, originX, baseline, color);
    }

private:
    Image& image_;
};

/// One line of text centred on `centerX`, shrunk (or at worst cut) to fit `maxWidth`.
void centred(Canvas& canvas, const Font& font, std::string_view utf8, float px, int centerX, int baseline,
             int maxWidth, Rgb color) {
    // Two pixels of slack: centring an odd width rounds, and the ink must not cross the margin.
    const Line line = fitLine(font, decodeUtf8(composed(utf8)), px, maxWidth - 2);
    canvas.line(font, line, centerX - (line.inkLeft + line.inkRight) / 2, baseline, color);
}

/// Where a wrapped block goes: centred on the page, at most `height` from its first cap top to
/// its last baseline. `middle` centres it vertically in [top, top + height), otherwise it hangs
/// from `top` (so a list sits right under its label however many lines it has).
struct Box {
    int top, height;
    bool middle;
};

struct Style {
    const Font& font;
    float px;
    size_t maxLines;
    Rgb color;
};

constexpr int kCenterX = L::kWidth / 2;
constexpr int kTextWidth = L::kTextRight - L::kTextLeft;

void wrapped(Canvas& canvas, const Style& style, const std::vector<std::u32string>& items,
             const std::u32string& separator, const Box& box) {
    const Block block = fitBlock(style.font, items, separator, style.px, style.maxLines, kTextWidth - 2, box.height);
    const float height = blockHeight(style.font, block.lines.size(), block.px);
    const float capTop = static_cast<float>(box.top) + (box.middle ? (static_cast<float>(box.height) - height) / 2 : 0);
    float baseline = capTop + style.font.capHeight * block.px;
    for (const auto& line : block.lines) {
        canvas.line(style.font, line, kCenterX - (line.inkLeft + line.inkRight) / 2, static_cast<int>(std::lround(baseline)),
                    style.color);
        baseline += kLineSpacing * block.px;
    }
}

// ---- the page ------------------------------------------------------------------------------------

struct Fonts {
    const Font& regular;
    const Font& bold;
};

/// Thin gold double frame with a diamond in each corner, the classic certificate border.
void drawFrame(Canvas& canvas) {
    canvas.frame(34, 3, kGold);
    canvas.frame(45, 1, kGold);
    for (int x : {58, L::kWidth - 58})
        for (int y : {58, L::kHeight - 58}) canvas.diamond(x, y, 6, kGold);
}

/// A short gold rule with a diamond at its middle, used under the title.
void drawOrnament(Canvas& canvas, int y) {
    canvas.fillRect(kCenterX - 150, y, kCenterX - 16, y + 1, kGold);
    canvas.fillRect(kCenterX + 16, y, kCenterX + 150, y + 1, kGold);
    canvas.diamond(kCenterX, y, 6, kGold);
}

/// The name, large; a long one moves to two lines before it gets small. The box keeps accents
/// and descenders inside [kNameTop, kNameBottom).
void drawName(Canvas& canvas, const Fonts& fonts, const std::string& name) {
    wrapped(canvas, {fonts.bold, 84, 2, kNavy}, words(name), U" ", {L::kNameTop + 12, 90, true});
    canvas.fillRect(kCenterX - 360, 500, kCenterX + 360, 501, kGold);
}

/// Levels separated by middle dots, wrapped at level boundaries onto at most three lines.
void drawLevels(Canvas& canvas, const Fonts& fonts, const std::vector<std::string>& levels) {
    if (levels.empty()) return;
    centred(canvas, fonts.regular, "Levels passed", 19, kCenterX, 692, kTextWidth, kSlate);
    std::vector<std::u32string> items;
    for (const auto& level : levels) items.push_back(decodeUtf8(composed(level)));
    wrapped(canvas, {fonts.regular, 26, 3, kNavy}, items, U"  \u00B7  ", {714, 88, false});
}

/// A date above a short rule with its label below, the way signatures sit on a paper certificate.
void drawDate(Canvas& canvas, const Fonts& fonts, int centerX, std::string_view label, std::string_view date) {
    constexpr int kColumn = 340;
    centred(canvas, fonts.bold, date, 28, centerX, 902, kColumn, kNavy);
    canvas.fillRect(centerX - kColumn / 2, 920, centerX + kColumn / 2, 921, kGold);
    centred(canvas, fonts.regular, label, 19, centerX, 948, kColumn, kSlate);
}

/// The seal between the dates: two gold rings around the issuing product's name.
void drawSeal(Canvas& canvas, const Fonts& fonts) {
    constexpr int kCy = 897;
    canvas.ring(kCenterX, kCy, 66, 3, kGold);
    canvas.ring(kCenterX, kCy, 57, 1, kGold);
    centred(canvas, fonts.bold, "simdesk", 22, kCenterX, kCy + 8, 100, kGold);
}

void drawPage(Canvas& canvas, const Fonts& fonts, const CertificateText& text) {
    drawFrame(canvas);
    centred(canvas, fonts.bold, "Certificate of completion", 64, kCenterX, 212, kTextWidth, kNavy);
    drawOrnament(canvas, 252);
    centred(canvas, fonts.regular, "This is to certify that", 28, kCenterX, 322, kTextWidth, kSlate);
    drawName(canvas, fonts, text.traineeName);
    centred(canvas, fonts.regular, "has completed the certification track", 28, kCenterX, 552, kTextWidth, kSlate);
    wrapped(canvas, {fonts.bold, 46, 2, kNavy}, words(text.trackTitle), U" ", {578, 70, true});
    drawLevels(canvas, fonts, text.levels);
    drawDate(canvas, fonts, 420, "Awarded", text.awardedOn);
    drawSeal(canvas, fonts);
    drawDate(canvas, fonts, L::kWidth - 420, "Valid until", text.expiresOn);
    std::string reference = "Certificate " + text.certificateId;
    if (!text.trackId.empty()) reference += "  \u00B7  Track " + text.trackId;
    centred(canvas, fonts.regular, reference, 18, kCenterX, 1002, kTextWidth, kSlate);
    centred(canvas, fonts.regular, "Issued by " + text.issuer, 18, kCenterX, 1030, kTextWidth, kSlate);
}

void appendBytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    const auto* bytes = static_cast<const unsigned char*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

} // namespace

Result<Image> renderCertificate(const CertificateText& text, const std::string& regularFont,
                                const std::string& boldFont) {
    auto regular = loadFont(regularFont);
    if (!regular) return regular.error();
    auto bold = loadFont(boldFont);
    if (!bold) return bold.error();
    Image image{L::kWidth, L::kHeight, {}};
    image.rgba.resize(static_cast<size_t>(L::kWidth) * L::kHeight * 4);
    Canvas canvas(image);
    canvas.fillRect(0, 0, L::kWidth, L::kHeight, kPaper);
    drawPage(canvas, Fonts{**regular, **bold}, text);
    return image;
}

Status writePng(const Image& image, const std::string& path) {
    if (image.width <= 0 || image.height <= 0 ||
        image.rgba.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 4)
        return fail("cannot write " + path + ": the image is empty or its pixel buffer has the wrong size");
    // Encode in memory first so a failure to open or write the file gets its own message
    // (stbi_write_png only says "0").
    std::vector<unsigned char> png;
    if (!stbi_write_png_to_func(appendBytes, &png, image.width, image.height, 4, image.rgba.data(), image.width * 4))
        return fail("cannot encode the certificate as PNG for " + path);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return fail("cannot write " + path + ": " + std::strerror(errno));
    out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
    out.close();
    if (!out) return fail("cannot write " + path + ": writing the file failed (disk full?)");
    return Ok{};
}

} // namespace simdesk::app
