// End-to-end tests of `git-gate check`: exclusions, the base revision's policy and
// attributes (a change cannot weaken its own check), protected refs and the diff range.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

bool in_api(const std::string& p) { return under(p, "api/"); }

void expect_counted(const nlohmann::json& report, const std::string& path, bool counted) {
  INFO(path);
  const nlohmann::json* f = find_file(report, path);
  REQUIRE(f != nullptr);
  CHECK((*f)["counted"] == counted);
}

}  // namespace

TEST_CASE("check lists [size] exclude paths but does not count them") {
  CheckRepo repo(two_component_policy(
      50, 5, "", "max_lines = 50\nexclude = [\"**/package-lock.json\", \"vendor/**\"]"));
  repo.write("api/package-lock.json", lines_of(500, "lock"));
  repo.write("vendor/lib/big.c", lines_of(500, "vendored"));
  repo.write("api/server.c", lines_of(20, "server") + lines_of(3, "small"));
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, repo.base, head);
  auto counted = [](const std::string& p) {
    return p != "api/package-lock.json" && !under(p, "vendor/");
  };

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  CHECK(str(r.json, "verdict") == "allow");
  expect_counted(r.json, "api/package-lock.json", false);
  expect_counted(r.json, "vendor/lib/big.c", false);
  expect_counted(r.json, "api/server.c", true);
  const nlohmann::json* c = find_component(r.json, "api");
  REQUIRE(c != nullptr);
  Tally api = tally(oracle, [&](const std::string& p) { return in_api(p) && counted(p); });
  CHECK(num(*c, "lines") == api.lines);
  CHECK(num(*c, "files") == api.files);
  CHECK(findings_with_rule(r.json, "size.component").empty());
}

TEST_CASE("check excludes linguist-generated and -diff paths of the base .gitattributes") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write(".gitattributes", "api/gen/** linguist-generated\n*.snap -diff\n");
  std::string base = repo.commit("attributes");
  repo.write("api/gen/schema.c", lines_of(400, "generated"));
  repo.write("api/tests/out.snap", lines_of(400, "snapshot"));
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "small"));
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, base, head);

  auto r = gate_check_json(repo.dir, {"--base", base});
  CHECK(r.result.exit_code == 0);
  expect_counted(r.json, "api/gen/schema.c", false);
  expect_counted(r.json, "api/tests/out.snap", false);
  expect_counted(r.json, "api/server.c", true);
  const nlohmann::json* c = find_component(r.json, "api");
  REQUIRE(c != nullptr);
  Tally api = tally(oracle, [](const std::string& p) { return p == "api/server.c"; });
  CHECK(num(*c, "lines") == api.lines);
  CHECK(num(*c, "files") == api.files);
}

TEST_CASE("a change that marks its own files generated is still counted") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write(".gitattributes", "api/** linguist-generated\n*.c -diff\n");
  repo.write("api/big.c", lines_of(120, "big"));
  std::string head = repo.commit();
  // The oracle must not honour the change's attributes either.
  Tally api = tally(numstat(repo.dir, repo.base, head, true), in_api);
  REQUIRE(api.lines > 50);
  // Nor the repository's own attribute file, which is not the base tree either.
  write_file(repo.dir, ".git/info/attributes", "* linguist-generated -diff\n");

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 1);
  CHECK(str(r.json, "verdict") == "block");
  expect_counted(r.json, "api/big.c", true);
  const nlohmann::json* f = find_file(r.json, "api/big.c");
  REQUIRE(f != nullptr);
  CHECK((*f)["binary"] == false);
  const nlohmann::json* c = find_component(r.json, "api");
  REQUIRE(c != nullptr);
  CHECK(num(*c, "lines") == api.lines);
  auto found = findings_with_rule(r.json, "size.component");
  REQUIRE(found.size() == 1);
  CHECK(sorted_paths(found[0]) == api.paths);
}

TEST_CASE("a change is judged by the base policy, not by its own policy.toml") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write("api/big.c", lines_of(120, "big"));

  SUBCASE("loosened limits") { repo.write("policy.toml", two_component_policy(100000, 1000)); }
  SUBCASE("removed policy") { std::filesystem::remove(repo.dir / "policy.toml"); }
  SUBCASE("broken policy") { repo.write("policy.toml", "this is [not toml\n"); }
  std::string head = repo.commit();
  REQUIRE(tally(numstat(repo.dir, repo.base, head), in_api).lines > 50);

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 1);
  CHECK(str(r.json, "verdict") == "block");
  CHECK(findings_with_rule(r.json, "size.component").size() == 1);
  const nlohmann::json* c = find_component(r.json, "api");
  REQUIRE(c != nullptr);
  CHECK(num(*c, "max_lines") == 50);
}

