// End-to-end tests of `git-gate check`: the size rule (docs/rules.md) on real repositories.
// Numbers are compared against `git diff -M --numstat` (the oracle), never hard-coded.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

bool in_api(const std::string& p) { return under(p, "api/"); }
bool in_web(const std::string& p) { return under(p, "web/"); }

/// The component's files and lines equal the oracle's tally of its counted files.
void expect_component(const nlohmann::json& report, const std::string& name,
                      const Tally& expected) {
  INFO("component " << name);
  const nlohmann::json* c = find_component(report, name);
  REQUIRE(c != nullptr);
  CHECK(num(*c, "lines") == expected.lines);
  CHECK(num(*c, "files") == expected.files);
}

bool any_blocking(const nlohmann::json& report) {
  if (!report.contains("findings")) return false;
  for (const auto& f : report["findings"])
    if (str(f, "severity") == "block") return true;
  return false;
}

}  // namespace

TEST_CASE("check allows a small change and reports numbers equal to git diff --numstat") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write("api/server.c", lines_of(18, "server") + lines_of(3, "extra"));
  repo.write("api/util.c", lines_of(4, "util"));
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, repo.base, head);

  auto r = gate_check_json(repo.dir, {"--base", repo.base});  // head defaults to HEAD
  INFO(r.result.err);
  CHECK(r.result.exit_code == 0);
  CHECK(num(r.json, "schema_version") == 1);
  CHECK(str(r.json, "verdict") == "allow");
  CHECK(r.json["valid_until"].is_null());
  CHECK(str(r.json["change"], "head") == head);
  CHECK(str(r.json["change"], "base") == repo.base);
  CHECK(r.json["change"]["protected"] == true);
  expect_files_match(r.json, oracle);
  for (const auto& e : oracle) {
    const nlohmann::json* f = find_file(r.json, e.path);
    REQUIRE(f != nullptr);
    CHECK(str(*f, "component") == "api");
    CHECK((*f)["counted"] == true);
  }
  Tally api = tally(oracle, in_api);
  REQUIRE(api.lines <= 50);
  expect_component(r.json, "api", api);
  const nlohmann::json* c = find_component(r.json, "api");
  REQUIRE(c != nullptr);
  CHECK(num(*c, "max_lines") == 50);
  CHECK(num(*c, "max_files") == 5);
  CHECK_FALSE(any_blocking(r.json));
  CHECK(findings_with_rule(r.json, "size.component").empty());

  RunResult text = gate_check(repo.dir, {"--base", repo.base, "--head", "HEAD"});
  INFO(text.err);
  CHECK(text.exit_code == 0);
}

TEST_CASE("check blocks a component over max_lines, naming its files") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write("api/server.c", lines_of(10, "server") + lines_of(30, "rewritten"));
  repo.write("api/big.c", lines_of(40, "big"));
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, repo.base, head);
  Tally api = tally(oracle, in_api);
  REQUIRE(api.lines > 50);

  auto r = gate_check_json(repo.dir, {"--base", repo.base, "--head", head});
  CHECK(r.result.exit_code == 1);
  CHECK(str(r.json, "verdict") == "block");
  expect_files_match(r.json, oracle);
  expect_component(r.json, "api", api);
  auto found = findings_with_rule(r.json, "size.component");
  REQUIRE(found.size() == 1);
  CHECK(str(found[0], "severity") == "block");
  CHECK(sorted_paths(found[0]) == api.paths);
  CHECK(found[0]["overridden_by"].is_null());
  CHECK_FALSE(str(found[0], "message").empty());
  CHECK(findings_with_rule(r.json, "size.components").empty());

  RunResult text = gate_check(repo.dir, {"--base", repo.base, "--head", head});
  CHECK(text.exit_code == 1);
  CHECK((text.out + text.err).find("size.component") != std::string::npos);
}

TEST_CASE("check blocks a component over max_files") {
  CheckRepo repo(two_component_policy(500, 3));
  for (int i = 0; i < 4; ++i)
    repo.write("web/part" + std::to_string(i) + ".js", lines_of(2, "part"));
  std::string head = repo.commit();
  Tally web = tally(numstat(repo.dir, repo.base, head), in_web);
  REQUIRE(web.files > 3);

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 1);
  expect_component(r.json, "web", web);
  auto found = findings_with_rule(r.json, "size.component");
  REQUIRE(found.size() == 1);
  CHECK(str(found[0], "severity") == "block");
  CHECK(sorted_paths(found[0]) == web.paths);
}

