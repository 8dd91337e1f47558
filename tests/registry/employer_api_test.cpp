// Seed 000 through the employer API over real HTTPS: log-in, role, powers of attorney,
// entering the three kinds, the register, signing with PIN2, downloads, and every refusal.
#include "registry_fixture.hpp"

#include <fstream>
#include <gtest/gtest.h>
#include <map>

using namespace registry_test;

namespace {

const std::string k_voen = World::k_voen;

class EmployerApiTest : public ServerTest {
  protected:
    void SetUp() override {
        ServerTest::SetUp();
        if (HasFatalFailure()) return;
        c = server->client();
        kiosk = server->client("KIOSK-01");
    }

    registry::http::Response post(const std::string& path, const json& b, const std::string& token) {
        auto r = c->post(path, b.dump(), "application/json", bearer(token));
        EXPECT_TRUE(r.has_value());
        return r ? *r : registry::http::Response{};
    }
    registry::http::Response get(const std::string& path, const std::string& token) {
        auto r = c->get(path, bearer(token));
        EXPECT_TRUE(r.has_value());
        return r ? *r : registry::http::Response{};
    }

    json authorise(const std::string& head_token, const std::string& fin, const std::string& term,
                   const std::string& from = "", const std::string& to = "") {
        json b = {{"fin", fin},
                  {"name", "Məmmədova Leyla"},
                  {"position", "Kadrlar üzrə mütəxəssis"},
                  {"term", term}};
        if (!from.empty()) b["from"] = from;
        if (!to.empty()) b["to"] = to;
        auto r = post("/api/v1/employers/" + k_voen + "/authorisations", b, head_token);
        EXPECT_EQ(r.status, 201) << r.body;
        return body(r);
    }

    registry::http::Response enter(const std::string& token, const json& input) {
        return post("/api/v1/employers/" + k_voen + "/notifications", input, token);
    }

    // Starts signing and answers on `phone` with `pin`: the phone's answer.
    registry::http::Response sign(const std::string& token, const std::string& id, const std::string& phone,
                                  const std::string& pin, std::string* session_out = nullptr) {
        auto started = post("/api/v1/notifications/" + id + "/signatures", json::object(), token);
        EXPECT_EQ(started.status, 201) << started.body;
        const std::string session = body(started)["session"];
        if (session_out) *session_out = session;
        return answer(*c, phone, session, pin);
    }

    json feed_from(std::int64_t since) {
        auto r = kiosk->get("/api/v1/changes?since=" + std::to_string(since) + "&limit=10000");
        EXPECT_TRUE(r && r->status == 200);
        return body(*r);
    }

    std::unique_ptr<registry::http::Client> c, kiosk;
};

json amendment(const std::string& contract, const std::string& field, const std::string& value) {
    return {{"kind", "amendment"},
            {"contract_id", contract},
            {"amendment",
             {{"effective_date", "2026-06-01"},
              {"basis", "Əmr № 212-K, 15.05.2026"},
              {"changes", {{{"field", field}, {"new", value}}}}}}};
}

json termination(const std::string& contract) {
    return {{"kind", "termination"},
            {"contract_id", contract},
            {"termination",
             {{"order_date", "2026-09-25"},
              {"order_number", "45-X"},
              {"termination_date", "2026-09-30"},
              {"reason", "69"}}}};
}

} // namespace

