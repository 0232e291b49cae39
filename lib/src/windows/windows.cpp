// The windows engine (docs/windows.md): judge_windows, window_timeline, window_occurrences.
// A window holds at an instant when the instant's wall-clock time in the window's zone lies
// in its wall-clock span. Instants are converted to local time through the tz database
// (local_at) and compared as wall-clock values; nothing here uses a fixed UTC offset.

#include "gate/windows.hpp"

#include <date/tz.h>  // the whole database, for suggestions only
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <tuple>

#include "gate/error.hpp"
#include "gate/suggest.hpp"
#include "windows/tz_zone.hpp"
#include "windows/windows_detail.hpp"

namespace gate {

namespace wd = windows_detail;

namespace {

/// How far judge_windows looks for the next flip.
constexpr auto kNextChangeReach = date::days{366};

void require_before_horizon(Instant t, std::string_view what) {
  if (t < windows_horizon()) return;
  throw UsageError(
      fmt::format("{} {} is after 2037: the tz database lists offset changes only up to 2037 and "
                  "the date library "
                  "ignores the rule after them, so windows at that time cannot be judged",
                  what, format_utc(t)));
}

/// Whether `window` holds at `local`, its wall-clock time in the zone it is judged in.
bool holds(const Window& window, LocalTime local) {
  return wd::occurrence_at(window, local).has_value();
}

ActiveWindow active(const Window& window, const wd::Slot& slot, const wd::LocalSpan& span) {
  ActiveWindow out{window.id, window.kind, slot.name, span.start, span.end, {}, {}, window.reason};
  // The span holds now, so it has at least one UTC instant and the envelope exists.
  if (auto envelope = wd::utc_envelope(*slot.zone, span)) std::tie(out.start, out.end) = *envelope;
  return out;
}

/// Fills the verdict's point-in-time fields at `now`.
void judge_now(const wd::Plan& plan, Instant now, WindowVerdict& verdict) {
  std::vector<LocalTime> local;
  local.reserve(plan.slots.size());
  for (const wd::Slot& slot : plan.slots) local.push_back(slot.zone->local_at(now));
  bool pinned_allow = false;
  std::vector<bool> zone_allow(plan.change_zones, false);
  for (const wd::Judged& pair : plan.pairs) {
    const Window& window = (*plan.windows)[pair.window];
    if (pair.role == wd::Role::freeze) {
      if (auto span = wd::occurrence_at(window, local[pair.slot])) {
        verdict.freezes.push_back(active(window, plan.slots[pair.slot], *span));
      }
    } else if (holds(window, local[pair.slot])) {
      if (pair.role == wd::Role::pinned_allow) {
        pinned_allow = true;
      } else {
        zone_allow[pair.change_zone] = true;
      }
    }
  }
  verdict.frozen = !verdict.freezes.empty();
  if (plan.has_allow && !pinned_allow) {
    for (std::size_t z = 0; z < plan.change_zones; ++z) {
      if (!zone_allow[z]) verdict.zones_without_allow.push_back(plan.slots[z].name);
    }
    // With no change zones, zone-less allow windows are judged nowhere, so only a pinned
    // one could have held.
    verdict.outside_allowed = plan.change_zones == 0 || !verdict.zones_without_allow.empty();
  }
  verdict.allowed = !verdict.frozen && !verdict.outside_allowed;
}

}  // namespace

namespace {

// Only on the error path: listing the database costs what loading every zone costs. With
// the OS database, links (US/Eastern) are zones of their own there.
std::string zone_suggestion(std::string_view zone) {
  const std::string_view fallback = " (expected a tz database name such as Europe/Berlin)";
  std::vector<std::string> names;
  try {
    const date::tzdb& db = date::get_tzdb();
    for (const date::time_zone& z : db.zones) names.emplace_back(z.name());
  } catch (const std::exception&) {
    return std::string(fallback);
  }
  // Case is the commonest slip ("europe/berlin"), and costs 3 edits.
  auto same_ignoring_case = [zone](const std::string& name) {
    return std::equal(name.begin(), name.end(), zone.begin(), zone.end(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) ==
             std::tolower(static_cast<unsigned char>(b));
    });
  };
  auto it = std::find_if(names.begin(), names.end(), same_ignoring_case);
  if (it != names.end()) return fmt::format("; did you mean '{}'?", *it);
  std::string hint = did_you_mean(zone, names);
  return hint.empty() ? std::string(fallback) : hint;
}

}  // namespace

