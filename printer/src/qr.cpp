#include "printer/qr.hpp"

#include <qrencode.h>

#include <string>

namespace printer {

std::optional<QrCode> qr_encode(std::string_view text) {
    const std::string s(text);
    QRcode* code = QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) return std::nullopt;
    QrCode q;
    q.size = code->width;
    q.dark.resize(static_cast<std::size_t>(q.size) * static_cast<std::size_t>(q.size));
    for (std::size_t i = 0; i < q.dark.size(); ++i) q.dark[i] = code->data[i] & 1;
    QRcode_free(code);
    return q;
}

} // namespace printer
