// Benchmark of the windows engine: judge_windows (verdict plus next_change) for a change
// touching 50 components with 3 zones each, against 20 windows of every sort (freeze and
// allow; continuous weekly, daily and one-off; zone-pinned and zone-less), at random
// instants in 2026-2027. Target: under 1 ms per call. Prints figures; it is not a test.
//
// Also prints the cost of a 28-day timeline (what `git-gate window` draws) and of the worst
// case for next_change: zone-less allow hours in far-apart zones, which never flip, so the
// search runs the whole year.

#include <date/date.h>
#include <time.h>

#include <cstdio>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gate/windows.hpp"

namespace {

using gate::Instant;
using gate::LocalTime;
using gate::Window;
using gate::WindowKind;

/// This thread's CPU time: on a shared, loaded machine wall time measures the neighbours.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

const std::vector<std::string> kZones = {
    "America/New_York",  "America/Chicago",     "America/Denver",      "America/Los_Angeles",
    "America/Sao_Paulo", "America/Toronto",     "America/Mexico_City", "America/St_Johns",
    "America/Santiago",  "Europe/London",       "Europe/Berlin",       "Europe/Paris",
    "Europe/Madrid",     "Europe/Bratislava",   "Europe/Helsinki",     "Europe/Moscow",
    "Africa/Cairo",      "Africa/Johannesburg", "Atlantic/Azores",     "Asia/Dubai",
    "Asia/Tehran",       "Asia/Kolkata",        "Asia/Kathmandu",      "Asia/Singapore",
    "Asia/Shanghai",     "Asia/Tokyo",          "Australia/Adelaide",  "Australia/Sydney",
    "Pacific/Auckland",  "Pacific/Chatham"};

Window make(WindowKind kind, std::string id, std::vector<std::string> spans,
            std::optional<std::string> zone = {}) {
  Window w;
  w.id = std::move(id);
  w.kind = kind;
  w.zone = std::move(zone);
  for (const std::string& text : spans) {
    gate::SpanParse parsed = gate::parse_weekly(text);
    if (!parsed.error.empty())
      std::fprintf(stderr, "bad span %s: %s\n", text.c_str(), parsed.error.c_str());
    w.weekly.insert(w.weekly.end(), parsed.spans.begin(), parsed.spans.end());
  }
  return w;
}

LocalTime local(int y, unsigned m, unsigned d, int h = 0) {
  return LocalTime{date::local_days{date::year{y} / m / d}.time_since_epoch() +
                   std::chrono::hours{h}};
}

Window one_off(WindowKind kind, std::string id, LocalTime from, LocalTime until,
               std::optional<std::string> zone = {}) {
  Window w = make(kind, std::move(id), {}, std::move(zone));
  w.from = from;
  w.until = until;
  return w;
}

std::vector<Window> policy_windows() {
  const auto freeze = WindowKind::freeze;
  const auto allow = WindowKind::allow;
  return {
      make(freeze, "weekend", {"Fri 16:00 - Mon 06:00"}),
      make(freeze, "friday-afternoon", {"Fri 12:00-24:00"}),
      make(freeze, "maintenance", {"Wed 02:00 - Wed 04:00"}, "UTC"),
      make(freeze, "nightly-batch", {"Mon-Fri 01:00-02:30"}, "America/Chicago"),
      make(freeze, "apac-close", {"Mon-Fri 16:30-17:30"}, "Asia/Tokyo"),
      make(freeze, "eu-close", {"Mon-Fri 17:00-17:45"}, "Europe/London"),
      make(freeze, "sunday-night", {"Sun 20:00-06:00"}),
      one_off(freeze, "year-end-2026", local(2026, 12, 20), local(2027, 1, 4, 8), "UTC"),
      one_off(freeze, "year-end-2027", local(2027, 12, 19), local(2028, 1, 3, 8), "UTC"),
      one_off(freeze, "black-friday", local(2026, 11, 26), local(2026, 11, 30, 12)),
      one_off(freeze, "launch-2026", local(2026, 9, 14, 9), local(2026, 9, 16, 18),
              "America/Los_Angeles"),
      one_off(freeze, "audit-2027", local(2027, 3, 1), local(2027, 3, 8), "Europe/Berlin"),
      one_off(freeze, "summer-2027", local(2027, 7, 5), local(2027, 7, 9), "Asia/Singapore"),
      make(allow, "hours-eu", {"Mon-Thu 08:00-18:00", "Fri 08:00-12:00"}, "Europe/Berlin"),
      make(allow, "hours-us", {"Mon-Thu 09:00-17:00", "Fri 09:00-13:00"}, "America/New_York"),
      make(allow, "hours-apac", {"Mon-Fri 09:00-17:00"}, "Asia/Singapore"),
      make(allow, "hours-anz", {"Mon-Thu 08:30-16:30"}, "Australia/Sydney"),
      make(allow, "early-window", {"Tue 05:00 - Tue 07:00", "Thu 05:00 - Thu 07:00"}, "UTC"),
      make(allow, "regional-noon", {"Mon-Fri 11:00-13:00"}),
      make(allow, "late-us", {"Mon-Wed 17:00-20:00"}, "America/Los_Angeles"),
  };
}

std::vector<std::string> change_zones(std::mt19937_64& random) {
  std::vector<std::string> zones;
  for (int component = 0; component < 50; ++component) {
    for (int i = 0; i < 3; ++i) zones.push_back(kZones[random() % kZones.size()]);
  }
  return zones;
}

}  // namespace

