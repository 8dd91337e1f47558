// kiosk/search.hpp: a citizen's notifications on the two tabs (PRODUCT §2.4).
// Sections: 1. helpers   2. the sample feed's expected searches (samples/README.md)
//           3. a generated data set and its independent model   4. every filter combination
//           5. ordering, visibility, paging, labels   6. validate()   7. summary, employers, reference lists
#include "kiosk/change.hpp"
#include "kiosk/search.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <array>
#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using kiosk::ContractStatusFilter;
using kiosk::Lang;
using kiosk::NotificationRow;
using kiosk::Search;
using kiosk::SearchQuery;
using kiosk::Store;
using kiosk::Tab;
using namespace kiosk::test;

// ---------------------------------------------------------------------------
// 1. Helpers

std::string describe(const NotificationRow& r) {
    return r.id + "|" + r.employer_sun + "|" + r.employer_name + "|" + r.number + "|" + r.date + "|" +
           r.kind + "|" + r.kind_label + "|" + r.status + "|" + r.status_label + "|" + r.workplace + "|" +
           r.position + "|" + r.validity + "|" + r.validity_label + "|" + r.contract_status + "|" +
           r.order_date + "|" + r.order_number + "|" + r.reason + "|" + r.reason_label;
}

std::vector<std::string> describe(const std::vector<NotificationRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows)
        out.push_back(describe(r));
    return out;
}

std::vector<std::string> numbers(const std::vector<NotificationRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows)
        out.push_back(r.number);
    return out;
}

std::string describe(const SearchQuery& q) {
    std::string s = q.fin + (q.tab == Tab::Contracts ? " contracts" : " termination");
    if (q.employer_sun) s += " sun=" + *q.employer_sun;
    if (q.from) s += " from=" + *q.from;
    if (q.to) s += " to=" + *q.to;
    s += q.contract_status == ContractStatusFilter::All       ? ""
         : q.contract_status == ContractStatusFilter::InForce ? " in_force"
                                                              : " ended";
    if (q.kind) s += " kind=" + *q.kind;
    if (q.reason) s += " reason=" + *q.reason;
    s += " lang=" + std::string(kiosk::lang_code(q.lang));
    s += " limit=" + std::to_string(q.limit) + " offset=" + std::to_string(q.offset);
    return s;
}

class SearchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        store = open_store(dir.file("kiosk.db"));
        ASSERT_TRUE(store);
    }
    void make_search() {
        auto s = Search::create(*store);
        ASSERT_TRUE(s.has_value()) << s.error().detail;
        search = std::move(*s);
    }
    std::vector<NotificationRow> run(const SearchQuery& q) {
        auto r = search->run(q);
        EXPECT_TRUE(r.has_value()) << describe(q) << ": "
                                   << (r ? "" : r.error().code + " " + r.error().detail);
        return r.value_or(std::vector<NotificationRow>{});
    }
    std::int64_t count(const SearchQuery& q) {
        auto r = search->count(q);
        EXPECT_TRUE(r.has_value()) << describe(q);
        return r.value_or(-1);
    }

    TempDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<Search> search;
};

SearchQuery query(std::string fin, Tab tab = Tab::Contracts) {
    SearchQuery q;
    q.fin = std::move(fin);
    q.tab = tab;
    return q;
}

// ---------------------------------------------------------------------------
// 2. The sample feed (samples/README.md)

class SampleSearch : public SearchTest {
  protected:
    void SetUp() override {
        SearchTest::SetUp();
        auto counts = kiosk::import_ndjson(*store, KIOSK_SAMPLE_FEED);
        ASSERT_TRUE(counts.has_value());
        ASSERT_EQ(counts->applied, 44);
        make_search();
    }
};

TEST_F(SampleSearch, ContractsTabWithoutFilter) {
    auto rows = run(query("5ZX8K2P"));
    EXPECT_EQ(numbers(rows), (std::vector<std::string>{"B-2021-0000733", "B-2021-0000712", "B-2019-0000530",
                                                       "B-2017-0000417", "B-2016-0000101"}));
    // B-2024-0000950 is `entered`: not shown, not counted.
    for (const auto& r : rows)
        EXPECT_NE(r.number, "B-2024-0000950");
    EXPECT_EQ(count(query("5ZX8K2P")), 5);
}

TEST_F(SampleSearch, ContractsTabInForce) {
    auto q = query("5ZX8K2P");
    q.contract_status = ContractStatusFilter::InForce;
    EXPECT_EQ(numbers(run(q)),
              (std::vector<std::string>{"B-2021-0000733", "B-2021-0000712", "B-2019-0000530"}));
    q.contract_status = ContractStatusFilter::Ended;
    EXPECT_EQ(numbers(run(q)), (std::vector<std::string>{"B-2017-0000417", "B-2016-0000101"}));
}

TEST_F(SampleSearch, TerminationTab) {
    auto rows = run(query("5ZX8K2P", Tab::Termination));
    ASSERT_EQ(rows.size(), 1u);
    const auto& r = rows[0];
    EXPECT_EQ(r.number, "B-2019-0000088");
    EXPECT_EQ(r.order_number, "45-X");
    EXPECT_EQ(r.order_date, "2019-02-25");
    EXPECT_EQ(r.reason, "74");
    EXPECT_EQ(r.reason_label, "Əmək müqaviləsinin müddəti qurtardıqda (Maddə 74)");
    EXPECT_EQ(r.employer_sun, "2000991237");
    EXPECT_EQ(r.employer_name, "\"Gəncə Şüşə Zavodu\" ASC");
    EXPECT_EQ(r.kind, "termination");
    EXPECT_EQ(r.contract_status, "ended");
}

