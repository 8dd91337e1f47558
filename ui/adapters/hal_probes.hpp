// Technician probes straight over the HAL, for `kiosk diag` (the kiosk program itself
// probes its devices through its services: QueuePrintService, CardIdentitySource).
//   HalPrinterProbe: a printer URI (ipp://, ipps://, dir:, the HAL's sim:), the store's
//     counters, the test page and the report through the durable print queue;
//   HalReaderProbe: the card reader HAL ("pcsc", "sim:CARD_DIR..."), the store's counters,
//     and the external check (reads the card in the reader; no PIN, nothing kept).
// No SDL or ImGui here.
#pragma once

#include "kiosk/technician.hpp"

#include <memory>
#include <string>

namespace ui {

struct HalPrinterOptions {
    std::string uri;        // a printer URI; the kiosk simulator's "sim" is the HAL's "sim:"
    std::string store_path; // the print queue and the counters
    std::string spool_dir;
    std::string kiosk_id = "kiosk";
    std::string version = "0";
};

class HalPrinterProbe final : public kiosk::PrinterProbe {
  public:
    // Errors: printer_uri_invalid, store errors, spool_failed.
    [[nodiscard]] static kiosk::Result<std::unique_ptr<HalPrinterProbe>>
    open(const HalPrinterOptions& options);
    ~HalPrinterProbe() override;
    kiosk::PrinterFacts printer_facts() override;
    kiosk::Check print_test_page(kiosk::Lang lang, std::chrono::milliseconds timeout) override;
    kiosk::Check print_report(const kiosk::DiagnosticsReport& report, kiosk::Lang lang,
                              std::chrono::milliseconds timeout) override;

    struct Impl;

  private:
    explicit HalPrinterProbe(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

struct HalReaderOptions {
    std::string backend;    // "pcsc", "sim:CARD_DIR...", or the kiosk simulator's "sim" (an empty reader)
    std::string ca_file;    // the ID-card CA, for the card read test ("" : no card test)
    std::string store_path; // the reader's counters ("" : none)
};

class HalReaderProbe final : public kiosk::ReaderProbe {
  public:
    // Errors: bad_argument (backend), card_files_unreadable.
    [[nodiscard]] static kiosk::Result<std::unique_ptr<HalReaderProbe>> open(const HalReaderOptions& options);
    ~HalReaderProbe() override;
    kiosk::ReaderFacts reader_facts() override;
    // The external check: reads the card in the first reader holding one and checks its
    // certificate (check "card_read_test"; no card: failed with no_card).
    kiosk::Check read_test();

    struct Impl;

  private:
    explicit HalReaderProbe(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace ui
