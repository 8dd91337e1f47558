// The applet client (PROTOCOL.md "ID-card applet (v1)") and EF.ID parsing.
#include "hal/id_card.hpp"

#include <algorithm>
#include <cstdio>
#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace hal {
namespace {

constexpr std::uint8_t k_aid[] = {0xF0, 0x45, 0x4D, 0x45, 0x4B, 0x49, 0x44};
constexpr std::size_t k_chunk = 0xE0;
constexpr std::size_t k_max_response = 256 + 2;
constexpr int k_max_get_response = 16; // bounded: a card cannot keep us looping

std::string sw_text(std::uint16_t sw) {
    char text[8];
    std::snprintf(text, sizeof text, "%04X", sw);
    return text;
}

std::unexpected<kiosk::Error> unexpected_status(const char* step, std::uint16_t sw) {
    return kiosk::fail("unexpected_status", std::string(step) + ": SW " + sw_text(sw));
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F) return false; // no control characters in names
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            n = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            n = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            n = 3, cp = c & 0x07;
        else
            return false;
        if (i + n >= s.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        const std::uint32_t min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    return true;
}

bool valid_fin(std::string_view fin) {
    return fin.size() == 7 && std::ranges::all_of(fin, [](char c) {
               return ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) && c != 'I' && c != 'O';
           });
}

