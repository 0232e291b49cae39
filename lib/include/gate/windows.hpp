#pragma once
/// Change windows (docs/windows.md): freezes and allowed hours, judged in wall-clock time in
/// every zone a change lands in. Pure: the instant and the zones are passed in.

#include <date/date.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gate/error.hpp"
#include "gate/timeutil.hpp"

namespace gate {

/// Local wall-clock time without a zone. date's own type: with GCC 12 it is not
/// std::chrono::local_t, and date's zone functions take this one.
using LocalTime = date::local_seconds;

enum class WindowKind { freeze, allow };

/// A weekly span in minutes from Monday 00:00 (0 .. 10080). `end` <= `start` wraps around
/// the week's end; the daily form is expanded into one span per listed day.
struct WeeklySpan {
  int start = 0;     ///< minute of the week, 0 = Mon 00:00
  int end = 0;       ///< exclusive; may be <= start (wraps), never == start for a continuous span
  std::string text;  ///< the span as written, for messages
};

/// One `[[freeze]]` or `[[allow]]`. It holds when one of its weekly spans holds or the
/// one-off range [from, until) holds (a union). A one-off range with only one bound set is
/// open on the other side.
struct Window {
  std::string id;
  WindowKind kind = WindowKind::freeze;
  std::vector<WeeklySpan> weekly;   ///< recurring spans (may be empty for a one-off)
  std::optional<LocalTime> from;    ///< one-off start (local, in the window's zone)
  std::optional<LocalTime> until;   ///< one-off end, exclusive
  std::optional<std::string> zone;  ///< judged only here; else in the change's zones
  /// `[[freeze]] calendar`: an iCalendar file's path, expanded by the shell (calendar.hpp)
  std::optional<std::string> calendar;
  std::string reason;
  SourceLocation where;
  /// Scoped window: applies only to changes touching one of these components, judged in
  /// the policy's zone plus that component's zones (docs/windows.md, Scoped windows).
  /// Empty: the window applies to every change.
  std::vector<std::string> components;
  std::vector<SourceLocation> component_where;  ///< where each name is written, for errors
};

/// The result of parsing one weekly span: spans, or an error with its column.
struct SpanParse {
  std::vector<WeeklySpan> spans;
  std::string error;  ///< empty on success
  int column = 0;     ///< 1-based column of the error within `text`
};
/// Parses one span in either weekly form: `Fri 12:00 - Mon 06:00` (continuous; an end
/// at or before the start wraps around the week; start == end is an error) or
/// `Mon-Thu 09:00-17:00` (daily on each listed day; ranges may wrap, `Fri-Mon`; `24:00`
/// is allowed as an end; an end at or before the start crosses midnight). Day names are
/// `Mon`..`Sun`, case-insensitive.
SpanParse parse_weekly(std::string_view text);

/// Instants at or after this are refused: Debian's tz files list transitions only up to
/// 2037 and the date library ignores the rule after them.
Instant windows_horizon();

/// The window that took part in a verdict, with its current occurrence in one zone.
struct ActiveWindow {
  std::string id;
  WindowKind kind = WindowKind::freeze;
  std::string zone;
  LocalTime local_start{};  ///< start of the occurrence containing the instant
  LocalTime local_end{};    ///< end (exclusive)
  Instant start{};          ///< its first instant in UTC (a start in a gap: when the gap ends)
  Instant end{};            ///< the end of its last instant (after both passes of a repeated hour)
  std::string reason;
  std::string component{};  ///< the component a scoped window applied to; "" when unscoped
};

/// A component whose scoped allow windows leave a change outside allowed hours.
struct ScopedOutside {
  std::string component;
  std::vector<std::string> zones;  ///< its zones where none of its allow windows holds
};

/// The window state of a change at one instant.
struct WindowVerdict {
  bool allowed = true;
  bool frozen = false;                ///< some freeze holds in some zone
  bool outside_allowed = false;       ///< allow windows exist and some zone has none holding
  std::vector<ActiveWindow> freezes;  ///< freezes holding now, per zone
  std::vector<std::string> zones_without_allow;  ///< zones where no allow window holds
  std::vector<std::string> zones;                ///< the change's zones (sorted, unique)
  /// Components whose scoped allow windows do not hold (their zones are in
  /// zones_without_allow too); empty for a policy without scoped windows.
  std::vector<ScopedOutside> scoped_outside;
  /// First instant after `now` when `allowed` flips, searched 366 days ahead and never at or
  /// past windows_horizon(); nullopt when there is none in that reach.
  std::optional<Instant> next_change;
};

/// Judges `windows` at `now` for a change landing in `zones` (the policy default zone
/// plus the touched components' zones; duplicates are fine). A zone-pinned window is judged
/// in its zone only, a zone-less one in each of `zones`. Allow windows are satisfied when, for
/// every zone in `zones`, a pinned allow window holds or a zone-less one holds in that zone;
/// with `zones` empty only a pinned allow window can satisfy them. Each freeze holding now is
/// listed once per zone it holds in, with its occurrence (of overlapping spans of one window,
/// the one ending last). Throws UsageError for an instant at or after the horizon and
/// ConfigError for an unknown or refused zone (located at the window's `where`).
WindowVerdict judge_windows(const std::vector<Window>& windows,
                            const std::vector<std::string>& zones, Instant now);

/// A stretch of time with one state.
struct Interval {
  Instant start{};
  Instant end{};
  bool allowed = true;
};

/// The allowed/blocked timeline over [from, to), merged into maximal intervals; empty when
/// from >= to. Throws UsageError when `to` is after the horizon (`to` itself is exclusive).
std::vector<Interval> window_timeline(const std::vector<Window>& windows,
                                      const std::vector<std::string>& zones, Instant from,
                                      Instant to);

/// One occurrence of a window in one zone, for calendars.
struct Occurrence {
  std::string id;
  WindowKind kind = WindowKind::freeze;
  std::string zone;
  LocalTime local_start{};
  LocalTime local_end{};
  Instant start{};
  Instant end{};
  std::string component{};  ///< the component a scoped window applied to; "" when unscoped
};

/// Every occurrence overlapping [from, to), per zone a window is judged in, sorted by UTC
/// start. start/end span the occurrence's first to last instant: a span starting in a
/// spring-forward gap starts when the gap ends, and one within a repeated hour covers both
/// passes. An occurrence wholly inside a gap never holds and is left out.
std::vector<Occurrence> window_occurrences(const std::vector<Window>& windows,
                                           const std::vector<std::string>& zones, Instant from,
                                           Instant to);

/// Checks that `zone` names a tz database zone (a link such as US/Eastern counts); an empty
/// name and "localtime" are refused. Returns an error message, empty when valid.
std::string check_zone(std::string_view zone);

}  // namespace gate
