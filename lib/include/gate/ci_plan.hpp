#pragma once
/// From a CI request to the range and context evaluate() needs: the shell side of
/// `git-gate ci`. Fails closed: a commit the clone lacks, or a change whose base
/// cannot be found, is an error naming the `git fetch` that fixes it, never a pass
/// and never a whole-history diff.

#include <string>
#include <vector>

#include "gate/ci.hpp"
#include "gate/gather.hpp"
#include "gate/repository.hpp"

namespace gate {

/// Resolves `request` in `repo`: trusted = the target's tip, base = its merge base
/// with head; push events follow the pre-push rules (new refs, tags, deletions).
/// Throws GitError naming the missing commit and the fetch that brings it.
Plan plan_ci(const Repository& repo, const CiRequest& request);

}  // namespace gate
