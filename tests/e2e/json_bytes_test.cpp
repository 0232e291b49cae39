// End-to-end tests of JSON output holding bytes that are not UTF-8: git paths are bytes,
// so `explain`, `lint` and `window` with --format json write U+FFFD for them (as the
// report's JsonWriter does) instead of failing with an empty stdout.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

// "bad\xff.txt": byte 0xff never occurs in UTF-8.
const std::string bad_name = std::string("bad") + '\xff' + ".txt";
const std::string replaced_name = "bad\xEF\xBF\xBD.txt";  // U+FFFD in UTF-8

/// A repository whose tree holds `bad_name` at the root and CODEOWNERS owning /src/ only.
void make_repo(const TempDir& tmp) {
  init_repo(tmp.path());
  write_file(tmp.path(), "src/main.c", "main\n");
  write_file(tmp.path(), bad_name, "bytes\n");
  write_file(tmp.path(), ".github/CODEOWNERS", "/src/ @dave\n");
  commit_all(tmp.path(), "tree");
}

RunResult gate(const TempDir& tmp, const std::vector<std::string>& args,
               const std::string& input = {}) {
  std::vector<std::string> argv = {cli_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  RunOptions options;
  options.cwd = tmp.path();
  options.input = input;
  return run(argv, options);
}

/// Every "path" of a finding or explanation, as the parsed JSON holds it.
bool mentions(const nlohmann::json& value, const std::string& text) {
  if (value.is_string()) return value.get<std::string>() == text;
  if (value.is_array() || value.is_object())
    for (const auto& item : value)
      if (mentions(item, text)) return true;
  return false;
}

TEST_CASE("explain --format json: a path argument that is not UTF-8 comes out as U+FFFD") {
  TempDir tmp;
  make_repo(tmp);
  RunResult r = gate(tmp, {"explain", "--format", "json", bad_name});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  nlohmann::json j = parse_json(r.out);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 1);
  CHECK(j[0]["path"] == replaced_name);
  CHECK(j[0]["owners"].empty());
}

TEST_CASE("explain --format json: --paths-from with a line that is not UTF-8") {
  TempDir tmp;
  make_repo(tmp);
  write_file(tmp.path(), "paths.txt", "src/main.c\n" + bad_name + "\n");
  for (const std::string& from : {std::string("paths.txt"), std::string("-")}) {
    CAPTURE(from);
    RunResult r = gate(tmp, {"explain", "--format", "json", "--paths-from", from},
                       from == "-" ? "src/main.c\n" + bad_name + "\n" : "");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    nlohmann::json j = parse_json(r.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["owners"] == nlohmann::json::array({"@dave"}));
    CHECK(j[1]["path"] == replaced_name);
  }
}

TEST_CASE("lint --format json: a tree path that is not UTF-8 is listed as U+FFFD") {
  TempDir tmp;
  make_repo(tmp);
  RunResult r = gate(tmp, {"lint", "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);  // the file is unowned
  nlohmann::json j = parse_json(r.out);
  REQUIRE(j["findings"].is_array());
  CHECK(mentions(j["findings"], replaced_name));
}

// toml++ refuses a policy.toml that is not UTF-8, so no window id or reason can hold such
// bytes: `window --format json` reports that as a JSON error (exit 2) quoting the place.
TEST_CASE("window --format json: a policy id that is not UTF-8 is refused as a JSON error") {
  TempDir tmp;
  std::string policy = "version = 1\ntimezone = \"UTC\"\n\n[[freeze]]\nid = \"f" +
                       std::string(1, '\xff') + "\"\nweekly = \"Fri 12:00 - Mon 06:00\"\n";
  write_file(tmp.path(), "policy.toml", policy);
  RunResult r = gate(tmp, {"window", "--format", "json", "--policy", "policy.toml", "--at",
                           "2026-07-10T13:00:00Z"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  nlohmann::json j = parse_json(r.out);
  CHECK(str(j["error"], "location").ends_with("policy.toml:5:7"));
}

}  // namespace
}  // namespace gate::test
