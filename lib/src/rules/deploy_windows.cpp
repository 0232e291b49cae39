#include "gate/deploy_windows.hpp"

#include <algorithm>

#include "gate/windows.hpp"

namespace gate {

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

std::vector<std::string> components_without_allowed_hours(const Policy& policy, Instant from,
                                                          std::chrono::hours span) {
  std::vector<std::string> names = {std::string(other_component)};
  for (const Component& c : policy.components) names.push_back(c.name);
  std::vector<std::string> closed;
  if (policy.windows.empty()) return closed;
  for (const std::string& name : names) {
    auto timeline =
        window_timeline(policy.windows, change_zones(policy, {name}), from, from + span);
    bool any =
        std::any_of(timeline.begin(), timeline.end(), [](const Interval& i) { return i.allowed; });
    if (!any) closed.push_back(name);
  }
  return closed;
}

}  // namespace gate
