// End-to-end tests of the gate's own configuration (docs/rules.md, The gate's own configuration),
// through the real pre-push hook, `check` and `ci`:
// - policy.invalid: a change that leaves policy.toml or a CODEOWNERS line unreadable is
//   refused, naming FILE:LINE:COL in the change's version; off protected refs it only warns,
//   and a bad line the base already has is no reason to refuse;
// - the fallback: when the base's policy.toml does not parse (it got in with --no-verify or
//   an admin's merge), the newest valid one on the base's first-parent history judges and
//   every format says so; no override is honoured meanwhile; with no valid one within 1,000
//   first-parent commits the programs fail with exit 2.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ci_fixtures.hpp"
#include "override_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const std::string protected_line = "protected = [\"refs/heads/main\"]";

/// The only finding of policy.invalid with `severity`; fails the test when there is not one.
nlohmann::json only_invalid(const nlohmann::json& report, const std::string& severity) {
  std::vector<nlohmann::json> found = findings_at(report, "policy.invalid", severity);
  INFO(report.dump(2));
  REQUIRE(found.size() == 1);
  return found[0];
}

// A pull request from "feature" into main, approved by @olga of @acme/ops, who own
// .github/CODEOWNERS.
const std::vector<std::string> approved_by_olga = {
    "--provider", "generic", "--base",          "main",          "--head",
    "feature",    "--ref",   "refs/heads/main", "--approved-by", "@olga"};

/// Protected main, UTC, the two components and a Friday-afternoon freeze.
std::string freeze_policy(const std::string& size_extra = "") {
  return two_component_policy(50, 5, "timezone = \"UTC\"\n" + protected_line, size_extra) +
         "\n[[freeze]]\nid = \"friday-afternoon\"\nweekly = \"Fri 12:00 - Mon 06:00\"\n";
}

/// A key [size] does not know (max_lines misspelt): the parser refuses it.
const std::string typo_extra = "max_line = 300";

/// The report's "policy" object names `revision` as the judge, and the fallback as given
/// ("" for none).
void expect_policy(const nlohmann::json& report, const std::string& revision,
                   const std::string& fallback_from, const std::string& error) {
  INFO(report.dump(2));
  REQUIRE(report.contains("policy"));
  const nlohmann::json& policy = report["policy"];
  CHECK(str(policy, "revision") == revision);
  if (fallback_from.empty()) {
    CHECK(policy["fallback_from"].is_null());
    CHECK(policy["error"].is_null());
  } else {
    CHECK(str(policy, "fallback_from") == fallback_from);
    CHECK(str(policy, "error") == error);
  }
}

/// `count` empty commits on `branch` of `dir` after `from`, the first of which writes
/// `policy` as policy.toml, made with one `git fast-import`. Returns the branch's tip.
std::string chain(const fs::path& dir, const std::string& branch, const std::string& from,
                  const std::string& policy, int count) {
  std::string stream;
  for (int i = 0; i < count; ++i) {
    stream += "commit refs/heads/" + branch + "\ncommitter T <t@example.com> " +
              std::to_string(1780000000 + i) + " +0000\ndata 6\nchain\n";
    if (i == 0)
      stream += "from " + from + "\nM 100644 inline policy.toml\ndata " +
                std::to_string(policy.size()) + "\n" + policy + "\n";
    stream += "\n";
  }
  RunOptions options;
  options.input = stream;
  git(dir, {"fast-import", "--quiet"}, options);
  return rev_parse(dir, "refs/heads/" + branch);
}

}  // namespace

