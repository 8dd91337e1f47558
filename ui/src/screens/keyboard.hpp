// The on-screen keyboards of staff mode: FIN (digits and Latin capitals without I and O)
// and free text (Azerbaijani Latin or Cyrillic, with shift). Keys register their hit
// boxes as "kb.<key>" ("kb.A", "kb.ə", "kb.space", "kb.erase", "kb.shift", "kb.layout").
#pragma once

#include "../context.hpp"

#include <optional>
#include <string>

namespace ui {

enum class KeyboardLayout { Fin, Latin, Cyrillic };

struct KeyboardState {
    KeyboardLayout text_layout = KeyboardLayout::Latin; // of the free-text keyboard
    bool shift = false;
};

struct KeyPress {
    enum class Kind { Text, Erase } kind = Kind::Text;
    std::string text; // UTF-8
};

// Draws the keyboard from the cursor, `width` wide; returns the key tapped this frame.
std::optional<KeyPress> draw_keyboard(UiContext& ctx, KeyboardLayout layout, KeyboardState& state,
                                      float width);

} // namespace ui
