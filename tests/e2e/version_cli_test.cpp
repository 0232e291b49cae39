// --version of both programs, the version in their reports, and SARIF fingerprints that
// code scanning can follow from one run of `check` to the next (docs/library.md).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "e2e_fixtures.hpp"
#include "gate/version.hpp"

namespace gate::test {
namespace {

const std::string expected = "git-gate " + std::string(gate::version()) + "\n";

/// The one partialFingerprints value of each SARIF result of `check --format sarif`.
std::vector<std::string> sarif_fingerprints(const CheckRepo& repo, const std::string& head,
                                            const std::string& at) {
  RunResult r =
      gate_check(repo.dir, {"--format", "sarif", "--base", repo.base, "--head", head, "--at", at});
  INFO("exit " << r.exit_code << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 1);  // blocked: the finding the test follows
  std::vector<std::string> prints;
  const nlohmann::json sarif = parse_json(r.out);
  for (const auto& result : sarif["runs"][0]["results"]) {
    if (str(result, "ruleId") != "size.component") continue;
    REQUIRE(result["partialFingerprints"].size() == 1);
    prints.push_back(result["partialFingerprints"].begin().value().get<std::string>());
  }
  return prints;
}

}  // namespace

TEST_CASE("git-gate --version prints the program name and the library's version, only") {
  RunResult r = run({cli_path(), "--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == expected);
  CHECK(r.err.empty());
}

TEST_CASE("pre-push --version prints the same line and reads no push") {
  TempDir outside;  // not a repository: a judged push would fail here
  RunOptions options;
  options.cwd = outside.path();
  options.input =
      push_line("refs/heads/main", std::string(40, 'a'), "refs/heads/main", std::string(40, '0'));
  RunResult r = run({hook_path(), "--version"}, options);
  CHECK(r.exit_code == 0);
  CHECK(r.out == expected);
  CHECK(r.err.empty());
}

TEST_CASE("the hook still judges a push from a remote named --version") {
  PushRepo repo(two_component_policy(50, 5));
  repo.write("api/server.c", lines_of(5, "small"));
  std::string head = repo.commit();
  RunOptions options;  // as git runs it: the remote's name and URL, nothing else
  options.cwd = repo.work;
  options.env["GATE_FORMAT"] = "json";
  options.input = push_line("refs/heads/main", head, "refs/heads/main", repo.initial);
  RunResult r = run({hook_path(), "--version", repo.remote_url()}, options);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  nlohmann::json reports = parse_json(r.out);
  REQUIRE(reports.is_array());
  REQUIRE(reports.size() == 1);
  CHECK(reports[0]["tool"]["version"] == std::string(gate::version()));
  CHECK(str(reports[0]["change"], "head") == head);
}

TEST_CASE("check's JSON report carries the tool's name and version") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write("api/server.c", lines_of(5, "small"));
  repo.commit();
  JsonRun r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  CHECK(r.json["tool"]["name"] == "git-gate");
  CHECK(r.json["tool"]["version"] == std::string(gate::version()));
}

TEST_CASE("a finding keeps its SARIF fingerprint across runs, another path gets another") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write("api/server.c", lines_of(80, "grown"));
  std::string first = repo.commit("first");
  repo.write("api/server.c", lines_of(120, "grown more"));
  std::string second = repo.commit("second");
  std::vector<std::string> a = sarif_fingerprints(repo, first, "2026-07-09T10:00:00Z");
  std::vector<std::string> b = sarif_fingerprints(repo, second, "2026-07-10T16:00:00Z");
  REQUIRE(a.size() == 1);
  CHECK(a == b);  // other line counts in the message, another time: the same alert

  git(repo.dir, {"reset", "-q", "--hard", repo.base});
  repo.write("web/index.js", lines_of(80, "grown"));
  std::string web = repo.commit("web");
  std::vector<std::string> c = sarif_fingerprints(repo, web, "2026-07-09T10:00:00Z");
  REQUIRE(c.size() == 1);
  CHECK(c != a);
}

}  // namespace gate::test
