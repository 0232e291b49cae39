// `git-gate window`: is a deploy allowed now, when does that change, and a calendar of
// the coming days per zone. Exit 0 when a deploy is allowed now, 1 when not.

#include <date/date.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.hpp"
#include "common_options.hpp"
#include "gate/clock.hpp"
#include "gate/deploy_windows.hpp"
#include "gate/gather.hpp"
#include "gate/policy.hpp"
#include "gate/repository.hpp"
#include "gate/windows.hpp"

namespace gate::cli {

namespace {

using Json = nlohmann::ordered_json;

struct WindowOptions {
  int days = 14;
  std::vector<std::string> components;
  std::optional<std::string> policy_file;
  CommonOptions common;
};

constexpr auto closed_check_span = std::chrono::hours{24 * 28};

Policy load_policy(const WindowOptions& o) {
  if (o.policy_file) return parse_policy(o.common.read(*o.policy_file, "--policy"), *o.policy_file);
  Repository repo = o.common.repository();
  std::string head = repo.resolve_commit("HEAD");
  std::optional<Policy> policy = read_policy_at(repo, head);
  if (!policy) throw UsageError("HEAD has no policy.toml (use --policy FILE to try one)");
  return std::move(*policy);
}

void check_components(const Policy& policy, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    bool known = std::any_of(policy.components.begin(), policy.components.end(),
                             [&](const Component& c) { return c.name == name; });
    if (!known)
      throw UsageError(fmt::format("--component: the policy has no component '{}'", name));
  }
}

std::string local(LocalTime t) { return date::format("%Y-%m-%dT%H:%M:%S", t); }

Json to_json(const WindowVerdict& v, const Clock& clock, const std::vector<Interval>& timeline,
             const std::vector<Occurrence>& occurrences, const std::vector<std::string>& closed) {
  Json active = Json::array();
  for (const ActiveWindow& a : v.freezes)
    if (std::find(active.begin(), active.end(), a.id) == active.end()) active.push_back(a.id);
  Json spans = Json::array();
  for (const Occurrence& o : occurrences)
    spans.push_back({{"window", o.id},
                     {"kind", o.kind == WindowKind::freeze ? "freeze" : "allow"},
                     {"zone", o.zone},
                     {"local_start", local(o.local_start)},
                     {"local_end", local(o.local_end)},
                     {"start", format_utc(o.start)},
                     {"end", format_utc(o.end)}});
  Json intervals = Json::array();
  for (const Interval& i : timeline)
    intervals.push_back(
        {{"start", format_utc(i.start)}, {"end", format_utc(i.end)}, {"allowed", i.allowed}});
  Json warnings = Json::array();
  for (const std::string& c : closed)
    warnings.push_back(fmt::format("no allowed hour in the next 28 days for component {}", c));
  return {{"schema_version", 1},
          {"evaluated_at", format_utc(clock.now)},
          {"clock", clock.overridden ? "overridden" : "system"},
          {"allowed", v.allowed},
          {"active", active},
          {"outside_allowed_in", v.zones_without_allow},
          {"next_change", v.next_change ? Json(format_utc(*v.next_change)) : Json(nullptr)},
          {"zones", v.zones},
          {"timeline", intervals},
          {"calendar", spans},
          {"warnings", warnings}};
}

void print_text(const Json& j, const std::vector<Occurrence>& occurrences) {
  fmt::print("Deploys are {} now ({}{}).\n", j["allowed"].get<bool>() ? "ALLOWED" : "NOT ALLOWED",
             j["evaluated_at"].get<std::string>(),
             j["clock"] == "overridden" ? ", clock overridden" : "");
  if (!j["active"].empty())
    fmt::print("Frozen by: {}\n", fmt::join(j["active"].get<std::vector<std::string>>(), ", "));
  if (!j["outside_allowed_in"].empty())
    fmt::print("Outside allowed hours in: {}\n",
               fmt::join(j["outside_allowed_in"].get<std::vector<std::string>>(), ", "));
  fmt::print("Next change: {}\n", j["next_change"].is_null() ? "none within a year"
                                                             : j["next_change"].get<std::string>());
  fmt::print("\nAllowed (UTC):\n");
  for (const auto& i : j["timeline"])
    if (i["allowed"].get<bool>())
      fmt::print("  {} .. {}\n", i["start"].get<std::string>(), i["end"].get<std::string>());
  for (const auto& zone : j["zones"]) {
    fmt::print("\n{} (local time):\n", zone.get<std::string>());
    for (const Occurrence& o : occurrences)
      if (o.zone == zone)
        fmt::print("  {:<6} {:<24} {} .. {}\n", o.kind == WindowKind::freeze ? "freeze" : "allow",
                   o.id, date::format("%a %Y-%m-%d %H:%M", o.local_start),
                   date::format("%a %Y-%m-%d %H:%M", o.local_end));
  }
  for (const auto& w : j["warnings"])
    fmt::print(stderr, "git-gate: warning: {}\n", w.get<std::string>());
}

}  // namespace

int run_window(int argc, char** argv, Session& session) {
  WindowOptions o;
  CLI::App app{"Show whether a deploy is allowed now, when that changes, and the coming days.",
               "git-gate window"};
  add_at_option(app, o.common);
  app.add_option("--days", o.days, "days of calendar to show")
      ->check(CLI::Range(1, 366))
      ->capture_default_str();
  app.add_option("--component", o.components, "a component the change touches (repeatable)");
  app.add_option("--policy", o.policy_file, "read this policy file instead of HEAD's policy.toml");
  add_format_option(app, o.common, "output format", {"text", "json"}, "text");
  add_directory_option(app, o.common);
  if (std::optional<int> code = parse_args(app, argc, argv)) return *code;
  session.format = o.common.format == "json" ? Format::json : Format::text;
  Clock clock = o.common.clock();
  Policy policy = load_policy(o);
  check_components(policy, o.components);
  std::vector<std::string> zones = change_zones(policy, o.components);
  WindowVerdict verdict = judge_windows(policy.windows, zones, clock.now);
  Instant until = std::min(clock.now + std::chrono::hours{24 * o.days}, windows_horizon());
  auto timeline = window_timeline(policy.windows, zones, clock.now, until);
  auto occurrences = window_occurrences(policy.windows, zones, clock.now, until);
  Instant check_until = std::min(clock.now + closed_check_span, windows_horizon());
  auto closed = components_without_allowed_hours(
      policy, clock.now, std::chrono::duration_cast<std::chrono::hours>(check_until - clock.now));
  Json j = to_json(verdict, clock, timeline, occurrences, closed);
  // Paths and policy strings are bytes: bad UTF-8 becomes U+FFFD, as in JsonWriter.
  if (session.format == Format::json)
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  else
    print_text(j, occurrences);
  return verdict.allowed ? 0 : 1;
}

}  // namespace gate::cli
