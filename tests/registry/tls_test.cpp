// Mutual TLS and the server's lifecycle: refusals (no certificate, another CA, a person's
// card as a kiosk, an untrusted server), --require-client-cert, the development mode
// over plain HTTP, graceful shutdown on SIGTERM.
#include "registry_fixture.hpp"

#include <chrono>
#include <csignal>
#include <future>
#include <gtest/gtest.h>
#include <thread>

using namespace registry_test;

namespace {

class TlsTest : public ::testing::Test {
  protected:
    void SetUp() override { world = World::create(tmp.path()); }

    std::unique_ptr<registry::http::Client> client_with(const Server& s, const fs::path& cert,
                                                        const fs::path& key, const fs::path& ca) {
        registry::http::ClientOptions o;
        o.base_url = s.url();
        o.ca_file = ca.string();
        o.cert_file = cert.string();
        o.key_file = key.string();
        return std::move(*registry::http::Client::open(o));
    }

    TempDir tmp;
    World world;
};

} // namespace

TEST_F(TlsTest, TheKioskApiNeedsAKioskCertificate) {
    auto server = Server::start(world);
    ASSERT_TRUE(server);
    auto anonymous = server->client();
    const std::pair<std::string, std::string> kiosk_routes[] = {
        {"GET", "/api/v1/changes"},
        {"POST", "/api/v1/events"},
        {"POST", "/api/v1/heartbeat"},
        {"POST", "/api/v1/mobile-id/sessions"},
        {"GET", "/api/v1/mobile-id/sessions/abc"},
        {"POST", "/api/v1/notifications/N0000000001/share"}};
    for (const auto& [method, path] : kiosk_routes) {
        auto r = method == "GET" ? anonymous->get(path) : anonymous->post(path, "{}");
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->status, 401) << path;
        EXPECT_EQ(error_code(*r), "client_certificate_required") << path;
    }
    // Public routes need none; the kiosk's certificate works on the kiosk API.
    EXPECT_EQ(anonymous->get("/verify/ABCD-EFGH")->status, 404);
    EXPECT_EQ(server->client("KIOSK-01")->get("/api/v1/changes")->status, 200);
}

TEST_F(TlsTest, ACertificateFromAnotherCaEndsTheHandshake) {
    auto server = Server::start(world);
    ASSERT_TRUE(server);
    auto foreign = server->foreign_client();
    auto r = foreign->get("/api/v1/changes");
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(r.error().code == "tls_failed" || r.error().code == "connection_failed") << r.error().code;
    // Not even the public pages.
    EXPECT_FALSE(foreign->get("/verify/ABCD-EFGH").has_value());
    EXPECT_NE(server->log().find("registry: listening"), std::string::npos);
}

TEST_F(TlsTest, APersonsIdCardIsNotAKiosk) {
    auto server = Server::start(world);
    ASSERT_TRUE(server);
    const fs::path card = tmp.path() / "card";
    ASSERT_EQ(run_cli({"pki", "card", "--dir", world.pki.string(), "--fin", World::k_citizen_fin, "--role",
                       "citizen", "--out", card.string()})
                  .status,
              0);
    auto as_card = client_with(*server, card / "cert.pem", card / "key.pem", world.pki / "ca.pem");
    auto r = as_card->get("/api/v1/changes");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    // A server certificate of the right CA is not a client certificate (extended key usage).
    auto as_server =
        client_with(*server, world.pki / "server.pem", world.pki / "server.key", world.pki / "ca.pem");
    EXPECT_FALSE(as_server->get("/api/v1/changes").has_value());
}

TEST_F(TlsTest, AClientThatDoesNotTrustTheRegistryStops) {
    auto server = Server::start(world);
    ASSERT_TRUE(server);
    auto distrustful = client_with(*server, world.pki / "kiosks" / "KIOSK-01.pem",
                                   world.pki / "kiosks" / "KIOSK-01.key", tmp.path() / "other" / "ca.pem");
    auto r = distrustful->get("/api/v1/changes");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, "tls_failed");
}

