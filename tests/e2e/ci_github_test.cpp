// End-to-end tests of `git-gate ci` on GitHub Actions (docs/ci.md): pull_request,
// pull_request_review, merge_group and push payloads written as files, judged in real
// repositories and clones of a bare remote. Numbers come from `git diff -M --numstat`
// of merge-base(target tip, head)..head, never from the test.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ci_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

/// Runs `git-gate ci --format json args...` in `dir` for a GitHub `event` with `payload`.
JsonRun github_run(const CiRepo& repo, const fs::path& dir, const nlohmann::json& payload,
                   const std::vector<std::string>& args = {},
                   const std::string& event = "pull_request", Env extra = {}) {
  Env env = github_env(event, repo.write_json("event.json", payload));
  for (auto& [key, value] : extra) env[key] = value;
  return gate_ci_json(dir, args, env);
}

/// `--reviews FILE` holding GitHub's list of `reviews` (a vector, since a braced single
/// json would be copied rather than wrapped in an array).
std::vector<std::string> reviews_args(const CiRepo& repo,
                                      const std::vector<nlohmann::json>& reviews) {
  return {"--reviews", repo.write_json("reviews.json", nlohmann::json(reviews))};
}

bool in_api(const std::string& p) { return under(p, "api/"); }

/// 1-based number of the line of `text` that starts with `prefix`.
int line_starting(const std::string& text, const std::string& prefix) {
  int number = 1;
  for (std::size_t start = 0; start < text.size(); ++number) {
    if (text.compare(start, prefix.size(), prefix) == 0) return number;
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  FAIL("no line starts with " << prefix);
  return 0;
}

/// The merge queue's head: main with `branch` merged, as GitHub builds it.
std::string queue_head(const CiRepo& repo, const std::string& branch) {
  repo.branch("gh-readonly-queue/main/pr-7", repo.main);
  git(repo.work, {"merge", "-q", "--no-ff", "-m", "Merge pull request #7", branch});
  return rev_parse(repo.work, "HEAD");
}

}  // namespace

TEST_CASE("pull_request: a small change is allowed, files are git's numstat of merge-base..head") {
  CiRepo repo;
  repo.feature({{"api/util.c", lines_of(4, "util")}, {"api/logo.bin", binary_blob(300)}});
  git(repo.work, {"mv", "api/server.c", "api/main.c"});
  repo.write("api/main.c", lines_of(20, "server") + lines_of(3, "more"));
  const std::string head = repo.commit("rename");
  const std::string base = merge_base(repo.work, repo.main, head);
  REQUIRE(base != repo.main);  // main moved on
  auto oracle = numstat(repo.work, base, head);
  REQUIRE(std::any_of(oracle.begin(), oracle.end(),
                      [](const NumstatEntry& e) { return !e.old_path.empty(); }));
  REQUIRE(
      std::any_of(oracle.begin(), oracle.end(), [](const NumstatEntry& e) { return e.binary; }));

  JsonRun r = github_run(repo, repo.work, pull_request_payload(repo.main, head, "carol", 7),
                         reviews_args(repo, {github_review("dave", "APPROVED", head)}));
  INFO(r.result.err);
  CHECK(r.result.exit_code == 0);
  CHECK(str(r.json, "verdict") == "allow");
  expect_judged_range(r.json, repo.work, repo.main, head);
  CHECK(str(r.json["change"], "ref") == "refs/heads/main");
  CHECK(r.json["change"]["protected"] == true);
  CHECK(str(r.json, "evaluated_at") == ci_wednesday);
  CHECK(str(r.json, "clock") == "overridden");
  const nlohmann::json& ci = r.json["ci"];
  CHECK(str(ci, "provider") == "github");
  CHECK(str(ci, "event") == "pull_request");
  CHECK(str(ci, "opener") == "@carol");
  CHECK(str(ci, "request") == "#7");
  CHECK(str(ci, "repository") == "acme/voice");
  CHECK(str(ci, "trusted") == repo.main);
  CHECK(ci["merge_queue"] == false);
  CHECK(ci["reviews_known"] == true);
  CHECK(r.json["approvers"] == nlohmann::json::array({"@dave"}));
  CHECK_FALSE(any_severity(r.json, "block"));
}