TEST_CASE("pre-push refuses a policy.toml with an unknown key, naming policy.toml:LINE:COL") {
  PushRepo repo(two_component_policy(50, 5, protected_line));
  const std::string typo = two_component_policy(50, 5, protected_line, "max_line = 300");
  const std::string where = "policy.toml:" + line_col(typo, "max_line");
  repo.write("policy.toml", typo);
  const std::string head = repo.commit("typo in policy");

  RunResult push = repo.push({"origin", "main"});
  INFO(push.err);
  CHECK(push.exit_code != 0);
  CHECK(contains(push.err, "policy.invalid"));
  CHECK(contains(push.err, where));
  CHECK(repo.remote_ref("refs/heads/main") == repo.initial);

  JsonRun r = repo.hook_json(push_line("refs/heads/main", head, "refs/heads/main", repo.initial));
  CHECK(r.result.exit_code == 1);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  const nlohmann::json finding = only_invalid(r.json[0], "block");
  CHECK(sorted_paths(finding) == std::vector<std::string>{"policy.toml"});
  CHECK(contains(str(finding, "message"), where));
  // The report says which policy judged: main's, with no fallback.
  CHECK(str(r.json[0]["policy"], "revision") == repo.initial);
  CHECK(r.json[0]["policy"]["fallback_from"].is_null());

  // Off protected refs it only warns, as every change rule does: the push goes through.
  RunResult feature = repo.push({"origin", "HEAD:refs/heads/feature"});
  INFO(feature.err);
  CHECK(feature.exit_code == 0);
  CHECK(contains(feature.err, "policy.invalid"));
  CHECK(repo.remote_ref("refs/heads/feature") == head);
}

TEST_CASE("check refuses a policy.toml with a bad time zone and is quiet about a valid edit") {
  CheckRepo repo(two_component_policy(50, 5, protected_line));
  const std::string zone = "timezone = \"Mars/Olympus_Mons\"";
  const std::string bad = two_component_policy(50, 5, zone + "\n" + protected_line);
  repo.write("policy.toml", bad);
  const std::string head = repo.commit("bad zone");

  JsonRun r = gate_check_json(repo.dir, {"--base", repo.base, "--head", head});
  CHECK(r.result.exit_code == 1);
  const nlohmann::json finding = only_invalid(r.json, "block");
  // The place is the zone's value, in the change's version of the file.
  CHECK(contains(str(finding, "message"), "policy.toml:" + line_col(bad, "\"Mars/")));
  CHECK(contains(str(finding, "message"), "Mars/Olympus_Mons"));
  RunResult text = gate_check(repo.dir, {"--base", repo.base, "--head", head});
  CHECK(text.exit_code == 1);
  CHECK(contains(text.out + text.err, "policy.invalid"));

  // The same edit with a zone that exists parses: nothing to say.
  repo.write("policy.toml", two_component_policy(50, 5, "timezone = \"UTC\"\n" + protected_line));
  const std::string good = repo.commit("good zone");
  JsonRun ok = gate_check_json(repo.dir, {"--base", repo.base, "--head", good});
  CHECK(ok.result.exit_code == 0);
  CHECK(findings_with_rule(ok.json, "policy.invalid").empty());
}

TEST_CASE("ci refuses a CODEOWNERS line that does not parse, unless the base has it already") {
  CiRepo repo;
  const std::string broken = std::string(ci_codeowners) + "/docs/  acme-docs\n";
  const std::string where = ".github/CODEOWNERS:" + line_col(broken, "acme-docs");
  repo.feature({{".github/CODEOWNERS", broken}});
  JsonRun r = gate_ci_json(repo.work, approved_by_olga);
  CHECK(r.result.exit_code == 1);
  const nlohmann::json finding = only_invalid(r.json, "block");
  CHECK(sorted_paths(finding) == std::vector<std::string>{".github/CODEOWNERS"});
  CHECK(contains(str(finding, "message"), where));

  // Once the bad line is on main (pushed past the gate), an unrelated edit of CODEOWNERS
  // that keeps it is not refused for it: the line is skipped and reported, as before.
  repo.checkout("main");
  repo.write(".github/CODEOWNERS", broken);
  const std::string main = repo.commit("bad line, pushed past the gate");
  repo.publish();
  repo.branch("feature", main);
  repo.write(".github/CODEOWNERS", broken + "/web/index.js  @wendy\n");
  repo.commit("unrelated owner line");
  JsonRun kept = gate_ci_json(repo.work, approved_by_olga);
  INFO(kept.result.out);
  CHECK(str(kept.json["ci"], "trusted") == main);
  CHECK(findings_with_rule(kept.json, "policy.invalid").empty());
  CHECK(has_notice(kept.json, {where, "line ignored"}));
}