int main() {
  std::mt19937_64 random(42);
  std::vector<Window> windows = policy_windows();
  const Instant first = date::sys_days{date::year{2026} / 1 / 1};
  std::uniform_int_distribution<long long> offset(0, std::chrono::seconds{date::days{730}}.count());
  std::vector<std::pair<std::vector<std::string>, Instant>> cases;
  for (int i = 0; i < 50; ++i)
    cases.emplace_back(change_zones(random), first + std::chrono::seconds{offset(random)});

  gate::judge_windows(windows, cases[0].first, cases[0].second);  // loads the tz database once
  const int calls = 2000;
  int allowed = 0, with_change = 0;
  double start = cpu_seconds();
  for (int i = 0; i < calls; ++i) {
    const auto& [zones, base] = cases[static_cast<std::size_t>(i) % cases.size()];
    gate::WindowVerdict v = gate::judge_windows(windows, zones, base + std::chrono::hours{37 * i});
    allowed += v.allowed;
    with_change += v.next_change.has_value();
  }
  double per_call = (cpu_seconds() - start) / calls;
  std::printf(
      "change: 50 components x 3 zones (%zu distinct), %zu windows; %d calls, %d allowed, %d with "
      "a next_change\n",
      std::set<std::string>(cases[0].first.begin(), cases[0].first.end()).size(), windows.size(),
      calls, allowed, with_change);
  std::printf("windows_eval_us=%.1f\n", per_call * 1e6);

  start = cpu_seconds();
  const int timelines = 50;
  for (int i = 0; i < timelines; ++i) {
    Instant from = cases[static_cast<std::size_t>(i)].second;
    gate::window_timeline(windows, cases[static_cast<std::size_t>(i)].first, from,
                          from + date::days{28});
  }
  std::printf("timeline_28d_us=%.1f\n", (cpu_seconds() - start) / timelines * 1e6);

  // Worst case: zone-less allow hours that never overlap in these zones, so there is no flip
  // within the year and the search walks all of it.
  std::vector<Window> apart = {make(WindowKind::allow, "hours", {"Mon-Fri 09:00-17:00"}),
                               make(WindowKind::freeze, "weekend", {"Fri 16:00 - Mon 06:00"})};
  std::vector<std::string> far = {"America/Los_Angeles", "Asia/Kolkata", "Europe/Berlin"};
  start = cpu_seconds();
  const int worst = 50;
  for (int i = 0; i < worst; ++i)
    gate::judge_windows(apart, far, first + std::chrono::hours{13 * i});
  std::printf("windows_eval_no_flip_3_zones_us=%.1f\n", (cpu_seconds() - start) / worst * 1e6);
  // The same with the 20 windows and all 30 zones: a zone-less allow can never hold everywhere.
  windows.push_back(make(WindowKind::allow, "everywhere", {"Mon-Fri 09:00-17:00"}));
  windows.erase(windows.begin() + 13, windows.begin() + 20);  // drop the other allow windows
  start = cpu_seconds();
  for (int i = 0; i < worst; ++i)
    gate::judge_windows(windows, kZones, first + std::chrono::hours{13 * i});
  std::printf("windows_eval_no_flip_30_zones_us=%.1f\n", (cpu_seconds() - start) / worst * 1e6);
  return 0;
}
