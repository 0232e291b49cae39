// Wall-clock occurrences of windows and their mapping to UTC through a zone's pieces.

#include "windows/windows_detail.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace gate::windows_detail {

namespace {

using Days = date::days;
constexpr Seconds kWeek = std::chrono::hours{24 * 7};
constexpr int kMinutesPerWeek = 7 * 24 * 60;

// Bounds for a one-off range with a missing end: far enough to cover anything the horizon
// lets through, near enough that offset arithmetic cannot overflow.
constexpr auto kOpenStart = date::local_days{date::year{1800} / 1 / 1};
constexpr auto kOpenEnd = date::local_days{date::year{2200} / 1 / 1};

/// Monday 00:00 of the week containing `t` (1970-01-01 was a Thursday).
LocalTime week_start(LocalTime t) {
  auto day = std::chrono::floor<Days>(t);
  auto weekday = ((day.time_since_epoch().count() + 3) % 7 + 7) % 7;
  return LocalTime{day.time_since_epoch() - Days{weekday}};
}

Seconds span_length(const WeeklySpan& span) {
  int minutes =
      span.end > span.start ? span.end - span.start : span.end + kMinutesPerWeek - span.start;
  return std::chrono::minutes{minutes};
}

bool has_one_off(const Window& window) {
  return window.from.has_value() || window.until.has_value();
}

LocalSpan one_off(const Window& window) {
  return {window.from.value_or(LocalTime{kOpenStart.time_since_epoch()}),
          window.until.value_or(LocalTime{kOpenEnd.time_since_epoch()})};
}

}  // namespace

std::vector<Piece> zone_pieces(const Zone& zone, Instant from, Instant to) {
  std::vector<Piece> pieces;
  Instant t = from;
  do {
    pieces.push_back(zone.interval_at(t));
    t = pieces.back().end;
  } while (t < to);
  return pieces;
}

void for_each_occurrence(const Window& window, LocalTime lo, LocalTime hi,
                         const std::function<void(const LocalSpan&)>& emit) {
  // A span starts within its week and lasts at most a week, so the week before `lo`'s and
  // every week up to `hi`'s cover every occurrence that can overlap [lo, hi).
  LocalTime last_week = week_start(hi);
  for (const WeeklySpan& span : window.weekly) {
    Seconds length = span_length(span);
    for (LocalTime week = week_start(lo) - kWeek; week <= last_week; week += kWeek) {
      LocalTime start = week + std::chrono::minutes{span.start};
      if (start < hi && start + length > lo) emit({start, start + length});
    }
  }
  if (has_one_off(window)) {
    LocalSpan range = one_off(window);
    if (range.start < range.end && range.start < hi && range.end > lo) emit(range);
  }
}

std::optional<LocalSpan> occurrence_at(const Window& window, LocalTime local) {
  std::optional<LocalSpan> best;
  for_each_occurrence(window, local, local + Seconds{1}, [&](const LocalSpan& span) {
    if (!best || span.end > best->end || (span.end == best->end && span.start < best->start))
      best = span;
  });
  return best;
}

void utc_segments(const std::vector<Piece>& pieces, const LocalSpan& span, Instant clip_from,
                  Instant clip_to, const std::function<void(Instant, Instant)>& emit) {
  for (const Piece& piece : pieces) {
    // Within a piece, local = utc + offset is a plain shift.
    Instant start = std::max({as_utc(span.start) - piece.offset, piece.begin, clip_from});
    Instant end = std::min({as_utc(span.end) - piece.offset, piece.end, clip_to});
    if (start < end) emit(start, end);
  }
}

std::optional<std::pair<Instant, Instant>> utc_envelope(const Zone& zone, const LocalSpan& span) {
  // No zone's offset reaches a day, so a day's margin either side covers the span's UTC image.
  Instant from = as_utc(span.start) - Days{1};
  Instant to = as_utc(span.end) + Days{1};
  std::optional<std::pair<Instant, Instant>> envelope;
  utc_segments(zone_pieces(zone, from, to), span, from, to, [&](Instant start, Instant end) {
    if (!envelope) envelope.emplace(start, end);
    envelope->first = std::min(envelope->first, start);
    envelope->second = std::max(envelope->second, end);
  });
  return envelope;
}

namespace {

const Zone& resolve(std::string_view name, const SourceLocation& where) {
  std::string problem = check_zone(name);
  if (!problem.empty()) throw ConfigError(where, problem);
  return *find_zone(name);
}

}  // namespace

Plan make_plan(const std::vector<Window>& windows, const std::vector<std::string>& zones) {
  Plan plan;
  plan.windows = &windows;
  std::vector<std::string> change(zones);
  std::sort(change.begin(), change.end());
  change.erase(std::unique(change.begin(), change.end()), change.end());
  std::map<std::string, std::size_t, std::less<>> index;
  for (const std::string& name : change) {
    index.emplace(name, plan.slots.size());
    plan.slots.push_back({name, &resolve(name, {})});
  }
  plan.change_zones = plan.slots.size();
  for (std::size_t w = 0; w < windows.size(); ++w) {
    const Window& window = windows[w];
    bool allow = window.kind == WindowKind::allow;
    plan.has_allow = plan.has_allow || allow;
    if (window.zone) {
      auto [it, added] = index.emplace(*window.zone, plan.slots.size());
      if (added) plan.slots.push_back({*window.zone, &resolve(*window.zone, window.where)});
      plan.pairs.push_back({w, it->second, allow ? Role::pinned_allow : Role::freeze, 0});
      continue;
    }
    for (std::size_t z = 0; z < plan.change_zones; ++z) {
      plan.pairs.push_back({w, z, allow ? Role::zone_allow : Role::freeze, z});
    }
  }
  return plan;
}

}  // namespace gate::windows_detail
