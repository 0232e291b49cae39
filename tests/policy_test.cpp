// Unit tests of parse_policy and the Policy queries. Every expected error position is
// computed from the test's own input text, never copied from the loader's output.
#include "gate/policy.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "policy_helpers.hpp"

using namespace gate::test::policy;

namespace {

const char* const example_policy = R"toml(version = 1
timezone = "Europe/Bratislava"                 # default zone of windows
protected = ["refs/heads/main", "refs/heads/release/*", "refs/tags/v*"]   # deploy refs

[rules]                                        # optional per-rule severity: block | warn | off
"owners.cross-team" = "warn"

[size]
severity = "block"                             # size.component and size.components
max_components = 1                             # components one change may touch; (other) not counted
max_lines = 1000                               # defaults for (other) and components without their own
max_files = 100
exclude = ["**/package-lock.json", "vendor/**"] # listed, not counted

[[component]]
name = "voice"
paths = ["/kamailio/", "/ansible/roles/kamailio/"]     # CODEOWNERS-style patterns; last matching component wins
zones = ["Asia/Singapore", "Australia/Sydney"]          # regions it runs in (zone-less windows apply in each); may be []
max_lines = 400                                # added + deleted
max_files = 50

[[component]]
name = "web"
paths = ["/web/"]
zones = []

[[freeze]]
id = "friday-afternoon"                         # required
weekly = "Fri 12:00 - Mon 06:00"               # a string or an array; each span in either form of 2.2
reason = "No deploys on Friday afternoon or over the weekend"   # optional

[[freeze]]
id = "year-end"
from = 2026-12-20T00:00:00                     # TOML local date-times, in the window's zone
until = 2027-01-04T08:00:00
zone = "UTC"                                   # optional, else the change's zones

[[allow]]
id = "working-hours"
weekly = ["Mon-Thu 09:00-17:00", "Fri 09:00-12:00"]   # daily form: on each listed day
zone = "Europe/Bratislava"                     # team hours: pin the zone

[owners]
severity = "block"
cross_team = "warn"
syntax = "gitlab"
dismiss_stale = true
[owners.teams]
"@acme/voice" = ["@carol", "@dave"]
[owners.people]
"bob@acme.example" = "@bob"

[overrides]
repository = "acme/voice"
namespace = "git-gate-override@acme.example"
allowed_signers = ".gate/allowed_signers"
notes_ref = "refs/notes/gate"
max_duration = "24h"
[[overrides.approver]]
principal = "vp@acme.example"
rules = ["window.*", "size.*"]
)toml";

}  // namespace

TEST_CASE("known rules and severity names") {
  CHECK(gate::known_rules() ==
        std::vector<std::string>{"window.freeze", "window.outside-allowed", "owners.unowned",
                                 "owners.approval", "owners.cross-team", "size.component",
                                 "size.components", "ref.delete", "policy.invalid"});
  CHECK(std::string(gate::to_string(RuleSeverity::off)) == "off");
  CHECK(std::string(gate::to_string(RuleSeverity::warn)) == "warn");
  CHECK(std::string(gate::to_string(RuleSeverity::block)) == "block");
}

TEST_CASE("the documented example policy loads") {
  const Policy p = parse_policy(example_policy, "policy.toml");
  CHECK(p.version == 1);
  CHECK(p.source == "policy.toml");
  CHECK(p.timezone == "Europe/Bratislava");
  CHECK(p.protected_refs ==
        std::vector<std::string>{"refs/heads/main", "refs/heads/release/*", "refs/tags/v*"});
  CHECK(p.rules.size() == 1);
  CHECK(p.severity("owners.cross-team") == RuleSeverity::warn);
  REQUIRE(p.size.severity.has_value());
  CHECK(*p.size.severity == RuleSeverity::block);
  CHECK(p.size.max_components == 1);
  CHECK(p.size.limits.max_lines == 1000);
  CHECK(p.size.limits.max_files == 100);
  REQUIRE(p.size.exclude.size() == 2);
  CHECK(p.size.exclude[1].text() == "vendor/**");

  REQUIRE(p.components.size() == 2);
  const gate::Component& voice = p.components[0];
  CHECK(voice.name == "voice");
  REQUIRE(voice.paths.size() == 2);
  CHECK(voice.paths[0].text() == "/kamailio/");
  CHECK(voice.zones == std::vector<std::string>{"Asia/Singapore", "Australia/Sydney"});
  CHECK(voice.limits.max_lines == 400);
  CHECK(voice.limits.max_files == 50);
  const Position header = position_of(example_policy, "[[component]]");
  CHECK(voice.where.file == "policy.toml");
  CHECK(voice.where.line == header.line);
  CHECK(p.components[1].name == "web");
  CHECK(p.components[1].zones.empty());
  CHECK_FALSE(p.components[1].limits.max_lines.has_value());

  CHECK(p.owners.syntax == gate::OwnersSyntax::gitlab);
  CHECK(p.owners.dismiss_stale);
  CHECK(p.owners.teams.at("@acme/voice") == std::vector<std::string>{"@carol", "@dave"});
  CHECK(p.owners.people.at("bob@acme.example") == "@bob");
}

