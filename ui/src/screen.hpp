// One screen, one class, one file (ui/src/screens/<name>.cpp), registered in one
// list (ui/src/screens.cpp). A screen is a view over the session's view-model: it
// reads ctx.view and calls the session's intents; it never touches the store or a device.
#pragma once

#include "context.hpp"
#include "kiosk/session.hpp"

#include <memory>
#include <vector>

namespace ui {

class Screen {
  public:
    virtual ~Screen() = default;
    // The session screens this class draws (a dialog state may share its screen's class).
    virtual std::vector<kiosk::ScreenId> ids() const = 0;
    // Draws into the full-window root; the app adds the status strip unless fullbleed().
    virtual void draw(UiContext& ctx) = 0;
    virtual bool fullbleed() const { return false; }
};

// The one list: every screen of the kiosk, in the order of the session's ScreenId.
std::vector<std::unique_ptr<Screen>> make_screens();

// Factories, one per file in ui/src/screens/.
std::unique_ptr<Screen> make_out_of_service_screen();
std::unique_ptr<Screen> make_attract_screen();
std::unique_ptr<Screen> make_welcome_screen();
std::unique_ptr<Screen> make_asan_imza_screen();
std::unique_ptr<Screen> make_reading_card_screen();
std::unique_ptr<Screen> make_card_error_screen();
std::unique_ptr<Screen> make_pin_screen();
std::unique_ptr<Screen> make_notifications_screen();
std::unique_ptr<Screen> make_detail_screen();
std::unique_ptr<Screen> make_print_preview_screen(); // preview and its confirmation dialog
std::unique_ptr<Screen> make_printing_screen();
std::unique_ptr<Screen> make_print_result_screen();
std::unique_ptr<Screen> make_take_card_screen();
// Staff mode (issue 8).
std::unique_ptr<Screen> make_staff_home_screen();
std::unique_ptr<Screen> make_staff_lookup_screen();
std::unique_ptr<Screen> make_staff_queue_screen();
// Technician mode (issue 8).
std::unique_ptr<Screen> make_tech_dashboard_screen();
std::unique_ptr<Screen> make_tech_printer_screen();
std::unique_ptr<Screen> make_tech_card_screen();
std::unique_ptr<Screen> make_tech_touch_screen();
std::unique_ptr<Screen> make_tech_display_screen();
std::unique_ptr<Screen> make_tech_network_screen();
std::unique_ptr<Screen> make_tech_storage_screen();
std::unique_ptr<Screen> make_tech_log_screen();
std::unique_ptr<Screen> make_tech_config_screen();
std::unique_ptr<Screen> make_maintenance_screen();

// Overlays drawn over any screen.
void draw_idle_warning(UiContext& ctx);    // the countdown before a session ends
void draw_simulator_panel(UiContext& ctx); // only with simulated devices
void draw_share_dialog(UiContext& ctx);    // "Get signed document": the QR code of the share link (detail)

} // namespace ui