TEST_F(EmployerApiTest, LogInWithAsanImzaAndChooseTheRole) {
    auto started = c->post("/api/v1/auth/sessions",
                           json{{"phone", World::k_head_phone}, {"user_id", World::k_head_user}}.dump());
    ASSERT_EQ(started->status, 201);
    const json s = body(*started);
    // The phone shows the same code and asks for PIN1.
    json requests = body(*c->get("/api/v1/sim/phones/" + std::string(World::k_head_phone) + "/requests"));
    ASSERT_EQ(requests["requests"].size(), 1u);
    EXPECT_EQ(requests["requests"][0]["code"], s["code"]);
    EXPECT_EQ(requests["requests"][0]["purpose"], "login");
    json state = body(*c->get("/api/v1/auth/sessions/" + s["session"].get<std::string>()));
    EXPECT_EQ(state["state"], "pending");
    EXPECT_TRUE(state["token"].is_null());
    auto wrong = answer(*c, World::k_head_phone, s["session"], "0000");
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(error_code(wrong), "wrong_pin");
    ASSERT_EQ(answer(*c, World::k_head_phone, s["session"], World::k_pin1).status, 200);
    state = body(*c->get("/api/v1/auth/sessions/" + s["session"].get<std::string>()));
    ASSERT_TRUE(state["token"].is_string());
    const std::string token = state["token"];
    json me = body(get("/api/v1/me", token));
    EXPECT_EQ(me["fin"], World::k_head_fin);
    EXPECT_EQ(me["name"], "Əliyev Tofiq Rza oğlu");
    EXPECT_TRUE(me["role"].is_null());
    ASSERT_EQ(me["roles"].size(), 1u);
    EXPECT_EQ(me["roles"][0]["voen"], k_voen);
    EXPECT_EQ(me["roles"][0]["as"], "head");
    // Nothing before the role is chosen [000 §2.5].
    auto early = post(
        "/api/v1/employers/" + k_voen + "/authorisations",
        json{{"fin", World::k_head_fin}, {"name", "x"}, {"position", "y"}, {"term", "indefinite"}}, token);
    EXPECT_EQ(early.status, 403);
    EXPECT_EQ(error_code(early), "role_not_selected");
    auto foreign = c->put("/api/v1/me/role", json{{"voen", "9999999999"}}.dump(), bearer(token));
    EXPECT_EQ(foreign->status, 403);
    EXPECT_EQ(error_code(*foreign), "no_such_role");
    auto chosen = c->put("/api/v1/me/role", json{{"voen", k_voen}}.dump(), bearer(token));
    EXPECT_EQ(chosen->status, 200);
    EXPECT_EQ(body(*chosen)["role"], k_voen);
    // No token, a wrong one.
    EXPECT_EQ(c->get("/api/v1/me")->status, 401);
    EXPECT_EQ(get("/api/v1/me", "not-a-token").status, 401);
}

TEST_F(EmployerApiTest, TheHeadAuthorisesThemselfAndARepresentativeAndRevokes) {
    const std::string head = login(*c, World::k_head_phone, World::k_head_user);
    json self = authorise(head, World::k_head_fin, "indefinite");
    EXPECT_TRUE(self["active"].get<bool>());
    EXPECT_TRUE(self["to"].is_null());
    json rep = authorise(head, World::k_rep_fin, "fixed", "2026-01-01", "2099-12-31");
    EXPECT_TRUE(rep["active"].get<bool>());
    EXPECT_EQ(rep["granted_by"], World::k_head_fin);
    json list = body(get("/api/v1/employers/" + k_voen + "/authorisations", head));
    ASSERT_EQ(list["authorisations"].size(), 2u);
    // The representative now has the employer's role, and may not authorise anyone.
    const std::string rep_token = login(*c, World::k_rep_phone, World::k_rep_user);
    json me = body(get("/api/v1/me", rep_token));
    ASSERT_EQ(me["roles"].size(), 1u);
    EXPECT_EQ(me["roles"][0]["as"], "representative");
    auto not_head =
        post("/api/v1/employers/" + k_voen + "/authorisations",
             json{{"fin", "7AB3C4D"}, {"name", "x"}, {"position", "y"}, {"term", "indefinite"}}, rep_token);
    EXPECT_EQ(not_head.status, 403);
    EXPECT_EQ(error_code(not_head), "not_head");
    // Revocation.
    auto revoked =
        c->del("/api/v1/employers/" + k_voen + "/authorisations/" + World::k_rep_fin, bearer(head));
    ASSERT_EQ(revoked->status, 200);
    EXPECT_FALSE(body(*revoked)["revoked_at"].is_null());
    EXPECT_FALSE(body(*revoked)["active"].get<bool>());
    auto entered = enter(rep_token, conclusion());
    EXPECT_EQ(entered.status, 403);
    EXPECT_EQ(error_code(entered), "not_authorised");
    auto again = c->del("/api/v1/employers/" + k_voen + "/authorisations/" + World::k_rep_fin, bearer(head));
    EXPECT_EQ(again->status, 404);
    // Bad requests.
    for (const json& bad :
         {json{{"fin", "bad"}, {"name", "x"}, {"position", "y"}, {"term", "indefinite"}},
          json{{"fin", World::k_rep_fin}, {"name", "x"}, {"position", "y"}, {"term", "fixed"}},
          json{{"fin", World::k_rep_fin},
               {"name", "x"},
               {"position", "y"},
               {"term", "fixed"},
               {"from", "2026-05-01"},
               {"to", "2026-01-01"}},
          json{{"fin", World::k_rep_fin}, {"name", "x"}, {"position", "y"}, {"term", "forever"}}}) {
        auto r = post("/api/v1/employers/" + k_voen + "/authorisations", bad, head);
        EXPECT_EQ(r.status, 400) << bad.dump();
    }
}

