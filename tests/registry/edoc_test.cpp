// The signed document: the edoc's layout (python3's zipfile), its signature checked by
// the openssl command line against the test CA, the feed's signature over the canonical
// JSON, the PDF inside (pdftotext).
#include "registry/common.hpp"
#include "registry_fixture.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sstream>

using namespace registry_test;

namespace {

CliResult openssl_verify(const fs::path& sig, const fs::path& content, const fs::path& ca) {
    return run_program({"openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig.string(),
                        "-content", content.string(), "-CAfile", ca.string(), "-purpose", "any", "-out",
                        "/dev/null"});
}

class EdocTest : public ServerTest {
  protected:
    void SetUp() override {
        ServerTest::SetUp();
        if (HasFatalFailure()) return;
        c = server->client();
        token = authorised_head(*c);
        n = enter_and_sign(*c, token, conclusion());
        ASSERT_TRUE(n.contains("id"));
        auto edoc = c->get("/api/v1/notifications/" + n["id"].get<std::string>() + "/edoc", bearer(token));
        ASSERT_TRUE(edoc && edoc->status == 200);
        zip = tmp.path() / "n.edoc";
        write_file(zip, edoc->body);
        out = tmp.path() / "unpacked";
        fs::create_directories(out);
    }

    std::unique_ptr<registry::http::Client> c;
    std::string token;
    json n;
    fs::path zip, out;
};

} // namespace

TEST_F(EdocTest, TheContainerHasItsFourEntriesMimetypeFirstAndStored) {
    const char* script = R"(
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
infos = z.infolist()
print(" ".join(i.filename for i in infos))
print(infos[0].compress_type == zipfile.ZIP_STORED)
print(z.read("mimetype").decode())
z.extractall(sys.argv[2])
)";
    auto r = run_program({"python3", "-c", script, zip.string(), out.string()});
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream lines(r.out);
    std::string names, stored, mimetype;
    std::getline(lines, names);
    std::getline(lines, stored);
    std::getline(lines, mimetype);
    EXPECT_EQ(names, "mimetype notification.json notification.pdf META-INF/signature.p7s");
    EXPECT_EQ(stored, "True");
    EXPECT_EQ(mimetype, "application/vnd.emek-kiosk.edoc+zip");
    // notification.json is exactly the canonical JSON of the record's document.
    EXPECT_EQ(read_file(out / "notification.json"), n["document"].dump());
    auto text = run_program({"pdftotext", (out / "notification.pdf").string(), "-"});
    ASSERT_EQ(text.status, 0);
    EXPECT_NE(text.out.find(n["number"].get<std::string>()), std::string::npos);
    EXPECT_NE(text.out.find("Quliyev"), std::string::npos);
}

TEST_F(EdocTest, OpensslVerifiesTheSignatureAgainstTheTestCaOnly) {
    ASSERT_EQ(run_program({"python3", "-c",
                           "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
                           zip.string(), out.string()})
                  .status,
              0);
    const fs::path sig = out / "META-INF" / "signature.p7s", doc = out / "notification.json";
    auto ok = openssl_verify(sig, doc, world.pki / "ca.pem");
    EXPECT_EQ(ok.status, 0) << ok.err;
    EXPECT_NE(ok.err.find("Verification successful"), std::string::npos);
    // Another CA does not vouch for the signer.
    EXPECT_NE(openssl_verify(sig, doc, tmp.path() / "other" / "ca.pem").status, 0);
    // One changed byte of the content breaks it.
    std::string tampered = read_file(doc);
    tampered.replace(tampered.find("Quliyev"), 7, "Quliyeva");
    write_file(out / "tampered.json", tampered);
    EXPECT_NE(openssl_verify(sig, out / "tampered.json", world.pki / "ca.pem").status, 0);
    // The signer is the one who confirmed with PIN2 (here the head): their FIN in the certificate.
    auto printed =
        run_program({"openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", sig.string()});
    EXPECT_NE(printed.out.find(std::string("serialNumber=") + World::k_head_fin), std::string::npos);
}

TEST_F(EdocTest, TheFeedsSignatureVerifiesOverTheCanonicalJson) {
    auto feed = server->client("KIOSK-01")->get("/api/v1/changes?since=0&limit=10000");
    json record;
    const json changes = body(*feed)["changes"];
    for (const json& ch : changes)
        if (ch["id"] == n["id"]) record = ch["data"];
    ASSERT_TRUE(record.is_object());
    write_file(out / "doc.json", record["document"].dump());
    write_file(out / "sig.der", *registry::base64_decode(record["signature"].get<std::string>()));
    auto ok = openssl_verify(out / "sig.der", out / "doc.json", world.pki / "ca.pem");
    EXPECT_EQ(ok.status, 0) << ok.err;
    // The signature has no line breaks and is standard base64.
    EXPECT_EQ(record["signature"].get<std::string>().find('\n'), std::string::npos);
    // Only strings (and objects/arrays of them) inside the document: no floating point.
    std::function<void(const json&)> no_numbers = [&](const json& v) {
        EXPECT_FALSE(v.is_number_float()) << v.dump();
        if (v.is_structured())
            for (const json& child : v)
                no_numbers(child);
    };
    no_numbers(record["document"]);
}
