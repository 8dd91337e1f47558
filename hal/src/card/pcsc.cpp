// The PC/SC backend on pcsc-lite. The only file that includes its headers.
//
// Two contexts: one for wait_event() (blocked in SCardGetStatusChange, woken by
// SCardCancel from cancel()), one for readers()/connect() (pcsc-lite serialises
// calls on a context, so a blocked wait must not hold up a connect). A context
// that fails with a service error (pcscd stopped or restarted) is dropped and
// established again on the next call, so the kiosk survives pcscd restarts and
// reader unplug/replug without restarting.
#include "pcsc.hpp"

#include "watch.hpp"

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace hal {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* k_pnp = "\\\\?PnP?\\Notification";
constexpr std::chrono::milliseconds k_removal_grace{500};

bool service_error(LONG rv) {
    return rv == static_cast<LONG>(SCARD_E_NO_SERVICE) || rv == static_cast<LONG>(SCARD_E_SERVICE_STOPPED) ||
           rv == static_cast<LONG>(SCARD_E_INVALID_HANDLE) || rv == static_cast<LONG>(SCARD_F_COMM_ERROR);
}

std::string rv_text(const char* call, LONG rv) {
    return std::string(call) + ": " + pcsc_stringify_error(rv);
}

// A context that releases itself; shared with the channels made on it.
class Context {
  public:
    static std::shared_ptr<Context> establish(LONG& rv) {
        SCARDCONTEXT handle = 0;
        rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &handle);
        if (rv != SCARD_S_SUCCESS) return nullptr;
        return std::shared_ptr<Context>(new Context(handle));
    }
    ~Context() { SCardReleaseContext(m_handle); }
    SCARDCONTEXT handle() const { return m_handle; }

  private:
    explicit Context(SCARDCONTEXT h) : m_handle(h) {}
    SCARDCONTEXT m_handle;
};

// The reader names, or the error (an empty list when there are none).
kiosk::Result<std::vector<std::string>> list_readers(SCARDCONTEXT ctx) {
    DWORD size = 0;
    LONG rv = SCardListReaders(ctx, nullptr, nullptr, &size);
    if (rv == static_cast<LONG>(SCARD_E_NO_READERS_AVAILABLE)) return std::vector<std::string>{};
    if (rv != SCARD_S_SUCCESS)
        return kiosk::fail(service_error(rv) ? "reader_service_unavailable" : "reader_unavailable",
                           rv_text("SCardListReaders", rv));
    std::string buffer(size, '\0');
    rv = SCardListReaders(ctx, nullptr, buffer.data(), &size);
    if (rv == static_cast<LONG>(SCARD_E_NO_READERS_AVAILABLE)) return std::vector<std::string>{};
    if (rv != SCARD_S_SUCCESS)
        return kiosk::fail(service_error(rv) ? "reader_service_unavailable" : "reader_unavailable",
                           rv_text("SCardListReaders", rv));
    std::vector<std::string> names;
    for (std::size_t i = 0; i < buffer.size() && buffer[i] != '\0';) {
        std::string name(buffer.c_str() + i);
        i += name.size() + 1;
        names.push_back(std::move(name));
    }
    return names;
}

// A reader as pcscd reported it: the full state word is what the next
// SCardGetStatusChange must be told, or it returns at once.
struct RawReader {
    std::string name;
    DWORD state = 0;
    Bytes atr;
};

ReaderState to_state(const RawReader& raw) {
    ReaderState r;
    r.name = raw.name;
    r.card_present = (raw.state & SCARD_STATE_PRESENT) && !(raw.state & SCARD_STATE_MUTE);
    if (r.card_present) r.atr = raw.atr;
    return r;
}

