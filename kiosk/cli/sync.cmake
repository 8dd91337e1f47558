# kiosk sync: the link to the central registry (sync/ is added after kiosk/; CMake resolves the name at generate time).
target_link_libraries(kiosk PRIVATE sync)
