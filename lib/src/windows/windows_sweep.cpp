// walk_states: the allowed state over time as a sweep over interval boundaries.
//
// Each (window, zone) pair contributes UTC intervals (its occurrences mapped through the
// zone's pieces). The state at an instant depends only on how many intervals of each kind
// are open then, so the sweep keeps counters and re-evaluates only where a boundary falls:
//   frozen          = some freeze interval is open;
//   allow satisfied = no allow windows exist, or a pinned allow interval is open (it holds
//                     for every zone), or every change zone has an open zone-less allow
//                     interval judged in it.
// Time is cut into chunks so a search for the next flip only generates the intervals it
// needs; each chunk starts from counts computed afresh, so nothing carries over but the state.

#include <algorithm>
#include <vector>

#include "windows/windows_detail.hpp"

namespace gate::windows_detail {

namespace {

constexpr int kFreeze = -1;
constexpr int kPinnedAllow = -2;  // every other target is a change-zone index

// The first chunk is short because most searches end within hours; later ones are long
// because a search that got that far is usually crossing a weekend or a holiday.
constexpr Seconds kFirstChunk = std::chrono::hours{24};
constexpr Seconds kLaterChunk = std::chrono::hours{24 * 7};

struct Event {
  Instant at{};
  int target = 0;
  int delta = 0;
};

class Tally {
 public:
  explicit Tally(const Plan& plan)
      : zone_allows_(plan.change_zones, 0),
        unsatisfied_(plan.change_zones),
        has_allow_(plan.has_allow) {}

  void apply(int target, int delta) {
    if (target == kFreeze) {
      freezes_ += delta;
    } else if (target == kPinnedAllow) {
      pinned_allows_ += delta;
    } else {
      int& open = zone_allows_[static_cast<std::size_t>(target)];
      bool was_open = open > 0;
      open += delta;
      if (was_open != (open > 0)) unsatisfied_ += was_open ? 1 : -1;
    }
  }

  bool allowed() const {
    if (freezes_ > 0) return false;
    if (!has_allow_ || pinned_allows_ > 0) return true;
    // With no change zones, only a pinned allow window can hold (see judge_windows).
    return !zone_allows_.empty() && unsatisfied_ == 0;
  }

 private:
  int freezes_ = 0;
  int pinned_allows_ = 0;
  std::vector<int> zone_allows_;
  std::size_t unsatisfied_;
  bool has_allow_;
};

int target_of(const Judged& pair) {
  switch (pair.role) {
    case Role::freeze:
      return kFreeze;
    case Role::pinned_allow:
      return kPinnedAllow;
    case Role::zone_allow:
      break;
  }
  return static_cast<int>(pair.change_zone);
}

/// The counts open at `from` and the sorted boundary events inside (from, to).
struct Chunk {
  Tally open;
  std::vector<Event> events;
};

Chunk make_chunk(const Plan& plan, Instant from, Instant to) {
  Chunk chunk{Tally(plan), {}};
  std::vector<std::vector<Piece>> pieces;
  pieces.reserve(plan.slots.size());
  for (const Slot& slot : plan.slots) pieces.push_back(zone_pieces(*slot.zone, from, to));
  for (const Judged& pair : plan.pairs) {
    const std::vector<Piece>& zone = pieces[pair.slot];
    auto [low, high] =
        std::minmax_element(zone.begin(), zone.end(),
                            [](const Piece& a, const Piece& b) { return a.offset < b.offset; });
    int target = target_of(pair);
    auto add = [&](Instant start, Instant end) {
      if (start == from) {
        chunk.open.apply(target, +1);
      } else {
        chunk.events.push_back({start, target, +1});
      }
      if (end < to) chunk.events.push_back({end, target, -1});
    };
    // Only occurrences whose local span meets [from + lowest offset, to + highest offset)
    // can map into [from, to).
    LocalTime lo{(from + low->offset).time_since_epoch()};
    LocalTime hi{(to + high->offset).time_since_epoch()};
    for_each_occurrence((*plan.windows)[pair.window], lo, hi,
                        [&](const LocalSpan& span) { utc_segments(zone, span, from, to, add); });
  }
  std::sort(chunk.events.begin(), chunk.events.end(),
            [](const Event& a, const Event& b) { return a.at < b.at; });
  return chunk;
}

}  // namespace

void walk_states(const Plan& plan, Instant from, Instant to,
                 const std::function<bool(Instant, bool)>& visit) {
  bool first = true;
  bool state = true;
  Seconds length = kFirstChunk;
  for (Instant start = from; start < to;) {
    Instant end = std::min(to, start + length);
    length = kLaterChunk;
    Chunk chunk = make_chunk(plan, start, end);
    bool now = chunk.open.allowed();
    if (first || now != state) {
      first = false;
      state = now;
      if (!visit(start, state)) return;
    }
    // Every boundary at one instant is applied before the state is read, so a window
    // ending exactly where the next begins makes no flip.
    for (std::size_t i = 0; i < chunk.events.size();) {
      Instant at = chunk.events[i].at;
      for (; i < chunk.events.size() && chunk.events[i].at == at; ++i) {
        chunk.open.apply(chunk.events[i].target, chunk.events[i].delta);
      }
      if (chunk.open.allowed() != state) {
        state = !state;
        if (!visit(at, state)) return;
      }
    }
    start = end;
  }
}

}  // namespace gate::windows_detail
