// End-to-end tests of `git-gate ci` on GitLab CI (docs/ci.md): merge request
// pipelines (fetched target, merged results, and the CI_MERGE_REQUEST_DIFF_BASE_SHA
// fallback when the target branch was not fetched), GitLab's approvals JSON, and branch
// and tag pipelines judged as the same push. Each run is in a real clone of a bare remote.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ci_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

/// `--reviews FILE` holding GitLab's approvals by `usernames`.
std::vector<std::string> approvals_args(const CiRepo& repo,
                                        const std::vector<std::string>& usernames) {
  return {"--reviews", repo.write_json("approvals.json", gitlab_approvals(usernames))};
}

/// A feature branch from `base` with a small api change, published, and a full clone.
struct MergeRequest {
  CiRepo repo;
  std::string head;
  fs::path ci;
  std::string diff_base;
  explicit MergeRequest(const std::string& policy = ci_policy(),
                        const std::string& api_lines = lines_of(22, "server"),
                        const std::vector<std::string>& clone_options = {})
      : repo(policy) {
    head = repo.feature({{"api/server.c", api_lines}});
    diff_base = merge_base(repo.work, repo.main, head);
    repo.publish();
    ci = repo.clone("ci", clone_options);
  }
  JsonRun run(const std::vector<std::string>& args, Env env = {}) const {
    Env full = gitlab_mr_env("main", diff_base, head);
    for (auto& [key, value] : env) full[key] = value;
    return gate_ci_json(ci, args, full);
  }
};

bool commit_exists(const fs::path& dir, const std::string& sha) {
  return run({"git", "-C", dir.string(), "cat-file", "-e", sha + "^{commit}"}).exit_code == 0;
}

}  // namespace

TEST_CASE("GitLab merge request: judged from the fetched target's tip, the report names the MR") {
  MergeRequest mr;
  REQUIRE(mr.diff_base != mr.repo.main);
  JsonRun r = mr.run(approvals_args(mr.repo, {"dave"}));
  INFO(r.result.err);
  CHECK(r.result.exit_code == 0);
  expect_judged_range(r.json, mr.ci, mr.repo.main, mr.head);
  CHECK(str(r.json["change"], "ref") == "refs/heads/main");
  const nlohmann::json& ci = r.json["ci"];
  CHECK(str(ci, "provider") == "gitlab");
  CHECK(str(ci, "event") == "merge_request_event");
  CHECK(str(ci, "request") == "!12");
  CHECK(str(ci, "repository") == "acme/voice");
  CHECK(str(ci, "trusted") == mr.repo.main);
  CHECK(ci["reviews_known"] == true);
  CHECK(r.json["approvers"] == nlohmann::json::array({"@dave"}));
  CHECK_FALSE(has_notice(r.json, {"not in this clone"}));
  // GitLab does not name the author to jobs: the report asks for --author.
  CHECK(has_notice(r.json, {"--author"}));
  CHECK_FALSE(
      has_notice(mr.run({"--author", "@carol", "--approved-by", "@dave"}).json, {"--author"}));
}

TEST_CASE("GitLab merge request: approvals JSON, the author named with --author cannot approve") {
  MergeRequest mr;
  auto own = approvals_args(mr.repo, {"carol"});
  own.insert(own.end(), {"--author", "@carol"});
  JsonRun self = mr.run(own);
  CHECK(self.result.exit_code == 1);
  CHECK(self.json["approvers"] == nlohmann::json::array());
  auto blocks = findings_at(self.json, "owners.approval", "block");
  REQUIRE(blocks.size() == 1);
  CHECK(sorted_paths(blocks[0]) == std::vector<std::string>{"api/server.c"});

  auto both = approvals_args(mr.repo, {"carol", "dave"});
  both.insert(both.end(), {"--author", "carol"});  // without '@' it is still a handle
  JsonRun other = mr.run(both);
  CHECK(other.result.exit_code == 0);
  CHECK(other.json["approvers"] == nlohmann::json::array({"@dave"}));

  JsonRun none = mr.run({"--author", "@carol"});
  CHECK(none.result.exit_code == 1);
  auto unjudged = findings_at(none.json, "owners.approval", "block");
  REQUIRE(unjudged.size() == 1);
  CHECK(contains(str(unjudged[0], "message"), "could not be judged"));
  CHECK(mr.run(approvals_args(mr.repo, {})).result.exit_code == 1);
}

TEST_CASE("GitLab merge request: without the target branch in the clone, the merge base judges") {
  // main raised the limit after the branch point; the change fits the new limit only.
  CiRepo repo(ci_policy(50));
  repo.write("policy.toml", ci_policy(500));
  const std::string tip = repo.commit("raise the api limit");
  const std::string head = repo.feature({{"api/big.c", lines_of(80, "big")}});
  const std::string diff_base = merge_base(repo.work, tip, head);
  repo.publish();

  const fs::path full = repo.clone("full");
  JsonRun fetched =
      gate_ci_json(full, {"--approved-by", "@dave"}, gitlab_mr_env("main", diff_base, head));
  CHECK(fetched.result.exit_code == 0);
  CHECK(str(fetched.json["ci"], "trusted") == tip);

  // A job that fetched only the source branch (GIT_STRATEGY with a refspec of its own).
  const fs::path only = repo.clone("only", {"--single-branch", "--branch", "feature"});
  REQUIRE_FALSE(commit_exists(only, tip));
  SUBCASE("target tip named by branch") {
    JsonRun r =
        gate_ci_json(only, {"--approved-by", "@dave"}, gitlab_mr_env("main", diff_base, head));
    CHECK(r.result.exit_code == 1);
    CHECK(str(r.json["ci"], "trusted") == diff_base);
    CHECK(has_notice(r.json, {"merge base", diff_base.substr(0, 7)}));
    expect_judged_range(r.json, only, diff_base, head);
    CHECK(findings_at(r.json, "size.component", "block").size() == 1);
  }
  SUBCASE("target tip named by CI_MERGE_REQUEST_TARGET_BRANCH_SHA") {
    JsonRun r =
        gate_ci_json(only, {"--approved-by", "@dave"}, gitlab_mr_env("main", diff_base, head, tip));
    CHECK(r.result.exit_code == 1);
    CHECK(str(r.json["ci"], "trusted") == diff_base);
    CHECK(has_notice(r.json, {tip, "merge base"}));
  }
}

