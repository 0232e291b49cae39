#pragma once
// What the server-side `update` hook's guards share (notes-guard, freeze-guard).

#include <optional>
#include <string>

#include "common_options.hpp"

namespace gate::cli {

/// One guard: its command name, its --help summary, and why its ref may not be deleted.
struct GuardSpec {
  const char* name;      ///< "notes-guard"
  const char* summary;   ///< the --help text
  const char* ref;       ///< "the notes ref"
  const char* why_kept;  ///< "it is the audit trail of every override"
};

/// The ref's commits before and after the update, and -C.
struct GuardArgs {
  std::string old_id, new_id;
  CommonOptions common;
};

/// Parses `OLD NEW`. A value is the exit code to end with at once: help, a usage error, or
/// 1 for a deletion (NEW all zeros), which no guard allows.
std::optional<int> parse_guard_args(const GuardSpec& spec, int argc, char** argv, GuardArgs& out);

}  // namespace gate::cli