// Current state of every reader, without waiting.
kiosk::Result<std::vector<RawReader>> snapshot(SCARDCONTEXT ctx) {
    auto names = list_readers(ctx);
    if (!names) return std::unexpected(names.error());
    std::vector<SCARD_READERSTATE> states(names->size());
    for (std::size_t i = 0; i < names->size(); ++i) {
        states[i].szReader = (*names)[i].c_str();
        states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
    std::vector<RawReader> out;
    if (states.empty()) return out;
    LONG rv = SCardGetStatusChange(ctx, 0, states.data(), static_cast<DWORD>(states.size()));
    if (rv != SCARD_S_SUCCESS && rv != static_cast<LONG>(SCARD_E_TIMEOUT)) {
        // A reader unplugged between the two calls: the next snapshot shows the rest.
        if (rv == static_cast<LONG>(SCARD_E_UNKNOWN_READER) ||
            rv == static_cast<LONG>(SCARD_E_READER_UNAVAILABLE))
            return kiosk::fail("reader_unavailable", rv_text("SCardGetStatusChange", rv));
        return kiosk::fail("reader_service_unavailable", rv_text("SCardGetStatusChange", rv));
    }
    for (const auto& s : states) {
        if (s.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE | SCARD_STATE_UNAVAILABLE)) continue;
        RawReader r{s.szReader, s.dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED), {}};
        r.atr.assign(s.rgbAtr, s.rgbAtr + std::min<DWORD>(s.cbAtr, MAX_ATR_SIZE));
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<ReaderState> to_states(const std::vector<RawReader>& raw) {
    std::vector<ReaderState> out;
    for (const auto& r : raw)
        out.push_back(to_state(r));
    return out;
}

class PcscChannel final : public CardChannel {
  public:
    PcscChannel(std::shared_ptr<Context> ctx, SCARDHANDLE card, DWORD protocol, std::string reader, Bytes atr)
        : m_ctx(std::move(ctx)), m_card(card), m_protocol(protocol), m_reader(std::move(reader)),
          m_atr(std::move(atr)) {}
    ~PcscChannel() override { SCardDisconnect(m_card, SCARD_RESET_CARD); }

    kiosk::Result<Bytes> transmit(std::span<const std::uint8_t> command) override {
        const SCARD_IO_REQUEST* pci = m_protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
        Bytes response(258);
        DWORD length = static_cast<DWORD>(response.size());
        LONG rv = SCardTransmit(m_card, pci, command.data(), static_cast<DWORD>(command.size()), nullptr,
                                response.data(), &length);
        if (rv == SCARD_S_SUCCESS) {
            response.resize(std::min<std::size_t>(length, response.size()));
            return response;
        }
        return kiosk::fail(classify(rv), rv_text("SCardTransmit", rv));
    }
    const std::string& reader() const override { return m_reader; }
    const Bytes& atr() const override { return m_atr; }

  private:
    // A failed exchange: the card left, the card is mute, or the reader/service is gone.
    std::string classify(LONG rv) {
        if (rv == static_cast<LONG>(SCARD_W_REMOVED_CARD) || rv == static_cast<LONG>(SCARD_E_NO_SMARTCARD) ||
            rv == static_cast<LONG>(SCARD_W_RESET_CARD))
            return "card_removed";
        if (rv == static_cast<LONG>(SCARD_E_READER_UNAVAILABLE) ||
            rv == static_cast<LONG>(SCARD_E_UNKNOWN_READER))
            return "reader_unavailable";
        if (service_error(rv)) return "reader_service_unavailable";
        // NOT_TRANSACTED, TIMEOUT, UNRESPONSIVE_CARD, ...: mute, unless the card is in fact gone.
        DWORD state = 0, protocol = 0, atr_len = MAX_ATR_SIZE, name_len = 0;
        BYTE atr[MAX_ATR_SIZE];
        LONG st = SCardStatus(m_card, nullptr, &name_len, &state, &protocol, atr, &atr_len);
        if (st == static_cast<LONG>(SCARD_W_REMOVED_CARD) ||
            (st == SCARD_S_SUCCESS && !(state & SCARD_PRESENT)))
            return "card_removed";
        if (service_error(st)) return "reader_service_unavailable";
        // Some readers (vpcd among them) notice a pulled card only at their next
        // poll: give the removal a moment to show before calling the card mute.
        SCARD_READERSTATE rs{};
        rs.szReader = m_reader.c_str();
        rs.dwCurrentState = SCARD_STATE_UNAWARE;
        if (SCardGetStatusChange(m_ctx->handle(), 0, &rs, 1) != SCARD_S_SUCCESS) return "card_mute";
        const auto deadline = Clock::now() + k_removal_grace;
        for (;;) {
            if (!(rs.dwEventState & SCARD_STATE_PRESENT)) return "card_removed";
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
            if (left <= 0ms) break;
            rs.dwCurrentState = rs.dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
            if (SCardGetStatusChange(m_ctx->handle(), static_cast<DWORD>(left.count()), &rs, 1) !=
                SCARD_S_SUCCESS)
                break;
        }
        return "card_mute";
    }

    std::shared_ptr<Context> m_ctx; // outlives the card handle
    SCARDHANDLE m_card;
    DWORD m_protocol;
    std::string m_reader;
    Bytes m_atr;
};

class PcscReader final : public CardReader {
  public:
    explicit PcscReader(const CardReaderConfig& config)
        : m_config(config), m_watch(config.alert_after, Clock::now()) {}

    std::string_view backend() const override { return "pcsc"; }

    kiosk::Result<std::vector<ReaderState>> readers() override {
        std::lock_guard lock(m_io_mutex);
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto ctx = io_context();
            if (!ctx) return std::unexpected(ctx.error());
            auto states = snapshot((*ctx)->handle());
            if (states) return to_states(*states);
            if (states.error().code != "reader_service_unavailable") return std::unexpected(states.error());
            m_io_ctx.reset(); // pcscd restarted: one fresh context, then give up
        }
        return kiosk::fail("reader_service_unavailable", "pcscd does not answer");
    }

    kiosk::Result<std::unique_ptr<CardChannel>> connect(const std::string& reader) override {
        std::lock_guard lock(m_io_mutex);
        for (int attempt = 0; attempt < 2; ++attempt) {
            auto ctx = io_context();
            if (!ctx) return std::unexpected(ctx.error());
            SCARDHANDLE card = 0;
            DWORD protocol = 0;
            LONG rv = SCardConnect((*ctx)->handle(), reader.c_str(), SCARD_SHARE_EXCLUSIVE,
                                   SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
            if (service_error(rv)) {
                m_io_ctx.reset();
                continue;
            }
            if (rv != SCARD_S_SUCCESS) {
                const std::string detail = rv_text("SCardConnect", rv);
                if (rv == static_cast<LONG>(SCARD_E_NO_SMARTCARD) ||
                    rv == static_cast<LONG>(SCARD_W_REMOVED_CARD))
                    return kiosk::fail("no_card", detail);
                if (rv == static_cast<LONG>(SCARD_E_SHARING_VIOLATION))
                    return kiosk::fail("reader_busy", detail);
                if (rv == static_cast<LONG>(SCARD_W_UNRESPONSIVE_CARD) ||
                    rv == static_cast<LONG>(SCARD_W_UNPOWERED_CARD) ||
                    rv == static_cast<LONG>(SCARD_E_PROTO_MISMATCH))
                    return kiosk::fail("card_mute", detail);
                return kiosk::fail("reader_unavailable", detail);
            }
            Bytes atr(MAX_ATR_SIZE);
            DWORD atr_len = MAX_ATR_SIZE, state = 0, proto = 0, name_len = 0;
            if (SCardStatus(card, nullptr, &name_len, &state, &proto, atr.data(), &atr_len) ==
                SCARD_S_SUCCESS)
                atr.resize(atr_len);
            else
                atr.clear();
            return std::unique_ptr<CardChannel>(
                new PcscChannel(*ctx, card, protocol, reader, std::move(atr)));
        }
        return kiosk::fail("reader_service_unavailable", "pcscd does not answer");
    }

    std::optional<CardEvent> wait_event(std::chrono::milliseconds timeout) override {
        const auto deadline = Clock::now() + timeout;
        for (;;) {
            if (!m_pending.empty()) return pop();
            if (m_cancelled.exchange(false)) return std::nullopt;
            const auto now = Clock::now();
            if (!event_context()) {
                m_watch.update(false, {}, now, m_pending);
                publish();
                if (!m_pending.empty()) continue;
                if (now >= deadline) return std::nullopt;
                sleep_until(std::min(deadline, now + m_config.retry_interval));
                m_watch.tick(Clock::now(), m_pending);
                publish();
                continue;
            }
            auto states = snapshot(m_event_ctx->handle());
            if (!states) {
                if (states.error().code == "reader_service_unavailable")
                    drop_event_context();
                else
                    sleep_until(std::min(deadline, now + 20ms)); // a reader vanished mid-snapshot
                if (Clock::now() >= deadline && m_pending.empty()) return std::nullopt;
                continue;
            }
            m_watch.update(true, to_states(*states), now, m_pending);
            publish();
            if (!m_pending.empty()) continue;
            if (now >= deadline) return std::nullopt;
            block(*states, deadline);
            m_watch.tick(Clock::now(), m_pending);
            publish();
        }
    }

    void cancel() override {
        {
            std::lock_guard lock(m_wake_mutex);
            m_cancelled = true;
            if (m_event_handle) SCardCancel(m_event_handle);
        }
        m_wake.notify_all();
    }

    ReaderStatus status() const override {
        std::lock_guard lock(m_status_mutex);
        return m_status;
    }

  private:
    CardEvent pop() {
        CardEvent e = std::move(m_pending.front());
        m_pending.pop_front();
        return e;
    }

    void publish() {
        std::lock_guard lock(m_status_mutex);
        m_status = m_watch.status();
    }

    kiosk::Result<std::shared_ptr<Context>> io_context() {
        if (m_io_ctx) return m_io_ctx;
        LONG rv = 0;
        m_io_ctx = Context::establish(rv);
        if (!m_io_ctx) return kiosk::fail("reader_service_unavailable", rv_text("SCardEstablishContext", rv));
        return m_io_ctx;
    }

    bool event_context() {
        if (m_event_ctx) return true;
        LONG rv = 0;
        auto ctx = Context::establish(rv);
        if (!ctx) return false;
        std::lock_guard lock(m_wake_mutex);
        m_event_ctx = std::move(ctx);
        m_event_handle = m_event_ctx->handle();
        return true;
    }

    void drop_event_context() {
        m_pnp_state = k_pnp_unknown;
        std::lock_guard lock(m_wake_mutex);
        m_event_handle = 0;
        m_event_ctx.reset();
    }

    void sleep_until(Clock::time_point until) {
        std::unique_lock lock(m_wake_mutex);
        m_wake.wait_until(lock, until, [&] { return m_cancelled.load(); });
    }

    // Blocks until a reader or card changes, the deadline, the alert's time, or cancel().
    void block(const std::vector<RawReader>& known, Clock::time_point deadline) {
        std::vector<SCARD_READERSTATE> states(known.size() + 1);
        for (std::size_t i = 0; i < known.size(); ++i) {
            states[i].szReader = known[i].name.c_str();
            states[i].dwCurrentState = known[i].state;
        }
        // The PnP pseudo-reader wakes us when a reader is added or removed. pcsc-lite
        // keeps the reader count in the high word of its state: start from ours and
        // then carry what it answers, or it would answer at once every time.
        if (m_pnp_state == k_pnp_unknown) m_pnp_state = static_cast<DWORD>(known.size()) << 16;
        states.back().szReader = k_pnp;
        states.back().dwCurrentState = m_pnp_state;
        auto now = Clock::now();
        auto wait = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
        if (auto alert = m_watch.until_alert(now)) wait = std::min(wait, *alert + 1ms);
        wait = std::clamp(wait, 0ms, std::chrono::milliseconds(60'000));
        LONG rv = SCardGetStatusChange(m_event_ctx->handle(), static_cast<DWORD>(wait.count()), states.data(),
                                       static_cast<DWORD>(states.size()));
        if (service_error(rv)) {
            drop_event_context();
            return;
        }
        if (rv == SCARD_S_SUCCESS && (states.back().dwEventState & SCARD_STATE_CHANGED))
            m_pnp_state = states.back().dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
        // SUCCESS, TIMEOUT, CANCELLED and UNKNOWN_READER all lead to a fresh snapshot.
    }

    static constexpr DWORD k_pnp_unknown = ~DWORD{0};
    DWORD m_pnp_state = k_pnp_unknown;

    CardReaderConfig m_config;
    detail::ReaderWatch m_watch;
    std::deque<CardEvent> m_pending;

    std::mutex m_io_mutex;
    std::shared_ptr<Context> m_io_ctx;

    std::shared_ptr<Context> m_event_ctx; // used by the waiting thread only
    mutable std::mutex m_wake_mutex;      // guards m_event_handle for cancel()
    SCARDCONTEXT m_event_handle = 0;
    std::condition_variable m_wake;
    std::atomic<bool> m_cancelled{false};

    mutable std::mutex m_status_mutex;
    ReaderStatus m_status;
};

} // namespace

std::unique_ptr<CardReader> make_pcsc_reader(const CardReaderConfig& config) {
    return std::make_unique<PcscReader>(config);
}

} // namespace hal