TEST_CASE("check blocks a change touching two components (size.components)") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "api"));
  repo.write("web/index.js", lines_of(20, "index") + lines_of(2, "web"));
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, repo.base, head);

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 1);
  CHECK(str(r.json, "verdict") == "block");
  expect_component(r.json, "api", tally(oracle, in_api));
  expect_component(r.json, "web", tally(oracle, in_web));
  auto found = findings_with_rule(r.json, "size.components");
  REQUIRE(found.size() == 1);
  CHECK(str(found[0], "severity") == "block");
  CHECK(findings_with_rule(r.json, "size.component").empty());
}

TEST_CASE("check does not count (other) towards max_components") {
  CheckRepo repo(two_component_policy(50, 5));
  repo.write("api/server.c", lines_of(20, "server") + lines_of(2, "api"));
  repo.write("README.md", lines_of(5, "readme") + lines_of(2, "more"));
  repo.write("docs/guide.md", lines_of(3, "guide"));
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, repo.base, head);

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  CHECK(findings_with_rule(r.json, "size.components").empty());
  for (const char* p : {"README.md", "docs/guide.md"}) {
    const nlohmann::json* f = find_file(r.json, p);
    REQUIRE(f != nullptr);
    CHECK(str(*f, "component") == "(other)");
  }
  if (find_component(r.json, "(other)") != nullptr)
    expect_component(r.json, "(other)",
                     tally(oracle, [](const std::string& p) { return !in_api(p) && !in_web(p); }));
}

TEST_CASE("check applies the [size] defaults to (other) and to components without own limits") {
  const std::string policy =
      "version = 1\n"
      "[size]\nmax_lines = 10\n"
      "[[component]]\nname = \"api\"\npaths = [\"/api/\"]\n"
      "[[component]]\nname = \"web\"\npaths = [\"/web/\"]\nmax_lines = 1000\n";
  CheckRepo repo(policy);

  SUBCASE("(other) over the default") {
    repo.write("README.md", lines_of(30, "readme"));
    std::string head = repo.commit();
    Tally other = tally(numstat(repo.dir, repo.base, head),
                        [](const std::string& p) { return p == "README.md"; });
    REQUIRE(other.lines > 10);
    auto r = gate_check_json(repo.dir, {"--base", repo.base});
    CHECK(r.result.exit_code == 1);
    auto found = findings_with_rule(r.json, "size.component");
    REQUIRE(found.size() == 1);
    CHECK(sorted_paths(found[0]) == other.paths);
  }
  SUBCASE("a component without its own max_lines inherits the default") {
    repo.write("api/server.c", lines_of(40, "rewritten"));
    std::string head = repo.commit();
    Tally api = tally(numstat(repo.dir, repo.base, head), in_api);
    REQUIRE(api.lines > 10);
    auto r = gate_check_json(repo.dir, {"--base", repo.base});
    CHECK(r.result.exit_code == 1);
    expect_component(r.json, "api", api);
    auto found = findings_with_rule(r.json, "size.component");
    REQUIRE(found.size() == 1);
    CHECK(sorted_paths(found[0]) == api.paths);
  }
  SUBCASE("a component's own limit wins over the default") {
    repo.write("web/index.js", lines_of(200, "rewritten"));
    std::string head = repo.commit();
    REQUIRE(tally(numstat(repo.dir, repo.base, head), in_web).lines > 10);
    auto r = gate_check_json(repo.dir, {"--base", repo.base});
    CHECK(r.result.exit_code == 0);
    CHECK(findings_with_rule(r.json, "size.component").empty());
  }
}

TEST_CASE("check sets no limit where neither the component nor [size] does") {
  CheckRepo repo("version = 1\n[[component]]\nname = \"api\"\npaths = [\"/api/\"]\n");
  for (int i = 0; i < 30; ++i) repo.write("api/f" + std::to_string(i) + ".c", lines_of(100, "f"));
  repo.write("README.md", lines_of(500, "readme"));
  std::string head = repo.commit();
  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  CHECK(str(r.json, "verdict") == "allow");
  CHECK(findings_with_rule(r.json, "size.component").empty());
  expect_component(r.json, "api", tally(numstat(repo.dir, repo.base, head), in_api));
}

TEST_CASE("check assigns a path to the last matching component") {
  const std::string api_first =
      "version = 1\n"
      "[[component]]\nname = \"api\"\npaths = [\"/api/\"]\n"
      "[[component]]\nname = \"docs\"\npaths = [\"/api/docs/\", \"*.md\"]\n";
  const std::string docs_first =
      "version = 1\n"
      "[[component]]\nname = \"docs\"\npaths = [\"/api/docs/\", \"*.md\"]\n"
      "[[component]]\nname = \"api\"\npaths = [\"/api/\"]\n";
  for (const auto& entry : {std::pair{api_first, "docs"}, std::pair{docs_first, "api"}}) {
    // Named, not a structured binding: clang 14 cannot capture one in INFO's lambda.
    const std::string policy = entry.first;
    const std::string owner = entry.second;
    CheckRepo repo(policy);
    repo.write("api/docs/intro.txt", lines_of(3, "intro"));
    repo.write("api/notes.md", lines_of(3, "notes"));
    repo.commit();
    auto r = gate_check_json(repo.dir, {"--base", repo.base});
    CHECK(r.result.exit_code == 0);
    for (const char* p : {"api/docs/intro.txt", "api/notes.md"}) {
      INFO(policy << p);
      const nlohmann::json* f = find_file(r.json, p);
      REQUIRE(f != nullptr);
      CHECK(str(*f, "component") == owner);
    }
  }
}

