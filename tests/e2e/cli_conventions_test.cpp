// The command line follows git's conventions (issue 14): -C DIR before the command,
// `help CMD`, -V, value names that say what an option takes, argument errors that name
// the program and command, and "did you mean" for a mistyped command, action, format,
// rule id or component. The commands and options are read from the built binary; each
// typo is made from a real name, so the suggestion is never the test's own answer.

#include <doctest/doctest.h>

#include <algorithm>
#include <regex>

#include "ci_fixtures.hpp"
#include "docs_helpers.hpp"
#include "e2e_fixtures.hpp"
#include "gate/rule_table.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

// `name` with its middle byte dropped: a typo one edit away. `others` are the names it
// could be mistaken for; the typo must be none of them.
std::string typo_of(const std::string& name, const std::vector<std::string>& others = {}) {
  std::string typo = name;
  typo.erase(typo.size() / 2, 1);
  REQUIRE(std::find(others.begin(), others.end(), typo) == others.end());
  return typo;
}

// The argument lists that reach each command's parser: every command of the table, and
// each override action rather than `override` itself.
std::vector<std::vector<std::string>> every_command() {
  std::vector<std::vector<std::string>> out;
  for (const std::string& c : command_names())
    if (c != "override" && c != "freeze") out.push_back({c});
  for (const std::string& a : command_actions("override")) out.push_back({"override", a});
  for (const std::string& a : command_actions("freeze")) out.push_back({"freeze", a});
  return out;
}

std::string shown(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// A CheckRepo with one commit on top of its base that only touches api/.
struct SmallChange {
  CheckRepo repo{two_component_policy(50, 5)};
  std::string head;
  SmallChange() {
    repo.write("api/server.c", lines_of(5, "small"));
    head = repo.commit();
  }
};

}  // namespace

TEST_CASE("help CMD prints exactly CMD --help, help alone the usage, and help nosuch fails") {
  for (const std::vector<std::string>& words : every_command()) {
    INFO(shown(words));
    std::vector<std::string> asked = words, help = {"help"};
    asked.push_back("--help");
    help.insert(help.end(), words.begin(), words.end());
    RunResult direct = gate_cli({}, asked);
    RunResult via_help = gate_cli({}, help);
    CHECK(direct.exit_code == 0);
    CHECK(via_help.exit_code == 0);
    CHECK_FALSE(direct.out.empty());
    CHECK(via_help.out == direct.out);
  }
  RunResult usage = gate_cli({}, {"--help"});
  CHECK(gate_cli({}, {"help"}).out == usage.out);
  RunResult nosuch = gate_cli({}, {"help", "nosuch"});
  CHECK(nosuch.exit_code == 2);
  CHECK(nosuch.out.empty());
  CHECK(contains(nosuch.err, "'nosuch' is not a git-gate command"));
  for (const std::string& c : command_names()) {
    INFO(c);
    RunResult typo = gate_cli({}, {"help", typo_of(c)});
    CHECK(typo.exit_code == 2);
    CHECK(contains(typo.err, "Did you mean '" + c + "'?"));
  }
}

TEST_CASE("-V is --version") {
  RunResult longer = gate_cli({}, {"--version"});
  RunResult shorter = gate_cli({}, {"-V"});
  CHECK(longer.exit_code == 0);
  CHECK(shorter.exit_code == 0);
  CHECK(shorter.out == longer.out);
  CHECK(shorter.out.starts_with("git-gate "));
}

TEST_CASE("no --help names a value TEXT: each says what it takes") {
  for (const std::vector<std::string>& words : every_command()) {
    INFO(shown(words));
    std::vector<std::string> args = words;
    args.push_back("--help");
    RunResult r = gate_cli({}, args);
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("TEXT") == std::string::npos);
    // Every option that takes a value names it in capitals: "--base REV".
    const std::regex valued(R"(^  (--[a-z-]+|-[A-Za-z]) [^ ])");
    for (const std::string& line : lines_of(r.out)) {
      std::smatch m;
      if (!std::regex_search(line, m, valued)) continue;
      INFO(line);
      CHECK(std::regex_search(line, std::regex(R"(^  [^ ]+ [A-Z][A-Z|=]*)")));
    }
  }
}

TEST_CASE("an argument error names the program and the command, and exits 2") {
  for (const std::vector<std::string>& words : every_command()) {
    INFO(shown(words));
    std::vector<std::string> args = words;
    args.push_back("--no-such-option");
    RunResult r = gate_cli({}, args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.starts_with("git-gate " + shown(words) + ": "));
    CHECK(contains(r.err, "\nRun 'git-gate " + shown(words) + " --help' for its options.\n"));
  }
  RunResult format = gate_cli({}, {"check", "--format", "no-such-format"});
  CHECK(format.exit_code == 2);
  CHECK(format.err.starts_with("git-gate check: --format: "));
}

// The long options a command's --help lists, "--help" left out.
std::vector<std::string> long_options(const std::vector<std::string>& words) {
  std::vector<std::string> args = words;
  args.push_back("--help");
  std::vector<std::string> out;
  std::istringstream help(gate_cli({}, args).out);
  for (std::string line; std::getline(help, line);) {
    const std::size_t at = line.find("--");
    if (at == std::string::npos || line.find_first_not_of(" -,h", 0) < at - 1) continue;
    std::size_t end = at + 2;
    while (end < line.size() &&
           (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '-'))
      ++end;
    const std::string name = line.substr(at, end - at);
    if (name != "--help" && name.size() > 2) out.push_back(name);
  }
  return out;
}

