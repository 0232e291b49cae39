// What the command line prints (issue 14): --color=auto|always|never beside NO_COLOR,
// --quiet (the exit code alone), one word, `text`, for the human format of every command
// (audit's `table` kept as another name), and audit's table in line whatever its rows
// hold. The verdicts are those of the same runs without the options.

#include <doctest/doctest.h>

#include <filesystem>

#include "ci_fixtures.hpp"
#include "e2e_fixtures.hpp"
#include "override_fixtures.hpp"

namespace gate::test {
namespace {

namespace fs = std::filesystem;

const std::string escape = "\x1b[";

// A repository whose change blocks (api/ grows past its limit of 50 lines).
struct Blocked {
  CheckRepo repo{two_component_policy(50, 5)};
  Blocked() {
    repo.write("api/server.c", lines_of(80, "grown"));
    repo.commit();
  }
};

// `text` quoted for sh.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool have_script() { return fs::exists("/usr/bin/script"); }

// `git-gate args...` in `dir` with its stdout on a terminal: util-linux script(1) runs it
// on a pseudo-terminal and copies what it prints.
RunResult on_terminal(const fs::path& dir, const std::vector<std::string>& args,
                      const Env& env = {}) {
  std::string command = quoted(cli_path());
  for (const std::string& a : args) command += " " + quoted(a);
  RunOptions options;
  options.cwd = dir;
  options.env = env;
  return run({"script", "-qec", command, "/dev/null"}, options);
}

bool colored(const RunResult& r) { return r.out.find(escape) != std::string::npos; }

}  // namespace

TEST_CASE("--color always colors into a pipe, even with NO_COLOR, and never and auto do not") {
  Blocked b;
  // A fixed clock, so that runs compared with each other print the same "evaluated at".
  const std::string now = "2026-07-08T09:00:00Z";
  const Env no_color = {{"NO_COLOR", "1"}, {"GATE_NOW", now}},
            unset = {{"NO_COLOR", std::nullopt}, {"GATE_NOW", now}};
  for (const std::string command : {"check", "ci"}) {
    INFO(command);
    std::vector<std::string> base = {command, "--base", b.repo.base};
    if (command == "ci")
      base.insert(base.end(), {"--provider", "generic", "--ref", "refs/heads/main"});
    auto with = [&base](const std::string& color) {
      std::vector<std::string> a = base;
      if (!color.empty()) a.push_back("--color=" + color);
      return a;
    };
    RunResult plain = gate_cli(b.repo.dir, with(""), unset);
    CHECK(plain.exit_code == 1);
    CHECK_FALSE(colored(plain));  // auto: a pipe is not a terminal
    for (const Env& env : {no_color, unset}) {
      RunResult always = gate_cli(b.repo.dir, with("always"), env);
      CHECK(always.exit_code == 1);
      CHECK(colored(always));
      RunResult never = gate_cli(b.repo.dir, with("never"), env);
      CHECK(never.exit_code == 1);
      CHECK(never.out == plain.out);
    }
    RunResult bad = gate_cli(b.repo.dir, with("sometimes"));
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.starts_with("git-gate " + std::string(command) + ": --color: "));
  }
}

TEST_CASE("on a terminal: auto colors, never and NO_COLOR do not, always beats NO_COLOR") {
  if (!have_script()) {
    MESSAGE("skipped: script(1) from util-linux is not installed");
    return;
  }
  Blocked b;
  const Env unset = {{"NO_COLOR", std::nullopt}}, no_color = {{"NO_COLOR", "1"}},
            empty = {{"NO_COLOR", ""}};
  const std::vector<std::string> args = {"check", "--base", b.repo.base};
  auto with = [&args](const std::string& color) {
    std::vector<std::string> a = args;
    if (!color.empty()) a.push_back("--color=" + color);
    return a;
  };
  RunResult terminal = on_terminal(b.repo.dir, with(""), unset);
  CHECK(terminal.exit_code == 1);
  CHECK(colored(terminal));  // the case below would pass without a terminal otherwise
  CHECK(colored(on_terminal(b.repo.dir, with("auto"), empty)));  // NO_COLOR empty: unset
  CHECK_FALSE(colored(on_terminal(b.repo.dir, with("never"), unset)));
  CHECK_FALSE(colored(on_terminal(b.repo.dir, with("auto"), no_color)));
  CHECK(colored(on_terminal(b.repo.dir, with("always"), no_color)));
}

