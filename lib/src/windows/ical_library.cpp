// libical, and through it ICU, would otherwise be mapped into every run of the gate: four
// shared libraries that cost each push about 0.6 ms (bench_hook) while few policies name a
// calendar. So it is opened with dlopen() on first use, by its soname, which the package
// depends on (libical3); the declarations still come from its headers, so a changed
// signature fails the build.
#include "windows/ical_library.hpp"

#include <dlfcn.h>

#include <string>

#include "gate/error.hpp"

namespace gate::windows_detail {

namespace {

constexpr const char* kSoname = "libical.so.3";

[[noreturn]] void fail(const std::string& what) {
  throw Error(std::string("holiday calendars need libical (") + kSoname +
              ", Debian package libical3): " + what);
}

IcalLibrary load() {
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) fail(dlerror());
  IcalLibrary lib;
  // The handle is never closed: the functions are used until the program ends.
#define GATE_ICAL_LOAD(name)                                            \
  lib.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name)); \
  if (lib.name == nullptr) fail(std::string("it has no function ") + #name);
  GATE_ICAL_FUNCTIONS(GATE_ICAL_LOAD)
#undef GATE_ICAL_LOAD
  return lib;
}

}  // namespace

const IcalLibrary& ical() {
  static const IcalLibrary library = load();
  return library;
}

}  // namespace gate::windows_detail
