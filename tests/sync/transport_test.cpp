// The transport against a real socket that misbehaves (fixtures/bad_registry.py): every
// failure is classified, nothing hangs beyond the timeouts, TLS is mutual and pinned.
#include "sync/transport.hpp"

#include "sync_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace kiosk::sync;
using namespace std::chrono_literals;

namespace {

struct TransportTest : ::testing::Test {
    static inline sync_test::TempDir* dir = nullptr;
    static inline sync_test::Pki* pki = nullptr;
    static inline sync_test::Pki* other = nullptr;
    static void SetUpTestSuite() {
        dir = new sync_test::TempDir();
        std::filesystem::create_directories(dir->path() / "pki");
        std::filesystem::create_directories(dir->path() / "other");
        pki = new sync_test::Pki(sync_test::make_pki(dir->path() / "pki"));
        other = new sync_test::Pki(sync_test::make_pki(dir->path() / "other", "TEST-KIOSK-01", "Impostor CA"));
    }
    static void TearDownTestSuite() {
        delete other;
        delete pki;
        delete dir;
    }
    TransportConfig config(const std::string& url, const sync_test::Pki& client) {
        TransportConfig c;
        c.base_url = url;
        c.ca_file = pki->ca();
        c.cert_file = client.client_cert();
        c.key_file = client.client_key();
        c.connect_timeout = 2s;
        c.read_timeout = 2s;
        return c;
    }
    std::unique_ptr<Transport> open(const TransportConfig& c) {
        auto t = Transport::open(c);
        EXPECT_TRUE(t) << (t ? "" : t.error().detail);
        return t ? std::move(*t) : nullptr;
    }
    // An HTTPS bad registry with the right server certificate, requiring our client CA.
    std::unique_ptr<sync_test::BadRegistry> tls_server(const std::string& mode, std::vector<std::string> extra = {}) {
        return std::make_unique<sync_test::BadRegistry>(dir->path(), mode, std::move(extra), pki->server_cert(),
                                                        pki->server_key(), pki->ca());
    }
};

} // namespace

TEST_F(TransportTest, MutualTlsWithThePinnedCaGetsThePage) {
    auto server = tls_server("ok", {"--records", "3"});
    auto t = open(config(server->url(), *pki));
    auto r = t->get("/api/v1/changes?since=0&limit=10&wait=0");
    ASSERT_TRUE(r) << r.error().code << ": " << r.error().detail;
    EXPECT_EQ(r->status, 200);
    auto j = nlohmann::json::parse(r->body);
    EXPECT_EQ(j["changes"].size(), 3u);
    EXPECT_EQ(j["head"], 3);
    // The connection is reused for the next request.
    EXPECT_TRUE(t->get("/api/v1/changes?since=3&limit=10&wait=0"));
    EXPECT_EQ(server->requests(), 2);
}

TEST_F(TransportTest, AServerCertificateFromAnotherCaIsATlsFailure) {
    sync_test::BadRegistry server(dir->path(), "ok", {}, other->server_cert(), other->server_key(), pki->ca());
    auto t = open(config(server.url(), *pki));
    auto r = t->get("/api/v1/changes?since=0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_tls") << r.error().detail;
    EXPECT_EQ(server.requests(), 0); // nothing was sent to the impostor
}

TEST_F(TransportTest, AClientCertificateTheRegistryDoesNotTrustIsATlsFailure) {
    auto server = tls_server("ok");
    TransportConfig c = config(server->url(), *other); // client certificate from another CA
    auto t = open(c);
    auto r = t->get("/api/v1/changes?since=0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_tls") << r.error().detail;
}

TEST_F(TransportTest, TheSystemTrustStoreIsNotUsed) {
    // The pinned CA file holds another CA: the server's genuine certificate is refused.
    auto server = tls_server("ok");
    TransportConfig c = config(server->url(), *pki);
    c.ca_file = other->ca();
    auto r = open(c)->get("/api/v1/changes?since=0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_tls");
}

TEST_F(TransportTest, AStalledAnswerTimesOut) {
    auto server = tls_server("slow", {"--delay", "8"});
    auto t = open(config(server->url(), *pki));
    auto start = std::chrono::steady_clock::now();
    auto r = t->get("/api/v1/changes?since=0");
    auto took = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_timeout") << r.error().detail;
    EXPECT_LT(took, 6s);
}

