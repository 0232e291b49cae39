#pragma once
/// The server-side guard of the freezes ref (docs/freezes.md, Protecting the ref): an
/// update may only append commits, each one record that verifies under the policy of the
/// repository's default branch, so a valid record cannot be undone by rewriting the ref
/// (`git-gate freeze-guard OLD NEW`).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gate/repository.hpp"

namespace gate {

/// One commit of an update that is refused, and why.
struct FreezeGuardProblem {
  std::string commit;   ///< the commit named (the new tip when the history is at fault)
  std::string message;  ///< why; quotes at most 200 bytes of input
};

/// How many new commits one update may add: a bound on the walk and on ssh-keygen runs.
inline constexpr std::size_t max_guarded_commits = 4096;

/// Checks an update of the freezes ref from `old_commit` (nullopt: the ref is created) to
/// `new_commit`: every commit of old..new has exactly one parent, the previous tip (a
/// created ref's first commit none), so `new_commit` is a fast-forward of `old_commit`; and
/// each commit's message is one record that verifies under `HEAD`'s policy (its
/// `[freezes]` repository, principals, namespace and allowed-signers file). Empty: the
/// update passes. Throws GitError for an unknown commit, UsageError when ssh-keygen is
/// missing.
std::vector<FreezeGuardProblem> freeze_guard(const Repository& repo,
                                             const std::optional<std::string>& old_commit,
                                             const std::string& new_commit);

}  // namespace gate
