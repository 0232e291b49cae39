// Holiday calendars (docs/windows.md, Holiday calendars). The one file that calls libical
// (through ical_library.hpp, which opens it on first use): it parses RFC 5545 and expands
// recurrences; zones are the tz database's, read as everywhere else (tz_zone.cpp), never
// libical's own tables.
#include "gate/calendar.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>

#include "windows/ical_library.hpp"
#include "windows/tz_zone.hpp"

namespace gate {

namespace {

using Days = date::days;
using windows_detail::ical;

// Iterations of libical's recurrence iterator per calendar, within the range or before
// it: a DAILY rule from 1970 counted by COUNT is ~20,000; this bounds hostile rules.
constexpr long kMaxIterations = 500000;

// Longest event, as for a one-off window: longer is surely a typo in a year.
constexpr auto kMaxEvent = Days{366};

// Where each VEVENT and its properties are: libical keeps no line numbers, so the
// unfolded text is scanned alongside, VEVENTs in the order libical lists them.
struct EventLines {
  int begin = 0;
  std::vector<std::pair<std::string, int>> properties;  // NAME (upper case), line

  int line_of(std::string_view name) const {
    for (const auto& p : properties)
      if (p.first == name) return p.second;
    return begin;
  }
};

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// The scan of the text: each VEVENT's lines, and the first BEGIN/END that does not nest
// (libical would print its complaint to stderr; here it is a located error).
struct Scan {
  std::vector<EventLines> events;
  int bad_line = 0;
  std::string problem;
};

void scan_line(Scan& scan, std::vector<std::string>& open, std::string_view line, int number) {
  std::string name = upper(line.substr(0, line.find_first_of(";:")));
  std::size_t colon = line.find(':');
  std::string value = colon == std::string_view::npos ? "" : upper(line.substr(colon + 1));
  if (!value.empty() && value.back() == '\r') value.pop_back();
  const bool in_event = !open.empty() && open.back() == "VEVENT";
  if (name == "BEGIN") {
    open.push_back(value);
    if (value == "VEVENT") scan.events.push_back({number, {}});
  } else if (name == "END") {
    if (open.empty() || open.back() != value) {
      scan.bad_line = number;
      scan.problem = open.empty() ? fmt::format("END:{} without a BEGIN", quote_input(value))
                                  : fmt::format("END:{} inside BEGIN:{}", quote_input(value),
                                                quote_input(open.back()));
      return;
    }
    open.pop_back();
  } else if (in_event) {
    scan.events.back().properties.emplace_back(name, number);
  }
}

Scan scan_lines(std::string_view text) {
  Scan scan;
  std::vector<std::string> open;  // the components begun and not yet ended
  int number = 0;
  std::size_t start = 0;
  while (start < text.size() && scan.problem.empty()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.empty() || line[0] == ' ' || line[0] == '\t') continue;  // a folded line
    scan_line(scan, open, line, number);
  }
  if (scan.problem.empty() && !open.empty()) {
    scan.bad_line = number;
    scan.problem = fmt::format("BEGIN:{} has no END", quote_input(open.back()));
  }
  return scan;
}

using Component = std::unique_ptr<icalcomponent, void (*)(icalcomponent*)>;

// One event's place, for messages: the line where known, else the UID.
struct EventPlace {
  std::string source;
  const EventLines* lines = nullptr;
  std::string uid;

