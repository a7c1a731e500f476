# The Debian package of CPT (CPack, DEB): the `cpt` binary, the hardened systemd unit, the example
# configuration (a conffile) and the nginx site for running several instances. Built with
# `cpack -G DEB` in a build tree; tests/deploy/package_test.sh unpacks it and runs the binary.
install(TARGETS cpt RUNTIME DESTINATION bin)
# Debian 12 keeps packaged units in /lib/systemd/system.
install(FILES "${CMAKE_SOURCE_DIR}/deploy/systemd/cpt-serve.service"
        DESTINATION /lib/systemd/system)
install(FILES "${CMAKE_SOURCE_DIR}/deploy/cpt.toml" DESTINATION /etc/cpt)
install(FILES "${CMAKE_SOURCE_DIR}/deploy/nginx/cpt.conf" "${CMAKE_SOURCE_DIR}/deploy/nginx/cpt-proxy.conf"
        DESTINATION share/car-pulse-tracker/nginx)
install(FILES "${CMAKE_SOURCE_DIR}/README.md" "${CMAKE_SOURCE_DIR}/docs/service.md"
        "${CMAKE_SOURCE_DIR}/docs/storage-redis.md"
        DESTINATION share/doc/car-pulse-tracker)

# /etc/cpt/cpt.toml is the operator's: dpkg keeps local changes on upgrade.
file(WRITE "${CMAKE_BINARY_DIR}/debian/conffiles" "/etc/cpt/cpt.toml\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME car-pulse-tracker)
set(CPACK_PACKAGE_VENDOR "Car Pulse Tracker")
set(CPACK_PACKAGE_CONTACT "Car Pulse Tracker team")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Verified Tesla vehicle reports from the Tesla Fleet API")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Verified per-vehicle Tesla reports built from the official Tesla Fleet API.\n The cpt command runs the web service (cpt serve), reports, verification and a Fleet API\n simulator. Several instances share Redis behind nginx (see /usr/share/car-pulse-tracker).")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nginx, redis-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${CMAKE_BINARY_DIR}/debian/conffiles")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_WARN_ON_ABSOLUTE_INSTALL_DESTINATION OFF)
include(CPack)
