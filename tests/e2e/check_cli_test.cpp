// End-to-end tests of `git-gate check`'s interface: adoption without a policy, errors and
// their JSON form, the clock, -C, --help and unknown subcommands.

#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <regex>
#include <string>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

const std::regex location_re("policy\\.toml:([0-9]+):([0-9]+)");

/// Checks the JSON error form and returns its location ("" when absent).
std::string expect_json_error(const JsonRun& r) {
  INFO("stdout: " << r.result.out << "\nstderr: " << r.result.err);
  CHECK(r.result.exit_code == 2);
  CHECK(num(r.json, "schema_version") == 1);
  REQUIRE(r.json.is_object());
  REQUIRE(r.json.contains("error"));
  CHECK_FALSE(str(r.json["error"], "message").empty());
  CHECK_FALSE(r.json.contains("verdict"));
  return str(r.json["error"], "location");
}

}  // namespace

TEST_CASE("check allows a change when the base has no policy.toml, with a notice") {
  CheckRepo repo("");
  repo.write("api/big.c", lines_of(500, "big"));
  repo.write("web/big.js", lines_of(500, "big"));
  repo.write("policy.toml", two_component_policy(1, 1));  // the adopting commit
  repo.commit();

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  CHECK(str(r.json, "verdict") == "allow");
  REQUIRE(r.json.contains("notices"));
  REQUIRE(r.json["notices"].is_array());
  CHECK_FALSE(r.json["notices"].empty());
  CHECK(findings_with_rule(r.json, "size.component").empty());
  CHECK(findings_with_rule(r.json, "size.components").empty());

  RunResult text = gate_check(repo.dir, {"--base", repo.base});
  CHECK(text.exit_code == 0);
  CHECK_FALSE((text.out + text.err).empty());
}

TEST_CASE("check fails with exit 2 and a policy.toml:LINE:COL location on a bad base policy") {
  struct Case {
    const char* what;
    std::string policy;
    int line;  // 0: any
  };
  const Case cases[] = {
      {"not TOML", "version = 1\n[size\nmax_lines = 5\n", 0},
      {"wrong type", "version = 1\n[size]\nmax_lines = \"many\"\n", 3},
      {"unknown key", "version = 1\n[size]\nmax_line = 5\n", 3},
      {"unknown component key",
       "version = 1\n[[component]]\nname = \"api\"\npaths = [\"/api/\"]\ncolour = \"red\"\n", 5},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CheckRepo repo(c.policy);  // judged: the empty change from the base to itself

    RunResult text = gate_check(repo.dir, {"--base", repo.base});
    INFO("stderr: " << text.err);
    CHECK(text.exit_code == 2);
    std::smatch m;
    CHECK(std::regex_search(text.err, m, location_re));
    if (c.line != 0 && !m.empty()) CHECK(std::stoi(m[1].str()) == c.line);

    auto r = gate_check_json(repo.dir, {"--base", repo.base});
    std::string location = expect_json_error(r);
    CHECK(std::regex_search(location, m, location_re));
    if (c.line != 0 && !m.empty()) CHECK(std::stoi(m[1].str()) == c.line);
  }
}

TEST_CASE("check fails with exit 2 on an unknown revision or outside a repository") {
  CheckRepo repo(two_component_policy());
  repo.write("api/server.c", lines_of(21, "server"));
  repo.commit();

  CHECK(gate_check(repo.dir, {"--base", "no-such-branch"}).exit_code == 2);
  CHECK(gate_check(repo.dir, {"--base", repo.base, "--head", std::string(40, 'e')}).exit_code == 2);
  expect_json_error(gate_check_json(repo.dir, {"--base", "no-such-branch"}));
  expect_json_error(gate_check_json(repo.dir, {"--base", repo.base, "--head", "nope~3"}));

  TempDir empty;
  CHECK(gate_check(empty.path(), {"--base", "HEAD~1"}).exit_code == 2);
}

TEST_CASE("check fails with exit 2 on bad options") {
  CheckRepo repo(two_component_policy());
  CHECK(gate_check(repo.dir, {"--base", repo.base, "--format", "yaml"}).exit_code == 2);
  CHECK(gate_check(repo.dir, {"--base", repo.base, "--at", "yesterday"}).exit_code == 2);
  expect_json_error(
      gate_check_json(repo.dir, {"--base", repo.base, "--at", "2026-13-45T99:00:00Z"}));
  CHECK(gate_check(repo.dir, {"--base", repo.base, "--no-such-option"}).exit_code == 2);
}

TEST_CASE("check --at and GATE_NOW set the evaluation time and mark the clock overridden") {
  CheckRepo repo(two_component_policy());
  repo.write("api/server.c", lines_of(21, "server"));
  repo.commit();

  // RFC 3339 with an offset; every time printed is UTC with Z (docs/json-report.md,
  // JSON report).
  auto at = gate_check_json(repo.dir, {"--base", repo.base, "--at", "2026-07-10T14:30:00+02:00"});
  CHECK(at.result.exit_code == 0);
  CHECK(str(at.json, "evaluated_at") == "2026-07-10T12:30:00Z");
  CHECK(str(at.json, "clock") == "overridden");

  auto env =
      gate_check_json(repo.dir, {"--base", repo.base}, {{"GATE_NOW", "2026-07-10T12:30:00Z"}});
  CHECK(env.result.exit_code == 0);
  CHECK(str(env.json, "evaluated_at") == "2026-07-10T12:30:00Z");
  CHECK(str(env.json, "clock") == "overridden");

  std::string before = utc_now();
  auto sys = gate_check_json(repo.dir, {"--base", repo.base});
  std::string after = utc_now();
  CHECK(str(sys.json, "clock") == "system");
  std::string evaluated = str(sys.json, "evaluated_at");
  CHECK(std::regex_match(evaluated,
                         std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")));
  CHECK(before <= evaluated);
  CHECK(evaluated <= after);
}

TEST_CASE("check -C runs in another directory") {
  CheckRepo repo(two_component_policy());
  repo.write("api/big.c", lines_of(120, "big"));
  repo.commit();
  RunOptions options;
  options.cwd = repo.tmp.path();
  RunResult r = run({cli_path(), "check", "-C", repo.dir.string(), "--base", repo.base}, options);
  INFO(r.err);
  CHECK(r.exit_code == 1);
}

TEST_CASE("git-gate --help lists check, unknown subcommands exit 2 with a suggestion") {
  RunResult help = run({cli_path(), "--help"});
  CHECK(help.exit_code == 0);
  CHECK((help.out + help.err).find("check") != std::string::npos);

  RunResult check_help = run({cli_path(), "check", "--help"});
  CHECK(check_help.exit_code == 0);
  CHECK((check_help.out + check_help.err).find("--base") != std::string::npos);

  RunResult typo = run({cli_path(), "chek"});
  INFO(typo.out << typo.err);
  CHECK(typo.exit_code == 2);
  CHECK((typo.out + typo.err).find("check") != std::string::npos);

  RunResult unknown = run({cli_path(), "frobnicate"});
  CHECK(unknown.exit_code == 2);
}

}  // namespace gate::test
