// Hostile input: globs that would backtrack exponentially, inputs too long to quote,
// helpers that never finish. Each must cost linear time and bounded output.

#include <doctest/doctest.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

#include "gate/error.hpp"
#include "gate/override.hpp"
#include "gate/policy.hpp"
#include "gate/subprocess.hpp"

namespace {

struct GlobCase {
  std::string_view pattern;
  std::string_view text;
  bool matches;
};

// `*` is any run of characters, `/` included; everything else is literal.
constexpr GlobCase glob_cases[] = {
    {"", "", true},
    {"", "a", false},
    {"*", "", true},
    {"*", "size.component", true},
    {"**", "refs/heads/main", true},
    {"window.*", "window.freeze", true},
    {"window.*", "window.", true},
    {"window.*", "owners.approval", false},
    {"size.component", "size.component", true},
    {"size.component", "size.components", false},
    {"size.component", "size.componen", false},
    {"*.component", "size.component", true},
    {"*.*", "size.component", true},
    {"*.*", "sizecomponent", false},
    {"s*e*t", "size.component", true},
    {"s*e*x", "size.component", false},
    {"*a*a*a*b", "aaaaaaaaaaaaab", true},
    {"*a*a*a*b", "aaaaaaaaaaaaaa", false},
    {"refs/heads/release/*", "refs/heads/release/1.2", true},
    {"refs/heads/release/*", "refs/heads/releases/1.2", false},
    {"refs/tags/v*", "refs/tags/v1/x", true},
    {"refs/*/main", "refs/heads/a/main", true},
    {"refs/*/main", "refs/heads/main2", false},
    {"?", "a", false},
    {"[a]", "a", false},
    {"a*", "A", false},
};

// 40 stars before a character no rule id has: a backtracking matcher tries every way to
// split the text among the stars, and never returned here.
std::string many_stars() { return std::string(40, '*') + "#"; }

}  // namespace

TEST_CASE("rule and ref globs keep their semantics") {
  for (const GlobCase& c : glob_cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.text);
    CHECK(gate::rule_pattern_matches(c.pattern, c.text) == c.matches);
    CHECK(gate::ref_glob_matches(c.pattern, c.text) == c.matches);
  }
}

TEST_CASE("a glob of 40 stars against a long non-matching id returns") {
  std::string text(4000, 'a');
  CHECK_FALSE(gate::rule_pattern_matches(many_stars(), text));
  CHECK_FALSE(gate::ref_glob_matches(many_stars(), text));
  CHECK(gate::rule_pattern_matches(many_stars(), text + "#"));
  std::string interleaved;
  for (int i = 0; i < 40; ++i) interleaved += "*a";
  CHECK_FALSE(gate::rule_pattern_matches(interleaved + "*#", text));
}

TEST_CASE("a policy whose approver glob has 40 stars parses") {
  std::string policy =
      "version = 1\n[overrides]\nrepository = \"acme/voice\"\n"
      "[[overrides.approver]]\nprincipal = \"vp@acme.example\"\nrules = [\"" +
      many_stars() + "\"]\n";
  // The glob names no rule, so the policy is refused: after matching it against every id.
  CHECK_THROWS_AS(gate::parse_policy(policy, "policy.toml"), gate::ConfigError);
}

TEST_CASE("quote_input keeps short input and cuts long input on a character") {
  CHECK(gate::quote_input("main") == "main");
  std::string exact(gate::max_quoted_input, 'x');
  CHECK(gate::quote_input(exact) == exact);
  std::string long_text(1 << 20, 'x');
  std::string quoted = gate::quote_input(long_text);
  CHECK(quoted.size() <= gate::max_quoted_input + std::string_view("…").size());
  CHECK(quoted.starts_with(std::string(gate::max_quoted_input, 'x')));
  CHECK(quoted.ends_with("…"));
  // "é" is two bytes; a cut at byte 3 would split the second one.
  CHECK(gate::quote_input("aéé", 3) == "aé…");
  CHECK(gate::quote_input("ééé", 1) == "…");
}

