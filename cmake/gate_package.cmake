# `cpack -G DEB` in a build directory: one Debian package, git-gate_<version>_<arch>.deb,
# holding everything `cmake --install` installs (programs, man pages, headers, libgate,
# the CMake and pkg-config files), under /usr.
set(CPACK_PACKAGE_NAME git-gate)
set(CPACK_PACKAGE_VENDOR git-gate)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "deployment policy gate for git: change windows, CODEOWNERS coverage, change size")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "git-gate developers")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The runtime packages of the shared libraries the programs link (dpkg-shlibdeps on the
# Debian 12 build: libgit2, libical, fmt, date's tz library, toml++, the C and C++
# runtimes), the tz database date reads, and ssh-keygen for override signatures.
# tests/install/deb_test.sh checks that every library the programs need is covered.
# A cache variable overrides the list (other releases name other library packages); left
# empty, the list follows this file, so a build tree never keeps a stale copy of it.
set(GATE_DEB_DEPENDS "" CACHE STRING "Depends of the Debian package; empty: the Debian 12 list")
if(GATE_DEB_DEPENDS)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${GATE_DEB_DEPENDS}")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6 (>= 2.34), libstdc++6 (>= 11), libgcc-s1 (>= 3.0), libgit2-1.5 (>= 1.5.0), libical3 (>= 3.0.16), libfmt9 (>= 9.1.0+ds1), libdate-tz3 (>= 3.0.1), libtomlplusplus3 (>= 3.2.0), tzdata, openssh-client")
endif()
set(CPACK_GENERATOR DEB)
include(CPack)
