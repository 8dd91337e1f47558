#include "registry/pki.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sstream>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>

namespace registry::pki {
namespace {

template <auto fn> struct Deleter {
    template <typename T> void operator()(T* p) const { fn(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;

Error crypto_error(const std::string& what) {
    std::string detail = what;
    if (unsigned long e = ERR_get_error(); e != 0) {
        char buffer[256];
        ERR_error_string_n(e, buffer, sizeof buffer);
        detail += ": ";
        detail += buffer;
    }
    ERR_clear_error();
    return Error{"crypto_error", detail};
}

BioPtr memory_bio(const std::string& text) {
    return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

Result<PkeyPtr> read_private_key(const std::string& pem) {
    auto bio = memory_bio(pem);
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return std::unexpected(crypto_error("bad private key"));
    return key;
}

// A private or a public key.
Result<PkeyPtr> read_any_key(const std::string& pem) {
    if (pem.find("PRIVATE KEY") != std::string::npos) return read_private_key(pem);
    auto bio = memory_bio(pem);
    PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return std::unexpected(Error{"bad_key", "not a PEM public or private key"});
    return key;
}

Result<X509Ptr> read_cert(const std::string& pem) {
    auto bio = memory_bio(pem);
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) return std::unexpected(Error{"bad_certificate", "not a PEM certificate"});
    return cert;
}

Result<std::string> cert_pem(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
        return std::unexpected(crypto_error("write certificate"));
    return bio_text(bio.get());
}

Status add_name_entry(X509_NAME* name, int nid, const std::string& value) {
    if (value.empty()) return {};
    if (X509_NAME_add_entry_by_NID(name, nid, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1)
        return std::unexpected(crypto_error("subject field"));
    return {};
}

Status add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1)
        return std::unexpected(crypto_error("extension " + value));
    return {};
}

Status check_request(const CertificateRequest& r) {
    if (r.subject.common_name.empty())
        return std::unexpected(Error{"bad_request", "subject common name is empty"});
    if (r.not_after <= r.not_before)
        return std::unexpected(Error{"bad_request", "validity ends before it starts"});
    if (r.profile == Profile::IdCard && r.subject.serial_number.empty())
        return std::unexpected(
            Error{"bad_request", "an ID-card certificate needs subject serialNumber (FIN)"});
    if (r.profile == Profile::TlsServer && r.dns_names.empty())
        return std::unexpected(
            Error{"bad_request", "a server certificate needs at least one DNS name or IP"});
    return {};
}

// Builds and signs a certificate; `issuer_cert` null means self-signed.
Result<std::string> build(X509* issuer_cert, EVP_PKEY* issuer_key, EVP_PKEY* subject_key,
                          const CertificateRequest& r) {
    if (auto ok = check_request(r); !ok) return std::unexpected(ok.error());
    X509Ptr cert(X509_new());
    if (!cert) return std::unexpected(crypto_error("X509_new"));
    X509_set_version(cert.get(), 2); // v3

    unsigned char serial_bytes[16];
    if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1)
        return std::unexpected(crypto_error("RAND_bytes"));
    serial_bytes[0] &= 0x7F; // positive
    serial_bytes[0] |= 0x01; // and never shorter than 16 bytes
    BnPtr serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
    if (!serial || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
        return std::unexpected(crypto_error("serial number"));

    if (!ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(r.not_before)) ||
        !ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(r.not_after)))
        return std::unexpected(crypto_error("validity"));

    X509_NAME* name = X509_get_subject_name(cert.get());
    for (auto [nid, value] :
         {std::pair{NID_countryName, &r.subject.country},
          std::pair{NID_organizationName, &r.subject.organization},
          std::pair{NID_surname, &r.subject.surname}, std::pair{NID_givenName, &r.subject.given_name},
          std::pair{NID_serialNumber, &r.subject.serial_number},
          std::pair{NID_commonName, &r.subject.common_name}})
        if (auto ok = add_name_entry(name, nid, *value); !ok) return std::unexpected(ok.error());
    if (X509_set_subject_name(cert.get(), name) != 1 ||
        X509_set_issuer_name(cert.get(), issuer_cert ? X509_get_subject_name(issuer_cert) : name) != 1)
        return std::unexpected(crypto_error("names"));
    if (X509_set_pubkey(cert.get(), subject_key) != 1) return std::unexpected(crypto_error("public key"));

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer_cert ? issuer_cert : cert.get(), cert.get(), nullptr, nullptr, 0);
    std::vector<std::pair<int, std::string>> extensions;
    switch (r.profile) {
    case Profile::RootCa:
        extensions = {{NID_basic_constraints, "critical,CA:TRUE"},
                      {NID_key_usage, "critical,keyCertSign,cRLSign"}};
        break;
    case Profile::IdCard:
        extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                      {NID_key_usage, "critical,digitalSignature"},
                      {NID_ext_key_usage, "clientAuth"}};
        break;
    case Profile::TlsServer: {
        std::string san;
        for (const auto& dns : r.dns_names) {
            if (!san.empty()) san += ",";
            bool ip = !dns.empty() && dns.find_first_not_of("0123456789.:") == std::string::npos;
            san += (ip ? "IP:" : "DNS:") + dns;
        }
        extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                      {NID_key_usage, "critical,digitalSignature"},
                      {NID_ext_key_usage, "serverAuth"},
                      {NID_subject_alt_name, san}};
        break;
    }
    case Profile::TlsClient:
        extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                      {NID_key_usage, "critical,digitalSignature"},
                      {NID_ext_key_usage, "clientAuth"}};
        break;
    case Profile::DocumentSigner:
        extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                      {NID_key_usage, "critical,digitalSignature,nonRepudiation"},
                      {NID_ext_key_usage, "emailProtection"}};
        break;
    }
    extensions.emplace_back(NID_subject_key_identifier, "hash");
    if (issuer_cert) extensions.emplace_back(NID_authority_key_identifier, "keyid:always");
    for (const auto& [nid, value] : extensions)
        if (auto ok = add_extension(cert.get(), &ctx, nid, value); !ok) return std::unexpected(ok.error());

    if (X509_sign(cert.get(), issuer_key, EVP_sha256()) <= 0) return std::unexpected(crypto_error("sign"));
    return cert_pem(cert.get());
}

