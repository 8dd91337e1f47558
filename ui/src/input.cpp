#include "input.hpp"

#include "theme.hpp"

#include <cfloat>
#include <cmath>

namespace ui {

bool Pointer::process(const SDL_Event& e, int w, int h) {
    switch (e.type) {
    case SDL_MOUSEBUTTONDOWN:
        if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return false;
        m_touch = false;
        press(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
        return true;
    case SDL_MOUSEBUTTONUP:
        if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return false;
        release(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
        return true;
    case SDL_MOUSEMOTION:
        if (e.motion.which == SDL_TOUCH_MOUSEID) return false;
        move(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
        return m_down;
    // Touchscreens send normalised finger coordinates; the first finger is the pointer.
    case SDL_FINGERDOWN:
        if (m_down) return true;
        m_finger = e.tfinger.fingerId;
        m_touch = true;
        press(e.tfinger.x * static_cast<float>(w), e.tfinger.y * static_cast<float>(h));
        return true;
    case SDL_FINGERMOTION:
        if (e.tfinger.fingerId != m_finger) return false;
        move(e.tfinger.x * static_cast<float>(w), e.tfinger.y * static_cast<float>(h));
        return true;
    case SDL_FINGERUP:
        if (e.tfinger.fingerId != m_finger) return false;
        release(e.tfinger.x * static_cast<float>(w), e.tfinger.y * static_cast<float>(h));
        m_finger = -1;
        return true;
    default:
        return false;
    }
}

void Pointer::press(float x, float y) {
    m_down = true;
    m_latched_press = true;
    m_dragging = false;
    m_pos = m_press_pos = m_last_frame_pos = ImVec2(x, y);
    m_velocity_y = 0;
}

void Pointer::move(float x, float y) {
    m_pos = ImVec2(x, y);
    if (m_down && !m_dragging) {
        float dx = x - m_press_pos.x, dy = y - m_press_pos.y;
        if (std::sqrt(dx * dx + dy * dy) > px(18)) m_dragging = true;
    }
}

void Pointer::release(float x, float y) {
    move(x, y);
    m_down = false;
    if (m_dragging) m_drag_released_pending = true;
}

void Pointer::apply(ImGuiIO& io, float dt) {
    m_frame_drag = ImVec2(0, 0);
    m_drag_released = m_drag_released_pending;
    m_drag_released_pending = false;
    if (m_dragging) {
        m_frame_drag = ImVec2(m_pos.x - m_last_frame_pos.x, m_pos.y - m_last_frame_pos.y);
        if (dt > 0) {
            float v = m_frame_drag.y / dt;
            m_velocity_y = m_velocity_y * 0.4f + v * 0.6f;
        }
    }
    m_last_frame_pos = m_pos;
    if (m_dragging) {
        // A drag scrolls; ImGui sees the pointer leave so that nothing under it clicks.
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        io.MouseDown[0] = false;
        if (!m_down) m_dragging = false;
    } else if (m_latched_press && !m_hovered_first) {
        // A finger lands without hovering first: ImGui gets one frame of hover at the
        // new place before the press, as a mouse would give it.
        io.MousePos = m_pos;
        io.MouseDown[0] = false;
        m_hovered_first = true;
        m_release_frame = false;
        return;
    } else if (m_touch && !m_down && !m_latched_press && !m_release_frame) {
        // A finger that left the glass hovers nothing (no sticky highlight).
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        io.MouseDown[0] = false;
    } else {
        io.MousePos = m_pos;
        io.MouseDown[0] = m_down || m_latched_press;
    }
    for (int i = 1; i < 5; ++i)
        io.MouseDown[i] = false;
    // The frame after a release still shows the pointer where it was lifted (ImGui clicks then).
    m_release_frame = io.MouseDown[0];
    m_pressed_frame = m_latched_press;
    m_latched_press = false;
    m_hovered_first = false;
}

} // namespace ui