Instant windows_horizon() { return date::sys_days{date::year{2038} / 1 / 1}; }

std::string check_zone(std::string_view zone) {
  if (zone.empty())
    return "the time zone name is empty (expected a tz database name such as Europe/Berlin)";
  if (zone == "localtime") {
    return "the time zone 'localtime' is refused: it is whatever zone the machine is set to, so "
           "the verdict "
           "would depend on the machine; name the zone, e.g. Europe/Berlin";
  }
  if (windows_detail::find_zone(zone) == nullptr)
    return fmt::format("unknown time zone '{}'{}", quote_input(zone), zone_suggestion(zone));
  return {};
}

WindowVerdict judge_windows(const std::vector<Window>& windows,
                            const std::vector<std::string>& zones, Instant now) {
  require_before_horizon(now, "the instant");
  wd::Plan plan = wd::make_plan(windows, zones);
  WindowVerdict verdict;
  for (std::size_t z = 0; z < plan.change_zones; ++z) verdict.zones.push_back(plan.slots[z].name);
  judge_now(plan, now, verdict);
  Instant limit = std::min(now + kNextChangeReach, windows_horizon());
  wd::walk_states(plan, now, limit, [&](Instant at, bool allowed) {
    if (at == now) return true;  // the state at `now` itself
    (void)allowed;
    verdict.next_change = at;
    return false;
  });
  return verdict;
}

std::vector<Interval> window_timeline(const std::vector<Window>& windows,
                                      const std::vector<std::string>& zones, Instant from,
                                      Instant to) {
  // `to` is exclusive, so a timeline may run up to the horizon itself.
  if (to > windows_horizon()) require_before_horizon(to, "the end of the timeline");
  wd::Plan plan = wd::make_plan(windows, zones);
  std::vector<Interval> timeline;
  wd::walk_states(plan, from, to, [&](Instant at, bool allowed) {
    if (!timeline.empty()) timeline.back().end = at;
    timeline.push_back({at, to, allowed});
    return true;
  });
  return timeline;
}

std::vector<Occurrence> window_occurrences(const std::vector<Window>& windows,
                                           const std::vector<std::string>& zones, Instant from,
                                           Instant to) {
  if (to > windows_horizon()) require_before_horizon(to, "the end of the calendar");
  wd::Plan plan = wd::make_plan(windows, zones);
  std::vector<Occurrence> out;
  if (from >= to) return out;
  for (const wd::Judged& pair : plan.pairs) {
    const Window& window = (*plan.windows)[pair.window];
    const wd::Slot& slot = plan.slots[pair.slot];
    std::vector<wd::Piece> pieces = wd::zone_pieces(*slot.zone, from, to);
    auto [low, high] = std::minmax_element(
        pieces.begin(), pieces.end(),
        [](const wd::Piece& a, const wd::Piece& b) { return a.offset < b.offset; });
    LocalTime lo{(from + low->offset).time_since_epoch()};
    LocalTime hi{(to + high->offset).time_since_epoch()};
    wd::for_each_occurrence(window, lo, hi, [&](const wd::LocalSpan& span) {
      bool meets = false;
      wd::utc_segments(pieces, span, from, to, [&](Instant, Instant) { meets = true; });
      if (!meets) return;
      ActiveWindow a = active(window, slot, span);
      out.push_back({a.id, a.kind, a.zone, a.local_start, a.local_end, a.start, a.end});
    });
  }
  std::stable_sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
    return std::tie(a.start, a.end) < std::tie(b.start, b.end);
  });
  return out;
}

}  // namespace gate
