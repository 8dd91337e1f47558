// The card reader's health checks at three levels (PRODUCT §5).
#include "hal/card_session.hpp"

namespace hal {

CardHealth check_internal(CardReader& reader) {
    auto list = reader.readers();
    if (!list) return {false, list.error().code, list.error().detail};
    if (list->empty()) return {false, "no_reader", "the reader service runs but sees no reader"};
    std::string detail = std::to_string(list->size()) + " reader(s)";
    for (const auto& r : *list)
        detail += "; " + r.name + (r.card_present ? " (card)" : "");
    return {true, "ok", detail};
}

CardHealth check_external(CardReader& reader, const std::string& reader_name, const TrustStore& trust) {
    auto session = CardSession::open(reader, reader_name, {&trust, nullptr, nullptr});
    if (!session) return {false, session.error().code, session.error().detail};
    if (!(*session)->certificate_status())
        return {false, (*session)->certificate_status().error().code,
                (*session)->certificate_status().error().detail};
    return {true, "ok", "test card read and its certificate verified"};
}

InteractiveCardTest::InteractiveCardTest(CardReader& reader, const TrustStore& trust,
                                         std::chrono::milliseconds step_timeout)
    : m_reader(reader), m_trust(trust), m_step_timeout(step_timeout),
      m_step_started(std::chrono::steady_clock::now()) {}

std::string_view InteractiveCardTest::prompt_key() const {
    switch (m_step) {
    case Step::InsertCard:
        return "card.test_insert";
    case Step::RemoveCard:
        return "card.test_remove";
    case Step::Passed:
        return "card.test_passed";
    case Step::Failed:
        return "card.test_failed";
    }
    return "card.test_failed";
}

InteractiveCardTest::Step InteractiveCardTest::poll(std::chrono::milliseconds wait) {
    if (m_step == Step::Passed || m_step == Step::Failed) return m_step;
    const auto now = std::chrono::steady_clock::now();
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(m_step_started + m_step_timeout - now);
    if (left <= std::chrono::milliseconds(0)) {
        m_result = {false, "test_timeout",
                    m_step == Step::InsertCard ? "no card was inserted in time"
                                               : "the card was not removed in time"};
        return m_step = Step::Failed;
    }
    auto event = m_reader.wait_event(std::min(wait, left));
    if (!event) return m_step;
    if (m_step == Step::InsertCard && event->kind == CardEventKind::CardInserted) {
        m_card_reader = event->reader;
        m_result = check_external(m_reader, m_card_reader, m_trust);
        if (!m_result.ok) return m_step = Step::Failed;
        m_step_started = std::chrono::steady_clock::now();
        return m_step = Step::RemoveCard;
    }
    if (m_step == Step::RemoveCard && event->kind == CardEventKind::CardRemoved &&
        event->reader == m_card_reader) {
        m_result = {true, "ok", "card inserted, read and removed"};
        return m_step = Step::Passed;
    }
    if (event->kind == CardEventKind::ServiceLost || event->kind == CardEventKind::ReaderAlertRaised ||
        (event->kind == CardEventKind::ReaderRemoved && event->reader == m_card_reader)) {
        m_result = {false, "reader_unavailable", std::string(event_name(event->kind))};
        return m_step = Step::Failed;
    }
    return m_step;
}

} // namespace hal