TEST_F(EmployerApiTest, TheHeadTooNeedsAPowerOfAttorneyToEnter) {
    const std::string head = login(*c, World::k_head_phone, World::k_head_user);
    auto r = enter(head, conclusion());
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(error_code(r), "not_authorised");
    // Someone with no role at all cannot even choose the employer.
    const std::string citizen = login(*c, World::k_citizen_phone, World::k_citizen_user, "");
    auto role = c->put("/api/v1/me/role", json{{"voen", k_voen}}.dump(), bearer(citizen));
    EXPECT_EQ(error_code(*role), "no_such_role");
    EXPECT_EQ(error_code(enter(citizen, conclusion())), "role_not_selected");
}

TEST_F(EmployerApiTest, AnExpiredOrFuturePowerOfAttorneyRefuses) {
    const std::string head = login(*c, World::k_head_phone, World::k_head_user);
    authorise(head, World::k_rep_fin, "fixed", "2020-01-01", "2020-12-31");
    const std::string rep = login(*c, World::k_rep_phone, World::k_rep_user);
    auto r = enter(rep, conclusion());
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(error_code(r), "authorisation_expired");
    authorise(head, World::k_rep_fin, "fixed", "2099-01-01", "2099-12-31");
    EXPECT_EQ(error_code(enter(rep, conclusion())), "authorisation_expired");
    json list = body(get("/api/v1/employers/" + k_voen + "/authorisations", head));
    ASSERT_EQ(list["authorisations"].size(), 2u);
    EXPECT_FALSE(list["authorisations"][0]["revoked_at"].is_null()) << "replaced by the newer one";
    EXPECT_FALSE(list["authorisations"][1]["active"].get<bool>());
}

TEST_F(EmployerApiTest, APowerOfAttorneyThatEndsBeforePin2FailsTheSignature) {
    const std::string head = login(*c, World::k_head_phone, World::k_head_user);
    authorise(head, World::k_rep_fin, "indefinite");
    const std::string rep = login(*c, World::k_rep_phone, World::k_rep_user);
    auto entered = enter(rep, conclusion());
    ASSERT_EQ(entered.status, 201);
    const std::string id = body(entered)["id"];
    auto started = post("/api/v1/notifications/" + id + "/signatures", json::object(), rep);
    ASSERT_EQ(started.status, 201);
    const std::string session = body(started)["session"];
    // Meanwhile the head replaces the power of attorney with an expired one.
    authorise(head, World::k_rep_fin, "fixed", "2020-01-01", "2020-12-31");
    auto phone = answer(*c, World::k_rep_phone, session, World::k_pin2);
    EXPECT_EQ(phone.status, 403);
    EXPECT_EQ(error_code(phone), "authorisation_expired");
    json state = body(get("/api/v1/notifications/" + id + "/signatures/" + session, head));
    EXPECT_EQ(state["state"], "failed");
    EXPECT_EQ(state["error"]["code"], "authorisation_expired");
    EXPECT_EQ(body(get("/api/v1/notifications/" + id, head))["status"], "entered");
}

