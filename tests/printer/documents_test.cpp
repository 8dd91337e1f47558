// The documents: all six citizen forms in all three languages checked through
// pdftotext (labels and values extract exactly, Azerbaijani letters included),
// qpdf --check, the QR code decoded by zbarimg from a 150 dpi render, long text
// wrapped onto more pages with page numbers, the COPY mark, the test page and
// the diagnostics report.
#include "kiosk/notification.hpp"
#include "printer/diagnostics.hpp"
#include "printer/documents.hpp"
#include "printer/verification.hpp"

#include "kiosk/sqlite.hpp"

#include "test_store.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace {

namespace fs = std::filesystem;
using kiosk::Lang;
using test_support::run;
using test_support::squash;

struct Rendered {
    std::string text; // pdftotext, whitespace squashed
    int pages = 0;
    fs::path file;
};

class Documents : public ::testing::Test {
protected:
    Rendered extract(const printer::Document& doc, const std::string& name) {
        Rendered r;
        r.file = m_db.dir / (name + ".pdf");
        std::ofstream(r.file, std::ios::binary) << doc.pdf;
        r.text = squash(run("pdftotext -enc UTF-8 " + r.file.string() + " - 2>/dev/null"));
        r.pages = doc.pages;
        return r;
    }
    kiosk::NotificationDetail load(const std::string& id, Lang lang) {
        auto n = kiosk::load_notification(*m_db.store, id, lang);
        EXPECT_TRUE(n) << n.error().detail;
        return *n;
    }
    printer::RenderContext ctx(Lang lang) {
        printer::RenderContext c;
        c.lang = lang;
        c.kiosk_id = "AZ-GNC-007";
        c.verify_base_url = "https://verify.example.test/";
        return c;
    }

    test_support::SampleStore m_db;
};

// The sample's three registered notifications of person 5ZX8K2P: one of each kind.
const char* const k_by_kind[][2] = {
    {"conclusion", "N0000000001"}, {"amendment", "N0000000002"}, {"termination", "N0000000003"}};

TEST_F(Documents, SixFormsInThreeLanguagesExtractExactly) {
    for (Lang lang : {Lang::Az, Lang::Ru, Lang::En}) {
        for (const auto& [kind, id] : k_by_kind) {
            auto n = load(id, lang);
            ASSERT_EQ(n.kind, kind);
            for (const std::string form : {"notification", "registration"}) {
                SCOPED_TRACE(std::string(kiosk::lang_code(lang)) + " " + kind + " " + form);
                auto doc = form == "notification" ? printer::render_notification(n, ctx(lang))
                                                  : printer::render_registration(n, ctx(lang));
                ASSERT_TRUE(doc) << doc.error().detail;
                auto r = extract(*doc, form + "-" + kind + "-" + std::string(kiosk::lang_code(lang)));
                auto has = [&](const std::string& s) {
                    EXPECT_NE(r.text.find(squash(s)), std::string::npos) << "missing: " << s;
                };
                has(std::string(kiosk::tr("form.title." + form + "." + kind, lang)));
                has(std::string(kiosk::tr("form.field.number", lang)));
                has(n.number);
                has(n.employer_name);
                has(n.employer_voen);
                has(n.employer_sun);
                has(n.employee_fin);
                has(n.employee_surname + " " + n.employee_name + " " + n.employee_patronymic);
                has(n.kind_label);
                has(n.status_label);
                has(n.registration_number);
                has(n.signer_name);
                has(n.position);
                has(n.workplace);
                has(printer::display_date(n.date));
                has(printer::display_instant(n.registered_at));
                has(std::string(kiosk::tr("form.kiosk", lang)) + ": AZ-GNC-007");
                has(std::string(kiosk::tr("form.printed_at", lang)));
                has(std::string(kiosk::tr("form.verification_code", lang)) + ": " + doc->verification_code);
                has(std::string(kiosk::tr("form.page", lang)) + " 1 " + std::string(kiosk::tr("form.page_of", lang)) +
                    " " + std::to_string(doc->pages));
                if (std::string(kind) == "amendment") {
                    has(printer::display_date(n.effective_date));
                    if (form == "notification") {
                        has(n.basis);
                        ASSERT_FALSE(n.changes.empty());
                        for (const auto& c : n.changes) {
                            has(c.field_label);
                            has(c.new_value);
                        }
                    }
                }
                if (std::string(kind) == "termination") {
                    has(n.order_number);
                    has(printer::display_date(n.order_date));
                    has(n.reason_label);
                }
                if (form == "notification" && std::string(kind) != "termination") has(n.salary_azn);
                if (lang != Lang::Az) {
                    // Labels are in the chosen language, not the default one.
                    EXPECT_EQ(r.text.find(squash(std::string(kiosk::tr("form.field.number", Lang::Az)))),
                              std::string::npos);
                }
            }
        }
    }
}

