// registry::generate: deterministic, exact, valid under PROTOCOL.md, and telling
// one consistent story per contract. Sections:
//   1. helpers   2. determinism and counts   3. record shapes and formats
//   4. contracts and their notifications   5. reference lists and language
//   6. sinks and errors
#include "registry/generator.hpp"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------
// 1. Helpers

constexpr std::string_view k_today = "2026-11-23";

std::string generate_text(std::uint64_t notifications, std::uint64_t seed,
                          registry::GenerationStats* stats = nullptr) {
    registry::StringSink sink;
    auto result = registry::generate({notifications, seed}, sink);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().code + ": " + result.error().detail);
    if (result && stats) *stats = *result;
    return sink.text();
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            ADD_FAILURE() << "the last line has no newline";
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

struct Dataset {
    std::string text;
    std::vector<std::string> lines;
    std::vector<json> records;
    registry::GenerationStats stats;
};

// Generated and parsed once per (count, seed) for the whole test program.
const Dataset& dataset(std::uint64_t notifications, std::uint64_t seed) {
    static std::map<std::pair<std::uint64_t, std::uint64_t>, Dataset> cache;
    auto [it, inserted] = cache.try_emplace({notifications, seed});
    if (inserted) {
        Dataset& d = it->second;
        d.text = generate_text(notifications, seed, &d.stats);
        d.lines = split_lines(d.text);
        for (const std::string& line : d.lines)
            d.records.push_back(json::parse(line));
    }
    return it->second;
}

std::size_t count_entity(const Dataset& d, std::string_view entity) {
    std::size_t n = 0;
    for (const json& r : d.records)
        n += r["entity"] == entity;
    return n;
}

std::set<std::string> keys_of(const json& object) {
    std::set<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it)
        keys.insert(it.key());
    return keys;
}

