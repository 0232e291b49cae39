// Incident freeze records (docs/freezes.md): a commit message on the freezes ref is data
// anyone who can push that ref controls, so parse_freeze() never throws and its error
// stays bounded. A text that parses is the record's canonical message (up to trailing
// newlines git may add), and that message parses to the same record.
#include "gate/freeze.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gate::fuzz::require;
  std::string_view text = gate::fuzz::as_text(data, size);
  gate::ParsedFreeze parsed = gate::parse_freeze(text);
  if (!parsed.record) {
    require(!parsed.error.empty(), "a text that is no record says why");
    gate::fuzz::require_bounded(parsed.error);
    return 0;
  }
  const std::string message = gate::freeze_message(*parsed.record);
  require(text.starts_with(message) &&
              text.find_first_not_of('\n', message.size()) == std::string_view::npos,
          "a record is its canonical message");
  gate::ParsedFreeze again = gate::parse_freeze(message);
  require(again.record.has_value(), "freeze_message() parses back");
  require(gate::freeze_payload(*again.record) == gate::freeze_payload(*parsed.record) &&
              again.record->signature == parsed.record->signature,
          "freeze_message() keeps the signed payload and the signature");
  return 0;
}