bool all_digits(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// One BER-TLV element with a short-form or 81 xx length (at most 255 bytes).
Status append_tlv(std::string& out, unsigned char tag, const std::string& value) {
    if (value.size() > 255) return std::unexpected(Error{"bad_request", "EF.ID field longer than 255 bytes"});
    out.push_back(static_cast<char>(tag));
    if (value.size() >= 0x80) out.push_back(static_cast<char>(0x81));
    out.push_back(static_cast<char>(value.size()));
    out += value;
    return {};
}

} // namespace

Result<std::string> generate_key() {
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) return std::unexpected(crypto_error("P-256 key generation"));
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return std::unexpected(crypto_error("write private key"));
    return bio_text(bio.get());
}

Result<std::string> self_signed(const std::string& key_pem, const CertificateRequest& request) {
    if (request.profile != Profile::RootCa)
        return std::unexpected(Error{"bad_request", "only a CA certificate is self-signed"});
    auto key = read_private_key(key_pem);
    if (!key) return std::unexpected(key.error());
    return build(nullptr, key->get(), key->get(), request);
}

Result<std::string> issue_certificate(const Credential& issuer, const std::string& subject_key_pem,
                                      const CertificateRequest& request) {
    auto issuer_cert = read_cert(issuer.cert_pem);
    if (!issuer_cert) return std::unexpected(issuer_cert.error());
    auto issuer_key = read_private_key(issuer.key_pem);
    if (!issuer_key) return std::unexpected(issuer_key.error());
    auto subject_key = read_any_key(subject_key_pem);
    if (!subject_key) return std::unexpected(subject_key.error());
    return build(issuer_cert->get(), issuer_key->get(), subject_key->get(), request);
}

Result<std::string> certificate_der(const std::string& pem) {
    auto cert = read_cert(pem);
    if (!cert) return std::unexpected(cert.error());
    unsigned char* der = nullptr;
    int n = i2d_X509(cert->get(), &der);
    if (n <= 0) return std::unexpected(Error{"bad_certificate", "cannot encode DER"});
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
    return out;
}

Status write_file(const std::string& path, const std::string& bytes, unsigned mode) {
    const std::string temporary = path + ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return std::unexpected(Error{"io_error", temporary + ": " + std::strerror(errno)});
    bool ok = ::fchmod(fd, mode) == 0; // the umask may have narrowed or the file pre-existed
    std::size_t done = 0;
    while (ok && done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ::fsync(fd) == 0 && ok;
    const int saved = errno;
    ok = ::close(fd) == 0 && ok;
    if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(ok ? errno : saved);
        ::unlink(temporary.c_str());
        return std::unexpected(Error{"io_error", path + ": " + reason});
    }
    return {};
}

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(Error{"io_error", path + ": cannot open"});
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::unexpected(Error{"io_error", path + ": read failed"});
    return text.str();
}

