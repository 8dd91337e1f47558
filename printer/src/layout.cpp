// Layout and drawing of the documents (layout.hpp). Two passes: blocks are laid
// out into per-page drawing operations with the fonts' metrics, then the pages
// are drawn with the frame that needs the page count ("Səhifə 1 / 3").
#include "layout.hpp"

#include <hpdf.h>
#include <qrencode.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace printer::layout {
namespace {

// A4 in points and the printable area inside the margins.
constexpr double k_page_w = 595.276, k_page_h = 841.89;
constexpr double k_margin_l = 56.7, k_margin_r = 42.5, k_margin_t = 42.5, k_margin_b = 42.5;
constexpr double k_header_space = 30, k_footer_space = 34;
constexpr double k_content_w = k_page_w - k_margin_l - k_margin_r;
constexpr double k_content_top = k_page_h - k_margin_t - k_header_space;
constexpr double k_content_bottom = k_margin_b + k_footer_space;

constexpr double k_body = 9.5, k_small = 7.5, k_heading = 11, k_title = 13.5, k_mark = 13;
constexpr double k_leading = 1.32;
constexpr double k_label_share = 0.38, k_gap = 8, k_cell_pad = 3;
constexpr double k_qr_size = 92;

struct TextOp {
    double x, y;
    std::string text;
    bool bold;
    double size;
    double grey;
};
struct RectOp {
    double x, y, w, h;
    double grey;
    bool fill;
};
struct LineOp {
    double x1, y1, x2, y2;
    double grey, width;
};
struct QrOp {
    double x, y, size;
    std::string payload;
};
using Op = std::variant<TextOp, RectOp, LineOp, QrOp>;

struct DocDeleter {
    void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};

struct ErrorSink {
    HPDF_STATUS code = 0, detail = 0;
};

void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void* user) {
    auto* sink = static_cast<ErrorSink*>(user);
    if (sink->code == 0) {
        sink->code = code;
        sink->detail = detail;
    }
}

std::size_t utf8_len(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
}

class Layouter {
public:
    Layouter(HPDF_Font regular, HPDF_Font bold) : m_regular(regular), m_bold(bold) { new_page(); }
    // Bold text is drawn with a stroke of size * 0.035 around each glyph: a hair wider than measured.

    double width(bool bold, double size, std::string_view text) const {
        if (text.empty()) return 0;
        HPDF_TextWidth w = HPDF_Font_TextWidth(bold ? m_bold : m_regular,
                                               reinterpret_cast<const HPDF_BYTE*>(text.data()),
                                               static_cast<HPDF_UINT>(text.size()));
        return w.width * size / 1000.0;
    }

