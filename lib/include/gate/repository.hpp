#pragma once
/// The git adapter: the only part of git-gate that talks to libgit2. Every result is
/// copied into plain values; libgit2 handles stay inside lib/src/git_*.cpp.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gate/changeset.hpp"

namespace gate {

/// Where git runs a repository's hooks, and the layout that decides it (docs/hook.md, The
/// pre-push hook; docs/hook.md).
struct HooksLocation {
  std::string dir;  ///< absolute: where git looks for hooks (no trailing slash)
  /// core.hooksPath as configured (after `~/` expansion), when it is set.
  std::optional<std::string> hooks_path;
  std::optional<std::string> work_tree;  ///< this worktree's root; nullopt when bare
  std::string git_dir;                   ///< this worktree's git directory
  std::string common_dir;                ///< the main repository's git directory
};

/// An open repository. Move-only: it owns libgit2 handles.
class Repository {
 public:
  /// Opens the repository containing `path`, or, with an empty path, the one found the
  /// way git finds it (GIT_DIR, GIT_WORK_TREE, discovery from the working directory,
  /// worktrees). Throws GitError (SHA-256 repositories are reported as unsupported).
  static Repository open(const std::string& path = {});

  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  ~Repository();
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;

  /// The .git directory.
  std::string git_dir() const;

  /// Resolves a revision (sha, ref, `HEAD~2`, tag) to the full id of the commit it
  /// peels to. Throws GitError naming the revision when it does not exist, and the
  /// `git fetch` that fixes it in a shallow clone.
  std::string resolve_commit(std::string_view rev) const;

  /// Like resolve_commit, but nullopt instead of throwing when the object is absent.
  std::optional<std::string> find_commit(std::string_view rev) const;

  /// The commit HEAD's branch tracks (git's `@{upstream}`). nullopt when HEAD is detached
  /// (the normal state of a CI checkout) or unborn, or when its branch has no upstream
  /// or the upstream's ref is not in the repository. Throws GitError with libgit2's
  /// message on any other failure (e.g. an upstream ref that names no commit).
  std::optional<std::string> upstream() const;

  /// The best common ancestor of two commits; nullopt when they share no history.
  /// Throws GitError in a shallow clone where the answer lies beyond the boundary.
  std::optional<std::string> merge_base(const std::string& a, const std::string& b) const;

  /// True when `ancestor` is reachable from `descendant` (or equal to it).
  bool is_ancestor(const std::string& ancestor, const std::string& descendant) const;

  /// Number of commits in descendant's history not in ancestor's (`git rev-list --count a..d`).
  std::size_t count_between(const std::string& ancestor, const std::string& descendant) const;

  /// The contents of `path` in the tree of `commit`; nullopt if there is no such blob.
  /// Throws GitError when the blob is missing from the object store (partial clone).
  std::optional<std::string> read_file(const std::string& commit, const std::string& path) const;

  /// Every file of `commit`'s tree (blobs, symlinks, submodules), sorted.
  std::vector<std::string> list_files(const std::string& commit) const;

  /// The diff between two commits, like `git diff -M --numstat base head`, with the
  /// commits of base..head. An empty base means the empty tree. `threads` above 1
  /// reads and counts files on that many threads, each with its own handle. One is the
  /// default: libgit2 serialises pack reads on one process-wide lock, and on
  /// tests/bench/bench_wide.cpp a second thread cost 40-60% more CPU for 0-17% less
  /// wall time.
  ChangeSet diff(const std::string& base, const std::string& head, unsigned threads = 1) const;

  /// Of `paths`, those that the `.gitattributes` files of `commit`'s tree mark
  /// `linguist-generated` (true) or `-diff`. Reads that tree, never the working tree (a
  /// path is a file, whatever the current directory holds), the index, info/attributes,
  /// a configured core.attributesFile or the system file's rules. Two files of the host
  /// still apply, below the tree's, because libgit2 1.5 loads them whatever its options:
  /// a macro (`[attr]name`) defined in the system file, and ~/.config/git/attributes
  /// (XDG), git's default core.attributesFile. Neither is in the change's hands.
  std::vector<std::string> generated_paths(const std::string& commit,
                                           const std::vector<std::string>& paths) const;

