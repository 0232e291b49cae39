#pragma once
/// Override records (docs/overrides.md): a signed, time-limited exception for one commit and
/// named rules. This header is the pure part: the record's canonical text, parsing a
/// git note that holds records, and durations. Signing and verifying (ssh-keygen)
/// live in ssh_signature.hpp; judging a record in evaluate().

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/error.hpp"
#include "gate/timeutil.hpp"

namespace gate {

/// One override. Every field is bound by the signature.
struct OverrideRecord {
  std::string id;                  ///< 16 hex digits, random
  std::string repository;          ///< `[overrides] repository`, e.g. "acme/voice"
  std::string commit;              ///< full commit id
  std::vector<std::string> rules;  ///< rule ids of rule_table
  std::string reason;              ///< one line
  std::string principal;           ///< the approver, as in allowed_signers
  Instant issued_at{};             ///< signing time, to the second
  Instant expires_at{};            ///< exclusive
  std::string signature;           ///< the armored "SSH SIGNATURE" block; empty before signing
};

/// The text that is signed: the header line and one `key: value` line per field, in a
/// fixed order, each ending in "\n". Throws UsageError if a field cannot be written
/// canonically (a reason with a control character, a rule id with a space ...).
std::string canonical_payload(const OverrideRecord& record);

/// The record as stored in a note: the payload followed by its signature block.
std::string note_entry(const OverrideRecord& record);

/// One record read from a note: the record, or why the text is not one.
struct NoteEntry {
  std::optional<OverrideRecord> record;
  std::string error;  ///< set when `record` is empty
  std::string text;   ///< the entry's own text, for messages
};

/// Splits a note into its records. Text that is not a record becomes an entry with
/// an error; parsing never throws, so one bad record cannot hide the others.
std::vector<NoteEntry> parse_note(std::string_view note);

/// `--expires`: `N` with `s`, `m`, `h` or `d` after `now`, or an RFC 3339 instant.
/// Throws UsageError naming the value.
Instant parse_expiry(std::string_view text, Instant now);

/// A duration such as "24h" or "90m" (`[overrides] max_duration`); nullopt if malformed.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

/// Lines of an allowed-signers file (ssh-keygen's format) that are not entries: each
/// with its place and why. Never throws; comments and blank lines are fine.
std::vector<Diagnostic> check_allowed_signers(std::string_view text, std::string_view source);

/// The one glob of the policy (`protected` refs, approver `rules`): `*` matches any run of
/// characters, `/` included; every other character is literal. O(pattern x text) at worst.
bool star_glob_matches(std::string_view pattern, std::string_view text);

/// `rule` is lifted by a pattern of `[[overrides.approver]] rules`: an exact id, or a
/// glob where `*` matches any characters ("window.*").
bool rule_pattern_matches(std::string_view pattern, std::string_view rule);

}  // namespace gate