TEST_F(SampleSearch, TerminationTabByReasonAndOrderPeriod) {
    auto q = query("7QW3E9R", Tab::Termination);
    q.reason = "69";
    q.from = "2023-05-01";
    q.to = "2023-05-31";
    auto rows = run(q);
    EXPECT_EQ(numbers(rows), std::vector<std::string>{"B-2023-0000611"});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].order_date, "2023-05-30");
    EXPECT_EQ(rows[0].status, "signed");
    // The period is the order date's: the notification date (05-31) does not count.
    q.from = "2023-05-31";
    EXPECT_TRUE(run(q).empty());
    q.from = "2023-05-30";
    q.to = "2023-05-30";
    EXPECT_EQ(run(q).size(), 1u);
    q.reason = "70.a";
    EXPECT_TRUE(run(q).empty());
}

TEST_F(SampleSearch, CancelledIsShownWithItsStatusAndLabels) {
    auto q = query("5ZX8K2P");
    const std::map<Lang, std::array<std::string, 3>> labels = {
        {Lang::Az, {"Ləğv edilib", "Etibarsızdır", "Əmək müqaviləsinə dəyişiklik edilməsi"}},
        {Lang::Ru, {"Аннулировано", "Недействительно", "Изменение трудового договора"}},
        {Lang::En, {"Cancelled", "Invalid", "Contract amended"}},
    };
    for (const auto& [lang, expected] : labels) {
        q.lang = lang;
        auto rows = run(q);
        auto it = std::find_if(rows.begin(), rows.end(),
                               [](const auto& r) { return r.number == "B-2021-0000712"; });
        ASSERT_NE(it, rows.end());
        EXPECT_EQ(it->status, "cancelled");
        EXPECT_EQ(it->validity, "invalid");
        EXPECT_EQ(it->status_label, expected[0]);
        EXPECT_EQ(it->validity_label, expected[1]);
        EXPECT_EQ(it->kind_label, expected[2]);
    }
}

TEST_F(SampleSearch, SummaryAndEmployerChoices) {
    auto jobs = search->current_employment("5ZX8K2P");
    ASSERT_TRUE(jobs.has_value());
    ASSERT_EQ(jobs->size(), 1u);
    EXPECT_EQ((*jobs)[0].employer_sun, "2000456781");
    EXPECT_EQ((*jobs)[0].employer_name, "\"Xəzər Logistika\" MMC");
    EXPECT_EQ((*jobs)[0].position, "Mühasib");
    EXPECT_EQ((*jobs)[0].workplace, "Maliyyə şöbəsi");
    EXPECT_EQ((*jobs)[0].start_date, "2019-04-10");
    auto none = search->current_employment("7QW3E9R");
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());

    auto employers = search->employers_of("5ZX8K2P");
    ASSERT_TRUE(employers.has_value());
    ASSERT_EQ(employers->size(), 2u);
    EXPECT_EQ((*employers)[0].name, "\"Gəncə Şüşə Zavodu\" ASC");
    EXPECT_EQ((*employers)[1].name, "\"Xəzər Logistika\" MMC");
    EXPECT_EQ((*employers)[1].sun, "2000456781");
}

TEST_F(SampleSearch, EmployerChoicesComeFromVisibleNotificationsOnly) {
    // A new employer whose only notification for the person is still `entered`.
    NotificationSpec n;
    n.number = "B-2025-0000001";
    n.date = "2025-01-15";
    n.employer_voen = "1900000001";
    n.contract_id = "C-2025-0001";
    n.status = "entered";
    apply_batch(*store,
                {employer(46, "1900000001", "2000000009", "Abşeron Yeni MMC"), notification(47, "N-new", n)});
    auto employers = search->employers_of("5ZX8K2P");
    ASSERT_TRUE(employers.has_value());
    EXPECT_EQ(employers->size(), 2u);
    for (const auto& e : *employers)
        EXPECT_NE(e.sun, "2000000009");
    // Once signed, the employer is a choice (names in byte order: the quoted ones first).
    n.status = "signed";
    apply_batch(*store, {notification(48, "N-new", n)});
    employers = search->employers_of("5ZX8K2P");
    ASSERT_TRUE(employers.has_value());
    ASSERT_EQ(employers->size(), 3u);
    EXPECT_EQ((*employers)[2].sun, "2000000009");
    EXPECT_EQ((*employers)[2].name, "Abşeron Yeni MMC");
    // The other person's choices are their own.
    auto other = search->employers_of("7QW3E9R");
    ASSERT_TRUE(other.has_value());
    ASSERT_EQ(other->size(), 1u);
    EXPECT_EQ((*other)[0].sun, "2000456781");
}

TEST_F(SampleSearch, TerminationReasonsList) {
    auto reasons = search->reference_list("termination_reason", Lang::En);
    ASSERT_TRUE(reasons.has_value());
    std::vector<std::string> codes;
    for (const auto& r : *reasons)
        codes.push_back(r.code);
    // Ordered by code, byte-wise (ç sorts after the ASCII letters).
    EXPECT_EQ(codes, (std::vector<std::string>{"68.2.e", "69", "70.a", "70.b", "70.c", "70.d", "70.ç", "73",
                                               "74", "75"}));
    EXPECT_EQ(reasons->at(1).label, "Employee's initiative (Art. 69)");
}

TEST_F(SampleSearch, WorksOnAReadOnlyStore) {
    search.reset();
    store.reset();
    auto ro = open_store(dir.file("kiosk.db"), kiosk::OpenMode::ReadOnly);
    ASSERT_TRUE(ro);
    auto s = Search::create(*ro);
    ASSERT_TRUE(s.has_value());
    auto rows = (*s)->run(query("5ZX8K2P"));
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->size(), 5u);
}

TEST_F(SampleSearch, WorksWithoutTheSecondaryIndexes) {
    const auto before = describe(run(query("5ZX8K2P")));
    ASSERT_TRUE(store->drop_secondary_indexes().has_value());
    EXPECT_EQ(describe(run(query("5ZX8K2P"))), before);
    ASSERT_TRUE(store->ensure_secondary_indexes().has_value());
    EXPECT_EQ(describe(run(query("5ZX8K2P"))), before);
}

