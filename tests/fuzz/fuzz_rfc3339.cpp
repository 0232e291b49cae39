// The RFC 3339 parser (`--at`, `GATE_NOW`, expiries): an instant or a bounded error; an
// instant printed in UTC parses back to itself.
#include "gate/error.hpp"
#include "gate/timeutil.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gate::Instant instant;
  try {
    instant = gate::parse_rfc3339(gate::fuzz::as_text(data, size), "--at");
  } catch (const gate::Error& e) {
    gate::fuzz::require_bounded(e);
    return 0;
  }
  std::string printed = gate::format_utc(instant);
  gate::Instant again = gate::parse_rfc3339(printed, "format_utc");
  gate::fuzz::require(again == instant, "format_utc output parses back to the same instant");
  return 0;
}