TEST_CASE("pull_request: a merge of main into the pull request is not counted") {
  CiRepo repo;
  repo.feature({{"api/server.c", lines_of(22, "server")}});
  git(repo.work, {"merge", "-q", "--no-ff", "-m", "Merge main", "main"});
  const std::string head = rev_parse(repo.work, "HEAD");
  REQUIRE(merge_base(repo.work, repo.main, head) == repo.main);
  JsonRun r = github_run(repo, repo.work, pull_request_payload(repo.main, head),
                         {"--approved-by", "@dave"});
  CHECK(r.result.exit_code == 0);
  expect_judged_range(r.json, repo.work, repo.main, head);
  CHECK(find_file(r.json, "docs/notes.md") == nullptr);  // main's own change
}

TEST_CASE("pull_request: a component over its limit is blocked, naming its files") {
  CiRepo repo;
  const std::string head =
      repo.feature({{"api/big.c", lines_of(80, "big")}, {"api/server.c", lines_of(10, "server")}});
  Tally api = tally(numstat(repo.work, merge_base(repo.work, repo.main, head), head), in_api);
  REQUIRE(api.lines > 50);

  JsonRun r = github_run(repo, repo.work, pull_request_payload(repo.main, head),
                         {"--approved-by", "@dave"});
  CHECK(r.result.exit_code == 1);
  CHECK(str(r.json, "verdict") == "block");
  expect_judged_range(r.json, repo.work, repo.main, head);
  auto found = findings_at(r.json, "size.component", "block");
  REQUIRE(found.size() == 1);
  CHECK(sorted_paths(found[0]) == api.paths);
  const nlohmann::json* c = find_component(r.json, "api");
  REQUIRE(c != nullptr);
  CHECK(num(*c, "lines") == api.lines);
  CHECK(num(*c, "files") == api.files);
}

TEST_CASE("pull_request: the policy of the target's tip judges, not the merge base's") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/big.c", lines_of(80, "big")}});
  REQUIRE(tally(numstat(repo.work, repo.base, head), in_api).lines > 50);
  // main raises the limit after the branch point: the current policy applies.
  repo.checkout("main");
  repo.write("policy.toml", ci_policy(500));
  const std::string tip = repo.commit("raise the api limit");
  JsonRun raised =
      github_run(repo, repo.work, pull_request_payload(tip, head), {"--approved-by", "@dave"});
  CHECK(raised.result.exit_code == 0);
  CHECK(str(raised.json["ci"], "trusted") == tip);
  CHECK(findings_with_rule(raised.json, "size.component").empty());
  // The payload's base.sha is what counts: the older tip still has the old limit.
  JsonRun old = github_run(repo, repo.work, pull_request_payload(repo.main, head),
                           {"--approved-by", "@dave"});
  CHECK(old.result.exit_code == 1);
  CHECK(findings_at(old.json, "size.component", "block").size() == 1);
}

TEST_CASE("pull_request: a change that raises its own size limit is still blocked, with a notice") {
  CiRepo repo;
  const std::string head =
      repo.feature({{"policy.toml", ci_policy(100000)}, {"api/big.c", lines_of(80, "big")}});
  JsonRun r = github_run(repo, repo.work, pull_request_payload(repo.main, head),
                         {"--approved-by", "@dave,@olga"});
  CHECK(r.result.exit_code == 1);
  CHECK(findings_at(r.json, "size.component", "block").size() == 1);
  const nlohmann::json* api = find_component(r.json, "api");
  REQUIRE(api != nullptr);
  CHECK(num(*api, "max_lines") == 50);  // the base's limit
  CHECK(has_notice(r.json, {"policy.toml", "configuration"}));
}

