#include "gate/components.hpp"

namespace gate {

std::string component_name(const Policy& policy, const Codeowners* codeowners,
                           const OwnersIndex* index, std::string_view path) {
  if (const Component* c = policy.component_for(path)) return c->name;
  if (!codeowners || !index || policy.size.components_from == DerivedComponents::none)
    return std::string(other_component);
  for (const OwnerRule* rule : index->match(path).rules) {
    if (rule->exclusion) continue;
    if (policy.size.components_from == DerivedComponents::sections) {
      const std::string& name = codeowners->sections.at(rule->section).name;
      if (!name.empty()) return name;
    } else {
      const auto& owners = index->owners_of(*rule);
      if (!owners.empty()) return owners.front();
    }
  }
  return std::string(other_component);
}

}  // namespace gate