TEST_CASE("[owners] severity keys feed the owners rules, [rules] still wins") {
  const Policy p = parse_policy(
      "version = 1\n[rules]\n\"owners.approval\" = \"off\"\n"
      "[owners]\nseverity = \"warn\"\ncross_team = \"block\"\n");
  CHECK(p.severity("owners.unowned") == RuleSeverity::warn);
  CHECK(p.severity("owners.approval") == RuleSeverity::off);
  CHECK(p.severity("owners.cross-team") == RuleSeverity::block);
}

TEST_CASE("[owners] mistakes are reported with their place") {
  expect_single_error("version = 1\n[owners]\nsyntax = \"bitbucket\"\n", "\"bitbucket\"",
                      "'syntax' must be \"github\" or \"gitlab\"");
  expect_single_error("version = 1\n[owners]\ndismiss_stale = \"yes\"\n", "\"yes\"",
                      "'dismiss_stale' must be a boolean");
  expect_single_error("version = 1\n[owners.people]\n\"a@b.c\" = \"bob\"\n", "\"bob\"",
                      "must map to a handle");
}

TEST_CASE("defaults") {
  const Policy p = parse_policy("version = 1\n");
  CHECK(p.timezone == "UTC");
  CHECK(p.protected_refs == std::vector<std::string>{"refs/heads/main"});
  CHECK(p.rules.empty());
  CHECK_FALSE(p.size.severity.has_value());
  CHECK(p.size.max_components == 1);
  CHECK_FALSE(p.size.limits.max_lines.has_value());
  CHECK_FALSE(p.size.limits.max_files.has_value());
  CHECK(p.size.exclude.empty());
  CHECK(p.components.empty());
  for (const std::string& rule : gate::known_rules())
    CHECK(p.severity(rule) ==
          (rule == "owners.cross-team" ? RuleSeverity::warn : RuleSeverity::block));
  CHECK(p.is_protected("refs/heads/main"));
  CHECK_FALSE(p.is_protected("refs/heads/feature"));
  CHECK(p.component_for("README.md") == nullptr);
  CHECK_FALSE(p.limits_for(nullptr).max_lines.has_value());
}

TEST_CASE("severity precedence: [rules] beats [size] severity beats the default") {
  const Policy p = parse_policy(R"(version = 1
[rules]
"size.component" = "off"
"owners.cross-team" = "block"
"window.freeze" = "warn"
[size]
severity = "warn"
)");
  CHECK(p.severity("size.component") == RuleSeverity::off);    // [rules]
  CHECK(p.severity("size.components") == RuleSeverity::warn);  // [size] severity
  CHECK(p.severity("owners.cross-team") == RuleSeverity::block);
  CHECK(p.severity("window.freeze") == RuleSeverity::warn);
  CHECK(p.severity("owners.approval") == RuleSeverity::block);  // default
  CHECK(p.severity("window.outside-allowed") == RuleSeverity::block);
}

TEST_CASE("protected refs: '*' crosses '/', everything else is literal") {
  const Policy p = parse_policy(
      R"(version = 1
protected = ["refs/heads/main", "refs/heads/release/*", "refs/tags/v*", "refs/heads/a?c"]
)");
  CHECK(p.is_protected("refs/heads/main"));
  CHECK(p.is_protected("refs/heads/release/1.2"));
  CHECK(p.is_protected("refs/heads/release/a/b"));
  CHECK(p.is_protected("refs/heads/release/"));
  CHECK(p.is_protected("refs/tags/v1.0.0"));
  CHECK(p.is_protected("refs/tags/v"));
  CHECK(p.is_protected("refs/heads/a?c"));
  CHECK_FALSE(p.is_protected("refs/heads/abc"));  // '?' is literal
  CHECK_FALSE(p.is_protected("refs/heads/main2"));
  CHECK_FALSE(p.is_protected("refs/heads/mai"));
  CHECK_FALSE(p.is_protected("refs/heads/release"));
  CHECK_FALSE(p.is_protected("refs/heads/feature/release/1"));
  CHECK_FALSE(p.is_protected("refs/tags/1.0"));
  CHECK_FALSE(p.is_protected("refs/heads/Main"));

  const Policy none = parse_policy("version = 1\nprotected = []\n");
  CHECK_FALSE(none.is_protected("refs/heads/main"));
  const Policy all = parse_policy("version = 1\nprotected = [\"refs/*/m*n\"]\n");
  CHECK(all.is_protected("refs/heads/x/main"));
  CHECK_FALSE(all.is_protected("refs/heads/x/mainx"));
}

