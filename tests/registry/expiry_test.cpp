// Expiry of mobile-ID sessions (log-in, signing, kiosk citizens) and of employer
// tokens, with a server whose lifetimes are a second or two (labelled slow: it waits).
#include "registry_fixture.hpp"

#include <gtest/gtest.h>
#include <thread>

using namespace registry_test;

namespace {

class ExpiryTest : public ServerTest {
  protected:
    std::vector<std::string> server_args() const override {
        return {"--session-ttl", "1", "--token-ttl", "3"};
    }
    void SetUp() override {
        ServerTest::SetUp();
        if (HasFatalFailure()) return;
        c = server->client();
    }

    static void pause() { std::this_thread::sleep_for(std::chrono::milliseconds(1300)); }

    std::unique_ptr<registry::http::Client> c;
};

} // namespace

TEST_F(ExpiryTest, AnExpiredLogInCannotBeConfirmed) {
    auto started = c->post("/api/v1/auth/sessions",
                           json{{"phone", World::k_head_phone}, {"user_id", World::k_head_user}}.dump());
    ASSERT_EQ(started->status, 201);
    const std::string session = body(*started)["session"];
    pause();
    EXPECT_EQ(body(*c->get("/api/v1/auth/sessions/" + session))["state"], "expired");
    EXPECT_TRUE(
        body(*c->get("/api/v1/sim/phones/" + std::string(World::k_head_phone) + "/requests"))["requests"]
            .empty());
    auto late = answer(*c, World::k_head_phone, session, World::k_pin1);
    EXPECT_EQ(late.status, 410);
    EXPECT_EQ(error_code(late), "session_expired");
    EXPECT_TRUE(body(*c->get("/api/v1/auth/sessions/" + session))["token"].is_null());
}

TEST_F(ExpiryTest, AnExpiredSigningRequestSignsNothing) {
    const std::string token = authorised_head(*c);
    auto entered = c->post("/api/v1/employers/" + std::string(World::k_voen) + "/notifications",
                           conclusion().dump(), "application/json", bearer(token));
    ASSERT_EQ(entered->status, 201);
    const std::string id = body(*entered)["id"];
    auto started =
        c->post("/api/v1/notifications/" + id + "/signatures", "{}", "application/json", bearer(token));
    ASSERT_EQ(started->status, 201);
    const std::string session = body(*started)["session"];
    pause();
    auto late = answer(*c, World::k_head_phone, session, World::k_pin2);
    EXPECT_EQ(late.status, 410);
    EXPECT_EQ(body(*c->get("/api/v1/notifications/" + id + "/signatures/" + session, bearer(token)))["state"],
              "expired");
    EXPECT_EQ(body(*c->get("/api/v1/notifications/" + id, bearer(token)))["status"], "entered");
}

TEST_F(ExpiryTest, AnExpiredCitizenSessionAtTheKiosk) {
    auto kiosk = server->client("KIOSK-01");
    auto started =
        kiosk->post("/api/v1/mobile-id/sessions",
                    json{{"phone", World::k_citizen_phone}, {"user_id", World::k_citizen_user}}.dump());
    ASSERT_EQ(started->status, 201);
    const std::string session = body(*started)["session"];
    pause();
    json state = body(*kiosk->get("/api/v1/mobile-id/sessions/" + session));
    EXPECT_EQ(state["state"], "expired");
    EXPECT_TRUE(state["fin"].is_null());
    EXPECT_EQ(answer(*c, World::k_citizen_phone, session, World::k_pin1).status, 410);
}

TEST_F(ExpiryTest, AnExpiredTokenMustLogInAgain) {
    const std::string token = login(*c, World::k_head_phone, World::k_head_user);
    EXPECT_EQ(c->get("/api/v1/me", bearer(token))->status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(3200));
    auto r = c->get("/api/v1/me", bearer(token));
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(error_code(*r), "unauthenticated");
}
