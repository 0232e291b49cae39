#include "git/git_attributes.hpp"

#include <git2/sys/repository.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>
#include <string_view>

#include "gate/error.hpp"
#include "git/git_diff.hpp"
#include "git/git_handle.hpp"
#include "git/git_tree_walk.hpp"

namespace gate::git {
namespace {

// A repository with the object database of `repo` and nothing else: no working
// tree, an empty in-memory index, no configuration (so no core.attributesFile) and
// no $GIT_DIR/info/attributes. libgit2 otherwise reads the working tree and the
// index, both of which the change being judged controls, so the change could
// exempt itself from size limits.
RepoHandle objects_only(git_repository* repo) {
  git_odb* odb_raw = nullptr;
  check(git_repository_odb(&odb_raw, repo), "reading the object database");
  OdbHandle odb(odb_raw);
  git_repository* raw = nullptr;
  check(git_repository_wrap_odb(&raw, odb.get()), "opening the object database alone");
  RepoHandle bare(raw);

  git_index* index_raw = nullptr;
  check(git_index_new(&index_raw), "creating an empty index");
  IndexHandle index(index_raw);
  check(git_repository_set_index(bare.get(), index.get()), "setting an empty index");

  git_config* config_raw = nullptr;
  check(git_config_new(&config_raw), "creating an empty configuration");
  ConfigHandle config(config_raw);
  check(git_repository_set_config(bare.get(), config.get()), "setting an empty configuration");
  return bare;
}

bool is_generated(const char* linguist_generated, const char* diff) {
  if (GIT_ATTR_IS_TRUE(linguist_generated)) return true;
  if (git_attr_value(linguist_generated) == GIT_ATTR_VALUE_STRING &&
      std::strcmp(linguist_generated, "true") == 0)
    return true;
  return GIT_ATTR_IS_FALSE(diff);
}

std::vector<std::string> ancestor_dirs(const std::string& path) {
  std::vector<std::string> dirs{""};
  for (std::size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1))
    dirs.push_back(path.substr(0, slash + 1));
  return dirs;
}

// Only an attribute file that mentions one of these can mark a file generated:
// `-diff`, the `binary` macro, `linguist-generated`, or a macro definition.
bool may_mark_generated(std::string_view text) {
  for (std::string_view token : {"-diff", "binary", "linguist-generated", "[attr]"})
    if (text.find(token) != std::string_view::npos) return true;
  return false;
}

// Whether the tree `tree` (the directory `dir`) has a .gitattributes that may mark
// files generated.
bool has_candidate_file(git_repository* repo, const git_tree* tree, const std::string& dir,
                        const std::string& hint) {
  const git_tree_entry* entry = git_tree_entry_byname(tree, ".gitattributes");
  if (entry == nullptr || git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return false;
  BlobHandle blob = read_blob(repo, *git_tree_entry_id(entry), dir + ".gitattributes", hint);
  std::string_view text(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                        static_cast<std::size_t>(git_blob_rawsize(blob.get())));
  return may_mark_generated(text);
}

// A directory on the way down, and its tree.
struct Level {
  std::string dir;
  TreeHandle tree;
};

// The directories ("" for the root, else with a trailing '/') on the way to `paths`
// whose .gitattributes may mark files generated. Reading every such file here also
// makes a missing one an error: libgit2 silently skips it in a partial clone.
// Each directory's tree is read once, from its parent's, already loaded: in sorted
// order a directory follows its parent, and the directories under one form a
// contiguous run, so a stack holds the trees on the way down. Looking every file up
// from the root instead parsed each large tree again per lookup (libgit2 caches no
// tree over 4 KiB), most of the time of a big change in a wide repository.
std::set<std::string> relevant_dirs(git_repository* repo, const git_oid& commit,
                                    const std::vector<std::string>& paths,
                                    const std::string& hint) {
  std::set<std::string> dirs;
  for (const std::string& path : paths)
    for (std::string& dir : ancestor_dirs(path)) dirs.insert(std::move(dir));
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo, &commit), "reading commit " + to_hex(commit));
  CommitHandle owned(raw);
  std::vector<Level> stack;
  stack.push_back({"", read_tree(repo, *git_commit_tree_id(owned.get()),
                                 "the tree of commit " + to_hex(commit), hint)});
  std::set<std::string> relevant;
  if (has_candidate_file(repo, stack.back().tree.get(), "", hint)) relevant.insert("");
  for (const std::string& dir : dirs) {
    if (dir.empty()) continue;
    while (dir.compare(0, stack.back().dir.size(), stack.back().dir) != 0) stack.pop_back();
    std::size_t parent_end = dir.rfind('/', dir.size() - 2) + 1;  // 0 under the root
    if (stack.back().dir.size() != parent_end) continue;  // the parent is not a directory here
    std::string name = dir.substr(parent_end, dir.size() - 1 - parent_end);
    const git_tree_entry* entry = git_tree_entry_byname(stack.back().tree.get(), name.c_str());
    if (entry == nullptr || git_tree_entry_type(entry) != GIT_OBJECT_TREE) continue;
    TreeHandle tree = read_tree(repo, *git_tree_entry_id(entry),
                                "directory '" + dir.substr(0, dir.size() - 1) + "'", hint);
    if (has_candidate_file(repo, tree.get(), dir, hint)) relevant.insert(dir);
    stack.push_back({dir, std::move(tree)});
  }
  return relevant;
}

}  // namespace

std::vector<std::string> generated_paths(git_repository* repo, const git_oid& commit,
                                         const std::vector<std::string>& paths,
                                         const std::string& missing_object_hint) {
  std::vector<std::string> out;
  std::set<std::string> relevant = relevant_dirs(repo, commit, paths, missing_object_hint);
  if (relevant.empty()) return out;
  // A fresh handle per call also keeps libgit2's attribute cache from serving one
  // commit's files for another.
  RepoHandle bare = objects_only(repo);
  git_attr_options options = GIT_ATTR_OPTIONS_INIT;
  options.flags =
      GIT_ATTR_CHECK_INDEX_ONLY | GIT_ATTR_CHECK_INCLUDE_COMMIT | GIT_ATTR_CHECK_NO_SYSTEM;
  options.attr_commit_id = commit;
  const char* names[] = {"linguist-generated", "diff"};
  for (const std::string& path : paths) {
    // libgit2 costs tens of microseconds a path; most paths have no candidate file.
    std::vector<std::string> dirs = ancestor_dirs(path);
    if (std::none_of(dirs.begin(), dirs.end(),
                     [&](const std::string& dir) { return relevant.count(dir) > 0; }))
      continue;
    const char* values[2] = {nullptr, nullptr};
    check(git_attr_get_many_ext(values, bare.get(), &options, path.c_str(), 2, names),
          "reading the .gitattributes of commit " + to_hex(commit) + " for '" + path + "'");
    if (is_generated(values[0], values[1])) out.push_back(path);
  }
  return out;
}

}  // namespace gate::git
