#pragma once
// Helpers for the tests of single lint checks: lint a policy alone and keep one check.

#include <string>
#include <string_view>
#include <vector>

#include "gate/lint.hpp"

namespace gate::test {

/// The findings of `check` when lint() runs on the policy `policy_text` alone.
inline std::vector<LintFinding> policy_findings_of(const std::string& policy_text,
                                                   std::string_view check) {
  Policy policy = parse_policy(policy_text);
  LintInputs inputs;
  inputs.policy = &policy;
  std::vector<LintFinding> out = lint(inputs);
  std::erase_if(out, [&](const LintFinding& f) { return f.check != check; });
  return out;
}

}  // namespace gate::test
