# kiosk run / kiosk tour: the touch UI (ui/ is added after kiosk/; CMake resolves the name at generate time).
target_link_libraries(kiosk PRIVATE ui)
