// The kiosk API over real HTTPS with kiosk certificates: events (idempotent),
// heartbeats, citizen mobile-ID sessions, share links with both proofs, the
// download and the verification page.
#include "registry_fixture.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <sstream>
#include <thread>

using namespace registry_test;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string b64(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    out.resize(static_cast<std::size_t>(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                                        reinterpret_cast<const unsigned char*>(bytes.data()),
                                                        static_cast<int>(bytes.size()))));
    return out;
}

// What the kiosk does with the card: INTERNAL AUTHENTICATE over the share challenge.
std::string card_sign(const fs::path& card, const std::string& challenge) {
    const std::string pem = read_file(card / "key.pem");
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    std::size_t n = 0;
    EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(md, nullptr, &n, reinterpret_cast<const unsigned char*>(challenge.data()),
                   challenge.size());
    std::string sig(n, '\0');
    EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &n,
                   reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size());
    sig.resize(n);
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(key);
    return sig;
}

std::string share_challenge(const std::string& kiosk, const std::string& id, const std::string& at) {
    const std::string input = "emek-share/v1\n" + kiosk + "\n" + id + "\n" + at;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    return std::string(reinterpret_cast<char*>(digest), sizeof digest);
}

std::string now_baku() {
    const std::time_t t = std::time(nullptr) + 4 * 3600;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+04:00", &tm);
    return text;
}

json event(const std::string& id, const std::string& prev, const std::string& hash) {
    return {{"id", id},
            {"at", "2026-03-01T10:22:00+04:00"},
            {"type", "session.start"},
            {"data", {{"fin_hash", "ab12"}}},
            {"prev_hash", prev.empty() ? json(nullptr) : json(prev)},
            {"hash", hash}};
}

class KioskApiTest : public ::testing::Test {
  protected:
    void SetUp() override {
        world = World::create(tmp.path());
        server = Server::start(world, {"--share-ttl", "2"});
        ASSERT_TRUE(server);
        kiosk = server->client("KIOSK-01");
        other_kiosk = server->client("KIOSK-02");
        open = server->client();
    }

    // A confirmed citizen session at `c`.
    std::string citizen_session(registry::http::Client& c) {
        auto started =
            c.post("/api/v1/mobile-id/sessions",
                   json{{"phone", World::k_citizen_phone}, {"user_id", World::k_citizen_user}}.dump());
        EXPECT_TRUE(started && started->status == 201) << (started ? started->body : "");
        const std::string session = body(*started)["session"];
        EXPECT_EQ(answer(*open, World::k_citizen_phone, session, World::k_pin1).status, 200);
        return session;
    }

    json signed_for_citizen() {
        const std::string token = authorised_head(*open);
        return enter_and_sign(*open, token, conclusion());
    }

    TempDir tmp;
    World world;
    std::unique_ptr<Server> server;
    std::unique_ptr<registry::http::Client> kiosk, other_kiosk, open;
};

} // namespace

TEST_F(KioskApiTest, EventsAreAcceptedOnceByIdAndBadOnesReportedAlone) {
    const json batch = {{"kiosk_id", "KIOSK-01"},
                        {"events",
                         {event("6f1c2a44-0b7e-4c1e-9d55-3f2a8e4b7c01", "", "aa01"),
                          event("6f1c2a44-0b7e-4c1e-9d55-3f2a8e4b7c02", "aa01", "aa02"),
                          json{{"id", "not-a-uuid"}, {"type", "x"}}}}};
    auto first = kiosk->post("/api/v1/events", batch.dump());
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200) << first->body;
    json b = body(*first);
    EXPECT_EQ(b["accepted"].size(), 2u);
    EXPECT_TRUE(b["duplicates"].empty());
    ASSERT_EQ(b["rejected"].size(), 1u);
    EXPECT_EQ(b["rejected"][0]["index"], 2);
    // The same batch again: nothing new.
    auto second = kiosk->post("/api/v1/events", batch.dump());
    b = body(*second);
    EXPECT_TRUE(b["accepted"].empty());
    EXPECT_EQ(b["duplicates"].size(), 2u);
    // Stored, with their chain checked, visible to the operator.
    auto listed = run_cli({"events", "--db", world.db.string(), "--kiosk", "KIOSK-01", "--json"});
    ASSERT_EQ(listed.status, 0) << listed.err;
    json events = json::parse(listed.out);
    ASSERT_EQ(events.size(), 2u);
    for (const json& e : events)
        EXPECT_TRUE(e["chain_ok"].get<bool>());
    // A gap in the chain is stored but marked.
    auto broken = kiosk->post(
        "/api/v1/events", json{{"kiosk_id", "KIOSK-01"},
                               {"events", {event("6f1c2a44-0b7e-4c1e-9d55-3f2a8e4b7c03", "ffff", "aa03")}}}
                              .dump());
    EXPECT_EQ(body(*broken)["accepted"].size(), 1u);
    events = json::parse(run_cli({"events", "--db", world.db.string(), "--json"}).out);
    EXPECT_FALSE(events[0]["chain_ok"].get<bool>());
}

