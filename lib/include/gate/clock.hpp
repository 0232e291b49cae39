#pragma once
/// The evaluation time, decided once by the imperative shell and passed in.

#include <optional>
#include <string>

#include "gate/timeutil.hpp"

namespace gate {

/// An instant and whether it came from the system clock.
struct Clock {
  Instant now{};
  bool overridden = false;
};

/// `--at` wins over GATE_NOW, which wins over the system clock. The caller reads the
/// environment and passes GATE_NOW's value (nullptr when unset), so this stays testable.
Clock resolve_clock(const std::optional<std::string>& at_flag, const char* gate_now_env);

}  // namespace gate