    // Lines of at most `max_w` points: breaks at spaces, inside a word only when the word alone is wider.
    std::vector<std::string> wrap(bool bold, double size, std::string_view text, double max_w) const {
        std::vector<std::string> lines;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t nl = text.find('\n', start);
            std::string_view para = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
            wrap_paragraph(bold, size, para, max_w, lines);
            if (nl == std::string_view::npos) break;
            start = nl + 1;
        }
        if (lines.empty()) lines.emplace_back();
        return lines;
    }

    void title(const Title& t) {
        auto lines = wrap(true, k_title, t.text, k_content_w);
        double lh = k_title * k_leading;
        ensure(lines.size() * lh + 10);
        for (const auto& line : lines) {
            m_y -= lh;
            text((k_content_w - width(true, k_title, line)) / 2, line, true, k_title, 0);
        }
        m_y -= 10;
    }

    void heading(const Heading& h) {
        auto lines = wrap(true, k_heading, h.text, k_content_w - 8);
        double lh = k_heading * k_leading;
        double block = lines.size() * lh + 2 * k_cell_pad;
        ensure(block + 6 + k_body * k_leading + 2 * k_cell_pad); // keep with the next line
        m_y -= 6;
        op(RectOp{k_margin_l, m_y - block, k_content_w, block, 0.9, true});
        m_y -= k_cell_pad;
        for (const auto& line : lines) {
            m_y -= lh;
            text(4, line, true, k_heading, 0);
        }
        m_y -= k_cell_pad + 2;
    }

    void field(const Field& f) {
        double label_w = k_content_w * k_label_share;
        row({{0, label_w - k_gap, wrap(false, k_body, f.label, label_w - k_gap), false, 0.25},
             {label_w, k_content_w - label_w, wrap(true, k_body, f.value, k_content_w - label_w), true, 0}},
            k_body, nullptr);
    }

    void paragraph(const Paragraph& p) {
        double size = p.small ? k_small : k_body;
        auto lines = wrap(p.bold, size, p.text, k_content_w);
        double lh = size * k_leading;
        m_y -= 2;
        for (const auto& line : lines) {
            if (m_y - lh < k_content_bottom) new_page();
            m_y -= lh;
            double x = p.align == Align::Center ? (k_content_w - width(p.bold, size, line)) / 2 : 0;
            text(x, line, p.bold, size, 0);
        }
        m_y -= 4;
    }

    void table(const Table& t) {
        double total = 0;
        for (double w : t.weights) total += w;
        std::vector<double> xs, ws;
        double x = 0;
        for (double w : t.weights) {
            xs.push_back(x);
            ws.push_back(k_content_w * w / total);
            x += ws.back();
        }
        auto cells = [&](const std::vector<std::string>& values, bool bold) {
            std::vector<Cell> out;
            for (std::size_t i = 0; i < xs.size(); ++i) {
                const std::string& v = i < values.size() ? values[i] : std::string();
                out.push_back(Cell{xs[i] + k_cell_pad, ws[i] - 2 * k_cell_pad,
                                   wrap(bold, k_body, v, ws[i] - 2 * k_cell_pad), bold, 0});
            }
            return out;
        };
        auto header = cells(t.headers, true);
        m_y -= 4;
        ensure(2 * (k_body * k_leading + 2 * k_cell_pad));
        row(header, k_body, nullptr, true);
        for (const auto& r : t.rows) row(cells(r, false), k_body, &header);
        m_y -= 4;
    }

    void qr(const Qr& q) {
        double lh = k_small * k_leading;
        std::vector<std::string> lines;
        for (const auto& c : q.caption)
            for (auto& l : wrap(false, k_small + 1, c, k_content_w - k_qr_size - 12)) lines.push_back(std::move(l));
        double h = std::max(k_qr_size, lines.size() * (lh + 1.5));
        ensure(h + 14);
        m_y -= 10;
        op(QrOp{k_margin_l, m_y - k_qr_size, k_qr_size, q.payload});
        double y = m_y;
        for (const auto& line : lines) {
            y -= lh + 1.5;
            op(TextOp{k_margin_l + k_qr_size + 12, y, line, false, k_small + 1, 0});
        }
        m_y -= h + 4;
    }

    void grey_scale(const GreyScale& g) {
        double box = std::min(40.0, k_content_w / std::max<std::size_t>(1, g.levels.size()));
        ensure(box + 8);
        m_y -= 4;
        double x = k_margin_l;
        for (double level : g.levels) {
            op(RectOp{x, m_y - box, box, box, 1.0 - level, true});
            op(RectOp{x, m_y - box, box, box, 0, false});
            x += box;
        }
        m_y -= box + 4;
    }

    void spacer(const Spacer& s) {
        if (m_y - s.points < k_content_bottom)
            new_page();
        else
            m_y -= s.points;
    }

    std::vector<std::vector<Op>>& pages() { return m_pages; }

private:
    struct Cell {
        double x, w;
        std::vector<std::string> lines;
        bool bold;
        double grey;
    };

    void wrap_paragraph(bool bold, double size, std::string_view para, double max_w,
                        std::vector<std::string>& lines) const {
        std::string line;
        std::size_t i = 0;
        while (i < para.size()) {
            std::size_t sp = para.find(' ', i);
            std::string_view word = para.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i);
            i = sp == std::string_view::npos ? para.size() : sp + 1;
            if (word.empty()) continue;
            std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
            if (width(bold, size, candidate) <= max_w) {
                line = std::move(candidate);
                continue;
            }
            if (!line.empty()) lines.push_back(std::move(line));
            line.clear();
            // A word wider than the column: break it between characters.
            std::size_t c = 0;
            while (c < word.size()) {
                std::size_t n = utf8_len(static_cast<unsigned char>(word[c]));
                std::string next = line + std::string(word.substr(c, n));
                if (!line.empty() && width(bold, size, next) > max_w) {
                    lines.push_back(std::move(line));
                    line = std::string(word.substr(c, n));
                } else {
                    line = std::move(next);
                }
                c += n;
            }
        }
        if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
    }

    void new_page() {
        m_pages.emplace_back();
        m_y = k_content_top;
    }
    void ensure(double height) {
        if (m_y - height < k_content_bottom && m_y < k_content_top) new_page();
    }
    void op(Op o) { m_pages.back().push_back(std::move(o)); }
    void text(double x, const std::string& s, bool bold, double size, double grey) {
        if (!s.empty()) op(TextOp{k_margin_l + x, m_y + size * 0.22, s, bold, size, grey});
    }

    // A row of cells, split between pages at line boundaries; `repeat` (a table header) is drawn again on
    // each new page the row continues on.
    void row(const std::vector<Cell>& cells, double size, const std::vector<Cell>* repeat, bool shaded = false) {
        double lh = size * k_leading;
        std::size_t n = 0;
        for (const auto& c : cells) n = std::max(n, c.lines.size());
        std::size_t line = 0;
        while (line < n) {
            if (m_y - (lh + 2 * k_cell_pad) < k_content_bottom) {
                new_page();
                if (repeat) row(*repeat, size, nullptr, true);
            }
            double top = m_y;
            std::size_t first_op = m_pages.back().size();
            m_y -= k_cell_pad;
            std::size_t first = line;
            while (line < n && m_y - lh - k_cell_pad >= k_content_bottom) {
                m_y -= lh;
                for (const auto& c : cells)
                    if (line < c.lines.size()) text(c.x, c.lines[line], c.bold, size, c.grey);
                ++line;
            }
            if (line == first) continue; // not even one line fits: the next round starts a page
            m_y -= k_cell_pad;
            if (shaded) {
                auto& ops = m_pages.back();
                ops.insert(ops.begin() + static_cast<std::ptrdiff_t>(first_op),
                           RectOp{k_margin_l, m_y, k_content_w, top - m_y, 0.93, true});
            }
            op(LineOp{k_margin_l, m_y, k_margin_l + k_content_w, m_y, 0.75, 0.5});
        }
    }

    HPDF_Font m_regular, m_bold;
    std::vector<std::vector<Op>> m_pages;
    double m_y = k_content_top;
};

