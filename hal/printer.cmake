# hal_printer: the printer interface and its backends (IPP through libcups, a
# directory, a simulator). libcups is private to src/printer/ipp.cpp.
execute_process(COMMAND cups-config --cflags OUTPUT_VARIABLE CUPS_CFLAGS OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE cups_config_failed)
if(cups_config_failed)
  message(FATAL_ERROR "cups-config not found: install libcups2-dev (deps/debian-packages.txt)")
endif()
execute_process(COMMAND cups-config --libs OUTPUT_VARIABLE CUPS_LIBS OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(CUPS_CFLAGS)
separate_arguments(CUPS_LIBS)

add_library(hal_printer STATIC
  src/printer/printer.cpp
  src/printer/dir.cpp
  src/printer/ipp.cpp
  src/printer/sim.cpp
)
target_include_directories(hal_printer PUBLIC include)
target_link_libraries(hal_printer PUBLIC kiosk_core PRIVATE ${CUPS_LIBS} Threads::Threads)
set_source_files_properties(src/printer/ipp.cpp PROPERTIES COMPILE_OPTIONS "${CUPS_CFLAGS}")
