#pragma once
// An append-only log of messages on a ref: each entry a commit with an empty tree whose
// parent is the previous entry (the incident freezes of docs/freezes.md live there).

#include <git2.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gate/changeset.hpp"

namespace gate::git {

/// Appends a commit with `message` and an empty tree on top of `ref` (a root commit when
/// the ref does not exist) by `who`, moving the ref only if it still points where it was
/// read (compare and swap). Returns the new commit's id. Throws GitError.
std::string append_log_entry(git_repository* repo, std::string_view ref, std::string_view message,
                             const Identity& who);

/// The messages of `ref`'s tip and its first parents, newest first, at most `limit`:
/// (commit id, message). Empty when the ref does not exist.
std::vector<std::pair<std::string, std::string>> log_entries(git_repository* repo,
                                                             std::string_view ref,
                                                             std::size_t limit);

}  // namespace gate::git