  [[noreturn]] void fail(std::string_view property, const std::string& message) const {
    std::string what = uid.empty() ? message : fmt::format("event \"{}\": {}", uid, message);
    if (lines) throw ConfigError({source, lines->line_of(property), 1}, what);
    throw ConfigError({source, 0, 0}, what);
  }
};

// An event's zone: an IANA name for TZID, "UTC" for `Z`, empty for all-day and floating.
struct EventZone {
  std::string name;
  const windows_detail::Zone* tz = nullptr;
};

LocalTime local_of(const icaltimetype& t) {
  auto day = date::year{t.year} / date::month{static_cast<unsigned>(t.month)} /
             date::day{static_cast<unsigned>(t.day)};
  LocalTime at{date::local_days{day}};
  if (t.is_date) return at;
  return at + std::chrono::hours{t.hour} + std::chrono::minutes{t.minute} +
         std::chrono::seconds{t.second};
}

bool valid_time(const icaltimetype& t) {
  if (ical().icaltime_is_null_time(t) || t.year < 1900 || t.year > 2200) return false;
  auto day = date::year{t.year} / date::month{static_cast<unsigned>(t.month)} /
             date::day{static_cast<unsigned>(t.day)};
  return day.ok() && t.hour >= 0 && t.hour < 24 && t.minute >= 0 && t.minute < 60 &&
         t.second >= 0 && t.second <= 60;
}

std::string tzid_of(icalproperty* prop) {
  icalparameter* p = ical().icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
  const char* tzid = p ? ical().icalparameter_get_tzid(p) : nullptr;
  return tzid ? tzid : "";
}

// A value of DTSTART, DTEND, RDATE or EXDATE as local time in the event's zone: a UTC
// value of a TZID event is converted with the tz database.
LocalTime event_local(const EventPlace& place, std::string_view property, const icaltimetype& t,
                      const EventZone& zone) {
  if (!valid_time(t)) place.fail(property, fmt::format("{} is not a valid date", property));
  if (ical().icaltime_is_utc(t) && zone.tz)
    return zone.tz->local_at(Instant{local_of(t).time_since_epoch()});
  return local_of(t);
}

EventZone zone_of(const EventPlace& place, icalproperty* dtstart, const icaltimetype& t) {
  std::string tzid = tzid_of(dtstart);
  if (t.is_date) return {};
  if (ical().icaltime_is_utc(t)) {
    if (!tzid.empty()) place.fail("DTSTART", "DTSTART has both a TZID and a UTC time (Z)");
    return {"UTC", nullptr};
  }
  if (tzid.empty()) return {};
  if (std::string problem = check_zone(tzid); !problem.empty())
    place.fail("DTSTART", fmt::format("TZID \"{}\" must be an IANA time zone name: {}",
                                      quote_input(tzid), problem));
  return {tzid, windows_detail::find_zone(tzid)};
}

// How long each occurrence lasts: DTEND - DTSTART, or DURATION, or a day for an
// all-day event. A timed event with neither lasts no time (RFC 5545 3.6.1): nullopt.
std::optional<std::chrono::seconds> duration_of(const EventPlace& place, icalcomponent* event,
                                                const icaltimetype& start, const EventZone& zone) {
  std::chrono::seconds length{0};
  if (icalproperty* end = ical().icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY)) {
    icaltimetype t = ical().icalproperty_get_dtend(end);
    if (t.is_date != start.is_date || tzid_of(end) != (zone.tz ? zone.name : "") ||
        ical().icaltime_is_utc(t) != ical().icaltime_is_utc(start))
      place.fail("DTEND", "DTEND must have DTSTART's value type and zone");
    length = event_local(place, "DTEND", t, zone) - local_of(start);
  } else if (icalproperty* d =
                 ical().icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY)) {
    length =
        std::chrono::seconds{ical().icaldurationtype_as_int(ical().icalproperty_get_duration(d))};
  } else if (start.is_date) {
    length = Days{1};
  } else {
    return std::nullopt;
  }
  if (length <= std::chrono::seconds{0})
    place.fail("DTEND", "the event ends before it starts, or when it starts");
  if (length > kMaxEvent) place.fail("DTEND", "the event is longer than a year; check the dates");
  return length;
}

// The local range occurrences are collected in: [from, to) widened by two days, more than
// any zone's offset, so no occurrence holding in the range is missed.
struct LocalRange {
  LocalTime from{};
  LocalTime to{};
};

struct Expansion {
  const EventPlace& place;
  const EventZone& zone;
  LocalRange range;
  std::chrono::seconds length{};
  long& iterations;
  std::set<LocalTime> starts;
};

icaltimetype floating_start(icaltimetype t) {
  t.zone = nullptr;
  return t;
}

void check_rule(const EventPlace& place, const icalrecurrencetype& rule) {
  switch (rule.freq) {
    case ICAL_SECONDLY_RECURRENCE:
    case ICAL_MINUTELY_RECURRENCE:
    case ICAL_HOURLY_RECURRENCE:
      place.fail("RRULE", fmt::format("FREQ={} is finer than DAILY, which a freeze calendar "
                                      "may not be",
                                      ical().icalrecur_freq_to_string(rule.freq)));
    case ICAL_NO_RECURRENCE:
      place.fail("RRULE", "the RRULE has no valid FREQ");
    default:
      return;
  }
}

