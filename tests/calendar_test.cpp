// Unit tests of holiday calendars (docs/windows.md, Holiday calendars): iCalendar text in,
// one-off freezes out. Expected local times are read off the calendar texts by hand;
// UTC conversions use stated facts (New York is UTC-5 in winter and UTC-4 in summer,
// changing on 2026-03-08 07:00Z and 2026-11-01 06:00Z).

#include "gate/calendar.hpp"

#include <date/date.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "gate/error.hpp"
#include "gate/gather.hpp"
#include "gate/lint.hpp"
#include "gate/policy.hpp"
#include "gate/timeutil.hpp"
#include "gate/windows.hpp"

namespace gate {

namespace {

Instant at(const char* text) { return parse_rfc3339(text, "test"); }

LocalTime local(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return LocalTime{date::local_days{date::year{y} / mo / d}.time_since_epoch() +
                   std::chrono::hours{h} + std::chrono::minutes{mi}};
}

Window parent() {
  Window w;
  w.id = "holidays";
  w.kind = WindowKind::freeze;
  w.calendar = ".gate/holidays.ics";
  w.reason = "company holiday";
  return w;
}

// A VCALENDAR around `events` (lines joined with CRLF, as RFC 5545 writes them).
std::string calendar(const std::vector<std::string>& lines) {
  std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n";
  for (const std::string& line : lines) text += line + "\r\n";
  return text + "END:VCALENDAR\r\n";
}

std::vector<Window> expand(const std::vector<std::string>& lines,
                           const char* from = "2026-01-01T00:00:00Z",
                           const char* to = "2028-01-01T00:00:00Z") {
  return expand_calendar(calendar(lines), parent(), at(from), at(to));
}

// The diagnostic of a refused calendar.
Diagnostic refusal(const std::vector<std::string>& lines) {
  try {
    expand(lines);
  } catch (const ConfigError& e) {
    REQUIRE_FALSE(e.diagnostics().empty());
    return e.diagnostics().front();
  }
  FAIL("the calendar was accepted");
  return {};
}

const std::vector<std::string> kChristmas = {"BEGIN:VEVENT",
                                             "UID:xmas",
                                             "SUMMARY:Christmas",
                                             "DTSTART;VALUE=DATE:20251225",
                                             "DTEND;VALUE=DATE:20251226",
                                             "RRULE:FREQ=YEARLY",
                                             "END:VEVENT"};

}  // namespace

TEST_CASE("an all-day event freezes its whole local day zone-less with id and reason") {
  auto windows = expand({"BEGIN:VEVENT", "UID:new-year", "SUMMARY:New Year",
                         "DTSTART;VALUE=DATE:20270101", "END:VEVENT"});
  REQUIRE(windows.size() == 1);
  const Window& w = windows.front();
  CHECK(w.id == "holidays/new-year");
  CHECK(w.reason == "New Year");
  CHECK(w.kind == WindowKind::freeze);
  CHECK_FALSE(w.zone.has_value());
  CHECK(w.from == local(2027, 1, 1));
  CHECK(w.until == local(2027, 1, 2));  // no DTEND: one day
  CHECK(w.calendar == parent().calendar);
}

TEST_CASE("every field of the parent is copied so its pinned zone follows") {
  Window pinned = parent();
  pinned.zone = "Europe/Bratislava";
  auto windows = expand_calendar(
      calendar({"BEGIN:VEVENT", "UID:a", "DTSTART;VALUE=DATE:20270101", "END:VEVENT"}), pinned,
      at("2026-12-01T00:00:00Z"), at("2027-02-01T00:00:00Z"));
  REQUIRE(windows.size() == 1);
  CHECK(windows.front().zone == pinned.zone);
  CHECK(windows.front().reason == pinned.reason);  // no SUMMARY: the window's reason
}

TEST_CASE("a yearly RRULE repeats each year and an EXDATE removes one year") {
  auto all = expand(kChristmas, "2025-06-01T00:00:00Z", "2028-06-01T00:00:00Z");
  REQUIRE(all.size() == 3);
  CHECK(all[0].from == local(2025, 12, 25));
  CHECK(all[1].from == local(2026, 12, 25));
  CHECK(all[2].from == local(2027, 12, 25));
  CHECK(all[2].until == local(2027, 12, 26));

  std::vector<std::string> except = kChristmas;
  except.insert(except.end() - 1, "EXDATE;VALUE=DATE:20261225");
  auto kept = expand(except, "2025-06-01T00:00:00Z", "2028-06-01T00:00:00Z");
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].from == local(2025, 12, 25));
  CHECK(kept[1].from == local(2027, 12, 25));
}