TEST_CASE("pre-push judges by the last valid policy while main's does not parse") {
  PushRepo repo(freeze_policy());
  const std::string broken_text = freeze_policy(typo_extra);
  const std::string error = "policy.toml:" + line_col(broken_text, "max_line");
  repo.write("policy.toml", broken_text);
  const std::string broken = repo.commit("typo, pushed past the gate");
  REQUIRE(repo.push({"--no-verify", "origin", "main"}).exit_code == 0);

  repo.write("api/server.c", lines_of(20, "server") + lines_of(3, "small"));
  const std::string small = repo.commit("small");
  // In the valid policy's freeze the push is still refused.
  RunResult frozen = repo.push({"origin", "main"}, {{"GATE_NOW", ci_friday}});
  INFO(frozen.err);
  CHECK(frozen.exit_code != 0);
  CHECK(contains(frozen.err, "window.freeze"));
  CHECK(contains(unwrapped(frozen.err), "the base's policy.toml does not parse (" + error + " at " +
                                            broken + "); judged by the last valid one, at " +
                                            repo.initial));
  CHECK(repo.remote_ref("refs/heads/main") == broken);
  JsonRun r = repo.hook_json(push_line("refs/heads/main", small, "refs/heads/main", broken), {},
                             "origin", {}, {{"GATE_NOW", ci_friday}});
  CHECK(r.result.exit_code == 1);
  REQUIRE(r.json.is_array());
  REQUIRE(r.json.size() == 1);
  expect_policy(r.json[0], repo.initial, broken, error);
  CHECK(findings_at(r.json[0], "window.freeze", "block").size() == 1);

  // Outside the freeze the same push goes through, judged by the valid policy.
  RunResult open = repo.push({"origin", "main"}, {{"GATE_NOW", ci_wednesday}});
  INFO(open.err);
  CHECK(open.exit_code == 0);
  CHECK(repo.remote_ref("refs/heads/main") == small);

  // The repairing push is judged like any other, and passes.
  repo.write("policy.toml", freeze_policy());
  const std::string repair = repo.commit("repair policy.toml");
  RunResult repaired = repo.push({"origin", "main"}, {{"GATE_NOW", ci_wednesday}});
  INFO(repaired.err);
  CHECK(repaired.exit_code == 0);
  CHECK_FALSE(contains(repaired.err, "policy.invalid"));
  CHECK(repo.remote_ref("refs/heads/main") == repair);

  // After it, main's own policy judges again.
  repo.write("api/server.c", lines_of(20, "server") + lines_of(4, "small"));
  const std::string next = repo.commit("next");
  JsonRun after = repo.hook_json(push_line("refs/heads/main", next, "refs/heads/main", repair), {},
                                 "origin", {}, {{"GATE_NOW", ci_wednesday}});
  CHECK(after.result.exit_code == 0);
  REQUIRE(after.json.is_array());
  REQUIRE(after.json.size() == 1);
  expect_policy(after.json[0], repair, "", "");
}

TEST_CASE("ci and check say which policy judged when main's does not parse, in JSON and text") {
  CiRepo repo;
  repo.checkout("main");
  const std::string broken_text = replaced(ci_policy(), "timezone = \"UTC\"", "timezone = UTC");
  const std::string error = "policy.toml:" + line_col(broken_text, "UTC");
  repo.write("policy.toml", broken_text);
  const std::string broken = repo.commit("bad zone, merged by an admin");
  repo.publish();
  repo.branch("feature", broken);
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "small"));
  repo.commit("small");

  const std::vector<std::string> args = {"--provider",    "generic", "--base", "main",
                                         "--head",        "feature", "--ref",  "refs/heads/main",
                                         "--approved-by", "@dave"};
  JsonRun r = gate_ci_json(repo.work, args);
  CHECK(r.result.exit_code == 0);
  expect_policy(r.json, repo.main, broken, error);
  CHECK(has_notice(r.json, {"does not parse", error, "judged by the last valid one", repo.main,
                            "No override is honoured"}));
  RunResult text = gate_ci(repo.work, args);
  CHECK(text.exit_code == 0);
  CHECK(contains(unwrapped(text.out + text.err),
                 "the base's policy.toml does not parse (" + error + " at " + broken +
                     "); judged by the last valid one, at " + repo.main));
  // In the valid policy's freeze, CI blocks.
  JsonRun friday = gate_ci_json(repo.work, args, {{"GATE_NOW", ci_friday}});
  CHECK(friday.result.exit_code == 1);
  CHECK(findings_at(friday.json, "window.freeze", "block").size() == 1);

  JsonRun check =
      gate_check_json(repo.work, {"--base", "main", "--head", "feature", "--at", ci_friday});
  CHECK(check.result.exit_code == 1);
  expect_policy(check.json, repo.main, broken, error);
  // lint reads main's policy.toml without falling back: it reports the broken file.
  RunOptions in_work;
  in_work.cwd = repo.work;
  RunResult lint = run({cli_path(), "lint", "--rev", "main"}, in_work);
  CHECK(lint.exit_code == 2);
  CHECK(contains(lint.err, error));
}