TEST_CASE("a mistyped long option gets 'did you mean' naming the option") {
  std::size_t tried = 0;
  for (const std::vector<std::string>& words : every_command()) {
    for (const std::string& option : long_options(words)) {
      if (option.size() < 7) continue;  // short names are one edit from many words
      std::vector<std::string> args = words;
      args.push_back(typo_of(option) + "=x");
      RunResult r = gate_cli({}, args);
      INFO(shown(words) << " " << option << "\n" << r.err);
      CHECK(r.exit_code == 2);
      CHECK(contains(r.err, "did you mean '" + option + "'?"));
      ++tried;
    }
  }
  CHECK(tried > 20);
}

TEST_CASE("a mistyped command or override action gets 'did you mean'") {
  for (const std::string& c : command_names()) {
    INFO(c);
    RunResult r = gate_cli({}, {typo_of(c)});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "Did you mean '" + c + "'?"));
  }
  for (const std::string& a : command_actions("override")) {
    INFO(a);
    RunResult r = gate_cli({}, {"override", typo_of(a)});
    CHECK(r.exit_code == 2);
    CHECK(r.err.starts_with("git-gate override: "));
    CHECK(contains(r.err, "did you mean '" + a + "'?"));
  }
}

TEST_CASE("a mistyped format, output format or provider gets 'did you mean'") {
  SmallChange s;
  for (const std::string format : {"json", "sarif", "markdown"}) {
    INFO(format);
    RunResult r = gate_check(s.repo.dir, {"--base", s.repo.base, "--format", typo_of(format)});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "did you mean '" + format + "'?"));
    RunResult out =
        gate_check(s.repo.dir, {"--base", s.repo.base, "--output", typo_of(format) + "=out"});
    CHECK(out.exit_code == 2);
    CHECK(contains(out.err, "did you mean '" + format + "'?"));
    CHECK_FALSE(fs::exists(s.repo.dir / "out"));
  }
  for (const std::string command : {"explain", "window", "lint", "audit"}) {
    INFO(command);
    RunResult r = gate_cli(s.repo.dir, {command, "--format", typo_of("json")});
    CHECK(r.exit_code == 2);
    CHECK(r.err.starts_with("git-gate " + command + ": --format: "));
    CHECK(contains(r.err, "did you mean 'json'?"));
  }
  for (const std::string provider : {"github", "gitlab", "generic"}) {
    RunResult r = gate_ci(s.repo.dir, {"--provider", typo_of(provider)});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "did you mean '" + provider + "'?"));
  }
}

TEST_CASE("a mistyped rule id for override approve gets 'did you mean', and nothing is written") {
  SmallChange s;
  std::vector<std::string> ids;
  for (const RuleInfo& rule : rule_table) ids.emplace_back(rule.id);
  for (const std::string& id : ids) {
    INFO(id);
    RunResult r = gate_cli(s.repo.dir, {"override", "approve", s.head, "--rule", typo_of(id, ids),
                                        "--reason", "INC-1", "--expires", "1h"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.starts_with("git-gate override approve: --rule: "));
    CHECK(contains(r.err, "did you mean '" + id + "'?"));
  }
  CHECK(git(s.repo.dir, {"for-each-ref", "refs/notes/"}).empty());
}

TEST_CASE("a mistyped component for window gets 'did you mean'") {
  SmallChange s;
  for (const std::string component : {"api", "web"}) {
    RunResult r = gate_cli(s.repo.dir, {"window", "--component", typo_of(component)});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "did you mean '" + component + "'?"));
    CHECK(gate_cli(s.repo.dir, {"window", "--component", component}).exit_code == 0);
  }
}

TEST_CASE("-C DIR before the command runs there, repeatable, each relative to the one before") {
  SmallChange s;
  const fs::path parent = s.repo.dir.parent_path();
  const std::string name = s.repo.dir.filename().string();
  const std::vector<std::string> args = {"--base", s.repo.base, "--format",
                                         "json",   "--output",  "markdown=report.md"};
  std::vector<std::string> inside = {"check"};
  inside.insert(inside.end(), args.begin(), args.end());
  // A fixed clock: the runs are compared byte for byte, "evaluated_at" included.
  const Env now = {{"GATE_NOW", "2026-07-08T09:00:00Z"}};
  RunResult here = gate_cli(s.repo.dir, inside, now);
  REQUIRE(here.exit_code == 0);
  const std::string markdown = file_text(s.repo.dir / "report.md");
  fs::remove(s.repo.dir / "report.md");

  TempDir elsewhere;
  const std::vector<std::vector<std::string>> spellings = {
      {"-C", s.repo.dir.string(), "check"},
      {"-C", parent.string(), "-C", name, "check"},              // the second from the first
      {"-C", parent.string(), "check", "-C", name},              // the command's own from the first
      {"-C", "", "-C", s.repo.dir.string(), "-C", "", "check"},  // an empty DIR: no change
  };
  for (std::vector<std::string> words : spellings) {
    words.insert(words.end(), args.begin(), args.end());
    INFO(shown(words));
    RunResult moved = gate_cli(elsewhere.path(), words, now);
    INFO(moved.err);
    CHECK(moved.exit_code == here.exit_code);
    CHECK(moved.out == here.out);
    // --output's relative file is taken from the last -C, as every file option's.
    CHECK(file_text(s.repo.dir / "report.md") == markdown);
    CHECK_FALSE(fs::exists(elsewhere.path() / "report.md"));
    fs::remove(s.repo.dir / "report.md");
  }
  RunResult missing = gate_cli(elsewhere.path(), {"-C", "no-such-dir", "check"});
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "no-such-dir"));
  CHECK(gate_cli(elsewhere.path(), {"-C"}).exit_code == 2);
  // -C before help and --version changes nothing they print.
  CHECK(gate_cli(elsewhere.path(), {"-C", s.repo.dir.string(), "-V"}).out ==
        gate_cli({}, {"-V"}).out);
}

}  // namespace gate::test
