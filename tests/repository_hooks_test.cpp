// Repository::hooks_location() against real repositories, with git's own answer as the
// oracle: `git rev-parse --git-path hooks` names the directory git runs hooks from
// (core.hooksPath, relative ones from the worktree's root; linked worktrees share the main
// repository's hooks), taken from the directory it ran in.

#include <doctest/doctest.h>

#include "gate/repository.hpp"
#include "repo_helpers.hpp"

using gate::HooksLocation;
using gate::Repository;
using namespace gate::test;
using namespace gate::test::repo;

namespace {

/// Where git, run in `dir` with `args` first (e.g. --git-dir), runs hooks.
fs::path git_hooks_dir(const fs::path& dir, std::vector<std::string> args = {}) {
  args.insert(args.end(), {"rev-parse", "--git-path", "hooks"});
  fs::path answer = git_line(dir, args);
  if (answer.is_relative()) answer = dir / answer;
  return fs::weakly_canonical(answer);
}

fs::path ours(const fs::path& dir) {
  return fs::weakly_canonical(Repository::open(dir.string()).hooks_location().dir);
}

// A repository `work` with one commit and a linked worktree `linked` on branch "side".
struct Worktrees {
  TempDir tmp;
  fs::path work = tmp.path() / "work";
  fs::path linked = tmp.path() / "linked";
  Worktrees() {
    init_repo(work);
    write_file(work, "sub/a.txt", "one\n");
    commit_all(work, "one");
    git(work, {"worktree", "add", "-q", "-b", "side", linked.string()});
  }
};

}  // namespace

TEST_CASE("hooks_location without core.hooksPath is the common directory's hooks/") {
  Worktrees t;
  CHECK(ours(t.work) == git_hooks_dir(t.work));
  CHECK(ours(t.work) == fs::weakly_canonical(t.work / ".git" / "hooks"));
  // A linked worktree runs the main repository's hooks, not ones of its own git directory.
  CHECK(ours(t.linked) == git_hooks_dir(t.linked));
  CHECK(ours(t.linked) == ours(t.work));
  HooksLocation where = Repository::open(t.linked.string()).hooks_location();
  CHECK_FALSE(where.hooks_path);
  REQUIRE(where.work_tree);
  CHECK(fs::equivalent(*where.work_tree, t.linked));
  CHECK(fs::equivalent(where.common_dir, t.work / ".git"));
  CHECK(fs::equivalent(where.git_dir, git_line(t.linked, {"rev-parse", "--absolute-git-dir"})));
}

TEST_CASE("hooks_location honours an absolute core.hooksPath") {
  Worktrees t;
  fs::path shared = t.tmp.path() / "shared hooks";
  git(t.work, {"config", "core.hooksPath", shared.string()});
  CHECK(ours(t.work) == git_hooks_dir(t.work));
  CHECK(ours(t.linked) == git_hooks_dir(t.linked));
  CHECK(ours(t.work / "sub") == fs::weakly_canonical(shared));
  CHECK(Repository::open(t.work.string()).hooks_location().hooks_path == shared.string());
}

TEST_CASE("hooks_location takes a relative core.hooksPath from each worktree's root") {
  Worktrees t;
  git(t.work, {"config", "core.hooksPath", "tools/hooks"});
  CHECK(ours(t.work) == git_hooks_dir(t.work));
  CHECK(ours(t.work / "sub") == git_hooks_dir(t.work / "sub"));
  CHECK(ours(t.work / "sub") == fs::weakly_canonical(t.work / "tools" / "hooks"));
  CHECK(ours(t.linked) == git_hooks_dir(t.linked));
  CHECK(ours(t.linked) == fs::weakly_canonical(t.linked / "tools" / "hooks"));
}

TEST_CASE("hooks_location expands ~/ in core.hooksPath as git does") {
  Worktrees t;
  git(t.work, {"config", "core.hooksPath", "~/githooks"});
  CHECK(ours(t.work) == git_hooks_dir(t.work));
  CHECK(Repository::open(t.work.string()).hooks_location().hooks_path->front() == '/');
}

TEST_CASE("hooks_location reads a worktree's config.worktree first") {
  Worktrees t;
  git(t.work, {"config", "extensions.worktreeConfig", "true"});
  git(t.work, {"config", "core.hooksPath", "common-hooks"});
  git(t.linked, {"config", "--worktree", "core.hooksPath", "linked-hooks"});
  CHECK(ours(t.linked) == git_hooks_dir(t.linked));
  CHECK(ours(t.linked) == fs::weakly_canonical(t.linked / "linked-hooks"));
  CHECK(ours(t.work) == git_hooks_dir(t.work));
  CHECK(ours(t.work) == fs::weakly_canonical(t.work / "common-hooks"));
}

TEST_CASE("hooks_location of a bare repository is under its git directory") {
  Worktrees t;
  fs::path bare = t.tmp.path() / "bare.git";
  git(t.tmp.path(), {"clone", "-q", "--bare", t.work.string(), bare.string()});
  CHECK(ours(bare) == git_hooks_dir(t.tmp.path(), {"--git-dir", bare.string()}));
  CHECK_FALSE(Repository::open(bare.string()).hooks_location().work_tree);
  git(t.tmp.path(), {"--git-dir", bare.string(), "config", "core.hooksPath", "custom"});
  CHECK(ours(bare) == fs::weakly_canonical(bare / "custom"));
}
