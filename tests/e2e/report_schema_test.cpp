// docs/report.schema.json against what the built programs print with --format json
// (docs/json-report.md): `check` allowed, blocked, with warnings, notices, renames and
// binary files, without a policy and with overrides applied and rejected; `ci`; the pre-push
// hook's array for a push of several refs; and the error form of each. Each document is
// validated by python3-jsonschema (Draft 2020-12). The schema must also refuse what the
// gate must not print (an extra key, an unknown rule id, a missing key), and enumerate
// exactly the rule table's ids.

#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "e2e_fixtures.hpp"
#include "gate/rule_table.hpp"
#include "override_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const fs::path schema_path = fs::path(GATE_SOURCE_DIR) / "docs/report.schema.json";

// Validates every document given, each a file, against the schema; prints the most
// specific error of each invalid one (inside the top-level oneOf) and exits 1 when any is. Checks
// the schema itself first.
const char* validator = R"py(
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for name in sys.argv[2:]:
    e = jsonschema.exceptions.best_match(validator.iter_errors(json.load(open(name))))
    while e is not None and e.context:
        e = jsonschema.exceptions.best_match(e.context)
    if e is not None:
        bad += 1
        print(name + ": /" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message[:300])
sys.exit(1 if bad else 0)
)py";

bool have_jsonschema() {
  static const bool have = run({"python3", "-c", "import jsonschema"}).exit_code == 0;
  if (!have) MESSAGE("SKIPPED: python3-jsonschema (Debian) is not installed");
  return have;
}

// The validator's outcome for `documents`, each written to a file of its own.
RunResult validate(const std::vector<std::string>& documents) {
  TempDir tmp;
  std::vector<std::string> argv = {"python3", "-c", validator, schema_path.string()};
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const std::string name = "doc" + std::to_string(i) + ".json";
    write_file(tmp.path(), name, documents[i]);
    argv.push_back((tmp.path() / name).string());
  }
  return run(argv);
}

// Requires `documents` to be valid, naming the first error of each that is not.
void expect_valid(const std::vector<std::string>& documents) {
  REQUIRE_FALSE(documents.empty());
  const RunResult r = validate(documents);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
}

// Requires the one document to be refused by the schema (not by a crash of the validator).
void expect_refused(const nlohmann::json& document, const std::string& why) {
  const RunResult r = validate({document.dump()});
  INFO(why << ": " << r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "doc0.json: "));
}

// A JSON run's stdout, required to be the JSON document it claims to be.
std::string document(const JsonRun& r, int exit_code) {
  INFO(r.result.out << r.result.err);
  CHECK(r.result.exit_code == exit_code);
  REQUIRE_FALSE(r.json.is_null());
  return r.result.out;
}

// A CheckRepo with two components, and a change of `lines` lines to api/ plus a rename, a
// binary file and an excluded one: every kind of file entry.
struct Changed {
  explicit Changed(int lines, const std::string& policy) : repo(policy + "\n") {
    repo.write("api/server.c", lines_of(20, "server") + lines_of(lines, "more"));
    std::filesystem::create_directories(repo.dir / "docs");
    git(repo.dir, {"mv", "README.md", "docs/README.md"});
    repo.write("api/logo.png", binary_blob(300));
    repo.write("api/vendor/lib.c", lines_of(3, "vendored"));
    head = repo.commit();
  }
  CheckRepo repo;
  std::string head;
};

std::string policy_with_exclude() {
  return two_component_policy(50, 5, "", "exclude = [\"**/vendor/**\"]\n");
}

}  // namespace

TEST_CASE("check's reports match the schema: allowed, blocked, warnings, no policy") {
  if (!have_jsonschema()) return;
  Changed small(5, policy_with_exclude());
  Changed large(80, policy_with_exclude());
  CheckRepo none("");
  none.write("api/server.c", lines_of(3, "x"));
  const std::string none_head = none.commit();

  const JsonRun allowed = gate_check_json(small.repo.dir, {"--base", small.repo.base});
  const JsonRun blocked =
      gate_check_json(large.repo.dir, {"--base", large.repo.base, "--ref", "refs/heads/main"});
  const JsonRun warned =
      gate_check_json(large.repo.dir, {"--base", large.repo.base, "--ref", "refs/heads/topic"});
  const JsonRun unjudged = gate_check_json(none.dir, {"--base", none.base, "--head", none_head});
  // The documents cover what the schema allows to vary: a rename, a binary file, an
  // excluded file, a blocking finding, warnings only, and no policy at all.
  const nlohmann::json* renamed = find_file(allowed.json, "docs/README.md");
  REQUIRE(renamed != nullptr);
  CHECK(str(*renamed, "old_path") == "README.md");
  CHECK(find_file(allowed.json, "api/logo.png") != nullptr);
  CHECK(str(blocked.json, "verdict") == "block");
  CHECK_FALSE(findings_with_rule(warned.json, "size.component").empty());
  CHECK(warned.json["policy"].is_object());
  CHECK(unjudged.json["policy"].is_null());
  CHECK_FALSE(unjudged.json["notices"].empty());
  expect_valid(
      {document(allowed, 0), document(blocked, 1), document(warned, 0), document(unjudged, 0)});
}

