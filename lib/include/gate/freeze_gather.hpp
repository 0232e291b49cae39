#pragma once
/// The shell side of incident freezes (docs/freezes.md): reading the records of
/// `[freezes] ref`, verifying them with ssh-keygen against the trusted revision's policy and
/// allowed-signers file, and turning each freeze into a one-off window.

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

/// When `policy` has `[freezes]`: appends every freeze active or scheduled within 366 days
/// of `now` to `policy.windows` as a one-off freeze in UTC (id "incident/<id>"), scoped to
/// its components as a `[[freeze]]` with `components` is, and to `notices` one for each
/// record ignored and each naming no component the policy knows (it freezes everything).
/// Reads the local ref, never fetches. Returns the freezes found, for listing.
std::vector<FoundFreeze> add_freeze_windows(const Repository& repo, const std::string& trusted,
                                            Policy& policy, Instant now,
                                            std::vector<std::string>& notices);

/// add_freeze_windows for check, ci and the hook: into `inputs.policy` and its notices.
void gather_freezes(const Repository& repo, const std::string& trusted, Inputs& inputs);

}  // namespace gate
