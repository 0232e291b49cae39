// The rule table (gate/rule_table.hpp) and evaluate()'s use of it: every rule is a row,
// its severity comes from the row's policy table, and rules are independent of each
// other, so turning one off removes exactly its findings and the order they run in does
// not matter.

#include "gate/rule_table.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "gate/evaluate.hpp"

namespace gate {
namespace {

// Breaches every rule that judges a change, on a Thursday at 10:00 UTC.
constexpr const char* breaching_policy = R"(
version = 1
protected = ["refs/heads/main"]
timezone = "UTC"
[size]
max_components = 1
max_lines = 10
[[component]]
name = "voice"
paths = ["/kamailio/"]
[[component]]
name = "infra"
paths = ["/terraform/"]
[[freeze]]
id = "thursday"
weekly = "Thu 00:00 - Fri 00:00"
[[allow]]
id = "nights"
weekly = "Mon-Sun 22:00-23:00"
)";

constexpr const char* codeowners_text = "/kamailio/ @acme/voice\n/terraform/ @acme/infra\n";

Inputs breaching_inputs(const std::string& extra_policy = "") {
  Inputs in;
  in.policy = parse_policy(std::string(breaching_policy) + extra_policy);
  in.codeowners = parse_codeowners(codeowners_text, ".github/CODEOWNERS", OwnersSyntax::github);
  in.change.base = "b";
  in.change.head = "h";
  for (const char* path : {"kamailio/run.cfg", "terraform/main.tf", "README.md"}) {
    FileChange f;
    f.path = path;
    f.added = 20;
    in.change.files.push_back(f);
  }
  in.change.commits.push_back(
      {"h", {"Mallory", "mallory@example.com"}, {"Mallory", "mallory@example.com"}, "a change"});
  // A typo in the change's own policy.toml: policy.invalid.
  in.change.files.push_back(FileChange{});
  in.change.files.back().path = "policy.toml";
  in.config_edits.push_back({"policy.toml", ConfigKind::policy, "version = 1\nmax_line = 3\n",
                             std::string(breaching_policy)});
  in.context.ref = "refs/heads/main";
  in.context.reviews = std::vector<Review>{};
  in.context.now = parse_rfc3339("2026-07-09T10:00:00Z", "test");
  return in;
}

std::vector<std::string> rules_of(const Report& r) {
  std::vector<std::string> ids;
  for (const Finding& f : r.findings) ids.push_back(f.rule);
  return ids;
}

std::size_t position(std::string_view id) {
  for (std::size_t i = 0; i < std::size(rule_table); ++i)
    if (rule_table[i].id == id) return i;
  return std::size(rule_table);
}

}  // namespace

TEST_CASE("the rule table: unique ids, each named by its constant and known to the policy") {
  std::set<std::string_view> ids;
  for (const RuleInfo& r : rule_table) {
    CHECK_MESSAGE(ids.insert(r.id).second, "duplicate id " << r.id);
    CHECK(find_rule(r.id) == &r);
    CHECK(is_known_rule(r.id));
    CHECK_FALSE(r.description.empty());
  }
  CHECK(known_rules().size() == std::size(rule_table));
  CHECK_FALSE(is_known_rule("size"));
  CHECK(find_rule(rule::size_component)->id == rule::size_component);
}

TEST_CASE("a rule's severity: [rules] beats its table's key, which beats the table default") {
  const Policy plain = parse_policy("version = 1\n");
  for (const RuleInfo& r : rule_table) CHECK(plain.severity(r.id) == r.default_severity);

  const Policy keyed = parse_policy(
      "version = 1\n[owners]\nseverity = \"warn\"\ncross_team = \"block\"\n"
      "[size]\nseverity = \"off\"\n[rules]\n\"owners.approval\" = \"off\"\n");
  for (const RuleInfo& r : rule_table) {
    INFO(r.id);
    std::optional<RuleSeverity> by_table = keyed.table_severity(r.table, r.table_key);
    if (r.id == rule::owners_approval)
      CHECK(keyed.severity(r.id) == RuleSeverity::off);
    else
      CHECK(keyed.severity(r.id) == by_table.value_or(r.default_severity));
  }
  CHECK(keyed.severity(rule::owners_unowned) == RuleSeverity::warn);
  CHECK(keyed.severity(rule::owners_cross_team) == RuleSeverity::block);
  CHECK(keyed.severity(rule::size_components) == RuleSeverity::off);
}

TEST_CASE("findings come in table order, whatever order the rules ran in") {
  Report r = evaluate(breaching_inputs());
  std::vector<std::string> ids = rules_of(r);
  std::set<std::string> distinct(ids.begin(), ids.end());
  for (const RuleInfo& rule : rule_table)
    if (rule.scope != RuleScope::deletion)
      CHECK_MESSAGE(distinct.count(std::string(rule.id)), rule.id);
  for (std::size_t i = 1; i < ids.size(); ++i)
    CHECK_MESSAGE(position(ids[i - 1]) <= position(ids[i]), ids[i - 1] << " before " << ids[i]);
}

TEST_CASE("turning one rule off removes exactly its findings: rules do not feed each other") {
  const Report all = evaluate(breaching_inputs());
  for (const RuleInfo& rule : rule_table) {
    if (rule.scope == RuleScope::deletion || !rule.configurable) continue;
    INFO(rule.id);
    Report without =
        evaluate(breaching_inputs("[rules]\n\"" + std::string(rule.id) + "\" = \"off\"\n"));
    std::vector<std::string> expected;
    for (const Finding& f : all.findings)
      if (f.rule != rule.id) expected.push_back(f.rule + ": " + f.message);
    std::vector<std::string> got;
    for (const Finding& f : without.findings) got.push_back(f.rule + ": " + f.message);
    CHECK(got == expected);
    CHECK(without.files.size() == all.files.size());
    CHECK(without.components.size() == all.components.size());
  }
}

TEST_CASE("a deletion is judged by the deletion rules alone") {
  Inputs in = breaching_inputs();
  in.context.deletion = true;
  in.change.files.clear();
  Report r = evaluate(in);
  for (const Finding& f : r.findings) {
    INFO(f.rule);
    REQUIRE(find_rule(f.rule));
    CHECK(find_rule(f.rule)->scope == RuleScope::deletion);
  }
  const std::vector<std::string> ids = rules_of(r);
  CHECK(std::count(ids.begin(), ids.end(), std::string(rule::ref_delete)) == 1);
}

}  // namespace gate