TEST_F(EmployerApiTest, ConclusionAmendmentTerminationEnteredSignedAndPublished) {
    const std::string head = login(*c, World::k_head_phone, World::k_head_user);
    authorise(head, World::k_rep_fin, "fixed", "2026-01-01", "2099-12-31");
    const std::string rep = login(*c, World::k_rep_phone, World::k_rep_user);
    const std::int64_t head_seq = feed_from(0)["head"];

    // Conclusion.
    auto entered = enter(rep, conclusion());
    ASSERT_EQ(entered.status, 201) << entered.body;
    json n = body(entered);
    EXPECT_EQ(n["status"], "entered");
    EXPECT_EQ(n["entered_by"], World::k_rep_fin);
    EXPECT_TRUE(n["signature"].is_null());
    EXPECT_EQ(n["number"].get<std::string>().rfind("B-", 0), 0u);
    const std::string id = n["id"];
    EXPECT_EQ(feed_from(0)["head"], head_seq) << "entering publishes nothing";
    json reg = body(get("/api/v1/employers/" + k_voen + "/notifications?status=entered", rep));
    ASSERT_EQ(reg["notifications"].size(), 1u);
    EXPECT_EQ(reg["notifications"][0]["employee_name"], "Quliyev Rəşad");
    ASSERT_EQ(sign(rep, id, World::k_rep_phone, World::k_pin2).status, 200);
    n = body(get("/api/v1/notifications/" + id, rep));
    EXPECT_EQ(n["status"], "signed");
    EXPECT_EQ(n["signer"]["fin"], World::k_rep_fin);
    EXPECT_EQ(n["signer"]["name"], "Məmmədova Leyla Nazim qızı");
    EXPECT_FALSE(n["signed_at"].is_null());
    const std::string number = n["number"];
    EXPECT_EQ(n["registration"]["number"], "QM-" + number.substr(2));
    EXPECT_TRUE(n["signature"].is_string());
    EXPECT_EQ(n["document"]["employee"]["fin"], World::k_citizen_fin);
    EXPECT_EQ(n["document"]["employer"]["voen"], k_voen);
    const std::string contract = n["contract_id"];
    json feed = feed_from(head_seq);
    ASSERT_EQ(feed["changes"].size(), 3u);
    EXPECT_EQ(feed["changes"][0]["data"]["fin"], World::k_citizen_fin);
    EXPECT_EQ(feed["changes"][1]["id"], contract);
    EXPECT_EQ(feed["changes"][1]["data"]["status"], "in_force");
    EXPECT_DOUBLE_EQ(feed["changes"][1]["data"]["salary_azn"].get<double>(), 950.0);
    reg = body(get("/api/v1/employers/" + k_voen + "/notifications?status=signed", rep));
    ASSERT_EQ(reg["notifications"].size(), 1u);
    EXPECT_EQ(reg["notifications"][0]["signed_at"], n["signed_at"]);

    // Amendment: the registry fills in the old value.
    auto a = enter(rep, amendment(contract, "salary_azn", "1200.00"));
    ASSERT_EQ(a.status, 201) << a.body;
    const std::string a_id = body(a)["id"];
    EXPECT_EQ(body(a)["amendment"]["changes"][0]["old"], "950.00");
    ASSERT_EQ(sign(rep, a_id, World::k_rep_phone, World::k_pin2).status, 200);
    feed = feed_from(feed["next"]);
    ASSERT_EQ(feed["changes"].size(), 2u);
    EXPECT_EQ(feed["changes"][0]["id"], contract);
    EXPECT_DOUBLE_EQ(feed["changes"][0]["data"]["salary_azn"].get<double>(), 1200.0);
    EXPECT_EQ(feed["changes"][1]["data"]["kind"], "amendment");
    EXPECT_EQ(feed["changes"][1]["data"]["document"]["amendment"]["changes"][0]["new"], "1200.00");

    // Termination.
    auto t = enter(rep, termination(contract));
    ASSERT_EQ(t.status, 201) << t.body;
    auto second = enter(rep, termination(contract));
    ASSERT_EQ(second.status, 201) << "two drafts may exist";
    ASSERT_EQ(sign(rep, body(t)["id"], World::k_rep_phone, World::k_pin2).status, 200);
    feed = feed_from(feed["next"]);
    ASSERT_EQ(feed["changes"].size(), 2u);
    EXPECT_EQ(feed["changes"][0]["data"]["status"], "ended");
    // Termination needs an in-force contract: the second draft cannot be signed, nothing new enters.
    auto refused = post("/api/v1/notifications/" + body(second)["id"].get<std::string>() + "/signatures",
                        json::object(), rep);
    EXPECT_EQ(refused.status, 409);
    EXPECT_EQ(error_code(refused), "contract_not_in_force");
    EXPECT_EQ(error_code(enter(rep, termination(contract))), "contract_not_in_force");
    EXPECT_EQ(error_code(enter(rep, amendment(contract, "position", "Baş operator"))),
              "contract_not_in_force");
    EXPECT_EQ(error_code(enter(rep, termination("C9999999999"))), "contract_not_found");

    // The register: newest first, with statuses.
    reg = body(get("/api/v1/employers/" + k_voen + "/notifications", head));
    EXPECT_EQ(reg["notifications"].size(), 4u);
    reg = body(get("/api/v1/employers/" + k_voen + "/notifications?kind=termination&status=entered", head));
    EXPECT_EQ(reg["notifications"].size(), 1u);
    EXPECT_EQ(get("/api/v1/employers/" + k_voen + "/notifications?status=lost", head).status, 400);
}

