// Seed 000 through the registry CLI against a running server (the commands a demo
// uses): authorise, notify, sign, register, download, revoke, the phone, and the
// refusals with their exit status 3.
#include "registry_fixture.hpp"

#include <future>
#include <gtest/gtest.h>

using namespace registry_test;

namespace {

class CliTest : public ServerTest {
  protected:
    void SetUp() override {
        ServerTest::SetUp();
        if (HasFatalFailure()) return;
        env = {"REGISTRY_URL=" + server->url(), "REGISTRY_CA=" + (world.pki / "ca.pem").string()};
    }

    CliResult cli(std::vector<std::string> args) { return run_cli(args, env); }

    std::vector<std::string> as_head() {
        return {"--phone", World::k_head_phone, "--user-id", World::k_head_user,
                "--pin1",  World::k_pin1,       "--voen",    World::k_voen};
    }
    std::vector<std::string> as_rep() {
        return {"--phone", World::k_rep_phone, "--user-id", World::k_rep_user,
                "--pin1",  World::k_pin1,      "--voen",    World::k_voen};
    }
    static std::vector<std::string> join(std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    }

    std::vector<std::string> conclusion_flags() {
        return {"--kind",
                "conclusion",
                "--employee-fin",
                World::k_citizen_fin,
                "--surname",
                "Quliyev",
                "--name",
                "Rəşad",
                "--patronymic",
                "Elçin oğlu",
                "--birth-date",
                "1995-04-12",
                "--contract-number",
                "ƏM-2026-0001",
                "--contract-date",
                "2026-01-20",
                "--start-date",
                "2026-02-01",
                "--type",
                "indefinite",
                "--position",
                "Operator",
                "--workplace",
                "Şüşə sexi",
                "--work-address",
                "Bakı",
                "--salary",
                "950.00",
                "--working-time",
                "Tam iş günü"};
    }

    std::vector<std::string> env;
};

} // namespace

