// The track certificate as a trainee sees it: a PNG of the right size that opens, the name on it,
// long text kept inside the frame, accented names drawn as letters, and readable errors for a
// missing font or an unwritable path. Checks look at pixels, not at how the renderer works.
#include "app/certificate.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <stb_image.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace simdesk;
using namespace simdesk::app;
namespace fs = std::filesystem;
namespace layout = simdesk::app::certificate_layout;

namespace {

const std::string kRegular = std::string(SIMDESK_DEJAVU_DIR) + "/DejaVuSerif.ttf";
const std::string kBold = std::string(SIMDESK_DEJAVU_DIR) + "/DejaVuSerif-Bold.ttf";

CertificateText sampleText() {
    CertificateText text;
    text.traineeName = "Alex Morgan";
    text.trackTitle = "New-hire foundations";
    text.trackId = "new-hire-foundations";
    text.awardedOn = "2026-11-25";
    text.expiresOn = "2027-11-25";
    text.levels = {"First contact", "Escalations"};
    text.certificateId = "SD-new-hire-foundations-7-20261125";
    return text;
}

Image render(const CertificateText& text) {
    auto image = renderCertificate(text, kRegular, kBold);
    if (!image) FAIL(image.error().message);
    return std::move(image).value();
}

/// Text is navy or slate (luminance about 35 and 85); the paper (about 249) and the gold frame
/// (about 143) are well above 110, so "dark" means "text ink".
bool dark(const Image& image, int x, int y) {
    const unsigned char* p = &image.rgba[(static_cast<size_t>(y) * static_cast<size_t>(image.width) + static_cast<size_t>(x)) * 4];
    return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2] < 110;
}

/// The columns holding text ink within rows [top, bottom) and how many dark pixels there are.
struct Ink {
    int left = INT_MAX, right = -1, pixels = 0;
};

Ink inkInRows(const Image& image, int top, int bottom) {
    Ink ink;
    for (int y = top; y < bottom; ++y)
        for (int x = 0; x < image.width; ++x)
            if (dark(image, x, y)) {
                ink.left = std::min(ink.left, x);
                ink.right = std::max(ink.right, x);
                ++ink.pixels;
            }
    return ink;
}

/// Dark pixels outside the text rectangle (where only the gold frame may be drawn).
int inkOutsideTextArea(const Image& image) {
    int count = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const bool inside = x >= layout::kTextLeft && x < layout::kTextRight && y >= layout::kTextTop &&
                                y < layout::kTextBottom;
            if (!inside && dark(image, x, y)) ++count;
        }
    return count;
}

/// Pixels that differ between two images of the same size, within rows [top, bottom).
int differingPixels(const Image& a, const Image& b, int top, int bottom) {
    int count = 0;
    for (int y = top; y < bottom; ++y)
        for (int x = 0; x < a.width; ++x) {
            const size_t at = (static_cast<size_t>(y) * static_cast<size_t>(a.width) + static_cast<size_t>(x)) * 4;
            if (a.rgba[at] != b.rgba[at] || a.rgba[at + 1] != b.rgba[at + 1] || a.rgba[at + 2] != b.rgba[at + 2]) ++count;
        }
    return count;
}

Image withName(const std::string& name) {
    CertificateText text = sampleText();
    text.traineeName = name;
    return render(text);
}

} // namespace

TEST_CASE("a certificate is saved as a 1600x1130 PNG that opens with the same pixels") {
    test::TempDir dir{"simdesk-cert"};
    const Image image = render(sampleText());
    CHECK(image.width == 1600);
    CHECK(image.height == 1130);
    const std::string path = (dir.path / "certificate.png").string();
    REQUIRE(writePng(image, path).ok());

    int width = 0, height = 0, channels = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &width, &height, &channels, 4);
    REQUIRE(pixels != nullptr);
    CHECK(width == 1600);
    CHECK(height == 1130);
    // PNG is lossless: what opens is exactly what was drawn.
    CHECK(std::equal(image.rgba.begin(), image.rgba.end(), pixels));
    stbi_image_free(pixels);
}

TEST_CASE("the trainee's name is what fills the name band, and it is centred") {
    const Ink none = inkInRows(withName(""), layout::kNameTop, layout::kNameBottom);
    CHECK(none.pixels == 0);  // nothing else is drawn there, so ink below really is the name

    const Ink name = inkInRows(withName("Alex Morgan"), layout::kNameTop, layout::kNameBottom);
    CHECK(name.pixels > 2000);  // 10 bold letters at 84 px, each far more than 200 dark pixels
    const int middle = (name.left + name.right) / 2;
    CHECK(std::abs(middle - layout::kWidth / 2) <= 2);
}