// YYYYMMDD (a real calendar date) as YYYY-MM-DD.
std::optional<std::string> card_date(std::string_view d) {
    if (d.size() != 8 || !std::ranges::all_of(d, [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const int y = std::stoi(std::string(d.substr(0, 4))), m = std::stoi(std::string(d.substr(4, 2))),
              day = std::stoi(std::string(d.substr(6, 2)));
    static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || day < 1) return std::nullopt;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (day > k_days[m - 1] + (m == 2 && leap)) return std::nullopt;
    return std::string(d.substr(0, 4)) + "-" + std::string(d.substr(4, 2)) + "-" +
           std::string(d.substr(6, 2));
}

void wipe_string(std::string& s) {
    if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
    s.clear();
}

} // namespace

std::string_view role_name(Role role) {
    switch (role) {
    case Role::Citizen:
        return "citizen";
    case Role::Staff:
        return "staff";
    case Role::Technician:
        return "technician";
    }
    return "citizen";
}

void Identity::wipe() {
    for (std::string* s : {&fin, &surname, &name, &patronymic, &birth_date, &document_number, &expiry})
        wipe_string(*s);
    role = Role::Citizen;
}

kiosk::Result<Identity> parse_ef_id(std::span<const std::uint8_t> data) {
    auto malformed = [](const std::string& why) {
        return kiosk::fail("malformed_card_data", "EF.ID: " + why);
    };
    Identity id;
    std::uint32_t seen = 0;
    std::size_t i = 0;
    while (i < data.size()) {
        // Tag: one byte, or a multi-byte tag (low bits 11111) to be skipped.
        std::uint32_t tag = data[i++];
        if ((tag & 0x1F) == 0x1F) {
            int n = 0;
            do {
                if (i >= data.size() || ++n > 3) return malformed("truncated tag");
                tag = (tag << 8) | data[i];
            } while (data[i++] & 0x80);
        }
        if (i >= data.size()) return malformed("missing length");
        std::size_t len = data[i++];
        if (len == 0x81) {
            if (i >= data.size()) return malformed("truncated length");
            len = data[i++];
            if (len < 0x80) return malformed("non-minimal length");
        } else if (len >= 0x80) {
            return malformed("unsupported length form");
        }
        if (len > data.size() - i) return malformed("value runs past the end");
        const std::string value(reinterpret_cast<const char*>(data.data() + i), len);
        i += len;
        if (tag < 0x80 || tag > 0x87) continue; // unknown tags are skipped
        const std::uint32_t bit = 1u << (tag - 0x80);
        if (seen & bit) return malformed("duplicate tag");
        seen |= bit;
        switch (tag) {
        case 0x80:
            if (!valid_fin(value)) return malformed("invalid FIN");
            id.fin = value;
            break;
        case 0x81:
        case 0x82:
        case 0x83:
            if (!valid_utf8(value) || (tag != 0x83 && value.empty())) return malformed("invalid name");
            (tag == 0x81 ? id.surname : tag == 0x82 ? id.name : id.patronymic) = value;
            break;
        case 0x84:
        case 0x86: {
            auto d = card_date(value);
            if (!d) return malformed("invalid date");
            (tag == 0x84 ? id.birth_date : id.expiry) = *d;
            break;
        }
        case 0x85:
            if (value.empty() || value.size() > 20 ||
                !std::ranges::all_of(value, [](char c) { return c > 0x20 && c < 0x7F; }))
                return malformed("invalid document number");
            id.document_number = value;
            break;
        case 0x87:
            if (value.size() != 1 || static_cast<unsigned char>(value[0]) > 2)
                return malformed("invalid role");
            id.role = static_cast<Role>(value[0]);
            break;
        }
    }
    if (seen != 0xFF) {
        id.wipe();
        return malformed("a required field is missing");
    }
    return id;
}

kiosk::Result<IdCard::Response> IdCard::exchange(const Bytes& command) {
    Bytes cmd = command;
    Response out;
    for (int round = 0; round < k_max_get_response; ++round) {
        auto r = m_channel.transmit(cmd);
        if (!r) return std::unexpected(r.error());
        if (r->size() < 2) return kiosk::fail("bad_response", "response shorter than a status word");
        if (r->size() > k_max_response)
            return kiosk::fail("bad_response", "response longer than a short APDU allows");
        const std::uint16_t sw = static_cast<std::uint16_t>((*r)[r->size() - 2] << 8 | (*r)[r->size() - 1]);
        out.data.insert(out.data.end(), r->begin(), r->end() - 2);
        if (out.data.size() > k_max_ef_cert) return kiosk::fail("bad_response", "response chain too long");
        if ((sw >> 8) == 0x61) { // T=0: more data waiting
            cmd = {0x00, 0xC0, 0x00, 0x00, static_cast<std::uint8_t>(sw & 0xFF)};
            continue;
        }
        if ((sw >> 8) == 0x6C && command.size() >= 5 &&
            round == 0) { // T=0: wrong Le, resend with the right one
            cmd = command;
            cmd.back() = static_cast<std::uint8_t>(sw & 0xFF);
            out.data.clear();
            continue;
        }
        out.sw = sw;
        return out;
    }
    return kiosk::fail("bad_response", "endless response chain");
}

kiosk::Status IdCard::select_applet() {
    Bytes cmd = {0x00, 0xA4, 0x04, 0x00, sizeof k_aid};
    cmd.insert(cmd.end(), std::begin(k_aid), std::end(k_aid));
    auto r = exchange(cmd);
    if (!r) return std::unexpected(r.error());
    if (r->sw == 0x9000) return {};
    if (r->sw == 0x6A82 || r->sw == 0x6D00 || r->sw == 0x6E00 || r->sw == 0x6A86)
        return kiosk::fail("not_an_id_card", "SELECT applet: SW " + sw_text(r->sw));
    return unexpected_status("SELECT applet", r->sw);
}

kiosk::Result<Bytes> IdCard::read_file(std::uint16_t fid, std::size_t max_size) {
    auto sel = exchange({0x00, 0xA4, 0x02, 0x0C, 0x02, static_cast<std::uint8_t>(fid >> 8),
                         static_cast<std::uint8_t>(fid & 0xFF)});
    if (!sel) return std::unexpected(sel.error());
    if (sel->sw == 0x6A82) return kiosk::fail("file_not_found", "SELECT " + sw_text(fid));
    if (sel->sw != 0x9000) return unexpected_status("SELECT file", sel->sw);
    Bytes content;
    for (;;) {
        const std::size_t offset = content.size();
        if (offset > 0x7FFF) return kiosk::fail("card_data_too_large", "file beyond READ BINARY offsets");
        auto r = exchange({0x00, 0xB0, static_cast<std::uint8_t>(offset >> 8),
                           static_cast<std::uint8_t>(offset & 0xFF), static_cast<std::uint8_t>(k_chunk)});
        if (!r) return std::unexpected(r.error());
        if (r->sw == 0x6B00 && offset > 0) break; // the file ended exactly at a chunk boundary
        if (r->sw != 0x9000) return unexpected_status("READ BINARY", r->sw);
        if (r->data.size() > k_chunk)
            return kiosk::fail("bad_response", "READ BINARY returned more than asked");
        content.insert(content.end(), r->data.begin(), r->data.end());
        if (content.size() > max_size)
            return kiosk::fail("card_data_too_large", "file larger than its limit");
        if (r->data.size() < k_chunk) break;
    }
    return content;
}

kiosk::Result<Identity> IdCard::read_identity() {
    auto bytes = read_file(0x0101, k_max_ef_id);
    if (!bytes) return std::unexpected(bytes.error());
    auto id = parse_ef_id(*bytes);
    OPENSSL_cleanse(bytes->data(), bytes->size());
    return id;
}

kiosk::Result<Bytes> IdCard::read_certificate() {
    return read_file(0x0102, k_max_ef_cert);
}

kiosk::Result<PinCheck> IdCard::verify_pin(std::string_view pin) {
    if (pin.size() < 4 || pin.size() > 8 ||
        !std::ranges::all_of(pin, [](char c) { return c >= '0' && c <= '9'; }))
        return kiosk::fail("invalid_pin", "a PIN is 4 to 8 digits");
    Bytes cmd = {0x00, 0x20, 0x00, 0x01, static_cast<std::uint8_t>(pin.size())};
    cmd.insert(cmd.end(), pin.begin(), pin.end());
    auto r = exchange(cmd);
    OPENSSL_cleanse(cmd.data(), cmd.size());
    if (!r) return std::unexpected(r.error());
    if (r->sw == 0x9000) return PinCheck{PinCheck::Outcome::Verified, 3};
    if (r->sw == 0x6983) return PinCheck{PinCheck::Outcome::Blocked, 0};
    if ((r->sw & 0xFFF0) == 0x63C0) {
        const int left = r->sw & 0x0F;
        if (left > 3) return kiosk::fail("bad_response", "VERIFY: more tries left than a card has");
        return PinCheck{PinCheck::Outcome::Wrong, left};
    }
    if (r->sw == 0x6A80) return kiosk::fail("invalid_pin", "VERIFY: the card refused the PIN's format");
    return unexpected_status("VERIFY", r->sw);
}

kiosk::Result<Bytes> IdCard::internal_authenticate(std::span<const std::uint8_t, 32> challenge) {
    Bytes cmd = {0x00, 0x88, 0x00, 0x00, 0x20};
    cmd.insert(cmd.end(), challenge.begin(), challenge.end());
    cmd.push_back(0x00);
    auto r = exchange(cmd);
    if (!r) return std::unexpected(r.error());
    if (r->sw == 0x6982) return kiosk::fail("pin_not_verified", "INTERNAL AUTHENTICATE before VERIFY");
    if (r->sw != 0x9000) return unexpected_status("INTERNAL AUTHENTICATE", r->sw);
    if (r->data.empty() || r->data.size() > 72)
        return kiosk::fail("bad_response", "signature of a wrong size");
    return std::move(r->data);
}

kiosk::Result<std::array<std::uint8_t, 32>> make_challenge() {
    std::array<std::uint8_t, 32> c{};
    if (RAND_bytes(c.data(), static_cast<int>(c.size())) != 1)
        return kiosk::fail("crypto_error", "RAND_bytes");
    return c;
}

} // namespace hal
