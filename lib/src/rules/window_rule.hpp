#pragma once
// The window rules (brief 2.2): window.freeze and window.outside-allowed, and the
// report's valid_until.

#include "gate/evaluate.hpp"
#include "gate/report.hpp"

namespace gate {

/// Judges the policy's windows for a deploy at inputs.context.now, in the policy's zone
/// and the zones of the touched components (report.components must be filled). Off
/// protected refs a push is not a deploy, and nothing is judged.
void apply_window_rules(const Policy& policy, const Inputs& inputs, bool is_protected,
                        Report& report);

}  // namespace gate
