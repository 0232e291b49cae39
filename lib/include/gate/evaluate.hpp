#pragma once
/// The pure core: evaluate() reads no clock, environment, file or working directory.

#include "gate/inputs.hpp"
#include "gate/report.hpp"

namespace gate {

/// Judges the change. A breach is a Finding; evaluate() throws only on inputs that
/// cannot be judged at all.
Report evaluate(const Inputs& inputs);

}  // namespace gate
