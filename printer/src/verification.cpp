#include "printer/verification.hpp"

#include <openssl/evp.h>

#include <array>

namespace printer {

std::string verification_code(std::string_view notification_id, std::string_view number) {
    std::string input = "emek-verify/v1\n";
    input += notification_id;
    input += '\n';
    input += number;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int len = 0;
    EVP_Digest(input.data(), input.size(), digest.data(), &len, EVP_sha256(), nullptr);
    std::uint64_t bits = 0;
    for (int i = 0; i < 5; ++i) bits = (bits << 8) | digest[static_cast<std::size_t>(i)];
    static constexpr std::string_view k_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string code;
    for (int i = 7; i >= 0; --i) {
        code += k_alphabet[(bits >> (5 * i)) & 31];
        if (i == 4) code += '-';
    }
    return code;
}

std::string verification_url(std::string_view base_url, std::string_view code) {
    std::string url(base_url);
    while (!url.empty() && url.back() == '/') url.pop_back();
    url += "/verify/";
    for (char c : code)
        if (c != '-') url += c;
    return url;
}

} // namespace printer