TEST_CASE("only occurrences near the range are kept however long the recurrence runs") {
  std::vector<std::string> daily = {"BEGIN:VEVENT", "UID:d", "DTSTART;VALUE=DATE:19900101",
                                    "RRULE:FREQ=DAILY", "END:VEVENT"};
  auto windows = expand(daily, "2026-07-10T00:00:00Z", "2026-07-11T00:00:00Z");
  REQUIRE_FALSE(windows.empty());
  CHECK(windows.size() <= 6);  // the range widened by two days on each side
  for (const Window& w : windows) {
    CHECK(*w.from >= local(2026, 7, 7));
    CHECK(*w.from <= local(2026, 7, 13));
  }
}

TEST_CASE("COUNT and UNTIL end a recurrence") {
  auto counted = expand({"BEGIN:VEVENT", "UID:c", "DTSTART;VALUE=DATE:20260105",
                         "RRULE:FREQ=WEEKLY;COUNT=3", "END:VEVENT"});
  REQUIRE(counted.size() == 3);
  CHECK(counted[2].from == local(2026, 1, 19));
  auto until = expand({"BEGIN:VEVENT", "UID:u", "DTSTART;VALUE=DATE:20260105",
                       "RRULE:FREQ=MONTHLY;UNTIL=20260305", "END:VEVENT"});
  REQUIRE(until.size() == 3);
  CHECK(until[2].from == local(2026, 3, 5));
  auto far = expand({"BEGIN:VEVENT", "UID:f", "DTSTART;VALUE=DATE:20260105",
                     "RRULE:FREQ=YEARLY;UNTIL=99991231", "END:VEVENT"});
  CHECK(far.size() == 2);  // 2026 and 2027 in the range
}

TEST_CASE("RDATE adds occurrences") {
  auto windows = expand({"BEGIN:VEVENT", "UID:r", "DTSTART;VALUE=DATE:20260601",
                         "RDATE;VALUE=DATE:20260801,20261001", "END:VEVENT"});
  REQUIRE(windows.size() == 3);
  CHECK(windows[1].from == local(2026, 8, 1));
  CHECK(windows[2].from == local(2026, 10, 1));
}

TEST_CASE("a timed event is pinned to its TZID across DST in local time") {
  auto windows = expand({"BEGIN:VEVENT", "UID:launch", "SUMMARY:Launch",
                         "DTSTART;TZID=America/New_York:20260301T090000",
                         "DTEND;TZID=America/New_York:20260301T170000", "RRULE:FREQ=WEEKLY;COUNT=2",
                         "END:VEVENT"});
  REQUIRE(windows.size() == 2);
  CHECK(windows[0].zone == "America/New_York");
  CHECK(windows[1].where.file == ".gate/holidays.ics");
  CHECK(windows[1].where.line == 7);  // DTSTART, after three header lines and three more
  CHECK(windows[0].from == local(2026, 3, 1, 9));
  CHECK(windows[0].until == local(2026, 3, 1, 17));
  CHECK(windows[1].from == local(2026, 3, 8, 9));  // after the change, still 09:00 local
  // Judged by the engine: 09:00 in New York is 14:00Z before DST, 13:00Z after.
  CHECK(judge_windows(windows, {}, at("2026-03-01T14:00:00Z")).frozen);
  CHECK_FALSE(judge_windows(windows, {}, at("2026-03-01T13:59:59Z")).frozen);
  CHECK(judge_windows(windows, {}, at("2026-03-08T13:00:00Z")).frozen);
  CHECK_FALSE(judge_windows(windows, {}, at("2026-03-08T12:59:59Z")).frozen);
}

TEST_CASE("a UTC time (Z) is pinned to UTC and an EXDATE in UTC removes a TZID occurrence") {
  auto utc =
      expand({"BEGIN:VEVENT", "UID:z", "DTSTART:20260710T120000Z", "DURATION:PT2H", "END:VEVENT"});
  REQUIRE(utc.size() == 1);
  CHECK(utc[0].zone == "UTC");
  CHECK(utc[0].until == local(2026, 7, 10, 14));
  auto excepted = expand({"BEGIN:VEVENT", "UID:e", "DTSTART;TZID=America/New_York:20260706T090000",
                          "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE:20260707T130000Z",
                          "END:VEVENT"});  // 09:00 EDT
  REQUIRE(excepted.size() == 2);
  CHECK(excepted[1].from == local(2026, 7, 8, 9));
}

