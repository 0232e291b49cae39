// ref.delete: deleting a protected ref takes an override (docs/rules.md, Which refs are judged).
#include <fmt/format.h>

#include "rules/facts.hpp"

namespace gate {

std::vector<Finding> judge_ref_delete(const RuleInput& in) {
  return {{std::string(rule::ref_delete),
           in.severity,
           fmt::format("deleting the protected ref {} is not allowed; ask an approver for an "
                       "override if it is really meant",
                       in.inputs.context.ref),
           {}}};
}

}  // namespace gate
