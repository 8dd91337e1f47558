// The kiosk's log: each line goes to stderr (the journal on the kiosk image) and the
// last lines stay in memory for technician mode ("recent log lines", PRODUCT §2.9).
//
// Messages never carry personal data (the callers' rule). As a second guard every
// line is scrubbed before it is kept or written: anything shaped like a FIN (7 of
// [0-9A-Z] without I and O, with a digit and a letter), like an identity document's
// number (2-4 capitals and 7+ digits) or a long run of digits (9+: a phone) is masked.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

inline constexpr std::size_t k_log_keep = 200; // lines kept in memory

// Writes "HH:MM:SS component: message" (local time) to stderr and keeps it. Any thread.
void log_line(std::string_view component, std::string_view message);
// The newest lines kept, oldest first, at most `max`.
std::vector<std::string> recent_log_lines(std::size_t max = k_log_keep);
// Tests: stop writing to stderr (lines are still kept), forget the kept lines.
void set_log_stderr(bool on);
void clear_log();

// `text` with FIN- and document-number-shaped tokens and runs of 9+ digits replaced by '*'.
std::string scrub_personal(std::string_view text);

} // namespace kiosk
