#include "watch.hpp"

#include <algorithm>

namespace hal::detail {
namespace {

const ReaderState* find(const std::vector<ReaderState>& list, const std::string& name) {
    auto it = std::find_if(list.begin(), list.end(), [&](const ReaderState& r) { return r.name == name; });
    return it == list.end() ? nullptr : &*it;
}

} // namespace

void ReaderWatch::update(bool service_up, const std::vector<ReaderState>& readers, Clock::time_point now,
                         std::deque<CardEvent>& out) {
    const std::vector<ReaderState> none;
    const std::vector<ReaderState>& current = service_up ? readers : none;
    if (!service_up && (m_service_up || m_first)) out.push_back({CardEventKind::ServiceLost, {}, {}});
    if (service_up && !m_service_up) out.push_back({CardEventKind::ServiceRestored, {}, {}});
    m_service_up = service_up;
    m_first = false;
    // The alert clears first, so a UI leaves the alert before it handles the card.
    if (!current.empty() && m_alert) {
        m_alert = false;
        out.push_back({CardEventKind::ReaderAlertCleared, {}, {}});
    }

    for (const ReaderState& old : m_readers) {
        const ReaderState* now_state = find(current, old.name);
        if (old.card_present && (!now_state || !now_state->card_present || now_state->atr != old.atr))
            out.push_back({CardEventKind::CardRemoved, old.name, {}});
        if (!now_state) out.push_back({CardEventKind::ReaderRemoved, old.name, {}});
    }
    for (const ReaderState& r : current) {
        const ReaderState* old = find(m_readers, r.name);
        if (!old) out.push_back({CardEventKind::ReaderAdded, r.name, {}});
        const bool was_present = old && old->card_present && old->atr == r.atr;
        if (r.card_present && !was_present) out.push_back({CardEventKind::CardInserted, r.name, r.atr});
    }
    m_readers = current;

    if (m_readers.empty()) {
        if (!m_empty_since) m_empty_since = now;
    } else {
        m_empty_since.reset();
    }
    tick(now, out);
}

void ReaderWatch::tick(Clock::time_point now, std::deque<CardEvent>& out) {
    if (m_alert || !m_empty_since || now - *m_empty_since < m_alert_after) return;
    m_alert = true;
    out.push_back({CardEventKind::ReaderAlertRaised, {}, {}});
}

std::optional<std::chrono::milliseconds> ReaderWatch::until_alert(Clock::time_point now) const {
    if (m_alert || !m_empty_since) return std::nullopt;
    auto left = std::chrono::ceil<std::chrono::milliseconds>(*m_empty_since + m_alert_after - now);
    return std::max(left, std::chrono::milliseconds(0));
}

} // namespace hal::detail

namespace hal {

std::string_view event_name(CardEventKind kind) {
    switch (kind) {
    case CardEventKind::ReaderAdded:
        return "reader_added";
    case CardEventKind::ReaderRemoved:
        return "reader_removed";
    case CardEventKind::CardInserted:
        return "card_inserted";
    case CardEventKind::CardRemoved:
        return "card_removed";
    case CardEventKind::ServiceLost:
        return "service_lost";
    case CardEventKind::ServiceRestored:
        return "service_restored";
    case CardEventKind::ReaderAlertRaised:
        return "reader_alert_raised";
    case CardEventKind::ReaderAlertCleared:
        return "reader_alert_cleared";
    }
    return "unknown";
}

} // namespace hal
