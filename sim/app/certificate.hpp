// The certificate a trainee earns for a completed track, drawn to an RGBA image and saved as PNG.
// Kept free of ImGui, GLFW and OpenGL so it renders (and is tested) without a window: the app
// shows or saves the image, this file only draws it.
#pragma once

#include "core/result.hpp"

#include <string>
#include <vector>

namespace simdesk::app {

/// What the certificate says. Strings are UTF-8; dates are "YYYY-MM-DD" and printed as given.
struct CertificateText {
    std::string traineeName, trackTitle, trackId;
    std::string awardedOn, expiresOn;
    std::vector<std::string> levels;   ///< titles of the levels passed, in order
    std::string certificateId;         ///< e.g. "SD-new-hire-foundations-7-20261125"
    std::string issuer = "Northwind Desk Training · simdesk";
};

/// Row-major RGBA, 4 bytes a pixel, no padding between rows.
struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
};

/// Where things sit on the page. Public so callers (and tests) can reason about the layout
/// without decoding it from pixels.
namespace certificate_layout {
constexpr int kWidth = 1600, kHeight = 1130;
/// All text stays inside this rectangle; outside it only the gold frame and ornaments are drawn.
constexpr int kTextLeft = 140, kTextRight = kWidth - 140, kTextTop = 100, kTextBottom = kHeight - 70;
/// The rows the trainee's name may cover (ascender of "Å" to descender of "g").
constexpr int kNameTop = 360, kNameBottom = 478;
} // namespace certificate_layout

/// Draws a landscape certificate (kWidth x kHeight): gold double frame, title, the trainee's name,
/// the track and its levels, the dates, the certificate id and the issuer. Text is centred; a long
/// name or track title wraps onto two lines, levels onto three, and anything still too wide is
/// shrunk, down to 18 px, then cut with "…", so nothing crosses the frame. Names are NFC-composed
/// and codepoints the font lacks are drawn as "?". Fails if a font cannot be read, is over 20 MB
/// or is not TrueType. Fonts are read on every call; nothing is cached or global.
Result<Image> renderCertificate(const CertificateText& text, const std::string& regularFont,
                                const std::string& boldFont);

/// Writes the image as a PNG file. Fails with a message naming the path if it cannot.
Status writePng(const Image& image, const std::string& path);

} // namespace simdesk::app