TEST_F(CliTest, AWholeSeed000Session) {
    auto self = cli(join(join({"employer", "authorise"}, as_head()),
                         {"--fin", World::k_head_fin, "--name", "Əliyev Tofiq", "--position", "Direktor",
                          "--term", "indefinite", "--print", "active"}));
    ASSERT_EQ(self.status, 0) << self.err;
    EXPECT_EQ(self.out, "true\n");
    EXPECT_NE(self.err.find("verification code"), std::string::npos);
    auto rep = cli(join(join({"employer", "authorise"}, as_head()),
                        {"--fin", World::k_rep_fin, "--name", "Məmmədova Leyla", "--position", "HR", "--term",
                         "fixed", "--from", "2026-01-01", "--to", "2099-12-31"}));
    ASSERT_EQ(rep.status, 0) << rep.err;
    EXPECT_EQ(json::parse(rep.out)["term"], "fixed");

    auto entered = cli(join(join(join({"notify"}, as_rep()), conclusion_flags()), {"--print", "id"}));
    ASSERT_EQ(entered.status, 0) << entered.err;
    const std::string id = entered.out.substr(0, entered.out.find('\n'));
    ASSERT_EQ(id.size(), 11u) << id;

    auto listed = cli(join(join({"register"}, as_rep()), {"--status", "entered"}));
    ASSERT_EQ(listed.status, 0) << listed.err;
    EXPECT_EQ(json::parse(listed.out)["notifications"][0]["id"], id);

    auto signed_ = cli(join(join({"sign"}, as_rep()), {"--notification", id, "--pin2", World::k_pin2}));
    ASSERT_EQ(signed_.status, 0) << signed_.err;
    json n = json::parse(signed_.out);
    EXPECT_EQ(n["status"], "signed");
    EXPECT_EQ(n["registration"]["number"].get<std::string>().rfind("QM-", 0), 0u);

    const fs::path edoc = tmp.path() / "n.edoc", pdf = tmp.path() / "n.pdf";
    auto got = cli(join(join({"download"}, as_rep()), {"--notification", id, "--edoc", edoc.string()}));
    ASSERT_EQ(got.status, 0) << got.err;
    EXPECT_GT(fs::file_size(edoc), 1000u);
    got = cli(
        join(join({"download"}, as_rep()), {"--notification", id, "--pdf", pdf.string(), "--lang", "ru"}));
    ASSERT_EQ(got.status, 0) << got.err;

    // An amendment with the one-change flag, then a termination.
    const std::string contract = n["contract_id"];
    auto amended = cli(join(join({"notify"}, as_rep()),
                            {"--kind", "amendment", "--contract", contract, "--effective-date", "2026-06-01",
                             "--basis", "Əmr № 7-K", "--change", "position=Baş operator", "--print", "id"}));
    ASSERT_EQ(amended.status, 0) << amended.err;
    auto a_signed = cli(join(join({"sign"}, as_rep()), {"--notification", amended.out.substr(0, 11), "--pin2",
                                                        World::k_pin2, "--print", "position"}));
    ASSERT_EQ(a_signed.status, 0) << a_signed.err;
    EXPECT_EQ(a_signed.out, "Baş operator\n");
    auto ended =
        cli(join(join({"notify"}, as_rep()), {"--kind", "termination", "--contract", contract, "--order-date",
                                              "2026-09-25", "--order-number", "45-X", "--termination-date",
                                              "2026-09-30", "--reason", "69", "--print", "id"}));
    ASSERT_EQ(ended.status, 0) << ended.err;
    ASSERT_EQ(cli(join(join({"sign"}, as_rep()),
                       {"--notification", ended.out.substr(0, 11), "--pin2", World::k_pin2}))
                  .status,
              0);

    // The kiosk sees it all in the feed.
    auto feed = server->client("KIOSK-01")->get("/api/v1/changes?since=0&limit=10000");
    int notifications = 0;
    const json changes = body(*feed)["changes"];
    for (const json& ch : changes)
        notifications += ch["entity"] == "notification";
    EXPECT_EQ(notifications, 3);

    auto revoked =
        cli(join(join({"employer", "revoke"}, as_head()), {"--fin", World::k_rep_fin, "--print", "active"}));
    ASSERT_EQ(revoked.status, 0) << revoked.err;
    EXPECT_EQ(revoked.out, "false\n");
}

TEST_F(CliTest, RefusalsExitWithStatus3AndTheCode) {
    // An unauthorised representative.
    auto r = cli(join(join({"notify"}, as_rep()), conclusion_flags()));
    EXPECT_EQ(r.status, 3);
    EXPECT_NE(r.err.find("no_such_role"), std::string::npos) << r.err;
    // An expired power of attorney.
    ASSERT_EQ(cli(join(join({"employer", "authorise"}, as_head()),
                       {"--fin", World::k_rep_fin, "--name", "L", "--position", "HR", "--term", "fixed",
                        "--from", "2020-01-01", "--to", "2020-12-31"}))
                  .status,
              0);
    r = cli(join(join({"notify"}, as_rep()), conclusion_flags()));
    EXPECT_EQ(r.status, 3);
    EXPECT_NE(r.err.find("authorisation_expired"), std::string::npos) << r.err;
    // Wrong PIN2.
    ASSERT_EQ(
        cli(join(join({"employer", "authorise"}, as_head()),
                 {"--fin", World::k_head_fin, "--name", "T", "--position", "D", "--term", "indefinite"}))
            .status,
        0);
    auto entered = cli(join(join(join({"notify"}, as_head()), conclusion_flags()), {"--print", "id"}));
    ASSERT_EQ(entered.status, 0) << entered.err;
    const std::string id = entered.out.substr(0, 11);
    r = cli(join(join({"sign"}, as_head()), {"--notification", id, "--pin2", "99999"}));
    EXPECT_EQ(r.status, 3);
    EXPECT_NE(r.err.find("wrong_pin"), std::string::npos) << r.err;
    // Editing a signed notification.
    ASSERT_EQ(cli(join(join({"sign"}, as_head()), {"--notification", id, "--pin2", World::k_pin2})).status,
              0);
    r = cli(join(join(join({"notify"}, as_head()), conclusion_flags()), {"--edit", id}));
    EXPECT_EQ(r.status, 3);
    EXPECT_NE(r.err.find("already_signed"), std::string::npos) << r.err;
    // A wrong PIN1 at log-in.
    r = cli({"employer", "login", "--phone", World::k_head_phone, "--user-id", World::k_head_user, "--pin1",
             "0000"});
    EXPECT_EQ(r.status, 3);
    EXPECT_NE(r.err.find("wrong_pin"), std::string::npos);
}

