// The kiosk's sync against the real registry server (`registry serve`, mTLS, 127.0.0.1):
// full replication with every signature verified, a change signed through the employer
// CLI reaching the kiosk, heartbeats, the outbox delivered after an outage without
// duplicates, the Asan İmza login and share links, and wrong certificates refused.
// The crash tests (server killed, kiosk killed) are in registry_crash_test.cpp.
#include "kiosk/config.hpp"
#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"
#include "registry_server.hpp"
#include "sync/delivery.hpp"
#include "sync/online.hpp"
#include "sync/outbox.hpp"
#include "sync/service.hpp"
#include "sync/signature.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>

using namespace kiosk;
using namespace kiosk::sync;
using namespace std::chrono_literals;
using nlohmann::json;
using registry_test::run_cli;
using registry_test::World;
namespace fs = std::filesystem;

namespace {

struct Shared {
    sync_test::TempDir dir;
    sync_test::RegistryWorld world = sync_test::RegistryWorld::create(dir.path(), 1500);
    sync_test::RegistryServer server{world, dir.path()};
    std::string config;
};
Shared* g = nullptr;

class RegistryE2E : public ::testing::Test {
  public:
    static void SetUpTestSuite() {
        g = new Shared();
        ASSERT_TRUE(g->server.start());
        g->config = g->world.kiosk_config(g->dir.path(), g->server.url());
    }
    static void TearDownTestSuite() {
        delete g;
        g = nullptr;
    }
    static fs::path kiosk_db() { return g->dir.path() / "kiosk.db"; }
    static std::vector<std::string> conn() {
        return {"--server", g->server.url(), "--ca", g->world.ca()};
    }
    static SyncSettings settings() {
        auto c = load_config(g->config);
        EXPECT_TRUE(c) << c.error().detail;
        auto s = settings_from(*c);
        EXPECT_TRUE(s) << s.error().detail;
        return *s;
    }
};

std::string run_kiosk(const std::vector<std::string>& args, int* rc = nullptr) {
    std::vector<std::string> argv{SYNC_KIOSK_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string out;
    int status = sync_test::run(argv, &out);
    if (rc) *rc = status;
    return out;
}

// The head of the world's employer authorises themself and enters + signs a conclusion
// for `fin` through the employer CLI; returns the new notification's id.
std::string sign_conclusion(const std::string& fin, const std::string& number) {
    std::vector<std::string> head = RegistryE2E::conn();
    head.insert(head.end(), {"--phone", World::k_head_phone, "--user-id", World::k_head_user, "--pin1", World::k_pin1,
                             "--voen", World::k_voen});
    auto with = [&](std::vector<std::string> cmd, const std::vector<std::string>& rest) {
        cmd.insert(cmd.end(), head.begin(), head.end());
        cmd.insert(cmd.end(), rest.begin(), rest.end());
        return run_cli(cmd);
    };
    auto a = with({"employer", "authorise"}, {"--fin", World::k_head_fin, "--name", "Əliyev Tofiq", "--position",
                                              "Direktor", "--term", "indefinite"});
    EXPECT_EQ(a.status, 0) << a.err;
    auto n = with({"notify"}, {"--kind", "conclusion", "--employee-fin", fin, "--surname", "Quliyev", "--name", "Rəşad",
                               "--patronymic", "Elçin oğlu", "--birth-date", "1995-04-12", "--contract-number", number,
                               "--contract-date", "2026-11-20", "--start-date", "2026-12-01", "--type", "indefinite",
                               "--position", "Operator", "--workplace", "Şüşə sexi", "--work-address", "Bakı",
                               "--salary", "950.00", "--working-time", "Tam iş günü", "--print", "id"});
    EXPECT_EQ(n.status, 0) << n.err;
    std::string id = n.out;
    while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
    auto s = with({"sign"}, {"--notification", id, "--pin2", World::k_pin2});
    EXPECT_EQ(s.status, 0) << s.err;
    return id;
}

bool wait_until(const std::function<bool()>& cond, std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (cond()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return cond();
}

} // namespace

TEST_F(RegistryE2E, FullReplicationOverMutualTlsWithEverySignatureValid) {
    int rc = -1;
    std::string out = run_kiosk({"sync", "--once", "--config", g->config, "--json", "--verify"}, &rc);
    ASSERT_EQ(rc, 0) << out;
    json r = json::parse(out.substr(out.find('{')));
    EXPECT_EQ(r["cursor"], g->world.registry_head());
    EXPECT_EQ(r["head"], g->world.registry_head());
    EXPECT_EQ(r["quarantined"], 0);
    for (const char* entity : {"notification", "contract", "person", "employer", "reference"})
        EXPECT_EQ(sync_test::kiosk_scalar(kiosk_db(), std::string("SELECT count(*) FROM ") + entity),
                  g->world.registry_count(entity))
            << entity;
    // Every signed notification of the registry verifies on the kiosk, none is invalid.
    EXPECT_EQ(r["signatures"]["invalid"], 0) << r.dump();
    EXPECT_GT(r["signatures"]["valid"].get<int>(), 500);
    EXPECT_EQ(sync_test::kiosk_scalar(kiosk_db(), "SELECT count(*) FROM notification WHERE status <> 'entered' AND "
                                                  "id NOT IN (SELECT id FROM signature_check WHERE result = 'valid')"),
              0);
    // Again: nothing new, nothing applied twice.
    out = run_kiosk({"sync", "--once", "--config", g->config, "--json"}, &rc);
    ASSERT_EQ(rc, 0) << out;
    r = json::parse(out.substr(out.find('{')));
    EXPECT_EQ(r["applied"], 0);
    // The status command reads it back.
    out = run_kiosk({"sync", "status", "--config", g->config, "--json"}, &rc);
    ASSERT_EQ(rc, 0) << out;
    json st = json::parse(out.substr(out.find('{')));
    EXPECT_EQ(st["lag"], 0);
    EXPECT_EQ(st["online"], true);
    EXPECT_EQ(st["last_error"], "");
    EXPECT_EQ(st["signatures_invalid"], 0);
}

TEST_F(RegistryE2E, ANotificationSignedThroughTheEmployerCliReachesTheRunningKiosk) {
    std::mutex m;
    std::condition_variable cv;
    SyncStatus last;
    auto s = settings();
    s.heartbeat_interval = 1s;
    auto service = SyncService::start(s, [&](const SyncStatus& st) {
        std::lock_guard lock(m);
        last = st;
        cv.notify_all();
    });
    ASSERT_TRUE(service) << service.error().detail;
    {
        std::unique_lock lock(m);
        ASSERT_TRUE(cv.wait_for(lock, 60s, [&] { return last.online && last.caught_up; }));
    }
    const auto t0 = std::chrono::steady_clock::now();
    const std::string id = sign_conclusion(World::k_citizen_fin, "ƏM-E2E-0001");
    const auto signed_at = std::chrono::steady_clock::now();
    ASSERT_FALSE(id.empty());
    const std::string q = "SELECT count(*) FROM notification WHERE id = '" + id + "' AND status IN ('signed', 'registered')";
    ASSERT_TRUE(wait_until([&] { return sync_test::kiosk_scalar(kiosk_db(), q) == 1; }, 10s));
    const auto seen = std::chrono::steady_clock::now();
    std::printf("employer CLI (authorise, notify, sign) %lld ms; signed -> on the kiosk %lld ms\n",
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(signed_at - t0).count()),
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(seen - signed_at).count()));
    // With its person and contract, and a signature that verifies.
    EXPECT_EQ(sync_test::kiosk_scalar(kiosk_db(), std::string("SELECT count(*) FROM person WHERE fin = '") +
                                                      World::k_citizen_fin + "'"),
              1);
    {
        auto store = Store::open(kiosk_db().string());
        ASSERT_TRUE(store);
        auto checker = SignatureChecker::open(**store, g->world.ca());
        ASSERT_TRUE(checker);
        ASSERT_TRUE((*checker)->check_one(id)); // unless the background pass was first
    }
    EXPECT_EQ(sync_test::kiosk_scalar(kiosk_db(), "SELECT count(*) FROM signature_check sc JOIN notification n ON "
                                                  "n.id = sc.id AND n.seq = sc.seq WHERE sc.id = '" + id +
                                                      "' AND sc.result = 'valid'"),
              1);
    // The heartbeat reached the registry, with the proof of life and the outbox's size.
    (*service)->audit("session.ended", R"({"reason":"finished"})");
    ASSERT_TRUE(wait_until(
        [&] {
            auto k = run_cli({"kiosks", "--db", g->world.world.db.string(), "--json"});
            auto j = json::parse(k.out, nullptr, false);
            return j.is_array() && !j.empty() && j[0]["kiosk_id"] == "KIOSK-01" && j[0]["sync"].contains("outbox_pending") &&
                   j[0]["devices"].contains("screen");
        },
        15s));
    ASSERT_TRUE(wait_until(
        [&] {
            auto e = run_cli({"events", "--db", g->world.world.db.string(), "--kiosk", "KIOSK-01", "--json"});
            auto j = json::parse(e.out, nullptr, false);
            for (const auto& ev : j)
                if (ev["type"] == "session.ended") return true;
            return false;
        },
        15s));
}

