// ref.delete: deleting a protected ref takes an override (docs/rules.md, Which refs are judged).
#include <fmt/format.h>

#include "rules/facts.hpp"

namespace gate {

std::vector<Finding> judge_ref_delete(const RuleInput& in) {
  // Overrides are suggested only where the policy honours them (README, Overrides).
  return {Finding::with_action(
      std::string(rule::ref_delete), in.severity,
      fmt::format("deleting the protected ref {} is not allowed.", in.inputs.context.ref),
      in.policy.overrides.configured
          ? "If it is really meant, ask an override approver for an override."
          : "If it is really meant, delete it on the remote by other means: the policy has no "
            "[overrides].")};
}

}  // namespace gate
