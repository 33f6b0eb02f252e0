#include "pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <filesystem>
#include <unistd.h>

namespace simdesk::cli {

namespace {

constexpr double kPageWidth = 595.276, kPageHeight = 841.89;  // A4 in points
constexpr double kMargin = 56, kFooterSpace = 28, kIndentStep = 16;

struct Style {
    const char* family;
    cairo_font_slant_t slant;
    cairo_font_weight_t weight;
    double size, lineHeight, spaceBefore;
    double grey;
};

Style styleOf(PdfBlock::Kind kind) {
    using K = PdfBlock::Kind;
    switch (kind) {
    case K::Title: return {"DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD, 18, 23, 0, 0};
    case K::Heading: return {"DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD, 13, 17, 14, 0.1};
    case K::Subheading: return {"DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD, 10, 13.5, 6, 0};
    case K::Quote: return {"DejaVu Serif", CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL, 10, 13.5, 2, 0.15};
    case K::Small: return {"DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL, 8.5, 11.5, 1, 0.35};
    default: return {"DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL, 10, 13.5, 2, 0};
    }
}

/// Valid UTF-8 without control characters (a tab becomes a space): Cairo refuses to draw
/// anything after one invalid string, and stored text can hold anything.
std::string drawable(const std::string& text) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        auto byte = static_cast<unsigned char>(text[i]);
        size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
        bool valid = length > 0 && i + length <= text.size();
        for (size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (valid && length == 2 && byte < 0xC2) valid = false;  // overlong
        if (!valid) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (length == 1 && (byte < 0x20 || byte == 0x7F)) {
            out += byte == '\n' ? '\n' : ' ';
        } else if (length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            out += ' ';  // C1 controls
        } else {
            out.append(text, i, length);
        }
        i += length;
    }
    return out;
}

size_t utf8Length(const std::string& text, size_t at) {
    auto byte = static_cast<unsigned char>(text[at]);
    return byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : 4;
}

class Writer {
public:
    Writer(cairo_t* cr, const PdfDocument& doc) : cr_(cr), doc_(doc) { y_ = kMargin; }

    void block(const PdfBlock& b) {
        Style style = styleOf(b.kind);
        if (b.kind == PdfBlock::Kind::Gap) {
            y_ += 6;
            return;
        }
        select(style);
        double left = kMargin + b.indent * kIndentStep;
        std::string prefix;
        if (b.kind == PdfBlock::Kind::Bullet) prefix = "•  ";
        double prefixWidth = prefix.empty() ? 0 : width(prefix);
        auto lines = wrap(drawable(b.text), kPageWidth - kMargin - left - prefixWidth);
        // A heading is kept with at least two lines of what follows it.
        double keep = b.kind == PdfBlock::Kind::Heading || b.kind == PdfBlock::Kind::Subheading ? 3 * style.lineHeight : 0;
        if (y_ > kMargin) y_ += style.spaceBefore;
        ensure(style.lineHeight + keep);
        select(style);
        for (size_t i = 0; i < lines.size(); ++i) {
            ensure(style.lineHeight);
            select(style);
            if (i == 0 && !prefix.empty()) {
                cairo_move_to(cr_, left, y_ + style.size);
                cairo_show_text(cr_, prefix.c_str());
            }
            cairo_move_to(cr_, left + prefixWidth, y_ + style.size);
            cairo_show_text(cr_, lines[i].c_str());
            y_ += style.lineHeight;
        }
        if (b.kind == PdfBlock::Kind::Title || b.kind == PdfBlock::Kind::Heading) {
            cairo_set_line_width(cr_, 0.6);
            cairo_move_to(cr_, kMargin, y_ + 1);
            cairo_line_to(cr_, kPageWidth - kMargin, y_ + 1);
            cairo_stroke(cr_);
            y_ += 5;
        }
    }

    int finish() {
        footer();
        return page_;
    }

private:
    cairo_t* cr_;
    const PdfDocument& doc_;
    double y_ = 0;
    int page_ = 1;

    void select(const Style& s) {
        cairo_select_font_face(cr_, s.family, s.slant, s.weight);
        cairo_set_font_size(cr_, s.size);
        cairo_set_source_rgb(cr_, s.grey, s.grey, s.grey);
    }

    double width(const std::string& text) {
        cairo_text_extents_t extents;
        cairo_text_extents(cr_, text.c_str(), &extents);
        return extents.x_advance;
    }

    void footer() {
        select(styleOf(PdfBlock::Kind::Small));
        std::string page = "page " + std::to_string(page_);
        cairo_move_to(cr_, kPageWidth - kMargin - width(page), kPageHeight - kMargin / 2);
        cairo_show_text(cr_, page.c_str());
        std::string left = drawable(doc_.footer);
        // The footer shares the line with the page number: shorten it rather than overlap.
        while (!left.empty() && width(left) > kPageWidth - 2 * kMargin - width(page) - 20) {
            size_t cut = left.size() - 1;
            while (cut > 0 && (static_cast<unsigned char>(left[cut]) & 0xC0) == 0x80) --cut;
            left.erase(cut);
        }
        cairo_move_to(cr_, kMargin, kPageHeight - kMargin / 2);
        cairo_show_text(cr_, left.c_str());
    }

    /// Starts a new page when `height` more would run into the footer.
    void ensure(double height) {
        if (y_ + height <= kPageHeight - kMargin - kFooterSpace) return;
        footer();
        cairo_show_page(cr_);
        ++page_;
        y_ = kMargin;
    }

    /// Lines no wider than `limit`: words kept whole where they fit, explicit newlines kept.
    std::vector<std::string> wrap(const std::string& text, double limit) {
        std::vector<std::string> lines;
        size_t start = 0;
        while (true) {
            size_t end = text.find('\n', start);
            wrapParagraph(text.substr(start, end == std::string::npos ? std::string::npos : end - start), limit, lines);
            if (end == std::string::npos) break;
            start = end + 1;
        }
        return lines;
    }

    void wrapParagraph(const std::string& text, double limit, std::vector<std::string>& lines) {
        std::string line;
        size_t i = 0;
        bool any = false;
        while (i <= text.size()) {
            size_t space = text.find(' ', i);
            std::string word = text.substr(i, space == std::string::npos ? std::string::npos : space - i);
            i = space == std::string::npos ? text.size() + 1 : space + 1;
            if (word.empty()) continue;
            std::string candidate = line.empty() ? word : line + " " + word;
            if (width(candidate) <= limit) {
                line = std::move(candidate);
                continue;
            }
            if (!line.empty()) lines.push_back(std::move(line)), any = true;
            line.clear();
            // A word wider than the column (a URL, a pasted token) is broken between characters.
            while (width(word) > limit) {
                size_t cut = 0;
                while (cut < word.size()) {
                    size_t next = cut + utf8Length(word, cut);
                    if (width(word.substr(0, next)) > limit) break;
                    cut = next;
                }
                if (cut == 0) cut = utf8Length(word, 0);
                lines.push_back(word.substr(0, cut)), any = true;
                word.erase(0, cut);
            }
            line = word;
        }
        if (!line.empty() || !any) lines.push_back(line);
    }
};

} // namespace

Result<int> writePdf(const PdfDocument& document, const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path target(path);
    if (target.filename().empty() || fs::is_directory(target, ec)) return Error{"--pdf " + path + " is a folder, not a file"};
    fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    if (!fs::is_directory(folder, ec)) return Error{"cannot write " + path + ": no folder " + folder.string()};
    // Drawn to a temporary file and renamed into place, so a failure never leaves half a report.
    fs::path temp = target;
    temp += ".partial-" + std::to_string(::getpid());
    cairo_surface_t* surface = cairo_pdf_surface_create(temp.c_str(), kPageWidth, kPageHeight);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        fs::remove(temp, ec);
        return Error{"cannot write " + path + ": the folder is not writable"};
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, drawable(document.title).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "simdesk");
    cairo_t* cr = cairo_create(surface);
    Writer writer(cr, document);
    for (const auto& block : document.blocks) writer.block(block);
    int pages = writer.finish();
    cairo_status_t drawn = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t written = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (drawn != CAIRO_STATUS_SUCCESS || written != CAIRO_STATUS_SUCCESS) {
        fs::remove(temp, ec);
        return Error{"cannot write " + path + ": " +
                     cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : written)};
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        return Error{"cannot write " + path + ": " + ec.message()};
    }
    return pages;
}

} // namespace simdesk::cli
