#pragma once
// How a configured severity becomes a reported one. Shared by every rule so that
// "block only on protected refs" is decided in exactly one place.

#include <optional>
#include <string_view>

#include "gate/policy.hpp"
#include "gate/report.hpp"

namespace gate {

/// The reported severity of `rule`, or nullopt when the rule does not apply: it is
/// `off`, or it is a window rule and the change is not a deploy (unprotected ref).
/// Off protected refs, blocking rules only warn, so a feature branch is never stopped.
inline std::optional<Severity> reported_severity(const Policy& policy, std::string_view rule,
                                                 bool is_protected) {
  RuleSeverity configured = policy.severity(rule);
  if (configured == RuleSeverity::off) return std::nullopt;
  if (!is_protected) {
    if (rule.substr(0, 7) == "window.") return std::nullopt;
    return Severity::warn;
  }
  return configured == RuleSeverity::block ? Severity::block : Severity::warn;
}

}  // namespace gate