TEST_F(KioskApiTest, EventsOfAnotherKioskIdAreRefused) {
    auto r = kiosk->post("/api/v1/events", json{{"kiosk_id", "KIOSK-02"}, {"events", json::array()}}.dump());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ(error_code(*r), "kiosk_mismatch");
    auto missing = kiosk->post("/api/v1/events", json{{"events", json::array()}}.dump());
    EXPECT_EQ(missing->status, 400);
    auto not_array = kiosk->post("/api/v1/events", json{{"kiosk_id", "KIOSK-01"}, {"events", "x"}}.dump());
    EXPECT_EQ(not_array->status, 400);
}

TEST_F(KioskApiTest, HeartbeatsAreStoredPerKiosk) {
    const json hb = {{"kiosk_id", "KIOSK-01"},
                     {"version", "0.1.0"},
                     {"devices", {{"printer", "idle"}, {"card_reader", "ok"}}},
                     {"sync", {{"lag", 0}}}};
    for (int i = 0; i < 3; ++i) {
        auto r = kiosk->post("/api/v1/heartbeat", hb.dump());
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 204);
        EXPECT_TRUE(r->body.empty());
    }
    auto r2 = other_kiosk->post("/api/v1/heartbeat", json{{"kiosk_id", "KIOSK-02"},
                                                          {"version", "0.1.1"},
                                                          {"devices", json::object()},
                                                          {"sync", json::object()}}
                                                         .dump());
    EXPECT_EQ(r2->status, 204);
    auto listed = run_cli({"kiosks", "--db", world.db.string(), "--json"});
    ASSERT_EQ(listed.status, 0);
    json kiosks = json::parse(listed.out);
    ASSERT_EQ(kiosks.size(), 2u);
    EXPECT_EQ(kiosks[0]["kiosk_id"], "KIOSK-01");
    EXPECT_EQ(kiosks[0]["heartbeats"], 3);
    EXPECT_EQ(kiosks[0]["devices"]["printer"], "idle");
    EXPECT_EQ(kiosks[1]["version"], "0.1.1");
    auto bad = kiosk->post("/api/v1/heartbeat", json{{"kiosk_id", "KIOSK-01"}, {"version", "1"}}.dump());
    EXPECT_EQ(bad->status, 400);
}

TEST_F(KioskApiTest, CitizenSessionIsConfirmedWithPin1OnThePhone) {
    auto started =
        kiosk->post("/api/v1/mobile-id/sessions",
                    json{{"phone", World::k_citizen_phone}, {"user_id", World::k_citizen_user}}.dump());
    ASSERT_TRUE(started);
    ASSERT_EQ(started->status, 201) << started->body;
    json s = body(*started);
    ASSERT_EQ(s["code"].get<std::string>().size(), 4u);
    const std::string session = s["session"];
    json state = body(*kiosk->get("/api/v1/mobile-id/sessions/" + session));
    EXPECT_EQ(state["state"], "pending");
    EXPECT_TRUE(state["fin"].is_null());
    // The phone shows the same code.
    json requests =
        body(*open->get("/api/v1/sim/phones/" + std::string(World::k_citizen_phone) + "/requests"));
    ASSERT_EQ(requests["requests"].size(), 1u);
    EXPECT_EQ(requests["requests"][0]["code"], s["code"]);
    EXPECT_EQ(requests["requests"][0]["pin"], "PIN1");
    // PIN2 is not PIN1.
    auto wrong = answer(*open, World::k_citizen_phone, session, World::k_pin2);
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(body(wrong)["error"]["tries_left"], 2);
    EXPECT_EQ(answer(*open, World::k_citizen_phone, session, World::k_pin1).status, 200);
    state = body(*kiosk->get("/api/v1/mobile-id/sessions/" + session));
    EXPECT_EQ(state["state"], "confirmed");
    EXPECT_EQ(state["fin"], World::k_citizen_fin);
    // Another kiosk does not see it.
    EXPECT_EQ(other_kiosk->get("/api/v1/mobile-id/sessions/" + session)->status, 404);
}

