#pragma once
/// Where git runs hooks: core.hooksPath and the worktree layout, read through libgit2.

#include <git2.h>

#include "gate/repository.hpp"

namespace gate::git {

/// The hooks directory of `repo` and the layout behind it (see Repository::hooks_location).
HooksLocation hooks_location(git_repository* repo);

}  // namespace gate::git
