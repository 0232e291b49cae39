// End-to-end tests of the pre-push hook: real `git push` to local bare remotes with the
// built hook installed as .git/hooks/pre-push, plus manual runs for the JSON reports.

#include <doctest/doctest.h>

#include <string>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

const std::string protected_line = "protected = [\"refs/heads/main\", \"refs/heads/release/*\"]";

std::string policy() { return two_component_policy(50, 5, protected_line); }

bool in_api(const std::string& p) { return under(p, "api/"); }

/// The report of `ref` in a hook's JSON array, or null.
nlohmann::json report_for(const nlohmann::json& reports, const std::string& ref) {
  if (!reports.is_array()) return nullptr;
  for (const auto& r : reports)
    if (r.is_object() && r.contains("change") && str(r["change"], "ref") == ref) return r;
  return nullptr;
}

}  // namespace

TEST_CASE("pre-push refuses an oversized push to main and leaves the remote unchanged") {
  PushRepo repo(policy());
  repo.write("api/big.c", lines_of(120, "big"));
  std::string head = repo.commit();
  REQUIRE(tally(numstat(repo.work, repo.initial, head), in_api).lines > 50);

  RunResult push = repo.push({"origin", "main"});
  INFO(push.err);
  CHECK(push.exit_code != 0);
  CHECK(push.err.find("size.component") != std::string::npos);
  CHECK(repo.remote_ref("refs/heads/main") == repo.initial);

  // The same line by hand: exit 1, one blocking report, text on stderr.
  std::string line = push_line("refs/heads/main", head, "refs/heads/main", repo.initial);
  RunOptions options;
  options.cwd = repo.work;
  options.input = line;
  RunResult text = run({hook_path(), "origin", repo.remote_url()}, options);
  CHECK(text.exit_code == 1);
  CHECK(text.err.find("size.component") != std::string::npos);

  auto r = repo.hook_json(line);
  CHECK(r.result.exit_code == 1);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  const auto& report = r.json[0];
  CHECK(num(report, "schema_version") == 1);
  CHECK(str(report, "verdict") == "block");
  CHECK(str(report["change"], "base") == repo.initial);
  CHECK(str(report["change"], "head") == head);
  CHECK(report["change"]["protected"] == true);
  auto found = findings_with_rule(report, "size.component");
  REQUIRE(found.size() == 1);
  CHECK(str(found[0], "severity") == "block");
  Tally api = tally(numstat(repo.work, repo.initial, head), in_api);
  CHECK(sorted_paths(found[0]) == api.paths);
  const nlohmann::json* c = find_component(report, "api");
  REQUIRE(c != nullptr);
  CHECK(num(*c, "lines") == api.lines);
}

