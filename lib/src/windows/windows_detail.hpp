#pragma once
// Private machinery of the windows engine (windows.cpp). Everything here works on wall-clock
// values: a window is a set of local spans, and a zone maps UTC to local time piece by piece
// (one piece per tz database interval with a constant offset). A local span is turned into
// UTC by intersecting it with each piece, never through a single offset, so gaps and
// repeated hours fall out of the definition of a window (docs/windows.md) instead of being
// special cases.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gate/windows.hpp"
#include "windows/tz_zone.hpp"

namespace gate::windows_detail {

using Seconds = std::chrono::seconds;

/// Converts between the gate's LocalTime (std::chrono) and date's local_seconds.
inline date::local_seconds to_date(LocalTime t) {
  return date::local_seconds{t.time_since_epoch()};
}
inline LocalTime from_date(date::local_seconds t) { return LocalTime{t.time_since_epoch()}; }

/// The instant whose UTC reading equals `t`'s wall-clock reading (offset 0).
inline Instant as_utc(LocalTime t) { return Instant{t.time_since_epoch()}; }

/// An interval of UTC time over which a zone's offset is constant.
using Piece = ZoneInterval;

/// The pieces of `zone` covering [from, to), in order.
std::vector<Piece> zone_pieces(const Zone& zone, Instant from, Instant to);

/// One occurrence of a window in local time, [start, end).
struct LocalSpan {
  LocalTime start{};
  LocalTime end{};
};

/// Calls `emit` for every occurrence of `window` (weekly spans and the one-off range) that
/// overlaps the local range [lo, hi).
void for_each_occurrence(const Window& window, LocalTime lo, LocalTime hi,
                         const std::function<void(const LocalSpan&)>& emit);

/// The occurrence of `window` containing `local`, if the window holds then. Where spans of
/// one window overlap, the one ending last is chosen: it says the most about how long the
/// window lasts.
std::optional<LocalSpan> occurrence_at(const Window& window, LocalTime local);

/// Calls `emit(start, end)` for each UTC interval, clipped to [clip_from, clip_to), during
/// which the wall-clock time of the zone described by `pieces` lies in `span`. A span in a
/// spring-forward gap yields nothing; one across a repeated hour may yield two intervals.
void utc_segments(const std::vector<Piece>& pieces, const LocalSpan& span, Instant clip_from,
                  Instant clip_to, const std::function<void(Instant, Instant)>& emit);

/// The first and the end of the last UTC instant of `span` in `zone`, or nothing when the
/// whole span falls in a gap.
std::optional<std::pair<Instant, Instant>> utc_envelope(const Zone& zone, const LocalSpan& span);

/// What a (window, zone) pair counts towards.
enum class Role { freeze, pinned_allow, zone_allow };

/// One window judged in one zone.
struct Judged {
  std::size_t window = 0;  ///< index into the windows
  std::size_t slot = 0;    ///< index into Plan::slots
  Role role = Role::freeze;
  std::size_t change_zone = 0;  ///< for zone_allow: which change zone it satisfies
};

/// A resolved zone.
struct Slot {
  std::string name;
  const Zone* zone = nullptr;
};

/// The windows and zones of one evaluation, resolved once.
struct Plan {
  const std::vector<Window>* windows = nullptr;
  std::vector<Slot> slots;       ///< the change zones (sorted, unique) first, then pinned zones
  std::size_t change_zones = 0;  ///< how many of `slots` are change zones
  std::vector<Judged> pairs;
  bool has_allow = false;
};

/// Resolves zones and pairs. Throws ConfigError for an unknown or refused zone.
Plan make_plan(const std::vector<Window>& windows, const std::vector<std::string>& zones);

/// Walks the allowed state over [from, to): calls `visit(from, state)` first, then
/// `visit(t, state)` at every instant where the state flips, in order, until `visit`
/// returns false. The state can change only at window boundaries mapped to UTC and at
/// offset transitions, so the walk goes a chunk at a time and touches nothing else.
void walk_states(const Plan& plan, Instant from, Instant to,
                 const std::function<bool(Instant, bool)>& visit);

}  // namespace gate::windows_detail
