#include "rules/window_rule.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>

#include "gate/deploy_windows.hpp"
#include "gate/windows.hpp"
#include "rules/rule_severity.hpp"

namespace gate {

namespace {

std::string local_text(LocalTime t) { return date::format("%a %Y-%m-%d %H:%M", t); }

std::string opens_next(const WindowVerdict& v) {
  return v.next_change ? fmt::format("; the gate opens next at {}", format_utc(*v.next_change))
                       : "; it does not open within the next year";
}

std::string freeze_message(const Policy& policy, const WindowVerdict& v) {
  std::vector<std::string> parts;
  for (const ActiveWindow& a : v.freezes) {
    std::string reason;
    for (const Window& w : policy.windows)
      if (w.id == a.id && !w.reason.empty()) reason = fmt::format(" ({})", w.reason);
    parts.push_back(fmt::format("{}{} in {}: {} to {} local ({} to {})", a.id, reason, a.zone,
                                local_text(a.local_start), local_text(a.local_end),
                                format_utc(a.start), format_utc(a.end)));
  }
  return fmt::format("deploys are frozen: {}{}. Wait, or ask an approver for an override.",
                     fmt::join(parts, "; "), opens_next(v));
}

}  // namespace

void apply_window_rules(const Policy& policy, const Inputs& inputs, bool is_protected,
                        Report& report) {
  if (!is_protected || policy.windows.empty()) return;
  std::vector<std::string> touched;
  for (const ComponentEntry& c : report.components) touched.push_back(c.name);
  const WindowVerdict v = judge_windows(policy.windows, change_zones(policy, touched),
                                        inputs.context.now);
  report.valid_until = v.next_change;
  if (v.frozen)
    if (auto sev = reported_severity(policy, "window.freeze", true))
      report.findings.push_back({"window.freeze", *sev, freeze_message(policy, v), {}});
  if (v.outside_allowed)
    if (auto sev = reported_severity(policy, "window.outside-allowed", true))
      report.findings.push_back(
          {"window.outside-allowed", *sev,
           fmt::format("outside the allowed deploy hours in {}{}. Wait, or ask an approver for "
                       "an override.",
                       fmt::join(v.zones_without_allow, ", "), opens_next(v)),
           {}});
}

}  // namespace gate