bool is_valid_date(const json& value) {
    if (!value.is_string()) return false;
    const std::string s = value.get<std::string>();
    static const std::regex k_shape(R"(\d{4}-\d{2}-\d{2})");
    if (!std::regex_match(s, k_shape)) return false;
    const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= k_days[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool is_instant(const json& value) {
    static const std::regex k_shape(R"(\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\+04:00)");
    return value.is_string() && std::regex_match(value.get<std::string>(), k_shape) &&
           is_valid_date(value.get<std::string>().substr(0, 10));
}

bool is_fin(const json& value) {
    static const std::regex k_shape("[0-9A-HJ-NP-Z]{7}");
    return value.is_string() && std::regex_match(value.get<std::string>(), k_shape);
}

bool is_digits(const json& value, std::size_t n) {
    if (!value.is_string()) return false;
    const std::string s = value.get<std::string>();
    return s.size() == n && s.find_first_not_of("0123456789") == std::string::npos;
}

bool is_non_empty_string(const json& value) {
    return value.is_string() && !value.get<std::string>().empty();
}

// "950.00" from the salary_azn number.
std::string money_text(const json& value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value.get<double>());
    return text;
}

// ---------------------------------------------------------------------------
// 2. Determinism and counts

TEST(Generator, SameSeedGivesTheSameBytes) {
    EXPECT_EQ(generate_text(1000, 42), generate_text(1000, 42));
    EXPECT_EQ(generate_text(7, 3), generate_text(7, 3));
}

TEST(Generator, OtherSeedGivesOtherData) {
    EXPECT_NE(generate_text(1000, 42), generate_text(1000, 43));
    EXPECT_NE(generate_text(1, 0), generate_text(1, 1));
}

TEST(Generator, WritesExactlyTheRequestedNotifications) {
    for (std::uint64_t n : {1, 2, 3, 7, 10, 1000, 2345}) {
        const Dataset& d = dataset(n, 42);
        EXPECT_EQ(count_entity(d, "notification"), n) << "N = " << n;
        EXPECT_EQ(d.stats.notifications, n);
        EXPECT_EQ(d.stats.records, d.lines.size());
        EXPECT_EQ(d.stats.bytes, d.text.size());
        EXPECT_EQ(d.stats.references, count_entity(d, "reference"));
        EXPECT_EQ(d.stats.employers, count_entity(d, "employer"));
        EXPECT_EQ(d.stats.persons, count_entity(d, "person"));
        EXPECT_EQ(d.stats.contracts, count_entity(d, "contract"));
    }
}

// Counts records without keeping them: large sets stream.
class CountingSink final : public registry::Sink {
  public:
    registry::Status write(std::string_view line) override {
        ++lines;
        if (line.find(R"("entity": "notification")") != std::string_view::npos) ++notifications;
        if (line.empty() || line.back() != '\n' || line.find('\n') != line.size() - 1) ++malformed;
        return {};
    }
    registry::Status finish() override {
        ++finished;
        return {};
    }
    std::uint64_t lines = 0, notifications = 0, malformed = 0, finished = 0;
};

TEST(Generator, StreamsLargeSetsLineByLine) {
    CountingSink sink;
    auto stats = registry::generate({100'000, 9}, sink);
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(sink.notifications, 100'000u);
    EXPECT_EQ(sink.lines, stats->records);
    EXPECT_EQ(sink.malformed, 0u);
    EXPECT_EQ(sink.finished, 1u);
    EXPECT_EQ(stats->employers, 1000u); // about one per hundred notifications
}

TEST(Generator, SeqStartsAtOneAndStrictlyIncreases) {
    for (std::uint64_t n : {1, 7, 1000}) {
        const Dataset& d = dataset(n, 42);
        std::int64_t previous = 0;
        for (const json& r : d.records) {
            ASSERT_TRUE(r["seq"].is_number_integer());
            const std::int64_t seq = r["seq"].get<std::int64_t>();
            EXPECT_EQ(seq, previous + 1);
            previous = seq;
        }
        EXPECT_EQ(d.records.front()["seq"], 1);
    }
}

TEST(Generator, EmitsReferencesThenEmployersThenPeople) {
    const Dataset& d = dataset(1000, 42);
    const std::map<std::string, int> rank{
        {"reference", 0}, {"employer", 1}, {"person", 2}, {"contract", 2}, {"notification", 2}};
    int previous = 0;
    for (const json& r : d.records) {
        const int now = rank.at(r["entity"].get<std::string>());
        EXPECT_GE(now, previous) << r.dump();
        previous = now;
    }
    EXPECT_EQ(count_entity(d, "employer"), 10u);
    EXPECT_EQ(count_entity(dataset(1, 42), "employer"), 3u);
}

// ---------------------------------------------------------------------------
// 3. Record shapes and formats

TEST(Generator, EveryRecordHasTheExactShapeOfTheProtocol) {
    const std::set<std::string> k_record{"seq", "entity", "op", "id", "data"};
    const std::set<std::string> k_reference{"list", "code", "labels"};
    const std::set<std::string> k_employer{"voen", "sun", "name", "legal_address"};
    const std::set<std::string> k_person{"fin", "surname", "name", "patronymic", "birth_date"};
    const std::set<std::string> k_contract{
        "employer_voen", "employee_fin", "number",       "date",       "start_date",   "type",  "end_date",
        "position",      "workplace",    "work_address", "salary_azn", "working_time", "status"};
    const std::set<std::string> k_notification{
        "number",    "kind",         "date",      "contract_id", "employee_fin",    "employer_voen",
        "position",  "workplace",    "status",    "validity",    "validity_reason", "signer",
        "signed_at", "registration", "amendment", "termination", "document",        "signature"};
    const std::set<std::string> k_document_base{"number",   "kind",     "date",     "employer",
                                                "employee", "contract", "position", "workplace"};
    const std::set<std::string> k_kinds{"conclusion", "amendment", "termination"};
    const std::set<std::string> k_statuses{"entered", "signed", "registered", "cancelled"};
    const std::set<std::string> k_fields{"position", "workplace", "salary_azn", "working_time", "end_date"};
    static const std::regex k_salary_text(R"("salary_azn": \d+\.\d{2}, )");

    const Dataset& d = dataset(3000, 11);
    for (std::size_t i = 0; i < d.records.size(); ++i) {
        const json& r = d.records[i];
        SCOPED_TRACE(d.lines[i]);
        ASSERT_EQ(keys_of(r), k_record);
        EXPECT_EQ(r["op"], "upsert");
        const json& data = r["data"];
        const std::string entity = r["entity"];
        if (entity == "reference") {
            EXPECT_EQ(keys_of(data), k_reference);
            EXPECT_EQ(keys_of(data["labels"]), (std::set<std::string>{"az", "ru", "en"}));
            EXPECT_EQ(r["id"], data["list"].get<std::string>() + "/" + data["code"].get<std::string>());
        } else if (entity == "employer") {
            EXPECT_EQ(keys_of(data), k_employer);
            EXPECT_EQ(r["id"], data["voen"]);
            EXPECT_TRUE(is_non_empty_string(data["name"]) && is_non_empty_string(data["legal_address"]));
        } else if (entity == "person") {
            EXPECT_EQ(keys_of(data), k_person);
            EXPECT_EQ(r["id"], data["fin"]);
            EXPECT_TRUE(is_valid_date(data["birth_date"]));
            EXPECT_GE(data["birth_date"].get<std::string>(), "1955-01-01");
            EXPECT_LE(data["birth_date"].get<std::string>(), "2005-12-31");
            const std::string patronymic = data["patronymic"];
            EXPECT_TRUE(patronymic.ends_with(" oğlu") || patronymic.ends_with(" qızı")) << patronymic;
        } else if (entity == "contract") {
            EXPECT_EQ(keys_of(data), k_contract);
            EXPECT_TRUE(std::regex_match(r["id"].get<std::string>(), std::regex("C\\d{10}")));
            EXPECT_TRUE(data["type"] == "indefinite" || data["type"] == "fixed_term");
            EXPECT_TRUE(data["status"] == "in_force" || data["status"] == "ended");
            EXPECT_EQ(data["type"] == "fixed_term", is_valid_date(data["end_date"]));
            EXPECT_EQ(data["type"] == "indefinite", data["end_date"].is_null());
            EXPECT_EQ(data["date"], data["start_date"]);
            EXPECT_TRUE(data["salary_azn"].is_number());
            EXPECT_GE(data["salary_azn"].get<double>(), 345.0);
            EXPECT_LE(data["salary_azn"].get<double>(), 6000.0);
            EXPECT_TRUE(std::regex_search(d.lines[i], k_salary_text)) << "salary_azn with two decimals";
            for (const char* key : {"position", "workplace", "work_address", "working_time", "number"})
                EXPECT_TRUE(is_non_empty_string(data[key])) << key;
        } else if (entity == "notification") {
            EXPECT_EQ(keys_of(data), k_notification);
            EXPECT_TRUE(std::regex_match(r["id"].get<std::string>(), std::regex("N\\d{10}")));
            EXPECT_TRUE(k_kinds.contains(data["kind"].get<std::string>()));
            EXPECT_TRUE(k_statuses.contains(data["status"].get<std::string>()));
            EXPECT_TRUE(data["validity"] == "valid" || data["validity"] == "invalid");
            EXPECT_TRUE(data["signature"].is_null());
            const std::string kind = data["kind"];
            EXPECT_EQ(data["amendment"].is_object(), kind == "amendment");
            EXPECT_EQ(data["amendment"].is_null(), kind != "amendment");
            EXPECT_EQ(data["termination"].is_object(), kind == "termination");
            EXPECT_EQ(data["termination"].is_null(), kind != "termination");
            if (kind == "amendment") {
                const json& a = data["amendment"];
                EXPECT_EQ(keys_of(a), (std::set<std::string>{"effective_date", "basis", "changes"}));
                EXPECT_TRUE(std::regex_match(a["basis"].get<std::string>(),
                                             std::regex(R"(Əmr № \d+-K, \d{2}\.\d{2}\.\d{4})")));
                ASSERT_TRUE(a["changes"].is_array());
                EXPECT_FALSE(a["changes"].empty());
                for (const json& c : a["changes"]) {
                    EXPECT_EQ(keys_of(c), (std::set<std::string>{"field", "old", "new"}));
                    EXPECT_TRUE(k_fields.contains(c["field"].get<std::string>()));
                    EXPECT_TRUE(c["old"].is_string() && c["new"].is_string());
                    EXPECT_NE(c["old"], c["new"]);
                }
            }
            if (kind == "termination") {
                const json& t = data["termination"];
                EXPECT_EQ(keys_of(t), (std::set<std::string>{"order_date", "order_number", "termination_date",
                                                             "reason"}));
                EXPECT_TRUE(std::regex_match(t["order_number"].get<std::string>(), std::regex(R"(\d+-X)")));
            }
            if (data["signer"].is_object()) {
                EXPECT_EQ(keys_of(data["signer"]), (std::set<std::string>{"fin", "name"}));
                EXPECT_TRUE(is_instant(data["signed_at"]));
            }
            if (data["registration"].is_object()) {
                EXPECT_EQ(keys_of(data["registration"]), (std::set<std::string>{"number", "registered_at"}));
                EXPECT_TRUE(is_instant(data["registration"]["registered_at"]));
            }
            if (data["document"].is_object()) {
                std::set<std::string> expected = k_document_base;
                if (kind != "conclusion") expected.insert(kind);
                EXPECT_EQ(keys_of(data["document"]), expected);
            }
        } else {
            ADD_FAILURE() << "unknown entity " << entity;
        }
    }
}

TEST(Generator, IdentifiersHaveTheirFormatsAndAreUnique) {
    const Dataset& d = dataset(3000, 11);
    std::set<std::string> voens, suns, fins, contract_ids, contract_numbers, notification_ids, numbers,
        registrations, signer_fins;
    for (const json& r : d.records) {
        const json& data = r["data"];
        if (r["entity"] == "employer") {
            EXPECT_TRUE(is_digits(data["voen"], 10)) << data["voen"];
            EXPECT_EQ(data["voen"].get<std::string>().back(), '1') << "a legal entity's VÖEN ends in 1";
            EXPECT_TRUE(is_digits(data["sun"], 10)) << data["sun"];
            EXPECT_TRUE(voens.insert(data["voen"]).second) << "duplicate VÖEN " << data["voen"];
            EXPECT_TRUE(suns.insert(data["sun"]).second) << "duplicate SUN " << data["sun"];
        } else if (r["entity"] == "person") {
            EXPECT_TRUE(is_fin(data["fin"])) << data["fin"];
            EXPECT_TRUE(fins.insert(data["fin"]).second) << "duplicate FIN " << data["fin"];
        } else if (r["entity"] == "contract") {
            EXPECT_TRUE(contract_ids.insert(r["id"]).second) << r["id"];
            EXPECT_TRUE(std::regex_match(data["number"].get<std::string>(), std::regex(R"(ƏM-\d{4}-\d{4,})")))
                << data["number"];
            EXPECT_TRUE(contract_numbers.insert(data["number"]).second) << data["number"];
            EXPECT_EQ(data["number"].get<std::string>().substr(4, 4),
                      data["date"].get<std::string>().substr(0, 4));
        } else if (r["entity"] == "notification") {
            EXPECT_TRUE(notification_ids.insert(r["id"]).second) << r["id"];
            const std::string number = data["number"];
            EXPECT_TRUE(std::regex_match(number, std::regex(R"(B-\d{4}-\d{7})"))) << number;
            EXPECT_EQ(number.substr(2, 4), data["date"].get<std::string>().substr(0, 4));
            EXPECT_TRUE(numbers.insert(number).second) << "duplicate " << number;
            if (data["registration"].is_object()) {
                const std::string reg = data["registration"]["number"];
                EXPECT_EQ(reg, "QM-" + number.substr(2));
                EXPECT_TRUE(registrations.insert(reg).second) << reg;
            }
            if (data["signer"].is_object()) {
                EXPECT_TRUE(is_fin(data["signer"]["fin"])) << data["signer"];
                EXPECT_TRUE(is_non_empty_string(data["signer"]["name"]));
                signer_fins.insert(data["signer"]["fin"]);
            }
        }
    }
    EXPECT_EQ(voens.size(), 30u);
    EXPECT_FALSE(signer_fins.empty());
    for (const std::string& fin : signer_fins)
        EXPECT_FALSE(fins.contains(fin)) << "a head shares a FIN with an employee";
}

TEST(Generator, DatesAreRealAndNeverLaterThanToday) {
    const Dataset& d = dataset(3000, 11);
    for (const json& r : d.records) {
        const json& data = r["data"];
        if (r["entity"] == "contract") {
            EXPECT_TRUE(is_valid_date(data["date"]));
            EXPECT_GE(data["date"].get<std::string>(), "2005-01-01");
            EXPECT_LE(data["date"].get<std::string>(), k_today);
            if (data["type"] == "fixed_term") {
                // A fixed-term contract still in force ends after today.
                if (data["status"] == "in_force") {
                    EXPECT_GT(data["end_date"].get<std::string>(), k_today) << r.dump();
                }
                EXPECT_GT(data["end_date"].get<std::string>(), data["date"].get<std::string>());
            }
        } else if (r["entity"] == "notification") {
            const std::string date = data["date"];
            EXPECT_TRUE(is_valid_date(data["date"])) << date;
            EXPECT_GE(date, "2005-01-01");
            EXPECT_LE(date, k_today);
            if (data["signer"].is_object()) {
                EXPECT_EQ(data["signed_at"].get<std::string>().substr(0, 10), date);
            }
            if (data["registration"].is_object()) {
                EXPECT_GT(data["registration"]["registered_at"].get<std::string>(),
                          data["signed_at"].get<std::string>());
            }
            if (data["amendment"].is_object()) {
                const json& a = data["amendment"];
                EXPECT_TRUE(is_valid_date(a["effective_date"]));
                EXPECT_GE(a["effective_date"].get<std::string>(), date);
                EXPECT_LE(a["effective_date"].get<std::string>(), k_today);
                for (const json& c : a["changes"]) {
                    if (c["field"] == "end_date") {
                        EXPECT_TRUE(is_valid_date(c["old"]) && is_valid_date(c["new"]));
                    }
                }
            }
            if (data["termination"].is_object()) {
                const json& t = data["termination"];
                EXPECT_TRUE(is_valid_date(t["order_date"]) && is_valid_date(t["termination_date"]));
                EXPECT_LE(t["order_date"].get<std::string>(), t["termination_date"].get<std::string>());
                EXPECT_EQ(t["termination_date"], data["date"]);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 4. Contracts and their notifications

TEST(Generator, EverythingIsEmittedBeforeItIsReferenced) {
    const Dataset& d = dataset(3000, 11);
    std::set<std::string> employers, persons;
    std::map<std::string, json> contracts;
    for (const json& r : d.records) {
        const json& data = r["data"];
        if (r["entity"] == "employer") employers.insert(data["voen"]);
        if (r["entity"] == "person") persons.insert(data["fin"]);
        if (r["entity"] == "contract") {
            EXPECT_TRUE(employers.contains(data["employer_voen"])) << r.dump();
            EXPECT_TRUE(persons.contains(data["employee_fin"])) << r.dump();
            contracts[r["id"]] = data;
        }
        if (r["entity"] == "notification") {
            ASSERT_TRUE(contracts.contains(data["contract_id"])) << r.dump();
            EXPECT_TRUE(employers.contains(data["employer_voen"]));
            EXPECT_TRUE(persons.contains(data["employee_fin"]));
            const json& contract = contracts[data["contract_id"]];
            EXPECT_EQ(data["employee_fin"], contract["employee_fin"]);
            EXPECT_EQ(data["employer_voen"], contract["employer_voen"]);
        }
    }
}

// The values a contract's terms take, as text (the form of amendment changes).
std::map<std::string, std::string> terms_of(const json& contract) {
    return {{"position", contract["position"]},
            {"workplace", contract["workplace"]},
            {"salary_azn", money_text(contract["salary_azn"])},
            {"working_time", contract["working_time"]},
            {"end_date", contract["end_date"].is_null() ? "" : contract["end_date"].get<std::string>()}};
}

TEST(Generator, ContractsAndTheirNotificationsTellOneStory) {
    for (std::uint64_t seed : {11, 12}) {
        const Dataset& d = dataset(3000, seed);
        std::map<std::string, json> persons;
        std::map<std::string, json> employers;
        std::map<std::string, std::string> head_of; // voen -> signer fin
        std::optional<json> contract;
        std::string contract_id;
        std::vector<json> notifications;
        std::string person_fin;
        std::vector<json> person_contracts; // with their termination dates

        auto check_contract = [&] {
            if (!contract) return;
            const json& c = *contract;
            SCOPED_TRACE(contract_id);
            ASSERT_FALSE(notifications.empty());
            const json& first = notifications.front();
            EXPECT_EQ(first["kind"], "conclusion");
            EXPECT_EQ(first["date"], c["date"]);
            const bool ended = c["status"] == "ended";
            std::size_t terminations = 0;
            for (const json& n : notifications)
                terminations += n["kind"] == "termination";
            EXPECT_EQ(terminations, ended ? 1u : 0u) << "ended <=> one termination";
            if (ended) {
                EXPECT_EQ(notifications.back()["kind"], "termination");
            }
            for (std::size_t i = 1; i < notifications.size(); ++i) {
                EXPECT_LE(notifications[i - 1]["date"].get<std::string>(),
                          notifications[i]["date"].get<std::string>());
                if (notifications[i]["kind"] == "amendment") {
                    EXPECT_GT(notifications[i]["date"].get<std::string>(), c["date"].get<std::string>());
                }
            }

            // Amendments chain: each change starts from the terms in force, which only
            // signed, valid amendments move; the contract shows where they ended.
            std::map<std::string, std::string> current{{"position", first["position"]},
                                                       {"workplace", first["workplace"]}};
            for (const json& n : notifications) {
                if (n["kind"] != "amendment") continue;
                std::map<std::string, std::string> asked = current;
                for (const json& change : n["amendment"]["changes"]) {
                    const std::string field = change["field"];
                    if (current.contains(field))
                        EXPECT_EQ(change["old"], current[field]) << field << " " << n.dump();
                    else
                        current[field] = change["old"]; // the first time this field changes
                    asked[field] = change["new"];
                    if (field == "end_date") {
                        EXPECT_EQ(c["type"], "fixed_term");
                    }
                }
                EXPECT_EQ(n["position"], asked["position"]);
                EXPECT_EQ(n["workplace"], asked["workplace"]);
                const bool effective =
                    n["validity"] == "valid" && (n["status"] == "signed" || n["status"] == "registered");
                if (effective) current = asked;
            }
            for (const auto& [field, value] : current)
                EXPECT_EQ(terms_of(c).at(field), value) << field;

            if (ended) {
                const json& t = notifications.back()["termination"];
                EXPECT_GE(t["order_date"].get<std::string>(), c["date"].get<std::string>());
                EXPECT_EQ(notifications.back()["position"], c["position"]);
                if (t["reason"] == "74") {
                    EXPECT_EQ(c["type"], "fixed_term");
                    EXPECT_EQ(t["termination_date"], c["end_date"]);
                }
                if (c["type"] == "fixed_term") {
                    EXPECT_LE(t["termination_date"].get<std::string>(), c["end_date"].get<std::string>());
                }
            }
            for (std::size_t i = 0; i < notifications.size(); ++i) {
                const json& n = notifications[i];
                if (n["status"] == "entered") {
                    EXPECT_EQ(c["status"], "in_force") << "entered only on a contract in force";
                    EXPECT_EQ(i, notifications.size() - 1) << "entered only as the newest notification";
                }
                // The employer's head signs, and the document is what was signed.
                if (n["signer"].is_object()) {
                    auto [it, inserted] = head_of.try_emplace(c["employer_voen"], n["signer"]["fin"]);
                    EXPECT_EQ(it->second, n["signer"]["fin"]);
                    const json& doc = n["document"];
                    const json& person = persons[c["employee_fin"]];
                    const json& employer = employers[c["employer_voen"]];
                    EXPECT_EQ(doc["number"], n["number"]);
                    EXPECT_EQ(doc["kind"], n["kind"]);
                    EXPECT_EQ(doc["date"], n["date"]);
                    EXPECT_EQ(doc["employer"], (json{{"voen", employer["voen"]},
                                                     {"sun", employer["sun"]},
                                                     {"name", employer["name"]}}));
                    EXPECT_EQ(doc["employee"], (json{{"fin", person["fin"]},
                                                     {"surname", person["surname"]},
                                                     {"name", person["name"]},
                                                     {"patronymic", person["patronymic"]}}));
                    EXPECT_EQ(doc["contract"], (json{{"number", c["number"]}, {"date", c["date"]}}));
                    EXPECT_EQ(doc["position"], n["position"]);
                    EXPECT_EQ(doc["workplace"], n["workplace"]);
                    if (n["kind"] != "conclusion") {
                        const std::string block = n["kind"];
                        EXPECT_EQ(doc[block], n[block]);
                    }
                }
            }
            person_contracts.push_back(c);
            person_contracts.back()["_end"] =
                ended ? notifications.back()["termination"]["termination_date"].get<std::string>() : "";
        };
        auto check_person = [&] {
            if (person_fin.empty()) return;
            SCOPED_TRACE(person_fin);
            EXPECT_GE(person_contracts.size(), 1u);
            EXPECT_LE(person_contracts.size(), 4u);
            for (std::size_t i = 0; i < person_contracts.size(); ++i) {
                if (i + 1 < person_contracts.size()) {
                    EXPECT_EQ(person_contracts[i]["status"], "ended")
                        << "only the last contract may be in force";
                    EXPECT_GT(person_contracts[i + 1]["date"].get<std::string>(),
                              person_contracts[i]["_end"].get<std::string>());
                }
            }
            person_contracts.clear();
        };

        for (const json& r : d.records) {
            const json& data = r["data"];
            if (r["entity"] == "employer") employers[data["voen"]] = data;
            if (r["entity"] == "person" || r["entity"] == "contract") {
                check_contract();
                contract.reset();
                notifications.clear();
            }
            if (r["entity"] == "person") {
                check_person();
                person_fin = data["fin"];
                persons[person_fin] = data;
            }
            if (r["entity"] == "contract") {
                contract = data;
                contract_id = r["id"];
                EXPECT_EQ(data["employee_fin"], person_fin) << "a person's contracts follow the person";
            }
            if (r["entity"] == "notification") {
                EXPECT_EQ(data["contract_id"], contract_id) << "notifications follow their contract";
                notifications.push_back(data);
            }
        }
        check_contract();
        check_person();
    }
}

TEST(Generator, FilingStatesAreConsistent) {
    const Dataset& d = dataset(3000, 11);
    for (const json& r : d.records) {
        if (r["entity"] != "notification") continue;
        const json& n = r["data"];
        SCOPED_TRACE(n.dump());
        const std::string status = n["status"];
        const bool entered = status == "entered";
        EXPECT_EQ(n["signer"].is_null(), entered);
        EXPECT_EQ(n["signed_at"].is_null(), entered);
        EXPECT_EQ(n["document"].is_null(), entered);
        EXPECT_EQ(n["registration"].is_object(), status == "registered" || status == "cancelled");
        if (status == "cancelled") {
            EXPECT_EQ(n["validity"], "invalid");
        }
        EXPECT_EQ(n["validity"] == "invalid", is_non_empty_string(n["validity_reason"]));
        EXPECT_EQ(n["validity"] == "valid", n["validity_reason"].is_null());
    }
}

TEST(Generator, TheMixLooksLikeARealRegistry) {
    const Dataset& d = dataset(20'000, 7);
    std::map<std::string, std::size_t> by_status, by_kind, reasons, types;
    std::size_t invalid_registered = 0, notifications = 0;
    for (const json& r : d.records) {
        const json& data = r["data"];
        if (r["entity"] == "contract") ++types[data["type"]];
        if (r["entity"] != "notification") continue;
        ++notifications;
        ++by_status[data["status"]];
        ++by_kind[data["kind"]];
        if (data["status"] == "registered" && data["validity"] == "invalid") ++invalid_registered;
        if (data["termination"].is_object()) ++reasons[data["termination"]["reason"]];
    }
    auto share = [&](std::string_view status) {
        return static_cast<double>(by_status[std::string(status)]) / notifications;
    };
    EXPECT_GT(share("registered"), 0.8);
    EXPECT_GT(share("signed"), 0.02);
    EXPECT_GT(share("cancelled"), 0.005);
    EXPECT_LT(share("cancelled"), 0.02);
    EXPECT_GT(share("entered"), 0.002);
    EXPECT_LT(share("entered"), 0.01);
    EXPECT_GT(invalid_registered, 0u);
    for (const char* kind : {"conclusion", "amendment", "termination"})
        EXPECT_GT(by_kind[kind], 2000u) << kind;
    EXPECT_GT(reasons["74"], 0u);
    EXPECT_GT(reasons["69"], reasons["70.b"]);
    EXPECT_GE(reasons.size(), 10u);
    EXPECT_GT(types["indefinite"], types["fixed_term"]);
    EXPECT_GT(types["fixed_term"], 0u);
}

// ---------------------------------------------------------------------------
// 5. Reference lists and language

TEST(Generator, ReferenceListsCoverTheProtocolAndKeepTheSample) {
    const Dataset& d = dataset(10, 1);
    std::map<std::string, json> ours; // id -> data
    std::map<std::string, std::set<std::string>> codes;
    for (const json& r : d.records) {
        if (r["entity"] != "reference") continue;
        ours[r["id"]] = r["data"];
        codes[r["data"]["list"]].insert(r["data"]["code"]);
        for (const char* lang : {"az", "ru", "en"})
            EXPECT_TRUE(is_non_empty_string(r["data"]["labels"][lang]));
    }
    EXPECT_EQ(codes.size(), 7u);
    for (const char* list : {"notification_kind", "notification_status", "validity", "contract_status",
                             "contract_type", "amendment_field", "termination_reason"})
        EXPECT_TRUE(codes.contains(list)) << list;

    std::ifstream sample(REGISTRY_SAMPLE_FEED);
    ASSERT_TRUE(sample) << REGISTRY_SAMPLE_FEED;
    std::string line;
    std::size_t compared = 0;
    while (std::getline(sample, line)) {
        const json r = json::parse(line);
        if (r["entity"] != "reference") continue;
        ASSERT_TRUE(ours.contains(r["id"])) << r["id"];
        EXPECT_EQ(ours[r["id"]], r["data"]) << r["id"];
        ++compared;
    }
    EXPECT_EQ(compared, 28u);
    for (const char* code : {"69", "70.a", "70.b", "70.c", "70.ç", "70.d", "73", "74", "75", "68.2.e", "73.a",
                             "73.b", "73.c", "73.ç", "73.d", "75.2.a"})
        EXPECT_TRUE(codes["termination_reason"].contains(code)) << code;

    // Every code the data uses is in its list.
    const Dataset& big = dataset(3000, 11);
    for (const json& r : big.records) {
        if (r["entity"] == "contract") {
            EXPECT_TRUE(codes["contract_type"].contains(r["data"]["type"]));
            EXPECT_TRUE(codes["contract_status"].contains(r["data"]["status"]));
        }
        if (r["entity"] != "notification") continue;
        const json& n = r["data"];
        EXPECT_TRUE(codes["notification_kind"].contains(n["kind"]));
        EXPECT_TRUE(codes["notification_status"].contains(n["status"]));
        EXPECT_TRUE(codes["validity"].contains(n["validity"]));
        if (n["termination"].is_object()) {
            EXPECT_TRUE(codes["termination_reason"].contains(n["termination"]["reason"]));
        }
        if (n["amendment"].is_object()) {
            for (const json& c : n["amendment"]["changes"])
                EXPECT_TRUE(codes["amendment_field"].contains(c["field"]));
        }
    }
}

TEST(Generator, SpeaksAzerbaijani) {
    const std::vector<std::string> letters{"ə", "ğ", "ı", "ö", "ş", "ü", "ç",
                                           "Ə", "Ğ", "İ", "Ö", "Ş", "Ü", "Ç"};
    for (std::uint64_t seed : {1, 2, 3, 42}) {
        const std::string& text = dataset(1000, seed).text;
        for (const std::string& letter : letters)
            EXPECT_NE(text.find(letter), std::string::npos) << letter << " seed " << seed;
    }
    // Quotes inside names are escaped, as in "\"Xəzər Logistika\" MMC".
    const Dataset& d = dataset(1000, 42);
    bool quoted = false;
    for (const json& r : d.records)
        if (r["entity"] == "employer")
            quoted = quoted || r["data"]["name"].get<std::string>().starts_with('"');
    EXPECT_TRUE(quoted);
    EXPECT_NE(d.text.find(R"(\" MMC)"), std::string::npos) << "no escaped quote in the output";
}

// ---------------------------------------------------------------------------
// 6. Sinks and errors

TEST(Generator, RejectsCountsOutOfRange) {
    registry::StringSink sink;
    auto zero = registry::generate({0, 1}, sink);
    ASSERT_FALSE(zero.has_value());
    EXPECT_EQ(zero.error().code, "bad_option");
    auto huge = registry::generate({registry::k_max_notifications + 1, 1}, sink);
    ASSERT_FALSE(huge.has_value());
    EXPECT_EQ(huge.error().code, "bad_option");
    EXPECT_TRUE(sink.text().empty());
}

// Fails the Nth write for good.
class FailingSink final : public registry::Sink {
  public:
    explicit FailingSink(std::uint64_t fail_at) : m_fail_at(fail_at) {}
    registry::Status write(std::string_view) override {
        ++writes;
        if (writes >= m_fail_at) return std::unexpected(registry::Error{"io_error", "disk full"});
        return {};
    }
    registry::Status finish() override {
        ++finished;
        return {};
    }
    std::uint64_t writes = 0, finished = 0;

  private:
    std::uint64_t m_fail_at;
};

TEST(Generator, StopsAtTheFirstSinkError) {
    for (std::uint64_t fail_at : {1, 30, 40, 500}) {
        FailingSink sink(fail_at);
        auto result = registry::generate({1000, 5}, sink);
        ASSERT_FALSE(result.has_value()) << fail_at;
        EXPECT_EQ(result.error().code, "io_error");
        EXPECT_EQ(result.error().detail, "disk full");
        EXPECT_EQ(sink.writes, fail_at) << "nothing is written after a failure";
        EXPECT_EQ(sink.finished, 0u);
    }
}

TEST(FileSink, WritesWhatTheStringSinkGets) {
    std::FILE* file = std::tmpfile();
    ASSERT_NE(file, nullptr);
    {
        registry::FileSink sink(file, 4096); // small buffer: many drains
        ASSERT_TRUE(registry::generate({500, 3}, sink).has_value());
    }
    std::rewind(file);
    std::string read;
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;)
        read.append(buffer, n);
    std::fclose(file);
    EXPECT_EQ(read, generate_text(500, 3));
}

TEST(FileSink, ReportsAStreamThatCannotBeWritten) {
    std::FILE* file = std::fopen(REGISTRY_SAMPLE_FEED, "rb"); // read-only: every write fails
    ASSERT_NE(file, nullptr);
    registry::FileSink sink(file, 1024);
    auto result = registry::generate({50, 3}, sink);
    std::fclose(file);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, "io_error");
}

} // namespace
