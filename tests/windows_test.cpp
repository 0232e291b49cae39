// Unit tests of the windows engine: eight edge cases (docs/windows.md) and the
// behaviour around them; the weekly grammar is in windows_weekly_test.cpp. Every expected instant
// is derived by hand from stated facts (New York is UTC-5 in winter and UTC-4 in summer, changing
// on 2026-03-08 07:00Z and 2026-11-01 06:00Z; Berlin is UTC+1/UTC+2, changing on 2026-03-29 01:00Z;
// Singapore is UTC+8), never from the engine.

#include "gate/windows.hpp"

#include <date/date.h>
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "gate/error.hpp"
#include "gate/timeutil.hpp"

namespace gate {

namespace {

const std::string kNewYork = "America/New_York";
const std::string kBerlin = "Europe/Berlin";
const std::string kSingapore = "Asia/Singapore";

Instant at(const char* text) { return parse_rfc3339(text, "test"); }

LocalTime local(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  auto days = date::local_days{date::year{y} / mo / d}.time_since_epoch();
  return LocalTime{days + std::chrono::hours{h} + std::chrono::minutes{mi} +
                   std::chrono::seconds{s}};
}

Window weekly(WindowKind kind, std::string id, const std::vector<std::string>& spans,
              std::optional<std::string> zone = std::nullopt) {
  Window window;
  window.id = std::move(id);
  window.kind = kind;
  window.zone = std::move(zone);
  for (const std::string& text : spans) {
    SpanParse parsed = parse_weekly(text);
    REQUIRE_MESSAGE(parsed.error.empty(), text, ": ", parsed.error);
    window.weekly.insert(window.weekly.end(), parsed.spans.begin(), parsed.spans.end());
  }
  return window;
}

Window freeze(std::string id, const std::vector<std::string>& spans,
              std::optional<std::string> zone = {}) {
  return weekly(WindowKind::freeze, std::move(id), spans, std::move(zone));
}

Window allow(std::string id, const std::vector<std::string>& spans,
             std::optional<std::string> zone = {}) {
  return weekly(WindowKind::allow, std::move(id), spans, std::move(zone));
}

Window one_off(WindowKind kind, std::string id, LocalTime from, LocalTime until,
               std::optional<std::string> zone = {}) {
  Window window;
  window.id = std::move(id);
  window.kind = kind;
  window.from = from;
  window.until = until;
  window.zone = std::move(zone);
  return window;
}

bool allowed(const std::vector<Window>& windows, const std::vector<std::string>& zones,
             const char* when) {
  return judge_windows(windows, zones, at(when)).allowed;
}

/// The blocked stretches of a timeline, as [start, end) pairs.
std::vector<std::pair<Instant, Instant>> blocked(const std::vector<Window>& windows,
                                                 const std::vector<std::string>& zones,
                                                 const char* from, const char* to) {
  std::vector<std::pair<Instant, Instant>> out;
  for (const Interval& i : window_timeline(windows, zones, at(from), at(to))) {
    if (!i.allowed) out.emplace_back(i.start, i.end);
  }
  return out;
}

using Stretches = std::vector<std::pair<Instant, Instant>>;

}  // namespace

TEST_CASE("windows case 1: Fri 12:00 - Mon 06:00 in New York") {
  std::vector<Window> w = {freeze("weekend", {"Fri 12:00 - Mon 06:00"})};
  // July: EDT, UTC-4. Sat 2026-07-11 03:00 = 07:00Z; Mon 07-13 06:00 = 10:00Z; Fri 07-10 12:00 =
  // 16:00Z.
  CHECK_FALSE(allowed(w, {kNewYork}, "2026-07-11T07:00:00Z"));
  CHECK(allowed(w, {kNewYork}, "2026-07-13T10:00:00Z"));
  CHECK_FALSE(allowed(w, {kNewYork}, "2026-07-13T09:59:59Z"));
  CHECK(allowed(w, {kNewYork}, "2026-07-10T15:59:59Z"));
  CHECK_FALSE(allowed(w, {kNewYork}, "2026-07-10T16:00:00Z"));
  WindowVerdict v = judge_windows(w, {kNewYork}, at("2026-07-11T07:00:00Z"));
  REQUIRE(v.freezes.size() == 1);
  CHECK(v.freezes[0].id == "weekend");
  CHECK(v.freezes[0].zone == kNewYork);
  CHECK(v.freezes[0].local_start == local(2026, 7, 10, 12));
  CHECK(v.freezes[0].local_end == local(2026, 7, 13, 6));
  CHECK(v.freezes[0].start == at("2026-07-10T16:00:00Z"));
  CHECK(v.freezes[0].end == at("2026-07-13T10:00:00Z"));
  CHECK(v.next_change == at("2026-07-13T10:00:00Z"));
}

TEST_CASE("windows case 2: a freeze starting in the spring-forward gap starts when the gap ends") {
  // 2026-03-08 02:00 EST does not exist: clocks jump to 03:00 EDT at 07:00Z.
  std::vector<Window> w = {freeze("gap", {"Sun 02:30 - Sun 05:00"})};
  CHECK(allowed(w, {kNewYork}, "2026-03-08T06:59:59Z"));
  CHECK_FALSE(allowed(w, {kNewYork}, "2026-03-08T07:00:00Z"));
  CHECK_FALSE(allowed(w, {kNewYork}, "2026-03-08T08:59:59Z"));  // 04:59:59 EDT
  CHECK(allowed(w, {kNewYork}, "2026-03-08T09:00:00Z"));        // 05:00 EDT
  CHECK(judge_windows(w, {kNewYork}, at("2026-03-08T06:59:59Z")).next_change ==
        at("2026-03-08T07:00:00Z"));
  WindowVerdict v = judge_windows(w, {kNewYork}, at("2026-03-08T07:00:00Z"));
  REQUIRE(v.freezes.size() == 1);
  CHECK(v.freezes[0].local_start == local(2026, 3, 8, 2, 30));
  CHECK(v.freezes[0].start == at("2026-03-08T07:00:00Z"));
  CHECK(v.freezes[0].end == at("2026-03-08T09:00:00Z"));
  // A week earlier the same span is an ordinary EST one: 07:30Z to 10:00Z.
  CHECK(blocked(w, {kNewYork}, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z") ==
        Stretches{{at("2026-03-01T07:30:00Z"), at("2026-03-01T10:00:00Z")}});
}

TEST_CASE("windows case 3: Sun 01:00-02:00 on the fall-back day covers both 01:xx hours") {
  // 2026-11-01: 01:00 EDT = 05:00Z; 01:59:59 EST = 06:59:59Z.
  std::vector<Window> w = {freeze("repeat", {"Sun 01:00-02:00"})};
  CHECK(allowed(w, {kNewYork}, "2026-11-01T04:59:59Z"));
  CHECK_FALSE(allowed(w, {kNewYork}, "2026-11-01T05:00:00Z"));
  CHECK_FALSE(allowed(w, {kNewYork}, "2026-11-01T06:00:00Z"));
  CHECK_FALSE(allowed(w, {kNewYork}, "2026-11-01T06:59:59Z"));
  CHECK(allowed(w, {kNewYork}, "2026-11-01T07:00:00Z"));
  CHECK(blocked(w, {kNewYork}, "2026-11-01T00:00:00Z", "2026-11-01T12:00:00Z") ==
        Stretches{{at("2026-11-01T05:00:00Z"), at("2026-11-01T07:00:00Z")}});
  CHECK(judge_windows(w, {kNewYork}, at("2026-11-01T05:30:00Z")).next_change ==
        at("2026-11-01T07:00:00Z"));
}

TEST_CASE("a window inside the repeated hour closes and reopens within it") {
  // [01:30, 02:00) local happens at 05:30-06:00Z (EDT) and again at 06:30-07:00Z (EST).
  std::vector<Window> w = {freeze("half", {"Sun 01:30-02:00"})};
  CHECK(blocked(w, {kNewYork}, "2026-11-01T00:00:00Z", "2026-11-01T12:00:00Z") ==
        Stretches{{at("2026-11-01T05:30:00Z"), at("2026-11-01T06:00:00Z")},
                  {at("2026-11-01T06:30:00Z"), at("2026-11-01T07:00:00Z")}});
  CHECK(judge_windows(w, {kNewYork}, at("2026-11-01T05:45:00Z")).next_change ==
        at("2026-11-01T06:00:00Z"));
  CHECK(judge_windows(w, {kNewYork}, at("2026-11-01T06:00:00Z")).next_change ==
        at("2026-11-01T06:30:00Z"));
}

TEST_CASE("a window ending inside the spring-forward gap ends when the gap begins") {
  // [01:00, 02:30) local: 01:00 EST = 06:00Z, and no instant after 07:00Z reads before 03:00.
  std::vector<Window> w = {freeze("into-gap", {"Sun 01:00 - Sun 02:30"})};
  CHECK(blocked(w, {kNewYork}, "2026-03-08T00:00:00Z", "2026-03-08T12:00:00Z") ==
        Stretches{{at("2026-03-08T06:00:00Z"), at("2026-03-08T07:00:00Z")}});
  // A span entirely inside the gap never holds.
  std::vector<Window> none = {freeze("in-gap", {"Sun 02:10 - Sun 02:50"})};
  CHECK(blocked(none, {kNewYork}, "2026-03-08T00:00:00Z", "2026-03-08T12:00:00Z").empty());
  CHECK(window_occurrences(none, {kNewYork}, at("2026-03-08T00:00:00Z"), at("2026-03-08T12:00:00Z"))
            .empty());
}

TEST_CASE("windows case 4: Fri 18:00 - Mon 07:00 across the March change") {
  // Fri 2026-03-06 18:00 EST = 23:00Z; Mon 2026-03-09 07:00 EDT = 11:00Z. A fixed EST offset
  // would end it at 12:00Z, a fixed EDT offset would start it at 22:00Z.
  std::vector<Window> w = {freeze("weekend", {"Fri 18:00 - Mon 07:00"})};
  CHECK(blocked(w, {kNewYork}, "2026-03-06T12:00:00Z", "2026-03-09T18:00:00Z") ==
        Stretches{{at("2026-03-06T23:00:00Z"), at("2026-03-09T11:00:00Z")}});
  WindowVerdict v = judge_windows(w, {kNewYork}, at("2026-03-07T12:00:00Z"));
  CHECK(v.next_change == at("2026-03-09T11:00:00Z"));
  REQUIRE(v.freezes.size() == 1);
  CHECK(v.freezes[0].start == at("2026-03-06T23:00:00Z"));
  CHECK(v.freezes[0].end == at("2026-03-09T11:00:00Z"));
  CHECK(judge_windows(w, {kNewYork}, at("2026-03-06T22:59:59Z")).next_change ==
        at("2026-03-06T23:00:00Z"));
}

TEST_CASE("windows case 5: overlapping freezes open when the last one ends") {
  std::vector<Window> w = {freeze("morning", {"Mon-Sun 10:00-14:00"}),
                           freeze("afternoon", {"Mon-Sun 13:00-16:00"})};
  // Wed 2026-07-08 13:30 EDT = 17:30Z; 16:00 EDT = 20:00Z, not 14:00 EDT = 18:00Z.
  WindowVerdict v = judge_windows(w, {kNewYork}, at("2026-07-08T17:30:00Z"));
  CHECK(v.frozen);
  CHECK(v.freezes.size() == 2);
  CHECK(v.next_change == at("2026-07-08T20:00:00Z"));
}

TEST_CASE("adjacent windows make no flip at the junction") {
  std::vector<Window> w = {freeze("a", {"Mon 09:00 - Mon 12:00"}),
                           freeze("b", {"Mon 12:00 - Mon 15:00"})};
  // Mon 2026-07-06 10:00 EDT = 14:00Z; the union ends 15:00 EDT = 19:00Z.
  CHECK(judge_windows(w, {kNewYork}, at("2026-07-06T14:00:00Z")).next_change ==
        at("2026-07-06T19:00:00Z"));
  CHECK(blocked(w, {kNewYork}, "2026-07-06T00:00:00Z", "2026-07-07T00:00:00Z") ==
        Stretches{{at("2026-07-06T13:00:00Z"), at("2026-07-06T19:00:00Z")}});
  std::vector<Window> a = {allow("am", {"Mon-Fri 09:00-12:00"}),
                           allow("pm", {"Mon-Fri 12:00-17:00"})};
  CHECK(judge_windows(a, {kNewYork}, at("2026-07-06T14:00:00Z")).next_change ==
        at("2026-07-06T21:00:00Z"));
}

TEST_CASE("windows case 6: allowed hours with a one-off holiday freeze") {
  std::vector<Window> w = {
      allow("hours", {"Mon-Thu 09:00-17:00", "Fri 09:00-14:00"}),
      one_off(WindowKind::freeze, "xmas-eve", local(2026, 12, 24), local(2026, 12, 25))};
  // December: EST, UTC-5.
  WindowVerdict friday = judge_windows(w, {kNewYork}, at("2026-12-18T20:00:00Z"));  // Fri 15:00
  CHECK_FALSE(friday.allowed);
  CHECK(friday.outside_allowed);
  CHECK_FALSE(friday.frozen);
  CHECK(friday.zones_without_allow == std::vector<std::string>{kNewYork});
  CHECK(friday.next_change == at("2026-12-21T14:00:00Z"));                       // Mon 09:00
  CHECK(allowed(w, {kNewYork}, "2026-12-18T18:59:59Z"));                         // Fri 13:59:59
  CHECK(allowed(w, {kNewYork}, "2026-12-17T15:00:00Z"));                         // Thu 10:00
  WindowVerdict eve = judge_windows(w, {kNewYork}, at("2026-12-24T15:00:00Z"));  // Thu 10:00
  CHECK_FALSE(eve.allowed);
  CHECK(eve.frozen);
  CHECK_FALSE(eve.outside_allowed);
  REQUIRE(eve.freezes.size() == 1);
  CHECK(eve.freezes[0].id == "xmas-eve");
  CHECK(eve.freezes[0].start == at("2026-12-24T05:00:00Z"));
  CHECK(eve.freezes[0].end == at("2026-12-25T05:00:00Z"));
  // The freeze ends at midnight, outside the allowed hours; Friday 25th 09:00 opens it.
  CHECK(eve.next_change == at("2026-12-25T14:00:00Z"));
}

TEST_CASE("windows case 7: a zone-less freeze holds in any of the change's zones") {
  std::vector<Window> w = {freeze("weekend", {"Fri 12:00 - Mon 06:00"})};
  std::vector<std::string> zones = {kBerlin, kSingapore};
  WindowVerdict friday =
      judge_windows(w, zones, at("2026-07-10T05:00:00Z"));  // Fri 13:00 SGT, 07:00 CEST
  CHECK(friday.frozen);
  REQUIRE(friday.freezes.size() == 1);
  CHECK(friday.freezes[0].zone == kSingapore);
  CHECK(friday.freezes[0].local_start == local(2026, 7, 10, 12));
  CHECK(friday.freezes[0].start == at("2026-07-10T04:00:00Z"));
  CHECK(friday.zones == std::vector<std::string>{kSingapore, kBerlin});  // sorted
  CHECK(allowed(w, zones, "2026-07-09T05:00:00Z"));
  // Open again once Monday 06:00 has come in Berlin too: 04:00Z (Singapore opened at 22:00Z
  // Sunday).
  CHECK(friday.next_change == at("2026-07-13T04:00:00Z"));
}

TEST_CASE("windows case 8: Berlin and New York are 5 h apart between 2026-03-08 and 2026-03-29") {
  std::vector<Window> w = {allow("berlin", {"Mon-Fri 09:00-17:00"}, kBerlin),
                           allow("new-york", {"Mon-Fri 09:00-17:00"}, kNewYork)};
  std::vector<Occurrence> all =
      window_occurrences(w, {kBerlin}, at("2026-03-02T00:00:00Z"), at("2026-04-04T00:00:00Z"));
  // Overlap of the two pinned windows on each weekday, computed from their UTC occurrences.
  auto overlap_on = [&](const char* day_start) {
    Instant day = at(day_start);
    Instant b0{}, b1{}, n0{}, n1{};
    for (const Occurrence& o : all) {
      if (o.start < day || o.start >= day + date::days{1}) continue;
      (o.id == "berlin" ? b0 : n0) = o.start;
      (o.id == "berlin" ? b1 : n1) = o.end;
    }
    return std::make_pair(std::max(b0, n0), std::min(b1, n1));
  };
  // Berlin 09-17 CET = 08-16Z; New York 09-17 EDT = 13-21Z: 13:00-16:00Z, three hours.
  // With a fixed 6 h difference New York would be 14-22Z and the overlap two hours.
  for (const char* day : {"2026-03-09T00:00:00Z", "2026-03-13T00:00:00Z", "2026-03-27T00:00:00Z"}) {
    INFO(day);
    auto [from, to] = overlap_on(day);
    CHECK(from == at(day) + std::chrono::hours{13});
    CHECK(to == at(day) + std::chrono::hours{16});
  }
  // Before 03-08 (EST) and after 03-29 (CEST) the zones are 6 h apart: two hours.
  CHECK(overlap_on("2026-03-06T00:00:00Z") ==
        std::make_pair(at("2026-03-06T14:00:00Z"), at("2026-03-06T16:00:00Z")));
  CHECK(overlap_on("2026-03-30T00:00:00Z") ==
        std::make_pair(at("2026-03-30T13:00:00Z"), at("2026-03-30T15:00:00Z")));
  // The same as a zone-less allow judged in both zones: allowed only in the common hours.
  std::vector<Window> shared = {allow("hours", {"Mon-Fri 09:00-17:00"})};
  std::vector<Interval> line = window_timeline(
      shared, {kBerlin, kNewYork}, at("2026-03-16T00:00:00Z"), at("2026-03-17T00:00:00Z"));
  REQUIRE(line.size() == 3);
  CHECK(line[1].allowed);
  CHECK(line[1].start == at("2026-03-16T13:00:00Z"));
  CHECK(line[1].end == at("2026-03-16T16:00:00Z"));
}

TEST_CASE("next_change across a DST change") {
  // Sat 2026-03-07 12:00 EST = 17:00Z; the freeze ends Sun 03:30 EDT = 07:30Z (EST would say
  // 08:30Z).
  std::vector<Window> w = {freeze("sat", {"Sat 00:00 - Sun 03:30"})};
  CHECK(judge_windows(w, {kNewYork}, at("2026-03-07T17:00:00Z")).next_change ==
        at("2026-03-08T07:30:00Z"));
  // Berlin allowed hours over its own change: Fri 2026-03-27 19:00 CET is closed; Monday
  // 2026-03-30 09:00 CEST = 07:00Z opens (CET would say 08:00Z).
  std::vector<Window> a = {allow("hours", {"Mon-Fri 09:00-17:00"}, kBerlin)};
  CHECK(judge_windows(a, {kBerlin}, at("2026-03-27T18:00:00Z")).next_change ==
        at("2026-03-30T07:00:00Z"));
}

TEST_CASE("zone-less allow windows in far-apart zones leave no common hour") {
  std::vector<Window> w = {allow("hours", {"Mon-Fri 09:00-17:00"})};
  std::vector<std::string> zones = {kNewYork, kSingapore};
  // Singapore 09-17 = 01-09Z; New York 09-17 = 13-21Z (EDT) or 14-22Z (EST): never together.
  std::vector<Interval> line =
      window_timeline(w, zones, at("2026-07-01T00:00:00Z"), at("2026-07-29T00:00:00Z"));
  REQUIRE(line.size() == 1);
  CHECK_FALSE(line[0].allowed);
  WindowVerdict v = judge_windows(w, zones, at("2026-07-08T15:00:00Z"));  // Wed 11:00 in New York
  CHECK(v.outside_allowed);
  CHECK(v.zones_without_allow == std::vector<std::string>{kSingapore});
  CHECK_FALSE(v.next_change.has_value());
}

TEST_CASE("a pinned allow window holds for every zone") {
  std::vector<Window> w = {allow("team", {"Mon-Fri 09:00-17:00"}, kBerlin)};
  // Wed 2026-07-08 08:00Z: 10:00 in Berlin, 04:00 in New York, 16:00 in Singapore.
  WindowVerdict v = judge_windows(w, {kNewYork, kSingapore}, at("2026-07-08T08:00:00Z"));
  CHECK(v.allowed);
  CHECK(v.zones_without_allow.empty());
  CHECK(v.next_change == at("2026-07-08T15:00:00Z"));  // 17:00 CEST
  // With a zone-less one too, either way of holding suffices for a zone.
  w.push_back(allow("local-evening", {"Mon-Fri 17:00-23:00"}));
  CHECK(allowed(w, {kBerlin}, "2026-07-08T16:00:00Z"));  // 18:00 Berlin, zone-less holds
  CHECK_FALSE(allowed(w, {kBerlin, kNewYork}, "2026-07-08T16:00:00Z"));  // 12:00 in New York
  WindowVerdict partial = judge_windows(w, {kBerlin, kNewYork}, at("2026-07-08T16:00:00Z"));
  CHECK(partial.zones_without_allow == std::vector<std::string>{kNewYork});
  // An active freeze always wins over an allow.
  w.push_back(freeze("lunch", {"Mon-Fri 12:00-13:00"}, kBerlin));
  CHECK_FALSE(allowed(w, {kBerlin}, "2026-07-08T10:30:00Z"));
}

TEST_CASE("weekly spans wrap the week and daily spans cross midnight") {
  std::vector<Window> long_one = {freeze("most", {"Wed 15:00 - Wed 10:00"}, "UTC")};
  CHECK(allowed(long_one, {"UTC"}, "2026-07-08T12:00:00Z"));  // Wed 12:00
  CHECK(allowed(long_one, {"UTC"}, "2026-07-08T10:00:00Z"));
  CHECK_FALSE(allowed(long_one, {"UTC"}, "2026-07-08T09:59:59Z"));
  CHECK_FALSE(allowed(long_one, {"UTC"}, "2026-07-08T15:00:00Z"));
  CHECK_FALSE(allowed(long_one, {"UTC"}, "2026-07-07T12:00:00Z"));  // Tuesday
  std::vector<Window> night = {freeze("night", {"Sun 22:00-02:00"}, "UTC")};
  CHECK(allowed(night, {"UTC"}, "2026-07-12T21:59:59Z"));
  CHECK_FALSE(allowed(night, {"UTC"}, "2026-07-12T22:00:00Z"));
  CHECK_FALSE(allowed(night, {"UTC"}, "2026-07-13T01:00:00Z"));  // Monday
  CHECK(allowed(night, {"UTC"}, "2026-07-13T02:00:00Z"));
}

TEST_CASE("a one-off window may cross a year") {
  std::vector<Window> w = {one_off(WindowKind::freeze, "year-end", local(2026, 12, 20),
                                   local(2027, 1, 4, 8), std::string("UTC"))};
  CHECK(allowed(w, {kNewYork}, "2026-12-19T23:59:59Z"));
  CHECK_FALSE(allowed(w, {kNewYork}, "2026-12-20T00:00:00Z"));
  CHECK_FALSE(allowed(w, {kNewYork}, "2027-01-04T07:59:59Z"));
  CHECK(allowed(w, {kNewYork}, "2027-01-04T08:00:00Z"));
  CHECK(judge_windows(w, {kNewYork}, at("2026-12-31T12:00:00Z")).next_change ==
        at("2027-01-04T08:00:00Z"));
  // Zone-less, it is judged in New York: 08:00 EST = 13:00Z.
  w[0].zone.reset();
  CHECK(judge_windows(w, {kNewYork}, at("2026-12-31T12:00:00Z")).next_change ==
        at("2027-01-04T13:00:00Z"));
}

TEST_CASE("calendar occurrences carry local and UTC bounds per zone") {
  std::vector<Window> w = {freeze("weekend", {"Fri 12:00 - Mon 06:00"})};
  std::vector<Occurrence> occ = window_occurrences(
      w, {kBerlin, kSingapore}, at("2026-07-08T00:00:00Z"), at("2026-07-15T00:00:00Z"));
  REQUIRE(occ.size() == 2);
  CHECK(occ[0].zone == kSingapore);  // sorted by UTC start: Singapore's Friday noon comes first
  CHECK(occ[0].start == at("2026-07-10T04:00:00Z"));
  CHECK(occ[0].end == at("2026-07-12T22:00:00Z"));
  CHECK(occ[1].zone == kBerlin);
  CHECK(occ[1].local_start == local(2026, 7, 10, 12));
  CHECK(occ[1].local_end == local(2026, 7, 13, 6));
  CHECK(occ[1].start == at("2026-07-10T10:00:00Z"));
  CHECK(occ[1].end == at("2026-07-13T04:00:00Z"));
}

TEST_CASE("instants after 2037 are refused") {
  std::vector<Window> w = {freeze("weekend", {"Fri 12:00 - Mon 06:00"})};
  CHECK(windows_horizon() == at("2038-01-01T00:00:00Z"));
  CHECK_THROWS_AS(judge_windows(w, {kNewYork}, at("2038-01-01T00:00:00Z")), UsageError);
  CHECK_THROWS_WITH_AS(judge_windows(w, {kNewYork}, at("2040-07-01T00:00:00Z")),
                       doctest::Contains("after 2037"), UsageError);
  CHECK_NOTHROW(judge_windows(w, {kNewYork}, at("2037-12-31T23:59:59Z")));
  CHECK_THROWS_AS(
      window_timeline(w, {kNewYork}, at("2037-12-01T00:00:00Z"), at("2038-01-01T00:00:01Z")),
      UsageError);
  CHECK_NOTHROW(
      window_timeline(w, {kNewYork}, at("2037-12-01T00:00:00Z"), at("2038-01-01T00:00:00Z")));
  // The search for the next flip stops at the horizon: this freeze ends after it.
  std::vector<Window> long_freeze = {one_off(WindowKind::freeze, "long", local(2037, 12, 1),
                                             local(2038, 2, 1), std::string("UTC"))};
  WindowVerdict v = judge_windows(long_freeze, {"UTC"}, at("2037-12-15T00:00:00Z"));
  CHECK(v.frozen);
  CHECK_FALSE(v.next_change.has_value());
}

TEST_CASE("zones: unknown names are configuration errors and localtime is refused") {
  CHECK(check_zone(kNewYork).empty());
  CHECK(check_zone("US/Eastern").empty());  // a link is a valid name
  CHECK(check_zone("UTC").empty());
  CHECK(check_zone("localtime").find("refused") != std::string::npos);
  CHECK(check_zone("").find("empty") != std::string::npos);
  CHECK(check_zone("Mars/Olympus_Mons").find("unknown time zone 'Mars/Olympus_Mons'") !=
        std::string::npos);
  CHECK(!check_zone("right/UTC").empty());
  std::vector<Window> w = {freeze("weekend", {"Fri 12:00 - Mon 06:00"}, "Mars/Olympus_Mons")};
  w[0].where = SourceLocation{"policy.toml", 12, 8};
  try {
    judge_windows(w, {kNewYork}, at("2026-07-10T00:00:00Z"));
    FAIL("accepted an unknown zone");
  } catch (const ConfigError& e) {
    CHECK(e.location().to_string() == "policy.toml:12:8");
    CHECK(std::string(e.what()).find("Mars/Olympus_Mons") != std::string::npos);
  }
  CHECK_THROWS_AS(judge_windows({}, {"localtime"}, at("2026-07-10T00:00:00Z")), ConfigError);
  CHECK_THROWS_AS(
      window_timeline({}, {"Nowhere/Town"}, at("2026-07-10T00:00:00Z"), at("2026-07-11T00:00:00Z")),
      ConfigError);
}

TEST_CASE("no windows: always allowed, never a flip") {
  WindowVerdict v = judge_windows({}, {kNewYork, kNewYork}, at("2026-07-10T00:00:00Z"));
  CHECK(v.allowed);
  CHECK_FALSE(v.next_change.has_value());
  CHECK(v.zones == std::vector<std::string>{kNewYork});
}

}  // namespace gate
