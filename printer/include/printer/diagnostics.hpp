// The technician's diagnostics report: kiosk, printer, store, print queue and
// device counters, without personal data. Rendered by render_diagnostics().
#pragma once

#include "hal/printer.hpp"
#include "kiosk/diagnostics.hpp"
#include "kiosk/store.hpp"
#include "printer/documents.hpp"

namespace printer {

// `printer` may be null (no printer configured). Errors: store errors.
[[nodiscard]] Result<DiagnosticsReport> collect_diagnostics(kiosk::Store& store, hal::Printer* printer,
                                                            const std::string& kiosk_id, const std::string& version);

// The technician's report (kiosk/diagnostics.hpp) as a document in `lang`: a summary with
// the overall verdict, then one section per check with its verdict, reason, warnings and facts.
DiagnosticsReport report_document(const kiosk::DiagnosticsReport& report, Lang lang);

} // namespace printer
