// End-to-end tests of which ref judges a push in `git-gate ci` (docs/ci.md), on
// GitHub `push` payloads and GitLab branch and tag pipelines in real clones of a bare remote:
// release tags judged since the previous tag or what main already holds (windows always
// apply), a force push whose old tip the clone lacks (exit 2, never another ref's policy),
// and new protected branches judged by the default branch or the first protected branch.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ci_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

/// Approvals by every owner of ci_codeowners, so that only sizes and windows decide.
const std::vector<std::string> approved = {"--approved-by", "@dave,@wendy,@olga"};

/// `git-gate ci` on a GitHub push of `ref` from `before` to `after`, at time `now`;
/// `default_branch` is the payload's repository.default_branch.
JsonRun github_push(const CiRepo& repo, const fs::path& ci, const std::string& ref,
                    const std::string& before, const std::string& after,
                    const std::string& now = ci_wednesday,
                    const std::string& default_branch = "main") {
  nlohmann::json payload = push_payload(ref, before, after);
  payload["repository"]["default_branch"] = default_branch;
  Env env = github_env("push", repo.write_json("push.json", payload));
  env["GATE_NOW"] = now;
  return gate_ci_json(ci, approved, env);
}

/// `git-gate ci` in a GitLab pipeline for the push `before..sha` (a tag pipeline with `tag`).
JsonRun gitlab_push(const fs::path& ci, const std::string& sha, const std::string& before,
                    const std::string& branch, const std::string& tag = "",
                    const std::string& now = ci_wednesday,
                    const std::string& default_branch = "main") {
  Env env = gitlab_push_env(sha, before, branch, tag);
  env["GATE_NOW"] = now;
  env["CI_DEFAULT_BRANCH"] = default_branch;
  return gate_ci_json(ci, approved, env);
}

bool in_api(const std::string& p) { return under(p, "api/"); }

bool has_commit(const fs::path& dir, const std::string& sha) {
  return run({"git", "-C", dir.string(), "cat-file", "-e", sha + "^{commit}"}).exit_code == 0;
}

}  // namespace

TEST_CASE("ci push: the first release tag of a commit already on main is judged by its window") {
  CiRepo repo;
  repo.write("api/big.c", lines_of(80, "big"));
  const std::string tip = repo.commit("big, deployed on main");
  git(repo.work, {"tag", "v1", tip});
  repo.publish();
  const fs::path ci = repo.clone("ci");
  REQUIRE(tally(numstat(ci, empty_tree_id, tip), in_api).lines > 50);  // the whole history

  for (bool gitlab : {false, true}) {
    INFO((gitlab ? "GitLab tag pipeline" : "GitHub push"));
    auto judge = [&](const std::string& now) {
      return gitlab ? gitlab_push(ci, tip, zero_id_40, "", "v1", now)
                    : github_push(repo, ci, "refs/tags/v1", zero_id_40, tip, now);
    };
    JsonRun open = judge(ci_wednesday);
    CHECK(open.result.exit_code == 0);
    CHECK(str(open.json["change"], "base") == tip);
    CHECK(open.json["change"]["protected"] == true);
    CHECK(open.json["files"].empty());
    CHECK(str(open.json["ci"], "trusted") == tip);  // main's tip: its policy judges

    JsonRun frozen = judge(ci_friday);
    CHECK(frozen.result.exit_code == 1);
    CHECK(findings_at(frozen.json, "window.freeze", "block").size() == 1);
    CHECK(findings_with_rule(frozen.json, "size.component").empty());
  }
}

TEST_CASE("ci push: a second release tag is judged since the previous one, though main holds it") {
  CiRepo repo;
  git(repo.work, {"tag", "v1", repo.main});
  repo.write("api/big.c", lines_of(80, "big"));
  const std::string tip = repo.commit("big");
  git(repo.work, {"tag", "v2", tip});
  repo.publish();
  const fs::path ci = repo.clone("ci");

  JsonRun r = github_push(repo, ci, "refs/tags/v2", zero_id_40, tip);
  CHECK(r.result.exit_code == 1);
  expect_judged_range(r.json, ci, repo.main, tip);
  CHECK(findings_at(r.json, "size.component", "block").size() == 1);
}

TEST_CASE("ci push: a release tag that shares no history with a protected branch is judged whole") {
  CiRepo repo;
  git(repo.work, {"checkout", "-q", "--orphan", "island"});  // published: an unprotected branch
  git(repo.work, {"rm", "-rqf", "."});
  repo.write("api/tool.c", lines_of(3, "tool"));
  const std::string island = repo.commit("island");
  git(repo.work, {"tag", "v1", island});
  repo.publish();
  const fs::path ci = repo.clone("ci");

  JsonRun open = gitlab_push(ci, island, zero_id_40, "", "v1");
  CHECK(open.result.exit_code == 0);
  CHECK(str(open.json["change"], "base").empty());
  expect_files_match(open.json, numstat(ci, empty_tree_id, island));
  CHECK(str(open.json["ci"], "trusted") == repo.main);
  JsonRun frozen = gitlab_push(ci, island, zero_id_40, "", "v1", ci_friday);
  CHECK(frozen.result.exit_code == 1);
  CHECK(findings_at(frozen.json, "window.freeze", "block").size() == 1);
}

