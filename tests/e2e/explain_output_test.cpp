// `git-gate explain` prints the same bytes as before its output was streamed: the files
// in tests/data/explain/expected/ were written by the version that built one nlohmann
// tree and dumped it, on a mixed input (GitHub and GitLab files, sections, exclusions,
// default owners, components, unowned paths, "./" and "/" prefixes, CRLF, control
// characters, quotes and bytes that are not UTF-8). See docs/commands.md (explain).

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_fixtures.hpp"

namespace gate::test {
namespace {

const std::filesystem::path data_dir =
    std::filesystem::path(GATE_SOURCE_DIR) / "tests/data/explain";

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// A repository whose one commit holds the fixture's CODEOWNERS at `location` (none when
/// empty) and `policy` as policy.toml (none when empty).
void make_repo(const TempDir& tmp, const std::string& location, const std::string& policy) {
  init_repo(tmp.path());
  write_file(tmp.path(), "file", "x\n");
  if (!location.empty()) write_file(tmp.path(), location, slurp(data_dir / "CODEOWNERS"));
  if (!policy.empty()) write_file(tmp.path(), "policy.toml", slurp(data_dir / policy));
  commit_all(tmp.path(), "init");
}

struct Scenario {
  std::string name, location, policy;
};

}  // namespace

TEST_CASE("explain prints byte for byte what the tree-building version printed") {
  for (const Scenario& s :
       {Scenario{"gitlab", ".gitlab/CODEOWNERS", "policy.toml"},
        Scenario{"github", ".github/CODEOWNERS", "policy-owners.toml"}, Scenario{"none", "", ""}}) {
    TempDir tmp;
    make_repo(tmp, s.location, s.policy);
    for (const std::string format : {"json", "text"}) {
      INFO("scenario " << s.name << ", format " << format);
      RunOptions options;
      options.cwd = tmp.path();
      RunResult r = run({cli_path(), "explain", "--format", format, "README.md", "./web/x.js",
                         "--paths-from", (data_dir / "paths.txt").string()},
                        options);
      REQUIRE(r.exit_code == 0);
      std::string expected = slurp(data_dir / "expected" / (s.name + "." + format));
      REQUIRE(!expected.empty());
      CHECK(r.out == expected);
      if (format == "json") CHECK(parse_json(r.out).size() == 33);  // 2 arguments + 31 lines
    }
  }
}

TEST_CASE("a few paths named as arguments are explained as the same paths read from a file") {
  // Named paths are known before CODEOWNERS is read, so only the rules that decide them
  // are kept (parse_codeowners_for); --paths-from reads the whole file.
  std::vector<std::string> lines;
  std::istringstream in(slurp(data_dir / "paths.txt"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  REQUIRE(lines.size() > 20);
  for (const Scenario& s : {Scenario{"gitlab", ".gitlab/CODEOWNERS", "policy.toml"},
                            Scenario{"github", ".github/CODEOWNERS", "policy-owners.toml"}}) {
    TempDir tmp;
    make_repo(tmp, s.location, s.policy);
    RunOptions options;
    options.cwd = tmp.path();
    for (std::size_t at = 0; at < lines.size(); at += 4) {
      std::vector<std::string> group(lines.begin() + at,
                                     lines.begin() + std::min(at + 4, lines.size()));
      std::string listed;
      for (const std::string& path : group) listed += path + "\n";
      write_file(tmp.path(), "listed.txt", listed);
      for (const std::string format : {"json", "text"}) {
        INFO("scenario " << s.name << ", format " << format << ", from line " << at);
        std::vector<std::string> named = {cli_path(), "explain", "--format", format};
        named.insert(named.end(), group.begin(), group.end());
        RunResult by_name = run(named, options);
        RunResult by_file =
            run({cli_path(), "explain", "--format", format, "--paths-from", "listed.txt"}, options);
        REQUIRE(by_file.exit_code == 0);
        CHECK(by_name.exit_code == 0);
        CHECK(by_name.out == by_file.out);
      }
    }
  }
}

namespace {

/// The golden output's entries, one per path: JSON objects ("  {" to "  }") without the
/// separating ",\n", or text blocks (a path line and its indented lines).
std::vector<std::string> entries_of(const std::string& golden, bool json) {
  std::vector<std::string> entries;
  std::istringstream in(golden);
  for (std::string line; std::getline(in, line);) {
    if (json && (line == "[" || line == "]")) continue;
    bool starts = json ? line == "  {" : !line.starts_with(' ');
    if (starts || entries.empty()) entries.emplace_back();
    entries.back() += line + "\n";
  }
  if (json)
    for (std::string& entry : entries)
      if (entry.ends_with("},\n")) entry.erase(entry.size() - 2, 1);  // the "," before "\n"
  return entries;
}

}  // namespace

TEST_CASE("a list of many chunks is explained as its paths one after another") {
  // explain formats 1,024 paths a chunk on two threads (ARCHITECTURE.md, explain's output); the
  // golden list repeated 110 times is 3,410 paths, four chunks, the last one short.
  constexpr int repeats = 110;
  std::string once = slurp(data_dir / "paths.txt") + "\n";  // its last line has no newline
  std::string listed;
  for (int i = 0; i < repeats; ++i) listed += once;
  TempDir tmp;
  make_repo(tmp, ".gitlab/CODEOWNERS", "policy.toml");
  write_file(tmp.path(), "listed.txt", listed);
  for (const bool json : {true, false}) {
    INFO("format " << (json ? "json" : "text"));
    std::vector<std::string> golden =
        entries_of(slurp(data_dir / "expected" / (json ? "gitlab.json" : "gitlab.text")), json);
    REQUIRE(golden.size() == 33);  // two named paths, then the file's 31
    std::vector<std::string> order(golden.begin(), golden.begin() + 2);
    for (int i = 0; i < repeats; ++i) order.insert(order.end(), golden.begin() + 2, golden.end());
    std::string expected = json ? "[\n" : "";
    for (std::size_t i = 0; i < order.size(); ++i)
      expected +=
          json && i + 1 < order.size() ? order[i].substr(0, order[i].size() - 1) + ",\n" : order[i];
    if (json) expected += "]\n";
    RunOptions options;
    options.cwd = tmp.path();
    RunResult r = run({cli_path(), "explain", "--format", json ? "json" : "text", "README.md",
                       "./web/x.js", "--paths-from", "listed.txt"},
                      options);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.size() == expected.size());
    CHECK(r.out == expected);
  }
}

}  // namespace gate::test
