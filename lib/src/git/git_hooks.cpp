#include "git/git_hooks.hpp"

#include <filesystem>
#include <optional>
#include <string>

#include "gate/error.hpp"
#include "git/git_handle.hpp"

namespace gate::git {
namespace {

namespace fs = std::filesystem;

std::string without_trailing_slash(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

// core.hooksPath of `config`, `~/` expanded as git expands a path value; nullopt when
// unset. git 2.39 treats an empty value as unset too (the default hooks directory).
std::optional<std::string> hooks_path_of(git_config* config) {
  git_buf value = GIT_BUF_INIT;
  int rc = git_config_get_path(&value, config, "core.hooksPath");
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "reading core.hooksPath");
  std::string path = take_buf(value);
  if (path.empty()) return std::nullopt;
  return path;
}

// With extensions.worktreeConfig, git reads `<git dir>/config.worktree` above the
// repository's config; libgit2 1.5 does not, so it is read here first.
std::optional<std::string> worktree_hooks_path(git_config* config, const std::string& git_dir) {
  int enabled = 0;
  if (git_config_get_bool(&enabled, config, "extensions.worktreeConfig") < 0 || !enabled) {
    git_error_clear();
    return std::nullopt;
  }
  std::string file = git_dir + "/config.worktree";
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  git_config* raw = nullptr;
  check(git_config_open_ondisk(&raw, file.c_str()), "reading " + file);
  ConfigHandle worktree(raw);
  return hooks_path_of(worktree.get());
}

}  // namespace

HooksLocation hooks_location(git_repository* repo) {
  HooksLocation where;
  where.git_dir = without_trailing_slash(git_repository_path(repo));
  where.common_dir = without_trailing_slash(git_repository_commondir(repo));
  if (const char* work = git_repository_workdir(repo))
    where.work_tree = without_trailing_slash(work);
  git_config* raw = nullptr;
  check(git_repository_config_snapshot(&raw, repo), "reading the git configuration");
  ConfigHandle config(raw);
  where.hooks_path = worktree_hooks_path(config.get(), where.git_dir);
  if (!where.hooks_path) where.hooks_path = hooks_path_of(config.get());
  if (!where.hooks_path) {
    where.dir = where.common_dir + "/hooks";
    return where;
  }
  // Git runs a hook from the worktree's root (the git directory when bare), and a
  // relative core.hooksPath is taken from there (githooks(5)).
  fs::path dir(*where.hooks_path);
  if (dir.is_relative()) dir = fs::path(where.work_tree.value_or(where.git_dir)) / dir;
  where.dir = without_trailing_slash(dir.lexically_normal().string());
  return where;
}

}  // namespace gate::git
