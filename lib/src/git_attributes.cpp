#include "git_attributes.hpp"

#include <git2/sys/repository.h>

#include <cstring>

#include "git_handle.hpp"

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

}  // namespace

std::vector<std::string> generated_paths(git_repository* repo, const git_oid& commit,
                                         const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  if (paths.empty()) return out;
  // A fresh handle per call also keeps libgit2's attribute cache from serving one
  // commit's files for another.
  RepoHandle bare = objects_only(repo);
  git_attr_options options = GIT_ATTR_OPTIONS_INIT;
  options.flags =
      GIT_ATTR_CHECK_INDEX_ONLY | GIT_ATTR_CHECK_INCLUDE_COMMIT | GIT_ATTR_CHECK_NO_SYSTEM;
  options.attr_commit_id = commit;
  const char* names[] = {"linguist-generated", "diff"};
  for (const std::string& path : paths) {
    const char* values[2] = {nullptr, nullptr};
    check(git_attr_get_many_ext(values, bare.get(), &options, path.c_str(), 2, names),
          "reading the .gitattributes of commit " + to_hex(commit) + " for '" + path + "'");
    if (is_generated(values[0], values[1])) out.push_back(path);
  }
  return out;
}

}  // namespace gate::git
