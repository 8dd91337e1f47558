#include "sync/signature.hpp"

#include "kiosk/sqlite.hpp"

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sqlite3.h>

#include <array>
#include <unordered_map>

namespace kiosk::sync {
namespace {

template <typename T, void (*F)(T*)> struct Deleter {
    void operator()(T* p) const { F(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
void free_x509_stack(STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); }
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), free_x509_stack>>;

std::optional<std::string> base64_decode(std::string_view in) {
    std::string clean;
    clean.reserve(in.size());
    for (char c : in)
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') clean += c;
    if (clean.empty() || clean.size() % 4 != 0) return std::nullopt;
    std::string out(clean.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
    if (n < 0) return std::nullopt;
    std::size_t pad = 0;
    if (clean.ends_with("==")) pad = 2;
    else if (clean.ends_with('=')) pad = 1;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

std::string common_name(X509* cert) {
    char buf[256] = {};
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buf, sizeof buf) < 0) return {};
    return buf;
}

} // namespace

CheckCounts& CheckCounts::operator+=(const CheckCounts& o) {
    checked += o.checked;
    valid += o.valid;
    invalid += o.invalid;
    for (const auto& [r, n] : o.reasons) reasons[r] += n;
    return *this;
}

// --- the verifier ---------------------------------------------------------------------

struct SignatureVerifier::Impl {
    X509_STORE* store = nullptr;
    struct Cached {
        std::string reason; // "" trusted
        std::chrono::steady_clock::time_point at;
    };
    std::unordered_map<std::string, Cached> chains; // by SHA-256 of the certificate
    ~Impl() {
        if (store) X509_STORE_free(store);
    }

    // "" when the certificate chains to the CA, else the reason.
    std::string chain_verdict(X509* cert, STACK_OF(X509) * untrusted) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        X509_digest(cert, EVP_sha256(), md, &len);
        std::string key(reinterpret_cast<char*>(md), len);
        const auto now = std::chrono::steady_clock::now();
        if (auto it = chains.find(key); it != chains.end() && now - it->second.at < std::chrono::hours(1))
            return it->second.reason;
        StoreCtxPtr ctx(X509_STORE_CTX_new());
        std::string reason = "signer_untrusted";
        if (ctx && X509_STORE_CTX_init(ctx.get(), store, cert, untrusted) == 1) {
            X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_ANY);
            if (X509_verify_cert(ctx.get()) == 1) {
                reason.clear();
            } else {
                int err = X509_STORE_CTX_get_error(ctx.get());
                if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID)
                    reason = "signer_expired";
            }
        }
        if (chains.size() > 10'000) chains.clear();
        chains[key] = Cached{reason, now};
        return reason;
    }
};

SignatureVerifier::SignatureVerifier(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SignatureVerifier::~SignatureVerifier() = default;

Result<std::unique_ptr<SignatureVerifier>> SignatureVerifier::open(const std::string& ca_file) {
    auto impl = std::make_unique<Impl>();
    impl->store = X509_STORE_new();
    BioPtr bio(BIO_new_file(ca_file.c_str(), "r"));
    if (!bio) return fail("signer_ca_unreadable", "cannot open " + ca_file);
    int added = 0;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(impl->store, cert);
        X509_free(cert);
        ++added;
    }
    ERR_clear_error();
    if (added == 0) return fail("signer_ca_unreadable", "no PEM certificate in " + ca_file);
    return std::unique_ptr<SignatureVerifier>(new SignatureVerifier(std::move(impl)));
}

std::optional<std::string> SignatureVerifier::canonical(std::string_view document_json) {
    auto j = nlohmann::json::parse(document_json, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    try {
        return j.dump();
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

SignatureVerdict SignatureVerifier::verify(std::string_view content, std::string_view signature_base64) {
    SignatureVerdict v;
    struct ClearErrors {
        ~ClearErrors() { ERR_clear_error(); }
    } clear;
    auto der = base64_decode(signature_base64);
    if (!der) {
        v.reason = "signature_malformed";
        return v;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(der->data());
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der->size())));
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
        v.reason = "signature_malformed";
        return v;
    }
    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    if (!infos || sk_CMS_SignerInfo_num(infos) == 0) {
        v.reason = "signature_malformed";
        return v;
    }
    X509StackPtr certs(CMS_get1_certs(cms.get()));
    for (int i = 0; i < sk_CMS_SignerInfo_num(infos); ++i) {
        CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, i);
        X509* signer = nullptr;
        for (int k = 0; certs && k < sk_X509_num(certs.get()); ++k)
            if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs.get(), k)) == 0) signer = sk_X509_value(certs.get(), k);
        if (!signer) {
            v.reason = "signer_unknown";
            return v;
        }
        if (v.signer.empty()) v.signer = common_name(signer);
        if (std::string r = m_impl->chain_verdict(signer, certs.get()); !r.empty()) {
            v.reason = r;
            return v;
        }
    }
    // The chains are checked (and cached) above; CMS_verify checks the signatures and digests.
    BioPtr data(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
    if (CMS_verify(cms.get(), certs.get(), m_impl->store, data.get(), nullptr,
                   CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY | CMS_NOINTERN) != 1) {
        v.reason = "signature_mismatch";
        return v;
    }
    v.valid = true;
    return v;
}

