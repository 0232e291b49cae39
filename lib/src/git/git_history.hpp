#pragma once
/// Questions about the commit graph. libgit2 1.5 ignores a shallow clone's boundary
/// ($GIT_DIR/shallow) and fails with "object not found" as soon as a walk reaches a
/// boundary commit, so in shallow clones these are answered by a small walker that
/// treats boundary commits as parentless, as git does. Elsewhere libgit2 answers.

#include <git2.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gate::git {

/// Commit-graph queries on one repository handle.
class History {
 public:
  explicit History(git_repository* repo);

  /// Commits reachable from `head` and not from `hide` (null: none hidden), newest
  /// first and never a parent before its child.
  std::vector<git_oid> range(const git_oid* hide, const git_oid& head);

  /// The best common ancestor, nullopt when none is known. In a shallow clone none
  /// known may mean none fetched: callers check shallow().
  std::optional<git_oid> merge_base(const git_oid& a, const git_oid& b);

  /// True in a shallow clone.
  bool shallow() const { return shallow_; }

  /// True when `ancestor` is reachable from `descendant` or equal to it.
  bool is_ancestor(const git_oid& ancestor, const git_oid& descendant);

  /// `start` and its first parents, newest first, at most `limit` commits; ends early
  /// at a root (or a shallow clone's boundary).
  std::vector<git_oid> first_parents(const git_oid& start, std::size_t limit);

 private:
  using Key = std::string;  // raw id bytes
  struct Node {
    git_oid id{};
    std::int64_t time = 0;
    std::vector<Key> parents;
  };

  const Node& node(const Key& key);
  std::unordered_set<Key> ancestors(const git_oid& start);
  std::vector<Key> newest_first(const std::unordered_set<Key>& commits);

  git_repository* repo_;
  bool shallow_ = false;
  std::unordered_set<Key> boundary_;
  std::unordered_map<Key, Node> nodes_;
};

}  // namespace gate::git
