// Technician mode's services (kiosk/technician.hpp): the checks over the probes, the
// worker that runs them off the UI thread, and the configuration with secrets hidden.
#include "kiosk/technician.hpp"

#include "kiosk/log.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

namespace kiosk {
namespace {

std::string now_rfc3339() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace

DiagnosticsReport run_diagnostics(const DiagnosticsSettings& s, const Probes& probes) {
    DiagnosticsReport r;
    r.kiosk_id = s.kiosk_id;
    r.version = s.version;
    r.generated_at = now_rfc3339();
    r.set(check_kiosk(s.kiosk_id, s.version));
    r.set(check_printer(probes.printer ? probes.printer->printer_facts() : PrinterFacts{}));
    r.set(check_card_reader(probes.reader ? probes.reader->reader_facts() : ReaderFacts{}));
    LinkFacts link = probes.link ? probes.link->link_facts() : LinkFacts{};
    StoreFacts store = collect_store_facts(s.store_path, s.integrity);
    r.set(check_network(link));
    r.set(check_sync(link, store));
    r.set(check_store(store));
    r.set(check_integrity(store));
    r.set(check_disk(store, s.disk));
    if (probes.audit) {
        r.set(probes.audit());
    } else {
        Check audit;
        audit.id = "audit";
        audit.reason = "sync_not_configured";
        r.set(std::move(audit));
    }
    r.set(check_config(s.config_lines));
    return r;
}

// --- worker -------------------------------------------------------------------------------

DiagnosticsWorker::DiagnosticsWorker(DiagnosticsSettings settings, Probes probes, ModeEvents events,
                                     WorkerMode mode)
    : m_settings(std::move(settings)), m_probes(std::move(probes)), m_events(std::move(events)),
      m_worker(mode) {}

DiagnosticsWorker::~DiagnosticsWorker() = default;

void DiagnosticsWorker::run_checks(std::uint64_t ticket) {
    m_worker.post([this, ticket] {
        DiagnosticsReport report = run_diagnostics(m_settings, m_probes);
        int failed = 0;
        for (const Check& c : report.checks)
            if (c.verdict == Verdict::Fail) {
                ++failed;
                log_line("diagnostics", c.id + " failed: " + c.reason);
            }
        log_line("diagnostics", "checks run: " + std::to_string(report.checks.size()) +
                                    ", failed: " + std::to_string(failed));
        m_events(DiagnosticsDone{ticket, std::move(report)});
    });
}

void DiagnosticsWorker::print_test_page(std::uint64_t ticket, Lang lang) {
    m_worker.post([this, ticket, lang] {
        Check c;
        if (m_probes.printer) {
            c = m_probes.printer->print_test_page(lang, m_settings.print_timeout);
        } else {
            c.id = "printer_test_page";
            c.reason = "printer_not_configured";
        }
        log_line("diagnostics", "test page: " + std::string(verdict_name(c.verdict)) +
                                    (c.reason.empty() ? "" : " (" + c.reason + ")"));
        m_events(TestPageDone{ticket, std::move(c)});
    });
}

void DiagnosticsWorker::print_report(std::uint64_t ticket, DiagnosticsReport report, Lang lang) {
    m_worker.post([this, ticket, report = std::move(report), lang] {
        Check c;
        if (m_probes.printer) {
            c = m_probes.printer->print_report(report, lang, m_settings.print_timeout);
        } else {
            c.id = "report";
            c.reason = "printer_not_configured";
        }
        log_line("diagnostics", "report printed: " + std::string(verdict_name(c.verdict)) +
                                    (c.reason.empty() ? "" : " (" + c.reason + ")"));
        m_events(ReportPrinted{ticket, std::move(c)});
    });
}

void DiagnosticsWorker::sync_now() {
    m_worker.post([this] {
        if (m_probes.link) m_probes.link->sync_now();
        log_line("diagnostics",
                 m_probes.link ? "sync now requested" : "sync now: sync module not configured");
    });
}

// --- configuration, secrets hidden -------------------------------------------------------------

namespace {

bool names_secret(std::string_view key) {
    std::string k(key);
    std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
    // Whole words of the key ("client_key", "api-token"), or these anywhere ("dbpassword").
    for (std::string_view w : {"secret", "password", "passphrase", "passwd", "token", "credential"})
        if (k.find(w) != std::string::npos) return true;
    std::size_t start = 0;
    while (start <= k.size()) {
        std::size_t end = k.find_first_of("_-", start);
        std::string_view word =
            std::string_view(k).substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (word == "key" || word == "pass" || word == "pwd") return true;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return false;
}

// "ipp://user:pass@host/x" -> "ipp://host/x".
std::string without_userinfo(std::string v) {
    auto scheme = v.find("://");
    if (scheme == std::string::npos) return v;
    auto start = scheme + 3;
    auto end = v.find_first_of("/?#", start);
    auto at = v.rfind('@', end == std::string::npos ? v.size() : end);
    if (at == std::string::npos || at < start) return v;
    return v.substr(0, start) + v.substr(at + 1);
}

std::string value_text(const toml::node& n) {
    // By the node's own type (value<T>() would convert an integer to a boolean).
    if (auto* s = n.as_string()) return without_userinfo(s->get());
    if (auto* b = n.as_boolean()) return b->get() ? "true" : "false";
    if (auto* i = n.as_integer()) return std::to_string(i->get());
    std::ostringstream o;
    n.visit([&](const auto& v) { o << v; });
    return o.str();
}

void walk(const toml::table& t, const std::string& prefix, bool secret_parent, std::vector<Fact>& out) {
    for (const auto& [key, node] : t) {
        std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        bool secret = secret_parent || names_secret(key.str());
        if (const toml::table* sub = node.as_table()) {
            walk(*sub, name, secret, out);
        } else {
            out.push_back({name, secret ? std::string("(hidden)") : value_text(node)});
        }
    }
}

} // namespace

Result<std::vector<Fact>> describe_config_text(std::string_view text) {
    toml::table root;
    try {
        root = toml::parse(text);
    } catch (const toml::parse_error& e) {
        return fail("config_invalid", std::string(e.description()));
    }
    std::vector<Fact> out;
    walk(root, "", false, out);
    return out;
}

Result<std::vector<Fact>> describe_config_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("config_unreadable", path);
    std::ostringstream text;
    text << in.rdbuf();
    return describe_config_text(text.str());
}

} // namespace kiosk
