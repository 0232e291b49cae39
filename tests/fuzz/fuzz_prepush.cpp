// The pre-push stdin parser: git's `<local ref> <local sha> <remote ref> <remote sha>`
// lines, or one bounded error for a malformed line.
#include "gate/error.hpp"
#include "gate/prepush.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    for (const gate::PushLine& line : gate::parse_push_lines(gate::fuzz::as_text(data, size))) {
      gate::fuzz::require(!line.local_ref.empty() && !line.remote_ref.empty(),
                          "a parsed push line names both refs");
    }
  } catch (const gate::Error& e) {
    gate::fuzz::require_bounded(e);
  }
  return 0;
}
