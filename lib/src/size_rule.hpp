#pragma once
// The size rule (brief 2.4): components, per-component limits, components per change.

#include "gate/evaluate.hpp"
#include "gate/report.hpp"

namespace gate {

/// Fills report.files and report.components, and adds size.component and
/// size.components findings.
void apply_size_rule(const Policy& policy, const Inputs& inputs, bool is_protected,
                     Report& report);

/// Files with component "(other)" and counted = true, for a change judged without policy.
void list_files_without_policy(const Inputs& inputs, Report& report);

}  // namespace gate
