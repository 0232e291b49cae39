#pragma once
// The size rule (brief 2.4): components, per-component limits, components per change.

#include <functional>
#include <string>
#include <string_view>

#include "gate/evaluate.hpp"
#include "gate/report.hpp"

namespace gate {

/// The component name of a path ("(other)" for none).
using ComponentOf = std::function<std::string(std::string_view path)>;

/// Fills report.files and report.components, and adds size.component and
/// size.components findings.
void apply_size_rule(const Policy& policy, const Inputs& inputs, const ComponentOf& component_of,
                     bool is_protected, Report& report);

/// Files with component "(other)" and counted = true, for a change judged without policy.
void list_files_without_policy(const Inputs& inputs, Report& report);

}  // namespace gate
