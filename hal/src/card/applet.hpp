// The ID-card applet (PROTOCOL.md "ID-card applet (v1)") on the card's side, in
// C++: the simulator's cards. Same behaviour as tests/fixtures/idcard_applet.py.
#pragma once

#include "hal/card_reader.hpp"

#include <memory>
#include <string>

namespace hal {

class IdCardApplet {
  public:
    // Loads a `registry pki card` directory; the try counter is kept in DIR/tries.
    // Errors: card_files_unreadable.
    [[nodiscard]] static kiosk::Result<std::unique_ptr<IdCardApplet>> load(const std::string& dir);
    ~IdCardApplet();

    // One command APDU in, one response APDU (data + SW) out. Never throws.
    Bytes process(std::span<const std::uint8_t> apdu);
    // Power cycle: applet deselected, PIN no longer verified; the counter stays.
    void reset();
    int tries_left() const { return m_tries; }
    bool corrupt_signatures = false; // fault: flip a bit of every signature

  private:
    struct Key;
    IdCardApplet() = default;
    Bytes select(std::uint8_t p1, std::uint8_t p2, std::span<const std::uint8_t> data);
    Bytes read_binary(std::uint8_t p1, std::uint8_t p2, std::size_t le);
    Bytes verify(std::uint8_t p1, std::uint8_t p2, std::span<const std::uint8_t> data);
    Bytes internal_authenticate(std::uint8_t p1, std::uint8_t p2, std::span<const std::uint8_t> data);
    void store_tries();

    Bytes m_ef_id, m_cert;
    std::string m_pin;
    std::string m_tries_path;
    int m_tries = 0;
    std::unique_ptr<Key> m_key;
    bool m_selected = false;
    const Bytes* m_current = nullptr;
    bool m_verified = false;
};

} // namespace hal
