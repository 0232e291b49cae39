#pragma once
/// Change windows as a policy applies them: which zones a change lands in, which windows
/// apply to which touched component (scoped windows, docs/windows.md), and which
/// components the allow windows leave without a single allowed hour.

#include <chrono>
#include <string>
#include <vector>

#include "gate/policy.hpp"
#include "gate/timeutil.hpp"
#include "gate/windows.hpp"

namespace gate {

/// The zones a change touching `components` lands in: the policy's default zone plus
/// each named component's zones, sorted and unique. Unknown names are ignored.
std::vector<std::string> change_zones(const Policy& policy,
                                      const std::vector<std::string>& components);

/// Windows judged together, by the windows engine as one set.
struct WindowGroup {
  std::string component;           ///< "" for the unscoped windows
  std::vector<Window> windows;     ///< copies of the policy's windows in this group
  std::vector<std::string> zones;  ///< the zones they are judged in
};

/// The groups a change touching `components` is judged in (docs/windows.md, Scoped
/// windows): first the unscoped windows in the change's zones (always present, possibly
/// with no windows), then, in the policy's order of [[component]], one group per touched
/// component that some scoped window names: those windows, in the policy's zone plus
/// that component's zones.
std::vector<WindowGroup> window_groups(const Policy& policy,
                                       const std::vector<std::string>& components);

/// Every component's scoped windows: window_groups() of a change touching every
/// [[component]], less the unscoped group. Empty for a policy without scoped windows.
std::vector<WindowGroup> scoped_groups(const Policy& policy);

/// "voice-hours (allow), friday-voice (freeze)": a group's windows, for `window` and `lint`.
std::string describe_windows(const WindowGroup& group);

/// Timelines over the same [from, to) combined: allowed only where every one is allowed,
/// merged into maximal intervals. Empty input gives an empty timeline.
std::vector<Interval> intersect_timelines(const std::vector<std::vector<Interval>>& timelines);

/// The window verdict of a change touching `components` at `now`: each group judged by
/// judge_windows; allowed only when every group is. Scoped freezes and scoped allow
/// windows that do not hold carry their component. Without scoped windows this is exactly
/// judge_windows(policy.windows, change_zones(...), now).
WindowVerdict judge_deploy_windows(const Policy& policy, const std::vector<std::string>& components,
                                   Instant now);

/// The allowed/blocked timeline over [from, to) of a change touching `components`: the
/// intersection of its groups' timelines.
std::vector<Interval> deploy_timeline(const Policy& policy,
                                      const std::vector<std::string>& components, Instant from,
                                      Instant to);

/// Every occurrence of every group's windows overlapping [from, to), a scoped window's
/// tagged with its component, sorted by UTC start.
std::vector<Occurrence> deploy_occurrences(const Policy& policy,
                                           const std::vector<std::string>& components, Instant from,
                                           Instant to);

/// The components (and "(other)", judged in the default zone alone) for which the allow
/// and freeze windows that apply to them leave no allowed instant in [from, from + span).
/// Far-apart zones can leave no common hour, and `window` and `lint` must say so.
std::vector<std::string> components_without_allowed_hours(const Policy& policy, Instant from,
                                                          std::chrono::hours span);

}  // namespace gate