TEST_F(SampleSearch, SeesChangesAppliedAfterItWasCreated) {
    // A sync applying a newer version while the search object lives.
    NotificationSpec n;
    n.number = "B-2024-0000950";
    n.kind = "amendment";
    n.date = "2024-06-03";
    n.status = "registered";
    apply_batch(*store, {notification(46, "N0000000007", n)});
    auto rows = run(query("5ZX8K2P"));
    ASSERT_EQ(rows.size(), 6u);
    EXPECT_EQ(rows[0].number, "B-2024-0000950");
    apply_batch(*store, {kiosk::test::remove(47, "notification", "N0000000007")});
    EXPECT_EQ(run(query("5ZX8K2P")).size(), 5u);
}

// ---------------------------------------------------------------------------
// 3. A generated data set and its model, computed without SQL

struct MEmployer {
    std::string voen, sun, name;
    bool present = true;
};
struct MContract {
    std::string id, voen, fin, start_date, position, workplace, status;
    bool present = true;
};
struct MNotification {
    std::string id, number, kind, date, contract_id, fin, voen, position, workplace, status, validity;
    std::string order_date, order_number, reason; // termination only
    bool present = true;
};
struct MReference {
    std::string list, code, az, ru, en;
};

const std::vector<std::string> k_fins = {"5ZX8K2P", "7QW3E9R", "AB12CD3"};
const std::string k_fin_without_notifications = "HJK4567";
const std::vector<std::string> k_reasons = {"68.2.e", "69", "70.a", "70.b", "70.ç", "74", "75"};
const std::string k_reason_without_label = "73";

struct Model {
    std::vector<MReference> references;
    std::vector<MEmployer> employers;
    std::vector<MContract> contracts;
    std::vector<MNotification> notifications;
    std::vector<std::string> records; // every change record, in seq order

    const MEmployer* employer(const std::string& voen) const {
        for (const auto& e : employers)
            if (e.voen == voen && e.present) return &e;
        return nullptr;
    }
    const MContract* contract(const std::string& id) const {
        for (const auto& c : contracts)
            if (c.id == id && c.present) return &c;
        return nullptr;
    }
    std::optional<std::string> label(const std::string& list, const std::string& code, Lang lang) const {
        for (const auto& r : references)
            if (r.list == list && r.code == code)
                return lang == Lang::Az ? r.az : lang == Lang::Ru ? r.ru : r.en;
        return std::nullopt;
    }
    std::string label_or_code(const std::string& list, const std::string& code, Lang lang) const {
        if (code.empty()) return "";
        return label(list, code, lang).value_or(code);
    }
};

NotificationSpec spec_of(const MNotification& n) {
    NotificationSpec s;
    s.number = n.number;
    s.kind = n.kind;
    s.date = n.date;
    s.contract_id = n.contract_id;
    s.employee_fin = n.fin;
    s.employer_voen = n.voen;
    s.position = n.position;
    s.workplace = n.workplace;
    s.status = n.status;
    s.validity = n.validity;
    if (n.validity == "invalid") s.validity_reason = "Səhv məlumat";
    if (n.kind == "termination") {
        s.order_date = n.order_date;
        s.order_number = n.order_number;
        s.termination_date = n.date;
        s.reason = n.reason;
    }
    return s;
}

ContractSpec spec_of(const MContract& c) {
    ContractSpec s;
    s.employer_voen = c.voen;
    s.employee_fin = c.fin;
    s.number = "ƏM-" + c.id;
    s.date = c.start_date;
    s.start_date = c.start_date;
    s.position = c.position;
    s.workplace = c.workplace;
    s.status = c.status;
    return s;
}

