// CI providers: what a GitHub payload or GitLab's variables say to judge. Payloads
// here are trimmed copies of the documented shapes, with unknown fields left in to
// show they are ignored.

#include "gate/ci.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "gate/error.hpp"

namespace {

using gate::CiRequest;
using gate::Provider;

gate::Environment env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

template <typename F>
std::string error_of(F action) {
  try {
    action();
  } catch (const gate::ConfigError& e) {
    return e.location().to_string() + ": " + e.what();
  } catch (const gate::Error& e) {
    return e.what();
  }
  return "";
}

const char* pull_request_payload = R"({
  "action": "synchronize", "number": 12,
  "pull_request": {"number": 12, "draft": false,
    "user": {"login": "alice", "type": "User"},
    "base": {"ref": "main", "sha": "1111111111111111111111111111111111111111", "label": "acme:main"},
    "head": {"ref": "feature", "sha": "2222222222222222222222222222222222222222"}},
  "repository": {"full_name": "acme/voice", "default_branch": "main"},
  "sender": {"login": "bob"}
})";

}  // namespace

TEST_CASE("the provider is detected from the environment, or forced by name") {
  CHECK(gate::detect_provider(env_of({{"GITHUB_ACTIONS", "true"}})) == Provider::github);
  CHECK(gate::detect_provider(env_of({{"GITLAB_CI", "true"}})) == Provider::gitlab);
  CHECK(gate::detect_provider(env_of({{"CI", "true"}})) == Provider::generic);
  CHECK(gate::detect_provider(env_of({{"GITHUB_ACTIONS", "false"}})) == Provider::generic);
  for (Provider p : {Provider::github, Provider::gitlab, Provider::generic})
    CHECK(gate::parse_provider(gate::to_string(p)) == p);
  CHECK(error_of([] { gate::parse_provider("jenkins"); }).find("jenkins") != std::string::npos);
}

TEST_CASE("branch names become refs, full refs stay") {
  CHECK(gate::branch_ref("main") == "refs/heads/main");
  CHECK(gate::branch_ref("release/1.2") == "refs/heads/release/1.2");
  CHECK(gate::branch_ref("refs/heads/main") == "refs/heads/main");
}

TEST_CASE("pull_request, pull_request_target and pull_request_review read the same fields") {
  for (const char* event : {"pull_request", "pull_request_target", "pull_request_review"}) {
    INFO(event);
    CiRequest r = gate::github_request(env_of({{"GITHUB_EVENT_NAME", event}}), pull_request_payload,
                                       "event.json");
    CHECK(r.provider == Provider::github);
    CHECK(r.event == event);
    CHECK(r.trusted == "1111111111111111111111111111111111111111");
    CHECK(r.head == "2222222222222222222222222222222222222222");
    CHECK(r.ref == "refs/heads/main");
    CHECK(r.opener == "@alice");  // the opener, not the sender (the actor)
    CHECK(r.request == "#12");
    CHECK(r.repository == "acme/voice");
    CHECK_FALSE(r.merge_queue);
    CHECK_FALSE(r.push);
  }
}

TEST_CASE("merge_group judges the queue's base..head and marks the merge queue") {
  const char* payload = R"({"action": "checks_requested",
    "merge_group": {"head_sha": "3333333333333333333333333333333333333333",
                    "head_ref": "refs/heads/gh-readonly-queue/main/pr-12-1111",
                    "base_sha": "1111111111111111111111111111111111111111",
                    "base_ref": "refs/heads/main",
                    "head_commit": {"id": "3333333333333333333333333333333333333333"}},
    "repository": {"full_name": "acme/voice"}})";
  CiRequest r =
      gate::github_request(env_of({{"GITHUB_EVENT_NAME", "merge_group"}}), payload, "e.json");
  CHECK(r.merge_queue);
  CHECK(r.trusted == "1111111111111111111111111111111111111111");
  CHECK(r.head == "3333333333333333333333333333333333333333");
  CHECK(r.ref == "refs/heads/main");
  CHECK(r.opener.empty());
}

TEST_CASE("push reads ref, before, after and deleted") {
  const char* payload =
      R"({"ref": "refs/heads/main", "before": "1111111111111111111111111111111111111111",
    "after": "0000000000000000000000000000000000000000", "deleted": true, "created": false,
    "pusher": {"name": "bob"}})";
  CiRequest r = gate::github_request(
      env_of({{"GITHUB_EVENT_NAME", "push"}, {"GITHUB_REPOSITORY", "acme/voice"}}), payload,
      "e.json");
  CHECK(r.push);
  CHECK(r.deletion);
  CHECK(r.ref == "refs/heads/main");
  CHECK(r.trusted == "1111111111111111111111111111111111111111");
  CHECK(r.repository == "acme/voice");  // from the environment when the payload lacks it
}

