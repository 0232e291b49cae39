// plan_ci against real repositories: which commits a CI run judges, and that every
// commit it cannot find is an error naming the fetch that fixes it (fail closed).

#include "gate/ci_plan.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "gate/error.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using gate::CiRequest;
using gate::Plan;
using gate::Repository;
using gate::test::commit_all;
using gate::test::git;
using gate::test::init_repo;
using gate::test::TempDir;
using gate::test::write_file;

namespace {

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const gate::Error& e) {
    return e.what();
  }
  return "";
}

std::string line_of(const fs::path& dir, const std::vector<std::string>& args) {
  std::string out = git(dir, args);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// main: base -> tip; feature branches from base.
struct History {
  TempDir tmp;
  fs::path dir = tmp.path() / "repo";
  std::string base, tip, head;
  History() {
    init_repo(dir);
    write_file(dir, "a.txt", "a\n");
    base = commit_all(dir, "base");
    write_file(dir, "main.txt", "main moved on\n");
    tip = commit_all(dir, "main moves on");
    git(dir, {"checkout", "-q", "-b", "feature", base});
    write_file(dir, "b.txt", "b\n");
    head = commit_all(dir, "feature");
  }
};

CiRequest pull_request(const std::string& trusted, const std::string& head) {
  CiRequest r;
  r.trusted = trusted;
  r.head = head;
  r.ref = "refs/heads/main";
  return r;
}

}  // namespace

TEST_CASE("a pull request is judged from the merge base, with the target tip trusted") {
  History h;
  Plan plan = gate::plan_ci(Repository::open(h.dir.string()), pull_request(h.tip, h.head));
  CHECK(plan.range.trusted == h.tip);
  CHECK(plan.range.head == h.head);
  CHECK(plan.range.base == line_of(h.dir, {"merge-base", h.tip, h.head}));
  CHECK(plan.notices.empty());
}

TEST_CASE("a target tip the clone lacks falls back to the merge base GitLab names, with a notice") {
  History h;
  CiRequest r = pull_request("refs/remotes/origin/main", h.head);
  r.trusted_fallback = h.base;
  Plan plan = gate::plan_ci(Repository::open(h.dir.string()), r);
  CHECK(plan.range.trusted == h.base);
  REQUIRE(plan.notices.size() == 1);
  CHECK(plan.notices[0].find("refs/remotes/origin/main") != std::string::npos);
}

TEST_CASE("commits the clone lacks are errors that name the fetch") {
  History h;
  Repository repo = Repository::open(h.dir.string());
  std::string missing(40, 'e');
  std::string message = error_of([&] { gate::plan_ci(repo, pull_request(missing, h.head)); });
  CHECK(message.find("target branch's tip") != std::string::npos);
  CHECK(message.find("git fetch origin " + missing) != std::string::npos);
  message = error_of([&] { gate::plan_ci(repo, pull_request(h.tip, missing)); });
  CHECK(message.find("head commit") != std::string::npos);

  // A shallow clone with only the head: fetch more history.
  git(h.tmp.path(), {"clone", "-q", "--depth", "1", "--branch", "feature",
                     "file://" + h.dir.string(), "shallow"});
  Repository shallow = Repository::open((h.tmp.path() / "shallow").string());
  message = error_of([&] { gate::plan_ci(shallow, pull_request(h.tip, h.head)); });
  CHECK(message.find("git fetch --unshallow") != std::string::npos);
  // The tip fetched, but not the history between: no merge base, never a whole-tree diff.
  git(h.tmp.path() / "shallow", {"fetch", "-q", "--depth", "1", "origin", h.tip});
  message = error_of([&] { gate::plan_ci(shallow, pull_request(h.tip, h.head)); });
  CHECK(message.find("git fetch --unshallow") != std::string::npos);
}

TEST_CASE("unrelated histories are an error in CI, not everything-is-new") {
  History h;
  git(h.dir, {"checkout", "-q", "--orphan", "island"});
  std::string island = commit_all(h.dir, "island");
  std::string message = error_of(
      [&] { gate::plan_ci(Repository::open(h.dir.string()), pull_request(h.tip, island)); });
  CHECK(message.find("share no history") != std::string::npos);
}

TEST_CASE("push events follow the pre-push rules, and need a fetched base for new refs") {
  History h;
  CiRequest push;
  push.push = true;
  push.ref = "refs/heads/main";
  push.trusted = h.base;
  push.head = h.tip;
  Plan plan = gate::plan_ci(Repository::open(h.dir.string()), push);
  CHECK(plan.range.trusted == h.base);
  CHECK(plan.range.base == h.base);

  // A new branch: judged since the default branch, which the CI system must name and
  // the clone must hold; else no pass.
  push.ref = "refs/heads/release/1";
  push.trusted = std::string(40, '0');
  push.head = h.head;
  std::string message = error_of([&] { gate::plan_ci(Repository::open(h.dir.string()), push); });
  CHECK(message.find("default branch") != std::string::npos);
  push.default_branch = "main";
  message = error_of([&] { gate::plan_ci(Repository::open(h.dir.string()), push); });
  CHECK(message.find("git fetch origin '+refs/heads/main:refs/remotes/origin/main'") !=
        std::string::npos);

  // With origin's branches fetched, a new branch cut from main is judged since main.
  git(h.tmp.path(), {"clone", "-q", "file://" + h.dir.string(), "clone"});
  fs::path clone = h.tmp.path() / "clone";
  git(clone, {"checkout", "-q", "-b", "release/1", "origin/main"});
  write_file(clone, "c.txt", "c\n");
  push.head = commit_all(clone, "release work");
  plan = gate::plan_ci(Repository::open(clone.string()), push);
  CHECK(plan.range.base == line_of(clone, {"merge-base", "origin/main", push.head}));
  CHECK(plan.range.trusted == line_of(clone, {"rev-parse", "origin/main"}));
  CHECK_FALSE(plan.notices.empty());

  // A deletion is judged by ref.delete alone.
  push.ref = "refs/heads/main";
  push.deletion = true;
  push.trusted = h.tip;
  plan = gate::plan_ci(Repository::open(clone.string()), push);
  CHECK(plan.deletion);
  CHECK(plan.range.trusted == h.tip);
}