Model generate_model(std::uint32_t seed) {
    std::mt19937 rng(seed);
    auto pick = [&](const auto& list) -> const auto& {
        return list[rng() % list.size()];
    };
    auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
    auto date = [&] {
        // Few distinct days, so that many notifications share a date.
        static const std::array<const char*, 3> days = {"01", "15", "28"};
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04u-%02u-%s", 2014 + static_cast<unsigned>(rng() % 8),
                      1 + static_cast<unsigned>(rng() % 12), days[rng() % days.size()]);
        return std::string(buf);
    };
    Model m;
    std::int64_t seq = 0;
    auto emit = [&](std::string record) { m.records.push_back(std::move(record)); };

    // Reference lists with labels in three languages ("73" gets no label: shown as its code).
    auto add_ref = [&](const std::string& list, const std::string& code) {
        MReference r{list, code, "AZ " + code + " ə", "RU " + code + " ж", "EN " + code};
        m.references.push_back(r);
        emit(reference(++seq, list, code, r.az, r.ru, r.en));
    };
    for (const char* k : {"conclusion", "amendment", "termination"})
        add_ref("notification_kind", k);
    for (const char* s : {"entered", "signed", "registered", "cancelled"})
        add_ref("notification_status", s);
    for (const char* v : {"valid", "invalid"})
        add_ref("validity", v);
    for (const char* c : {"in_force", "ended"})
        add_ref("contract_status", c);
    for (const auto& r : k_reasons)
        add_ref("termination_reason", r);
    // A label that was replaced by a newer version, and one that was deleted.
    emit(reference(++seq, "termination_reason", "99", "köhnə", "старый", "old"));
    emit(kiosk::test::remove(++seq, "reference", "termination_reason/99"));

    // Employers: E3 is deleted, E4 never arrives in the replica.
    m.employers = {
        {"1400000001", "2000000011", "\"Zəfər\" MMC"},       {"1400000002", "2000000022", "Abşeron ASC"},
        {"1400000003", "2000000033", "\"Çinar\" QSC"},       {"1400000004", "2000000044", "Əlincə MMC"},
        {"1400000005", "2000000055", "Görünməz MMC", false},
    };
    for (std::size_t i = 0; i < 4; ++i) {
        const auto& e = m.employers[i];
        if (i == 1) emit(employer(++seq, e.voen, e.sun, "köhnə ad")); // replaced below
        emit(employer(++seq, e.voen, e.sun, e.name));
    }
    emit(kiosk::test::remove(++seq, "employer", m.employers[3].voen));
    m.employers[3].present = false;

    for (const auto& fin : k_fins)
        emit(person(++seq, fin));

    const std::vector<std::string> positions = {"Mühasib",  "Baş mühasib", "Sürücü",
                                                "Operator", "Mühəndis",    "Главный инженер"};
    const std::vector<std::string> workplaces = {"Maliyyə şöbəsi", "Nəqliyyat bölməsi", "Şüşə sexi",
                                                 "İT şöbəsi"};
    std::set<std::string> used_numbers;
    int contract_no = 0, notification_no = 0;
    std::size_t termination_no = 0;
    std::vector<std::string> drafts, finals, deletes, revivals;

    for (const auto& fin : k_fins) {
        std::string last_date; // a person's notifications often share a date: the number decides
        const int contracts = 7 + static_cast<int>(rng() % 3);
        for (int k = 0; k < contracts; ++k) {
            MContract c;
            c.id = "C-" + std::to_string(++contract_no);
            c.voen = pick(m.employers).voen;
            c.fin = fin;
            c.start_date = date();
            c.position = pick(positions);
            c.workplace = pick(workplaces);
            c.status = chance(45) ? "in_force" : "ended";
            c.present = !chance(10);
            if (c.present) {
                if (chance(30)) {
                    MContract old = c;
                    old.status = c.status == "ended" ? "in_force" : "ended";
                    drafts.push_back(contract(0, c.id, spec_of(old))); // seq set later
                }
                finals.push_back(contract(0, c.id, spec_of(c)));
            }
            m.contracts.push_back(c);

            auto add_notification = [&](const std::string& kind) {
                MNotification n;
                n.id = "N" + std::to_string(++notification_no);
                n.kind = kind;
                n.date = !last_date.empty() && chance(30) ? last_date : date();
                last_date = n.date;
                do {
                    n.number = "B-" + n.date.substr(0, 4) + "-" + std::to_string(1000000 + rng() % 9000000);
                } while (!used_numbers.insert(n.number).second);
                n.contract_id = c.id;
                n.fin = fin;
                n.voen = chance(90) ? c.voen : pick(m.employers).voen;
                n.position = pick(positions);
                n.workplace = pick(workplaces);
                const int s = static_cast<int>(rng() % 100);
                n.status = s < 15 ? "entered" : s < 40 ? "signed" : s < 85 ? "registered" : "cancelled";
                n.validity = n.status == "cancelled" || chance(10) ? "invalid" : "valid";
                if (kind == "termination") {
                    n.order_date = date();
                    n.order_number = std::to_string(1 + rng() % 300) + "-X";
                    // Round robin, so that every reason occurs several times.
                    const std::size_t r = termination_no++ % (k_reasons.size() + 1);
                    n.reason = r == k_reasons.size() ? k_reason_without_label : k_reasons[r];
                }
                const int fate = static_cast<int>(rng() % 100);
                if (fate < 25) {
                    MNotification old = n;
                    old.status = n.status == "entered" ? "registered" : "entered";
                    old.position = "köhnə vəzifə";
                    drafts.push_back(notification(0, n.id, spec_of(old)));
                }
                finals.push_back(notification(0, n.id, spec_of(n)));
                if (fate >= 85 && fate < 93) { // deleted for good
                    deletes.push_back(kiosk::test::remove(0, "notification", n.id));
                    n.present = false;
                } else if (fate >= 93) { // deleted, then a newer version arrives
                    deletes.push_back(kiosk::test::remove(0, "notification", n.id));
                    n.status = "registered";
                    n.position = "bərpa edilib";
                    revivals.push_back(notification(0, n.id, spec_of(n)));
                }
                m.notifications.push_back(n);
            };
            add_notification("conclusion");
            const int amendments = static_cast<int>(rng() % 5);
            for (int a = 0; a < amendments; ++a)
                add_notification("amendment");
            // Mostly for ended contracts (sometimes a second one, after a cancelled first);
            // for one in force, e.g. a termination later cancelled.
            const int terminations = c.status == "ended" ? 1 + chance(50) : chance(35);
            for (int t = 0; t < terminations; ++t)
                add_notification("termination");
        }
    }
    // Phases in seq order: drafts < finals < deletes < revivals.
    auto with_seq = [&](std::string record) {
        // Records were built with seq 0; the seq is the record's first member.
        const std::string prefix = "{\"seq\": 0,";
        EXPECT_TRUE(record.starts_with(prefix));
        return "{\"seq\": " + std::to_string(++seq) + "," + record.substr(prefix.size());
    };
    for (auto* phase : {&drafts, &finals, &deletes, &revivals})
        for (auto& r : *phase)
            emit(with_seq(std::move(r)));
    return m;
}

