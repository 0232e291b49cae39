// The policy loader: any bytes give a Policy or a ConfigError with a bounded message;
// no other exception, crash or hang (toml++'s own errors are wrapped by the loader).
#include "gate/error.hpp"
#include "gate/policy.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    gate::Policy policy = gate::parse_policy(gate::fuzz::as_text(data, size), "policy.toml");
    (void)policy;
  } catch (const gate::Error& e) {
    gate::fuzz::require_bounded(e);
  }
  return 0;
}
