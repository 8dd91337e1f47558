#include "hal_probes.hpp"

#include "hal/card_reader.hpp"
#include "hal/card_session.hpp"
#include "hal/card_sim.hpp"
#include "hal/id_card.hpp"
#include "hal/printer.hpp"
#include "printer_facts.hpp"
#include "kiosk/store.hpp"
#include "printer/diagnostics.hpp"
#include "printer/queue.hpp"

#include <optional>

namespace ui {

// --- the printer --------------------------------------------------------------------------------

struct HalPrinterProbe::Impl {
    HalPrinterOptions options;
    std::unique_ptr<kiosk::Store> store;
    std::unique_ptr<hal::Printer> printer;
    std::unique_ptr<printer::PrintQueue> queue;
    std::optional<kiosk::DiagnosticsReport> report; // what a Diagnostics job prints

    kiosk::Check print(printer::DocumentKind kind, kiosk::Lang lang, std::string id,
                       std::chrono::milliseconds timeout) {
        kiosk::Check c;
        c.id = std::move(id);
        auto job = queue->enqueue(printer::PrintRequest{kind, {}, lang});
        if (!job) {
            c.verdict = kiosk::Verdict::Fail;
            c.reason = job.error().code;
            return c;
        }
        c.facts.push_back({"job", std::to_string(job->id)});
        auto end = queue->wait(job->id, timeout, printer::WaitFor::EndOrHeld);
        if (!end) {
            c.verdict = kiosk::Verdict::Fail;
            c.reason = end.error().code;
            return c;
        }
        if (end->state == printer::JobState::Completed) {
            c.verdict = kiosk::Verdict::Pass;
        } else {
            // Held (the printer is not ready) or still under way at the timeout: not printed, and
            // not left waiting in the citizens' queue either.
            c.verdict = kiosk::Verdict::Fail;
            c.reason = !end->last_error.empty() ? end->last_error
                       : printer::is_final(end->state)
                           ? "job_" + std::string(printer::job_state_name(end->state))
                           : "print_timeout";
            if (!printer::is_final(end->state)) (void)queue->cancel(job->id);
        }
        c.facts.push_back({"pages", std::to_string(end->pages_printed) + " / " + std::to_string(end->pages)});
        return c;
    }
};

HalPrinterProbe::HalPrinterProbe(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HalPrinterProbe::~HalPrinterProbe() = default;

kiosk::Result<std::unique_ptr<HalPrinterProbe>> HalPrinterProbe::open(const HalPrinterOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    auto store = kiosk::Store::open(options.store_path);
    if (!store) return std::unexpected(store.error());
    impl->store = std::move(*store);
    auto p = hal::open_printer(options.uri == "sim" ? std::string("sim:") : options.uri);
    if (!p) return std::unexpected(p.error());
    impl->printer = std::move(*p);
    printer::QueueOptions qo;
    qo.spool_dir = options.spool_dir;
    qo.kiosk_id = options.kiosk_id;
    qo.version = options.version;
    Impl* raw = impl.get();
    qo.diagnostics = [raw](kiosk::Lang lang) -> std::optional<printer::DiagnosticsReport> {
        if (!raw->report) return std::nullopt;
        return printer::report_document(*raw->report, lang);
    };
    auto q = printer::PrintQueue::open(*impl->store, *impl->printer, qo);
    if (!q) return std::unexpected(q.error());
    impl->queue = std::move(*q);
    return std::unique_ptr<HalPrinterProbe>(new HalPrinterProbe(std::move(impl)));
}

kiosk::PrinterFacts HalPrinterProbe::printer_facts() {
    return ui::printer_facts(*m_impl->printer, *m_impl->store);
}

kiosk::Check HalPrinterProbe::print_test_page(kiosk::Lang lang, std::chrono::milliseconds timeout) {
    return m_impl->print(printer::DocumentKind::TestPage, lang, "printer_test_page", timeout);
}

kiosk::Check HalPrinterProbe::print_report(const kiosk::DiagnosticsReport& report, kiosk::Lang lang,
                                           std::chrono::milliseconds timeout) {
    m_impl->report = report;
    return m_impl->print(printer::DocumentKind::Diagnostics, lang, "report", timeout);
}

// --- the card reader ------------------------------------------------------------------------------

struct HalReaderProbe::Impl {
    HalReaderOptions options;
    std::unique_ptr<hal::CardReader> reader;
};

HalReaderProbe::HalReaderProbe(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HalReaderProbe::~HalReaderProbe() = default;

kiosk::Result<std::unique_ptr<HalReaderProbe>> HalReaderProbe::open(const HalReaderOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    if (options.backend == "sim") {
        // The kiosk's own simulator lives in the kiosk program; here: a simulated reader, empty.
        impl->reader = std::make_unique<hal::SimCardReader>();
    } else {
        hal::CardReaderConfig config;
        config.backend = options.backend;
        auto r = hal::open_card_reader(config);
        if (!r) return std::unexpected(r.error());
        impl->reader = std::move(*r);
    }
    return std::unique_ptr<HalReaderProbe>(new HalReaderProbe(std::move(impl)));
}

kiosk::ReaderFacts HalReaderProbe::reader_facts() {
    kiosk::ReaderFacts f;
    f.configured = true;
    f.backend = std::string(m_impl->reader->backend());
    if (auto list = m_impl->reader->readers()) {
        f.service_up = true;
        for (const auto& r : *list)
            f.readers.push_back({r.name, r.card_present});
    } else if (list.error().code != "reader_service_unavailable") {
        f.error = list.error().code;
    }
    if (!m_impl->options.store_path.empty())
        if (auto store = kiosk::Store::open(m_impl->options.store_path, kiosk::OpenMode::ReadOnly))
            if (auto counters = (*store)->counters(hal::k_card_device))
                for (const auto& c : *counters)
                    f.counters.push_back({c.name, std::to_string(c.value)});
    return f;
}

kiosk::Check HalReaderProbe::read_test() {
    kiosk::Check c;
    c.id = "card_read_test";
    auto trust = hal::TrustStore::load_file(m_impl->options.ca_file);
    if (!trust) {
        c.verdict = kiosk::Verdict::Fail;
        c.reason = trust.error().code;
        return c;
    }
    auto list = m_impl->reader->readers();
    if (!list) {
        c.verdict = kiosk::Verdict::Fail;
        c.reason = list.error().code;
        return c;
    }
    std::string with_card;
    for (const auto& r : *list)
        if (r.card_present && with_card.empty()) with_card = r.name;
    if (with_card.empty()) {
        c.verdict = kiosk::Verdict::Fail;
        c.reason = list->empty() ? "no_reader" : "no_card";
        return c;
    }
    c.facts.push_back({"readers", with_card});
    hal::CardHealth h = hal::check_external(*m_impl->reader, with_card, **trust);
    c.verdict = h.ok ? kiosk::Verdict::Pass : kiosk::Verdict::Fail;
    if (!h.ok) c.reason = h.code;
    return c;
}

} // namespace ui