TEST_F(KioskApiTest, CitizenSessionRejectedOrUnknown) {
    auto started =
        kiosk->post("/api/v1/mobile-id/sessions",
                    json{{"phone", World::k_citizen_phone}, {"user_id", World::k_citizen_user}}.dump());
    const std::string session = body(*started)["session"];
    EXPECT_EQ(answer(*open, World::k_citizen_phone, session, "").status, 200);
    json state = body(*kiosk->get("/api/v1/mobile-id/sessions/" + session));
    EXPECT_EQ(state["state"], "rejected");
    EXPECT_TRUE(state["fin"].is_null());
    auto unknown = kiosk->post("/api/v1/mobile-id/sessions",
                               json{{"phone", "+994500000000"}, {"user_id", "999999"}}.dump());
    EXPECT_EQ(unknown->status, 404);
    EXPECT_EQ(error_code(*unknown), "unknown_user");
    auto malformed =
        kiosk->post("/api/v1/mobile-id/sessions", json{{"phone", "0501234567"}, {"user_id", "12"}}.dump());
    EXPECT_EQ(malformed->status, 400);
    // Three wrong PINs reject the request.
    auto again =
        kiosk->post("/api/v1/mobile-id/sessions",
                    json{{"phone", World::k_citizen_phone}, {"user_id", World::k_citizen_user}}.dump());
    const std::string s2 = body(*again)["session"];
    for (int left : {2, 1, 0}) {
        auto r = answer(*open, World::k_citizen_phone, s2, "9999");
        EXPECT_EQ(r.status, 403);
        EXPECT_EQ(body(r)["error"]["tries_left"], left);
    }
    EXPECT_EQ(body(*kiosk->get("/api/v1/mobile-id/sessions/" + s2))["state"], "rejected");
    EXPECT_EQ(answer(*open, World::k_citizen_phone, s2, World::k_pin1).status, 409);
}

TEST_F(KioskApiTest, ShareLinkWithAMobileIdProofServesTheEdocUntilItExpires) {
    const json n = signed_for_citizen();
    const std::string id = n["id"];
    const std::string session = citizen_session(*kiosk);
    auto shared = kiosk->post("/api/v1/notifications/" + id + "/share",
                              json{{"proof", {{"type", "mobile_id"}, {"session", session}}}}.dump());
    ASSERT_TRUE(shared);
    ASSERT_EQ(shared->status, 201) << shared->body;
    json link = body(*shared);
    const std::string url = link["url"];
    ASSERT_EQ(url.rfind(server->url() + "/d/", 0), 0u) << url;
    const std::string path = url.substr(server->url().size());
    auto download = open->get(path);
    ASSERT_TRUE(download);
    EXPECT_EQ(download->status, 200);
    EXPECT_EQ(download->header("content-type"), "application/vnd.emek-kiosk.edoc+zip");
    EXPECT_EQ(download->body.substr(0, 2), "PK");
    EXPECT_NE(download->body.find("application/vnd.emek-kiosk.edoc+zip"), std::string::npos);
    // The link ends (share TTL 2 s here).
    std::this_thread::sleep_for(std::chrono::milliseconds(2200));
    auto late = open->get(path);
    EXPECT_EQ(late->status, 410);
    EXPECT_EQ(error_code(*late), "link_expired");
    EXPECT_EQ(open->get("/d/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")->status, 404);
}

TEST_F(KioskApiTest, ShareNeedsTheCitizenOfTheNotification) {
    const json n = signed_for_citizen();
    const std::string id = n["id"];
    // A confirmed session of someone else: the head.
    auto started = kiosk->post("/api/v1/mobile-id/sessions",
                               json{{"phone", World::k_head_phone}, {"user_id", World::k_head_user}}.dump());
    const std::string head_session = body(*started)["session"];
    ASSERT_EQ(answer(*open, World::k_head_phone, head_session, World::k_pin1).status, 200);
    auto r = kiosk->post("/api/v1/notifications/" + id + "/share",
                         json{{"proof", {{"type", "mobile_id"}, {"session", head_session}}}}.dump());
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ(error_code(*r), "not_your_notification");
    // The citizen's session, but proven at another kiosk.
    const std::string session = citizen_session(*kiosk);
    r = other_kiosk->post("/api/v1/notifications/" + id + "/share",
                          json{{"proof", {{"type", "mobile_id"}, {"session", session}}}}.dump());
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ(error_code(*r), "proof_rejected");
    // No proof, a malformed one, an unknown notification.
    EXPECT_EQ(kiosk->post("/api/v1/notifications/" + id + "/share", "{}")->status, 400);
    EXPECT_EQ(kiosk->post("/api/v1/notifications/" + id + "/share", json{{"proof", {{"type", "x"}}}}.dump())
                  ->status,
              400);
    EXPECT_EQ(kiosk
                  ->post("/api/v1/notifications/N9999999999/share",
                         json{{"proof", {{"type", "mobile_id"}, {"session", session}}}}.dump())
                  ->status,
              404);
}

