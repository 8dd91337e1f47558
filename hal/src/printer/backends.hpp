// The backends' constructors, for the factory in printer.cpp. Each backend keeps
// its third-party library (libcups) inside its own source file.
#pragma once

#include "hal/printer.hpp"

namespace hal::detail {

// dir:PATH. Errors: printer_uri_invalid (the directory cannot be made).
[[nodiscard]] Result<std::unique_ptr<Printer>> open_dir_printer(const std::filesystem::path& dir);
// ipp://... or ipps://... Errors: printer_uri_invalid.
[[nodiscard]] Result<std::unique_ptr<Printer>> open_ipp_printer(std::string_view uri);

// A job name reduced to [A-Za-z0-9._-] (at most 64 characters), safe in a file name and in IPP.
std::string safe_job_name(std::string_view name);

} // namespace hal::detail
