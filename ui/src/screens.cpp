#include "screen.hpp"

namespace ui {

std::vector<std::unique_ptr<Screen>> make_screens() {
    std::vector<std::unique_ptr<Screen>> list;
    list.push_back(make_out_of_service_screen());
    list.push_back(make_attract_screen());
    list.push_back(make_welcome_screen());
    list.push_back(make_asan_imza_screen());
    list.push_back(make_reading_card_screen());
    list.push_back(make_card_error_screen());
    list.push_back(make_pin_screen());
    list.push_back(make_notifications_screen());
    list.push_back(make_detail_screen());
    list.push_back(make_print_preview_screen());
    list.push_back(make_printing_screen());
    list.push_back(make_print_result_screen());
    list.push_back(make_take_card_screen());
    list.push_back(make_staff_home_screen());
    list.push_back(make_staff_lookup_screen());
    list.push_back(make_staff_queue_screen());
    list.push_back(make_tech_dashboard_screen());
    list.push_back(make_tech_printer_screen());
    list.push_back(make_tech_card_screen());
    list.push_back(make_tech_touch_screen());
    list.push_back(make_tech_display_screen());
    list.push_back(make_tech_network_screen());
    list.push_back(make_tech_storage_screen());
    list.push_back(make_tech_log_screen());
    list.push_back(make_tech_config_screen());
    list.push_back(make_maintenance_screen());
    return list;
}

} // namespace ui