// The rows the search must return, computed from the model.
std::vector<NotificationRow> expected_rows(const Model& m, const SearchQuery& q) {
    std::vector<NotificationRow> out;
    for (const auto& n : m.notifications) {
        if (!n.present || n.fin != q.fin || n.status == "entered") continue;
        if (q.tab == Tab::Contracts ? n.kind == "termination" : n.kind != "termination") continue;
        const MEmployer* e = m.employer(n.voen);
        const MContract* c = m.contract(n.contract_id);
        if (q.employer_sun && (!e || e->sun != *q.employer_sun)) continue;
        const std::string& key_date = q.tab == Tab::Contracts ? n.date : n.order_date;
        if (q.from && key_date < *q.from) continue;
        if (q.to && key_date > *q.to) continue;
        if (q.contract_status == ContractStatusFilter::InForce && (!c || c->status != "in_force")) continue;
        if (q.contract_status == ContractStatusFilter::Ended && (!c || c->status != "ended")) continue;
        if (q.kind && n.kind != *q.kind) continue;
        if (q.reason && n.reason != *q.reason) continue;
        NotificationRow r;
        r.id = n.id;
        r.employer_sun = e ? e->sun : "";
        r.employer_name = e ? e->name : "";
        r.number = n.number;
        r.date = n.date;
        r.kind = n.kind;
        r.kind_label = m.label_or_code("notification_kind", n.kind, q.lang);
        r.status = n.status;
        r.status_label = m.label_or_code("notification_status", n.status, q.lang);
        r.workplace = n.workplace;
        r.position = n.position;
        r.validity = n.validity;
        r.validity_label = m.label_or_code("validity", n.validity, q.lang);
        r.contract_status = c ? c->status : "";
        r.order_date = n.order_date;
        r.order_number = n.order_number;
        r.reason = n.reason;
        r.reason_label = m.label_or_code("termination_reason", n.reason, q.lang);
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const NotificationRow& a, const NotificationRow& b) {
        if (a.date != b.date) return a.date > b.date;
        return a.number > b.number;
    });
    if (q.offset > 0)
        out.erase(out.begin(), out.begin() + std::min<std::ptrdiff_t>(q.offset, std::ssize(out)));
    if (q.limit >= 0 && std::ssize(out) > q.limit) out.resize(static_cast<std::size_t>(q.limit));
    return out;
}

class GeneratedSearch : public SearchTest {
  protected:
    static constexpr std::uint32_t k_seed = 20240301;

    void SetUp() override {
        SearchTest::SetUp();
        model = generate_model(k_seed);
        // Applied shuffled, with some records twice, in batches of varying size.
        std::mt19937 rng(k_seed + 1);
        std::vector<std::string> records = model.records;
        for (std::size_t i = 0; i < model.records.size() / 4; ++i)
            records.push_back(model.records[rng() % model.records.size()]);
        std::shuffle(records.begin(), records.end(), rng);
        std::int64_t quarantined = 0;
        for (std::size_t at = 0; at < records.size();) {
            const std::size_t n = 1 + rng() % 40;
            std::vector<std::string> batch(records.begin() + static_cast<std::ptrdiff_t>(at),
                                           records.begin() +
                                               static_cast<std::ptrdiff_t>(std::min(at + n, records.size())));
            quarantined += apply_batch(*store, batch).quarantined;
            at += n;
        }
        ASSERT_EQ(quarantined, 0) << ::testing::PrintToString(
            rows(store->handle(), "SELECT reason, detail, substr(raw, 1, 300) FROM quarantine"));
        make_search();
    }

    std::vector<std::optional<std::string>> employer_choices() const {
        std::vector<std::optional<std::string>> out{std::nullopt};
        for (const auto& e : model.employers)
            out.push_back(e.sun);
        out.push_back("9999999999");
        return out;
    }

    // Periods: none, open at either end, closed, one day (a date that occurs), empty.
    std::vector<std::pair<std::optional<std::string>, std::optional<std::string>>>
    periods(const std::string& fin, Tab tab) const {
        std::string day = "2015-06-15";
        for (const auto& n : model.notifications)
            if (n.fin == fin && n.present && n.status != "entered" &&
                (tab == Tab::Contracts) == (n.kind != "termination")) {
                day = tab == Tab::Contracts ? n.date : n.order_date;
                break;
            }
        return {{std::nullopt, std::nullopt},
                {"2016-01-01", std::nullopt},
                {std::nullopt, "2018-12-28"},
                {"2013-06-15", "2020-06-15"},
                {day, day},
                {"2030-01-01", "2031-01-01"}};
    }

    void check_combinations(Tab tab, const std::vector<std::optional<std::string>>& kinds,
                            const std::vector<std::optional<std::string>>& reasons);

    Model model;
};

// ---------------------------------------------------------------------------
// 4. Every filter and combination against the model

TEST_F(GeneratedSearch, TheDataSetExercisesEveryCase) {
    // The comparisons below mean something only if the data has these cases.
    for (const auto& fin : k_fins) {
        std::set<std::string> statuses, kinds;
        bool absent_employer = false;
        std::map<std::string, int> per_date;
        for (const auto& n : model.notifications) {
            if (n.fin != fin) continue;
            statuses.insert(n.status);
            kinds.insert(n.kind);
            absent_employer |= model.employer(n.voen) == nullptr;
            if (n.present && n.status != "entered") per_date[n.date]++;
        }
        EXPECT_EQ(statuses.size(), 4u) << fin;
        EXPECT_EQ(kinds.size(), 3u) << fin;
        EXPECT_TRUE(absent_employer) << fin;
        EXPECT_TRUE(std::any_of(per_date.begin(), per_date.end(), [](const auto& d) { return d.second > 1; }))
            << fin << ": no two visible notifications share a date";
    }
    EXPECT_TRUE(std::any_of(model.notifications.begin(), model.notifications.end(),
                            [](const auto& n) { return !n.present; }));
    EXPECT_TRUE(std::any_of(model.contracts.begin(), model.contracts.end(),
                            [](const auto& c) { return !c.present; }));
    EXPECT_TRUE(std::any_of(model.notifications.begin(), model.notifications.end(),
                            [](const auto& n) { return n.reason == k_reason_without_label && n.present; }));
    EXPECT_TRUE(std::any_of(model.notifications.begin(), model.notifications.end(),
                            [](const auto& n) { return n.position == "bərpa edilib"; }));
    std::int64_t present = std::count_if(model.notifications.begin(), model.notifications.end(),
                                         [](const auto& n) { return n.present; });
    EXPECT_EQ(count_of(*store, "notification"), present);
}

