#pragma once
/// Time zones by name, read one compiled file at a time from the OS tz database
/// (ARCHITECTURE.md, "Time zones").

#include <chrono>
#include <optional>
#include <string_view>

#include "gate/timeutil.hpp"

namespace gate {

/// An interval of UTC time [begin, end) over which a zone's offset from UTC is constant.
/// The same intervals as date's sys_info: one per transition of the compiled file, the
/// first from the beginning of time, the last to the end of date's range.
struct ZoneInterval {
  Instant begin{};
  Instant end{};
  std::chrono::seconds offset{};
};

/// The interval of the tz database zone `zone` containing `t`, or nullopt when there is
/// no such zone. Refuses nothing on its own: check_zone (windows.hpp) decides which names
/// a policy may use.
std::optional<ZoneInterval> zone_interval_at(std::string_view zone, Instant t);

}  // namespace gate
