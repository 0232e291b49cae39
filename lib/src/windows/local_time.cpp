// Local renderings of instants: every time a person must act on is shown in the zone that
// decides it (the blocking window's, else the policy's) next to its UTC form.
#include "gate/local_time.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include "gate/windows.hpp"
#include "windows/tz_zone.hpp"

namespace gate {

std::string format_local(Instant instant, std::string_view zone) {
  if (zone.empty() || zone == "UTC" || !check_zone(zone).empty())
    return date::format("%a %H:%M UTC", instant);
  LocalTime local = windows_detail::find_zone(zone)->local_at(instant);
  return fmt::format("{} {}", date::format("%a %H:%M", local), zone);
}

std::string format_utc_and_local(Instant instant, std::string_view zone) {
  return fmt::format("{} ({})", format_utc(instant), format_local(instant, zone));
}

}  // namespace gate