// UNTIL as local time in the event's zone, as the iterator gets a floating DTSTART. An
// UNTIL past any date this reads (year 2200) is as good as none.
icaltimetype local_until(const Expansion& e, icaltimetype until) {
  if (ical().icaltime_is_null_time(until) || until.year > 2200) return ical().icaltime_null_time();
  LocalTime local = event_local(e.place, "RRULE", until, e.zone);
  auto ymd = date::year_month_day{date::floor<Days>(local)};
  date::hh_mm_ss<std::chrono::seconds> hms{local - date::floor<Days>(local)};
  until = floating_start(until);
  until.year = static_cast<int>(ymd.year());
  until.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  until.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  if (!until.is_date) {
    until.hour = static_cast<int>(hms.hours().count());
    until.minute = static_cast<int>(hms.minutes().count());
    until.second = static_cast<int>(hms.seconds().count());
  }
  return until;
}

void add_rule(Expansion& e, icalrecurrencetype rule, const icaltimetype& start) {
  check_rule(e.place, rule);
  rule.until = local_until(e, rule.until);
  std::unique_ptr<icalrecur_iterator, void (*)(icalrecur_iterator*)> it(
      ical().icalrecur_iterator_new(rule, floating_start(start)), ical().icalrecur_iterator_free);
  if (!it) e.place.fail("RRULE", "libical cannot expand this RRULE (a BY part no date can match?)");
  for (icaltimetype next = ical().icalrecur_iterator_next(it.get());
       !ical().icaltime_is_null_time(next); next = ical().icalrecur_iterator_next(it.get())) {
    if (++e.iterations > kMaxIterations)
      e.place.fail("RRULE", fmt::format("the recurrences take more than {} steps to expand",
                                        kMaxIterations));
    if (!valid_time(next)) break;
    LocalTime at = local_of(next);
    if (at >= e.range.to) break;
    if (at + e.length > e.range.from) e.starts.insert(at);
  }
}

void add_dates(Expansion& e, icalcomponent* event) {
  for (icalproperty* p = ical().icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY); p;
       p = ical().icalcomponent_get_next_property(event, ICAL_RDATE_PROPERTY)) {
    icaldatetimeperiodtype rdate = ical().icalproperty_get_rdate(p);
    icaltimetype t = ical().icaltime_is_null_time(rdate.time) ? rdate.period.start : rdate.time;
    LocalTime at = event_local(e.place, "RDATE", t, e.zone);
    if (at < e.range.to && at + e.length > e.range.from) e.starts.insert(at);
  }
  for (icalproperty* p = ical().icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); p;
       p = ical().icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY)) {
    icaltimetype t = ical().icalproperty_get_exdate(p);
    LocalTime at = event_local(e.place, "EXDATE", t, e.zone);
    if (!t.is_date) {
      e.starts.erase(at);
      continue;
    }
    // A date excludes every occurrence that starts on it.
    e.starts.erase(e.starts.lower_bound(at), e.starts.lower_bound(at + Days{1}));
  }
}

// UID and SUMMARY as text (unescaped), or "" when absent.
std::string text_of(icalcomponent* event, icalproperty_kind kind) {
  icalproperty* p = ical().icalcomponent_get_first_property(event, kind);
  if (!p) return "";
  const char* text = kind == ICAL_UID_PROPERTY ? ical().icalproperty_get_uid(p)
                                               : ical().icalproperty_get_summary(p);
  return text ? text : "";
}

struct Calendar {
  std::string source;
  const Window& parent;
  LocalRange range;
  long iterations = 0;
  std::vector<Window> out;
};