TEST_CASE("a name, accented or long enough to wrap, changes nothing outside the name band") {
    const Image empty = withName("");
    for (const char* name : {"Zoë Ångström", "Maximiliana Wilhelmina Theodora Bartholomew-Featherstonehaugh-Cholmondeley"}) {
        CAPTURE(name);
        const Image named = withName(name);
        CHECK(inkInRows(named, layout::kNameTop, layout::kNameBottom).pixels > 2000);
        // The ring of "Å" and the tail of "g" stay inside, clear of the lines above and below.
        CHECK(differingPixels(named, empty, 0, layout::kNameTop) == 0);
        CHECK(differingPixels(named, empty, layout::kNameBottom, layout::kHeight) == 0);
    }
}

TEST_CASE("very long text is shrunk to stay inside the frame, and still drawn") {
    CertificateText text = sampleText();
    text.trackTitle.clear();
    for (int i = 0; i < 12; ++i) text.trackTitle += "Advanced escalation handling for enterprise accounts ";
    text.traineeName = "Maximiliana Wilhelmina Theodora Bartholomew-Featherstonehaugh-Cholmondeley III";
    text.levels.assign(30, "Handling an angry customer who wants a refund immediately");
    text.certificateId = std::string(300, 'X');
    const Image image = render(text);

    // Drawn at their full size, these lines would run thousands of pixels past both edges.
    CHECK(inkOutsideTextArea(image) == 0);
    // Shrinking, not dropping: the long lines reach close to both sides of the text area.
    const Ink all = inkInRows(image, 0, image.height);
    CHECK(all.left < layout::kTextLeft + 40);
    CHECK(all.right >= layout::kTextRight - 40);
    const Ink name = inkInRows(image, layout::kNameTop, layout::kNameBottom);
    CHECK(name.right - name.left > (layout::kTextRight - layout::kTextLeft) * 3 / 4);
}

TEST_CASE("UTF-8 names are drawn as their letters") {
    const int top = layout::kNameTop, bottom = layout::kNameBottom;
    // If "ë", "Å" or "Ł" were missing from the font or misdecoded they would print as "?".
    CHECK(differingPixels(withName("Zoë Ångström"), withName("Zo? ?ngstr?m"), top, bottom) > 100);
    CHECK(differingPixels(withName("Łukasz"), withName("?ukasz"), top, bottom) > 100);

    // "ë" is one letter as wide as "e": decoding its two bytes as two Latin-1 characters ("Ã«")
    // would make the name about one letter wider.
    const Image zoe = withName("Zoe"), zoeDiaeresis = withName("Zoë");
    const Ink plain = inkInRows(zoe, top, bottom), accented = inkInRows(zoeDiaeresis, top, bottom);
    CHECK(std::abs((accented.right - accented.left) - (plain.right - plain.left)) <= 3);
    CHECK(differingPixels(zoe, zoeDiaeresis, top, bottom) > 20);  // the two dots

    // The same name typed decomposed ("e" + combining diaeresis) prints identically.
    CHECK(differingPixels(zoeDiaeresis, withName("Zoe\xCC\x88"), 0, layout::kHeight) == 0);
}

TEST_CASE("broken UTF-8 in a name does not stop the certificate") {
    const Image image = withName("Zo\xC3 \xFF\xED\xA0\x80 Morgan");  // truncated, invalid and surrogate bytes
    CHECK(inkInRows(image, layout::kNameTop, layout::kNameBottom).pixels > 1000);
}

TEST_CASE("a missing or unusable font is an error that names the file") {
    test::TempDir dir{"simdesk-cert"};
    const std::string missing = (dir.path / "NoSuchFont.ttf").string();

    auto noRegular = renderCertificate(sampleText(), missing, kBold);
    REQUIRE_FALSE(noRegular.ok());
    CHECK(noRegular.error().message.find(missing) != std::string::npos);
    auto noBold = renderCertificate(sampleText(), kRegular, missing);
    REQUIRE_FALSE(noBold.ok());
    CHECK(noBold.error().message.find(missing) != std::string::npos);

    // The first 2000 bytes of a real font: its table directory points past the end of the file.
    const std::string truncated = (dir.path / "truncated.ttf").string();
    {
        std::ifstream in(kRegular, std::ios::binary);
        std::string head(2000, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        std::ofstream(truncated, std::ios::binary) << head;
    }
    auto cut = renderCertificate(sampleText(), truncated, kBold);
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().message.find(truncated) != std::string::npos);

    // A file over the 20 MB bound is refused without being read (sparse, so it costs no disk).
    const std::string huge = (dir.path / "huge.ttf").string();
    std::ofstream(huge).close();
    fs::resize_file(huge, 21u * 1024 * 1024);
    auto big = renderCertificate(sampleText(), kRegular, huge);
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().message.find("20 MB") != std::string::npos);
}

TEST_CASE("saving into a folder that does not exist is an error, not a crash") {
    test::TempDir dir{"simdesk-cert"};
    const std::string path = (dir.path / "no-such-folder" / "certificate.png").string();
    const Status saved = writePng(render(sampleText()), path);
    REQUIRE_FALSE(saved.ok());
    CHECK(saved.error().message.find(path) != std::string::npos);
    CHECK_FALSE(fs::exists(path));

    const Status empty = writePng(Image{}, (dir.path / "empty.png").string());
    CHECK_FALSE(empty.ok());
}
