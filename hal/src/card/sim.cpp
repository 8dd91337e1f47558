// The simulated reader: slots with scripted cards, run by the C++ applet.
#include "applet.hpp"
#include "hal/card_sim.hpp"
#include "watch.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace hal {
namespace {

using Clock = std::chrono::steady_clock;

// T=0 and T=1, historical bytes "EMEKID" (as the virtual card's).
const Bytes k_atr = [] {
    Bytes atr = {0x3B, 0x86, 0x80, 0x01, 'E', 'M', 'E', 'K', 'I', 'D'};
    std::uint8_t tck = 0;
    for (std::size_t i = 1; i < atr.size(); ++i)
        tck ^= atr[i];
    atr.push_back(tck);
    return atr;
}();

} // namespace

// --- SimCard ------------------------------------------------------------------

SimCard::SimCard(std::unique_ptr<IdCardApplet> applet) : m_applet(std::move(applet)) {}
SimCard::~SimCard() = default;

kiosk::Result<std::shared_ptr<SimCard>> SimCard::from_dir(const std::string& dir, SimFaults faults) {
    auto applet = IdCardApplet::load(dir);
    if (!applet) return std::unexpected(applet.error());
    std::shared_ptr<SimCard> card(new SimCard(std::move(*applet)));
    card->faults = faults;
    return card;
}

int SimCard::tries_left() const {
    return m_applet->tries_left();
}

Bytes SimCard::process(std::span<const std::uint8_t> command) {
    m_applet->corrupt_signatures = faults.bad_signature;
    return m_applet->process(command);
}

void SimCard::reset() {
    m_applet->reset();
}

// --- the reader ---------------------------------------------------------------

struct SimCardReader::State {
    struct Slot {
        std::string name;
        bool plugged = true;
        std::shared_ptr<SimCard> card;
        std::uint64_t generation = 0; // a new card, or the card pulled out
        bool in_use = false;
    };

    State(std::vector<std::string> names, const CardReaderConfig& config)
        : watch(config.alert_after, Clock::now()) {
        for (auto& n : names) {
            Slot slot;
            slot.name = std::move(n);
            slots.push_back(std::move(slot));
        }
    }

    Slot* find(const std::string& name) {
        auto it = std::find_if(slots.begin(), slots.end(), [&](const Slot& s) { return s.name == name; });
        return it == slots.end() ? nullptr : &*it;
    }
    std::vector<ReaderState> snapshot() const {
        std::vector<ReaderState> out;
        for (const Slot& s : slots)
            if (s.plugged) out.push_back({s.name, s.card != nullptr, s.card ? k_atr : Bytes{}});
        return out;
    }
    void changed() {
        ++version;
        cv.notify_all();
    }
    void pull_card(Slot& s) {
        if (!s.card) return;
        s.card->reset();
        s.card.reset();
        s.in_use = false;
        ++s.generation;
    }

    std::mutex mutex;
    std::condition_variable cv;
    std::vector<Slot> slots;
    bool service_up = true;
    bool cancelled = false;
    std::uint64_t version = 0;
    std::size_t apdus = 0;
    detail::ReaderWatch watch;
    std::deque<CardEvent> pending;
};

namespace {

class SimChannel final : public CardChannel {
  public:
    SimChannel(std::shared_ptr<SimCardReader::State> state, std::string reader, std::uint64_t generation)
        : m_state(std::move(state)), m_reader(std::move(reader)), m_generation(generation), m_atr(k_atr) {}

    ~SimChannel() override {
        std::lock_guard lock(m_state->mutex);
        auto* slot = m_state->find(m_reader);
        if (slot && slot->card && slot->generation == m_generation) {
            slot->in_use = false;
            slot->card->reset(); // SCARD_RESET_CARD: nothing verified survives the session
        }
    }

    kiosk::Result<Bytes> transmit(std::span<const std::uint8_t> command) override {
        std::lock_guard lock(m_state->mutex);
        if (!m_state->service_up)
            return kiosk::fail("reader_service_unavailable", "simulated service stopped");
        auto* slot = m_state->find(m_reader);
        if (!slot || !slot->plugged) return kiosk::fail("reader_unavailable", "simulated reader unplugged");
        if (!slot->card || slot->generation != m_generation)
            return kiosk::fail("card_removed", "simulated removal");
        SimCard& card = *slot->card;
        if (card.faults.mute) return kiosk::fail("card_mute", "simulated mute card");
        if (card.faults.remove_after >= 0 && m_answered >= card.faults.remove_after) {
            m_state->pull_card(*slot);
            m_state->changed();
            return kiosk::fail("card_removed", "simulated removal mid-session");
        }
        ++m_answered;
        ++m_state->apdus;
        return card.process(command);
    }
    const std::string& reader() const override { return m_reader; }
    const Bytes& atr() const override { return m_atr; }

  private:
    std::shared_ptr<SimCardReader::State> m_state;
    std::string m_reader;
    std::uint64_t m_generation;
    Bytes m_atr;
    int m_answered = 0;
};

} // namespace

SimCardReader::SimCardReader(std::vector<std::string> reader_names, const CardReaderConfig& config)
    : m_state(std::make_shared<State>(std::move(reader_names), config)) {}

SimCardReader::~SimCardReader() = default;

