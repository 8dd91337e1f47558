# kiosk print / kiosk printer / kiosk render: documents and the print queue.
target_link_libraries(kiosk PRIVATE printer hal_printer)
target_compile_definitions(kiosk PRIVATE EMEK_VERSION="${PROJECT_VERSION}")