TEST_F(EmployerApiTest, WrongPin2RejectsAfterThreeTriesAndNothingIsSigned) {
    const std::string head = authorised_head(*c);
    auto entered = enter(head, conclusion());
    const std::string id = body(entered)["id"];
    std::string session;
    auto r = sign(head, id, World::k_head_phone, World::k_pin1, &session); // PIN1 is not PIN2
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(body(r)["error"]["tries_left"], 2);
    EXPECT_EQ(answer(*c, World::k_head_phone, session, "12345").status, 403);
    auto last = answer(*c, World::k_head_phone, session, "54321");
    EXPECT_EQ(body(last)["error"]["tries_left"], 0);
    json state = body(get("/api/v1/notifications/" + id + "/signatures/" + session, head));
    EXPECT_EQ(state["state"], "rejected");
    EXPECT_EQ(body(get("/api/v1/notifications/" + id, head))["status"], "entered");
    // A rejection on the phone, then a fresh request signs.
    std::string s2;
    EXPECT_EQ(sign(head, id, World::k_head_phone, "", &s2).status, 200);
    EXPECT_EQ(body(get("/api/v1/notifications/" + id + "/signatures/" + s2, head))["state"], "rejected");
    EXPECT_EQ(sign(head, id, World::k_head_phone, World::k_pin2).status, 200);
    EXPECT_EQ(body(get("/api/v1/notifications/" + id, head))["status"], "signed");
}

