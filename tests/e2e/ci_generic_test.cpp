// End-to-end tests of `git-gate ci` outside GitHub and GitLab, and of what every provider
// shares: --base/--head/--ref/--author, provider detection, the clock, shallow and partial
// clones made with `git clone --depth 1` / `--filter` (exit 2 naming a fetch that works:
// the test runs it), and bad input (exit 2, the JSON error form, no output file).

#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "ci_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> generic_main = {
    "--provider", "generic", "--base", "main", "--head", "feature", "--ref", "refs/heads/main"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

/// The `git fetch …` commands an error message names between backticks, runnable as
/// written (a placeholder such as `--deepen=N` is not).
std::vector<std::string> named_fetches(const std::string& message) {
  std::vector<std::string> out;
  for (std::size_t open = message.find('`'); open != std::string::npos;) {
    std::size_t close = message.find('`', open + 1);
    if (close == std::string::npos) break;
    std::string command = message.substr(open + 1, close - open - 1);
    if (command.rfind("git fetch", 0) == 0 && !contains(command, "=N")) out.push_back(command);
    open = message.find('`', close + 1);
  }
  return out;
}

/// `judge` fails closed (exit 2, never a verdict) with a message naming a `git fetch`;
/// after running every fetch the message names in `clone`, it judges (exit 0 or 1).
void expect_fix_named(const fs::path& clone, const std::function<JsonRun()>& judge) {
  const std::string message = expect_json_error(judge());
  INFO("error: " << message);
  CHECK(contains(message, "git fetch"));
  const std::vector<std::string> fixes = named_fetches(message);
  REQUIRE_FALSE(fixes.empty());
  RunOptions in_clone;
  in_clone.cwd = clone;
  std::string ran;
  for (const std::string& fix : fixes) {
    RunResult r = run({"sh", "-c", fix}, in_clone);
    ran += "$ " + fix + " -> exit " + std::to_string(r.exit_code) + " " + r.err + "\n";
  }
  JsonRun after = judge();
  INFO("first error: " << message << "\nran:\n"
                       << ran << "then: " << after.result.out << after.result.err);
  CHECK(after.result.exit_code != 2);
  CHECK(after.json.contains("verdict"));
}

}  // namespace

TEST_CASE("generic: --base/--head/--ref judge merge-base..head, --author cannot approve") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  JsonRun r = gate_ci_json(repo.work, with(generic_main, {"--approved-by", "@dave"}));
  INFO(r.result.err);
  CHECK(r.result.exit_code == 0);
  expect_judged_range(r.json, repo.work, repo.main, head);
  CHECK(str(r.json["ci"], "provider") == "generic");
  CHECK(str(r.json["ci"], "trusted") == repo.main);
  CHECK(r.json["ci"]["event"].is_null());
  CHECK(r.json["ci"]["opener"].is_null());
  for (const char* author : {"@carol", "carol"}) {
    INFO(author);
    JsonRun self = gate_ci_json(
        repo.work, with(generic_main, {"--author", author, "--approved-by", "@carol"}));
    CHECK(self.result.exit_code == 1);
    CHECK(findings_at(self.json, "owners.approval", "block").size() == 1);
  }
  // Without a CI in the environment the provider is generic; --head defaults to HEAD.
  JsonRun detected = gate_ci_json(
      repo.work, {"--base", "main", "--ref", "refs/heads/main", "--approved-by", "@dave"});
  CHECK(detected.result.exit_code == 0);
  CHECK(str(detected.json["ci"], "provider") == "generic");
  CHECK(str(detected.json["change"], "head") == head);
}

TEST_CASE("generic: --teams replaces a team's members for the approval") {
  CiRepo repo;
  repo.feature({{"api/server.c", lines_of(22, "server")}});
  const std::string teams = repo.write_json("teams.json", {{"@acme/api", {"@zed"}}});
  CHECK(gate_ci(repo.work, with(generic_main, {"--teams", teams, "--approved-by", "@zed"}))
            .exit_code == 0);
  CHECK(gate_ci(repo.work, with(generic_main, {"--teams", teams, "--approved-by", "@dave"}))
            .exit_code == 1);
  CHECK(gate_ci(repo.work, with(generic_main, {"--approved-by", "@zed"})).exit_code == 1);
}

