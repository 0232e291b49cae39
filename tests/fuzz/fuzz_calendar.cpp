// Holiday calendars (iCalendar through libical): freezes or a bounded ConfigError, never
// another exception; at most max_calendar_occurrences freezes, each a non-empty one-off
// range of at most a year named "<window id>/<UID>".
#include "gate/calendar.hpp"
#include "gate/error.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gate::fuzz::require;
  gate::Window parent;
  parent.id = "holidays";
  parent.calendar = "holidays.ics";
  const gate::Instant now = gate::parse_rfc3339("2026-07-10T12:00:00Z", "fuzz");
  const gate::CalendarRange range = gate::calendar_range(now);
  std::vector<gate::Window> windows;
  try {
    windows = gate::expand_calendar(gate::fuzz::as_text(data, size), parent, range.from, range.to);
  } catch (const gate::Error& e) {
    gate::fuzz::require_bounded(e);
    return 0;
  }
  require(windows.size() <= gate::max_calendar_occurrences, "at most 10,000 occurrences");
  for (const gate::Window& w : windows) {
    require(w.from && w.until && *w.from < *w.until, "each occurrence is a non-empty range");
    require(*w.until - *w.from <= date::days{366}, "no occurrence is longer than a year");
    require(w.id.rfind("holidays/", 0) == 0, "occurrence ids are <window id>/<UID>");
    require(w.weekly.empty() && w.kind == gate::WindowKind::freeze, "occurrences are one-off");
  }
  return 0;
}
