// The pointer, tracked by us from mouse AND touch (SDL_FINGER*) events: the stock
// ImGui 1.86 SDL backend reads SDL_GetMouseState (so injected events never click)
// and ignores fingers (RECIPES.md). apply() feeds ImGui after
// ImGui_ImplSDL2_NewFrame() and before ImGui::NewFrame(). A press and release within
// one frame still clicks (the press is latched for a frame). A finger that moves
// beyond a small slop is a drag (scrolling), never a click.
#pragma once

#include <SDL.h>
#include <imgui.h>

namespace ui {

class Pointer {
  public:
    // Returns true when the event was pointer input (the person is there).
    bool process(const SDL_Event& event, int window_w, int window_h);
    // Feeds ImGui for this frame; dt in seconds.
    void apply(ImGuiIO& io, float dt);

    bool down() const { return m_down; }
    bool dragging() const { return m_dragging; }
    ImVec2 pos() const { return m_pos; }
    ImVec2 press_pos() const { return m_press_pos; }
    // Movement of a drag since the previous frame, and whether it ended this frame.
    ImVec2 drag_delta() const { return m_frame_drag; }
    bool drag_released() const { return m_drag_released; }
    float velocity_y() const { return m_velocity_y; } // px/s, smoothed
    bool pressed_this_frame() const { return m_pressed_frame; }

  private:
    void press(float x, float y);
    void move(float x, float y);
    void release(float x, float y);

    bool m_down = false;
    bool m_latched_press = false; // a press not yet seen by ImGui
    bool m_pressed_frame = false;
    bool m_dragging = false;
    bool m_drag_released = false;
    bool m_drag_released_pending = false;
    ImVec2 m_pos{-1, -1}, m_press_pos{-1, -1}, m_last_frame_pos{-1, -1}, m_frame_drag{0, 0};
    float m_velocity_y = 0;
    float m_accum_dy = 0;
    SDL_FingerID m_finger = -1;
    bool m_touch = false;
    bool m_hovered_first =
        false; // the latched press has had its hover frame         // the last pointer was a finger
    bool m_release_frame =
        false; // ImGui saw the pointer down last frame: it must see the release where it was
};

} // namespace ui
