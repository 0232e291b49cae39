#pragma once
/// The shell side of incident freezes (docs/freezes.md): reading the records of
/// `[freezes] ref`, verifying them with ssh-keygen against the trusted revision's policy and
/// allowed-signers file, and turning each freeze into a one-off window.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gate/freeze.hpp"
#include "gate/inputs.hpp"
#include "gate/policy.hpp"
#include "gate/repository.hpp"

namespace gate {

/// The freezes of a policy whose time meets [from, to), and notices for records that
/// freeze nothing (bad signature, principal not listed ...).
struct FreezeScan {
  std::vector<FoundFreeze> freezes;  ///< newest first
  std::vector<std::string> notices;
};

/// How many records one scan verifies at most (one ssh-keygen run each), so that junk
/// appended to the ref costs nothing.
inline constexpr std::size_t max_verified_freezes = 256;

/// Reads `policy.freezes.ref` and verifies, at `now`, the records whose interval meets
/// [from, to) and the end records naming them, against `policy` and the allowed-signers
/// file of `trusted`. Throws UsageError when ssh-keygen is missing, GitError for git.
FreezeScan scan_freezes(const Repository& repo, const Policy& policy, const std::string& trusted,
                        Instant now, Instant from, Instant to);

/// How far ahead of the evaluation time a scheduled freeze is honoured: the reach of the
/// window engine's search.
inline constexpr std::chrono::days freeze_reach{366};

/// The one-off freeze windows, in UTC (id "incident/<id>"), of the freezes not over at
/// `now`, scoped to their components as a `[[freeze]]` with `components` is; a notice in
/// `notices` for each record naming no component the policy knows (it freezes everything).
std::vector<Window> freeze_windows(const Policy& policy, const std::vector<FoundFreeze>& freezes,
                                   Instant now, std::vector<std::string>& notices);

/// When the policy has `[freezes]`: appends every freeze active or scheduled within 366 days
/// of the evaluation time to `inputs.policy->windows` as a one-off freeze in UTC (id
/// "incident/<id>"), and a notice for each record ignored. Reads the local ref, never
/// fetches.
void gather_freezes(const Repository& repo, const std::string& trusted, Inputs& inputs);

}  // namespace gate
