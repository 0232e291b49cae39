#pragma once
// Refuses policy text that would crash or exhaust toml++ before it is parsed.

#include <string_view>

#include "policy/policy_toml.hpp"

namespace gate::policy_toml {

/// Reports and returns false when `text` must not reach toml++: NUL bytes, keys or
/// headers with too many dotted segments, brackets nested too deep.
bool prescan_policy(std::string_view text, Reporter& reporter);

}  // namespace gate::policy_toml