TEST_CASE("component_for: the last matching component wins") {
  const Policy p = parse_policy(R"(version = 1
[[component]]
name = "src"
paths = ["/src/"]
[[component]]
name = "voice"
paths = ["/docs/voice/", "/src/voice/"]
[[component]]
name = "web"
paths = ["/web/"]
)");
  REQUIRE(p.components.size() == 3);
  auto name_of = [&](std::string_view path) -> std::string {
    const gate::Component* c = p.component_for(path);
    return c ? c->name : std::string(gate::other_component);
  };
  CHECK(name_of("src/main.c") == "src");
  CHECK(name_of("src/voice/sip.c") == "voice");  // both match; voice comes later
  CHECK(name_of("docs/voice/x.md") == "voice");
  CHECK(name_of("web/index.html") == "web");
  CHECK(name_of("README.md") == "(other)");

  // The same components in the other order: the broader one, now last, wins.
  const Policy q = parse_policy(R"(version = 1
[[component]]
name = "voice"
paths = ["/src/voice/"]
[[component]]
name = "src"
paths = ["/src/"]
)");
  REQUIRE(q.component_for("src/voice/sip.c") != nullptr);
  CHECK(q.component_for("src/voice/sip.c")->name == "src");
}

TEST_CASE("limits_for falls back to [size] one limit at a time") {
  const Policy p = parse_policy(R"(version = 1
[size]
max_lines = 1000
max_files = 100
[[component]]
name = "both"
paths = ["/a/"]
max_lines = 10
max_files = 0
[[component]]
name = "lines-only"
paths = ["/b/"]
max_lines = 20
[[component]]
name = "none"
paths = ["/c/"]
)");
  REQUIRE(p.components.size() == 3);
  const gate::Limits both = p.limits_for(&p.components[0]);
  CHECK(both.max_lines == 10);
  CHECK(both.max_files == 0);
  const gate::Limits lines_only = p.limits_for(&p.components[1]);
  CHECK(lines_only.max_lines == 20);
  CHECK(lines_only.max_files == 100);
  const gate::Limits none = p.limits_for(&p.components[2]);
  CHECK(none.max_lines == 1000);
  CHECK(none.max_files == 100);
  CHECK(p.limits_for(nullptr).max_lines == 1000);

  const Policy bare = parse_policy("version = 1\n[[component]]\nname = \"x\"\npaths = [\"/x/\"]\n");
  CHECK_FALSE(bare.limits_for(&bare.components[0]).max_lines.has_value());
  CHECK_FALSE(bare.limits_for(&bare.components[0]).max_files.has_value());
}

TEST_CASE("unknown keys and tables are errors") {
  expect_single_error("version = 1\nfoo = 1\n", "foo", "unknown key 'foo'");
  expect_single_error("version = 1\n[sizes]\nmax_lines = 1\n", "sizes", "unknown key 'sizes'");
  expect_single_error("version = 1\n[size]\nfoo = 1\n", "foo", "unknown key 'foo' in [size]");
  expect_single_error("version = 1\n[[component]]\nname = \"a\"\npaths = [\"/a/\"]\npath = 1\n",
                      "path =", "unknown key 'path' in [[component]]");
  CHECK_NOTHROW(parse_policy("version = 1\ncomponent = []\nfreeze = []\n"));
  expect_single_error("version = 1\n[overrides]\nrepository = \"a/b\"\n[overrides.x]\nz = 1\n",
                      "x]", "unknown key 'x' in [overrides]");
  expect_single_error(
      "version = 1\n[[freeze]]\nid = \"f\"\nweekly = \"Fri 12:00 - Mon 06:00\"\n"
      "anything = 1\n",
      "anything", "unknown key 'anything' in [[freeze]]");
  expect_single_error("version = 1\nfreeze = 7\n", "7", "'freeze' must be an array of tables");
  expect_single_error("version = 1\nowners = []\n", "[]", "'owners' must be a table, got array");
}

