// Malformed and oversized requests get structured errors and leave the server serving:
// bad JSON, wrong types, deep nesting, invalid UTF-8, bodies over the limit, long URIs,
// unknown routes and methods, garbage on the socket.
#include "registry_fixture.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace registry_test;

namespace {

class RobustnessTest : public ServerTest {
  protected:
    std::vector<std::string> server_args() const override { return {"--max-body", "4096"}; }
    void SetUp() override {
        ServerTest::SetUp();
        if (HasFatalFailure()) return;
        kiosk = server->client("KIOSK-01");
        open = server->client();
    }

    void expect_error(const registry::Result<registry::http::Response>& r, int status,
                      const std::string& code) {
        ASSERT_TRUE(r.has_value()) << r.error().detail;
        EXPECT_EQ(r->status, status) << r->body;
        EXPECT_EQ(error_code(*r), code) << r->body;
        EXPECT_NE(r->header("content-type").find("application/json"), std::string::npos);
    }

    void expect_alive() {
        auto r = kiosk->get("/api/v1/changes?limit=1");
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
    }

    std::unique_ptr<registry::http::Client> kiosk, open;
};

} // namespace

TEST_F(RobustnessTest, BadBodiesAreBadRequests) {
    expect_error(kiosk->post("/api/v1/events", "{not json"), 400, "bad_request");
    expect_error(kiosk->post("/api/v1/events", "[1,2,3]"), 400, "bad_request");
    expect_error(kiosk->post("/api/v1/events", ""), 400, "bad_request");
    expect_error(kiosk->post("/api/v1/heartbeat", "{\"kiosk_id\": 7}"), 400, "bad_request");
    expect_error(kiosk->post("/api/v1/events", "{}", "text/plain"), 415, "unsupported_media_type");
    // Invalid UTF-8 inside a string.
    expect_error(open->post("/api/v1/auth/sessions", "{\"phone\": \"\xff\xfe\", \"user_id\": \"123456\"}"),
                 400, "bad_request");
    // Deep nesting within the size limit.
    const std::string deep = std::string(2000, '[') + std::string(2000, ']');
    expect_error(kiosk->post("/api/v1/events", deep), 400, "bad_request");
    expect_error(open->post("/api/v1/sim/phones/+994501234567/requests/abc", "{\"action\": \"dance\"}"), 400,
                 "bad_request");
    expect_alive();
}

TEST_F(RobustnessTest, OversizedBodiesAndUrisAreRefused) {
    const std::string big =
        "{\"kiosk_id\": \"KIOSK-01\", \"events\": [], \"pad\": \"" + std::string(8192, 'x') + "\"}";
    expect_error(kiosk->post("/api/v1/events", big), 413, "payload_too_large");
    expect_alive();
    expect_error(open->get("/verify/" + std::string(10000, 'A')), 414, "uri_too_long");
    expect_alive();
    // 1000 events fit the default limit, 1001 are too many (server with a large body limit).
    auto roomy = Server::start(world, {"--max-body", "4000000"});
    ASSERT_TRUE(roomy);
    json events = json::array();
    for (int i = 0; i < 1001; ++i) {
        char id[40];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
        events.push_back({{"id", id},
                          {"at", "2026-03-01T10:00:00+04:00"},
                          {"type", "t"},
                          {"data", json::object()},
                          {"prev_hash", nullptr},
                          {"hash", "ab"}});
    }
    expect_error(roomy->client("KIOSK-01")
                     ->post("/api/v1/events", json{{"kiosk_id", "KIOSK-01"}, {"events", events}}.dump()),
                 413, "too_many_events");
}

TEST_F(RobustnessTest, UnknownRoutesAndMethods) {
    expect_error(kiosk->get("/api/v1/nothing"), 404, "not_found");
    expect_error(kiosk->get("/"), 404, "not_found");
    expect_error(kiosk->del("/api/v1/changes"), 405, "method_not_allowed");
    expect_error(kiosk->put("/api/v1/events", "{}"), 405, "method_not_allowed");
    expect_error(open->get("/api/v1/notifications/../../etc/passwd"), 404, "not_found");
    expect_alive();
}

TEST_F(RobustnessTest, GarbageOnTheSocketDoesNotHurt) {
    const std::string url = server->url();
    const int port = std::stoi(url.substr(url.rfind(':') + 1));
    for (const std::string& junk : {std::string("\x16\x03\x01\x00\x05hello"),
                                    std::string("GET / HTTP/1.1\r\n\r\n"), std::string(5000, '\0')}) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        (void)!::write(fd, junk.data(), junk.size());
        char buffer[256];
        timeval tv{2, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        (void)!::read(fd, buffer, sizeof buffer);
        ::close(fd);
    }
    // A connection that says nothing at all.
    const int idle = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(idle, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    expect_alive();
    ::close(idle);
    expect_alive();
}
