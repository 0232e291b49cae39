// Zones are read one compiled file at a time (lib/src/windows/tz_zone.cpp) instead of
// through date's whole database. These tests hold that reader to date's answers on this
// machine's tzdata: the same names are zones, with the same offset intervals.
#include <date/tz.h>
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "gate/local_time.hpp"
#include "gate/tz.hpp"
#include "gate/windows.hpp"

namespace {

namespace fs = std::filesystem;

std::set<std::string> database_names() {
  std::set<std::string> names;
  for (const date::time_zone& zone : date::get_tzdb().zones) names.insert(zone.name());
  return names;
}

// Every path under the zone directory, as a name relative to it (links left as links), and
// names that are not zones at all.
std::vector<std::string> candidate_names() {
  const fs::path dir = "/usr/share/zoneinfo";
  std::vector<std::string> names;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it)
    names.push_back(it->path().lexically_relative(dir).string());
  for (const char* odd : {"", "/", "Europe/", "/Europe/Berlin", "Europe//Berlin", "./UTC",
                          "Europe/../UTC", "../zoneinfo/UTC", "Europe/Berlin/", "europe/berlin",
                          "Europe/Berlin\n", "Mars/Olympus_Mons", "right/UTC", "posix/UTC"})
    names.emplace_back(odd);
  return names;
}

}  // namespace

TEST_CASE("a name is a zone exactly when date's tz database lists it") {
  const std::set<std::string> database = database_names();
  REQUIRE(database.size() > 300);
  std::vector<std::string> names = candidate_names();
  REQUIRE(names.size() > database.size());
  int zones = 0, disagreements = 0;
  for (const std::string& name : names) {
    if (name == "localtime") continue;  // refused by name before any lookup (check_zone)
    bool listed = database.count(name) > 0;
    bool accepted = gate::check_zone(name).empty();
    zones += accepted;
    if (listed != accepted) {
      ++disagreements;
      MESSAGE("disagree on '" << name << "': date lists it: " << listed);
    }
  }
  CHECK(disagreements == 0);
  CHECK(zones == static_cast<int>(database.size()) - 1);  // all but "localtime"
}

TEST_CASE("every zone has date's offset intervals, at and around each transition") {
  using std::chrono::seconds;
  int compared = 0, differences = 0;
  for (const date::time_zone& zone : date::get_tzdb().zones) {
    if (zone.name() == "localtime") continue;
    // From before the first transition to past the last one date knows (2037 in Debian's
    // files), each interval's first and last second and the middle of the next.
    date::sys_seconds t = date::sys_days{date::year{1800} / 1 / 1};
    const date::sys_seconds end = date::sys_days{date::year{2100} / 1 / 1};
    while (true) {
      date::sys_info info = zone.get_info(t);
      for (date::sys_seconds probe : {t, info.begin, info.end - seconds{1}}) {
        date::sys_info want = zone.get_info(probe);
        std::optional<gate::ZoneInterval> got =
            gate::zone_interval_at(zone.name(), gate::Instant{probe.time_since_epoch()});
        ++compared;
        if (!got || got->begin.time_since_epoch() != want.begin.time_since_epoch() ||
            got->end.time_since_epoch() != want.end.time_since_epoch() ||
            got->offset != want.offset) {
          if (++differences < 10)
            MESSAGE(zone.name() << " at " << date::format("%FT%TZ", probe) << ": "
                                << (got ? date::format("%FT%TZ", got->begin) + " " +
                                              date::format("%FT%TZ", got->end) + " " +
                                              std::to_string(got->offset.count())
                                        : std::string("none"))
                                << " != " << date::format("%FT%TZ", want.begin) << " "
                                << date::format("%FT%TZ", want.end) << " " << want.offset.count());
        }
      }
      if (info.end >= end) break;
      t = info.end;
    }
  }
  CHECK(compared > 100000);
  CHECK(differences == 0);
}

TEST_CASE("local times follow the zone: format_local is the wall clock date gives") {
  const date::time_zone* berlin = date::locate_zone("Europe/Berlin");
  for (date::sys_seconds t :
       {date::sys_seconds{date::sys_days{date::year{2026} / 3 / 29}} + std::chrono::hours{1},
        date::sys_seconds{date::sys_days{date::year{2026} / 10 / 25}} + std::chrono::minutes{59}}) {
    date::zoned_seconds want(berlin, t);
    CHECK(gate::format_local(gate::Instant{t.time_since_epoch()}, "Europe/Berlin") ==
          date::format("%a %H:%M", want.get_local_time()) + " Europe/Berlin");
  }
  CHECK_FALSE(gate::zone_interval_at("Mars/Olympus_Mons", gate::Instant{}).has_value());
}
