// Property test of the windows engine against an independent model of every canonical zone.
//
// The model is built from zdump (glibc's reading of the TZif files, not the date library):
// `zdump -v -c 2019,2036` lists each offset change with its UT instant and gmtoff, and
// `zdump -i` gives the offset of zones that have no change in that range. From it the test
// computes local = utc + offset(utc) itself, places tiny windows at that local time, and
// checks that judge_windows agrees to the second: a window on the exact local second holds,
// windows one second either side do not, a one-minute weekly span on the local minute holds,
// and next_change equals the model's own first flip.

#include <date/date.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gate/timeutil.hpp"
#include "gate/windows.hpp"
#include "support.hpp"

namespace gate {

namespace {

using Seconds = std::chrono::seconds;

/// A zone's UTC offset as a step function, from zdump.
struct OffsetModel {
  Seconds initial{};
  std::vector<std::pair<Instant, Seconds>> steps;  ///< (from this instant, this offset), sorted

  Seconds at(Instant t) const {
    auto it = std::upper_bound(
        steps.begin(), steps.end(), t,
        [](Instant x, const std::pair<Instant, Seconds>& s) { return x < s.first; });
    return it == steps.begin() ? initial : std::prev(it)->second;
  }
  LocalTime local(Instant t) const { return LocalTime{(t + at(t)).time_since_epoch()}; }
  /// The first step strictly after `t`, if any.
  std::optional<Instant> next_step(Instant t) const {
    auto it = std::upper_bound(
        steps.begin(), steps.end(), t,
        [](Instant x, const std::pair<Instant, Seconds>& s) { return x < s.first; });
    if (it == steps.end()) return std::nullopt;
    return it->first;
  }
};

std::vector<std::string> canonical_zones() {
  std::vector<std::string> zones;
  std::ifstream zi("/usr/share/zoneinfo/tzdata.zi");
  for (std::string line; std::getline(zi, line);) {
    if (line.rfind("Z ", 0) == 0) zones.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  if (zones.empty()) {  // an older tzdata without tzdata.zi
    std::ifstream tab("/usr/share/zoneinfo/zone1970.tab");
    for (std::string line; std::getline(tab, line);) {
      std::istringstream fields(line);
      std::string codes, coordinates, name;
      if (line.empty() || line[0] == '#' || !(fields >> codes >> coordinates >> name)) continue;
      zones.push_back(name);
    }
  }
  return zones;
}

const std::map<std::string, unsigned> kMonths = {{"Jan", 1}, {"Feb", 2},  {"Mar", 3},  {"Apr", 4},
                                                 {"May", 5}, {"Jun", 6},  {"Jul", 7},  {"Aug", 8},
                                                 {"Sep", 9}, {"Oct", 10}, {"Nov", 11}, {"Dec", 12}};

/// `ZONE  Sun Mar 10 07:00:00 2019 UT = Sun Mar 10 03:00:00 2019 EDT isdst=1 gmtoff=-14400`
bool parse_verbose_line(const std::string& line, std::string& zone, Instant& ut, Seconds& offset) {
  std::istringstream in(line);
  std::string weekday, month, clock, ut_word;
  int day = 0, year = 0;
  if (!(in >> zone >> weekday >> month >> day >> clock >> year >> ut_word) || ut_word != "UT")
    return false;
  auto gmtoff_at = line.rfind("gmtoff=");
  if (gmtoff_at == std::string::npos || !kMonths.count(month)) return false;
  int h = 0, m = 0, s = 0;
  if (std::sscanf(clock.c_str(), "%d:%d:%d", &h, &m, &s) != 3) return false;
  auto civil =
      date::year{year} / date::month{kMonths.at(month)} / date::day{static_cast<unsigned>(day)};
  ut = date::sys_days{civil} + std::chrono::hours{h} + std::chrono::minutes{m} + Seconds{s};
  offset = Seconds{std::stol(line.substr(gmtoff_at + 7))};
  return true;
}

/// `+0530`, `-04`, `+013045` as seconds.
Seconds parse_numeric_offset(const std::string& text) {
  int sign = text.at(0) == '-' ? -1 : 1;
  std::string digits = text.substr(1);
  int h = std::stoi(digits.substr(0, 2));
  int m = digits.size() >= 4 ? std::stoi(digits.substr(2, 2)) : 0;
  int s = digits.size() >= 6 ? std::stoi(digits.substr(4, 2)) : 0;
  return Seconds{sign * (h * 3600 + m * 60 + s)};
}

/// Models for `zones`, or an error message when zdump cannot be run.
std::optional<std::map<std::string, OffsetModel>> zdump_models(
    const std::vector<std::string>& zones, std::string& problem) {
  std::vector<std::string> verbose = {"zdump", "-v", "-c", "2019,2036"};
  verbose.insert(verbose.end(), zones.begin(), zones.end());
  test::RunResult v, i;
  try {
    v = test::run(verbose);
  } catch (const std::exception& e) {
    problem = e.what();
    return std::nullopt;
  }
  if (v.exit_code != 0) {
    problem = "zdump failed: " + v.err;
    return std::nullopt;
  }
  std::map<std::string, OffsetModel> models;
  std::istringstream verbose_out(v.out);
  for (std::string line; std::getline(verbose_out, line);) {
    std::string zone;
    Instant ut{};
    Seconds offset{};
    if (parse_verbose_line(line, zone, ut, offset)) models[zone].steps.emplace_back(ut, offset);
  }
  // Each change is listed as a pair (its last second under the old offset, its first under
  // the new), so the first line's offset held from the range's start.
  std::vector<std::string> constant = {"zdump", "-i", "-c", "2019,2036"};
  for (const std::string& zone : zones) {
    auto& model = models[zone];
    std::sort(model.steps.begin(), model.steps.end());
    if (!model.steps.empty()) model.initial = model.steps.front().second;
    if (model.steps.empty()) constant.push_back(zone);
  }
  // Zones without a change in the range: `zdump -i` prints their offset as "-<TAB>-<TAB>+08".
  i = test::run(constant);
  std::istringstream intervals_out(i.out);
  std::string current;
  for (std::string line; std::getline(intervals_out, line);) {
    if (line.rfind("TZ=\"", 0) == 0) {
      current = line.substr(4, line.size() - 5);
    } else if (line.rfind("-\t-\t", 0) == 0) {
      models[current].initial = parse_numeric_offset(line.substr(4, line.find('\t', 4) - 4));
    }
  }
  return models;
}

bool in_any(LocalTime x, const std::vector<std::pair<LocalTime, LocalTime>>& spans) {
  return std::any_of(spans.begin(), spans.end(),
                     [&](const auto& s) { return s.first <= x && x < s.second; });
}

/// The model's first instant after `t` where "local time in some span" changes, looking two
/// days ahead: within a step the local time is utc + a constant, so the change happens at a
/// span edge shifted by that constant or at the next step.
std::optional<Instant> model_next_flip(const OffsetModel& model, Instant t,
                                       const std::vector<std::pair<LocalTime, LocalTime>>& spans) {
  bool state = in_any(model.local(t), spans);
  Instant limit = t + date::days{2};
  for (Instant u = t; u < limit;) {
    Seconds offset = model.at(u);
    Instant piece_end = std::min(limit, model.next_step(u).value_or(limit));
    std::vector<Instant> candidates = {piece_end};
    for (const auto& [lo, hi] : spans) {
      for (LocalTime edge : {lo, hi}) {
        Instant c = Instant{edge.time_since_epoch()} - offset;
        if (c > u && c < piece_end) candidates.push_back(c);
      }
    }
    std::sort(candidates.begin(), candidates.end());
    for (Instant c : candidates) {
      if (c < limit && in_any(model.local(c), spans) != state) return c;
    }
    u = piece_end;
  }
  return std::nullopt;
}

std::string show(const std::optional<Instant>& t) { return t ? format_utc(*t) : "none"; }

Window tiny(WindowKind kind, std::string id, LocalTime from, LocalTime until,
            const std::optional<std::string>& zone) {
  Window w;
  w.id = std::move(id);
  w.kind = kind;
  w.from = from;
  w.until = until;
  w.zone = zone;
  return w;
}

/// Checks one instant in one zone with four windows in two calls.
void check_instant(const std::string& zone, const OffsetModel& model, Instant t, bool pinned,
                   WindowKind kind) {
  LocalTime local = model.local(t);
  LocalTime minute = std::chrono::floor<std::chrono::minutes>(local);
  auto day = std::chrono::floor<date::days>(local);
  int weekday = static_cast<int>(
      (date::weekday{date::local_days{day.time_since_epoch()}}.c_encoding() + 6) % 7);
  int minute_of_week = weekday * 1440 + static_cast<int>((minute - day) / std::chrono::minutes{1});
  std::optional<std::string> pin = pinned ? std::optional<std::string>(zone) : std::nullopt;
  std::vector<std::string> zones = {pinned ? std::string("UTC") : zone};
  if (pinned)
    zones.push_back(zone);  // a pinned window is judged in its zone, whatever the change's zones
  INFO(zone, " at ", format_utc(t), std::string(pinned ? " pinned" : " zone-less"),
       std::string(kind == WindowKind::freeze ? " freeze" : " allow"));

  Window exact = tiny(kind, "exact", local, local + Seconds{1}, pin);
  Window weekly;
  weekly.id = "minute";
  weekly.kind = kind;
  weekly.zone = pin;
  weekly.weekly.push_back({minute_of_week, (minute_of_week + 1) % 10080, "minute"});
  WindowVerdict in = judge_windows({exact, weekly}, zones, t);
  bool holds_expected = kind == WindowKind::freeze ? !in.allowed : in.allowed;
  CHECK(holds_expected);
  if (kind == WindowKind::freeze) {
    REQUIRE(in.freezes.size() == 2);
    CHECK(in.freezes[0].local_start == local);
    CHECK(in.freezes[1].local_start == minute);
    CHECK(in.freezes[1].local_end == minute + std::chrono::minutes{1});
  }
  CHECK(show(in.next_change) ==
        show(model_next_flip(model, t, {{minute, minute + std::chrono::minutes{1}}})));

  Window before = tiny(kind, "before", local - Seconds{60}, local, pin);
  Window after = tiny(kind, "after", local + Seconds{1}, local + Seconds{61}, pin);
  WindowVerdict out = judge_windows({before, after}, zones, t);
  CHECK(out.allowed == (kind == WindowKind::freeze));
  CHECK(out.freezes.empty());
  CHECK(show(out.next_change) ==
        show(model_next_flip(
            model, t, {{local - Seconds{60}, local}, {local + Seconds{1}, local + Seconds{61}}})));
}

}  // namespace

TEST_CASE("judge_windows agrees with zdump on local time in every canonical zone, 2020-2035") {
  std::vector<std::string> zones = canonical_zones();
  REQUIRE_MESSAGE(!zones.empty(), "no tzdata.zi or zone1970.tab under /usr/share/zoneinfo");
  std::string problem;
  auto models = zdump_models(zones, problem);
  if (!models) {
    MESSAGE("skipped: zdump (Debian package libc-bin) could not be run: ", problem);
    return;
  }
  // Fewer samples under a sanitizer, where each call costs several times more.
#if defined(__SANITIZE_ADDRESS__)
  int per_zone = 8;
#else
  int per_zone = 24;
#endif
  if (const char* samples = std::getenv("GATE_PROPERTY_SAMPLES")) per_zone = std::atoi(samples);
  std::mt19937_64 random(20260308);
  const Instant first = date::sys_days{date::year{2020} / 1 / 1};
  const Instant last = date::sys_days{date::year{2035} / 12 / 29};
  std::uniform_int_distribution<long long> anywhere(0, (last - first).count());
  std::uniform_int_distribution<long long> near(-7200, 7200);
  std::size_t checked_zones = 0;
  for (const std::string& zone : zones) {
    if (!check_zone(zone).empty()) continue;  // e.g. a name this date build does not ship
    REQUIRE_MESSAGE(models->count(zone), zone, " missing from zdump's output");
    const OffsetModel& model = models->at(zone);
    ++checked_zones;
    std::vector<Instant> steps;
    for (const auto& [at, offset] : model.steps) {
      if (at > first && at < last) steps.push_back(at);
    }
    for (int i = 0; i < per_zone; ++i) {
      Instant t = first + Seconds{anywhere(random)};
      // Half the samples sit within two hours of an offset change, where errors would be.
      if (i % 2 == 1 && !steps.empty()) {
        Instant step = steps[random() % steps.size()];
        t = i % 6 == 1 ? step : i % 6 == 3 ? step - Seconds{1} : step + Seconds{near(random)};
      }
      check_instant(zone, model, t, random() % 2 == 0,
                    random() % 3 == 0 ? WindowKind::allow : WindowKind::freeze);
    }
  }
  MESSAGE(checked_zones, " zones, ", per_zone, " instants each");
  CHECK(checked_zones > 300);
}

}  // namespace gate