TEST_CASE("pull_request: a change that rewrites CODEOWNERS or .gitattributes gains nothing") {
  CiRepo repo;
  SUBCASE("CODEOWNERS naming the opener's friend as the owner of everything") {
    const std::string head = repo.feature(
        {{".github/CODEOWNERS", "* @ally\n"}, {"api/server.c", lines_of(22, "server")}});
    JsonRun r = github_run(repo, repo.work, pull_request_payload(repo.main, head, "mallory"),
                           reviews_args(repo, {github_review("ally", "APPROVED", head)}));
    CHECK(r.result.exit_code == 1);
    const nlohmann::json* file = find_file(r.json, "api/server.c");
    REQUIRE(file != nullptr);
    CHECK((*file)["owners"] == nlohmann::json::array({"@acme/api"}));
    CHECK(str(*file, "owner_line") ==
          ".github/CODEOWNERS:" + std::to_string(line_starting(ci_codeowners, "/api/")));
    CHECK_FALSE(findings_at(r.json, "owners.approval", "block").empty());
    CHECK(has_notice(r.json, {".github/CODEOWNERS", "configuration"}));
  }
  SUBCASE(".gitattributes marking its own big file generated") {
    const std::string head = repo.feature(
        {{".gitattributes", "api/** linguist-generated\n"}, {"api/big.c", lines_of(80, "big")}});
    JsonRun r = github_run(repo, repo.work, pull_request_payload(repo.main, head),
                           {"--approved-by", "@dave,@olga"});
    CHECK(r.result.exit_code == 1);
    const nlohmann::json* big = find_file(r.json, "api/big.c");
    REQUIRE(big != nullptr);
    CHECK((*big)["counted"] == true);
    CHECK(findings_at(r.json, "size.component", "block").size() == 1);
    CHECK(has_notice(r.json, {".gitattributes", "configuration"}));
  }
}

TEST_CASE("pull_request: the opener cannot approve its own change, whoever authored the commits") {
  CiRepo repo;  // the commits are by @tess; carol, of @acme/api, opened the pull request
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  const nlohmann::json payload = pull_request_payload(repo.main, head, "carol");
  const nlohmann::json carol = github_review("carol", "APPROVED", head);
  const nlohmann::json dave = github_review("dave", "APPROVED", head);

  JsonRun self = github_run(repo, repo.work, payload, reviews_args(repo, {carol}));
  CHECK(self.result.exit_code == 1);
  auto blocks = findings_at(self.json, "owners.approval", "block");
  REQUIRE(blocks.size() == 1);
  CHECK(sorted_paths(blocks[0]) == std::vector<std::string>{"api/server.c"});
  CHECK(self.json["approvers"] == nlohmann::json::array());
  CHECK(github_run(repo, repo.work, payload, {"--approved-by", "@carol"}).result.exit_code == 1);

  JsonRun other = github_run(repo, repo.work, payload, reviews_args(repo, {carol, dave}));
  CHECK(other.result.exit_code == 0);
  CHECK(other.json["approvers"] == nlohmann::json::array({"@dave"}));
  CHECK(findings_at(other.json, "owners.approval", "block").empty());

  // GitHub logins are case-insensitive: "Carol" opening and "carol" approving is one person.
  CHECK(github_run(repo, repo.work, pull_request_payload(repo.main, head, "Carol"),
                   reviews_args(repo, {carol}))
            .result.exit_code == 1);
  // `gh api --paginate --slurp` writes an array of pages.
  const nlohmann::json pages = {nlohmann::json::array({carol}), nlohmann::json::array({dave})};
  CHECK(github_run(repo, repo.work, payload, {"--reviews", repo.write_json("pages.json", pages)})
            .result.exit_code == 0);
}

TEST_CASE("pull_request_review: the reviewer who triggered the run is not an author") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  nlohmann::json payload = pull_request_payload(repo.main, head, "carol");
  payload["action"] = "submitted";
  payload["review"] = {{"state", "approved"}, {"user", {{"login", "dave"}}}, {"commit_id", head}};
  payload["sender"] = {{"login", "dave"}};
  JsonRun r = github_run(repo, repo.work, payload,
                         reviews_args(repo, {github_review("dave", "APPROVED", head)}),
                         "pull_request_review", {{"GITHUB_ACTOR", "dave"}});
  CHECK(r.result.exit_code == 0);
  CHECK(str(r.json["ci"], "event") == "pull_request_review");
  CHECK(str(r.json["ci"], "opener") == "@carol");
  CHECK(r.json["approvers"] == nlohmann::json::array({"@dave"}));

  JsonRun target = github_run(repo, repo.work, pull_request_payload(repo.main, head, "carol"),
                              {"--approved-by", "@dave"}, "pull_request_target");
  CHECK(target.result.exit_code == 0);
  CHECK(str(target.json["ci"], "event") == "pull_request_target");
  expect_judged_range(target.json, repo.work, repo.main, head);
}

