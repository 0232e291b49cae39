// The commands that default to the upstream of HEAD's branch, run where there is none:
// on a detached HEAD (the normal state of a CI checkout) and on a branch that tracks
// nothing. `override list` and `audit` fall back to HEAD's policy (docs/overrides.md);
// `check` asks for --base; a broken upstream is reported as the git error it is.

#include <doctest/doctest.h>

#include "override_fixtures.hpp"

using namespace gate::test;

namespace {

const std::string at = ci_wednesday;  // within the 2h of a default Grant

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace

TEST_CASE("override list HEAD and audit on a detached HEAD judge by HEAD's policy") {
  OverrideRepo r;
  const std::string commit = r.oversized_change();
  Approval approval = r.approve(commit);
  REQUIRE(approval.result.exit_code == 0);
  r.repo.checkout(commit);  // by id: detached
  REQUIRE(git(r.work, {"rev-parse", "--abbrev-ref", "HEAD"}) == "HEAD\n");

  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"override", "list", "HEAD"},
        std::vector<std::string>{"override", "verify", "HEAD"}, std::vector<std::string>{"audit"},
        std::vector<std::string>{"audit", "--format", "json"}}) {
    RunResult detached = r.gate(command, at);
    INFO(command[0] << " " << command.back() << "\nstdout: " << detached.out
                    << "\nstderr: " << detached.err);
    CHECK(detached.exit_code == 0);
    CHECK(detached.err.find("Invalid pattern") == std::string::npos);
    CHECK(detached.out.find(commit.substr(0, 12)) != std::string::npos);  // the record is listed
    // The same as naming the fallback, HEAD, as the base.
    RunResult explicit_base = r.gate(with(command, {"--base", "HEAD"}), at);
    CHECK(detached.exit_code == explicit_base.exit_code);
    CHECK(detached.out == explicit_base.out);
  }
}

TEST_CASE("override list on a branch that tracks nothing judges by HEAD's policy") {
  OverrideRepo r;
  const std::string commit = r.oversized_change("untracked");
  Approval approval = r.approve(commit);
  REQUIRE(approval.result.exit_code == 0);
  RunResult untracked = r.gate({"override", "list", "HEAD", "--format", "json"}, at);
  INFO(untracked.err);
  CHECK(untracked.exit_code == 0);
  CHECK(untracked.out.find(approval.id) != std::string::npos);
  CHECK(untracked.out ==
        r.gate({"override", "list", "HEAD", "--format", "json", "--base", "HEAD"}, at).out);
}

TEST_CASE("check without --base on a detached HEAD or an untracked branch asks for --base") {
  CiRepo r;
  const std::string head = r.feature({{"api/new.c", "int x;\n"}});
  for (const std::string& where : {std::string("detached"), std::string("untracked")}) {
    if (where == "detached")
      r.checkout(head);
    else
      r.branch("untracked", head);
    INFO(where);
    JsonRun run = gate_check_json(r.work, {"--at", at});
    std::string message = expect_json_error(run);
    CHECK(message.find("--base") != std::string::npos);
    CHECK(message.find("Invalid pattern") == std::string::npos);
    // Naming the base is what the message asks for, and then check judges.
    JsonRun named = gate_check_json(r.work, {"--at", at, "--base", "origin/main"});
    CHECK(named.result.exit_code != 2);
    CHECK(named.json.contains("verdict"));
  }
}

TEST_CASE("check without --base on a tracking branch judges since its upstream") {
  CiRepo r;
  r.feature({{"api/new.c", "int x;\n"}});
  git(r.work, {"branch", "-q", "--set-upstream-to=origin/main"});
  JsonRun by_default = gate_check_json(r.work, {"--at", at});
  JsonRun named = gate_check_json(r.work, {"--at", at, "--base", "origin/main"});
  REQUIRE(by_default.result.exit_code != 2);
  CHECK(by_default.result.exit_code == named.result.exit_code);
  CHECK(by_default.json == named.json);
}

TEST_CASE("check and override list report a broken upstream as the git error") {
  OverrideRepo r;
  const std::string commit = r.oversized_change("broken");
  // The upstream exists, but its ref names a blob, not a commit.
  git(r.work, {"update-ref", "refs/remotes/origin/broken", r.trusted});
  git(r.work, {"branch", "-q", "--set-upstream-to=origin/broken"});
  std::string blob = trimmed(git(r.work, {"rev-parse", "HEAD:api/big.c"}));
  git(r.work, {"update-ref", "refs/remotes/origin/broken", blob});

  RunResult check = r.gate({"check", "--ref", "refs/heads/main"}, at);
  INFO("check stderr: " << check.err);
  CHECK(check.exit_code == 2);
  CHECK(check.err.find("no --base given") == std::string::npos);
  CHECK(check.err.find("upstream of broken") != std::string::npos);
  CHECK(check.err.find(blob) != std::string::npos);

  RunResult list = r.gate({"override", "list", commit}, at);
  INFO("list stderr: " << list.err);
  CHECK(list.exit_code == 2);
  CHECK(list.err.find("upstream of broken") != std::string::npos);
}
