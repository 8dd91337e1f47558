target_link_libraries(kiosk PRIVATE hal_card)