TEST_CASE("pull_request without reviews: owners.approval could not be judged and blocks") {
  SUBCASE("required by default") {
    CiRepo repo;
    const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
    JsonRun r = github_run(repo, repo.work, pull_request_payload(repo.main, head));
    CHECK(r.result.exit_code == 1);
    auto blocks = findings_at(r.json, "owners.approval", "block");
    REQUIRE(blocks.size() == 1);
    CHECK(contains(str(blocks[0], "message"), "could not be judged"));
    CHECK(r.json["ci"]["reviews_known"] == false);
    CHECK(r.json["approvers"].is_null());
    // Into a branch that is not protected, nothing blocks.
    JsonRun topic =
        github_run(repo, repo.work, pull_request_payload(repo.main, head, "carol", 7, "topic"));
    CHECK(topic.result.exit_code == 0);
    CHECK(topic.json["change"]["protected"] == false);
    CHECK_FALSE(any_severity(topic.json, "block"));
  }
  SUBCASE("[rules] \"owners.approval\" = \"off\"") {
    CiRepo repo(ci_policy(50, "\"owners.approval\" = \"off\""));
    const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
    JsonRun r = github_run(repo, repo.work, pull_request_payload(repo.main, head));
    CHECK(r.result.exit_code == 0);
    CHECK(findings_with_rule(r.json, "owners.approval").empty());
  }
}

TEST_CASE("merge_group: approvals are info only, size and window rules still block") {
  CiRepo repo;
  SUBCASE("an unapproved small change passes the queue") {
    repo.feature({{"api/server.c", lines_of(22, "server")}});
    const std::string head = queue_head(repo, "feature");
    JsonRun r =
        github_run(repo, repo.work, merge_group_payload(repo.main, head), {}, "merge_group");
    CHECK(r.result.exit_code == 0);
    expect_judged_range(r.json, repo.work, repo.main, head);
    CHECK(str(r.json["ci"], "event") == "merge_group");
    CHECK(r.json["ci"]["merge_queue"] == true);
    CHECK(str(r.json["ci"], "trusted") == repo.main);
    CHECK_FALSE(findings_with_rule(r.json, "owners.approval").empty());
    for (const nlohmann::json& f : findings_with_rule(r.json, "owners.approval"))
      CHECK(str(f, "severity") == "info");
    CHECK_FALSE(any_severity(r.json, "block"));
  }
  SUBCASE("a change over the size limit is blocked") {
    repo.feature({{"api/big.c", lines_of(80, "big")}});
    const std::string head = queue_head(repo, "feature");
    JsonRun r =
        github_run(repo, repo.work, merge_group_payload(repo.main, head), {}, "merge_group");
    CHECK(r.result.exit_code == 1);
    CHECK(findings_at(r.json, "size.component", "block").size() == 1);
    CHECK(findings_at(r.json, "owners.approval", "block").empty());
  }
  SUBCASE("a queue run in the Friday freeze is blocked") {
    repo.feature({{"api/server.c", lines_of(22, "server")}});
    const std::string head = queue_head(repo, "feature");
    JsonRun r = github_run(repo, repo.work, merge_group_payload(repo.main, head), {}, "merge_group",
                           {{"GATE_NOW", ci_friday}});
    CHECK(r.result.exit_code == 1);
    CHECK(str(r.json, "evaluated_at") == ci_friday);
    CHECK(findings_at(r.json, "window.freeze", "block").size() == 1);
    CHECK(findings_at(r.json, "owners.approval", "block").empty());
  }
}

TEST_CASE("push: judged from the ref's old tip, in a clone of the remote") {
  Pushed push("main", {{"api/server.c", lines_of(20, "server") + lines_of(4, "pushed")},
                       {"api/big.c", lines_of(80, "big")}});
  const CiRepo& repo = push.repo;
  const std::string small = push.tips[0], big = push.tips[1];
  JsonRun ok = github_run(repo, push.ci, push_payload("refs/heads/main", repo.main, small),
                          {"--approved-by", "@dave"}, "push");
  CHECK(ok.result.exit_code == 0);
  expect_judged_range(ok.json, push.ci, repo.main, small);
  CHECK(str(ok.json["ci"], "event") == "push");
  CHECK(str(ok.json["ci"], "trusted") == repo.main);

  JsonRun blocked = github_run(repo, push.ci, push_payload("refs/heads/main", small, big),
                               {"--approved-by", "@dave"}, "push");
  CHECK(blocked.result.exit_code == 1);
  expect_judged_range(blocked.json, push.ci, small, big);
  CHECK(findings_at(blocked.json, "size.component", "block").size() == 1);
}

