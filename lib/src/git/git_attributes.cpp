#include "git/git_attributes.hpp"

#include <git2/sys/repository.h>

#include <cstdint>
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

// A .gitattributes file of the commit: where, and its blob.
struct AttributeFile {
  std::string path;
  git_oid id{};
  std::uint32_t mode = 0;
};

// A bare repository with the object database of `repo` and nothing else: no working
// tree, no configuration (so no configured core.attributesFile; libgit2 still falls back
// to ~/.config/git/attributes, as Repository::generated_paths says), no info/attributes,
// and an in-memory index holding only `files`, the commit's attribute files on the
// way to the paths asked about. libgit2 otherwise reads the working tree and the
// index, both of which the change being judged controls, so the change could exempt
// itself from size limits. Read from the commit instead (GIT_ATTR_CHECK_INCLUDE_COMMIT),
// libgit2 looks the commit, its tree and every directory up again for each attribute
// file of each path; from this index, a lookup is a search of a few entries.
// Bare, because only then does libgit2 take a path for a file: otherwise it stats the
// path, relative to the process's working directory when there is no working tree, to
// learn whether `dir/` patterns match it (git_repository_wrap_odb's is not bare).
RepoHandle objects_only(git_repository* repo, const std::vector<AttributeFile>& files) {
  git_odb* odb_raw = nullptr;
  check(git_repository_odb(&odb_raw, repo), "reading the object database");
  OdbHandle odb(odb_raw);
  git_repository* raw = nullptr;
  check(git_repository_new(&raw), "creating a bare repository for attributes");
  RepoHandle bare(raw);
  check(git_repository_set_odb(bare.get(), odb.get()), "opening the object database alone");

  git_index* index_raw = nullptr;
  check(git_index_new(&index_raw), "creating an empty index");
  IndexHandle index(index_raw);
  for (const AttributeFile& file : files) {
    git_index_entry entry{};
    entry.path = file.path.c_str();
    entry.id = file.id;
    entry.mode = file.mode;
    check(git_index_add(index.get(), &entry), "indexing '" + file.path + "'");
  }
  check(git_repository_set_index(bare.get(), index.get()), "setting the attribute index");

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

// The .gitattributes of `tree` (the directory `dir`), if any, added to `found`;
// whether it may mark files generated.
bool read_attribute_file(git_repository* repo, const git_tree* tree, const std::string& dir,
                         const std::string& hint, std::vector<AttributeFile>& found) {
  const git_tree_entry* entry = git_tree_entry_byname(tree, ".gitattributes");
  if (entry == nullptr || git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return false;
  std::string path = dir + ".gitattributes";
  found.push_back({path, *git_tree_entry_id(entry),
                   static_cast<std::uint32_t>(git_tree_entry_filemode(entry))});
  BlobHandle blob = read_blob(repo, *git_tree_entry_id(entry), path, hint);
  std::string_view text(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                        static_cast<std::size_t>(git_blob_rawsize(blob.get())));
  return may_mark_generated(text);
}

// A directory on the way down, and its tree.
struct Level {
  std::string dir;
  TreeHandle tree;
};

// The attribute files on the way to some paths, and the directories ("" for the
// root, else with a trailing '/') whose file may mark files generated.
struct AttributeFiles {
  std::vector<AttributeFile> files;
  std::set<std::string> relevant;
};

// The directories on the way to `paths`, each once, sorted.
std::set<std::string> directories_of(const std::vector<std::string>& paths) {
  std::set<std::string> dirs;
  std::string_view last;  // consecutive paths (the usual sorted input) share directories
  for (const std::string& path : paths) {
    std::string_view dir(path.data(), path.rfind('/') + 1);
    if (dir == last) continue;
    last = dir;
    for (std::string& d : ancestor_dirs(path)) dirs.insert(std::move(d));
  }
  return dirs;
}

// Reads every attribute file on the way to `paths`, which also makes a missing one
// an error: libgit2 silently skips it in a partial clone.
// Each directory's tree is read once, from its parent's, already loaded: in sorted
// order a directory follows its parent, and the directories under one form a
// contiguous run, so a stack holds the trees on the way down. Looking every file up
// from the root instead parsed each large tree again per lookup (libgit2 caches no
// tree over 4 KiB), most of the time of a big change in a wide repository.
AttributeFiles attribute_files(git_repository* repo, const git_oid& commit,
                               const std::vector<std::string>& paths, const std::string& hint) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo, &commit), "reading commit " + to_hex(commit));
  CommitHandle owned(raw);
  std::vector<Level> stack;
  stack.push_back({"", read_tree(repo, *git_commit_tree_id(owned.get()),
                                 "the tree of commit " + to_hex(commit), hint)});
  AttributeFiles out;
  if (read_attribute_file(repo, stack.back().tree.get(), "", hint, out.files))
    out.relevant.insert("");
  for (const std::string& dir : directories_of(paths)) {
    if (dir.empty()) continue;
    while (dir.compare(0, stack.back().dir.size(), stack.back().dir) != 0) stack.pop_back();
    std::size_t parent_end = dir.rfind('/', dir.size() - 2) + 1;  // 0 under the root
    if (stack.back().dir.size() != parent_end) continue;  // the parent is not a directory here
    std::string name = dir.substr(parent_end, dir.size() - 1 - parent_end);
    const git_tree_entry* entry = git_tree_entry_byname(stack.back().tree.get(), name.c_str());
    if (entry == nullptr || git_tree_entry_type(entry) != GIT_OBJECT_TREE) continue;
    TreeHandle tree = read_tree(repo, *git_tree_entry_id(entry),
                                "directory '" + dir.substr(0, dir.size() - 1) + "'", hint);
    if (read_attribute_file(repo, tree.get(), dir, hint, out.files)) out.relevant.insert(dir);
    stack.push_back({dir, std::move(tree)});
  }
  return out;
}

// Whether a directory on the way to `path` is in `relevant`.
bool under_relevant(const std::string& path, const std::set<std::string>& relevant) {
  if (relevant.count("") > 0) return true;
  for (std::size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1))
    if (relevant.count(path.substr(0, slash + 1)) > 0) return true;
  return false;
}

}  // namespace

std::vector<std::string> generated_paths(git_repository* repo, const git_oid& commit,
                                         const std::vector<std::string>& paths,
                                         const std::string& missing_object_hint) {
  std::vector<std::string> out;
  AttributeFiles found = attribute_files(repo, commit, paths, missing_object_hint);
  if (found.relevant.empty()) return out;
  // A fresh handle per call also keeps libgit2's attribute cache from serving one
  // commit's files for another.
  RepoHandle bare = objects_only(repo, found.files);
  git_attr_options options = GIT_ATTR_OPTIONS_INIT;
  options.flags = GIT_ATTR_CHECK_INDEX_ONLY | GIT_ATTR_CHECK_NO_SYSTEM;
  const char* names[] = {"linguist-generated", "diff"};
  for (const std::string& path : paths) {
    // libgit2 costs microseconds a path; most paths have no candidate file.
    if (!under_relevant(path, found.relevant)) continue;
    const char* values[2] = {nullptr, nullptr};
    check(git_attr_get_many_ext(values, bare.get(), &options, path.c_str(), 2, names),
          "reading the .gitattributes of commit " + to_hex(commit) + " for '" + path + "'");
    if (is_generated(values[0], values[1])) out.push_back(path);
  }
  return out;
}

}  // namespace gate::git