void draw_text(HPDF_Page page, HPDF_Font font, double size, double x, double y, const std::string& s, double grey,
               bool bold = false) {
    HPDF_Page_SetGrayFill(page, static_cast<HPDF_REAL>(grey));
    // Bold is the regular face filled and stroked: one embedded font instead of two keeps a document
    // within the 10 ms budget (loading and embedding a TrueType font costs ~3.5 ms each).
    HPDF_Page_SetGrayStroke(page, static_cast<HPDF_REAL>(grey));
    HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(size * 0.035));
    HPDF_Page_SetTextRenderingMode(page, bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
    HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), s.c_str());
    HPDF_Page_EndText(page);
}

bool draw_qr(HPDF_Page page, const QrOp& q) {
    QRcode* code = QRcode_encodeString(q.payload.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) return false;
    const int w = code->width;
    const double module = q.size / (w + 8); // 4-module quiet zone each side
    HPDF_Page_SetGrayFill(page, 0);
    for (int y = 0; y < w; ++y)
        for (int x = 0; x < w; ++x)
            if (code->data[y * w + x] & 1)
                HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(q.x + (x + 4) * module),
                                    static_cast<HPDF_REAL>(q.y + q.size - (y + 5) * module),
                                    static_cast<HPDF_REAL>(module), static_cast<HPDF_REAL>(module));
    HPDF_Page_Fill(page);
    QRcode_free(code);
    return true;
}

} // namespace