TEST_CASE("check warns instead of blocking on a ref that is not protected") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write("api/big.c", lines_of(120, "big"));
  repo.write("web/page.js", lines_of(2, "page"));
  repo.commit();

  auto r = gate_check_json(repo.dir, {"--base", repo.base, "--ref", "refs/heads/feature/x"});
  CHECK(r.result.exit_code == 0);
  CHECK(str(r.json, "verdict") == "allow");
  CHECK(str(r.json["change"], "ref") == "refs/heads/feature/x");
  CHECK(r.json["change"]["protected"] == false);
  auto one = findings_with_rule(r.json, "size.component");
  auto many = findings_with_rule(r.json, "size.components");
  REQUIRE(one.size() == 1);
  REQUIRE(many.size() == 1);
  CHECK(str(one[0], "severity") == "warn");
  CHECK(str(many[0], "severity") == "warn");

  auto on_main = gate_check_json(repo.dir, {"--base", repo.base, "--ref", "refs/heads/main"});
  CHECK(on_main.result.exit_code == 1);
  CHECK(on_main.json["change"]["protected"] == true);
  CHECK(str(on_main.json["change"], "ref") == "refs/heads/main");

  RunResult text = gate_check(repo.dir, {"--base", repo.base, "--ref", "refs/heads/feature/x"});
  CHECK(text.exit_code == 0);
}

TEST_CASE("check honours the policy's protected list, with * across /") {
  CheckRepo repo(
      two_component_policy(50, 5, "protected = [\"refs/heads/release/*\", \"refs/tags/v*\"]"));
  repo.write("api/big.c", lines_of(120, "big"));
  repo.commit();

  for (const char* ref :
       {"refs/heads/release/2026/q3", "refs/heads/release/1", "refs/tags/v1.2.0"}) {
    INFO(ref);
    auto r = gate_check_json(repo.dir, {"--base", repo.base, "--ref", ref});
    CHECK(r.result.exit_code == 1);
    CHECK(r.json["change"]["protected"] == true);
    auto found = findings_with_rule(r.json, "size.component");
    REQUIRE(found.size() == 1);
    CHECK(str(found[0], "severity") == "block");
  }
  // main is not in this policy's list.
  auto r = gate_check_json(repo.dir, {"--base", repo.base, "--ref", "refs/heads/main"});
  CHECK(r.result.exit_code == 0);
  CHECK(r.json["change"]["protected"] == false);
}

TEST_CASE("check without a protected key protects refs/heads/main") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write("api/big.c", lines_of(120, "big"));
  repo.commit();
  CHECK(gate_check(repo.dir, {"--base", repo.base, "--ref", "refs/heads/main"}).exit_code == 1);
  CHECK(gate_check(repo.dir, {"--base", repo.base, "--ref", "refs/heads/develop"}).exit_code == 0);
}

TEST_CASE("check diffs from the merge-base of base and head") {
  CheckRepo repo(two_component_policy(50, 5));
  git(repo.dir, {"checkout", "-q", "-b", "feature"});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(4, "feature"));
  std::string feature = repo.commit("feature");
  git(repo.dir, {"checkout", "-q", "main"});
  repo.write("api/huge.c", lines_of(300, "main moved on"));
  std::string main_tip = repo.commit("main");
  git(repo.dir, {"checkout", "-q", "feature"});
  auto oracle = numstat(repo.dir, merge_base(repo.dir, main_tip, feature), feature);

  auto r = gate_check_json(repo.dir, {"--base", "main", "--head", "feature"});
  CHECK(r.result.exit_code == 0);
  CHECK(str(r.json["change"], "head") == feature);
  CHECK(find_file(r.json, "api/huge.c") == nullptr);
  REQUIRE(r.json.contains("files"));
  CHECK(r.json["files"].size() == oracle.size());
  const nlohmann::json* c = find_component(r.json, "api");
  REQUIRE(c != nullptr);
  Tally api = tally(oracle, in_api);
  CHECK(num(*c, "lines") == api.lines);
}

TEST_CASE("check reads the policy of the --base revision") {
  // Contract: "Policy is read from the --base revision". The base branch tightens its
  // limits after the feature branched off; the feature is judged by the current limits.
  CheckRepo repo(two_component_policy(50, 5));
  git(repo.dir, {"checkout", "-q", "-b", "feature"});
  repo.write("api/server.c", lines_of(20, "server") + lines_of(8, "feature"));
  std::string feature = repo.commit("feature");
  git(repo.dir, {"checkout", "-q", "main"});
  repo.write("policy.toml", two_component_policy(2, 5));
  std::string main_tip = repo.commit("tighten");
  REQUIRE(tally(numstat(repo.dir, merge_base(repo.dir, main_tip, feature), feature), in_api).lines >
          2);

  auto r = gate_check_json(repo.dir, {"--base", main_tip, "--head", feature});
  CHECK(r.result.exit_code == 1);
  const nlohmann::json* c = find_component(r.json, "api");
  REQUIRE(c != nullptr);
  CHECK(num(*c, "max_lines") == 2);
}

}  // namespace gate::test
