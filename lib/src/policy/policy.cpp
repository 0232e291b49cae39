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
  static const std::vector<std::string> rules = {
      "window.freeze",     "window.outside-allowed", "owners.unowned",  "owners.approval",
      "owners.cross-team", "size.component",         "size.components", "ref.delete",
  };
  return rules;
}

bool is_known_rule(std::string_view rule) {
  const auto& known = known_rules();
  return std::find(known.begin(), known.end(), rule) != known.end();
}

bool OverridesPolicy::may_lift(std::string_view principal, std::string_view rule) const {
  for (const OverrideApprover& a : approvers)
    if (a.principal == principal)
      for (const std::string& pattern : a.rules)
        if (rule_pattern_matches(pattern, rule)) return true;
  return false;
}

RuleSeverity Policy::severity(std::string_view rule) const {
  if (auto it = rules.find(rule); it != rules.end()) return it->second;
  // A rule table's own severity key.
  if ((rule == "size.component" || rule == "size.components") && size.severity)
    return *size.severity;
  if ((rule == "owners.unowned" || rule == "owners.approval") && owners.severity)
    return *owners.severity;
  if (rule == "owners.cross-team" && owners.cross_team) return *owners.cross_team;
  return rule == "owners.cross-team" ? RuleSeverity::warn : RuleSeverity::block;
}

// Iterative with a single backtrack point, so O(n*m) at worst and no recursion on
// hostile patterns.
bool ref_glob_matches(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
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
  return limits;
}

}  // namespace gate