TEST_CASE("reports with overrides applied and rejected, and ci's report, match the schema") {
  if (!have_jsonschema()) return;
  OverrideRepo r;
  const std::string head = r.oversized_change();
  approved(r, head);
  const JsonRun applied = r.check(head, ci_wednesday);
  CHECK_FALSE(applied.json["overrides"].empty());
  const JsonRun pull_request = r.ci_pull_request(head, "carol", ci_wednesday);
  CHECK(pull_request.json["ci"].is_object());
  // A note that holds no record: listed as rejected, with no id.
  const std::string other = r.oversized_change("other");
  r.set_note(other, "not a record\n");
  const JsonRun rejected = r.check(other, ci_wednesday);
  REQUIRE(rejected.json["overrides"].size() == 1);
  CHECK(rejected.json["overrides"][0]["override_id"].is_null());
  expect_valid({document(applied, 0), document(pull_request, pull_request.result.exit_code),
                document(rejected, 1)});
}

TEST_CASE("the hook's array of reports for a push of several refs matches the schema") {
  if (!have_jsonschema()) return;
  PushRepo repo(two_component_policy(10, 5));
  repo.write("api/server.c", lines_of(40, "server"));
  const std::string head = repo.commit();
  const std::string input = push_line("refs/heads/main", head, "refs/heads/main", repo.initial) +
                            push_line("refs/heads/topic", head, "refs/heads/topic", zero_id_40) +
                            push_line("refs/tags/v1", head, "refs/tags/v1", zero_id_40) +
                            push_line("(delete)", zero_id_40, "refs/heads/old", repo.initial);
  const JsonRun pushed = repo.hook_json(input);
  REQUIRE(pushed.json.is_array());
  CHECK(pushed.json.size() == 4);
  const JsonRun nothing = repo.hook_json("");
  CHECK(nothing.json == nlohmann::json::array());
  expect_valid({document(pushed, 1), document(nothing, 0)});
}

TEST_CASE("the error form of check, ci and the hook matches the schema") {
  if (!have_jsonschema()) return;
  CheckRepo broken("version = 2\n");
  const JsonRun located = gate_check_json(broken.dir, {"--base", broken.base});
  CHECK_FALSE(located.json["error"]["location"].is_null());
  const JsonRun unknown = gate_check_json(broken.dir, {"--base", "no-such-revision"});
  CHECK(unknown.json["error"]["location"].is_null());
  const JsonRun ci = gate_ci_json(broken.dir, {"--provider", "generic"});
  PushRepo repo(two_component_policy());
  const JsonRun hook = repo.hook_json("not a pre-push line\n");
  expect_valid({document(located, 2), document(unknown, 2), document(ci, 2), document(hook, 2)});
}

TEST_CASE("the schema refuses a report with a key or a value the gate never prints") {
  if (!have_jsonschema()) return;
  Changed large(80, policy_with_exclude());
  const JsonRun blocked =
      gate_check_json(large.repo.dir, {"--base", large.repo.base, "--ref", "refs/heads/main"});
  const nlohmann::json report = blocked.json;
  REQUIRE_FALSE(report["findings"].empty());
  expect_valid({report.dump()});  // the unmutated document passes

  nlohmann::json extra = report;
  extra["comment"] = "a key no version of the gate prints";
  expect_refused(extra, "an extra key at the top");
  nlohmann::json extra_in_finding = report;
  extra_in_finding["findings"][0]["hint"] = "x";
  expect_refused(extra_in_finding, "an extra key in a finding");
  nlohmann::json unknown_rule = report;
  unknown_rule["findings"][0]["rule"] = "size.everything";
  expect_refused(unknown_rule, "an unknown rule id");
  nlohmann::json bad_severity = report;
  bad_severity["findings"][0]["severity"] = "error";
  expect_refused(bad_severity, "a severity that does not exist");
  nlohmann::json missing = report;
  missing.erase("tool");
  expect_refused(missing, "a missing key");
  nlohmann::json local_time = report;
  local_time["evaluated_at"] = "2026-07-10 13:00";
  expect_refused(local_time, "a time that is not UTC with Z");
  nlohmann::json error = nlohmann::json::parse(R"({"schema_version": 1, "error": {}})");
  expect_refused(error, "an error without its message");
}

TEST_CASE("the schema enumerates exactly the rule table's ids") {
  const nlohmann::json schema = nlohmann::json::parse(file_text(schema_path));
  std::set<std::string> in_schema;
  for (const nlohmann::json& id : schema["$defs"]["rule"]["enum"]) in_schema.insert(id);
  std::set<std::string> in_table;
  for (const RuleInfo& rule : rule_table) in_table.insert(std::string(rule.id));
  CHECK(in_schema == in_table);
}

TEST_CASE("docs/json-report.md's example report matches the schema") {
  if (!have_jsonschema()) return;
  const std::string page = file_text(fs::path(GATE_SOURCE_DIR) / "docs/json-report.md");
  const std::size_t start = page.find("```json\n{\n");
  REQUIRE(start != std::string::npos);
  const std::size_t end = page.find("\n```", start + 8);
  REQUIRE(end != std::string::npos);
  std::string example = page.substr(start + 8, end - start - 8);
  // The page writes commit ids as "<sha>"; the schema wants full ones.
  for (std::size_t at = example.find("\"<sha>\""); at != std::string::npos;
       at = example.find("\"<sha>\""))
    example.replace(at, 7, "\"" + std::string(40, 'a') + "\"");
  expect_valid({example});
}

}  // namespace gate::test
