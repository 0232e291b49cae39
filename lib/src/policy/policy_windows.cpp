// [[freeze]] and [[allow]] tables, and zone names wherever the policy has them.
#include "policy/policy_toml.hpp"

#include <date/date.h>

#include <algorithm>
#include <set>

#include "gate/windows.hpp"

namespace gate::policy_toml {

namespace {

// A window longer than this is surely a typo in a year (2062 for 2026).
constexpr auto max_one_off = std::chrono::days{366};

// What to write instead of `node`, e.g. "2026-12-20T00:00:00" for the date 2026-12-20: a
// bare date is the likely slip, and its fix is that day's midnight.
std::string date_time_example(const toml::node& node) {
  const toml::date* d = nullptr;
  if (const auto* date = node.as_date()) d = &date->get();
  if (const auto* dt = node.as_date_time()) d = &dt->get().date;
  if (!d) return "2026-12-20T00:00:00";
  return fmt::format("{:04}-{:02}-{:02}T00:00:00", d->year, d->month, d->day);
}

std::optional<LocalTime> local_date_time(TomlReader& reader, const toml::node& node,
                                         std::string_view what) {
  const auto* dt = node.as_date_time();
  if (!dt || dt->get().offset) {
    std::string got = dt ? "a date-time with an offset" : fmt::format("a {}", type_name(node));
    reader.reporter().error(node.source(),
                            fmt::format("'{}' must be a TOML local date-time (date and time, no "
                                        "offset: it is read in the window's zone), got {}: write "
                                        "{} = {}",
                                        what, got, what, date_time_example(node)));
    return std::nullopt;
  }
  const toml::date_time& v = dt->get();
  auto day = date::year{v.date.year} / date::month{v.date.month} / date::day{v.date.day};
  return date::local_days{day} + std::chrono::hours{v.time.hour} +
         std::chrono::minutes{v.time.minute} + std::chrono::seconds{v.time.second};
}

void weekly(TomlReader& reader, const toml::node& node, Window& w) {
  std::vector<const toml::node*> items;
  if (node.is_string())
    items.push_back(&node);
  else if (const toml::array* a = node.as_array())
    for (const toml::node& e : *a) items.push_back(&e);
  else {
    reader.wrong_type(node, "weekly", "a string or an array of strings");
    return;
  }
  for (const toml::node* item : items) {
    auto text = reader.string(*item, "'weekly' entries");
    if (!text) continue;
    SpanParse parsed = parse_weekly(*text);
    if (!parsed.error.empty()) {
      auto at = item->source().begin;
      reader.reporter().error(
          static_cast<int>(at.line), static_cast<int>(at.column) + std::max(parsed.column, 1),
          fmt::format("invalid weekly span \"{}\": {}", quote_input(*text), parsed.error));
      continue;
    }
    w.weekly.insert(w.weekly.end(), parsed.spans.begin(), parsed.spans.end());
  }
}

// `components = [...]`: the names are checked against [[component]] once the whole policy
// is read (policy_parse.cpp), since components may be declared after the window.
void scope(TomlReader& reader, const toml::node& node, Window& w) {
  const toml::array* names = reader.array_of(node, "components");
  if (!names) return;
  if (names->empty())
    reader.reporter().error(node.source(),
                            "'components' must name at least one component (leave it out for a "
                            "window that applies to every change)");
  for (const toml::node& item : *names) {
    auto name = reader.string(item, "'components' entries");
    if (!name) continue;
    if (std::find(w.components.begin(), w.components.end(), *name) != w.components.end())
      continue;  // a repeated name scopes nothing more
    w.components.push_back(*name);
    w.component_where.push_back({reader.reporter().source(),
                                 static_cast<int>(item.source().begin.line),
                                 static_cast<int>(item.source().begin.column)});
  }
}

// A calendar is a file of the repository, read from the base revision like the policy.
std::optional<std::string> calendar_path(TomlReader& reader, const toml::node& node) {
  auto path = reader.string(node, "calendar");
  if (!path) return std::nullopt;
  std::string_view p = *path;
  if (p.empty() || p.front() == '/' || p.back() == '/' || p.find('\\') != p.npos ||
      ("/" + *path + "/").find("/../") != std::string::npos ||
      ("/" + *path + "/").find("/./") != std::string::npos) {
    reader.reporter().error(node.source(),
                            fmt::format("'calendar' must be a path inside the repository, "
                                        "relative to its root (e.g. \".gate/holidays.ics\"), "
                                        "got \"{}\"",
                                        quote_input(*path)));
    return std::nullopt;
  }
  return path;
}

// A calendar window takes its times from the calendar alone.
void calendar_alone(TomlReader& reader, const toml::table& table, const Window& w) {
  if (table.contains("weekly") || table.contains("from") || table.contains("until"))
    reader.reporter().error(
        table.source(),
        fmt::format("window '{}': a 'calendar' window takes its times from the calendar, so "
                    "it has no 'weekly' or 'from'/'until'",
                    quote_input(w.id)));
}

void one_off_bounds(TomlReader& reader, const toml::table& table, Window& w) {
  if (!w.from && !w.until) return;
  if (!w.from || !w.until) {
    reader.reporter().error(table.source(), fmt::format("window '{}' needs both 'from' and 'until'",
                                                        quote_input(w.id)));
  } else if (*w.until <= *w.from) {
    reader.reporter().error(
        table["until"].node()->source(),
        fmt::format("window '{}': 'until' must be after 'from'", quote_input(w.id)));
  } else if (*w.until - *w.from > max_one_off) {
    reader.reporter().error(
        table["until"].node()->source(),
        fmt::format("window '{}' is longer than a year; check the dates", quote_input(w.id)));
  }
}

// A window has its times from exactly one source: weekly spans, one-off bounds or a
// calendar. A bad span or bound of the wrong type is its own error, located at the value.
void check_times(TomlReader& reader, const toml::table& table, const Window& w) {
  const bool has_weekly = table.contains("weekly");
  const bool has_bounds = table.contains("from") || table.contains("until");
  const bool has_calendar = table.contains("calendar");
  if (!has_weekly && !has_bounds && !has_calendar && !w.id.empty())
    reader.reporter().error(table.source(),
                            fmt::format("window '{}' needs 'weekly' spans, 'from'/'until' or "
                                        "(a freeze) a 'calendar'",
                                        quote_input(w.id)));
  if (has_calendar) calendar_alone(reader, table, w);
  if (!w.weekly.empty() && (w.from || w.until))
    reader.reporter().error(
        table.source(), fmt::format("window '{}': use either 'weekly' or 'from'/'until', not both",
                                    quote_input(w.id)));
}

Window window(TomlReader& reader, const toml::table& table, WindowKind kind) {
  Window w;
  w.kind = kind;
  w.where = {reader.reporter().source(), static_cast<int>(table.source().begin.line),
             static_cast<int>(table.source().begin.column)};
  const char* name = kind == WindowKind::freeze ? "[[freeze]]" : "[[allow]]";
  for (auto&& [key, value] : table) {
    if (!reader.known_key(key, name)) continue;
    const std::string_view k = key.str();
    if (k == "id")
      w.id = reader.string(value, k).value_or("");
    else if (k == "weekly")
      weekly(reader, value, w);
    else if (k == "from")
      w.from = local_date_time(reader, value, k);
    else if (k == "until")
      w.until = local_date_time(reader, value, k);
    else if (k == "zone")
      w.zone = read_zone(reader, value, "zone");
    else if (k == "reason")
      w.reason = reader.string(value, k).value_or("");
    else if (k == "components")
      scope(reader, value, w);
    else if (k == "calendar")
      w.calendar = calendar_path(reader, value);
    else
      reader.unknown_key(key, name);
  }
  if (w.id.empty())
    reader.reporter().error(table.source(), fmt::format("{} needs a non-empty 'id'", name));
  check_times(reader, table, w);
  one_off_bounds(reader, table, w);
  return w;
}

}  // namespace

std::optional<std::string> read_zone(TomlReader& reader, const toml::node& node,
                                     std::string_view what) {
  auto zone = reader.string(node, what);
  if (!zone) return std::nullopt;
  std::string problem = check_zone(*zone);
  if (problem.empty()) return zone;
  reader.reporter().error(node.source(), problem);
  return std::nullopt;
}

void read_windows(TomlReader& reader, std::string_view name, const toml::array& array,
                  std::vector<Window>& out, std::set<std::string, std::less<>>& ids) {
  WindowKind kind = name == "freeze" ? WindowKind::freeze : WindowKind::allow;
  for (const toml::node& element : array) {
    Window w = window(reader, *element.as_table(), kind);
    if (!w.id.empty() && !ids.insert(w.id).second)
      reader.reporter().error(element.source(),
                              fmt::format("duplicate window id '{}'", quote_input(w.id)));
    out.push_back(std::move(w));
  }
}

}  // namespace gate::policy_toml
