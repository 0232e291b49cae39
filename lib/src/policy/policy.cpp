// The Policy's queries. Parsing and validation live in policy_parse.cpp; by the time a
// Policy exists every value in it has been checked, so these functions cannot fail.
#include "gate/policy.hpp"

#include <algorithm>

#include "gate/override.hpp"

namespace gate {

const char* to_string(RuleSeverity severity) {
  switch (severity) {
    case RuleSeverity::off:
      return "off";
    case RuleSeverity::warn:
      return "warn";
    case RuleSeverity::block:
      return "block";
  }
  return "block";
}

const std::vector<std::string>& known_rules() {
  static const std::vector<std::string> rules = [] {
    std::vector<std::string> ids;
    for (const RuleInfo& r : rule_table) ids.emplace_back(r.id);
    return ids;
  }();
  return rules;
}

bool OverridesPolicy::may_lift(std::string_view principal, std::string_view rule) const {
  for (const OverrideApprover& a : approvers)
    if (a.principal == principal)
      for (const std::string& pattern : a.rules)
        if (rule_pattern_matches(pattern, rule)) return true;
  return false;
}

// The severity key of a rule's own table (rule_table's `table` and `table_key`).
std::optional<RuleSeverity> Policy::table_severity(std::string_view table,
                                                   std::string_view key) const {
  if (table == "size" && key == "severity") return size.severity;
  if (table == "owners" && key == "severity") return owners.severity;
  if (table == "owners" && key == "cross_team") return owners.cross_team;
  return std::nullopt;
}

RuleSeverity Policy::severity(std::string_view rule) const {
  const RuleInfo* info = find_rule(rule);
  if (info && !info->configurable) return info->default_severity;
  if (auto it = rules.find(rule); it != rules.end()) return it->second;
  if (!info) return RuleSeverity::block;
  return table_severity(info->table, info->table_key).value_or(info->default_severity);
}

std::optional<ConfigKind> gate_config_kind(const Policy& policy, std::string_view path) {
  if (path == policy_path) return ConfigKind::policy;
  if (path == ".gitattributes" || path.ends_with("/.gitattributes")) return ConfigKind::attributes;
  if (policy.overrides.configured && path == policy.overrides.allowed_signers)
    return ConfigKind::signers;
  // The freezes' signers file says who may stop deploys (docs/freezes.md): a change breaking
  // it would silently drop every incident freeze.
  if (policy.freezes.configured && path == policy.freezes.allowed_signers)
    return ConfigKind::signers;
  for (const Window& w : policy.windows)
    if (w.calendar && path == *w.calendar) return ConfigKind::calendar;
  for (OwnersSyntax syntax : {OwnersSyntax::github, OwnersSyntax::gitlab})
    for (const std::string& place : codeowners_locations(syntax))
      if (path == place) return ConfigKind::codeowners;
  return std::nullopt;
}

// The same `*` glob as approver rules (docs/policy.md): one matcher.
bool ref_glob_matches(std::string_view pattern, std::string_view text) {
  return star_glob_matches(pattern, text);
}

bool Policy::is_protected(std::string_view ref) const {
  return std::any_of(protected_refs.begin(), protected_refs.end(),
                     [&](const std::string& pattern) { return ref_glob_matches(pattern, ref); });
}

const Component* Policy::component_for(std::string_view path) const {
  // Last match wins, as in CODEOWNERS: search from the end of the file.
  for (auto it = components.rbegin(); it != components.rend(); ++it) {
    for (const Pattern& pattern : it->paths)
      if (pattern.matches(path)) return &*it;
  }
  return nullptr;
}

Limits Policy::limits_for(const Component* component) const {
  Limits limits = size.limits;
  if (component == nullptr) return limits;
  if (component->limits.max_lines) limits.max_lines = component->limits.max_lines;
  if (component->limits.max_files) limits.max_files = component->limits.max_files;
  if (component->limits.max_binary_bytes)
    limits.max_binary_bytes = component->limits.max_binary_bytes;
  return limits;
}

}  // namespace gate
