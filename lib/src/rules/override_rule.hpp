#pragma once
// Overrides (docs/overrides.md): which records hold, and the findings they lift. Not a
// rule of the table: it runs after every rule and lifts their findings.

#include "gate/inputs.hpp"
#include "gate/report.hpp"

namespace gate {

/// Judges every found record at the evaluation time and lifts exactly the named
/// rules' findings with the records that hold. Runs after every other rule.
void apply_overrides(const Policy& policy, const Inputs& inputs, Report& report);

/// When the change is still blocked and the policy allows overrides, a notice with the
/// exact `git-gate override approve` command for the blocking rules.
void suggest_override(const Policy& policy, const Inputs& inputs, Report& report);

}  // namespace gate