TEST_CASE("generic: without --ref the change is a protected deploy, a feature ref only warns") {
  CiRepo repo;
  repo.feature({{"api/big.c", lines_of(80, "big")}});
  JsonRun deploy =
      gate_ci_json(repo.work, {"--base", "main", "--head", "feature", "--approved-by", "@dave"});
  CHECK(deploy.result.exit_code == 1);
  CHECK(deploy.json["change"]["protected"] == true);
  CHECK(findings_at(deploy.json, "size.component", "block").size() == 1);
  JsonRun topic =
      gate_ci_json(repo.work, {"--base", "main", "--head", "feature", "--ref", "refs/heads/topic"});
  CHECK(topic.result.exit_code == 0);
  CHECK(topic.json["change"]["protected"] == false);
  CHECK(findings_at(topic.json, "size.component", "warn").size() == 1);
  CHECK_FALSE(any_severity(topic.json, "block"));
}

TEST_CASE("provider: detected from GITHUB_ACTIONS / GITLAB_CI, forced with --provider") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  const Env github = github_env(
      "pull_request", repo.write_json("event.json", pull_request_payload(repo.main, head)));
  // On GitHub the default stdout is workflow annotations, not a report to parse.
  RunResult annotations = gate_ci(repo.work, {}, github);
  CHECK(annotations.exit_code == 1);
  CHECK(annotations.out.rfind("::", 0) == 0);
  CHECK(str(gate_ci_json(repo.work, {}, github).json["ci"], "provider") == "github");

  const Env gitlab = gitlab_mr_env("main", merge_base(repo.work, repo.main, head), head);
  CHECK(str(gate_ci_json(repo.work, {"--approved-by", "@dave"}, gitlab).json["ci"], "provider") ==
        "gitlab");
  RunResult text = gate_ci(repo.work, {"--approved-by", "@dave"}, gitlab);
  CHECK(text.exit_code == 0);
  CHECK(contains(text.out, "ALLOWED"));

  JsonRun forced = gate_ci_json(repo.work, with(generic_main, {"--approved-by", "@dave"}), github);
  CHECK(forced.result.exit_code == 0);
  CHECK(str(forced.json["ci"], "provider") == "generic");
  CHECK(contains(expect_json_error(
                     gate_ci_json(repo.work, {"--provider", "github", "--base", "main"}, github)),
                 "--base"));
  CHECK(
      contains(expect_json_error(gate_ci_json(repo.work, {"--ref", "refs/heads/main"})), "--base"));
  CHECK(gate_ci(repo.work, {"--provider", "bitbucket"}).exit_code == 2);
}

// docs/rules.md and docs/json-report.md: with --format json, an error prints the JSON error form on
// stdout.
TEST_CASE("provider: an unknown --provider with --format json is the JSON error form") {
  CiRepo repo;
  const std::string message =
      expect_json_error(gate_ci_json(repo.work, {"--provider", "bitbucket"}));
  CHECK(contains(message, "bitbucket"));
}

