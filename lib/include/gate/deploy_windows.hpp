#pragma once
/// Change windows as a policy applies them: which zones a change lands in, and which
/// components the allow windows leave without a single allowed hour.

#include <chrono>
#include <string>
#include <vector>

#include "gate/policy.hpp"
#include "gate/timeutil.hpp"

namespace gate {

/// The zones a change touching `components` lands in: the policy's default zone plus
/// each named component's zones, sorted and unique. Unknown names are ignored.
std::vector<std::string> change_zones(const Policy& policy,
                                      const std::vector<std::string>& components);

/// The components (and "(other)", judged in the default zone alone) for which the allow
/// and freeze windows leave no allowed instant in [from, from + span). Far-apart
/// zones can leave no common hour, and `window` and `lint` must say so.
std::vector<std::string> components_without_allowed_hours(const Policy& policy, Instant from,
                                                          std::chrono::hours span);

}  // namespace gate