// Runs every combination of the filters' values, compares rows and count with
// the model, and checks that each value of each filter (but those that match
// nothing by design) selected rows at least once, so that no filter goes untested.
void GeneratedSearch::check_combinations(Tab tab, const std::vector<std::optional<std::string>>& kinds,
                                         const std::vector<std::optional<std::string>>& reasons) {
    const std::array<ContractStatusFilter, 3> statuses{
        ContractStatusFilter::All, ContractStatusFilter::InForce, ContractStatusFilter::Ended};
    std::map<std::string, int> hits; // "filter=value" -> queries with rows
    int index = 0;
    for (const auto& fin : k_fins) {
        const auto fin_periods = periods(fin, tab);
        for (const auto& sun : employer_choices())
            for (std::size_t p = 0; p < fin_periods.size(); ++p)
                for (std::size_t st = 0; st < statuses.size(); ++st)
                    for (const auto& kind : kinds)
                        for (const auto& reason : reasons) {
                            SearchQuery q = query(fin, tab);
                            q.employer_sun = sun;
                            q.from = fin_periods[p].first;
                            q.to = fin_periods[p].second;
                            q.contract_status = statuses[st];
                            q.kind = kind;
                            q.reason = reason;
                            q.lang = std::array{Lang::Az, Lang::Ru, Lang::En}[index++ % 3];
                            const auto expected = describe(expected_rows(model, q));
                            ASSERT_EQ(describe(run(q)), expected) << describe(q);
                            ASSERT_EQ(count(q), std::ssize(expected)) << describe(q);
                            for (const std::string& tag :
                                 {"sun=" + sun.value_or("-"), "period=" + std::to_string(p),
                                  "status=" + std::to_string(st), "kind=" + kind.value_or("-"),
                                  "reason=" + reason.value_or("-"), "fin=" + fin})
                                hits[tag] += !expected.empty();
                        }
    }
    // Filter values that match nothing by design: a deleted employer, one never
    // in the replica, an unknown SUN, a future period, an unknown reason.
    const std::set<std::string> never = {"sun=" + model.employers[3].sun, "sun=" + model.employers[4].sun,
                                         "sun=9999999999", "period=5", "reason=00"};
    for (const auto& [tag, n] : hits) {
        if (never.count(tag))
            EXPECT_EQ(n, 0) << tag;
        else
            EXPECT_GT(n, 0) << tag << " never selected any row: the data set does not exercise it";
    }
}

TEST_F(GeneratedSearch, ContractsTabEveryFilterCombination) {
    check_combinations(Tab::Contracts, {std::nullopt, "conclusion", "amendment"}, {std::nullopt});
}

TEST_F(GeneratedSearch, TerminationTabEveryFilterCombination) {
    std::vector<std::optional<std::string>> reasons{std::nullopt, k_reason_without_label, "00"};
    for (const auto& r : k_reasons)
        reasons.push_back(r);
    check_combinations(Tab::Termination, {std::nullopt, "termination"}, reasons);
}

TEST_F(GeneratedSearch, APersonWithoutNotificationsGetsNothing) {
    for (Tab tab : {Tab::Contracts, Tab::Termination}) {
        EXPECT_TRUE(run(query(k_fin_without_notifications, tab)).empty());
        EXPECT_EQ(count(query(k_fin_without_notifications, tab)), 0);
    }
    auto employers = search->employers_of(k_fin_without_notifications);
    ASSERT_TRUE(employers.has_value());
    EXPECT_TRUE(employers->empty());
    auto jobs = search->current_employment(k_fin_without_notifications);
    ASSERT_TRUE(jobs.has_value());
    EXPECT_TRUE(jobs->empty());
}

// ---------------------------------------------------------------------------
// 5. Ordering, visibility, paging, labels

TEST_F(GeneratedSearch, RowsAreNewestFirstByDateThenNumber) {
    for (const auto& fin : k_fins)
        for (Tab tab : {Tab::Contracts, Tab::Termination}) {
            auto rows = run(query(fin, tab));
            ASSERT_FALSE(rows.empty());
            for (std::size_t i = 1; i < rows.size(); ++i) {
                const auto& a = rows[i - 1];
                const auto& b = rows[i];
                EXPECT_TRUE(a.date > b.date || (a.date == b.date && a.number > b.number))
                    << a.date << " " << a.number << " before " << b.date << " " << b.number;
            }
        }
}

TEST_F(GeneratedSearch, EnteredIsNeverShownAndCancelledIsShownWithItsStatus) {
    int cancelled = 0;
    for (const auto& fin : k_fins)
        for (Tab tab : {Tab::Contracts, Tab::Termination})
            for (Lang lang : {Lang::Az, Lang::Ru, Lang::En}) {
                auto q = query(fin, tab);
                q.lang = lang;
                for (const auto& r : run(q)) {
                    EXPECT_NE(r.status, "entered") << r.number;
                    if (r.status == "cancelled") {
                        ++cancelled;
                        EXPECT_EQ(r.status_label, *model.label("notification_status", "cancelled", lang));
                        EXPECT_EQ(r.validity, "invalid");
                    }
                }
            }
    EXPECT_GT(cancelled, 0);
    // Every visible notification of the model appears on one of the two tabs.
    for (const auto& fin : k_fins) {
        std::set<std::string> shown;
        for (Tab tab : {Tab::Contracts, Tab::Termination})
            for (const auto& r : run(query(fin, tab)))
                shown.insert(r.id);
        for (const auto& n : model.notifications) {
            if (n.fin != fin) continue;
            EXPECT_EQ(shown.count(n.id), n.present && n.status != "entered" ? 1u : 0u)
                << n.id << " " << n.status << (n.present ? "" : " deleted");
        }
    }
}

