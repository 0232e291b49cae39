#include "gate/clock.hpp"

#include <chrono>

namespace gate {

Clock resolve_clock(const std::optional<std::string>& at_flag, const char* gate_now_env) {
  if (at_flag) return {parse_rfc3339(*at_flag, "--at"), true};
  if (gate_now_env && *gate_now_env) return {parse_rfc3339(gate_now_env, "GATE_NOW"), true};
  return {std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()), false};
}

}  // namespace gate
