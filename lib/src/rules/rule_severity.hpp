#pragma once
// How a configured severity becomes a reported one. Shared by every rule so that
// "block only on protected refs" is decided in exactly one place.

#include <optional>

#include "gate/policy.hpp"
#include "gate/report.hpp"
#include "gate/rule_table.hpp"

namespace gate {

/// The reported severity of `rule`, or nullopt when the rule does not apply: it is
/// `off`, or its scope leaves this push out (a deploy rule or a deletion rule off
/// protected refs). Off protected refs, other blocking rules only warn, so a feature
/// branch is never stopped.
inline std::optional<Severity> reported_severity(const Policy& policy, const RuleInfo& rule,
                                                 bool is_protected) {
  RuleSeverity configured = policy.severity(rule.id);
  if (configured == RuleSeverity::off) return std::nullopt;
  if (!is_protected) {
    if (rule.scope != RuleScope::change) return std::nullopt;
    return Severity::warn;
  }
  return configured == RuleSeverity::block ? Severity::block : Severity::warn;
}

}  // namespace gate
