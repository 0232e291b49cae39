#include "gate/deploy_windows.hpp"

#include <algorithm>

namespace gate {

namespace {

// How far the combined next change is searched, as judge_windows does for one group.
constexpr auto kNextChangeReach = std::chrono::hours{24 * 366};

bool touches(const std::vector<std::string>& components, const std::string& name) {
  return std::find(components.begin(), components.end(), name) != components.end();
}

// Adds a scoped group's verdict to the combined one, naming its component.
void add_scoped(WindowVerdict& combined, const std::string& component, WindowVerdict v) {
  for (ActiveWindow& a : v.freezes) {
    a.component = component;
    combined.freezes.push_back(std::move(a));
  }
  if (v.outside_allowed) {
    combined.zones_without_allow.insert(combined.zones_without_allow.end(),
                                        v.zones_without_allow.begin(), v.zones_without_allow.end());
    combined.scoped_outside.push_back({component, std::move(v.zones_without_allow)});
  }
  combined.frozen = combined.frozen || v.frozen;
  combined.outside_allowed = combined.outside_allowed || v.outside_allowed;
  combined.allowed = combined.allowed && v.allowed;
  if (v.next_change && (!combined.next_change || *v.next_change < *combined.next_change))
    combined.next_change = v.next_change;
}

}  // namespace

std::vector<std::string> change_zones(const Policy& policy,
                                      const std::vector<std::string>& components) {
  std::vector<std::string> zones = {policy.timezone};
  for (const std::string& name : components)
    for (const Component& c : policy.components)
      if (c.name == name) zones.insert(zones.end(), c.zones.begin(), c.zones.end());
  std::sort(zones.begin(), zones.end());
  zones.erase(std::unique(zones.begin(), zones.end()), zones.end());
  return zones;
}

std::vector<WindowGroup> window_groups(const Policy& policy,
                                       const std::vector<std::string>& components) {
  std::vector<WindowGroup> groups(1);
  groups[0].zones = change_zones(policy, components);
  for (const Window& w : policy.windows)
    if (w.components.empty()) groups[0].windows.push_back(w);
  for (const Component& c : policy.components) {
    if (!touches(components, c.name)) continue;
    WindowGroup group{c.name, {}, change_zones(policy, {c.name})};
    for (const Window& w : policy.windows)
      if (touches(w.components, c.name)) group.windows.push_back(w);
    if (!group.windows.empty()) groups.push_back(std::move(group));
  }
  return groups;
}

std::vector<WindowGroup> scoped_groups(const Policy& policy) {
  std::vector<std::string> names;
  for (const Component& c : policy.components) names.push_back(c.name);
  std::vector<WindowGroup> groups = window_groups(policy, names);
  groups.erase(groups.begin());
  return groups;
}

std::string describe_windows(const WindowGroup& group) {
  std::string out;
  for (const Window& w : group.windows)
    out += (out.empty() ? "" : ", ") + w.id +
           (w.kind == WindowKind::freeze ? " (freeze)" : " (allow)");
  return out;
}

std::vector<Interval> intersect_timelines(const std::vector<std::vector<Interval>>& timelines) {
  std::vector<Instant> cuts;
  for (const std::vector<Interval>& t : timelines)
    for (const Interval& i : t) cuts.insert(cuts.end(), {i.start, i.end});
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<std::size_t> at(timelines.size(), 0);
  std::vector<Interval> out;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    bool allowed = true;
    for (std::size_t j = 0; j < timelines.size(); ++j) {
      const std::vector<Interval>& t = timelines[j];
      while (at[j] < t.size() && t[at[j]].end <= cuts[k]) ++at[j];
      // Outside a timeline's reach nothing is known to be allowed.
      allowed = allowed && at[j] < t.size() && t[at[j]].start <= cuts[k] && t[at[j]].allowed;
    }
    if (!out.empty() && out.back().allowed == allowed)
      out.back().end = cuts[k + 1];
    else
      out.push_back({cuts[k], cuts[k + 1], allowed});
  }
  return out;
}

WindowVerdict judge_deploy_windows(const Policy& policy, const std::vector<std::string>& components,
                                   Instant now) {
  std::vector<WindowGroup> groups = window_groups(policy, components);
  WindowVerdict combined = judge_windows(groups[0].windows, groups[0].zones, now);
  if (groups.size() == 1) return combined;
  for (std::size_t g = 1; g < groups.size(); ++g)
    add_scoped(combined, groups[g].component,
               judge_windows(groups[g].windows, groups[g].zones, now));
  std::sort(combined.zones_without_allow.begin(), combined.zones_without_allow.end());
  combined.zones_without_allow.erase(
      std::unique(combined.zones_without_allow.begin(), combined.zones_without_allow.end()),
      combined.zones_without_allow.end());
  // Allowed now: the first group to close closes the change (the minimum above). Blocked:
  // it opens when every group is open at once, which no single group's flip tells.
  if (!combined.allowed) {
    combined.next_change.reset();
    Instant limit = std::min(now + kNextChangeReach, windows_horizon());
    for (const Interval& i : deploy_timeline(policy, components, now, limit))
      if (i.allowed && i.start > now) {
        combined.next_change = i.start;
        break;
      }
  }
  return combined;
}

std::vector<Interval> deploy_timeline(const Policy& policy,
                                      const std::vector<std::string>& components, Instant from,
                                      Instant to) {
  std::vector<std::vector<Interval>> timelines;
  for (const WindowGroup& g : window_groups(policy, components))
    timelines.push_back(window_timeline(g.windows, g.zones, from, to));
  if (timelines.size() == 1) return std::move(timelines[0]);
  return intersect_timelines(timelines);
}

std::vector<Occurrence> deploy_occurrences(const Policy& policy,
                                           const std::vector<std::string>& components, Instant from,
                                           Instant to) {
  std::vector<WindowGroup> groups = window_groups(policy, components);
  // A year's calendar runs to millions of entries: never held twice.
  if (groups.size() == 1) return window_occurrences(groups[0].windows, groups[0].zones, from, to);
  std::vector<Occurrence> out;
  for (const WindowGroup& g : groups) {
    std::vector<Occurrence> some = window_occurrences(g.windows, g.zones, from, to);
    for (Occurrence& o : some) o.component = g.component;
    out.insert(out.end(), std::make_move_iterator(some.begin()),
               std::make_move_iterator(some.end()));
  }
  std::stable_sort(out.begin(), out.end(), [](const Occurrence& a, const Occurrence& b) {
    return std::tie(a.start, a.end) < std::tie(b.start, b.end);
  });
  return out;
}

std::vector<std::string> components_without_allowed_hours(const Policy& policy, Instant from,
                                                          std::chrono::hours span) {
  std::vector<std::string> names = {std::string(other_component)};
  for (const Component& c : policy.components) names.push_back(c.name);
  std::vector<std::string> closed;
  if (policy.windows.empty()) return closed;
  for (const std::string& name : names) {
    auto timeline = deploy_timeline(policy, {name}, from, from + span);
    bool any =
        std::any_of(timeline.begin(), timeline.end(), [](const Interval& i) { return i.allowed; });
    if (!any) closed.push_back(name);
  }
  return closed;
}

}  // namespace gate
