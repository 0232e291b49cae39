// Repository::upstream() against real repositories, with git's own `@{upstream}` as the
// oracle: the commit a branch tracks, nothing for a detached HEAD or a branch that tracks
// nothing, and libgit2's message for an upstream that is broken.

#include <doctest/doctest.h>

#include "gate/repository.hpp"
#include "repo_helpers.hpp"

using gate::Repository;
using namespace gate::test;
using namespace gate::test::repo;

namespace {

// A repository `origin` with two commits on main, and a clone `work` of it whose main
// tracks origin/main.
struct Tracked {
  TempDir tmp;
  fs::path origin = tmp.path() / "origin";
  fs::path work = tmp.path() / "work";
  Tracked() {
    init_repo(origin);
    write_file(origin, "a.txt", "one\n");
    commit_all(origin, "one");
    write_file(origin, "a.txt", "two\n");
    commit_all(origin, "two");
    git(tmp.path(), {"clone", "-q", origin.string(), work.string()});
  }
};

}  // namespace

TEST_CASE("upstream is the commit git's @{upstream} names") {
  Tracked t;
  // The remote-tracking ref moves away from main's tip, so the two cannot be confused.
  git(t.work, {"update-ref", "refs/remotes/origin/main", "HEAD~1"});
  std::optional<std::string> upstream = Repository::open(t.work.string()).upstream();
  REQUIRE(upstream);
  CHECK(*upstream == git_line(t.work, {"rev-parse", "--verify", "@{upstream}"}));
  CHECK(*upstream != git_line(t.work, {"rev-parse", "--verify", "HEAD"}));
}

TEST_CASE("upstream of a branch that tracks a local branch") {
  Tracked t;
  git(t.work, {"checkout", "-q", "-b", "topic", "--track", "main"});
  git(t.work, {"commit", "-q", "--allow-empty", "-m", "topic"});
  std::optional<std::string> upstream = Repository::open(t.work.string()).upstream();
  REQUIRE(upstream);
  CHECK(*upstream == git_line(t.work, {"rev-parse", "--verify", "@{upstream}"}));
}

TEST_CASE("no upstream on a detached HEAD, the state of a CI checkout") {
  Tracked t;
  git(t.work, {"checkout", "-q", "--detach"});
  CHECK_FALSE(Repository::open(t.work.string()).upstream());
}

TEST_CASE("no upstream for a branch that tracks nothing, or whose upstream is not fetched") {
  Tracked t;
  git(t.work, {"checkout", "-q", "-b", "loose"});
  CHECK_FALSE(Repository::open(t.work.string()).upstream());
  // Configured, but origin has no such branch, so there is no remote-tracking ref.
  git(t.work, {"config", "branch.loose.remote", "origin"});
  git(t.work, {"config", "branch.loose.merge", "refs/heads/never-fetched"});
  CHECK_FALSE(Repository::open(t.work.string()).upstream());
}

TEST_CASE("no upstream on an unborn branch") {
  TempDir tmp;
  init_repo(tmp.path());
  CHECK_FALSE(Repository::open(tmp.str()).upstream());
}

TEST_CASE("an upstream ref that names no commit is a GitError, not a missing upstream") {
  Tracked t;
  std::string blob = git_line(t.work, {"rev-parse", "HEAD:a.txt"});
  git(t.work, {"update-ref", "refs/remotes/origin/main", blob});
  Repository repo = Repository::open(t.work.string());
  std::string message = error_of([&] { repo.upstream(); });
  INFO(message);
  CHECK(message.find("upstream of main") != std::string::npos);
  CHECK(message.find("refs/remotes/origin/main") != std::string::npos);
  CHECK(message.find(blob) != std::string::npos);  // libgit2's words name the object
}