// Someone pushed `gone` to main and force-pushed over it; the clone CI makes afterwards does
// not hold `gone`. An unprotected branch at the new tip carries a policy.toml that lifts the
// limits: it must not judge main, nor any other ref but main's previous tip.
TEST_CASE("ci push: a force push to main whose previous tip is not in the clone is exit 2") {
  CiRepo repo;
  repo.write("docs/gone.md", "gone\n");
  const std::string gone = repo.commit("pushed, then overwritten");
  repo.publish();
  repo.branch("main", repo.main);
  repo.write("api/big.c", lines_of(80, "big"));
  const std::string head = repo.commit("big");
  repo.branch("topic", head);
  repo.write("policy.toml", ci_policy(100000));
  repo.commit("loosen");
  repo.publish();
  const fs::path ci = repo.clone("ci");
  REQUIRE_FALSE(has_commit(ci, gone));

  JsonRun github = github_push(repo, ci, "refs/heads/main", gone, head);
  CHECK(contains(expect_json_error(github), "git fetch origin " + gone));
  JsonRun gitlab = gitlab_push(ci, head, gone, "main");
  CHECK(contains(expect_json_error(gitlab), "git fetch origin " + gone));

  // The fetch the message names brings the old tip: then main is judged from it.
  git(repo.remote, {"config", "uploadpack.allowAnySHA1InWant", "true"});
  git(ci, {"fetch", "-q", "origin", gone});
  JsonRun fetched = github_push(repo, ci, "refs/heads/main", gone, head);
  CHECK(fetched.result.exit_code == 1);
  expect_judged_range(fetched.json, ci, gone, head);
  CHECK(str(fetched.json["ci"], "trusted") == gone);
  CHECK(findings_at(fetched.json, "size.component", "block").size() == 1);
}

// develop, the default branch, is not protected by its own policy, which lifts the limits; a
// new release branch made from it is judged by main (the first `protected` entry with a
// tracking ref), and with no such branch fetched it cannot be judged at all.
TEST_CASE("ci push: with an unprotected default branch, the first protected branch judges") {
  CiRepo repo;
  repo.branch("develop", repo.main);
  repo.write("policy.toml", ci_policy(100000));
  repo.commit("loosen on develop");
  repo.branch("release/3", "develop");
  repo.write("api/big.c", lines_of(80, "big"));
  const std::string head = repo.commit("grow");
  repo.publish();
  const fs::path ci = repo.clone("ci");

  JsonRun github =
      github_push(repo, ci, "refs/heads/release/3", zero_id_40, head, ci_wednesday, "develop");
  JsonRun gitlab = gitlab_push(ci, head, zero_id_40, "release/3", "", ci_wednesday, "develop");
  for (const JsonRun* r : {&github, &gitlab}) {
    CHECK(r->result.exit_code == 1);
    expect_judged_range(r->json, ci, repo.main, head);
    CHECK(str(r->json["ci"], "trusted") == repo.main);
    CHECK(findings_at(r->json, "size.component", "block").size() == 1);
  }

  git(ci, {"update-ref", "-d", "refs/remotes/origin/main"});
  JsonRun none =
      github_push(repo, ci, "refs/heads/release/3", zero_id_40, head, ci_wednesday, "develop");
  CHECK(contains(expect_json_error(none), "git fetch"));
  CHECK(contains(expect_json_error(
                     gitlab_push(ci, head, zero_id_40, "release/3", "", ci_wednesday, "develop")),
                 "refs/heads/release/3"));
}

TEST_CASE(
    "ci push: a new protected branch in GitLab is judged by main, not by an unprotected one") {
  Pushed push("topic", {{"policy.toml", ci_policy(100000)}, {"api/big.c", lines_of(80, "big")}});
  const std::string head = push.tips.back();
  push.repo.branch("release/2", head);
  push.repo.publish();
  git(push.ci, {"fetch", "-q", "origin"});
  JsonRun r = gitlab_push(push.ci, head, zero_id_40, "release/2");
  CHECK(r.result.exit_code == 1);
  CHECK(str(r.json["ci"], "trusted") == push.repo.main);
  expect_judged_range(r.json, push.ci, push.repo.main, head);
}

}  // namespace gate::test