TEST_CASE("GitLab merged-results pipeline: the source branch's tip is judged, not GitLab's merge") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  repo.branch("merged-result", repo.main);
  git(repo.work, {"merge", "-q", "--no-ff", "-m", "Merge branch 'feature' into 'main'", "feature"});
  const std::string merged = rev_parse(repo.work, "HEAD");
  repo.publish();
  const fs::path ci = repo.clone("ci");
  Env env = gitlab_mr_env("main", merge_base(repo.work, repo.main, head), merged, repo.main);
  env["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"] = head;
  JsonRun r = gate_ci_json(ci, {"--approved-by", "@dave"}, env);
  CHECK(r.result.exit_code == 0);
  expect_judged_range(r.json, ci, repo.main, head);
  CHECK(str(r.json["ci"], "trusted") == repo.main);
}

TEST_CASE("GitLab branch pipeline: judged like the same push, from CI_COMMIT_BEFORE_SHA") {
  Pushed push("main", {{"api/server.c", lines_of(20, "server") + lines_of(4, "pushed")},
                       {"api/big.c", lines_of(80, "big")}});
  const std::string& main = push.repo.main;
  const std::string small = push.tips[0], big = push.tips[1];
  JsonRun ok =
      gate_ci_json(push.ci, {"--approved-by", "@dave"}, gitlab_push_env(small, main, "main"));
  CHECK(ok.result.exit_code == 0);
  expect_judged_range(ok.json, push.ci, main, small);
  CHECK(str(ok.json["ci"], "provider") == "gitlab");
  CHECK(str(ok.json["ci"], "event") == "push");
  CHECK(str(ok.json["ci"], "trusted") == main);
  CHECK_FALSE(has_notice(ok.json, {"--author"}));  // a push has no merge request author

  JsonRun blocked =
      gate_ci_json(push.ci, {"--approved-by", "@dave"}, gitlab_push_env(big, small, "main"));
  CHECK(blocked.result.exit_code == 1);
  expect_judged_range(blocked.json, push.ci, small, big);
  CHECK(findings_at(blocked.json, "size.component", "block").size() == 1);
}

// GitLab sets CI_COMMIT_BEFORE_SHA to zeros for the first pipeline of a new branch; the
// clone then holds refs/remotes/origin/<that branch> at the pushed commit itself.
TEST_CASE("GitLab branch pipeline: a new protected branch is judged since main, not since itself") {
  Pushed push("release/1", {{"api/big.c", lines_of(80, "big")}});
  const std::string head = push.tips[0];
  JsonRun r = gate_ci_json(push.ci, {"--approved-by", "@dave"},
                           gitlab_push_env(head, zero_id_40, "release/1"));
  CHECK(r.result.exit_code == 1);
  expect_judged_range(r.json, push.ci, push.repo.main, head);
  CHECK(findings_at(r.json, "size.component", "block").size() == 1);
}

TEST_CASE("GitLab tag pipeline: a release tag is judged since the previous release tag") {
  CiRepo repo;
  git(repo.work, {"tag", "v1.0", repo.main});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(3, "fix"));
  repo.commit("fix");
  repo.write("api/util.c", lines_of(4, "util"));
  const std::string release = repo.commit("util");
  git(repo.work, {"tag", "v1.1", release});
  repo.publish();
  const fs::path ci = repo.clone("ci");

  JsonRun r = gate_ci_json(ci, {"--approved-by", "@dave"},
                           gitlab_push_env(release, zero_id_40, "", "v1.1"));
  CHECK(r.result.exit_code == 0);
  CHECK(str(r.json["change"], "ref") == "refs/tags/v1.1");
  CHECK(r.json["change"]["protected"] == true);
  CHECK(str(r.json["change"], "base") == repo.main);
  CHECK(str(r.json["change"], "head") == release);
  expect_files_match(r.json, numstat(ci, repo.main, release));
}

TEST_CASE("GitLab: a pipeline without the variables the gate needs is an error naming them") {
  MergeRequest mr;
  for (const char* name :
       {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_MERGE_REQUEST_DIFF_BASE_SHA"}) {
    INFO(name);
    CHECK(contains(expect_json_error(mr.run({"--approved-by", "@dave"}, {{name, std::nullopt}})),
                   name));
  }
  JsonRun no_sha = gate_ci_json(mr.ci, {}, {{"GITLAB_CI", "true"}, {"CI_COMMIT_BRANCH", "main"}});
  CHECK(contains(expect_json_error(no_sha), "CI_COMMIT_SHA"));
  // A head GitLab names that the clone does not have.
  JsonRun unknown = mr.run({"--approved-by", "@dave"}, {{"CI_COMMIT_SHA", std::string(40, 'e')}});
  CHECK(contains(expect_json_error(unknown), "git fetch"));
}

}  // namespace gate::test