TEST_F(KioskApiTest, ShareWithAnIdCardProofOnceOnly) {
    const json n = signed_for_citizen();
    const std::string id = n["id"];
    const fs::path card = tmp.path() / "card";
    ASSERT_EQ(run_cli({"pki", "card", "--dir", world.pki.string(), "--fin", World::k_citizen_fin, "--role",
                       "citizen", "--out", card.string()})
                  .status,
              0);
    const std::string at = now_baku();
    const std::string signature = card_sign(card, share_challenge("KIOSK-01", id, at));
    const json proof = {{"type", "id_card"},
                        {"certificate", b64(read_file(card / "cert.der"))},
                        {"at", at},
                        {"signature", b64(signature)}};
    auto r = kiosk->post("/api/v1/notifications/" + id + "/share", json{{"proof", proof}}.dump());
    ASSERT_EQ(r->status, 201) << r->body;
    // The same proof twice is a replay.
    r = kiosk->post("/api/v1/notifications/" + id + "/share", json{{"proof", proof}}.dump());
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ(error_code(*r), "proof_reused");
    // Signed for another kiosk: does not verify here.
    const std::string at2 = now_baku();
    json for_other = proof;
    for_other["at"] = at2;
    for_other["signature"] = b64(card_sign(card, share_challenge("KIOSK-02", id, at2)));
    r = kiosk->post("/api/v1/notifications/" + id + "/share", json{{"proof", for_other}}.dump());
    EXPECT_EQ(error_code(*r), "proof_rejected");
    // Too old.
    json old = proof;
    old["at"] = "2020-01-01T10:00:00+04:00";
    old["signature"] = b64(card_sign(card, share_challenge("KIOSK-01", id, "2020-01-01T10:00:00+04:00")));
    r = kiosk->post("/api/v1/notifications/" + id + "/share", json{{"proof", old}}.dump());
    EXPECT_EQ(error_code(*r), "proof_rejected");
    // A card from another CA.
    const fs::path foreign = tmp.path() / "foreign-card";
    ASSERT_EQ(run_cli({"pki", "card", "--dir", (tmp.path() / "other").string(), "--fin", World::k_citizen_fin,
                       "--role", "citizen", "--out", foreign.string()})
                  .status,
              0);
    const std::string at3 = now_baku();
    json untrusted = {{"type", "id_card"},
                      {"certificate", b64(read_file(foreign / "cert.der"))},
                      {"at", at3},
                      {"signature", b64(card_sign(foreign, share_challenge("KIOSK-01", id, at3)))}};
    r = kiosk->post("/api/v1/notifications/" + id + "/share", json{{"proof", untrusted}}.dump());
    EXPECT_EQ(error_code(*r), "proof_rejected");
}

TEST_F(KioskApiTest, VerificationPageShowsTheRegistrationData) {
    const json n = signed_for_citizen();
    const std::string code = n["verification_code"];
    auto page = open->get("/verify/" + code + "?lang=en");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(page->header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(page->body.find(n["number"].get<std::string>()), std::string::npos);
    EXPECT_NE(page->body.find(n["registration"]["number"].get<std::string>()), std::string::npos);
    EXPECT_NE(page->body.find("The electronic signature is valid"), std::string::npos);
    // The employee appears only by initials; no FIN.
    EXPECT_EQ(page->body.find(World::k_citizen_fin), std::string::npos);
    EXPECT_NE(page->body.find("Q. R."), std::string::npos);
    // Lower case, without the dash, look-alike letters: the same page; Azerbaijani by default.
    std::string typed = code;
    typed.erase(4, 1);
    for (char& c : typed)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto az = open->get("/verify/" + typed);
    EXPECT_EQ(az->status, 200);
    EXPECT_NE(az->body.find("Elektron imza etibarlıdır"), std::string::npos);
    auto missing = open->get("/verify/ZZZZ-ZZZZ?lang=ru");
    EXPECT_EQ(missing->status, 404);
    EXPECT_NE(missing->body.find("не найден"), std::string::npos);
}
