// Touch widgets (widgets.hpp).
//
// Sections: buttons · text · header and status strip · kinetic scrolling · dropdown · date picker · dialogs
#include "widgets.hpp"

#include <cstdio>
#include <ctime>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui_internal.h>
#include <unordered_map>

namespace ui {

// --- buttons ---------------------------------------------------------------------------

void record_hit(UiContext& ctx, std::string_view id) {
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    // Only what is actually visible can be tapped (clipped by scrolling regions).
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    ImRect clip = w->ClipRect;
    min.x = std::max(min.x, clip.Min.x);
    min.y = std::max(min.y, clip.Min.y);
    max.x = std::min(max.x, clip.Max.x);
    max.y = std::min(max.y, clip.Max.y);
    if (max.x <= min.x || max.y <= min.y) return;
    ctx.hits.insert_or_assign(std::string(id), Rect{min, max});
}

bool button(UiContext& ctx, std::string_view id, std::string_view label, ImVec2 size, ButtonStyle style,
            bool enabled, ImFont* font) {
    size.y = std::max(size.y, px(k_min_target));
    if (size.x > 0) size.x = std::max(size.x, px(k_min_target));
    ImU32 base = color::k_accent, hover = color::k_accent_hover, active = color::k_accent_active;
    ImU32 fg = color::k_text;
    switch (style) {
    case ButtonStyle::Primary:
        break;
    case ButtonStyle::Secondary:
        base = color::k_panel_light;
        hover = color::rgb(0x2A, 0x4C, 0x78);
        active = color::k_panel;
        break;
    case ButtonStyle::Danger:
        base = color::k_error;
        hover = color::rgb(0xD8, 0x3A, 0x3A);
        active = color::rgb(0xA0, 0x1E, 0x1E);
        break;
    case ButtonStyle::Ok:
        base = color::k_ok;
        hover = color::rgb(0x28, 0x96, 0x42);
        active = color::rgb(0x17, 0x63, 0x29);
        break;
    case ButtonStyle::Selected:
        base = color::k_paper;
        hover = color::k_paper;
        active = color::k_muted;
        fg = color::k_ink;
        break;
    }
    if (!enabled) {
        base = hover = active = color::rgb(0x3A, 0x4A, 0x5E);
        fg = color::rgb(0xB8, 0xC2, 0xCF);
    }
    ImGui::PushStyleColor(ImGuiCol_Button, base);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, hover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, active);
    ImGui::PushStyleColor(ImGuiCol_Text, fg);
    ImGui::PushFont(font ? font : fonts().bold);
    std::string text = std::string(label) + "##" + std::string(id);
    ImGui::BeginDisabled(!enabled);
    bool clicked = ImGui::Button(text.c_str(), size);
    ImGui::EndDisabled();
    ImGui::PopFont();
    ImGui::PopStyleColor(4);
    if (enabled) record_hit(ctx, id);
    return clicked && enabled;
}

// --- text ---------------------------------------------------------------------------------

void text(std::string_view s, ImFont* font, ImU32 c) {
    if (font) ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
}

void text_wrapped(std::string_view s, ImFont* font, ImU32 c, float width) {
    if (font) ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    float wrap = width > 0 ? ImGui::GetCursorPosX() + width : 0.0f;
    ImGui::PushTextWrapPos(wrap);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
}

ImVec2 text_size(std::string_view s, ImFont* font, float wrap) {
    ImFont* f = font ? font : ImGui::GetFont();
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, wrap, s.data(), s.data() + s.size());
}

void text_centered(std::string_view s, ImFont* font, ImU32 c) {
    ImFont* f = font ? font : ImGui::GetFont();
    float avail = ImGui::GetContentRegionAvail().x;
    float w = std::min(text_size(s, f).x, avail);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - w) / 2));
    if (text_size(s, f).x > avail)
        text_wrapped(s, f, c, avail);
    else
        text(s, f, c);
}

// --- header and status strip -------------------------------------------------------------

std::string ellipsize(std::string_view s, ImFont* font, float max_width) {
    if (text_size(s, font).x <= max_width) return std::string(s);
    static constexpr std::string_view k_ellipsis = "\u2026";
    std::size_t n = s.size();
    while (n > 0) {
        do // back to the start of a UTF-8 character
            --n;
        while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80);
        std::string cut(s.substr(0, n));
        while (!cut.empty() && cut.back() == ' ')
            cut.pop_back();
        cut += k_ellipsis;
        if (text_size(cut, font).x <= max_width) return cut;
    }
    return std::string(k_ellipsis);
}

