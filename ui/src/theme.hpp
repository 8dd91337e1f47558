// The look of the kiosk: one scale helper for every size, fonts, colours.
// Designed at 1920×1080: body text 30 px (never under 24 px), touch targets ≥ 64 px
// (PRODUCT §2), high contrast (light text on a dark navy ground, ≥ 4.5:1).
#pragma once

#include <imgui.h>

namespace ui {

// The scale of the window against the 1920×1080 design.
void set_scale(float scale);
float scale();
// A size of the design in pixels of this window: every size goes through here.
inline float px(float design) {
    return design * scale();
}
inline ImVec2 px(float w, float h) {
    return ImVec2(px(w), px(h));
}

inline constexpr float k_min_target = 64.0f; // design px

struct Fonts {
    ImFont* small = nullptr; // 24 px: secondary lines, table cells
    ImFont* body = nullptr;  // 30 px
    ImFont* bold = nullptr;  // 30 px bold: buttons, labels
    ImFont* large = nullptr; // 40 px bold: headings
    ImFont* title = nullptr; // 60 px bold: screen titles, the clock of the attract screen
};
// Loads Noto Sans (Regular, Bold) at the theme's sizes with Azerbaijani, Russian and
// English glyphs. Returns false when the font files are missing (ImGui's default font is used).
bool load_fonts(Fonts& fonts, float scale);
const Fonts& fonts();

namespace color {
inline constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
    return (a << 24) | (b << 16) | (g << 8) | r;
}
inline constexpr ImU32 k_background = rgb(0x0B, 0x1A, 0x2E);
inline constexpr ImU32 k_panel = rgb(0x14, 0x2A, 0x47);
inline constexpr ImU32 k_panel_light = rgb(0x1D, 0x3A, 0x60);
inline constexpr ImU32 k_text = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 k_muted = rgb(0xC8, 0xD4, 0xE3);
inline constexpr ImU32 k_accent = rgb(0x0A, 0x5C, 0xC2); // buttons: white text 6.3:1
inline constexpr ImU32 k_accent_hover = rgb(0x17, 0x6F, 0xDB);
inline constexpr ImU32 k_accent_active = rgb(0x06, 0x47, 0x99);
inline constexpr ImU32 k_ok = rgb(0x1E, 0x7E, 0x34);
inline constexpr ImU32 k_warn = rgb(0xFF, 0xC1, 0x07); // with dark text
inline constexpr ImU32 k_error = rgb(0xC6, 0x28, 0x28);
inline constexpr ImU32 k_paper = rgb(0xFF, 0xFF, 0xFF);
inline constexpr ImU32 k_ink = rgb(0x10, 0x10, 0x10);
inline constexpr ImU32 k_row_alt = rgb(0x10, 0x22, 0x3B);
inline constexpr ImU32 k_dim = rgb(0x00, 0x00, 0x00, 0xB4);
} // namespace color

// ImGui style for touch: large padding, rounded targets, the colours above.
void apply_style();

} // namespace ui