TEST_CASE("bad GitHub input names the file, the place or the field") {
  auto gh = [](const char* event, const char* payload) {
    return error_of([&] {
      gate::github_request(env_of({{"GITHUB_EVENT_NAME", event}}), payload, "/tmp/event.json");
    });
  };
  CHECK(gh("pull_request", "{\n  \"pull_request\": {,\n}").find("/tmp/event.json:2:") == 0);
  CHECK(gh("pull_request", "[]").find("not a JSON object") != std::string::npos);
  CHECK(gh("pull_request", R"({"pull_request": {"base": {"ref": "main"}}})")
            .find("pull_request.base.sha is missing") != std::string::npos);
  CHECK(gh("pull_request", R"({"pull_request": {"base": {"ref": "main", "sha": 7}}})")
            .find("pull_request.base.sha should be a string") != std::string::npos);
  CHECK(gh("merge_group", R"({"merge_group": {"base_sha": "1"}})").find("merge_group.head_sha") !=
        std::string::npos);
  CHECK(gh("workflow_dispatch", "{}").find("--provider generic") != std::string::npos);
  CHECK(gh("", "{}").find("GITHUB_EVENT_NAME") != std::string::npos);
}

TEST_CASE("GitLab merge request pipelines: target tip when known, else the merge base") {
  std::map<std::string, std::string> vars = {
      {"GITLAB_CI", "true"},
      {"CI_PIPELINE_SOURCE", "merge_request_event"},
      {"CI_MERGE_REQUEST_IID", "34"},
      {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"},
      {"CI_MERGE_REQUEST_DIFF_BASE_SHA", "4444444444444444444444444444444444444444"},
      {"CI_COMMIT_SHA", "5555555555555555555555555555555555555555"},
      {"CI_PROJECT_PATH", "acme/voice"}};
  CiRequest r = gate::gitlab_request(env_of(vars));
  CHECK(r.provider == Provider::gitlab);
  CHECK(r.request == "!34");
  CHECK(r.ref == "refs/heads/main");
  CHECK(r.trusted == "refs/remotes/origin/main");
  CHECK(r.trusted_fallback == "4444444444444444444444444444444444444444");
  CHECK(r.head == "5555555555555555555555555555555555555555");
  CHECK(r.repository == "acme/voice");
  CHECK(r.event == "merge_request_event");

  // Merged-results pipelines: CI_COMMIT_SHA is GitLab's merge commit.
  vars["CI_MERGE_REQUEST_TARGET_BRANCH_SHA"] = "6666666666666666666666666666666666666666";
  vars["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"] = "7777777777777777777777777777777777777777";
  r = gate::gitlab_request(env_of(vars));
  CHECK(r.trusted == "6666666666666666666666666666666666666666");
  CHECK(r.head == "7777777777777777777777777777777777777777");

  vars.erase("CI_MERGE_REQUEST_DIFF_BASE_SHA");
  CHECK(error_of([&] {
          gate::gitlab_request(env_of(vars));
        }).find("CI_MERGE_REQUEST_DIFF_BASE_SHA") != std::string::npos);
}

TEST_CASE("GitLab branch and tag pipelines are judged as pushes") {
  std::map<std::string, std::string> vars = {
      {"CI_COMMIT_SHA", "5555555555555555555555555555555555555555"},
      {"CI_COMMIT_BEFORE_SHA", "4444444444444444444444444444444444444444"},
      {"CI_COMMIT_BRANCH", "main"},
      {"CI_COMMIT_REF_NAME", "main"}};
  CiRequest r = gate::gitlab_request(env_of(vars));
  CHECK(r.push);
  CHECK(r.ref == "refs/heads/main");
  CHECK(r.trusted == "4444444444444444444444444444444444444444");
  vars.erase("CI_COMMIT_BRANCH");
  vars.erase("CI_COMMIT_BEFORE_SHA");
  vars["CI_COMMIT_TAG"] = "v1.2.0";
  r = gate::gitlab_request(env_of(vars));
  CHECK(r.ref == "refs/tags/v1.2.0");
  CHECK(r.trusted == std::string(40, '0'));
  vars.erase("CI_COMMIT_SHA");
  CHECK(error_of([&] { gate::gitlab_request(env_of(vars)); }).find("CI_COMMIT_SHA") !=
        std::string::npos);
}
