// The window span grammar (`Fri 12:00 - Mon 06:00`, `Mon-Thu 09:00-17:00`): a result or
// an error with a column inside the text, never an exception.
#include "gate/windows.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gate::fuzz::require;
  std::string_view text = gate::fuzz::as_text(data, size);
  gate::SpanParse parsed = gate::parse_weekly(text);
  if (parsed.error.empty()) {
    require(!parsed.spans.empty(), "a parsed span yields at least one weekly span");
  } else {
    require(parsed.column >= 1 && static_cast<std::size_t>(parsed.column) <= text.size() + 1,
            "an error's column lies within the text");
    gate::fuzz::require_bounded(parsed.error);
  }
  return 0;
}
