// registry pki: the test PKI (registry/include/registry/pki.hpp).
#include "registry/pki.hpp"

#include "options.hpp"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <openssl/crypto.h>
#include <string>

namespace registry::cli {
namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_io = 1;
constexpr int k_exit_usage = 2;

constexpr std::string_view k_usage = R"(usage:
  registry pki init --dir DIR [--name CN] [--days N]
      Creates the ID-card CA (DIR/ca.pem, DIR/ca.key mode 0600). Refuses an existing CA.
  registry pki card --dir DIR --fin FIN --role citizen|staff|technician [--out CARD_DIR]
                    [--surname S] [--name N] [--patronymic P] [--birth-date YYYY-MM-DD]
                    [--document NUMBER] [--expiry YYYY-MM-DD] [--pin DIGITS] [--tries 0..3]
                    [--days N | --valid-from YYYY-MM-DD --valid-to YYYY-MM-DD | --expired]
                    [--mismatched-key]
      Issues an ID card from the CA in DIR into CARD_DIR (default DIR/cards/FIN): ef_id.bin,
      cert.der, cert.pem, key.pem, pin, tries (see registry/include/registry/pki.hpp).
      Test fixtures: --expired (certificate ended yesterday), --tries 0 (blocked card),
      --mismatched-key (the card signs with an uncertified key), a card from another
      CA's DIR (unknown CA). The PIN defaults to 1234.
  registry pki issue --dir DIR --profile server|client|signer --cn CN --out PREFIX
                     [--dns NAME[,NAME...]] [--days N]
      Any other certificate from the same CA: PREFIX.pem and PREFIX.key (0600).
  registry pki help
)";

int usage_error(std::string_view message) {
    return usage_failure("registry pki", message, k_usage);
}

int failed(const Error& e) {
    std::fprintf(stderr, "registry pki: %s: %s\n", e.code.c_str(), e.detail.c_str());
    return e.code == "bad_request" ? k_exit_usage : k_exit_io;
}

std::optional<int> parse_int(const std::string& s, int lo, int hi) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    int v = std::stoi(s);
    if (v < lo || v > hi) return std::nullopt;
    return v;
}

bool valid_fin(const std::string& fin) {
    if (fin.size() != 7) return false;
    for (char c : fin)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) || c == 'I' || c == 'O') return false;
    return true;
}

std::int64_t now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

int run_init(std::span<char* const> args) {
    constexpr std::string_view k_allowed[] = {"dir", "name", "days"};
    auto o = parse_options(args, k_allowed);
    if (!o) return usage_error(o.error());
    const std::string dir = get(*o, "dir");
    if (dir.empty()) return usage_error("init needs --dir DIR");
    auto days = parse_int(get(*o, "days", "3650"), 1, 36500);
    if (!days) return usage_error("--days must be 1..36500");
    if (auto ok = pki::init_ca(dir, get(*o, "name", "emek-kiosk test ID-card CA"), now(), *days); !ok)
        return failed(ok.error());
    std::printf("CA created: %s/ca.pem\n", dir.c_str());
    return k_exit_ok;
}

