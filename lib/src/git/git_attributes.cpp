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

// The directories ("" for the root, else with a trailing '/') on the way to `paths`
// whose .gitattributes may mark files generated. Reading every such file here also
// makes a missing one an error: libgit2 silently skips it in a partial clone.
std::set<std::string> relevant_dirs(git_repository* repo, const git_oid& commit,
                                    const std::vector<std::string>& paths,
                                    const std::string& hint) {
  std::set<std::string> dirs;
  for (const std::string& path : paths)
    for (std::string& dir : ancestor_dirs(path)) dirs.insert(std::move(dir));
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo, &commit), "reading commit " + to_hex(commit));
  CommitHandle owned(raw);
  TreeHandle tree = read_tree(repo, *git_commit_tree_id(owned.get()),
                              "the tree of commit " + to_hex(commit), hint);
  std::set<std::string> relevant;
  for (const std::string& dir : dirs) {
    std::string file = dir + ".gitattributes";
    std::optional<git_oid> id = blob_at(repo, tree.get(), file, hint);
    if (!id) continue;
    BlobHandle blob = read_blob(repo, *id, file, hint);
    std::string_view text(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                          static_cast<std::size_t>(git_blob_rawsize(blob.get())));
    if (may_mark_generated(text)) relevant.insert(dir);
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