TEST_CASE("wrong types") {
  expect_single_error("version = 1\n[size]\nmax_lines = \"1000\"\n", "\"1000\"",
                      "'max_lines' must be an integer, got string");
  expect_single_error("version = 1\n[size]\nmax_files = 1.5\n", "1.5",
                      "'max_files' must be an integer, got float");
  expect_single_error("version = 1\ntimezone = 3\n", "3",
                      "'timezone' must be a string, got integer");
  expect_single_error("version = 1\nprotected = \"refs/heads/main\"\n", "\"refs",
                      "'protected' must be an array, got string");
  expect_single_error("version = 1\nprotected = [\"refs/heads/main\", 7]\n", "7",
                      "'protected' entries must be a string, got integer");
  expect_single_error("version = 1\n[size]\nexclude = [true]\n", "true",
                      "'exclude' entries must be a string, got boolean");
  expect_single_error("version = 1\nrules = 7\n", "7", "'rules' must be a table, got integer");
  expect_single_error("version = 1\ncomponent = 7\n", "7",
                      "'component' must be an array of tables");
  expect_single_error(
      "version = 1\n[[component]]\nname = \"a\"\npaths = [\"/a/\"]\nzones = \"UTC\"\n", "\"UTC\"",
      "'zones' must be an array, got string");
}

TEST_CASE("CRLF line breaks: positions and source lines") {
  const std::string text = "version = 1\r\n[size]\r\nmax_lines = -1\r\n";
  auto diagnostics = errors_of(text);
  REQUIRE(diagnostics.size() == 1);
  expect_error(diagnostics, position_of(text, "-1"), "'max_lines' must be at least 0");
  CHECK(diagnostics[0].source_line == "max_lines = -1");
  CHECK_NOTHROW(parse_policy("version = 1\r\n[size]\r\nexclude = [\r\n  \"a\",\r\n]\r\n"));
}

TEST_CASE("version, timezone and protected values") {
  auto missing = errors_of("timezone = \"UTC\"\n");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].where.line == 0);  // no place in the file to point at
  CHECK(missing[0].message.find("missing required key 'version'") != std::string::npos);
  expect_single_error("version = 2\n", "2", "unsupported policy version 2");
  expect_single_error("version = \"1\"\n", "\"1\"", "'version' must be an integer, got string");
  expect_single_error("version = 1\ntimezone = \"localtime\"\n", "\"localtime\"", "localtime");
  expect_single_error("version = 1\ntimezone = \"\"\n", "\"\"", "must not be empty");
  expect_single_error("version = 1\nprotected = [\"refs/heads/main\", \"main\"]\n", "\"main\"",
                      "must be a full ref name starting with \"refs/\"");
}

TEST_CASE("limits must not be negative") {
  expect_single_error("version = 1\n[size]\nmax_lines = -1\n", "-1",
                      "'max_lines' must be at least 0");
  expect_single_error("version = 1\n[size]\nmax_components = 0\n", "0",
                      "'max_components' must be at least 1");
  expect_single_error(
      "version = 1\n[[component]]\nname = \"a\"\npaths = [\"/a/\"]\nmax_files = -5\n", "-5",
      "'max_files' must be at least 0");
}

TEST_CASE("[rules]: unknown rule ids and bad severities") {
  expect_single_error("version = 1\n[rules]\n\"owners.crossteam\" = \"warn\"\n",
                      "\"owners.crossteam\"", "unknown rule id 'owners.crossteam' in [rules]");
  // Unquoted, the dotted id is a nested table; the message says to quote it.
  expect_single_error("version = 1\n[rules]\nowners.cross-team = \"warn\"\n", "owners",
                      "quote rule ids that contain a dot");
  expect_single_error("version = 1\n[rules]\n\"ref.delete\" = \"blocker\"\n", "\"blocker\"",
                      "'ref.delete' must be \"block\", \"warn\" or \"off\", got \"blocker\"");
  expect_single_error("version = 1\n[rules]\n\"ref.delete\" = true\n", "true",
                      "'ref.delete' must be a string, got boolean");
  expect_single_error("version = 1\n[size]\nseverity = \"info\"\n", "\"info\"",
                      "'severity' must be \"block\", \"warn\" or \"off\"");
}

