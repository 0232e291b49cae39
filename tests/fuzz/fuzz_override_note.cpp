// Override records in a note, and the allowed-signers file. Neither may ever throw: a
// note's content is data anyone who can push notes controls, never an exit 2. A record
// that parses is written back by note_entry() and parses to the same signed payload.
#include "gate/override.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gate::fuzz::require;
  std::string_view text = gate::fuzz::as_text(data, size);
  for (const gate::NoteEntry& entry : gate::parse_note(text)) {
    if (!entry.record) {
      require(!entry.error.empty(), "an entry without a record says why");
      gate::fuzz::require_bounded(entry.error);
      continue;
    }
    std::vector<gate::NoteEntry> again = gate::parse_note(gate::note_entry(*entry.record));
    require(again.size() == 1 && again[0].record.has_value(), "note_entry() parses back");
    require(gate::canonical_payload(*again[0].record) == gate::canonical_payload(*entry.record),
            "note_entry() keeps the signed payload");
  }
  for (const gate::Diagnostic& d : gate::check_allowed_signers(text, "allowed_signers"))
    gate::fuzz::require_bounded(d.message);
  return 0;
}
