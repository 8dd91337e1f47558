#include "theme.hpp"

#include "kiosk/i18n.hpp"

#include <filesystem>

namespace ui {
namespace {

float g_scale = 1.0f;
Fonts g_fonts;

constexpr const char* k_regular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
constexpr const char* k_bold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

} // namespace

void set_scale(float s) {
    g_scale = s;
}
float scale() {
    return g_scale;
}
const Fonts& fonts() {
    return g_fonts;
}

bool load_fonts(Fonts& out, float s) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Only the glyphs the three languages need keep the atlas (and memory) small:
    // Basic Latin, Latin-1, Latin Extended-A (Ğ ğ İ ı Ş ş), Ə ə, Cyrillic, punctuation, № and arrows.
    static ImVector<ImWchar> ranges;
    if (ranges.empty()) {
        ImFontGlyphRangesBuilder b;
        static const ImWchar base[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x018F, 0x018F, 0x0259, 0x0259, 0x0400,
                                       0x045F, 0x2010, 0x2027, 0x2030, 0x203A, 0x2116, 0x2116, 0x2190, 0x2193,
                                       0x2713, 0x2713, 0x25BE, 0x25BE, 0x25CF, 0x25CF, 0x25CB, 0x25CB, 0};
        b.AddRanges(base);
        b.BuildRanges(&ranges);
    }
    bool have = std::filesystem::exists(k_regular) && std::filesystem::exists(k_bold);
    ImFontConfig cfg;
    cfg.OversampleH = 1; // software rendering at 1:1; oversampling only costs atlas memory
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    auto add = [&](const char* file, float size) -> ImFont* {
        if (!have) return io.Fonts->AddFontDefault();
        return io.Fonts->AddFontFromFileTTF(file, size * s, &cfg, ranges.Data);
    };
    out.body = add(k_regular, 30); // first: the default font
    out.small = add(k_regular, 24);
    out.bold = add(k_bold, 30);
    out.large = add(k_bold, 40);
    out.title = add(k_bold, 60);
    io.Fonts->TexDesiredWidth = 2048;
    g_fonts = out;
    return have;
}

void apply_style() {
    ImGuiStyle& st = ImGui::GetStyle();
    st = ImGuiStyle();
    ImGui::StyleColorsDark(&st);
    st.WindowPadding = px(24, 24);
    st.FramePadding = px(20, 14);
    st.ItemSpacing = px(16, 16);
    st.ItemInnerSpacing = px(12, 12);
    st.CellPadding = px(12, 10);
    st.ScrollbarSize = px(28);
    st.GrabMinSize = px(48);
    st.WindowRounding = 0;
    st.FrameRounding = px(10);
    st.PopupRounding = px(12);
    st.ChildRounding = px(10);
    st.ScrollbarRounding = px(10);
    st.WindowBorderSize = 0;
    st.PopupBorderSize = px(2);
    st.TouchExtraPadding = px(4, 4);
    auto c = [](ImU32 v) { return ImGui::ColorConvertU32ToFloat4(v); };
    ImVec4* col = st.Colors;
    col[ImGuiCol_WindowBg] = c(color::k_background);
    col[ImGuiCol_ChildBg] = c(color::rgb(0, 0, 0, 0));
    col[ImGuiCol_PopupBg] = c(color::k_panel);
    col[ImGuiCol_Border] = c(color::k_muted);
    col[ImGuiCol_Text] = c(color::k_text);
    col[ImGuiCol_TextDisabled] = c(color::rgb(0x9A, 0xA8, 0xBA));
    col[ImGuiCol_Button] = c(color::k_accent);
    col[ImGuiCol_ButtonHovered] = c(color::k_accent_hover);
    col[ImGuiCol_ButtonActive] = c(color::k_accent_active);
    col[ImGuiCol_Header] = c(color::k_panel_light);
    col[ImGuiCol_HeaderHovered] = c(color::k_accent_hover);
    col[ImGuiCol_HeaderActive] = c(color::k_accent_active);
    col[ImGuiCol_FrameBg] = c(color::k_panel);
    col[ImGuiCol_TableHeaderBg] = c(color::k_panel_light);
    col[ImGuiCol_TableRowBg] = c(color::k_background);
    col[ImGuiCol_TableRowBgAlt] = c(color::k_row_alt);
    col[ImGuiCol_TableBorderLight] = c(color::k_panel_light);
    col[ImGuiCol_TableBorderStrong] = c(color::k_panel_light);
    col[ImGuiCol_ScrollbarBg] = c(color::k_panel);
    col[ImGuiCol_ScrollbarGrab] = c(color::k_muted);
    col[ImGuiCol_ModalWindowDimBg] = c(color::k_dim);
}

} // namespace ui