TEST_F(EmployerApiTest, ASignedNotificationCannotBeEdited) {
    const std::string head = authorised_head(*c);
    const std::string id = body(enter(head, conclusion()))["id"];
    json changed = conclusion();
    changed["contract"]["position"] = "Baş operator";
    auto edited = c->put("/api/v1/notifications/" + id, changed.dump(), bearer(head));
    ASSERT_EQ(edited->status, 200) << edited->body;
    EXPECT_EQ(body(*edited)["position"], "Baş operator");
    EXPECT_EQ(body(*edited)["id"], id);
    // An edit expires a pending signing request: the phone cannot sign the old content.
    auto started = post("/api/v1/notifications/" + id + "/signatures", json::object(), head);
    const std::string session = body(started)["session"];
    changed["contract"]["position"] = "Usta";
    ASSERT_EQ(c->put("/api/v1/notifications/" + id, changed.dump(), bearer(head))->status, 200);
    auto stale = answer(*c, World::k_head_phone, session, World::k_pin2);
    EXPECT_EQ(stale.status, 410);
    EXPECT_EQ(error_code(stale), "session_expired");
    ASSERT_EQ(sign(head, id, World::k_head_phone, World::k_pin2).status, 200);
    json n = body(get("/api/v1/notifications/" + id, head));
    EXPECT_EQ(n["document"]["position"], "Usta");
    auto after = c->put("/api/v1/notifications/" + id, changed.dump(), bearer(head));
    EXPECT_EQ(after->status, 409);
    EXPECT_EQ(error_code(*after), "already_signed");
    auto again = post("/api/v1/notifications/" + id + "/signatures", json::object(), head);
    EXPECT_EQ(error_code(again), "already_signed");
    EXPECT_EQ(body(get("/api/v1/notifications/" + id, head))["signature"], n["signature"]);
}

TEST_F(EmployerApiTest, InvalidNotificationsAreRefusedWithTheReason) {
    const std::string head = authorised_head(*c);
    auto with = [](std::function<void(json&)> change) {
        json b = conclusion();
        change(b);
        return b;
    };
    const json bad[] = {
        with([](json& b) { b["kind"] = "hiring"; }),
        with([](json& b) { b["employee"]["fin"] = "I0O0I0O"; }),
        with([](json& b) { b["employee"].erase("surname"); }),
        with([](json& b) { b["employee"]["birth_date"] = "1995-02-30"; }),
        with([](json& b) { b["contract"]["salary_azn"] = 950.5; }),
        with([](json& b) { b["contract"]["salary_azn"] = "950"; }),
        with([](json& b) { b["contract"]["type"] = "fixed_term"; }),
        with([](json& b) { b["contract"]["position"] = ""; }),
        with([](json& b) { b["contract"]["workplace"] = "a\nb"; }),
        with([](json& b) { b["date"] = "yesterday"; }),
    };
    for (const json& b : bad) {
        auto r = enter(head, b);
        EXPECT_EQ(r.status, 400) << b.dump();
        EXPECT_EQ(error_code(r), "bad_request");
        EXPECT_FALSE(body(r)["error"]["message"].get<std::string>().empty());
    }
    const std::string contract = enter_and_sign(*c, head, conclusion())["contract_id"];
    EXPECT_EQ(enter(head, amendment(contract, "salary_azn", "950.00")).status, 400) << "the same value";
    EXPECT_EQ(enter(head, amendment(contract, "colour", "blue")).status, 400);
    EXPECT_EQ(enter(head, amendment(contract, "end_date", "2030-01-01")).status, 400)
        << "indefinite contract";
    json t = termination(contract);
    t["termination"]["reason"] = "99.z";
    EXPECT_EQ(enter(head, t).status, 400);
    EXPECT_EQ(
        body(get("/api/v1/employers/" + k_voen + "/notifications?status=entered", head))["notifications"]
            .size(),
        0u);
}