TEST_CASE("pre-push lets a small push to main through") {
  PushRepo repo(policy());
  repo.write("api/server.c", lines_of(20, "server") + lines_of(5, "small"));
  std::string head = repo.commit();
  RunResult push = repo.push({"origin", "main"});
  INFO(push.err);
  CHECK(push.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/main") == head);
}

TEST_CASE("pre-push judges by the remote's old policy, not the pushed one") {
  PushRepo repo(policy());
  repo.write("policy.toml", two_component_policy(100000, 1000, protected_line));
  repo.write("api/big.c", lines_of(120, "big"));
  repo.commit();
  RunResult push = repo.push({"origin", "main"});
  INFO(push.err);
  CHECK(push.exit_code != 0);
  CHECK(repo.remote_ref("refs/heads/main") == repo.initial);
}

TEST_CASE("pre-push lets an oversized feature branch through with a warning") {
  PushRepo repo(policy());
  git(repo.work, {"checkout", "-q", "-b", "feature"});
  repo.write("api/big.c", lines_of(120, "big"));
  std::string head = repo.commit();

  // By hand first: a push updates the tracking refs the base of a new ref comes from.
  auto r = repo.hook_json(push_line("refs/heads/feature", head, "refs/heads/feature", zero_id_40));
  CHECK(r.result.exit_code == 0);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  CHECK(str(r.json[0], "verdict") == "allow");
  CHECK(r.json[0]["change"]["protected"] == false);
  auto found = findings_with_rule(r.json[0], "size.component");
  REQUIRE(found.size() == 1);
  CHECK(str(found[0], "severity") == "warn");

  RunResult push = repo.push({"origin", "feature"});
  INFO(push.err);
  CHECK(push.exit_code == 0);
  CHECK(push.err.find("size.component") != std::string::npos);
  CHECK(repo.remote_ref("refs/heads/feature") == head);
}

TEST_CASE("pre-push refuses the whole push when one of several refs fails") {
  PushRepo repo(policy());
  git(repo.work, {"checkout", "-q", "-b", "small"});
  repo.write("web/index.js", lines_of(20, "index") + lines_of(2, "small"));
  std::string small = repo.commit("small");
  git(repo.work, {"checkout", "-q", "main"});
  repo.write("api/big.c", lines_of(120, "big"));
  std::string big = repo.commit("big");

  RunResult push = repo.push({"origin", "small", "main"});
  INFO(push.err);
  CHECK(push.exit_code != 0);
  CHECK(repo.remote_ref("refs/heads/main") == repo.initial);
  CHECK(repo.remote_ref("refs/heads/small").empty());

  std::string input = push_line("refs/heads/small", small, "refs/heads/small", zero_id_40) +
                      push_line("refs/heads/main", big, "refs/heads/main", repo.initial);
  auto r = repo.hook_json(input);
  CHECK(r.result.exit_code == 1);
  REQUIRE(r.json.is_array());
  CHECK(r.json.size() == 2);
  auto small_report = report_for(r.json, "refs/heads/small");
  auto main_report = report_for(r.json, "refs/heads/main");
  CHECK(str(small_report, "verdict") == "allow");
  CHECK(str(main_report, "verdict") == "block");
}

TEST_CASE("pre-push refuses deleting a protected ref and allows deleting another") {
  PushRepo repo(policy());
  git(repo.work, {"branch", "feature"});
  REQUIRE(repo.push({"origin", "feature"}).exit_code == 0);
  REQUIRE(repo.remote_ref("refs/heads/feature") == repo.initial);

  RunResult del_main = repo.push({"origin", ":main"});
  INFO(del_main.err);
  CHECK(del_main.exit_code != 0);
  CHECK(del_main.err.find("ref.delete") != std::string::npos);
  CHECK(repo.remote_ref("refs/heads/main") == repo.initial);

  auto r = repo.hook_json(push_line("(delete)", zero_id_40, "refs/heads/main", repo.initial));
  CHECK(r.result.exit_code == 1);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  CHECK(str(r.json[0], "verdict") == "block");
  auto found = findings_with_rule(r.json[0], "ref.delete");
  REQUIRE(found.size() == 1);
  CHECK(str(found[0], "severity") == "block");

  RunResult del_feature = repo.push({"origin", ":feature"});
  INFO(del_feature.err);
  CHECK(del_feature.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/feature").empty());
}

TEST_CASE("pre-push works when git passes a URL instead of a remote name") {
  PushRepo repo(policy());
  std::string url = repo.remote_url();
  repo.write("api/big.c", lines_of(120, "big"));
  repo.commit("big");
  RunResult big = repo.push({url, "main"});
  INFO(big.err);
  CHECK(big.exit_code != 0);
  CHECK(repo.remote_ref("refs/heads/main") == repo.initial);

  // A new protected branch: its base comes from the tracking refs of the remote with this
  // URL. Against the empty tree the change would touch api and web (size.components).
  git(repo.work, {"reset", "-q", "--hard", repo.initial});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(3, "small"));
  std::string small = repo.commit("small");
  std::string line = push_line("refs/heads/main", small, "refs/heads/release/1", zero_id_40);
  auto r = repo.hook_json(line, {}, url, url);
  CHECK(r.result.exit_code == 0);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  CHECK(str(r.json[0]["change"], "base") == repo.initial);
  CHECK(r.json[0]["change"]["protected"] == true);

  RunResult push = repo.push({url, "main:refs/heads/release/1"});
  INFO(push.err);
  CHECK(push.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/release/1") == small);
}

TEST_CASE("pre-push passes on empty stdin") {
  PushRepo repo(policy());
  RunOptions options;
  options.cwd = repo.work;
  CHECK(run({hook_path(), "origin", repo.remote_url()}, options).exit_code == 0);
  auto r = repo.hook_json("");
  CHECK(r.result.exit_code == 0);
  CHECK(r.json.is_array());
  CHECK(r.json.empty());
  // An up-to-date push sends no lines.
  CHECK(repo.push({"origin", "main"}).exit_code == 0);
}

TEST_CASE("pre-push honours GATE_FORMAT, GATE_NOW and --at") {
  PushRepo repo(policy());
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "small"));
  std::string head = repo.commit();
  std::string line = push_line("refs/heads/main", head, "refs/heads/main", repo.initial);

  RunOptions options;
  options.cwd = repo.work;
  options.input = line;
  options.env = {{"GATE_FORMAT", "json"}, {"GATE_NOW", "2026-07-10T12:30:00Z"}};
  RunResult by_env = run({hook_path(), "origin", repo.remote_url()}, options);
  CHECK(by_env.exit_code == 0);
  nlohmann::json reports = parse_json(by_env.out);
  REQUIRE(reports.is_array());
  REQUIRE(reports.size() == 1);
  CHECK(str(reports[0], "evaluated_at") == "2026-07-10T12:30:00Z");
  CHECK(str(reports[0], "clock") == "overridden");

  auto at = repo.hook_json(line, {"--at", "2026-07-10T14:30:00+02:00"});
  CHECK(at.result.exit_code == 0);
  REQUIRE(at.json.is_array());
  REQUIRE(at.json.size() == 1);
  CHECK(str(at.json[0], "evaluated_at") == "2026-07-10T12:30:00Z");
  CHECK(str(at.json[0], "clock") == "overridden");

  auto sys = repo.hook_json(line);
  REQUIRE(sys.json.is_array());
  REQUIRE(sys.json.size() == 1);
  CHECK(str(sys.json[0], "clock") == "system");
}