TEST_F(RegistryE2E, TheOutboxIsDeliveredAfterAnOutageOnceEach) {
    // A kiosk store of its own, so the counts are this test's.
    sync_test::TempDir d;
    auto store = Store::open(d.file("outbox.db"));
    ASSERT_TRUE(store);
    auto outbox = Outbox::open(**store);
    ASSERT_TRUE(outbox);
    for (int i = 0; i < 120; ++i)
        ASSERT_TRUE((*outbox)->append("print.completed", json{{"pages", i % 3 + 1}, {"n", i}}.dump()));

    // The registry is down: the delivery fails, classified, and everything stays pending.
    g->server.kill9();
    TransportConfig tc = settings().transport;
    auto transport = Transport::open(tc);
    ASSERT_TRUE(transport);
    auto down = deliver_events(**outbox, **transport, "KIOSK-01", 50);
    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().code, "net_connect") << down.error().detail;
    EXPECT_EQ((*outbox)->stats()->pending, 120);

    // Back on the same port: delivered in batches, all accepted.
    ASSERT_TRUE(g->server.restart());
    // A copy of the store as it was before delivery: the same events sent again later, as
    // after a lost acknowledgement.
    ASSERT_EQ(sqlite3_exec((*store)->handle(), ("VACUUM INTO '" + d.file("before.db") + "'").c_str(), nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    auto up = deliver_events(**outbox, **transport, "KIOSK-01", 50);
    ASSERT_TRUE(up) << up.error().detail;
    EXPECT_EQ(up->events, 120);
    EXPECT_EQ(up->batches, 3);
    EXPECT_EQ(up->duplicates, 0);
    EXPECT_EQ((*outbox)->stats()->pending, 0);

    auto before = Store::open(d.file("before.db"));
    ASSERT_TRUE(before);
    auto again_box = Outbox::open(**before);
    auto again = deliver_events(**again_box, **transport, "KIOSK-01", 50);
    ASSERT_TRUE(again) << again.error().detail;
    EXPECT_EQ(again->duplicates, 120);

    auto e = run_cli({"events", "--db", g->world.world.db.string(), "--kiosk", "KIOSK-01", "--limit", "100000", "--json"});
    ASSERT_EQ(e.status, 0) << e.err;
    json all = json::parse(e.out);
    int prints = 0, broken = 0;
    std::set<std::string> ids;
    for (const auto& ev : all) {
        if (ev["type"] != "print.completed") continue;
        ++prints;
        ids.insert(ev["id"].get<std::string>());
        if (!ev["chain_ok"].get<bool>()) ++broken;
    }
    EXPECT_EQ(prints, 120);
    EXPECT_EQ(ids.size(), 120u);
    // The first event of this store does not continue the other kiosk store's chain.
    EXPECT_LE(broken, 1);
}

TEST_F(RegistryE2E, AsanImzaLoginConfirmedOnThePhoneThenAShareLinkToTheEdoc) {
    // The citizen exists in the replica once a notification about them was signed.
    if (sync_test::kiosk_scalar(kiosk_db(), std::string("SELECT count(*) FROM notification WHERE employee_fin = '") +
                                                World::k_citizen_fin + "' AND signature IS NOT NULL") <= 0) {
        sign_conclusion(World::k_citizen_fin, "ƏM-E2E-0002");
        int rc = -1;
        run_kiosk({"sync", "--once", "--config", g->config}, &rc);
        ASSERT_EQ(rc, 0);
    }
    std::mutex m;
    std::condition_variable cv;
    std::vector<OnlineEvent> events;
    OnlineOptions options;
    options.poll_interval = 200ms;
    auto online = RegistryOnline::start(settings(), [&](OnlineEvent e) {
        std::lock_guard lock(m);
        events.push_back(std::move(e));
        cv.notify_all();
    }, options);
    ASSERT_TRUE(online) << online.error().detail;
    auto next = [&]() -> std::optional<OnlineEvent> {
        std::unique_lock lock(m);
        if (!cv.wait_for(lock, 20s, [&] { return !events.empty(); })) return std::nullopt;
        OnlineEvent e = events.front();
        events.erase(events.begin());
        return e;
    };

    (*online)->start_mobile_id(1, World::k_citizen_phone, World::k_citizen_user);
    auto pending = next();
    ASSERT_TRUE(pending);
    auto* p = std::get_if<MobileIdUpdated>(&*pending);
    ASSERT_TRUE(p);
    ASSERT_EQ(p->state, MobileIdState::Pending) << p->error;
    EXPECT_EQ(p->code.size(), 4u);
    EXPECT_GT(p->expires_in_ms, 30'000);
    // The citizen confirms on the simulated phone, the code checked.
    std::vector<std::string> confirm{"phone", "confirm"};
    for (auto& a : conn()) confirm.push_back(a);
    confirm.insert(confirm.end(), {"--phone", World::k_citizen_phone, "--pin", World::k_pin1, "--code", p->code});
    auto c = run_cli(confirm);
    ASSERT_EQ(c.status, 0) << c.err;
    auto done = next();
    ASSERT_TRUE(done);
    auto* d = std::get_if<MobileIdUpdated>(&*done);
    ASSERT_TRUE(d);
    ASSERT_EQ(d->state, MobileIdState::Confirmed) << d->error;
    ASSERT_TRUE(d->identity);
    EXPECT_EQ(d->identity->fin, World::k_citizen_fin);
    EXPECT_EQ(d->identity->surname, "Quliyev"); // from the replica
    EXPECT_FALSE(d->proof.empty());

    // A share link with that proof: a URL that serves the edoc.
    const std::string id = [&] {
        auto store = Store::open(kiosk_db().string(), OpenMode::ReadOnly);
        auto s = sql::Stmt::prepare((*store)->handle(), std::string("SELECT id FROM notification WHERE employee_fin = '") +
                                                            World::k_citizen_fin + "' AND signature IS NOT NULL LIMIT 1");
        EXPECT_TRUE(s && *s->step());
        return s->column_text(0);
    }();
    (*online)->share(2, id, CitizenProof{CitizenProof::Kind::MobileId, d->proof});
    auto shared = next();
    ASSERT_TRUE(shared);
    auto* link = std::get_if<ShareLinkReady>(&*shared);
    ASSERT_TRUE(link);
    ASSERT_TRUE(link->link) << link->link.error().code << ": " << link->link.error().detail;
    EXPECT_TRUE(link->link->url.starts_with(g->server.url() + "/d/")) << link->link->url;
    EXPECT_GT(link->link->expires_in_ms, 60'000);
    auto t = Transport::open(settings().transport);
    auto edoc = (*t)->get(link->link->url.substr(g->server.url().size()));
    ASSERT_TRUE(edoc) << edoc.error().detail;
    EXPECT_TRUE(edoc->body.starts_with("PK")); // a ZIP container

    // A second login, rejected on the phone.
    (*online)->start_mobile_id(3, World::k_citizen_phone, World::k_citizen_user);
    auto p2 = next();
    ASSERT_TRUE(p2 && std::get<MobileIdUpdated>(*p2).state == MobileIdState::Pending);
    std::vector<std::string> reject{"phone", "reject"};
    for (auto& a : conn()) reject.push_back(a);
    reject.insert(reject.end(), {"--phone", World::k_citizen_phone});
    ASSERT_EQ(run_cli(reject).status, 0);
    auto r2 = next();
    ASSERT_TRUE(r2);
    EXPECT_EQ(std::get<MobileIdUpdated>(*r2).state, MobileIdState::Rejected);

    // Someone the registry does not know.
    (*online)->start_mobile_id(4, "+994500000001", "999999");
    auto unknown = next();
    ASSERT_TRUE(unknown);
    EXPECT_EQ(std::get<MobileIdUpdated>(*unknown).state, MobileIdState::Failed);
    EXPECT_EQ(std::get<MobileIdUpdated>(*unknown).error, "mobile_id_unknown_user");
}

TEST_F(RegistryE2E, CertificatesFromAnotherCaAreRefusedBothWays) {
    // Our client certificate from another CA: the registry refuses the handshake.
    const fs::path other = g->dir.path() / "other";
    std::string cfg = g->world.kiosk_config(g->dir.path(), g->server.url(), "foreign.db", "",
                                            (other / "KIOSK-01.pem").string(), (other / "KIOSK-01.key").string());
    int rc = -1;
    std::string out = run_kiosk({"sync", "--once", "--config", cfg}, &rc);
    EXPECT_EQ(rc, 3) << out;
    EXPECT_NE(out.find("[net_tls]"), std::string::npos) << out;
    // The registry's certificate checked against another CA (ours pinned elsewhere): refused.
    cfg = g->world.kiosk_config(g->dir.path(), g->server.url(), "foreign2.db", "", "", "", (other / "ca.pem").string());
    out = run_kiosk({"sync", "--once", "--config", cfg}, &rc);
    EXPECT_EQ(rc, 3) << out;
    EXPECT_NE(out.find("[net_tls]"), std::string::npos) << out;
    EXPECT_EQ(sync_test::kiosk_scalar(g->dir.path() / "foreign2.db", "SELECT count(*) FROM notification"), 0);
}
