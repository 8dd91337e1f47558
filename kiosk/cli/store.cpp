// kiosk import / kiosk query: the local store from the command line.
//   kiosk import FILE.ndjson --db PATH [--json] [--lang az|ru|en]
//   kiosk query --db PATH --fin FIN [filters] [--json]
#include "cli.hpp"

#include "kiosk/change.hpp"
#include "kiosk/search.hpp"
#include "kiosk/store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kiosk::cli {
namespace {

// --- import -------------------------------------------------------------------

int cmd_import(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 2, {"json"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option({"db", "json", "lang"})) return usage_error("unknown option --" + *unknown);
    auto parsed_lang = args.lang();
    if (!parsed_lang) return usage_error("--lang must be az, ru or en");
    const Lang lang = *parsed_lang;
    if (args.positional.size() != 1) return usage_error("import takes exactly one FILE");
    auto db = args.get("db");
    if (!db || db->empty()) return usage_error("--db PATH is required");
    const std::string& file = args.positional[0];
    if (file != "-" && !std::filesystem::is_regular_file(file))
        return store_error(Error{"import_file_unreadable", file}, lang);

    auto store = Store::open(*db);
    if (!store) return store_error(store.error(), lang);
    auto counts = import_ndjson(**store, file);
    if (!counts) return store_error(counts.error(), lang);

    if (args.has("json")) {
        nlohmann::json out = {{"applied", counts->applied},
                              {"unchanged", counts->unchanged},
                              {"deleted", counts->deleted},
                              {"quarantined", counts->quarantined},
                              {"max_seq", counts->max_seq},
                              {"quarantine_reasons", counts->quarantine_reasons}};
        std::printf("%s\n", out.dump().c_str());
    } else {
        std::string line;
        for (auto [key, n] : {std::pair{"cli.applied", counts->applied}, std::pair{"cli.unchanged", counts->unchanged},
                              std::pair{"cli.deleted", counts->deleted},
                              std::pair{"cli.quarantined", counts->quarantined}}) {
            if (!line.empty()) line += ", ";
            line += std::string(tr(key, lang)) + ": " + std::to_string(n);
        }
        std::printf("%s\n", line.c_str());
        for (const auto& [reason, n] : counts->quarantine_reasons)
            std::printf("  %s: %lld\n", reason.c_str(), static_cast<long long>(n));
    }
    return k_exit_ok;
}

// --- query --------------------------------------------------------------------

// Display width of UTF-8 text: one column per code point (no wide glyphs in az/ru/en).
std::size_t width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

void print_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths(headers.size());
    for (std::size_t i = 0; i < headers.size(); ++i) widths[i] = width(headers[i]);
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
    auto print_row = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) line += " | ";
            line += cells[i];
            if (i + 1 < cells.size()) line.append(widths[i] - width(cells[i]), ' ');
        }
        std::printf("%s\n", line.c_str());
    };
    print_row(headers);
    std::string rule;
    for (std::size_t i = 0; i < widths.size(); ++i) {
        if (i) rule += "-+-";
        rule.append(widths[i], '-');
    }
    std::printf("%s\n", rule.c_str());
    for (const auto& row : rows) print_row(row);
}

