#pragma once
/// The paths that differ between two trees, found the way git's tree diff finds
/// them: both trees walked in step, identical subtrees skipped by id. libgit2 1.5's
/// git_diff_tree_to_tree expands every subtree, which on a 20,000-file tree costs
/// more than a small change's whole diff.

#include <git2.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "git/git_handle.hpp"
#include "git/git_rename.hpp"

namespace gate::git {

/// One changed path: an addition (new side only), a deletion (old side only) or a
/// modification (both; possibly of type, e.g. file to symlink).
struct TreeChange {
  std::optional<FileSide> old_side;
  std::optional<FileSide> new_side;
};

/// The changed paths between `old_tree` and `new_tree` (either may be null: the
/// empty tree), in git's tree order. A file replaced by a directory is a deletion
/// plus additions, as in git. A subtree missing from the object database throws
/// GitError ending with `missing_object_hint`.
std::vector<TreeChange> changed_paths(git_repository* repo, const git_tree* old_tree,
                                      const git_tree* new_tree,
                                      const std::string& missing_object_hint);

/// Reads a tree; one absent from the object database (e.g. in a treeless partial
/// clone) throws GitError naming `what` and ending with `missing_object_hint`.
TreeHandle read_tree(git_repository* repo, const git_oid& id, const std::string& what,
                     const std::string& missing_object_hint);

/// The id of the blob (file or symlink) at `path` in `tree`; nullopt when the path
/// names nothing or something else. Unlike git_tree_entry_bypath, a subtree missing
/// from the object database is an error (with the hint), never "no such file".
std::optional<git_oid> blob_at(git_repository* repo, const git_tree* tree, std::string_view path,
                               const std::string& missing_object_hint);

}  // namespace gate::git
