// `git-gate window`: is a deploy allowed now, when does that change, and a calendar of
// the coming days per zone. Exit 0 when a deploy is allowed now, 1 when not.

#include <date/date.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/clock.hpp"
#include "gate/deploy_windows.hpp"
#include "gate/freeze_gather.hpp"
#include "gate/gather.hpp"
#include "gate/json_writer.hpp"
#include "gate/policy.hpp"
#include "gate/repository.hpp"
#include "gate/suggest.hpp"
#include "gate/terminal.hpp"
#include "gate/windows.hpp"
#include "policy_calendars.hpp"
#include "terminal_options.hpp"

namespace gate::cli {

namespace {

struct WindowOptions {
  int days = 14;
  std::vector<std::string> components;
  std::optional<std::string> policy_file;
  CommonOptions common;
  TerminalOptions terminal;
};

// The calendar grows with every day shown (one entry per window, zone and occurrence),
// so it is bounded; a year and a month covers any yearly review.
constexpr int kMaxDays = 400;

constexpr auto closed_check_span = std::chrono::hours{24 * 28};

// The incident freezes of the local freezes ref (docs/freezes.md), judged as check judges
// them: by HEAD's policy and allowed-signers file.
struct Incidents {
  std::vector<FoundFreeze> shown;  ///< active, or scheduled to start within the days shown
  std::vector<std::string> notices;
};

// Adds the freezes to the policy's windows, so that the verdict, the timeline and the
// calendar are check's; keeps those to list.
Incidents add_incidents(const Repository& repo, const std::string& head, Policy& policy,
                        Instant now, Instant until) {
  Incidents out;
  for (const FoundFreeze& f : add_freeze_windows(repo, head, policy, now, out.notices))
    if ((f.state == FreezeState::active || f.state == FreezeState::scheduled) &&
        f.record.start < until && f.end > now)
      out.shown.push_back(f);
  std::sort(out.shown.begin(), out.shown.end(), [](const FoundFreeze& a, const FoundFreeze& b) {
    return a.record.start < b.record.start;
  });
  return out;
}

Instant shown_until(const WindowOptions& o, Instant now) {
  return std::min(now + std::chrono::hours{24 * o.days}, windows_horizon());
}

// With its calendars expanded over the days shown, and the year the next change is
// searched in; with HEAD's policy, the incident freezes too (not with --policy FILE).
Policy load_policy(const WindowOptions& o, Instant now, Incidents& incidents) {
  CalendarRange range = calendar_range(now);
  range.to = std::max(range.to, shown_until(o, now));
  if (o.policy_file) {
    Policy policy = parse_policy(o.common.read(*o.policy_file, "--policy"), *o.policy_file);
    add_calendars(policy, o.common, o.policy_file, nullptr, "", range);
    return policy;
  }
  Repository repo = o.common.repository();
  std::string head = repo.resolve_commit("HEAD");
  std::optional<Policy> policy = read_policy_at(repo, head);
  if (!policy) throw UsageError("HEAD has no policy.toml (use --policy FILE to try one)");
  add_calendars(*policy, o.common, std::nullopt, &repo, head, range);
  incidents = add_incidents(repo, head, *policy, now, shown_until(o, now));
  return std::move(*policy);
}

void check_components(const Policy& policy, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    bool known = std::any_of(policy.components.begin(), policy.components.end(),
                             [&](const Component& c) { return c.name == name; });
    if (known) continue;
    std::vector<std::string> known_names;
    for (const Component& c : policy.components) known_names.push_back(c.name);
    throw UsageError(fmt::format("--component: the policy has no component '{}'{}",
                                 quote_input(name), did_you_mean(name, known_names)));
  }
}

// date::format goes through an ostream and its locale on every call; a year's calendar
// formats millions of instants, so they are written with fmt from the civil date.
std::string civil(std::chrono::seconds since_epoch, std::string_view suffix) {
  auto day = date::floor<date::days>(date::sys_seconds{since_epoch});
  date::year_month_day ymd{day};
  date::hh_mm_ss<std::chrono::seconds> time{since_epoch - day.time_since_epoch()};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count(), suffix);
}

