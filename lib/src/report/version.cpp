#include "gate/version.hpp"

// In report/ because the renderers write it into the JSON and SARIF reports; the
// programs and library users above may use it too. lib/CMakeLists.txt defines
// GATE_VERSION for this file alone, so a new version rebuilds one file.
#ifndef GATE_VERSION
#error "GATE_VERSION must be defined by the build (lib/CMakeLists.txt)"
#endif

namespace gate {

std::string_view version() { return GATE_VERSION; }

}  // namespace gate