TEST_F(Documents, AzerbaijaniLettersExtractExactly) {
    auto n = load("N0000000003", Lang::Az);
    auto doc = printer::render_registration(n, ctx(Lang::Az));
    ASSERT_TRUE(doc);
    auto r = extract(*doc, "letters");
    for (const char* s : {"Əmək müqaviləsinə xitam verilməsi", "İşəgötürənin SUN-u", "Şüşə", "Qeydiyyata alınıb",
                          "Soyadı, adı, atasının adı", "ğ", "ç", "ö"})
        EXPECT_NE(r.text.find(s), std::string::npos) << s;
}

TEST_F(Documents, PassQpdfCheckAndQrDecodes) {
    auto n = load("N0000000002", Lang::Ru);
    auto doc = printer::render_notification(n, ctx(Lang::Ru));
    ASSERT_TRUE(doc);
    auto r = extract(*doc, "qr");
    int status = -1;
    run("qpdf --check " + r.file.string() + " >/dev/null 2>&1", &status);
    EXPECT_EQ(status, 0) << "qpdf --check";
    // The QR code is on the last page.
    std::string png = (m_db.dir / "qr").string();
    run("pdftoppm -r 150 -png -f " + std::to_string(doc->pages) + " -l " + std::to_string(doc->pages) + " " +
        r.file.string() + " " + png + " 2>/dev/null");
    std::string decoded;
    for (const auto& e : fs::directory_iterator(m_db.dir))
        if (e.path().extension() == ".png") decoded += run("zbarimg -q --raw " + e.path().string() + " 2>/dev/null");
    const std::string expected = printer::verification_url("https://verify.example.test", doc->verification_code);
    EXPECT_EQ(squash(decoded), expected);
    EXPECT_EQ(expected, "https://verify.example.test/verify/" + doc->verification_code.substr(0, 4) +
                            doc->verification_code.substr(5));
    EXPECT_NE(r.text.find(expected), std::string::npos) << "the link is printed beside the code too";
}

TEST_F(Documents, LongTextWrapsOntoMorePagesNeverClipped) {
    // A workplace name far longer than a line, and an amendment with many changes.
    std::string workplace;
    for (int i = 0; i < 60; ++i) workplace += "Şöbə" + std::to_string(i) + " üzrə çoxsaylı xidmətlər ";
    workplace.pop_back();
    auto n = load("N0000000002", Lang::Az);
    n.workplace = workplace;
    for (int i = 0; i < 40; ++i)
        n.changes.push_back({"workplace", "İş yeri " + std::to_string(i), "Köhnə bölmə " + std::to_string(i),
                             "Yeni bölmə " + std::to_string(i)});
    auto doc = printer::render_notification(n, ctx(Lang::Az));
    ASSERT_TRUE(doc);
    EXPECT_GE(doc->pages, 3);
    auto r = extract(*doc, "long");
    // The value continues on the next page (the frame's header and footer come in between): every
    // word is there, none cut.
    for (int i = 0; i < 60; ++i)
        EXPECT_NE(r.text.find("Şöbə" + std::to_string(i) + " "), std::string::npos) << "word " << i;
    std::size_t words = 0;
    for (std::size_t at = r.text.find("çoxsaylı xidmətlər"); at != std::string::npos;
         at = r.text.find("çoxsaylı xidmətlər", at + 1))
        ++words;
    EXPECT_GE(words, 59u);
    EXPECT_NE(r.text.find("Şöbə59 üzrə çoxsaylı xidmətlər"), std::string::npos);
    EXPECT_NE(r.text.find("Yeni bölmə 39"), std::string::npos);
    for (int p = 1; p <= doc->pages; ++p)
        EXPECT_NE(r.text.find("Səhifə " + std::to_string(p) + " / " + std::to_string(doc->pages)), std::string::npos);
    auto info = run("pdfinfo " + r.file.string() + " 2>/dev/null");
    EXPECT_NE(squash(info).find("Pages: " + std::to_string(doc->pages)), std::string::npos);
    EXPECT_NE(info.find("595.276 x 841.89"), std::string::npos) << "A4";
    auto fonts = run("pdffonts " + r.file.string() + " 2>/dev/null");
    EXPECT_NE(fonts.find("NotoSans"), std::string::npos);
    EXPECT_EQ(fonts.find(" no  "), std::string::npos) << "fonts embedded:\n" << fonts;
}