std::string local(LocalTime t) { return civil(t.time_since_epoch(), ""); }
std::string utc(Instant t) { return civil(t.time_since_epoch(), "Z"); }

/// What the command shows: the verdict now, the timeline and the calendar.
struct WindowView {
  const WindowVerdict& verdict;
  const Clock& clock;
  const std::vector<Interval>& timeline;
  const std::vector<Occurrence>& occurrences;
  const std::vector<std::string>& closed;
  /// Every component's scoped windows, and whether the shown change touches it.
  const std::vector<WindowGroup>& scoped;
  const std::vector<std::string>& components;
  const Incidents& incidents;
  const std::string& freezes_ref;
};

bool applied(const WindowView& view, const WindowGroup& g) {
  return std::find(view.components.begin(), view.components.end(), g.component) !=
         view.components.end();
}

// "friday-voice (voice)": an active freeze and, when scoped, the component it applied to.
std::vector<std::string> active_texts(const WindowVerdict& v) {
  std::vector<std::string> out;
  for (const ActiveWindow& a : v.freezes) {
    std::string text = a.component.empty() ? a.id : fmt::format("{} ({})", a.id, a.component);
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  }
  return out;
}

std::string kind_name(WindowKind kind) { return kind == WindowKind::freeze ? "freeze" : "allow"; }

std::vector<std::string> active_ids(const WindowVerdict& v) {
  std::vector<std::string> ids;
  for (const ActiveWindow& a : v.freezes)
    if (std::find(ids.begin(), ids.end(), a.id) == ids.end()) ids.push_back(a.id);
  return ids;
}

std::string closed_warning(const std::string& component) {
  return fmt::format("no allowed hour in the next 28 days for component {}", component);
}

// A year of calendar in many zones runs to millions of entries: the JSON is written as it
// goes and handed to stdout in blocks, so memory stays that of the occurrences themselves.
class BlockWriter {
 public:
  JsonWriter& json() { return json_; }
  void flush(bool force = false) {
    if (!force && out_.size() < kBlock) return;
    write_out(stdout, out_);
    out_.clear();
  }

 private:
  static constexpr std::size_t kBlock = 1 << 20;
  std::string out_;
  JsonWriter json_{out_};
};

void write_calendar(BlockWriter& out, const std::vector<Occurrence>& occurrences) {
  JsonWriter& w = out.json();
  w.key("calendar").begin_array();
  for (const Occurrence& o : occurrences) {
    w.begin_object();
    w.key("window").value(o.id);
    w.key("kind").value(kind_name(o.kind));
    w.key("component");
    if (o.component.empty())
      w.null();
    else
      w.value(o.component);
    w.key("zone").value(o.zone);
    w.key("local_start").value(local(o.local_start));
    w.key("local_end").value(local(o.local_end));
    w.key("start").value(utc(o.start));
    w.key("end").value(utc(o.end));
    w.end_object();
    out.flush();
  }
  w.end_array();
}

// Which windows are scoped to which component, and whether they applied to this change.
void write_scoped(JsonWriter& w, const WindowView& view) {
  w.key("scoped").begin_array();
  for (const WindowGroup& g : view.scoped) {
    std::vector<std::string> ids;
    for (const Window& window : g.windows) ids.push_back(window.id);
    w.begin_object();
    w.key("component").value(g.component);
    w.key("windows").value(ids);
    w.key("applied").value(applied(view, g));
    w.end_object();
  }
  w.end_array();
}

