// The layout layer of the documents: forms are lists of blocks (title, heading,
// label/value rows, tables, paragraphs, a QR code); this layer measures, wraps,
// breaks pages (splitting long rows between lines, never clipping) and draws
// them on A4 with Noto Sans embedded, every page framed with a header, a footer
// with page numbers and an optional "COPY n" mark. libharu and libqrencode stay
// in layout.cpp.
#pragma once

#include "kiosk/error.hpp"

#include <string>
#include <variant>
#include <vector>

namespace printer::layout {

enum class Align { Left, Center };

struct Title {
    std::string text;
};
// A section heading; kept on the same page as the first line after it.
struct Heading {
    std::string text;
};
// One label | value row of a form.
struct Field {
    std::string label, value;
};
struct Paragraph {
    std::string text;
    Align align = Align::Left;
    bool bold = false;
    bool small = false;
};
// Columns share the width in proportion to `weights`; the header repeats on every page the table reaches.
struct Table {
    std::vector<std::string> headers;
    std::vector<double> weights;
    std::vector<std::vector<std::string>> rows;
};
// A QR code of `payload` with caption lines beside it.
struct Qr {
    std::string payload;
    std::vector<std::string> caption;
};
// Filled boxes from white (0) to black (1): the test page's grey levels.
struct GreyScale {
    std::vector<double> levels;
};
struct Spacer {
    double points = 6;
};

using Block = std::variant<Title, Heading, Field, Paragraph, Table, Qr, GreyScale, Spacer>;

// What every page carries.
struct Frame {
    std::string header;      // top line (the issuing authority, the report's name)
    std::string footer_left; // e.g. "Çap tarixi: 01.03.2024 10:22 · Kiosk: AZ-BAK-001"
    std::string footer_mid;  // e.g. "Yoxlama kodu: ABCD-EFGH"
    std::string page_word;   // "Səhifə"
    std::string of_word;     // "/"
    std::string mark;        // "SURƏT 2" on a second print; empty otherwise
    bool border = false;     // a frame at the printable area's edge (the test page)
};

struct Spec {
    Frame frame;
    std::vector<Block> blocks;
};

struct Output {
    std::string pdf;
    int pages = 0;
};

// Lays out and renders the document. Errors: document_failed (font missing, libharu error).
[[nodiscard]] kiosk::Result<Output> render(const Spec& spec);

// The font file (Noto Sans, embedded). Bold is the same face filled and stroked: a second embedded
// font (NotoSans-Bold.ttf) would cost ~3.5 ms and ~40 KB a document, past the 10 ms budget.
inline constexpr const char* k_font_regular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";

} // namespace printer::layout