void header(UiContext& ctx, std::string_view title, bool finish_button) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetWindowPos();
    float w = ImGui::GetWindowWidth();
    dl->PushClipRectFullScreen();
    dl->AddRectFilled(origin, ImVec2(origin.x + w, origin.y + px(k_header_h)), color::k_panel);
    dl->PopClipRect();
    // Language: always reachable, three targets of 96×72.
    float x = w - px(32) - px(3 * 104);
    if (finish_button) x -= px(260);
    // The title, ended with "…" where the buttons begin.
    std::string line(ctx.tr("app.title"));
    if (!title.empty()) line += "  ·  " + std::string(title);
    line = ellipsize(line, fonts().large, x - px(24) - px(32));
    ImVec4 clip(origin.x, origin.y, origin.x + x - px(24), origin.y + px(k_header_h));
    dl->AddText(fonts().large, fonts().large->FontSize, ImVec2(origin.x + px(32), origin.y + px(32)),
                color::k_text, line.data(), line.data() + line.size(), 0, &clip);
    ImGui::SetCursorPos(ImVec2(x, px(20)));
    const std::pair<kiosk::Lang, const char*> langs[] = {
        {kiosk::Lang::Az, "AZ"}, {kiosk::Lang::Ru, "RU"}, {kiosk::Lang::En, "EN"}};
    for (auto [lang, code] : langs) {
        std::string id = std::string("lang.") + std::string(kiosk::lang_code(lang));
        if (button(ctx, id, code, px(96, 72),
                   ctx.lang() == lang ? ButtonStyle::Selected : ButtonStyle::Secondary))
            ctx.session.choose_language(lang);
        ImGui::SameLine(0, px(8));
    }
    if (finish_button) {
        ImGui::SameLine(0, px(24));
        if (button(ctx, "session.finish", ctx.tr("action.finish"), px(236, 72), ButtonStyle::Danger))
            ctx.session.finish();
    }
    ImGui::SetCursorPos(ImVec2(0, px(k_header_h + 16)));
}

