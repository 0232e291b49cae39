#pragma once
/// Times a person must act on, shown in local time as well as UTC (README, Change windows).

#include <string>
#include <string_view>

#include "gate/timeutil.hpp"

namespace gate {

/// "Mon 06:00 America/New_York": `instant`'s weekday and wall-clock time in `zone`; for a
/// zone the gate would refuse (check_zone) or "UTC", "Mon 10:00 UTC".
std::string format_local(Instant instant, std::string_view zone);

/// "2026-07-13T10:00:00Z (Mon 06:00 America/New_York)".
std::string format_utc_and_local(Instant instant, std::string_view zone);

}  // namespace gate
