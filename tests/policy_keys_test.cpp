// The key table (gate::policy_keys) is the parser's whitelist: every listed key is
// accepted with its documented example, any other key is refused with a suggestion.
// docs_policy_test holds docs/policy.md to the same table.
#include "gate/policy_keys.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "policy_helpers.hpp"

using namespace gate::test::policy;

namespace {

// A concrete key for a table that takes any key.
std::string sample_key(const gate::PolicyKey& k) {
  if (!k.key.starts_with('<')) return std::string(k.key);
  if (k.table == "[rules]") return "\"size.component\"";
  if (k.table == "[owners.teams]") return "\"@acme/voice\"";
  return "\"bob@acme.example\"";
}

std::string policy_with(std::string_view table, std::string_view key, std::string_view value) {
  std::string text = "version = 1\n";
  if (!table.empty()) text += std::string(table) + "\n";
  if (key != "version") text += std::string(key) + " = " + std::string(value) + "\n";
  return text;
}

// Every diagnostic, or none when the policy parses.
std::vector<gate::Diagnostic> diagnostics_of(const std::string& text) {
  try {
    gate::parse_policy(text, "policy.toml");
  } catch (const gate::ConfigError& e) {
    return e.diagnostics();
  }
  return {};
}

std::string messages(const std::vector<gate::Diagnostic>& diagnostics) {
  std::string out;
  for (const gate::Diagnostic& d : diagnostics) out += d.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("every listed key is accepted with its documented example") {
  REQUIRE(gate::policy_keys().size() > 30);
  for (const gate::PolicyKey& k : gate::policy_keys()) {
    const std::string text = policy_with(k.table, sample_key(k), k.example);
    const std::string found = messages(diagnostics_of(text));
    INFO(text);
    INFO(found);
    CHECK(found.find("unknown key") == std::string::npos);
    CHECK(found.find("must be") == std::string::npos);  // the example has the right type
    CHECK_FALSE(k.type.empty());
    CHECK_FALSE(k.default_value.empty());
    CHECK_FALSE(k.summary.empty());
  }
}

TEST_CASE("a key missing from the table is refused in every table, at its place") {
  std::set<std::string_view> tables;
  for (const gate::PolicyKey& k : gate::policy_keys())
    if (!k.key.starts_with('<')) tables.insert(k.table);
  REQUIRE(tables.size() >= 8);
  for (std::string_view table : tables) {
    const std::string text = policy_with(table, "no_such_key", "1");
    INFO(text);
    const auto diagnostics = errors_of(text);
    expect_error(diagnostics, position_of(text, "no_such_key"), "unknown key 'no_such_key'");
    CHECK_FALSE(gate::is_policy_key(table, "no_such_key"));
  }
}

TEST_CASE("tables of free-form keys accept any key, and only they do") {
  CHECK(gate::is_policy_key("[rules]", "size.component"));
  CHECK(gate::is_policy_key("[owners.teams]", "@acme/anything"));
  CHECK(gate::is_policy_key("[owners.people]", "x@y.example"));
  CHECK_FALSE(gate::is_policy_key("[size]", "size.component"));
  CHECK(gate::policy_keys_of("[rules]").empty());  // placeholders are not suggestions
}

TEST_CASE("typos of keys, rule ids and zones get a suggestion") {
  struct Typo {
    std::string_view text, needle, message;
  };
  const Typo typos[] = {
      {"version = 1\ntimezon = \"UTC\"\n", "timezon", "did you mean 'timezone'?"},
      {"version = 1\n[size]\nmax_line = 3\n", "max_line", "did you mean 'max_lines'?"},
      {"version = 1\n[[component]]\nname = \"a\"\npaths = [\"/a/\"]\nzone = [\"UTC\"]\n", "zone",
       "did you mean 'zones'?"},
      {"version = 1\n[[freeze]]\nid = \"f\"\nweekley = \"Fri 12:00 - Mon 06:00\"\n", "weekley",
       "did you mean 'weekly'?"},
      {"version = 1\n[owners]\ncross-team = \"warn\"\n", "cross-team",
       "did you mean 'cross_team'?"},
      {"version = 1\n[rules]\n\"owners.crossteam\" = \"warn\"\n", "\"owners.crossteam\"",
       "did you mean 'owners.cross-team'?"},
      {"version = 1\ntimezone = \"America/New_Yrok\"\n", "\"America/New_Yrok\"",
       "did you mean 'America/New_York'?"},
      {"version = 1\ntimezone = \"europe/berlin\"\n", "\"europe/berlin\"",
       "did you mean 'Europe/Berlin'?"},
  };
  for (const Typo& t : typos) {
    INFO(t.text);
    expect_error(errors_of(t.text), position_of(t.text, t.needle), t.message);
  }
}

TEST_CASE("a word far from every key gets no suggestion, and a hostile one is cut") {
  const std::string text = "version = 1\n[size]\ncolour = 3\n";
  const std::string found = messages(errors_of(text));
  CHECK(found.find("unknown key 'colour'") != std::string::npos);
  CHECK(found.find("did you mean") == std::string::npos);
  const std::string huge = "version = 1\ntimezone = \"" + std::string(100000, 'A') + "\"\n";
  for (const gate::Diagnostic& d : errors_of(huge)) CHECK(d.message.size() < 400);
}