// "2026-12-04T14:36:12.123Z" (UTC) as the kiosk's local "18:36", or "04.12 18:36" on another day.
static std::string local_time(const std::string& utc) {
    std::tm tm{};
    if (utc.size() < 19 || std::sscanf(utc.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                                       &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return {};
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::time_t t = timegm(&tm), now = std::time(nullptr);
    std::tm local{}, today{};
    localtime_r(&t, &local);
    localtime_r(&now, &today);
    char buf[32];
    std::strftime(buf, sizeof buf, local.tm_yday == today.tm_yday && local.tm_year == today.tm_year ? "%H:%M" : "%d.%m %H:%M",
                  &local);
    return buf;
}

void status_strip(UiContext& ctx) {
    const kiosk::StatusVM& s = ctx.view.status;
    ImVec2 origin = ImGui::GetWindowPos();
    float w = ImGui::GetWindowWidth(), h = ImGui::GetWindowHeight();
    float top = h - px(k_status_h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRectFullScreen();
    dl->AddRectFilled(ImVec2(origin.x, origin.y + top), ImVec2(origin.x + w, origin.y + h), color::k_panel);
    dl->PopClipRect();
    ImGui::SetCursorPos(ImVec2(px(32), top + px(18)));
    text(ctx.clock_text, fonts().bold);
    ImGui::SameLine(0, px(16));
    text(ctx.date_text, fonts().small, color::k_muted);
    ImGui::SameLine(0, px(40));
    text(std::string(ctx.tr("status.kiosk")) + " " + s.kiosk_id, fonts().small, color::k_muted);
    auto dot = [&](ImU32 c) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        float r = px(9);
        dl->AddCircleFilled(ImVec2(p.x + r, p.y + px(16)), r, c);
        ImGui::Dummy(ImVec2(2 * r + px(6), px(30)));
        ImGui::SameLine(0, 0);
    };
    ImGui::SameLine(0, px(40));
    dot(s.online ? color::k_ok : color::k_warn);
    std::string link(ctx.tr(s.online ? "status.online" : "status.offline"));
    // With a real registry: how far the replica is behind it, or when it last heard from it (sync/).
    if (s.link_known && !s.online) {
        if (std::string at = local_time(s.last_sync); !at.empty())
            link += " · " + std::string(ctx.tr("status.last_sync")) + " " + at;
    } else if (s.link_known && s.sync_lag > 0) {
        link += " · " + std::string(ctx.tr("status.sync_lag")) + " " + std::to_string(s.sync_lag);
    } else if (s.link_known && s.sync_lag == 0) {
        link += " · " + std::string(ctx.tr("status.synced"));
    }
    text(link, fonts().small);
    ImGui::SameLine(0, px(40));
    const kiosk::PrinterInfo& p = s.printer;
    std::string printer_text = std::string(ctx.tr("status.printer")) + ": ";
    if (!p.known) {
        printer_text += ctx.tr("status.printer_unknown");
    } else if (p.ready()) {
        printer_text += ctx.tr(p.printing ? "status.printer_printing" : "status.printer_ready");
        if (p.has(kiosk::PrinterReason::TonerLow))
            printer_text += std::string(" · ") + std::string(ctx.tr("printer.reason.toner_low"));
    } else {
        bool first = true;
        for (kiosk::PrinterReason r : kiosk::k_all_printer_reasons)
            if (p.has(r)) {
                if (!first) printer_text += ", ";
                printer_text += ctx.tr("printer.reason." + std::string(kiosk::reason_name(r)));
                first = false;
            }
    }
    dot(p.ready() ? color::k_ok : color::k_error);
    text(printer_text, fonts().small);
    ImGui::SameLine(0, px(40));
    dot(s.reader_available ? color::k_ok : color::k_error);
    text(ctx.tr(s.reader_available ? "status.reader_ok" : "status.reader_missing"), fonts().small);
    if (ctx.sim) {
        ImGui::SetCursorPos(ImVec2(w - px(260), top + px(4)));
        if (button(ctx, "sim.toggle", ctx.tr("sim.title"), px(240, 64),
                   ctx.sim->panel_open ? ButtonStyle::Selected : ButtonStyle::Secondary, true, fonts().small))
            ctx.sim->panel_open = !ctx.sim->panel_open;
    }
}

// --- kinetic scrolling -----------------------------------------------------------------------

namespace {
struct ScrollState {
    float velocity = 0; // px/s
    bool owned = false; // the current drag started in this region
};
std::unordered_map<ImGuiID, ScrollState> g_scroll;
} // namespace

void kinetic_scroll(UiContext& ctx, std::string_view id) {
    ImGuiID key = ImGui::GetID(id.data(), id.data() + id.size());
    ScrollState& st = g_scroll[key];
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    const Pointer& p = ctx.pointer;
    if (p.pressed_this_frame()) {
        ImRect r = w->Rect();
        st.owned = r.Contains(p.press_pos());
        if (st.owned) st.velocity = 0;
    }
    float max_y = ImGui::GetScrollMaxY();
    if (st.owned && p.dragging()) {
        ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() - p.drag_delta().y, 0.0f, max_y));
        ctx.animating = true;
    } else if (st.owned && p.drag_released()) {
        st.velocity = -p.velocity_y();
        st.owned = false;
    }
    if (std::fabs(st.velocity) > px(20) && !p.down()) {
        float y = ImGui::GetScrollY() + st.velocity * ctx.dt;
        if (y <= 0 || y >= max_y) st.velocity = 0;
        ImGui::SetScrollY(std::clamp(y, 0.0f, max_y));
        st.velocity *= std::exp(-3.5f * ctx.dt);
        ctx.animating = true;
    } else if (!p.down()) {
        st.velocity = 0;
    }
}

void spinner(UiContext& ctx, ImVec2 c, float r) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float a0 = static_cast<float>(std::fmod(ctx.time_s * 4.0, 2 * M_PI));
    dl->PathArcTo(c, r, a0, a0 + 4.2f, 32);
    dl->PathStroke(color::k_muted, 0, px(8));
    ctx.want_frame_in(1.0 / 15); // a spinner turns at 15 fps: enough to look alive, cheap on the CPU
}

// --- dialogs ------------------------------------------------------------------------------------

bool begin_dialog(std::string_view id, ImVec2 design_size) {
    ImGuiIO& io = ImGui::GetIO();
    ImVec2 size = px(design_size.x, design_size.y);
    ImGui::SetNextWindowPos(ImVec2((io.DisplaySize.x - size.x) / 2, (io.DisplaySize.y - size.y) / 2));
    ImGui::SetNextWindowSize(size);
    std::string name = std::string(id);
    if (!ImGui::IsPopupOpen(name.c_str())) ImGui::OpenPopup(name.c_str());
    return ImGui::BeginPopupModal(name.c_str(), nullptr,
                                  ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoScrollbar);
}