TEST_CASE("a subprocess past its timeout is killed and named") {
  std::vector<std::string> argv = {"/bin/sh", "-c", "sleep 30"};
  try {
    gate::run_process(argv, "", "sh", std::chrono::seconds(1));
    FAIL("expected a timeout");
  } catch (const gate::UsageError& e) {
    std::string message = e.what();
    CHECK(message.find("/bin/sh") != std::string::npos);
    CHECK(message.find("1 s") != std::string::npos);
  }
}

TEST_CASE("a subprocess that may prompt stays in the caller's process group and times out too") {
  // `exec`: the shell becomes the sleeper, so killing the one process ends it.
  std::vector<std::string> argv = {"/bin/sh", "-c", "cut -d' ' -f5 /proc/$$/stat; exec sleep 30"};
  CHECK_THROWS_AS(
      gate::run_process(argv, "", "sh", std::chrono::seconds(1), gate::Prompt::terminal),
      gate::UsageError);
  gate::ProcessResult same =
      gate::run_process({"/bin/sh", "-c", "cut -d' ' -f5 /proc/$$/stat"}, "", "sh",
                        std::chrono::seconds(10), gate::Prompt::terminal);
  gate::ProcessResult own =
      gate::run_process({"/bin/sh", "-c", "cut -d' ' -f5 /proc/$$/stat"}, "", "sh");
  const std::string mine = std::to_string(::getpgrp()) + "\n";
  CHECK(same.out == mine);
  CHECK(own.out != mine);
}

TEST_CASE("a subprocess within its timeout returns its output") {
  gate::ProcessResult r =
      gate::run_process({"/bin/sh", "-c", "cat; echo done"}, "in\n", "sh", std::chrono::seconds(5));
  CHECK(r.exit_code == 0);
  CHECK(r.out == "in\ndone\n");
}

namespace {

// The diagnostics of a policy that must not parse; none when it parses.
std::vector<gate::Diagnostic> policy_problems(const std::string& text) {
  try {
    gate::parse_policy(text, "policy.toml");
  } catch (const gate::ConfigError& e) {
    return e.diagnostics();
  }
  return {};
}

}  // namespace

// Each of these quoted its input whole: a key, an id or a span of 100 KB made a 100 KB
// message and a 100 KB caret line, once per problem.
TEST_CASE("policy messages quote at most 200 bytes of each key, id, name or value") {
  const std::string big(100'000, 'x');
  const std::string cases[] = {
      big + " = 1\n",
      "[size]\n" + big + " = 1\n",
      "[[component]]\nname = \"a\"\npaths = [\"/a/\"]\n" + big + " = 1\n",
      "[[component]]\nname = \"" + big + "\"\npaths = [\"/a/\"]\n[[component]]\nname = \"" + big +
          "\"\npaths = [\"/b/\"]\n",
      "[rules]\n\"" + big + "\" = \"warn\"\n",
      "protected = [\"" + big + "\"]\n",
      "[owners.teams]\n\"" + big + "\" = [\"" + big + "\"]\n",
      "[owners]\nsyntax = \"" + big + "\"\n",
      "[[freeze]]\nid = \"" + big + "\"\nweekly = [\"" + big + "\"]\n",
      "[[freeze]]\nid = \"" + big + "\"\nreason = \"r\"\n",
      "[size]\nexclude = [\"***" + big + "\"]\n",
  };
  for (const std::string& text : cases) {
    std::vector<gate::Diagnostic> problems = policy_problems("version = 1\n" + text);
    CAPTURE(text.substr(0, 60));
    REQUIRE_FALSE(problems.empty());
    for (const gate::Diagnostic& d : problems) {
      CHECK(d.message.size() < 1024);
      CHECK(d.source_line.size() < 1024);
    }
  }
}

TEST_CASE("a policy of 5,000 unknown keys lists 1,000 problems and counts the rest") {
  std::string text = "version = 1\n";
  for (int i = 0; i < 5000; ++i) text += "k" + std::to_string(i) + " = 1\n";
  std::vector<gate::Diagnostic> problems = policy_problems(text);
  REQUIRE(problems.size() == 1001);
  CHECK(problems.back().message == "4000 more problems not listed");
}