TEST_CASE("no override is honoured while a fallback policy judges") {
  OverrideRepo r;
  // The same approval lifts size.component under a policy that parses ...
  const std::string control = r.oversized_change("control");
  approved(r, control);
  CHECK(r.check(control, ci_wednesday).result.exit_code == 0);

  // ... but not once main's policy.toml is broken and the valid one judges in its place.
  r.repo.checkout("main");
  const std::string broken_text =
      replaced(override_policy(), "max_components = 1", "max_components = 1\n" + typo_extra);
  r.repo.write("policy.toml", broken_text);
  const std::string broken = r.repo.commit("broken policy");
  const std::string head = r.oversized_change("feature", {}, {}, broken);
  approved(r, head);
  RunResult run = r.gate(
      {"check", "--format", "json", "--base", broken, "--head", head, "--ref", "refs/heads/main"},
      ci_wednesday);
  JsonRun judged{run, parse_json(run.out)};
  expect_policy(judged.json, r.trusted, broken, "policy.toml:" + line_col(broken_text, typo_extra));
  expect_rejected(judged, "size.component", {"fallback policy"});
}

TEST_CASE("a bad allowed-signers line on main is skipped and reported, and the others still sign") {
  OverrideRepo r;
  r.repo.checkout("main");
  const std::string signers = file_text(r.work / ".gate/allowed_signers");
  const std::string bad_line = "gone@acme.example ssh-ed25519 not*base64\n";
  r.repo.write(".gate/allowed_signers", bad_line + signers);
  const std::string main = r.repo.commit("bad signers line, pushed past the gate");
  const std::string head = r.oversized_change("feature", {}, {}, main);
  Grant grant;
  grant.extra = {"--base", main};
  approved(r, head, grant);
  RunResult run = r.gate(
      {"check", "--format", "json", "--base", main, "--head", head, "--ref", "refs/heads/main"},
      ci_wednesday);
  JsonRun judged{run, parse_json(run.out)};
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(str(only_override(judged.json), "status") == "applied");
  CHECK(has_notice(judged.json,
                   {".gate/allowed_signers:" + line_col(bad_line, "not*base64"), "line ignored"}));
  expect_policy(judged.json, main, "", "");
}

TEST_CASE("with no valid policy.toml in the last 1,000 first-parent commits, exit 2 says so") {
  CheckRepo repo(freeze_policy());
  const std::string broken = freeze_policy(typo_extra);
  const std::string error = "policy.toml:" + line_col(broken, "max_line");
  // The valid policy 999 commits back is the 1,000th searched: it judges.
  const std::string near = chain(repo.dir, "near", repo.base, broken, 999);
  JsonRun judged =
      gate_check_json(repo.dir, {"--base", near, "--head", near, "--at", ci_wednesday});
  CHECK(judged.result.exit_code == 0);
  expect_policy(judged.json, repo.base, near, error);

  // One commit further, it is out of reach.
  const std::string far = chain(repo.dir, "far", repo.base, broken, 1000);
  JsonRun failed = gate_check_json(repo.dir, {"--base", far, "--head", far, "--at", ci_wednesday});
  const std::string message = expect_json_error(failed);
  CHECK(str(failed.json["error"], "location") == error);
  CHECK(contains(message, "no valid policy.toml was found in the last 1000 first-parent commits"));

  // A history whose first policy is already broken has none either.
  CheckRepo adopted(broken);
  JsonRun none = gate_check_json(
      adopted.dir, {"--base", adopted.base, "--head", adopted.base, "--at", ci_wednesday});
  CHECK(contains(expect_json_error(none), "no valid policy.toml was found"));
}

}  // namespace gate::test