TEST_CASE("component names and paths") {
  const std::string dup =
      "version = 1\n[[component]]\nname = \"a\"\npaths = [\"/a/\"]\n"
      "[[component]]\nname = \"a\"\npaths = [\"/b/\"]\n";
  auto diagnostics = errors_of(dup);
  CHECK(diagnostics.size() == 1);
  expect_error(diagnostics, position_of(dup, "\"a\"", 1),
               "duplicate component name 'a' (first defined on line 3)");

  expect_single_error("version = 1\n[[component]]\nname = \"(other)\"\npaths = [\"/a/\"]\n",
                      "\"(other)\"", "reserved");
  expect_single_error("version = 1\n[[component]]\nname = \"\"\npaths = [\"/a/\"]\n", "\"\"",
                      "must not be empty");
  expect_single_error("version = 1\n[[component]]\npaths = [\"/a/\"]\n", "[[component]]",
                      "missing required key 'name'");
  expect_single_error("version = 1\n[[component]]\nname = \"a\"\n", "[[component]]",
                      "missing required key 'paths'");
  expect_single_error("version = 1\n[[component]]\nname = \"a\"\npaths = []\n", "[]",
                      "'paths' must list at least one pattern");
}

TEST_CASE("an invalid pattern is reported inside its string") {
  int pattern_column = 0;
  try {
    gate::Pattern::compile("src/***");
  } catch (const gate::PatternError& e) {
    pattern_column = e.column();
  }
  REQUIRE_MESSAGE(pattern_column > 0, "Pattern::compile must refuse '***'");
  const std::string text =
      "version = 1\n[[component]]\nname = \"a\"\npaths = [\"/a/\", \"src/***\"]\n";
  const Position string_at = position_of(text, "\"src/***\"");
  auto diagnostics = errors_of(text);
  CHECK(diagnostics.size() == 1);
  // The opening quote, then the pattern's own 1-based column.
  expect_error(diagnostics, {string_at.line, string_at.column + pattern_column},
               "invalid pattern 'src/***'");

  // A literal string has no escapes, so the column is exact there too.
  const std::string literal = "version = 1\n[size]\nexclude = ['src/***']\n";
  const Position literal_at = position_of(literal, "'src/***'");
  auto literal_errors = errors_of(literal);
  CHECK(literal_errors.size() == 1);
  expect_error(literal_errors, {literal_at.line, literal_at.column + pattern_column},
               "invalid pattern 'src/***'");

  // With an escape the exact column is unknown: the string itself is pointed at.
  const std::string escaped = "version = 1\n[size]\nexclude = [\"\\u0061/***\"]\n";
  expect_single_error(escaped, "\"\\u0061", "invalid pattern 'a/***'");
}

TEST_CASE("syntax errors carry toml++'s position") {
  const std::string text = "version = 1\n[size]\nmax_lines = @\n";
  auto diagnostics = errors_of(text);
  REQUIRE(diagnostics.size() == 1);
  expect_error(diagnostics, position_of(text, "@"), "");
  CHECK(diagnostics[0].source_line == "max_lines = @");

  const std::string duplicate = "version = 1\nversion = 1\n";
  auto dup = errors_of(duplicate);
  REQUIRE(dup.size() == 1);
  CHECK(dup[0].where.line == 2);
}

TEST_CASE("every problem is reported at once, in file order") {
  const std::string text = R"(version = 1
timezone = "localtime"
[rules]
"nope" = "warn"
[size]
max_lines = -3
colour = "red"
[[component]]
name = "x"
paths = ["/x/"]
[[component]]
name = "x"
paths = ["/y/"]
)";
  auto diagnostics = errors_of(text);
  CHECK(diagnostics.size() == 5);
  expect_error(diagnostics, position_of(text, "\"localtime\""), "localtime");
  expect_error(diagnostics, position_of(text, "\"nope\""), "unknown rule id 'nope'");
  expect_error(diagnostics, position_of(text, "-3"), "'max_lines' must be at least 0");
  expect_error(diagnostics, position_of(text, "colour"), "unknown key 'colour' in [size]");
  expect_error(diagnostics, position_of(text, "\"x\"", 1), "duplicate component name 'x'");
  for (std::size_t i = 1; i < diagnostics.size(); ++i)
    CHECK(diagnostics[i - 1].where.line <= diagnostics[i].where.line);
  // The summary names the first problem and counts the rest.
  try {
    parse_policy(text);
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("(and 4 more)") != std::string::npos);
  }
}
