#include "applet.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sstream>

namespace hal {
namespace {

constexpr std::array<std::uint8_t, 7> k_aid = {0xF0, 0x45, 0x4D, 0x45, 0x4B, 0x49, 0x44};
constexpr std::size_t k_max_chunk = 0xE0;
constexpr int k_max_tries = 3;

Bytes sw(std::uint16_t word, Bytes data = {}) {
    data.push_back(static_cast<std::uint8_t>(word >> 8));
    data.push_back(static_cast<std::uint8_t>(word & 0xFF));
    return data;
}

std::optional<std::string> slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

struct IdCardApplet::Key {
    EVP_PKEY* pkey = nullptr;
    ~Key() { EVP_PKEY_free(pkey); }
};

IdCardApplet::~IdCardApplet() {
    OPENSSL_cleanse(m_pin.data(), m_pin.size());
}

kiosk::Result<std::unique_ptr<IdCardApplet>> IdCardApplet::load(const std::string& dir) {
    namespace fs = std::filesystem;
    std::unique_ptr<IdCardApplet> applet(new IdCardApplet);
    auto ef_id = slurp(fs::path(dir) / "ef_id.bin");
    auto cert = slurp(fs::path(dir) / "cert.der");
    auto key = slurp(fs::path(dir) / "key.pem");
    auto pin = slurp(fs::path(dir) / "pin");
    if (!ef_id || !cert || !key || !pin)
        return kiosk::fail("card_files_unreadable", dir + ": not a card directory");
    applet->m_ef_id.assign(ef_id->begin(), ef_id->end());
    applet->m_cert.assign(cert->begin(), cert->end());
    while (!pin->empty() && (pin->back() == '\n' || pin->back() == '\r'))
        pin->pop_back();
    applet->m_pin = std::move(*pin);
    applet->m_tries_path = (fs::path(dir) / "tries").string();
    applet->m_tries = 0; // an unreadable counter fails closed: blocked
    if (auto tries = slurp(applet->m_tries_path)) {
        try {
            applet->m_tries = std::clamp(std::stoi(*tries), 0, k_max_tries);
        } catch (...) {
        }
    }
    applet->m_key = std::make_unique<Key>();
    BIO* bio = BIO_new_mem_buf(key->data(), static_cast<int>(key->size()));
    applet->m_key->pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    OPENSSL_cleanse(key->data(), key->size());
    if (!applet->m_key->pkey)
        return kiosk::fail("card_files_unreadable", dir + "/key.pem: not a private key");
    return applet;
}

void IdCardApplet::reset() {
    m_selected = false;
    m_current = nullptr;
    m_verified = false;
}

void IdCardApplet::store_tries() {
    if (m_tries_path.empty()) return;
    const std::string tmp = m_tries_path + ".tmp";
    if (std::FILE* f = std::fopen(tmp.c_str(), "w")) {
        std::fprintf(f, "%d\n", m_tries);
        std::fclose(f);
        std::rename(tmp.c_str(), m_tries_path.c_str());
    }
}

Bytes IdCardApplet::process(std::span<const std::uint8_t> apdu) {
    if (apdu.size() < 4) return sw(0x6700);
    const std::uint8_t cla = apdu[0], ins = apdu[1], p1 = apdu[2], p2 = apdu[3];
    auto body = apdu.subspan(4);
    std::span<const std::uint8_t> data;
    std::size_t le = 0; // 0: absent
    if (body.size() == 1) {
        le = body[0] ? body[0] : 256;
    } else if (body.size() > 1) {
        const std::size_t lc = body[0];
        if (lc == 0 || body.size() < 1 + lc || body.size() > 2 + lc) return sw(0x6700);
        data = body.subspan(1, lc);
        if (body.size() == 2 + lc) le = body[1 + lc] ? body[1 + lc] : 256;
    }
    if (cla != 0x00) return sw(0x6E00);
    if (ins == 0xA4) return select(p1, p2, data);
    if (!m_selected) return sw(0x6985);
    if (ins == 0xB0) return read_binary(p1, p2, le);
    if (ins == 0x20) return verify(p1, p2, data);
    if (ins == 0x88) return internal_authenticate(p1, p2, data);
    return sw(0x6D00);
}

Bytes IdCardApplet::select(std::uint8_t p1, std::uint8_t p2, std::span<const std::uint8_t> data) {
    if (p1 == 0x04 && p2 == 0x00) {
        if (!std::ranges::equal(data, k_aid)) return sw(0x6A82);
        m_selected = true;
        m_current = nullptr;
        return sw(0x9000);
    }
    if (p1 == 0x02 && p2 == 0x0C) {
        if (!m_selected) return sw(0x6985);
        if (data.size() != 2) return sw(0x6700);
        if (data[0] == 0x01 && data[1] == 0x01)
            m_current = &m_ef_id;
        else if (data[0] == 0x01 && data[1] == 0x02)
            m_current = &m_cert;
        else
            return sw(0x6A82);
        return sw(0x9000);
    }
    return sw(0x6A86);
}

Bytes IdCardApplet::read_binary(std::uint8_t p1, std::uint8_t p2, std::size_t le) {
    if (!m_current) return sw(0x6986);
    if (p1 & 0x80) return sw(0x6A86);
    const std::size_t offset = (std::size_t{p1} << 8) | p2;
    if (offset > m_current->size()) return sw(0x6B00);
    const std::size_t n = std::min({le ? le : k_max_chunk, k_max_chunk, m_current->size() - offset});
    Bytes out(m_current->begin() + static_cast<std::ptrdiff_t>(offset),
              m_current->begin() + static_cast<std::ptrdiff_t>(offset + n));
    return sw(0x9000, std::move(out));
}

Bytes IdCardApplet::verify(std::uint8_t p1, std::uint8_t p2, std::span<const std::uint8_t> data) {
    if (p1 != 0x00 || p2 != 0x01) return sw(0x6A86);
    if (data.size() < 4 || data.size() > 8 ||
        !std::ranges::all_of(data, [](std::uint8_t c) { return c >= '0' && c <= '9'; }))
        return sw(0x6A80);
    if (m_tries == 0) return sw(0x6983);
    const bool match =
        data.size() == m_pin.size() && CRYPTO_memcmp(data.data(), m_pin.data(), data.size()) == 0;
    if (match) {
        if (m_tries != k_max_tries) {
            m_tries = k_max_tries;
            store_tries();
        }
        m_verified = true;
        return sw(0x9000);
    }
    --m_tries;
    store_tries();
    m_verified = false;
    return sw(static_cast<std::uint16_t>(0x63C0 | m_tries));
}

Bytes IdCardApplet::internal_authenticate(std::uint8_t p1, std::uint8_t p2,
                                          std::span<const std::uint8_t> data) {
    if (p1 != 0x00 || p2 != 0x00) return sw(0x6A86);
    if (data.size() != 32) return sw(0x6700);
    if (!m_verified) return sw(0x6982);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    Bytes sig(EVP_PKEY_get_size(m_key->pkey));
    std::size_t len = sig.size();
    const bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, m_key->pkey) == 1 &&
                    EVP_DigestSign(ctx, sig.data(), &len, data.data(), data.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok) return sw(0x6F00);
    sig.resize(len);
    if (corrupt_signatures && sig.size() > 8) sig[sig.size() / 2] ^= 0x01;
    return sw(0x9000, std::move(sig));
}

} // namespace hal