TEST_CASE("--quiet: nothing on stdout, the same exit code, errors still on stderr") {
  Blocked b;
  CheckRepo ok(two_component_policy(50, 5));
  ok.write("api/server.c", lines_of(5, "small"));
  ok.commit();
  const std::vector<std::vector<std::string>> runs = {
      {"check", "--base", "BASE"},
      {"check", "--base", "BASE", "--format", "json"},
      {"ci", "--provider", "generic", "--base", "BASE", "--ref", "refs/heads/main"},
      {"window"},
      {"lint"},
      {"explain", "api/server.c"},
  };
  for (const CheckRepo* repo : {&b.repo, &ok}) {
    for (std::vector<std::string> args : runs) {
      for (std::string& a : args)
        if (a == "BASE") a = repo->base;
      INFO(args[0] << " " << (repo == &ok ? "allowed" : "blocked"));
      RunResult loud = gate_cli(repo->dir, args);
      CHECK(loud.exit_code != 2);
      CHECK_FALSE(loud.out.empty());
      for (const std::string quiet : {"-q", "--quiet"}) {
        std::vector<std::string> q = args;
        q.push_back(quiet);
        RunResult r = gate_cli(repo->dir, q);
        CHECK(r.exit_code == loud.exit_code);
        CHECK(r.out.empty());
      }
    }
  }
  // --output still writes its file; an error still reaches stderr, and stdout stays empty
  // even in JSON.
  RunResult written =
      gate_cli(b.repo.dir, {"check", "--base", b.repo.base, "-q", "--output", "json=r.json"});
  CHECK(written.exit_code == 1);
  CHECK(written.out.empty());
  CHECK(str(parse_json(file_text(b.repo.dir / "r.json")), "verdict") == "block");
  RunResult error =
      gate_cli(b.repo.dir, {"check", "--base", "no-such-rev", "--format", "json", "-q"});
  CHECK(error.exit_code == 2);
  CHECK(error.out.empty());
  CHECK(contains(error.err, "no-such-rev"));
}

TEST_CASE("every command calls its human format text, and audit's table is another name for it") {
  Blocked b;
  const std::vector<std::vector<std::string>> runs = {
      {"check", "--base", b.repo.base}, {"window"}, {"lint"}, {"explain", "api/server.c"}};
  for (const std::vector<std::string>& args : runs) {
    INFO(args[0]);
    // A fixed clock: the two runs must print the same "evaluated at".
    const Env now = {{"GATE_NOW", "2026-07-08T09:00:00Z"}};
    RunResult plain = gate_cli(b.repo.dir, args, now);
    std::vector<std::string> text = args;
    text.insert(text.end(), {"--format", "text"});
    RunResult named = gate_cli(b.repo.dir, text, now);
    CHECK(named.exit_code == plain.exit_code);
    CHECK(named.out == plain.out);
  }
  OverrideRepo r;
  const std::string commit = r.oversized_change();
  REQUIRE(r.approve(commit).result.exit_code == 0);
  const std::string at = "2026-07-09T12:00:00Z";
  RunResult plain = r.gate({"audit", "--base", r.trusted}, at);
  REQUIRE(plain.exit_code == 0);
  CHECK(contains(plain.out, commit.substr(0, 12)));
  for (const std::string format : {"text", "table"}) {
    RunResult named = r.gate({"audit", "--base", r.trusted, "--format", format}, at);
    CHECK(named.exit_code == 0);
    CHECK(named.out == plain.out);
  }
}

TEST_CASE("audit's table lines up when a row has several rules, a long approver or is invalid") {
  OverrideRepo r;
  const std::string one = r.oversized_change("one");
  const std::string two = r.oversized_change("two");
  const std::string three = r.oversized_change("three");
  REQUIRE(r.approve(one).result.exit_code == 0);
  Grant several;
  several.principal = cto_email;
  several.key = "cto";
  several.rules = {"size.component", "size.components", "owners.approval"};
  REQUIRE(r.approve(two, several).result.exit_code == 0);
  REQUIRE(r.approve(three).result.exit_code == 0);
  r.set_note(three, replaced(r.note(three), "reason: INC-965", "reason: INC-966"));  // forged

  RunResult table = r.gate({"audit", "--base", r.trusted}, "2026-07-08T09:30:00Z");
  REQUIRE(table.exit_code == 0);
  INFO(table.out);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < table.out.size();) {
    std::size_t end = table.out.find('\n', start);
    std::string line = table.out.substr(start, end - start);
    if (line.empty()) break;  // the table ends at the first blank line
    lines.push_back(line);
    start = end + 1;
  }
  REQUIRE(lines.size() == 4);  // the header and three records
  CHECK(contains(table.out, "invalid"));
  CHECK(contains(table.out, "size.component,size.components,owners.approval"));
  // Each column starts where its header does, in every row: after two spaces, on a
  // character that is not one.
  const std::string& header = lines[0];
  for (const std::string title :
       {"expires at", "commit", "approver", "rules", "status", "reason"}) {
    std::size_t column = header.find(title);
    REQUIRE(column != std::string::npos);
    for (std::size_t i = 1; i < lines.size(); ++i) {
      INFO(title << " in row " << i << ": " << lines[i]);
      REQUIRE(lines[i].size() > column);
      CHECK(lines[i].compare(column - 2, 2, "  ") == 0);
      CHECK(lines[i][column] != ' ');
    }
  }
}

}  // namespace gate::test