TEST_CASE("bad calendars are refused with the line where known") {
  auto hourly = refusal({"BEGIN:VEVENT", "UID:h", "DTSTART:20260710T120000Z", "DURATION:PT1H",
                         "RRULE:FREQ=HOURLY", "END:VEVENT"});
  CHECK(hourly.where.line == 8);  // three header lines, then the event's fifth
  CHECK(hourly.message.find("FREQ=HOURLY") != std::string::npos);
  CHECK(hourly.message.find("\"h\"") != std::string::npos);

  auto zone = refusal({"BEGIN:VEVENT", "UID:t", "DTSTART;TZID=Mars/Olympus:20260710T120000",
                       "DURATION:PT1H", "END:VEVENT"});
  CHECK(zone.where.line == 6);
  CHECK(zone.where.file == ".gate/holidays.ics");
  CHECK(zone.message.find("Mars/Olympus") != std::string::npos);

  auto no_uid = refusal({"BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260710", "END:VEVENT"});
  CHECK(no_uid.where.line == 4);
  auto backwards = refusal({"BEGIN:VEVENT", "UID:b", "DTSTART;VALUE=DATE:20260710",
                            "DTEND;VALUE=DATE:20260701", "END:VEVENT"});
  CHECK(backwards.where.line == 7);
  // An event never ended: the calendar's END on line 7 is the first that does not nest.
  auto unended = refusal({"BEGIN:VEVENT", "UID:u", "DTSTART;VALUE=DATE:20260710"});
  CHECK(unended.where.line == 7);
  CHECK(unended.message.find("END:VCALENDAR") != std::string::npos);
  CHECK(refusal({"BEGIN:VEVENT", "UID:n", "END:VEVENT"}).message.find("DTSTART") !=
        std::string::npos);
}

TEST_CASE("more than 10000 occurrences in the range are refused and fewer are not") {
  // DAILY over 2026-01-01 .. 2028-01-01 (+ two days each side) is 734 occurrences per
  // event; 14 events are 10,276, and 13 are 9,542.
  std::vector<std::string> lines;
  for (int i = 0; i < 14; ++i)
    lines.insert(lines.end(), {"BEGIN:VEVENT", "UID:e" + std::to_string(i),
                               "DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=DAILY", "END:VEVENT"});
  auto message = refusal(lines).message;
  CHECK(message.find("10000") != std::string::npos);
  lines.resize(lines.size() - 5);
  CHECK(expand(lines).size() <= max_calendar_occurrences);
}

