#include "git/git_open.hpp"

#include <cstdlib>
#include <fstream>
#include <string_view>

#include "gate/error.hpp"

namespace gate::git {
namespace {

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

// libgit2 1.5's own environment handling refuses GIT_WORK_TREE and GIT_COMMON_DIR
// ("unimplemented"). The gate never reads the working tree, so it opens GIT_DIR (or
// discovers from the working directory) and leaves the work tree aside.
int open_ignoring_work_tree(git_repository** out) {
  if (env_set("GIT_DIR"))
    return git_repository_open_ext(out, std::getenv("GIT_DIR"),
                                   GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_NO_DOTGIT,
                                   nullptr);
  return git_repository_open_ext(out, ".", 0, std::getenv("GIT_CEILING_DIRECTORIES"));
}

std::string config_string(const std::string& config_path, const char* key) {
  git_config* raw = nullptr;
  if (git_config_open_ondisk(&raw, config_path.c_str()) < 0) {
    git_error_clear();
    return {};
  }
  ConfigHandle config(raw);
  git_buf value = GIT_BUF_INIT;
  if (git_config_get_string_buf(&value, config.get(), key) < 0) {
    git_error_clear();
    return {};
  }
  return take_buf(value);
}

// extensions.objectformat of the repository that `start` leads to; empty if unknown.
std::string object_format(const std::string& start) {
  git_buf found = GIT_BUF_INIT;
  if (git_repository_discover(&found, start.c_str(), 0, nullptr) < 0) {
    git_error_clear();
    return {};
  }
  std::string gitdir = take_buf(found);
  std::string format = config_string(gitdir + "config", "extensions.objectformat");
  if (!format.empty()) return format;
  // A worktree's gitdir names the main one in "commondir", which holds the config.
  std::ifstream commondir_file(gitdir + "commondir");
  std::string commondir;
  if (!std::getline(commondir_file, commondir) || commondir.empty()) return {};
  if (commondir.front() != '/') commondir = gitdir + commondir;
  return config_string(commondir + "/config", "extensions.objectformat");
}

[[noreturn]] void report_open_failure(int rc, const std::string& path) {
  std::string message = last_error_message();
  git_error_clear();
  std::string start = !path.empty() ? path : env_set("GIT_DIR") ? std::getenv("GIT_DIR") : ".";
  if (message.find("objectformat") != std::string::npos && object_format(start) != "sha1")
    throw GitError("SHA-256 repositories are not supported by git-gate (libgit2 1.5): " + message);
  std::string where = !path.empty()        ? "at '" + path + "'"
                      : env_set("GIT_DIR") ? "at GIT_DIR '" + start + "'"
                                           : "in the current directory";
  std::string text = "cannot open the git repository " + where + ": " + message;
  if (rc == GIT_EOWNER)
    text += "; if you trust it, run `git config --global --add safe.directory <path>`";
  throw GitError(text);
}

}  // namespace

RepoHandle open_repository(const std::string& path) {
  ensure_initialized();
  git_repository* raw = nullptr;
  int rc = 0;
  if (!path.empty())
    rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  else if (env_set("GIT_WORK_TREE") || env_set("GIT_COMMON_DIR"))
    rc = open_ignoring_work_tree(&raw);
  else
    rc = git_repository_open_ext(&raw, nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, nullptr);
  if (rc < 0) report_open_failure(rc, path);
  return RepoHandle(raw);
}

std::string missing_object_hint(git_repository* repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) < 0) {
    git_error_clear();
    return {};
  }
  ConfigHandle config(raw);
  git_strarray names{};
  if (git_remote_list(&names, repo) < 0) {
    git_error_clear();
    return {};
  }
  std::string promisor;
  for (std::size_t i = 0; i < names.count && promisor.empty(); ++i) {
    std::string key = std::string("remote.") + names.strings[i] + ".promisor";
    int value = 0;
    if (git_config_get_bool(&value, config.get(), key.c_str()) == 0 && value)
      promisor = names.strings[i];
    git_error_clear();
  }
  git_strarray_dispose(&names);
  if (promisor.empty()) return "; the repository may be damaged (see `git fsck`)";
  // `git fetch --refetch` alone re-applies the clone's filter; --no-filter brings
  // every blob (checked with git 2.39).
  return "; this is a partial clone: fetch the missing blobs with `git fetch --refetch "
         "--no-filter " +
         promisor + "`";
}

std::string shallow_fix() {
  return "run `git fetch --unshallow` (or `git fetch --deepen=N origin`)";
}

}  // namespace gate::git
