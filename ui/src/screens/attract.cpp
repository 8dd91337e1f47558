// Screen 1b: attract. Nobody has touched the kiosk for a while: a dark screen whose
// content drifts slowly over the whole panel and changes colour, so nothing burns in.
#include "../screen.hpp"
#include "../widgets.hpp"

#include <cmath>

namespace ui {
namespace {

class AttractScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::Attract}; }
    bool fullbleed() const override { return true; }
    void draw(UiContext& ctx) override {
        ImGuiIO& io = ImGui::GetIO();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(ImVec2(0, 0), io.DisplaySize, color::rgb(0, 0, 0));
        // The block of text wanders on a slow Lissajous path (minutes per lap).
        const char* lines_key[] = {"attract.touch", "attract.touch", "attract.touch"};
        const kiosk::Lang langs[] = {kiosk::Lang::Az, kiosk::Lang::Ru, kiosk::Lang::En};
        float block_w = px(900), block_h = px(420);
        double t = ctx.time_s;
        float x = (io.DisplaySize.x - block_w) * static_cast<float>(0.5 + 0.5 * std::sin(t / 97.0));
        float y = (io.DisplaySize.y - block_h) * static_cast<float>(0.5 + 0.5 * std::sin(t / 61.0 + 1.3));
        float hue = static_cast<float>(std::fmod(t / 300.0, 1.0));
        float r, g, b;
        ImGui::ColorConvertHSVtoRGB(hue, 0.35f, 0.85f, r, g, b);
        ImU32 accent = ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1));
        ImFont* title = fonts().title;
        dl->AddText(title, title->FontSize, ImVec2(x, y), accent, ctx.clock_text.c_str());
        float ly = y + title->FontSize + px(30);
        std::string service(kiosk::tr("app.title", kiosk::Lang::Az));
        dl->AddText(fonts().large, fonts().large->FontSize, ImVec2(x, ly), color::rgb(0xB0, 0xB8, 0xC4),
                    service.c_str());
        ly += fonts().large->FontSize + px(30);
        for (int i = 0; i < 3; ++i) {
            std::string s(kiosk::tr(lines_key[i], langs[i]));
            dl->AddText(fonts().body, fonts().body->FontSize, ImVec2(x, ly), color::rgb(0x90, 0x98, 0xA4),
                        s.c_str());
            ly += fonts().body->FontSize + px(14);
        }
        // Two frames a second are enough for a drift of a few pixels.
        ctx.want_frame_in(0.5);
        // Any touch wakes the kiosk.
        ImGui::SetCursorPos(ImVec2(0, 0));
        ImGui::InvisibleButton("attract.wake", io.DisplaySize);
        record_hit(ctx, "attract.wake");
        if (ImGui::IsItemClicked() || ImGui::IsItemActivated()) ctx.session.wake();
    }
};

} // namespace

std::unique_ptr<Screen> make_attract_screen() {
    return std::make_unique<AttractScreen>();
}

} // namespace ui
