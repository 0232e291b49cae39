// One Plan for the hook and CI: plan_push (a pushed ref, as the hook sees it) and plan_ci
// (a CI run) return the same type, and a CI push event is planned exactly as plan_push
// plans the same push after it reached the remote (docs/hook.md).

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <type_traits>

#include "gate/ci_plan.hpp"
#include "gate/prepush.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using gate::CiRequest;
using gate::Plan;
using gate::PushLine;
using gate::PushTiming;
using gate::Repository;
using namespace gate::test;

static_assert(std::is_same_v<decltype(gate::plan_ci(std::declval<const Repository&>(),
                                                    std::declval<const CiRequest&>())),
                             Plan>);
static_assert(std::is_same_v<decltype(gate::plan_push(std::declval<const Repository&>(),
                                                      std::declval<const PushLine&>(), "", "")),
                             Plan>);

namespace {

// An origin with main (base -> tip), and a clone of it where CI runs.
struct Clone {
  TempDir tmp;
  fs::path origin = tmp.path() / "origin";
  fs::path ci = tmp.path() / "ci";
  std::string base, tip;
  Clone() {
    init_repo(origin);
    write_file(origin, "a.txt", "a\n");
    base = commit_all(origin, "base");
    write_file(origin, "b.txt", "b\n");
    tip = commit_all(origin, "tip");
    git(tmp.path(), {"clone", "-q", "file://" + origin.string(), ci.string()});
  }
};

CiRequest push_event(const std::string& ref, const std::string& before, const std::string& after) {
  CiRequest r;
  r.push = true;
  r.ref = ref;
  r.trusted = before;
  r.head = after;
  r.default_branch = "main";
  return r;
}

}  // namespace

TEST_CASE("a CI push to an existing ref is planned as the hook plans it after the push") {
  Clone c;
  Repository repo = Repository::open(c.ci.string());
  Plan ci = gate::plan_ci(repo, push_event("refs/heads/main", c.base, c.tip));
  Plan push = gate::plan_push(repo, {"refs/heads/main", c.tip, "refs/heads/main", c.base}, "origin",
                              "", PushTiming::after_push);
  CHECK(ci == push);
  CHECK(ci.range.trusted == c.base);
  CHECK(ci.range.head == c.tip);
}

TEST_CASE("a CI push of a new ref is planned as the hook plans it since the default branch") {
  Clone c;
  git(c.ci, {"checkout", "-q", "-b", "release/1", "origin/main"});
  write_file(c.ci, "c.txt", "c\n");
  std::string head = commit_all(c.ci, "release work");
  Repository repo = Repository::open(c.ci.string());
  const std::string zero(40, '0');
  Plan ci = gate::plan_ci(repo, push_event("refs/heads/release/1", zero, head));
  Plan push = gate::plan_push(repo, {"refs/heads/release/1", head, "refs/heads/release/1", zero},
                              "origin", "", PushTiming::after_push, "refs/remotes/origin/main");
  CHECK(ci == push);
  CHECK(ci.range.trusted == c.tip);
  CHECK_FALSE(ci.notices.empty());
}

TEST_CASE("a CI deletion is planned as the hook plans it") {
  Clone c;
  Repository repo = Repository::open(c.ci.string());
  CiRequest deletion = push_event("refs/heads/main", c.tip, "");
  deletion.deletion = true;
  Plan ci = gate::plan_ci(repo, deletion);
  Plan push =
      gate::plan_push(repo, {"refs/heads/main", std::string(40, '0'), "refs/heads/main", c.tip},
                      "origin", "", PushTiming::after_push);
  CHECK(ci == push);
  CHECK(ci.deletion);
}
