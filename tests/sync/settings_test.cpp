// The [registry] section of the kiosk's configuration and the sync settings made from it.
#include "kiosk/config.hpp"
#include "sync/service.hpp"
#include "sync_fixture.hpp"

#include <gtest/gtest.h>

using namespace kiosk;

namespace {

const char* k_base = R"(
kiosk_id = "TEST-KIOSK-01"
[store]
path = "kiosk.db"
)";

} // namespace

TEST(RegistryConfig, WithoutTheSectionTheLinkIsSimulated) {
    auto c = parse_config(k_base, "k.toml", "/etc/emek");
    ASSERT_TRUE(c) << c.error().detail;
    EXPECT_FALSE(c->registry);
    EXPECT_EQ(sync::settings_from(*c).error().code, "config_invalid");
}

TEST(RegistryConfig, EveryKeyIsReadAndPathsResolveBesideTheFile) {
    auto c = parse_config(std::string(k_base) + R"(
[registry]
url = "https://registry.example:8443"
ca = "pki/ca.pem"
cert = "pki/kiosk.pem"
key = "/secure/kiosk.key"
proxy = "http://proxy:3128"
connect_timeout_s = 3
read_timeout_s = 15
long_poll_s = 20
page_size = 2000
gzip = false
backoff_min_ms = 250
backoff_max_s = 30
heartbeat_s = 10
outbox_max = 500
outbox_alarm = 100
verify_in_background = false
)",
                          "k.toml", "/etc/emek");
    ASSERT_TRUE(c) << c.error().detail;
    ASSERT_TRUE(c->registry);
    const RegistryConfig& r = *c->registry;
    EXPECT_EQ(r.url, "https://registry.example:8443");
    EXPECT_EQ(r.ca, "/etc/emek/pki/ca.pem");
    EXPECT_EQ(r.cert, "/etc/emek/pki/kiosk.pem");
    EXPECT_EQ(r.key, "/secure/kiosk.key");
    EXPECT_EQ(r.signer_ca, "/etc/emek/pki/ca.pem"); // defaults to the registry's CA
    EXPECT_EQ(r.proxy, "http://proxy:3128");
    EXPECT_EQ(r.connect_timeout_s, 3);
    EXPECT_EQ(r.read_timeout_s, 15);
    EXPECT_EQ(r.long_poll_s, 20);
    EXPECT_EQ(r.page_size, 2000);
    EXPECT_FALSE(r.gzip);
    EXPECT_EQ(r.backoff_min_ms, 250);
    EXPECT_EQ(r.backoff_max_s, 30);
    EXPECT_EQ(r.heartbeat_s, 10);
    EXPECT_EQ(r.outbox_max, 500);
    EXPECT_EQ(r.outbox_alarm, 100);
    EXPECT_FALSE(r.verify_in_background);
}

TEST(RegistryConfig, MistakesAreErrorsWithTheirPlace) {
    const char* bad[] = {
        "[registry]\nurl = \"ftp://x\"\n",
        "[registry]\nurl = \"https://x\"\n",                                     // no ca/cert/key
        "[registry]\nurl = \"http://x\"\ntimeout = 5\n",                         // unknown key
        "[registry]\nurl = \"http://x\"\nlong_poll_s = 60\n",                    // > 30
        "[registry]\nurl = \"http://x\"\npage_size = 0\n",
        "[registry]\nurl = \"http://x\"\ngzip = \"yes\"\n",
        "[registry]\nurl = \"http://x\"\noutbox_max = 10\noutbox_alarm = 20\n",
        "[registry]\nurl = \"http://x\"\nproxy = \"proxy:3128\"\n",
        "registry = 5\n",
    };
    for (const char* b : bad) {
        auto c = parse_config(std::string(k_base) + b, "k.toml", "/etc/emek");
        ASSERT_FALSE(c) << b;
        EXPECT_EQ(c.error().code, "config_invalid") << b;
        EXPECT_NE(c.error().detail.find("k.toml"), std::string::npos) << c.error().detail;
    }
}

TEST(RegistryConfig, TheKioskIdMustBeTheClientCertificatesCn) {
    sync_test::TempDir dir;
    auto pki = sync_test::make_pki(dir.path(), "ASAN-BAKI-07");
    auto text = [&](const std::string& id) {
        return "kiosk_id = \"" + id + "\"\n[store]\npath = \"k.db\"\n[registry]\nurl = \"https://127.0.0.1:1\"\nca = \"" +
               pki.ca() + "\"\ncert = \"" + pki.client_cert() + "\"\nkey = \"" + pki.client_key() + "\"\n";
    };
    auto good = parse_config(text("ASAN-BAKI-07"), "k.toml", dir.path().string());
    ASSERT_TRUE(good);
    auto s = sync::settings_from(*good);
    ASSERT_TRUE(s) << s.error().detail;
    EXPECT_EQ(s->kiosk_id, "ASAN-BAKI-07");
    EXPECT_EQ(s->transport.cert_file, pki.client_cert());
    EXPECT_EQ(s->store_path, dir.file("k.db"));
    auto wrong = parse_config(text("ASAN-BAKI-08"), "k.toml", dir.path().string());
    ASSERT_TRUE(wrong);
    auto e = sync::settings_from(*wrong);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, "transport_config");
}