kiosk::Result<Output> render(const Spec& spec) {
    ErrorSink errors;
    std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter> doc(HPDF_New(on_hpdf_error, &errors));
    if (!doc) return kiosk::fail("document_failed", "libharu: out of memory");
    HPDF_Doc pdf = doc.get();
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    const char* regular_name = HPDF_LoadTTFontFromFile(pdf, k_font_regular, HPDF_TRUE);
    if (!regular_name) return kiosk::fail("document_failed", "cannot load the Noto Sans font");
    HPDF_Font regular = HPDF_GetFont(pdf, regular_name, "UTF-8");
    HPDF_Font bold = regular; // drawn bold (draw_text)
    if (!regular || errors.code) return kiosk::fail("document_failed", "cannot use the Noto Sans font");
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "emek-kiosk");

    Layouter layout(regular, bold);
    for (const Block& block : spec.blocks)
        std::visit(
            [&](const auto& b) {
                using T = std::decay_t<decltype(b)>;
                if constexpr (std::is_same_v<T, Title>) layout.title(b);
                if constexpr (std::is_same_v<T, Heading>) layout.heading(b);
                if constexpr (std::is_same_v<T, Field>) layout.field(b);
                if constexpr (std::is_same_v<T, Paragraph>) layout.paragraph(b);
                if constexpr (std::is_same_v<T, Table>) layout.table(b);
                if constexpr (std::is_same_v<T, Qr>) layout.qr(b);
                if constexpr (std::is_same_v<T, GreyScale>) layout.grey_scale(b);
                if constexpr (std::is_same_v<T, Spacer>) layout.spacer(b);
            },
            block);

    auto& pages = layout.pages();
    while (pages.size() > 1 && pages.back().empty()) pages.pop_back();
    const int count = static_cast<int>(pages.size());
    for (int index = 0; index < count; ++index) {
        HPDF_Page page = HPDF_AddPage(pdf);
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        for (const Op& o : pages[index]) {
            if (auto* r = std::get_if<RectOp>(&o)) {
                HPDF_Page_SetLineWidth(page, 0.5);
                HPDF_Page_SetGrayFill(page, static_cast<HPDF_REAL>(r->grey));
                HPDF_Page_SetGrayStroke(page, static_cast<HPDF_REAL>(r->grey));
                HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(r->x), static_cast<HPDF_REAL>(r->y),
                                    static_cast<HPDF_REAL>(r->w), static_cast<HPDF_REAL>(r->h));
                if (r->fill)
                    HPDF_Page_Fill(page);
                else
                    HPDF_Page_Stroke(page);
            } else if (auto* l = std::get_if<LineOp>(&o)) {
                HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(l->width));
                HPDF_Page_SetGrayStroke(page, static_cast<HPDF_REAL>(l->grey));
                HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(l->x1), static_cast<HPDF_REAL>(l->y1));
                HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(l->x2), static_cast<HPDF_REAL>(l->y2));
                HPDF_Page_Stroke(page);
            } else if (auto* t = std::get_if<TextOp>(&o)) {
                draw_text(page, regular, t->size, t->x, t->y, t->text, t->grey, t->bold);
            } else if (auto* q = std::get_if<QrOp>(&o)) {
                if (!draw_qr(page, *q)) return kiosk::fail("document_failed", "QR code too long");
            }
        }

        // The frame: header and mark on top, footer with the page number below.
        const Frame& f = spec.frame;
        double mark_w = 0;
        if (!f.mark.empty()) {
            mark_w = layout.width(true, k_mark, f.mark) + 12;
            double x = k_page_w - k_margin_r - mark_w, y = k_page_h - k_margin_t - 20;
            HPDF_Page_SetLineWidth(page, 1.2);
            HPDF_Page_SetGrayStroke(page, 0);
            HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y),
                                static_cast<HPDF_REAL>(mark_w), 20);
            HPDF_Page_Stroke(page);
            draw_text(page, bold, k_mark, x + 6, y + 5.5, f.mark, 0, true);
        }
        if (!f.header.empty()) {
            auto lines = layout.wrap(false, k_small, f.header, k_content_w - mark_w - 8);
            double y = k_page_h - k_margin_t - k_small;
            for (const auto& line : lines) {
                draw_text(page, regular, k_small, k_margin_l, y, line, 0.3);
                y -= k_small * k_leading;
            }
        }
        HPDF_Page_SetLineWidth(page, 0.5);
        HPDF_Page_SetGrayStroke(page, 0.5);
        HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(k_margin_l), static_cast<HPDF_REAL>(k_margin_b + 22));
        HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(k_page_w - k_margin_r), static_cast<HPDF_REAL>(k_margin_b + 22));
        HPDF_Page_Stroke(page);
        std::string number = f.page_word + " " + std::to_string(index + 1) + " " + f.of_word + " " + std::to_string(count);
        double number_w = layout.width(false, k_small, number);
        draw_text(page, regular, k_small, k_page_w - k_margin_r - number_w, k_margin_b + 12, number, 0.2);
        double left_w = k_content_w - number_w - 12;
        auto left = layout.wrap(false, k_small, f.footer_left, left_w);
        double y = k_margin_b + 12;
        for (const auto& line : left) {
            draw_text(page, regular, k_small, k_margin_l, y, line, 0.2);
            y -= k_small * k_leading;
        }
        if (!f.footer_mid.empty()) draw_text(page, regular, k_small, k_margin_l, y, f.footer_mid, 0.2);
        if (f.border) {
            HPDF_Page_SetLineWidth(page, 1);
            HPDF_Page_SetGrayStroke(page, 0);
            HPDF_Page_Rectangle(page, 14.17f, 14.17f, static_cast<HPDF_REAL>(k_page_w - 28.35),
                                static_cast<HPDF_REAL>(k_page_h - 28.35));
            HPDF_Page_Stroke(page);
        }
    }
    if (errors.code) {
        char detail[64];
        std::snprintf(detail, sizeof detail, "libharu error 0x%04X/%u", static_cast<unsigned>(errors.code),
                      static_cast<unsigned>(errors.detail));
        return kiosk::fail("document_failed", detail);
    }
    if (HPDF_SaveToStream(pdf) != HPDF_OK) return kiosk::fail("document_failed", "libharu cannot save");
    Output out;
    out.pages = count;
    out.pdf.resize(HPDF_GetStreamSize(pdf));
    HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.pdf.size());
    HPDF_ResetStream(pdf);
    HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.pdf.data()), &size);
    if (size != out.pdf.size() || out.pdf.empty())
        return kiosk::fail("document_failed", "libharu cannot read back the document");
    out.pdf.resize(size);
    return out;
}

} // namespace printer::layout