TEST_CASE("clock: --at and GATE_NOW override it and say so, otherwise it is the system's") {
  CiRepo repo;
  repo.feature({{"api/server.c", lines_of(22, "server")}});
  const std::vector<std::string> args = with(generic_main, {"--approved-by", "@dave"});
  JsonRun env = gate_ci_json(repo.work, args);
  CHECK(str(env.json, "evaluated_at") == ci_wednesday);
  CHECK(str(env.json, "clock") == "overridden");
  CHECK(str(env.json, "valid_until") > ci_wednesday);  // the Friday freeze ahead

  JsonRun at = gate_ci_json(repo.work, with(args, {"--at", "2026-07-10T14:30:00+02:00"}));
  CHECK(at.result.exit_code == 1);  // Friday 12:30 UTC: frozen
  CHECK(str(at.json, "evaluated_at") == "2026-07-10T12:30:00Z");
  CHECK(str(at.json, "clock") == "overridden");
  CHECK(findings_at(at.json, "window.freeze", "block").size() == 1);

  const std::string before = utc_now();
  JsonRun system = gate_ci_json(repo.work, args, {{"GATE_NOW", std::nullopt}});
  const std::string after = utc_now();
  CHECK(str(system.json, "clock") == "system");
  CHECK(before <= str(system.json, "evaluated_at"));
  CHECK(str(system.json, "evaluated_at") <= after);

  expect_json_error(gate_ci_json(repo.work, with(args, {"--at", "next friday"})));
  expect_json_error(gate_ci_json(repo.work, args, {{"GATE_NOW", "2026-13-45T99:00:00Z"}}));
}

// git -C and `git-gate lint -C` take relative file names from the directory given; ci's
// help says "run as if started in this directory".
TEST_CASE("-C: relative --reviews and --output paths are taken from that directory") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  write_file(repo.work, "reviews.json",
             nlohmann::json::array({github_review("dave", "APPROVED", head)}).dump());
  RunOptions options;
  options.cwd = repo.tmp.path();
  options.env = ci_env();
  RunResult r = run({cli_path(), "ci", "-C", repo.work.string(), "--base", "main", "--head", head,
                     "--reviews", "reviews.json", "--output", "json=report.json"},
                    options);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(repo.work / "report.json"));
  CHECK_FALSE(fs::exists(repo.tmp.path() / "report.json"));
}

TEST_CASE("shallow clone lacking the target's tip: exit 2 naming a fetch that brings it") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  repo.publish();
  // actions/checkout's default: one commit of the pull request's branch.
  const fs::path ci = repo.clone("ci", {"--depth", "1", "--branch", "feature"});
  const Env env = github_env("pull_request",
                             repo.write_json("event.json", pull_request_payload(repo.main, head)));
  expect_fix_named(ci, [&] { return gate_ci_json(ci, {"--approved-by", "@dave"}, env); });
}

TEST_CASE("shallow clone with both tips but not their merge base: exit 2 naming the fetch") {
  CiRepo repo;
  repo.feature({{"api/server.c", lines_of(22, "server")}});
  repo.publish();
  const fs::path ci = repo.clone("ci", {"--depth", "1", "--no-single-branch"});
  REQUIRE(rev_parse(ci, "origin/main") == repo.main);
  expect_fix_named(ci, [&] {
    return gate_ci_json(
        ci, {"--base", "origin/main", "--head", "origin/feature", "--approved-by", "@dave"});
  });
}

TEST_CASE("shallow clone in a GitLab MR pipeline or a push: exit 2 naming the fetch") {
  CiRepo repo;
  SUBCASE("merge request: neither the target nor the merge base fetched") {
    const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
    repo.publish();
    const fs::path ci = repo.clone("ci", {"--depth", "1", "--branch", "feature"});
    const Env env = gitlab_mr_env("main", merge_base(repo.work, repo.main, head), head);
    expect_fix_named(ci, [&] { return gate_ci_json(ci, {"--approved-by", "@dave"}, env); });
  }
  SUBCASE("push: the ref's old tip beyond the boundary") {
    repo.write("api/server.c", lines_of(21, "server"));
    const std::string after = repo.commit("one");
    repo.write("api/server.c", lines_of(22, "server"));
    const std::string later = repo.commit("two");
    repo.publish();
    const fs::path ci = repo.clone("ci", {"--depth", "1"});
    const Env env = github_env(
        "push", repo.write_json("event.json", push_payload("refs/heads/main", after, later)));
    expect_fix_named(ci, [&] { return gate_ci_json(ci, {"--approved-by", "@dave"}, env); });
  }
}

