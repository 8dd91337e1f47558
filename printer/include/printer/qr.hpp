// A QR code as a matrix of modules (libqrencode stays in printer/): for screens that
// draw one themselves, like the touch UI's "Get signed document" (the PDF forms draw
// theirs in layout.cpp). Error correction level M, 8-bit mode, as on the printed forms.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace printer {

struct QrCode {
    int size = 0;                    // modules per side (without the quiet zone)
    std::vector<std::uint8_t> dark;  // size × size, row by row: 1 = dark
    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)] != 0; }
};

// nullopt when the text does not fit a QR code.
std::optional<QrCode> qr_encode(std::string_view text);

} // namespace printer
