// The session's IdentitySource (kiosk/devices.hpp) over the card reader HAL
// (hal/card_reader.hpp, "pcsc" or the HAL's "sim:CARD_DIR..." backend) and the ID-card
// protocol with its trust decisions (hal/card_session.hpp). A device adapter of the kiosk
// program: no SDL or ImGui here.
//
// One thread owns the reader and the card session (a CardChannel is used by one thread):
// it waits for reader events and runs the session's requests (VERIFY), woken by
// CardReader::cancel() when a request arrives.
#pragma once

#include "kiosk/devices.hpp"
#include "kiosk/technician.hpp"

#include <memory>
#include <string>

namespace ui {

struct CardReaderOptions {
    std::string backend;    // "pcsc" or "sim:CARD_DIR[,CARD_DIR...][;fault,...]"
    std::string ca_file;    // the ID-card CA (PEM) the cards must chain to
    std::string store_path; // the store for the reader's counters ("" for none)
};

// Also the card reader as technicians probe it (service, readers, the store's counters).
class CardIdentitySource final : public kiosk::IdentitySource, public kiosk::ReaderProbe {
  public:
    // Errors: bad_argument (backend), card_files_unreadable, ca_unreadable, store errors.
    [[nodiscard]] static kiosk::Result<std::unique_ptr<CardIdentitySource>>
    open(const CardReaderOptions& options, kiosk::DeviceEvents events);
    ~CardIdentitySource() override;
    void verify_pin(std::string& pin) override;
    void end() override;
    kiosk::ReaderFacts reader_facts() override; // any thread

    struct Impl;

  private:
    explicit CardIdentitySource(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace ui