TEST_CASE("partial clone without the change's blobs: exit 2 naming the fetch") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  repo.publish();
  const fs::path ci = repo.clone("ci", {"--filter=blob:none", "--no-checkout"});
  const Env env = github_env("pull_request",
                             repo.write_json("event.json", pull_request_payload(repo.main, head)));
  expect_fix_named(ci, [&] { return gate_ci_json(ci, {"--approved-by", "@dave"}, env); });
}

TEST_CASE("bad input: exit 2, the JSON error form, and no output file written") {
  CiRepo repo;
  const std::string head = repo.feature({{"api/server.c", lines_of(22, "server")}});
  const fs::path out = repo.tmp.path() / "out";
  fs::create_directories(out);
  const std::string payload = repo.write_json("event.json", pull_request_payload(repo.main, head));
  auto refused = [&](const std::vector<std::string>& args, const Env& env = {}) {
    JsonRun r = gate_ci_json(repo.work,
                             with(args, {"--output", "json=" + (out / "gate.json").string(),
                                         "--output", "sarif=" + (out / "gate.sarif").string()}),
                             env);
    std::string message = expect_json_error(r);
    CHECK(list_dir(out).empty());
    return message;
  };
  auto github = [&](const std::string& event_path) {
    return github_env("pull_request", event_path);
  };

  SUBCASE("payload missing") {
    const std::string absent = (repo.tmp.path() / "absent.json").string();
    CHECK(contains(refused({}, github(absent)), absent));
    CHECK(contains(refused({"--event-path", absent}, github(payload)), absent));
    CHECK(contains(refused({}, {{"GITHUB_ACTIONS", "true"}, {"GITHUB_EVENT_NAME", "pull_request"}}),
                   "GITHUB_EVENT_PATH"));
  }
  SUBCASE("payload malformed: file:line:col") {
    const std::string text =
        "{\n  \"pull_request\": {\n    \"base\": ,\n    \"head\": {}\n  }\n}\n";
    const std::string bad = repo.write_text("bad.json", text);
    JsonRun r = gate_ci_json(repo.work, {}, github(bad));
    expect_json_error(r);
    CHECK(str(r.json["error"], "location") == bad + ":" + line_col(text, ","));
    CHECK(contains(refused({}, github(repo.write_text("array.json", "[]"))), "array.json"));
  }
  SUBCASE("shas the repository lacks") {
    const std::string missing(40, 'e');
    std::string message =
        refused({}, github(repo.write_json("e1.json", pull_request_payload(missing, head))));
    CHECK(contains(message, missing));
    CHECK(contains(message, "git fetch origin " + missing));
    CHECK(contains(
        refused({}, github(repo.write_json("e2.json", pull_request_payload(repo.main, missing)))),
        missing));
    refused({"--base", "no-such-branch", "--head", head});
  }
  SUBCASE("reviews of the wrong shape") {
    for (const std::string shape :
         {"{\"approvals\": []}", "[1, 2]", "{\"approved_by\": [{\"user\": {}}]}", "\"approved\"",
          "[{\"user\": {\"login\": \"dave\"}, \"state\": \"LGTM\"}]", "{\"approved_by\": {}}",
          "[\n  {\"user\": {\"login\": \"dave\"},\n   \"state\": }\n]"}) {
      INFO(shape);
      const std::string file = repo.write_text("reviews.json", shape);
      CHECK(contains(refused(with(generic_main, {"--reviews", file})), file));
    }
    refused(with(generic_main, {"--reviews", (repo.tmp.path() / "absent.json").string()}));
    refused(with(generic_main, {"--teams", repo.write_text("teams.json", "[]")}));
  }
  SUBCASE("options") {
    refused(with(generic_main, {"--at", "yesterday"}));
    refused(with(generic_main, {"--output", "yaml=" + (out / "gate.yaml").string()}));
    refused(with(generic_main, {"--output", "json"}));
    CHECK(gate_ci(repo.work, with(generic_main, {"--format", "yaml"})).exit_code == 2);
    CHECK(gate_ci(repo.work, with(generic_main, {"--no-such-option"})).exit_code == 2);
    CHECK(list_dir(out).empty());
  }
}

}  // namespace gate::test
