// Screen 4: my notifications. Summary of current employment on top, the two tabs of the
// e-gov service, every filter, every column, touch scrolling with inertia, more rows
// as the list nears its end, an empty state that offers to clear the filters, and the
// replica's "data as of".
#include "../screen.hpp"
#include "../widgets.hpp"
#include "kiosk/records.hpp"
#include "notification_filters.hpp"

namespace ui {
namespace {

struct Column {
    const char* key; // header translation key
    float weight;    // share of the table's width
    std::string (*cell)(const kiosk::NotificationRow&);
};

const Column k_contract_columns[] = {
    {"column.employer_sun", 140, [](const kiosk::NotificationRow& r) { return r.employer_sun; }},
    {"column.employer_name", 240, [](const kiosk::NotificationRow& r) { return r.employer_name; }},
    {"column.number", 190, [](const kiosk::NotificationRow& r) { return r.number; }},
    {"column.date", 140, [](const kiosk::NotificationRow& r) { return kiosk::display_date(r.date); }},
    {"column.kind", 210, [](const kiosk::NotificationRow& r) { return r.kind_label; }},
    {"column.status", 160, [](const kiosk::NotificationRow& r) { return r.status_label; }},
    {"column.workplace", 200, [](const kiosk::NotificationRow& r) { return r.workplace; }},
    {"column.position", 220, [](const kiosk::NotificationRow& r) { return r.position; }},
    {"column.validity", 140, [](const kiosk::NotificationRow& r) { return r.validity_label; }},
};
const Column k_termination_columns[] = {
    {"column.employer_sun", 140, [](const kiosk::NotificationRow& r) { return r.employer_sun; }},
    {"column.employer_name", 210, [](const kiosk::NotificationRow& r) { return r.employer_name; }},
    {"column.number", 180, [](const kiosk::NotificationRow& r) { return r.number; }},
    {"column.date", 130, [](const kiosk::NotificationRow& r) { return kiosk::display_date(r.date); }},
    {"column.status", 150, [](const kiosk::NotificationRow& r) { return r.status_label; }},
    {"column.order_date", 130,
     [](const kiosk::NotificationRow& r) { return kiosk::display_date(r.order_date); }},
    {"column.order_number", 120, [](const kiosk::NotificationRow& r) { return r.order_number; }},
    {"column.reason", 270, [](const kiosk::NotificationRow& r) { return r.reason_label; }},
    {"column.position", 180, [](const kiosk::NotificationRow& r) { return r.position; }},
    {"column.validity", 130, [](const kiosk::NotificationRow& r) { return r.validity_label; }},
};

constexpr ImGuiTableFlags k_table_flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg |
                                          ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_NoPadOuterX;

// Text clipped to its cell: at most the lines that fit (rows keep one height, so the
// list clipper only lays out visible rows).
void cell_text(const std::string& s, ImFont* font, ImU32 c, float height) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x;
    ImVec4 clip(p.x, p.y, p.x + w, p.y + height);
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, p, c, s.data(), s.data() + s.size(), w, &clip);
    ImGui::Dummy(ImVec2(w, height));
}

class NotificationsScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::Notifications}; }

    void draw(UiContext& ctx) override {
        const kiosk::NotificationsVM& l = ctx.view.list;
        // Staff see a citizen they looked up: the header says so.
        const bool staff = ctx.view.mode == kiosk::Mode::Staff;
        header(ctx, staff ? std::string(ctx.tr("staff.viewing")) + ": " + l.holder_name : l.holder_name,
               true);
        ImGuiIO& io = ImGui::GetIO();
        const float margin = px(32);
        const float width = io.DisplaySize.x - 2 * margin;

        draw_summary(ctx, margin, width);
        draw_tabs(ctx, margin, width);
        ImGui::SetCursorPos(ImVec2(margin, px(296)));
        draw_filter_bar(ctx, width);

        const float list_top = px(414);
        const float list_bottom = io.DisplaySize.y - px(k_status_h) - px(64);
        ImGui::SetCursorPos(ImVec2(margin, list_top));
        draw_table(ctx, width, list_bottom - list_top);

        // Footer: how many, and how fresh the data is.
        ImGui::SetCursorPos(ImVec2(margin, list_bottom + px(12)));
        std::string count = std::string(ctx.tr("list.count")) + ": " + std::to_string(l.total);
        if (static_cast<std::int64_t>(l.rows.size()) < l.total)
            count += "  (" + std::string(ctx.tr("list.shown")) + " " + std::to_string(l.rows.size()) + ")";
        text(count, fonts().small, color::k_muted);
        std::string as_of = std::string(ctx.tr("list.data_as_of")) + ": " +
                            (l.data_as_of.empty() ? std::string("—") : kiosk::display_instant(l.data_as_of));
        ImGui::SameLine(margin + width - text_size(as_of, fonts().small).x);
        text(as_of, fonts().small, color::k_muted);
    }

  private:
    void draw_summary(UiContext& ctx, float margin, float width) {
        const kiosk::NotificationsVM& l = ctx.view.list;
        ImVec2 o = ImGui::GetWindowPos();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(o.x + margin, o.y + px(124)),
                                                  ImVec2(o.x + margin + width, o.y + px(196)), color::k_panel,
                                                  px(10));
        ImGui::SetCursorPos(ImVec2(margin + px(20), px(142)));
        text(std::string(ctx.tr("summary.current")) + ":", fonts().bold);
        ImGui::SameLine(0, px(16));
        std::string s;
        if (l.overview_loading) {
            s = "…";
        } else if (l.employment.empty()) {
            s = std::string(ctx.tr("summary.none"));
        } else {
            for (std::size_t i = 0; i < l.employment.size() && i < 2; ++i) {
                const auto& e = l.employment[i];
                if (i) s += "   ·   ";
                s += e.employer_name + " — " + e.position + " (" + std::string(ctx.tr("summary.since")) +
                     " " + kiosk::display_date(e.start_date) + ")";
            }
            if (l.employment.size() > 2) s += "   +" + std::to_string(l.employment.size() - 2);
        }
        ImVec2 p = ImGui::GetCursorScreenPos();
        float w = o.x + margin + width - px(20) - p.x;
        ImVec4 clip(p.x, p.y, p.x + w, p.y + px(40));
        ImGui::GetWindowDrawList()->AddText(fonts().body, fonts().body->FontSize, p, color::k_text, s.data(),
                                            s.data() + s.size(), 0, &clip);
    }

    void draw_tabs(UiContext& ctx, float margin, float) {
        const kiosk::NotificationsVM& l = ctx.view.list;
        ImGui::SetCursorPos(ImVec2(margin, px(210)));
        if (button(ctx, "tab.contracts", ctx.tr("tab.contracts"), px(620, 72),
                   l.tab == kiosk::Tab::Contracts ? ButtonStyle::Selected : ButtonStyle::Secondary, true,
                   fonts().large))
            ctx.session.select_tab(kiosk::Tab::Contracts);
        ImGui::SameLine(0, px(12));
        if (button(ctx, "tab.termination", ctx.tr("tab.termination"), px(420, 72),
                   l.tab == kiosk::Tab::Termination ? ButtonStyle::Selected : ButtonStyle::Secondary, true,
                   fonts().large))
            ctx.session.select_tab(kiosk::Tab::Termination);
        ImGui::SameLine(0, px(30));
        if (ctx.view.mode == kiosk::Mode::Staff) {
            // Staff: back to their menu (the citizen's data is wiped).
            if (button(ctx, "staff.menu", ctx.tr("staff.back_to_menu"), px(420, 72), ButtonStyle::Secondary,
                       true, fonts().bold))
                ctx.session.staff_home();
            return;
        }
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + px(20));
        text(ctx.tr("list.tap_row"), fonts().small, color::k_muted);
    }

    void draw_table(UiContext& ctx, float width, float height) {
        const kiosk::NotificationsVM& l = ctx.view.list;
        const bool contracts = l.tab == kiosk::Tab::Contracts;
        const Column* cols = contracts ? k_contract_columns : k_termination_columns;
        const int ncols = contracts ? static_cast<int>(std::size(k_contract_columns))
                                    : static_cast<int>(std::size(k_termination_columns));
        const float row_h = px(88);
        const float header_h = px(60);

        // The header stays while the rows scroll: a table of its own with the same weights.
        ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, px(8, 6));
        if (ImGui::BeginTable("head", ncols, k_table_flags, ImVec2(width - px(30), 0))) {
            for (int c = 0; c < ncols; ++c)
                ImGui::TableSetupColumn(cols[c].key, 0, cols[c].weight);
            ImGui::TableNextRow(ImGuiTableRowFlags_None, header_h);
            for (int c = 0; c < ncols; ++c) {
                ImGui::TableSetColumnIndex(c);
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, color::k_panel_light);
                std::string h(ctx.tr(cols[c].key));
                cell_text(h, fonts().small, color::k_text, header_h - px(12));
            }
            ImGui::EndTable();
        }

        float body_h = height - header_h - px(12);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX());
        ImGui::BeginChild("rows", ImVec2(width, body_h), false, ImGuiWindowFlags_NoScrollWithMouse * 0);
        kinetic_scroll(ctx, "rows");
        if (l.rows.empty()) {
            draw_empty(ctx, width, body_h);
        } else if (ImGui::BeginTable("body", ncols, k_table_flags, ImVec2(width - px(30), 0))) {
            for (int c = 0; c < ncols; ++c)
                ImGui::TableSetupColumn(cols[c].key, 0, cols[c].weight);
            ImGuiListClipper clipper;
            clipper.Begin(static_cast<int>(l.rows.size()), row_h + 2 * px(6));
            std::optional<std::size_t> tapped;
            while (clipper.Step()) {
                for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                    const kiosk::NotificationRow& r = l.rows[static_cast<std::size_t>(i)];
                    ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
                    ImGui::TableSetColumnIndex(0);
                    ImGui::PushID(i);
                    ImVec2 start = ImGui::GetCursorPos();
                    if (ImGui::Selectable("##row", false, ImGuiSelectableFlags_SpanAllColumns,
                                          ImVec2(0, row_h)))
                        tapped = static_cast<std::size_t>(i);
                    record_hit(ctx, "row." + std::to_string(i));
                    ImGui::SetCursorPos(start);
                    for (int c = 0; c < ncols; ++c) {
                        ImGui::TableSetColumnIndex(c);
                        ImU32 col = color::k_text;
                        if (r.status == "cancelled" || r.validity == "invalid") col = color::k_warn;
                        cell_text(cols[c].cell(r), fonts().small, col, row_h);
                    }
                    ImGui::PopID();
                }
            }
            ImGui::EndTable();
            if (l.loading) text_centered(ctx.tr("list.loading"), fonts().body, color::k_muted);
            // Near the end: fetch the next page.
            if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 3 * row_h) ctx.session.load_more();
            if (tapped) ctx.session.open_detail(*tapped);
        }
        ImGui::EndChild();
        ImGui::PopStyleVar();
    }

    void draw_empty(UiContext& ctx, float width, float height) {
        const kiosk::NotificationsVM& l = ctx.view.list;
        if (l.loading) {
            spinner(ctx, ImVec2(ImGui::GetWindowPos().x + width / 2, ImGui::GetWindowPos().y + height / 2),
                    px(50));
            return;
        }
        ImGui::SetCursorPosY(height / 2 - px(90));
        if (!l.error.empty()) {
            text_centered(ctx.tr("error." + l.error), fonts().large, color::k_warn);
            return;
        }
        if (l.filters.any()) {
            text_centered(ctx.tr("list.empty_filtered"), fonts().large);
            ImGui::Spacing();
            ImGui::SetCursorPosX((width - px(420)) / 2);
            if (button(ctx, "list.clear_filters", ctx.tr("filter.clear"), px(420, 88)))
                ctx.session.clear_filters();
        } else {
            text_centered(
                ctx.tr(l.tab == kiosk::Tab::Contracts ? "list.empty_contracts" : "list.empty_termination"),
                fonts().large);
        }
    }
};

} // namespace

std::unique_ptr<Screen> make_notifications_screen() {
    return std::make_unique<NotificationsScreen>();
}

} // namespace ui
