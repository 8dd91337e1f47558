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
    return list;
}

} // namespace ui