// The hook judges a new ref since the nearest tracking ref, before the push. In CI the
// clone is made after the push, so it also holds the new ref's own tracking ref
// (refs/remotes/origin/release/1 = the pushed commit), which must not count as its base.
TEST_CASE("push: a new protected branch is judged since main, not since itself") {
  Pushed push("release/1", {{"api/big.c", lines_of(80, "big")}});
  const std::string head = push.tips[0];
  REQUIRE(rev_parse(push.ci, "refs/remotes/origin/release/1") == head);
  JsonRun r = github_run(push.repo, push.ci, push_payload("refs/heads/release/1", zero_id_40, head),
                         {"--approved-by", "@dave"}, "push");
  CHECK(r.result.exit_code == 1);
  expect_judged_range(r.json, push.ci, push.repo.main, head);
  CHECK(str(r.json["ci"], "trusted") == push.repo.main);
  CHECK(findings_at(r.json, "size.component", "block").size() == 1);
}

// In CI every branch is already published, an unprotected one carrying a loosened policy
// too. Push the change (with a policy.toml that lifts its own limit) as an unprotected branch
// first, then as a new protected branch at the same commit: CI must judge it since the
// default branch, by the default branch's policy (a change must not weaken its own check).
TEST_CASE("push: a new protected branch is not judged by an unprotected branch's policy") {
  Pushed push("topic", {{"policy.toml", ci_policy(100000)}, {"api/big.c", lines_of(80, "big")}});
  const std::string head = push.tips.back();
  push.repo.branch("release/2", head);
  push.repo.publish();
  git(push.ci, {"fetch", "-q", "origin"});
  JsonRun r = github_run(push.repo, push.ci, push_payload("refs/heads/release/2", zero_id_40, head),
                         {"--approved-by", "@dave,@olga"}, "push");
  CHECK(r.result.exit_code == 1);
  CHECK(str(r.json["ci"], "trusted") == push.repo.main);
  expect_judged_range(r.json, push.ci, push.repo.main, head);
}

TEST_CASE("push: deleting a protected branch is ref.delete") {
  Pushed push("release/1", {{"api/server.c", lines_of(21, "server")}});
  JsonRun r =
      github_run(push.repo, push.ci,
                 push_payload("refs/heads/release/1", push.tips[0], zero_id_40, true), {}, "push");
  CHECK(r.result.exit_code == 1);
  CHECK(r.json["change"]["deletion"] == true);
  CHECK(findings_at(r.json, "ref.delete", "block").size() == 1);
}

TEST_CASE("GitHub: other events, and payloads missing what the gate needs, are errors") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  JsonRun issues = github_run(repo, repo.work, pull_request_payload(repo.main, head), {}, "issues");
  CHECK(contains(expect_json_error(issues), "issues"));

  nlohmann::json no_head = pull_request_payload(repo.main, head);
  no_head["pull_request"]["head"].erase("sha");
  CHECK(contains(expect_json_error(github_run(repo, repo.work, no_head)), "pull_request.head.sha"));

  nlohmann::json wrong_type = pull_request_payload(repo.main, head);
  wrong_type["pull_request"]["base"]["sha"] = 12345;
  CHECK(contains(expect_json_error(github_run(repo, repo.work, wrong_type)),
                 "pull_request.base.sha"));

  nlohmann::json no_base = merge_group_payload(repo.main, head);
  no_base["merge_group"].erase("base_sha");
  CHECK(contains(expect_json_error(github_run(repo, repo.work, no_base, {}, "merge_group")),
                 "merge_group.base_sha"));

  JsonRun no_event = github_run(repo, repo.work, pull_request_payload(repo.main, head), {},
                                "pull_request", {{"GITHUB_EVENT_NAME", std::nullopt}});
  CHECK(contains(expect_json_error(no_event), "GITHUB_EVENT_NAME"));
}

}  // namespace gate::test
