// The simulated card reader: scripted readers and cards with faults, for tests,
// development and demos without hardware. Its cards run the ID-card applet
// (PROTOCOL.md "ID-card applet (v1)") in C++ with the same semantics as the
// virtual card for vpcd (tests/fixtures/idcard_applet.py), so everything above
// CardChannel runs exactly as against a real card.
//
// Cards come from a card directory made by `registry pki card` (ef_id.bin,
// cert.der, key.pem, pin, tries); the PIN try counter is written back to `tries`.
//
// HAL card simulator version 1. Breaking changes:
//   v1  first version.
#pragma once

#include "hal/card_reader.hpp"

#include <memory>
#include <string>
#include <vector>

namespace hal {

struct SimFaults {
    bool mute = false;          // the card never answers: transmit fails with card_mute
    int remove_after = -1;      // the card is pulled out after answering this many APDUs
    bool bad_signature = false; // INTERNAL AUTHENTICATE returns a corrupted signature
};

class IdCardApplet;

// One simulated card: the applet plus its faults. Shared between the test and
// the reader, so a card keeps its state when it is taken out and put back.
class SimCard {
  public:
    // Loads a card directory. Errors: card_files_unreadable.
    [[nodiscard]] static kiosk::Result<std::shared_ptr<SimCard>> from_dir(const std::string& dir,
                                                                          SimFaults faults = {});
    ~SimCard();
    SimFaults faults;
    // PIN tries left (the card's counter).
    int tries_left() const;
    // Runs one command APDU through the applet (the reader calls this).
    Bytes process(std::span<const std::uint8_t> command);
    // Power cycle: forgets the verified PIN and the selection, keeps the counter.
    void reset();

  private:
    explicit SimCard(std::unique_ptr<IdCardApplet> applet);
    std::unique_ptr<IdCardApplet> m_applet;
};

class SimCardReader final : public CardReader {
  public:
    explicit SimCardReader(std::vector<std::string> reader_names = {"Sim Reader 0"},
                           const CardReaderConfig& config = {});
    ~SimCardReader() override;

    // Scripting (any thread): cards in and out, readers unplugged, the service stopped.
    void insert(const std::string& reader, std::shared_ptr<SimCard> card);
    void remove(const std::string& reader);
    void unplug(const std::string& reader);
    void plug(const std::string& reader);
    void stop_service();
    void start_service();
    // Command APDUs the cards received since the start.
    std::size_t apdu_count() const;

    std::string_view backend() const override { return "sim"; }
    [[nodiscard]] kiosk::Result<std::vector<ReaderState>> readers() override;
    [[nodiscard]] std::optional<CardEvent> wait_event(std::chrono::milliseconds timeout) override;
    void cancel() override;
    [[nodiscard]] kiosk::Result<std::unique_ptr<CardChannel>> connect(const std::string& reader) override;
    ReaderStatus status() const override;

    struct State; // shared with the channels

  private:
    std::shared_ptr<State> m_state;
};

// "sim:CARD_DIR[,CARD_DIR...][;FAULT,...]": one reader "Sim Reader N" per card
// directory, each with its card inserted. Faults: mute, remove-after=N, bad-signature.
// Errors: bad_argument, card_files_unreadable.
[[nodiscard]] kiosk::Result<std::unique_ptr<SimCardReader>> parse_sim_spec(const std::string& spec,
                                                                           const CardReaderConfig& config);

} // namespace hal
