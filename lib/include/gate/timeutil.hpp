#pragma once
/// Instants as the gate prints and parses them: UTC, whole seconds.

#include <chrono>
#include <string>
#include <string_view>

namespace gate {

using Instant = std::chrono::sys_seconds;

/// Parses RFC 3339 (`2026-07-10T12:30:00Z`, `2026-07-10T14:30:00+02:00`, fractional
/// seconds truncated). Throws UsageError naming `what` (e.g. "--at") on bad input.
Instant parse_rfc3339(std::string_view text, std::string_view what);

/// `2026-07-10T12:30:00Z`.
std::string format_utc(Instant instant);

}  // namespace gate
