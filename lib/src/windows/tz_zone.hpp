#pragma once
// A tz database zone read from its compiled file alone (tz_zone.cpp).

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "gate/tz.hpp"
#include "gate/windows.hpp"

namespace gate::windows_detail {

/// One zone's transitions, read from its TZif file (RFC 8536) as date reads it with the
/// OS tz database: the 64-bit data, no footer rule, a first transition at the beginning
/// of time carrying the first standard-time offset.
class Zone {
 public:
  /// Parses a TZif file's bytes; throws std::runtime_error on a malformed file.
  explicit Zone(std::string_view tzif);

  /// The interval containing `t` (date's time_zone::get_info).
  ZoneInterval interval_at(Instant t) const;

  /// The wall-clock time at `t`.
  LocalTime local_at(Instant t) const {
    return LocalTime{(t + interval_at(t).offset).time_since_epoch()};
  }

 private:
  struct Transition {
    Instant at;
    std::chrono::seconds offset;
  };
  std::vector<Transition> transitions_;  ///< sorted; the first at the beginning of time
};

/// The zone named `name`, or nullptr when the tz database has no such zone. Zones live
/// until the program ends; lookups are thread-safe.
const Zone* find_zone(std::string_view name);

}  // namespace gate::windows_detail