TEST_F(GeneratedSearch, PagesConcatenateToTheFullListAndCountIgnoresPaging) {
    std::vector<SearchQuery> queries;
    for (const auto& fin : k_fins) {
        queries.push_back(query(fin, Tab::Contracts));
        queries.push_back(query(fin, Tab::Termination));
        auto q = query(fin, Tab::Contracts);
        q.contract_status = ContractStatusFilter::Ended;
        q.kind = "amendment";
        queries.push_back(q);
    }
    for (auto q : queries) {
        const auto full = describe(run(q));
        ASSERT_FALSE(full.empty()) << describe(q);
        const auto total = std::ssize(full);
        for (std::int64_t limit : {1, 2, 3, 5, 100}) {
            std::vector<std::string> joined;
            for (std::int64_t offset = 0;; offset += limit) {
                q.limit = limit;
                q.offset = offset;
                auto page = describe(run(q));
                EXPECT_LE(std::ssize(page), limit);
                EXPECT_EQ(count(q), total) << describe(q);
                if (page.empty()) break;
                joined.insert(joined.end(), page.begin(), page.end());
                ASSERT_LE(offset, total) << "paging does not end";
            }
            EXPECT_EQ(joined, full) << describe(q);
        }
        q.limit = 0;
        q.offset = 0;
        EXPECT_TRUE(run(q).empty());
        EXPECT_EQ(count(q), total);
        q.limit = -1; // all rows, from an offset
        q.offset = 2;
        EXPECT_EQ(describe(run(q)),
                  std::vector<std::string>(full.begin() + std::min<std::ptrdiff_t>(2, total), full.end()));
        q.offset = total + 10;
        EXPECT_TRUE(run(q).empty());
        EXPECT_EQ(count(q), total);
    }
}

TEST_F(GeneratedSearch, LabelsFollowTheLanguageAndFallBackToTheCode) {
    bool saw_fallback = false;
    for (Lang lang : {Lang::Az, Lang::Ru, Lang::En}) {
        auto q = query(k_fins[0], Tab::Termination);
        q.lang = lang;
        for (const auto& fin : k_fins) {
            q.fin = fin;
            for (const auto& r : run(q)) {
                EXPECT_EQ(r.kind_label, *model.label("notification_kind", "termination", lang));
                EXPECT_EQ(r.validity_label, *model.label("validity", r.validity, lang));
                if (r.reason == k_reason_without_label) {
                    EXPECT_EQ(r.reason_label, k_reason_without_label);
                    saw_fallback = true;
                } else {
                    EXPECT_EQ(r.reason_label, *model.label("termination_reason", r.reason, lang));
                }
            }
        }
    }
    EXPECT_TRUE(saw_fallback);
    // The contracts tab has no reason: empty codes and labels.
    for (const auto& r : run(query(k_fins[0]))) {
        EXPECT_EQ(r.reason, "");
        EXPECT_EQ(r.reason_label, "");
        EXPECT_EQ(r.order_date, "");
        EXPECT_EQ(r.order_number, "");
    }
}

TEST_F(GeneratedSearch, AnEmployerMissingFromTheReplicaShowsEmptyAndMatchesNoSunFilter) {
    for (const auto& fin : k_fins) {
        for (const auto& r : run(query(fin))) {
            const MNotification* n = nullptr;
            for (const auto& x : model.notifications)
                if (x.id == r.id) n = &x;
            ASSERT_NE(n, nullptr);
            if (!model.employer(n->voen)) {
                EXPECT_EQ(r.employer_sun, "");
                EXPECT_EQ(r.employer_name, "");
            }
        }
        for (std::size_t i : {3u, 4u}) { // deleted, never arrived
            auto q = query(fin);
            q.employer_sun = model.employers[i].sun;
            EXPECT_TRUE(run(q).empty());
        }
    }
}

// ---------------------------------------------------------------------------
// 6. validate()

TEST(SearchValidate, AcceptsAWellFormedQuery) {
    SearchQuery q = query("5ZX8K2P", Tab::Termination);
    EXPECT_TRUE(kiosk::validate(q).has_value());
    q.employer_sun = "2000456781";
    q.from = "2023-05-01";
    q.to = "2023-05-01"; // one day
    q.contract_status = ContractStatusFilter::Ended;
    q.kind = "termination";
    q.reason = "70.ç";
    q.limit = 0;
    q.offset = 1000;
    EXPECT_TRUE(kiosk::validate(q).has_value());
    q.limit = -1;
    EXPECT_TRUE(kiosk::validate(q).has_value());
    SearchQuery c = query("5ZX8K2P");
    c.kind = "conclusion";
    EXPECT_TRUE(kiosk::validate(c).has_value());
    c.kind = "amendment";
    EXPECT_TRUE(kiosk::validate(c).has_value());
}

void expect_invalid(const SearchQuery& q, const std::string& code) {
    auto r = kiosk::validate(q);
    ASSERT_FALSE(r.has_value()) << describe(q);
    EXPECT_EQ(r.error().code, code) << describe(q) << ": " << r.error().detail;
}

TEST(SearchValidate, InvalidFin) {
    for (const char* fin : {"", "5zx8k2p", "5ZX8K2", "5ZX8K2PP", "5ZX8K2O", "5ZX8K2I", "5ZX 8K2"})
        expect_invalid(query(fin), "invalid_fin");
}

TEST(SearchValidate, InvalidSun) {
    for (const char* sun : {"", "123", "20004567811", "200045678a", "2000 45678"}) {
        auto q = query("5ZX8K2P");
        q.employer_sun = sun;
        expect_invalid(q, "invalid_sun");
    }
}

TEST(SearchValidate, InvalidDate) {
    for (const char* d :
         {"2024-02-30", "2023-02-29", "2024-13-01", "2024-1-01", "yesterday", "", "1899-12-31"}) {
        auto q = query("5ZX8K2P");
        q.from = d;
        expect_invalid(q, "invalid_date");
        q.from.reset();
        q.to = d;
        expect_invalid(q, "invalid_date");
    }
}

