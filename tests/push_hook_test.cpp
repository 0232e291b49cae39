// pre_commit_push_line(): the ref update pre-commit describes in its PRE_COMMIT_* variables,
// as the pre-push line git would have sent (docs/hook.md). A real repository whose clone
// tracks main on `origin`; the expected old tips come from git, not from the test.

#include <doctest/doctest.h>

#include "gate/push_hook.hpp"
#include "repo_helpers.hpp"

using gate::PreCommitPush;
using gate::PushLine;
using gate::Repository;
using namespace gate::test;
using namespace gate::test::repo;

namespace {

// `origin` with one commit on main; `work`, a clone of it, one commit ahead on main and
// on a new branch "feature" made from it.
struct Clone {
  TempDir tmp;
  fs::path origin = tmp.path() / "origin";
  fs::path work = tmp.path() / "work";
  std::string published, ahead;
  Clone() {
    init_repo(origin);
    write_file(origin, "a.txt", "one\n");
    published = commit_all(origin, "one");
    git(tmp.path(), {"clone", "-q", origin.string(), work.string()});
    write_file(work, "a.txt", "two\n");
    ahead = commit_all(work, "two");
    git(work, {"branch", "feature"});
  }
  Repository repo() const { return Repository::open(work.string()); }
};

const std::string zeros(40, '0');

}  // namespace

TEST_CASE("pre_commit_push_line: a branch the remote has keeps FROM_REF as its old tip") {
  Clone c;
  PreCommitPush push{c.published, c.ahead, "refs/heads/main", "origin", "refs/heads/main", ""};
  std::optional<PushLine> line = gate::pre_commit_push_line(c.repo(), push);
  REQUIRE(line);
  CHECK(line->local_ref == "refs/heads/main");
  CHECK(line->local_sha == c.ahead);
  CHECK(line->remote_ref == "refs/heads/main");
  CHECK(line->remote_sha == git_line(c.work, {"rev-parse", "refs/remotes/origin/main"}));
}

TEST_CASE("pre_commit_push_line: a branch the remote lacks is new, whatever FROM_REF says") {
  Clone c;
  // pre-commit gives the parent of the first commit the remote lacks, which is no old tip.
  PreCommitPush push{c.published,          c.ahead, "refs/heads/feature", "origin",
                     "refs/heads/feature", ""};
  std::optional<PushLine> line = gate::pre_commit_push_line(c.repo(), push);
  REQUIRE(line);
  CHECK(line->remote_sha == zeros);
  CHECK(line->local_sha == c.ahead);
  // So is a tag, and a push to a URL (no tracking refs at all).
  push.remote_branch = "refs/tags/v1";
  CHECK(gate::pre_commit_push_line(c.repo(), push)->remote_sha == zeros);
  push.remote_branch = "refs/heads/main";
  push.remote_name = c.origin.string();
  CHECK(gate::pre_commit_push_line(c.repo(), push)->remote_sha == zeros);
}

TEST_CASE("pre_commit_push_line: without TO_REF the local branch is resolved") {
  Clone c;
  PreCommitPush push{std::nullopt, std::nullopt,         "refs/heads/feature",
                     "origin",     "refs/heads/feature", ""};
  std::optional<PushLine> line = gate::pre_commit_push_line(c.repo(), push);
  REQUIRE(line);
  CHECK(line->local_sha == git_line(c.work, {"rev-parse", "refs/heads/feature"}));
  CHECK(line->remote_sha == zeros);
  push.local_branch = "refs/heads/nowhere";
  CHECK_FALSE(gate::pre_commit_push_line(c.repo(), push));
}

TEST_CASE("pre_commit_push_line: nothing to judge without the pushed ref") {
  Clone c;
  CHECK_FALSE(gate::pre_commit_push_line(c.repo(), PreCommitPush{}));
  PreCommitPush push{c.published, c.ahead, "refs/heads/main", "origin", "", ""};
  CHECK_FALSE(gate::pre_commit_push_line(c.repo(), push));
}
