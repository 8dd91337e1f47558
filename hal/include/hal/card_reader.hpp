// Card readers: the kiosk's one interface to smart-card readers (PRODUCT §5).
// Backends side by side in hal/src/card/: pcsc.cpp (pcsc-lite), sim.cpp
// (scripted cards and faults, hal/card_sim.hpp); open_card_reader() picks one
// from the configuration. Above it, hal/id_card.hpp speaks the ID-card applet.
//
// Threading: one thread may block in wait_event() while another connects and
// transmits; cancel() may be called from any thread. A CardChannel is used by
// one thread at a time.
//
// HAL card reader version 1. Breaking changes:
//   v1  first version: readers, events (incl. service and technician alert), connect, transmit.
#pragma once

#include "kiosk/error.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hal {

inline constexpr int k_card_reader_hal_version = 1;

using Bytes = std::vector<std::uint8_t>;

struct ReaderState {
    std::string name;
    bool card_present = false;
    Bytes atr; // empty without a card
};

enum class CardEventKind {
    ReaderAdded,        // a reader appeared (also reported for every reader on the first wait)
    ReaderRemoved,      // a reader was unplugged, or vanished with the service
    CardInserted,       // a card is present (also reported for cards present on the first wait)
    CardRemoved,        // the card left the reader
    ServiceLost,        // the reader service (pcscd) stopped answering
    ServiceRestored,    // it answers again; readers and cards follow as their own events
    ReaderAlertRaised,  // no reader for longer than the alert timeout: a technician alert
    ReaderAlertCleared, // a reader is back
};
// "reader_added", "card_inserted", ... (stable; for logs and `kiosk card watch`).
std::string_view event_name(CardEventKind kind);

struct CardEvent {
    CardEventKind kind;
    std::string reader; // empty for service and alert events
    Bytes atr;          // CardInserted only
};

struct ReaderStatus {
    bool service_up = false;
    std::vector<ReaderState> readers;
    bool alert = false; // a technician alert is raised (see ReaderAlertRaised)
};

// A card connected for this process's exclusive use. Destroying it ends the
// session and resets the card, so no verified PIN outlives the session.
class CardChannel {
  public:
    virtual ~CardChannel() = default;
    // Sends one command APDU; returns the response APDU (data, SW1, SW2).
    // Errors: card_removed, card_mute (no answer), reader_unavailable, reader_service_unavailable.
    [[nodiscard]] virtual kiosk::Result<Bytes> transmit(std::span<const std::uint8_t> command) = 0;
    virtual const std::string& reader() const = 0;
    virtual const Bytes& atr() const = 0;
};

class CardReader {
  public:
    virtual ~CardReader() = default;
    // "pcsc" or "sim".
    virtual std::string_view backend() const = 0;
    // The readers now, each with whether it holds a card. Errors: reader_service_unavailable.
    [[nodiscard]] virtual kiosk::Result<std::vector<ReaderState>> readers() = 0;
    // The next event, waiting at most `timeout`; nullopt on timeout or cancel().
    // Never fails: a lost service is an event, and the backend reconnects by itself.
    [[nodiscard]] virtual std::optional<CardEvent> wait_event(std::chrono::milliseconds timeout) = 0;
    // Wakes the current (or next) wait_event() at once, e.g. at shutdown. Any thread.
    virtual void cancel() = 0;
    // Connects to the card in `reader`, exclusively while the channel lives.
    // Errors: no_card, reader_busy, card_mute, reader_unavailable, reader_service_unavailable.
    [[nodiscard]] virtual kiosk::Result<std::unique_ptr<CardChannel>> connect(const std::string& reader) = 0;
    // Service, readers and alert as last seen by wait_event() (no I/O).
    virtual ReaderStatus status() const = 0;
};

struct CardReaderConfig {
    // "pcsc", or "sim:CARD_DIR[,CARD_DIR...][;fault,...]" (hal/card_sim.hpp, parse_sim_spec()).
    std::string backend = "pcsc";
    // No reader for this long raises ReaderAlertRaised.
    std::chrono::milliseconds alert_after{30'000};
    // How often a lost service is retried.
    std::chrono::milliseconds retry_interval{200};
};

// Opens the configured backend. Errors: bad_argument (unknown backend or sim spec),
// the simulator's card loading errors (card_files_unreadable).
[[nodiscard]] kiosk::Result<std::unique_ptr<CardReader>> open_card_reader(const CardReaderConfig& config);

} // namespace hal
