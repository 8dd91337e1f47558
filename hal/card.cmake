# hal_card: the card reader interface, its backends (PC/SC, simulator) and the
# ID-card protocol. pcsc-lite is used by src/card/pcsc.cpp only; OpenSSL by the
# protocol's trust decisions and the simulator's applet.
find_package(OpenSSL 3 REQUIRED)
pkg_check_modules(PCSCLITE REQUIRED IMPORTED_TARGET libpcsclite)
add_library(hal_card STATIC
  src/card/applet.cpp
  src/card/factory.cpp
  src/card/health.cpp
  src/card/id_card.cpp
  src/card/pcsc.cpp
  src/card/session.cpp
  src/card/sim.cpp
  src/card/trust.cpp
  src/card/watch.cpp
)
target_include_directories(hal_card PUBLIC include)
target_link_libraries(hal_card PUBLIC kiosk_core PRIVATE OpenSSL::Crypto PkgConfig::PCSCLITE Threads::Threads)
