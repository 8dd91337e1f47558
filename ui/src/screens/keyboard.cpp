#include "keyboard.hpp"

#include "../widgets.hpp"

#include <vector>

namespace ui {
namespace {

using Rows = std::vector<std::vector<std::string>>;

const Rows k_fin = {
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
    {"Q", "W", "E", "R", "T", "Y", "U", "P"},
    {"A", "S", "D", "F", "G", "H", "J", "K", "L"},
    {"Z", "X", "C", "V", "B", "N", "M"},
};
// Azerbaijani Latin (the national layout's letters) and Russian Cyrillic, lower case.
const Rows k_latin = {
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
    {"q", "ü", "e", "r", "t", "y", "u", "i", "o", "p", "ö", "ğ"},
    {"a", "s", "d", "f", "g", "h", "j", "k", "l", "ı", "ə"},
    {"z", "x", "c", "v", "b", "n", "m", "ç", "ş", ".", ",", "-"},
};
const Rows k_cyrillic = {
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
    {"й", "ц", "у", "к", "е", "н", "г", "ш", "щ", "з", "х", "ъ"},
    {"ф", "ы", "в", "а", "п", "р", "о", "л", "д", "ж", "э"},
    {"я", "ч", "с", "м", "и", "т", "ь", "б", "ю", "ё", ".", ","},
};

// Upper case of the keyboard's letters (Azerbaijani i -> İ, ı -> I).
std::string upper(const std::string& k) {
    static const std::pair<const char*, const char*> special[] = {
        {"i", "İ"}, {"ı", "I"}, {"ü", "Ü"}, {"ö", "Ö"}, {"ğ", "Ğ"}, {"ə", "Ə"}, {"ç", "Ç"},
        {"ş", "Ş"}, {"й", "Й"}, {"ц", "Ц"}, {"у", "У"}, {"к", "К"}, {"е", "Е"}, {"н", "Н"},
        {"г", "Г"}, {"ш", "Ш"}, {"щ", "Щ"}, {"з", "З"}, {"х", "Х"}, {"ъ", "Ъ"}, {"ф", "Ф"},
        {"ы", "Ы"}, {"в", "В"}, {"а", "А"}, {"п", "П"}, {"р", "Р"}, {"о", "О"}, {"л", "Л"},
        {"д", "Д"}, {"ж", "Ж"}, {"э", "Э"}, {"я", "Я"}, {"ч", "Ч"}, {"с", "С"}, {"м", "М"},
        {"и", "И"}, {"т", "Т"}, {"ь", "Ь"}, {"б", "Б"}, {"ю", "Ю"}, {"ё", "Ё"}};
    for (auto [lo, up] : special)
        if (k == lo) return up;
    if (k.size() == 1 && k[0] >= 'a' && k[0] <= 'z')
        return std::string(1, static_cast<char>(k[0] - 'a' + 'A'));
    return k;
}

} // namespace

std::optional<KeyPress> draw_keyboard(UiContext& ctx, KeyboardLayout layout, KeyboardState& state,
                                      float width) {
    std::optional<KeyPress> pressed;
    const Rows& rows = layout == KeyboardLayout::Fin     ? k_fin
                       : layout == KeyboardLayout::Latin ? k_latin
                                                         : k_cyrillic;
    const float gap = px(8);
    const float key_h = px(80);
    const float key_w = (width - 11 * gap) / 12;
    const ImVec2 origin = ImGui::GetCursorPos();
    float y = origin.y;
    for (const auto& row : rows) {
        float row_w = static_cast<float>(row.size()) * key_w + static_cast<float>(row.size() - 1) * gap;
        float x = origin.x + (width - row_w) / 2;
        for (const std::string& k : row) {
            std::string shown = state.shift && layout != KeyboardLayout::Fin ? upper(k) : k;
            ImGui::SetCursorPos(ImVec2(x, y));
            if (button(ctx, "kb." + k, shown, ImVec2(key_w, key_h), ButtonStyle::Secondary, true,
                       fonts().large)) {
                pressed = KeyPress{KeyPress::Kind::Text, shown};
                state.shift = false;
            }
            x += key_w + gap;
        }
        y += key_h + gap;
    }
    // The last row: layout and shift (free text), space, erase.
    float x = origin.x;
    ImGui::SetCursorPos(ImVec2(x, y));
    if (layout != KeyboardLayout::Fin) {
        const char* other = layout == KeyboardLayout::Latin ? "АБВ" : "ABC";
        if (button(ctx, "kb.layout", other, ImVec2(2 * key_w + gap, key_h), ButtonStyle::Secondary, true,
                   fonts().bold))
            state.text_layout =
                layout == KeyboardLayout::Latin ? KeyboardLayout::Cyrillic : KeyboardLayout::Latin;
        ImGui::SameLine(0, gap);
        if (button(ctx, "kb.shift", "Aa", ImVec2(2 * key_w + gap, key_h),
                   state.shift ? ButtonStyle::Selected : ButtonStyle::Secondary, true, fonts().large))
            state.shift = !state.shift;
        ImGui::SameLine(0, gap);
        if (button(ctx, "kb.space", ctx.tr("keyboard.space"), ImVec2(5 * key_w + 4 * gap, key_h),
                   ButtonStyle::Secondary, true, fonts().bold))
            pressed = KeyPress{KeyPress::Kind::Text, " "};
        ImGui::SameLine(0, gap);
    } else {
        ImGui::SetCursorPos(ImVec2(origin.x + width - (3 * key_w + 2 * gap), y));
    }
    if (button(ctx, "kb.erase", ctx.tr("keyboard.erase"), ImVec2(3 * key_w + 2 * gap, key_h),
               ButtonStyle::Secondary, true, fonts().bold))
        pressed = KeyPress{KeyPress::Kind::Erase, {}};
    ImGui::SetCursorPos(ImVec2(origin.x, y + key_h + gap));
    return pressed;
}

} // namespace ui