TEST(SearchValidate, InvalidPeriod) {
    for (Tab tab : {Tab::Contracts, Tab::Termination}) {
        auto q = query("5ZX8K2P", tab);
        q.from = "2024-02-01";
        q.to = "2024-01-31";
        expect_invalid(q, "invalid_period");
    }
}

TEST(SearchValidate, FilterNotOnTab) {
    auto q = query("5ZX8K2P", Tab::Contracts);
    q.reason = "69";
    expect_invalid(q, "filter_not_on_tab");
    q.reason.reset();
    q.kind = "termination";
    expect_invalid(q, "filter_not_on_tab");
    auto t = query("5ZX8K2P", Tab::Termination);
    t.kind = "conclusion";
    expect_invalid(t, "filter_not_on_tab");
    t.kind = "amendment";
    expect_invalid(t, "filter_not_on_tab");
}

TEST(SearchValidate, BadArgument) {
    auto q = query("5ZX8K2P", Tab::Termination);
    q.limit = -2;
    expect_invalid(q, "bad_argument");
    q.limit = 10;
    q.offset = -1;
    expect_invalid(q, "bad_argument");
    q.offset = 0;
    q.reason = "";
    expect_invalid(q, "bad_argument");
    q.reason = std::string(33, '7');
    expect_invalid(q, "bad_argument");
}

TEST_F(SampleSearch, RunAndCountReportTheValidationError) {
    auto q = query("5ZX8K2P");
    q.reason = "69";
    auto rows = search->run(q);
    ASSERT_FALSE(rows.has_value());
    EXPECT_EQ(rows.error().code, "filter_not_on_tab");
    auto n = search->count(q);
    ASSERT_FALSE(n.has_value());
    EXPECT_EQ(n.error().code, "filter_not_on_tab");
    q = query("bad");
    EXPECT_EQ(search->run(q).error().code, "invalid_fin");
    EXPECT_EQ(search->count(q).error().code, "invalid_fin");
    EXPECT_EQ(search->current_employment("bad").error().code, "invalid_fin");
    EXPECT_EQ(search->employers_of("5zx8k2p").error().code, "invalid_fin");
    // The search still works after a refused query.
    EXPECT_EQ(run(query("5ZX8K2P")).size(), 5u);
}

// ---------------------------------------------------------------------------
// 7. Summary, employer choices, reference lists

TEST_F(GeneratedSearch, CurrentEmploymentIsTheContractsInForce) {
    for (const auto& fin : k_fins) {
        std::vector<const MContract*> expected;
        for (const auto& c : model.contracts)
            if (c.present && c.fin == fin && c.status == "in_force") expected.push_back(&c);
        std::sort(expected.begin(), expected.end(), [](const MContract* a, const MContract* b) {
            if (a->start_date != b->start_date) return a->start_date > b->start_date;
            return a->id > b->id;
        });
        std::vector<std::string> want;
        for (const MContract* c : expected) {
            const MEmployer* e = model.employer(c->voen);
            want.push_back((e ? e->sun : "") + "|" + (e ? e->name : "") + "|" + c->position + "|" +
                           c->workplace + "|" + c->start_date);
        }
        auto jobs = search->current_employment(fin);
        ASSERT_TRUE(jobs.has_value());
        std::vector<std::string> got;
        for (const auto& j : *jobs)
            got.push_back(j.employer_sun + "|" + j.employer_name + "|" + j.position + "|" + j.workplace +
                          "|" + j.start_date);
        EXPECT_EQ(got, want) << fin;
    }
}

TEST_F(GeneratedSearch, EmployersOfAreThoseOfTheVisibleNotifications) {
    for (const auto& fin : k_fins) {
        std::set<std::pair<std::string, std::string>> expected; // (name, sun): the order asked for
        for (const auto& n : model.notifications) {
            if (!n.present || n.fin != fin || n.status == "entered") continue;
            if (const MEmployer* e = model.employer(n.voen)) expected.insert({e->name, e->sun});
        }
        std::vector<std::string> want;
        for (const auto& [name, sun] : expected)
            want.push_back(sun + "|" + name);
        auto employers = search->employers_of(fin);
        ASSERT_TRUE(employers.has_value());
        std::vector<std::string> got;
        for (const auto& e : *employers)
            got.push_back(e.sun + "|" + e.name);
        EXPECT_EQ(got, want) << fin;
        EXPECT_GE(got.size(), 2u) << fin;
    }
}

TEST_F(GeneratedSearch, ReferenceListsInEachLanguageOrderedByCode) {
    for (const char* list :
         {"notification_kind", "notification_status", "validity", "contract_status", "termination_reason"}) {
        for (Lang lang : {Lang::Az, Lang::Ru, Lang::En}) {
            std::map<std::string, std::string> by_code; // ordered by code, byte-wise
            for (const auto& r : model.references)
                if (r.list == list)
                    by_code[r.code] = lang == Lang::Az ? r.az : lang == Lang::Ru ? r.ru : r.en;
            std::vector<std::string> want;
            for (const auto& [code, label] : by_code)
                want.push_back(code + "|" + label);
            auto items = search->reference_list(list, lang);
            ASSERT_TRUE(items.has_value());
            std::vector<std::string> got;
            for (const auto& i : *items)
                got.push_back(i.code + "|" + i.label);
            EXPECT_EQ(got, want) << list << " " << kiosk::lang_code(lang);
        }
    }
    // The deleted code is gone; unknown and empty lists are empty, not errors.
    auto reasons = search->reference_list("termination_reason", Lang::Az);
    ASSERT_TRUE(reasons.has_value());
    for (const auto& r : *reasons)
        EXPECT_NE(r.code, "99");
    for (const char* list : {"amendment_field", "no_such_list", ""}) {
        auto items = search->reference_list(list, Lang::En);
        ASSERT_TRUE(items.has_value());
        EXPECT_TRUE(items->empty()) << list;
    }
}

} // namespace