TEST_CASE("pre-push fails with exit 2 when no commit of the remote's history has a valid policy") {
  // A broken policy.toml on a history that has a valid one is judged by that one
  // (config_fallback_test); here the very first policy is broken, so nothing can judge.
  PushRepo repo("version = 1\n[size]\nmax_line = 5\n");
  const std::string bad = repo.initial;
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "small"));
  std::string head = repo.commit();

  RunResult push = repo.push({"origin", "main"});
  INFO(push.err);
  CHECK(push.exit_code != 0);
  CHECK(push.err.find("policy.toml:") != std::string::npos);
  CHECK(repo.remote_ref("refs/heads/main") == bad);

  RunOptions options;
  options.cwd = repo.work;
  options.input = push_line("refs/heads/main", head, "refs/heads/main", bad);
  CHECK(run({hook_path(), "origin", repo.remote_url()}, options).exit_code == 2);
}

TEST_CASE("pre-push honours GIT_DIR") {
  PushRepo repo(policy());
  repo.write("api/big.c", lines_of(120, "big"));
  std::string head = repo.commit();
  Env env = {{"GIT_DIR", (repo.work / ".git").string()}};
  std::filesystem::path elsewhere = repo.tmp.path();

  RunResult push = repo.push({"origin", "main"}, env, elsewhere);
  INFO(push.err);
  CHECK(push.exit_code != 0);
  CHECK(repo.remote_ref("refs/heads/main") == repo.initial);

  std::string line = push_line("refs/heads/release/2", head, "refs/heads/release/2", zero_id_40);
  auto r = repo.hook_json(line, {}, "origin", {}, env, elsewhere);
  CHECK(r.result.exit_code == 1);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  CHECK(str(r.json[0]["change"], "base") == repo.initial);

  git(repo.work, {"reset", "-q", "--hard", repo.initial});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "small"));
  std::string small = repo.commit();
  RunResult ok = repo.push({"origin", "main"}, env, elsewhere);
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/main") == small);
}

TEST_CASE("pre-push works from a linked worktree") {
  PushRepo repo(policy());
  std::filesystem::path wt = repo.tmp.path() / "wt";
  git(repo.work, {"worktree", "add", "-q", "-b", "wt-big", wt.string()});
  write_file(wt, "api/big.c", lines_of(120, "big"));
  commit_all(wt, "big");
  RunResult big = repo.push({"origin", "wt-big:main"}, {}, wt);
  INFO(big.err);
  CHECK(big.exit_code != 0);
  CHECK(repo.remote_ref("refs/heads/main") == repo.initial);

  // A new protected branch from the worktree: base from the shared tracking refs.
  std::filesystem::path wt2 = repo.tmp.path() / "wt2";
  git(repo.work, {"worktree", "add", "-q", "-b", "wt-small", wt2.string(), repo.initial});
  write_file(wt2, "api/server.c", lines_of(20, "server") + lines_of(2, "small"));
  std::string small = commit_all(wt2, "small");
  RunResult ok = repo.push({"origin", "wt-small:refs/heads/release/wt"}, {}, wt2);
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/release/wt") == small);
}

}  // namespace gate::test
