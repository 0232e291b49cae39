#pragma once
/// The file list of `git diff -M --numstat old new`, computed with libgit2: the tree
/// diff from libgit2, renames as git pairs them (git_rename.hpp), and line counts
/// from libgit2's xdiff, spread over threads with one repository handle each.

#include <git2.h>

#include <string>
#include <vector>

#include "gate/changeset.hpp"
#include "git/git_handle.hpp"
#include "git/git_rename.hpp"

namespace gate::git {

/// What the diff needs besides the trees.
struct DiffSettings {
  unsigned threads = 1;
  std::size_t rename_limit = 1000;  ///< diff.renameLimit (configured_rename_limit); 0 = none
  /// Appended to the error for a blob missing from the object database, e.g. how to
  /// fetch it in a partial clone.
  std::string missing_object_hint;
};

/// The changed files between two trees (`old_tree` may be null: the empty tree),
/// sorted by path as git prints them.
std::vector<FileChange> diff_trees(git_repository* repo, git_tree* old_tree, git_tree* new_tree,
                                   const DiffSettings& settings);

/// The repository's diff.renameLimit as `git diff` applies it: 1000 when unset, 0
/// (no limit) for 0 or a negative value. A value git would reject (not a number,
/// out of range) throws GitError, as git fails too.
std::size_t configured_rename_limit(git_repository* repo);

/// Reads a blob; a blob absent from the object database throws GitError naming
/// `path` and ending with `missing_object_hint`.
BlobHandle read_blob(git_repository* repo, const git_oid& id, const std::string& path,
                     const std::string& missing_object_hint);

}  // namespace gate::git