TEST_CASE("hostile input is refused or bounded and never more") {
  CHECK_THROWS_AS(
      expand_calendar("", parent(), at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")),
      ConfigError);
  CHECK_THROWS_AS(expand_calendar("not a calendar", parent(), at("2026-01-01T00:00:00Z"),
                                  at("2027-01-01T00:00:00Z")),
                  ConfigError);
  std::string big(max_calendar_bytes + 1, 'x');
  CHECK_THROWS_AS(
      expand_calendar(big, parent(), at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")),
      ConfigError);
  std::string nul =
      calendar({"BEGIN:VEVENT", "UID:x", "DTSTART;VALUE=DATE:20260101", "END:VEVENT"});
  nul[40] = '\0';
  CHECK_THROWS_AS(
      expand_calendar(nul, parent(), at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")),
      ConfigError);
  // A rule that never matches (February 30th) and one with a far COUNT end, bounded.
  for (const char* rule :
       {"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "RRULE:FREQ=DAILY;COUNT=100000000"}) {
    std::vector<std::string> lines = {"BEGIN:VEVENT", "UID:x", "DTSTART;VALUE=DATE:19000101", rule,
                                      "END:VEVENT"};
    std::size_t count = 0;
    std::string message;
    try {
      count = expand(lines).size();
    } catch (const ConfigError& e) {
      message = e.diagnostics().front().message;
    }
    CHECK(count <= max_calendar_occurrences);
    CHECK(message.size() < 1024);
  }
  // A UID far longer than any message may quote.
  auto quoted = refusal({"BEGIN:VEVENT", "UID:" + std::string(5000, 'u'),
                         "DTSTART;TZID=Nowhere/Atall:20260101T000000", "END:VEVENT"});
  CHECK(quoted.message.size() < 1024);
}

TEST_CASE("policy.toml: calendar is a [[freeze]] key and a path inside the repository alone") {
  const std::string head = "version = 1\n[[freeze]]\nid = \"h\"\n";
  Policy policy = parse_policy(head + "calendar = \".gate/holidays.ics\"\n");
  REQUIRE(policy.windows.size() == 1);
  CHECK(policy.windows[0].calendar == std::optional<std::string>(".gate/holidays.ics"));
  CHECK(gate_config_kind(policy, ".gate/holidays.ics") == ConfigKind::calendar);
  CHECK_FALSE(gate_config_kind(policy, "holidays.ics").has_value());
  for (const char* bad : {"\"/etc/holidays.ics\"", "\"../holidays.ics\"", "\"\"", "3"})
    CHECK_THROWS_AS(parse_policy(head + "calendar = " + bad + "\n"), ConfigError);
  CHECK_THROWS_AS(parse_policy(head + "calendar = \"h.ics\"\nweekly = \"Fri 12:00 - Mon 06:00\"\n"),
                  ConfigError);
  CHECK_THROWS_AS(parse_policy("version = 1\n[[allow]]\nid = \"a\"\ncalendar = \"h.ics\"\n"),
                  ConfigError);
}

TEST_CASE(
    "load_calendars adds the occurrences once and keeps the calendar and names a missing file") {
  Policy policy = parse_policy(
      "version = 1\n[[freeze]]\nid = \"holidays\"\ncalendar = \".gate/holidays.ics\"\n");
  std::string text = calendar(kChristmas);
  CalendarReader read = [&](const std::string& path) -> std::optional<std::string> {
    if (path == ".gate/holidays.ics") return text;
    return std::nullopt;
  };
  CalendarRange range = calendar_range(at("2026-12-01T00:00:00Z"));
  load_calendars(policy, read, range);
  load_calendars(policy, read, range);  // again: nothing doubles
  REQUIRE(policy.windows.size() == 2);  // the calendar window and Christmas 2026
  CHECK(policy.windows[1].id == "holidays/xmas");
  CHECK(gate_config_kind(policy, ".gate/holidays.ics") == ConfigKind::calendar);
  CHECK(judge_windows(policy.windows, {"UTC"}, at("2026-12-25T12:00:00Z")).frozen);
  CHECK_FALSE(judge_windows(policy.windows, {"UTC"}, at("2026-12-24T12:00:00Z")).frozen);

  text.clear();
  CalendarReader none = [](const std::string&) { return std::optional<std::string>(); };
  try {
    load_calendars(policy, none, range);
    FAIL("a missing calendar was accepted");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find(".gate/holidays.ics") != std::string::npos);
    CHECK(e.location().line == 2);  // the [[freeze]] table
  }
}

TEST_CASE("calendar_range reaches past the year the next change is searched in") {
  Instant now = at("2026-07-10T12:00:00Z");
  CalendarRange range = calendar_range(now);
  CHECK(range.from <= now - std::chrono::hours{24});
  CHECK(range.to >= now + std::chrono::hours{24 * 366});
  CHECK(calendar_range(at("2037-06-01T00:00:00Z")).to <= windows_horizon());
}

TEST_CASE("lint advises on a calendar's zone once however often its event recurs") {
  Policy policy = parse_policy(
      "version = 1\n[[freeze]]\nid = \"holidays\"\ncalendar = \".gate/holidays.ics\"\n");
  std::string text = calendar({"BEGIN:VEVENT", "UID:w", "DTSTART;TZID=US/Eastern:20260105T090000",
                               "DURATION:PT1H", "RRULE:FREQ=WEEKLY", "END:VEVENT"});
  CalendarReader read = [&](const std::string&) { return std::optional<std::string>(text); };
  load_calendars(policy, read, calendar_range(at("2026-07-10T00:00:00Z")));
  REQUIRE(policy.windows.size() > 50);
  LintInputs inputs{&policy, nullptr, {}, at("2026-07-10T00:00:00Z")};
  int advised = 0;
  for (const LintFinding& f : lint(inputs))
    if (f.check == "policy.zone" && f.message.find("US/Eastern") != std::string::npos) ++advised;
  CHECK(advised == 1);
}

}  // namespace gate