TEST_F(CliTest, ThePhoneConfirmsOrRejectsWhatAnotherCommandWaitsFor) {
    auto login = std::async(std::launch::async, [&] {
        return cli({"employer", "login", "--phone", World::k_head_phone, "--user-id", World::k_head_user});
    });
    auto listed = cli({"phone", "requests", "--phone", World::k_head_phone, "--json"});
    // The request may not be there yet: confirm waits for it.
    auto confirmed =
        cli({"phone", "confirm", "--phone", World::k_head_phone, "--pin", World::k_pin1, "--wait", "10"});
    ASSERT_EQ(confirmed.status, 0) << confirmed.err;
    EXPECT_NE(confirmed.out.find("confirmed"), std::string::npos);
    auto done = login.get();
    ASSERT_EQ(done.status, 0) << done.err;
    const std::string token = done.out.substr(0, done.out.find('\n'));
    EXPECT_GT(token.size(), 20u);
    auto me = server->client()->get("/api/v1/me", bearer(token));
    EXPECT_EQ(me->status, 200);
    (void)listed;

    auto rejected_login = std::async(std::launch::async, [&] {
        return cli({"employer", "login", "--phone", World::k_head_phone, "--user-id", World::k_head_user});
    });
    auto rejected = cli({"phone", "reject", "--phone", World::k_head_phone, "--wait", "10"});
    ASSERT_EQ(rejected.status, 0) << rejected.err;
    auto r = rejected_login.get();
    EXPECT_EQ(r.status, 3);
    EXPECT_NE(r.err.find("rejected"), std::string::npos);
    // A code that no request shows.
    auto none = cli({"phone", "confirm", "--phone", World::k_head_phone, "--pin", "1111", "--code", "0000",
                     "--wait", "0"});
    EXPECT_EQ(none.status, 3);
}

TEST_F(CliTest, ConnectionAndArgumentErrors) {
    auto unreachable =
        run_cli({"phone", "requests", "--server", "http://127.0.0.1:1", "--phone", World::k_head_phone});
    EXPECT_EQ(unreachable.status, 1);
    auto no_ca = run_cli({"phone", "requests", "--server", server->url(), "--phone", World::k_head_phone});
    EXPECT_EQ(no_ca.status, 2);
    EXPECT_EQ(cli({"notify", "--voen", World::k_voen, "--kind", "conclusion"}).status, 2) << "no AUTH";
    EXPECT_EQ(cli({"sign", "--token", "x"}).status, 2);
    EXPECT_EQ(cli({"employer", "hire"}).status, 2);
    EXPECT_EQ(run_cli({"serve", "--db", "x.db"}).status, 2);
    EXPECT_EQ(run_cli({"serve", "--db", "x.db", "--pki", "p", "--listen", "nowhere"}).status, 2);
    // A server that cannot start says so and exits 1.
    auto no_ca_dir = run_cli({"serve", "--db", (tmp.path() / "x.db").string(), "--pki",
                              (tmp.path() / "none").string(), "--listen", "127.0.0.1:0"});
    EXPECT_EQ(no_ca_dir.status, 1);
    EXPECT_NE(no_ca_dir.err.find("ca_missing"), std::string::npos) << no_ca_dir.err;
}