void end_dialog() {
    ImGui::EndPopup();
}

// --- dropdown -------------------------------------------------------------------------------------

std::optional<std::size_t> dropdown(UiContext& ctx, std::string_view id, std::string_view caption,
                                    const std::vector<Choice>& choices, std::size_t selected, float width) {
    std::optional<std::size_t> result;
    ImGui::BeginGroup();
    text(caption, fonts().small, color::k_muted);
    std::string current = selected < choices.size() ? choices[selected].label : std::string("—");
    // Long labels are cut to the field; the list shows them whole.
    std::string shown = current;
    float max_w = width - px(70);
    while (!shown.empty() && text_size(shown, fonts().body).x > max_w) {
        do
            shown.pop_back();
        while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80);
        if (!shown.empty()) shown.pop_back();
        shown += "…";
        if (text_size(shown, fonts().body).x <= max_w) break;
        shown.resize(shown.size() - std::string("…").size());
    }
    std::string popup = "##popup." + std::string(id);
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
    if (button(ctx, id, shown, ImVec2(width, px(72)), ButtonStyle::Secondary, true, fonts().body))
        ImGui::OpenPopup(popup.c_str());
    ImGui::PopStyleVar();
    {
        // The "opens a list" mark, drawn (Noto Sans has no ▾).
        ImVec2 max = ImGui::GetItemRectMax();
        float cx = max.x - px(30), cy = (ImGui::GetItemRectMin().y + max.y) / 2;
        ImGui::GetWindowDrawList()->AddTriangleFilled(ImVec2(cx - px(12), cy - px(6)),
                                                      ImVec2(cx + px(12), cy - px(6)), ImVec2(cx, cy + px(8)),
                                                      color::k_text);
    }
    ImGui::EndGroup();

    ImGuiIO& io = ImGui::GetIO();
    ImVec2 size(std::min(io.DisplaySize.x - px(120), px(1200)),
                std::min(io.DisplaySize.y - px(160), px(860)));
    ImGui::SetNextWindowPos(ImVec2((io.DisplaySize.x - size.x) / 2, (io.DisplaySize.y - size.y) / 2));
    ImGui::SetNextWindowSize(size);
    if (ImGui::BeginPopupModal(popup.c_str(), nullptr,
                               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings)) {
        text(caption, fonts().large);
        ImGui::Spacing();
        float list_h = ImGui::GetContentRegionAvail().y - px(100);
        ImGui::BeginChild("choices", ImVec2(0, list_h), false);
        kinetic_scroll(ctx, "choices");
        for (std::size_t i = 0; i < choices.size(); ++i) {
            std::string cid = std::string(id) + "." + std::to_string(i);
            ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
            if (button(ctx, cid, choices[i].label, ImVec2(-1, px(80)),
                       i == selected ? ButtonStyle::Selected : ButtonStyle::Secondary, true, fonts().body)) {
                result = i;
                ImGui::CloseCurrentPopup();
            }
            ImGui::PopStyleVar();
        }
        ImGui::EndChild();
        if (button(ctx, std::string(id) + ".close", ctx.tr("action.cancel"), ImVec2(px(300), px(80)),
                   ButtonStyle::Secondary))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    return result;
}

// --- date picker -------------------------------------------------------------------------------------

namespace {

struct Calendar {
    int year = 2024, month = 1, day = 0; // day 0: none chosen
};
std::unordered_map<ImGuiID, Calendar> g_calendars;

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int days_in(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}
// Monday = 0.
int weekday(int y, int m, int d) {
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3) y -= 1;
    int sunday0 = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
    return (sunday0 + 6) % 7;
}

} // namespace

