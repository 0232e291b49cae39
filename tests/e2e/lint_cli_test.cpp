// End-to-end tests of `git-gate lint`: the built binary on real repositories. Exit 0
// clean, 1 findings, 2 error; text and JSON forms; --rev, --policy, --codeowners, --syntax.

#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "e2e_fixtures.hpp"
#include "gate/codeowners.hpp"

namespace gate::test {
namespace {

const std::string policy_toml = R"(version = 1

[owners.teams]
"@acme/core" = ["@dave"]
"@acme/web" = ["@carol"]

[[component]]
name = "src"
paths = ["/src/"]

[[component]]
name = "app"
paths = ["/src/app/"]
)";

// Line by line: a catch-all, a typo'd directory, a line /src/ shadows, an unknown team,
// and the same pattern twice.
const std::string mistaken_codeowners =
    "* @acme/core\n"
    "/scr/ @acme/web\n"
    "/src/app/ @acme/web\n"
    "/src/ @acme/wbe\n"
    "/docs/ @acme/core\n"
    "/docs/ @acme/web\n";

void write_tree(const std::filesystem::path& dir) {
  write_file(dir, "README.md", "hello\n");
  write_file(dir, "src/app/main.ts", "main\n");
  write_file(dir, "src/lib/core.c", "core\n");
  write_file(dir, "docs/guide.md", "guide\n");
}

/// A repository with the tree above, `policy` (none when empty) and `codeowners`.
void make_repo(const TempDir& tmp, const std::string& policy, const std::string& codeowners) {
  init_repo(tmp.path());
  write_tree(tmp.path());
  if (!policy.empty()) write_file(tmp.path(), "policy.toml", policy);
  if (!codeowners.empty()) write_file(tmp.path(), ".github/CODEOWNERS", codeowners);
  commit_all(tmp.path(), "tree");
}

RunResult lint(const TempDir& tmp, std::vector<std::string> args) {
  std::vector<std::string> argv = {cli_path(), "lint", "-C", tmp.str()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

/// The findings of a JSON run, checking the envelope.
nlohmann::json json_findings(const RunResult& r) {
  nlohmann::json report = parse_json(r.out);
  CHECK(report["schema_version"] == 1);
  REQUIRE(report["findings"].is_array());
  return report["findings"];
}

std::set<std::string> checks_of(const nlohmann::json& findings) {
  std::set<std::string> out;
  for (const auto& f : findings) out.insert(f["check"].get<std::string>());
  return out;
}

const nlohmann::json* with_check(const nlohmann::json& findings, const std::string& check) {
  for (const auto& f : findings)
    if (f["check"] == check) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("lint reports each kind of mistake, exit 1, in JSON and text") {
  TempDir tmp;
  make_repo(tmp, policy_toml, mistaken_codeowners);

  RunResult r = lint(tmp, {"--format", "json"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 1);
  nlohmann::json findings = json_findings(r);
  std::set<std::string> expected = {"codeowners.no-match", "codeowners.shadowed",
                                    "codeowners.duplicate", "owners.unknown-team",
                                    "policy.component-overlap"};
  CHECK(checks_of(findings) == expected);
  const nlohmann::json* typo = with_check(findings, "codeowners.no-match");
  REQUIRE(typo);
  CHECK((*typo)["location"] == ".github/CODEOWNERS:2");
  CHECK((*typo)["severity"] == "warn");
  CHECK((*with_check(findings, "codeowners.shadowed"))["location"] == ".github/CODEOWNERS:3");
  CHECK((*with_check(findings, "owners.unknown-team"))["location"] == ".github/CODEOWNERS:4");
  CHECK((*with_check(findings, "codeowners.duplicate"))["location"] == ".github/CODEOWNERS:6");
  const nlohmann::json* overlap = with_check(findings, "policy.component-overlap");
  REQUIRE(overlap);
  CHECK((*overlap)["location"] == "policy.toml:11:1");
  CHECK((*overlap)["paths"] == nlohmann::json::array({"src/app/main.ts"}));

  RunResult text = lint(tmp, {});
  CHECK(text.exit_code == 1);
  CHECK(text.out.find(".github/CODEOWNERS:2: [codeowners.no-match] `/scr/`") != std::string::npos);
  CHECK(text.out.find("\n    src/app/main.ts\n") != std::string::npos);
  CHECK(text.out.find("5 findings (0 errors, 5 warnings)") != std::string::npos);
}

TEST_CASE("lint exits 0 on a clean repository, and --rev lints an older revision") {
  TempDir tmp;
  make_repo(tmp, policy_toml, "* @acme/core\n/src/app/ @acme/web\n/scr/ @acme/web\n");
  write_file(tmp.path(), ".github/CODEOWNERS", "* @acme/core\n/src/app/ @acme/web\n");
  write_file(tmp.path(), "policy.toml", "version = 1\n");
  commit_all(tmp.path(), "fix");

  RunResult clean = lint(tmp, {"--format", "json"});
  INFO("stdout: " << clean.out << "\nstderr: " << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(json_findings(clean).empty());
  RunResult text = lint(tmp, {});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("no findings") != std::string::npos);

  RunResult old = lint(tmp, {"--rev", "HEAD~1", "--format", "json"});
  CHECK(old.exit_code == 1);
  CHECK(checks_of(json_findings(old)) ==
        std::set<std::string>{"codeowners.no-match", "policy.component-overlap"});
}

TEST_CASE("lint of a broken policy is an error naming policy.toml:LINE:COL, exit 2") {
  TempDir tmp;
  make_repo(tmp, "version = 1\n\n[size]\nmax_components = \"two\"\n", "* @acme/core\n");
  const std::regex location("policy\\.toml:4:[0-9]+");

  RunResult text = lint(tmp, {});
  INFO("stdout: " << text.out << "\nstderr: " << text.err);
  CHECK(text.exit_code == 2);
  CHECK(std::regex_search(text.err, location));

  RunResult json = lint(tmp, {"--format", "json"});
  CHECK(json.exit_code == 2);
  nlohmann::json error = parse_json(json.out);
  REQUIRE(error.contains("error"));
  CHECK(std::regex_search(error["error"]["location"].get<std::string>(), location));
}

TEST_CASE("lint --codeowners and --policy read uncommitted files, the tree is still --rev's") {
  TempDir tmp;
  make_repo(tmp, "version = 1\n", "* @acme/core\n");
  CHECK(lint(tmp, {}).exit_code == 0);
  write_file(tmp.path(), "draft/CODEOWNERS", "* @acme/core\n/new-dir/ @acme/web\n");
  write_file(tmp.path(), "new-dir/file.txt", "not committed\n");
  write_file(tmp.path(), "draft/policy.toml", policy_toml);

  RunResult r = lint(tmp, {"--codeowners", "draft/CODEOWNERS", "--format", "json"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 1);
  nlohmann::json findings = json_findings(r);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["check"] == "codeowners.no-match");  // new-dir/ is not in HEAD's tree
  CHECK(findings[0]["location"] == "draft/CODEOWNERS:2");

  RunResult with_policy = lint(tmp, {"--policy", "draft/policy.toml", "--format", "json"});
  CHECK(with_policy.exit_code == 1);
  const nlohmann::json overlap = json_findings(with_policy);
  REQUIRE(with_check(overlap, "policy.component-overlap"));
  CHECK((*with_check(overlap, "policy.component-overlap"))["location"] == "draft/policy.toml:11:1");

  write_file(tmp.path(), "draft/bad.toml", "version = 1\n[size]\nmax_lines = -\n");
  RunResult bad = lint(tmp, {"--policy", "draft/bad.toml"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("draft/bad.toml:3:") != std::string::npos);

  RunResult missing = lint(tmp, {"--codeowners", "draft/none"});
  CHECK(missing.exit_code == 2);
}

TEST_CASE("lint --syntax gitlab reads sections, syntax errors are findings, not errors") {
  TempDir tmp;
  make_repo(tmp, "", "");
  write_file(tmp.path(), "draft/CODEOWNERS",
             "[Docs] @acme/docs\n/docs/\n!/docs/old/\n/src/*** @a\n");

  RunResult r =
      lint(tmp, {"--codeowners", "draft/CODEOWNERS", "--syntax", "gitlab", "--format", "json"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 1);
  nlohmann::json findings = json_findings(r);
  CHECK(checks_of(findings) ==
        std::set<std::string>{"codeowners.syntax", "codeowners.no-match", "codeowners.unowned"});
  CHECK((*with_check(findings, "codeowners.syntax"))["severity"] == "block");
  CHECK((*with_check(findings, "codeowners.no-match"))["location"] == "draft/CODEOWNERS:3");
  CHECK(r.err.find("no policy.toml: linting CODEOWNERS only") != std::string::npos);
}

TEST_CASE("lint without CODEOWNERS says so as a finding, exit 1") {
  TempDir tmp;
  make_repo(tmp, "version = 1\n", "");
  RunResult r = lint(tmp, {"--format", "json"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 1);
  nlohmann::json findings = json_findings(r);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["check"] == "codeowners.missing");
  CHECK(findings[0]["location"].is_null());

  RunResult help = run({cli_path(), "lint", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--codeowners") != std::string::npos);
}

// 3 MB of one-character lines used to cost lint 1.3 GB of compiled patterns and 5 s.
TEST_CASE("lint refuses a CODEOWNERS of more than max_codeowners_lines lines, naming the limit") {
  TempDir tmp;
  make_repo(tmp, "version = 1\n", "* @acme/core\n");
  std::string many;
  for (std::size_t i = 0; i <= max_codeowners_lines; ++i) many += "a\n";
  REQUIRE(many.size() < max_codeowners_bytes);  // the byte limit alone would let it in
  write_file(tmp.path(), "draft/CODEOWNERS", many);
  RunResult r = lint(tmp, {"--codeowners", "draft/CODEOWNERS", "--format", "json"});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(std::to_string(max_codeowners_lines + 1) + " lines") != std::string::npos);
  CHECK(checks_of(json_findings(r)).count("codeowners.missing") == 1);

  // The same file committed: check ignores it and says why, as for the 3 MB limit.
  write_file(tmp.path(), ".github/CODEOWNERS", many);
  commit_all(tmp.path(), "many lines");
  RunResult committed = lint(tmp, {});
  CHECK(committed.err.find(std::to_string(max_codeowners_lines + 1) + " lines") !=
        std::string::npos);
}

}  // namespace gate::test