void write_incidents(JsonWriter& w, const Incidents& incidents) {
  w.key("incident_freezes").begin_array();
  for (const FoundFreeze& f : incidents.shown) {
    w.begin_object();
    w.key("id").value("incident/" + f.record.id);
    w.key("status").value(to_string(f.state));
    w.key("principal").value(f.record.principal);
    w.key("reason").value(f.record.reason);
    w.key("start").value(utc(f.record.start));
    w.key("end").value(utc(f.end));
    w.key("components").value(f.record.components);
    w.end_object();
  }
  w.end_array();
  w.key("notices").value(incidents.notices);
}

void print_json(const WindowView& view) {
  const WindowVerdict& v = view.verdict;
  BlockWriter out;
  JsonWriter& w = out.json();
  w.begin_object();
  w.key("schema_version").value(1);
  w.key("evaluated_at").value(format_utc(view.clock.now));
  w.key("clock").value(view.clock.overridden ? "overridden" : "system");
  w.key("allowed").value(v.allowed);
  w.key("active").value(active_ids(v));
  w.key("outside_allowed_in").value(v.zones_without_allow);
  w.key("next_change");
  if (v.next_change)
    w.value(format_utc(*v.next_change));
  else
    w.null();
  w.key("zones").value(v.zones);
  write_scoped(w, view);
  w.key("timeline").begin_array();
  for (const Interval& i : view.timeline) {
    w.begin_object();
    w.key("start").value(utc(i.start));
    w.key("end").value(utc(i.end));
    w.key("allowed").value(i.allowed);
    w.end_object();
    out.flush();
  }
  w.end_array();
  write_calendar(out, view.occurrences);
  write_incidents(w, view.incidents);
  std::vector<std::string> warnings;
  for (const std::string& c : view.closed) warnings.push_back(closed_warning(c));
  w.key("warnings").value(warnings);
  w.end_object();
  out.flush(true);
  write_out(stdout, "\n");
}

// Each zone's occurrences, in calendar order, found in one pass.
std::vector<std::vector<const Occurrence*>> by_zone(const std::vector<std::string>& zones,
                                                    const std::vector<Occurrence>& occurrences) {
  std::map<std::string_view, std::size_t> index;
  for (std::size_t z = 0; z < zones.size(); ++z) index.emplace(zones[z], z);
  std::vector<std::vector<const Occurrence*>> out(zones.size());
  for (const Occurrence& o : occurrences)
    if (auto found = index.find(o.zone); found != index.end()) out[found->second].push_back(&o);
  return out;
}

// "Scoped windows:" one line per component, saying whether they applied (--component).
void print_scoped(const WindowView& view) {
  if (view.scoped.empty()) return;
  fmt::print("\nScoped windows:\n");
  for (const WindowGroup& g : view.scoped) {
    fmt::print("  {}: {}; {}\n", g.component, describe_windows(g),
               applied(view, g) ? fmt::format("applied, in {}", fmt::join(g.zones, ", "))
                                : fmt::format("not applied (add --component {})", g.component));
  }
}

// "Incident freezes (refs/gate/freezes):" one line each, active and scheduled.
void print_incidents(const WindowView& view) {
  if (view.incidents.shown.empty()) return;
  fmt::print("\nIncident freezes ({}):\n", view.freezes_ref);
  for (const FoundFreeze& f : view.incidents.shown) {
    const FreezeRecord& r = f.record;
    std::string scope =
        r.components.empty() ? std::string() : fmt::format("  ({})", fmt::join(r.components, ", "));
    fmt::print("  {:<9} incident/{}  {} .. {}  by {}: {}{}\n", to_string(f.state), r.id,
               format_utc(r.start), format_utc(f.end), r.principal, r.reason, scope);
  }
}

