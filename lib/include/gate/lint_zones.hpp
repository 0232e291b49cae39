#pragma once
/// Lint's advice on zone names (docs/commands.md, `git-gate lint`, check `policy.zone`).

#include <optional>
#include <string>
#include <string_view>

namespace gate {

/// Why `zone` (a name date/tz accepts) is a poor choice, naming the zone to write instead,
/// or nullopt when it is a canonical place zone or UTC. Fixed offsets and three-letter
/// zones (`EST`, `Etc/GMT+5`) get "name a city zone"; legacy aliases (`US/Eastern`) get
/// their canonical name. Reads the system's tzdata.zi once, as date/tz reads its zones.
std::optional<std::string> zone_advice(std::string_view zone);

}  // namespace gate