// --- the checker over the store ----------------------------------------------------------

namespace {

// What the screen shows must be what was signed: the record's fields that the document
// also carries must be equal to it.
struct RowFields {
    std::string number, kind, date, contract_id, employee_fin, employer_voen, position, workplace;
    std::optional<std::string> order_date, order_number, termination_date, reason, amendment;
};

std::optional<std::string> compare_fields(const nlohmann::json& doc, const RowFields& r) {
    auto differs = [&](const nlohmann::json& obj, std::string_view key, const std::string& value) {
        auto it = obj.find(key);
        return it != obj.end() && (!it->is_string() || it->get<std::string>() != value);
    };
    const std::array<std::pair<std::string_view, const std::string*>, 8> flat{{{"number", &r.number},
                                                                                {"kind", &r.kind},
                                                                                {"date", &r.date},
                                                                                {"contract_id", &r.contract_id},
                                                                                {"employee_fin", &r.employee_fin},
                                                                                {"employer_voen", &r.employer_voen},
                                                                                {"position", &r.position},
                                                                                {"workplace", &r.workplace}}};
    for (const auto& [key, value] : flat)
        if (differs(doc, key, *value)) return std::string(key);
    if (auto t = doc.find("termination"); t != doc.end() && t->is_object()) {
        const std::array<std::pair<std::string_view, const std::optional<std::string>*>, 4> term{
            {{"order_date", &r.order_date},
             {"order_number", &r.order_number},
             {"termination_date", &r.termination_date},
             {"reason", &r.reason}}};
        for (const auto& [key, value] : term)
            if (t->contains(key) && (!value->has_value() || differs(*t, key, **value)))
                return "termination." + std::string(key);
    }
    if (auto a = doc.find("amendment"); a != doc.end() && a->is_object()) {
        if (!r.amendment) return std::string("amendment");
        auto row = nlohmann::json::parse(*r.amendment, nullptr, false);
        if (row.is_discarded() || row != *a) return std::string("amendment");
    }
    return std::nullopt;
}

constexpr std::string_view k_row_columns =
    "n.rowid, n.id, n.seq, n.status, n.document, n.signature, n.number, n.kind, n.date, n.contract_id, "
    "n.employee_fin, n.employer_voen, n.position, n.workplace, n.order_date, n.order_number, n.termination_date, "
    "n.reason, n.amendment";

constexpr std::string_view k_needs_check =
    " n.status <> 'entered' AND NOT EXISTS (SELECT 1 FROM signature_check sc WHERE sc.id = n.id AND sc.seq = n.seq)";

} // namespace

SignatureChecker::SignatureChecker(Store& store, std::unique_ptr<SignatureVerifier> verifier)
    : m_store(store), m_verifier(std::move(verifier)) {}
SignatureChecker::~SignatureChecker() = default;

Result<std::unique_ptr<SignatureChecker>> SignatureChecker::open(Store& store, const std::string& signer_ca) {
    if (store.schema_version() < 4) return fail("schema_too_old", "signature checks need store schema 4");
    auto v = SignatureVerifier::open(signer_ca);
    if (!v) return std::unexpected(v.error());
    return std::unique_ptr<SignatureChecker>(new SignatureChecker(store, std::move(*v)));
}