void print_text(const WindowView& view) {
  const WindowVerdict& v = view.verdict;
  fmt::print("Deploys are {} now ({}{}).\n", v.allowed ? "ALLOWED" : "NOT ALLOWED",
             format_utc(view.clock.now), view.clock.overridden ? ", clock overridden" : "");
  if (!v.freezes.empty()) fmt::print("Frozen by: {}\n", fmt::join(active_texts(v), ", "));
  if (!v.zones_without_allow.empty())
    fmt::print("Outside allowed hours in: {}\n", fmt::join(v.zones_without_allow, ", "));
  for (const ScopedOutside& o : v.scoped_outside)
    fmt::print("  for {}: {}\n", o.component, fmt::join(o.zones, ", "));
  fmt::print("Next change: {}\n",
             v.next_change ? format_utc(*v.next_change) : std::string("none within a year"));
  print_scoped(view);
  print_incidents(view);
  fmt::print("\nAllowed (UTC):\n");
  for (const Interval& i : view.timeline)
    if (i.allowed) fmt::print("  {} .. {}\n", format_utc(i.start), format_utc(i.end));
  std::vector<std::vector<const Occurrence*>> zones = by_zone(v.zones, view.occurrences);
  for (std::size_t z = 0; z < v.zones.size(); ++z) {
    fmt::print("\n{} (local time):\n", v.zones[z]);
    for (const Occurrence* o : zones[z])
      fmt::print("  {:<6} {:<24} {} .. {}{}\n", kind_name(o->kind), o->id,
                 date::format("%a %Y-%m-%d %H:%M", o->local_start),
                 date::format("%a %Y-%m-%d %H:%M", o->local_end),
                 o->component.empty() ? "" : fmt::format("  ({})", o->component));
  }
  for (const std::string& c : view.closed)
    fmt::print(stderr, "git-gate: warning: {}\n", closed_warning(c));
}

void add_options(CLI::App& app, WindowOptions& o) {
  add_at_option(app, o.common);
  app.add_option("--days", o.days, "days of calendar to show (1 to 400)")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            int days = 0;
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), days);
            if (ec != std::errc() || end != value.data() + value.size() || days < 1 ||
                days > kMaxDays)
              return fmt::format(
                  "a number of days from 1 to {} (the calendar is bounded), not '{}'", kMaxDays,
                  value.substr(0, 200));
            return {};
          },
          ""))
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--component", o.components, "a component the change touches (repeatable)")
      ->type_name("NAME");
  app.add_option("--policy", o.policy_file, "read this policy file instead of HEAD's policy.toml")
      ->type_name("FILE");
  add_format_option(app, o.common, "text or json", {"text", "json"}, "text");
  add_quiet_option(app, o.terminal);
  add_directory_option(app, o.common);
}

}  // namespace

int run_window(int argc, char** argv, Session& session) {
  WindowOptions o;
  CLI::App app{"Show whether a deploy is allowed now, when that changes, and the coming days.",
               "git-gate window"};
  add_options(app, o);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  session.format = o.common.format == "json" ? Format::json : Format::text;
  session.quiet = o.terminal.quiet;
  Clock clock = o.common.clock();
  Incidents incidents;
  Policy policy = load_policy(o, clock.now, incidents);
  check_components(policy, o.components);
  WindowVerdict verdict = judge_deploy_windows(policy, o.components, clock.now);
  Instant until = shown_until(o, clock.now);
  auto timeline = deploy_timeline(policy, o.components, clock.now, until);
  auto occurrences = deploy_occurrences(policy, o.components, clock.now, until);
  Instant check_until = std::min(clock.now + closed_check_span, windows_horizon());
  auto closed = components_without_allowed_hours(
      policy, clock.now, std::chrono::duration_cast<std::chrono::hours>(check_until - clock.now));
  std::vector<WindowGroup> scoped = scoped_groups(policy);
  WindowView view{verdict, clock,        timeline,  occurrences,       closed,
                  scoped,  o.components, incidents, policy.freezes.ref};
  if (session.quiet) return verdict.allowed ? 0 : 1;
  for (const std::string& n : incidents.notices) fmt::print(stderr, "git-gate: note: {}\n", n);
  if (session.format == Format::json)
    print_json(view);
  else
    print_text(view);
  return verdict.allowed ? 0 : 1;
}

}  // namespace gate::cli
