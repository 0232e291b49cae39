#pragma once
/// Every rule the gate knows, in one table. A rule is added by one row here and one
/// file under lib/src/rules/ defining its `judge_<name>` (ARCHITECTURE.md, "Rules").
/// The order of the rows is the order of findings in every report and of SARIF's rule
/// list, so a rule keeps its SARIF ruleIndex from one report to the next.

#include <string_view>

namespace gate {

/// A severity as configured: a rule may block, warn, or be switched off.
enum class RuleSeverity { off, warn, block };

/// Which pushes a rule judges.
enum class RuleScope {
  change,    ///< every push; off protected refs a blocking rule only warns
  deploy,    ///< pushes to protected refs only (a push elsewhere is not a deploy)
  deletion,  ///< deletions of protected refs only
};

// X(name, id, policy table, key of that table that sets its severity, default severity,
//   whether the policy may set its severity, whether an override may lift it, scope,
//   description)
// The table keys are those of policy.toml: `[owners] severity = "warn"` sets the
// severity of both owners.unowned and owners.approval; `[rules] "<id>"` beats it.
#define GATE_RULE_TABLE(X)                                                                    \
  X(window_freeze, "window.freeze", "", "", block, true, true, deploy,                        \
    "The change would land during a freeze window.")                                          \
  X(window_outside_allowed, "window.outside-allowed", "", "", block, true, true, deploy,      \
    "The change would land outside the allowed deploy hours.")                                \
  X(owners_unowned, "owners.unowned", "owners", "severity", block, true, true, change,        \
    "A touched path has no owner in CODEOWNERS.")                                             \
  X(owners_approval, "owners.approval", "owners", "severity", block, true, true, change,      \
    "A touched path lacks an approval from one of its owners.")                               \
  X(owners_cross_team, "owners.cross-team", "owners", "cross_team", warn, true, true, change, \
    "The change touches code owned by another team.")                                         \
  X(size_component, "size.component", "size", "severity", block, true, true, change,          \
    "A component's share of the change exceeds its size limit.")                              \
  X(size_components, "size.components", "size", "severity", block, true, true, change,        \
    "The change touches more components than the policy allows.")                             \
  X(ref_delete, "ref.delete", "", "", block, true, true, deletion,                            \
    "The change deletes a protected ref.")                                                    \
  X(policy_invalid, "policy.invalid", "", "", block, false, false, change,                    \
    "The change breaks the gate's own configuration for the changes after it.")

/// One row of the rule table.
struct RuleInfo {
  std::string_view id;         ///< e.g. "size.component"
  std::string_view table;      ///< the policy table configuring it, or "" for none
  std::string_view table_key;  ///< that table's key setting its severity, or ""
  RuleSeverity default_severity = RuleSeverity::block;
  bool configurable = true;  ///< `[rules]` or its table may change its severity
  bool overridable = true;   ///< an override record may lift its findings
  RuleScope scope = RuleScope::change;
  std::string_view description;  ///< one sentence, for SARIF and the docs
};

/// The rule ids as named constants: `rule::size_component` is "size.component".
namespace rule {
#define GATE_RULE_ID(name, id, ...) inline constexpr std::string_view name = id;
GATE_RULE_TABLE(GATE_RULE_ID)
#undef GATE_RULE_ID
}  // namespace rule

#define GATE_RULE_INFO(name, id, table, key, severity, configurable, overridable, scope,           \
                       description)                                                                \
  RuleInfo{                                                                                        \
      id,         table, key, RuleSeverity::severity, configurable, overridable, RuleScope::scope, \
      description},
/// The table, in report order.
inline constexpr RuleInfo rule_table[] = {GATE_RULE_TABLE(GATE_RULE_INFO)};
#undef GATE_RULE_INFO

/// The row of `id`, or null for an id the gate does not know.
constexpr const RuleInfo* find_rule(std::string_view id) {
  for (const RuleInfo& r : rule_table)
    if (r.id == id) return &r;
  return nullptr;
}

/// True for an id of the table.
constexpr bool is_known_rule(std::string_view id) { return find_rule(id) != nullptr; }

}  // namespace gate