TEST_F(TransportTest, ATrickleSlowerThanOneBytePerSecondTimesOut) {
    auto server = tls_server("trickle", {"--delay", "1.5"});
    auto t = open(config(server->url(), *pki));
    auto r = t->get("/api/v1/changes?since=0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_timeout") << r.error().detail;
}

TEST_F(TransportTest, ATruncatedAnswerIsTruncated) {
    auto server = tls_server("truncated", {"--records", "50"});
    auto r = open(config(server->url(), *pki))->get("/api/v1/changes?since=0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_truncated") << r.error().detail;
}

TEST_F(TransportTest, AClosedConnectionWithoutAnswerIsTruncated) {
    // Over plain HTTP (over TLS a connection closed before any answer reads as a refused
    // client certificate, the test above).
    sync_test::BadRegistry server(dir->path(), "reset");
    auto r = open(config(server.url(), *pki))->get("/api/v1/changes?since=0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_truncated") << r.error().detail;
}

TEST_F(TransportTest, AnErrorStatusCarriesTheProtocolErrorCode) {
    auto server = tls_server("status500");
    auto r = open(config(server->url(), *pki))->get("/api/v1/changes?since=0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "http_status");
    EXPECT_EQ(r.error().detail, "HTTP 500 internal: the registry fell over");
}

TEST_F(TransportTest, BrokenGzipIsAMalformedBody) {
    auto server = tls_server("badgzip");
    auto r = open(config(server->url(), *pki))->get("/api/v1/changes?since=0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "malformed_body") << r.error().detail;
}

TEST_F(TransportTest, AnAnswerLargerThanTheLimitIsAMalformedBody) {
    auto server = tls_server("ok", {"--records", "200"});
    TransportConfig c = config(server->url(), *pki);
    c.max_body = 10'000;
    auto r = open(c)->get("/api/v1/changes?since=0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "malformed_body");
}

TEST_F(TransportTest, NobodyListeningIsAConnectFailure) {
    int port = 0;
    {
        // A port that was free a moment ago and has no listener now.
        sync_test::BadRegistry probe(dir->path(), "ok");
        port = probe.port();
    }
    auto r = open(config("https://127.0.0.1:" + std::to_string(port), *pki))->get("/api/v1/changes");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_connect") << r.error().detail;
}

TEST_F(TransportTest, AnUnknownNameIsADnsFailure) {
    auto r = open(config("https://registry.emek-kiosk.invalid:8443", *pki))->get("/api/v1/changes");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_dns") << r.error().detail;
}

TEST_F(TransportTest, AProxyFromTheConfigurationIsUsedAndOneFromTheEnvironmentIsNot) {
    // The "proxy" is the plain-HTTP bad registry: a request through it reaches it as a
    // proxy request for the absolute URL.
    sync_test::BadRegistry proxy(dir->path(), "ok", {"--records", "2"});
    TransportConfig c;
    c.base_url = "http://registry.example.invalid";
    c.proxy = proxy.url();
    auto r = open(c)->get("/api/v1/changes?since=0");
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(proxy.requests(), 1);
    // No proxy configured: http_proxy in the environment is ignored (so the name fails to resolve).
    setenv("http_proxy", proxy.url().c_str(), 1);
    c.proxy.clear();
    auto direct = open(c)->get("/api/v1/changes?since=0");
    unsetenv("http_proxy");
    ASSERT_FALSE(direct);
    EXPECT_EQ(direct.error().code, "net_dns");
    EXPECT_EQ(proxy.requests(), 1);
}

TEST_F(TransportTest, MissingCertificateFilesAreAConfigurationError) {
    TransportConfig c = config("https://127.0.0.1:1", *pki);
    c.key_file = dir->file("nope.key");
    EXPECT_EQ(Transport::open(c).error().code, "transport_config");
    c = config("ftp://127.0.0.1", *pki);
    EXPECT_EQ(Transport::open(c).error().code, "transport_config");
}

TEST_F(TransportTest, CancelStopsARequestInFlight) {
    auto server = tls_server("slow", {"--delay", "30"});
    TransportConfig c = config(server->url(), *pki);
    c.read_timeout = 60s;
    auto t = open(c);
    std::thread canceller([&] {
        std::this_thread::sleep_for(500ms);
        t->cancel();
    });
    auto start = std::chrono::steady_clock::now();
    auto r = t->get("/api/v1/changes?since=0");
    canceller.join();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "net_cancelled");
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}