TEST_F(Documents, SecondPrintIsMarkedCopy) {
    auto n = load("N0000000001", Lang::En);
    auto c = ctx(Lang::En);
    auto first = printer::render_notification(n, c);
    c.copy_number = 2;
    auto second = printer::render_notification(n, c);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(extract(*first, "c1").text.find("COPY"), std::string::npos);
    EXPECT_NE(extract(*second, "c2").text.find("COPY 2"), std::string::npos);
    c.lang = Lang::Az;
    c.copy_number = 3;
    auto az = printer::render_notification(load("N0000000001", Lang::Az), c);
    EXPECT_NE(extract(*az, "c3").text.find("SURƏT 3"), std::string::npos);
}

TEST_F(Documents, VerificationCodeIsStableAndShort) {
    auto a = printer::verification_code("N0000000001", "B-2016-0000101");
    EXPECT_EQ(a, printer::verification_code("N0000000001", "B-2016-0000101"));
    EXPECT_NE(a, printer::verification_code("N0000000002", "B-2016-0000101"));
    ASSERT_EQ(a.size(), 9u);
    EXPECT_EQ(a[4], '-');
    for (char ch : a) EXPECT_EQ(std::string("ILOU").find(ch), std::string::npos) << a;
}

TEST_F(Documents, TestPageAndDiagnostics) {
    for (Lang lang : {Lang::Az, Lang::Ru, Lang::En}) {
        auto page = printer::render_test_page({"printer:sim", "0.1.0"}, ctx(lang));
        ASSERT_TRUE(page);
        EXPECT_EQ(page->pages, 1);
        auto t = extract(*page, "test-" + std::string(kiosk::lang_code(lang)));
        EXPECT_NE(t.text.find(std::string(kiosk::tr("testpage.title", lang))), std::string::npos);
        EXPECT_NE(t.text.find("DEƏFGĞHXIİJ"), std::string::npos);
        EXPECT_NE(t.text.find("ЩЪЫЬЭЮЯ"), std::string::npos);
        EXPECT_NE(t.text.find("printer:sim"), std::string::npos);
    }
    (void)m_db.store->add_to_counter("printer:sim", "pages_printed", 12);
    auto report = printer::collect_diagnostics(*m_db.store, nullptr, "AZ-GNC-007", "0.1.0");
    ASSERT_TRUE(report);
    auto doc = printer::render_diagnostics(*report, ctx(Lang::En));
    ASSERT_TRUE(doc);
    auto d = extract(*doc, "diag");
    EXPECT_NE(d.text.find("Diagnostics report"), std::string::npos);
    EXPECT_NE(d.text.find("Schema version " + std::to_string(kiosk::Store::latest_schema_version())), std::string::npos)
        << d.text;
    EXPECT_NE(d.text.find("printer:sim · pages_printed"), std::string::npos) << d.text;
    EXPECT_NE(d.text.find(" 12 "), std::string::npos) << d.text;
    EXPECT_EQ(d.text.find("5ZX8K2P"), std::string::npos) << "no personal data in the report";
}

TEST_F(Documents, MissingReplicaRowsFallBackToTheSignedDocument) {
    // The notification arrived before its employer and person rows: the document names them.
    ASSERT_TRUE(kiosk::sql::exec(m_db.store->handle(), "DELETE FROM employer; DELETE FROM person"));
    auto n = load("N0000000001", Lang::Az);
    auto doc = printer::render_notification(n, ctx(Lang::Az));
    ASSERT_TRUE(doc);
    auto r = extract(*doc, "fallback");
    EXPECT_NE(r.text.find("5ZX8K2P"), std::string::npos);
    EXPECT_NE(r.text.find("—"), std::string::npos) << "what nobody knows prints as a dash";
}

} // namespace
