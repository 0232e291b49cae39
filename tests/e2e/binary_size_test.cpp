// End-to-end tests of binary files in the size rule (docs/rules.md, Size rule): they count 0
// lines, as `git diff --numstat` says, but their size is reported and bounded by
// `max_binary_bytes`, so one NUL byte cannot slip a large file past the limits.

#include <doctest/doctest.h>

#include <string>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

/// A 5,000-line source file with one NUL byte near its start: binary to git.
std::string source_with_nul() { return std::string("/* \0 */\n", 8) + lines_of(5000, "code"); }

std::int64_t blob_size(const std::filesystem::path& dir, const std::string& rev_path) {
  return std::stoll(trimmed(git(dir, {"cat-file", "-s", rev_path})));
}

bool has_finding(const nlohmann::json& report, const std::string& rule) {
  for (const auto& f : report["findings"])
    if (str(f, "rule") == rule) return true;
  return false;
}

}  // namespace

TEST_CASE("a binary file counts 0 lines as numstat does, and its bytes are reported") {
  CheckRepo repo(two_component_policy(10, 5));
  repo.write("api/blob.c", source_with_nul());
  repo.write("api/small.c", lines_of(2, "small"));
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, repo.base, head);
  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  expect_files_match(r.json, oracle);
  const nlohmann::json* blob = find_file(r.json, "api/blob.c");
  REQUIRE(blob != nullptr);
  CHECK((*blob)["binary"] == true);
  CHECK(num(*blob, "bytes") == blob_size(repo.dir, head + ":api/blob.c"));
  const nlohmann::json* text = find_file(r.json, "api/small.c");
  REQUIRE(text != nullptr);
  CHECK((*text)["bytes"].is_null());
  const nlohmann::json* api = find_component(r.json, "api");
  REQUIRE(api != nullptr);
  CHECK(num(*api, "binary_bytes") == num(*blob, "bytes"));
  CHECK(num(*api, "files") == 2);  // the binary file counts against max_files
}

TEST_CASE("max_binary_bytes bounds a component's binary files: size.component blocks") {
  CheckRepo repo(two_component_policy(10, 5, "", "max_binary_bytes = 1000"));
  repo.write("api/blob.c", source_with_nul());
  std::string head = repo.commit();
  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 1);
  REQUIRE(has_finding(r.json, "size.component"));
  std::string size = std::to_string(blob_size(repo.dir, head + ":api/blob.c"));
  bool named = false;
  for (const auto& f : r.json["findings"])
    named = named || str(f, "message").find(size + " bytes of binary files") != std::string::npos;
  CHECK(named);
  const nlohmann::json* api = find_component(r.json, "api");
  REQUIRE(api != nullptr);
  CHECK(num(*api, "max_binary_bytes") == 1000);
}

TEST_CASE("a component's own max_binary_bytes overrides [size]'s") {
  std::string policy = two_component_policy(10, 5, "", "max_binary_bytes = 1000");
  policy += "max_binary_bytes = 1000000\n";  // appended to the last [[component]], web
  CheckRepo repo(policy);
  repo.write("web/blob.c", source_with_nul());
  repo.commit();
  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  CHECK_FALSE(has_finding(r.json, "size.component"));
}

}  // namespace gate::test