std::optional<std::string> date_field(UiContext& ctx, std::string_view id, std::string_view caption,
                                      const std::string& date, float width) {
    std::optional<std::string> result;
    ImGuiID key = ImGui::GetID(id.data(), id.data() + id.size());
    ImGui::BeginGroup();
    text(caption, fonts().small, color::k_muted);
    std::string shown = date.empty() ? std::string(ctx.tr("filter.any_date")) : kiosk::display_date(date);
    std::string popup = "##date." + std::string(id);
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
    if (button(ctx, id, shown, ImVec2(width, px(72)), ButtonStyle::Secondary, true, fonts().body)) {
        Calendar c;
        if (date.size() == 10) {
            c.year = std::atoi(date.substr(0, 4).c_str());
            c.month = std::atoi(date.substr(5, 2).c_str());
            c.day = std::atoi(date.substr(8, 2).c_str());
        } else {
            // Start from today's month: the most likely period of interest is recent.
            c.year = std::atoi(ctx.date_text.substr(6, 4).c_str());
            c.month = std::atoi(ctx.date_text.substr(3, 2).c_str());
            if (c.year < 1990 || c.month < 1 || c.month > 12) c = Calendar{};
        }
        g_calendars[key] = c;
        ImGui::OpenPopup(popup.c_str());
    }
    ImGui::PopStyleVar();
    ImGui::EndGroup();

    ImGuiIO& io = ImGui::GetIO();
    ImVec2 size = px(860, 900);
    size.y = std::min(size.y, io.DisplaySize.y - px(40));
    ImGui::SetNextWindowPos(ImVec2((io.DisplaySize.x - size.x) / 2, (io.DisplaySize.y - size.y) / 2));
    ImGui::SetNextWindowSize(size);
    if (ImGui::BeginPopupModal(popup.c_str(), nullptr,
                               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoScrollbar)) {
        Calendar& c = g_calendars[key];
        text(caption, fonts().large);
        std::string sid(id);
        // Year and month, each with its own arrows.
        auto nav = [&](const char* suffix, const char* label) {
            return button(ctx, sid + suffix, label, px(110, 80), ButtonStyle::Secondary, true, fonts().large);
        };
        if (nav(".year_prev", "«")) --c.year;
        ImGui::SameLine();
        if (nav(".month_prev", "‹")) {
            if (--c.month < 1) {
                c.month = 12;
                --c.year;
            }
        }
        ImGui::SameLine();
        std::string title =
            std::string(ctx.tr("month." + std::to_string(c.month))) + " " + std::to_string(c.year);
        ImGui::BeginGroup();
        ImGui::Dummy(ImVec2(px(380), 1));
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (px(380) - text_size(title, fonts().large).x) / 2);
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + px(10));
        text(title, fonts().large);
        ImGui::EndGroup();
        ImGui::SameLine();
        if (nav(".month_next", "›")) {
            if (++c.month > 12) {
                c.month = 1;
                ++c.year;
            }
        }
        ImGui::SameLine();
        if (nav(".year_next", "»")) ++c.year;
        c.year = std::clamp(c.year, 1990, 2100);
        c.day = std::min(c.day, days_in(c.year, c.month));

        const float cell_w = px(108), cell_h = px(80), gap = px(6);
        for (int d = 1; d <= 7; ++d) {
            std::string wd(ctx.tr("weekday." + std::to_string(d)));
            ImGui::BeginGroup();
            ImGui::Dummy(ImVec2(cell_w, 1));
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (cell_w - text_size(wd, fonts().small).x) / 2);
            text(wd, fonts().small, color::k_muted);
            ImGui::EndGroup();
            if (d < 7) ImGui::SameLine(0, gap);
        }
        int first = weekday(c.year, c.month, 1);
        int n = days_in(c.year, c.month);
        for (int cell = 0; cell < 42; ++cell) {
            int d = cell - first + 1;
            if (cell % 7 != 0) ImGui::SameLine(0, gap);
            if (d < 1 || d > n) {
                ImGui::Dummy(ImVec2(cell_w, cell_h));
                continue;
            }
            std::string did = sid + ".day." + std::to_string(d);
            if (button(ctx, did, std::to_string(d), ImVec2(cell_w, cell_h),
                       d == c.day ? ButtonStyle::Selected : ButtonStyle::Secondary, true, fonts().bold))
                c.day = d;
        }
        ImGui::Spacing();
        char iso[32] = "";
        if (c.day > 0) std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", c.year, c.month, c.day);
        if (button(ctx, sid + ".ok", ctx.tr("action.ok"), px(250, 80), ButtonStyle::Ok, c.day > 0)) {
            result = std::string(iso);
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (button(ctx, sid + ".clear", ctx.tr("filter.clear_date"), px(250, 80), ButtonStyle::Secondary)) {
            result = std::string();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (button(ctx, sid + ".cancel", ctx.tr("action.cancel"), px(250, 80), ButtonStyle::Secondary))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    return result;
}

} // namespace ui
