// Touch widgets shared by the screens: buttons that register their hit box, text
// helpers, the header and the status strip, kinetic scrolling, finger-sized
// dropdowns and a date picker. Every size goes through px(); every label is a
// translation key or data.
#pragma once

#include "context.hpp"
#include "theme.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ui {

enum class ButtonStyle { Primary, Secondary, Danger, Ok, Selected };

// A button at least 64 design px high; `id` names it for the test hook. True when tapped.
bool button(UiContext& ctx, std::string_view id, std::string_view label, ImVec2 size,
            ButtonStyle style = ButtonStyle::Primary, bool enabled = true, ImFont* font = nullptr);
// Records the last item's rectangle under `id` (targets drawn by other means).
void record_hit(UiContext& ctx, std::string_view id);

void text(std::string_view s, ImFont* font = nullptr, ImU32 color = color::k_text);
void text_wrapped(std::string_view s, ImFont* font = nullptr, ImU32 color = color::k_text, float width = 0);
// Text centred horizontally in the current window at the cursor's line.
void text_centered(std::string_view s, ImFont* font = nullptr, ImU32 color = color::k_text);
ImVec2 text_size(std::string_view s, ImFont* font, float wrap = -1.0f);
// `s` cut at a character boundary and ended with "…" when wider than `max_width`.
std::string ellipsize(std::string_view s, ImFont* font, float max_width);

// The bar on top: title, language choice (AZ | RU | EN), and Finish during a session.
void header(UiContext& ctx, std::string_view title, bool finish_button);
// The strip at the bottom: clock, kiosk id, online, printer, card reader; the simulator switch.
void status_strip(UiContext& ctx);
inline constexpr float k_header_h = 112.0f; // design px
inline constexpr float k_status_h = 72.0f;

// Makes the current child window scroll by dragging, with inertia after the finger lifts.
void kinetic_scroll(UiContext& ctx, std::string_view id);

// A spinning arc (something is on its way).
void spinner(UiContext& ctx, ImVec2 center, float radius);

struct Choice {
    std::string value; // "" for "all"
    std::string label;
};
// A field that opens a finger-sized list of choices. Returns the chosen index when one was tapped.
std::optional<std::size_t> dropdown(UiContext& ctx, std::string_view id, std::string_view caption,
                                    const std::vector<Choice>& choices, std::size_t selected, float width);
// A field that opens a calendar. `date` is YYYY-MM-DD or empty. Returns the new value
// ("" for cleared) when the person confirmed.
std::optional<std::string> date_field(UiContext& ctx, std::string_view id, std::string_view caption,
                                      const std::string& date, float width);

// A full-window dimmed layer and a centred panel of the given design size; end with end_dialog().
bool begin_dialog(std::string_view id, ImVec2 design_size);
void end_dialog();

} // namespace ui
