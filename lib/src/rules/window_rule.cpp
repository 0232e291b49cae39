// The window rules (docs/windows.md): window.freeze and window.outside-allowed,
// read from the verdict the facts judged once.

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>

#include "rules/facts.hpp"

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

std::vector<Finding> judge_window_freeze(const RuleInput& in) {
  const std::optional<WindowVerdict>& v = in.facts.windows;
  if (!v || !v->frozen) return {};
  return {{std::string(rule::window_freeze), in.severity, freeze_message(in.policy, *v), {}}};
}

std::vector<Finding> judge_window_outside_allowed(const RuleInput& in) {
  const std::optional<WindowVerdict>& v = in.facts.windows;
  if (!v || !v->outside_allowed) return {};
  return {{std::string(rule::window_outside_allowed),
           in.severity,
           fmt::format("outside the allowed deploy hours in {}{}. Wait, or ask an approver for "
                       "an override.",
                       fmt::join(v->zones_without_allow, ", "), opens_next(*v)),
           {}}};
}

}  // namespace gate
