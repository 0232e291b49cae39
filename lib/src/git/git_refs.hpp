#pragma once
/// Commit descriptions, references and remotes.

#include <git2.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gate/changeset.hpp"

namespace gate::git {

/// Author, committer and subject of each commit, in the order given.
std::vector<CommitInfo> commit_infos(git_repository* repo, const std::vector<git_oid>& ids);

/// (name, peeled commit id) of the references whose name starts with `prefix`,
/// sorted by name; references that do not peel to a commit are left out.
std::vector<std::pair<std::string, std::string>> refs_with_prefix(git_repository* repo,
                                                                  std::string_view prefix);

/// The reference a symbolic reference points at (refs/remotes/origin/HEAD ->
/// refs/remotes/origin/main); nullopt when `name` does not exist or is not symbolic.
/// Throws GitError with libgit2's message on any other failure.
std::optional<std::string> symbolic_target(git_repository* repo, std::string_view name);

/// Remotes with a fetch or push URL equal to `url`, as configured or as rewritten
/// by url.<base>.insteadOf.
std::vector<std::string> remotes_with_url(git_repository* repo, std::string_view url);

/// The commit HEAD's branch tracks (`@{upstream}`, peeled to a commit); nullopt when HEAD
/// is detached or unborn, or its branch has no upstream (none configured, or the
/// configured ref does not exist). Throws GitError with libgit2's message otherwise.
std::optional<git_oid> head_upstream(git_repository* repo);

}  // namespace gate::git
