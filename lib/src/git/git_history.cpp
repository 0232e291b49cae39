#include "git/git_history.hpp"

#include <cstring>
#include <fstream>
#include <queue>

#include "gate/error.hpp"
#include "git/git_handle.hpp"
#include "git/git_open.hpp"

namespace gate::git {
namespace {

std::string key_of(const git_oid& id) {
  return std::string(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
}

// The boundary commits a shallow clone records in $GIT_COMMON_DIR/shallow.
std::unordered_set<std::string> read_boundary(git_repository* repo) {
  std::string dir = git_repository_commondir(repo);
  if (!dir.empty() && dir.back() != '/') dir += '/';
  std::ifstream file(dir + "shallow");
  std::unordered_set<std::string> boundary;
  std::string line;
  while (std::getline(file, line)) {
    git_oid id;
    if (line.size() >= GIT_OID_HEXSZ && git_oid_fromstrn(&id, line.data(), GIT_OID_HEXSZ) == 0)
      boundary.insert(key_of(id));
  }
  return boundary;
}

std::vector<git_oid> libgit2_range(git_repository* repo, const git_oid* hide, const git_oid& head) {
  git_revwalk* raw = nullptr;
  check(git_revwalk_new(&raw, repo), "starting a commit walk");
  RevwalkHandle walk(raw);
  // Newest first by commit time, and never a parent before its child.
  check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME),
        "sorting the commit walk");
  check(git_revwalk_push(walk.get(), &head), "walking the history of " + to_hex(head));
  if (hide != nullptr)
    check(git_revwalk_hide(walk.get(), hide), "walking the history of " + to_hex(*hide));
  std::vector<git_oid> ids;
  git_oid id;
  int rc = 0;
  while ((rc = git_revwalk_next(&id, walk.get())) == 0) ids.push_back(id);
  if (rc != GIT_ITEROVER) check(rc, "walking the history of " + to_hex(head));
  git_error_clear();
  return ids;
}

}  // namespace

History::History(git_repository* repo) : repo_(repo) {
  shallow_ = git_repository_is_shallow(repo) == 1;
  if (shallow_) boundary_ = read_boundary(repo);
}

const History::Node& History::node(const Key& key) {
  auto found = nodes_.find(key);
  if (found != nodes_.end()) return found->second;
  Node n;
  std::memcpy(n.id.id, key.data(), GIT_OID_RAWSZ);
  git_commit* raw = nullptr;
  int rc = git_commit_lookup(&raw, repo_, &n.id);
  if (rc == GIT_ENOTFOUND) {
    std::string message = last_error_message();
    git_error_clear();
    throw GitError("commit " + to_hex(n.id) + " is not in this shallow clone (" + message + "); " +
                   shallow_fix());
  }
  check(rc, "reading commit " + to_hex(n.id));
  CommitHandle commit(raw);
  n.time = git_commit_time(commit.get());
  if (!boundary_.count(key))
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i)
      n.parents.push_back(key_of(*git_commit_parent_id(commit.get(), i)));
  return nodes_.emplace(key, std::move(n)).first->second;
}

std::unordered_set<History::Key> History::ancestors(const git_oid& start) {
  std::unordered_set<Key> seen{key_of(start)};
  std::vector<Key> todo{key_of(start)};
  while (!todo.empty()) {
    Key key = std::move(todo.back());
    todo.pop_back();
    for (const Key& parent : node(key).parents)
      if (seen.insert(parent).second) todo.push_back(parent);
  }
  return seen;
}

// Kahn's algorithm over the commits given: a commit comes out once all its children
// among them have, the newest (by commit time) first among those ready.
std::vector<History::Key> History::newest_first(const std::unordered_set<Key>& commits) {
  std::unordered_map<Key, int> children;
  for (const Key& key : commits)
    for (const Key& parent : node(key).parents)
      if (commits.count(parent)) ++children[parent];
  using Entry = std::pair<std::int64_t, Key>;
  std::priority_queue<Entry> ready;
  for (const Key& key : commits)
    if (!children.count(key)) ready.emplace(node(key).time, key);
  std::vector<Key> order;
  while (!ready.empty()) {
    Key key = ready.top().second;
    ready.pop();
    order.push_back(key);
    for (const Key& parent : node(key).parents)
      if (commits.count(parent) && --children[parent] == 0)
        ready.emplace(node(parent).time, parent);
  }
  return order;
}

std::vector<git_oid> History::range(const git_oid* hide, const git_oid& head) {
  if (!shallow_) return libgit2_range(repo_, hide, head);
  std::unordered_set<Key> wanted = ancestors(head);
  if (hide != nullptr)
    for (const Key& key : ancestors(*hide)) wanted.erase(key);
  std::vector<git_oid> ids;
  for (const Key& key : newest_first(wanted)) ids.push_back(node(key).id);
  return ids;
}

std::optional<git_oid> History::merge_base(const git_oid& a, const git_oid& b) {
  if (!shallow_) {
    git_oid base;
    int rc = git_merge_base(&base, repo_, &a, &b);
    if (rc == GIT_ENOTFOUND) {
      git_error_clear();
      return std::nullopt;
    }
    check(rc, "finding the merge base of " + to_hex(a) + " and " + to_hex(b));
    return base;
  }
  std::unordered_set<Key> of_a = ancestors(a), common;
  for (const Key& key : ancestors(b))
    if (of_a.count(key)) common.insert(key);
  // The first common commit in children-first order has no descendant among the
  // common ones: a best common ancestor (the newest, if there are several).
  std::vector<Key> order = newest_first(common);
  if (order.empty()) return std::nullopt;
  return node(order.front()).id;
}

bool History::is_ancestor(const git_oid& ancestor, const git_oid& descendant) {
  if (git_oid_equal(&ancestor, &descendant)) return true;
  if (shallow_) return ancestors(descendant).count(key_of(ancestor)) > 0;
  int rc = git_graph_descendant_of(repo_, &descendant, &ancestor);
  check(rc, "checking whether " + to_hex(ancestor) + " is an ancestor of " + to_hex(descendant));
  return rc == 1;
}

// Walked by hand rather than with a revwalk, so that a shallow clone's boundary ends the
// walk as a root does instead of failing.
std::vector<git_oid> History::first_parents(const git_oid& start, std::size_t limit) {
  std::vector<git_oid> ids;
  Key key = key_of(start);
  while (ids.size() < limit) {
    const Node& n = node(key);
    ids.push_back(n.id);
    if (n.parents.empty()) break;
    key = n.parents.front();
  }
  return ids;
}

}  // namespace gate::git