void expand_event(Calendar& c, icalcomponent* event, const EventLines* lines) {
  EventPlace place{c.source, lines, ""};
  place.uid = quote_input(text_of(event, ICAL_UID_PROPERTY));
  if (place.uid.empty()) place.fail("BEGIN", "a VEVENT needs a UID");
  icalproperty* dtstart = ical().icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
  if (!dtstart) place.fail("BEGIN", "a VEVENT needs a DTSTART");
  icaltimetype start = ical().icalproperty_get_dtstart(dtstart);
  if (!valid_time(start)) place.fail("DTSTART", "DTSTART is not a valid date");
  EventZone zone = zone_of(place, dtstart, start);
  std::optional<std::chrono::seconds> length = duration_of(place, event, start, zone);
  if (!length) return;
  Expansion e{place, zone, c.range, *length, c.iterations, {}};
  LocalTime first = local_of(start);
  if (first < c.range.to && first + *length > c.range.from) e.starts.insert(first);
  for (icalproperty* p = ical().icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY); p;
       p = ical().icalcomponent_get_next_property(event, ICAL_RRULE_PROPERTY))
    add_rule(e, ical().icalproperty_get_rrule(p), start);
  add_dates(e, event);
  std::string summary = text_of(event, ICAL_SUMMARY_PROPERTY);
  for (LocalTime at : e.starts) {
    if (c.out.size() >= max_calendar_occurrences)
      throw ConfigError({c.source, 0, 0},
                        fmt::format("the calendar has more than {} occurrences in the year "
                                    "searched; split it or shorten its recurrences",
                                    max_calendar_occurrences));
    Window w = c.parent;
    w.id = fmt::format("{}/{}", c.parent.id, text_of(event, ICAL_UID_PROPERTY));
    if (!summary.empty()) w.reason = summary;
    if (!zone.name.empty()) w.zone = zone.name;
    w.weekly.clear();
    w.from = at;
    w.until = at + *length;
    w.where = {c.source, lines ? lines->line_of("DTSTART") : 0, lines ? 1 : 0};
    c.out.push_back(std::move(w));
  }
}

// libical's parser marks what it could not read with X-LIC-ERROR properties.
void check_parse_errors(const std::string& source, icalcomponent* component) {
  icalproperty* error = ical().icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);
  if (error) {
    const char* text = ical().icalproperty_get_xlicerror(error);
    throw ConfigError({source, 0, 0}, fmt::format("not valid iCalendar: {}",
                                                  quote_input(text ? text : "parse error")));
  }
  for (icalcomponent* c = ical().icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT);
       c; c = ical().icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT))
    check_parse_errors(source, c);
}

Component parse(const std::string& source, std::string_view text, const Scan& scan) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { ical().icalerror_set_errors_are_fatal(0); });
  if (text.size() > max_calendar_bytes)
    throw ConfigError({source, 0, 0}, fmt::format("the calendar has {} bytes, more than the {} "
                                                  "a calendar may have",
                                                  text.size(), max_calendar_bytes));
  if (text.find('\0') != std::string_view::npos)
    throw ConfigError({source, 0, 0}, "the calendar contains a NUL byte: it is not text");
  if (scan.bad_line)
    throw ConfigError({source, scan.bad_line, 1}, "not valid iCalendar: " + scan.problem);
  Component root(ical().icalcomponent_new_from_string(std::string(text).c_str()),
                 ical().icalcomponent_free);
  if (!root || ical().icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT)
    throw ConfigError({source, 1, 1}, "not an iCalendar file: it must be one BEGIN:VCALENDAR");
  check_parse_errors(source, root.get());
  return root;
}

}  // namespace

std::vector<Window> expand_calendar(std::string_view text, const Window& parent, Instant from,
                                    Instant to) {
  std::string source = parent.calendar.value_or("calendar");
  Scan scan = scan_lines(text.substr(0, max_calendar_bytes + 1));
  Component root = parse(source, text, scan);
  const std::vector<EventLines>& lines = scan.events;
  LocalRange range{LocalTime{(from - Days{2}).time_since_epoch()},
                   LocalTime{(to + Days{2}).time_since_epoch()}};
  Calendar c{source, parent, range, 0, {}};
  std::size_t index = 0;
  for (icalcomponent* event =
           ical().icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT);
       event;
       event = ical().icalcomponent_get_next_component(root.get(), ICAL_VEVENT_COMPONENT), ++index)
    expand_event(c, event, index < lines.size() ? &lines[index] : nullptr);
  return std::move(c.out);
}

CalendarRange calendar_range(Instant now) {
  Instant to = std::min(now + Days{367}, windows_horizon());
  return {now - Days{1}, std::max(to, now - Days{1})};
}

}  // namespace gate