TEST_F(EmployerApiTest, DownloadsOfTheSignedDocument) {
    const std::string head = authorised_head(*c);
    const std::string draft = body(enter(head, conclusion()))["id"];
    auto not_signed = c->get("/api/v1/notifications/" + draft + "/edoc", bearer(head));
    EXPECT_EQ(not_signed->status, 409);
    EXPECT_EQ(error_code(*not_signed), "not_signed");
    auto draft_pdf = c->get("/api/v1/notifications/" + draft + "/pdf", bearer(head));
    EXPECT_EQ(draft_pdf->status, 200);
    const json n = enter_and_sign(*c, head, conclusion());
    const std::string id = n["id"];
    auto edoc = c->get("/api/v1/notifications/" + id + "/edoc", bearer(head));
    ASSERT_EQ(edoc->status, 200);
    EXPECT_EQ(edoc->header("content-type"), "application/vnd.emek-kiosk.edoc+zip");
    EXPECT_NE(edoc->header("content-disposition").find(n["number"].get<std::string>() + ".edoc"),
              std::string::npos);
    auto pdf = c->get("/api/v1/notifications/" + id + "/pdf?lang=en", bearer(head));
    ASSERT_EQ(pdf->status, 200);
    EXPECT_EQ(pdf->header("content-type"), "application/pdf");
    EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
    EXPECT_EQ(c->get("/api/v1/notifications/" + id + "/pdf?lang=fr", bearer(head))->status, 400);
    // Another employer's caller sees nothing.
    EXPECT_EQ(c->get("/api/v1/notifications/" + id + "/edoc")->status, 401);
    const std::string citizen = login(*c, World::k_citizen_phone, World::k_citizen_user, "");
    EXPECT_EQ(c->get("/api/v1/notifications/" + id + "/edoc", bearer(citizen))->status, 404);
}

TEST_F(EmployerApiTest, LoadedDataGivesHeadsButItsEnteredNotificationsCannotBeSignedHere) {
    const fs::path file = tmp.path() / "gen.ndjson";
    ASSERT_EQ(run_cli({"generate", "--notifications", "400", "--seed", "3", "--out", file.string()}).status,
              0);
    ASSERT_EQ(run_cli({"load", file.string(), "--db", world.db.string()}).status, 0);
    // An employer of the data with an entered notification, and its head (the signer of its others).
    std::map<std::string, std::string> head_of;
    std::vector<std::pair<std::string, std::string>> entered; // voen, id
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        const json r = json::parse(line);
        if (r["entity"] != "notification") continue;
        const json& d = r["data"];
        if (d["status"] == "entered")
            entered.emplace_back(d["employer_voen"], r["id"]);
        else if (d["signer"].is_object())
            head_of.emplace(d["employer_voen"], d["signer"]["fin"]);
    }
    std::string voen, id, head;
    for (const auto& [v, n] : entered)
        if (head_of.contains(v)) {
            voen = v;
            id = n;
            head = head_of[v];
            break;
        }
    ASSERT_FALSE(id.empty()) << "the data set has no entered notification of an employer with a head";
    ASSERT_EQ(run_cli({"account", "add", "--db", world.db.string(), "--phone", "+994990000001", "--user-id",
                       "777777", "--fin", head, "--surname", "Baş", "--name", "Rəhbər"})
                  .status,
              0);
    const std::string token = login(*c, "+994990000001", "777777", voen);
    json me = body(get("/api/v1/me", token));
    EXPECT_EQ(me["role"], voen);
    auto self = post(
        "/api/v1/employers/" + voen + "/authorisations",
        json{{"fin", head}, {"name", "Baş Rəhbər"}, {"position", "Direktor"}, {"term", "indefinite"}}, token);
    ASSERT_EQ(self.status, 201) << self.body;
    auto signing = post("/api/v1/notifications/" + id + "/signatures", json::object(), token);
    EXPECT_EQ(signing.status, 409);
    EXPECT_EQ(error_code(signing), "not_signable");
    auto edit = c->put("/api/v1/notifications/" + id, conclusion().dump(), bearer(token));
    EXPECT_EQ(error_code(*edit), "not_editable");
    // The register shows the loaded notifications with their status.
    json reg = body(get("/api/v1/employers/" + voen + "/notifications?status=entered", token));
    EXPECT_FALSE(reg["notifications"].empty());
}