void SimCardReader::insert(const std::string& reader, std::shared_ptr<SimCard> card) {
    std::lock_guard lock(m_state->mutex);
    auto* slot = m_state->find(reader);
    if (!slot) return;
    m_state->pull_card(*slot);
    card->reset();
    slot->card = std::move(card);
    ++slot->generation;
    m_state->changed();
}

void SimCardReader::remove(const std::string& reader) {
    std::lock_guard lock(m_state->mutex);
    if (auto* slot = m_state->find(reader)) m_state->pull_card(*slot);
    m_state->changed();
}

void SimCardReader::unplug(const std::string& reader) {
    std::lock_guard lock(m_state->mutex);
    if (auto* slot = m_state->find(reader)) {
        m_state->pull_card(*slot);
        slot->plugged = false;
    }
    m_state->changed();
}

void SimCardReader::plug(const std::string& reader) {
    std::lock_guard lock(m_state->mutex);
    if (auto* slot = m_state->find(reader)) slot->plugged = true;
    m_state->changed();
}

void SimCardReader::stop_service() {
    std::lock_guard lock(m_state->mutex);
    m_state->service_up = false;
    m_state->changed();
}

void SimCardReader::start_service() {
    std::lock_guard lock(m_state->mutex);
    m_state->service_up = true;
    m_state->changed();
}

std::size_t SimCardReader::apdu_count() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->apdus;
}

kiosk::Result<std::vector<ReaderState>> SimCardReader::readers() {
    std::lock_guard lock(m_state->mutex);
    if (!m_state->service_up) return kiosk::fail("reader_service_unavailable", "simulated service stopped");
    return m_state->snapshot();
}

std::optional<CardEvent> SimCardReader::wait_event(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::unique_lock lock(m_state->mutex);
    for (;;) {
        if (!m_state->pending.empty()) {
            CardEvent e = std::move(m_state->pending.front());
            m_state->pending.pop_front();
            return e;
        }
        if (m_state->cancelled) {
            m_state->cancelled = false;
            return std::nullopt;
        }
        auto now = Clock::now();
        m_state->watch.update(m_state->service_up,
                              m_state->service_up ? m_state->snapshot() : std::vector<ReaderState>{}, now,
                              m_state->pending);
        if (!m_state->pending.empty()) continue;
        if (now >= deadline) return std::nullopt;
        auto until = deadline;
        if (auto alert = m_state->watch.until_alert(now))
            until = std::min(until, now + *alert + std::chrono::milliseconds(1));
        const auto version = m_state->version;
        m_state->cv.wait_until(lock, until,
                               [&] { return m_state->version != version || m_state->cancelled; });
        m_state->watch.tick(Clock::now(), m_state->pending);
    }
}

void SimCardReader::cancel() {
    std::lock_guard lock(m_state->mutex);
    m_state->cancelled = true;
    m_state->cv.notify_all();
}

kiosk::Result<std::unique_ptr<CardChannel>> SimCardReader::connect(const std::string& reader) {
    std::lock_guard lock(m_state->mutex);
    if (!m_state->service_up) return kiosk::fail("reader_service_unavailable", "simulated service stopped");
    auto* slot = m_state->find(reader);
    if (!slot || !slot->plugged) return kiosk::fail("reader_unavailable", "no simulated reader " + reader);
    if (!slot->card) return kiosk::fail("no_card", "simulated reader is empty");
    if (slot->in_use) return kiosk::fail("reader_busy", "simulated card in use");
    slot->in_use = true;
    slot->card->reset();
    return std::unique_ptr<CardChannel>(new SimChannel(m_state, reader, slot->generation));
}

ReaderStatus SimCardReader::status() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->watch.status();
}

kiosk::Result<std::unique_ptr<SimCardReader>> parse_sim_spec(const std::string& spec,
                                                             const CardReaderConfig& config) {
    if (!spec.starts_with("sim:")) return kiosk::fail("bad_argument", "a simulator spec starts with sim:");
    std::string body = spec.substr(4), fault_text;
    if (auto semi = body.find(';'); semi != std::string::npos) {
        fault_text = body.substr(semi + 1);
        body.resize(semi);
    }
    auto split = [](const std::string& text) {
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (start <= text.size() && !text.empty()) {
            auto comma = text.find(',', start);
            if (comma == std::string::npos) comma = text.size();
            if (comma > start) parts.push_back(text.substr(start, comma - start));
            start = comma + 1;
        }
        return parts;
    };
    SimFaults faults;
    for (const auto& f : split(fault_text)) {
        if (f == "mute")
            faults.mute = true;
        else if (f == "bad-signature")
            faults.bad_signature = true;
        else if (f.starts_with("remove-after=") && f.size() > 13 && f.size() < 20 &&
                 f.find_first_not_of("0123456789", 13) == std::string::npos)
            faults.remove_after = std::stoi(f.substr(13));
        else
            return kiosk::fail("bad_argument", "unknown simulator fault '" + f + "'");
    }
    const auto dirs = split(body);
    std::vector<std::string> names;
    for (std::size_t i = 0; i < std::max<std::size_t>(dirs.size(), 1); ++i)
        names.push_back("Sim Reader " + std::to_string(i));
    auto reader = std::make_unique<SimCardReader>(names, config);
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        auto card = SimCard::from_dir(dirs[i], faults);
        if (!card) return std::unexpected(card.error());
        reader->insert(names[i], std::move(*card));
    }
    return reader;
}

} // namespace hal
