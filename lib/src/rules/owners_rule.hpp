#pragma once
// The ownership rules (brief 2.3): owners.unowned, owners.approval, owners.cross-team.

#include <string>

#include "gate/evaluate.hpp"
#include "gate/owners_index.hpp"
#include "gate/report.hpp"

namespace gate {

/// Fills each FileEntry's owners and owner line, and adds the ownership findings.
/// `index` is null when the base revision has no usable CODEOWNERS.
void apply_owners_rules(const Policy& policy, const Inputs& inputs, const OwnersIndex* index,
                        bool is_protected, Report& report);

/// "source:line" of a CODEOWNERS rule.
std::string owner_line(const Codeowners& codeowners, const OwnerRule& rule);

}  // namespace gate
