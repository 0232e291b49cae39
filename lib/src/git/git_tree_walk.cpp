#include "git/git_tree_walk.hpp"

#include <cstring>
#include <string>

#include "gate/error.hpp"

namespace gate::git {
namespace {

bool is_tree(const git_tree_entry* entry) { return git_tree_entry_type(entry) == GIT_OBJECT_TREE; }

// git's base_name_compare(): the order of entries in a tree object, where a
// directory sorts as if its name ended in '/'.
int compare_entries(const git_tree_entry* a, const git_tree_entry* b) {
  const char* name_a = git_tree_entry_name(a);
  const char* name_b = git_tree_entry_name(b);
  std::size_t len_a = std::strlen(name_a), len_b = std::strlen(name_b);
  std::size_t len = std::min(len_a, len_b);
  int cmp = std::memcmp(name_a, name_b, len);
  if (cmp != 0) return cmp;
  unsigned char c1 = len < len_a ? static_cast<unsigned char>(name_a[len]) : (is_tree(a) ? '/' : 0);
  unsigned char c2 = len < len_b ? static_cast<unsigned char>(name_b[len]) : (is_tree(b) ? '/' : 0);
  return c1 < c2 ? -1 : c1 > c2 ? 1 : 0;
}

FileSide side_of(const git_tree_entry* entry, const std::string& prefix) {
  return FileSide{prefix + git_tree_entry_name(entry), *git_tree_entry_id(entry),
                  static_cast<std::uint32_t>(git_tree_entry_filemode(entry))};
}

class Walker {
 public:
  Walker(git_repository* repo, const std::string& hint, std::vector<TreeChange>& out)
      : repo_(repo), hint_(hint), out_(out) {}

  void walk(const git_tree* a, const git_tree* b, const std::string& prefix) {
    std::size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
    std::size_t i = 0, j = 0;
    while (i < na || j < nb) {
      const git_tree_entry* ea = i < na ? git_tree_entry_byindex(a, i) : nullptr;
      const git_tree_entry* eb = j < nb ? git_tree_entry_byindex(b, j) : nullptr;
      int cmp = ea == nullptr ? 1 : eb == nullptr ? -1 : compare_entries(ea, eb);
      if (cmp < 0) {
        one_side(ea, prefix, true);
        ++i;
      } else if (cmp > 0) {
        one_side(eb, prefix, false);
        ++j;
      } else {
        both_sides(ea, eb, prefix);
        ++i;
        ++j;
      }
    }
  }

 private:
  TreeHandle subtree(const git_tree_entry* entry, const std::string& prefix) {
    return read_tree(repo_, *git_tree_entry_id(entry),
                     "directory '" + prefix + git_tree_entry_name(entry) + "'", hint_);
  }

  // An entry only one tree has: the file itself, or everything under the directory.
  void one_side(const git_tree_entry* entry, const std::string& prefix, bool old_side) {
    if (is_tree(entry)) {
      TreeHandle tree = subtree(entry, prefix);
      std::string inner = prefix + git_tree_entry_name(entry) + "/";
      if (old_side)
        walk(tree.get(), nullptr, inner);
      else
        walk(nullptr, tree.get(), inner);
      return;
    }
    TreeChange change;
    (old_side ? change.old_side : change.new_side) = side_of(entry, prefix);
    out_.push_back(std::move(change));
  }

  // Same name in both trees: both directories, or both not (see compare_entries).
  void both_sides(const git_tree_entry* a, const git_tree_entry* b, const std::string& prefix) {
    if (git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) &&
        git_tree_entry_filemode(a) == git_tree_entry_filemode(b))
      return;
    if (is_tree(a)) {
      TreeHandle ta = subtree(a, prefix), tb = subtree(b, prefix);
      walk(ta.get(), tb.get(), prefix + git_tree_entry_name(a) + "/");
      return;
    }
    out_.push_back(TreeChange{side_of(a, prefix), side_of(b, prefix)});
  }

  git_repository* repo_;
  const std::string& hint_;
  std::vector<TreeChange>& out_;
};

}  // namespace

std::vector<TreeChange> changed_paths(git_repository* repo, const git_tree* old_tree,
                                      const git_tree* new_tree,
                                      const std::string& missing_object_hint) {
  std::vector<TreeChange> out;
  Walker(repo, missing_object_hint, out).walk(old_tree, new_tree, "");
  return out;
}

TreeHandle read_tree(git_repository* repo, const git_oid& id, const std::string& what,
                     const std::string& missing_object_hint) {
  git_tree* raw = nullptr;
  int rc = git_tree_lookup(&raw, repo, &id);
  if (rc == GIT_ENOTFOUND) {
    std::string message = last_error_message();
    git_error_clear();
    throw GitError("cannot read " + what + ": tree " + to_hex(id) +
                   " is missing from the object database (" + message + ")" + missing_object_hint);
  }
  check(rc, "reading " + what + " (tree " + to_hex(id) + ")");
  return TreeHandle(raw);
}

std::optional<git_oid> blob_at(git_repository* repo, const git_tree* tree, std::string_view path,
                               const std::string& missing_object_hint) {
  TreeHandle owned;
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = path.find('/', start);
    std::string name(
        path.substr(start, slash == std::string_view::npos ? path.npos : slash - start));
    if (name.empty()) return std::nullopt;
    const git_tree_entry* entry = git_tree_entry_byname(tree, name.c_str());
    if (entry == nullptr) return std::nullopt;
    if (slash == std::string_view::npos) {
      if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return std::nullopt;
      return *git_tree_entry_id(entry);
    }
    if (!is_tree(entry)) return std::nullopt;
    owned =
        read_tree(repo, *git_tree_entry_id(entry),
                  "directory '" + std::string(path.substr(0, slash)) + "'", missing_object_hint);
    tree = owned.get();
    start = slash + 1;
  }
}

}  // namespace gate::git
