#pragma once
/// Holiday calendars (docs/windows.md, Holiday calendars): an iCalendar file (RFC 5545)
/// named by `[[freeze]] calendar` becomes one-off freezes, one per occurrence of each
/// VEVENT. Pure: the text and the range are passed in; the shell reads the file.

#include <cstddef>
#include <string_view>
#include <vector>

#include "gate/timeutil.hpp"
#include "gate/windows.hpp"

namespace gate {

/// The most bytes a calendar file may have; larger input is refused before parsing.
inline constexpr std::size_t max_calendar_bytes = 1 << 20;

/// The most occurrences one calendar may have within the range it is expanded over.
inline constexpr std::size_t max_calendar_occurrences = 10000;

/// The occurrences of the VEVENTs of `text` that overlap [from, to), each a copy of
/// `parent` (so its kind, zone pin and any other scoping follow) with `id`
/// "<parent id>/<UID>", `reason` the event's SUMMARY (else the parent's), `where` the
/// event's DTSTART line in the calendar, and the one-off range [from, until):
/// - an all-day event (VALUE=DATE) covers whole local days, zone-less like the parent;
/// - a timed event is pinned to its TZID (an IANA name, read with the tz database, not
///   libical's tables), to UTC when written with `Z`, and floating times are zone-less.
/// RRULE, RDATE and EXDATE are expanded; an endless recurrence only up to `to`. Messages
/// name `parent.calendar` (or "calendar") as the file. Throws ConfigError, with the line
/// where known and else the UID, for input that is not iCalendar, a FREQ finer than
/// DAILY, a TZID that is no IANA zone, an event without UID or DTSTART, an end before its
/// start, or more than max_calendar_occurrences occurrences in the range.
std::vector<Window> expand_calendar(std::string_view text, const Window& parent, Instant from,
                                    Instant to);

/// The range the shell expands calendars over for a verdict at `now`: from a day before
/// (a freeze that began yesterday may still hold) to past the 366 days the next-change
/// search looks ahead, clipped at windows_horizon().
struct CalendarRange {
  Instant from{};
  Instant to{};
};
CalendarRange calendar_range(Instant now);

}  // namespace gate
