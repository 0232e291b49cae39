// The window rules (docs/windows.md): window.freeze and window.outside-allowed,
// read from the verdict the facts judged once.

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>

#include "rules/facts.hpp"

#include "gate/local_time.hpp"

namespace gate {

namespace {

std::string local_text(LocalTime t) { return date::format("%a %Y-%m-%d %H:%M", t); }

std::string opens_next(const WindowVerdict& v, std::string_view zone) {
  return v.next_change ? fmt::format("; the gate opens next at {}",
                                     format_utc_and_local(*v.next_change, zone))
                       : "; it does not open within the next year";
}

// Overrides are suggested only where the policy honours them (README, Overrides).
std::string wait_action(const Policy& policy) {
  return policy.overrides.configured ? "Wait, or ask an override approver for an override."
                                     : "Wait for the window to open.";
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
  return fmt::format("deploys are frozen: {}{}.", fmt::join(parts, "; "),
                     opens_next(v, acting_zone(policy, &v)));
}

}  // namespace

std::string acting_zone(const Policy& policy, const WindowVerdict* v) {
  if (v && v->frozen && !v->freezes.empty()) return v->freezes.front().zone;
  if (v && v->outside_allowed && !v->zones_without_allow.empty())
    return v->zones_without_allow.front();
  return policy.timezone;
}

std::vector<Finding> judge_window_freeze(const RuleInput& in) {
  const std::optional<WindowVerdict>& v = in.facts.windows;
  if (!v || !v->frozen) return {};
  return {Finding::with_action(std::string(rule::window_freeze), in.severity,
                               freeze_message(in.policy, *v), wait_action(in.policy))};
}

std::vector<Finding> judge_window_outside_allowed(const RuleInput& in) {
  const std::optional<WindowVerdict>& v = in.facts.windows;
  if (!v || !v->outside_allowed) return {};
  return {Finding::with_action(
      std::string(rule::window_outside_allowed), in.severity,
      fmt::format("outside the allowed deploy hours in {}{}.",
                  fmt::join(v->zones_without_allow, ", "),
                  opens_next(*v, v->zones_without_allow.empty() ? in.policy.timezone
                                                                : v->zones_without_allow.front())),
      wait_action(in.policy))};
}

}  // namespace gate