TEST_CASE("check counts a binary file as a file, not as lines") {
  const std::string policy =
      "version = 1\n[[component]]\nname = \"api\"\npaths = [\"/api/\"]\nmax_lines = 5\nmax_files = "
      "2\n";
  CheckRepo repo(policy);
  repo.write("api/logo.png", binary_blob(8192));
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, repo.base, head);
  REQUIRE(oracle.size() == 1);
  REQUIRE(oracle[0].binary);

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  const nlohmann::json* f = find_file(r.json, "api/logo.png");
  REQUIRE(f != nullptr);
  CHECK((*f)["binary"] == true);
  CHECK((*f)["counted"] == true);
  expect_component(r.json, "api", tally(oracle, in_api));

  repo.write("api/icon.png", binary_blob(100));
  repo.write("api/splash.png", binary_blob(200));
  std::string head2 = repo.commit();
  Tally api = tally(numstat(repo.dir, repo.base, head2), in_api);
  REQUIRE(api.files > 2);
  auto r2 = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r2.result.exit_code == 1);
  expect_component(r2.json, "api", api);
  auto found = findings_with_rule(r2.json, "size.component");
  REQUIRE(found.size() == 1);
  CHECK(sorted_paths(found[0]) == api.paths);
}

TEST_CASE("check counts a pure rename as 0 lines") {
  CheckRepo repo(two_component_policy(10, 5));
  git(repo.dir, {"mv", "api/server.c", "api/main.c"});
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, repo.base, head);
  REQUIRE(oracle.size() == 1);
  REQUIRE(oracle[0].old_path == "api/server.c");

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  const nlohmann::json* f = find_file(r.json, "api/main.c");
  REQUIRE(f != nullptr);
  CHECK(str(*f, "status") == "renamed");
  CHECK(str(*f, "old_path") == "api/server.c");
  expect_component(r.json, "api", tally(oracle, in_api));
}

TEST_CASE("check reports each file's status like git diff -M --name-status") {
  CheckRepo repo("version = 1\n");
  repo.write("api/new.c", lines_of(3, "new"));
  repo.write("web/index.js", lines_of(21, "index"));
  std::filesystem::remove(repo.dir / "README.md");
  std::string head = repo.commit();
  std::string names = git(repo.dir, {"diff", "-M", "--name-status", repo.base, head});

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  int seen = 0;
  for (const auto& [letter, status] :
       {std::pair{'A', "added"}, std::pair{'M', "modified"}, std::pair{'D', "deleted"}}) {
    std::size_t pos = 0;
    while ((pos = names.find(std::string(1, letter) + "\t", pos)) != std::string::npos) {
      if (pos != 0 && names[pos - 1] != '\n') {
        ++pos;
        continue;
      }
      std::size_t end = names.find('\n', pos);
      std::string path = names.substr(pos + 2, end - pos - 2);
      INFO(path);
      const nlohmann::json* f = find_file(r.json, path);
      REQUIRE(f != nullptr);
      CHECK(str(*f, "status") == status);
      CHECK((*f)["old_path"].is_null());
      ++seen;
      pos = end;
    }
  }
  CHECK(seen == 3);
}

TEST_CASE("check reports odd paths exactly: spaces, unicode, leading dashes, newlines") {
  CheckRepo repo(two_component_policy(500, 10));
  const std::vector<std::string> odd = {"api/with space.c",
                                        "api/\xc3\xbc"
                                        "nic\xc3\xb6"
                                        "de.c",
                                        "api/-rf.c", "api/--help", "api/new\nline.c"};
  int n = 1;
  for (const auto& p : odd) repo.write(p, lines_of(n++, "odd"));
  std::string head = repo.commit();
  auto oracle = numstat(repo.dir, repo.base, head);
  REQUIRE(oracle.size() == odd.size());

  auto r = gate_check_json(repo.dir, {"--base", repo.base});
  CHECK(r.result.exit_code == 0);
  expect_files_match(r.json, oracle);
  expect_component(r.json, "api", tally(oracle, in_api));
}

}  // namespace gate::test
