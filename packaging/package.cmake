# The Debian package of the kiosk (CPack's DEB generator; `cpack -G DEB` in the build
# directory, or image/build). CPack rather than a debian/ source package: the package is
# made from the build that the tests just ran (no second build under dpkg-buildpackage,
# no debhelper), dpkg-shlibdeps still computes the library dependencies, and the
# maintainer scripts in packaging/control/ are plain sh that honour DPKG_ROOT.
#
# Contents: /usr/bin/emek-kiosk (the `kiosk` program), /usr/sbin/emek-kiosk-enrol and
# emek-kiosk-update, the systemd units, the sysusers/tmpfiles entries, the default
# configuration (copied to /etc/emek-kiosk/kiosk.toml by the postinst).
# Fonts come from fonts-noto-core (a dependency); translations are compiled in.

set(EMEK_PACKAGE_VERSION "${PROJECT_VERSION}" CACHE STRING "Version of the emek-kiosk .deb")
set(PKG_DIR ${PROJECT_SOURCE_DIR}/packaging)

install(PROGRAMS $<TARGET_FILE:kiosk> DESTINATION bin RENAME emek-kiosk COMPONENT kiosk)
# install(PROGRAMS) is not stripped by CPACK_STRIP_FILES: 43 MB with debug info, 4 MB without.
install(CODE "execute_process(COMMAND ${CMAKE_STRIP} --strip-unneeded \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/bin/emek-kiosk\")"
        COMPONENT kiosk)
install(PROGRAMS ${PKG_DIR}/sbin/emek-kiosk-enrol ${PKG_DIR}/sbin/emek-kiosk-update
        DESTINATION sbin COMPONENT kiosk)
install(FILES ${PKG_DIR}/systemd/emek-kiosk.service ${PKG_DIR}/systemd/emek-kiosk-out-of-service.service
              ${PKG_DIR}/systemd/emek-kiosk-retry.timer
        DESTINATION /lib/systemd/system COMPONENT kiosk)
install(FILES ${PKG_DIR}/emek-kiosk.sysusers DESTINATION lib/sysusers.d RENAME emek-kiosk.conf COMPONENT kiosk)
install(FILES ${PKG_DIR}/emek-kiosk.tmpfiles DESTINATION lib/tmpfiles.d RENAME emek-kiosk.conf COMPONENT kiosk)
install(FILES ${PKG_DIR}/kiosk.toml DESTINATION share/emek-kiosk COMPONENT kiosk)
install(PROGRAMS ${PKG_DIR}/lib/stop-client DESTINATION lib/emek-kiosk COMPONENT kiosk)
install(DIRECTORY DESTINATION /etc/emek-kiosk COMPONENT kiosk)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PKG_DIR}/copyright DESTINATION share/doc/emek-kiosk COMPONENT kiosk)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME emek-kiosk)
set(CPACK_PACKAGE_VERSION "${EMEK_PACKAGE_VERSION}")
set(CPACK_PACKAGE_VENDOR "emek-kiosk")
set(CPACK_PACKAGE_CONTACT "emek-kiosk developers <emek-kiosk@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "ASAN service centre kiosk: labour-contract notifications")
set(CPACK_PACKAGE_DESCRIPTION
    "The touchscreen self-service kiosk of ASAN service centres: a citizen identifies with the ID card and sees, prints and takes home the labour-contract notifications filed about them. Runs fullscreen under the cage compositor as the unprivileged user emek-kiosk, supervised by systemd.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};${PROJECT_NAME};kiosk;/")
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/packages)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Beyond the libraries: the compositor (and Xwayland for SDL's X11 path), its seat daemon,
# the card reader daemon, the fonts, systemd (sysusers, tmpfiles, the units), OpenSSL (enrol).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "cage, xwayland, seatd, pcscd, fonts-noto-core, systemd, openssl")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PKG_DIR}/control/postinst ${PKG_DIR}/control/prerm ${PKG_DIR}/control/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
