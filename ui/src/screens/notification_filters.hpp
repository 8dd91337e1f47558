// The filter bar of the notifications screen (a feature of that screen, split out to
// keep the screen's file small): every filter of seed 001 §2.2 and §2.5.
#pragma once

#include "../context.hpp"

namespace ui {

// Draws one row of filters for the current tab at the cursor, `width` wide.
void draw_filter_bar(UiContext& ctx, float width);

} // namespace ui
