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

// "(for voice, infra; No deploys on Friday)": the components a scoped freeze applied to,
// then its reason; "(reason)" alone for an unscoped one, as before scoping existed.
std::string freeze_note(const std::vector<std::string>& components, const std::string& reason) {
  std::vector<std::string> parts;
  if (!components.empty()) parts.push_back(fmt::format("for {}", fmt::join(components, ", ")));
  if (!reason.empty()) parts.push_back(reason);
  return parts.empty() ? std::string() : fmt::format(" ({})", fmt::join(parts, "; "));
}

std::string freeze_message(const Policy& policy, const WindowVerdict& v) {
  // A window scoped to several touched components holds once per component in a zone
  // they share: one entry naming them all.
  std::vector<std::pair<const ActiveWindow*, std::vector<std::string>>> merged;
  for (const ActiveWindow& a : v.freezes) {
    auto same = std::find_if(merged.begin(), merged.end(), [&](const auto& m) {
      return m.first->id == a.id && m.first->zone == a.zone && m.first->start == a.start;
    });
    if (same == merged.end()) same = merged.insert(merged.end(), {&a, {}});
    if (!a.component.empty()) same->second.push_back(a.component);
  }
  std::vector<std::string> parts;
  for (const auto& m : merged) {
    const ActiveWindow& a = *m.first;
    std::string reason;
    for (const Window& w : policy.windows)
      if (w.id == a.id) reason = w.reason;
    parts.push_back(fmt::format("{}{} in {}: {} to {} local ({} to {})", a.id,
                                freeze_note(m.second, reason), a.zone, local_text(a.local_start),
                                local_text(a.local_end), format_utc(a.start), format_utc(a.end)));
  }
  return fmt::format("deploys are frozen: {}{}.", fmt::join(parts, "; "),
                     opens_next(v, acting_zone(policy, &v)));
}

// " (for voice in Asia/Singapore, Europe/Bratislava)": where a component's scoped allow
// windows hold in none of its zones; "" without scoped allow windows.
std::string scoped_outside_note(const WindowVerdict& v) {
  std::vector<std::string> parts;
  for (const ScopedOutside& s : v.scoped_outside)
    parts.push_back(fmt::format("for {} in {}", s.component, fmt::join(s.zones, ", ")));
  return parts.empty() ? std::string() : fmt::format(" ({})", fmt::join(parts, "; "));
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
      fmt::format("outside the allowed deploy hours in {}{}{}.",
                  fmt::join(v->zones_without_allow, ", "), scoped_outside_note(*v),
                  opens_next(*v, v->zones_without_allow.empty() ? in.policy.timezone
                                                                : v->zones_without_allow.front())),
      wait_action(in.policy))};
}

}  // namespace gate