  /// A reference and the commit it peels to.
  struct Ref {
    std::string name;
    std::string commit;
  };
  /// References whose full name starts with `prefix` (e.g. "refs/remotes/origin/"),
  /// with tags peeled to commits; references that do not peel to a commit are skipped.
  std::vector<Ref> refs_with_prefix(std::string_view prefix) const;

  /// The reference the symbolic reference `name` points at (the remote's default branch:
  /// refs/remotes/origin/HEAD -> refs/remotes/origin/main); nullopt when `name` does not
  /// exist or is not symbolic.
  std::optional<std::string> symbolic_target(std::string_view name) const;

  /// The names of remotes whose fetch or push URL equals `url`.
  std::vector<std::string> remotes_with_url(std::string_view url) const;

  /// True when the repository is a shallow clone.
  bool is_shallow() const;

  /// `commit` and its first parents (`git rev-list --first-parent -n limit commit`),
  /// newest first; fewer at a root or a shallow clone's boundary.
  std::vector<std::string> first_parent_history(const std::string& commit, std::size_t limit) const;

  /// The parents of `commit`, in order.
  std::vector<std::string> parents(const std::string& commit) const;

  /// The whole message of `commit`, as stored. Throws GitError when it is unknown.
  std::string commit_message(const std::string& commit) const;

  /// The note `notes_ref` (e.g. "refs/notes/gate") attaches to `commit`, if any.
  std::optional<std::string> read_note(std::string_view notes_ref, const std::string& commit) const;

  /// Every note under `notes_ref`: (commit id, text).
  std::vector<std::pair<std::string, std::string>> list_notes(std::string_view notes_ref) const;

  /// Every note of the notes commit `notes_commit` (a commit a notes ref pointed to, such
  /// as an `update` hook's old or new value): (annotated object id, text).
  std::vector<std::pair<std::string, std::string>> notes_at(const std::string& notes_commit) const;

  /// The author, committer and summary of `commit`. Throws GitError when it is unknown.
  CommitInfo commit_info(const std::string& commit) const;

  /// Replaces the note on `commit` with `text` in a new commit on `notes_ref` by `who`.
  void write_note(std::string_view notes_ref, const std::string& commit, std::string_view text,
                  const Identity& who) const;

  /// Appends a commit with `message` and an empty tree to `ref` (its first commit when the
  /// ref does not exist), by `who`, moving the ref only if no one else moved it meanwhile.
  /// Returns the new commit. Throws GitError (also when the ref moved).
  std::string append_log_entry(std::string_view ref, std::string_view message,
                               const Identity& who) const;

  /// The messages of `ref` and its first parents, newest first, at most `limit`:
  /// (commit id, message). Empty when the ref does not exist.
  std::vector<std::pair<std::string, std::string>> log_entries(std::string_view ref,
                                                               std::size_t limit) const;

  /// A value of git's configuration (e.g. "user.signingkey"); nullopt when unset.
  std::optional<std::string> config_value(std::string_view key) const;

  /// Whether a fetch refspec of `remote` (`remote.<name>.fetch`) brings the remote's `ref`
  /// to `ref` here; nullopt when there is no such remote.
  std::optional<bool> remote_fetches_ref(std::string_view remote, std::string_view ref) const;

  /// Adds `refspec` to `remote.<remote>.fetch` in the repository's configuration, through
  /// libgit2. Throws GitError.
  void add_fetch_refspec(std::string_view remote, std::string_view refspec) const;

  /// The values of `remote.<remote>.fetch` as written; empty when there is no such remote.
  std::vector<std::string> fetch_refspecs(std::string_view remote) const;

  /// Where git runs this repository's hooks, as git 2.39 decides it: core.hooksPath
  /// (with `extensions.worktreeConfig`, this worktree's config.worktree first), a relative
  /// one taken from this worktree's root (the git directory when bare), as git runs hooks
  /// there; else the common directory's `hooks/`, shared by every linked worktree.
  HooksLocation hooks_location() const;

 private:
  struct Impl;
  explicit Repository(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gate