TEST_F(TlsTest, RequireClientCertRefusesTheHandshakeWithoutOne) {
    auto server = Server::start(world, {"--require-client-cert"});
    ASSERT_TRUE(server);
    EXPECT_FALSE(server->client()->get("/verify/ABCD-EFGH").has_value());
    auto ok = server->client("KIOSK-02")->get("/api/v1/changes");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
}

TEST_F(TlsTest, PlainHttpOnlyWithTheDevelopmentFlag) {
    // Without the flag the server speaks TLS only.
    auto tls = Server::start(world);
    ASSERT_TRUE(tls);
    registry::http::ClientOptions plain_options;
    plain_options.base_url = "http://" + tls->url().substr(8);
    auto plain = std::move(*registry::http::Client::open(plain_options));
    auto refused = plain->get("/api/v1/changes");
    EXPECT_TRUE(!refused || refused->status == 400) << "plain HTTP answered by the TLS server";
    tls->stop();

    auto dev = Server::start(world, {"--insecure-http"});
    ASSERT_TRUE(dev);
    ASSERT_EQ(dev->url().rfind("http://", 0), 0u);
    auto c = dev->client();
    auto without = c->get("/api/v1/changes");
    EXPECT_EQ(without->status, 401);
    auto with = c->get("/api/v1/changes", {{"X-Kiosk-Id", "DEV-01"}});
    EXPECT_EQ(with->status, 200);
    auto hb = c->post(
        "/api/v1/heartbeat",
        json{{"kiosk_id", "DEV-01"}, {"version", "1"}, {"devices", json::object()}, {"sync", json::object()}}
            .dump(),
        "application/json", {{"X-Kiosk-Id", "DEV-01"}});
    EXPECT_EQ(hb->status, 204);
    EXPECT_NE(dev->log().find("development only"), std::string::npos);
}

TEST_F(TlsTest, SigtermEndsLongPollsAndStopsCleanly) {
    auto server = Server::start(world);
    ASSERT_TRUE(server);
    auto kiosk = server->client("KIOSK-01");
    const std::int64_t head = body(*kiosk->get("/api/v1/changes?limit=1"))["head"];
    auto poll = std::async(std::launch::async, [&] {
        return kiosk->get("/api/v1/changes?since=" + std::to_string(head) + "&wait=25");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const auto started = std::chrono::steady_clock::now();
    const int status = server->stop(SIGTERM);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(status, 0);
    EXPECT_LT(seconds, 5.0);
    auto r = poll.get();
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(r->status, 200);
    EXPECT_TRUE(body(*r)["changes"].empty());
    EXPECT_NE(server->log().find("registry: stopped"), std::string::npos);
    // The database is whole: a new server serves the same head.
    auto again = Server::start(world);
    ASSERT_TRUE(again);
    EXPECT_EQ(body(*again->client("KIOSK-01")->get("/api/v1/changes?limit=1"))["head"], head);
}

TEST_F(TlsTest, TheLogCarriesNoPersonalData) {
    auto server = Server::start(world);
    ASSERT_TRUE(server);
    auto c = server->client();
    const std::string token = authorised_head(*c);
    const json n = enter_and_sign(*c, token, conclusion());
    ASSERT_TRUE(n.contains("id"));
    (void)c->get("/verify/" + n["verification_code"].get<std::string>());
    (void)c->del("/api/v1/employers/" + std::string(World::k_voen) + "/authorisations/" + World::k_rep_fin,
                 bearer(token));
    const std::string log = server->log();
    EXPECT_NE(log.find("POST /api/v1/employers/:voen/notifications 201"), std::string::npos) << log;
    for (const std::string& secret : {std::string(World::k_citizen_fin), std::string(World::k_head_fin),
                                      std::string(World::k_rep_fin), std::string(World::k_head_phone), token,
                                      std::string("Quliyev"), n["verification_code"].get<std::string>()})
        EXPECT_EQ(log.find(secret), std::string::npos) << "the log shows " << secret;
}