Result<CheckCounts> SignatureChecker::check_where(std::string_view where, std::string_view arg,
                                                  std::int64_t after_rowid, std::size_t limit,
                                                  std::int64_t* last_rowid, std::int64_t* examined) {
    sqlite3* db = m_store.handle();
    auto s = sql::Stmt::prepare(db, "SELECT " + std::string(k_row_columns) + " FROM notification n WHERE " +
                                        std::string(where) + " ORDER BY n.rowid LIMIT ?3");
    if (!s) return std::unexpected(s.error());
    s->bind(1, arg);
    s->bind(2, after_rowid);
    s->bind(3, static_cast<std::int64_t>(limit));
    struct Verdict {
        std::string id;
        std::int64_t seq;
        SignatureVerdict v;
    };
    std::vector<Verdict> verdicts;
    std::int64_t n = 0;
    for (;;) {
        auto row = s->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        ++n;
        if (last_rowid) *last_rowid = s->column_int(0);
        std::string status = s->column_text(3);
        Verdict out{s->column_text(1), s->column_int(2), {}};
        if (status == "entered") continue;
        auto document = s->column_opt_text(4);
        auto signature = s->column_opt_text(5);
        if (!signature || signature->empty()) {
            out.v.reason = "signature_missing";
        } else if (!document) {
            out.v.reason = "document_missing";
        } else if (auto canonical = SignatureVerifier::canonical(*document); !canonical) {
            out.v.reason = "document_malformed";
        } else {
            out.v = m_verifier->verify(*canonical, *signature);
            if (out.v.valid) {
                RowFields r{s->column_text(6),  s->column_text(7),  s->column_text(8),  s->column_text(9),
                            s->column_text(10), s->column_text(11), s->column_text(12), s->column_text(13),
                            s->column_opt_text(14), s->column_opt_text(15), s->column_opt_text(16),
                            s->column_opt_text(17), s->column_opt_text(18)};
                if (auto field = compare_fields(nlohmann::json::parse(*canonical), r)) {
                    out.v.valid = false;
                    out.v.reason = "document_mismatch";
                }
            }
        }
        verdicts.push_back(std::move(out));
    }
    s->reset();
    if (examined) *examined = n;
    CheckCounts counts;
    if (verdicts.empty()) return counts;
    auto tx = sql::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    auto put = sql::Stmt::prepare(db, R"sql(
        INSERT INTO signature_check(id, seq, result, reason, signer, checked_at)
        VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, result = excluded.result, reason = excluded.reason,
            signer = excluded.signer, checked_at = excluded.checked_at)sql");
    if (!put) return std::unexpected(put.error());
    for (const Verdict& v : verdicts) {
        put->bind(1, std::string_view(v.id));
        put->bind(2, v.seq);
        put->bind(3, std::string_view(v.v.valid ? "valid" : "invalid"));
        put->bind_opt(4, v.v.valid ? std::nullopt : std::optional<std::string_view>(v.v.reason));
        put->bind_opt(5, v.v.signer.empty() ? std::nullopt : std::optional<std::string_view>(v.v.signer));
        KIOSK_TRY(put->run());
        counts.checked++;
        if (v.v.valid) {
            counts.valid++;
        } else {
            counts.invalid++;
            counts.reasons[v.v.reason]++;
        }
    }
    KIOSK_TRY(tx->commit());
    return counts;
}

Result<CheckCounts> SignatureChecker::check_person(std::string_view fin) {
    return check_where("n.employee_fin = ?1 AND n.rowid > ?2 AND" + std::string(k_needs_check), fin, 0, 100'000,
                       nullptr, nullptr);
}

Result<CheckCounts> SignatureChecker::check_one(std::string_view id) {
    return check_where("n.id = ?1 AND n.rowid > ?2 AND" + std::string(k_needs_check), id, 0, 1, nullptr, nullptr);
}

Result<CheckCounts> SignatureChecker::check_next(std::size_t max, bool& wrapped) {
    sqlite3* db = m_store.handle();
    auto marker = sql::Stmt::prepare(db, "SELECT verify_rowid FROM sync_state WHERE id = 1");
    if (!marker) return std::unexpected(marker.error());
    auto row = marker->step();
    if (!row) return std::unexpected(row.error());
    std::int64_t after = *row ? marker->column_int(0) : 0;
    marker->reset();
    // The next `max` rows after the marker that need a verdict (checked ones are skipped by the query).
    std::int64_t last = after, examined = 0;
    auto counts = check_where("?1 = ?1 AND n.rowid > ?2 AND" + std::string(k_needs_check), "", after, max, &last,
                              &examined);
    if (!counts) return counts;
    wrapped = examined < static_cast<std::int64_t>(max);
    auto set = sql::Stmt::prepare(db, "UPDATE sync_state SET verify_rowid = ?1 WHERE id = 1");
    if (!set) return std::unexpected(set.error());
    set->bind(1, wrapped ? std::int64_t{0} : last);
    KIOSK_TRY(set->run());
    return counts;
}

Result<std::int64_t> SignatureChecker::unchecked() const {
    auto s = sql::Stmt::prepare(m_store.handle(), "SELECT count(*) FROM notification n WHERE" + std::string(k_needs_check));
    if (!s) return std::unexpected(s.error());
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    return *row ? s->column_int(0) : 0;
}

} // namespace kiosk::sync
