# What `cmake --install` adds for library users besides the targets' own rules (lib/,
# cli/, hooks/): the CMake package lib/cmake/gate (find_package(gate CONFIG), target
# gate::gate), lib/pkgconfig/gate.pc, and the licence in share/doc/git-gate.
include(CMakePackageConfigHelpers)

set(GATE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/gate)
get_target_property(GATE_LIBRARY_TYPE gate TYPE)
install(EXPORT gateTargets NAMESPACE gate:: DESTINATION ${GATE_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/gateConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/gateConfig.cmake
                              INSTALL_DESTINATION ${GATE_CMAKE_DIR})
# 0.x: a new minor version may break the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/gateConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/gateConfig.cmake ${PROJECT_BINARY_DIR}/gateConfigVersion.cmake
        DESTINATION ${GATE_CMAKE_DIR})

# gate.pc finds its prefix from its own place (${pcfiledir}), so a tree installed with
# `cmake --install --prefix` anywhere, or unpacked from the .deb, is usable as it lies.
file(RELATIVE_PATH GATE_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
# date/date.h must be compiled with the definitions date was built with (date::date's);
# date has no .pc file to carry them, and its library goes in Libs.private by name.
set(GATE_PC_DEFINES "")
get_target_property(date_definitions date::date INTERFACE_COMPILE_DEFINITIONS)
if(date_definitions)
  foreach(definition IN LISTS date_definitions)
    string(APPEND GATE_PC_DEFINES " -D${definition}")
  endforeach()
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/gate.pc.in ${PROJECT_BINARY_DIR}/gate.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/gate.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
