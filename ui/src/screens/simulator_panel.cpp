// Overlay: the simulator panel (only with simulated devices): insert and remove the
// demo cards, unplug the reader, cause printer faults, switch the network.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {

void draw_simulator_panel(UiContext& ctx) {
    if (!ctx.sim || !ctx.sim->panel_open) return;
    Simulation& sim = *ctx.sim;
    ImGuiIO& io = ImGui::GetIO();
    const float w = px(620);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - w, px(k_header_h)));
    ImGui::SetNextWindowSize(ImVec2(w, io.DisplaySize.y - px(k_header_h) - px(k_status_h)));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, color::rgb(0x22, 0x22, 0x2A, 0xF4));
    ImGui::Begin("##simulator", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    kinetic_scroll(ctx, "simulator");
    text(ctx.tr("sim.title"), fonts().large, color::k_warn);
    text_wrapped(ctx.tr("sim.note"), fonts().small, color::k_muted);
    ImGui::Separator();
    text(ctx.tr("sim.cards"), fonts().bold);
    const float bw = w - px(48);
    if (sim.cards) {
        auto inserted = sim.cards->inserted();
        for (std::size_t i = 0; i < sim.cards->card_count(); ++i) {
            kiosk::DemoCard c = sim.cards->card(i);
            std::string label = std::string(ctx.tr(c.label_key));
            if (!c.pin.empty()) label += " · PIN " + c.pin;
            if (c.tries_left >= 0 && c.read_error.empty())
                label += " · " + std::string(ctx.tr("pin.tries_left")) + ": " + std::to_string(c.tries_left);
            bool in = inserted == i;
            ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
            if (button(ctx, "sim.card." + std::to_string(i), label, ImVec2(bw, px(64)),
                       in ? ButtonStyle::Selected : ButtonStyle::Secondary, sim.cards->reader_available(),
                       fonts().small))
                sim.cards->insert(i);
            ImGui::PopStyleVar();
            c.identity.wipe();
        }
        if (button(ctx, "sim.remove", ctx.tr("sim.remove_card"), ImVec2(bw / 2 - px(8), px(64)),
                   ButtonStyle::Danger, inserted.has_value(), fonts().small))
            sim.cards->remove();
        ImGui::SameLine(0, px(16));
        if (button(ctx, "sim.reset_cards", ctx.tr("sim.reset_cards"), ImVec2(bw / 2 - px(8), px(64)),
                   ButtonStyle::Secondary, true, fonts().small))
            sim.cards->reset_cards();
        bool reader = sim.cards->reader_available();
        if (button(ctx, "sim.reader", ctx.tr(reader ? "sim.unplug_reader" : "sim.plug_reader"),
                   ImVec2(bw, px(64)), ButtonStyle::Secondary, true, fonts().small))
            sim.cards->set_reader_available(!reader);
    }
    ImGui::Separator();
    text(ctx.tr("sim.printer"), fonts().bold);
    if (sim.printer) {
        std::uint32_t faults = sim.printer->faults();
        int n = 0;
        for (kiosk::PrinterReason r : kiosk::k_all_printer_reasons) {
            bool on = (faults & static_cast<std::uint32_t>(r)) != 0;
            std::string name(kiosk::reason_name(r));
            if (n++ % 2) ImGui::SameLine(0, px(16));
            if (button(ctx, "sim.fault." + name, ctx.tr("printer.reason." + name),
                       ImVec2(bw / 2 - px(8), px(64)), on ? ButtonStyle::Danger : ButtonStyle::Secondary,
                       true, fonts().small))
                sim.printer->set_fault(r, !on);
        }
    }
    ImGui::Separator();
    if (button(ctx, "sim.network", ctx.tr(sim.online ? "sim.go_offline" : "sim.go_online"),
               ImVec2(bw, px(64)), ButtonStyle::Secondary, true, fonts().small)) {
        sim.online = !sim.online;
        if (ctx.set_online) ctx.set_online(sim.online);
    }
    ImGui::End();
    ImGui::PopStyleColor();
}

} // namespace ui
