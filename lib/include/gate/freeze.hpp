#pragma once
/// Incident freezes (docs/freezes.md): signed records, one a commit on `[freezes] ref`, that
/// start or end a freeze of deploys. This header is the pure part: the record's canonical
/// text and parsing it back. Signing and verifying are ssh_signature.hpp's; turning verified
/// records into windows is the shell's (freeze_gather.cpp).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/timeutil.hpp"

namespace gate {

/// Whether a record starts a freeze or ends some.
enum class FreezeKind { start, end };

/// One freeze record. Every field is bound by the signature.
struct FreezeRecord {
  FreezeKind kind = FreezeKind::start;
  std::string id;          ///< 16 hex digits, random
  std::string repository;  ///< `[freezes] repository`, e.g. "acme/voice"
  Instant start{};         ///< start: the freeze's start; end: the signing time
  Instant end{};           ///< start records only: exclusive end as asked (readers clip it)
  std::vector<std::string> components;  ///< start records: empty means every component
  std::vector<std::string> ends;        ///< end records: the ids of the freezes it ends
  std::string reason;                   ///< one line
  std::string principal;                ///< as in the allowed-signers file
  std::string signature;                ///< the armored "SSH SIGNATURE" block; empty before signing
};

/// The text that is signed: the header line and one `key: value` line per field of the
/// record's kind, in a fixed order, each ending in "\n". Throws UsageError if a field
/// cannot be written canonically.
std::string freeze_payload(const FreezeRecord& record);

/// The record as stored (a commit message): the payload followed by its signature.
std::string freeze_message(const FreezeRecord& record);

/// A stored text read back: the record, or why it is not one. Never throws.
struct ParsedFreeze {
  std::optional<FreezeRecord> record;
  std::string error;  ///< set when `record` is empty
};

/// Parses one commit message of the freezes ref. Only texts of at most
/// max_freeze_message bytes are read; a record must be exactly what freeze_message
/// writes (after a trailing newline git may add), so nothing but the signed fields count.
ParsedFreeze parse_freeze(std::string_view message);

/// The longest commit message parse_freeze reads.
inline constexpr std::size_t max_freeze_message = 16 * 1024;

/// How far a freeze is at the time searched.
enum class FreezeState { scheduled, active, ended, expired };

/// "scheduled", "active", "ended", "expired".
const char* to_string(FreezeState state);

/// A verified start record and what became of it.
struct FoundFreeze {
  FreezeRecord record;                   ///< the start record
  std::string commit;                    ///< its commit on the ref
  Instant end{};                         ///< its end, clipped to max_duration and by an end record
  std::optional<FreezeRecord> ended_by;  ///< the verified end record that ended it early
  FreezeState state = FreezeState::active;
};

/// A start record's end, clipped to `max_duration` after its start.
Instant clipped_end(const FreezeRecord& start, std::chrono::seconds max_duration);

/// Applies `ends` (verified end records, oldest first) to `freezes` (verified start
/// records, their `end` clipped): each ends, at its signing time, the freezes it names that
/// started at or before it and had not ended yet, never a later one. Then sets every
/// freeze's state at `now`.
void settle_freezes(std::vector<FoundFreeze>& freezes, const std::vector<FreezeRecord>& ends,
                    Instant now);

}  // namespace gate