std::optional<std::int64_t> parse_date(const std::string& text) {
    std::string digits;
    for (char c : text)
        if (c != '-') digits.push_back(c);
    if (digits.size() != 8 || !all_digits(digits)) return std::nullopt;
    if (text.size() == 10 && (text[4] != '-' || text[7] != '-')) return std::nullopt;
    if (text.size() != 8 && text.size() != 10) return std::nullopt;
    std::tm tm{};
    tm.tm_year = std::stoi(digits.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(digits.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(digits.substr(6, 2));
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31) return std::nullopt;
    std::tm check = tm;
    const std::int64_t t = timegm(&tm);
    if (tm.tm_mday != check.tm_mday || tm.tm_mon != check.tm_mon) return std::nullopt; // e.g. 31 February
    return t;
}

Status init_ca(const std::string& dir, const std::string& name, std::int64_t now, int days) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(fs::path(dir) / "ca.pem", ec) || fs::exists(fs::path(dir) / "ca.key", ec))
        return std::unexpected(Error{"ca_exists", dir + " already holds a CA"});
    fs::create_directories(dir, ec);
    if (ec) return std::unexpected(Error{"io_error", dir + ": " + ec.message()});
    auto key = generate_key();
    if (!key) return std::unexpected(key.error());
    CertificateRequest request;
    request.profile = Profile::RootCa;
    request.subject.common_name = name;
    request.subject.organization = "emek-kiosk test PKI";
    request.not_before = now - 3600;
    request.not_after = now + std::int64_t{days} * 86400;
    auto cert = self_signed(*key, request);
    if (!cert) return std::unexpected(cert.error());
    if (auto ok = write_file((fs::path(dir) / "ca.key").string(), *key, 0600); !ok) return ok;
    OPENSSL_cleanse(key->data(), key->size());
    return write_file((fs::path(dir) / "ca.pem").string(), *cert, 0644);
}

Result<Credential> load_ca(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(fs::path(dir) / "ca.pem", ec) || !fs::exists(fs::path(dir) / "ca.key", ec))
        return std::unexpected(
            Error{"ca_missing", dir + " holds no CA (registry pki init --dir " + dir + ")"});
    auto cert = read_file((fs::path(dir) / "ca.pem").string());
    if (!cert) return std::unexpected(cert.error());
    auto key = read_file((fs::path(dir) / "ca.key").string());
    if (!key) return std::unexpected(key.error());
    return Credential{*cert, *key};
}

std::optional<Role> parse_role(const std::string& text) {
    if (text == "citizen") return Role::Citizen;
    if (text == "staff") return Role::Staff;
    if (text == "technician") return Role::Technician;
    return std::nullopt;
}

Result<std::string> encode_ef_id(const CardRequest& card) {
    if (card.fin.size() != 7) return std::unexpected(Error{"bad_request", "a FIN is 7 characters"});
    for (const auto* date : {&card.birth_date, &card.expiry})
        if (date->size() != 8 || !all_digits(*date))
            return std::unexpected(Error{"bad_request", "dates on the card are YYYYMMDD"});
    std::string out;
    const std::pair<unsigned char, const std::string*> fields[] = {
        {0x80, &card.fin},        {0x81, &card.surname},    {0x82, &card.name},
        {0x83, &card.patronymic}, {0x84, &card.birth_date}, {0x85, &card.document_number},
        {0x86, &card.expiry}};
    for (auto [tag, value] : fields)
        if (auto ok = append_tlv(out, tag, *value); !ok) return std::unexpected(ok.error());
    if (auto ok = append_tlv(out, 0x87, std::string(1, static_cast<char>(card.role))); !ok)
        return std::unexpected(ok.error());
    return out;
}

Status issue_card(const Credential& ca, const CardRequest& card, const std::string& out_dir) {
    namespace fs = std::filesystem;
    if (card.pin.size() < 4 || card.pin.size() > 8 || !all_digits(card.pin))
        return std::unexpected(Error{"bad_request", "a PIN is 4 to 8 digits"});
    if (card.tries < 0 || card.tries > 3) return std::unexpected(Error{"bad_request", "tries must be 0..3"});
    auto ef_id = encode_ef_id(card);
    if (!ef_id) return std::unexpected(ef_id.error());
    auto key = generate_key();
    if (!key) return std::unexpected(key.error());

    CertificateRequest request;
    request.profile = Profile::IdCard;
    request.subject.common_name = card.surname + " " + card.name;
    request.subject.surname = card.surname;
    request.subject.given_name = card.name;
    request.subject.serial_number = card.fin;
    request.not_before = card.not_before;
    request.not_after = card.not_after;
    auto cert = issue_certificate(ca, *key, request);
    if (!cert) return std::unexpected(cert.error());
    auto der = certificate_der(*cert);
    if (!der) return std::unexpected(der.error());
    if (card.mismatched_key) {
        auto other = generate_key(); // the card signs with a key nobody certified
        if (!other) return std::unexpected(other.error());
        OPENSSL_cleanse(key->data(), key->size());
        *key = std::move(*other);
    }

    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) return std::unexpected(Error{"io_error", out_dir + ": " + ec.message()});
    const fs::path dir(out_dir);
    Status written = write_file((dir / "key.pem").string(), *key, 0600);
    OPENSSL_cleanse(key->data(), key->size());
    if (!written) return written;
    using File = std::tuple<const char*, const std::string*, unsigned>;
    for (auto [name, bytes, mode] : {File{"ef_id.bin", &*ef_id, 0644u}, File{"cert.der", &*der, 0644u},
                                     File{"cert.pem", &*cert, 0644u}, File{"pin", &card.pin, 0600u}})
        if (auto ok = write_file((dir / name).string(), *bytes, mode); !ok) return ok;
    return write_file((dir / "tries").string(), std::to_string(card.tries) + "\n", 0600);
}

} // namespace registry::pki
