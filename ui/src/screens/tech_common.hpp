// What every technician page shares: the frame (header, a navigation column with a
// verdict dot per page, the content area) and the drawing of a check's verdict and facts.
// Technician mode shows no personal data: facts are device states, counts and codes.
#pragma once

#include "../context.hpp"
#include "kiosk/diagnostics.hpp"

#include <initializer_list>
#include <string_view>

namespace ui {

struct TechFrame {
    ImVec2 pos;  // top-left of the content area (window coordinates)
    ImVec2 size; // its size
};

// Draws the header and the navigation; returns the content area, with the cursor at its
// top-left inside a group (lines start at its left edge) that end_tech_frame() closes.
TechFrame tech_frame(UiContext& ctx, kiosk::ScreenId page, std::string_view title);
void end_tech_frame();

ImU32 verdict_color(kiosk::Verdict v);
// The worst verdict of these checks (fail > pass > not run); NotRun when none ran.
kiosk::Verdict worst(const kiosk::DiagnosticsReport& report, std::initializer_list<std::string_view> ids);
// A verdict badge ("PASS" / "FAIL" / "NOT RUN") at the cursor.
void verdict_badge(UiContext& ctx, kiosk::Verdict v);
// The check's title, badge, reason and facts at the cursor, `width` wide.
void draw_check(UiContext& ctx, const kiosk::Check* check, std::string_view id, float width);

} // namespace ui