int run_card(std::span<char* const> args) {
    constexpr std::string_view k_allowed[] = {"dir",  "fin",        "role",       "out",        "surname",
                                              "name", "patronymic", "birth-date", "document",   "expiry",
                                              "pin",  "tries",      "days",       "valid-from", "valid-to"};
    constexpr std::string_view k_flags[] = {"expired", "mismatched-key"};
    auto o = parse_options(args, k_allowed, k_flags);
    if (!o) return usage_error(o.error());
    const std::string dir = get(*o, "dir");
    if (dir.empty()) return usage_error("card needs --dir DIR");
    pki::CardRequest card;
    card.fin = get(*o, "fin");
    if (!valid_fin(card.fin))
        return usage_error("--fin must be 7 characters: digits and capitals except I and O");
    auto role = pki::parse_role(get(*o, "role"));
    if (!role) return usage_error("--role must be citizen, staff or technician");
    card.role = *role;
    card.surname = get(*o, "surname", "Məmmədov");
    card.name = get(*o, "name", "Əli");
    card.patronymic = get(*o, "patronymic", "Həsən oğlu");
    card.document_number = get(*o, "document", "AA" + card.fin);
    for (auto [option, field, fallback] : {std::tuple{"birth-date", &card.birth_date, "1990-05-17"},
                                           std::tuple{"expiry", &card.expiry, "2034-12-31"}}) {
        std::string text = get(*o, option, fallback);
        if (!pki::parse_date(text)) return usage_error(std::string("--") + option + " must be YYYY-MM-DD");
        std::erase(text, '-');
        *field = text;
    }
    card.pin = get(*o, "pin", "1234");
    auto tries = parse_int(get(*o, "tries", "3"), 0, 3);
    if (!tries) return usage_error("--tries must be 0..3");
    card.tries = *tries;
    card.mismatched_key = o->contains("mismatched-key");

    const bool expired = o->contains("expired");
    const bool explicit_period = o->contains("valid-from") || o->contains("valid-to");
    if (expired + explicit_period + o->contains("days") > 1)
        return usage_error("give one of --days, --valid-from/--valid-to, --expired");
    if (expired) {
        card.not_before = now() - 400 * 86400;
        card.not_after = now() - 86400;
    } else if (explicit_period) {
        auto from = pki::parse_date(get(*o, "valid-from"));
        auto to = pki::parse_date(get(*o, "valid-to"));
        if (!from || !to) return usage_error("--valid-from and --valid-to are both needed, as YYYY-MM-DD");
        card.not_before = *from;
        card.not_after = *to;
    } else {
        auto days = parse_int(get(*o, "days", "1825"), 1, 36500);
        if (!days) return usage_error("--days must be 1..36500");
        card.not_before = now() - 3600;
        card.not_after = now() + std::int64_t{*days} * 86400;
    }

    auto ca = pki::load_ca(dir);
    if (!ca) return failed(ca.error());
    const std::string out = get(*o, "out", (std::filesystem::path(dir) / "cards" / card.fin).string());
    Status ok = pki::issue_card(*ca, card, out);
    OPENSSL_cleanse(ca->key_pem.data(), ca->key_pem.size());
    OPENSSL_cleanse(card.pin.data(), card.pin.size());
    if (!ok) return failed(ok.error());
    std::printf("card issued: %s\n", out.c_str());
    return k_exit_ok;
}

int run_issue(std::span<char* const> args) {
    constexpr std::string_view k_allowed[] = {"dir", "profile", "cn", "out", "dns", "days"};
    auto o = parse_options(args, k_allowed);
    if (!o) return usage_error(o.error());
    const std::string dir = get(*o, "dir"), out = get(*o, "out");
    if (dir.empty() || out.empty()) return usage_error("issue needs --dir DIR and --out PREFIX");
    pki::CertificateRequest request;
    const std::string profile = get(*o, "profile");
    if (profile == "server")
        request.profile = pki::Profile::TlsServer;
    else if (profile == "client")
        request.profile = pki::Profile::TlsClient;
    else if (profile == "signer")
        request.profile = pki::Profile::DocumentSigner;
    else
        return usage_error("--profile must be server, client or signer");
    request.subject.common_name = get(*o, "cn");
    if (request.subject.common_name.empty()) return usage_error("issue needs --cn CN");
    std::string dns = get(*o, "dns");
    for (std::size_t start = 0; !dns.empty() && start <= dns.size();) {
        std::size_t comma = dns.find(',', start);
        if (comma == std::string::npos) comma = dns.size();
        if (comma > start) request.dns_names.push_back(dns.substr(start, comma - start));
        start = comma + 1;
    }
    auto days = parse_int(get(*o, "days", "825"), 1, 36500);
    if (!days) return usage_error("--days must be 1..36500");
    request.not_before = now() - 3600;
    request.not_after = now() + std::int64_t{*days} * 86400;

    auto ca = pki::load_ca(dir);
    if (!ca) return failed(ca.error());
    auto key = pki::generate_key();
    if (!key) return failed(key.error());
    auto cert = pki::issue_certificate(*ca, *key, request);
    OPENSSL_cleanse(ca->key_pem.data(), ca->key_pem.size());
    if (!cert) return failed(cert.error());
    // The prefix's folder (pki/kiosks/KIOSK-ID) is made when missing.
    const auto parent = std::filesystem::path(out).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    Status ok = pki::write_file(out + ".key", *key, 0600);
    OPENSSL_cleanse(key->data(), key->size());
    if (ok) ok = pki::write_file(out + ".pem", *cert, 0644);
    if (!ok) return failed(ok.error());
    std::printf("certificate issued: %s.pem\n", out.c_str());
    return k_exit_ok;
}

} // namespace

int run_pki(std::span<char* const> args) {
    if (args.empty()) return usage_error("pki needs a subcommand");
    const std::string_view sub = args[0];
    auto rest = args.subspan(1);
    if (sub == "init") return run_init(rest);
    if (sub == "card") return run_card(rest);
    if (sub == "issue") return run_issue(rest);
    if (sub == "help" || sub == "--help") {
        std::fwrite(k_usage.data(), 1, k_usage.size(), stdout);
        return k_exit_ok;
    }
    return usage_error("unknown pki subcommand '" + std::string(sub) + "'");
}

} // namespace registry::cli