int cmd_query(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 2, {"json"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option({"db", "fin", "tab", "employer", "from", "to", "contract-status", "kind",
                                            "reason", "lang", "limit", "offset", "json"}))
        return usage_error("unknown option --" + *unknown);
    if (!args.positional.empty()) return usage_error("unexpected argument " + args.positional[0]);

    SearchQuery q;
    auto parsed_lang = args.lang();
    if (!parsed_lang) return usage_error("--lang must be az, ru or en");
    q.lang = *parsed_lang;
    auto db = args.get("db");
    if (!db || db->empty()) return usage_error("--db PATH is required");
    auto fin = args.get("fin");
    if (!fin) return usage_error("--fin FIN is required");
    q.fin = *fin;
    q.kind = args.get("kind");
    if (auto tab = args.get("tab")) {
        if (*tab == "contracts")
            q.tab = Tab::Contracts;
        else if (*tab == "termination")
            q.tab = Tab::Termination;
        else
            return usage_error("--tab must be contracts or termination");
    } else if (q.kind == "termination" || args.has("reason")) {
        q.tab = Tab::Termination; // the only tab these filters belong to
    }
    q.employer_sun = args.get("employer");
    q.from = args.get("from");
    q.to = args.get("to");
    if (auto cs = args.get("contract-status")) {
        if (*cs == "all")
            q.contract_status = ContractStatusFilter::All;
        else if (*cs == "in-force" || *cs == "in_force")
            q.contract_status = ContractStatusFilter::InForce;
        else if (*cs == "ended")
            q.contract_status = ContractStatusFilter::Ended;
        else
            return usage_error("--contract-status must be all, in-force or ended");
    }
    if (q.kind && *q.kind != "conclusion" && *q.kind != "amendment" && *q.kind != "termination")
        return usage_error("--kind must be conclusion, amendment or termination");
    q.reason = args.get("reason");
    if (auto limit = args.get("limit")) {
        auto n = parse_count(*limit);
        if (!n) return usage_error("--limit must be a non-negative number");
        q.limit = *n;
    }
    if (auto offset = args.get("offset")) {
        auto n = parse_count(*offset);
        if (!n) return usage_error("--offset must be a non-negative number");
        q.offset = *n;
        if (q.limit < 0) q.limit = -1;
    }
    if (auto valid = validate(q); !valid) {
        std::fprintf(stderr, "kiosk: %s\n", error_text(valid.error().code, q.lang).c_str());
        return k_exit_usage;
    }

    if (!std::filesystem::exists(*db)) return store_error(Error{"store_open_failed", *db + ": no such file"}, q.lang);
    auto store = Store::open(*db, OpenMode::ReadOnly);
    if (!store) return store_error(store.error(), q.lang);
    auto search = Search::create(**store);
    if (!search) return store_error(search.error(), q.lang);
    auto rows = (*search)->run(q);
    if (!rows) return store_error(rows.error(), q.lang);

    bool termination = q.tab == Tab::Termination;
    if (args.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : *rows) {
            nlohmann::json row = {{"employer_sun", r.employer_sun}, {"employer_name", r.employer_name},
                                  {"number", r.number},             {"date", r.date},
                                  {"kind", r.kind},                 {"status", r.status},
                                  {"workplace", r.workplace},       {"position", r.position},
                                  {"validity", r.validity}};
            if (termination) {
                row["order_date"] = r.order_date;
                row["order_number"] = r.order_number;
                row["reason"] = r.reason_label;
            }
            out.push_back(std::move(row));
        }
        std::printf("%s\n", out.dump(2).c_str());
        return k_exit_ok;
    }

    auto employment = (*search)->current_employment(q.fin);
    if (!employment) return store_error(employment.error(), q.lang);
    if (employment->empty()) {
        std::printf("%s\n", std::string(tr("summary.none", q.lang)).c_str());
    } else {
        for (const auto& e : *employment)
            std::printf("%s: %s, %s (%s)\n", std::string(tr("summary.current", q.lang)).c_str(),
                        e.employer_name.c_str(), e.position.c_str(), e.workplace.c_str());
    }
    std::printf("%s\n\n", std::string(tr(termination ? "tab.termination" : "tab.contracts", q.lang)).c_str());
    if (rows->empty()) {
        std::printf("%s\n", std::string(tr("cli.no_results", q.lang)).c_str());
        return k_exit_ok;
    }
    std::vector<std::string> keys =
        termination ? std::vector<std::string>{"employer_sun", "employer_name", "number", "date", "status",
                                               "order_date", "order_number", "reason", "position", "validity"}
                    : std::vector<std::string>{"employer_sun", "employer_name", "number", "date", "kind",
                                               "status", "workplace", "position", "validity"};
    std::vector<std::string> headers;
    for (const auto& k : keys) headers.emplace_back(tr("column." + k, q.lang));
    std::vector<std::vector<std::string>> table;
    for (const auto& r : *rows) {
        std::map<std::string, std::string> cells = {
            {"employer_sun", r.employer_sun}, {"employer_name", r.employer_name}, {"number", r.number},
            {"date", r.date},                 {"kind", r.kind_label},             {"status", r.status_label},
            {"workplace", r.workplace},       {"position", r.position},           {"validity", r.validity_label},
            {"order_date", r.order_date},     {"order_number", r.order_number},   {"reason", r.reason_label}};
        std::vector<std::string> line;
        for (const auto& k : keys) line.push_back(cells[k]);
        table.push_back(std::move(line));
    }
    print_table(headers, table);
    std::printf("\n%zu %s\n", rows->size(), std::string(tr("cli.rows", q.lang)).c_str());
    return k_exit_ok;
}

} // namespace

KIOSK_CLI_COMMAND("import", "  kiosk import FILE.ndjson --db PATH [--json] [--lang az|ru|en]\n", cmd_import);
KIOSK_CLI_COMMAND("query",
                  "  kiosk query --db PATH --fin FIN [--tab contracts|termination] [--employer SUN]\n"
                  "              [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--contract-status all|in-force|ended]\n"
                  "              [--kind conclusion|amendment|termination] [--reason CODE]\n"
                  "              [--lang az|ru|en] [--limit N] [--offset N] [--json]\n",
                  cmd_query);

} // namespace kiosk::cli
